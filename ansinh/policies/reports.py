"""A commune's entitlements at a date, counted per category and listed in Excel.

One set-based evaluation (``commune_entitlements``) answers for every person of the commune;
nothing here calls the engine person by person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import xlsxwriter

from ansinh.core.text import format_date
from ansinh.geo.models import AdministrativeUnit
from ansinh.policies.eligibility import RuleSet, commune_entitlements, explanation
from ansinh.policies.models import Category, PolicyKind
from ansinh.registry.models import Person

EXCEL_COLUMNS = [
    ("STT", 6), ("Họ và tên", 28), ("Ngày sinh", 12), ("Mã hộ", 14), ("Chính sách", 10),
    ("Nhóm đối tượng", 36), ("Số tiền (đồng)", 14), ("Hưởng", 16), ("Diễn giải", 90),
]


@dataclass(frozen=True)
class CategoryCount:
    policy: str
    category: str
    name: str
    monthly: bool
    restricted: bool
    persons: int  # in the category
    paid: int  # of whom it is paid (the others receive a higher allowance instead)
    amount: int  # paid, in đồng (per month for a monthly policy)


@dataclass
class CommuneEntitlements:
    commune: AdministrativeUnit
    at: date
    results: pl.DataFrame
    counts: list[CategoryCount] = field(default_factory=list)

    @property
    def persons(self) -> int:
        return self.results["person_id"].n_unique()

    @property
    def monthly_paid(self) -> int:
        return sum(c.amount for c in self.counts if c.monthly)

    @property
    def one_off_paid(self) -> int:
        return sum(c.amount for c in self.counts if not c.monthly)


def commune_summary(commune: AdministrativeUnit, at: date) -> CommuneEntitlements:
    results = commune_entitlements([commune.pk], at)
    by_code = {(c.policy.code, c.code): c for c in Category.objects.select_related("policy")}
    grouped = (results.group_by("policy", "category", "category_order")
               .agg(persons=pl.col("person_id").n_unique(), paid=pl.col("paid").sum(),
                    amount=pl.col("amount").filter(pl.col("paid")).sum())
               .sort("category_order"))
    counts = []
    for row in grouped.iter_rows(named=True):
        category = by_code[(row["policy"], row["category"])]
        counts.append(CategoryCount(
            policy=row["policy"], category=row["category"], name=category.name,
            monthly=category.policy.kind == PolicyKind.MONTHLY, restricted=category.restricted,
            persons=row["persons"], paid=row["paid"], amount=int(row["amount"] or 0)))
    return CommuneEntitlements(commune=commune, at=at, results=results, counts=counts)


def _birth(row: dict[str, Any]) -> str:
    if row["birth_precision"] == "year" or row["birth_date"] is None:
        return str(row["birth_year"] or "")
    if row["birth_precision"] == "month":
        return row["birth_date"].strftime("%m/%Y")
    return format_date(row["birth_date"])


def write_excel(summary: CommuneEntitlements, path: Path, *,
                include_restricted: bool = False) -> int:
    """Write one row per (person, category) to ``path``; returns the number of rows.

    Categories that reveal HIV status are left out unless ``include_restricted``.
    """
    results = summary.results
    if not include_restricted:
        results = results.filter(~pl.col("restricted"))
    rules = RuleSet.at_date(summary.at)
    by_code = {(c.policy.code, c.code): c for c in rules.categories}
    rows = Person.objects.filter(commune=summary.commune).values(
        "pk", "full_name", "birth_date", "birth_precision", "birth_year", "household__code")
    persons: dict[int, dict[str, Any]] = {p["pk"]: dict(p) for p in rows}
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Danh sách")
    title = book.add_format({"bold": True, "font_size": 13, "font_name": "Times New Roman"})
    header = book.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter",
                              "text_wrap": True, "font_name": "Times New Roman"})
    cell = book.add_format({"border": 1, "font_name": "Times New Roman", "valign": "top"})
    money = book.add_format({"border": 1, "num_format": "#,##0", "valign": "top",
                             "font_name": "Times New Roman"})
    wrap = book.add_format({"border": 1, "text_wrap": True, "valign": "top",
                            "font_name": "Times New Roman"})
    sheet.write(0, 0, f"Danh sách đối tượng đủ điều kiện hưởng chính sách — "
                      f"{summary.commune.name} — tại ngày {format_date(summary.at)}", title)
    for column, (label, width) in enumerate(EXCEL_COLUMNS):
        sheet.set_column(column, column, width)
        sheet.write(2, column, label, header)
    ordered = results.sort("person_id", "category_order")
    for index, row in enumerate(ordered.iter_rows(named=True), start=1):
        person: dict[str, Any] = persons.get(row["person_id"], {})
        category = by_code[(row["policy"], row["category"])]
        line = 2 + index
        sheet.write_number(line, 0, index, cell)
        sheet.write_string(line, 1, person.get("full_name", ""), cell)
        sheet.write_string(line, 2, _birth(person) if person else "", cell)
        sheet.write_string(line, 3, person.get("household__code", ""), cell)
        sheet.write_string(line, 4, row["policy"], cell)
        sheet.write_string(line, 5, f"{category.code} — {category.name}", wrap)
        sheet.write_number(line, 6, row["amount"], money)
        sheet.write_string(line, 7, "Hưởng" if row["paid"] else "Không cộng dồn", cell)
        sheet.write_string(line, 8, explanation(row, rules), wrap)
    sheet.freeze_panes(3, 2)
    book.close()
    return ordered.height
