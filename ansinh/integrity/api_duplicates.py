"""The duplicate review queue in the API, scoped like the pages: list and read pairs, confirm
(merge) or dismiss one, start a search for duplicates and list the searches run.

The same selectors and services as the pages; their refusals come back as the API's Vietnamese
error bodies (400 for a rule, 403 for a role, 404 for a pair outside the user's units). CCCD
numbers are masked for the read-only roles, as on the pages.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from ansinh.core.errors import DomainError
from ansinh.core.scoping import acting_assignment
from ansinh.integrity import merge, selectors
from ansinh.integrity.duplicates import pair_dismiss
from ansinh.integrity.jobs import dedup_start
from ansinh.integrity.linkage import explanation_text
from ansinh.integrity.models import DedupRun, DuplicatePair, Finding, PairStatus
from ansinh.registry.exports import mask_national_id
from ansinh.registry.models import Person

router = Router(tags=["Người nghi trùng"])


def _masked(context: Any) -> bool:
    request = (context or {}).get("request")
    assignment = acting_assignment(request.user) if request is not None else None
    return assignment is None or assignment.is_read_only


class PersonBriefOut(Schema):
    id: int
    full_name: str
    sex: str
    birth_date: date | None
    birth_precision: str = Field(..., description="day, month hoặc year (chỉ có năm sinh)")
    birth_year: int | None
    national_id: str | None = Field(None, description="Đầy đủ với vai trò được ghi; đoàn "
                                                      "giám sát, kiểm toán chỉ thấy 4 số cuối")
    commune_code: str = Field(..., alias="commune.code")
    household_code: str = Field(..., alias="household.code")
    status: str
    merged_into_id: int | None

    @staticmethod
    def resolve_national_id(obj: Person, context: Any) -> str | None:
        if not obj.national_id:
            return None
        return mask_national_id(obj.national_id) if _masked(context) else obj.national_id


class EvidenceOut(Schema):
    field: str
    label: str = Field(..., description="Tên trường (tiếng Việt)")
    level: str = Field(..., description="Mức so khớp (tiếng Việt)")
    weight: float = Field(..., description="Trọng số: dương là bằng chứng trùng, âm là ngược "
                                           "lại")


class PairOut(Schema):
    id: int
    status: PairStatus
    probability: float
    match_weight: float
    commune_a: str = Field(..., alias="commune_a.code")
    commune_b: str = Field(..., alias="commune_b.code")
    person_a: PersonBriefOut
    person_b: PersonBriefOut
    explanation: list[EvidenceOut]
    explanation_text: str
    found_at: datetime
    decided_at: datetime | None
    decided_by: str | None
    decision_note: str

    @staticmethod
    def resolve_explanation_text(obj: DuplicatePair) -> str:
        return explanation_text(obj.explanation)

    @staticmethod
    def resolve_decided_by(obj: DuplicatePair) -> str | None:
        return obj.decided_by.get_username() if obj.decided_by else None


class SideOut(Schema):
    person_id: int
    benefits: int
    running_benefits: int
    payment_lines: int


class FindingBriefOut(Schema):
    id: int
    summary: str
    amount: int | None
    url: str = Field(..., description="Trang của phát hiện bất thường")


def _finding(finding: Finding) -> dict[str, Any]:
    return {"id": finding.pk, "summary": finding.summary, "amount": finding.amount,
            "url": f"/kiem-tra/bat-thuong/{finding.pk}/"}


class OutcomeOut(Schema):
    survivor_id: int
    merged_id: int
    moved: dict[str, int] = Field(..., description="Số bản ghi đã chuyển sang hồ sơ được giữ "
                                                   "lại, theo loại")
    benefits_stopped: int
    double_payments: list[FindingBriefOut]


def _user(context: Any) -> Any:
    request = (context or {}).get("request")
    return request.user if request is not None else None


class PairDetailOut(PairOut):
    sides: list[SideOut]
    default_keep: int = Field(..., description="Hồ sơ được giữ lại nếu không chọn")
    can_dismiss: bool = Field(..., description="Người dùng được ghi nhận không trùng")
    can_confirm: bool = Field(..., description="Người dùng được gộp (quyền ở cả hai xã)")
    outcome: OutcomeOut | None = Field(..., description="Kết quả gộp, khi đã xác nhận")

    @staticmethod
    def resolve_sides(obj: DuplicatePair, context: Any) -> list[SideOut]:
        return [SideOut(person_id=s.person.pk, benefits=s.benefits,
                        running_benefits=s.running_benefits, payment_lines=s.payment_lines)
                for s in selectors.pair_sides(_user(context), obj)]

    @staticmethod
    def resolve_default_keep(obj: DuplicatePair) -> int:
        return merge._default_survivor(obj.person_a, obj.person_b).pk

    @staticmethod
    def resolve_can_dismiss(obj: DuplicatePair, context: Any) -> bool:
        return obj.status == PairStatus.PENDING and selectors.may_review(_user(context), obj)

    @staticmethod
    def resolve_can_confirm(obj: DuplicatePair, context: Any) -> bool:
        return obj.status == PairStatus.PENDING and selectors.may_review(
            _user(context), obj, both=True)

    @staticmethod
    def resolve_outcome(obj: DuplicatePair, context: Any) -> dict[str, Any] | None:
        outcome = selectors.merge_outcome(_user(context), obj)
        if outcome is None:
            return None
        return {"survivor_id": outcome.survivor_id, "merged_id": outcome.merged_id,
                "moved": outcome.moved_counts, "benefits_stopped": outcome.benefits_stopped,
                "double_payments": [_finding(f) for f in outcome.double_payments]}


class ConfirmIn(Schema):
    keep: int | None = Field(None, description="Mã nhân khẩu được giữ lại (một trong hai); bỏ "
                                               "trống: hồ sơ có CCCD, nếu không thì hồ sơ cũ hơn")
    note: str = Field("", max_length=500)


class DismissIn(Schema):
    note: str = Field("", max_length=500)


class RunOut(Schema):
    id: int
    unit_code: str | None
    model: str = Field(..., alias="model.name")
    threshold: float
    persons: int
    comparisons: int
    pairs_found: int
    pairs_new: int
    seconds: float
    started_at: datetime
    finished_at: datetime | None
    started_by: str | None

    @staticmethod
    def resolve_unit_code(obj: DedupRun) -> str | None:
        return obj.unit.code if obj.unit else None

    @staticmethod
    def resolve_started_by(obj: DedupRun) -> str | None:
        return obj.started_by.get_username() if obj.started_by else None


class RunStarted(Schema):
    job_id: int
    status_url: str
    unit_code: str


# --- pairs ----------------------------------------------------------------------------------------

@router.get("/integrity/pairs", response=list[PairOut],
            summary="Các cặp nghi trùng (mặc định: chờ xem xét) có một hồ sơ trong địa bàn")
@paginate(LimitOffsetPagination)
def pairs(request: HttpRequest, status: str = PairStatus.PENDING, commune_code: str = "",
          min_probability: float | None = None) -> object:
    if status not in {*PairStatus.values, "all"}:
        raise DomainError("Tình trạng không hợp lệ; chọn một trong: pending, confirmed, "
                          "dismissed, all.", field="status")
    if min_probability is not None and not 0 <= min_probability <= 1:
        raise DomainError("Xác suất phải từ 0 đến 1.", field="min_probability")
    return selectors.pairs_for(request.user, selectors.PairFilter(
        status="" if status == "all" else status, commune=commune_code,
        min_probability=min_probability))


@router.get("/integrity/pairs/{pair_id}", response=PairDetailOut,
            summary="Một cặp nghi trùng: hai hồ sơ, giải thích, kết quả gộp nếu đã xác nhận")
def pair(request: HttpRequest, pair_id: int) -> DuplicatePair:
    return selectors.pair_get_for_user(request.user, pair_id)


@router.post("/integrity/pairs/{pair_id}/confirm", response=PairDetailOut,
             summary="Xác nhận trùng và gộp hai hồ sơ (người có quyền ở cả hai xã)")
def pair_confirm(request: HttpRequest, pair_id: int, payload: ConfirmIn) -> DuplicatePair:
    found = selectors.pair_get_for_user(request.user, pair_id)
    keep = None
    if payload.keep is not None:
        if payload.keep not in (found.person_a_id, found.person_b_id):
            raise DomainError("Người được giữ lại phải là một trong hai người của cặp.",
                              field="keep")
        keep = found.person_a if payload.keep == found.person_a_id else found.person_b
    merge.pair_confirm(request.user, found, keep=keep, note=payload.note)
    return selectors.pair_get_for_user(request.user, pair_id)


@router.post("/integrity/pairs/{pair_id}/dismiss", response=PairDetailOut,
             summary="Ghi nhận hai hồ sơ là hai người khác nhau (không đưa ra xem xét lại)")
def pair_dismiss_endpoint(request: HttpRequest, pair_id: int,
                          payload: DismissIn) -> DuplicatePair:
    found = selectors.pair_get_for_user(request.user, pair_id)
    pair_dismiss(request.user, found, note=payload.note)
    return selectors.pair_get_for_user(request.user, pair_id)


# --- searches -------------------------------------------------------------------------------------

@router.get("/integrity/dedup-runs", response=list[RunOut],
            summary="Các lượt tìm người trùng trong địa bàn")
@paginate(LimitOffsetPagination)
def dedup_runs(request: HttpRequest) -> object:
    return selectors.dedup_runs_for(request.user)


@router.post("/integrity/dedup-runs", response={202: RunStarted},
             summary="Chạy tìm người trùng trong xã (cán bộ, lãnh đạo xã) hoặc tỉnh (cán bộ "
                     "tỉnh); chạy nền, theo dõi ở /jobs/{job_id}")
def dedup_run_start(request: HttpRequest) -> Status[RunStarted]:
    job = dedup_start(actor=request.user)
    return Status(202, RunStarted(job_id=job.pk, status_url=f"/api/v1/jobs/{job.pk}",
                                  unit_code=job.unit.code if job.unit else ""))
