"""Writes to the registry. Each is one transaction with its audit event and, for a change in
someone's life, a LifeEvent carrying the effective date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.core.audit import audit_record, diff, snapshot
from ansinh.core.errors import DomainError, NotFound
from ansinh.core.scoping import require_write, unit_in_scope
from ansinh.core.services import model_update
from ansinh.core.text import normalize_text
from ansinh.geo.models import AdministrativeUnit, ResidentialGroup, UnitLevel
from ansinh.registry.identity import normalize_national_id, validate_national_id
from ansinh.registry.models import (
    DatePrecision,
    Household,
    HouseholdPoverty,
    LifeEvent,
    LifeEventKind,
    Person,
    PersonRestricted,
    PersonStatus,
    PovertyStatus,
    Relationship,
    given_key_of,
)

HOUSEHOLD_FIELDS = ("code", "address", "residential_group", "is_urban", "poverty_status",
                    "poverty_year", "is_active")
PERSON_FIELDS = (
    "full_name", "sex", "birth_date", "birth_precision", "national_id", "old_id_number",
    "ethnicity", "relationship", "phone", "disability_level", "disability_certified_on",
    "pension_status", "merit_type", "health_insurance_number", "health_insurance_expiry",
)


# Computed from the editable fields by _clean_person (and the clock), saved along with them.
DERIVED_PERSON_FIELDS = ("name_key", "given_key", "birth_year", "updated_at")


def _require_commune_write(actor: Any, commune: AdministrativeUnit) -> None:
    require_write(actor)
    if not unit_in_scope(actor, commune):
        raise NotFound(_("Không tìm thấy đơn vị."))
    if commune.level != UnitLevel.COMMUNE or commune.is_legacy:
        raise DomainError(_("Hộ và nhân khẩu thuộc một xã, phường, đặc khu hiện hành."))


def _check_group(commune: AdministrativeUnit, group: ResidentialGroup | None) -> None:
    if group is not None and group.commune_id != commune.pk:
        raise DomainError(_("Thôn, tổ dân phố không thuộc %(c)s.") % {"c": commune.name},
                          field="residential_group")


def _event(*, actor: Any, kind: str, when: date, **links: Any) -> LifeEvent:
    return LifeEvent.objects.create(kind=kind, effective_date=when,
                                    recorded_by=actor if getattr(actor, "pk", None) else None,
                                    **links)


def _not_future(when: date, field: str, label: str) -> None:
    if when > timezone.localdate():
        raise DomainError(_("%(f)s không được ở tương lai.") % {"f": label}, field=field)


# --- households -------------------------------------------------------------------------------

def household_create(
    *, actor: Any, commune: AdministrativeUnit, code: str, address: str = "",
    residential_group: ResidentialGroup | None = None, is_urban: bool | None = None,
) -> Household:
    _require_commune_write(actor, commune)
    _check_group(commune, residential_group)
    code = code.strip()
    if Household.objects.filter(commune=commune, code__iexact=code).exists():
        raise DomainError(_("Mã hộ “%(c)s” đã có ở %(u)s.") % {"c": code, "u": commune.name},
                          field="code")
    household = Household(commune=commune, code=code, address=address.strip(),
                          residential_group=residential_group,
                          is_urban=commune.is_urban if is_urban is None else is_urban)
    household.full_clean()
    with transaction.atomic():
        household.save()
        audit_record(actor=actor, action="registry.household.create", obj=household,
                     unit=commune, changes=diff({}, snapshot(household, HOUSEHOLD_FIELDS)))
    return household


def household_update(*, actor: Any, household: Household, **fields: Any) -> Household:
    _require_commune_write(actor, household.commune)
    _check_group(household.commune, fields.get("residential_group", household.residential_group))
    if "code" in fields and Household.objects.filter(
        commune=household.commune, code__iexact=fields["code"]
    ).exclude(pk=household.pk).exists():
        raise DomainError(_("Mã hộ “%(c)s” đã có.") % {"c": fields["code"]}, field="code")
    return model_update(actor=actor, obj=household, editable=HOUSEHOLD_FIELDS,
                        action="registry.household.update", unit=household.commune,
                        derived=("updated_at",), **fields)


POVERTY_FIELDS = ("status", "decided_on", "note")


def household_set_poverty(*, actor: Any, household: Household, year: int, status: str,
                          decided_on: date | None = None, note: str = "") -> HouseholdPoverty:
    """Record the household's poverty classification for ``year`` (one row per year).

    The household's current classification follows the latest year recorded; correcting an
    older year keeps the history but leaves the current classification alone.
    """
    _require_commune_write(actor, household.commune)
    if status not in PovertyStatus.values:
        raise DomainError(_("Phân loại hộ không hợp lệ."), field="status")
    # Lists for a year are reviewed at the end of the year before, hence "next year" at most.
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise DomainError(_("Năm %(y)s không hợp lệ.") % {"y": year}, field="year")
    if decided_on is not None:
        _not_future(decided_on, "decided_on", _("Ngày công nhận"))
    with transaction.atomic():
        # Lock the household: two officers recording the same year, or the latest year,
        # at once must not both insert the row or leave the older year as current.
        locked = Household.objects.select_for_update().get(pk=household.pk)
        row = HouseholdPoverty.objects.filter(household=locked, year=year).first()
        before = snapshot(row, POVERTY_FIELDS) if row is not None else {}
        if row is None:
            row = HouseholdPoverty(household=locked, year=year)
        row.status, row.decided_on, row.note = status, decided_on, note.strip()
        row.full_clean()
        row.save()
        # A current classification entered without history (an imported list) counts too.
        latest = max(locked.poverty_history.aggregate(latest=Max("year"))["latest"] or 0,
                     locked.poverty_year or 0)
        current: dict[str, Any] = {}
        if year >= latest:
            current = diff(snapshot(locked, ("poverty_status", "poverty_year")),
                           {"poverty_status": status, "poverty_year": year})
            locked.poverty_status, locked.poverty_year = status, year
            locked.save(update_fields=["poverty_status", "poverty_year", "updated_at"])
            household.poverty_status, household.poverty_year = status, year
        changes = {f"{name} {year}": change for name, change in
                   diff(before, snapshot(row, POVERTY_FIELDS)).items()}
        audit_record(actor=actor, action="registry.household.poverty", obj=household,
                     unit=household.commune, changes={**changes, **current})
    return row


# --- persons ----------------------------------------------------------------------------------

def _clean_person(person: Person) -> None:
    """Derived fields and the checks a form cannot make alone, with Vietnamese messages."""
    person.full_name = " ".join(person.full_name.split())
    if not person.full_name:
        raise DomainError(_("Họ và tên không được để trống."), field="full_name")
    person.name_key = normalize_text(person.full_name)
    person.given_key = given_key_of(person.name_key)
    if person.birth_date is not None:
        _not_future(person.birth_date, "birth_date", _("Ngày sinh"))
        person.birth_year = person.birth_date.year
    if person.national_id:
        nid = normalize_national_id(person.national_id)
        if nid is None:
            raise DomainError(_("Số CCCD “%(v)s” không đọc được.") % {"v": person.national_id},
                              field="national_id")
        problems = validate_national_id(nid, birth_year=person.birth_year, sex=person.sex)
        if problems:
            raise DomainError(" ".join(problems), field="national_id")
        clash = Person.objects.filter(national_id=nid).exclude(pk=person.pk).first()
        if clash is not None:
            raise DomainError(
                _("Số CCCD %(n)s đã được ghi cho người khác trong hệ thống.") % {"n": nid},
                field="national_id")
        person.national_id = nid
    else:
        person.national_id = None
    if person.health_insurance_expiry and not person.health_insurance_number:
        raise DomainError(_("Có hạn thẻ BHYT thì phải có số thẻ."),
                          field="health_insurance_number")


def _save_person(person: Person) -> None:
    try:
        person.save()
    except IntegrityError as exc:  # a concurrent writer took the same CCCD
        raise DomainError(_("Số CCCD %(n)s đã được ghi cho người khác trong hệ thống.")
                          % {"n": person.national_id}, field="national_id") from exc


def person_create(
    *, actor: Any, household: Household, full_name: str, sex: str,
    birth_date: date | None = None, birth_year: int | None = None,
    birth_precision: str = DatePrecision.DAY, is_birth: bool = False,
    hiv_positive: bool = False, **fields: Any,
) -> Person:
    """Enter a person into a household. ``is_birth`` records a birth rather than a registration."""
    _require_commune_write(actor, household.commune)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    person = Person(household=household, commune=household.commune, full_name=full_name,
                    sex=sex, birth_date=birth_date, birth_year=birth_year,
                    birth_precision=birth_precision, **fields)
    _clean_person(person)
    person.full_clean(exclude=["name_key", "given_key", "birth_year"])
    with transaction.atomic():
        _save_person(person)
        if hiv_positive:
            PersonRestricted.objects.create(person=person, hiv_positive=True)
        when = (birth_date if is_birth and birth_date else timezone.localdate())
        _event(actor=actor, kind=LifeEventKind.BIRTH if is_birth else LifeEventKind.REGISTER,
               when=when, person=person, household=household, to_commune=household.commune)
        audit_record(actor=actor, action="registry.person.create", obj=person,
                     unit=household.commune,
                     changes=diff({}, snapshot(person, ("household", *PERSON_FIELDS))))
    return person


def person_update(*, actor: Any, person: Person, **fields: Any) -> Person:
    _require_commune_write(actor, person.commune)
    try:
        return model_update(actor=actor, obj=person, editable=PERSON_FIELDS,
                            action="registry.person.update", unit=person.commune,
                            prepare=_clean_person, derived=DERIVED_PERSON_FIELDS, **fields)
    except IntegrityError as exc:  # a concurrent writer took the same CCCD
        raise DomainError(_("Số CCCD %(n)s đã được ghi cho người khác trong hệ thống.")
                          % {"n": person.national_id}, field="national_id") from exc


def person_set_hiv_status(*, actor: Any, person: Person, positive: bool) -> None:
    """Kept apart from the person row; only commune roles reach it (see selectors)."""
    _require_commune_write(actor, person.commune)
    with transaction.atomic():
        PersonRestricted.objects.update_or_create(person=person,
                                                  defaults={"hiv_positive": positive})
        # The value itself stays out of the audit log, which more roles can read.
        audit_record(actor=actor, action="registry.person.restricted_update", obj=person,
                     unit=person.commune, changes={"restricted": "đã cập nhật"})


def _require_living(person: Person) -> None:
    if person.status != PersonStatus.LIVING:
        raise DomainError(_("%(p)s không còn ở địa phương (%(s)s).")
                          % {"p": person.full_name, "s": person.get_status_display()})


# Other apps act on a death in the same transaction (the cases app stops benefits from the
# following month and opens the funeral-support dossier): functions (actor, person, died_on).
AFTER_DEATH: list[Callable[[Any, Person, date], object]] = []


def person_record_death(*, actor: Any, person: Person, died_on: date, note: str = "") -> Person:
    _require_commune_write(actor, person.commune)
    _require_living(person)
    _not_future(died_on, "died_on", _("Ngày mất"))
    if person.birth_date and died_on < person.birth_date:
        raise DomainError(_("Ngày mất trước ngày sinh."), field="died_on")
    with transaction.atomic():
        person.status, person.status_date = PersonStatus.DECEASED, died_on
        person.save(update_fields=["status", "status_date", "updated_at"])
        _event(actor=actor, kind=LifeEventKind.DEATH, when=died_on, person=person,
               household=person.household, from_commune=person.commune, note=note)
        audit_record(actor=actor, action="registry.person.death", obj=person,
                     unit=person.commune,
                     changes={"status": {"before": PersonStatus.LIVING,
                                         "after": PersonStatus.DECEASED},
                              "status_date": {"before": None, "after": died_on}})
        for then in AFTER_DEATH:
            then(actor, person, died_on)
    return person


def person_move_within(*, actor: Any, person: Person, to_household: Household, moved_on: date,
                       relationship: str = Relationship.OTHER, note: str = "") -> Person:
    """Move to another household of the same commune."""
    _require_commune_write(actor, person.commune)
    _require_living(person)
    _not_future(moved_on, "moved_on", _("Ngày chuyển"))
    if to_household.commune_id != person.commune_id:
        raise DomainError(_("Hộ chuyển đến không thuộc cùng xã; hãy dùng “chuyển đi xã khác”."),
                          field="to_household")
    if to_household.pk == person.household_id:
        raise DomainError(_("Người này đã ở hộ %(h)s.") % {"h": to_household.code},
                          field="to_household")
    from_household = person.household
    with transaction.atomic():
        person.household, person.relationship = to_household, relationship
        person.save(update_fields=["household", "relationship", "updated_at"])
        _event(actor=actor, kind=LifeEventKind.MOVE_WITHIN, when=moved_on, person=person,
               household=to_household, from_household=from_household,
               to_household=to_household, from_commune=person.commune,
               to_commune=person.commune, note=note)
        audit_record(actor=actor, action="registry.person.move_within", obj=person,
                     unit=person.commune,
                     changes={"household": {"before": from_household.code,
                                            "after": to_household.code}})
    return person


def person_move_out(*, actor: Any, person: Person, to_commune: AdministrativeUnit,
                    moved_on: date, note: str = "") -> Person:
    """Move to another commune. The record follows the person into a new household there
    (the receiving commune may then move them into an existing one); both communes keep the
    event in their history."""
    _require_commune_write(actor, person.commune)
    _require_living(person)
    _not_future(moved_on, "moved_on", _("Ngày chuyển"))
    if to_commune.level != UnitLevel.COMMUNE or to_commune.is_legacy:
        raise DomainError(_("Nơi chuyển đến phải là một xã, phường, đặc khu hiện hành."),
                          field="to_commune")
    if to_commune.pk == person.commune_id:
        raise DomainError(_("Chuyển trong cùng xã: hãy dùng “chuyển hộ trong xã”."),
                          field="to_commune")
    from_commune, from_household = person.commune, person.household
    with transaction.atomic():
        arrival = Household.objects.create(
            commune=to_commune, code=f"CD-{person.pk}", is_urban=to_commune.is_urban,
            address=_("Chuyển đến từ %(c)s") % {"c": from_commune.name},
        )
        person.commune, person.household = to_commune, arrival
        person.relationship = Relationship.HEAD
        person.save(update_fields=["commune", "household", "relationship", "updated_at"])
        _event(actor=actor, kind=LifeEventKind.MOVE_OUT, when=moved_on, person=person,
               household=arrival, from_household=from_household, to_household=arrival,
               from_commune=from_commune, to_commune=to_commune, note=note)
        for unit in (from_commune, to_commune):
            audit_record(actor=actor, action="registry.person.move_out", obj=person, unit=unit,
                         changes={"commune": {"before": from_commune.code,
                                              "after": to_commune.code},
                                  "household": {"before": from_household.code,
                                                "after": arrival.code}})
    return person


def household_split(*, actor: Any, persons: list[Person], code: str, split_on: date,
                    address: str = "", note: str = "") -> Household:
    """Some members leave to form a new household in the same commune; the first is its head."""
    if not persons:
        raise DomainError(_("Chọn ít nhất một người để tách hộ."))
    source = persons[0].household
    if any(p.household_id != source.pk for p in persons):
        raise DomainError(_("Những người tách hộ phải cùng một hộ."))
    _not_future(split_on, "split_on", _("Ngày tách hộ"))
    with transaction.atomic():
        new = household_create(actor=actor, commune=source.commune, code=code,
                               address=address or source.address,
                               residential_group=source.residential_group,
                               is_urban=source.is_urban)
        for index, person in enumerate(persons):
            _require_living(person)
            person.household = new
            person.relationship = Relationship.HEAD if index == 0 else person.relationship
            person.save(update_fields=["household", "relationship", "updated_at"])
            _event(actor=actor, kind=LifeEventKind.HOUSEHOLD_SPLIT, when=split_on,
                   person=person, household=new, from_household=source, to_household=new,
                   from_commune=source.commune, to_commune=source.commune, note=note)
        audit_record(actor=actor, action="registry.household.split", obj=new,
                     unit=source.commune, changes={"from": source.code, "to": new.code,
                                                   "persons": [p.pk for p in persons]})
    return new


def household_merge(*, actor: Any, source: Household, target: Household, merged_on: date,
                    note: str = "") -> Household:
    """All members of ``source`` join ``target``; ``source`` is kept, inactive, for history."""
    _require_commune_write(actor, source.commune)
    if source.commune_id != target.commune_id:
        raise DomainError(_("Chỉ nhập hộ trong cùng một xã."), field="target")
    if source.pk == target.pk or not source.is_active or not target.is_active:
        raise DomainError(_("Hai hộ phải khác nhau và còn hoạt động."), field="target")
    _not_future(merged_on, "merged_on", _("Ngày nhập hộ"))
    with transaction.atomic():
        members = list(source.members.filter(status=PersonStatus.LIVING))
        for person in members:
            _event(actor=actor, kind=LifeEventKind.HOUSEHOLD_MERGE, when=merged_on,
                   person=person, household=target, from_household=source,
                   to_household=target, from_commune=source.commune,
                   to_commune=source.commune, note=note)
        source.members.filter(status=PersonStatus.LIVING).exclude(
            relationship=Relationship.HEAD).update(household=target)
        source.members.filter(status=PersonStatus.LIVING, relationship=Relationship.HEAD)\
            .update(household=target, relationship=Relationship.OTHER_RELATIVE)
        source.is_active = False
        source.save(update_fields=["is_active", "updated_at"])
        audit_record(actor=actor, action="registry.household.merge", obj=target,
                     unit=target.commune, changes={"from": source.code, "to": target.code,
                                                   "persons": [p.pk for p in members]})
    return target
