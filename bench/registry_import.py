"""Importing a 200,000-row commune list (.xlsx) end to end, beside only reading it with the
fastest reader (python-calamine) and beside a plain openpyxl + ``bulk_create`` import.

``ANSINH_BENCH_PERSONS`` changes the size (the issue's second target is a 1,000,000-row CSV).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator

from django.db import connection, transaction
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
from ansinh.registry.tests.messy_files import big_commune_list_xlsx

REPEAT = 1
PERSONS = int(os.environ.get("ANSINH_BENCH_PERSONS", "200000"))


def _commune() -> AdministrativeUnit:
    from ansinh.geo.tests.fixtures import make_commune, make_province

    return make_commune(make_province("01", "Thành phố Hà Nội"), "00004", "Phường Ba Đình")


def _empty() -> None:
    with connection.cursor() as cursor:
        for model in (LifeEvent, PersonRestricted, HouseholdPoverty, HouseholdTag, Person,
                      Household):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608


def cases() -> Iterator[tuple[str, Callable[[], object], str, Callable[[], object]]]:
    commune = _commune()
    data = big_commune_list_xlsx(PERSONS)

    def ours() -> None:
        with transaction.atomic():
            _empty()
        plan = import_plan(commune=commune, data=data, filename="danh-sach.xlsx")
        import_apply(actor=None, plan=plan)

    def read_only() -> None:
        CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()

    def openpyxl_bulk_create() -> None:
        """What a first version would do: openpyxl rows, a model per row, bulk_create."""
        import openpyxl

        with transaction.atomic():
            _empty()
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

    yield (f"import {PERSONS:,} rows .xlsx (read, check, write)", ours,
           "only reading it (python-calamine)", read_only)
    yield (f"import {PERSONS:,} rows .xlsx (read, check, write)", ours,
           "openpyxl + bulk_create, no checks", openpyxl_bulk_create)
