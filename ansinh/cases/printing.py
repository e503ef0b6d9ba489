"""What the printed posting list and the printed decision say.

The templates (``cases/documents/``) lay the pages out on ``ansinh.core.documents``' Decree
30/2020/NĐ-CP bases; this module words the content. The posting list reads only the posted
entries, which are snapshots without HIV status; the decision names a restricted group (K3,
K8) only to the commune's own officers and leader, and says the policy's name to anyone else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ansinh.cases.models import Benefit, Case, CaseKind, Decision, Posting
from ansinh.cases.procedures import procedure_by_code
from ansinh.cases.selectors import (
    category_label,
    commune_place,
    decision_benefits,
    decision_cases,
    sees_restricted,
)
from ansinh.core.text import amount_in_words, format_date, format_money
from ansinh.registry.models import DatePrecision, Person, Sex

# The Law on Organisation of Local Government in force on the day of signing.
LOCAL_GOVERNMENT_LAWS = (
    (date(2025, 6, 16), "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025"),
    (date(2016, 1, 1), "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"),
)
RECIPIENTS = ["Như Điều 2", "Lưu: VT"]


def _month(d: date) -> str:
    return f"{d.month:02d}/{d.year}"


def _money(amount: int) -> str:
    return f"{format_money(amount)} ({amount_in_words(amount)})"


def _title(person: Person, at: date) -> str:
    """How a decision addresses the person: ông, bà, or cháu for a child under 16."""
    if person.birth_year and at.year - person.birth_year < 16:
        return "cháu"
    return "bà" if person.sex == Sex.FEMALE else "ông"


def _born(person: Person) -> str:
    if person.birth_date and person.birth_precision == DatePrecision.DAY:
        return f"sinh ngày {format_date(person.birth_date)}"
    if person.birth_year:
        return f"sinh năm {person.birth_year}"
    return ""


def _who(person: Person, at: date) -> str:
    """"bà Lê Thị Hoa, sinh ngày 01/06/1980, nơi cư trú: Số 1, Tổ 3, Phường Ba Đình"."""
    parts = [f"{_title(person, at)} {person.full_name}"]
    if born := _born(person):
        parts.append(born)
    address = ", ".join(p for p in (person.household.address, person.commune.name) if p)
    parts.append(f"nơi cư trú: {address}")
    return ", ".join(parts)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# --- the decision -------------------------------------------------------------------------------

@dataclass
class DecisionText:
    summary: str
    bases: list[str]
    article_1: list[str]
    article_2: str
    amount: int = 0
    beneficiaries: list[Benefit] = field(default_factory=list)


def decision_text(decision: Decision, *, viewer: Any) -> DecisionText:
    """The wording of a decision: "Về việc …", the legal bases, Điều 1 and Điều 2."""
    cases = list(decision_cases(decision))
    case = cases[0] if cases else None
    benefits = list(decision_benefits(decision))
    law = next((text for since, text in LOCAL_GOVERNMENT_LAWS if decision.signed_on >= since),
               LOCAL_GOVERNMENT_LAWS[-1][1])
    bases = [law]
    if case is not None:
        bases.append(case.policy.legal_basis)
        procedure = procedure_by_code(case.procedure)
        decree = procedure.legal_basis.split()[-1]
        if decree not in case.policy.legal_basis:
            bases.append(procedure.legal_basis)
    if case is None:
        return DecisionText(summary=decision.summary, bases=bases, article_1=[decision.summary],
                            article_2=_article_2(decision, None))
    restricted_ok = sees_restricted(viewer)
    summary, article_1 = _articles(case, decision, benefits, restricted_ok)
    return DecisionText(summary=summary, bases=bases, article_1=article_1,
                        article_2=_article_2(decision, case), amount=case.amount,
                        beneficiaries=benefits)


def _articles(case: Case, decision: Decision, benefits: list[Benefit],
              restricted_ok: bool) -> tuple[str, list[str]]:
    policy = case.policy
    at = decision.signed_on
    if case.programme is not None:
        programme = case.programme
        return (f"Về việc phê duyệt danh sách và kinh phí {_lower_first(programme.title)}", [
            f"Phê duyệt danh sách {programme.persons} người thuộc {programme.households} hộ "
            f"được hỗ trợ theo {policy.legal_basis} (có danh sách kèm theo).",
            f"Tổng kinh phí hỗ trợ: {_money(programme.total)}, chi một lần."])
    person = case.person
    if person is None:
        return decision.summary, [decision.summary]
    who = _who(person, at)
    name = f"{_title(person, at)} {person.full_name}"
    group = category_label(case.category, policy, restricted_ok=restricted_ok)
    benefit = benefits[0] if benefits else case.benefit
    policy_name = _lower_first(policy.name)
    if case.kind in (CaseKind.NEW_BENEFIT, CaseKind.ADJUST) and benefit is not None:
        verb = "Điều chỉnh mức hưởng" if case.kind == CaseKind.ADJUST else "Hưởng"
        summary = (f"Về việc điều chỉnh mức {policy_name} đối với {name}"
                   if case.kind == CaseKind.ADJUST else f"Về việc {policy_name} đối với {name}")
        return summary, [
            f"{verb} {policy_name} đối với {who}.",
            f"Nhóm đối tượng: {group}.",
            f"Mức hưởng hằng tháng: {_money(benefit.monthly_amount)}, "
            f"kể từ tháng {_month(benefit.start_month)}."]
    if case.kind == CaseKind.FUNERAL:
        return (f"Về việc hỗ trợ chi phí mai táng đối với gia đình {name}", [
            f"Hỗ trợ chi phí mai táng đối với gia đình {who}.",
            f"Số tiền hỗ trợ: {_money(case.amount)}, chi một lần."])
    if case.kind == CaseKind.ONE_OFF:
        return (f"Về việc {policy_name} đối với {name}", [
            f"Hỗ trợ một lần đối với {who}; nhóm đối tượng: {group}.",
            f"Số tiền hỗ trợ: {_money(case.amount)}."])
    verbs = {CaseKind.SUSPEND: "Tạm dừng hưởng", CaseKind.RESUME: "Hưởng lại",
             CaseKind.STOP: "Thôi hưởng", CaseKind.MOVE_OUT: "Thôi hưởng"}
    verb = verbs.get(CaseKind(case.kind), case.get_kind_display())
    since = benefit.status_from if benefit is not None and benefit.status_from else None
    reason = f" tại {case.commune.name} do chuyển nơi ở" if case.kind == CaseKind.MOVE_OUT \
        else ""
    lines = [f"{verb} {policy_name}{reason} đối với {who}; nhóm đối tượng: {group}."]
    if since is not None:
        lines.append(f"Thời điểm áp dụng: từ tháng {_month(since)}.")
    return f"Về việc {_lower_first(verb)} {policy_name} đối với {name}", lines


def _article_2(decision: Decision, case: Case | None) -> str:
    if case is not None and case.programme is not None:
        concerned = "các cá nhân có tên trong danh sách kèm theo"
    elif case is not None and case.person is not None:
        prefix = "gia đình " if case.kind == CaseKind.FUNERAL else ""
        concerned = f"{prefix}{_title(case.person, decision.signed_on)} {case.person.full_name}"
    else:
        concerned = "các cá nhân có liên quan"
    return (f"Quyết định này có hiệu lực kể từ ngày ký. Công chức Văn hóa - Xã hội, kế toán "
            f"ngân sách {decision.commune.name} và {concerned} chịu trách nhiệm thi hành "
            f"Quyết định này.")


def decision_context(decision: Decision, *, viewer: Any) -> dict[str, Any]:
    text = decision_text(decision, viewer=viewer)
    commune = decision.commune
    return {
        "decision": decision, "text": text,
        "issuer": f"UBND {commune.name}", "authority": f"Ủy ban nhân dân {commune.name}",
        "number": decision.number, "place": commune_place(commune),
        "signed_on": decision.signed_on, "doc_type": "Quyết định", "summary": text.summary,
        "signer_authority": "TM. Ủy ban nhân dân", "signer_title": decision.signer_title,
        "signer_name": decision.signer_name, "recipients": RECIPIENTS,
    }


# --- the posting list ---------------------------------------------------------------------------

def posting_context(posting: Posting) -> dict[str, Any]:
    """The signed list of a posting: entry fields only (already free of HIV status)."""
    entries = list(posting.entries.order_by("id"))
    one_off = not posting.entries.exclude(
        case__kind__in=[CaseKind.ONE_OFF, CaseKind.FUNERAL]).exists()
    total = sum(e.amount for e in entries)
    commune = posting.commune
    creator = posting.created_by
    return {
        "posting": posting, "entries": entries,
        "issuer": f"UBND {commune.name}", "number": "", "place": commune_place(commune),
        "signed_on": posting.opens_on,
        "title": "Danh sách niêm yết công khai", "subtitle": posting.title,
        "window": (f"Niêm yết từ ngày {format_date(posting.opens_on)} đến hết ngày "
                   f"{format_date(posting.closes_on)} tại {_lower_first(posting.place)}."),
        "one_off": one_off, "total": total if one_off else None, "sum": total,
        "signatures": [("Người lập danh sách", getattr(creator, "full_name", "") or ""),
                       ("TM. Ủy ban nhân dân", "")],
    }
