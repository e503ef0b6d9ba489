"""Writes to the policy catalog and to persons' circumstances.

The catalog is national law kept as data, so only system administrators change it: they add
parameter versions (national or provincial), confirm a version pending confirmation, and
correct a category or a coefficient (which then survives reloading the catalog files).
Circumstances are facts about one person, recorded by the officers of that person's commune.
Each write is one transaction with one audit event.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.core.audit import audit_record, diff, snapshot
from ansinh.core.errors import DomainError, NotFound, PermissionDenied
from ansinh.core.scoping import require_system_admin, require_write, unit_in_scope
from ansinh.core.services import model_update
from ansinh.core.text import format_date
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.policies.models import (
    Category,
    Circumstance,
    CircumstanceKind,
    Coefficient,
    Confidence,
    Parameter,
    ParameterVersion,
)
from ansinh.registry.models import Person

VERSION_FIELDS = ("parameter", "province", "value", "effective_from", "applied_from",
                  "legal_basis", "confidence", "note")
CATEGORY_FIELDS = ("name", "legal_ref", "documents")
# A coefficient is DecimalField(max_digits=5, decimal_places=2).
COEFFICIENT_MAX = Decimal("999.99")

# Called with (version, actor) after a confirmation is committed. The cases app registers the
# computation of arrears here when the confirmed value applies from a date already past.
ParameterConfirmedHook = Callable[[ParameterVersion, Any], None]
PARAMETER_CONFIRMED: list[ParameterConfirmedHook] = []


def register_parameter_confirmed(fn: ParameterConfirmedHook) -> ParameterConfirmedHook:
    PARAMETER_CONFIRMED.append(fn)
    return fn


# --- parameter versions -----------------------------------------------------------------------

def parameter_version_create(
    *, actor: Any, parameter: Parameter, province: AdministrativeUnit | None = None, value: int,
    effective_from: date, applied_from: date | None = None, legal_basis: str,
    confidence: str, note: str = "",
) -> ParameterVersion:
    """Add a value of ``parameter`` from ``effective_from``, nationally or in ``province``.

    A version entered here is the administrator's (``from_catalog=False``): loading the catalog
    files again never overwrites it.
    """
    require_system_admin(actor)
    legal_basis, note = legal_basis.strip(), note.strip()
    if province is not None and (province.level != UnitLevel.PROVINCE or province.is_legacy):
        raise DomainError(_("Chỉ đặt giá trị riêng cho một tỉnh, thành phố hiện hành."),
                          field="province")
    if value < 0:
        raise DomainError(_("Giá trị không được âm."), field="value")
    if applied_from is not None and applied_from > effective_from:
        raise DomainError(_("Ngày áp dụng hồi tố phải trước hoặc bằng ngày hiệu lực."),
                          field="applied_from")
    if not legal_basis:
        raise DomainError(_("Hãy ghi căn cứ pháp lý (số, ngày văn bản, điều khoản)."),
                          field="legal_basis")
    if confidence not in Confidence.values:
        raise DomainError(_("Độ tin cậy không hợp lệ."), field="confidence")
    if _version_exists(parameter, province, effective_from):
        raise DomainError(_duplicate_message(parameter, province, effective_from),
                          field="effective_from")
    version = ParameterVersion(parameter=parameter, province=province, value=value,
                               effective_from=effective_from, applied_from=applied_from,
                               legal_basis=legal_basis, confidence=confidence, note=note,
                               from_catalog=False)
    # The unique constraints were checked above (with a message naming the field); the
    # database still has the last word when two administrators add the same date at once.
    version.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            version.save()
            audit_record(actor=actor, action="policies.parameter_version.create", obj=version,
                         unit=province, changes=diff({}, snapshot(version, VERSION_FIELDS)))
    except IntegrityError as exc:
        raise DomainError(_duplicate_message(parameter, province, effective_from),
                          field="effective_from") from exc
    return version


def _version_exists(parameter: Parameter, province: AdministrativeUnit | None,
                    effective_from: date) -> bool:
    return ParameterVersion.objects.filter(parameter=parameter, province=province,
                                           effective_from=effective_from).exists()


def _duplicate_message(parameter: Parameter, province: AdministrativeUnit | None,
                       effective_from: date) -> str:
    return _("%(p)s đã có giá trị hiệu lực từ ngày %(d)s (%(w)s).") % {
        "p": parameter.name, "d": format_date(effective_from),
        "w": province.name if province is not None else _("toàn quốc")}


def parameter_version_confirm(*, actor: Any, version: ParameterVersion) -> ParameterVersion:
    """An administrator has checked the legal text: the pending value becomes usable.

    After the commit every hook in ``PARAMETER_CONFIRMED`` runs with ``(version, actor)``.
    A hook that fails raises to the caller after the confirmation is saved, so hooks should
    be quick and start a background job for anything long.
    """
    require_system_admin(actor)
    with transaction.atomic():
        # Locked: two administrators confirming at once record one confirmation.
        locked = ParameterVersion.objects.select_for_update().get(pk=version.pk)
        if locked.confidence != Confidence.PENDING:
            raise DomainError(_("Giá trị này không ở trạng thái chờ xác nhận."))
        before = snapshot(locked, ("confidence",))
        locked.confidence = Confidence.VERIFIED
        locked.confirmed_by = actor
        locked.confirmed_at = timezone.now()
        locked.save(update_fields=["confidence", "confirmed_by", "confirmed_at"])
        audit_record(actor=actor, action="policies.parameter_version.confirm", obj=locked,
                     unit=locked.province,
                     changes=diff(before, snapshot(locked, ("confidence",))))
        for hook in PARAMETER_CONFIRMED:
            transaction.on_commit(partial(hook, locked, actor))
    version.confidence, version.confirmed_by, version.confirmed_at = (
        locked.confidence, locked.confirmed_by, locked.confirmed_at)
    return version


# --- categories and coefficients --------------------------------------------------------------

def _mark_customized(category: Category) -> None:
    category.customized = True


def category_update(*, actor: Any, category: Category, name: str, legal_ref: str,
                    documents: list[str]) -> Category:
    """Correct a category's name, legal reference or required documents.

    The category is then "customized": loading the catalog again leaves it (and its
    coefficients) as the administrator made it.
    """
    require_system_admin(actor)
    name, legal_ref = name.strip(), legal_ref.strip()
    if not name:
        raise DomainError(_("Hãy ghi tên nhóm đối tượng."), field="name")
    if not legal_ref:
        raise DomainError(_("Hãy ghi điều khoản quy định nhóm đối tượng này."),
                          field="legal_ref")
    documents = [d.strip() for d in documents if d.strip()]
    return model_update(actor=actor, obj=category, editable=CATEGORY_FIELDS,
                        action="policies.category.update", prepare=_mark_customized,
                        derived=("customized",), name=name, legal_ref=legal_ref,
                        documents=documents)


def coefficient_update(*, actor: Any, coefficient: Coefficient, value: Decimal) -> Coefficient:
    """Change one coefficient band's value; its category becomes customized (see above)."""
    require_system_admin(actor)
    try:
        value = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise DomainError(_("Hệ số phải là một số, ví dụ 1,5."), field="value") from exc
    if not Decimal(0) <= value <= COEFFICIENT_MAX:
        raise DomainError(_("Hệ số phải từ 0 đến 999,99."), field="value")
    if value == coefficient.value:
        return coefficient
    before = snapshot(coefficient, ("value",))
    with transaction.atomic():
        coefficient.value = value
        coefficient.save(update_fields=["value"])
        category = coefficient.category
        if not category.customized:
            category.customized = True
            category.save(update_fields=["customized"])
        audit_record(actor=actor, action="policies.coefficient.update", obj=coefficient,
                     object_label=f"{category.policy.code}/{category.code}: {coefficient}",
                     changes=diff(before, snapshot(coefficient, ("value",))))
    return coefficient


# --- circumstances ----------------------------------------------------------------------------

def circumstance_check_access(*, actor: Any, person: Person) -> None:
    """Only the roles that write for the person's own commune record their circumstances."""
    assignment = require_write(actor)
    if assignment.unit_id is not None and assignment.unit_id == person.commune_id:
        return
    if not unit_in_scope(actor, person.commune):
        raise NotFound(_("Không tìm thấy nhân khẩu."))
    raise PermissionDenied(_("Chỉ cán bộ xã nơi người này cư trú được ghi hoàn cảnh."))


def _circumstance_label(circumstance: Circumstance) -> str:
    return f"{circumstance.person.full_name}: {circumstance.get_kind_display()}"[:300]


def _check_period(valid_from: date, valid_to: date | None) -> None:
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(_("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."), field="valid_to")


def circumstance_record(*, actor: Any, person: Person, kind: str, valid_from: date,
                        valid_to: date | None = None, note: str = "") -> Circumstance:
    """Record a fact about ``person`` (from a dossier) valid from ``valid_from``."""
    circumstance_check_access(actor=actor, person=person)
    if kind not in CircumstanceKind.values:
        raise DomainError(_("Hoàn cảnh không hợp lệ."), field="kind")
    _check_period(valid_from, valid_to)
    with transaction.atomic():
        # Locked: two officers recording the same fact at once must not both add it.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        overlapping = Circumstance.objects.filter(person=person, kind=kind).exclude(
            valid_to__lt=valid_from)
        if valid_to is not None:
            overlapping = overlapping.filter(valid_from__lte=valid_to)
        found = overlapping.order_by("valid_from").first()
        if found is not None:
            raise DomainError(
                _("Đã ghi hoàn cảnh này từ ngày %(d)s cho cùng thời gian; hãy kết thúc bản ghi "
                  "đó trước khi ghi lại.") % {"d": format_date(found.valid_from)},
                field="valid_from")
        circumstance = Circumstance(person=person, kind=kind, valid_from=valid_from,
                                    valid_to=valid_to, note=note.strip(),
                                    recorded_by=actor if getattr(actor, "pk", None) else None)
        circumstance.full_clean()
        circumstance.save()
        # The kind only: the note may hold details of the dossier that the log's readers
        # (supervisors, auditors) need not see.
        audit_record(actor=actor, action="policies.circumstance.record", obj=circumstance,
                     object_label=_circumstance_label(circumstance), unit=person.commune,
                     changes={"person": person.pk, "kind": kind})
    return circumstance


def circumstance_end(*, actor: Any, circumstance: Circumstance, valid_to: date) -> Circumstance:
    """The fact no longer holds after ``valid_to`` (the last day it held)."""
    person = circumstance.person
    circumstance_check_access(actor=actor, person=person)
    if circumstance.valid_to is not None:
        raise DomainError(_("Hoàn cảnh này đã kết thúc ngày %(d)s.")
                          % {"d": format_date(circumstance.valid_to)}, field="valid_to")
    _check_period(circumstance.valid_from, valid_to)
    with transaction.atomic():
        circumstance.valid_to = valid_to
        circumstance.save(update_fields=["valid_to"])
        audit_record(actor=actor, action="policies.circumstance.end", obj=circumstance,
                     object_label=_circumstance_label(circumstance), unit=person.commune,
                     changes={"person": person.pk, "kind": circumstance.kind})
    return circumstance

