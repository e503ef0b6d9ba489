"""Duplicates injected into synthetic registers, with the truth kept, to measure the model.

Each duplicate is a second record of an existing person, made the ways commune lists make
them: the name typed without accents, in capitals or with doubled spaces; the birth date cut to
the year, or with day and month swapped; the CCCD left out or mistyped by one digit; the phone
and the old CMND sometimes carried over; the record made in another residential group, or in
another commune after a move (the old commune usually having recorded the move out).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.db import transaction

from ansinh.core.text import normalize_text
from ansinh.registry.models import (
    Household,
    Person,
    PersonStatus,
    Relationship,
    given_key_of,
)

# Shares among duplicates (each drawn on its own).
NAME_WRITTEN_DIFFERENTLY = 0.5
YEAR_ONLY = 0.2
DAY_MONTH_SWAPPED = 0.1  # when the day is 12 or less, so the swap is a valid date
CCCD_MISTYPED = 0.25  # of duplicates of persons with a CCCD; the others carry none
PHONE_KEPT = 0.6
OLD_ID_KEPT = 0.5
OTHER_COMMUNE = 0.15
MOVE_RECORDED = 0.7  # of those: the old commune recorded the move out
OTHER_GROUP = 0.25


@dataclass
class Injected:
    pairs: set[tuple[int, int]] = field(default_factory=set)  # (smaller id, larger id)
    kinds: dict[tuple[int, int], list[str]] = field(default_factory=dict)


def inject_duplicates(*, rate: float, seed: int = 0, commune_ids: list[int] | None = None,
                      ) -> Injected:
    """Add duplicates of ``rate`` × the persons (of ``commune_ids``, default all)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data
    persons = Person.objects.exclude(status=PersonStatus.MERGED).select_related("household")
    if commune_ids is not None:
        persons = persons.filter(commune_id__in=commune_ids)
    ids = list(persons.values_list("pk", flat=True))
    chosen = sorted(rng.sample(ids, int(len(ids) * rate)))
    groups: dict[int, list[int | None]] = {}
    for commune_id, group_id in Household.objects.values_list(
            "commune_id", "residential_group_id").distinct():
        groups.setdefault(commune_id, []).append(group_id)
    communes = sorted(groups)
    used_ids = {nid for nid in Person.objects.exclude(national_id=None).values_list(
        "national_id", flat=True) if nid}
    injected = Injected()
    copies: list[tuple[Person, Person, list[str]]] = []
    moved_out: list[int] = []
    with transaction.atomic():
        originals = Person.objects.select_related("household").in_bulk(chosen)
        households = []
        for number, pk in enumerate(chosen):
            original = originals[pk]
            copy, kinds, moved = _copy(rng, original, groups, communes, used_ids)
            households.append(Household(
                commune_id=copy.commune_id, code=f"TRUNG{seed:02d}{number:07d}",
                residential_group_id=copy.household.residential_group_id,
                address=original.household.address, is_urban=original.household.is_urban))
            copies.append((original, copy, kinds))
            if moved:
                moved_out.append(original.pk)
        Household.objects.bulk_create(households, batch_size=5000)
        for household, (_original, copy, _kinds) in zip(households, copies, strict=True):
            copy.household = household
        Person.objects.bulk_create([c for _o, c, _k in copies], batch_size=5000)
        Person.objects.filter(pk__in=moved_out).update(status=PersonStatus.MOVED)
    for original, copy, kinds in copies:
        pair = (min(original.pk, copy.pk), max(original.pk, copy.pk))
        injected.pairs.add(pair)
        injected.kinds[pair] = kinds
    return injected


def _copy(rng: random.Random, original: Person, groups: dict[int, list[int | None]],
          communes: list[int], used_ids: set[str]) -> tuple[Person, list[str], bool]:
    kinds: list[str] = []
    name = original.full_name
    if rng.random() < NAME_WRITTEN_DIFFERENTLY:
        kinds.append("name_written")
        name = (normalize_text(name).upper() if rng.random() < 0.5
                else "  ".join(name.split()))
    birth_date, precision = original.birth_date, original.birth_precision
    draw = rng.random()
    if draw < YEAR_ONLY and original.birth_year:
        kinds.append("year_only")
        birth_date, precision = None, "year"
    elif (draw < YEAR_ONLY + DAY_MONTH_SWAPPED and birth_date and precision == "day"
          and birth_date.day <= 12 and birth_date.day != birth_date.month):
        kinds.append("day_month_swapped")
        birth_date = birth_date.replace(day=birth_date.month, month=birth_date.day)
    national_id = None
    if original.national_id and rng.random() < CCCD_MISTYPED:
        national_id = _mistype(rng, original.national_id, used_ids)
        if national_id:
            kinds.append("cccd_mistyped")
    commune_id = original.commune_id
    group_id = original.household.residential_group_id
    moved = False
    draw = rng.random()
    if draw < OTHER_COMMUNE and len(communes) > 1:
        kinds.append("other_commune")
        commune_id = rng.choice([c for c in communes if c != original.commune_id])
        group_id = rng.choice(groups[commune_id])
        moved = rng.random() < MOVE_RECORDED
    elif draw < OTHER_COMMUNE + OTHER_GROUP:
        kinds.append("other_group")
        group_id = rng.choice(groups[commune_id])
    household = Household(commune_id=commune_id, residential_group_id=group_id)
    copy = Person(
        household=household, commune_id=commune_id, full_name=name,
        name_key=normalize_text(name), given_key=given_key_of(normalize_text(name)),
        sex=original.sex, birth_date=birth_date, birth_precision=precision,
        birth_year=original.birth_year, national_id=national_id,
        old_id_number=original.old_id_number if rng.random() < OLD_ID_KEPT else "",
        phone=original.phone if rng.random() < PHONE_KEPT else "",
        ethnicity=original.ethnicity, relationship=Relationship.OTHER,
        status=PersonStatus.LIVING)
    return copy, kinds, moved


def _mistype(rng: random.Random, national_id: str, used: set[str]) -> str | None:
    for _attempt in range(5):
        position = rng.randrange(6, 12)  # the serial part, after province, century and year
        digits = list(national_id)
        digits[position] = str((int(digits[position]) + rng.randrange(1, 10)) % 10)
        candidate = "".join(digits)
        if candidate not in used:
            used.add(candidate)
            return candidate
    return None
