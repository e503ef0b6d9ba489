"""Write helpers shared by every app's services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models, transaction

from ansinh.core.audit import audit_record, diff, snapshot

M = TypeVar("M", bound=models.Model)


def model_update(
    *,
    actor: Any,
    obj: M,
    editable: Iterable[str],
    action: str,
    unit: Any = None,
    **fields: Any,
) -> M:
    """Set ``fields`` on ``obj``, validate, save only what changed, and audit before/after.

    Only ``editable`` fields may be set; a no-op update writes nothing and records nothing.
    """
    editable = tuple(editable)
    unknown = set(fields) - set(editable)
    if unknown:
        raise TypeError(f"{type(obj).__name__} fields not editable here: {sorted(unknown)}")
    before = snapshot(obj, editable)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean()
    changes = diff(before, snapshot(obj, editable))
    if changes:
        with transaction.atomic():
            obj.save(update_fields=list(changes))
            audit_record(actor=actor, action=action, obj=obj, unit=unit, changes=changes)
    return obj
