"""Pages of the duplicate-person review queue (người nghi trùng): the pairs the model found,
one pair with its two records side by side and why the model paired them, confirming (the
records are merged) or dismissing it; the searches run and starting one; the model in use and
retraining it.

Views parse input, call one service or selector, and render. Every POST first checks that the
acting role may write (a read-only role gets 403 whatever it sent); the services check the rest
(both communes in the user's units to merge, the pair still pending) and their refusals land on
the forms or on the 403/404 pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.cases.selectors import acting_commune
from ansinh.core.errors import DomainError
from ansinh.core.scoping import require_write
from ansinh.core.views_helpers import form_error_from, form_errors_text, paginate
from ansinh.integrity import merge, selectors
from ansinh.integrity.duplicates import active_model, pair_dismiss
from ansinh.integrity.duplicates_forms import (
    ALL,
    PairConfirmForm,
    PairDismissForm,
    PairFilterForm,
    TrainForm,
)
from ansinh.integrity.jobs import dedup_start, dedup_train_start
from ansinh.integrity.linkage import explanation_text
from ansinh.integrity.models import DuplicatePair, PairStatus

PAIR_PAGE = 50
RUN_PAGE = 30
Crumbs = list[tuple[str, str | None]]


def _crumbs(*extra: tuple[str, str | None]) -> Crumbs:
    return [(_("Người nghi trùng"), reverse("integrity:pair_list") if extra else None), *extra]


# --- the queue ------------------------------------------------------------------------------------

def _pair_filter(request: HttpRequest) -> tuple[PairFilterForm, selectors.PairFilter]:
    wide = acting_commune(request.user) is None
    form = PairFilterForm(request.GET or None, initial={"tinh_trang": PairStatus.PENDING},
                          communes=selectors.pair_communes(request.user) if wide else None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    status = data.get("tinh_trang") or PairStatus.PENDING
    probability = data.get("xac_suat")
    return form, selectors.PairFilter(
        status="" if status == ALL else status, commune=data.get("xa") or "",
        min_probability=probability / 100 if probability is not None else None)


@login_required
def pair_list(request: HttpRequest) -> HttpResponse:
    form, f = _pair_filter(request)
    page = paginate(request, selectors.pairs_for(request.user, f), per_page=PAIR_PAGE)
    rows = [(pair, selectors.probability_percent(pair.probability),
             explanation_text(pair.explanation)) for pair in page.object_list]
    return render(request, "integrity/pair_list.html", {
        "form": form, "f": f, "page": page, "rows": rows,
        "filtered": any(request.GET.get(k) for k in ("tinh_trang", "xa", "xac_suat")),
        "breadcrumbs": _crumbs(), "tab": "pairs",
    })


# --- one pair -------------------------------------------------------------------------------------

def _keep_choices(pair: DuplicatePair) -> list[tuple[int, str]]:
    a, b = pair.person_a, pair.person_b
    return [
        (a.pk, _("Hồ sơ thứ nhất #%(id)s: %(name)s, hộ %(code)s, %(commune)s") % {
            "id": a.pk, "name": a.full_name, "code": a.household.code,
            "commune": a.commune.name}),
        (b.pk, _("Hồ sơ thứ hai #%(id)s: %(name)s, hộ %(code)s, %(commune)s") % {
            "id": b.pk, "name": b.full_name, "code": b.household.code,
            "commune": b.commune.name}),
    ]


def _default_keep(pair: DuplicatePair) -> int:
    # The record the merge would keep when not told: the one with a CCCD, else the older one.
    return merge._default_survivor(pair.person_a, pair.person_b).pk


def _detail(request: HttpRequest, pair: DuplicatePair, *,
            confirm_form: PairConfirmForm | None = None,
            dismiss_form: PairDismissForm | None = None) -> HttpResponse:
    user = request.user
    pending = pair.status == PairStatus.PENDING
    reviewer = pending and selectors.may_review(user, pair)
    merger = pending and selectors.may_review(user, pair, both=True)
    side_a, side_b = selectors.pair_sides(user, pair)
    return render(request, "integrity/pair_detail.html", {
        "pair": pair, "side_a": side_a, "side_b": side_b,
        "evidence": selectors.pair_evidence(pair),
        "summary": explanation_text(pair.explanation),
        "percent": selectors.probability_percent(pair.probability),
        "outcome": selectors.merge_outcome(user, pair),
        "can_dismiss": reviewer, "can_confirm": merger,
        "cross_commune_only": reviewer and not merger,
        "confirm_form": confirm_form or PairConfirmForm(
            choices=_keep_choices(pair), initial={"keep": _default_keep(pair)},
            auto_id="confirm_%s"),
        "dismiss_form": dismiss_form or PairDismissForm(auto_id="dismiss_%s"),
        "breadcrumbs": _crumbs((_("Cặp #%(n)s") % {"n": pair.pk}, None)), "tab": "pairs",
    })


@login_required
def pair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.pair_get_for_user(request.user, pk))


@login_required
@require_POST
def pair_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    pair = selectors.pair_get_for_user(request.user, pk)
    require_write(request.user)
    form = PairConfirmForm(request.POST, choices=_keep_choices(pair), auto_id="confirm_%s")
    if form.is_valid():
        keep = pair.person_a if form.cleaned_data["keep"] == pair.person_a_id else pair.person_b
        try:
            result = merge.pair_confirm(request.user, pair, keep=keep,
                                        note=form.cleaned_data["note"])
        except DomainError as exc:
            if _decided(request, pair, exc):
                return redirect("integrity:pair_detail", pk=pair.pk)
            form_error_from(form, exc)
        else:
            messages.success(request, _merged_message(result))
            return redirect("integrity:pair_detail", pk=pair.pk)
    return _detail(request, pair, confirm_form=form)


def _decided(request: HttpRequest, pair: DuplicatePair, exc: DomainError) -> bool:
    """The pair was decided meanwhile (by someone else, in another tab): say so on its page,
    which no longer has forms to put the refusal on."""
    if exc.status_code != 400 or pair.status == PairStatus.PENDING:
        return False
    messages.error(request, exc.message)
    return True


def _merged_message(result: merge.MergeResult) -> str:
    moved = sum(result.moved.values())
    doubles = len(result.double_payments)
    return _("Đã gộp hồ sơ #%(m)s vào hồ sơ #%(s)s (%(name)s): chuyển %(moved)s bản ghi, dừng "
             "%(stopped)s chế độ trùng, %(doubles)s khoản chi trùng cần thu hồi.") % {
        "m": result.merged.pk, "s": result.survivor.pk, "name": result.survivor.full_name,
        "moved": moved, "stopped": result.benefits_stopped, "doubles": doubles}


@login_required
@require_POST
def pair_dismiss_view(request: HttpRequest, pk: int) -> HttpResponse:
    pair = selectors.pair_get_for_user(request.user, pk)
    require_write(request.user)
    form = PairDismissForm(request.POST, auto_id="dismiss_%s")
    if form.is_valid():
        try:
            pair_dismiss(request.user, pair, note=form.cleaned_data["note"])
        except DomainError as exc:
            if _decided(request, pair, exc):
                return redirect("integrity:pair_detail", pk=pair.pk)
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận %(a)s và %(b)s là hai người khác nhau; cặp "
                                        "này sẽ không được đưa ra xem xét lại.") % {
                "a": pair.person_a.full_name, "b": pair.person_b.full_name})
            return redirect("integrity:pair_list")
    return _detail(request, pair, dismiss_form=form)


# --- searches -------------------------------------------------------------------------------------

@login_required
def dedup_runs(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.dedup_runs_for(request.user), per_page=RUN_PAGE)
    unit = selectors.dedup_unit(request.user) if selectors.can_run(request.user) else None
    return render(request, "integrity/dedup_runs.html", {
        "page": page, "unit": unit, "model": active_model(),
        "breadcrumbs": _crumbs((_("Các lượt tìm"), None)), "tab": "runs",
    })


@login_required
@require_POST
def dedup_run_start(request: HttpRequest) -> HttpResponse:
    require_write(request.user)
    job = dedup_start(actor=request.user)
    messages.info(request, _("Đã đưa việc tìm người trùng vào hàng đợi; kết quả hiện ở đây khi "
                             "xong."))
    return redirect(job)


# --- the model ------------------------------------------------------------------------------------

@login_required
def dedup_model(request: HttpRequest) -> HttpResponse:
    return render(request, "integrity/dedup_model.html", {
        "model": active_model(), "form": TrainForm(),
        "can_train": selectors.can_train(request.user),
        "breadcrumbs": _crumbs((_("Mô hình"), None)), "tab": "model",
    })


@login_required
@require_POST
def dedup_model_train(request: HttpRequest) -> HttpResponse:
    require_write(request.user)
    form = TrainForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("integrity:dedup_model")
    job = dedup_train_start(actor=request.user, name=form.cleaned_data["name"])
    messages.info(request, _("Đã đưa việc huấn luyện lại mô hình vào hàng đợi."))
    return redirect(job)
