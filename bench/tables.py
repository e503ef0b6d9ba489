"""Baselines shared by the benches: rows taken back from a table, and put back bare."""

from __future__ import annotations

import time
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
    """Empty the tables (children first), in a transaction of its own.

    Foreign keys are not checked row by row here: a person's ``merged_into`` has no index (it
    would cost every insert), so each deleted person would otherwise scan the whole table for
    records merged into it — hours for 200,000 persons. On PostgreSQL the tables are truncated
    with whatever still refers to them (on a bench database only bench rows do); on SQLite the
    checks are switched off for the delete, which SQLite allows only outside a transaction.
    """
    names = [model._meta.db_table for model in tables]
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(names)} CASCADE")
        return
    if connection.in_atomic_block:
        raise RuntimeError("delete_all runs in a transaction of its own")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")
        try:
            with transaction.atomic():
                for name in names:
                    cursor.execute(f"DELETE FROM {name}")  # noqa: S608
        finally:
            cursor.execute("PRAGMA foreign_keys = ON")


def bare_insert(tables: Sequence[type[models.Model]],
                saved: Sequence[tuple[type[models.Model], list[tuple[Any, ...]]]]) -> float:
    """The fastest plain write of the same rows: empty ``tables``, then one executemany of
    the saved rows per table (parents first), with the SQLite page cache An Sinh uses.

    Returns the seconds of the write alone (emptying the tables is not timed)."""
    delete_all(tables)
    start = time.perf_counter()
    with sqlite_bulk_cache(connection), transaction.atomic(), connection.cursor() as cursor:
        for model, rows in saved:
            names = columns(model)
            cursor.executemany(
                f"INSERT INTO {model._meta.db_table} ({', '.join(names)}) "  # noqa: S608
                f"VALUES ({', '.join(['%s'] * len(names))})",
                rows,
            )
    return time.perf_counter() - start


def forget_earlier_payrolls() -> None:
    """On a database kept between runs (PostgreSQL), the benefits and payroll lines an earlier
    run left would stop the registry benches from emptying their tables: empty them first."""
    from ansinh.cases.models import Arrear, Benefit
    from ansinh.payroll.models import Cycle, Line, PaymentAccount

    delete_all((Line, Cycle, PaymentAccount, Arrear, Benefit))
