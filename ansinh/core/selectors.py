"""Reads over the audit log and background jobs, always scoped to the acting user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ansinh.core.models import AuditEvent, Job
from ansinh.core.scoping import path_q, visible_to


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _day_start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


def audit_events_filtered(events: QuerySet[AuditEvent], f: AuditFilter) -> QuerySet[AuditEvent]:
    if f.actor:
        events = events.filter(actor_label__icontains=f.actor)
    if f.action:
        events = events.filter(action__startswith=f.action)
    if f.object_type:
        events = events.filter(object_type=f.object_type)
    if f.object_id:
        events = events.filter(object_id=f.object_id)
    if f.date_from:
        events = events.filter(occurred_at__gte=_day_start(f.date_from))
    if f.date_to:
        events = events.filter(occurred_at__lt=_day_start(f.date_to) + timedelta(days=1))
    return events


def audit_events_for(user: Any, f: AuditFilter = AuditFilter()) -> QuerySet[AuditEvent]:  # noqa: B008
    """Events the user may read: those of units in their scope (administrators: all)."""
    events = visible_to(AuditEvent.objects.select_related("unit"), user)
    return audit_events_filtered(events, f).order_by("-sequence")


def audit_events_in_unit(unit: Any, f: AuditFilter) -> QuerySet[AuditEvent]:
    """For a job running without a request: events under ``unit`` (None: all of them)."""
    events = AuditEvent.objects.select_related("unit")
    if unit is not None:
        events = events.filter(path_q("unit", unit.path))
    return audit_events_filtered(events, f).order_by("sequence")


def audit_object_types() -> list[str]:
    return list(AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct())


def jobs_for(user: Any) -> QuerySet[Job]:
    """Jobs in the user's scope, and the user's own jobs whatever role they were started in."""
    jobs = Job.objects.select_related("created_by", "unit")
    if not getattr(user, "is_authenticated", False):
        return jobs.none()
    return visible_to(jobs, user) | jobs.filter(created_by=user)
