"""One month's payroll for a province: every commune's cycle generated, over the 1,000,000
synthetic persons the list bench leaves in province 01, each with a running allowance.

Beside it, in the same run:
- a bare hand-written ``INSERT … SELECT`` of the same lines (the same joins for the snapshot,
  the base level as a constant, one statement for the whole province, no window, no audit),
  into a cycle of its own and for that cycle's month;
- an ORM loop (a ``Line`` built per benefit, the base level looked up per benefit through
  ``ParameterTable``, ``bulk_create``), timed on ``ORM_SAMPLE`` benefits and scaled to all of
  them — running it over a million benefits would take the bench minutes for nothing.

The first two lines are the first month of the communes' payrolls; the third, the month after
it, where the earlier month is in the window but unchanged, so only the new month is computed.
Ours is the province's month as ``ansinh payroll generate --province`` makes it
(``cycles_generate_in``: on PostgreSQL, communes generated two at once).

The benefits and base levels date from long before the months, as on a live database: the
last line moves the months' generations back a month, and a benefit changed after a month was
settled has its months looked at again.

The fourth line is that month made again once a base level was confirmed after its window's
lines were made: every benefit's earlier month is looked at again (``generation.Window.since``),
and what is held for it looked up, with nothing owed in the end (the version confirmed again is
the one in force, so no amount changes). The last is the month after it, dated a month later:
that month settled the confirmation, so no benefit's earlier months are looked at again.

Every run, on either side, starts with the month's lines of the last run deleted, outside the
measurement: ours times generating the month, as the bare statement does, not also deleting
the lines of the draft it makes again (its cycles stay, as drafts). On PostgreSQL every run
also starts from a vacuumed and analysed lines table, and analysed cycles: each run deletes
the million lines of the last, and a server without autovacuum (as CI's may be) would leave
them all dead in the table and its indexes, and the planner believing the cycle table empty,
which a live database does not.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from ansinh.accounts.models import User
from ansinh.cases.models import Benefit, Decision
from ansinh.cases.services import add_months
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.payroll.models import Cycle, Line
from ansinh.payroll.services import _lines_delete, cycles_generate_in
from ansinh.policies.catalog import catalog_load
from ansinh.policies.models import Category, Confidence, ParameterVersion, Policy
from ansinh.policies.parameters import ParameterTable
from bench.province import province_officer, synth_province

REPEAT = 2
PERSONS = int(os.environ.get("ANSINH_BENCH_LIST_PERSONS", "1000000"))
ORM_SAMPLE = 20_000
MONTH = date(2026, 10, 1)
LONG_AGO = 100  # days before the bench: when its benefits were decided and base levels loaded


def _benefits(province: AdministrativeUnit, policy: Policy, officer: User) -> int:
    """A running K5a allowance (1,5 × base) for every person of the province, set-based."""
    if Benefit.objects.filter(policy=policy).exists():
        return Benefit.objects.filter(policy=policy).count()
    category = Category.objects.get(policy=policy, code="K5a")
    # Kept by an earlier run on a database kept between runs (its benefits were emptied).
    decision, _created = Decision.objects.get_or_create(
        commune=province, number="1/QĐ-BENCH",
        defaults={"signed_on": date(2026, 1, 5), "signer_name": "Bench", "summary": "",
                  "recorded_by": officer})
    decided = _ago(LONG_AGO)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_benefit (person_id, commune_id, policy_id, category_id, "
            "hundredths, multiplier, base_parameters, monthly_amount, one_off, start_month, "
            "status, decision_id, created_at, updated_at) "
            "SELECT p.id, p.commune_id, %s, %s, 150, 1, 'TGXH_MC', 750000, %s, %s, 'active', "
            "%s, %s, %s FROM registry_person p JOIN geo_administrativeunit u "
            "ON u.id = p.commune_id WHERE u.parent_id = %s",
            [policy.pk, category.pk, False, date(2026, 1, 1), decision.pk, decided, decided,
             province.pk])
        return cursor.rowcount


_BARE = """
INSERT INTO payroll_line (
    cycle_id, kind, benefit_id, person_id, for_month, amount, reason, hundredths, multiplier,
    base, full_name, birth_year, address, group_name, category_code, category_label,
    restricted, channel, account_number, status, receiver, receiver_name, return_reason)
SELECT %(cycle)s, 'regular', b.id, p.id, %(month)s,
       (%(base)s * b.hundredths * b.multiplier + 50) / 100, '', b.hundredths, b.multiplier,
       %(base)s, p.full_name, p.birth_year, h.address, COALESCE(g.name, ''), k.code, k.name,
       k.restricted, 'cash', '', 'planned', '', '', ''
FROM cases_benefit b
JOIN registry_person p ON p.id = b.person_id
JOIN registry_household h ON h.id = p.household_id
LEFT JOIN geo_residentialgroup g ON g.id = h.residential_group_id
JOIN policies_category k ON k.id = b.category_id
WHERE b.policy_id = %(policy)s AND b.one_off = %(false)s
"""


def cases() -> Iterator[tuple[str, Callable[[], object], str, Callable[[], object]]]:
    province = synth_province(PERSONS)  # run alone, the list bench has not left its persons
    catalog_load()
    # Loaded long before the months are generated, as on a live database (the last case moves
    # the months' generations back a month).
    ParameterVersion.objects.update(created_at=_ago(LONG_AGO))
    policy = Policy.objects.get(code="TGXH")
    officer = province_officer(province)
    benefits = _benefits(province, policy, officer)
    if connection.vendor == "postgresql":
        # Statistics for the million benefits just written, as autovacuum would gather them
        # within a minute on a live database; both sides plan with them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    communes = list(AdministrativeUnit.objects.current().filter(
        parent=province, level=UnitLevel.COMMUNE).order_by("code"))
    # A cycle of another month holds the baselines' lines, for that month, so they never
    # collide with ours: lines for our month, whatever their cycle, would be what is held for
    # it, and a base level confirmed since would make ours recover every benefit's month.
    bare_cycle, _created = Cycle.objects.get_or_create(
        commune=communes[0], policy=policy, month=date(2000, 1, 1), programme=None)
    base = ParameterTable().value("TGXH_MC", MONTH).value

    seen: list[float] = []

    def generate(month: date) -> float:
        _month_emptied(policy, month)
        _vacuum()
        start = time.perf_counter()
        done = cycles_generate_in(actor=officer, unit=province, policy=policy, month=month)
        elapsed = time.perf_counter() - start
        assert len(done.cycles) == len(communes), done.refused
        return elapsed

    def ours() -> float:
        seen.append(generate(MONTH))
        return seen[-1]

    def ours_again() -> float:
        return min(seen)  # measured above: not run a third and fourth time

    def bare() -> float:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM payroll_line WHERE cycle_id = %s", [bare_cycle.pk])
        _vacuum()
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_BARE, {"cycle": bare_cycle.pk, "month": bare_cycle.month, "base": base,
                                   "policy": policy.pk, "false": False})
        return time.perf_counter() - start

    def orm_loop() -> float:
        # Raw DELETE: the ORM's would first set findings' links to these million lines to
        # NULL with one IN list per batch, which is not what is being measured.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM payroll_line WHERE cycle_id = %s", [bare_cycle.pk])
        _vacuum()
        start = time.perf_counter()
        table = ParameterTable()
        sample = (Benefit.objects.filter(policy=policy, one_off=False)
                  .select_related("person__household__residential_group", "category",
                                  "commune")[:ORM_SAMPLE])
        lines = []
        for benefit in sample:
            person, household = benefit.person, benefit.person.household
            value = table.value("TGXH_MC", MONTH, benefit.commune.province_code).value
            lines.append(Line(
                cycle=bare_cycle, kind="regular", benefit=benefit, person=person,
                for_month=bare_cycle.month, amount=(value * benefit.hundredths + 50) // 100,
                hundredths=benefit.hundredths, base=value, full_name=person.full_name,
                birth_year=person.birth_year, address=household.address,
                group_name=(household.residential_group.name
                            if household.residential_group else ""),
                category_code=benefit.category.code, category_label=benefit.category.name))
        Line.objects.bulk_create(lines, batch_size=2000)
        return (time.perf_counter() - start) * benefits / max(len(lines), 1)

    yield (f"payroll month, {benefits:,} benefits, {len(communes)} cycles", ours,
           "bare INSERT … SELECT, one statement", bare)
    yield (f"payroll month, {benefits:,} benefits, {len(communes)} cycles", ours_again,
           f"ORM loop ({ORM_SAMPLE:,} timed, scaled)", orm_loop)

    def next_month() -> float:
        return generate(add_months(MONTH, 1))

    yield ("the month after (window of two months)", next_month,
           "bare INSERT … SELECT, one statement", bare)

    in_force = (ParameterVersion.objects.filter(parameter__code="TGXH_MC", province=None,
                                                value=base)
                .exclude(confidence=Confidence.PENDING).get())

    def after_confirmation() -> float:
        ParameterVersion.objects.filter(pk=in_force.pk).update(confirmed_at=timezone.now())
        elapsed = generate(add_months(MONTH, 1))
        _one_line_per_benefit(policy, add_months(MONTH, 1), benefits)
        return elapsed

    yield ("  again, a base level confirmed since", after_confirmation,
           "bare INSERT … SELECT, one statement", bare)

    following = add_months(MONTH, 2)

    def a_month_later() -> float:
        _a_month_passed(policy, in_force)
        _month_emptied(policy, following)
        Cycle.objects.filter(policy=policy, month=following).delete()  # made for the first time
        elapsed = generate(following)
        _one_line_per_benefit(policy, following, benefits)
        return elapsed

    yield ("  the month after that, a month later", a_month_later,
           "bare INSERT … SELECT, one statement", bare)


def _one_line_per_benefit(policy: Policy, month: date, benefits: int) -> None:
    """Nothing owed for the months before, nothing recovered: one line per benefit."""
    made = Line.objects.filter(cycle__policy=policy, cycle__month=month).count()
    assert made == benefits, f"{made:,} lines for {benefits:,} benefits"


def _ago(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


def _a_month_passed(policy: Policy, confirmed: ParameterVersion) -> None:
    """The dates as they would be a month later: the month made again after the confirmation
    generated a month ago, the confirmation a day before it, the bench's first month two months
    ago (the base levels and benefits date from long before)."""
    cycles = Cycle.objects.filter(policy=policy)
    cycles.filter(month=MONTH).update(generated_at=_ago(61))
    cycles.filter(month=add_months(MONTH, 1)).update(generated_at=_ago(31))
    ParameterVersion.objects.filter(pk=confirmed.pk).update(confirmed_at=_ago(32))


def _month_emptied(policy: Policy, month: date) -> None:
    """The month's lines of the last run removed, outside the measurement as the baselines'
    are: a run times generating the month's lines, not deleting the ones before them, which
    making a draft again also does (its cycles stay, as drafts). Deleted as making a draft
    again deletes them (``services._lines_delete``: findings let go of them first)."""
    with transaction.atomic():
        for cycle in Cycle.objects.filter(policy=policy, month=month):
            _lines_delete(cycle)


def _vacuum() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE payroll_line")
            cursor.execute("ANALYZE payroll_cycle")
