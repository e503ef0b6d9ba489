"""The append-only, hash-chained audit log.

Services call :func:`audit_record` inside their ``transaction.atomic`` block, once per state
change. :func:`audit_verify` walks the chain and names the first event that does not fit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from ansinh.core.models import AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from ansinh.geo.models import AdministrativeUnit

GENESIS_HASH = "0" * 64


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` on ``obj``, JSON-ready (foreign keys as their ids)."""
    result: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        result[name] = _jsonable(getattr(obj, attname))
    return result


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``{"field": {"before": old, "after": new}}`` for the fields that changed."""
    keys = sorted(set(before) | set(after))
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in keys
        if before.get(key) != after.get(key)
    }


def event_digest(
    *,
    prev_hash: str,
    sequence: int,
    occurred_at: datetime,
    actor_id: int | None,
    actor_label: str,
    role: str,
    action: str,
    object_type: str,
    object_id: str,
    object_label: str,
    unit_id: int | None,
    changes: Any,
) -> str:
    payload = json.dumps(
        [
            prev_hash, sequence, occurred_at.astimezone(UTC).isoformat(),
            actor_id, actor_label, role, action, object_type, object_id, object_label,
            unit_id, changes,
        ],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    unit: AdministrativeUnit | None = None,
    changes: dict[str, Any] | None = None,
    role: str = "",
) -> AuditEvent:
    """Append one event. Must run inside the service's transaction.

    ``actor`` is a user, or ``None`` for the system (commands, migrations, the worker).
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)[:300]
    user = actor if actor is not None and getattr(actor, "pk", None) else None
    actor_label = user.get_username() if user is not None else "hệ thống"
    if user is not None and not role:
        assignment = getattr(user, "assignment", None)
        role = assignment.role if assignment is not None else ""
    clean_changes = _jsonable(changes or {})
    with transaction.atomic():
        head = _lock_head()
        sequence = head.last_sequence + 1
        occurred_at = timezone.now()
        digest = event_digest(
            prev_hash=head.last_hash, sequence=sequence, occurred_at=occurred_at,
            actor_id=user.pk if user is not None else None, actor_label=actor_label, role=role,
            action=action, object_type=object_type, object_id=object_id,
            object_label=object_label, unit_id=unit.pk if unit is not None else None,
            changes=clean_changes,
        )
        event = AuditEvent.objects.create(
            sequence=sequence, occurred_at=occurred_at, actor=user, actor_label=actor_label,
            role=role, action=action, object_type=object_type, object_id=object_id,
            object_label=object_label, unit=unit, changes=clean_changes,
            prev_hash=head.last_hash, hash=digest,
        )
        head.last_sequence = sequence
        head.last_hash = digest
        head.save(update_fields=["last_sequence", "last_hash"])
    return event


def _lock_head() -> AuditChainHead:
    """Lock the chain head row (created on first use) so appends are serialised."""
    AuditChainHead.objects.get_or_create(pk=1)
    return AuditChainHead.objects.select_for_update().get(pk=1)


@dataclass(frozen=True)
class ChainProblem:
    sequence: int | None
    event_id: int | None
    message: str


def audit_verify(*, batch_size: int = 5000) -> Iterator[ChainProblem]:
    """Walk the chain in order and yield every event that does not fit it.

    An edited event fails its own hash; an inserted or re-linked event breaks the link to its
    predecessor; a deleted event leaves a gap in the sequence; deleting the newest events is
    caught by comparing with the chain head.
    """
    prev_hash = GENESIS_HASH
    expected = 1
    last_seen = 0
    rows = AuditEvent.objects.order_by("sequence").values_list(
        "id", "sequence", "occurred_at", "actor_id", "actor_label", "role", "action",
        "object_type", "object_id", "object_label", "unit_id", "changes", "prev_hash", "hash",
    )
    for row in rows.iterator(chunk_size=batch_size):
        (pk, sequence, occurred_at, actor_id, actor_label, role, action, object_type,
         object_id, object_label, unit_id, changes, stored_prev, stored_hash) = row
        if sequence != expected:
            yield ChainProblem(
                sequence, pk,
                f"Thiếu sự kiện #{expected}–#{sequence - 1} trước sự kiện #{sequence} (id {pk}): "
                "có sự kiện đã bị xóa.",
            )
        if stored_prev != prev_hash:
            yield ChainProblem(
                sequence, pk,
                f"Sự kiện #{sequence} (id {pk}, {action}) không nối với sự kiện trước nó: "
                "chuỗi đã bị chèn hoặc sửa.",
            )
        digest = event_digest(
            prev_hash=stored_prev, sequence=sequence, occurred_at=occurred_at,
            actor_id=actor_id, actor_label=actor_label, role=role, action=action,
            object_type=object_type, object_id=object_id, object_label=object_label,
            unit_id=unit_id, changes=changes,
        )
        if digest != stored_hash:
            yield ChainProblem(
                sequence, pk,
                f"Sự kiện #{sequence} (id {pk}, {action} {object_type}:{object_id}) đã bị sửa: "
                "mã băm không khớp nội dung.",
            )
        prev_hash = stored_hash
        expected = sequence + 1
        last_seen = sequence
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_sequence != last_seen:
        yield ChainProblem(
            None, None,
            f"Đầu chuỗi ghi sự kiện cuối là #{head.last_sequence} nhưng nhật ký chỉ có đến "
            f"#{last_seen}: các sự kiện cuối đã bị xóa.",
        )
    elif head is not None and head.last_hash != prev_hash:
        yield ChainProblem(
            last_seen, None,
            f"Sự kiện cuối #{last_seen} không khớp mã băm ở đầu chuỗi: đã bị thay thế.",
        )
