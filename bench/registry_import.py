"""Importing commune lists end to end (read, check, write).

- a 200,000-row .xlsx beside only reading it with the fastest reader (python-calamine), and
  beside a plain openpyxl + ``bulk_create`` import without checks;
- its write step alone (``import_apply`` of a checked plan) beside a bare executemany of the
  same household and person rows: the floor any import into these tables stands on;
- a 1,000,000-row CSV beside only reading it (the csv module); the target is under 60 s.

``ANSINH_BENCH_PERSONS`` and ``ANSINH_BENCH_CSV_PERSONS`` change the sizes.
"""

from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Callable, Iterator

from django.db import transaction
from python_calamine import CalamineWorkbook

from ansinh.core.text import normalize_text
from ansinh.geo.models import AdministrativeUnit
from ansinh.registry.imports.pipeline import import_apply, import_plan
from ansinh.registry.models import (
    Household,
    HouseholdPoverty,
    HouseholdTag,
    LifeEvent,
    Person,
    PersonRestricted,
)
from ansinh.registry.tests.messy_files import big_commune_list_csv, big_commune_list_xlsx
from bench.tables import bare_insert, delete_all, saved_rows

REPEAT = 2  # best of two: one run on this shared machine varies by a third
PERSONS = int(os.environ.get("ANSINH_BENCH_PERSONS", "200000"))
CSV_PERSONS = int(os.environ.get("ANSINH_BENCH_CSV_PERSONS", "1000000"))
# Children first, so that emptying never trips a foreign key.
TABLES = (LifeEvent, PersonRestricted, HouseholdPoverty, HouseholdTag, Person, Household)


def _commune() -> AdministrativeUnit:
    from ansinh.geo.tests.fixtures import make_commune, make_province

    return make_commune(make_province("01", "Thành phố Hà Nội"), "00004", "Phường Ba Đình")


def _import(commune: AdministrativeUnit, data: bytes, filename: str) -> float:
    """The seconds of an import into emptied tables (emptying them is not timed)."""
    delete_all(TABLES)
    start = time.perf_counter()
    plan = import_plan(commune=commune, data=data, filename=filename, max_bytes=len(data) + 1)
    import_apply(actor=None, plan=plan)
    return time.perf_counter() - start


def cases() -> Iterator[tuple[str, Callable[[], object], str, Callable[[], object]]]:
    commune = _commune()
    data = big_commune_list_xlsx(PERSONS)
    name = f"import {PERSONS:,} rows .xlsx (read, check, write)"

    def read_only() -> None:
        CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()

    def openpyxl_bulk_create() -> float:
        """What a first version would do: openpyxl rows, a model per row, bulk_create."""
        import openpyxl

        delete_all(TABLES)
        start = time.perf_counter()
        with transaction.atomic():
            sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
            household = Household.objects.create(commune=commune, code="HGD-BASE")
            persons = []
            for row in sheet.iter_rows(min_row=6, values_only=True):
                if not row[1]:
                    continue
                persons.append(Person(household=household, commune=commune, full_name=row[1],
                                      name_key=normalize_text(row[1]),
                                      sex="M" if row[3] == "Nam" else "F",
                                      national_id=row[4]))
            Person.objects.bulk_create(persons, batch_size=2000)
        return time.perf_counter() - start

    yield name, lambda: _import(commune, data, "danh-sach.xlsx"), \
        "only reading it (python-calamine)", read_only
    yield name, lambda: _import(commune, data, "danh-sach.xlsx"), \
        "openpyxl + bulk_create, no checks", openpyxl_bulk_create

    delete_all(TABLES)
    plan = import_plan(commune=commune, data=data, filename="danh-sach.xlsx")
    import_apply(actor=None, plan=plan)
    saved = [(model, saved_rows(model)) for model in (Household, Person)]

    def write_step() -> float:
        delete_all(TABLES)
        start = time.perf_counter()
        import_apply(actor=None, plan=plan)
        return time.perf_counter() - start

    yield f"  its write step ({PERSONS:,} persons)", write_step, \
        "bare executemany INSERT, same rows", lambda: bare_insert(TABLES, saved)

    text = big_commune_list_csv(CSV_PERSONS)

    def read_csv_only() -> None:
        for _row in csv.reader(io.StringIO(text.decode("utf-8-sig"), newline="")):
            pass

    yield f"import {CSV_PERSONS:,} rows .csv (target < 60 s)", \
        lambda: _import(commune, text, "danh-sach.csv"), "only reading it (csv module)", \
        read_csv_only
    # Leave the registry empty for the benches that follow.
    delete_all(TABLES)
