"""Vietnamese formats in templates: ``{% load vn %}`` then ``{{ amount|money }}``.

The filters wrap ``ansinh.core.text``. An empty value shows as an empty cell rather than
an error, the way Django's own filters behave on missing data.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django import template

from ansinh.core import text

register = template.Library()


def _whole_dong(value: object) -> int | None:
    """The value as whole đồng, or None when it is not a whole number (nothing to format)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    # Aggregates over BigIntegerField can come back as Decimal on some databases.
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return None


@register.filter
def money(value: object, unit: bool = True) -> object:
    """94850000 → "94.850.000 đ"; ``{{ amount|money:False }}`` leaves out the "đ"."""
    amount = _whole_dong(value)
    if amount is None:
        return "" if value is None else value
    return text.format_money(amount, unit=unit)


@register.filter
def money_words(value: object) -> object:
    """94850000 → "Chín mươi tư triệu tám trăm năm mươi nghìn đồng"."""
    amount = _whole_dong(value)
    if amount is None:
        return "" if value is None else value
    return text.amount_in_words(amount)


@register.filter
def date_vn(value: object) -> object:
    """A date, or an aware datetime in Vietnam time, as 05/02/2026."""
    if isinstance(value, date):
        return text.format_date(value)
    return "" if value is None else value


@register.filter
def datetime_vn(value: object) -> object:
    """An aware datetime as 05/02/2026 14:30 in Vietnam time; a plain date as 05/02/2026."""
    if isinstance(value, datetime):
        return text.format_datetime(value)
    if isinstance(value, date):
        return text.format_date(value)
    return "" if value is None else value


@register.filter
def date_line(value: object, place: str = "") -> object:
    """``{{ signed_on|date_line:place }}`` → "Cự Khối, ngày 05 tháng 02 năm 2026"."""
    if isinstance(value, date):
        return text.date_line(place, value)
    return "" if value is None else value
