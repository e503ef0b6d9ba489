"""Generating a cycle's lines: one ``INSERT … SELECT`` per cycle, no Python loop over people.

What is owed for a month is what is due — the amount basis times the base level in force that
month, nothing after a stop or death or during a suspension — minus what other cycles of the
commune and policy already hold for that month (paid, to be paid or returned). What remains is
one line: owed for the cycle's month, a regular line; owed for an earlier month, an arrear (a
late decision, a base level confirmed afterwards); held beyond what was due, a negative
recovery (paid after a death or stop). A returned line is not offered again by itself, nor
are the suspended months of a resumed benefit: paying those is a decision.

The window. Earlier months are those since the first cycle of the commune and policy, at most
``LOOKBACK_MONTHS`` back and never across a month that has no cycle (what happened then is
outside An Sinh). Every month of the window already has its lines, so an earlier month can only
owe something for a benefit changed since the month was last settled (``updated_at``) — or for
every benefit when a base level was added or confirmed since: only those are looked at again.
A month is settled by the generation of its own cycle and by every later generation whose
window held it (``Cycle.window_first``), so after a base level confirmed late, the next month
looks at every benefit's earlier months again and the months after it do not. A cycle made
again whose lines paid or recovered earlier months looks at every benefit's earlier months
again: other cycles' lines for those months may have been made counting its lines as held
(made again after it, July would keep paying July less the arrears September no longer
holds). A cycle made before later months counts its months as settled only by their own
lines' generation. The cycle's own month is computed for every benefit. A month's payroll thus
costs one pass over the benefits, whatever the length of the window.

Months before the window were paid outside An Sinh; a base level confirmed late for them
reaches the payroll through the arrears recorded by ``cases.arrears`` (their months before the
window), once.

Only the base levels come from Python: a small table of (parameters, month, base) computed
with ``ParameterTable`` for the commune's province, given to the statement as ``VALUES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Min, Q, QuerySet

from ansinh.cases.arrears import owed_between
from ansinh.cases.models import Arrear, Benefit
from ansinh.cases.services import add_months
from ansinh.core.bulk import sqlite_bulk_cache
from ansinh.geo.models import AdministrativeUnit
from ansinh.payroll.models import Channel, Cycle, Line, LineKind, LineStatus
from ansinh.policies.models import ParameterVersion, Policy
from ansinh.policies.parameters import ParameterTable

LOOKBACK_MONTHS = 24
# A moment before any cycle: with it, every benefit is looked at again.
EVER = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Window:
    first: date  # the earliest month looked at
    month: date  # the cycle's month
    since: datetime | None = None  # earlier months: benefits changed from then on

    def months(self) -> list[date]:
        found, month = [], self.first
        while month <= self.month:
            found.append(month)
            month = add_months(month, 1)
        return found


def window_for(cycle: Cycle, parameter_codes: set[str], *, replacing_earlier: bool = False
               ) -> Window:
    """The months ``cycle`` looks at. ``replacing_earlier``: the lines being replaced paid or
    recovered earlier months of the window (``holds_earlier_months``); every benefit's earlier
    months are then looked at again, as other cycles' lines for those months may have been
    made counting them as held."""
    others = Cycle.objects.filter(commune=cycle.commune_id, policy=cycle.policy_id,
                                  programme__isnull=True).exclude(pk=cycle.pk)
    with_cycles = set(others.filter(month__lt=cycle.month).values_list("month", flat=True))
    first, earliest = cycle.month, add_months(cycle.month, -LOOKBACK_MONTHS)
    while add_months(first, -1) in with_cycles and add_months(first, -1) >= earliest:
        first = add_months(first, -1)
    later = others.filter(month__gt=cycle.month).exists()
    if first == cycle.month and not later:
        return Window(first=first, month=cycle.month)
    if replacing_earlier:
        return Window(first=first, month=cycle.month, since=EVER)
    # The months are settled at least since their own lines were made; made before later
    # months, a cycle counts on no more. Otherwise later generations that looked at a month
    # again settled it since (``_settled_at``).
    made = others.filter(month__gte=first).aggregate(at=Min("generated_at"))["at"] or EVER
    if not later:
        made = max(made, _settled_at(others, first, cycle.month))
    changed = ParameterVersion.objects.filter(parameter__code__in=parameter_codes).filter(
        Q(created_at__gte=made) | Q(confirmed_at__gte=made)).exists()
    return Window(first=first, month=cycle.month, since=EVER if changed else made)


# A change saved just before a generation may be committed after its statement has read the
# benefits; so the months a generation settled count as settled from an hour before it, longer
# than any transaction that changes benefits or base levels.
SETTLING = timedelta(hours=1)


def _settled_at(others: QuerySet[Cycle], first: date, month: date) -> datetime:
    """The moment from which every month of ``first`` up to ``month`` (excluded) has been
    settled: for each month, the last generation whose window held it (the cycle of the month
    itself, or a later one that looked at the month again); the earliest of these, less
    ``SETTLING``.

    A generation makes every month of its window what is due for it at the time, given what
    all cycles hold for it; such a month only changes again with a benefit changed, a base
    level added or confirmed, or a cycle holding lines for it made again (which looks at every
    benefit's earlier months again: ``window_for``'s ``replacing_earlier``). So the month after
    a base level was confirmed looks at every benefit's earlier months again, and the months
    after it do not. A cycle generated before An Sinh kept the first month of its window
    (``window_first`` empty) settled its own month only.
    """
    generations = [(c_first or c_month, c_month, at) for c_month, c_first, at in
                   others.filter(month__gte=first, month__lt=month)
                   .values_list("month", "window_first", "generated_at") if at is not None]
    settled = []
    for earlier in Window(first=first, month=add_months(month, -1)).months():
        held = [at for since, until, at in generations if since <= earlier <= until]
        if not held:
            return EVER
        settled.append(max(held))
    return min(settled) - SETTLING


def holds_earlier_months(cycle: Cycle) -> bool:
    """Whether ``cycle`` has lines it computed for months before its own (arrears, recoveries;
    not the arrears recorded for months before the window)."""
    return Line.objects.filter(cycle=cycle, for_month__lt=cycle.month,
                               arrear__isnull=True).exists()


def parameters_in_use(commune: AdministrativeUnit, policy: Policy) -> list[str]:
    return list(Benefit.objects.filter(commune=commune, policy=policy, one_off=False)
                .order_by().values_list("base_parameters", flat=True).distinct())


def base_rows(commune: AdministrativeUnit, in_use: list[str], window: Window
              ) -> list[tuple[str, date, int, str]]:
    """(parameters, month, base level, "mm/yyyy") for each parameter set in use and month."""
    table = ParameterTable(codes={code for p in in_use for code in p.split("+") if code})
    province, rows = commune.province_code, []
    for parameters in in_use:
        codes = [code for code in parameters.split("+") if code]
        for month in window.months():
            base = sum(table.value(code, month, province).value for code in codes
                       if table.has(code, month, province))
            rows.append((parameters, month, base, f"{month:%m/%Y}"))
    return rows


# The statement, in SQL that SQLite and PostgreSQL both take. ``{bases}`` is a VALUES list of
# placeholders; everything else is a parameter. ``recheck`` is the condition for looking at a
# benefit's earlier months again.
_RECHECK = "(b.updated_at >= %(since)s)"
# A resumed benefit (active again from ``status_from``) leaves the months before it as they
# are: the suspended months are not owed by themselves, and what was paid before stands.
_RESUMED = "b.status = 'active' AND b.status_from IS NOT NULL AND {m} < b.status_from"
_INSERT = """
INSERT INTO payroll_line (
    cycle_id, kind, benefit_id, person_id, for_month, amount, reason, hundredths, multiplier,
    base, full_name, birth_year, address, group_name, category_code, category_label,
    restricted, channel, account_number, status, receiver, receiver_name, return_reason)
WITH bases (params, month, base, label) AS ({bases}),
due AS (
    SELECT b.id AS benefit_id, x.month AS month,
           (x.base * b.hundredths * b.multiplier + 50) / 100 AS amount,
           x.base AS base, x.label AS label{carried}
    FROM cases_benefit b JOIN bases x ON x.params = b.base_parameters
    WHERE b.commune_id = %(commune)s AND b.policy_id = %(policy)s AND b.one_off = %(false)s
      AND x.month >= b.start_month AND (b.end_month IS NULL OR x.month <= b.end_month)
      AND NOT (b.status = 'suspended' AND b.status_from IS NOT NULL
               AND b.status_from <= x.month)
      AND NOT ({resumed_before_month})
      AND (x.month = %(month)s OR {recheck})
    UNION ALL
    SELECT b.id, b.start_month, b.monthly_amount, 0, NULL{carried}
    FROM cases_benefit b
    WHERE b.commune_id = %(commune)s AND b.policy_id = %(policy)s AND b.one_off = %(true)s
      AND b.programme_id IS NULL
      AND b.start_month >= %(first)s AND b.start_month <= %(month)s
      AND (b.start_month = %(month)s OR {recheck})
),
planned AS (
    -- The month's lines in later cycles (arrears paid there, if this month is made again).
    SELECT l.benefit_id AS benefit_id, l.for_month AS month, l.amount AS amount
    FROM payroll_cycle c JOIN payroll_line l ON l.cycle_id = c.id
    WHERE c.commune_id = %(commune)s AND c.policy_id = %(policy)s
      AND c.programme_id IS NULL AND c.month > %(month)s AND l.for_month = %(month)s
    UNION ALL
    -- Every line of the window for the benefits looked at again.
    SELECT l.benefit_id, l.for_month, l.amount
    FROM cases_benefit b
    JOIN payroll_line l ON l.benefit_id = b.id
    JOIN payroll_cycle c ON c.id = l.cycle_id
    WHERE b.commune_id = %(commune)s AND b.policy_id = %(policy)s AND {recheck}
      AND c.id <> %(cycle)s AND c.programme_id IS NULL
      AND l.for_month >= %(first)s AND l.for_month <= %(month)s
      AND NOT (c.month > %(month)s AND l.for_month = %(month)s)
),
held AS (
    SELECT benefit_id, month, SUM(amount) AS amount FROM planned GROUP BY benefit_id, month
),
owed AS (
    -- Due, less what is held for the same month (usually nothing: no grouping of due rows).
{due_less_held}
    UNION ALL
    -- Held for a month that is not due at all: the conditions of ``due``, negated.
    SELECT h.benefit_id, h.month, -h.amount, h.amount, 0, NULL{carried}
    FROM held h JOIN cases_benefit b ON b.id = h.benefit_id
    WHERE h.amount <> 0 AND NOT (
        CASE WHEN b.one_off = %(true)s
             THEN b.programme_id IS NULL AND h.month = b.start_month
             ELSE (h.month >= b.start_month AND (b.end_month IS NULL OR h.month <= b.end_month)
                   AND NOT (b.status = 'suspended' AND b.status_from IS NOT NULL
                            AND b.status_from <= h.month))
                  OR ({resumed_before_held})
        END)
)
SELECT %(cycle)s,
       CASE WHEN o.amount < 0 THEN 'recovery'
            WHEN o.one_off = %(true)s THEN 'one_off'
            WHEN o.month = %(month)s THEN 'regular'
            ELSE 'arrear' END,
       o.benefit_id, p.id, o.month, o.amount,
       CASE WHEN o.amount < 0 AND p.status = 'deceased'
                THEN 'Đã chi sau khi đối tượng qua đời'
            WHEN o.amount < 0 THEN 'Đã chi khi không còn được hưởng'
            WHEN o.one_off = %(true)s OR o.month = %(month)s THEN ''
            WHEN o.planned > 0 THEN 'Truy lĩnh chênh lệch mức chuẩn tháng ' || o.label
            ELSE 'Truy lĩnh tháng ' || o.label END,
       o.hundredths, o.multiplier, COALESCE(o.base, 0),
       p.full_name, p.birth_year, h.address, COALESCE(g.name, ''), k.code,
       CASE WHEN k.restricted THEN pol.name ELSE k.name END, k.restricted,
       COALESCE(a.channel, %(cash)s), COALESCE(a.account_number, ''),
       %(planned_status)s, '', '', ''
FROM {owed_with_benefit} o
JOIN registry_person p ON p.id = o.person_id
JOIN registry_household h ON h.id = p.household_id
LEFT JOIN geo_residentialgroup g ON g.id = h.residential_group_id
JOIN policies_category k ON k.id = o.category_id
JOIN policies_policy pol ON pol.id = %(policy)s
LEFT JOIN payroll_paymentaccount a ON a.person_id = p.id
"""
# What the final SELECT takes from the benefit of each row owed. PostgreSQL carries it along
# from the first read of the benefit (``{carried}``): looking each benefit up again by its id was
# a tenth of a commune's statement. SQLite looks it up again (``{owed_with_benefit}``): its
# look-ups by rowid are cheap, and carrying the columns made it copy wider rows into the table
# it builds for ``owed``; a province's month took 12.3 to 13.9 s that way against 10.1 to 10.8 s.
_BENEFIT_COLUMNS = "b.person_id, b.category_id, b.hundredths, b.multiplier, b.one_off"
_OWED_LOOKED_UP = ("(SELECT o.*, " + _BENEFIT_COLUMNS  # noqa: S608 (fixed text only)
                   + " FROM owed o JOIN cases_benefit b ON b.id = o.benefit_id)")

# ``{due_less_held}``: each due row with what is held for its month. PostgreSQL hash-joins the
# two. SQLite, which has no hash join, builds no index for a LEFT JOIN on a CTE either: it
# scanned the held rows once per due row, nothing while they are none (the usual month) but
# about 9 s for a commune of 12,000 benefits when a base level changed and every month of the
# window is held again. Looked up from a subquery, the held rows get an automatic index
# (0.15 s). ``LIMIT -1`` keeps SQLite from flattening the subquery into the outer query, where
# it would look the held amount up again for each of the four uses of ``d.held``.
_DUE_JOINED = """
    SELECT d.benefit_id, d.month, d.amount - COALESCE(h.amount, 0) AS amount,
           COALESCE(h.amount, 0) AS planned, d.base, d.label{due_carried}
    FROM due d LEFT JOIN held h ON h.benefit_id = d.benefit_id AND h.month = d.month
    WHERE h.amount IS NULL OR h.amount <> d.amount"""
_DUE_LOOKED_UP = """
    SELECT d.benefit_id, d.month, d.amount - COALESCE(d.held, 0) AS amount,
           COALESCE(d.held, 0) AS planned, d.base, d.label{due_carried}
    FROM (SELECT due.*, (SELECT h.amount FROM held h
                         WHERE h.benefit_id = due.benefit_id AND h.month = due.month) AS held
          FROM due LIMIT -1) d
    WHERE d.held IS NULL OR d.held <> d.amount"""

# One-off programme: one line per benefit the programme's decision created.
_INSERT_PROGRAMME = """
INSERT INTO payroll_line (
    cycle_id, kind, benefit_id, person_id, for_month, amount, reason, hundredths, multiplier,
    base, full_name, birth_year, address, group_name, category_code, category_label,
    restricted, channel, account_number, status, receiver, receiver_name, return_reason)
SELECT %(cycle)s, 'one_off', b.id, p.id, b.start_month, b.monthly_amount, '', 100, 1, 0,
       p.full_name, p.birth_year, h.address, COALESCE(g.name, ''), k.code,
       CASE WHEN k.restricted THEN pol.name ELSE k.name END, k.restricted,
       COALESCE(a.channel, %(cash)s), COALESCE(a.account_number, ''),
       %(planned_status)s, '', '', ''
FROM cases_benefit b
JOIN registry_person p ON p.id = b.person_id
JOIN registry_household h ON h.id = p.household_id
LEFT JOIN geo_residentialgroup g ON g.id = h.residential_group_id
JOIN policies_category k ON k.id = b.category_id
JOIN policies_policy pol ON pol.id = b.policy_id
LEFT JOIN payroll_paymentaccount a ON a.person_id = p.id
WHERE b.programme_id = %(programme)s
"""


def insert_lines(cycle: Cycle, *, replacing_earlier: bool = False) -> int:
    """Insert the cycle's lines (the caller has deleted any earlier ones, with lines for earlier
    months if ``replacing_earlier``); returns how many."""
    params: dict[str, Any] = {
        "cycle": cycle.pk, "cash": Channel.CASH, "planned_status": LineStatus.PLANNED,
    }
    if cycle.programme_id is not None:
        with connection.cursor() as cursor:
            _jit_off(cursor)
            cursor.execute(_INSERT_PROGRAMME, {**params, "programme": cycle.programme_id})
            return cursor.rowcount
    in_use = parameters_in_use(cycle.commune, cycle.policy)
    window = window_for(cycle, {code for p in in_use for code in p.split("+") if code},
                        replacing_earlier=replacing_earlier)
    cycle.window_first = window.first  # saved with the cycle's totals
    rows = base_rows(cycle.commune, in_use, window)
    if not rows:  # no monthly benefits: a neutral row keeps the statement valid
        rows = [("", window.month, 0, "")]
    placeholders = []
    for index, row in enumerate(rows):
        names = [f"b{index}_{n}" for n in range(4)]
        params.update(zip(names, row, strict=True))
        placeholders.append("(" + ", ".join(_cast(f"%({n})s", kind) for n, kind in
                                            zip(names, ("text", "date", "bigint", "text"),
                                                strict=True)) + ")")
    # Only placeholders and fixed SQL are formatted into the statement; values are parameters.
    recheck = _RECHECK if window.since is not None else "(1 = 0)"
    sqlite = connection.vendor == "sqlite"
    sql = (_INSERT.replace("{bases}", "VALUES " + ", ".join(placeholders))
           .replace("{due_less_held}", _DUE_LOOKED_UP if sqlite else _DUE_JOINED)
           .replace("{due_carried}", "" if sqlite else ", " + _BENEFIT_COLUMNS.replace("b.", "d."))
           .replace("{carried}", "" if sqlite else ", " + _BENEFIT_COLUMNS)
           .replace("{owed_with_benefit}", _OWED_LOOKED_UP if sqlite else "owed")
           .replace("{recheck}", recheck)
           .replace("{resumed_before_month}", _RESUMED.format(m="x.month"))
           .replace("{resumed_before_held}", _RESUMED.format(m="h.month")))
    params.update(commune=cycle.commune_id, policy=cycle.policy_id, first=window.first,
                  month=window.month, since=window.since, true=True, false=False)
    with sqlite_bulk_cache(connection), connection.cursor() as cursor:
        _jit_off(cursor)
        cursor.execute(sql, params)
        inserted = cursor.rowcount
    return inserted + _insert_old_arrears(cycle, window)


def _jit_off(cursor: Any) -> None:
    """No JIT compilation for the rest of the transaction (the caller's, on PostgreSQL).

    The statement's estimated cost is over PostgreSQL's threshold for compiling it to machine
    code, but a commune's lines take a fifth of a second to write: compiling took 0.12 s of
    every 0.33 s, and a province's month 26 s instead of 17 (two communes at a time).
    """
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL jit = off")


def _cast(placeholder: str, kind: str) -> str:
    # PostgreSQL needs the types of a VALUES list given; SQLite takes them as they come.
    if connection.vendor == "postgresql":
        return f"CAST({placeholder} AS {kind})"
    return placeholder


def _insert_old_arrears(cycle: Cycle, window: Window) -> int:
    """Arrears recorded by ``cases.arrears`` for months before the window, not yet in a cycle:
    the months from the window on are the statement's own business, so a recorded arrear that
    runs into the window brings only its months before it."""
    pending = Arrear.objects.filter(
        benefit__commune=cycle.commune_id, benefit__policy=cycle.policy_id,
        status=Arrear.Status.PENDING, from_month__lt=window.first)
    if not pending.exists():  # the usual case, answered without looking at the lines
        return 0
    pending = (pending.exclude(pk__in=Line.objects.filter(arrear__isnull=False)
                               .exclude(cycle=cycle).values("arrear_id"))
               .select_related("benefit__person__household__residential_group",
                               "benefit__category", "benefit__policy", "benefit__commune",
                               "parameter_version"))
    lines = []
    for arrear in pending:
        amount = arrear.amount
        if arrear.to_month >= window.first:
            version = arrear.parameter_version
            tables = (ParameterTable(without=version.pk if version else None), ParameterTable())
            amount = owed_between(arrear.benefit, arrear.from_month,
                                  add_months(window.first, -1), tables)
        if amount > 0:
            lines.append(_arrear_line(cycle, arrear, amount))
    Line.objects.bulk_create(lines, batch_size=2000)
    return len(lines)


def _arrear_line(cycle: Cycle, arrear: Arrear, amount: int) -> Line:
    benefit = arrear.benefit
    person, category = benefit.person, benefit.category
    account = getattr(person, "payment_account", None)
    return Line(
        cycle=cycle, kind=LineKind.ARREAR, benefit=benefit, person=person, arrear=arrear,
        for_month=arrear.from_month, amount=amount, reason=arrear.reason,
        hundredths=benefit.hundredths, multiplier=benefit.multiplier,
        full_name=person.full_name, birth_year=person.birth_year,
        address=person.household.address,
        group_name=(person.household.residential_group.name
                    if person.household.residential_group else ""),
        category_code=category.code,
        category_label=benefit.policy.name if category.restricted else category.name,
        restricted=category.restricted,
        channel=account.channel if account else Channel.CASH,
        account_number=account.account_number if account else "")
