"""Template filters for the report tables: which cells are figures, and each cell's link."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def is_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, "") if mapping else ""
