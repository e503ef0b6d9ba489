"""Generating a cycle's lines: one ``INSERT … SELECT`` per cycle, no Python loop over people.

For every benefit of the cycle's commune and policy and every month of the window (from the
first cycle of that commune and policy, at most ``LOOKBACK_MONTHS`` back, to the cycle's
month), the statement sets what is due — the amount basis times the base level in force that
month, nothing after a stop or death or during a suspension — against what other cycles have
already planned or paid for that month (lines not returned). What remains is one line:

- owed for the cycle's month: a regular line;
- owed for an earlier month: an arrear (a late decision, a base level confirmed afterwards);
- paid beyond what was due: a recovery, negative (paid after a death or stop).

Months before the first cycle in An Sinh were paid outside it and are not looked at; a base
level confirmed late for those months reaches the payroll through the arrears recorded by
``cases.arrears`` (their months before the window), once.

Only the base levels come from Python: a small table of (parameters, month, base) computed
with ``ParameterTable`` for the commune's province, given to the statement as ``VALUES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection

from ansinh.cases.arrears import owed_between
from ansinh.cases.models import Arrear, Benefit
from ansinh.cases.services import add_months
from ansinh.geo.models import AdministrativeUnit
from ansinh.payroll.models import Channel, Cycle, Line, LineKind, LineStatus
from ansinh.policies.models import Policy
from ansinh.policies.parameters import ParameterTable

LOOKBACK_MONTHS = 24


@dataclass(frozen=True)
class Window:
    first: date  # the earliest month looked at
    month: date  # the cycle's month

    def months(self) -> list[date]:
        found, month = [], self.first
        while month <= self.month:
            found.append(month)
            month = add_months(month, 1)
        return found


def window_for(cycle: Cycle) -> Window:
    """From the first cycle of this commune and policy (this one, if it is the first)."""
    first = (Cycle.objects.filter(commune=cycle.commune_id, policy=cycle.policy_id,
                                  programme__isnull=True)
             .order_by("month").values_list("month", flat=True).first()) or cycle.month
    return Window(first=max(first, add_months(cycle.month, -LOOKBACK_MONTHS)),
                  month=cycle.month)


def base_rows(commune: AdministrativeUnit, policy: Policy, window: Window
              ) -> list[tuple[str, date, int, str]]:
    """(parameters, month, base level, "mm/yyyy") for each parameter set in use and month."""
    in_use = (Benefit.objects.filter(commune=commune, policy=policy, one_off=False)
              .order_by().values_list("base_parameters", flat=True).distinct())
    table, province = ParameterTable(), commune.province_code
    rows = []
    for parameters in in_use:
        codes = [code for code in parameters.split("+") if code]
        for month in window.months():
            base = sum(table.value(code, month, province).value for code in codes
                       if table.has(code, month, province))
            rows.append((parameters, month, base, f"{month:%m/%Y}"))
    return rows


# The statement, in SQL that SQLite and PostgreSQL both take. ``{bases}`` is a VALUES list of
# placeholders; everything else is a parameter.
_INSERT = """
INSERT INTO payroll_line (
    cycle_id, kind, benefit_id, person_id, for_month, amount, reason, hundredths, multiplier,
    base, full_name, birth_year, address, group_name, category_code, category_label,
    restricted, channel, account_number, status, receiver, receiver_name, return_reason)
WITH bases (params, month, base, label) AS ({bases}),
due AS (
    SELECT b.id AS benefit_id, x.month AS month,
           (x.base * b.hundredths * b.multiplier + 50) / 100 AS amount,
           x.base AS base, x.label AS label
    FROM cases_benefit b JOIN bases x ON x.params = b.base_parameters
    WHERE b.commune_id = %(commune)s AND b.policy_id = %(policy)s AND b.one_off = %(false)s
      AND x.month >= b.start_month AND (b.end_month IS NULL OR x.month <= b.end_month)
      AND NOT (b.status = 'suspended' AND b.status_from IS NOT NULL
               AND b.status_from <= x.month)
    UNION ALL
    SELECT b.id, b.start_month, b.monthly_amount, 0, NULL
    FROM cases_benefit b
    WHERE b.commune_id = %(commune)s AND b.policy_id = %(policy)s AND b.one_off = %(true)s
      AND b.programme_id IS NULL
      AND b.start_month >= %(first)s AND b.start_month <= %(month)s
),
planned AS (
    SELECT l.benefit_id AS benefit_id, l.for_month AS month, l.amount AS amount
    FROM payroll_line l JOIN payroll_cycle c ON c.id = l.cycle_id
    WHERE c.commune_id = %(commune)s AND c.policy_id = %(policy)s AND c.id <> %(cycle)s
      AND c.programme_id IS NULL AND l.status <> 'returned'
      AND l.for_month >= %(first)s AND l.for_month <= %(month)s
),
owed AS (
    SELECT benefit_id, month, SUM(due) - SUM(planned) AS amount, SUM(planned) AS planned,
           MAX(base) AS base, MAX(label) AS label
    FROM (
        SELECT benefit_id, month, amount AS due, 0 AS planned, base, label FROM due
        UNION ALL
        SELECT benefit_id, month, 0, amount, 0, NULL FROM planned
    ) AS money
    GROUP BY benefit_id, month
    HAVING SUM(due) <> SUM(planned)
)
SELECT %(cycle)s,
       CASE WHEN o.amount < 0 THEN 'recovery'
            WHEN b.one_off = %(true)s THEN 'one_off'
            WHEN o.month = %(month)s THEN 'regular'
            ELSE 'arrear' END,
       b.id, p.id, o.month, o.amount,
       CASE WHEN o.amount < 0 AND p.status = 'deceased'
                THEN 'Đã chi sau khi đối tượng qua đời'
            WHEN o.amount < 0 THEN 'Đã chi khi không còn được hưởng'
            WHEN b.one_off = %(true)s OR o.month = %(month)s THEN ''
            WHEN o.planned > 0 THEN 'Truy lĩnh chênh lệch mức chuẩn tháng ' || o.label
            ELSE 'Truy lĩnh tháng ' || o.label END,
       b.hundredths, b.multiplier, COALESCE(o.base, 0),
       p.full_name, p.birth_year, h.address, COALESCE(g.name, ''), k.code,
       CASE WHEN k.restricted THEN pol.name ELSE k.name END, k.restricted,
       COALESCE(a.channel, %(cash)s), COALESCE(a.account_number, ''),
       %(planned_status)s, '', '', ''
FROM owed o
JOIN cases_benefit b ON b.id = o.benefit_id
JOIN registry_person p ON p.id = b.person_id
JOIN registry_household h ON h.id = p.household_id
LEFT JOIN geo_residentialgroup g ON g.id = h.residential_group_id
JOIN policies_category k ON k.id = b.category_id
JOIN policies_policy pol ON pol.id = b.policy_id
LEFT JOIN payroll_paymentaccount a ON a.person_id = p.id
"""

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


def insert_lines(cycle: Cycle) -> int:
    """Insert the cycle's lines (the caller has deleted any earlier ones); returns how many."""
    params: dict[str, Any] = {
        "cycle": cycle.pk, "cash": Channel.CASH, "planned_status": LineStatus.PLANNED,
    }
    if cycle.programme_id is not None:
        with connection.cursor() as cursor:
            cursor.execute(_INSERT_PROGRAMME, {**params, "programme": cycle.programme_id})
            return cursor.rowcount
    window = window_for(cycle)
    rows = base_rows(cycle.commune, cycle.policy, window)
    if not rows:  # no monthly benefits: a neutral row keeps the statement valid
        rows = [("", window.month, 0, "")]
    placeholders = []
    for index, row in enumerate(rows):
        names = [f"b{index}_{n}" for n in range(4)]
        params.update(zip(names, row, strict=True))
        placeholders.append("(" + ", ".join(_cast(f"%({n})s", kind) for n, kind in
                                            zip(names, ("text", "date", "bigint", "text"),
                                                strict=True)) + ")")
    # Only placeholders are formatted into the statement; the values are parameters.
    sql = _INSERT.replace("{bases}", "VALUES " + ", ".join(placeholders))
    params.update(commune=cycle.commune_id, policy=cycle.policy_id, first=window.first,
                  month=window.month, true=True, false=False)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        inserted = cursor.rowcount
    return inserted + _insert_old_arrears(cycle, window)


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
