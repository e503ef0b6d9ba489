"""Reads over the registry, scoped to the acting user's units.

Search is accent-insensitive: the query is normalised like ``Person.name_key``. Digits are
looked up as identity numbers and household codes first, which index lookups answer at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from ansinh.accounts.models import Role
from ansinh.core.errors import NotFound
from ansinh.core.scoping import acting_assignment, path_q, scope_path, visible_to
from ansinh.core.text import normalize_text
from ansinh.registry.identity import normalize_national_id
from ansinh.registry.models import Household, LifeEvent, Person, PersonRestricted

AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "0-5": (0, 5), "6-15": (6, 15), "16-59": (16, 59), "60-79": (60, 79), "80+": (80, None),
}
# Only the commune's own officers and leader see the most sensitive field (HIV status).
RESTRICTED_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER})
DIGITS = re.compile(r"^[\d .]+$")


@dataclass(frozen=True)
class PersonFilter:
    query: str = ""
    group: int | None = None
    sex: str = ""
    status: str = ""
    age_band: str = ""
    disability: str = ""
    poverty: str = ""
    household: int | None = None


def _birth_years(band: str) -> tuple[int | None, int | None]:
    """The birth-year range of an age band this year (age by year of birth)."""
    low, high = AGE_BANDS[band]
    year = timezone.localdate().year
    return (year - high if high is not None else None), year - low


def persons_for(user: Any, f: PersonFilter = PersonFilter()) -> QuerySet[Person]:  # noqa: B008
    persons = visible_to(Person.objects.all(), user)
    if f.query:
        persons = persons.filter(_person_query(f.query))
    if f.group:
        persons = persons.filter(household__residential_group_id=f.group)
    if f.household:
        persons = persons.filter(household_id=f.household)
    if f.sex:
        persons = persons.filter(sex=f.sex)
    if f.status:
        persons = persons.filter(status=f.status)
    if f.disability:
        persons = persons.filter(disability_level=f.disability) if f.disability != "any" \
            else persons.exclude(disability_level="")
    if f.poverty:
        persons = persons.filter(household__poverty_status=f.poverty)
    if f.age_band in AGE_BANDS:
        oldest, youngest = _birth_years(f.age_band)
        persons = persons.filter(birth_year__lte=youngest)
        if oldest is not None:
            persons = persons.filter(birth_year__gte=oldest)
    return persons.select_related("household", "household__residential_group")


def _person_query(raw: str) -> Q:
    text = raw.strip()
    if DIGITS.match(text):
        digits = re.sub(r"\D", "", text)
        nid = normalize_national_id(digits) if len(digits) in (11, 12) else None
        if nid:
            return Q(national_id=nid)
        if len(digits) == 9:
            return Q(old_id_number=digits)
    key = normalize_text(text)
    # Both arms are index lookups: a name typed from its start, or a given name alone
    # ("hoa" finds Nguyễn Thị Hoa). Codes (household, health insurance) contain digits.
    query = Q(name_key__startswith=key)
    if " " not in key:
        query |= Q(given_key=key)
    if any(ch.isdigit() for ch in text):
        query |= Q(household__code__iexact=text) | Q(health_insurance_number__iexact=text)
    return query


def person_get_for_user(user: Any, pk: int) -> Person:
    """A person in the user's units, or one who left them (their history stays visible)."""
    related = ("household", "commune", "registration_batch__recorded_by")
    person = visible_to(Person.objects.select_related(*related), user).filter(pk=pk).first()
    if person is None:
        path = scope_path(user)
        if path is not None:
            left = LifeEvent.objects.filter(person_id=pk)
            if path:
                left = left.filter(path_q("from_commune", path))
            if left.exists():
                person = Person.objects.select_related(*related).get(pk=pk)
    if person is None:
        raise NotFound("Không tìm thấy nhân khẩu.")
    return person


def person_is_current_here(user: Any, person: Person) -> bool:
    """True if the person lives in the user's units now (not just passed through)."""
    return visible_to(Person.objects.filter(pk=person.pk), user).exists()


def person_history(user: Any, person: Person) -> QuerySet[LifeEvent]:
    return person.events.select_related("from_commune", "to_commune", "from_household",
                                        "to_household", "recorded_by")


def household_history(user: Any, household: Household) -> QuerySet[LifeEvent]:
    """The household's life events, including members who left it (split, moved, merged)."""
    return LifeEvent.objects.filter(
        Q(household=household) | Q(from_household=household) | Q(to_household=household)
    ).select_related("person", "from_household", "to_household")


def person_hiv_status(user: Any, person: Person) -> bool | None:
    """The HIV status for the commune's own officers and leader; None for everyone else."""
    assignment = acting_assignment(user)
    if assignment is None or assignment.role not in RESTRICTED_ROLES:
        return None
    if not person_is_current_here(user, person):
        return None
    restricted = PersonRestricted.objects.filter(person=person).first()
    return bool(restricted and restricted.hiv_positive)


@dataclass(frozen=True)
class HouseholdFilter:
    query: str = ""
    group: int | None = None
    poverty: str = ""


def households_for(user: Any, f: HouseholdFilter = HouseholdFilter()) -> QuerySet[Household]:  # noqa: B008
    households = visible_to(Household.objects.select_related("residential_group", "commune"),
                            user)
    if f.query:
        key = normalize_text(f.query)
        households = households.filter(
            Q(code__iexact=f.query.strip()) | Q(members__name_key__startswith=key)
            | Q(address__icontains=f.query.strip())
        ).distinct()
    if f.group:
        households = households.filter(residential_group_id=f.group)
    if f.poverty:
        households = households.filter(poverty_status=f.poverty)
    return households


def household_get_for_user(user: Any, pk: int) -> Household:
    household = visible_to(Household.objects.select_related("commune", "residential_group"),
                           user).filter(pk=pk).first()
    if household is None:
        raise NotFound("Không tìm thấy hộ gia đình.")
    return household


def household_by_code(user: Any, commune: Any, code: str, *,
                      active_only: bool = False) -> Household | None:
    households = Household.objects.filter(commune=commune, code__iexact=code.strip())
    if active_only:
        households = households.filter(is_active=True)
    return visible_to(households, user).first()
