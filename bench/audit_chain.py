"""Verifying a 50,000-event audit chain against bare hashing of the same rows."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator

from django.db import connection, transaction

from ansinh.core.audit import audit_record, audit_verify
from ansinh.core.models import AuditEvent

REPEAT = 3
EVENTS = 50_000


def cases() -> Iterator[tuple[str, Callable[[], object], str, Callable[[], object]]]:
    missing = EVENTS - AuditEvent.objects.count()
    with transaction.atomic():
        for n in range(max(0, missing)):
            audit_record(actor=None, action="bench.write", object_type="bench",
                         object_id=str(n), changes={"value": {"before": n, "after": n + 1}})

    def verify() -> None:
        problems = list(audit_verify())
        if problems:
            raise SystemExit(f"chain broken: {problems[0].message}")

    def bare_hash() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sequence, occurred_at, action, object_type, object_id, changes, "
                "prev_hash FROM core_auditevent ORDER BY sequence"
            )
            for row in cursor.fetchall():
                hashlib.sha256(repr(row).encode()).hexdigest()

    yield f"audit-verify over {EVENTS:,} events", verify, \
        "bare SELECT + sha256 of each row", bare_hash
