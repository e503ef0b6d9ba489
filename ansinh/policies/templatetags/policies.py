"""Template helpers of the policies app: ``{% load policies %}``.

``{% person_circumstances person as circumstances %}`` lets the registry's person page list a
person's circumstances without its view knowing about this app.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ansinh.core.text import format_money
from ansinh.policies.eligibility import format_coefficient
from ansinh.policies.models import Circumstance, Coefficient
from ansinh.policies.selectors import person_circumstances as _person_circumstances

register = template.Library()


@register.simple_tag
def person_circumstances(person: Any) -> QuerySet[Circumstance]:
    """The circumstances of a person the page already fetched through its scoped selector."""
    return _person_circumstances(person)


@register.filter
def parameter_amount(value: int, unit: str) -> str:
    """540000 "đồng/tháng" → "540.000 đ/tháng"; 3 "tháng" → "3 tháng"."""
    if unit.startswith("đồng"):
        return format_money(value) + unit.removeprefix("đồng")
    return f"{format_money(value, unit=False)} {unit}".strip()


@register.filter
def coefficient(value: Decimal) -> str:
    """Decimal("1.50") → "1,5"."""
    return format_coefficient(int(value * 100))


@register.filter
def band_condition(band: Coefficient) -> str:
    """When a band applies, from its label or else its ages."""
    if band.label:
        return band.label
    if band.min_age is not None and band.below_age is not None:
        return _("từ đủ %(a)s đến dưới %(b)s tuổi") % {"a": band.min_age, "b": band.below_age}
    if band.min_age is not None:
        return _("từ đủ %(a)s tuổi") % {"a": band.min_age}
    if band.below_age is not None:
        return _("dưới %(b)s tuổi") % {"b": band.below_age}
    return ""
