"""Loading the administrative-unit catalogue (14,149 units) against a bare bulk insert."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db import connection, transaction

from ansinh.geo.models import AdministrativeUnit
from ansinh.geo.services import units_load

REPEAT = 3
COLUMNS = ["code", "official_code", "name", "kind", "level", "path", "valid_from", "valid_to",
           "name_key"]


def _rows() -> list[tuple[object, ...]]:
    return list(AdministrativeUnit.objects.order_by("id").values_list(*COLUMNS))


def cases() -> Iterator[tuple[str, Callable[[], object], str, Callable[[], object]]]:
    units_load()
    rows = _rows()
    table = AdministrativeUnit._meta.db_table
    placeholders = ", ".join(["%s"] * len(COLUMNS))

    def empty() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET parent_id = NULL, successor_id = NULL")  # noqa: S608
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608

    def first_load() -> None:
        with transaction.atomic():
            empty()
            units_load()

    def bare_insert() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            empty()
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({placeholders})",  # noqa: S608
                rows,
            )

    def bare_read() -> None:
        _rows()

    yield "geo-load into an empty table (14,149 units)", first_load, \
        "bare executemany INSERT, same rows", bare_insert
    units_load()
    yield "geo-load again, nothing to change", units_load, \
        "bare SELECT of the same rows", bare_read
