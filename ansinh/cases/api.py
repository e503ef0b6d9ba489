"""Dossiers, benefits, programmes and the gap finder in the API, scoped like the pages.

The same services as the pages; their refusals come back as the API's Vietnamese error bodies
(400 for a rule, 403 for a role, 404 for a record outside the user's units).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from ansinh.cases import selectors, services
from ansinh.cases.models import (
    MONTHLY_KINDS,
    Benefit,
    Case,
    CaseDocument,
    CaseKind,
    Programme,
    ProgrammeLine,
)
from ansinh.core.calendar import WorkingCalendar
from ansinh.core.errors import DomainError, NotFound
from ansinh.geo.selectors import unit_get_for_user
from ansinh.policies.models import Category, Policy
from ansinh.registry.selectors import person_get_for_user

router = Router(tags=["Hồ sơ, chế độ"])


def _sees_restricted(context: Any) -> bool:
    request = (context or {}).get("request")
    return request is not None and selectors.sees_restricted(request.user)


def _category(category: Category | None, restricted_ok: bool) -> str | None:
    """The group's code, or None where it reveals HIV status to a role that may not see it."""
    if category is None or (category.restricted and not restricted_ok):
        return None
    return category.code


class CaseOut(Schema):
    id: int
    reference: str
    commune_code: str = Field(..., alias="commune.code")
    kind: str
    person_id: int | None
    person_name: str
    programme_id: int | None
    policy: str = Field(..., alias="policy.code")
    category: str | None  # None where the group reveals HIV status to a role that may not see
    received_on: date
    due_on: date
    step: str
    step_label: str
    step_due_on: date | None
    is_open: bool
    late_days: int
    amount: int
    decision_id: int | None

    @staticmethod
    def resolve_person_name(obj: Case) -> str:
        return obj.person.full_name if obj.person else ""

    @staticmethod
    def resolve_category(obj: Case, context: Any) -> str | None:
        return _category(obj.category, _sees_restricted(context))

    @staticmethod
    def resolve_step_label(obj: Case) -> str:
        return selectors.step_label(obj)

    @staticmethod
    def resolve_late_days(obj: Case) -> int:
        today = timezone.localdate()
        if not obj.is_open or obj.due_on >= today:
            return 0
        return WorkingCalendar().working_days_between(obj.due_on, today)


class StepOut(Schema):
    step: str = Field(..., alias="code")
    label: str
    done: bool
    due_on: date | None
    actor: str
    at: datetime | None
    comment: str
    late_days: int


class DocumentOut(Schema):
    id: int
    name: str
    received: bool
    has_file: bool

    @staticmethod
    def resolve_has_file(obj: CaseDocument) -> bool:
        return bool(obj.file)


class CaseDetailOut(CaseOut):
    procedure: str
    procedure_name: str
    legal_basis: str
    explanation: str
    note: str
    steps: list[StepOut]
    documents: list[DocumentOut]

    @staticmethod
    def resolve_procedure_name(obj: Case) -> str:
        return str(selectors.procedure_of(obj).name)

    @staticmethod
    def resolve_legal_basis(obj: Case) -> str:
        return selectors.procedure_of(obj).legal_basis

    @staticmethod
    def resolve_explanation(obj: Case, context: Any) -> str:
        hidden = bool(obj.category and obj.category.restricted
                      and not _sees_restricted(context))
        return "" if hidden else obj.explanation

    @staticmethod
    def resolve_steps(obj: Case) -> list[selectors.TimelineItem]:
        return selectors.case_timeline(obj)

    @staticmethod
    def resolve_documents(obj: Case) -> list[CaseDocument]:
        return list(selectors.case_documents(obj))


class CaseIn(Schema):
    kind: CaseKind
    person_id: int
    category: str | None = Field(None, description="Mã nhóm đối tượng, ví dụ K6 (hồ sơ mới, "
                                                   "điều chỉnh, hỗ trợ một lần)")
    policy: str | None = Field(None, description="Mã chính sách, ví dụ TGXH; mặc định theo "
                                                 "nhóm đối tượng hoặc chế độ đang hưởng")
    benefit_id: int | None = None
    received_on: date | None = None
    effective_on: date | None = None
    note: str = ""


class AdvanceIn(Schema):
    comment: str = ""


class RejectIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000)


class DecideIn(Schema):
    number: str = Field(..., min_length=1, max_length=40)
    signed_on: date
    signer_name: str = Field(..., min_length=1, max_length=120)
    signer_title: str = Field("CHỦ TỊCH", max_length=120)


class DecisionOut(Schema):
    id: int
    number: str
    signed_on: date
    signer_name: str
    signer_title: str
    summary: str
    case_id: int
    benefit_ids: list[int]


class BenefitOut(Schema):
    id: int
    person_id: int
    person_name: str = Field(..., alias="person.full_name")
    commune_code: str = Field(..., alias="commune.code")
    policy: str = Field(..., alias="policy.code")
    category: str | None
    monthly_amount: int
    one_off: bool
    start_month: date
    end_month: date | None
    status: str
    status_from: date | None
    decision_number: str = Field(..., alias="decision.number")

    @staticmethod
    def resolve_category(obj: Benefit, context: Any) -> str | None:
        return _category(obj.category, _sees_restricted(context))


class ProgrammeOut(Schema):
    id: int
    commune_code: str = Field(..., alias="commune.code")
    policy: str = Field(..., alias="policy.code")
    title: str
    reference_date: date
    status: str
    persons: int
    households: int
    total: int
    excluded: int


class ProgrammeLineOut(Schema):
    id: int
    person_id: int
    household_id: int
    full_name: str
    birth_year: int | None
    address: str
    category: str | None
    amount: int
    excluded: bool
    reason: str

    @staticmethod
    def resolve_category(obj: ProgrammeLine, context: Any) -> str | None:
        return _category(obj.category, _sees_restricted(context))


class GapOut(Schema):
    person_id: int
    full_name: str
    birth_date: date | None
    category: str
    category_name: str
    amount: int
    explanation: str


class GapsOut(Schema):
    commune_code: str
    at: date
    rows: list[GapOut]
    restricted_hidden: int


@router.get("/cases", response=list[CaseOut], summary="Danh sách hồ sơ")
@paginate(LimitOffsetPagination)
def cases(request: HttpRequest, kind: str = "", step: str = "", state: str = "",
          overdue: bool = False, person_id: int | None = None) -> object:
    return selectors.cases_for(request.user, selectors.CaseFilter(
        kind=kind, step=step, state=state, overdue=overdue, person=person_id))


@router.get("/cases/{case_id}", response=CaseDetailOut,
            summary="Một hồ sơ: các bước, thời hạn, giấy tờ")
def case(request: HttpRequest, case_id: int) -> Case:
    return selectors.case_get_for_user(request.user, case_id)


@router.post("/cases", response={201: CaseDetailOut}, summary="Lập hồ sơ")
def case_open(request: HttpRequest, payload: CaseIn) -> Status[Case]:
    person = person_get_for_user(request.user, payload.person_id)
    received_on = payload.received_on or timezone.localdate()
    benefit = None
    if payload.benefit_id is not None:
        benefit = selectors.benefits_for(request.user).filter(
            pk=payload.benefit_id, person=person).first()
        if benefit is None:
            raise NotFound("Không tìm thấy chế độ đang hưởng.")
    category = policy = None
    if payload.category:
        monthly = payload.kind in MONTHLY_KINDS
        option = next((o for o in selectors.category_options(
            request.user, person, received_on, monthly=monthly,
            policy_codes=[payload.policy] if payload.policy else None)
            if o.category.code == payload.category), None)
        if option is None:
            raise DomainError(f"Theo dữ liệu hiện có, {person.full_name} chưa đủ điều kiện "
                              f"nhóm {payload.category} tại ngày nhận hồ sơ.", field="category")
        category, policy = option.category, option.category.policy
    elif benefit is not None:
        category, policy = benefit.category, benefit.policy
    elif payload.policy:
        policy = Policy.objects.filter(code=payload.policy).first()
    if policy is None:
        raise DomainError("Hãy ghi nhóm đối tượng (category) hoặc chế độ đang hưởng "
                          "(benefit_id).", field="category")
    opened = services.case_open(
        actor=request.user, commune=person.commune, request=services.CaseRequest(
            kind=payload.kind, person=person, policy=policy, category=category,
            received_on=received_on, effective_on=payload.effective_on, benefit=benefit,
            note=payload.note))
    return Status(201, selectors.case_get_for_user(request.user, opened.pk))


@router.post("/cases/{case_id}/advance", response=CaseDetailOut,
             summary="Ghi nhận hoàn thành bước tiếp theo")
def case_advance(request: HttpRequest, case_id: int, payload: AdvanceIn) -> Case:
    found = selectors.case_get_for_user(request.user, case_id)
    return services.case_advance(actor=request.user, case=found, comment=payload.comment)


@router.post("/cases/{case_id}/reject", response=CaseDetailOut,
             summary="Không giải quyết hồ sơ (ghi lý do)")
def case_reject(request: HttpRequest, case_id: int, payload: RejectIn) -> Case:
    found = selectors.case_get_for_user(request.user, case_id)
    return services.case_reject(actor=request.user, case=found, reason=payload.reason)


@router.post("/cases/{case_id}/decide", response={201: DecisionOut},
             summary="Ghi quyết định (lãnh đạo UBND xã; không phải người lập hồ sơ)")
def case_decide(request: HttpRequest, case_id: int, payload: DecideIn) -> Status[DecisionOut]:
    found = selectors.case_get_for_user(request.user, case_id)
    decision = services.case_decide(actor=request.user, case=found, decision=services.DecisionInput(
        number=payload.number, signed_on=payload.signed_on, signer_name=payload.signer_name,
        signer_title=payload.signer_title))
    return Status(201, DecisionOut(
        id=decision.pk, number=decision.number, signed_on=decision.signed_on,
        signer_name=decision.signer_name, signer_title=decision.signer_title,
        summary=decision.summary, case_id=found.pk,
        benefit_ids=list(decision.benefits.values_list("id", flat=True))))


@router.get("/benefits", response=list[BenefitOut], summary="Danh sách chế độ")
@paginate(LimitOffsetPagination)
def benefits(request: HttpRequest, policy: str = "", status: str = "",
             person_id: int | None = None) -> object:
    return selectors.benefits_for(request.user, selectors.BenefitFilter(
        policy=policy, status=status, person=person_id))


@router.get("/programmes", response=list[ProgrammeOut], summary="Các đợt hỗ trợ một lần")
@paginate(LimitOffsetPagination)
def programmes(request: HttpRequest) -> object:
    return selectors.programmes_for(request.user)


@router.get("/programmes/{programme_id}", response=ProgrammeOut)
def programme(request: HttpRequest, programme_id: int) -> Programme:
    return selectors.programme_get_for_user(request.user, programme_id)


@router.get("/programmes/{programme_id}/lines", response=list[ProgrammeLineOut],
            summary="Danh sách của một đợt hỗ trợ (excluded=true: các trường hợp loại trừ)")
@paginate(LimitOffsetPagination)
def programme_lines(request: HttpRequest, programme_id: int,
                    excluded: bool = False) -> object:
    found = selectors.programme_get_for_user(request.user, programme_id)
    return selectors.programme_lines(found, excluded=excluded)


@router.get("/gaps", response=GapsOut,
            summary="Rà soát: người có vẻ đủ điều kiện mà chưa hưởng, chưa có hồ sơ")
def gaps(request: HttpRequest, commune_code: str, at: date | None = None) -> GapsOut:
    commune = unit_get_for_user(request.user, commune_code)
    when = at or timezone.localdate()
    found = selectors.gaps_for(request.user, commune, when)
    return GapsOut(commune_code=commune.code, at=when, restricted_hidden=found.hidden,
                   rows=[GapOut(person_id=g.person_id, full_name=g.full_name,
                                birth_date=g.birth_date, category=g.category,
                                category_name=g.category_name, amount=g.amount,
                                explanation=g.explanation) for g in found.rows])
