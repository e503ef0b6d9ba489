"""The list of a one-off programme as an Excel workbook, in the layout officers print and sign.

Title block (the commune's People's Committee, the national motto, the date line of Decree
30/2020), the list's title, STT, name, birth year, address, group and amount, and the total.
Writing the file is an export of personal data: it is recorded in the audit log (Decree
356/2025/NĐ-CP asks who took which personal data out, and how much).
"""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from django.db import transaction
from django.utils import timezone

from ansinh.cases.models import Programme
from ansinh.cases.selectors import (
    category_label,
    commune_place,
    programme_lines,
    sees_restricted,
)
from ansinh.core.audit import audit_record
from ansinh.core.text import amount_in_words, date_line, format_date

COLUMNS = [("STT", 6), ("Họ và tên", 28), ("Năm sinh", 10), ("Địa chỉ", 34),
           ("Nhóm đối tượng", 40), ("Số tiền (đồng)", 16)]


def programme_export(*, actor: Any, programme: Programme) -> bytes:
    """The workbook of the programme's included lines; the export is audited."""
    restricted_ok = sees_restricted(actor)
    lines = list(programme_lines(programme, excluded=False))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Danh sách")
    font = {"font_name": "Times New Roman", "font_size": 12}
    fmt = {
        "bold_center": book.add_format({**font, "bold": True, "align": "center"}),
        "motto": book.add_format({**font, "bold": True, "align": "center", "underline": True}),
        "italic": book.add_format({**font, "italic": True, "align": "center"}),
        "title": book.add_format({**font, "bold": True, "align": "center", "font_size": 14}),
        "header": book.add_format({**font, "bold": True, "border": 1, "align": "center",
                                   "valign": "vcenter", "text_wrap": True}),
        "cell": book.add_format({**font, "border": 1}),
        "center": book.add_format({**font, "border": 1, "align": "center"}),
        "money": book.add_format({**font, "border": 1, "num_format": "#,##0"}),
        "total": book.add_format({**font, "border": 1, "bold": True}),
        "total_money": book.add_format({**font, "border": 1, "bold": True,
                                        "num_format": "#,##0"}),
        "words": book.add_format({**font, "italic": True}),
    }
    commune = programme.commune
    last = len(COLUMNS) - 1
    sheet.merge_range(0, 0, 0, 2, f"UBND {commune.name.upper()}", fmt["bold_center"])
    sheet.merge_range(0, 3, 0, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fmt["bold_center"])
    sheet.merge_range(1, 3, 1, last, "Độc lập - Tự do - Hạnh phúc", fmt["motto"])
    sheet.merge_range(2, 3, 2, last, date_line(commune_place(commune), timezone.localdate()),
                      fmt["italic"])
    sheet.merge_range(4, 0, 4, last, f"DANH SÁCH {programme.title.upper()}", fmt["title"])
    sheet.merge_range(5, 0, 5, last, (f"Theo {programme.policy.legal_basis}; danh sách chốt "
                                      f"đến ngày {format_date(programme.reference_date)}"),
                      fmt["italic"])
    header = 7
    for col, (label, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write(header, col, label, fmt["header"])
    row = header + 1
    for index, line in enumerate(lines, start=1):
        sheet.write_number(row, 0, index, fmt["center"])
        sheet.write_string(row, 1, line.full_name, fmt["cell"])
        if line.birth_year:
            sheet.write_number(row, 2, line.birth_year, fmt["center"])
        else:
            sheet.write_blank(row, 2, None, fmt["center"])
        sheet.write_string(row, 3, line.address, fmt["cell"])
        sheet.write_string(row, 4, category_label(line.category, programme.policy,
                                                  restricted_ok=restricted_ok), fmt["cell"])
        sheet.write_number(row, 5, line.amount, fmt["money"])
        row += 1
    total = sum(line.amount for line in lines)
    sheet.merge_range(row, 0, row, 4, f"Tổng cộng: {len(lines)} người", fmt["total"])
    sheet.write_formula(row, 5, f"=SUM(F{header + 2}:F{row})" if lines else "=0",
                        fmt["total_money"], total)
    sheet.write_string(row + 1, 0, f"Số tiền bằng chữ: {amount_in_words(total)}.", fmt["words"])
    sheet.repeat_rows(header)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    book.close()
    with transaction.atomic():
        audit_record(actor=actor, action="cases.programme.export", obj=programme, unit=commune,
                     changes={"rows": len(lines), "total": total, "format": "xlsx"})
    return buffer.getvalue()
