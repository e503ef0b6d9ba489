"""A benefit without a proper decision.

Every benefit points to a decision: the column is NOT NULL, so "a benefit with no decision"
cannot be stored and is not looked for. What can be stored, and is looked for, is the nearest
real thing:

- a decision without a number or without a signer — not a signed decision, whatever the
  record says (a decision recorded by an import, or by hand in the administration);
- a decision dated in the future (not yet signed);
- a decision of another commune than the one paying the benefit (a person who moved is paid
  by the new commune under its own decision);
- money paid before the decision was signed: a payroll line marked paid on a day before the
  decision's date (arrears for the months before are paid after it, never before).

The first three are one finding per decision and commune (a programme's decision covers many
benefits); the last, one per benefit.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import Trim
from django.utils.translation import gettext_lazy as _

from ansinh.cases.models import Benefit
from ansinh.core.text import format_money
from ansinh.integrity.models import Severity
from ansinh.integrity.rules.base import Hit, Rule, RunContext, day_label, register, scope_q
from ansinh.integrity.rules.payments import cycles_of
from ansinh.payroll.models import Line, LineStatus

if TYPE_CHECKING:
    from ansinh.geo.models import AdministrativeUnit


@register
class DecisionMissing(Rule):
    """A benefit paid under a decision that is not a signed decision of the paying commune, or
    paid before the decision was signed (Decree 20/2021 Art 8; Decree 147/2025: the commune
    chair decides, payment from the month of signing). See the module's docstring."""

    code = "DECISION_MISSING"
    title = _("Chế độ chưa có quyết định hợp lệ")
    description = _("Chế độ được hưởng theo một quyết định thiếu số hoặc thiếu người ký, ghi "
                    "ngày ký trong tương lai, hoặc của một xã khác; hoặc đã chi tiền trước ngày "
                    "quyết định được ký.")
    legal_basis = _("Nghị định 20/2021/NĐ-CP, Điều 8 và Nghị định 147/2025/NĐ-CP (Chủ tịch "
                    "UBND cấp xã quyết định trợ cấp, hưởng từ tháng ký quyết định); Nghị định "
                    "30/2020/NĐ-CP (số, ký hiệu, ngày ký của văn bản)")
    severity = Severity.HIGH

    def detect(self, unit: AdministrativeUnit | None, ctx: RunContext) -> Iterator[Hit]:
        yield from self._defective(unit, ctx)
        yield from self._paid_before(unit)

    def _defective(self, unit: AdministrativeUnit | None, ctx: RunContext) -> Iterator[Hit]:
        rows = list(Benefit.objects.filter(scope_q("commune", unit))
                .annotate(number=Trim("decision__number"), signer=Trim("decision__signer_name"))
                .filter(Q(number="") | Q(signer="") | Q(decision__signed_on__gt=ctx.today)
                        | ~Q(decision__commune=F("commune")))
                .values("decision_id", "commune_id", "decision__number",
                        "decision__signer_name", "decision__signed_on",
                        "decision__commune_id", "decision__commune__name")
                .annotate(benefits=Count("id"), first=Min("id"))
                .order_by("decision_id", "commune_id"))
        firsts = dict(Benefit.objects.filter(pk__in=[r["first"] for r in rows])
                      .values_list("pk", "person_id"))
        for r in rows:
            problems = []
            if not r["decision__number"].strip():
                problems.append("không có số quyết định")
            if not r["decision__signer_name"].strip():
                problems.append("không ghi người ký")
            if r["decision__signed_on"] > ctx.today:
                problems.append(f"ngày ký {day_label(r['decision__signed_on'])} chưa đến")
            if r["decision__commune_id"] != r["commune_id"]:
                problems.append(f"là quyết định của {r['decision__commune__name']}, không phải "
                                "của xã đang chi trả")
            label = r["decision__number"].strip() or "(không số)"
            yield Hit(
                key=f"decision:{r['decision_id']}:{r['commune_id']}", unit_id=r["commune_id"],
                summary=(f"Quyết định {label} ngày {day_label(r['decision__signed_on'])} "
                         f"({r['benefits']} chế độ): {'; '.join(problems)}."),
                details={"decision_id": r["decision_id"], "benefits": r["benefits"],
                         "problems": problems},
                person_id=firsts.get(r["first"]), benefit_id=r["first"])

    def _paid_before(self, unit: AdministrativeUnit | None) -> Iterator[Hit]:
        rows = list(
            Line.objects.filter(scope_q("benefit__commune", unit), status=LineStatus.PAID,
                                amount__gt=0, paid_on__lt=F("benefit__decision__signed_on"))
            .values("benefit_id", "benefit__commune_id", "benefit__decision_id",
                    "benefit__decision__number", "benefit__decision__signed_on",
                    "person_id", "person__full_name", "person__household_id")
            .annotate(first_paid=Min("paid_on"), total=Sum("amount"), line_id=Min("id"))
            .order_by("benefit_id"))
        cycles = cycles_of(r["line_id"] for r in rows)
        for r in rows:
            yield Hit(
                key=f"paid:{r['benefit_id']}", unit_id=r["benefit__commune_id"],
                summary=(f"{r['person__full_name']} đã được chi "
                         f"{format_money(r['total'])} từ ngày {day_label(r['first_paid'])}, "
                         f"trước ngày ký quyết định {r['benefit__decision__number']} "
                         f"({day_label(r['benefit__decision__signed_on'])})."),
                details={"decision_id": r["benefit__decision_id"],
                         "first_paid": r["first_paid"].isoformat()},
                amount=r["total"], person_id=r["person_id"],
                household_id=r["person__household_id"], benefit_id=r["benefit_id"],
                payment_line_id=r["line_id"], cycle_id=cycles.get(r["line_id"]))
