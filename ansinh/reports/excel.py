"""A standard report as a workbook (xlsxwriter), for officers who sum, sort and paste.

One sheet: the issuer and the national motto as in the payroll's sheets, the title, the scope
and period, the summary, then each table with its title, a bold header row and its rows; the
notes below. Counts and amounts are written as numbers (whole đồng) with the format "#,##0",
never as text, so that they add up; subtotal rows are bold, the total row bold with a thicker
rule above it. Times New Roman 12; A4, landscape beyond five columns, fitted to the page's
width, the first table's header row repeated on every printed page and frozen on screen.
"""

from __future__ import annotations

import io
import re
from typing import Any

import xlsxwriter

from ansinh.core.pdf import NationalHeader
from ansinh.reports.printing import is_landscape, scope_line
from ansinh.reports.tables import Cell, Column, Report, Row

A4 = 9  # xlsxwriter's paper code
# Decree 30's margins in inches: top and bottom 20 mm, left 30 mm, right 15 mm.
MARGINS = {"left": 30 / 25.4, "right": 15 / 25.4, "top": 20 / 25.4, "bottom": 20 / 25.4}
MOTTO_WIDTH = 38  # characters the national name needs on one line, in bold 12 pt
DEFAULT_WIDTH = 9  # a column the table does not use, as Excel draws it
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def _formats(book: Any) -> dict[str, Any]:
    font = {"font_name": "Times New Roman", "font_size": 12}
    cell = {**font, "border": 1, "valign": "vcenter", "text_wrap": True}
    number = {**cell, "num_format": "#,##0", "align": "right"}
    formats = {
        "center": {**font, "bold": True, "align": "center"},
        "motto": {**font, "bold": True, "align": "center", "underline": True},
        "title": {**font, "bold": True, "align": "center", "font_size": 14},
        "scope": {**font, "italic": True, "align": "center"},
        "text": font,
        "heading": {**font, "bold": True},
        "note": {**font, "italic": True, "font_size": 11},
        "header": {**cell, "bold": True, "align": "center"},
    }
    # A cell of a table: text or number, in a row, a subtotal or the total.
    for kind, base in (("text", cell), ("number", number)):
        formats[f"row-{kind}"] = base
        formats[f"subtotal-{kind}"] = {**base, "bold": True}
        formats[f"total-{kind}"] = {**base, "bold": True, "top": 2}
    return {name: book.add_format(properties) for name, properties in formats.items()}


def _span(sheet: Any, row: int, first: int, last: int, text: str, fmt: Any) -> None:
    if last > first:
        sheet.merge_range(row, first, row, last, text, fmt)
    else:
        sheet.write_string(row, first, text, fmt)


def _widths(report: Report) -> list[int]:
    """The sheet's column widths: the widest each column is in any table (the tables share
    the sheet's columns), so that no table's text is cut."""
    count = max((len(t.columns) for t in report.tables), default=1)
    return [max((t.columns[col].width for t in report.tables if col < len(t.columns)),
                default=Column("").width) for col in range(count)]


def _header_split(widths: list[int]) -> tuple[int, int]:
    """The last column under the issuer, and the last under the national name.

    The issuer takes the first columns up to about 40 % of the width, as on paper; when the
    rest is too narrow for the national name on one line, the header runs over empty columns
    to the right of the table."""
    issuer_last = 0
    while issuer_last < len(widths) - 2 and sum(widths[:issuer_last + 1]) < 0.4 * sum(widths):
        issuer_last += 1
    nation_last, room = len(widths) - 1, sum(widths[issuer_last + 1:])
    while room < MOTTO_WIDTH:
        nation_last += 1
        room += DEFAULT_WIDTH
    return issuer_last, nation_last


def _write_cell(sheet: Any, row: int, col: int, value: Cell, column: Column,
                formats: dict[str, Any], level: str) -> None:
    fmt = formats[f"{level}-{'text' if column.kind == 'text' else 'number'}"]
    if value is None:
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, int):
        sheet.write_number(row, col, value, fmt)
    else:
        sheet.write_string(row, col, value, fmt)


def _write_row(sheet: Any, index: int, row: Row, columns: list[Column],
               formats: dict[str, Any]) -> None:
    for col, (value, column) in enumerate(zip(row.cells, columns, strict=True)):
        _write_cell(sheet, index, col, value, column, formats, row.level)


def report_xlsx(report: Report) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": report.title, "author": report.issuer,
                         "subject": scope_line(report)})
    sheet = book.add_worksheet(_SHEET_NAME.sub("-", report.code)[:31] or "Báo cáo")
    formats = _formats(book)
    widths = _widths(report)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    last = len(widths) - 1

    issuer_last, nation_last = _header_split(widths)
    _span(sheet, 0, 0, issuer_last, report.issuer.upper(), formats["center"])
    _span(sheet, 0, issuer_last + 1, nation_last, NationalHeader.NATION, formats["center"])
    _span(sheet, 1, issuer_last + 1, nation_last, NationalHeader.MOTTO, formats["motto"])
    _span(sheet, 3, 0, max(last, nation_last), report.title, formats["title"])
    _span(sheet, 4, 0, max(last, nation_last), scope_line(report), formats["scope"])
    row = 6
    for line in report.summary:  # one line each, running over the empty cells to its right
        sheet.write_string(row, 0, line, formats["text"])
        row += 1

    first_header = None
    for table in report.tables:
        row += 1
        if table.title:
            sheet.write_string(row, 0, table.title, formats["heading"])
            row += 1
        for col, column in enumerate(table.columns):
            sheet.write_string(row, col, column.label, formats["header"])
        if first_header is None:
            first_header = row
        row += 1
        for table_row in table.rows:
            _write_row(sheet, row, table_row, table.columns, formats)
            row += 1

    row += 1
    for note in report.notes:
        sheet.write_string(row, 0, note, formats["note"])
        row += 1

    sheet.set_paper(A4)
    if is_landscape(report):
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_margins(**MARGINS)
    sheet.fit_to_pages(1, 0)
    if first_header is not None:
        sheet.freeze_panes(first_header + 1, 0)
        sheet.repeat_rows(first_header)
    book.close()
    return buffer.getvalue()
