"""Template filters for showing audit events to people."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

EMPTY = "—"


def _show(value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if value is True:
        return "có"
    if value is False:
        return "không"
    return str(value)


@register.filter
def change_lines(changes: Any) -> list[tuple[str, str, str | None]]:
    """``[(field, before, after)]`` for diff-shaped changes; ``after`` None for plain values."""
    if not isinstance(changes, dict):
        return []
    lines: list[tuple[str, str, str | None]] = []
    for field, value in changes.items():
        if isinstance(value, dict) and set(value) == {"before", "after"}:
            lines.append((field, _show(value["before"]), _show(value["after"])))
        else:
            lines.append((field, _show(value), None))
    return lines
