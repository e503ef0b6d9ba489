"""One person recorded twice, for the duplicate review tests: "Nguyễn Thị Lan" in Phường Ba
Đình (full birth date, no CCCD) and "Nguyen Thi Lan" in Phường Ngọc Hà (birth year only, with a
CCCD), each with the monthly social assistance and June 2026 paid to both through the payroll
services. The pair is written directly, with the probability and explanation a run of the model
would give it.

Use in a test module with ``from ansinh.integrity.tests.dup_fixtures import twins_fixture``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import count
from typing import Any

import pytest

from ansinh.accounts.models import Role
from ansinh.cases.models import Benefit, Decision
from ansinh.core.text import normalize_text
from ansinh.integrity.models import DuplicatePair
from ansinh.payroll.services import Payment, cycle_approve, cycle_generate, lines_mark_paid
from ansinh.policies.catalog import catalog_load
from ansinh.policies.models import Category, Policy
from ansinh.registry.models import Household, Person

JUNE = date(2026, 6, 1)
NATIONAL_ID = "001150004321"
EXPLANATION = [
    {"field": "given", "label": "Tên", "level": "Trùng tên", "weight": 6.12},
    {"field": "family_middle", "label": "Họ và tên đệm", "level": "Trùng họ và tên đệm",
     "weight": 3.4},
    {"field": "birth", "label": "Ngày sinh",
     "level": "Cùng năm sinh (một bên chỉ ghi năm hoặc tháng)", "weight": 2.05},
    {"field": "national_id", "label": "Số CCCD", "level": "Một bên không có số CCCD",
     "weight": 0.0},
    {"field": "place", "label": "Nơi ở", "level": "Khác xã, phường", "weight": -1.31},
]

_codes = count(1)


@dataclass
class Twins:
    a: Person  # Ba Đình, the older record, no CCCD
    b: Person  # Ngọc Hà, with CCCD: the record the merge keeps by default
    pair: DuplicatePair


def add_person(commune: Any, name: str, born: date, *, sex: str = "F",
               precision: str = "day", national_id: str | None = None) -> Person:
    """A person in a household of their own, with the search key the registry would store."""
    household = Household.objects.create(commune=commune, code=f"HD{next(_codes):05d}",
                                         address="Số 1")
    return Person.objects.create(
        household=household, commune=commune, full_name=name, name_key=normalize_text(name),
        sex=sex, birth_date=born, birth_precision=precision, birth_year=born.year,
        national_id=national_id)


def add_benefit(person: Person, recorded_by: Any) -> Benefit:
    """The monthly social assistance (K5c, coefficient 1) from January 2026."""
    decision = Decision.objects.create(
        commune=person.commune, number=f"{next(_codes)}/QĐ-UBND", signed_on=date(2026, 1, 5),
        signer_name="Trần Văn Bình", summary="", recorded_by=recorded_by)
    category = Category.objects.get(policy__code="TGXH", code="K5c")
    return Benefit.objects.create(
        person=person, commune=person.commune, policy=category.policy, category=category,
        hundredths=100, multiplier=1, base_parameters="TGXH_MC", monthly_amount=0,
        start_month=date(2026, 1, 1), status="active", decision=decision)


def make_pair(a: Person, b: Person, probability: float = 0.9731) -> DuplicatePair:
    first, second = sorted((a, b), key=lambda p: p.pk)
    return DuplicatePair.objects.create(
        person_a=first, person_b=second, commune_a=first.commune, commune_b=second.commune,
        probability=probability, match_weight=10.26, explanation=EXPLANATION)


def _paid_june(officer: Any, leader: Any, persons: list[Person]) -> None:
    cycle = cycle_generate(actor=officer, commune=officer.assignment.unit,
                           policy=Policy.objects.get(code="TGXH"), month=JUNE)
    cycle = cycle_approve(actor=leader, cycle=cycle)
    lines = list(cycle.lines.filter(person__in=persons).values_list("pk", flat=True))
    lines_mark_paid(actor=officer, cycle=cycle, line_ids=lines,
                    payment=Payment(paid_on=date(2026, 6, 10), receiver="beneficiary",
                                    receiver_name=""))


@pytest.fixture(name="twins")
def twins_fixture(cast: Any, geo: Any, make_user: Any) -> Twins:
    catalog_load()
    a = add_person(geo.commune_a, "Nguyễn Thị Lan", date(1950, 3, 5))
    b = add_person(geo.commune_b, "Nguyen Thi Lan", date(1950, 1, 1), precision="year",
                   national_id=NATIONAL_ID)
    for person, officer in ((a, cast.officer_a), (b, cast.officer_b)):
        add_benefit(person, officer)
    leader_b = make_user("lanhdao.b", (Role.COMMUNE_LEADER, geo.commune_b))
    _paid_june(cast.officer_a, cast.leader_a, [a])
    _paid_june(cast.officer_b, leader_b, [b])
    return Twins(a=a, b=b, pair=make_pair(a, b))
