"""Demo part: the synthetic population of the demo ward and of the province's other demo
communes, shaped like the seed report of phường Cự Khối.

The synthetic population (``synth_people``) is shaped set-based, as a list of residents drawn
up by hand would be: enough severely disabled persons for the ward's list of about 214 social
assistance beneficiaries (disabled people are most of such a list), 171 policy families
(gia đình chính sách) with about a hundred persons with merit among them, and poor and near-poor
households recorded for last year and this year — some escaped poverty, some became poor, so
that the year's start and end differ. The commune of the Resolution 42/NQ-CP programme also
gets its poor and near-poor households of 31/12/2019 and its persons with merit. Each step adds
only what is missing, so a second run adds nothing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from ansinh.core.demo import DemoSite
from ansinh.geo.services import residential_group_create
from ansinh.registry.models import (
    POLICY_FAMILY_TAG,
    DisabilityLevel,
    Household,
    HouseholdPoverty,
    HouseholdTag,
    Person,
    PersonStatus,
    PovertyStatus,
)
from ansinh.registry.synth import synth_people

DEMO_GROUPS = [f"Tổ {n}" for n in range(1, 11)]
# About the population of one ward's residential groups in the seed reports, kept small so
# that `make run` stays quick.
DEMO_PERSONS = 3000
# The other communes: smaller synthetic populations, one per commune in this order.
OTHER_PERSONS = [900, 700, 800, 650, 1000]
# Persons with a severe or especially severe disability certificate: the ward's list of about
# 214 beneficiaries is mostly them; elsewhere about 3% of the residents.
WARD_SEVERELY_DISABLED = 200
OTHER_SEVERELY_DISABLED_SHARE = 0.03
# The seed report: "Toàn phường có 171 gia đình chính sách", "trợ cấp thường xuyên cho 102
# người có công".
POLICY_FAMILIES = 171
PERSONS_WITH_MERIT = 102
MERIT_TYPES = ["Thương binh", "Bệnh binh", "Thân nhân liệt sĩ",
               "Người hoạt động kháng chiến bị nhiễm chất độc hóa học",
               "Người có công giúp đỡ cách mạng"]
# Resolution 42/NQ-CP paid the poor and near-poor households of its list of 31/12/2019.
NQ42_REFERENCE = date(2019, 12, 31)


def populate(site: DemoSite) -> None:
    commune = site.commune
    existing = set(commune.residential_groups.values_list("name", flat=True))
    for name in DEMO_GROUPS:
        if name not in existing:
            residential_group_create(actor=site.user("demo.canbo"), commune=commune, name=name)
    targets = [(commune, DEMO_PERSONS, 2026)] + [
        (other, OTHER_PERSONS[i % len(OTHER_PERSONS)], 2100 + i)
        for i, other in enumerate(site.others)]
    for unit, persons, seed in targets:
        missing = persons - Person.objects.filter(commune=unit).count()
        if missing > 0:
            synth_people(province=site.province, commune=unit, persons=missing, seed=seed)
    today = timezone.localdate()
    for unit, persons, seed in targets:
        rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by seed
        disabled = (WARD_SEVERELY_DISABLED if unit == commune
                    else round(persons * OTHER_SEVERELY_DISABLED_SHARE))
        _severely_disabled(unit, disabled, rng, today)
        _poverty_years(unit, rng, today.year)
    _policy_families(commune, random.Random(171), today)  # noqa: S311
    if site.others:
        _resolution_42_facts(site.others[0], random.Random(42))  # noqa: S311
    families = HouseholdTag.objects.filter(household__commune=commune,
                                           tag=POLICY_FAMILY_TAG).count()
    site.lines.append(f"{Person.objects.filter(commune=commune).count()} nhân khẩu mô phỏng "
                      f"({families} gia đình chính sách), "
                      f"{Person.objects.filter(commune__in=site.others).count()} ở các xã "
                      "khác")


def _living(commune: Any) -> Any:
    return Person.objects.filter(commune=commune, status=PersonStatus.LIVING)


def _severely_disabled(commune: Any, target: int, rng: random.Random, today: date) -> None:
    """Certify more residents as severely disabled until ``target`` are, older people more
    often; certificates dated before last year's list was taken over."""
    severe = [DisabilityLevel.SEVERE, DisabilityLevel.ESPECIALLY_SEVERE]
    missing = target - _living(commune).filter(disability_level__in=severe).count()
    if missing <= 0:
        return
    candidates = list(_living(commune).filter(disability_level="").exclude(birth_date=None)
                      .order_by("pk"))
    # Older people are disabled more often: weigh each by age.
    weighted = sorted(candidates, key=lambda p: rng.random() ** (
        1 + (today.year - p.birth_date.year) / 20))
    latest = today - timedelta(days=430)
    chosen = weighted[-missing:]
    for person in chosen:
        start = max(date(2008, 1, 1), person.birth_date + timedelta(days=200))
        span = max(1, (latest - start).days)
        person.disability_level = severe[rng.random() < 0.4]
        person.disability_certified_on = start + timedelta(days=int(rng.random() * span))
    Person.objects.bulk_update(chosen, ["disability_level", "disability_certified_on"],
                               batch_size=500)


def _poverty_years(commune: Any, rng: random.Random, year: int) -> None:
    """Last year's classification next to this year's: a third of last year's poor households
    and a quarter of its near-poor ones escaped; a quarter of this year's poor were near-poor
    or above the line last year."""
    households = Household.objects.filter(commune=commune)
    if HouseholdPoverty.objects.filter(household__commune=commune, year=year - 1).exists():
        return
    poor = list(households.filter(poverty_status=PovertyStatus.POOR).order_by("pk"))
    near = list(households.filter(poverty_status=PovertyStatus.NEAR_POOR).order_by("pk"))
    others = list(households.filter(poverty_status=PovertyStatus.NONE).order_by("pk")
                  .values_list("pk", flat=True))
    newly_poor = set(h.pk for h in rng.sample(poor, len(poor) // 4))
    escaped_poor = rng.sample(others, min(len(others), max(1, len(poor) // 3)))
    rest = [pk for pk in others if pk not in set(escaped_poor)]
    escaped_near = rng.sample(rest, min(len(rest), max(1, len(near) // 4)))
    last_year = date(year - 2, 12, 15)
    this_year = date(year - 1, 12, 15)
    rows = [HouseholdPoverty(household=h, year=year - 1, decided_on=last_year,
                             status=(PovertyStatus.NEAR_POOR if h.pk in newly_poor
                                     else PovertyStatus.POOR)) for h in poor]
    rows += [HouseholdPoverty(household=h, year=year - 1, decided_on=last_year,
                              status=PovertyStatus.NEAR_POOR) for h in near]
    rows += [HouseholdPoverty(household_id=pk, year=year - 1, decided_on=last_year,
                              status=PovertyStatus.POOR) for pk in escaped_poor]
    rows += [HouseholdPoverty(household_id=pk, year=year - 1, decided_on=last_year,
                              status=PovertyStatus.NEAR_POOR) for pk in escaped_near]
    rows += [HouseholdPoverty(household_id=pk, year=year, decided_on=this_year,
                              status=PovertyStatus.NONE, note="Thoát nghèo")
             for pk in escaped_poor]
    rows += [HouseholdPoverty(household_id=pk, year=year, decided_on=this_year,
                              status=PovertyStatus.NONE, note="Thoát cận nghèo")
             for pk in escaped_near]
    HouseholdPoverty.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    HouseholdPoverty.objects.filter(household__commune=commune, year=year).filter(
        decided_on=None).update(decided_on=this_year)
    households.filter(pk__in=[*escaped_poor, *escaped_near]).update(poverty_year=year)


def _policy_families(commune: Any, rng: random.Random, today: date) -> None:
    """Tag the policy families, households with an older member most of them, and record a
    person with merit in most of them."""
    if HouseholdTag.objects.filter(household__commune=commune, tag=POLICY_FAMILY_TAG).exists():
        return
    older = today.replace(year=today.year - 60)
    with_elders = list(Household.objects.filter(commune=commune, members__birth_date__lte=older)
                       .distinct().order_by("pk").values_list("pk", flat=True))
    rest = list(Household.objects.filter(commune=commune).exclude(pk__in=with_elders)
                .order_by("pk").values_list("pk", flat=True))
    from_elders = min(len(with_elders), POLICY_FAMILIES * 4 // 5)
    chosen = rng.sample(with_elders, from_elders) + rng.sample(
        rest, min(len(rest), POLICY_FAMILIES - from_elders))
    HouseholdTag.objects.bulk_create(
        [HouseholdTag(household_id=pk, tag=POLICY_FAMILY_TAG) for pk in chosen],
        ignore_conflicts=True)
    _merit(Person.objects.filter(household__in=chosen), PERSONS_WITH_MERIT, rng)


def _merit(persons: Any, count: int, rng: random.Random) -> None:
    """The oldest living member of ``count`` of these persons' households has merit."""
    oldest: dict[int, Person] = {}
    for person in (persons.filter(status=PersonStatus.LIVING, merit_type="")
                   .exclude(birth_date=None).order_by("birth_date", "pk")):
        oldest.setdefault(person.household_id, person)
    chosen = rng.sample(sorted(oldest.values(), key=lambda p: p.pk),
                        min(count, len(oldest)))
    for person in chosen:
        person.merit_type = MERIT_TYPES[int(rng.random() * len(MERIT_TYPES))]
    Person.objects.bulk_update(chosen, ["merit_type"], batch_size=500)


def _resolution_42_facts(commune: Any, rng: random.Random) -> None:
    """The poor and near-poor households of 31/12/2019 (none with a member born since) and
    the persons with merit the programme paid."""
    if HouseholdPoverty.objects.filter(household__commune=commune,
                                       year=NQ42_REFERENCE.year).exists():
        return
    born_since = Household.objects.filter(
        Q(members__birth_date__gt=NQ42_REFERENCE) | Q(members__birth_year__gt=2019))
    households = list(Household.objects.filter(commune=commune).exclude(pk__in=born_since)
                      .order_by("pk").values_list("pk", flat=True))
    chosen = rng.sample(households, len(households) * 6 // 100)
    HouseholdPoverty.objects.bulk_create(
        [HouseholdPoverty(household_id=pk, year=NQ42_REFERENCE.year,
                          decided_on=date(2018, 12, 20),
                          status=(PovertyStatus.POOR if rng.random() < 0.4
                                  else PovertyStatus.NEAR_POOR)) for pk in chosen],
        ignore_conflicts=True)
    _merit(Person.objects.filter(commune=commune, birth_date__lte=date(1960, 1, 1)),
           Person.objects.filter(commune=commune).count() // 60, rng)
