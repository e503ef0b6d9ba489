"""Generating cycles: amounts month by month around base-level changes, arrears, recoveries,
deaths, regeneration, refusal once approved, and one cycle however many generations race."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ansinh.core.errors import DomainError, PermissionDenied
from ansinh.payroll.models import Cycle, Line, LineKind
from ansinh.payroll.services import cycle_approve, cycle_generate
from ansinh.policies.models import Policy


def _generate(officer, commune, month, policy="TGXH"):
    return cycle_generate(actor=officer, commune=commune,
                          policy=Policy.objects.get(code=policy), month=month)


def _lines(cycle):
    return sorted((line.kind, line.for_month, line.amount)
                  for line in Line.objects.filter(cycle=cycle))


def test_a_first_cycle_pays_each_benefit_its_amount_for_the_month(
        catalog, geo, officers, make_person, make_benefit):
    officer, _leader = officers
    disabled = make_person(born=date(1980, 6, 1), disability="severe", commune=geo.commune_c,
                           name="Lê Thị Hoa")
    make_benefit(disabled, "K6", start=date(2024, 1, 1), hundredths=150)
    cycle = _generate(officer, geo.commune_c, date(2024, 6, 1))
    assert _lines(cycle) == [(LineKind.REGULAR, date(2024, 6, 1), 540_000)]  # 1,5 × 360.000
    [line] = cycle.lines.all()
    assert (line.full_name, line.birth_year, line.category_code, line.base) == (
        "Lê Thị Hoa", 1980, "K6", 360_000)
    assert (cycle.lines_count, cycle.persons, cycle.total) == (1, 1, 540_000)


MONTHS_AND_BASES = [  # base levels in force (Decree 20/2021, Decree 76/2024)
    (date(2024, 6, 1), 360_000),
    (date(2024, 7, 1), 500_000),
    (date(2026, 6, 1), 500_000),
    (date(2026, 7, 1), 500_000),  # 540.000 from 1/7/2026 is still pending confirmation
]


@pytest.fixture
def every_band(catalog, geo, make_person, make_benefit):
    """One beneficiary per social-assistance category and coefficient band."""
    from ansinh.policies.models import Coefficient

    bands = list(Coefficient.objects.filter(category__policy__code="TGXH")
                 .select_related("category"))
    for index, band in enumerate(bands):
        person = make_person(born=date(1950, 1, 1), commune=geo.commune_c,
                             name=f"Người hưởng {index}")
        make_benefit(person, band.category.code, start=date(2024, 1, 1),
                     hundredths=int(band.value * 100))
    return {int(band.value * 100) for band in bands}


@pytest.mark.parametrize(("month", "base"), MONTHS_AND_BASES)
def test_every_coefficient_pays_its_share_of_the_base_level_of_the_month(
        every_band, geo, officers, month, base):
    officer, _leader = officers
    cycle = _generate(officer, geo.commune_c, month)
    regular = Line.objects.filter(cycle=cycle, kind=LineKind.REGULAR)
    assert regular.count() == cycle.persons > 0
    for line in regular:
        assert line.base == base
        assert line.amount == (base * line.hundredths + 50) // 100, line.category_code
    assert {line.hundredths for line in regular} == every_band


def test_a_confirmed_base_level_changes_a_draft_when_regenerated(
        catalog, geo, officers, make_person, make_benefit):

    officer, _leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150)
    cycle = _generate(officer, geo.commune_c, date(2026, 7, 1))
    assert _lines(cycle) == [(LineKind.REGULAR, date(2026, 7, 1), 750_000)]
    _confirm_540()
    cycle = _generate(officer, geo.commune_c, date(2026, 7, 1))
    assert _lines(cycle) == [(LineKind.REGULAR, date(2026, 7, 1), 810_000)]
    assert Cycle.objects.count() == 1


def _confirm_540():
    """What ``parameter_version_confirm`` records (its hooks are called by hand here)."""
    from django.utils import timezone

    from ansinh.policies.models import ParameterVersion

    version = ParameterVersion.objects.get(parameter__code="TGXH_MC", value=540_000)
    version.confidence, version.confirmed_at = "verified", timezone.now()
    version.save()
    return version


def _approved(officer, leader, commune, month):
    cycle = _generate(officer, commune, month)
    return cycle_approve(actor=leader, cycle=cycle)


def test_a_late_decision_is_paid_its_months_as_arrears(
        catalog, geo, officers, make_person, make_benefit):
    officer, leader = officers
    first = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    make_benefit(first, "K5a", start=date(2026, 1, 1), hundredths=150)
    _approved(officer, leader, geo.commune_c, date(2026, 3, 1))
    _approved(officer, leader, geo.commune_c, date(2026, 4, 1))
    # Decided in May, entitled from March: March and April are owed.
    late = make_person(born=date(1980, 6, 1), disability="severe", commune=geo.commune_c)
    make_benefit(late, "K6", start=date(2026, 3, 1), hundredths=150)
    may = _generate(officer, geo.commune_c, date(2026, 5, 1))
    owed = sorted((line.kind, line.for_month, line.amount, line.reason)
                  for line in may.lines.filter(person=late))
    assert owed == [
        (LineKind.ARREAR, date(2026, 3, 1), 750_000, "Truy lĩnh tháng 03/2026"),
        (LineKind.ARREAR, date(2026, 4, 1), 750_000, "Truy lĩnh tháng 04/2026"),
        (LineKind.REGULAR, date(2026, 5, 1), 750_000, ""),
    ]
    # The one already paid gets May only.
    assert _lines(may).count((LineKind.REGULAR, date(2026, 5, 1), 750_000)) == 2
    assert may.lines.filter(person=first).count() == 1


def test_a_base_level_confirmed_afterwards_owes_the_difference_for_months_paid(
        catalog, geo, officers, make_person, make_benefit):

    officer, leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150)
    for month in (date(2026, 6, 1), date(2026, 7, 1), date(2026, 8, 1)):
        _approved(officer, leader, geo.commune_c, month)
    _confirm_540()
    september = _generate(officer, geo.commune_c, date(2026, 9, 1))
    assert sorted((line.kind, line.for_month, line.amount, line.reason)
                  for line in september.lines.all()) == [
        (LineKind.ARREAR, date(2026, 7, 1), 60_000,
         "Truy lĩnh chênh lệch mức chuẩn tháng 07/2026"),
        (LineKind.ARREAR, date(2026, 8, 1), 60_000,
         "Truy lĩnh chênh lệch mức chuẩn tháng 08/2026"),
        (LineKind.REGULAR, date(2026, 9, 1), 810_000, ""),
    ]


def test_months_paid_after_a_death_are_recovered_and_nothing_more_is_paid(
        catalog, geo, officers, make_person, make_benefit):
    from ansinh.registry.services import person_record_death

    officer, leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c, name="Phan Văn Lộc")
    make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150)
    for month in (date(2026, 8, 1), date(2026, 9, 1)):
        _approved(officer, leader, geo.commune_c, month)
    # Died on 12 August: August is paid in full, September was paid and is not due.
    person_record_death(actor=officer, person=person, died_on=date(2026, 8, 12))
    october = _generate(officer, geo.commune_c, date(2026, 10, 1))
    assert [(line.kind, line.for_month, line.amount, line.reason)
            for line in october.lines.all()] == [
        (LineKind.RECOVERY, date(2026, 9, 1), -750_000, "Đã chi sau khi đối tượng qua đời")]
    assert october.total == -750_000


def test_no_line_while_a_benefit_is_suspended(
        catalog, geo, officers, make_person, make_benefit):
    officer, _leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150, status="suspended",
                 status_from=date(2026, 5, 1))
    assert _lines(_generate(officer, geo.commune_c, date(2026, 4, 1))) == [
        (LineKind.REGULAR, date(2026, 4, 1), 750_000)]
    assert _lines(_generate(officer, geo.commune_c, date(2026, 5, 1))) == []


def test_regenerating_a_draft_replaces_it_and_an_approved_cycle_keeps_its_snapshot(
        catalog, geo, officers, make_person, make_benefit):
    officer, leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c, name="Trần Thị Bé")
    make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150)
    first = _generate(officer, geo.commune_c, date(2026, 10, 1))
    again = _generate(officer, geo.commune_c, date(2026, 10, 1))
    assert first.pk == again.pk and Line.objects.count() == 1
    person.full_name = "Trần Thị Bích"
    person.save()
    again = _generate(officer, geo.commune_c, date(2026, 10, 1))
    assert Line.objects.get().full_name == "Trần Thị Bích"
    cycle_approve(actor=leader, cycle=again)
    with pytest.raises(DomainError, match="đã được duyệt"):
        _generate(officer, geo.commune_c, date(2026, 10, 1))
    person.full_name = "Trần Thị Bông"
    person.save()
    assert Line.objects.get().full_name == "Trần Thị Bích"


def test_who_generated_a_cycle_cannot_approve_it(
        catalog, geo, officers, make_person, make_benefit):
    officer, leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150)
    cycle = _generate(leader, geo.commune_c, date(2026, 10, 1))
    with pytest.raises(PermissionDenied, match="không được tự duyệt"):
        cycle_approve(actor=leader, cycle=cycle)
    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo"):
        cycle_approve(actor=officer, cycle=cycle)
    cycle.refresh_from_db()
    assert cycle.is_draft


def test_a_one_off_benefit_is_paid_once_in_its_policys_cycle(
        catalog, geo, officers, make_person, make_benefit):
    officer, leader = officers
    person = make_person(born=date(1936, 3, 1), commune=geo.commune_c)
    make_benefit(person, "MT", policy="MAITANG", start=date(2026, 9, 1), hundredths=100,
                 one_off_amount=10_000_000)
    september = _generate(officer, geo.commune_c, date(2026, 9, 1), policy="MAITANG")
    assert _lines(september) == [(LineKind.ONE_OFF, date(2026, 9, 1), 10_000_000)]
    cycle_approve(actor=leader, cycle=september)
    october = _generate(officer, geo.commune_c, date(2026, 10, 1), policy="MAITANG")
    assert _lines(october) == []


@pytest.mark.django_db(transaction=True)
def test_two_generations_at_once_leave_one_cycle(
        catalog, geo, officers, make_person, make_benefit):
    """Run on each database of the suite: PostgreSQL row locks, SQLite's single writer."""
    import threading

    from django.db import connection

    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
            ("file:memorydb", ":memory:")):
        pytest.skip("an in-memory SQLite test database is not shared between threads; "
                    "the PostgreSQL suite runs this test")
    officer, _leader = officers
    for index in range(30):
        person = make_person(born=date(1950, 1, 1), commune=geo.commune_c, name=f"Người {index}")
        make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150)
    barrier, errors = threading.Barrier(2), []

    def generate() -> None:
        try:
            barrier.wait()
            _generate(officer, geo.commune_c, date(2026, 10, 1))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=generate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Cycle.objects.count() == 1
    assert Line.objects.count() == 30


def test_the_database_refuses_a_second_cycle_of_the_same_month(catalog, geo):
    from django.db import IntegrityError, transaction

    policy = Policy.objects.get(code="TGXH")
    Cycle.objects.create(commune=geo.commune_c, policy=policy, month=date(2026, 10, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Cycle.objects.create(commune=geo.commune_c, policy=policy, month=date(2026, 10, 1))
    assert Cycle.objects.count() == 1


def test_a_benefit_or_person_with_lines_cannot_be_deleted(
        catalog, geo, officers, make_person, make_benefit):
    # The lines' benefit and person are not foreign keys in the database (checking them row by
    # row cost PostgreSQL more than writing the lines): Django's PROTECT is what refuses.
    from django.db.models import ProtectedError

    officer, _leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    benefit = make_benefit(person, "K6", start=date(2024, 1, 1), hundredths=150)
    cycle = _generate(officer, geo.commune_c, date(2024, 6, 1))
    [line] = cycle.lines.all()
    assert (line.benefit_id, line.person_id) == (benefit.pk, person.pk)

    for record in (benefit, person):
        with pytest.raises(ProtectedError) as refused:
            record.delete()
        assert line in refused.value.protected_objects
    assert Line.objects.filter(pk=line.pk, benefit=benefit, person=person).exists()


def test_a_cycles_lines_go_with_it_though_no_reference_of_a_line_is_checked_by_the_database(
        catalog, geo, officers, make_person, make_benefit):
    # A month writes a line per beneficiary: the database checks none of its references and
    # indexes its person only through the benefit (``Line``'s comment says why).
    from ansinh.core.testing import table_indexes

    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Line._meta.db_table)
    assert [name for name, info in found.items() if info["foreign_key"]] == []
    assert sorted(columns for columns, _unique in table_indexes(Line).values()) == [
        ["arrear_id"], ["benefit_id", "for_month"], ["cycle_id", "benefit_id", "for_month"]]

    officer, _leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    make_benefit(person, "K6", start=date(2024, 1, 1), hundredths=150)
    kept = _generate(officer, geo.commune_c, date(2024, 6, 1))
    cycle = _generate(officer, geo.commune_c, date(2024, 7, 1))
    assert Line.objects.filter(cycle=cycle).count() == 1
    cycle.delete()  # Django deletes the lines first
    assert list(Line.objects.values_list("cycle_id", flat=True)) == [kept.pk]


def test_postgresql_writes_a_cycle_without_compiling_the_statement(
        catalog, geo, officers, make_person, make_benefit):
    # Compiling the statement to machine code took longer than running it for a commune.
    officer, _leader = officers
    make_benefit(make_person(born=date(1950, 1, 1), commune=geo.commune_c), "K6",
                 start=date(2024, 1, 1), hundredths=150)
    with CaptureQueriesContext(connection) as generating:
        cycle = _generate(officer, geo.commune_c, date(2024, 6, 1))
    statements = [query["sql"].strip() for query in generating.captured_queries]
    insert = next(i for i, sql in enumerate(statements)
                  if sql.startswith("INSERT INTO payroll_line"))
    if connection.vendor == "postgresql":
        assert statements[insert - 1] == "SET LOCAL jit = off"
    else:
        assert not any(sql.startswith("SET") for sql in statements)
    assert cycle.lines.count() == 1


def test_arrears_recorded_for_months_before_the_first_payroll_are_paid_once(
        catalog, geo, officers, make_person, make_benefit):
    from ansinh.cases.arrears import arrears_for_version

    officer, leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150)
    _approved(officer, leader, geo.commune_c, date(2026, 9, 1))  # An Sinh's first payroll
    version = _confirm_540()
    assert arrears_for_version(version) == 1  # July–October recorded at confirmation
    october = _approved(officer, leader, geo.commune_c, date(2026, 10, 1))
    assert sorted((line.kind, line.for_month, line.amount) for line in october.lines.all()) == [
        # July and August, paid outside An Sinh at 750.000: the recorded arrear, clipped.
        (LineKind.ARREAR, date(2026, 7, 1), 2 * 60_000),
        # September, paid by An Sinh at 750.000: the statement's own difference.
        (LineKind.ARREAR, date(2026, 9, 1), 60_000),
        (LineKind.REGULAR, date(2026, 10, 1), 810_000),
    ]
    november = _generate(officer, geo.commune_c, date(2026, 11, 1))
    assert _lines(november) == [(LineKind.REGULAR, date(2026, 11, 1), 810_000)]


def test_a_returned_line_is_not_offered_again_by_itself(
        catalog, geo, officers, make_person, make_benefit):
    from ansinh.payroll.services import lines_mark_returned

    officer, leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150)
    october = _approved(officer, leader, geo.commune_c, date(2026, 10, 1))
    lines_mark_returned(actor=officer, cycle=october, line_ids=[october.lines.get().pk],
                        reason="Không đến nhận")
    november = _generate(officer, geo.commune_c, date(2026, 11, 1))
    assert _lines(november) == [(LineKind.REGULAR, date(2026, 11, 1), 750_000)]


def test_the_window_does_not_reach_across_a_month_without_a_cycle(
        catalog, geo, officers, make_person, make_benefit):
    officer, leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150)
    _approved(officer, leader, geo.commune_c, date(2026, 6, 1))
    # July was paid outside An Sinh; August and September inside.
    _approved(officer, leader, geo.commune_c, date(2026, 8, 1))
    _approved(officer, leader, geo.commune_c, date(2026, 9, 1))
    late = make_person(born=date(1980, 6, 1), disability="severe", commune=geo.commune_c)
    make_benefit(late, "K6", start=date(2026, 5, 1), hundredths=150)
    october = _generate(officer, geo.commune_c, date(2026, 10, 1))
    assert sorted((line.kind, line.for_month) for line in october.lines.filter(person=late)) == [
        (LineKind.ARREAR, date(2026, 8, 1)), (LineKind.ARREAR, date(2026, 9, 1)),
        (LineKind.REGULAR, date(2026, 10, 1))]
    assert _lines(october).count((LineKind.REGULAR, date(2026, 10, 1), 750_000)) == 2
    assert october.lines.count() == 4


def test_a_resumed_benefit_owes_nothing_for_its_suspended_months_by_itself(
        catalog, geo, officers, make_person, make_benefit):
    officer, leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    benefit = make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150)
    for month in (date(2026, 6, 1), date(2026, 7, 1)):
        _approved(officer, leader, geo.commune_c, month)
    benefit.status, benefit.status_from = "suspended", date(2026, 8, 1)
    benefit.save()
    # Nothing to pay, nothing to approve: the months still have their (empty) cycles.
    assert _lines(_generate(officer, geo.commune_c, date(2026, 8, 1))) == []
    assert _lines(_generate(officer, geo.commune_c, date(2026, 9, 1))) == []
    benefit.status, benefit.status_from = "active", date(2026, 10, 1)  # resumed from October
    benefit.save()
    october = _generate(officer, geo.commune_c, date(2026, 10, 1))
    # Neither August and September as arrears nor June and July as recoveries.
    assert _lines(october) == [(LineKind.REGULAR, date(2026, 10, 1), 750_000)]


def test_held_months_are_looked_up_by_key_not_scanned_for_each_month_due(
        catalog, geo, officers, make_person, make_benefit):
    """A base level confirmed late has every month of the window held again: a scan of the
    held rows per due row took 9 s for a commune of 12,000 benefits on SQLite."""
    officer, leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150)
    for month in (date(2026, 6, 1), date(2026, 7, 1)):
        _approved(officer, leader, geo.commune_c, month)
    _confirm_540()
    with CaptureQueriesContext(connection) as queries:
        august = _generate(officer, geo.commune_c, date(2026, 8, 1))
    assert (LineKind.ARREAR, date(2026, 7, 1), 60_000) in _lines(august)  # held, rechecked
    statement = next(q["sql"] for q in queries if "INSERT INTO payroll_line" in q["sql"])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + statement)
            steps = [row[3] for row in cursor.fetchall()]
            assert "SEARCH h USING AUTOMATIC COVERING INDEX (benefit_id=? AND month=?)" in steps
            assert not [step for step in steps if step.startswith("SCAN h LEFT-JOIN")]
        else:
            cursor.execute("EXPLAIN " + statement)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            # Joined (hashed once the rows are many), not a subquery run for each row due.
            assert "CTE Scan on held" in plan
            assert "SubPlan" not in plan


def _days_ago(days):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(days=days)


def _dated(*, cycles, version=None, confirmed=None, benefits=None):
    """Back-date what the window looks at: ``cycles`` {cycle: days ago generated}, the base
    levels (all loaded 40 days ago, ``version`` confirmed ``confirmed`` days ago), and every
    benefit's last change (``benefits`` days ago)."""
    from ansinh.cases.models import Benefit
    from ansinh.policies.models import ParameterVersion

    for cycle, days in cycles.items():
        Cycle.objects.filter(pk=cycle.pk).update(generated_at=_days_ago(days))
    ParameterVersion.objects.update(created_at=_days_ago(40))
    if version is not None:
        ParameterVersion.objects.filter(pk=version.pk).update(confirmed_at=_days_ago(confirmed))
    if benefits is not None:
        Benefit.objects.update(updated_at=_days_ago(benefits))


def test_the_month_after_a_base_level_was_settled_looks_again_only_at_what_changed_since(
        catalog, geo, officers, make_person, make_benefit):
    """A base level confirmed late has the next month look at every benefit's earlier months
    again; the months after it only at the benefits changed since (a province's month would
    otherwise look at two years of lines again, every month, for two years)."""
    from ansinh.payroll.generation import SETTLING, window_for

    officer, leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150)
    early = [_approved(officer, leader, geo.commune_c, date(2026, month, 1))
             for month in (6, 7, 8)]
    version = _confirm_540()
    september = _approved(officer, leader, geo.commune_c, date(2026, 9, 1))
    assert (LineKind.ARREAR, date(2026, 8, 1), 60_000) in _lines(september)
    _dated(cycles={**{cycle: 30 for cycle in early}, september: 10}, version=version,
           confirmed=20, benefits=40)

    october = Cycle(commune=geo.commune_c, policy=september.policy, month=date(2026, 10, 1))
    window = window_for(october, {"TGXH_MC"})
    september.refresh_from_db()
    assert window.first == date(2026, 6, 1)
    assert window.since == september.generated_at - SETTLING  # not every benefit again

    # Decided now, entitled from July: still looked at, its months owed.
    late = make_person(born=date(1980, 6, 1), disability="severe", commune=geo.commune_c)
    make_benefit(late, "K6", start=date(2026, 7, 1), hundredths=150)
    october = _generate(officer, geo.commune_c, date(2026, 10, 1))
    assert _lines(october) == [
        (LineKind.ARREAR, date(2026, 7, 1), 810_000), (LineKind.ARREAR, date(2026, 8, 1), 810_000),
        (LineKind.ARREAR, date(2026, 9, 1), 810_000),
        (LineKind.REGULAR, date(2026, 10, 1), 810_000), (LineKind.REGULAR, date(2026, 10, 1),
                                                        810_000)]
    assert october.window_first == date(2026, 6, 1)


def test_a_cycle_made_again_looks_again_at_the_months_its_old_lines_held(
        catalog, geo, officers, make_person, make_benefit):
    """September's arrears for July and August were what August, made again after it,
    counted as held: made again, September must owe them again, though a generation since
    (August's, a month in which nothing changed since) settled those months."""
    officer, leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150)
    early = [_approved(officer, leader, geo.commune_c, date(2026, month, 1))
             for month in (6, 7)]
    _generate(officer, geo.commune_c, date(2026, 8, 1))  # a draft
    version = _confirm_540()
    september = _generate(officer, geo.commune_c, date(2026, 9, 1))
    august = _generate(officer, geo.commune_c, date(2026, 8, 1))  # made again, September held
    assert _lines(august) == [(LineKind.REGULAR, date(2026, 8, 1), 750_000)]
    _dated(cycles={**{cycle: 30 for cycle in early}, september: 10, august: 5},
           version=version, confirmed=20, benefits=40)

    september = _generate(officer, geo.commune_c, date(2026, 9, 1))
    assert _lines(september) == [
        (LineKind.ARREAR, date(2026, 7, 1), 60_000), (LineKind.ARREAR, date(2026, 8, 1), 60_000),
        (LineKind.REGULAR, date(2026, 9, 1), 810_000)]


def test_a_cycle_generated_before_windows_were_kept_settled_only_its_own_month(
        catalog, geo, officers, make_person, make_benefit):
    from ansinh.payroll.generation import EVER, window_for

    officer, leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150)
    june, july = (_approved(officer, leader, geo.commune_c, date(2026, month, 1))
                  for month in (6, 7))
    version = _confirm_540()
    _dated(cycles={june: 30, july: 10}, version=version, confirmed=20, benefits=40)
    august = Cycle(commune=geo.commune_c, policy=july.policy, month=date(2026, 8, 1))
    assert window_for(august, {"TGXH_MC"}).since != EVER  # July's window held June
    Cycle.objects.filter(pk=july.pk).update(window_first=None)
    assert window_for(august, {"TGXH_MC"}).since == EVER  # June settled 30 days ago only


def test_months_made_again_while_a_later_cycle_paid_their_arrears_are_owed_them_when_it_is(
        catalog, geo, officers, make_person, make_benefit):
    """July and August, made again after the base level was confirmed, pay what is due less
    September's arrears for them; September made again then deletes those arrears, and must
    owe them again, though every month of its window was made after the confirmation."""
    from django.db.models import Sum

    officer, _leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150)
    for month in (6, 7, 8):
        _generate(officer, geo.commune_c, date(2026, month, 1))  # drafts
    version = _confirm_540()
    september = _generate(officer, geo.commune_c, date(2026, 9, 1))
    again = [_generate(officer, geo.commune_c, date(2026, month, 1)) for month in (6, 7, 8)]
    assert _lines(again[-1]) == [(LineKind.REGULAR, date(2026, 8, 1), 750_000)]  # 60.000 held
    _dated(cycles={september: 15, **{cycle: 5 for cycle in again}}, version=version,
           confirmed=20, benefits=40)
    september = _generate(officer, geo.commune_c, date(2026, 9, 1))
    assert _lines(september) == [
        (LineKind.ARREAR, date(2026, 7, 1), 60_000), (LineKind.ARREAR, date(2026, 8, 1), 60_000),
        (LineKind.REGULAR, date(2026, 9, 1), 810_000)]
    paid = dict(Line.objects.values_list("for_month").annotate(total=Sum("amount")))
    assert paid == {date(2026, 6, 1): 750_000, date(2026, 7, 1): 810_000,
                    date(2026, 8, 1): 810_000, date(2026, 9, 1): 810_000}


def test_months_generated_one_after_another_look_at_nothing_again(
        catalog, geo, officers, make_person, make_benefit):
    """Catching up on months right after the benefits were recorded: each month's earlier
    months are settled since the first of them was made, not an hour before the last."""
    from ansinh.payroll.generation import window_for

    officer, _leader = officers
    person = make_person(born=date(1950, 1, 1), commune=geo.commune_c)
    make_benefit(person, "K5a", start=date(2026, 1, 1), hundredths=150)
    june, july = (_generate(officer, geo.commune_c, date(2026, month, 1)) for month in (6, 7))
    august = Cycle(commune=geo.commune_c, policy=july.policy, month=date(2026, 8, 1))
    assert window_for(august, {"TGXH_MC"}).since == june.generated_at
