"""Dashboards and standard reports in the API, scoped like the pages: the figures of a scope
broken down by part, and each standard report as its tables (JSON), for a province's own
systems to read instead of a spreadsheet sent by e-mail."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from ansinh.core.errors import DomainError, NotFound
from ansinh.reports.figures import dashboard
from ansinh.reports.scope import scope_for
from ansinh.reports.standard import REPORTS, Period

router = Router(tags=["Báo cáo"])


class PartFigures(Schema):
    name: str
    unit_code: str
    group_id: int | None
    figures: dict[str, int]


class CategoryOut(Schema):
    policy: str
    label: str
    persons: int


class MonthOut(Schema):
    month: date
    planned: int
    paid: int


class DashboardOut(Schema):
    scope: str
    unit_code: str
    at: date
    totals: dict[str, int]
    labels: dict[str, str]
    parts: list[PartFigures]
    categories: list[CategoryOut]
    months: list[MonthOut]


class TableOut(Schema):
    title: str
    columns: list[str]
    rows: list[list[Any]]


class ReportOut(Schema):
    code: str
    title: str
    scope: str
    period: str
    summary: list[str]
    tables: list[TableOut]
    notes: list[str]


@router.get("/reports/dashboard", response=DashboardOut,
            summary="Số liệu tổng quan của một địa bàn")
def dashboard_get(request: HttpRequest, don_vi: str = "") -> dict[str, Any]:
    """``don_vi``: mã tỉnh hoặc xã (mặc định: đơn vị của vai trò đang dùng)."""
    scope = scope_for(request.user, don_vi)
    board = dashboard(request.user, scope)
    return {
        "scope": scope.label, "unit_code": scope.code, "at": board.today,
        "totals": {k: f.total for k, f in board.figures.items()},
        "labels": {k: f.label for k, f in board.figures.items()},
        "parts": [{"name": p.name, "unit_code": p.code, "group_id": p.group,
                   "figures": {k: f.by_part.get(p.key, 0) for k, f in board.figures.items()}}
                  for p in board.parts],
        "categories": [{"policy": c.policy_code, "label": c.label, "persons": c.persons}
                       for c in board.categories],
        "months": [{"month": m.month, "planned": m.planned, "paid": m.paid}
                   for m in board.months],
    }


@router.get("/reports/standard/{code}", response=ReportOut, summary="Một báo cáo thống kê")
def report_get(request: HttpRequest, code: str, don_vi: str = "", tu: date | None = None,
               den: date | None = None) -> dict[str, Any]:
    """``tu``, ``den``: kỳ báo cáo (YYYY-MM-DD; mặc định từ đầu năm đến hôm nay)."""
    standard = REPORTS.get(code)
    if standard is None:
        raise NotFound("Không có báo cáo này.")
    default = Period.this_year()
    period = Period(tu or default.start, den or default.end)
    if period.start > period.end:
        raise DomainError("Ngày bắt đầu phải trước ngày kết thúc.", field="tu")
    report = standard.build(request.user, scope_for(request.user, don_vi), period)
    return {
        "code": report.code, "title": report.title, "scope": report.scope_label,
        "period": report.period_label, "summary": report.summary, "notes": report.notes,
        "tables": [{"title": t.title, "columns": [c.label for c in t.columns],
                    "rows": [list(r.cells) for r in t.rows]} for t in report.tables],
    }
