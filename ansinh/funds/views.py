"""Pages of the funds (quỹ): the list with each fund's balance, a fund's ledger and the forms
that write to it (receipts in money and in kind, allocations, goods handed out, transfers,
advances, the opening balance), an entry with its approval and correction, the donors, the
allocations waiting for the user's approval, and the statement on screen, in Excel and PDF.

Views parse input, call one service or selector, and render; the services decide who may
write (``services.require_fund_writer``), so supervisors and auditors get a 403 from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ansinh.core.audit import audit_record
from ansinh.core.errors import DomainError, PermissionDenied
from ansinh.core.scoping import require_write
from ansinh.core.text import format_date, format_money
from ansinh.core.views_helpers import form_error_from, form_errors_text, paginate
from ansinh.funds import selectors, services
from ansinh.funds.forms import (
    AllocationForm,
    DonorForm,
    EntryFilterForm,
    FundForm,
    InKindForm,
    ItemFormSet,
    OutItemFormSet,
    ReceiptForm,
    RejectForm,
    ReverseForm,
    TransferForm,
)
from ansinh.funds.models import Entry, EntryKind, EntryStatus, Fund
from ansinh.funds.statements import fund_statement, statement_report
from ansinh.reports.forms import PeriodForm

LEDGER_PAGE = 50
LIST_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Crumbs = list[tuple[str, str | None]]


def _crumbs(*extra: tuple[str, str | None]) -> Crumbs:
    return [(_("Quỹ"), reverse("funds:fund_list")), *extra]


def _fund_crumbs(fund: Fund, *extra: tuple[str, str | None]) -> Crumbs:
    return _crumbs((fund.name, fund.get_absolute_url() if extra else None), *extra)


def _refused(request: HttpRequest, exc: DomainError) -> None:
    """A rule's refusal becomes a message; 403 and 404 go on to their pages."""
    if exc.status_code != 400:
        raise exc
    messages.error(request, exc.message)


# --- funds ---------------------------------------------------------------------------------

@login_required
def fund_list(request: HttpRequest) -> HttpResponse:
    funds = selectors.funds_for(request.user)
    return render(request, "funds/fund_list.html", {
        "page": paginate(request, funds, per_page=LIST_PAGE),
        "can_create": bool(selectors.fund_units(request.user)),
        "pending_count": selectors.pending_allocations_for(request.user).count(),
        "breadcrumbs": [(_("Quỹ"), None)], "tab": "funds",
    })


@login_required
def fund_create(request: HttpRequest) -> HttpResponse:
    units = selectors.fund_units(request.user)
    if not units:
        require_write(request.user)
        raise PermissionDenied(_("Vai trò của bạn không mở quỹ được."))
    form = FundForm(request.POST or None, units=units, initial={
        "unit": units[0].code if units else "", "approval_threshold": 50_000_000})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next(u for u in units if u.code == data["unit"])
        try:
            fund = services.fund_create(
                actor=request.user, unit=unit, kind=data["kind"], name=data["name"],
                regulation=data["regulation"], approval_threshold=data["approval_threshold"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã mở quỹ “%(f)s”.") % {"f": fund.name})
            return redirect(fund)
    return render(request, "funds/form.html", {
        "form": form, "title": _("Thêm quỹ"), "submit": _("Lưu quỹ"), "form_id": "fund-form",
        "cancel_url": reverse("funds:fund_list"),
        "breadcrumbs": _crumbs((_("Thêm quỹ"), None)), "tab": "funds",
    })


@dataclass
class LedgerRow:
    """One line of the ledger as shown: money in or out, goods (valued, not in the balance),
    or an allocation not (yet) posted, shown greyed."""

    entry: Entry
    inflow: int | None = None
    outflow: int | None = None
    goods: bool = False
    muted: bool = False
    corrected_by: Entry | None = None


_GOODS_IN: dict[str, bool] = {EntryKind.IN_KIND: True, EntryKind.DISTRIBUTION: False}


def _ledger_row(entry: Entry) -> LedgerRow:
    row = LedgerRow(entry, corrected_by=getattr(entry, "reversal", None),
                    muted=entry.status != EntryStatus.POSTED)
    if entry.cash > 0:
        row.inflow = entry.cash
    elif entry.cash < 0:
        row.outflow = -entry.cash
    elif entry.kind in _GOODS_IN:
        row.goods = True
        row.inflow, row.outflow = (entry.amount, None) if _GOODS_IN[entry.kind] \
            else (None, entry.amount)
    elif entry.kind == EntryKind.REVERSAL and entry.reverses and entry.reverses.kind in _GOODS_IN:
        row.goods = True
        row.inflow, row.outflow = (None, entry.amount) if _GOODS_IN[entry.reverses.kind] \
            else (entry.amount, None)
    else:
        row.outflow = entry.amount  # an allocation waiting for approval, or refused
    return row


@login_required
def fund_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    fund = selectors.fund_get_for_user(user, pk)
    form = EntryFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    entries = selectors.entries_for(user, fund, selectors.EntryFilter(
        kind=data.get("loai") or "", status=data.get("tinh_trang") or "",
        date_from=data.get("tu"), date_to=data.get("den")))
    stock = services.stock(fund)
    page = paginate(request, entries, per_page=LEDGER_PAGE)
    return render(request, "funds/fund_detail.html", {
        "fund": fund, "form": form, "filtered": any(data.values()), "page": page,
        "rows": [_ledger_row(e) for e in page.object_list],
        "balance": services.balance(fund),
        "pending_count": Entry.objects.filter(fund=fund, status=EntryStatus.PENDING).count(),
        "stock": [(name, measure, quantity) for (name, measure), quantity in stock.items()
                  if quantity],
        "can_write": fund.is_active and selectors.may_write(user, fund.unit),
        "ledger_empty": not Entry.objects.filter(fund=fund).exists(),
        "breadcrumbs": _fund_crumbs(fund), "tab": "funds",
    })


# --- writing to the ledger -----------------------------------------------------------------

_MONEY_IN: dict[str, tuple[Any, Any, Any]] = {
    EntryKind.RECEIPT: (services.receipt_record, gettext_lazy("Ghi thu (tiền)"),
                        gettext_lazy("Lưu phiếu thu")),
    EntryKind.ADVANCE: (services.advance_record, gettext_lazy("Tạm ứng, bổ sung nguồn"),
                        gettext_lazy("Lưu tạm ứng, bổ sung")),
    EntryKind.OPENING: (services.opening_record, gettext_lazy("Số dư chuyển sang"),
                        gettext_lazy("Lưu số dư chuyển sang")),
}

_INTROS: dict[str, Any] = {
    EntryKind.RECEIPT: gettext_lazy("Tiền ủng hộ, vận động nhận vào quỹ. Ghi theo phiếu thu."),
    EntryKind.ADVANCE: gettext_lazy(
        "Khi quỹ không đủ tiền để chi, nguồn bù được ghi rõ ràng bằng khoản tạm ứng hoặc bổ "
        "sung này, kèm văn bản cho phép; số dư quỹ không bao giờ âm."),
    EntryKind.OPENING: gettext_lazy(
        "Số dư trên sổ sách của quỹ trước khi dùng An Sinh. Chỉ ghi một lần, trước mọi bút "
        "toán khác."),
}


def _writer_fund(request: HttpRequest, pk: int) -> Fund:
    """The fund, if the user sees it (404) and may write to it (403)."""
    fund = selectors.fund_get_for_user(request.user, pk)
    services.require_fund_writer(request.user, fund.unit)
    return fund


def _entry_form_page(request: HttpRequest, fund: Fund, title: str, **context: Any
                     ) -> HttpResponse:
    return render(request, "funds/entry_form.html", {
        "fund": fund, "title": title, "balance": services.balance(fund),
        "breadcrumbs": _fund_crumbs(fund, (title, None)), "tab": "funds", **context,
    })


def _posted(request: HttpRequest, entry: Entry) -> HttpResponse:
    if entry.is_pending:
        messages.warning(request, _(
            "Đã ghi bút toán số %(n)s: %(a)s, lớn hơn mức %(t)s nên chờ phê duyệt; số dư quỹ "
            "chưa thay đổi.") % {"n": entry.number, "a": format_money(entry.amount),
                                 "t": format_money(entry.fund.approval_threshold)})
    else:
        messages.success(request, _("Đã ghi bút toán số %(n)s.") % {"n": entry.number})
    return redirect(entry.fund)


def _today() -> str:
    return format_date(timezone.localdate())


def money_in(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    fund = _writer_fund(request, pk)
    record, title, submit = _MONEY_IN[kind]
    form = ReceiptForm(request.POST or None, kind=kind,
                       donors=selectors.donors_for(request.user, fund.unit),
                       initial={"entry_date": _today(), "donor": request.GET.get("nha_tai_tro")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = record(actor=request.user, fund=fund, receipt=services.Receipt(
                entry_date=data["entry_date"], amount=data["amount"],
                description=data["description"], donor=data.get("donor"),
                voucher=data["voucher"], decision=data["decision"]))
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            return _posted(request, entry)
    return _entry_form_page(request, fund, str(title), form=form, submit=submit,
                            intro=_INTROS[kind], form_id=f"{kind}-form",
                            donor_link=kind == EntryKind.RECEIPT)


@login_required
def receipt_create(request: HttpRequest, pk: int) -> HttpResponse:
    return money_in(request, pk, EntryKind.RECEIPT)


@login_required
def advance_create(request: HttpRequest, pk: int) -> HttpResponse:
    return money_in(request, pk, EntryKind.ADVANCE)


@login_required
def opening_create(request: HttpRequest, pk: int) -> HttpResponse:
    return money_in(request, pk, EntryKind.OPENING)


def _items(formset: BaseFormSet) -> list[services.Item]:
    return [item for f in formset.forms if (item := f.item()) is not None]  # type: ignore[attr-defined]


@login_required
def in_kind_create(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _writer_fund(request, pk)
    form = InKindForm(request.POST or None, donors=selectors.donors_for(request.user, fund.unit),
                      initial={"entry_date": _today()})
    formset = ItemFormSet(request.POST or None, prefix="hang")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            entry = services.in_kind_record(
                actor=request.user, fund=fund, entry_date=data["entry_date"],
                items=_items(formset), description=data["description"],
                donor=data.get("donor"), voucher=data["voucher"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            return _posted(request, entry)
    return _entry_form_page(
        request, fund, _("Nhận hiện vật"), form=form, formset=formset, goods_in=True,
        submit=_("Lưu phiếu nhập hiện vật"), form_id="in-kind-form", donor_link=True,
        intro=_("Hàng hóa, hiện vật được ủng hộ: giá trị (số lượng × đơn giá) được báo cáo, "
                "số lượng vào kho để cấp phát; không làm thay đổi số tiền của quỹ."))


def _allocation(data: dict[str, Any], items: list[services.Item] | None = None
                ) -> services.Allocation:
    return services.Allocation(
        entry_date=data["entry_date"], amount=data.get("amount") or 0,
        purpose=data["purpose"], description=data["description"], decision=data["decision"],
        household=data.get("household"), person=data.get("person"),
        to_unit=data.get("to_unit"), beneficiaries=data["beneficiaries"],
        voucher=data["voucher"], items=items or [])


@login_required
def allocation_create(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _writer_fund(request, pk)
    form = AllocationForm(request.POST or None, user=request.user, fund=fund,
                          initial={"entry_date": _today(), "beneficiaries": 1})
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.allocation_record(actor=request.user, fund=fund,
                                               allocation=_allocation(form.cleaned_data))
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            return _posted(request, entry)
    return _entry_form_page(
        request, fund, _("Ghi chi hỗ trợ"), form=form, submit=_("Lưu khoản chi"),
        form_id="allocation-form",
        intro=_("Khoản chi lớn hơn %(t)s chờ phê duyệt trước khi trừ vào quỹ. Quỹ không chi "
                "quá số dư.") % {"t": format_money(fund.approval_threshold)})


@login_required
def distribution_create(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _writer_fund(request, pk)
    stock = services.stock(fund)
    form = AllocationForm(request.POST or None, user=request.user, fund=fund, goods=True,
                          initial={"entry_date": _today(), "beneficiaries": 1})
    formset = OutItemFormSet(request.POST or None, prefix="hang", form_kwargs={"stock": stock})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            entry = services.distribution_record(
                actor=request.user, fund=fund,
                allocation=_allocation(form.cleaned_data, _items(formset)))
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            return _posted(request, entry)
    return _entry_form_page(
        request, fund, _("Cấp phát hiện vật"), form=form, formset=formset, goods_out=True,
        submit=_("Lưu phiếu cấp phát"), form_id="distribution-form",
        has_stock=any(q > 0 for q in stock.values()),
        intro=_("Hàng trong kho được cấp cho hộ, người hoặc đơn vị; không cấp quá số còn "
                "trong kho."))


@login_required
def transfer_create(request: HttpRequest, pk: int) -> HttpResponse:
    fund = _writer_fund(request, pk)
    form = TransferForm(request.POST or None,
                        targets=selectors.transfer_targets(request.user, fund),
                        initial={"entry_date": _today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            out, _inward = services.transfer_record(
                actor=request.user, source=fund, target=data["target"],
                entry_date=data["entry_date"], amount=data["amount"],
                decision=data["decision"], description=data["description"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            return _posted(request, out)
    return _entry_form_page(
        request, fund, _("Điều chuyển"), form=form, submit=_("Lưu điều chuyển"),
        form_id="transfer-form",
        intro=_("Chuyển tiền sang quỹ khác (ví dụ từ quỹ cấp tỉnh về quỹ của xã): hai bút toán "
                "ghi cùng lúc, mỗi quỹ một bút toán."))


# --- one entry -----------------------------------------------------------------------------

def _entry_page(request: HttpRequest, entry: Entry, status: int = 200,
                **forms: Any) -> HttpResponse:
    user = request.user
    fund = entry.fund
    can_write = fund.is_active and selectors.may_write(user, fund.unit)
    correction = getattr(entry, "reversal", None)
    reversible = (can_write and entry.status == EntryStatus.POSTED
                  and entry.kind != EntryKind.REVERSAL and correction is None
                  and entry.counterpart_id is None)
    decide = selectors.may_decide(user, entry)
    money = services.balance(fund) if decide else 0
    return render(request, "funds/entry_detail.html", {
        "entry": entry, "fund": fund, "items": [(i, abs(i.quantity), abs(i.quantity) * i.unit_value)
                  for i in entry.items.order_by("pk")],
        "correction": correction,
        "reverse_form": forms.get("reverse_form") or ReverseForm() if reversible else None,
        "reject_form": forms.get("reject_form") or RejectForm() if decide else None,
        "can_approve": decide, "balance": money, "after": money - entry.amount,
        "breadcrumbs": _fund_crumbs(fund, (_("Bút toán số %(n)s") % {"n": entry.number},
                                           None)), "tab": "funds",
    }, status=status)


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_page(request, selectors.entry_get_for_user(request.user, pk))


@login_required
@require_POST
def entry_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(request.user, pk)
    services.require_fund_writer(request.user, entry.fund.unit)
    form = ReverseForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            correction = services.entry_reverse(actor=request.user, entry=entry,
                                                reason=data["reason"],
                                                entry_date=data.get("entry_date"))
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi bút toán điều chỉnh số %(n)s cho bút toán số "
                                        "%(o)s.") % {"n": correction.number, "o": entry.number})
            return redirect(correction)
    return _entry_page(request, entry, reverse_form=form)


@login_required
@require_POST
def entry_approve(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(request.user, pk)
    try:
        services.allocation_approve(actor=request.user, entry=entry)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã phê duyệt khoản chi %(a)s; số dư quỹ đã được trừ.")
                         % {"a": format_money(entry.amount)})
    return redirect(entry)


@login_required
@require_POST
def entry_reject(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(request.user, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(entry)
    try:
        services.allocation_reject(actor=request.user, entry=entry,
                                   reason=form.cleaned_data["reason"])
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã không phê duyệt khoản chi; người lập được thấy lý do."))
    return redirect(entry)


@login_required
def pending_list(request: HttpRequest) -> HttpResponse:
    entries = selectors.pending_allocations_for(request.user)
    return render(request, "funds/pending_list.html", {
        "page": paginate(request, entries, per_page=LIST_PAGE),
        "breadcrumbs": _crumbs((_("Khoản chi chờ phê duyệt"), None)), "tab": "pending",
    })


# --- donors --------------------------------------------------------------------------------

@login_required
def donor_list(request: HttpRequest) -> HttpResponse:
    donors = selectors.donors_for(request.user).order_by("unit__path", "name")
    return render(request, "funds/donor_list.html", {
        "page": paginate(request, donors, per_page=LIST_PAGE),
        "can_create": any(selectors.may_write(request.user, u)
                          for u in selectors.donor_units(request.user)),
        "breadcrumbs": _crumbs((_("Nhà tài trợ"), None)), "tab": "donors",
    })


@login_required
def donor_create(request: HttpRequest) -> HttpResponse:
    units = [u for u in selectors.donor_units(request.user)
             if selectors.may_write(request.user, u)]
    back = request.GET.get("quy", "")
    fund = selectors.fund_get_for_user(request.user, int(back)) if back.isdigit() else None
    if not units:
        require_write(request.user)
        raise PermissionDenied(_("Vai trò của bạn không thêm nhà tài trợ được."))
    form = DonorForm(request.POST or None, units=units, initial={
        "unit": fund.unit.code if fund else (units[0].code if units else "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next(u for u in units if u.code == data["unit"])
        try:
            donor = services.donor_create(actor=request.user, unit=unit, kind=data["kind"],
                                          name=data["name"], address=data["address"],
                                          phone=data["phone"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã thêm nhà tài trợ “%(d)s”.") % {"d": donor.name})
            if fund is not None:
                return redirect(reverse("funds:receipt_create", kwargs={"pk": fund.pk})
                                + f"?nha_tai_tro={donor.pk}")
            return redirect("funds:donor_list")
    return render(request, "funds/form.html", {
        "form": form, "title": _("Thêm nhà tài trợ"), "submit": _("Lưu nhà tài trợ"),
        "form_id": "donor-form",
        "cancel_url": fund.get_absolute_url() if fund else reverse("funds:donor_list"),
        "breadcrumbs": _crumbs((_("Nhà tài trợ"), reverse("funds:donor_list")),
                               (_("Thêm nhà tài trợ"), None)), "tab": "donors",
    })


# --- the statement -------------------------------------------------------------------------

def _period(request: HttpRequest) -> tuple[PeriodForm, date, date]:
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), today
    if not (request.GET.get("tu") or request.GET.get("den")):
        return PeriodForm(initial={"tu": format_date(start), "den": format_date(end)}), \
            start, end
    form = PeriodForm(request.GET)
    if form.is_valid():
        data = form.cleaned_data
        return form, data.get("tu") or start, data.get("den") or end
    return form, start, end


@login_required
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    fund = selectors.fund_get_for_user(request.user, pk)
    form, start, end = _period(request)
    report = statement_report(fund_statement(fund, start, end))
    fmt = request.GET.get("dinh_dang", "")
    if fmt in ("xlsx", "pdf"):
        return _download(request, fund, report, fmt)
    query = request.GET.copy()
    query.pop("dinh_dang", None)
    return render(request, "funds/statement.html", {
        "fund": fund, "report": report, "form": form, "query": query.urlencode(),
        "breadcrumbs": _fund_crumbs(fund, (_("Sao kê"), None)), "tab": "funds",
    })


def _download(request: HttpRequest, fund: Fund, report: Any, fmt: str) -> HttpResponse:
    from ansinh.reports.excel import report_xlsx
    from ansinh.reports.printing import report_pdf

    content = report_xlsx(report) if fmt == "xlsx" else report_pdf(report)
    with transaction.atomic():
        audit_record(actor=request.user, action="funds.statement.export", obj=fund,
                     unit=fund.unit, changes={"format": fmt, "period": report.period_label})
    response = HttpResponse(content, content_type=XLSX if fmt == "xlsx" else "application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.code}.{fmt}"'
    patch_cache_control(response, private=True, no_store=True)
    return response
