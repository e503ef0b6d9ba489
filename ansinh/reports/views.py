"""Pages of the reports app: the dashboard of a scope with its drill-down, the list behind each
number, the standard reports (on screen, Excel, PDF) and the narrative annual report."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.cases.selectors import category_label, sees_restricted
from ansinh.core.audit import audit_record
from ansinh.core.errors import NotFound
from ansinh.core.scoping import WHOLE_COUNTRY, scope_path
from ansinh.core.views_helpers import paginate
from ansinh.reports import narrative
from ansinh.reports.figures import dashboard as build_dashboard
from ansinh.reports.forms import PeriodForm
from ansinh.reports.lists import ListFilter, figure_list
from ansinh.reports.scope import Scope, scope_for
from ansinh.reports.standard import REPORTS, Period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LIST_PAGE = 50

Crumbs = list[tuple[str, str | None]]


def _scope(request: HttpRequest) -> Scope:
    return scope_for(request.user, request.GET.get("don_vi", "").strip())


def _with_scope(url: str, scope: Scope, **extra: Any) -> str:
    params = {"don_vi": scope.code} if scope.code else {}
    params.update({k: v for k, v in extra.items() if v})
    return f"{url}?{urlencode(params)}" if params else url


def _scope_crumbs(request: HttpRequest, scope: Scope) -> Crumbs:
    """Toàn quốc › Thành phố Hà Nội › Phường …, from the user's own unit down, each a link."""
    own = scope_path(request.user) or ""
    chain = []
    unit = scope.unit
    while unit is not None:
        chain.append(unit)
        unit = unit.parent
    crumbs: Crumbs = []
    url = reverse("reports:dashboard")
    if own == WHOLE_COUNTRY:
        crumbs.append((_("Toàn quốc"), url))
    for unit in reversed(chain):
        if own == WHOLE_COUNTRY or unit.path == own or unit.path.startswith(f"{own}."):
            crumbs.append((unit.name, f"{url}?{urlencode({'don_vi': unit.code})}"))
    return crumbs


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    board = build_dashboard(request.user, scope)
    everything = request.GET.get("tat_ca") == "1"
    parts = board.parts_shown(everything=everything)
    rows = [(part, [board.cell(key, part) for key in board.figures]) for part in parts]
    return render(request, "reports/dashboard.html", {
        "board": board, "scope": scope, "rows": rows, "everything": everything,
        "hidden": len(board.parts) - len(parts),
        "chart": _chart_data(board, parts),
        "breadcrumbs": [(_("Tổng quan"), None)] if scope.unit is None
        else _scope_crumbs(request, scope)[:-1] + [(scope.unit.name, None)],
    })


def _chart_data(board: Any, parts: list[Any]) -> dict[str, Any]:
    """What the three charts draw: bars by category, a line over months, bars per part stacked
    by policy. The page shows the same figures as tables for readers without JavaScript."""
    policies = sorted({c.policy_name for c in board.categories})
    return {
        "categories": {"labels": [_short_label(c.label) for c in board.categories],
                       "values": [c.persons for c in board.categories]},
        "months": {"labels": [f"{m.month:%m/%Y}" for m in board.months],
                   "paid": [m.paid for m in board.months],
                   "planned": [m.planned for m in board.months]},
        "parts": {"labels": [p.name for p in parts],
                  "series": [{"label": policy, "values": [
                      sum(c.by_part.get(p.key, 0) for c in board.categories
                          if c.policy_name == policy) for p in parts]}
                      for policy in policies]},
    }


def _short_label(label: str, room: int = 38) -> str:
    """A category's name cut to fit beside a bar; the table below gives it in full."""
    return label if len(label) <= room else label[:room - 1].rstrip() + "…"


def _list_filter(request: HttpRequest) -> ListFilter:
    def number(name: str) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None
    month = None
    raw = request.GET.get("thang", "")
    if raw:
        try:
            year, number_ = (int(x) for x in raw.split("-"))
            month = date(year, number_, 1)
        except ValueError as exc:
            raise NotFound(_("Tháng không hợp lệ.")) from exc
    return ListFilter(group=number("to"), category=number("nhom"), month=month)


@login_required
def figure_list_view(request: HttpRequest, metric: str) -> HttpResponse:
    scope = _scope(request)
    found = figure_list(request.user, metric, scope, _list_filter(request),
                        timezone.localdate())
    page = paginate(request, found.records, per_page=LIST_PAGE)
    restricted_ok = sees_restricted(request.user)
    rows = page.object_list
    if found.kind == "beneficiary":
        rows = [(b, category_label(b.category, b.policy, restricted_ok=restricted_ok))
                for b in page.object_list]
    return render(request, "reports/figure_list.html", {
        "found": found, "page": page, "rows": rows, "scope": scope,
        "dashboard_url": _with_scope(reverse("reports:dashboard"), scope),
        "breadcrumbs": [(_("Tổng quan"), _with_scope(reverse("reports:dashboard"), scope)),
                        (found.title, None)],
    })


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    return render(request, "reports/report_index.html", {
        "scope": scope,
        "reports": [(r, _with_scope(reverse("reports:report", kwargs={"code": r.code}), scope))
                    for r in REPORTS.values()],
        "narrative_url": _with_scope(reverse("reports:narrative"), scope),
        "breadcrumbs": [(_("Tổng quan"), _with_scope(reverse("reports:dashboard"), scope)),
                        (_("Báo cáo"), None)],
    })


def _period(request: HttpRequest) -> tuple[PeriodForm, Period]:
    default = Period.this_year()
    if not (request.GET.get("tu") or request.GET.get("den")):
        # Unfiltered: show the default period in the fields, so the page says what it covers.
        return PeriodForm(initial={"tu": f"{default.start:%d/%m/%Y}",
                                   "den": f"{default.end:%d/%m/%Y}"}), default
    form = PeriodForm(request.GET)
    if form.is_valid():
        data = form.cleaned_data
        return form, Period(data.get("tu") or default.start, data.get("den") or default.end)
    return form, default


@login_required
def report_view(request: HttpRequest, code: str) -> HttpResponse:
    standard = REPORTS.get(code)
    if standard is None:
        raise NotFound(_("Không có báo cáo này."))
    scope = _scope(request)
    form, period = _period(request)
    report = standard.build(request.user, scope, period)
    fmt = request.GET.get("dinh_dang", "")
    if fmt in ("xlsx", "pdf"):
        return _download(request, report, fmt, scope)
    query = request.GET.copy()
    query.pop("dinh_dang", None)
    return render(request, "reports/report.html", {
        "report": report, "form": form, "scope": scope, "standard": standard,
        "query": query.urlencode(),
        "breadcrumbs": [(_("Tổng quan"), _with_scope(reverse("reports:dashboard"), scope)),
                        (_("Báo cáo"), _with_scope(reverse("reports:report_index"), scope)),
                        (standard.title, None)],
    })


def _download(request: HttpRequest, report: Any, fmt: str, scope: Scope) -> HttpResponse:
    from ansinh.reports.excel import report_xlsx
    from ansinh.reports.printing import report_pdf

    content = report_xlsx(report) if fmt == "xlsx" else report_pdf(report)
    with transaction.atomic():
        audit_record(actor=request.user, action="reports.export", object_type="reports.report",
                     object_id=report.code, object_label=report.title, unit=scope.unit,
                     changes={"format": fmt, "period": report.period_label})
    return _file(content, f"{report.code}.{fmt}", XLSX if fmt == "xlsx" else "application/pdf")


def _file(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def narrative_view(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    year_raw = request.GET.get("nam", "")
    today = timezone.localdate()
    year = int(year_raw) if year_raw.isdigit() and 2000 <= int(year_raw) <= today.year \
        else today.year
    content = narrative.narrative_content(request.user, scope, year)
    fmt = request.GET.get("dinh_dang", "")
    if fmt in ("docx", "pdf"):
        from ansinh.reports.printing import narrative_pdf
        from ansinh.reports.wordfile import narrative_docx

        data = narrative_docx(content) if fmt == "docx" else narrative_pdf(content)
        with transaction.atomic():
            audit_record(actor=request.user, action="reports.export",
                         object_type="reports.narrative", object_id=str(year),
                         object_label=content.subtitle, unit=scope.unit,
                         changes={"format": fmt})
        return _file(data, f"bao-cao-an-sinh-{year}.{fmt}",
                     DOCX if fmt == "docx" else "application/pdf")
    return render(request, "reports/narrative.html", {
        "content": content, "scope": scope, "year": year,
        "years": list(range(today.year, today.year - 5, -1)),
        "breadcrumbs": [(_("Tổng quan"), _with_scope(reverse("reports:dashboard"), scope)),
                        (_("Báo cáo"), _with_scope(reverse("reports:report_index"), scope)),
                        (_("Báo cáo công tác an sinh xã hội"), None)],
    })
