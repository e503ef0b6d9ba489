"""Synthesising 200,000 persons (``ansinh synth``) against a bare executemany INSERT of the
same household and person rows, taken back from the tables after a first run.

Both sides start by emptying the registry tables (not timed) and commit at the end; the baseline
gets the same SQLite page cache as the synthesiser gives itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from django.db import transaction

from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.geo.services import units_load
from ansinh.registry.models import Household, HouseholdPoverty, Person
from ansinh.registry.synth import synth_people
from bench.tables import bare_insert, delete_all, saved_rows

REPEAT = 2
PERSONS = 200_000
PROVINCE = "79"  # TP Hồ Chí Minh: 168 communes, three old provinces' birth codes
# Children first, so that emptying never trips a foreign key.
TABLES = (HouseholdPoverty, Person, Household)


def cases() -> Iterator[tuple[str, Callable[[], object], str, Callable[[], object]]]:
    if not AdministrativeUnit.objects.filter(code=PROVINCE, level=UnitLevel.PROVINCE).exists():
        units_load()
    delete_all(TABLES)
    with transaction.atomic():
        synth_people(province=PROVINCE, persons=PERSONS, seed=1)
    # Parents before children when inserting.
    saved = [(model, saved_rows(model)) for model in reversed(TABLES)]

    def synthesise() -> float:
        delete_all(TABLES)
        start = time.perf_counter()
        with transaction.atomic():
            synth_people(province=PROVINCE, persons=PERSONS, seed=1)
        return time.perf_counter() - start

    yield f"synth {PERSONS:,} persons (households, CCCDs…)", synthesise, \
        "bare executemany INSERT, same rows", lambda: bare_insert(TABLES, saved)
    # Runs once both sides are timed: leave the registry empty for the benches that follow.
    delete_all(TABLES)
