"""Pages of the payroll (chi trả): the cycles with their totals, generating a month's list or a
one-off programme's, a cycle with its lines (approve, print, pay, return, close), the provider's
return file, the reconciliation, the persons unpaid three months running, and how a person is
paid.

Views parse input, call one service or selector, and render. Every POST first checks that the
acting role may write (a read-only role gets 403 whatever it sent); the services check the rest
(the commune, maker-checker, the cycle's status) and their refusals land on the forms or on the
403/404 pages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.cases.selectors import can_write_in, is_leader_of
from ansinh.cases.services import month_start
from ansinh.core.documents import pdf_response
from ansinh.core.errors import DomainError
from ansinh.core.scoping import require_write
from ansinh.core.text import format_money
from ansinh.core.views_helpers import form_error_from, paginate
from ansinh.geo.models import AdministrativeUnit
from ansinh.payroll import selectors, services
from ansinh.payroll.downloads import cycle_download
from ansinh.payroll.forms import (
    CycleFilterForm,
    CycleGenerateForm,
    LineChannelForm,
    LineFilterForm,
    MarkPaidForm,
    MarkReturnedForm,
    PaymentAccountForm,
    ReturnFileForm,
    UnpaidForm,
)
from ansinh.payroll.models import Cycle, Receiver
from ansinh.payroll.reconciliation import reconcile, unpaid_three_months
from ansinh.payroll.returns import ReturnFileRejected, returns_check, returns_import
from ansinh.policies.models import Policy
from ansinh.registry.selectors import person_get_for_user

CYCLE_PAGE = 50
LINE_PAGE = 100
Crumbs = list[tuple[str, str | None]]


def _crumbs(*extra: tuple[str, str | None]) -> Crumbs:
    return [(_("Chi trả"), reverse("payroll:cycle_list")), *extra]


def _cycle_crumbs(cycle: Cycle, *extra: tuple[str, str | None]) -> Crumbs:
    title = selectors.cycle_title(cycle)
    return _crumbs((title, cycle.get_absolute_url() if extra else None), *extra)


def _commune_for_writing(request: HttpRequest) -> AdministrativeUnit:
    require_write(request.user)
    commune = selectors.acting_commune(request.user)
    if commune is None:
        raise DomainError(_("Hãy chọn vai trò cấp xã để lập danh sách chi trả."))
    return commune


# --- the list -----------------------------------------------------------------------------------

@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    commune = selectors.acting_commune(request.user)
    wide = selectors.is_province_or_wider(request.user)
    form = CycleFilterForm(request.GET or None, policies=Policy.objects.exclude(
        kind="threshold").order_by("order", "code"),
        communes=selectors.cycle_communes(request.user) if wide else None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    cycles = selectors.cycles_for(request.user, selectors.CycleFilter(
        commune=data.get("xa") or "", policy=data.get("chinh_sach") or "",
        month=data.get("thang"), status=data.get("trang_thai") or ""))
    can_write = commune is not None and can_write_in(request.user, commune.pk)
    return render(request, "payroll/cycle_list.html", {
        "form": form, "page": paginate(request, cycles, per_page=CYCLE_PAGE),
        "totals": selectors.cycles_totals(cycles), "wide": wide,
        "programmes": list(selectors.programmes_awaiting_cycle(request.user)[:20]),
        "can_write": can_write,
        "breadcrumbs": [(_("Chi trả"), None)], "tab": "cycles",
    })


# --- generating ---------------------------------------------------------------------------------

@login_required
def cycle_generate(request: HttpRequest) -> HttpResponse:
    """The form to generate (or regenerate) a month's list of one policy in the commune."""
    commune = _commune_for_writing(request)
    policies = list(selectors.payable_policies())
    form = CycleGenerateForm(request.POST or None, policies=policies, initial={
        "policy": request.GET.get("chinh_sach") or (policies[0].code if policies else ""),
        "month": selectors.default_month(commune)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        policy = next(p for p in policies if p.code == data["policy"])
        try:
            cycle = services.cycle_generate(actor=request.user, commune=commune, policy=policy,
                                            month=data["month"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã lập danh sách chi trả: %(n)s dòng, %(p)s người, "
                                        "tổng %(t)s.") % {
                "n": cycle.lines_count, "p": cycle.persons, "t": format_money(cycle.total)})
            return redirect(cycle)
    return render(request, "payroll/cycle_generate.html", {
        "form": form, "commune": commune,
        "recent": list(selectors.cycles_for(request.user,
                                            selectors.CycleFilter(commune=commune.code))[:8]),
        "programmes": list(selectors.programmes_awaiting_cycle(request.user)),
        "breadcrumbs": _crumbs((_("Lập danh sách chi trả"), None)), "tab": "generate",
    })


@login_required
@require_POST
def programme_cycle_generate(request: HttpRequest, programme_pk: int) -> HttpResponse:
    programme = selectors.programme_get_for_user(request.user, programme_pk)
    require_write(request.user)
    try:
        cycle = services.programme_cycle_generate(actor=request.user, programme=programme)
    except DomainError as exc:
        if exc.status_code != 400:
            raise
        messages.error(request, exc.message)
        return redirect("payroll:cycle_list")
    messages.success(request, _("Đã lập danh sách chi trả của đợt hỗ trợ: %(n)s người, tổng "
                                "%(t)s.") % {"n": cycle.persons, "t": format_money(cycle.total)})
    return redirect(cycle)


def _cycle_action(request: HttpRequest, pk: int, act: Callable[[Cycle], Cycle],
                  done: Callable[[Cycle], str]) -> HttpResponse:
    """A button on the cycle page: run the service, say what happened, back to the cycle."""
    cycle = selectors.cycle_get_for_user(request.user, pk)
    require_write(request.user)
    try:
        cycle = act(cycle)
    except DomainError as exc:
        if exc.status_code != 400:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, done(cycle))
    return redirect(cycle)


@login_required
@require_POST
def cycle_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    return _cycle_action(
        request, pk, lambda c: services.cycle_regenerate(actor=request.user, cycle=c),
        lambda c: _("Đã lập lại danh sách: %(n)s dòng, tổng %(t)s.")
        % {"n": c.lines_count, "t": format_money(c.total)})


# --- the cycle ----------------------------------------------------------------------------------

def _line_filter(request: HttpRequest, groups: list[str]
                 ) -> tuple[LineFilterForm, selectors.LineFilter]:
    form = LineFilterForm(request.GET or None, groups=groups)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    return form, selectors.LineFilter(
        group=data.get("to") or "", kind=data.get("loai") or "",
        status=data.get("tinh_trang") or "", channel=data.get("hinh_thuc") or "",
        query=data.get("q") or "")


def _detail(request: HttpRequest, cycle: Cycle, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    writer = can_write_in(user, cycle.commune_id)
    leader = is_leader_of(user, cycle.commune_id)
    groups = selectors.cycle_groups(cycle)
    filter_form, f = _line_filter(request, groups)
    page = paginate(request, selectors.cycle_lines(cycle, f), per_page=LINE_PAGE)
    paid_form = forms.get("paid_form") or MarkPaidForm(initial={
        "paid_on": timezone.localdate().strftime("%d/%m/%Y"), "receiver": Receiver.BENEFICIARY})
    returned_form = forms.get("returned_form") or MarkReturnedForm()
    failed = forms.get("paid_form") or forms.get("returned_form")
    ticked = {int(v) for v in failed.data.getlist("line") if str(v).isdigit()} \
        if failed is not None else set()
    approved = cycle.status == Cycle.Status.APPROVED
    progress = selectors.cycle_progress(cycle)
    context = {
        "cycle": cycle, "title": selectors.cycle_title(cycle), "progress": progress,
        "filter_form": filter_form, "page": page, "groups": groups, "ticked": ticked,
        "filtered": any(request.GET.get(k) for k in ("q", "to", "loai", "tinh_trang",
                                                     "hinh_thuc")),
        "paid_form": paid_form, "returned_form": returned_form,
        "channel_form": LineChannelForm(),
        "sees_accounts": selectors.sees_accounts(user),
        "can_write": writer,
        "can_regenerate": writer and cycle.is_draft,
        "can_change_channel": writer and cycle.is_draft,
        "can_pay": writer and approved,
        "can_close": writer and approved and progress.open_lines == 0,
        "can_approve": leader and cycle.is_draft and cycle.lines_count > 0
        and cycle.generated_by_id != user.pk,
        "maker_checker": leader and cycle.is_draft and cycle.generated_by_id == user.pk,
        "transfers": selectors.cycle_has_transfers(cycle),
        "breadcrumbs": _cycle_crumbs(cycle), "tab": "cycles",
    }
    template = "payroll/cycle_detail.html#lines" if request.htmx else "payroll/cycle_detail.html"  # type: ignore[attr-defined]
    return render(request, template, context, status=status)


@login_required
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.cycle_get_for_user(request.user, pk))


@login_required
@require_POST
def cycle_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _cycle_action(
        request, pk, lambda c: services.cycle_approve(actor=request.user, cycle=c),
        lambda c: _("Đã duyệt danh sách chi trả %(t)s.") % {"t": selectors.cycle_title(c)})


def _ticked(request: HttpRequest, cycle: Cycle) -> list[int]:
    ids = [int(v) for v in request.POST.getlist("line") if v.isdigit()]
    return selectors.line_ids_in(cycle, ids)


@login_required
@require_POST
def lines_paid(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    require_write(request.user)
    form = MarkPaidForm(request.POST)
    form.set_line_choices(_ticked(request, cycle))
    if form.is_valid():
        data = form.cleaned_data
        receiver_name = data["receiver_name"] if data["receiver"] == Receiver.AUTHORISED else ""
        try:
            changed = services.lines_mark_paid(
                actor=request.user, cycle=cycle, line_ids=data["line"],
                payment=services.Payment(paid_on=data["paid_on"], receiver=data["receiver"],
                                         receiver_name=receiver_name))
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận chi trả %(n)s dòng.") % {"n": changed})
            return _back_to_lines(request, cycle)
    return _detail(request, cycle, paid_form=form)


@login_required
@require_POST
def lines_returned(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    require_write(request.user)
    form = MarkReturnedForm(request.POST)
    form.set_line_choices(_ticked(request, cycle))
    if form.is_valid():
        try:
            changed = services.lines_mark_returned(actor=request.user, cycle=cycle,
                                                   line_ids=form.cleaned_data["line"],
                                                   reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận không chi được %(n)s dòng.")
                             % {"n": changed})
            return _back_to_lines(request, cycle)
    return _detail(request, cycle, returned_form=form)


def _back_to_lines(request: HttpRequest, cycle: Cycle) -> HttpResponse:
    """Back to the cycle with the filter the officer was working with (a group, say)."""
    query = request.POST.get("next_query", "")
    url = cycle.get_absolute_url()
    return redirect(f"{url}?{query}#lines" if query and "\n" not in query else f"{url}#lines")


@login_required
@require_POST
def line_channel(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    require_write(request.user)
    line = selectors.cycle_line_get(cycle, line_pk)
    form = LineChannelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hình thức chi trả không hợp lệ."))
        return _back_to_lines(request, cycle)
    try:
        services.line_set_channel(actor=request.user, line=line,
                                  channel=form.cleaned_data["channel"])
    except DomainError as exc:
        if exc.status_code != 400:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã đổi hình thức chi trả của %(p)s: %(c)s.") % {
            "p": line.full_name, "c": line.get_channel_display()})
    return _back_to_lines(request, cycle)


@login_required
@require_POST
def cycle_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _cycle_action(
        request, pk, lambda c: services.cycle_close(actor=request.user, cycle=c),
        lambda c: _("Đã quyết toán kỳ chi trả %(t)s.") % {"t": selectors.cycle_title(c)})


# --- files --------------------------------------------------------------------------------------

def _file_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    ascii_name = filename.encode("ascii", "ignore").decode() or "chi-tra.xlsx"
    response["Content-Disposition"] = (f'attachment; filename="{ascii_name}"; '
                                       f"filename*=UTF-8''{quote(filename, safe='')}")
    patch_cache_control(response, private=True, no_store=True)
    return response


def _download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    group = request.GET.get("to") or None
    try:
        found = cycle_download(actor=request.user, cycle=cycle, fmt=fmt, group=group)
    except DomainError as exc:
        if exc.status_code != 400:
            raise
        messages.error(request, exc.message)
        return redirect(cycle)
    if fmt == "pdf":
        return pdf_response(found.content, found.filename)
    return _file_response(found.content, found.filename, found.content_type)


@login_required
def cycle_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "pdf")


@login_required
def cycle_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "xlsx")


@login_required
def cycle_provider_file(request: HttpRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "provider")


@login_required
def cycle_returns(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the provider's (or bank's) file of what was paid and what came back: check it
    first if the officer wants, then record it (all rows or none)."""
    cycle = selectors.cycle_get_for_user(request.user, pk)
    writer = can_write_in(request.user, cycle.commune_id)
    if request.method == "POST":
        require_write(request.user)
    form = ReturnFileForm(request.POST or None, request.FILES or None)
    report, rejected, checked_only = None, None, "kiem_tra" in request.POST
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        service = returns_check if checked_only else returns_import
        try:
            report = service(actor=request.user, cycle=cycle, file_bytes=upload.read(),
                             filename=upload.name)
        except ReturnFileRejected as exc:
            rejected = exc.report
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            if not checked_only:
                messages.success(request, _("Đã ghi nhận tệp kết quả chi trả: %(p)s dòng đã "
                                            "chi, %(r)s dòng không chi được.")
                                 % {"p": report.paid, "r": report.returned})
    return render(request, "payroll/cycle_returns.html", {
        "cycle": cycle, "title": selectors.cycle_title(cycle), "form": form, "report": report,
        "rejected": rejected, "checked_only": checked_only,
        "can_write": writer and cycle.status == Cycle.Status.APPROVED,
        "breadcrumbs": _cycle_crumbs(cycle, (_("Nhập tệp kết quả chi trả"), None)),
        "tab": "cycles",
    })


# --- reconciliation -----------------------------------------------------------------------------

@login_required
def cycle_reconciliation(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = selectors.cycle_get_for_user(request.user, pk)
    return render(request, "payroll/cycle_reconciliation.html", {
        "cycle": cycle, "title": selectors.cycle_title(cycle), "r": reconcile(cycle),
        "breadcrumbs": _cycle_crumbs(cycle, (_("Đối soát"), None)), "tab": "cycles",
    })


@login_required
def unpaid(request: HttpRequest) -> HttpResponse:
    """Persons whose allowance went unpaid three months running: stop, suspend or find them."""
    commune = selectors.acting_commune(request.user)
    form = UnpaidForm(request.GET or None)
    as_of: date = month_start(timezone.localdate())
    if form.is_valid() and form.cleaned_data.get("thang"):
        as_of = form.cleaned_data["thang"]
    flags = unpaid_three_months(commune, as_of_month=as_of) if commune is not None else []
    return render(request, "payroll/unpaid.html", {
        "form": form, "commune": commune, "as_of": as_of,
        "rows": [(f, list(zip(f.months, f.reasons, strict=True))) for f in flags],
        "can_write": commune is not None and can_write_in(request.user, commune.pk),
        "breadcrumbs": _crumbs((_("Chưa nhận 3 tháng liên tiếp"), None)), "tab": "unpaid",
    })


# --- how a person is paid -----------------------------------------------------------------------

@login_required
def payment_account(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = person_get_for_user(request.user, person_pk)
    account = selectors.person_payment_account(person)
    can_write = can_write_in(request.user, person.commune_id)
    if request.method == "POST":
        require_write(request.user)
    initial = {"channel": account.channel if account else "cash"}
    if account is not None and selectors.sees_accounts(request.user):
        initial.update(bank_name=account.bank_name, account_number=account.account_number,
                       account_holder=account.account_holder)
    form = PaymentAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.payment_account_set(
                actor=request.user, person=person, channel=data["channel"],
                bank_name=data["bank_name"], account_number=data["account_number"],
                account_holder=data["account_holder"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã lưu hình thức chi trả của %(p)s. Danh sách chi trả "
                                        "lập từ nay theo hình thức này.") % {"p": person.full_name})
            return redirect(person)
    return render(request, "payroll/payment_account.html", {
        "person": person, "account": account, "form": form, "can_write": can_write,
        "sees_accounts": selectors.sees_accounts(request.user),
        "breadcrumbs": [(_("Nhân khẩu"), reverse("registry:person_list")),
                        (person.full_name, person.get_absolute_url()),
                        (_("Hình thức chi trả"), None)],
    })
