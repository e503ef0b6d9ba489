"""Reads over anomaly findings, check runs and reported figures, scoped to the acting user.

A finding outside the user's units is a ``NotFound`` (a 404). A finding that reveals a person's
HIV status — of the HIV rule, or about a benefit of a group that reveals it (K3, K8) — exists
only for the commune's own officers and leader: for every other role it is not there at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from ansinh.cases.selectors import sees_restricted
from ansinh.core.scoping import get_for_user, path_q, scope_path, visible_to
from ansinh.geo.models import AdministrativeUnit
from ansinh.integrity.models import CheckRun, Finding, FindingStatus, ReportedTotal, Severity
from ansinh.integrity.rules import restricted_codes


@dataclass(frozen=True)
class FindingFilter:
    rule: str = ""
    severity: str = ""
    status: str = ""
    unit: str = ""  # a unit code: the findings of that unit and below it


def _visible(user: Any) -> QuerySet[Finding]:
    found = visible_to(Finding.objects.all(), user)
    if not sees_restricted(user):
        found = found.exclude(rule__in=restricted_codes()).exclude(
            benefit__category__restricted=True)
    return found


def findings_for(user: Any, f: FindingFilter = FindingFilter()) -> QuerySet[Finding]:  # noqa: B008
    found = _visible(user).select_related("unit")
    if f.rule:
        found = found.filter(rule=f.rule)
    if f.severity:
        found = found.filter(severity=f.severity)
    if f.status:
        found = found.filter(status=f.status)
    if f.unit:
        unit = AdministrativeUnit.objects.filter(code=f.unit).first()
        found = found.filter(path_q("unit", unit.path)) if unit is not None else found.none()
    return found


def finding_get_for_user(user: Any, pk: Any) -> Finding:
    return get_for_user(
        _visible(user).select_related("unit", "person", "household", "benefit__category",
                                      "benefit__policy", "cycle__policy", "cycle__programme",
                                      "payment_line", "resolved_by", "first_run", "last_run"),
        user, pk=pk)


def finding_units(user: Any) -> QuerySet[AdministrativeUnit]:
    """The units that have findings the user sees (the list's unit filter)."""
    return AdministrativeUnit.objects.filter(
        pk__in=_visible(user).order_by().values("unit_id")).order_by("path")


def open_by_severity(user: Any) -> dict[str, int]:
    """Open findings the user sees, by severity (every severity present, zero or not)."""
    counts = dict(_visible(user).filter(status=FindingStatus.OPEN).order_by()
                  .values_list("severity").annotate(n=Count("id")))
    return {s: counts.get(s, 0) for s in (Severity.HIGH, Severity.MEDIUM, Severity.LOW)}


def open_by_rule(user: Any) -> dict[str, int]:
    return dict(_visible(user).filter(status=FindingStatus.OPEN).order_by()
                .values_list("rule").annotate(n=Count("id")))


def last_run_for(user: Any) -> CheckRun | None:
    """The latest finished run that covered the user's units: over them, over a unit above
    them (a province's run covers its communes) or over the whole country."""
    path = scope_path(user)
    if path is None:
        return None
    runs = CheckRun.objects.filter(finished_at__isnull=False).select_related("unit")
    if path:
        parts = path.split(".")
        above = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
        runs = runs.filter(Q(unit__isnull=True) | Q(unit__path__in=above)
                           | path_q("unit", path))
    return runs.order_by("-finished_at", "-id").first()


def reported_totals_for(user: Any) -> QuerySet[ReportedTotal]:
    return visible_to(ReportedTotal.objects.select_related("unit", "recorded_by"), user)


def report_units(user: Any) -> QuerySet[AdministrativeUnit]:
    """The units the user may record reported figures for: their unit and those below it."""
    path = scope_path(user)
    if path is None:
        return AdministrativeUnit.objects.none()
    units = AdministrativeUnit.objects.current()
    return (units.within(path) if path else units).order_by("path")
