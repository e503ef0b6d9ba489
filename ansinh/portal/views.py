"""Pages of the public portal (no login) and the commune's inbox of feedback and poll results.

The public pages show only what ``selectors`` builds as plain values (``PublicRow``), never a
model a template could reach a private field through. The own-benefit lookup never echoes what
was typed: every miss renders the same empty form and the same sentence, so the pages for "not
found", "wrong birth date" and "another commune" are byte for byte the same apart from the CSRF
token, and its answers are never cached.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ansinh.core.errors import DomainError, NotFound
from ansinh.core.scoping import acting_assignment, get_for_user
from ansinh.core.views_helpers import form_error_from, paginate
from ansinh.funds.statements import fund_statement, statement_report
from ansinh.geo.models import AdministrativeUnit
from ansinh.portal import selectors, services
from ansinh.portal.forms import (
    AnswerForm,
    CommuneSearchForm,
    FeedbackForm,
    FundPeriodForm,
    InboxFilterForm,
    LookupForm,
    TrackForm,
    VoteForm,
)
from ansinh.portal.models import Feedback, FeedbackStatus
from ansinh.reports.tables import Table

IN_FORCE_PAGE = 100
INBOX_PAGE = 50
View = Callable[..., HttpResponse]


def public(view: View) -> View:
    """A public page: a missing commune, list or fund answers with the portal's own light
    404 page rather than the officers' one."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            return render(request, "portal/not_found.html", {"message": exc.message},
                          status=404)

    return wrapped


def _without_cccd(form: Any) -> None:
    """A form shown again never carries the CCCD typed into it."""
    form.data = form.data.copy()
    form.data["national_id"] = ""


def period_label(period: str) -> str:
    """"2026-Q4" → "quý 4/2026"."""
    year, _sep, quarter = period.partition("-Q")
    return _("quý %(q)s/%(y)s") % {"q": quarter, "y": year}


def _commune_context(commune: AdministrativeUnit, nav: str, **extra: Any) -> dict[str, Any]:
    return {"commune": commune, "nav": nav, **extra}


# --- public pages --------------------------------------------------------------------------------

@public
def index(request: HttpRequest) -> HttpResponse:
    form = CommuneSearchForm(request.GET or None)
    communes = selectors.commune_search(form.cleaned_data["q"]) if form.is_valid() else []
    return render(request, "portal/index.html", {"form": form, "communes": communes,
                                                 "searched": form.is_bound})


@public
def commune_home(request: HttpRequest, code: str) -> HttpResponse:
    commune = selectors.public_commune(code)
    return render(request, "portal/commune.html", _commune_context(
        commune, "home", postings=list(selectors.posted_lists(commune)),
        reviews=list(selectors.posted_reviews(commune)),
        funds=list(selectors.public_funds(commune))))


@public
def review_posting(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    commune = selectors.public_commune(code)
    review = selectors.posted_review_get(commune, pk)
    return render(request, "portal/review.html", _commune_context(
        commune, "home", review=review, rows=selectors.review_rows(review)))


@public
def posting_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    commune = selectors.public_commune(code)
    posting = selectors.posting_get(commune, pk)
    rows = selectors.posting_rows(posting)
    return render(request, "portal/posting.html", _commune_context(
        commune, "home", posting=posting, rows=rows, total=sum(r.amount for r in rows)))


@public
def in_force(request: HttpRequest, code: str) -> HttpResponse:
    commune = selectors.public_commune(code)
    page = Paginator(selectors.benefits_in_force(commune), IN_FORCE_PAGE).get_page(
        request.GET.get("trang"))
    return render(request, "portal/in_force.html", _commune_context(
        commune, "in_force", page=page, rows=selectors.benefit_rows(list(page.object_list)),
        today=timezone.localdate()))


@public
def fund_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    commune = selectors.public_commune(code)
    fund = selectors.public_fund_get(commune, pk)
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), today
    form = FundPeriodForm(request.GET or None)
    if form.is_bound and form.is_valid():
        start = form.cleaned_data["tu"] or start
        end = form.cleaned_data["den"] or end
        if start > end:
            start = date(end.year, 1, 1)
    report = statement_report(fund_statement(fund, start, end))
    return render(request, "portal/fund.html", _commune_context(
        commune, "home", fund=fund, report=report, form=form,
        tables=[_labelled(table) for table in report.tables]))


def _labelled(table: Table) -> dict[str, Any]:
    """A report table with each cell carrying its column's label, so a phone can show the
    rows one below the other, each figure named."""
    return {"title": table.title, "columns": table.columns, "rows": [
        {"level": row.level, "cells": [
            {"label": column.label, "value": cell,
             "number": isinstance(cell, int) and not isinstance(cell, bool)}
            for column, cell in zip(table.columns, row.cells, strict=True)]}
        for row in table.rows]}


@public
def guide(request: HttpRequest, code: str) -> HttpResponse:
    commune = selectors.public_commune(code)
    return render(request, "portal/guide.html", _commune_context(
        commune, "guide", kinds=selectors.application_guide(),
        answer_days=services.ANSWER_WORKING_DAYS))


@public
@require_http_methods(["GET", "POST"])
def lookup(request: HttpRequest, code: str) -> HttpResponse:
    commune = selectors.public_commune(code)
    form = LookupForm(request.POST or None)
    answer = None
    if request.method == "POST":
        if form.is_valid():
            answer = services.benefit_lookup(
                commune=commune, national_id=form.cleaned_data["national_id"],
                birth_date=form.cleaned_data["birth_date"], client=services.client_key(request))
            form = LookupForm()  # never echo what was typed: every miss reads the same
        else:
            _without_cccd(form)
    response = render(request, "portal/lookup.html", _commune_context(
        commune, "lookup", form=form, answer=answer,
        per_client=services.LOOKUPS_PER_CLIENT))
    patch_cache_control(response, no_store=True, private=True)
    return response


@public
@require_http_methods(["GET", "POST"])
def feedback_new(request: HttpRequest, code: str) -> HttpResponse:
    commune = selectors.public_commune(code)
    postings = list(selectors.posted_lists(commune))
    initial = {}
    chosen = request.GET.get("niem_yet", "")
    if chosen.isdigit() and any(p.pk == int(chosen) for p in postings):
        initial = {"posting": int(chosen), "topic": "posting"}
    form = FeedbackForm(request.POST or None, postings=postings, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            feedback = services.feedback_submit(
                commune=commune, client=services.client_key(request),
                data=services.FeedbackInput(
                    topic=data["topic"], content=data["content"], sender=data["sender"],
                    contact=data["contact"],
                    posting=selectors.posting_get(commune, data["posting"])
                    if data["posting"] else None))
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            return redirect(reverse("portal:track") + "?" + urlencode(
                {"ma": feedback.code, "moi": 1}))
    return render(request, "portal/feedback_form.html", _commune_context(
        commune, "feedback", form=form, answer_days=services.ANSWER_WORKING_DAYS))


@public
def feedback_track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    feedback = None
    if form.is_bound and form.is_valid():
        feedback = services.feedback_by_code(form.cleaned_data["ma"])
    response = render(request, "portal/track.html", {
        "form": form, "feedback": feedback, "searched": form.is_bound,
        "new": request.GET.get("moi") == "1" and feedback is not None,
        "commune": feedback.commune if feedback else None, "nav": "feedback"})
    patch_cache_control(response, no_store=True, private=True)
    return response


@public
@require_http_methods(["GET", "POST"])
def poll(request: HttpRequest, code: str) -> HttpResponse:
    commune = selectors.public_commune(code)
    form = VoteForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.vote_cast(commune=commune, national_id=data["national_id"],
                                   rating=data["rating"], comment=data["comment"],
                                   client=services.client_key(request))
            except DomainError as exc:
                form_error_from(form, exc)
            else:
                return redirect(reverse("portal:poll", kwargs={"code": commune.code})
                                + "?da_gui=1")
        _without_cccd(form)
    return render(request, "portal/poll.html", _commune_context(
        commune, "poll", form=form, thanks=request.GET.get("da_gui") == "1",
        period=period_label(services.period_of(timezone.localdate()))))


# --- the commune's inbox (internal) ----------------------------------------------------------

def _may_answer(user: Any) -> bool:
    assignment = acting_assignment(user)
    return (assignment is not None and not assignment.is_read_only
            and assignment.role in services.ANSWERING_ROLES)


@login_required
def feedback_list(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    feedbacks = selectors.feedbacks_for(request.user)
    waiting = feedbacks.filter(status=FeedbackStatus.RECEIVED).count()
    overdue = feedbacks.filter(services.feedback_overdue_q(today)).count()
    if data.get("tinh_trang"):
        feedbacks = feedbacks.filter(status=data["tinh_trang"])
    if data.get("qua_han"):
        feedbacks = feedbacks.filter(services.feedback_overdue_q(today))
    return render(request, "portal/feedback_list.html", {
        "form": form, "page": paginate(request, feedbacks, per_page=INBOX_PAGE),
        "today": today, "waiting": waiting, "overdue": overdue,
        "breadcrumbs": [(_("Phản ánh của người dân"), None)],
    })


@login_required
@require_http_methods(["GET", "POST"])
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feedback: Feedback = get_for_user(
        Feedback.objects.select_related("commune", "posting", "answered_by"), request.user,
        pk=pk)
    form = AnswerForm(request.POST or None, initial={"answer": feedback.answer})
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_answer(actor=request.user, feedback=feedback,
                                     answer=form.cleaned_data["answer"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã lưu câu trả lời; người gửi xem được bằng mã "
                                        "theo dõi %(c)s.") % {"c": feedback.code})
            return redirect(feedback)
    return render(request, "portal/feedback_detail.html", {
        "feedback": feedback, "form": form, "may_answer": _may_answer(request.user),
        "today": timezone.localdate(),
        "breadcrumbs": [(_("Phản ánh của người dân"), reverse("portal:feedback_list")),
                        (feedback.code, None)],
    })


@login_required
def poll_results(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/poll_results.html", {
        "results": [(r, period_label(r.period)) for r in selectors.poll_results(request.user)],
        "breadcrumbs": [(_("Đánh giá thái độ tiếp công dân"), None)],
    })
