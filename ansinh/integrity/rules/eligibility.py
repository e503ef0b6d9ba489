"""Running benefits judged again by the eligibility engine, on today's facts.

The engine (``policies.eligibility``) is the one that decided them: the dossier took its
category, coefficient and multiplier from it. Run again over the persons with a running monthly
benefit — set-based, a few queries per five thousand persons — it says whether each still
qualifies for the category paid (NO_LONGER_QUALIFIES) and on what basis (the AMOUNT_NOT_RULES
rule, in ``amounts``). A category the engine cannot judge (out of force, or with no rule) is
left alone rather than reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ansinh.cases.models import Benefit, BenefitStatus
from ansinh.integrity.models import Severity
from ansinh.integrity.rules.base import Hit, Rule, RunContext, chunks, day_label, register, scope_q
from ansinh.policies.eligibility import RULES as ELIGIBILITY_RULES
from ansinh.policies.eligibility import RuleSet, evaluate, format_coefficient, person_facts
from ansinh.registry.models import PersonStatus

if TYPE_CHECKING:
    from ansinh.geo.models import AdministrativeUnit

FACTS_CHUNK = 5000
_POVERTY = {"poor": "hộ nghèo", "near_poor": "hộ cận nghèo",
            "average": "hộ có mức sống trung bình", "": "không thuộc hộ nghèo, cận nghèo"}
_DISABILITY = {"mild": "khuyết tật nhẹ", "severe": "khuyết tật nặng",
               "especially_severe": "khuyết tật đặc biệt nặng"}
_GONE = {PersonStatus.DECEASED: "đã mất", PersonStatus.MOVED: "đã chuyển đi",
         PersonStatus.MERGED: "đã được gộp vào hồ sơ khác (trùng người)"}


@dataclass(frozen=True)
class Verdict:
    """A running benefit and what the engine says of it today."""

    benefit: dict[str, Any]
    kind: str  # "gone" (the person is not living here), "not_qualified", "basis"
    facts: dict[str, Any]
    expected: dict[str, Any] | None = None  # hundredths, multiplier, amount, current_amount

    @property
    def label(self) -> str:
        """The group as a finding may name it: a group revealing HIV status by its policy."""
        b = self.benefit
        if b["category__restricted"]:
            return str(b["policy__name"])
        return f"{b['policy__name']}, nhóm {b['category__code']} ({b['category__name']})"


def running_benefits(unit: AdministrativeUnit | None, month: date) -> list[dict[str, Any]]:
    rows: Any = (
        Benefit.objects.filter(scope_q("commune", unit), one_off=False,
                               status=BenefitStatus.ACTIVE, start_month__lte=month)
        .filter(Q(end_month__isnull=True) | Q(end_month__gte=month))
        .values("id", "person_id", "commune_id", "policy__code", "policy__name",
                "category__code", "category__name", "category__restricted", "hundredths",
                "multiplier", "person__full_name", "person__status", "person__status_date",
                "person__household_id")
        .order_by("id"))
    return list(rows)


def verdicts(unit: AdministrativeUnit | None, ctx: RunContext) -> list[Verdict]:
    """Computed once per run (both rules read it)."""
    key = f"eligibility:{unit.pk if unit is not None else 'all'}"
    return ctx.memo(key, lambda: _verdicts(unit, ctx.today))


def _verdicts(unit: AdministrativeUnit | None, today: date) -> list[Verdict]:
    benefits = running_benefits(unit, today.replace(day=1))
    if not benefits:
        return []
    rules = RuleSet.at_date(today, policy_codes={b["policy__code"] for b in benefits})
    judged = {(c.policy.code, c.code) for c in rules.categories if c.rule in ELIGIBILITY_RULES}
    living = sorted({b["person_id"] for b in benefits
                     if b["person__status"] == PersonStatus.LIVING})
    results: dict[tuple[int, str, str], dict[str, Any]] = {}
    facts: dict[int, dict[str, Any]] = {}
    for part in chunks(living, FACTS_CHUNK):
        frame = person_facts(at=today, person_ids=part)
        for row in frame.select("person_id", "age", "poverty", "disability_level",
                                "pension_status").iter_rows(named=True):
            facts[row["person_id"]] = row
        for row in evaluate(frame, rules).iter_rows(named=True):
            results[(row["person_id"], row["policy"], row["category"])] = row
    found = []
    for b in benefits:
        if b["person__status"] != PersonStatus.LIVING:
            found.append(Verdict(b, "gone", {}))
            continue
        if (b["policy__code"], b["category__code"]) not in judged:
            continue
        result = results.get((b["person_id"], b["policy__code"], b["category__code"]))
        person_facts_row = facts.get(b["person_id"], {})
        if result is None:
            found.append(Verdict(b, "not_qualified", person_facts_row))
        elif (result["hundredths"], result["multiplier"]) != (b["hundredths"], b["multiplier"]):
            current = (result["base"] * b["hundredths"] * b["multiplier"] + 50) // 100
            found.append(Verdict(b, "basis", person_facts_row, expected={
                "hundredths": result["hundredths"], "multiplier": result["multiplier"],
                "amount": result["amount"], "current_amount": current}))
    return found


def facts_text(facts: dict[str, Any]) -> str:
    parts = []
    if facts.get("age") is not None:
        parts.append(f"{facts['age']} tuổi")
    parts.append(_POVERTY.get(facts.get("poverty") or "", "không rõ phân loại hộ"))
    if facts.get("disability_level"):
        parts.append(_DISABILITY.get(facts["disability_level"], facts["disability_level"]))
    if facts.get("pension_status"):
        parts.append("có lương hưu hoặc trợ cấp BHXH hằng tháng")
    return ", ".join(parts)


def coefficient_text(hundredths: int, multiplier: int) -> str:
    times = f" × {multiplier}" if multiplier != 1 else ""
    return f"{format_coefficient(hundredths)}{times}"


@register
class NoLongerQualifies(Rule):
    """A running monthly benefit whose person no longer qualifies for the category paid.

    Two forms: the person is no longer living in the commune (dead, moved away, merged into
    another record) while the benefit still runs; or the eligibility engine, on today's facts,
    no longer puts the person in the category — a child category past its age limit, an
    older person's category for someone under its age, a poor-household category when the
    household is no longer poor, a disability category after a re-assessment. The benefit
    should be stopped or changed by a decision (Circular 02/2021/TT-BLĐTBXH Art 2).
    """

    code = "NO_LONGER_QUALIFIES"
    title = _("Đối tượng không còn đủ điều kiện hưởng")
    description = _("Chế độ hằng tháng vẫn đang hưởng trong khi đối tượng đã mất, đã chuyển "
                    "đi, hoặc theo dữ liệu hiện có (tuổi, hộ nghèo, mức độ khuyết tật, lương "
                    "hưu…) không còn thuộc nhóm đối tượng đang hưởng.")
    legal_basis = _("Nghị định 20/2021/NĐ-CP, Điều 5 (đối tượng) và Điều 8; Thông tư "
                    "02/2021/TT-BLĐTBXH, Điều 2 (thôi hưởng khi không còn đủ điều kiện)")
    severity = Severity.MEDIUM

    def detect(self, unit: AdministrativeUnit | None, ctx: RunContext) -> Iterator[Hit]:
        for v in verdicts(unit, ctx):
            b = v.benefit
            if v.kind == "gone":
                since = (f" từ ngày {day_label(b['person__status_date'])}"
                         if b["person__status_date"] else "")
                summary = (f"{b['person__full_name']} {_GONE.get(b['person__status'], '')}"
                           f"{since} nhưng chế độ {v.label} vẫn đang hưởng.")
            elif v.kind == "not_qualified":
                summary = (f"{b['person__full_name']} đang hưởng {v.label} nhưng theo dữ liệu "
                           f"hiện có không còn đủ điều kiện của nhóm này ({facts_text(v.facts)}).")
            else:
                continue
            details: dict[str, Any] = {"reason": v.kind, "person_status": b["person__status"]}
            if v.facts:
                details["facts"] = {k: v.facts[k] for k in ("age", "poverty",
                                                            "disability_level") if k in v.facts}
            if not b["category__restricted"]:
                details["category"] = b["category__code"]
            yield Hit(key=f"{b['id']}", unit_id=b["commune_id"], summary=summary,
                      details=details, person_id=b["person_id"],
                      household_id=b["person__household_id"], benefit_id=b["id"])
