"""An amount that is not what the rules give.

Checked three ways, each with the computation that made the amount in the first place rather
than a copy of it:

- a regular payroll line against its own basis: amount = (base level × hundredths ×
  multiplier + 50) // 100, as ``payroll.generation`` computes it, with the coefficient and
  multiplier of the benefit it pays;
- the base level on a regular line against the one in force for its month and province, as
  ``payroll.generation.base_rows`` gives it (a level confirmed later is settled by the
  difference arrear of the next payroll, after which the line is no longer reported);
- a running benefit's coefficient and multiplier against what the eligibility engine gives
  today for its category (an older person's coefficient, a disability re-assessed, the number
  of children of a single parent): the decision should be changed.

A line that shares its month with another line (an arrear, a recovery) is judged with it by
the payroll, not alone here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from ansinh.core.text import format_money
from ansinh.geo.models import AdministrativeUnit
from ansinh.integrity.models import Severity
from ansinh.integrity.rules.base import (
    Hit,
    Rule,
    RunContext,
    month_label,
    register,
    scope_q,
    scope_sql,
)
from ansinh.integrity.rules.eligibility import coefficient_text, verdicts
from ansinh.integrity.rules.payments import as_date
from ansinh.payroll.generation import Window, base_rows
from ansinh.payroll.models import Line, LineKind, LineStatus

_BASE_SQL = """
WITH bases (params, month, base) AS ({bases})
SELECT l.id, l.cycle_id, l.person_id, l.benefit_id, l.for_month, l.amount, l.base, x.base,
       p.full_name, p.household_id, c.commune_id, pol.name
FROM payroll_line l
JOIN payroll_cycle c ON c.id = l.cycle_id
JOIN geo_administrativeunit u ON u.id = c.commune_id
JOIN cases_benefit b ON b.id = l.benefit_id
JOIN bases x ON x.params = b.base_parameters AND x.month = l.for_month
JOIN registry_person p ON p.id = l.person_id
JOIN policies_policy pol ON pol.id = c.policy_id
WHERE l.kind = 'regular' AND l.status <> 'returned' AND l.amount > 0 AND l.base <> x.base
  AND {scope} AND {province}
  AND NOT EXISTS (SELECT 1 FROM payroll_line o WHERE o.benefit_id = l.benefit_id
                  AND o.for_month = l.for_month AND o.id <> l.id AND o.status <> 'returned')
ORDER BY l.id
"""


def _cast(placeholder: str, kind: str) -> str:
    # PostgreSQL needs the types of a VALUES list; SQLite takes them as they come.
    return f"CAST({placeholder} AS {kind})" if connection.vendor == "postgresql" else placeholder


def _regular_lines(unit: AdministrativeUnit | None) -> Any:
    return Line.objects.filter(scope_q("cycle__commune", unit), kind=LineKind.REGULAR,
                               amount__gt=0).exclude(status=LineStatus.RETURNED)


@register
class AmountNotRules(Rule):
    """An amount that is not what the rules give (Decree 20/2021 Arts 4 and 6: the allowance
    is the base level times the category's coefficient). See the module's docstring for the
    three forms checked."""

    code = "AMOUNT_NOT_RULES"
    title = _("Số tiền khác với mức theo quy định")
    description = _("Số tiền của một dòng chi trả tháng không bằng hệ số × số người được tính "
                    "× mức chuẩn của tháng đó, hoặc dòng chi trả tính theo hệ số khác với chế "
                    "độ đã quyết định, hoặc hệ số của chế độ đang hưởng khác với hệ số mà quy "
                    "định cho đối tượng theo dữ liệu hiện có.")
    legal_basis = _("Nghị định 20/2021/NĐ-CP, Điều 4 và Điều 6 (mức chuẩn, hệ số); Nghị định "
                    "76/2024/NĐ-CP (mức chuẩn 500.000 đồng từ 01/7/2024)")
    severity = Severity.HIGH

    def detect(self, unit: AdministrativeUnit | None, ctx: RunContext) -> Iterator[Hit]:
        found: dict[str, dict[str, Any]] = {}
        for row, problem in [*self._line_basis(unit), *self._line_base(unit)]:
            hit = found.setdefault(f"line:{row['id']}", {**row, "problems": []})
            hit["problems"].append(problem)
        for key, h in found.items():
            yield Hit(
                key=key, unit_id=h["commune_id"],
                summary=(f"Dòng chi trả tháng {month_label(h['for_month'])} của {h['full_name']}"
                         f" ({h['policy']}, {format_money(h['amount'])}): "
                         f"{'; '.join(h['problems'])}."),
                details={"month": h["for_month"].isoformat(), "problems": h["problems"]},
                amount=h.get("difference"), person_id=h["person_id"],
                household_id=h["household_id"], benefit_id=h["benefit_id"],
                payment_line_id=h["id"], cycle_id=h["cycle_id"])
        for v in verdicts(unit, ctx):
            if v.kind != "basis" or v.expected is None:
                continue
            b, e = v.benefit, v.expected
            diff = e["amount"] - e["current_amount"]
            direction = "thiếu" if diff > 0 else "thừa"
            yield Hit(
                key=f"benefit:{b['id']}", unit_id=b["commune_id"],
                summary=(f"Chế độ {v.label} của {b['person__full_name']} tính hệ số "
                         f"{coefficient_text(b['hundredths'], b['multiplier'])} nhưng theo dữ "
                         f"liệu hiện có hệ số đúng là "
                         f"{coefficient_text(e['hundredths'], e['multiplier'])}: mỗi tháng "
                         f"{direction} {format_money(abs(diff))} "
                         f"({format_money(e['current_amount'])} thay vì "
                         f"{format_money(e['amount'])})."),
                details={"expected": e, "hundredths": b["hundredths"],
                         "multiplier": b["multiplier"]},
                amount=abs(diff), person_id=b["person_id"],
                household_id=b["person__household_id"], benefit_id=b["id"])

    def _line_basis(self, unit: AdministrativeUnit | None) -> Iterator[tuple[dict[str, Any], str]]:
        """Lines whose amount is not their basis, or whose basis is not their benefit's."""
        full = (F("base") * F("hundredths") * F("multiplier") + 50) / 100
        alone = ~Exists(Line.objects.filter(benefit=OuterRef("benefit"),
                                            for_month=OuterRef("for_month"))
                        .exclude(pk=OuterRef("pk")).exclude(status=LineStatus.RETURNED))
        rows = (_regular_lines(unit).annotate(full=full, alone=alone)
                .filter(Q(~Q(amount=F("full")) & Q(alone=True))
                        | ~Q(hundredths=F("benefit__hundredths"))
                        | ~Q(multiplier=F("benefit__multiplier")))
                .values("id", "cycle_id", "person_id", "benefit_id", "for_month", "amount",
                        "base", "hundredths", "multiplier", "full", "alone",
                        "benefit__hundredths", "benefit__multiplier", "full_name",
                        "person__household_id", "cycle__commune_id", "cycle__policy__name")
                .order_by("id"))
        for r in rows:
            row = {"id": r["id"], "cycle_id": r["cycle_id"], "person_id": r["person_id"],
                   "benefit_id": r["benefit_id"], "for_month": r["for_month"],
                   "amount": r["amount"], "full_name": r["full_name"],
                   "household_id": r["person__household_id"],
                   "commune_id": r["cycle__commune_id"], "policy": r["cycle__policy__name"]}
            if r["alone"] and r["amount"] != r["full"]:
                row["difference"] = abs(r["amount"] - r["full"])
                yield row, (f"số tiền phải là {format_money(r['full'])} "
                            f"(hệ số {coefficient_text(r['hundredths'], r['multiplier'])} × "
                            f"mức chuẩn {format_money(r['base'])})")
            decided = (r["benefit__hundredths"], r["benefit__multiplier"])
            if (r["hundredths"], r["multiplier"]) != decided:
                yield row, (f"tính theo hệ số "
                            f"{coefficient_text(r['hundredths'], r['multiplier'])} nhưng chế "
                            f"độ đã quyết định hệ số {coefficient_text(*decided)}")

    def _line_base(self, unit: AdministrativeUnit | None) -> Iterator[tuple[dict[str, Any], str]]:
        """Lines whose base level is not the one in force for their month and province."""
        lines = _regular_lines(unit)
        communes = set(lines.order_by().values_list("cycle__commune_id", flat=True).distinct())
        if not communes:
            return
        by_province: dict[str, AdministrativeUnit] = {}
        for commune in AdministrativeUnit.objects.filter(pk__in=communes).order_by("path"):
            by_province.setdefault(commune.province_code, commune)
        scope, scope_params = scope_sql("u.path", unit)
        for province, commune in by_province.items():
            in_province = lines.filter(Q(cycle__commune__path__startswith=f"{province}.")
                                       | Q(cycle__commune__path=province))
            in_use = list(in_province.order_by().values_list("benefit__base_parameters",
                                                             flat=True).distinct())
            months = sorted(set(in_province.order_by().values_list("for_month", flat=True)
                                .distinct()))
            wanted = set(months)
            rows = [r for r in base_rows(commune, in_use, Window(first=months[0],
                                                                 month=months[-1]))
                    if r[1] in wanted]
            if not rows:
                continue
            params: list[Any] = []
            values = []
            for parameters, month, base, _label in rows:
                params += [parameters, month, base]
                values.append(f"({_cast('%s', 'text')}, {_cast('%s', 'date')}, "
                              f"{_cast('%s', 'bigint')})")
            sql = (_BASE_SQL.replace("{bases}", "VALUES " + ", ".join(values))
                   .replace("{scope}", scope)
                   .replace("{province}", "(u.path = %s OR u.path LIKE %s)"))
            with connection.cursor() as cursor:
                cursor.execute(sql, [*params, *scope_params, province, f"{province}.%"])
                found = cursor.fetchall()
            for (pk, cycle_id, person_id, benefit_id, for_month, amount, base, expected,
                 full_name, household_id, commune_id, policy) in found:
                yield ({"id": pk, "cycle_id": cycle_id, "person_id": person_id,
                        "benefit_id": benefit_id, "for_month": as_date(for_month),
                        "amount": amount, "full_name": full_name,
                        "household_id": household_id, "commune_id": commune_id,
                        "policy": policy},
                       f"mức chuẩn trên dòng là {format_money(base)} nhưng mức chuẩn của tháng "
                       f"{month_label(as_date(for_month))} là {format_money(expected)}")
