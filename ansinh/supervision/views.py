"""Pages of supervision (giám sát): the plans, a plan's workspace (its scope with real figures
and links to the records, the delegation, the findings and the recommendations), the forms of
the delegation, the list of recommendations with the overdue ones marked, a recommendation
with the unit's answer and the delegation's follow-up, and the report as PDF or Word.

Views parse input, call one service or selector, and render. They do not call
``require_write``: supervisors, read-only everywhere else, write here, and the services decide
who may (``services.require_*``); a plan outside the user's sight is a 404 first.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.accounts.models import User
from ansinh.core.documents import pdf_response
from ansinh.core.errors import DomainError, PermissionDenied
from ansinh.core.scoping import acting_assignment
from ansinh.core.text import format_date
from ansinh.core.views_helpers import form_error_from, form_errors_text, paginate
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.policies.models import Policy
from ansinh.supervision import selectors, services
from ansinh.supervision.downloads import report_download
from ansinh.supervision.forms import (
    AnswerForm,
    ConcludeForm,
    FollowUpForm,
    MemberForm,
    ObservationForm,
    PlanFilterForm,
    PlanForm,
    RecommendationFilterForm,
    RecommendationForm,
)
from ansinh.supervision.models import Body, Plan, PlanStatus, Recommendation
from ansinh.supervision.report import figures_rows

PLAN_PAGE = 30
RECOMMENDATION_PAGE = 50
RECENT = 10
Crumbs = list[tuple[str, str | None]]


def _crumbs(*extra: tuple[str, str | None]) -> Crumbs:
    return [(_("Giám sát"), reverse("supervision:plan_list")), *extra]


def _plan_crumbs(plan: Plan, *extra: tuple[str, str | None]) -> Crumbs:
    return _crumbs((plan.number, plan.get_absolute_url() if extra else None), *extra)


def _refused(request: HttpRequest, exc: DomainError) -> None:
    """A rule's refusal becomes a message; 403 and 404 go on to their pages."""
    if exc.status_code != 400:
        raise exc
    messages.error(request, exc.message)


# --- plans --------------------------------------------------------------------------------------

@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    form = PlanFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    plans = selectors.plans_for(request.user, selectors.PlanFilter(
        status=data.get("trang_thai") or "", body=data.get("co_quan") or "",
        query=data.get("q") or ""))
    return render(request, "supervision/plan_list.html", {
        "form": form, "page": paginate(request, plans, per_page=PLAN_PAGE),
        "can_create": services.may_create_plan(request.user),
        "breadcrumbs": [(_("Giám sát"), None)], "tab": "plans",
    })


def _plan_input(data: dict[str, Any], units: list[AdministrativeUnit],
                policies: list[Policy]) -> services.PlanInput:
    by_code = {u.code: u for u in units}
    return services.PlanInput(
        body=data["body"], body_name=data["body_name"], number=data["number"],
        issued_on=data["issued_on"], title=data["title"], legal_basis=data["legal_basis"],
        period_from=data["period_from"], period_to=data["period_to"],
        contents=data["contents"],
        scope_units=[by_code[code] for code in data["scope_units"]],
        policies=[p for p in policies if p.code in set(data["policies"])])


def _policies() -> list[Policy]:
    return list(Policy.objects.order_by("order", "code"))


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    if not services.may_create_plan(request.user):
        raise PermissionDenied(_("Chỉ thành viên đoàn giám sát hoặc cán bộ cấp tỉnh được lập kế "
                                 "hoạch giám sát."))
    units = selectors.plan_unit_options(request.user)
    policies = _policies()
    assignment = acting_assignment(request.user)
    body = Body.MTTQ
    form = PlanForm(request.POST or None, units=units, policies=policies, initial={
        "unit": units[0].code if units else "", "body": body,
        "scope_units": [units[0].code] if len(units) == 1 else [],
        "issued_on": format_date(timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next(u for u in units if u.code == data["unit"])
        try:
            plan = services.plan_create(actor=request.user, unit=unit,
                                        data=_plan_input(data, units, policies))
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã lập kế hoạch giám sát %(p)s. Hãy thêm thành viên "
                                        "đoàn rồi bấm “Bắt đầu giám sát”.") % {"p": plan.number})
            return redirect(plan)
    return render(request, "supervision/plan_form.html", {
        "form": form, "title": _("Lập kế hoạch giám sát"), "assignment": assignment,
        "breadcrumbs": _crumbs((_("Lập kế hoạch giám sát"), None)), "tab": "plans",
    })


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    services.require_plan_manager(request.user, plan)
    units = selectors.scope_options(plan.unit)
    policies = _policies()
    form = PlanForm(request.POST or None, units=units, policies=policies, editing=True,
                    initial={
                        "body": plan.body, "body_name": plan.body_name, "number": plan.number,
                        "issued_on": format_date(plan.issued_on), "title": plan.title,
                        "legal_basis": plan.legal_basis, "contents": plan.contents,
                        "period_from": format_date(plan.period_from),
                        "period_to": format_date(plan.period_to),
                        "scope_units": [u.code for u in selectors.plan_scope_units(plan)],
                        "policies": list(plan.policies.values_list("code", flat=True))})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(actor=request.user, plan=plan,
                                 data=_plan_input(form.cleaned_data, units, policies))
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã lưu kế hoạch giám sát."))
            return redirect(plan)
    return render(request, "supervision/plan_form.html", {
        "form": form, "plan": plan, "title": _("Sửa kế hoạch giám sát"),
        "breadcrumbs": _plan_crumbs(plan, (_("Sửa"), None)), "tab": "plans",
    })


def _links(plan: Plan, units: list[AdministrativeUnit], user: Any) -> list[tuple[str, str]]:
    """The read-only pages of the records, filtered to the plan where they take a filter."""
    audit = reverse("core:audit_list") + "?" + urlencode({
        "tu_ngay": format_date(plan.period_from), "den_ngay": format_date(plan.period_to)})
    cycles = reverse("payroll:cycle_list")
    findings = selectors.findings_url() + "?tinh_trang=open"
    communes = [u for u in units if u.level == UnitLevel.COMMUNE]
    assignment = acting_assignment(user)
    if len(communes) == 1 and len(units) == 1 and (
            assignment is None or assignment.unit_id != communes[0].pk):
        # Wider users pick the commune in these lists; the commune's own staff see only it.
        cycles += "?" + urlencode({"xa": communes[0].code})
        findings += "&" + urlencode({"don_vi": communes[0].code})
    return [
        (_("Nhân khẩu"), reverse("registry:person_list") + "?tinh_trang=living"),
        (_("Hộ gia đình"), reverse("registry:household_list")),
        (_("Chế độ đang hưởng"), reverse("cases:benefit_list") + "?trang_thai=active"),
        (_("Hồ sơ"), reverse("cases:case_list")),
        (_("Niêm yết công khai"), reverse("cases:posting_list")),
        (_("Kỳ chi trả"), cycles),
        (_("Phát hiện bất thường"), findings),
        (_("Nhật ký trong thời kỳ giám sát"), audit),
    ]


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The delegation's workspace."""
    user = request.user
    plan = selectors.plan_get_for_user(user, pk)
    units = selectors.plan_scope_units(plan)
    figures = selectors.scope_figures(user, plan)
    queries = selectors.scope_queries(user, plan)
    today = timezone.localdate()
    recommendations = selectors.overdue_first(
        plan.recommendations.select_related("to_unit", "observation"), today)
    member = services.is_delegation_member(user, plan)
    manager = services.may_manage_plan(user, plan)
    in_progress = plan.status == PlanStatus.IN_PROGRESS
    findings = list(queries.findings[:RECENT])
    return render(request, "supervision/plan_detail.html", {
        "plan": plan, "units": units, "policies": list(plan.policies.order_by("order", "code")),
        "figures": figures, "figure_rows": figures_rows(figures),
        "postings": list(queries.postings[:RECENT]),
        "decisions": list(queries.decisions[:RECENT]),
        "cycles": list(queries.cycles[:RECENT]),
        "findings": [(f, selectors.finding_url(f)) for f in findings],
        "links": _links(plan, units, user),
        "members": list(selectors.plan_members(plan)),
        "observations": list(selectors.plan_observations(plan)),
        "recommendations": recommendations, "today": today,
        "counts": selectors.recommendation_counts(plan.recommendations.all(), today),
        "can_manage": manager and not plan.is_concluded,
        "can_start": manager and plan.status == PlanStatus.DRAFT,
        "can_write": member and in_progress,
        "can_conclude": member and in_progress,
        "member_form": MemberForm(users=selectors.delegation_user_options(plan))
        if manager and not plan.is_concluded else None,
        "breadcrumbs": _plan_crumbs(plan), "tab": "plans",
    })


@login_required
@require_POST
def plan_start(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    try:
        services.plan_start(actor=request.user, plan=plan)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã bắt đầu giám sát. Đơn vị được giám sát nay thấy kế "
                                    "hoạch và các kiến nghị gửi đến mình."))
    return redirect(plan)


@login_required
def plan_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    services.require_delegation_member(request.user, plan)
    form = ConcludeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_conclude(actor=request.user, plan=plan,
                                   conclusion=form.cleaned_data["conclusion"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã kết luận kế hoạch giám sát. Các kiến nghị tiếp tục "
                                        "được theo dõi đến khi đơn vị thực hiện xong."))
            return redirect(plan)
    return render(request, "supervision/simple_form.html", {
        "form": form, "plan": plan, "title": _("Kết luận giám sát"),
        "submit": _("Kết luận"), "form_id": "conclude-form",
        "intro": _("Sau khi kết luận, kế hoạch và đoàn giám sát không sửa được nữa; không ghi "
                   "thêm kết quả giám sát, kiến nghị mới. Các kiến nghị vẫn được theo dõi."),
        "breadcrumbs": _plan_crumbs(plan, (_("Kết luận"), None)), "tab": "plans",
    })


# --- the delegation -----------------------------------------------------------------------------

@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    services.require_plan_manager(request.user, plan)
    users = selectors.delegation_user_options(plan)
    form = MemberForm(request.POST, users=users)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect(f"{plan.get_absolute_url()}#delegation")
    data = form.cleaned_data
    linked: User | None = users.filter(username=data["user"]).first() if data["user"] else None
    try:
        member = services.member_add(
            actor=request.user, plan=plan, full_name=data["full_name"],
            position=data["position"], organisation=data["organisation"], user=linked,
            is_head=data["is_head"])
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã thêm %(m)s vào đoàn giám sát.") % {"m": member.full_name})
    return redirect(f"{plan.get_absolute_url()}#delegation")


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    member = selectors.member_get(plan, member_pk)
    try:
        services.member_remove(actor=request.user, plan=plan, member=member)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Đã bỏ %(m)s khỏi đoàn giám sát.") % {"m": member.full_name})
    return redirect(f"{plan.get_absolute_url()}#delegation")


# --- findings and recommendations ---------------------------------------------------------------

# Query parameters that pre-fill a finding's links from the workspace's lists.
_PREFILL = {"nhan_khau": "person", "ho": "household", "quyet_dinh": "decision",
            "niem_yet": "posting", "ky_chi_tra": "cycle", "bat_thuong": "finding"}


@login_required
def observation_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    services.require_delegation_member(request.user, plan)
    units = selectors.plan_unit_choices(plan)
    initial: dict[str, Any] = {field: request.GET[param] for param, field in _PREFILL.items()
                               if request.GET.get(param, "").isdigit()}
    scope = selectors.plan_scope_units(plan)
    initial["unit"] = request.GET.get("don_vi") or (scope[0].code if scope else "")
    form = ObservationForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next(u for u in units if u.code == data["unit"])
        try:
            services.observation_create(
                actor=request.user, plan=plan, unit=unit, text=data["text"],
                severity=data["severity"],
                links=services.ObservationLinks(**{name: data[name] for name in form.LINKS}))
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi kết quả giám sát."))
            return redirect(f"{plan.get_absolute_url()}#observations")
    return render(request, "supervision/observation_form.html", {
        "form": form, "plan": plan, "title": _("Ghi kết quả giám sát"),
        "breadcrumbs": _plan_crumbs(plan, (_("Ghi kết quả giám sát"), None)), "tab": "plans",
    })


@login_required
def recommendation_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    services.require_delegation_member(request.user, plan)
    units = selectors.plan_unit_choices(plan)
    observations = list(selectors.plan_observations(plan))
    initial: dict[str, Any] = {}
    chosen = request.GET.get("phat_hien", "")
    found = next((o for o in observations if str(o.pk) == chosen), None)
    if found is not None:
        initial.update(observation=str(found.pk), to_unit=found.unit.code)
    else:
        scope = selectors.plan_scope_units(plan)
        initial["to_unit"] = scope[0].code if scope else plan.unit.code
    form = RecommendationForm(request.POST or None, units=units, observations=observations,
                              initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        to_unit = next(u for u in units if u.code == data["to_unit"])
        observation = next((o for o in observations if str(o.pk) == data["observation"]), None)
        try:
            recommendation = services.recommendation_create(
                actor=request.user, plan=plan, to_unit=to_unit, text=data["text"],
                deadline=data["deadline"], observation=observation)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi kiến nghị gửi %(u)s, hạn %(d)s.") % {
                "u": to_unit.name, "d": format_date(recommendation.deadline)})
            return redirect(f"{plan.get_absolute_url()}#recommendations")
    return render(request, "supervision/simple_form.html", {
        "form": form, "plan": plan, "title": _("Ghi kiến nghị"), "submit": _("Lưu kiến nghị"),
        "form_id": "recommendation-form",
        "intro": _("Kiến nghị được gửi đến đơn vị thực hiện: cán bộ, lãnh đạo đơn vị thấy nó ở "
                   "trang chủ và trả lời trên An Sinh; quá hạn mà chưa trả lời thì hiện “Quá "
                   "hạn”."),
        "breadcrumbs": _plan_crumbs(plan, (_("Ghi kiến nghị"), None)), "tab": "plans",
    })


@login_required
def recommendation_list(request: HttpRequest) -> HttpResponse:
    form = RecommendationFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    recommendations = selectors.recommendations_for(request.user, selectors.RecommendationFilter(
        status=data.get("trang_thai") or "", overdue=data.get("qua_han") == "1",
        addressed=data.get("gui_don_vi") == "1"), today)
    return render(request, "supervision/recommendation_list.html", {
        "form": form, "page": paginate(request, recommendations, per_page=RECOMMENDATION_PAGE),
        "counts": selectors.recommendation_counts(recommendations, today), "today": today,
        "breadcrumbs": _crumbs((_("Kiến nghị"), None)), "tab": "recommendations",
    })


def _recommendation_page(request: HttpRequest, recommendation: Recommendation,
                         status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    plan = recommendation.plan
    open_to_answer = recommendation.is_outstanding
    return render(request, "supervision/recommendation_detail.html", {
        "r": recommendation, "plan": plan, "today": timezone.localdate(),
        "updates": list(selectors.recommendation_updates(recommendation)),
        "answer_form": forms.get("answer_form") or AnswerForm()
        if services.may_answer(user, recommendation) and open_to_answer else None,
        "follow_up_form": forms.get("follow_up_form") or FollowUpForm()
        if services.is_delegation_member(user, plan) else None,
        "breadcrumbs": _plan_crumbs(plan, (_("Kiến nghị"), None)), "tab": "recommendations",
    }, status=status)


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _recommendation_page(
        request, selectors.recommendation_get_for_user(request.user, pk))


@login_required
@require_POST
def recommendation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_get_for_user(request.user, pk)
    services.require_answerer(request.user, recommendation)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.recommendation_answer(actor=request.user, recommendation=recommendation,
                                           answer=form.cleaned_data["answer"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã gửi trả lời kiến nghị cho đoàn giám sát."))
            return redirect(recommendation)
    return _recommendation_page(request, recommendation, answer_form=form)


@login_required
@require_POST
def recommendation_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_get_for_user(request.user, pk)
    services.require_delegation_member(request.user, recommendation.plan)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.recommendation_follow_up(
                actor=request.user, recommendation=recommendation, kind=data["kind"],
                note=data["note"], deadline=data["deadline"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi ý kiến theo dõi kiến nghị."))
            return redirect(recommendation)
    return _recommendation_page(request, recommendation, follow_up_form=form)


# --- the report ---------------------------------------------------------------------------------

def _report(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    found = report_download(actor=request.user, plan=plan, fmt=fmt)
    if fmt == "pdf":
        return pdf_response(found.content, found.filename)
    response = HttpResponse(found.content, content_type=found.content_type)
    ascii_name = found.filename.encode("ascii", "ignore").decode() or "bao-cao.docx"
    response["Content-Disposition"] = (f'attachment; filename="{ascii_name}"; '
                                       f"filename*=UTF-8''{quote(found.filename, safe='')}")
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _report(request, pk, "pdf")


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _report(request, pk, "docx")
