"""A small province for the report tests: synthetic persons in Hà Nội's communes A and B (and
some in Hồ Chí Minh City's commune C, outside the province), residential groups in A, running,
stopped and suspended benefits, poverty reviews of last year and this year, open and overdue
dossiers, two months of payrolls in A partly paid, and an open finding.

Everything is drawn with a fixed seed; the tests count what they expect from the records
themselves, in Python, never from the SQL the reports use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from ansinh.cases.models import Benefit, Decision
from ansinh.cases.services import CaseRequest, add_months, benefit_stop, case_open, month_start
from ansinh.geo.models import ResidentialGroup
from ansinh.integrity.models import Finding, Severity
from ansinh.payroll.models import Cycle
from ansinh.payroll.services import (
    Payment,
    cycle_approve,
    cycle_generate,
    lines_mark_paid,
    lines_mark_returned,
)
from ansinh.policies.models import Category, Policy
from ansinh.registry.models import Household, HouseholdPoverty, Person, PovertyStatus
from ansinh.registry.synth import synth_people

CATEGORIES = ("K1", "K5c", "K6", "K8")


@dataclass
class Province:
    today: date
    this_month: date
    cycles: list[Cycle]


def _benefit(person: Person, category: Category, start: date, officer: Any) -> Benefit:
    decision = Decision.objects.create(
        commune=person.commune, number=f"{person.pk}/QĐ-UBND", signed_on=start,
        signer_name="Trần Văn Bình", summary="", recorded_by=officer)
    return Benefit.objects.create(
        person=person, commune=person.commune, policy=category.policy, category=category,
        hundredths=100, base_parameters="TGXH_MC", monthly_amount=650_000,
        start_month=start, decision=decision)


@pytest.fixture
def province(cast, catalog, geo) -> Province:
    today = timezone.localdate()
    this_month = month_start(today)
    rng = random.Random(7)  # noqa: S311 - test data
    for name in ("Tổ 1", "Tổ 2", "Tổ 3"):
        ResidentialGroup.objects.create(commune=geo.commune_a, name=name)
    synth_people(province=geo.hanoi, persons=420, seed=3)
    synth_people(province=geo.hcm, persons=60, seed=4)
    groups = list(ResidentialGroup.objects.filter(commune=geo.commune_a))
    households = list(Household.objects.filter(commune=geo.commune_a))
    for household in households:  # some households of A outside any group
        if rng.random() < 0.9:
            household.residential_group = rng.choice(groups)
            household.save(update_fields=["residential_group"])
    categories = {c.code: c for c in Category.objects.filter(policy__code="TGXH",
                                                              code__in=CATEGORIES)}
    officer = cast.officer_a
    persons = list(Person.objects.filter(status="living").order_by("pk"))
    year_start = date(today.year, 1, 1)
    for person in rng.sample(persons, 90):
        start = rng.choice([date(2024, 5, 1), add_months(year_start, -1), year_start,
                            add_months(this_month, -3), add_months(this_month, -1)])
        benefit = _benefit(person, categories[rng.choice(CATEGORIES)], start, officer)
        fate = rng.random()
        if fate < 0.1:
            benefit_stop(benefit, last_month=max(start, add_months(this_month, -2)))
        elif fate < 0.15:
            Benefit.objects.filter(pk=benefit.pk).update(status="suspended",
                                                         status_from=this_month)
    _poverty(rng, today.year)
    tgxh = Policy.objects.get(code="TGXH")
    k6 = categories["K6"]
    living_a = [p for p in persons if p.commune_id == geo.commune_a.pk]
    for index, person in enumerate(living_a[:3]):
        Person.objects.filter(pk=person.pk).update(disability_level="severe")
        case = case_open(actor=officer, commune=geo.commune_a, request=CaseRequest(
            kind="new_benefit", person=person, policy=tgxh, category=k6,
            received_on=today - timedelta(days=60 if index == 0 else 1)))
        assert case.closed_at is None
    Finding.objects.create(rule="PAID_AFTER_DEATH", key="test:1", unit=geo.commune_b,
                           severity=Severity.HIGH, summary="Chi sau khi chết")
    cycles = [_payroll(cast, add_months(this_month, -2), today, rng),
              _payroll(cast, add_months(this_month, -1), today, rng)]
    return Province(today=today, this_month=this_month, cycles=cycles)


def _poverty(rng: random.Random, year: int) -> None:
    statuses = [PovertyStatus.POOR, PovertyStatus.NEAR_POOR, PovertyStatus.AVERAGE, ""]
    HouseholdPoverty.objects.all().delete()  # the synthetic register's own, replaced
    rows = []
    for household in Household.objects.all():
        last, now = rng.choice(statuses), rng.choice(statuses)
        if last:
            rows.append(HouseholdPoverty(household=household, year=year - 1, status=last))
        if now:
            rows.append(HouseholdPoverty(household=household, year=year, status=now))
        Household.objects.filter(pk=household.pk).update(poverty_status=now,
                                                         poverty_year=year if now else None)
    HouseholdPoverty.objects.bulk_create(rows)


def _payroll(cast: Any, month: date, today: date, rng: random.Random) -> Cycle:
    cycle = cycle_generate(actor=cast.officer_a, commune=cast.officer_a.assignment.unit,
                           policy=Policy.objects.get(code="TGXH"), month=month)
    cycle = cycle_approve(actor=cast.leader_a, cycle=cycle)
    ids = list(cycle.lines.order_by("id").values_list("id", flat=True))
    lines_mark_returned(actor=cast.officer_a, cycle=cycle, line_ids=ids[:2],
                        reason="Không đến nhận")
    paid = [i for i in ids[2:] if rng.random() < 0.8]
    lines_mark_paid(actor=cast.officer_a, cycle=cycle, line_ids=paid,
                    payment=Payment(paid_on=min(today, month.replace(day=10))))
    return cycle
