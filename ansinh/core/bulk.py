"""Set-based writes: COPY on PostgreSQL, one prepared INSERT on SQLite, a bigger SQLite cache.

Django's ``bulk_create`` builds a model instance per row and a multi-row statement per batch;
for hundreds of thousands of rows a single parameterised INSERT given to ``executemany``
(SQLite) or a ``COPY … FROM STDIN`` stream (PostgreSQL) is several times faster.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connections, models, router

# Page cache for a bulk write on SQLite (the default is 2 MiB).
SQLITE_BULK_CACHE_KIB = 65_536  # 64 MiB
# Write-ahead log pages between copies into the database during many bulk transactions in a
# row (the default is 1,000).
SQLITE_BATCHED_CHECKPOINT_PAGES = 100_000  # 400 MB with 4 KiB pages


class BulkInserter:
    """One parameterised ``INSERT`` for a model; fields not given get their defaults.

    ``fields`` are model field names (a foreign key by its name, its value an id); rows are
    tuples in that order. ``auto_now`` fields get ``now``.
    """

    def __init__(self, model: type[models.Model], fields: Sequence[str], *, now: Any) -> None:
        self.connection = connections[router.db_for_write(model)]
        meta = model._meta
        quote = self.connection.ops.quote_name
        by_name = {field.name: field for field in meta.concrete_fields}
        given = [by_name[name] for name in fields]
        rest = [field for field in meta.concrete_fields
                if not field.primary_key and field not in given]
        defaults: list[Any] = []
        for field in rest:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                # Adapted once here, not once per row by the driver (a million isoformat()s).
                defaults.append(field.get_db_prep_save(now, self.connection))
            else:
                defaults.append(field.get_db_prep_save(field.get_default(), self.connection))
        self.defaults = tuple(defaults)
        columns = ", ".join(quote(field.column) for field in [*given, *rest])
        # On SQLite the defaults are written into the statement as literals (the schema
        # editor's quoting, as for a column's DEFAULT): binding ten more parameters per row
        # took 0.45 of the 1.25 s SQLite spent storing 200,000 persons in a table without
        # indexes. Only model metadata and the clock are formatted into the statement; the
        # rows' values are parameters.
        values = ", ".join(["%s"] * len(given) + self._default_literals())
        self.sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({values})"  # noqa: S608
        self.copy_sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"

    def _default_literals(self) -> list[str]:
        if self.connection.vendor != "sqlite":
            return ["%s"] * len(self.defaults)  # COPY writes them (``insert``)
        # Not entered: quoting needs no schema change (nor foreign keys turned off).
        editor = self.connection.schema_editor(collect_sql=True)
        # Escaped for Django's own "%s" to "?" conversion.
        return [editor.quote_value(value).replace("%", "%%") for value in self.defaults]

    def insert(self, rows: Iterable[tuple[Any, ...]]) -> None:
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                # psycopg's COPY takes Python values as they are and streams them.
                defaults = self.defaults
                with cursor.cursor.copy(self.copy_sql) as copy:
                    for row in rows:
                        copy.write_row(row + defaults)
                return
            # Any iterable of rows will do (Django peeks at generators), so a large batch is
            # never held as one list.
            cursor.executemany(self.sql, rows)  # type: ignore[arg-type]


@contextmanager
def _sqlite_pragma_set(connection: Any, name: str, value: int) -> Iterator[None]:
    """SQLite's ``name`` pragma at ``value`` inside the block, then at the value before."""
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA {name} = {int(previous)}")


@contextmanager
def sqlite_bulk_cache(connection: Any) -> Iterator[None]:
    """A larger SQLite page cache for the duration of a bulk write, then the one before.

    Does nothing on other databases.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with _sqlite_pragma_set(connection, "cache_size", -SQLITE_BULK_CACHE_KIB):
        yield


@contextmanager
def sqlite_checkpoints_batched(connection: Any) -> Iterator[None]:
    """Around many bulk transactions in a row: on SQLite, the write-ahead log is copied into
    the database once at the end rather than at every commit, then as before.

    SQLite copies the log into the database (and waits for the disk) at the first commit that
    finds it over ``wal_autocheckpoint`` pages, 1,000 (4 MB) by default: after every commune
    of a province's payroll, whose lines write more than that. Batched, a page written by many
    communes (an index's) goes to the disk once, and a province's month took 9.5 to 11.8 s
    instead of 12.8 to 14.4 s. The log grows meanwhile, to at most
    ``SQLITE_BATCHED_CHECKPOINT_PAGES`` pages. Does nothing on other databases, nor inside a
    transaction, which commits once at its end anyway.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    try:
        with _sqlite_pragma_set(connection, "wal_autocheckpoint",
                                SQLITE_BATCHED_CHECKPOINT_PAGES):
            yield
    finally:
        with connection.cursor() as cursor:
            # Now, rather than at the next commit of whoever writes next (a page request).
            cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")


@contextmanager
def sqlite_indexes_rebuilt(model: type[models.Model], *, adding: int) -> Iterator[None]:
    """Around a bulk insert of ``adding`` rows into a table holding fewer: on SQLite, drop the
    table's plain (not unique) indexes, and create them again once the rows are in.

    Building an index from all its keys at once (sorted) costs a fraction of inserting every
    row into it one by one, so a commune's first list loads about a third faster; the usual
    advice for bulk loads. It runs inside the caller's transaction, which SQLite holds alone:
    no other writer sees the table without its indexes, and readers keep the committed
    snapshot. The indexes are made again from their own ``CREATE INDEX`` text, even when the
    insert failed. A table already larger than the load keeps its indexes (rebuilding them
    would cost more than it saves). Does nothing on other databases.
    """
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "sqlite" or not connection.in_atomic_block or adding <= 0:
        yield
        return
    table = model._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM (SELECT 1 FROM {quote(table)} LIMIT %s)",  # noqa: S608
                       [adding])
        (existing,) = cursor.fetchone()
        indexes: list[tuple[str, str]] = []
        if existing < adding:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                           "AND tbl_name = %s AND sql IS NOT NULL", [table])
            indexes = [(name, sql) for name, sql in cursor.fetchall()
                       if not sql.lstrip().upper().startswith("CREATE UNIQUE")]
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for _name, sql in indexes:
                cursor.execute(sql)
