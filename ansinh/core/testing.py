"""Helpers for tests: what a page must never show, and what a bulk write did to indexes."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection

# Django's masked CSRF token: 64 random letters and digits, which now and then spell "K8".
_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def without_tokens(html: str) -> str:
    """The page without its CSRF tokens, for asserting that a text is absent."""
    return _TOKEN.sub("", html)


def table_indexes(model: Any) -> dict[str, tuple[list[str], bool]]:
    """The indexes and unique constraints of ``model``'s table, primary key aside: name →
    (columns, unique)."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {name: (info["columns"], info["unique"]) for name, info in found.items()
            if info["index"] or info["unique"] and not info["primary_key"]}


def dropped_indexes(captured_queries: list[dict[str, str]]) -> set[str]:
    """The names of the indexes dropped by ``captured_queries`` (``CaptureQueriesContext``)."""
    return {query["sql"].split('"')[1] for query in captured_queries
            if query["sql"].startswith("DROP INDEX")}
