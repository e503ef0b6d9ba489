"""A small ward for the payroll page, API and command tests: three beneficiaries of the monthly
social assistance in Phường Ba Đình (Hà Nội, base level 650.000 đ from 1/2026), in two
residential groups, one of them in a restricted group (K8)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from ansinh.core.text import normalize_text
from ansinh.geo.models import ResidentialGroup
from ansinh.payroll.models import Cycle
from ansinh.payroll.services import cycle_approve, cycle_generate
from ansinh.policies.models import Policy
from ansinh.registry.models import Household, Person

JUNE = date(2026, 6, 1)
JUNE_TOTAL = 975_000 + 650_000 + 650_000


@dataclass
class Ward:
    hoa: Person  # K6, 1,5 × 650.000 = 975.000 đ, Tổ 1
    lanh: Person  # K5c, 650.000 đ, Tổ 2
    kien: Person  # K8 (restricted: HIV), 650.000 đ, Tổ 1


@pytest.fixture(name="ward")
def ward_fixture(cast, catalog, geo, make_person, make_benefit) -> Ward:
    to1 = ResidentialGroup.objects.create(commune=geo.commune_a, name="Tổ 1")
    to2 = ResidentialGroup.objects.create(commune=geo.commune_a, name="Tổ 2")
    hoa = make_person(born=date(1980, 6, 1), disability="severe", commune=geo.commune_a,
                      name="Lê Thị Hoa", sex="F")
    lanh = make_person(born=date(1940, 3, 1), commune=geo.commune_a, name="Võ Thị Lành",
                       sex="F")
    kien = make_person(born=date(1990, 1, 1), hiv=True, poverty="poor", commune=geo.commune_a,
                       circumstances=("no_stable_income",), name="Phạm Văn Kiên")
    for person, group, address in ((hoa, to1, "Số 7, Tổ 1"), (lanh, to2, "Số 2, Tổ 2"),
                                   (kien, to1, "Số 9, Tổ 1")):
        Household.objects.filter(pk=person.household_id).update(residential_group=group,
                                                                address=address)
        # As the registry's services store it: the search key without diacritics.
        Person.objects.filter(pk=person.pk).update(name_key=normalize_text(person.full_name))
    start = date(2026, 1, 1)
    make_benefit(hoa, "K6", start=start, hundredths=150)
    make_benefit(lanh, "K5c", start=start, hundredths=100)
    make_benefit(kien, "K8", start=start, hundredths=100)
    return Ward(hoa=hoa, lanh=lanh, kien=kien)


def generate(officer, month: date = JUNE) -> Cycle:
    return cycle_generate(actor=officer, commune=officer.assignment.unit,
                          policy=Policy.objects.get(code="TGXH"), month=month)


def approved(officer, leader, month: date = JUNE) -> Cycle:
    return cycle_approve(actor=leader, cycle=generate(officer, month))
