"""Synthesising 200,000 persons (``ansinh synth``) against a bare executemany INSERT of the
same household and person rows, taken back from the tables after a first run.

Both sides start by emptying the registry tables and commit at the end, so both figures include
the same delete; the baseline gets the same SQLite page cache as the synthesiser gives itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection, models, transaction

from ansinh.core.bulk import sqlite_bulk_cache
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.geo.services import units_load
from ansinh.registry.models import Household, HouseholdPoverty, Person
from ansinh.registry.synth import synth_people

REPEAT = 2
PERSONS = 200_000
PROVINCE = "79"  # TP Hồ Chí Minh: 168 communes, three old provinces' birth codes
# Children first, so that emptying never trips a foreign key.
TABLES = (HouseholdPoverty, Person, Household)


def _columns(model: type[models.Model]) -> list[str]:
    return [field.column for field in model._meta.concrete_fields]


def _rows(model: type[models.Model]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(_columns(model))} "  # noqa: S608
                       f"FROM {model._meta.db_table} ORDER BY id")
        return cursor.fetchall()


def _empty() -> None:
    with connection.cursor() as cursor:
        for model in TABLES:
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608


def cases() -> Iterator[tuple[str, Callable[[], object], str, Callable[[], object]]]:
    if not AdministrativeUnit.objects.filter(code=PROVINCE, level=UnitLevel.PROVINCE).exists():
        units_load()
    with transaction.atomic():
        _empty()
        synth_people(province=PROVINCE, persons=PERSONS, seed=1)
    # Parents before children when inserting.
    saved = [(model, _rows(model)) for model in reversed(TABLES)]

    def synthesise() -> None:
        with transaction.atomic():
            _empty()
            synth_people(province=PROVINCE, persons=PERSONS, seed=1)

    def bare_insert() -> None:
        with sqlite_bulk_cache(connection), transaction.atomic(), connection.cursor() as cursor:
            _empty()
            for model, rows in saved:
                columns = _columns(model)
                cursor.executemany(
                    f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
                    f"VALUES ({', '.join(['%s'] * len(columns))})",
                    rows,
                )

    yield f"synth {PERSONS:,} persons (households, CCCDs…)", synthesise, \
        "bare executemany INSERT, same rows", bare_insert
    # Runs once both sides are timed: leave the registry empty for the benches that follow.
    with transaction.atomic():
        _empty()
