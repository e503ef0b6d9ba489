"""The eligibility engine over a whole province set-based (the 1,000,000 synthetic persons the
list bench leaves in province 01), beside only reading the facts it evaluates into polars.

Every category of every policy in force is evaluated, with the overlap rules; the difference
between the two figures is the cost of the rules themselves.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import date

from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.geo.services import units_load
from ansinh.policies.catalog import catalog_load
from ansinh.policies.eligibility import RuleSet, evaluate, person_facts
from ansinh.registry.models import Person
from ansinh.registry.synth import synth_people

REPEAT = 2
PERSONS = int(os.environ.get("ANSINH_BENCH_LIST_PERSONS", "1000000"))
PROVINCE = "01"
AT = date(2026, 8, 1)


def cases() -> Iterator[tuple[str, Callable[[], object], str, Callable[[], object]]]:
    if not AdministrativeUnit.objects.filter(code=PROVINCE, level=UnitLevel.PROVINCE).exists():
        units_load()
    catalog_load()
    province = AdministrativeUnit.objects.get(code=PROVINCE, level=UnitLevel.PROVINCE)
    have = Person.objects.filter(commune__parent=province).count()
    if have < PERSONS:  # run alone: the list bench has not left its persons
        synth_people(province=province, persons=PERSONS - have, seed=7)
    communes = list(AdministrativeUnit.objects.current().filter(
        parent=province, level=UnitLevel.COMMUNE).values_list("pk", flat=True))
    persons = Person.objects.filter(commune__parent=province).count()

    def engine() -> None:
        results = evaluate(person_facts(at=AT, commune_ids=communes), RuleSet.at_date(AT))
        assert results.height > 0

    def facts_only() -> None:
        person_facts(at=AT, commune_ids=communes)

    yield (f"eligibility of {persons:,} persons (all rules)", engine,
           "only reading their facts (SQL → polars)", facts_only)
