"""The list behind every number of the dashboards and reports: the same records the figure
counts (``metrics``), narrowed to a part of the scope, a category or a month, each row linking
to its record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ansinh.cases.selectors import category_label, sees_restricted
from ansinh.core.errors import NotFound
from ansinh.payroll.models import Cycle
from ansinh.policies.models import Category
from ansinh.reports.metrics import BENEFICIARIES, METRICS, PAYMENTS, Metric, month_start
from ansinh.reports.scope import UNGROUPED, Scope


@dataclass(frozen=True)
class ListFilter:
    group: int | None = None  # a residential group of a commune scope (UNGROUPED: none)
    category: int | None = None  # a category of the beneficiaries
    month: date | None = None  # the payrolls of a month


@dataclass
class FigureList:
    key: str
    kind: str  # which columns the page shows: person, household, beneficiary, case…
    title: str
    details: list[str]  # the filters, in words
    records: QuerySet  # what the figure counts
    count: int  # the figure: the records, or the persons for beneficiaries


def figure_list(user: Any, key: str, scope: Scope, f: ListFilter, today: date) -> FigureList:
    if key == PAYMENTS:
        return _payments(scope, f)
    metric = METRICS.get(key)
    if metric is None:
        raise NotFound(_("Không có số liệu này."))
    records = metric.scoped(scope, today)
    details = [scope.label]
    if f.group is not None and scope.by_group and metric.group_field:
        records = _in_group(records, metric, f.group)
        details.append(scope.part_name(f.group))
    if f.category is not None and key == BENEFICIARIES:
        category = Category.objects.select_related("policy").filter(pk=f.category).first()
        if category is None or (category.restricted and not sees_restricted(user)):
            raise NotFound(_("Không có số liệu này."))
        records = records.filter(category=category)
        details.append(category_label(category, category.policy, restricted_ok=True))
    count = records.aggregate(n=metric.counted())["n"]
    return FigureList(key, metric.model_label, str(metric.label), details,
                      _ordered(metric, records), count)


def _in_group(records: QuerySet, metric: Metric, group: int) -> QuerySet:
    if group == UNGROUPED:
        return records.filter(**{f"{metric.group_field}__isnull": True})
    return records.filter(**{metric.group_field: group})


def _ordered(metric: Metric, records: QuerySet) -> QuerySet:
    if metric.model_label == "beneficiary":
        return records.select_related("person", "person__household", "category",
                                      "policy", "commune").order_by("person__name_key", "id")
    if metric.model_label == "person":
        return records.select_related("household", "household__residential_group",
                                      "commune").order_by("name_key", "id")
    if metric.model_label == "household":
        return records.select_related("residential_group", "commune").order_by("code", "id")
    if metric.model_label == "case":
        return records.select_related("person", "policy", "commune").order_by("due_on", "id")
    if metric.model_label == "finding":
        return records.select_related("unit").order_by("-severity", "-id")
    return records.select_related("to_unit", "plan").order_by("deadline", "id")


def _payments(scope: Scope, f: ListFilter) -> FigureList:
    if f.month is None:
        raise NotFound(_("Không có số liệu này."))
    month = month_start(f.month)
    cycles = (Cycle.objects.filter(scope.unit_q("commune_id"), month=month)
              .exclude(status=Cycle.Status.DRAFT)
              .select_related("commune", "policy", "programme").order_by("commune__name", "id"))
    return FigureList(PAYMENTS, "cycle", _("Số tiền đã chi trả"),
                      [scope.label, _("tháng %(m)s") % {"m": f"{month:%m/%Y}"}], cycles,
                      cycles.count())
