"""The poverty review in the API, scoped like the pages: reviews with their counts, a review's
surveys, a survey's answers (a draft or submitted), the village meeting's votes, posting and
the chair's recognition.

The same services as the pages; their refusals come back as the API's Vietnamese error bodies
(400 for a rule, 403 for a role, 404 for a review or survey outside the user's sight).
"""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from ansinh.core.errors import DomainError, NotFound
from ansinh.geo.selectors import unit_get_for_user
from ansinh.poverty import selectors, services
from ansinh.poverty.models import Review, ReviewKind, ReviewStatus, Survey, SurveyStatus
from ansinh.registry.models import PovertyStatus
from ansinh.registry.selectors import household_by_code

router = Router(tags=["Rà soát hộ nghèo"])


class ReviewOut(Schema):
    id: int
    commune_code: str = Field(..., alias="commune.code")
    year: int
    kind: ReviewKind
    title: str
    plan: str
    status: ReviewStatus
    posted_from: date | None
    posted_to: date | None
    decision: str
    decided_on: date | None
    counts: dict[str, int] = Field(..., description="Số hộ theo kết quả phân loại (poor, "
                                                    "near_poor, average, \"\": không thuộc "
                                                    "diện) trong các phiếu đã có kết quả")
    survey_counts: dict[str, int] = Field(..., description="Số hộ theo tình trạng phiếu")

    @staticmethod
    def resolve_counts(obj: Review) -> dict[str, int]:
        found = selectors.review_counts(obj)
        return {value: n for value, _label, n in found.by_result}

    @staticmethod
    def resolve_survey_counts(obj: Review) -> dict[str, int]:
        return {value: n for value, _label, n in selectors.review_counts(obj).by_status}


class ReviewIn(Schema):
    commune_code: str
    year: int
    kind: ReviewKind
    title: str = Field("", max_length=200)
    plan: str = Field("", max_length=200)


class SurveyOut(Schema):
    id: int
    review_id: int
    household_code: str = Field(..., alias="household.code")
    source: str
    status: SurveyStatus
    previous_status: PovertyStatus
    enumerator: str | None
    screening: list[str]
    screened_out: bool
    members: int
    declared_income: int | None
    points: list[str] = Field(..., description="Các chỉ tiêu B1 hộ có (khi đã có bảng điểm)")
    deprivations: list[str]
    result: PovertyStatus
    reason: str
    votes_agree: int | None
    votes_total: int | None
    certificate: str
    submitted_at: datetime | None

    @staticmethod
    def resolve_enumerator(obj: Survey) -> str | None:
        return obj.enumerator.get_username() if obj.enumerator is not None else None

    @staticmethod
    def resolve_points(obj: Survey) -> list[str]:
        return sorted(code for code, on in obj.points.items() if on)


class SurveyIn(Schema):
    screening: list[str] = Field(default_factory=list, description="Phiếu A: mã các tiêu chí")
    members: int = Field(0, ge=0, le=99)
    declared_income: int | None = Field(None, ge=0, description="Tổng thu nhập một tháng (đồng)")
    points: list[str] = Field(default_factory=list, description="Phiếu B1: mã các chỉ tiêu có")
    deprivations: list[str] = Field(default_factory=list, description="Phiếu B2: mã chỉ số")
    submit: bool = Field(False, description="true: gửi kết quả và phân loại; false: lưu nháp")


class HouseholdIn(Schema):
    household_code: str = Field(..., min_length=1)


class VoteIn(Schema):
    survey_id: int
    agree: int = Field(..., ge=0)
    total: int = Field(..., ge=1)


class VotesIn(Schema):
    votes: list[VoteIn] = Field(..., min_length=1)


class VotesOut(Schema):
    agreed: int
    resurvey: int


class PostIn(Schema):
    posted_from: date


class RecogniseIn(Schema):
    decision: str = Field(..., min_length=1, max_length=60)
    decided_on: date


@router.get("/poverty/reviews", response=list[ReviewOut], summary="Các đợt rà soát hộ nghèo")
def reviews(request: HttpRequest, year: int | None = None) -> object:
    found = selectors.reviews_for(request.user)
    return found.filter(year=year) if year else found


@router.post("/poverty/reviews", response={201: ReviewOut}, summary="Mở đợt rà soát")
def review_open(request: HttpRequest, payload: ReviewIn) -> Status[Review]:
    commune = unit_get_for_user(request.user, payload.commune_code)
    made = services.review_open(actor=request.user, commune=commune, year=payload.year,
                                kind=payload.kind, title=payload.title, plan=payload.plan)
    return Status(201, selectors.review_get_for_user(request.user, made.pk))


@router.get("/poverty/reviews/{review_id}", response=ReviewOut, summary="Một đợt rà soát")
def review(request: HttpRequest, review_id: int) -> Review:
    return selectors.review_get_for_user(request.user, review_id)


@router.get("/poverty/reviews/{review_id}/surveys", response=list[SurveyOut],
            summary="Các hộ (phiếu) của đợt rà soát")
def review_surveys(request: HttpRequest, review_id: int) -> object:
    return selectors.review_surveys(selectors.review_get_for_user(request.user, review_id))


@router.post("/poverty/reviews/{review_id}/surveys", response={201: SurveyOut},
             summary="Thêm hộ đề nghị rà soát")
def survey_add(request: HttpRequest, review_id: int, payload: HouseholdIn) -> Status[Survey]:
    found = selectors.review_get_for_user(request.user, review_id)
    household = household_by_code(request.user, found.commune, payload.household_code,
                                  active_only=True)
    if household is None:
        raise DomainError(f"Không có hộ mã {payload.household_code} tại {found.commune.name}.",
                          field="household_code")
    made = services.survey_add(actor=request.user, review=found, household=household)
    return Status(201, selectors.survey_get_for_user(request.user, made.pk))


@router.get("/poverty/surveys/{survey_id}", response=SurveyOut, summary="Một phiếu rà soát")
def survey(request: HttpRequest, survey_id: int) -> Survey:
    return selectors.survey_get_for_user(request.user, survey_id)


@router.put("/poverty/surveys/{survey_id}", response=SurveyOut,
            summary="Ghi phiếu A, B1, B2 (lưu nháp hoặc gửi kết quả)")
def survey_save(request: HttpRequest, survey_id: int, payload: SurveyIn) -> Survey:
    found = selectors.survey_get_for_user(request.user, survey_id)
    services.survey_save(actor=request.user, survey=found, submit=payload.submit,
                         answers=services.SurveyAnswers(
                             screening=payload.screening, members=payload.members,
                             declared_income=payload.declared_income,
                             points={code: True for code in payload.points},
                             deprivations=payload.deprivations))
    return selectors.survey_get_for_user(request.user, survey_id)


@router.post("/poverty/reviews/{review_id}/votes", response=VotesOut,
             summary="Kết quả biểu quyết của cuộc họp dân")
def votes(request: HttpRequest, review_id: int, payload: VotesIn) -> VotesOut:
    found = selectors.review_get_for_user(request.user, review_id)
    surveys = {s.pk: s for s in selectors.surveys_by_ids(found, [v.survey_id
                                                                for v in payload.votes])}
    missing = [str(v.survey_id) for v in payload.votes if v.survey_id not in surveys]
    if missing:
        raise NotFound(f"Đợt rà soát không có phiếu số {', '.join(missing)}.")
    agreed, again = services.meeting_record(actor=request.user, review=found, votes=[
        services.Vote(surveys[v.survey_id], v.agree, v.total) for v in payload.votes])
    return VotesOut(agreed=agreed, resurvey=again)


@router.post("/poverty/reviews/{review_id}/post", response=ReviewOut,
             summary="Niêm yết công khai danh sách")
def review_post(request: HttpRequest, review_id: int, payload: PostIn) -> Review:
    found = selectors.review_get_for_user(request.user, review_id)
    services.review_post(actor=request.user, review=found, posted_from=payload.posted_from)
    return selectors.review_get_for_user(request.user, review_id)


@router.post("/poverty/reviews/{review_id}/recognise", response=ReviewOut,
             summary="Chủ tịch UBND cấp xã công nhận kết quả")
def review_recognise(request: HttpRequest, review_id: int, payload: RecogniseIn) -> Review:
    found = selectors.review_get_for_user(request.user, review_id)
    services.review_recognise(actor=request.user, review=found, decision=payload.decision,
                              decided_on=payload.decided_on)
    return selectors.review_get_for_user(request.user, review_id)
