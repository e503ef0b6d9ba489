"""The set-based write helpers shared by synth and import."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ansinh.core.bulk import SQLITE_BULK_CACHE_KIB, BulkInserter, sqlite_bulk_cache
from ansinh.core.models import DeclaredDay

pytestmark = pytest.mark.django_db


def _cache_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return int(cursor.fetchone()[0])


def test_the_page_cache_grows_for_a_bulk_write_on_sqlite_and_nothing_is_sent_elsewhere():
    if connection.vendor == "sqlite":
        before = _cache_size()
        with sqlite_bulk_cache(connection):
            assert _cache_size() == -SQLITE_BULK_CACHE_KIB
        assert _cache_size() == before
    else:
        with CaptureQueriesContext(connection) as queries, sqlite_bulk_cache(connection):
            pass
        assert len(queries) == 0


def test_one_prepared_insert_writes_every_row_and_fills_the_defaults():
    from datetime import date

    inserter = BulkInserter(DeclaredDay, ("date", "reason"), now=timezone.now())
    inserter.insert((date(2026, 1, day), f"Ngày {day}") for day in range(1, 11))
    days = list(DeclaredDay.objects.order_by("date"))
    assert len(days) == 10
    assert {d.kind for d in days} == {"off"}  # the model default, not given
    assert days[0].reason == "Ngày 1"
