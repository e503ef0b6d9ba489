"""Template helpers of the dossier pages: ``{% load cases %}``."""

from __future__ import annotations

from datetime import date

from django import template

from ansinh.cases import selectors
from ansinh.cases.models import Case

register = template.Library()


@register.filter
def step_label(case: Case) -> str:
    """The label of the dossier's current step in its own procedure."""
    return selectors.step_label(case)


@register.filter
def month_vn(value: date | None) -> str:
    """A month as 05/2026."""
    return f"{value.month:02d}/{value.year}" if isinstance(value, date) else ""
