"""Pages of the anomaly checks (kiểm tra bất thường): the findings with their filters, one
finding with its records, the rule and the form to explain or correct it, running the checks
now, the rules, and the figures units reported.

Views parse input, call one service or selector, and render. The services decide who may act
(the unit's own officers answer for its findings; supervisors and auditors read); their
refusals land on the forms or on the 403/404 pages.
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

from ansinh.core.errors import DomainError, NotFound
from ansinh.core.scoping import acting_assignment
from ansinh.core.views_helpers import form_error_from, paginate
from ansinh.geo.models import UnitLevel
from ansinh.integrity import checks
from ansinh.integrity import findings_selectors as selectors
from ansinh.integrity.findings_forms import FindingFilterForm, ReportedTotalForm, ResolveForm
from ansinh.integrity.models import Finding, FindingStatus
from ansinh.integrity.rules import all_rules, rule_by_code

FINDING_PAGE = 50
REPORT_PAGE = 50
Crumbs = list[tuple[str, str | None]]


def _crumbs(*extra: tuple[str, str | None]) -> Crumbs:
    return [(_("Kiểm tra bất thường"), reverse("integrity:finding_list")), *extra]


def _can_run(user: Any) -> bool:
    assignment = acting_assignment(user)
    return bool(assignment is not None and not assignment.is_read_only
                and assignment.unit_id is not None and assignment.role in checks.UNIT_STAFF)


def _wide(user: Any) -> bool:
    """Whether the user sees more than one commune (the list then filters by unit)."""
    assignment = acting_assignment(user)
    return assignment is not None and (assignment.unit is None
                                       or assignment.unit.level != UnitLevel.COMMUNE)


@login_required
def finding_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    rules = all_rules()
    form = FindingFilterForm(request.GET or None, rules=rules,
                             units=selectors.finding_units(user) if _wide(user) else None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    findings = selectors.findings_for(user, selectors.FindingFilter(
        rule=data.get("quy_tac") or "", severity=data.get("muc_do") or "",
        status=data.get("tinh_trang") or "", unit=data.get("don_vi") or ""))
    page = paginate(request, findings, per_page=FINDING_PAGE)
    titles = {r.code: r.title for r in rules}
    page.object_list = list(page.object_list)
    for finding in page.object_list:
        finding.rule_title = titles.get(finding.rule, finding.rule)  # type: ignore[attr-defined]
    context = {
        "form": form, "page": page, "open": selectors.open_by_severity(user),
        "last_run": selectors.last_run_for(user), "can_run": _can_run(user),
        "wide": _wide(user), "filtered": any(request.GET.get(k) for k in (
            "quy_tac", "muc_do", "tinh_trang", "don_vi")),
        "breadcrumbs": [(_("Kiểm tra bất thường"), None)], "tab": "findings",
    }
    template = ("integrity/finding_list.html#table" if request.htmx  # type: ignore[attr-defined]
                else "integrity/finding_list.html")
    return render(request, template, context)


def _allowed(finding: Finding) -> list[str]:
    """The statuses the finding may be moved to by hand, in the order of the choices."""
    moves = checks.TRANSITIONS.get(finding.status, frozenset())
    return [status for status in FindingStatus.values if status in moves]


def _detail(request: HttpRequest, finding: Finding, status: int = 200,
            form: ResolveForm | None = None) -> HttpResponse:
    allowed = _allowed(finding)
    can_resolve = checks.can_resolve(request.user, finding) and bool(allowed)
    rule = rule_by_code(finding.rule)
    decision_id = finding.details.get("decision_id") if isinstance(finding.details, dict) \
        else None
    return render(request, "integrity/finding_detail.html", {
        "finding": finding, "rule": rule, "can_resolve": can_resolve,
        "form": form or ResolveForm(allowed=allowed), "decision_id": decision_id,
        "breadcrumbs": _crumbs((str(rule.title) if rule else finding.rule, None)),
        "tab": "findings",
    }, status=status)


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.finding_get_for_user(request.user, pk))


@login_required
@require_POST
def finding_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    finding = selectors.finding_get_for_user(request.user, pk)
    form = ResolveForm(request.POST, allowed=_allowed(finding))
    checks.require_resolver(request.user, finding)
    if form.is_valid():
        try:
            checks.finding_resolve(actor=request.user, finding=finding,
                                   status=form.cleaned_data["status"],
                                   note=form.cleaned_data["note"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận kết quả xử lý phát hiện."))
            return redirect("integrity:finding_detail", pk=finding.pk)
    return _detail(request, finding, status=400, form=form)


@login_required
@require_POST
def check_run(request: HttpRequest) -> HttpResponse:
    rules = [code for code in request.POST.getlist("quy_tac") if code] or None
    try:
        run = checks.check_run_request(actor=request.user, rules=rules)
    except DomainError as exc:
        if exc.status_code != 400:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _(
            "Đã kiểm tra %(unit)s theo %(rules)s quy tắc: %(found)s phát hiện, %(new)s phát "
            "hiện mới, %(resolved)s phát hiện không còn.") % {
            "unit": run.unit.name if run.unit else _("toàn quốc"), "rules": len(run.rules),
            "found": run.found, "new": run.new, "resolved": run.resolved})
    return redirect("integrity:finding_list")


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    counts = selectors.open_by_rule(request.user)
    rules = [(rule, counts.get(rule.code, 0)) for rule in all_rules()]
    return render(request, "integrity/rule_list.html", {
        "rules": rules, "can_run": _can_run(request.user),
        "breadcrumbs": _crumbs((_("Các quy tắc kiểm tra"), None)), "tab": "rules",
    })


# --- reported figures ---------------------------------------------------------------------------

@login_required
def reported_total_list(request: HttpRequest) -> HttpResponse:
    reports = selectors.reported_totals_for(request.user)
    page = paginate(request, reports, per_page=REPORT_PAGE)
    rows = []
    for report in page.object_list:
        counts = [int(line.get("count") or 0) for line in report.lines
                  if isinstance(line, dict) and str(line.get("count", "")).isdigit()]
        rows.append((report, sum(counts), bool(counts) and sum(counts) != report.total))
    return render(request, "integrity/reported_total_list.html", {
        "page": page, "rows": rows, "can_record": checks.can_record_totals(request.user),
        "breadcrumbs": _crumbs((_("Số liệu đơn vị báo cáo"), None)), "tab": "reports",
    })


@login_required
def reported_total_create(request: HttpRequest) -> HttpResponse:
    checks.require_report_recorder(request.user)
    units = list(selectors.report_units(request.user))
    assignment = acting_assignment(request.user)
    form = ReportedTotalForm(request.POST or None, units=units, initial={
        "unit": assignment.unit.code if assignment and assignment.unit else ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next((u for u in units if u.code == data["unit"]), None)
        try:
            if unit is None:
                raise NotFound(_("Không tìm thấy đơn vị."))
            checks.reported_total_create(actor=request.user, report=checks.ReportInput(
                unit=unit, title=data["title"], document=data["document"],
                reported_on=data["reported_on"], total=data["total"], lines=data["lines"]))
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi số liệu báo cáo; hệ thống đã đối chiếu các số "
                                        "liệu."))
            return redirect("integrity:reported_total_list")
    return render(request, "integrity/reported_total_form.html", {
        "form": form,
        "breadcrumbs": _crumbs((_("Số liệu đơn vị báo cáo"),
                                reverse("integrity:reported_total_list")),
                               (_("Ghi số liệu báo cáo"), None)),
        "tab": "reports",
    })
