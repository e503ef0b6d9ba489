"""The set-based write helpers shared by synth and import."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ansinh.core.bulk import (
    SQLITE_BATCHED_CHECKPOINT_PAGES,
    SQLITE_BULK_CACHE_KIB,
    BulkInserter,
    sqlite_bulk_cache,
    sqlite_checkpoints_batched,
)
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


def _pragma(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_the_log_is_copied_into_the_database_once_after_many_bulk_writes_on_sqlite():
    with CaptureQueriesContext(connection) as queries:
        with sqlite_checkpoints_batched(connection):
            inside = _pragma("wal_autocheckpoint") if connection.vendor == "sqlite" else None
            DeclaredDay.objects.create(date=timezone.localdate(), reason="Trong lô")
    statements = [query["sql"] for query in queries.captured_queries]
    if connection.vendor == "sqlite":
        assert inside == SQLITE_BATCHED_CHECKPOINT_PAGES
        assert _pragma("wal_autocheckpoint") == 1000  # SQLite's default, as before
        assert statements[-1] == "PRAGMA wal_checkpoint(PASSIVE)"
    else:
        assert not any(sql.startswith("PRAGMA") for sql in statements)
    assert DeclaredDay.objects.filter(reason="Trong lô").count() == 1


def test_inside_a_transaction_the_log_is_left_to_the_commit():
    with CaptureQueriesContext(connection) as queries, sqlite_checkpoints_batched(connection):
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


def test_defaults_with_quotes_and_percent_signs_are_stored_as_they_are(monkeypatch):
    """On SQLite the defaults are literals in the statement: quoting them must hold."""
    from datetime import date

    text = "Nghỉ bù, giảm 5%so với 'Công văn' số 1; DROP TABLE x"
    # get_default itself: Django caches what the default attribute gives on first use.
    monkeypatch.setattr(DeclaredDay._meta.get_field("reason"), "get_default", lambda: text)
    BulkInserter(DeclaredDay, ("date",), now=timezone.now()).insert(
        (date(2026, 2, day),) for day in (2, 3))
    assert list(DeclaredDay.objects.order_by("date").values_list("reason", flat=True)) == [
        text] * 2


def test_the_rows_get_the_time_given_and_the_model_defaults_as_the_orm_would_store_them(geo):
    from datetime import UTC, datetime

    from ansinh.registry.models import Household

    now = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
    BulkInserter(Household, ("commune", "code"), now=now).insert(
        [(geo.commune_a.pk, "HGD-1"), (geo.commune_a.pk, "HGD-2")])
    by_orm = Household.objects.create(commune=geo.commune_a, code="HGD-3")
    bulk = Household.objects.filter(code__in=["HGD-1", "HGD-2"])
    assert [(h.created_at, h.updated_at) for h in bulk] == [(now, now)] * 2
    fields = ("is_active", "poverty_status", "address", "poverty_year", "residential_group_id")
    assert {tuple(getattr(h, f) for f in fields) for h in bulk} == {
        tuple(getattr(by_orm, f) for f in fields)}


def _person_indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                       "AND tbl_name = 'registry_person' AND sql IS NOT NULL")
        return dict(cursor.fetchall())


def _indexes_inside(adding: int, fail: bool = False) -> dict[str, str]:
    from django.db import transaction

    from ansinh.core.bulk import sqlite_indexes_rebuilt
    from ansinh.registry.models import Person

    seen: dict[str, str] = {}
    with transaction.atomic():
        try:
            with sqlite_indexes_rebuilt(Person, adding=adding):
                seen.update(_person_indexes())
                if fail:
                    raise RuntimeError("the insert failed")
        except RuntimeError:
            pass
    return seen


def test_a_load_larger_than_the_table_drops_its_plain_indexes_then_makes_them_again(geo):
    from ansinh.core.bulk import sqlite_indexes_rebuilt
    from ansinh.registry.models import Household, Person

    if connection.vendor != "sqlite":  # PostgreSQL loads with COPY through its indexes
        with CaptureQueriesContext(connection) as queries, \
                sqlite_indexes_rebuilt(Person, adding=1000):
            pass
        assert len(queries) == 0
        return

    before = _person_indexes()
    plain = {name for name, sql in before.items() if not sql.startswith("CREATE UNIQUE")}
    assert "registry_person_name" in plain and len(plain) >= 4
    unique = set(before) - plain
    # Into a table of one person, two rows: plain indexes are gone while the rows go in.
    household = Household.objects.create(commune=geo.commune_a, code="HGD-1")
    Person.objects.create(household=household, commune=geo.commune_a, full_name="Lê Văn An",
                          name_key="le van an", sex="M")
    assert set(_indexes_inside(adding=2)) == unique
    assert _person_indexes() == before  # made again, from the same text
    # A failed insert gets them back too; a table larger than the load keeps them throughout.
    _indexes_inside(adding=2, fail=True)
    assert _person_indexes() == before
    assert _indexes_inside(adding=1) == before
