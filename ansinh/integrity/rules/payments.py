"""Rules over the payroll lines: money held for a month nobody was owed it.

What a month "holds" for a benefit is what the payroll generation (``payroll.generation``)
counts too: the positive lines paid or still to be paid, less the recoveries actually collected
(a recovery line marked paid). A line that could not be paid (returned) holds nothing. So a
finding closes by itself once the money is recovered, and stays open while the recovery is
only planned.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import BigIntegerField, Case, F, Max, Q, Sum, Value, When
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from ansinh.cases.models import BenefitStatus
from ansinh.core.text import format_money
from ansinh.integrity.models import Severity
from ansinh.integrity.rules.base import (
    Hit,
    Rule,
    RunContext,
    chunks,
    day_label,
    month_label,
    register,
    scope_q,
    scope_sql,
)
from ansinh.payroll.models import Line, LineKind, LineStatus
from ansinh.registry.models import PersonStatus

if TYPE_CHECKING:
    from ansinh.geo.models import AdministrativeUnit

_HELD = Q(amount__gt=0) & ~Q(status=LineStatus.RETURNED)
_RECOVERED = Q(amount__lt=0, status=LineStatus.PAID)
NET = Sum(Case(When(_HELD, then=F("amount")), When(_RECOVERED, then=F("amount")),
               default=Value(0), output_field=BigIntegerField()))
PAID_COUNT = Sum(Case(When(Q(amount__gt=0, status=LineStatus.PAID), then=Value(1)),
                      default=Value(0)))
LAST_HELD_LINE = Max(Case(When(_HELD, then=F("id"))))
# The same in SQL, for the statements the ORM cannot say (lines: ``l``).
# Cast back to a whole number: PostgreSQL sums bigints as numeric (a Decimal in Python), which
# neither JSON nor the amount column takes as it is.
NET_SQL = ("CAST(SUM(CASE WHEN l.amount > 0 AND l.status <> 'returned' THEN l.amount "
           "WHEN l.amount < 0 AND l.status = 'paid' THEN l.amount ELSE 0 END) AS BIGINT)")


def as_date(value: Any) -> date:
    """A date column read with a raw cursor (SQLite may hand back its text)."""
    if isinstance(value, date):
        return value
    parsed = parse_date(str(value)[:10])
    if parsed is None:
        raise ValueError(f"not a date: {value!r}")
    return parsed


def cycles_of(line_ids: Iterable[int | None]) -> dict[int, int]:
    """The cycle of each line, in a query per two thousand lines."""
    ids = sorted({i for i in line_ids if i is not None})
    found: dict[int, int] = {}
    for part in chunks(ids):
        found.update(Line.objects.filter(pk__in=part).values_list("pk", "cycle_id"))
    return found


def _paid_text(paid_lines: int) -> str:
    return "đã chi" if paid_lines else "đã đưa vào danh sách chi trả (chưa chi)"


@register
class PaidAfterDeath(Rule):
    """Money for a month after the beneficiary's death.

    Benefits stop from the month after the death (Circular 02/2021/TT-BLĐTBXH Art 2; Decree
    20/2021 Art 8): the death month is still owed, any later month is not. The finding closes
    when the recovery line the payroll adds is marked collected.
    """

    code = "PAID_AFTER_DEATH"
    title = _("Chi trả sau khi đối tượng qua đời")
    description = _("Dòng chi trả (đã chi hoặc sắp chi) cho tháng sau tháng đối tượng mất, "
                    "chưa thu hồi. Chế độ chỉ được hưởng đến hết tháng đối tượng mất.")
    legal_basis = _("Nghị định 20/2021/NĐ-CP, Điều 8; Thông tư 02/2021/TT-BLĐTBXH, Điều 2 "
                    "(thôi hưởng từ tháng sau tháng đối tượng chết)")
    severity = Severity.HIGH

    def detect(self, unit: AdministrativeUnit | None, ctx: RunContext) -> Iterator[Hit]:
        rows = list(
            Line.objects.filter(scope_q("benefit__commune", unit),
                                person__status=PersonStatus.DECEASED,
                                person__status_date__isnull=False,
                                for_month__gt=F("person__status_date"))
            .values("benefit_id", "for_month", "person_id", "person__full_name",
                    "person__status_date", "person__household_id", "benefit__commune_id",
                    "benefit__policy__name")
            .annotate(net=NET, paid=PAID_COUNT, line_id=LAST_HELD_LINE)
            .filter(net__gt=0).order_by())
        cycles = cycles_of(r["line_id"] for r in rows)
        for r in rows:
            yield Hit(
                key=f"{r['benefit_id']}:{r['for_month']:%Y-%m}",
                unit_id=r["benefit__commune_id"],
                summary=(f"{r['person__full_name']} đã mất ngày "
                         f"{day_label(r['person__status_date'])} nhưng tiền tháng "
                         f"{month_label(r['for_month'])} ({r['benefit__policy__name']}, "
                         f"{format_money(r['net'])}) {_paid_text(r['paid'])}."),
                details={"month": r["for_month"].isoformat(),
                         "died_on": r["person__status_date"].isoformat(),
                         "paid": bool(r["paid"])},
                amount=r["net"], person_id=r["person_id"],
                household_id=r["person__household_id"], benefit_id=r["benefit_id"],
                payment_line_id=r["line_id"], cycle_id=cycles.get(r["line_id"]))


@register
class PaidAfterStop(Rule):
    """Money for a month after the benefit was stopped, or while it is suspended.

    A stopped benefit is owed up to its last month (``end_month``); a suspended one nothing
    from the month of the suspension (Circular 02/2021/TT-BLĐTBXH Art 2). Recovery lines
    (negative amounts) are what puts this right, not an occurrence; months after a death are
    the business of PAID_AFTER_DEATH and are left out here.
    """

    code = "PAID_AFTER_STOP"
    title = _("Chi trả sau khi thôi hưởng hoặc đang tạm dừng")
    description = _("Dòng chi trả (đã chi hoặc sắp chi) cho tháng sau tháng cuối cùng được "
                    "hưởng của một chế độ đã thôi hưởng, hoặc từ tháng tạm dừng của một chế "
                    "độ đang tạm dừng, chưa thu hồi.")
    legal_basis = _("Thông tư 02/2021/TT-BLĐTBXH, Điều 2 (tạm dừng, thôi hưởng trợ cấp); "
                    "Nghị định 20/2021/NĐ-CP, Điều 8")
    severity = Severity.HIGH

    def detect(self, unit: AdministrativeUnit | None, ctx: RunContext) -> Iterator[Hit]:
        stopped = Q(benefit__status=BenefitStatus.STOPPED, benefit__end_month__isnull=False,
                    benefit__end_month__lt=F("for_month"))
        suspended = Q(benefit__status=BenefitStatus.SUSPENDED, benefit__status_from__isnull=False,
                      benefit__status_from__lte=F("for_month"))
        rows = list(
            Line.objects.filter(scope_q("benefit__commune", unit))
            .filter(stopped | suspended)
            .exclude(person__status=PersonStatus.DECEASED,
                     person__status_date__lt=F("for_month"))
            .values("benefit_id", "for_month", "person_id", "person__full_name",
                    "person__household_id", "benefit__commune_id", "benefit__policy__name",
                    "benefit__status", "benefit__end_month", "benefit__status_from")
            .annotate(net=NET, paid=PAID_COUNT, line_id=LAST_HELD_LINE)
            .filter(net__gt=0).order_by())
        cycles = cycles_of(r["line_id"] for r in rows)
        for r in rows:
            if r["benefit__status"] == BenefitStatus.STOPPED:
                state = (f"đã thôi hưởng (hưởng đến hết tháng "
                         f"{month_label(r['benefit__end_month'])})")
            else:
                state = f"đang tạm dừng từ tháng {month_label(r['benefit__status_from'])}"
            yield Hit(
                key=f"{r['benefit_id']}:{r['for_month']:%Y-%m}",
                unit_id=r["benefit__commune_id"],
                summary=(f"Chế độ {r['benefit__policy__name']} của {r['person__full_name']} "
                         f"{state} nhưng tiền tháng {month_label(r['for_month'])} "
                         f"({format_money(r['net'])}) {_paid_text(r['paid'])}."),
                details={"month": r["for_month"].isoformat(), "status": r["benefit__status"],
                         "paid": bool(r["paid"])},
                amount=r["net"], person_id=r["person_id"],
                household_id=r["person__household_id"], benefit_id=r["benefit_id"],
                payment_line_id=r["line_id"], cycle_id=cycles.get(r["line_id"]))


_TWO_COMMUNES = """
WITH held AS (
    SELECT l.person_id AS person_id, c.policy_id AS policy_id, l.for_month AS for_month,
           c.commune_id AS commune_id, {net} AS net,
           MAX(CASE WHEN l.amount > 0 AND l.status <> 'returned' THEN l.id END) AS line_id
    FROM payroll_line l JOIN payroll_cycle c ON c.id = l.cycle_id
    -- The lines of the scope's persons, found through their benefits: a line's person is its
    -- benefit's, and has no index of its own (payroll.models.Line).
    WHERE l.benefit_id IN (
        SELECT b.id FROM cases_benefit b WHERE b.person_id IN (
            SELECT s.person_id FROM payroll_line s
            JOIN payroll_cycle sc ON sc.id = s.cycle_id
            JOIN geo_administrativeunit su ON su.id = sc.commune_id
            WHERE {scope_inner}))
    GROUP BY l.person_id, c.policy_id, l.for_month, c.commune_id
)
SELECT a.person_id, a.for_month, a.commune_id, a.net, a.line_id, o.commune_id, ou.name,
       o.net, p.full_name, p.household_id, pol.name, a.policy_id
FROM held a
JOIN held o ON o.person_id = a.person_id AND o.policy_id = a.policy_id
           AND o.for_month = a.for_month AND o.commune_id <> a.commune_id
JOIN geo_administrativeunit u ON u.id = a.commune_id
JOIN geo_administrativeunit ou ON ou.id = o.commune_id
JOIN registry_person p ON p.id = a.person_id
JOIN policies_policy pol ON pol.id = a.policy_id
WHERE a.net > 0 AND o.net > 0 AND {scope_outer}
ORDER BY a.person_id, a.for_month, a.commune_id, o.commune_id
"""


@register
class PaidByTwoCommunes(Rule):
    """One person paid the same policy's money for the same month by two communes.

    A benefit is paid where the person lives; a person who moves is paid by the old commune
    up to the month of the stop and by the new one from the month after it (Decree 20/2021
    Art 8; LEGAL.md §1 "Moving"). Each commune gets its own finding, naming the other. Two
    records of one person (a duplicate) are the duplicate search's business, not this rule's.
    """

    code = "PAID_BY_TWO_COMMUNES"
    title = _("Một người được hai xã chi trả cùng một tháng")
    description = _("Cùng một người, cùng một chính sách, cùng một tháng có tiền (đã chi hoặc "
                    "sắp chi, chưa thu hồi) ở danh sách chi trả của hai xã, phường.")
    legal_basis = _("Nghị định 20/2021/NĐ-CP, Điều 8 (chuyển nơi hưởng: xã cũ dừng chi, xã "
                    "mới chi từ tháng tiếp theo)")
    severity = Severity.HIGH

    def detect(self, unit: AdministrativeUnit | None, ctx: RunContext) -> Iterator[Hit]:
        inner, inner_params = scope_sql("su.path", unit)
        outer, outer_params = scope_sql("u.path", unit)
        sql = (_TWO_COMMUNES.replace("{net}", NET_SQL).replace("{scope_inner}", inner)
               .replace("{scope_outer}", outer))
        with connection.cursor() as cursor:
            cursor.execute(sql, [*inner_params, *outer_params])
            rows = cursor.fetchall()
        grouped: dict[str, dict[str, Any]] = {}
        for (person_id, month, commune_id, net, line_id, other_id, other_name, other_net,
             full_name, household_id, policy_name, policy_id) in rows:
            month = as_date(month)
            key = f"{person_id}:{policy_id}:{month:%Y-%m}:{commune_id}"
            found = grouped.setdefault(key, {
                "person_id": person_id, "month": month, "commune_id": commune_id, "net": net,
                "line_id": line_id, "full_name": full_name, "household_id": household_id,
                "policy": policy_name, "others": []})
            found["others"].append({"unit_id": other_id, "name": other_name,
                                    "amount": other_net})
        cycles = cycles_of(g["line_id"] for g in grouped.values())
        for key, g in grouped.items():
            names = ", ".join(o["name"] for o in g["others"])
            yield Hit(
                key=key, unit_id=g["commune_id"],
                summary=(f"{g['full_name']} có tiền tháng {month_label(g['month'])} "
                         f"({g['policy']}) ở danh sách chi trả của xã này "
                         f"({format_money(g['net'])}) và của {names}."),
                details={"month": g["month"].isoformat(), "others": g["others"]},
                amount=g["net"], person_id=g["person_id"], household_id=g["household_id"],
                payment_line_id=g["line_id"], cycle_id=cycles.get(g["line_id"]))


@register
class PaidTwice(Rule):
    """One person paid a full month twice by one commune.

    A full month is a regular line or an arrear whose amount is exactly its own basis
    (hundredths × multiplier × base level, rounded half up, as the payroll computes it). An
    arrear for the difference after a base level rose is smaller than that and is not a second
    payment. Two full lines of one month can come from two benefits of the same policy whose
    months overlap (a changed benefit whose old one was not stopped) or from lines entered
    outside the generation; the amount is what was held beyond one month's money.
    """

    code = "PAID_TWICE"
    title = _("Một người được chi hai lần trong một tháng")
    description = _("Cùng một người, cùng một chính sách, cùng một xã có từ hai dòng chi trả "
                    "đủ tiền của cùng một tháng (trợ cấp tháng hoặc truy lĩnh cả tháng), đã "
                    "chi hoặc sắp chi, chưa thu hồi.")
    legal_basis = _("Nghị định 20/2021/NĐ-CP, Điều 6 (mỗi tháng một mức trợ cấp) và Điều 8")
    severity = Severity.HIGH

    def detect(self, unit: AdministrativeUnit | None, ctx: RunContext) -> Iterator[Hit]:
        full_amount = (F("base") * F("hundredths") * F("multiplier") + 50) / 100
        full = (_HELD & Q(kind__in=[LineKind.REGULAR, LineKind.ARREAR], base__gt=0)
                & Q(amount=full_amount))
        rows = list(
            Line.objects.filter(scope_q("cycle__commune", unit))
            .values("person_id", "for_month", "cycle__commune_id", "cycle__policy_id",
                    "cycle__policy__name", "person__full_name", "person__household_id")
            .annotate(full_lines=Sum(Case(When(full, then=Value(1)), default=Value(0))),
                      top=Max(Case(When(full, then=F("amount")))),
                      net=NET, line_id=LAST_HELD_LINE)
            .filter(full_lines__gte=2, net__gt=F("top")).order_by())
        cycles = cycles_of(r["line_id"] for r in rows)
        for r in rows:
            excess = r["net"] - r["top"]
            yield Hit(
                key=f"{r['person_id']}:{r['cycle__policy_id']}:{r['for_month']:%Y-%m}",
                unit_id=r["cycle__commune_id"],
                summary=(f"{r['person__full_name']} có {r['full_lines']} dòng chi trả đủ tiền "
                         f"tháng {month_label(r['for_month'])} ({r['cycle__policy__name']}): "
                         f"tổng {format_money(r['net'])}, thừa {format_money(excess)}."),
                details={"month": r["for_month"].isoformat(), "full_lines": r["full_lines"],
                         "held": r["net"], "one_month": r["top"]},
                amount=excess, person_id=r["person_id"],
                household_id=r["person__household_id"], payment_line_id=r["line_id"],
                cycle_id=cycles.get(r["line_id"]))
