"""Helpers for the policy tests: the catalog loaded, and persons built with the facts a rule
reads."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

import pytest

from ansinh.policies.catalog import catalog_load
from ansinh.policies.models import Circumstance
from ansinh.registry.models import Household, Person, PersonRestricted

_codes = count(1)


@pytest.fixture
def catalog(geo):
    return catalog_load()


@pytest.fixture
def make_person(geo):
    def make(*, born: date, commune: Any = None, sex: str = "M", poverty: str = "",
             pension: str = "", disability: str = "", hiv: bool = False,
             circumstances: tuple[str, ...] = (), household: Household | None = None,
             precision: str = "day", name: str = "Nguyễn Văn A") -> Person:
        commune = commune or geo.commune_a
        if household is None:
            household = Household.objects.create(commune=commune, code=f"H{next(_codes):05d}",
                                                 poverty_status=poverty)
        person = Person.objects.create(
            household=household, commune=commune, full_name=name, name_key=name.lower(),
            sex=sex, birth_date=born, birth_precision=precision, birth_year=born.year,
            pension_status=pension, disability_level=disability)
        if hiv:
            PersonRestricted.objects.create(person=person, hiv_positive=True)
        for kind in circumstances:
            Circumstance.objects.create(person=person, kind=kind, valid_from=date(2000, 1, 1))
        return person

    return make
