"""Funds in the API, scoped like the pages: funds with their balance and stock, donors, the
ledger's entries, every kind of entry (money and goods received, allocations and goods handed
out, transfers, advances, the balance brought over, corrections), the approval of allocations
above a fund's threshold, and the statement as figures, Excel or PDF.

The same services as the pages; their refusals come back as the API's Vietnamese error bodies
(400 for a rule such as "not enough money", 403 for a role, 404 for a fund outside the user's
units). Downloading a statement is recorded in the audit log, as on the pages.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from django.db import transaction
from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from ansinh.core.audit import audit_record
from ansinh.core.errors import DomainError
from ansinh.core.scoping import get_for_user, visible_to
from ansinh.funds import services
from ansinh.funds.models import (
    Donor,
    DonorKind,
    Entry,
    EntryKind,
    EntryStatus,
    Fund,
    FundKind,
    Purpose,
)
from ansinh.funds.statements import Statement, fund_statement, statement_report
from ansinh.geo.models import AdministrativeUnit
from ansinh.geo.selectors import unit_get_for_user
from ansinh.registry.models import Household, Person

router = Router(tags=["Quỹ"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- schemas --------------------------------------------------------------------------------------

class FundOut(Schema):
    id: int
    unit_code: str = Field(..., alias="unit.code")
    unit_name: str = Field(..., alias="unit.name")
    kind: FundKind
    name: str
    regulation: str
    approval_threshold: int = Field(..., description="Khoản chi lớn hơn mức này chờ phê duyệt")
    is_active: bool
    balance: int = Field(..., description="Số dư: các bút toán đã ghi sổ (đồng)")
    pending: int = Field(..., description="Tổng các khoản chi đang chờ phê duyệt (đồng)")


class StockOut(Schema):
    name: str
    measure: str
    quantity: int


class FundDetailOut(FundOut):
    stock: list[StockOut] = Field(..., description="Hàng hóa còn trong kho")

    @staticmethod
    def resolve_stock(obj: Fund) -> list[dict[str, Any]]:
        return [{"name": name, "measure": measure, "quantity": quantity}
                for (name, measure), quantity in services.stock(obj).items() if quantity]


class FundIn(Schema):
    unit_code: str = Field(..., description="Mã tỉnh hoặc xã, phường quản lý quỹ")
    kind: FundKind
    name: str = Field(..., min_length=1, max_length=200)
    regulation: str = Field("", max_length=300)
    approval_threshold: int = Field(50_000_000, ge=0)


class DonorOut(Schema):
    id: int
    unit_code: str = Field(..., alias="unit.code")
    kind: DonorKind
    name: str
    address: str
    phone: str


class DonorIn(Schema):
    unit_code: str = Field(..., description="Mã đơn vị tiếp nhận (tỉnh hoặc xã)")
    kind: DonorKind
    name: str = Field("", max_length=200, description="Để trống với nhà hảo tâm không nêu tên")
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=20)


class EntryOut(Schema):
    id: int
    fund_id: int
    number: int
    kind: EntryKind
    status: EntryStatus
    entry_date: date
    amount: int = Field(..., description="Số tiền trên chứng từ; với hàng hóa, giá trị quy ra "
                                         "tiền")
    cash: int = Field(..., description="Tác động đến số dư: dương khi thu, âm khi chi, 0 với "
                                       "hàng hóa và khoản chờ duyệt")
    voucher: str
    donor_id: int | None
    donor_name: str | None
    purpose: str
    household_id: int | None
    person_id: int | None
    to_unit_code: str | None
    beneficiaries: int
    decision: str
    description: str
    counterpart_id: int | None = Field(..., description="Nửa kia của một lần điều chuyển")
    reverses_id: int | None = Field(..., description="Bút toán mà bút toán này điều chỉnh")
    reversed_by_id: int | None = Field(None, description="Bút toán điều chỉnh bút toán này")
    created_by: str
    created_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    rejection: str

    @staticmethod
    def resolve_donor_name(obj: Entry) -> str | None:
        return obj.donor.name if obj.donor is not None else None

    @staticmethod
    def resolve_to_unit_code(obj: Entry) -> str | None:
        return obj.to_unit.code if obj.to_unit is not None else None

    @staticmethod
    def resolve_reversed_by_id(obj: Entry) -> int | None:
        return getattr(obj, "reversed_by", None)

    @staticmethod
    def resolve_created_by(obj: Entry) -> str:
        return obj.created_by.get_username()

    @staticmethod
    def resolve_decided_by(obj: Entry) -> str | None:
        return obj.decided_by.get_username() if obj.decided_by is not None else None


class ItemOut(Schema):
    name: str
    measure: str
    quantity: int = Field(..., description="Dương khi nhận, âm khi cấp phát")
    unit_value: int


class EntryDetailOut(EntryOut):
    items: list[ItemOut]

    @staticmethod
    def resolve_items(obj: Entry) -> list[Any]:
        return list(obj.items.order_by("id"))


class ItemIn(Schema):
    name: str = Field(..., min_length=1, max_length=200)
    measure: str = Field(..., min_length=1, max_length=30, description="Đơn vị tính")
    quantity: int = Field(..., description="Lớn hơn 0")
    unit_value: int = Field(0, description="Đơn giá (đồng); chỉ khi nhận hàng")


class MoneyIn(Schema):
    entry_date: date = Field(..., description="Không sau hôm nay")
    amount: int = Field(..., description="Đồng, lớn hơn 0")
    description: str = Field(..., min_length=1, max_length=500)
    voucher: str = Field("", max_length=60, description="Số phiếu thu, chứng từ")
    decision: str = Field("", max_length=200)


class ReceiptIn(MoneyIn):
    donor_id: int | None = Field(None, description="Trống: vận động, thu khác")


class AdvanceIn(MoneyIn):
    decision: str = Field(..., min_length=1, max_length=200,
                          description="Quyết định, văn bản cho phép tạm ứng, bổ sung nguồn")


class InKindIn(Schema):
    entry_date: date
    items: list[ItemIn] = Field(..., min_length=1)
    description: str = Field("", max_length=500)
    donor_id: int | None = None
    voucher: str = Field("", max_length=60)


class RecipientIn(Schema):
    entry_date: date
    purpose: Purpose
    decision: str = Field(..., min_length=1, max_length=200,
                          description="Quyết định phê duyệt khoản chi (số, ngày)")
    description: str = Field("", max_length=500)
    household_id: int | None = None
    person_id: int | None = None
    to_unit_code: str = Field("", description="Địa phương được hỗ trợ (nội dung "
                                              "other_locality)")
    beneficiaries: int = Field(1, description="Số hộ, người, đơn vị được hỗ trợ")
    voucher: str = Field("", max_length=60)


class AllocationIn(RecipientIn):
    amount: int = Field(..., description="Đồng, lớn hơn 0")


class DistributionIn(RecipientIn):
    items: list[ItemIn] = Field(..., min_length=1)


class TransferIn(Schema):
    target_fund_id: int = Field(..., description="Quỹ nhận")
    entry_date: date
    amount: int
    decision: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=500)


class TransferOut(Schema):
    out: EntryOut
    inward: EntryOut


class ReverseIn(Schema):
    reason: str = Field(..., min_length=1, max_length=300)
    entry_date: date | None = Field(None, description="Mặc định hôm nay")


class RejectIn(Schema):
    reason: str = Field(..., min_length=1, max_length=300)


class LineOut(Schema):
    label: str
    amount: int
    count: int = Field(..., description="Số lượt được hỗ trợ (dòng chi)")


class GoodsOut(Schema):
    name: str
    measure: str
    received: int
    received_value: int
    handed_out: int
    handed_out_value: int
    in_stock: int


class DonorLineOut(Schema):
    entry_date: date
    name: str
    kind: DonorKind
    amount: int
    goods_value: int


class StatementOut(Schema):
    fund_id: int
    fund_name: str
    unit_code: str
    start: date
    end: date
    opening: int = Field(..., description="Số dư đầu kỳ")
    receipts: list[LineOut] = Field(..., description="Thu theo nguồn")
    received: int
    spending: list[LineOut] = Field(..., description="Chi theo nội dung, với số lượt")
    spent: int
    closing: int = Field(..., description="Số dư cuối kỳ = đầu kỳ + thu − chi")
    pending: int = Field(..., description="Khoản chi chờ phê duyệt, chưa tính vào số liệu")
    goods: list[GoodsOut]
    donors: list[DonorLineOut]


# --- helpers --------------------------------------------------------------------------------------

def _funds(user: Any) -> QuerySet[Fund]:
    posted, waiting = Q(entries__status=EntryStatus.POSTED), Q(entries__status=EntryStatus.PENDING)
    return (visible_to(Fund.objects.select_related("unit"), user)
            .annotate(balance=Coalesce(Sum("entries__cash", filter=posted), 0),
                      pending=Coalesce(Sum("entries__amount", filter=waiting), 0)))


def _fund(user: Any, fund_id: int) -> Fund:
    return get_for_user(_funds(user), user, pk=fund_id)


def _entries(user: Any) -> QuerySet[Entry]:
    return (visible_to(Entry.objects.select_related(
        "fund", "fund__unit", "donor", "to_unit", "created_by", "decided_by"), user)
        .annotate(reversed_by=F("reversal")))


def _entry(user: Any, entry_id: int) -> Entry:
    return get_for_user(_entries(user), user, pk=entry_id)


def _ref(queryset: QuerySet[Any], user: Any, pk: int | None, field: str, message: str) -> Any:
    """A record named in the body, among those the user may see; a clear 400 otherwise."""
    if pk is None:
        return None
    found = visible_to(queryset, user).filter(pk=pk).first()
    if found is None:
        raise DomainError(message % {"id": pk}, field=field)
    return found


def _donor(user: Any, pk: int | None) -> Donor | None:
    found: Donor | None = _ref(Donor.objects.select_related("unit"), user, pk, "donor_id",
                               "Không có nhà tài trợ số %(id)s.")
    return found


def _items(items: list[ItemIn]) -> list[services.Item]:
    return [services.Item(name=i.name, measure=i.measure, quantity=i.quantity,
                          unit_value=i.unit_value) for i in items]


def _allocation(user: Any, payload: RecipientIn, *, amount: int = 0,
                items: list[ItemIn] | None = None) -> services.Allocation:
    to_unit: AdministrativeUnit | None = None
    if payload.to_unit_code:
        to_unit = unit_get_for_user(user, payload.to_unit_code)
    return services.Allocation(
        entry_date=payload.entry_date, amount=amount, purpose=payload.purpose,
        description=payload.description, decision=payload.decision,
        household=_ref(Household.objects.select_related("commune"), user, payload.household_id,
                       "household_id", "Không có hộ số %(id)s."),
        person=_ref(Person.objects.select_related("commune"), user, payload.person_id,
                    "person_id", "Không có nhân khẩu số %(id)s."),
        to_unit=to_unit, beneficiaries=payload.beneficiaries, voucher=payload.voucher,
        items=_items(items or []))


def _receipt(user: Any, payload: MoneyIn, donor_id: int | None = None) -> services.Receipt:
    return services.Receipt(entry_date=payload.entry_date, amount=payload.amount,
                            description=payload.description, donor=_donor(user, donor_id),
                            voucher=payload.voucher, decision=payload.decision)


def _period(tu: str, den: str) -> tuple[date, date]:
    """``tu``, ``den`` as YYYY-MM-DD; by default from the first of January to today."""
    today = timezone.localdate()
    try:
        start = date.fromisoformat(tu) if tu else date(today.year, 1, 1)
        end = date.fromisoformat(den) if den else today
    except ValueError as exc:
        raise DomainError("Ngày không hợp lệ (yyyy-mm-dd).", field="tu" if tu else "den") \
            from exc
    if start > end:
        raise DomainError("Ngày bắt đầu phải trước ngày kết thúc.", field="tu")
    return start, end


def _statement_out(statement: Statement) -> StatementOut:
    fund = statement.fund
    return StatementOut(
        fund_id=fund.pk, fund_name=fund.name, unit_code=fund.unit.code, start=statement.start,
        end=statement.end, opening=statement.opening,
        receipts=[LineOut(label=ln.label, amount=ln.amount, count=ln.count)
                  for ln in statement.receipts],
        received=statement.received,
        spending=[LineOut(label=ln.label, amount=ln.amount, count=ln.count)
                  for ln in statement.spending],
        spent=statement.spent, closing=statement.closing, pending=statement.pending,
        goods=[GoodsOut(name=g.name, measure=g.measure, received=g.received,
                        received_value=g.received_value, handed_out=g.handed_out,
                        handed_out_value=g.handed_out_value, in_stock=g.in_stock)
               for g in statement.goods],
        donors=[DonorLineOut(entry_date=d.entry_date, name=d.name, kind=DonorKind(d.kind),
                             amount=d.amount, goods_value=d.goods_value)
                for d in statement.donors])


def _statement_file(request: HttpRequest, fund_id: int, tu: str, den: str,
                    fmt: str) -> HttpResponse:
    from ansinh.reports.excel import report_xlsx
    from ansinh.reports.printing import report_pdf

    fund = _fund(request.user, fund_id)
    start, end = _period(tu, den)
    report = statement_report(fund_statement(fund, start, end))
    content = report_xlsx(report) if fmt == "xlsx" else report_pdf(report)
    with transaction.atomic():
        audit_record(actor=request.user, action="funds.statement.export", obj=fund,
                     unit=fund.unit, changes={"format": fmt, "period": report.period_label})
    filename = f"Sao kê {fund.name} {start:%d-%m-%Y} đến {end:%d-%m-%Y}.{fmt}"
    response = HttpResponse(content, content_type=XLSX if fmt == "xlsx" else "application/pdf")
    ascii_name = f"sao-ke-quy-{fund.pk}-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
    response["Content-Disposition"] = (f'attachment; filename="{ascii_name}"; '
                                       f"filename*=UTF-8''{quote(filename, safe='')}")
    patch_cache_control(response, private=True, no_store=True)
    return response


def _written(request: HttpRequest, entry: Entry) -> Status[Entry]:
    return Status(201, _entry(request.user, entry.pk))


# --- donors (before /funds/{fund_id}: a fixed path wins over a parameter) -------------------------

@router.get("/funds/donors", response=list[DonorOut],
            summary="Nhà tài trợ (cơ quan, tổ chức, cá nhân, nhà hảo tâm)")
@paginate(LimitOffsetPagination)
def donors(request: HttpRequest, unit_code: str = "", kind: str = "", q: str = "") -> object:
    found = visible_to(Donor.objects.select_related("unit"), request.user)
    if unit_code:
        found = found.filter(unit__code=unit_code)
    if kind:
        found = found.filter(kind=kind)
    if q.strip():
        found = found.filter(name__icontains=q.strip())
    return found.order_by("name", "id")


@router.post("/funds/donors", response={201: DonorOut}, summary="Thêm nhà tài trợ")
def donor_create(request: HttpRequest, payload: DonorIn) -> Status[Donor]:
    unit = unit_get_for_user(request.user, payload.unit_code)
    made = services.donor_create(actor=request.user, unit=unit, kind=payload.kind,
                                 name=payload.name, address=payload.address,
                                 phone=payload.phone)
    return Status(201, made)


# --- entries by id --------------------------------------------------------------------------------

@router.get("/funds/pending", response=list[EntryOut],
            summary="Khoản chi chờ phê duyệt (vượt mức chi của quỹ)")
@paginate(LimitOffsetPagination)
def pending(request: HttpRequest) -> object:
    return (_entries(request.user).filter(status=EntryStatus.PENDING)
            .order_by("entry_date", "id"))


@router.get("/funds/entries/{entry_id}", response=EntryDetailOut,
            summary="Một bút toán, với hàng hóa của nó")
def entry(request: HttpRequest, entry_id: int) -> Entry:
    return _entry(request.user, entry_id)


@router.post("/funds/entries/{entry_id}/reverse", response={201: EntryDetailOut},
             summary="Điều chỉnh: ghi bút toán đảo của một bút toán đã ghi sổ (bút toán gốc "
                     "được giữ nguyên)")
def entry_reverse(request: HttpRequest, entry_id: int, payload: ReverseIn) -> Status[Entry]:
    found = _entry(request.user, entry_id)
    made = services.entry_reverse(actor=request.user, entry=found, reason=payload.reason,
                                  entry_date=payload.entry_date)
    return _written(request, made)


@router.post("/funds/entries/{entry_id}/approve", response=EntryDetailOut,
             summary="Phê duyệt khoản chi chờ duyệt (lãnh đạo UBND xã với quỹ cấp xã; cán bộ "
                     "cấp tỉnh khác người lập với quỹ cấp tỉnh)")
def entry_approve(request: HttpRequest, entry_id: int) -> Entry:
    found = _entry(request.user, entry_id)
    services.allocation_approve(actor=request.user, entry=found)
    return _entry(request.user, entry_id)


@router.post("/funds/entries/{entry_id}/reject", response=EntryDetailOut,
             summary="Không phê duyệt khoản chi chờ duyệt, với lý do")
def entry_reject(request: HttpRequest, entry_id: int, payload: RejectIn) -> Entry:
    found = _entry(request.user, entry_id)
    services.allocation_reject(actor=request.user, entry=found, reason=payload.reason)
    return _entry(request.user, entry_id)


# --- funds ----------------------------------------------------------------------------------------

@router.get("/funds", response=list[FundOut], summary="Các quỹ, với số dư")
@paginate(LimitOffsetPagination)
def funds(request: HttpRequest, unit_code: str = "", kind: str = "",
          active: bool | None = None) -> object:
    found = _funds(request.user)
    if unit_code:
        found = found.filter(unit__code=unit_code)
    if kind:
        found = found.filter(kind=kind)
    if active is not None:
        found = found.filter(is_active=active)
    return found.order_by("unit__path", "name", "id")


@router.post("/funds", response={201: FundDetailOut},
             summary="Lập quỹ của một tỉnh hoặc một xã, phường")
def fund_create(request: HttpRequest, payload: FundIn) -> Status[Fund]:
    unit = unit_get_for_user(request.user, payload.unit_code)
    made = services.fund_create(actor=request.user, unit=unit, kind=payload.kind,
                                name=payload.name, regulation=payload.regulation,
                                approval_threshold=payload.approval_threshold)
    return Status(201, _fund(request.user, made.pk))


@router.get("/funds/{fund_id}", response=FundDetailOut,
            summary="Một quỹ: số dư, khoản chờ duyệt, hàng hóa còn trong kho")
def fund(request: HttpRequest, fund_id: int) -> Fund:
    return _fund(request.user, fund_id)


@router.get("/funds/{fund_id}/entries", response=list[EntryOut],
            summary="Sổ quỹ: các bút toán (lọc theo loại, tình trạng, ngày)")
@paginate(LimitOffsetPagination)
def entries(request: HttpRequest, fund_id: int, kind: str = "", status: str = "",
            tu: str = "", den: str = "") -> object:
    # Dates as text: the pagination wrapper cannot resolve a ``date`` annotation here.
    found = _fund(request.user, fund_id)
    rows = _entries(request.user).filter(fund=found)
    if kind:
        rows = rows.filter(kind=kind)
    if status:
        rows = rows.filter(status=status)
    try:
        if tu:
            rows = rows.filter(entry_date__gte=date.fromisoformat(tu))
        if den:
            rows = rows.filter(entry_date__lte=date.fromisoformat(den))
    except ValueError as exc:
        raise DomainError("Ngày không hợp lệ (yyyy-mm-dd).", field="tu") from exc
    return rows.order_by("number")


@router.post("/funds/{fund_id}/receipts", response={201: EntryDetailOut},
             summary="Ghi thu tiền ủng hộ, vận động")
def receipt(request: HttpRequest, fund_id: int, payload: ReceiptIn) -> Status[Entry]:
    found = _fund(request.user, fund_id)
    made = services.receipt_record(actor=request.user, fund=found,
                                   receipt=_receipt(request.user, payload, payload.donor_id))
    return _written(request, made)


@router.post("/funds/{fund_id}/in-kind", response={201: EntryDetailOut},
             summary="Nhận hiện vật (gạo, mì tôm, khẩu trang…): định giá, nhập kho")
def in_kind(request: HttpRequest, fund_id: int, payload: InKindIn) -> Status[Entry]:
    found = _fund(request.user, fund_id)
    made = services.in_kind_record(actor=request.user, fund=found,
                                   entry_date=payload.entry_date, items=_items(payload.items),
                                   description=payload.description,
                                   donor=_donor(request.user, payload.donor_id),
                                   voucher=payload.voucher)
    return _written(request, made)


@router.post("/funds/{fund_id}/allocations", response={201: EntryDetailOut},
             summary="Ghi chi hỗ trợ; vượt mức chi của quỹ thì chờ phê duyệt")
def allocation(request: HttpRequest, fund_id: int, payload: AllocationIn) -> Status[Entry]:
    found = _fund(request.user, fund_id)
    made = services.allocation_record(
        actor=request.user, fund=found,
        allocation=_allocation(request.user, payload, amount=payload.amount))
    return _written(request, made)


@router.post("/funds/{fund_id}/distributions", response={201: EntryDetailOut},
             summary="Cấp phát hiện vật từ kho")
def distribution(request: HttpRequest, fund_id: int, payload: DistributionIn) -> Status[Entry]:
    found = _fund(request.user, fund_id)
    made = services.distribution_record(
        actor=request.user, fund=found,
        allocation=_allocation(request.user, payload, items=payload.items))
    return _written(request, made)


@router.post("/funds/{fund_id}/transfers", response={201: TransferOut},
             summary="Điều chuyển sang quỹ khác (ví dụ quỹ cấp tỉnh sang quỹ cấp xã)")
def transfer(request: HttpRequest, fund_id: int, payload: TransferIn) -> Status[dict[str, Any]]:
    source = _fund(request.user, fund_id)
    target = _ref(Fund.objects.select_related("unit"), request.user, payload.target_fund_id,
                  "target_fund_id", "Không có quỹ số %(id)s.")
    out, inward = services.transfer_record(
        actor=request.user, source=source, target=target, entry_date=payload.entry_date,
        amount=payload.amount, decision=payload.decision, description=payload.description)
    return Status(201, {"out": _entry(request.user, out.pk),
                        "inward": _entry(request.user, inward.pk)})


@router.post("/funds/{fund_id}/advances", response={201: EntryDetailOut},
             summary="Tạm ứng, bổ sung nguồn (có quyết định) để bù phần thiếu")
def advance(request: HttpRequest, fund_id: int, payload: AdvanceIn) -> Status[Entry]:
    found = _fund(request.user, fund_id)
    made = services.advance_record(actor=request.user, fund=found,
                                   receipt=_receipt(request.user, payload))
    return _written(request, made)


@router.post("/funds/{fund_id}/opening", response={201: EntryDetailOut},
             summary="Số dư chuyển sang từ sổ sách trước khi dùng An Sinh (một lần, đầu tiên)")
def opening(request: HttpRequest, fund_id: int, payload: MoneyIn) -> Status[Entry]:
    found = _fund(request.user, fund_id)
    made = services.opening_record(actor=request.user, fund=found,
                                   receipt=_receipt(request.user, payload))
    return _written(request, made)


# --- the statement --------------------------------------------------------------------------------

@router.get("/funds/{fund_id}/statement", response=StatementOut,
            summary="Sao kê: số dư đầu kỳ, thu theo nguồn, chi theo nội dung, số dư cuối kỳ, "
                    "hàng hóa, danh sách ủng hộ")
def statement(request: HttpRequest, fund_id: int, tu: str = "", den: str = "") -> StatementOut:
    """``tu``, ``den``: kỳ sao kê (YYYY-MM-DD; mặc định từ đầu năm đến hôm nay)."""
    found = _fund(request.user, fund_id)
    start, end = _period(tu, den)
    return _statement_out(fund_statement(found, start, end))


@router.get("/funds/{fund_id}/statement.xlsx", response={200: None},
            summary="Sao kê (Excel)")
def statement_xlsx(request: HttpRequest, fund_id: int, tu: str = "",
                   den: str = "") -> HttpResponse:
    return _statement_file(request, fund_id, tu, den, "xlsx")


@router.get("/funds/{fund_id}/statement.pdf", response={200: None},
            summary="Sao kê (PDF)")
def statement_pdf(request: HttpRequest, fund_id: int, tu: str = "",
                  den: str = "") -> HttpResponse:
    return _statement_file(request, fund_id, tu, den, "pdf")
