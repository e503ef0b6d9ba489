"""Pages of the poverty review (rà soát hộ nghèo, hộ cận nghèo): the reviews, a review's
workspace (its steps, counts, households, enumerators, the village meeting's votes, posting,
the chair's recognition and the certificates list), the survey form for phones, the
year-over-year movements, help plans and targets, and the B1 points tables.

Views parse input, call one service or selector, and render. Who may write is decided by the
services (read-only roles get a 403, another commune a 404); the pages only hide the forms a
user could not use.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.cases.selectors import commune_place
from ansinh.core.documents import pdf_response
from ansinh.core.errors import DomainError, NotFound, PermissionDenied
from ansinh.core.text import format_date
from ansinh.core.views_helpers import form_error_from, form_errors_text, paginate
from ansinh.poverty import selectors, services
from ansinh.poverty.forms import (
    AddHouseholdForm,
    AssignForm,
    HelpPlanForm,
    PointsCutoffForm,
    PointsItemForm,
    PostForm,
    RecogniseForm,
    ReviewOpenForm,
    SurveyForm,
    TargetForm,
)
from ansinh.poverty.models import Review, ReviewStatus, Survey, SurveyStatus
from ansinh.registry.models import PovertyStatus
from ansinh.registry.selectors import household_by_code
from ansinh.reports.printing import report_pdf
from ansinh.reports.tables import Column, Report, Table

Crumbs = list[tuple[str, str | None]]
STEPS = [ReviewStatus.SURVEYING, ReviewStatus.MEETING, ReviewStatus.POSTED,
         ReviewStatus.RECOGNISED]


def _crumbs(*extra: tuple[str, str | None]) -> Crumbs:
    return [(_("Rà soát hộ nghèo"), reverse("poverty:review_list")), *extra]


def _review_crumbs(review: Review, *extra: tuple[str, str | None]) -> Crumbs:
    return _crumbs((review.title, review.get_absolute_url() if extra else None), *extra)


def _refused(request: HttpRequest, exc: DomainError) -> None:
    """A rule's refusal becomes a message; 403 and 404 go on to their pages."""
    if exc.status_code != 400:
        raise exc
    messages.error(request, exc.message)


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("nam", "")
    return int(raw) if raw.isdigit() and 2000 < int(raw) < 2100 else selectors.current_year()


# --- reviews -------------------------------------------------------------------------------

@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    reviews = selectors.reviews_for(request.user)
    return render(request, "poverty/review_list.html", {
        "page": paginate(request, reviews, per_page=30),
        "can_write": selectors.may_write(request.user), "tab": "reviews",
        "breadcrumbs": [(_("Rà soát hộ nghèo"), None)],
    })


@login_required
def review_open(request: HttpRequest) -> HttpResponse:
    if not selectors.may_write(request.user):
        raise PermissionDenied(_("Việc rà soát hộ nghèo do cán bộ, lãnh đạo UBND cấp xã "
                                 "thực hiện."))
    communes = selectors.commune_options(request.user)
    form = ReviewOpenForm(request.POST or None, communes=communes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        commune = next(u for u in communes if u.code == data["commune"])
        try:
            review = services.review_open(actor=request.user, commune=commune, year=data["year"],
                                          kind=data["kind"], title=data["title"],
                                          plan=data["plan"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã mở đợt rà soát, lập danh sách %(n)s hộ cần khảo "
                                        "sát.") % {"n": review.surveys.count()})
            return redirect(review)
    return render(request, "poverty/review_open.html", {
        "form": form, "tab": "reviews",
        "breadcrumbs": _crumbs((_("Mở đợt rà soát"), None)),
    })


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    review = selectors.review_get_for_user(user, pk)
    surveys = list(selectors.review_surveys(review))
    writer = selectors.may_write(user)
    status = review.status
    return render(request, "poverty/review_detail.html", {
        "review": review, "surveys": surveys, "counts": selectors.review_counts(review),
        "steps": [(s.value, s.label, STEPS.index(s) < STEPS.index(ReviewStatus(status)),
                   s == status) for s in STEPS],
        "can_write": writer, "can_survey": writer and status in (ReviewStatus.SURVEYING,
                                                                 ReviewStatus.MEETING),
        "can_add": writer and status == ReviewStatus.SURVEYING,
        "can_meet": writer and status in (ReviewStatus.SURVEYING, ReviewStatus.MEETING),
        "can_post": writer and status == ReviewStatus.MEETING,
        "can_recognise": selectors.may_recognise(user) and status == ReviewStatus.POSTED,
        "assign_form": AssignForm(users=selectors.enumerator_options(review)),
        "add_form": AddHouseholdForm(), "post_form": PostForm(initial={
            "posted_from": format_date(timezone.localdate())}),
        "recognise_form": RecogniseForm(initial={
            "decided_on": format_date(timezone.localdate())}),
        "reports": [(_("Hộ nghèo, cận nghèo đầu năm và cuối năm"),
                     reverse("reports:report", args=["ho-ngheo-dau-cuoi-nam"])),
                    (_("Thiếu hụt dịch vụ xã hội cơ bản"),
                     reverse("reports:report", args=["thieu-hut"]))],
        "tab": "reviews", "breadcrumbs": _review_crumbs(review),
    })


@login_required
@require_POST
def survey_assign(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(request.user, pk)
    users = selectors.enumerator_options(review)
    form = AssignForm(request.POST, users=users)
    ids = [int(v) for v in request.POST.getlist("survey") if v.isdigit()]
    if not form.is_valid() or not ids:
        messages.error(request, form_errors_text(form) if not form.is_valid()
                       else _("Hãy chọn các hộ để phân công."))
        return redirect(f"{review.get_absolute_url()}#households")
    enumerator = users.get(username=form.cleaned_data["enumerator"])
    try:
        n = services.surveys_assign(actor=request.user, review=review,
                                    surveys=selectors.surveys_by_ids(review, ids),
                                    enumerator=enumerator)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã phân công %(n)s hộ cho %(u)s.") % {
            "n": n, "u": enumerator.full_name or enumerator.username})
    return redirect(f"{review.get_absolute_url()}#households")


@login_required
@require_POST
def household_add(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(request.user, pk)
    form = AddHouseholdForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(f"{review.get_absolute_url()}#households")
    code = form.cleaned_data["code"]
    household = household_by_code(request.user, review.commune, code, active_only=True)
    if household is None:
        messages.error(request, _("Không có hộ mã %(c)s tại %(x)s.") % {
            "c": code, "x": review.commune.name})
        return redirect(f"{review.get_absolute_url()}#households")
    try:
        services.survey_add(actor=request.user, review=review, household=household)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã thêm hộ %(c)s vào danh sách rà soát.") % {
            "c": household.code})
    return redirect(f"{review.get_absolute_url()}#households")


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """The village meeting's minutes: agree and total votes of each household in one form."""
    review = selectors.review_get_for_user(request.user, pk)
    surveys = [s for s in selectors.review_surveys(review)
               if s.status in (SurveyStatus.SUBMITTED, SurveyStatus.AGREED)]
    errors: list[str] = []
    for s in surveys:  # what was typed, shown again when the form is refused
        s.agree_input = request.POST.get(f"agree-{s.pk}", "")  # type: ignore[attr-defined]
        s.total_input = request.POST.get(f"total-{s.pk}", "")  # type: ignore[attr-defined]
    if request.method == "POST":
        votes = []
        by_pk = {s.pk: s for s in surveys if s.status == SurveyStatus.SUBMITTED}
        for survey in by_pk.values():
            agree = request.POST.get(f"agree-{survey.pk}", "").strip()
            total = request.POST.get(f"total-{survey.pk}", "").strip()
            if not agree and not total:
                continue  # not voted on at this meeting
            if not (agree.isdigit() and total.isdigit()):
                errors.append(_("Hộ %(c)s: ghi số người đồng ý và số người biểu quyết bằng "
                                "chữ số.") % {"c": survey.household.code})
                continue
            votes.append(services.Vote(survey, int(agree), int(total)))
        if not votes and not errors:
            errors.append(_("Chưa ghi kết quả biểu quyết của hộ nào."))
        if not errors:
            try:
                agreed, again = services.meeting_record(actor=request.user, review=review,
                                                        votes=votes)
            except DomainError as exc:
                if exc.status_code != 400:
                    raise
                errors.append(exc.message)
            else:
                text = _("Đã ghi biên bản họp dân: %(a)s hộ được thống nhất.") % {"a": agreed}
                if again:
                    text += " " + _("%(n)s hộ chưa đạt 50%% số người đồng ý: khảo sát lại.") % {
                        "n": again}
                messages.success(request, text)
                return redirect(review)
    return render(request, "poverty/meeting.html", {
        "review": review, "surveys": surveys, "errors": errors,
        "can_write": selectors.may_write(request.user), "tab": "reviews",
        "breadcrumbs": _review_crumbs(review, (_("Họp dân"), None)),
    }, status=400 if errors else 200)


@login_required
@require_POST
def review_post(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(request.user, pk)
    form = PostForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(review)
    try:
        posted_from = form.cleaned_data["posted_from"]
        review = services.review_post(actor=request.user, review=review,
                                      posted_from=posted_from)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã niêm yết danh sách từ %(a)s đến %(b)s.") % {
            "a": format_date(posted_from), "b": format_date(review.posted_to or posted_from)})
    return redirect(review)


@login_required
@require_POST
def review_recognise(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(request.user, pk)
    form = RecogniseForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(review)
    try:
        services.review_recognise(actor=request.user, review=review,
                                  decision=form.cleaned_data["decision"],
                                  decided_on=form.cleaned_data["decided_on"])
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã công nhận kết quả rà soát; phân loại của các hộ có "
                                    "hiệu lực từ ngày quyết định."))
    return redirect(review)


def certificates_report(review: Review) -> Report:
    """The recognised poor and near-poor households with their certificate numbers."""
    decided = format_date(review.decided_on) if review.decided_on else ""
    report = Report(
        code=f"cong-nhan-{review.year}",
        title=f"DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO ĐƯỢC CÔNG NHẬN NĂM {review.year}",
        scope_label=review.commune.name,
        period_label=f"Quyết định số {review.decision} ngày {decided}",
        issuer=f"UBND {review.commune.name.upper()}", place=commune_place(review.commune))
    surveys = list(selectors.recognised_surveys(review))
    for status, title in ((PovertyStatus.POOR, "Hộ nghèo"),
                          (PovertyStatus.NEAR_POOR, "Hộ cận nghèo")):
        table = Table(title, [Column("STT", "count", 5), Column("Mã hộ", "text", 12),
                              Column("Chủ hộ", "text", 26), Column("Thôn, tổ", "text", 18),
                              Column("Số giấy chứng nhận", "text", 16)])
        rows = [s for s in surveys if s.result == status]
        for number, s in enumerate(rows, 1):
            group = s.household.residential_group
            table.add(number, s.household.code, getattr(s, "head_name", "") or "",
                      group.name if group else "", s.certificate)
        report.summary.append(f"{title}: {len(rows)} hộ.")
        report.tables.append(table)
    report.notes.append(f"Theo kết quả {review.title.lower()}; niêm yết từ "
                        f"{format_date(review.posted_from) if review.posted_from else ''}.")
    return report


@login_required
def certificates_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(request.user, pk)
    if review.status != ReviewStatus.RECOGNISED:
        raise DomainError(_("Đợt rà soát chưa được công nhận: chưa có giấy chứng nhận."))
    return pdf_response(report_pdf(certificates_report(review)),
                        f"danh-sach-cong-nhan-{review.year}.pdf")


# --- the survey form -----------------------------------------------------------------------

def _survey_form(survey: Survey, data: Any = None) -> SurveyForm:
    items, _cutoff = selectors.points_table(timezone.localdate(), survey.household.is_urban)
    initial = {"screening": survey.screening, "members": survey.members or None,
               "declared_income": survey.declared_income,
               "points": [code for code, on in survey.points.items() if on],
               "deprivations": survey.deprivations}
    return SurveyForm(data, items=items, initial=initial)


def _result(survey: Survey) -> dict[str, Any]:
    return {"id": survey.pk, "status": survey.status, "status_label":
            survey.get_status_display(), "result": survey.result,
            "result_label": survey.get_result_display() if survey.status in (
                SurveyStatus.SUBMITTED, SurveyStatus.AGREED) else "",
            "reason": survey.reason if survey.status in (SurveyStatus.SUBMITTED,
                                                         SurveyStatus.AGREED) else ""}


@login_required
def survey_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Forms A, B1 and B2 of one household, for a phone; a plain POST without JavaScript."""
    survey = selectors.survey_get_for_user(request.user, pk)
    form = _survey_form(survey, request.POST or None)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            survey = services.survey_save(actor=request.user, survey=survey,
                                          answers=form.answers(), submit=submit)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            if submit:
                messages.success(request, _("Đã gửi kết quả phiếu: %(r)s") % {
                    "r": survey.reason})
            else:
                messages.success(request, _("Đã lưu nháp phiếu."))
            return redirect(survey)
    review = survey.review
    editable = selectors.may_write(request.user) and review.status in (
        ReviewStatus.SURVEYING, ReviewStatus.MEETING) and survey.status != SurveyStatus.AGREED
    return render(request, "poverty/survey_form.html", {
        "survey": survey, "review": review, "form": form, "editable": editable,
        "done": survey.status in (SurveyStatus.SUBMITTED, SurveyStatus.AGREED),
        "version": f"{survey.updated_at.timestamp():.6f}", "texts": {
            "offline": _("Chưa gửi được — sẽ tự gửi khi có mạng"),
            "sending": _("Đang gửi…"),
            "sent": _("Đã gửi kết quả phiếu."),
            "saved": _("Đã lưu nháp phiếu."),
            "restored": _("Đã khôi phục nội dung đang nhập dở trên máy này."),
            "failed": _("Máy chủ không nhận phiếu."),
        },
        "tab": "reviews", "breadcrumbs": _review_crumbs(
            review, (_("Phiếu hộ %(c)s") % {"c": survey.household.code}, None)),
    }, status=400 if request.method == "POST" else 200)


@require_POST
def survey_send(request: HttpRequest, pk: int) -> JsonResponse:
    """The survey.js endpoint: the same fields as the form, answered in JSON. Sending the same
    answers again (a draft resent after a lost connection) changes nothing."""
    if not request.user.is_authenticated:
        return JsonResponse({"message": _("Phiên đăng nhập đã hết: hãy đăng nhập lại rồi gửi "
                                          "phiếu.")}, status=401)
    try:
        survey = selectors.survey_get_for_user(request.user, pk)
        form = _survey_form(survey, request.POST)
        if not form.is_valid():
            return JsonResponse({"message": form_errors_text(form),
                                 "errors": json.loads(form.errors.as_json())}, status=400)
        survey = services.survey_save(actor=request.user, survey=survey, answers=form.answers(),
                                      submit=request.POST.get("action") == "submit")
    except DomainError as exc:
        return JsonResponse({"message": exc.message, "field": exc.field},
                            status=exc.status_code)
    return JsonResponse(_result(survey))


# --- year over year, help plans and targets ------------------------------------------------

@login_required
def year_over_year(request: HttpRequest) -> HttpResponse:
    years = selectors.recognised_years(request.user)
    year = _year(request) if request.GET.get("nam") or not years else years[0]
    return render(request, "poverty/year_over_year.html", {
        "m": selectors.movements(request.user, year), "year": year, "years": years,
        "report_url": reverse("reports:report", args=["ho-ngheo-dau-cuoi-nam"]),
        "tab": "years", "breadcrumbs": _crumbs((_("So sánh qua các năm"), None)),
    })


@login_required
def help_plans(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    user = request.user
    if request.method == "POST":
        form = TargetForm(request.POST)
        if form.is_valid():
            group = selectors.groups_for(user).filter(pk=form.cleaned_data["group"]).first()
            if group is None:
                raise NotFound(_("Không tìm thấy thôn, tổ."))
            try:
                services.group_target_set(actor=user, group=group, year=year,
                                          escape_target=form.cleaned_data["escape_target"])
            except DomainError as exc:
                _refused(request, exc)
            else:
                messages.success(request, _("Đã ghi chỉ tiêu giảm hộ nghèo của %(g)s.") % {
                    "g": group.name})
        else:
            messages.error(request, form_errors_text(form))
        return redirect(f"{reverse('poverty:help_plans')}?nam={year}#targets")
    return render(request, "poverty/help_plans.html", {
        "year": year, "plans": selectors.help_plans(user, year),
        "targets": selectors.targets(user, year), "can_write": selectors.may_write(user),
        "tab": "plans", "breadcrumbs": _crumbs((_("Giúp đỡ thoát nghèo"), None)),
    })


@login_required
def help_plan_edit(request: HttpRequest, household_pk: int) -> HttpResponse:
    year = _year(request)
    household = selectors.household_get_for_user(request.user, household_pk)
    plan = selectors.help_plan_of(household, year)
    initial: dict[str, Any] = {"escape_by": year + 1}
    if plan is not None:
        initial = {"helper": plan.helper, "measures": plan.measures,
                   "escape_by": plan.escape_by, "progress": plan.progress}
    form = HelpPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.help_plan_save(actor=request.user, household=household, year=year,
                                    helper=data["helper"], measures=data["measures"],
                                    escape_by=data["escape_by"], progress=data["progress"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã lưu kế hoạch giúp đỡ hộ %(c)s.") % {
                "c": household.code})
            return redirect(f"{reverse('poverty:help_plans')}?nam={year}")
    return render(request, "poverty/help_plan_form.html", {
        "form": form, "household": household, "year": year,
        "can_write": selectors.may_write(request.user), "tab": "plans",
        "breadcrumbs": _crumbs((_("Giúp đỡ thoát nghèo"),
                                f"{reverse('poverty:help_plans')}?nam={year}"),
                               (_("Hộ %(c)s") % {"c": household.code}, None)),
    })


# --- the B1 points tables ------------------------------------------------------------------

@login_required
def points(request: HttpRequest) -> HttpResponse:
    user = request.user
    item_form = PointsItemForm(request.POST if "item" in request.POST else None)
    cutoff_form = PointsCutoffForm(request.POST if "cutoff" in request.POST else None)
    if request.method == "POST":
        form: Any = item_form if "item" in request.POST else cutoff_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is item_form:
                    services.points_item_save(actor=user, valid_from=data["valid_from"],
                                              area=data["area"], code=data["code"],
                                              label=data["label"], points=data["points"])
                else:
                    services.points_cutoff_save(actor=user, valid_from=data["valid_from"],
                                                area=data["area"],
                                                max_points=data["max_points"])
            except DomainError as exc:
                form_error_from(form, exc)
            else:
                messages.success(request, _("Đã lưu bảng điểm phiếu B1."))
                return redirect("poverty:points")
    items, cutoffs = selectors.points_tables()
    return render(request, "poverty/points.html", {
        "items": items, "cutoffs": cutoffs, "item_form": item_form, "cutoff_form": cutoff_form,
        "can_edit": selectors.may_edit_points(user), "tab": "points",
        "breadcrumbs": _crumbs((_("Bảng điểm phiếu B1"), None)),
    }, status=400 if request.method == "POST" else 200)

