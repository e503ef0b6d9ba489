"""The Resolution 42/NQ-CP programme on a synthetic commune: its totals against expectations
computed here independently, its exclusions, and its way through posting and decision."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.utils import translation

from ansinh.cases.models import Benefit, Case
from ansinh.cases.programmes import programme_build, programme_submit
from ansinh.cases.services import (
    DecisionInput,
    case_advance,
    case_decide,
    posting_create,
)
from ansinh.core.errors import DomainError, NotFound
from ansinh.policies.models import Category, Policy
from ansinh.registry.models import Household, HouseholdPoverty, Person

REFERENCE = date(2019, 12, 31)
MONTHS = 3
MERIT, ASSISTANCE, POOR = 500_000, 500_000, 250_000


def _setup_commune(geo, officer):
    """A synthetic ward, and the 2019 facts Resolution 42 reads: poor and near-poor households
    of 31/12/2019, people with merit, people on a monthly allowance, one death in 2019."""
    from ansinh.registry.synth import synth_people

    synth_people(province=geo.hanoi, persons=400, commune=geo.commune_a, seed=7,
                 as_of=date(2020, 1, 1))
    rng = random.Random(11)
    households = list(Household.objects.filter(commune=geo.commune_a).order_by("pk"))
    for household in rng.sample(households, 25):
        HouseholdPoverty.objects.create(household=household, year=2019,
                                        status=rng.choice(["poor", "near_poor"]))
    persons = list(Person.objects.filter(commune=geo.commune_a).order_by("pk"))
    merit = rng.sample(persons, 12)
    Person.objects.filter(pk__in=[p.pk for p in merit]).update(merit_type="Thương binh")
    # One person with merit also lives in a poor household: two groups, paid once.
    HouseholdPoverty.objects.get_or_create(household=merit[0].household, year=2019,
                                           defaults={"status": "poor"})
    assisted = rng.sample(persons, 15)
    decision = _decision(geo, officer)
    k5c = Category.objects.get(policy__code="TGXH", code="K5c")
    for person in assisted:
        Benefit.objects.create(person=person, commune=geo.commune_a, policy=k5c.policy,
                               category=k5c, hundredths=100, base_parameters="TGXH_MC",
                               monthly_amount=270_000, start_month=date(2018, 1, 1),
                               decision=decision)
    dead = Person.objects.filter(household__poverty_history__year=2019, merit_type="") \
        .exclude(pk__in=[p.pk for p in assisted]).order_by("pk")[0]
    Person.objects.filter(pk=dead.pk).update(status="deceased", status_date=date(2019, 6, 1))
    return dead, merit[0]


def _decision(geo, officer):
    from ansinh.cases.models import Decision

    return Decision.objects.create(commune=geo.commune_a, number="1/QĐ-UBND",
                                   signed_on=date(2017, 12, 20), signer_name="X",
                                   summary="Trợ cấp", recorded_by=officer)


def _expected(commune):
    """Each living person's highest group, computed from the tables directly."""
    poor_households = set(HouseholdPoverty.objects.filter(
        year=2019, status__in=["poor", "near_poor"]).values_list("household_id", flat=True))
    assisted = set(Benefit.objects.values_list("person_id", flat=True))
    amounts = {}
    for person in Person.objects.filter(commune=commune, status="living"):
        options = []
        if person.merit_type:
            options.append(MERIT)
        if person.pk in assisted:
            options.append(ASSISTANCE)
        if person.household_id in poor_households:
            options.append(POOR)
        if options:
            amounts[person.pk] = max(options) * MONTHS
    return amounts


def test_resolution_42_on_a_synthetic_commune(catalog, cast, geo):
    officer, leader = cast.officer_a, cast.leader_a
    dead, double = _setup_commune(geo, officer)
    expected = _expected(geo.commune_a)
    with translation.override("en"):  # an officer using the English interface
        programme = programme_build(actor=officer, commune=geo.commune_a,
                                    policy=Policy.objects.get(code="NQ42"),
                                    reference_date=REFERENCE, title="Hỗ trợ theo Nghị quyết 42")
    lines = list(programme.lines.all())
    paid = {line.person_id: line.amount for line in lines if not line.excluded}
    assert paid == expected
    assert programme.total == sum(expected.values()) and programme.persons == len(expected)
    assert programme.total > 0
    # The one who died in 2019 is listed as excluded, with the reason.
    [gone] = [line for line in lines if line.person_id == dead.pk]
    assert gone.excluded and "Đã mất ngày 01/06/2019" in gone.reason
    # Someone in two groups is paid once, at the higher amount; the other is excluded.
    both = sorted((line.category.code, line.excluded, line.amount)
                  for line in lines if line.person_id == double.pk)
    assert both[0] == ("NQ42-NCC", False, MERIT * MONTHS)
    assert both[-1][:2] == ("NQ42-NGHEO", True)
    [skipped] = [line for line in lines if line.person_id == double.pk and line.excluded]
    assert "mức cao hơn: Người có công" in skipped.reason
    assert all("Nghị quyết 42/NQ-CP" in line.explanation for line in lines)

    with pytest.raises(NotFound):
        programme_submit(actor=cast.officer_b, programme=programme, received_on=date(2020, 4, 15))
    case = programme_submit(actor=officer, programme=programme, received_on=date(2020, 4, 15))
    with pytest.raises(DomainError, match="đã được trình"):
        programme_submit(actor=officer, programme=programme, received_on=date(2020, 4, 15))
    case_advance(actor=officer, case=case)
    posting = posting_create(actor=officer, commune=geo.commune_a, title="Niêm yết NQ42",
                             opens_on=date(2020, 4, 20), cases=[case])
    assert posting.entries.count() == len(expected)
    # 2020: the district route — posted, forwarded to the district, appraised, decided.
    for _step in ("posted", "forwarded", "appraised"):
        case_advance(actor=officer, case=case)
    case_decide(actor=leader, case=case, decision=DecisionInput(
        "42/QĐ-UBND", date(2020, 4, 24), "Nguyễn Văn Chủ"))
    case.refresh_from_db()
    programme.refresh_from_db()
    assert programme.status == "decided" and not case.is_open
    one_offs = Benefit.objects.filter(programme=programme)
    assert one_offs.count() == len(expected)
    assert sum(one_offs.values_list("monthly_amount", flat=True)) == sum(expected.values())
    assert Case.objects.filter(programme=programme).count() == 1
