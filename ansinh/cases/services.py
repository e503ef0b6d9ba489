"""Dossiers through their steps, postings, decisions, and the benefits decisions make.

Every state change is one transaction with one audit event. Who may act: officers of the
dossier's commune prepare and move it; the decision step needs the commune leader, and never
the person who prepared the dossier (maker-checker).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role
from ansinh.cases.models import (
    CHANGE_KINDS,
    ENTITLEMENT_KINDS,
    MONTHLY_KINDS,
    Benefit,
    BenefitStatus,
    Case,
    CaseDocument,
    CaseKind,
    CaseStep,
    Decision,
    Posting,
    PostingEntry,
    PostingFeedback,
    Programme,
)
from ansinh.cases.procedures import (
    DECIDED,
    POSTED,
    RECEIVED,
    REJECTED,
    UNPOSTED_KINDS,
    procedure_by_code,
    procedure_for,
    steps_for,
)
from ansinh.core.audit import audit_record
from ansinh.core.calendar import WorkingCalendar
from ansinh.core.errors import DomainError, NotFound, PermissionDenied
from ansinh.core.scoping import require_write, unit_in_scope
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.policies.eligibility import (
    RuleSet,
    entitlements_of,
    evaluate,
    person_entitlements,
    person_facts,
    start_month,
)
from ansinh.policies.models import Category, Policy, PolicyKind
from ansinh.registry.models import Person, PersonStatus

T = TypeVar("T")
POSTING_DAYS = 2  # working days a list stays posted (Decree 20/2021 Art 8)
FEEDBACK_ANSWER_DAYS = 10  # working days to answer a complaint


def _present(value: T | None) -> T:
    """A link a dossier of its kind always has (a person, a category, a benefit)."""
    if value is None:
        raise DomainError(_("Hồ sơ thiếu thông tin cần cho bước này."))
    return value


def month_start(d: date) -> date:
    return d.replace(day=1)


def add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def require_commune_officer(actor: Any, commune: AdministrativeUnit) -> None:
    require_write(actor)
    if not unit_in_scope(actor, commune):
        raise NotFound(_("Không tìm thấy đơn vị."))
    if commune.level != UnitLevel.COMMUNE or commune.is_legacy:
        raise DomainError(_("Hồ sơ thuộc một xã, phường, đặc khu hiện hành."))


def _next_reference(commune: AdministrativeUnit, year: int) -> str:
    # The commune row is locked by the caller, so two dossiers cannot take one number.
    prefix = f"HS-{year}-"
    taken = Case.objects.filter(commune=commune, reference__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


def _lock_commune(commune: AdministrativeUnit) -> None:
    AdministrativeUnit.objects.select_for_update().filter(pk=commune.pk).exists()


def _step_due(case: Case, step_code: str, calendar: WorkingCalendar) -> date | None:
    """The deadline of a step: its days counted from the receipt, step after step."""
    days = 0
    for step in steps_for(procedure_by_code(case.procedure), case.kind):
        days += step.days
        if step.code == step_code:
            return calendar.add_working_days(case.received_on, days)
    return None


# --- opening ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseRequest:
    kind: str
    person: Person | None
    policy: Policy
    category: Category | None = None
    received_on: date | None = None
    effective_on: date | None = None
    benefit: Benefit | None = None
    note: str = ""


def case_open(*, actor: Any, commune: AdministrativeUnit, request: CaseRequest,
              programme: Programme | None = None) -> Case:
    """Receive a dossier: it gets its number, procedure, deadlines and document checklist.

    The amount is never taken from the caller: the eligibility engine gives it, with its
    reason, for the category asked for (a programme's dossier carries the list's total).
    """
    require_commune_officer(actor, commune)
    received_on = request.received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise DomainError(_("Ngày nhận hồ sơ ở tương lai."), field="received_on")
    person = request.person
    if person is not None and person.commune_id != commune.pk:
        raise DomainError(_("%(p)s không thuộc %(c)s.") % {"p": person.full_name,
                                                           "c": commune.name}, field="person")
    kind = request.kind
    if kind in CHANGE_KINDS:
        _check_benefit_change(request, commune)
    if programme is not None:
        amount, explanation = programme.total, ""
    elif kind in ENTITLEMENT_KINDS:
        amount, explanation = _entitlement(request, received_on)
    else:
        amount, explanation = 0, ""
    procedure = procedure_for(received_on)
    calendar = WorkingCalendar()
    with transaction.atomic():
        _lock_commune(commune)
        case = Case(
            commune=commune, reference=_next_reference(commune, received_on.year), kind=kind,
            person=person, policy=request.policy, category=request.category,
            benefit=request.benefit, programme=programme, received_on=received_on,
            effective_on=request.effective_on, procedure=procedure.code, step=RECEIVED,
            due_on=calendar.add_working_days(received_on, sum(
                s.days for s in steps_for(procedure, kind))),
            amount=amount, explanation=explanation[:500], note=request.note, prepared_by=actor)
        case.step_due_on = _step_due(case, _next_code(case), calendar)
        case.save()
        CaseStep.objects.create(case=case, step=RECEIVED, actor=actor, due_on=received_on,
                                comment=request.note)
        documents = request.category.documents if request.category else []
        CaseDocument.objects.bulk_create(CaseDocument(case=case, name=name) for name in documents)
        audit_record(actor=actor, action="cases.case.open", obj=case, unit=commune,
                     changes={"kind": kind, "person": person.pk if person else None,
                              "category": _audited_category(request.category),
                              "received_on": received_on})
    return case


def _audited_category(category: Category | None) -> str | None:
    """The audit log is read by supervisors and auditors: a category that reveals HIV status
    (K3, K8) is written there as "restricted", never by its code."""
    if category is None:
        return None
    return "restricted" if category.restricted else category.code


def _entitlement(request: CaseRequest, received_on: date) -> tuple[int, str]:
    """The amount and reason the engine gives for the category asked for: it must be one the
    person qualifies for, and is paid under the overlap rule, on the facts known."""
    person, category = request.person, request.category
    if person is None or category is None:
        raise DomainError(_("Hồ sơ cần đối tượng và nhóm đối tượng."), field="category")
    if category.policy_id != request.policy.pk:
        raise DomainError(_("Nhóm đối tượng không thuộc chính sách đã chọn."), field="category")
    at = received_on
    if request.kind == CaseKind.FUNERAL:
        # Funeral support is judged on the facts of the day the person died.
        if person.status != PersonStatus.DECEASED or person.status_date is None:
            raise DomainError(_("Chưa ghi nhận %(p)s qua đời.") % {"p": person.full_name},
                              field="person")
        at = min(at, person.status_date)
    elif person.status != PersonStatus.LIVING:
        raise DomainError(_("%(p)s không còn ở địa phương.") % {"p": person.full_name},
                          field="person")
    monthly = request.kind in MONTHLY_KINDS
    found = [e for e in person_entitlements(person.pk, at, policy_codes=[request.policy.code])
             if e.category == category.code and e.paid and e.monthly == monthly]
    if not found:
        raise DomainError(_(
            "Theo dữ liệu hiện có, %(p)s chưa đủ điều kiện nhóm %(c)s tại ngày nhận hồ sơ. "
            "Hãy kiểm tra ngày sinh, mức độ khuyết tật, hộ nghèo hoặc ghi nhận hoàn cảnh "
            "trước.") % {"p": person.full_name, "c": category.code},
            field="category")
    return found[0].amount, found[0].explanation


def _check_benefit_change(request: CaseRequest, commune: AdministrativeUnit) -> None:
    benefit = request.benefit
    if benefit is None or benefit.commune_id != commune.pk or (
            request.person is not None and benefit.person_id != request.person.pk):
        raise DomainError(_("Chọn chế độ đang hưởng cần thay đổi."), field="benefit")
    if benefit.policy_id != request.policy.pk:
        raise DomainError(_("Nhóm đối tượng mới phải thuộc cùng chính sách với chế độ đang "
                            "hưởng."), field="category")
    if benefit.status == BenefitStatus.STOPPED:
        raise DomainError(_("Chế độ này đã thôi hưởng."), field="benefit")
    if request.kind == CaseKind.RESUME and benefit.status != BenefitStatus.SUSPENDED:
        raise DomainError(_("Chỉ hưởng lại một chế độ đang tạm dừng."), field="benefit")
    if request.kind == CaseKind.SUSPEND and benefit.status != BenefitStatus.ACTIVE:
        raise DomainError(_("Chỉ tạm dừng một chế độ đang hưởng."), field="benefit")


def _step_label(case: Case) -> str:
    """The label of the step the dossier waits for."""
    return str(procedure_by_code(case.procedure).step(_next_code(case)).label)


def _next_code(case: Case) -> str:
    procedure = procedure_by_code(case.procedure)
    codes = [s.code for s in steps_for(procedure, case.kind)]
    index = codes.index(case.step)
    return codes[index + 1] if index + 1 < len(codes) else case.step


# --- moving through the steps -------------------------------------------------------------------

def case_advance(*, actor: Any, case: Case, comment: str = "") -> Case:
    """Record the next step done (not the decision: see ``case_decide``)."""
    require_commune_officer(actor, case.commune)
    if not case.is_open:
        raise DomainError(_("Hồ sơ đã kết thúc."))
    nxt = _next_code(case)
    if nxt == DECIDED:
        raise DomainError(_("Bước tiếp theo là quyết định: hãy lập quyết định."))
    if nxt == POSTED and not case.postings.exists():
        raise DomainError(_("Hồ sơ chưa được đưa vào danh sách niêm yết công khai."))
    if nxt == POSTED:
        posting = case.postings.select_related("posting").last()
        if posting and posting.posting.closes_on >= timezone.localdate():
            raise DomainError(_("Danh sách niêm yết đến hết ngày %(d)s mới kết thúc.")
                              % {"d": posting.posting.closes_on.strftime("%d/%m/%Y")})
    calendar = WorkingCalendar()
    with transaction.atomic():
        case.step = nxt
        case.step_due_on = _step_due(case, _next_code(case), calendar)
        case.save(update_fields=["step", "step_due_on"])
        CaseStep.objects.create(case=case, step=nxt, actor=actor,
                                due_on=_step_due(case, nxt, calendar), comment=comment)
        audit_record(actor=actor, action="cases.case.advance", obj=case, unit=case.commune,
                     changes={"step": nxt})
    return case


def case_reject(*, actor: Any, case: Case, reason: str) -> Case:
    require_commune_officer(actor, case.commune)
    if not case.is_open:
        raise DomainError(_("Hồ sơ đã kết thúc."))
    if not reason.strip():
        raise DomainError(_("Hãy ghi lý do không giải quyết."), field="reason")
    with transaction.atomic():
        case.step, case.closed_at = REJECTED, timezone.now()
        case.save(update_fields=["step", "closed_at"])
        CaseStep.objects.create(case=case, step=REJECTED, actor=actor, comment=reason)
        audit_record(actor=actor, action="cases.case.reject", obj=case, unit=case.commune,
                     changes={"reason": reason})
    return case


def case_document_update(*, actor: Any, document: CaseDocument, received: bool,
                         file: Any = None) -> CaseDocument:
    require_commune_officer(actor, document.case.commune)
    if not document.case.is_open:
        raise DomainError(_("Hồ sơ đã kết thúc: không sửa giấy tờ được nữa."))
    with transaction.atomic():
        document.received = received
        document.received_by = actor if received else None
        fields = ["received", "received_by"]
        if file is not None:
            document.file = file
            fields.append("file")
        document.save(update_fields=fields)
        audit_record(actor=actor, action="cases.document.update", obj=document.case,
                     unit=document.case.commune,
                     changes={"document": document.name, "received": received,
                              "file": bool(file)})
    return document


# --- postings ----------------------------------------------------------------------------------

def posting_create(*, actor: Any, commune: AdministrativeUnit, title: str, opens_on: date,
                   cases: list[Case]) -> Posting:
    """Post the proposed list publicly for the window of working days.

    Entries are snapshots; a group that reveals HIV status (K3, K8) is posted under the neutral
    label of its policy, and HIV status itself is never read here.
    """
    require_commune_officer(actor, commune)
    if not cases:
        raise DomainError(_("Chọn ít nhất một hồ sơ để niêm yết."), field="cases")
    for case in cases:
        if case.commune_id != commune.pk or not case.is_open:
            raise DomainError(_("Hồ sơ %(r)s không thể niêm yết.") % {"r": case.reference})
        if case.kind in UNPOSTED_KINDS:
            raise DomainError(_("Hồ sơ %(r)s (%(k)s) không cần niêm yết.")
                              % {"r": case.reference, "k": case.get_kind_display()})
        if _next_code(case) != POSTED:
            raise DomainError(_("Hồ sơ %(r)s chưa đến bước niêm yết (đang ở bước “%(s)s”).")
                              % {"r": case.reference, "s": _step_label(case)})
        if case.postings.exists():
            raise DomainError(_("Hồ sơ %(r)s đã được niêm yết.") % {"r": case.reference})
    closes_on = WorkingCalendar().add_working_days(opens_on, POSTING_DAYS - 1) \
        if WorkingCalendar().is_working_day(opens_on) else \
        WorkingCalendar().add_working_days(opens_on, POSTING_DAYS)
    with transaction.atomic():
        posting = Posting.objects.create(commune=commune, title=title, opens_on=opens_on,
                                         closes_on=closes_on, created_by=actor)
        PostingEntry.objects.bulk_create(_entries(posting, cases))
        audit_record(actor=actor, action="cases.posting.create", obj=posting, unit=commune,
                     changes={"cases": [c.reference for c in cases]})
    return posting


def _group_label(category: Category | None, policy: Policy) -> str:
    if category is None or category.restricted:
        return policy.name
    return f"{category.code} — {category.name}"


def _entries(posting: Posting, cases: list[Case]) -> list[PostingEntry]:
    entries = []
    for case in cases:
        if case.programme_id is not None:
            programme = _present(case.programme)
            for line in programme.lines.filter(excluded=False).select_related("category"):
                entries.append(PostingEntry(
                    posting=posting, case=case, programme_line=line, full_name=line.full_name,
                    birth_year=line.birth_year, address=line.address,
                    group_label=_group_label(line.category, case.policy), amount=line.amount))
            continue
        person = _present(case.person)
        entries.append(PostingEntry(
            posting=posting, case=case, full_name=person.full_name, birth_year=person.birth_year,
            address=person.household.address, group_label=_group_label(case.category,
                                                                      case.policy),
            amount=case.amount))
    return entries


def posting_feedback_record(*, actor: Any, posting: Posting, content: str, received_on: date,
                            sender: str = "", entry: PostingEntry | None = None
                            ) -> PostingFeedback:
    require_commune_officer(actor, posting.commune)
    if not content.strip():
        raise DomainError(_("Hãy ghi nội dung phản ánh."), field="content")
    if entry is not None and entry.posting_id != posting.pk:
        raise DomainError(_("Dòng được phản ánh không thuộc danh sách niêm yết này."),
                          field="entry")
    with transaction.atomic():
        feedback = PostingFeedback.objects.create(
            posting=posting, entry=entry, received_on=received_on, sender=sender,
            content=content, recorded_by=actor,
            answer_due_on=WorkingCalendar().add_working_days(received_on, FEEDBACK_ANSWER_DAYS))
        audit_record(actor=actor, action="cases.posting.feedback", obj=posting,
                     unit=posting.commune, changes={"feedback": feedback.pk})
    return feedback


def posting_feedback_answer(*, actor: Any, feedback: PostingFeedback, answer: str) -> None:
    require_commune_officer(actor, feedback.posting.commune)
    if not answer.strip():
        raise DomainError(_("Hãy ghi nội dung trả lời."), field="answer")
    with transaction.atomic():
        feedback.answer, feedback.answered_on = answer, timezone.localdate()
        feedback.save(update_fields=["answer", "answered_on"])
        audit_record(actor=actor, action="cases.posting.answer", obj=feedback.posting,
                     unit=feedback.posting.commune, changes={"feedback": feedback.pk})


# --- deciding ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DecisionInput:
    number: str
    signed_on: date
    signer_name: str
    signer_title: str = "CHỦ TỊCH"


def case_decide(*, actor: Any, case: Case, decision: DecisionInput) -> Decision:
    """Sign the decision: creates or changes the benefit under the start-month rules."""
    require_commune_officer(actor, case.commune)
    assignment = actor.assignment
    if assignment.role != Role.COMMUNE_LEADER:
        raise PermissionDenied(_("Chỉ lãnh đạo UBND xã được ký quyết định."))
    if actor.pk == case.prepared_by_id:
        raise PermissionDenied(_("Người lập hồ sơ không được tự phê duyệt (nguyên tắc hai "
                                 "người: người lập và người duyệt khác nhau)."))
    if not case.is_open:
        raise DomainError(_("Hồ sơ đã kết thúc."))
    if _next_code(case) != DECIDED:
        raise DomainError(_("Hồ sơ chưa qua bước “%(s)s”.") % {"s": _step_label(case)})
    missing = [d.name for d in case.documents.all() if not d.received]
    if missing:
        raise DomainError(_("Còn thiếu giấy tờ: %(d)s.") % {"d": "; ".join(missing)})
    if decision.signed_on < case.received_on or decision.signed_on > timezone.localdate():
        raise DomainError(_("Ngày ký phải từ ngày nhận hồ sơ đến hôm nay."), field="signed_on")
    if not decision.number.strip() or not decision.signer_name.strip():
        raise DomainError(_("Hãy ghi số quyết định và người ký."), field="number")
    with transaction.atomic():
        try:
            with transaction.atomic():
                signed = Decision.objects.create(
                    commune=case.commune, number=decision.number.strip(),
                    signed_on=decision.signed_on, signer_name=decision.signer_name.strip(),
                    signer_title=decision.signer_title, summary=_summary(case),
                    recorded_by=actor)
        except IntegrityError as exc:
            raise DomainError(_("Số quyết định %(n)s đã dùng.") % {"n": decision.number},
                              field="number") from exc
        _apply(case, signed)
        case.step, case.decision, case.closed_at = DECIDED, signed, timezone.now()
        case.save(update_fields=["step", "decision", "closed_at"])
        CaseStep.objects.create(case=case, step=DECIDED, actor=actor,
                                comment=f"Quyết định số {signed.number}")
        audit_record(actor=actor, action="cases.case.decide", obj=case, unit=case.commune,
                     changes={"decision": signed.number, "signed_on": signed.signed_on})
    return signed


def _summary(case: Case) -> str:
    who = case.person.full_name if case.person else case.programme.title if case.programme else ""
    return f"{case.get_kind_display()}: {who}"[:300]


def _apply(case: Case, decision: Decision) -> None:
    month = month_start(decision.signed_on)
    effective = month_start(case.effective_on) if case.effective_on else month
    if case.kind == CaseKind.NEW_BENEFIT:
        _benefit_create(case, decision)
    elif case.kind in (CaseKind.ONE_OFF, CaseKind.FUNERAL):
        if case.programme_id is not None:
            _programme_benefits(case, decision)
        else:
            _one_off_benefit(case, decision, case.person, case.category, case.amount)
    elif case.kind in (CaseKind.STOP, CaseKind.MOVE_OUT):
        benefit_stop(case.benefit, last_month=add_months(effective, -1)
                     if case.kind == CaseKind.STOP else effective)
    elif case.kind == CaseKind.SUSPEND:
        _benefit_set_status(case.benefit, BenefitStatus.SUSPENDED, effective)
    elif case.kind == CaseKind.RESUME:
        _benefit_set_status(case.benefit, BenefitStatus.ACTIVE, effective)
    elif case.kind == CaseKind.ADJUST:
        benefit_stop(case.benefit, last_month=add_months(effective, -1))
        _benefit_create(case, decision, starts=effective)


def _benefit_create(case: Case, decision: Decision, starts: date | None = None) -> Benefit:
    person, category = _present(case.person), _present(case.category)
    found = [e for e in person_entitlements(person.pk, decision.signed_on,
                                            policy_codes=[case.policy.code])
             if e.category == category.code]
    if not found:
        raise DomainError(_("Tại ngày ký, %(p)s không còn đủ điều kiện nhóm %(c)s.")
                          % {"p": person.full_name, "c": category.code})
    entitlement = found[0]
    if starts is None:
        starts = start_month(category.start_rule, received_on=case.received_on,
                             decided_on=decision.signed_on, birth_date=person.birth_date,
                             certificate_on=person.disability_certified_on)
        # A person who moved in resumes the month after the old commune stopped paying.
        moved = Benefit.objects.filter(person=person, policy=case.policy, one_off=False,
                                       status=BenefitStatus.STOPPED,
                                       end_month__isnull=False).order_by("-end_month").first()
        if moved is not None and moved.end_month is not None and moved.end_month >= starts:
            starts = add_months(moved.end_month, 1)
    try:
        with transaction.atomic():
            return Benefit.objects.create(
                person=person, commune=case.commune, policy=case.policy, category=category,
                hundredths=entitlement.hundredths, multiplier=entitlement.multiplier,
                base_parameters=entitlement.base_parameters,
                monthly_amount=entitlement.amount, start_month=starts, decision=decision)
    except IntegrityError as exc:
        raise DomainError(_("%(p)s đang hưởng một chế độ của chính sách này.")
                          % {"p": person.full_name}) from exc


def _one_off_benefit(case: Case, decision: Decision, person: Person | None,
                     category: Category | None, amount: int) -> Benefit:
    person, category = _present(person), _present(category)
    month = month_start(decision.signed_on)
    return Benefit.objects.create(
        person=person, commune=case.commune, policy=case.policy, category=category,
        hundredths=100, multiplier=1, base_parameters="", monthly_amount=amount, one_off=True,
        start_month=month, end_month=month, decision=decision)


def _programme_benefits(case: Case, decision: Decision) -> None:
    programme = _present(case.programme)
    month = month_start(decision.signed_on)
    Benefit.objects.bulk_create((
        Benefit(person_id=line.person_id, commune=case.commune, policy=case.policy,
                category_id=line.category_id, hundredths=100, multiplier=1, base_parameters="",
                monthly_amount=line.amount, one_off=True, start_month=month, end_month=month,
                decision=decision, programme=programme)
        for line in programme.lines.filter(excluded=False)), batch_size=2000)
    programme.status = Programme.Status.DECIDED
    programme.save(update_fields=["status"])


def benefit_stop(benefit: Benefit | None, *, last_month: date) -> None:
    """Pay through ``last_month``; nothing after it."""
    benefit = _present(benefit)
    benefit.status = BenefitStatus.STOPPED
    benefit.end_month = max(add_months(benefit.start_month, -1), last_month)
    benefit.status_from = add_months(last_month, 1)
    benefit.save(update_fields=["status", "end_month", "status_from", "updated_at"])


def _benefit_set_status(benefit: Benefit | None, status: str, month: date) -> None:
    benefit = _present(benefit)
    benefit.status, benefit.status_from = status, month
    benefit.save(update_fields=["status", "status_from", "updated_at"])


# --- deaths ------------------------------------------------------------------------------------

def benefits_stop_after_death(actor: Any, person: Person, died_on: date) -> Case | None:
    """Stop every benefit from the month after the death; open the funeral-support dossier for
    a person who was on a monthly allowance or the social pension."""
    running = list(Benefit.objects.filter(person=person, one_off=False)
                   .exclude(status=BenefitStatus.STOPPED).select_related("policy"))
    for benefit in running:
        benefit_stop(benefit, last_month=month_start(died_on))
    if running:
        audit_record(actor=actor, action="cases.benefit.stop_death", obj=person,
                     unit=person.commune, changes={"benefits": [b.pk for b in running],
                                                   "last_month": month_start(died_on)})
    if not any(b.policy.code in ("TGXH", "HTXH") for b in running):
        return None
    policy = Policy.objects.filter(code="MAITANG", kind=PolicyKind.ONE_OFF).first()
    if policy is None:
        return None
    found = person_entitlements(person.pk, died_on, policy_codes=[policy.code])
    if not found:
        return None
    category = Category.objects.get(policy=policy, code=found[0].category)
    return case_open(
        actor=actor, commune=person.commune,
        request=CaseRequest(kind=CaseKind.FUNERAL, person=person, policy=policy,
                            category=category, received_on=timezone.localdate(),
                            effective_on=died_on,
                            # Stored text is Vietnamese whatever the officer's interface.
                            note="Mở tự động khi ghi nhận người hưởng trợ cấp qua đời."))


# --- taking over the lists kept before An Sinh ----------------------------------------------------

@dataclass(frozen=True)
class TakeOverRow:
    """A person already receiving the allowance when the commune started using An Sinh: the
    category on the old list and the month they have been paid from."""

    person: Person
    category: Category
    start_month: date


def benefits_take_over(*, actor: Any, commune: AdministrativeUnit, policy: Policy,
                       decision: DecisionInput, rows: list[TakeOverRow]) -> Decision:
    """Record the commune's running list as it stands: one decision of the chair ("tiếp nhận
    danh sách đối tượng đang hưởng") and one benefit per person, set-based.

    The amounts are not taken from the old list: the eligibility engine gives each person's
    coefficient and amount at the signing date, for the category on the list, and a person it
    does not put there is refused by name. The start months are the old list's (months before
    An Sinh were paid outside it), never after the decision's month.
    """
    require_commune_officer(actor, commune)
    if actor.assignment.role != Role.COMMUNE_LEADER:
        raise PermissionDenied(_("Chỉ lãnh đạo UBND xã được ký quyết định."))
    if policy.kind != PolicyKind.MONTHLY:
        raise DomainError(_("Chỉ tiếp nhận danh sách của chính sách chi hằng tháng."),
                          field="policy")
    if not rows:
        raise DomainError(_("Danh sách tiếp nhận không có ai."), field="rows")
    if decision.signed_on > timezone.localdate():
        raise DomainError(_("Ngày ký ở tương lai."), field="signed_on")
    if not decision.number.strip() or not decision.signer_name.strip():
        raise DomainError(_("Hãy ghi số quyết định và người ký."), field="number")
    signed_month = month_start(decision.signed_on)
    person_ids = [row.person.pk for row in rows]
    if len(set(person_ids)) != len(person_ids):
        raise DomainError(_("Một người có hai dòng trong danh sách tiếp nhận."), field="rows")
    running = set(Benefit.objects.filter(person__in=person_ids, policy=policy, one_off=False)
                  .exclude(status=BenefitStatus.STOPPED).values_list("person_id", flat=True))
    for row in rows:
        person = row.person
        if person.commune_id != commune.pk:
            raise DomainError(_("%(p)s không thuộc %(c)s.") % {"p": person.full_name,
                                                               "c": commune.name}, field="rows")
        if row.category.policy_id != policy.pk:
            raise DomainError(_("Nhóm đối tượng không thuộc chính sách đã chọn."),
                              field="rows")
        if person.pk in running:
            raise DomainError(_("%(p)s đang hưởng một chế độ của chính sách này.")
                              % {"p": person.full_name}, field="rows")
        if row.start_month != month_start(row.start_month) or row.start_month > signed_month:
            raise DomainError(_("Tháng bắt đầu hưởng của %(p)s phải là một tháng, không sau "
                                "tháng ký quyết định.") % {"p": person.full_name},
                              field="rows")
    rules = RuleSet.at_date(decision.signed_on, policy_codes=[policy.code])
    results = evaluate(person_facts(at=decision.signed_on, person_ids=person_ids), rules)
    found = {(e.category, row["person_id"]): e for e, row in
             zip(entitlements_of(results, rules), results.iter_rows(named=True), strict=True)
             if e.paid}
    benefits = []
    for row in rows:
        entitlement = found.get((row.category.code, row.person.pk))
        if entitlement is None:
            raise DomainError(_(
                "Theo dữ liệu hiện có, %(p)s không thuộc nhóm %(c)s tại ngày ký quyết định "
                "(hoặc được hưởng ở nhóm mức cao hơn).")
                % {"p": row.person.full_name, "c": row.category.code}, field="rows")
        benefits.append(Benefit(
            person=row.person, commune=commune, policy=policy, category=row.category,
            hundredths=entitlement.hundredths, multiplier=entitlement.multiplier,
            base_parameters=entitlement.base_parameters, monthly_amount=entitlement.amount,
            start_month=row.start_month))
    with transaction.atomic():
        try:
            with transaction.atomic():
                signed = Decision.objects.create(
                    commune=commune, number=decision.number.strip(),
                    signed_on=decision.signed_on, signer_name=decision.signer_name.strip(),
                    signer_title=decision.signer_title,
                    summary=(f"Tiếp nhận danh sách {len(rows)} đối tượng đang hưởng "
                             f"{policy.name.lower()}")[:300],
                    recorded_by=actor)
        except IntegrityError as exc:
            raise DomainError(_("Số quyết định %(n)s đã dùng.") % {"n": decision.number},
                              field="number") from exc
        for benefit in benefits:
            benefit.decision = signed
        Benefit.objects.bulk_create(benefits, batch_size=2000)
        audit_record(actor=actor, action="cases.benefit.take_over", obj=signed, unit=commune,
                     changes={"policy": policy.code, "benefits": len(benefits),
                              "signed_on": decision.signed_on,
                              "total": sum(b.monthly_amount for b in benefits)})
    return signed
