"""Payment cycles in the API, scoped like the pages: list and read cycles and their lines,
generate, approve, record payments and returns, read the provider's return file, reconcile,
download the signature list and the provider's file; a person's payment channel.

The same services as the pages; their refusals come back as the API's Vietnamese error bodies
(400 for a rule, 403 for a role, 404 for a record outside the user's units). Every file handed
out is recorded in the audit log, as on the pages.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from ansinh.cases.services import month_start
from ansinh.core.errors import DomainError
from ansinh.geo.selectors import unit_get_for_user
from ansinh.payroll import selectors, services
from ansinh.payroll.downloads import Download, cycle_download
from ansinh.payroll.forms import MAX_RETURN_BYTES, parse_month
from ansinh.payroll.models import Channel, Cycle, Line, LineKind, LineStatus, Receiver
from ansinh.payroll.reconciliation import Figures, Part, reconcile, unpaid_three_months
from ansinh.payroll.returns import ReturnFileRejected, ReturnReport, returns_check, returns_import
from ansinh.registry.selectors import person_get_for_user

router = Router(tags=["Chi trả"])


def _sees_accounts(context: Any) -> bool:
    request = (context or {}).get("request")
    return request is not None and selectors.sees_accounts(request.user)


class CycleOut(Schema):
    id: int
    commune_code: str = Field(..., alias="commune.code")
    policy: str = Field(..., alias="policy.code")
    programme_id: int | None
    month: date
    status: Cycle.Status
    lines_count: int
    persons: int
    total: int
    generated_at: datetime | None
    generated_by: str | None
    approved_at: datetime | None
    approved_by: str | None

    @staticmethod
    def resolve_generated_by(obj: Cycle) -> str | None:
        return obj.generated_by.get_username() if obj.generated_by else None

    @staticmethod
    def resolve_approved_by(obj: Cycle) -> str | None:
        return obj.approved_by.get_username() if obj.approved_by else None


class LineOut(Schema):
    id: int
    kind: LineKind
    benefit_id: int
    person_id: int
    for_month: date
    amount: int
    reason: str
    full_name: str
    birth_year: int | None
    address: str
    group_name: str
    category: str | None = Field(None, description="Mã nhóm đối tượng; null với nhóm là "
                                                   "thông tin hạn chế")
    category_label: str
    channel: Channel
    account_number: str = Field(..., description="Đầy đủ với cán bộ, lãnh đạo xã; các vai trò "
                                                 "khác chỉ thấy 4 số cuối")
    status: LineStatus
    paid_on: date | None
    receiver: str
    receiver_name: str
    return_reason: str

    @staticmethod
    def resolve_category(obj: Line) -> str | None:
        return None if obj.restricted else obj.category_code

    @staticmethod
    def resolve_account_number(obj: Line, context: Any) -> str:
        return obj.account_number if _sees_accounts(context) \
            else selectors.mask_account(obj.account_number)


class GenerateIn(Schema):
    commune_code: str
    policy: str = Field(..., description="Mã chính sách hằng tháng, ví dụ TGXH")
    month: date = Field(..., description="Một ngày bất kỳ của tháng chi trả, ví dụ 2026-06-01")


class PaidIn(Schema):
    line_ids: list[int] = Field(..., min_length=1)
    paid_on: date
    receiver: Receiver = Receiver.BENEFICIARY
    receiver_name: str = Field("", max_length=200)


class ReturnedIn(Schema):
    line_ids: list[int] = Field(..., min_length=1)
    reason: str = Field(..., min_length=1, max_length=300)


class ChangedOut(Schema):
    changed: int


class ChannelIn(Schema):
    channel: Channel


class FiguresOut(Schema):
    planned: int
    planned_amount: int
    paid: int
    paid_amount: int
    returned: int
    returned_amount: int
    outstanding: int
    outstanding_amount: int


class PartOut(Schema):
    key: str
    label: str
    figures: FiguresOut


class RecoveriesOut(Schema):
    count: int
    amount: int = Field(..., description="Số tiền phải thu hồi, số dương")


class ReconciliationOut(Schema):
    cycle_id: int
    overall: FiguresOut
    by_group: list[PartOut]
    by_channel: list[PartOut]
    recoveries: RecoveriesOut


class RowErrorOut(Schema):
    row: int
    column: str
    field: str
    message: str


class ReturnReportOut(Schema):
    recorded: bool
    rows: int
    paid: int
    paid_amount: int
    returned: int
    returned_amount: int
    unchanged: int
    authorised: int
    errors: list[RowErrorOut]


class RejectedOut(Schema):
    code: str
    message: str
    field: str | None
    report: ReturnReportOut


class UnpaidOut(Schema):
    benefit_id: int
    person_id: int
    full_name: str
    group_name: str
    months: list[date]
    reasons: list[str]


class AccountOut(Schema):
    person_id: int
    channel: Channel
    bank_name: str
    account_number: str
    account_holder: str


class AccountIn(Schema):
    channel: Channel
    bank_name: str = Field("", max_length=120)
    account_number: str = Field("", max_length=30)
    account_holder: str = Field("", max_length=200)


def _figures(f: Figures) -> FiguresOut:
    return FiguresOut(planned=f.planned, planned_amount=f.planned_amount, paid=f.paid,
                      paid_amount=f.paid_amount, returned=f.returned,
                      returned_amount=f.returned_amount, outstanding=f.outstanding,
                      outstanding_amount=f.outstanding_amount)


def _part(part: Part) -> PartOut:
    return PartOut(key=part.key, label=part.label, figures=_figures(part.figures))


def _report(report: ReturnReport, *, recorded: bool) -> ReturnReportOut:
    return ReturnReportOut(
        recorded=recorded, rows=report.rows, paid=report.paid, paid_amount=report.paid_amount,
        returned=report.returned, returned_amount=report.returned_amount,
        unchanged=report.unchanged, authorised=report.authorised,
        errors=[RowErrorOut(row=e.row, column=e.column, field=e.field, message=e.message)
                for e in report.errors])


def _file(found: Download) -> HttpResponse:
    response = HttpResponse(found.content, content_type=found.content_type)
    ascii_name = found.filename.encode("ascii", "ignore").decode() or "chi-tra"
    response["Content-Disposition"] = (f'attachment; filename="{ascii_name}"; '
                                       f"filename*=UTF-8''{quote(found.filename, safe='')}")
    patch_cache_control(response, private=True, no_store=True)
    return response


def _month(value: str) -> date | None:
    """"2026-06" or "2026-06-01" (any day of the month); "" for none."""
    if not value.strip():
        return None
    try:
        return parse_month(value.strip()[:7])
    except ValueError as exc:
        raise DomainError(str(exc), field="month") from exc


# --- cycles ---------------------------------------------------------------------------------------

@router.get("/payroll/cycles", response=list[CycleOut], summary="Danh sách kỳ chi trả")
@paginate(LimitOffsetPagination)
def cycles(request: HttpRequest, commune_code: str = "", policy: str = "", month: str = "",
           status: str = "") -> object:
    # ``month`` as text: the pagination wrapper cannot resolve a ``date`` annotation here.
    return selectors.cycles_for(request.user, selectors.CycleFilter(
        commune=commune_code, policy=policy, month=_month(month), status=status))


@router.get("/payroll/cycles/{cycle_id}", response=CycleOut, summary="Một kỳ chi trả")
def cycle(request: HttpRequest, cycle_id: int) -> Cycle:
    return selectors.cycle_get_for_user(request.user, cycle_id)


@router.post("/payroll/cycles", response={201: CycleOut},
             summary="Lập (hoặc lập lại, khi còn là dự thảo) danh sách chi trả một tháng")
def cycle_generate(request: HttpRequest, payload: GenerateIn) -> Status[Cycle]:
    commune = unit_get_for_user(request.user, payload.commune_code)
    policy = selectors.payable_policies().filter(code=payload.policy).first()
    if policy is None:
        raise DomainError(f"Không có chính sách hằng tháng mã “{payload.policy}”.",
                          field="policy")
    made = services.cycle_generate(actor=request.user, commune=commune, policy=policy,
                                   month=month_start(payload.month))
    return Status(201, selectors.cycle_get_for_user(request.user, made.pk))


@router.post("/payroll/programmes/{programme_id}/cycle", response={201: CycleOut},
             summary="Lập danh sách chi trả của một đợt hỗ trợ một lần đã có quyết định")
def programme_cycle_generate(request: HttpRequest, programme_id: int) -> Status[Cycle]:
    programme = selectors.programme_get_for_user(request.user, programme_id)
    made = services.programme_cycle_generate(actor=request.user, programme=programme)
    return Status(201, selectors.cycle_get_for_user(request.user, made.pk))


@router.post("/payroll/cycles/{cycle_id}/approve", response=CycleOut,
             summary="Duyệt danh sách (lãnh đạo UBND xã; không phải người lập)")
def cycle_approve(request: HttpRequest, cycle_id: int) -> Cycle:
    found = selectors.cycle_get_for_user(request.user, cycle_id)
    services.cycle_approve(actor=request.user, cycle=found)
    return selectors.cycle_get_for_user(request.user, cycle_id)


@router.post("/payroll/cycles/{cycle_id}/close", response=CycleOut,
             summary="Quyết toán kỳ chi trả (mọi dòng đã chi hoặc không chi được)")
def cycle_close(request: HttpRequest, cycle_id: int) -> Cycle:
    found = selectors.cycle_get_for_user(request.user, cycle_id)
    services.cycle_close(actor=request.user, cycle=found)
    return selectors.cycle_get_for_user(request.user, cycle_id)


# --- lines ----------------------------------------------------------------------------------------

@router.get("/payroll/cycles/{cycle_id}/lines", response=list[LineOut],
            summary="Các dòng của một kỳ chi trả")
@paginate(LimitOffsetPagination)
def lines(request: HttpRequest, cycle_id: int, group: str = "", kind: str = "",
          status: str = "", channel: str = "", q: str = "") -> object:
    found = selectors.cycle_get_for_user(request.user, cycle_id)
    return selectors.cycle_lines(found, selectors.LineFilter(
        group=group, kind=kind, status=status, channel=channel, query=q))


@router.post("/payroll/cycles/{cycle_id}/lines/paid", response=ChangedOut,
             summary="Ghi nhận đã chi cho các dòng")
def lines_paid(request: HttpRequest, cycle_id: int, payload: PaidIn) -> ChangedOut:
    found = selectors.cycle_get_for_user(request.user, cycle_id)
    changed = services.lines_mark_paid(
        actor=request.user, cycle=found, line_ids=selectors.line_ids_in(found, payload.line_ids),
        payment=services.Payment(paid_on=payload.paid_on, receiver=payload.receiver,
                                 receiver_name=payload.receiver_name))
    return ChangedOut(changed=changed)


@router.post("/payroll/cycles/{cycle_id}/lines/returned", response=ChangedOut,
             summary="Ghi nhận không chi được cho các dòng, với lý do")
def lines_returned(request: HttpRequest, cycle_id: int, payload: ReturnedIn) -> ChangedOut:
    found = selectors.cycle_get_for_user(request.user, cycle_id)
    changed = services.lines_mark_returned(
        actor=request.user, cycle=found, line_ids=selectors.line_ids_in(found, payload.line_ids),
        reason=payload.reason)
    return ChangedOut(changed=changed)


@router.post("/payroll/cycles/{cycle_id}/lines/{line_id}/channel", response=LineOut,
             summary="Đổi hình thức chi trả của một dòng (khi danh sách còn là dự thảo)")
def line_channel(request: HttpRequest, cycle_id: int, line_id: int,
                 payload: ChannelIn) -> Line:
    found = selectors.cycle_get_for_user(request.user, cycle_id)
    line = selectors.cycle_line_get(found, line_id)
    return services.line_set_channel(actor=request.user, line=line, channel=payload.channel)


# --- files ----------------------------------------------------------------------------------------

@router.get("/payroll/cycles/{cycle_id}/signature-list.pdf", response={200: None},
            summary="Danh sách ký nhận (PDF, A4 ngang); group: một tổ, thôn")
def signature_list_pdf(request: HttpRequest, cycle_id: int, group: str = "") -> HttpResponse:
    found = selectors.cycle_get_for_user(request.user, cycle_id)
    return _file(cycle_download(actor=request.user, cycle=found, fmt="pdf", group=group))


@router.get("/payroll/cycles/{cycle_id}/signature-list.xlsx", response={200: None},
            summary="Danh sách ký nhận (Excel); group: một tổ, thôn")
def signature_list_xlsx(request: HttpRequest, cycle_id: int, group: str = "") -> HttpResponse:
    found = selectors.cycle_get_for_user(request.user, cycle_id)
    return _file(cycle_download(actor=request.user, cycle=found, fmt="xlsx", group=group))


@router.get("/payroll/cycles/{cycle_id}/provider-file.xlsx", response={200: None},
            summary="Tệp gửi tổ chức dịch vụ chi trả, ngân hàng (danh sách đã duyệt)")
def provider_file(request: HttpRequest, cycle_id: int) -> HttpResponse:
    found = selectors.cycle_get_for_user(request.user, cycle_id)
    return _file(cycle_download(actor=request.user, cycle=found, fmt="provider"))


@router.post("/payroll/cycles/{cycle_id}/returns",
             response={200: ReturnReportOut, 400: RejectedOut},
             summary="Nhập tệp kết quả chi trả (dry_run=true: chỉ kiểm tra); cả tệp hoặc không "
                     "dòng nào")
def returns(request: HttpRequest, cycle_id: int, file: File[UploadedFile],
            dry_run: Form[bool] = False) -> Any:
    found = selectors.cycle_get_for_user(request.user, cycle_id)
    if file.size and file.size > MAX_RETURN_BYTES:
        raise DomainError("Tệp quá lớn; tối đa 10 MB.", field="file")
    service = returns_check if dry_run else returns_import
    try:
        report = service(actor=request.user, cycle=found, file_bytes=file.read(),
                         filename=file.name or "ket-qua.xlsx")
    except ReturnFileRejected as exc:
        return Status(400, RejectedOut(code=exc.code, message=exc.message, field=exc.field,
                                       report=_report(exc.report, recorded=False)))
    return _report(report, recorded=not dry_run)


# --- reconciliation -------------------------------------------------------------------------------

@router.get("/payroll/cycles/{cycle_id}/reconciliation", response=ReconciliationOut,
            summary="Đối soát: phải chi, đã chi, không chi được, chưa chi; theo tổ và hình "
                    "thức; thu hồi")
def reconciliation(request: HttpRequest, cycle_id: int) -> ReconciliationOut:
    found = selectors.cycle_get_for_user(request.user, cycle_id)
    r = reconcile(found)
    return ReconciliationOut(
        cycle_id=found.pk, overall=_figures(r.overall),
        by_group=[_part(p) for p in r.by_group], by_channel=[_part(p) for p in r.by_channel],
        recoveries=RecoveriesOut(count=r.recoveries.count, amount=r.recoveries.amount))


@router.get("/payroll/unpaid", response=list[UnpaidOut],
            summary="Người không nhận trợ cấp ba tháng liên tiếp (xem xét tạm dừng)")
def unpaid(request: HttpRequest, commune_code: str, month: date | None = None
           ) -> list[UnpaidOut]:
    commune = unit_get_for_user(request.user, commune_code)
    as_of = month_start(month or timezone.localdate())
    return [UnpaidOut(benefit_id=f.benefit_id, person_id=f.person_id, full_name=f.full_name,
                      group_name=f.group_name, months=list(f.months), reasons=list(f.reasons))
            for f in unpaid_three_months(commune, as_of_month=as_of)]


# --- payment channel ------------------------------------------------------------------------------

def _account(person: Any, request: HttpRequest) -> AccountOut:
    account = selectors.person_payment_account(person)
    if account is None:
        return AccountOut(person_id=person.pk, channel=Channel.CASH, bank_name="",
                          account_number="", account_holder="")
    full = selectors.sees_accounts(request.user)
    return AccountOut(person_id=person.pk, channel=Channel(account.channel),
                      bank_name=account.bank_name,
                      account_number=account.account_number if full
                      else selectors.mask_account(account.account_number),
                      account_holder=account.account_holder)


@router.get("/persons/{person_id}/payment-account", response=AccountOut,
            summary="Hình thức chi trả của một người")
def payment_account(request: HttpRequest, person_id: int) -> AccountOut:
    return _account(person_get_for_user(request.user, person_id), request)


@router.put("/persons/{person_id}/payment-account", response=AccountOut,
            summary="Đặt hình thức chi trả của một người (cán bộ, lãnh đạo xã)")
def payment_account_set(request: HttpRequest, person_id: int, payload: AccountIn) -> AccountOut:
    person = person_get_for_user(request.user, person_id)
    services.payment_account_set(actor=request.user, person=person, channel=payload.channel,
                                 bank_name=payload.bank_name,
                                 account_number=payload.account_number,
                                 account_holder=payload.account_holder)
    return _account(person, request)

