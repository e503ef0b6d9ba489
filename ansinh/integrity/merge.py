"""Confirming a duplicate pair: merge two records of one person into one.

The record kept (the survivor) takes over everything that pointed at the other: dossiers,
benefits, payment lines, life events, circumstances. The other record stays, marked merged and
pointing at the survivor, so its history remains readable. Where both records held a running
benefit of the same policy, the duplicate's is stopped; months both were paid for are recorded
by the double-payment rules as findings to recover (thu hồi), with the amount paid twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.cases.models import Benefit, BenefitStatus, ProgrammeLine
from ansinh.core.audit import audit_record
from ansinh.core.errors import DomainError, PermissionDenied
from ansinh.core.scoping import require_write, unit_in_scope
from ansinh.integrity.models import (
    CheckTrigger,
    DuplicatePair,
    Finding,
    FindingStatus,
    PairStatus,
)
from ansinh.registry.models import (
    LifeEvent,
    LifeEventKind,
    Person,
    PersonRestricted,
    PersonStatus,
)


def require_reviewer(user: Any, pair: DuplicatePair, *, both: bool = False) -> None:
    """A writing role whose units hold one person of the pair (both, to merge them)."""
    require_write(user)
    inside = [unit_in_scope(user, pair.commune_a), unit_in_scope(user, pair.commune_b)]
    if not (all(inside) if both else any(inside)):
        raise PermissionDenied(_(
            "Hai người thuộc hai xã khác nhau: chỉ người có quyền ở cả hai xã (cấp tỉnh) "
            "được gộp."))


@dataclass(frozen=True)
class MergeResult:
    survivor: Person
    merged: Person
    moved: dict[str, int]
    benefits_stopped: int
    double_payments: list[Finding]


def pair_confirm(user: Any, pair: DuplicatePair, *, keep: Person | None = None,
                 note: str = "") -> MergeResult:
    """Confirm that the pair is one person and merge the records (``keep`` survives; by
    default the record with a CCCD, else the older one)."""
    require_reviewer(user, pair, both=True)
    if pair.status != PairStatus.PENDING:
        raise DomainError(_("Cặp này đã được xem xét."))
    with transaction.atomic():
        a, b = (Person.objects.select_for_update().get(pk=pk)
                for pk in (pair.person_a_id, pair.person_b_id))
        if PersonStatus.MERGED in (a.status, b.status):
            raise DomainError(_("Một trong hai hồ sơ đã được gộp trước đó."))
        if keep is not None and keep.pk not in (a.pk, b.pk):
            raise DomainError(_("Người được giữ lại phải là một trong hai người của cặp."),
                              field="keep")
        # The rows just locked, not the caller's copies, so that nothing written meanwhile
        # is overwritten.
        survivor = _default_survivor(a, b) if keep is None else (a if keep.pk == a.pk else b)
        merged = b if survivor.pk == a.pk else a
        result = _merge(user, survivor, merged, note)
        pair.status = PairStatus.CONFIRMED
        pair.decided_by = user
        pair.decided_at = timezone.now()
        pair.decision_note = note[:500]
        pair.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        # Other pairs still waiting on the merged record are found again against the survivor.
        DuplicatePair.objects.filter(status=PairStatus.PENDING).filter(
            models.Q(person_a=merged) | models.Q(person_b=merged)).delete()
        audit_record(actor=user, action="integrity.pair.confirm", obj=pair,
                     unit=survivor.commune, changes={
                         "survivor": survivor.pk, "merged": merged.pk, "moved": result.moved,
                         "benefits_stopped": result.benefits_stopped,
                         "double_payments": [f.pk for f in result.double_payments],
                         "note": note})
    return result


def _default_survivor(a: Person, b: Person) -> Person:
    if bool(a.national_id) != bool(b.national_id):
        return a if a.national_id else b
    return a  # the older record (smaller id)


def _merge(user: Any, survivor: Person, merged: Person, note: str) -> MergeResult:
    stopped = _stop_overlapping_benefits(survivor, merged)
    moved = _repoint(survivor, merged)
    _merge_restricted(survivor, merged)
    if not survivor.national_id and merged.national_id:
        # The CCCD moves with the person; it is unique, so the merged record lets go first.
        national_id, merged.national_id = merged.national_id, None
        merged.save(update_fields=["national_id"])
        survivor.national_id = national_id
    taken = ["national_id"] if survivor.national_id and not merged.national_id else []
    for field in ("phone", "old_id_number", "ethnicity"):
        if not getattr(survivor, field) and getattr(merged, field):
            setattr(survivor, field, getattr(merged, field))
            taken.append(field)
    if taken:
        survivor.save(update_fields=[*taken, "updated_at"])
    merged.status = PersonStatus.MERGED
    merged.status_date = timezone.localdate()
    merged.merged_into = survivor
    merged.save(update_fields=["status", "status_date", "merged_into", "national_id"])
    doubles = _flag_double_payments(user, survivor, merged)
    # Stored text (life events, finding summaries) is Vietnamese whatever the interface
    # language of the person merging, as payroll reasons are.
    text = f"Gộp hồ sơ trùng: #{merged.pk} ({merged.full_name}) vào #{survivor.pk}."
    if note:
        text = f"{text} {note}"
    for person in (survivor, merged):
        LifeEvent.objects.create(
            kind=LifeEventKind.PERSON_MERGE, effective_date=timezone.localdate(), person=person,
            household=person.household, from_commune=merged.commune,
            to_commune=survivor.commune, note=text[:500], recorded_by=user)
    return MergeResult(survivor=survivor, merged=merged, moved=moved,
                       benefits_stopped=stopped, double_payments=doubles)


def _stop_overlapping_benefits(survivor: Person, merged: Person) -> int:
    """Stop the merged record's running benefits of a policy the survivor already receives."""
    kept_policies = Benefit.objects.filter(person=survivor, one_off=False).exclude(
        status=BenefitStatus.STOPPED).values("policy_id")
    this_month = timezone.localdate().replace(day=1)
    return Benefit.objects.filter(
        person=merged, one_off=False, policy_id__in=kept_policies,
    ).exclude(status=BenefitStatus.STOPPED).update(
        status=BenefitStatus.STOPPED, status_from=this_month, updated_at=timezone.now())


# The rules that find a month paid twice: once both records' lines name the survivor, a month
# both were paid for is a person paid twice (by one commune, or by two).
DOUBLE_PAYMENT_RULES = ("PAID_TWICE", "PAID_BY_TWO_COMMUNES")


def _flag_double_payments(user: Any, survivor: Person, merged: Person) -> list[Finding]:
    """Run the double-payment rules over the communes of both records; their open findings on
    the survivor are the months to recover (thu hồi)."""
    from ansinh.integrity.checks import run_checks

    for commune in {survivor.commune_id: survivor.commune,
                    merged.commune_id: merged.commune}.values():
        run_checks(trigger=CheckTrigger.MERGE, unit=commune, rules=DOUBLE_PAYMENT_RULES,
                   user=user)
    # The money to recover is what the merged record was paid: the findings of its commune.
    return list(Finding.objects.filter(rule__in=DOUBLE_PAYMENT_RULES, person=survivor,
                                       unit_id=merged.commune_id,
                                       status=FindingStatus.OPEN).order_by("key"))


# Relations handled on their own, not by repointing.
_SKIP = {("registry", "person"), ("registry", "personrestricted"),
         ("integrity", "duplicatepair")}


def _repoint(survivor: Person, merged: Person) -> dict[str, int]:
    """Point every record that named the merged person at the survivor, one UPDATE per
    relation; programme lines the survivor already has stay with the merged record (they are
    the double payments flagged above)."""
    moved: dict[str, int] = {}
    # Taken before the benefits move with the rest.
    benefit_ids = list(Benefit.objects.filter(person=merged).values_list("pk", flat=True))
    for relation in Person._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue
        model = relation.related_model
        if model is None or isinstance(model, str):
            continue
        if (model._meta.app_label, model._meta.model_name) in _SKIP:
            continue
        field = relation.field.name  # type: ignore[union-attr]
        rows = model._default_manager.filter(**{field: merged})
        if getattr(model, "PERSON_THROUGH_BENEFIT", False):
            # Rows whose person column has no index are found through the person's benefits.
            rows = rows.filter(benefit_id__in=benefit_ids)
        if model is ProgrammeLine:
            rows = rows.exclude(programme_id__in=ProgrammeLine.objects.filter(
                person=survivor).values("programme_id"))
        if relation.one_to_one:
            if model._default_manager.filter(**{field: survivor}).exists():
                continue
        count = rows.update(**{field: survivor})
        if count:
            moved[model._meta.label_lower] = count
    return moved


def _merge_restricted(survivor: Person, merged: Person) -> None:
    """HIV status is kept if either record carried it."""
    theirs = PersonRestricted.objects.filter(person=merged).first()
    if theirs is None:
        return
    ours = PersonRestricted.objects.filter(person=survivor).first()
    if ours is None:
        PersonRestricted.objects.create(person=survivor, hiv_positive=theirs.hiv_positive)
    elif theirs.hiv_positive and not ours.hiv_positive:
        ours.hiv_positive = True
        ours.save(update_fields=["hiv_positive", "updated_at"])
