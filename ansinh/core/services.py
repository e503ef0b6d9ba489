"""Write helpers shared by every app's services."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
    prepare: Callable[[M], None] | None = None,
    derived: Iterable[str] = (),
    **fields: Any,
) -> M:
    """Set ``fields`` on ``obj``, validate, save only what changed, and audit before/after.

    Only ``editable`` fields may be set; a no-op update writes nothing and records nothing.
    ``prepare`` runs after the fields are set (to normalise them, fill ``derived`` fields
    such as search keys, or refuse with a DomainError); ``derived`` fields are saved with any
    change but not shown in the audit event.
    """
    editable = tuple(editable)
    unknown = set(fields) - set(editable)
    if unknown:
        raise TypeError(f"{type(obj).__name__} fields not editable here: {sorted(unknown)}")
    before = snapshot(obj, editable)
    for name, value in fields.items():
        setattr(obj, name, value)
    if prepare is not None:
        prepare(obj)
    derived = tuple(derived)
    obj.full_clean(exclude=list(derived))
    changes = diff(before, snapshot(obj, editable))
    if changes:
        with transaction.atomic():
            obj.save(update_fields=[*changes, *derived])
            audit_record(actor=actor, action=action, obj=obj, unit=unit, changes=changes)
    return obj
