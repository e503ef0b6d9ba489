"""The figures of the dashboards, each defined once: the records it counts (a queryset), how it
counts them, and where a record's unit and residential group are. The dashboard aggregates that
queryset by part of the scope; the list behind the number (``lists``) pages through the same
queryset, so the list always holds what the number says.

Counting is set-based: one GROUP BY per figure over the scope, whatever its size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ansinh.cases.models import Benefit, BenefitStatus, Case
from ansinh.integrity.models import Finding, FindingStatus
from ansinh.registry.models import Household, Person, PersonStatus, PovertyStatus
from ansinh.reports.scope import UNGROUPED, Scope
from ansinh.supervision.models import OUTSTANDING, Recommendation

PERSONS, HOUSEHOLDS, POOR, NEAR_POOR = "nhan-khau", "ho", "ho-ngheo", "ho-can-ngheo"
BENEFICIARIES, OPEN_CASES, OVERDUE_CASES = "doi-tuong", "ho-so", "ho-so-qua-han"
OPEN_FINDINGS, OVERDUE_RECOMMENDATIONS = "bat-thuong", "kien-nghi-qua-han"
PAYMENTS = "chi-tra"  # the payrolls of a month (a sum of money, not a count: see figures)


def month_start(day: date) -> date:
    return day.replace(day=1)


def running_in(month: date) -> Q:
    """Monthly benefits paid for ``month``: started, not ended, not stopped or suspended by
    then. (A stop records the last month paid as ``end_month`` and the next as ``status_from``;
    a suspension only ``status_from``.)"""
    month = month_start(month)
    held = Q(status__in=[BenefitStatus.STOPPED, BenefitStatus.SUSPENDED]) & (
        Q(status_from__isnull=True) | Q(status_from__lte=month))
    return (Q(one_off=False, start_month__lte=month)
            & (Q(end_month__isnull=True) | Q(end_month__gte=month)) & ~held)


def running_benefits(today: date) -> QuerySet[Benefit]:
    """Monthly benefits being paid this month."""
    return Benefit.objects.filter(running_in(today))


@dataclass(frozen=True)
class Metric:
    key: str
    label: str | Promise  # translated when shown
    records: Callable[[date], QuerySet]  # everything the figure counts, before scoping
    unit_field: str  # the record's unit id column
    group_field: str  # the record's residential group id column ("" when it has none)
    count: str = "id"  # the column counted distinctly ("person_id" counts persons)
    model_label: str = ""  # what the list shows: persons, households, cases…

    def scoped(self, scope: Scope, today: date) -> QuerySet:
        return self.records(today).filter(scope.unit_q(self.unit_field))

    def counted(self) -> Count:
        return Count(self.count, distinct=self.count != "id")


def _persons(today: date) -> QuerySet[Person]:
    return Person.objects.filter(status=PersonStatus.LIVING)


def _households(today: date) -> QuerySet[Household]:
    return Household.objects.filter(is_active=True)


def _poor(today: date) -> QuerySet[Household]:
    return _households(today).filter(poverty_status=PovertyStatus.POOR)


def _near_poor(today: date) -> QuerySet[Household]:
    return _households(today).filter(poverty_status=PovertyStatus.NEAR_POOR)


def _open_cases(today: date) -> QuerySet[Case]:
    return Case.objects.filter(closed_at__isnull=True)


def _overdue_cases(today: date) -> QuerySet[Case]:
    return _open_cases(today).filter(due_on__lt=today)


def _open_findings(today: date) -> QuerySet[Finding]:
    return Finding.objects.filter(status=FindingStatus.OPEN)


def _overdue_recommendations(today: date) -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(status__in=OUTSTANDING, deadline__lt=today)


METRICS: dict[str, Metric] = {m.key: m for m in [
    Metric(PERSONS, _("Nhân khẩu"), _persons, "commune_id",
           "household__residential_group_id", model_label="person"),
    Metric(HOUSEHOLDS, _("Hộ gia đình"), _households, "commune_id", "residential_group_id",
           model_label="household"),
    Metric(BENEFICIARIES, _("Đối tượng đang hưởng trợ cấp hằng tháng"), running_benefits,
           "commune_id", "person__household__residential_group_id", count="person_id",
           model_label="beneficiary"),
    Metric(POOR, _("Hộ nghèo"), _poor, "commune_id", "residential_group_id",
           model_label="household"),
    Metric(NEAR_POOR, _("Hộ cận nghèo"), _near_poor, "commune_id", "residential_group_id",
           model_label="household"),
    Metric(OPEN_CASES, _("Hồ sơ đang giải quyết"), _open_cases, "commune_id",
           "person__household__residential_group_id", model_label="case"),
    Metric(OVERDUE_CASES, _("Hồ sơ quá hạn"), _overdue_cases, "commune_id",
           "person__household__residential_group_id", model_label="case"),
    Metric(OPEN_FINDINGS, _("Bất thường chưa xử lý"), _open_findings, "unit_id", "",
           model_label="finding"),
    Metric(OVERDUE_RECOMMENDATIONS, _("Kiến nghị quá hạn"), _overdue_recommendations,
           "to_unit_id", "", model_label="recommendation"),
]}


def count_by_part(queryset: QuerySet, scope: Scope, *, unit_field: str, group_field: str,
                  counted: Count) -> dict[int, int]:
    """``queryset`` counted per part of ``scope`` (one GROUP BY)."""
    by: dict[int, int] = {}
    if scope.by_group:
        if not group_field:
            return by
        for row in queryset.values(group_field).annotate(n=counted).order_by():
            key = row[group_field] or UNGROUPED
            by[key] = by.get(key, 0) + row["n"]
        return by
    for row in queryset.values(unit_field).annotate(n=counted).order_by():
        key = scope.part_of_unit.get(row[unit_field])
        if key is not None:
            by[key] = by.get(key, 0) + row["n"]
    return by
