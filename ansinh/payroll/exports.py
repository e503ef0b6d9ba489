"""A cycle's spreadsheets: the signature list as an Excel sheet, and the provider's file.

The signature list is the printed one (``printing``), cell for cell: the Decree 30/2020 title
block, STT, Họ và tên, Năm sinh, Địa chỉ/Tổ, Đối tượng, Mức hưởng, Số tiền, Ký nhận, a heading
and a subtotal row for each residential group, the grand total, the total in words, the
recoveries set apart, the date line and the signatures. Subtotals and the total are
``SUBTOTAL(9, …)`` formulas (with their values stored), so the total does not count the
subtotals twice and stays right when an officer edits an amount.

The provider's file is what the payment-service provider or the bank pays from and sends back
filled in; ``returns`` reads it back by the header texts of row 1 (:data:`PROVIDER_COLUMNS`,
which must not change). It holds the lines paid through a provider or a bank that are still to
pay: regular, arrear and one-off lines whose status is "planned". Recoveries are never sent to
be paid; a line already paid or returned is not sent again.

The wording is the document's, in Vietnamese whatever the interface language. Recording the
export of personal data is the caller's (``downloads.cycle_download``).
"""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from django.utils import timezone
from xlsxwriter.utility import xl_rowcol_to_cell

from ansinh.cases.selectors import commune_place
from ansinh.core.text import format_money
from ansinh.payroll.models import Channel, Cycle, LineStatus
from ansinh.payroll.printing import (
    PAID_KINDS,
    Row,
    address_with_group,
    date_line_for,
    line_order,
    signature_list,
    signatures,
)

SIGNATURE_COLUMNS = [("STT", 6), ("Họ và tên", 26), ("Năm sinh", 9), ("Địa chỉ/Tổ", 28),
                     ("Đối tượng", 30), ("Mức hưởng", 24), ("Số tiền (đồng)", 14),
                     ("Ký nhận", 16)]
AMOUNT_COLUMN = 6
# Row 1 of the provider's file: ``returns`` finds the columns by these texts.
PROVIDER_COLUMNS = [("Mã dòng", 10), ("Họ và tên", 26), ("Năm sinh", 9), ("Địa chỉ", 40),
                    ("Số tài khoản", 20), ("Số tiền", 14), ("Kỳ chi trả", 11),
                    ("Trạng thái", 12), ("Ngày chi", 12), ("Người nhận", 26), ("Lý do", 30)]
PAID, UNPAID = "Đã chi", "Chưa chi"
_PROVIDER_FIELDS = ("id", "person_id", "full_name", "birth_year", "address", "group_name",
                    "account_number", "amount", "for_month")
A4 = 9  # xlsxwriter's paper code


def _formats(book: Any) -> dict[str, Any]:
    font = {"font_name": "Times New Roman", "font_size": 12}
    cell = {**font, "border": 1, "valign": "vcenter", "text_wrap": True}
    return {
        "bold_center": book.add_format({**font, "bold": True, "align": "center"}),
        "motto": book.add_format({**font, "bold": True, "align": "center", "underline": True}),
        "italic_center": book.add_format({**font, "italic": True, "align": "center"}),
        "title": book.add_format({**font, "bold": True, "align": "center", "font_size": 14}),
        "subtitle": book.add_format({**font, "bold": True, "align": "center"}),
        "header": book.add_format({**cell, "bold": True, "align": "center"}),
        "cell": book.add_format(cell),
        "center": book.add_format({**cell, "align": "center"}),
        "money": book.add_format({**cell, "num_format": "#,##0"}),
        "group": book.add_format({**cell, "bold": True, "italic": True}),
        "total": book.add_format({**cell, "bold": True}),
        "total_money": book.add_format({**cell, "bold": True, "num_format": "#,##0"}),
        "words": book.add_format({**font, "italic": True}),
        "heading": book.add_format({**font, "bold": True}),
        "role": book.add_format({**font, "bold": True, "align": "center"}),
        "hint": book.add_format({**font, "italic": True, "align": "center"}),
    }


# --- the signature list -------------------------------------------------------------------------

def signature_list_xlsx(cycle: Cycle, *, group: str | None = None) -> bytes:
    """The signature list of ``cycle`` (or of one residential group) as a workbook."""
    content = signature_list(cycle, group=group)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Danh sách chi trả")
    fmt = _formats(book)
    last = len(SIGNATURE_COLUMNS) - 1
    commune = cycle.commune
    place = commune_place(commune)

    sheet.merge_range(0, 0, 0, 3, f"UBND {commune.name.upper()}", fmt["bold_center"])
    sheet.merge_range(0, 4, 0, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fmt["bold_center"])
    sheet.merge_range(1, 4, 1, last, "Độc lập - Tự do - Hạnh phúc", fmt["motto"])
    sheet.merge_range(3, 0, 3, last, content.title.upper(), fmt["title"])
    if content.subtitle:
        sheet.merge_range(4, 0, 4, last, content.subtitle, fmt["subtitle"])
    header = 6
    for col, (label, width) in enumerate(SIGNATURE_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(header, col, label, fmt["header"])

    row = header + 1
    first_line = row
    for grp in content.groups:
        if content.subtotals:
            sheet.merge_range(row, 0, row, last, grp.label, fmt["group"])
            row += 1
        start = row
        for line in grp.rows:
            _write_line(sheet, row, line, fmt)
            row += 1
        if content.subtotals:
            sheet.write_blank(row, 0, None, fmt["total"])
            sheet.merge_range(row, 1, row, AMOUNT_COLUMN - 1,
                              f"Cộng {grp.label}: {grp.persons_shown} người", fmt["total"])
            sheet.write_formula(row, AMOUNT_COLUMN, _subtotal(start, row - 1),
                                fmt["total_money"], grp.total)
            sheet.write_blank(row, last, None, fmt["total"])
            row += 1
    sheet.write_blank(row, 0, None, fmt["total"])
    sheet.merge_range(row, 1, row, AMOUNT_COLUMN - 1,
                      f"Tổng cộng: {content.persons_shown} người", fmt["total"])
    sheet.write_formula(row, AMOUNT_COLUMN, _subtotal(first_line, row - 1),
                        fmt["total_money"], content.total)
    sheet.write_blank(row, last, None, fmt["total"])
    row += 1
    sheet.write_string(row, 0, content.in_words, fmt["words"])
    row += 2

    if content.recoveries:
        sheet.write_string(row, 0, "Các khoản thu hồi", fmt["heading"])
        sheet.write_string(row + 1, 0, "Không chi trả và không tính vào tổng số tiền trên.",
                           fmt["words"])
        row += 2
        for col, label in enumerate(("STT", "Họ và tên", "Năm sinh", "Địa chỉ/Tổ")):
            sheet.write_string(row, col, label, fmt["header"])
        sheet.merge_range(row, 4, row, 5, "Lý do", fmt["header"])
        sheet.write_string(row, AMOUNT_COLUMN, "Số tiền thu hồi (đồng)", fmt["header"])
        row += 1
        start = row
        for line in content.recoveries:
            _write_recovery(sheet, row, line, fmt)
            row += 1
        sheet.write_blank(row, 0, None, fmt["total"])
        sheet.merge_range(row, 1, row, AMOUNT_COLUMN - 1,
                          f"Cộng thu hồi: {len(content.recoveries)} khoản", fmt["total"])
        sheet.write_formula(row, AMOUNT_COLUMN, _subtotal(start, row - 1),
                            fmt["total_money"], content.recovered)
        row += 2

    sheet.merge_range(row, 5, row, last, date_line_for(cycle, place, timezone.localdate()),
                      fmt["italic_center"])
    row += 1
    for index, (role, name) in enumerate(signatures(cycle)):
        first, end = ((0, 2), (3, 4), (5, last))[index]
        hint = "(Ký, ghi rõ họ tên, đóng dấu)" if index == 2 else "(Ký, ghi rõ họ tên)"
        sheet.merge_range(row, first, row, end, role.upper(), fmt["role"])
        sheet.merge_range(row + 1, first, row + 1, end, hint, fmt["hint"])
        if name:
            sheet.merge_range(row + 6, first, row + 6, end, name, fmt["role"])

    sheet.repeat_rows(header)
    sheet.freeze_panes(header + 1, 0)
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.set_footer("&RTrang &P/&N")
    book.close()
    return buffer.getvalue()


def _subtotal(first: int, last: int) -> str:
    """SUBTOTAL(9, …) leaves out the subtotals inside its range; an empty range is 0."""
    if last < first:
        return "=0"
    cells = (f"{xl_rowcol_to_cell(first, AMOUNT_COLUMN)}:"
             f"{xl_rowcol_to_cell(last, AMOUNT_COLUMN)}")
    return f"=SUBTOTAL(9,{cells})"


def _write_person(sheet: Any, row: int, line: Row, fmt: dict[str, Any]) -> None:
    sheet.write_number(row, 0, line.number, fmt["center"])
    sheet.write_string(row, 1, line.full_name, fmt["cell"])
    if line.birth_year:
        sheet.write_number(row, 2, line.birth_year, fmt["center"])
    else:
        sheet.write_blank(row, 2, None, fmt["center"])
    sheet.write_string(row, 3, line.address, fmt["cell"])


def _write_line(sheet: Any, row: int, line: Row, fmt: dict[str, Any]) -> None:
    _write_person(sheet, row, line, fmt)
    sheet.write_string(row, 4, line.category, fmt["cell"])
    sheet.write_string(row, 5, line.basis, fmt["cell"])
    sheet.write_number(row, AMOUNT_COLUMN, line.amount, fmt["money"])
    sheet.write_blank(row, 7, None, fmt["cell"])


def _write_recovery(sheet: Any, row: int, line: Row, fmt: dict[str, Any]) -> None:
    _write_person(sheet, row, line, fmt)
    sheet.merge_range(row, 4, row, 5, line.basis, fmt["cell"])
    sheet.write_number(row, AMOUNT_COLUMN, line.amount, fmt["money"])


# --- the provider's file ------------------------------------------------------------------------

def provider_lines(cycle: Cycle) -> list[dict[str, Any]]:
    """The lines the provider or the bank is to pay, in the order of the signature list."""
    lines: list[dict[str, Any]] = list(
        cycle.lines.filter(channel__in=[Channel.PROVIDER, Channel.BANK],
                           kind__in=sorted(PAID_KINDS), status=LineStatus.PLANNED)
        .values(*_PROVIDER_FIELDS))
    return sorted(lines, key=line_order)


def provider_file_xlsx(cycle: Cycle) -> bytes:
    """The file for the payment-service provider or the bank: row 1 the headers of
    :data:`PROVIDER_COLUMNS`, then one row per line; the last four columns are theirs."""
    commune = cycle.commune
    period = f"{cycle.month:%m/%Y}"
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Danh sách chi trả")
    font = {"font_name": "Times New Roman", "font_size": 12}
    header = book.add_format({**font, "bold": True, "border": 1, "align": "center",
                              "valign": "vcenter", "text_wrap": True, "bg_color": "#DDEBF7"})
    cell = book.add_format({**font, "border": 1})
    center = book.add_format({**font, "border": 1, "align": "center"})
    text = book.add_format({**font, "border": 1, "num_format": "@"})
    money = book.add_format({**font, "border": 1, "num_format": "#,##0"})
    day = book.add_format({**font, "border": 1, "num_format": "dd/mm/yyyy",
                           "bg_color": "#FFF2CC"})
    theirs = book.add_format({**font, "border": 1, "bg_color": "#FFF2CC"})
    for col, (label, width) in enumerate(PROVIDER_COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, label, header)
    lines = provider_lines(cycle)
    for row, line in enumerate(lines, start=1):
        sheet.write_number(row, 0, line["id"], center)
        sheet.write_string(row, 1, line["full_name"], cell)
        if line["birth_year"]:
            sheet.write_number(row, 2, line["birth_year"], center)
        else:
            sheet.write_blank(row, 2, None, center)
        address = ", ".join(part for part in (
            address_with_group(line["address"], line["group_name"]), commune.name) if part)
        sheet.write_string(row, 3, address, cell)
        # Text, so that an account number keeps its leading zeros.
        sheet.write_string(row, 4, line["account_number"], text)
        sheet.write_number(row, 5, line["amount"], money)
        sheet.write_string(row, 6, period, center)
        sheet.write_blank(row, 7, None, theirs)
        sheet.write_blank(row, 8, None, day)
        sheet.write_blank(row, 9, None, theirs)
        sheet.write_blank(row, 10, None, theirs)
    if lines:
        sheet.data_validation(1, 7, len(lines), 7, {
            "validate": "list", "source": [PAID, UNPAID],
            "error_title": "Trạng thái",
            "error_message": f"Ghi “{PAID}” hoặc “{UNPAID}”."})
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, len(lines), len(PROVIDER_COLUMNS) - 1)
    sheet.set_landscape()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    _provider_guide(book, font, cycle, lines)
    book.close()
    return buffer.getvalue()


def _provider_guide(book: Any, font: dict[str, Any], cycle: Cycle,
                    lines: list[dict[str, Any]]) -> None:
    """A second sheet saying how to fill the file in (``returns`` reads the first sheet)."""
    sheet = book.add_worksheet("Hướng dẫn")
    bold = book.add_format({**font, "bold": True})
    wrap = book.add_format({**font, "text_wrap": True, "valign": "top"})
    sheet.set_column(0, 0, 110)
    total = sum(line["amount"] for line in lines)
    texts = [
        (f"Tệp chi trả {cycle.policy.name} — {cycle.commune.name}, kỳ {cycle.month:%m/%Y}",
         bold),
        (f"{len(lines)} dòng, tổng số tiền {format_money(total, unit=False)} đồng.", wrap),
        ("", wrap),
        ("Sau khi chi trả, xin ghi vào bốn cột cuối của trang “Danh sách chi trả” rồi gửi lại "
         "tệp này, giữ nguyên tên cột ở dòng 1, cột “Mã dòng” và cột “Số tiền”:", wrap),
        (f"- Trạng thái: “{PAID}” hoặc “{UNPAID}”.", wrap),
        ("- Ngày chi: ngày chi trả, dạng ngày/tháng/năm (ví dụ 05/06/2026); để trống nếu chưa "
         "chi.", wrap),
        ("- Người nhận: họ tên người nhận tiền nếu không phải chính đối tượng (người được ủy "
         "quyền); để trống nếu đối tượng tự nhận.", wrap),
        (f"- Lý do: bắt buộc với dòng “{UNPAID}” (ví dụ: tài khoản đã đóng, không liên lạc "
         "được).", wrap),
    ]
    for row, (value, style) in enumerate(texts):
        sheet.write_string(row, 0, value, style)
