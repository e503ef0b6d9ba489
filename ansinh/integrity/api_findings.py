"""API of the anomaly findings (added to the integrity router by ``api.py``): list and read
findings, explain or correct one, run the checks, list the rules, read and record the figures
units reported.

Scoped like the pages, with the same services: their refusals come back as the API's
Vietnamese error bodies (400 for a rule, 403 for a role, 404 for a record outside the user's
units or a finding that is not theirs to see).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from ansinh.geo.selectors import unit_get_for_user
from ansinh.integrity import checks
from ansinh.integrity import findings_selectors as selectors
from ansinh.integrity.models import CheckRun, Finding, FindingStatus, ReportedTotal, Severity
from ansinh.integrity.rules import all_rules

router = Router(tags=["Kiểm tra bất thường"])


class FindingOut(Schema):
    id: int
    rule: str
    unit_code: str = Field(..., alias="unit.code")
    severity: Severity
    status: FindingStatus
    summary: str
    details: dict[str, Any]
    amount: int | None
    person_id: int | None
    household_id: int | None
    benefit_id: int | None
    payment_line_id: int | None
    cycle_id: int | None
    first_seen_at: datetime
    last_seen_at: datetime
    resolution_note: str
    resolved_by: str | None
    resolved_at: datetime | None

    @staticmethod
    def resolve_resolved_by(obj: Finding) -> str | None:
        return obj.resolved_by.get_username() if obj.resolved_by else None


class ResolveIn(Schema):
    status: FindingStatus = Field(..., description="explained (đã giải trình) hoặc corrected "
                                                   "(đã khắc phục)")
    note: str = Field(..., min_length=1, max_length=2000)


class RunIn(Schema):
    rules: list[str] | None = Field(None, description="Mã các quy tắc; bỏ trống: mọi quy tắc")


class RunOut(Schema):
    id: int
    unit_code: str | None
    trigger: str
    rules: list[str]
    found: int
    new: int
    resolved: int
    started_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_unit_code(obj: CheckRun) -> str | None:
        return obj.unit.code if obj.unit else None


class RuleOut(Schema):
    code: str
    title: str
    description: str
    legal_basis: str
    severity: str


class ReportLineIn(Schema):
    label: str = Field(..., min_length=1, max_length=200)
    count: int = Field(..., ge=0)
    category: str = Field("", max_length=16)


class ReportIn(Schema):
    unit_code: str
    title: str = Field(..., min_length=1, max_length=300)
    document: str = Field("", max_length=200)
    reported_on: date
    total: int = Field(..., ge=0)
    lines: list[ReportLineIn] = []


class ReportOut(Schema):
    id: int
    unit_code: str = Field(..., alias="unit.code")
    title: str
    document: str
    reported_on: date
    total: int
    lines: list[dict[str, Any]]


@router.get("/integrity/findings", response=list[FindingOut],
            summary="Các phát hiện bất thường (lọc theo quy tắc, mức độ, tình trạng, đơn vị)")
@paginate(LimitOffsetPagination)
def findings(request: HttpRequest, rule: str = "", severity: str = "", status: str = "",
             unit_code: str = "") -> object:
    return selectors.findings_for(request.user, selectors.FindingFilter(
        rule=rule, severity=severity, status=status, unit=unit_code)).select_related(
        "resolved_by")


@router.get("/integrity/findings/{finding_id}", response=FindingOut,
            summary="Một phát hiện bất thường")
def finding(request: HttpRequest, finding_id: int) -> Finding:
    return selectors.finding_get_for_user(request.user, finding_id)


@router.post("/integrity/findings/{finding_id}/resolve", response=FindingOut,
             summary="Giải trình hoặc ghi nhận đã khắc phục (cán bộ của đơn vị có phát hiện)")
def finding_resolve(request: HttpRequest, finding_id: int, payload: ResolveIn) -> Finding:
    found = selectors.finding_get_for_user(request.user, finding_id)
    checks.finding_resolve(actor=request.user, finding=found, status=payload.status,
                           note=payload.note)
    return selectors.finding_get_for_user(request.user, finding_id)


@router.post("/integrity/checks", response={201: RunOut},
             summary="Chạy kiểm tra bất thường ngay cho đơn vị đang làm việc")
def check_run(request: HttpRequest, payload: RunIn) -> Status[CheckRun]:
    return Status(201, checks.check_run_request(actor=request.user, rules=payload.rules))


@router.get("/integrity/rules", response=list[RuleOut], summary="Các quy tắc kiểm tra")
def rules(request: HttpRequest) -> list[RuleOut]:
    return [RuleOut(code=r.code, title=str(r.title), description=str(r.description),
                    legal_basis=str(r.legal_basis), severity=r.severity) for r in all_rules()]


@router.get("/integrity/reported-totals", response=list[ReportOut],
            summary="Số liệu đơn vị báo cáo")
@paginate(LimitOffsetPagination)
def reported_totals(request: HttpRequest) -> object:
    return selectors.reported_totals_for(request.user)


@router.post("/integrity/reported-totals", response={201: ReportOut},
             summary="Ghi số liệu một đơn vị đã báo cáo (cán bộ xã, tỉnh; thành viên đoàn giám "
                     "sát)")
def reported_total_create(request: HttpRequest, payload: ReportIn) -> Status[ReportedTotal]:
    checks.require_report_recorder(request.user)
    unit = unit_get_for_user(request.user, payload.unit_code)
    record = checks.reported_total_create(actor=request.user, report=checks.ReportInput(
        unit=unit, title=payload.title, document=payload.document,
        reported_on=payload.reported_on, total=payload.total,
        lines=[line.model_dump() for line in payload.lines]))
    return Status(201, record)
