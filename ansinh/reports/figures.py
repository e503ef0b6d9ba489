"""The dashboard of a scope: the figures of ``metrics`` broken down by part, beneficiaries by
policy and category, and the money paid in each of the last twelve months.

Every figure carries the URL of the list behind it (``lists``). Category names that reveal a
person's HIV status (K3, K8) are shown only to the roles allowed to see them; others see those
groups counted under the policy's name, without a list to open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from ansinh.cases.selectors import sees_restricted
from ansinh.payroll.models import Cycle
from ansinh.policies.models import Category
from ansinh.reports.metrics import (
    BENEFICIARIES,
    METRICS,
    PAYMENTS,
    Metric,
    count_by_part,
    month_start,
)
from ansinh.reports.scope import UNGROUPED, Part, Scope

MONTHS = 12
# Where K3 and K8 are counted for viewers who may not see them by name (they reveal HIV status).
RESTRICTED_GROUP = "nhóm khác (được bảo mật)"
SUMMARY = ("nhan-khau", "ho", "doi-tuong", "ho-ngheo", "ho-can-ngheo", "ho-so", "ho-so-qua-han",
           "bat-thuong", "kien-nghi-qua-han")


def list_url(metric: str, scope: Scope, part: Part | None = None, **extra: Any) -> str:
    """The list behind a figure: ``metric`` in ``scope``, or in one of its parts."""
    params: dict[str, Any] = {}
    if part is not None and part.code:
        params["don_vi"] = part.code
    elif scope.code:
        params["don_vi"] = scope.code
    if part is not None and part.group is not None:
        params["to"] = part.group
    params.update({k: v for k, v in extra.items() if v not in (None, "")})
    query = f"?{urlencode(params)}" if params else ""
    return reverse("reports:figure_list", kwargs={"metric": metric}) + query


def dashboard_url(part: Part) -> str:
    return reverse("reports:dashboard") + f"?{urlencode({'don_vi': part.code})}"


@dataclass
class Figure:
    key: str
    label: str
    total: int
    url: str
    by_part: dict[int, int] = field(default_factory=dict)


@dataclass
class CategoryFigure:
    policy_code: str
    policy_name: str
    label: str  # "K6 — Người khuyết tật…", or the policy's name for a restricted group
    persons: int
    url: str  # "" for a restricted group the viewer may not open
    by_part: dict[int, int] = field(default_factory=dict)


@dataclass
class MonthFigure:
    month: date
    paid: int
    planned: int
    url: str


@dataclass
class Dashboard:
    scope: Scope
    today: date
    figures: dict[str, Figure]
    categories: list[CategoryFigure]
    months: list[MonthFigure]
    # Parts with anything in them (the province's own part only when something is there).
    parts: list[Part]
    used: set[int] = field(default_factory=set)  # keys of the parts with a figure above 0

    def parts_shown(self, *, everything: bool = False) -> list[Part]:
        """A commune's groups all; a province's communes (or the country's provinces) with
        figures, unless ``everything``: most of a big province may not use An Sinh yet."""
        if everything or self.scope.by_group:
            return self.parts
        return [p for p in self.parts if p.key in self.used]

    def cell(self, key: str, part: Part) -> tuple[int, str]:
        """A figure of one part and the link to its list."""
        return self.figures[key].by_part.get(part.key, 0), list_url(key, self.scope, part)

    @property
    def paid_in_year(self) -> int:
        return sum(m.paid for m in self.months)


def metric_figure(metric: Metric, scope: Scope, today: date) -> Figure:
    records = metric.scoped(scope, today)
    by_part = count_by_part(records, scope, unit_field=metric.unit_field,
                            group_field=metric.group_field, counted=metric.counted())
    if metric.count == "id" and (metric.group_field or not scope.by_group):
        total = sum(by_part.values())
    else:
        total = records.aggregate(n=metric.counted())["n"]
    return Figure(metric.key, str(metric.label), total, list_url(metric.key, scope), by_part)


def category_figures(scope: Scope, today: date, *, restricted_ok: bool) -> list[CategoryFigure]:
    """Beneficiaries by policy and category (persons in each), largest first within a policy."""
    metric = METRICS[BENEFICIARIES]
    records = metric.scoped(scope, today)
    groups: dict[tuple[str, str], CategoryFigure] = {}
    # One GROUP BY over (category, part), not one query per category.
    rows = records.values("category_id", metric.unit_field if not scope.by_group
                          else metric.group_field)
    counted = rows.annotate(n=metric.counted()).order_by()
    categories = Category.objects.select_related("policy").in_bulk(
        {r["category_id"] for r in counted})
    for row in counted:
        category = categories[row["category_id"]]
        hidden = category.restricted and not restricted_ok
        key = (category.policy.code, "" if hidden else category.code)
        figure = groups.get(key)
        if figure is None:
            figure = groups[key] = CategoryFigure(
                policy_code=category.policy.code, policy_name=category.policy.name,
                label=f"{category.policy.name} — {RESTRICTED_GROUP}" if hidden
                else f"{category.code} — {category.name}",
                persons=0, url="" if hidden else list_url(BENEFICIARIES, scope,
                                                          nhom=category.pk))
        part = _part_key(scope, row, metric)
        figure.persons += row["n"]
        if part is not None:
            figure.by_part[part] = figure.by_part.get(part, 0) + row["n"]
    return sorted(groups.values(), key=lambda f: (f.policy_code, -f.persons, f.label))


def _part_key(scope: Scope, row: dict[str, Any], metric: Metric) -> int | None:
    if scope.by_group:
        return row[metric.group_field] or 0
    return scope.part_of_unit.get(row[metric.unit_field])


def month_figures(scope: Scope, today: date) -> list[MonthFigure]:
    """Money paid (and planned, in approved payrolls) for each of the last twelve months."""
    first = _months_back(month_start(today), MONTHS - 1)
    cycles = Cycle.objects.filter(scope.unit_q("commune_id"), month__gte=first,
                                  month__lte=month_start(today)).exclude(
        status=Cycle.Status.DRAFT)
    sums = {row["month"]: row for row in cycles.values("month").annotate(
        paid=Sum("paid_total"), planned=Sum("total")).order_by()}
    months = [_months_back(month_start(today), n) for n in range(MONTHS - 1, -1, -1)]
    return [MonthFigure(m, int(sums.get(m, {}).get("paid") or 0),
                        int(sums.get(m, {}).get("planned") or 0),
                        list_url(PAYMENTS, scope, thang=f"{m:%Y-%m}"))
            for m in months]


def _months_back(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def _catch_all(scope: Scope, part: Part) -> bool:
    """The part for records above the communes (the province's own) or outside any group."""
    if scope.by_group:
        return part.group == UNGROUPED
    return scope.unit is not None and part.key == scope.unit.pk


def dashboard(user: Any, scope: Scope, today: date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    figures = {key: metric_figure(METRICS[key], scope, today) for key in SUMMARY}
    used = {k for f in figures.values() for k, n in f.by_part.items() if n}
    parts = [p for p in scope.parts if p.key in used or not _catch_all(scope, p)]
    return Dashboard(scope=scope, today=today, figures=figures,
                     categories=category_figures(scope, today,
                                                 restricted_ok=sees_restricted(user)),
                     months=month_figures(scope, today), parts=parts, used=used)
