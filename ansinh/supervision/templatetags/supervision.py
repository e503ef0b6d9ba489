"""Template helpers of the supervision pages: ``{% load supervision %}``."""

from __future__ import annotations

from typing import Any

from django import template

from ansinh.supervision.models import PlanStatus, RecommendationStatus, Severity

register = template.Library()

_PLAN_TONES: dict[str, str] = {
    PlanStatus.DRAFT: "text-bg-warning",
    PlanStatus.IN_PROGRESS: "text-bg-primary",
    PlanStatus.CONCLUDED: "text-bg-success",
}
_RECOMMENDATION_TONES: dict[str, str] = {
    RecommendationStatus.OPEN: "text-bg-light border",
    RecommendationStatus.ANSWERED: "text-bg-info",
    RecommendationStatus.ACCEPTED: "text-bg-success",
    RecommendationStatus.NOT_ACCEPTED: "text-bg-warning",
    RecommendationStatus.CLOSED: "text-bg-secondary",
}
_SEVERITY_TONES: dict[str, str] = {
    Severity.NOTE: "text-bg-light border",
    Severity.SHORTCOMING: "text-bg-warning",
    Severity.VIOLATION: "text-bg-danger",
}


@register.filter
def overdue(recommendation: Any) -> bool:
    """Past its deadline and neither answered nor done: the "Quá hạn" badge."""
    return bool(recommendation.is_overdue())


@register.filter
def plan_tone(status: str) -> str:
    return _PLAN_TONES.get(status, "text-bg-light border")


@register.filter
def recommendation_tone(status: str) -> str:
    return _RECOMMENDATION_TONES.get(status, "text-bg-light border")


@register.filter
def severity_tone(severity: str) -> str:
    return _SEVERITY_TONES.get(severity, "text-bg-light border")
