"""Supervision in the API, scoped like the pages: plans (draft, edit, start, conclude, the
figures of their scope, the report), their delegation, findings and recommendations; the
recommendations addressed to a unit, its answer and the delegation's follow-up.

The same services as the pages; their refusals come back as the API's Vietnamese error bodies
(400 for a rule, 403 for a role, 404 for a plan or a unit outside the user's sight). Downloading
the report is recorded in the audit log, as on the pages.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from ansinh.core.errors import DomainError
from ansinh.geo.models import AdministrativeUnit
from ansinh.geo.selectors import unit_get_for_user
from ansinh.policies.models import Policy
from ansinh.supervision import selectors, services
from ansinh.supervision.downloads import Download, report_download
from ansinh.supervision.models import (
    Body,
    DelegationMember,
    Observation,
    Plan,
    PlanStatus,
    Recommendation,
    RecommendationStatus,
    Severity,
    UpdateKind,
)

router = Router(tags=["Giám sát"])


class PlanOut(Schema):
    id: int
    unit_code: str = Field(..., alias="unit.code")
    body: Body
    body_name: str
    number: str
    issued_on: date
    reference: str
    legal_basis: str
    title: str
    period_from: date
    period_to: date
    scope_units: list[str] = Field(..., description="Mã các địa bàn giám sát")
    policies: list[str] = Field(..., description="Mã các chính sách được giám sát")
    contents: str
    status: PlanStatus
    conclusion: str
    started_at: datetime | None
    concluded_at: datetime | None
    created_by: str

    @staticmethod
    def resolve_scope_units(obj: Plan) -> list[str]:
        return [u.code for u in selectors.plan_scope_units(obj)]

    @staticmethod
    def resolve_policies(obj: Plan) -> list[str]:
        return list(obj.policies.order_by("order", "code").values_list("code", flat=True))

    @staticmethod
    def resolve_created_by(obj: Plan) -> str:
        return obj.created_by.get_username()


class PlanBody(Schema):
    body: Body
    body_name: str = Field(..., min_length=1, max_length=200)
    number: str = Field(..., min_length=1, max_length=60,
                        description="Số kế hoạch, ví dụ 15/KH-MTTQ-BTT")
    issued_on: date
    title: str = Field(..., min_length=1, max_length=300)
    legal_basis: str = ""
    period_from: date
    period_to: date
    scope_units: list[str] = Field(..., min_length=1, description="Mã xã, phường hoặc tỉnh")
    policies: list[str] = Field(default_factory=list, description="Mã chính sách; trống: mọi "
                                                                  "chính sách")
    contents: str = Field(..., min_length=1)


class PlanIn(PlanBody):
    unit_code: str = Field(..., description="Mã đơn vị của cơ quan giám sát (tỉnh hoặc xã)")


class ConcludeIn(Schema):
    conclusion: str = Field(..., min_length=1)


class MemberOut(Schema):
    id: int
    full_name: str
    position: str
    organisation: str
    username: str | None
    is_head: bool

    @staticmethod
    def resolve_username(obj: DelegationMember) -> str | None:
        return obj.user.get_username() if obj.user is not None else None


class MemberIn(Schema):
    full_name: str = Field(..., min_length=1, max_length=200)
    position: str = Field("", max_length=200)
    organisation: str = Field("", max_length=200)
    username: str = Field("", description="Tài khoản An Sinh của thành viên (không bắt buộc)")
    is_head: bool = False


class ObservationOut(Schema):
    id: int
    unit_code: str = Field(..., alias="unit.code")
    text: str
    severity: Severity
    person_id: int | None
    household_id: int | None
    benefit_id: int | None
    decision_id: int | None
    posting_id: int | None
    cycle_id: int | None
    finding_id: int | None
    created_by: str
    created_at: datetime

    @staticmethod
    def resolve_created_by(obj: Observation) -> str:
        return obj.created_by.get_username()


class ObservationIn(Schema):
    unit_code: str
    text: str = Field(..., min_length=1)
    severity: Severity = Severity.SHORTCOMING
    person_id: int | None = None
    household_id: int | None = None
    benefit_id: int | None = None
    decision_id: int | None = None
    posting_id: int | None = None
    cycle_id: int | None = None
    finding_id: int | None = None


class RecommendationOut(Schema):
    id: int
    plan_id: int
    observation_id: int | None
    to_unit_code: str = Field(..., alias="to_unit.code")
    text: str
    deadline: date
    status: RecommendationStatus
    overdue: bool = Field(..., description="Quá hạn mà đơn vị chưa trả lời, chưa thực hiện")
    answer: str
    answered_by: str | None
    answered_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_overdue(obj: Recommendation) -> bool:
        return obj.is_overdue()

    @staticmethod
    def resolve_answered_by(obj: Recommendation) -> str | None:
        return obj.answered_by.get_username() if obj.answered_by is not None else None


class UpdateOut(Schema):
    kind: UpdateKind
    from_status: RecommendationStatus
    to_status: RecommendationStatus
    note: str
    deadline: date | None
    actor: str
    at: datetime

    @staticmethod
    def resolve_actor(obj: Any) -> str:
        return str(obj.actor.get_username())


class RecommendationDetailOut(RecommendationOut):
    updates: list[UpdateOut]

    @staticmethod
    def resolve_updates(obj: Recommendation) -> list[Any]:
        return list(selectors.recommendation_updates(obj))


class RecommendationIn(Schema):
    to_unit_code: str
    text: str = Field(..., min_length=1)
    deadline: date = Field(..., description="Sau hôm nay")
    observation_id: int | None = None


class AnswerIn(Schema):
    answer: str = Field(..., min_length=1)


class FollowUpIn(Schema):
    kind: UpdateKind = Field(..., description="accept, reject, reopen, close hoặc note")
    note: str = ""
    deadline: date | None = Field(None, description="Hạn mới (không bắt buộc)")


class PolicyFigureOut(Schema):
    code: str
    name: str
    benefits: int
    persons: int


class FiguresOut(Schema):
    persons: int
    households: int
    benefits: int
    by_policy: list[PolicyFigureOut]
    postings: int
    decisions: int
    cycles: int
    planned_amount: int
    paid_lines: int
    paid_amount: int
    open_findings: int


# --- helpers --------------------------------------------------------------------------------------

def _scope_units(codes: list[str]) -> list[AdministrativeUnit]:
    found = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise DomainError(f"Không có đơn vị mã {', '.join(missing)}.", field="scope_units")
    return [found[code] for code in dict.fromkeys(codes)]


def _policies(codes: list[str]) -> list[Policy]:
    found = {p.code: p for p in Policy.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise DomainError(f"Không có chính sách mã {', '.join(missing)}.", field="policies")
    return list(found.values())


def _input(payload: PlanBody) -> services.PlanInput:
    return services.PlanInput(
        body=payload.body, body_name=payload.body_name, number=payload.number,
        issued_on=payload.issued_on, title=payload.title, legal_basis=payload.legal_basis,
        period_from=payload.period_from, period_to=payload.period_to,
        contents=payload.contents, scope_units=_scope_units(payload.scope_units),
        policies=_policies(payload.policies))


def _plan_unit(plan: Plan, code: str, field: str) -> AdministrativeUnit:
    found = next((u for u in selectors.plan_unit_choices(plan) if u.code == code), None)
    if found is None:
        raise DomainError(f"Đơn vị mã “{code}” không thuộc địa bàn của kế hoạch giám sát.",
                          field=field)
    return found


def _file(found: Download) -> HttpResponse:
    response = HttpResponse(found.content, content_type=found.content_type)
    ascii_name = found.filename.encode("ascii", "ignore").decode() or "bao-cao"
    response["Content-Disposition"] = (f'attachment; filename="{ascii_name}"; '
                                       f"filename*=UTF-8''{quote(found.filename, safe='')}")
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- plans ----------------------------------------------------------------------------------------

@router.get("/supervision/plans", response=list[PlanOut], summary="Các kế hoạch giám sát")
@paginate(LimitOffsetPagination)
def plans(request: HttpRequest, status: str = "", body: str = "", q: str = "") -> object:
    return selectors.plans_for(request.user, selectors.PlanFilter(status=status, body=body,
                                                                  query=q))


@router.post("/supervision/plans", response={201: PlanOut},
             summary="Lập kế hoạch giám sát (dự thảo)")
def plan_create(request: HttpRequest, payload: PlanIn) -> Status[Plan]:
    unit = unit_get_for_user(request.user, payload.unit_code)
    made = services.plan_create(actor=request.user, unit=unit, data=_input(payload))
    return Status(201, selectors.plan_get_for_user(request.user, made.pk))


@router.get("/supervision/plans/{plan_id}", response=PlanOut, summary="Một kế hoạch giám sát")
def plan(request: HttpRequest, plan_id: int) -> Plan:
    return selectors.plan_get_for_user(request.user, plan_id)


@router.put("/supervision/plans/{plan_id}", response=PlanOut,
            summary="Sửa kế hoạch giám sát (trước khi kết luận)")
def plan_update(request: HttpRequest, plan_id: int, payload: PlanBody) -> Plan:
    found = selectors.plan_get_for_user(request.user, plan_id)
    services.plan_update(actor=request.user, plan=found, data=_input(payload))
    return selectors.plan_get_for_user(request.user, plan_id)


@router.post("/supervision/plans/{plan_id}/start", response=PlanOut,
             summary="Bắt đầu giám sát (đoàn đã có trưởng đoàn)")
def plan_start(request: HttpRequest, plan_id: int) -> Plan:
    found = selectors.plan_get_for_user(request.user, plan_id)
    services.plan_start(actor=request.user, plan=found)
    return selectors.plan_get_for_user(request.user, plan_id)


@router.post("/supervision/plans/{plan_id}/conclude", response=PlanOut,
             summary="Kết luận giám sát (thành viên đoàn)")
def plan_conclude(request: HttpRequest, plan_id: int, payload: ConcludeIn) -> Plan:
    found = selectors.plan_get_for_user(request.user, plan_id)
    services.plan_conclude(actor=request.user, plan=found, conclusion=payload.conclusion)
    return selectors.plan_get_for_user(request.user, plan_id)


@router.get("/supervision/plans/{plan_id}/figures", response=FiguresOut,
            summary="Số liệu trong phạm vi giám sát (theo quyền xem của người hỏi)")
def plan_figures(request: HttpRequest, plan_id: int) -> FiguresOut:
    found = selectors.plan_get_for_user(request.user, plan_id)
    f = selectors.scope_figures(request.user, found)
    return FiguresOut(
        persons=f.persons, households=f.households, benefits=f.benefits,
        by_policy=[PolicyFigureOut(code=p.code, name=p.name, benefits=p.benefits,
                                   persons=p.persons) for p in f.by_policy],
        postings=f.postings, decisions=f.decisions, cycles=f.cycles,
        planned_amount=f.planned_amount, paid_lines=f.paid_lines, paid_amount=f.paid_amount,
        open_findings=f.open_findings)


@router.get("/supervision/plans/{plan_id}/report.pdf", response={200: None},
            summary="Báo cáo kết quả giám sát (PDF)")
def report_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    found = selectors.plan_get_for_user(request.user, plan_id)
    return _file(report_download(actor=request.user, plan=found, fmt="pdf"))


@router.get("/supervision/plans/{plan_id}/report.docx", response={200: None},
            summary="Báo cáo kết quả giám sát (Word)")
def report_docx(request: HttpRequest, plan_id: int) -> HttpResponse:
    found = selectors.plan_get_for_user(request.user, plan_id)
    return _file(report_download(actor=request.user, plan=found, fmt="docx"))


# --- the delegation -------------------------------------------------------------------------------

@router.get("/supervision/plans/{plan_id}/members", response=list[MemberOut],
            summary="Thành phần đoàn giám sát")
def members(request: HttpRequest, plan_id: int) -> list[DelegationMember]:
    found = selectors.plan_get_for_user(request.user, plan_id)
    return list(selectors.plan_members(found))


@router.post("/supervision/plans/{plan_id}/members", response={201: MemberOut},
             summary="Thêm thành viên đoàn giám sát")
def member_add(request: HttpRequest, plan_id: int,
               payload: MemberIn) -> Status[DelegationMember]:
    found = selectors.plan_get_for_user(request.user, plan_id)
    user = None
    if payload.username:
        user = selectors.delegation_user_options(found).filter(
            username=payload.username).first()
        if user is None:
            raise DomainError(f"Không có tài khoản giám sát “{payload.username}” liên quan "
                              "đến đơn vị của kế hoạch.", field="username")
    member = services.member_add(actor=request.user, plan=found, full_name=payload.full_name,
                                 position=payload.position, organisation=payload.organisation,
                                 user=user, is_head=payload.is_head)
    return Status(201, member)


@router.delete("/supervision/plans/{plan_id}/members/{member_id}", response={204: None},
               summary="Bỏ một thành viên khỏi đoàn giám sát")
def member_remove(request: HttpRequest, plan_id: int, member_id: int) -> Status[None]:
    found = selectors.plan_get_for_user(request.user, plan_id)
    services.member_remove(actor=request.user, plan=found,
                           member=selectors.member_get(found, member_id))
    return Status(204, None)


# --- findings and recommendations -----------------------------------------------------------------

@router.get("/supervision/plans/{plan_id}/observations", response=list[ObservationOut],
            summary="Kết quả giám sát, phát hiện của đoàn")
def observations(request: HttpRequest, plan_id: int) -> list[Observation]:
    found = selectors.plan_get_for_user(request.user, plan_id)
    return list(selectors.plan_observations(found))


@router.post("/supervision/plans/{plan_id}/observations", response={201: ObservationOut},
             summary="Ghi kết quả giám sát (thành viên đoàn)")
def observation_create(request: HttpRequest, plan_id: int,
                       payload: ObservationIn) -> Status[Observation]:
    found = selectors.plan_get_for_user(request.user, plan_id)
    made = services.observation_create(
        actor=request.user, plan=found, unit=_plan_unit(found, payload.unit_code, "unit_code"),
        text=payload.text, severity=payload.severity, links=services.ObservationLinks(
            person=payload.person_id, household=payload.household_id,
            benefit=payload.benefit_id, decision=payload.decision_id,
            posting=payload.posting_id, cycle=payload.cycle_id, finding=payload.finding_id))
    return Status(201, made)


@router.get("/supervision/plans/{plan_id}/recommendations", response=list[RecommendationOut],
            summary="Kiến nghị của một kế hoạch giám sát")
def plan_recommendations(request: HttpRequest, plan_id: int) -> list[Recommendation]:
    found = selectors.plan_get_for_user(request.user, plan_id)
    return list(selectors.recommendations_for(
        request.user, selectors.RecommendationFilter(plan=found.pk)))


@router.post("/supervision/plans/{plan_id}/recommendations", response={201: RecommendationOut},
             summary="Ghi kiến nghị (thành viên đoàn; hạn sau hôm nay)")
def recommendation_create(request: HttpRequest, plan_id: int,
                          payload: RecommendationIn) -> Status[Recommendation]:
    found = selectors.plan_get_for_user(request.user, plan_id)
    observation = None
    if payload.observation_id is not None:
        observation = selectors.observation_get(found, payload.observation_id)
    made = services.recommendation_create(
        actor=request.user, plan=found,
        to_unit=_plan_unit(found, payload.to_unit_code, "to_unit_code"), text=payload.text,
        deadline=payload.deadline, observation=observation)
    return Status(201, selectors.recommendation_get_for_user(request.user, made.pk))


@router.get("/supervision/recommendations", response=list[RecommendationOut],
            summary="Kiến nghị; addressed=true: chỉ những kiến nghị gửi đơn vị của mình")
@paginate(LimitOffsetPagination)
def recommendations(request: HttpRequest, status: str = "", overdue: bool = False,
                    addressed: bool = False) -> object:
    return selectors.recommendations_for(request.user, selectors.RecommendationFilter(
        status=status, overdue=overdue, addressed=addressed))


@router.get("/supervision/recommendations/{recommendation_id}",
            response=RecommendationDetailOut, summary="Một kiến nghị với quá trình theo dõi")
def recommendation(request: HttpRequest, recommendation_id: int) -> Recommendation:
    return selectors.recommendation_get_for_user(request.user, recommendation_id)


@router.post("/supervision/recommendations/{recommendation_id}/answer",
             response=RecommendationDetailOut,
             summary="Đơn vị trả lời kiến nghị (cán bộ, lãnh đạo đơn vị; cán bộ cấp tỉnh)")
def recommendation_answer(request: HttpRequest, recommendation_id: int,
                          payload: AnswerIn) -> Recommendation:
    found = selectors.recommendation_get_for_user(request.user, recommendation_id)
    services.recommendation_answer(actor=request.user, recommendation=found,
                                   answer=payload.answer)
    return selectors.recommendation_get_for_user(request.user, recommendation_id)


@router.post("/supervision/recommendations/{recommendation_id}/follow-up",
             response=RecommendationDetailOut,
             summary="Đoàn theo dõi kiến nghị: xác nhận đã thực hiện, chưa chấp nhận, mở lại, "
                     "đóng, ghi chú")
def recommendation_follow_up(request: HttpRequest, recommendation_id: int,
                             payload: FollowUpIn) -> Recommendation:
    found = selectors.recommendation_get_for_user(request.user, recommendation_id)
    services.recommendation_follow_up(actor=request.user, recommendation=found,
                                      kind=payload.kind, note=payload.note,
                                      deadline=payload.deadline)
    return selectors.recommendation_get_for_user(request.user, recommendation_id)
