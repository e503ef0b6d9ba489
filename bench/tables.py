"""Baselines shared by the benches: rows taken back from a table, and put back bare."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models, transaction

from ansinh.core.bulk import sqlite_bulk_cache


def columns(model: type[models.Model]) -> list[str]:
    return [field.column for field in model._meta.concrete_fields]


def saved_rows(model: type[models.Model]) -> list[tuple[Any, ...]]:
    """Every row of ``model``'s table, every column, in id order."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns(model))} "  # noqa: S608
                       f"FROM {model._meta.db_table} ORDER BY id")
        return cursor.fetchall()


def delete_all(tables: Sequence[type[models.Model]]) -> None:
    """Empty the tables, in the order given (children first)."""
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608


def bare_insert(tables: Sequence[type[models.Model]],
                saved: Sequence[tuple[type[models.Model], list[tuple[Any, ...]]]]) -> None:
    """The fastest plain write of the same rows: empty ``tables``, then one executemany of
    the saved rows per table (parents first), with the SQLite page cache An Sinh uses."""
    with sqlite_bulk_cache(connection), transaction.atomic(), connection.cursor() as cursor:
        delete_all(tables)
        for model, rows in saved:
            names = columns(model)
            cursor.executemany(
                f"INSERT INTO {model._meta.db_table} ({', '.join(names)}) "  # noqa: S608
                f"VALUES ({', '.join(['%s'] * len(names))})",
                rows,
            )


def forget_earlier_payrolls() -> None:
    """On a database kept between runs (PostgreSQL), the benefits and payroll lines an earlier
    run left would stop the registry benches from emptying their tables: empty them first."""
    from ansinh.cases.models import Arrear, Benefit
    from ansinh.payroll.models import Cycle, Line, PaymentAccount

    with transaction.atomic():
        delete_all((Line, Cycle, PaymentAccount, Arrear, Benefit))
