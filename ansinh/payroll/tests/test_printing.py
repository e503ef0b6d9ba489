"""The signature list (PDF and Excel) and the provider's file, made from a generated cycle and
read back: the PDF with poppler (pdftotext, pdfinfo), the workbooks with python-calamine.

The June 2025 cycle of Phường Sài Gòn pays five persons in two residential groups: in Tổ 1 a
regular line each for Nguyễn Thị Hoà (1,5 × 500.000), Lê Văn Đức (2,0 × 500.000, by bank) and
Phạm Thị Lụa (K8, restricted); in Tổ 2 Đặng Văn Khẳng (by the provider: decided late, so
arrears for April and May and his June line) and Hồ Thị Hậu (a one-off 1.300.000). Vũ Thị Mỹ,
stopped after April but paid for May, owes a recovery of 750.000, which the list does not pay.
Page 1 of the PDF is drawn to ``test-artifacts/`` for people to look at.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import xlsxwriter
from django.utils import timezone
from python_calamine import CalamineWorkbook

from ansinh.cases.models import Benefit
from ansinh.cases.selectors import commune_place
from ansinh.core.text import date_line
from ansinh.geo.services import residential_group_create
from ansinh.payroll.exports import PROVIDER_COLUMNS, provider_file_xlsx, signature_list_xlsx
from ansinh.payroll.models import Channel, Cycle, LineKind
from ansinh.payroll.printing import (
    basis,
    coefficient,
    group_filter,
    natural_key,
    signature_list_pdf,
)
from ansinh.payroll.services import cycle_approve, cycle_generate, payment_account_set
from ansinh.policies.models import Policy
from ansinh.registry.models import Household

JUNE = date(2025, 6, 1)
# 750.000 + 1.000.000 + 750.000 (Tổ 1) + 3 × 750.000 + 1.300.000 (Tổ 2).
TOTAL = 6_050_000
TOTAL_WORDS = "Sáu triệu không trăm năm mươi nghìn đồng"
PROVIDER_HEADER = ["Mã dòng", "Họ và tên", "Năm sinh", "Địa chỉ", "Số tài khoản", "Số tiền",
                   "Kỳ chi trả", "Trạng thái", "Ngày chi", "Người nhận", "Lý do"]


@dataclass
class Payroll:
    cycle: Cycle
    officer: Any
    leader: Any
    persons: dict[str, Any]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: run scripts/ensure-pdf-libs.sh (poppler-utils)")
    return path


def _run(*args: str) -> str:
    return subprocess.run(  # noqa: S603 - fixed poppler tool, our own file
        list(args), check=True, capture_output=True).stdout.decode("utf-8")


def pdf_text(pdf: bytes, tmp_path: Path, *, page: int | None = None,
             layout: bool = False) -> str:
    """The text of the PDF (or of one page) in NFC.

    Without ``layout`` every run of white space is made single: a cell's wrapped lines read
    as one, but the table is read column by column. With ``layout`` the lines are kept, each
    table row's middle line holding its number, name, year and amount, and runs of spaces
    in a line are made single.
    """
    source = tmp_path / "list.pdf"
    source.write_bytes(pdf)
    options = ["-f", str(page), "-l", str(page)] if page else []
    if layout:
        options.append("-layout")
    out = unicodedata.normalize(
        "NFC", _run(_tool("pdftotext"), "-enc", "UTF-8", *options, str(source), "-"))
    if not layout:
        return " ".join(out.split())
    return "\n".join(" ".join(line.split()) for line in out.splitlines())


def pdf_info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    source = tmp_path / "info.pdf"
    source.write_bytes(pdf)
    out = _run(_tool("pdfinfo"), str(source))
    return {key.strip(): value.strip() for key, _sep, value in
            (line.partition(":") for line in out.splitlines())}


def save_first_page(pdf: bytes, artifacts_dir: Path, name: str) -> Path:
    source = artifacts_dir / f"{name}.pdf"
    source.write_bytes(pdf)
    _run(_tool("pdftoppm"), "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
         str(source), str(artifacts_dir / name))
    return artifacts_dir / f"{name}.png"


def sheet_rows(content: bytes, index: int = 0) -> list[list[Any]]:
    """The cells of a sheet, whole numbers as ``int`` (calamine reads every number as float)."""
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(index) \
        .to_python()
    return [[int(cell) if isinstance(cell, float) and cell.is_integer() else cell
             for cell in row] for row in rows]


# --- the cycle --------------------------------------------------------------------------------

@pytest.fixture
def payroll(catalog, geo, officers, make_person, make_benefit) -> Payroll:
    officer, leader = officers
    commune = geo.commune_c
    policy = Policy.objects.get(code="TGXH")
    groups = {name: residential_group_create(actor=officer, commune=commune, name=name)
              for name in ("Tổ 1", "Tổ 2")}
    persons: dict[str, Any] = {}

    def person(name: str, group: str, address: str, born: date) -> Any:
        household = Household.objects.create(
            commune=commune, code=f"HSG{len(persons) + 1:03d}", address=address,
            residential_group=groups[group])
        persons[name] = make_person(born=born, commune=commune, household=household, name=name)
        return persons[name]

    make_benefit(person("Nguyễn Thị Hoà", "Tổ 1", "Số 12 Lê Lợi", date(1941, 3, 2)), "K6",
                 start=date(2025, 1, 1), hundredths=150)
    make_benefit(person("Lê Văn Đức", "Tổ 1", "Số 8 Hàm Nghi", date(1950, 7, 9)), "K6",
                 start=date(2025, 1, 1), hundredths=200)
    make_benefit(person("Phạm Thị Lụa", "Tổ 1", "Số 3 Pasteur", date(1979, 1, 5)), "K8",
                 start=date(2025, 1, 1), hundredths=150)
    stopped = make_benefit(person("Vũ Thị Mỹ", "Tổ 2", "Số 40 Nam Kỳ Khởi Nghĩa",
                                  date(1938, 12, 1)), "K6", start=date(2025, 1, 1),
                           hundredths=150)
    for month in (date(2025, 4, 1), date(2025, 5, 1)):
        cycle_generate(actor=officer, commune=commune, policy=policy, month=month)
    # Decided after May's list was made: paid from April, as arrears.
    make_benefit(person("Đặng Văn Khẳng", "Tổ 2", "Số 5 Tôn Đức Thắng", date(1960, 5, 5)),
                 "K6", start=date(2025, 4, 1), hundredths=150)
    make_benefit(person("Hồ Thị Hậu", "Tổ 2", "Số 77 Đồng Khởi", date(1972, 8, 8)), "K6",
                 start=JUNE, hundredths=100, one_off_amount=1_300_000)
    # Stopped from May, after May was paid: a recovery.
    Benefit.objects.filter(pk=stopped.pk).update(end_month=date(2025, 4, 1), status="stopped",
                                                 updated_at=timezone.now())
    payment_account_set(actor=officer, person=persons["Lê Văn Đức"], channel=Channel.BANK,
                        bank_name="Agribank", account_number="0012345678",
                        account_holder="Lê Văn Đức")
    payment_account_set(actor=officer, person=persons["Đặng Văn Khẳng"],
                        channel=Channel.PROVIDER)
    payment_account_set(actor=officer, person=persons["Vũ Thị Mỹ"], channel=Channel.BANK,
                        bank_name="Vietcombank", account_number="9988776655")
    cycle = cycle_generate(actor=officer, commune=commune, policy=policy, month=JUNE)
    return Payroll(cycle, officer, leader, persons)


def _paid_total(cycle: Cycle) -> int:
    return sum(cycle.lines.filter(kind__in=[LineKind.REGULAR, LineKind.ARREAR,
                                            LineKind.ONE_OFF]).values_list("amount", flat=True))


def test_the_cycle_is_the_one_the_list_is_checked_against(payroll):
    lines = sorted((line.full_name, line.kind, line.amount)
                   for line in payroll.cycle.lines.all())
    assert lines == [
        ("Hồ Thị Hậu", LineKind.ONE_OFF, 1_300_000),
        ("Lê Văn Đức", LineKind.REGULAR, 1_000_000),
        ("Nguyễn Thị Hoà", LineKind.REGULAR, 750_000),
        ("Phạm Thị Lụa", LineKind.REGULAR, 750_000),
        ("Vũ Thị Mỹ", LineKind.RECOVERY, -750_000),
        ("Đặng Văn Khẳng", LineKind.ARREAR, 750_000),
        ("Đặng Văn Khẳng", LineKind.ARREAR, 750_000),
        ("Đặng Văn Khẳng", LineKind.REGULAR, 750_000),
    ]
    assert _paid_total(payroll.cycle) == TOTAL
    assert payroll.cycle.total == TOTAL - 750_000  # the cycle nets the recovery off


# --- the PDF ------------------------------------------------------------------------------------

def test_the_printed_list_pays_each_group_with_its_subtotal_and_the_total_in_words(
        payroll, tmp_path, artifacts_dir):
    cycle = cycle_approve(actor=payroll.leader, cycle=payroll.cycle)
    pdf = signature_list_pdf(cycle, viewer=payroll.officer)

    assert pdf.startswith(b"%PDF")
    assert save_first_page(pdf, artifacts_dir, "payroll-signature-list").stat().st_size > 0
    flat = pdf_text(pdf, tmp_path)
    lines = pdf_text(pdf, tmp_path, layout=True).splitlines()
    for expected in ["UBND PHƯỜNG SÀI GÒN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc",
                     "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG 06/2025"]:
        assert expected in flat

    def row(start: str) -> str:
        found = [line for line in lines if line.startswith(start)]
        assert len(found) == 1, (start, found)
        return found[0]

    # One row per line, numbered in group order then name order (Đặng before Hồ: "Đ" sorts
    # as "D"); the middle line of a row has its number, name, year and amount.
    assert row("1 Lê Văn Đức 1950 Số 8 Hàm Nghi, Tổ 1").endswith("2,0 × 500.000 1.000.000")
    assert row("2 Nguyễn Thị Hoà 1941 Số 12 Lê Lợi, Tổ 1").endswith("1,5 × 500.000 750.000")
    assert row("3 Phạm Thị Lụa 1979 Số 3 Pasteur, Tổ 1").endswith("1,5 × 500.000 750.000")
    # His arrears, month by month, then June (the whole wording is the Excel test's).
    assert "04/2025" in row("4 Đặng Văn Khẳng 1960") and row("4 Đặng").endswith(" 750.000")
    assert "05/2025" in row("5 Đặng Văn Khẳng 1960") and row("5 Đặng").endswith(" 750.000")
    assert row("6 Đặng Văn Khẳng 1960").endswith("1,5 × 500.000 750.000")
    assert row("7 Hồ Thị Hậu 1972 Số 77 Đồng Khởi, Tổ 2").endswith("1.300.000 1.300.000")
    numbers = [int(m.group(1)) for line in lines if (m := re.match(r"(\d+) \D", line))]
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 1]  # the last one is the recovery's
    assert flat.count("Số 5 Tôn Đức Thắng, Tổ 2") == 3
    assert flat.count("Truy lĩnh tháng") == 2
    flat = " ".join(lines)  # the subtotal rows, each on its line
    assert "Cộng Tổ 1: 3 người 2.500.000" in flat
    assert "Cộng Tổ 2: 2 người 3.550.000" in flat
    assert "Tổng cộng: 5 người 6.050.000" in flat
    assert _paid_total(cycle) == TOTAL
    assert f"Bằng chữ: {TOTAL_WORDS}." in flat
    # The recovery is listed after the total, and neither paid nor counted.
    recoveries = flat[flat.index("Các khoản thu hồi"):]
    assert "Không chi trả và không tính vào tổng số tiền trên." in recoveries
    assert "1 Vũ Thị Mỹ 1938" in recoveries
    assert "Thu hồi tháng 05/2025: Đã chi khi không còn được hưởng 750.000" in recoveries
    assert "Cộng thu hồi: 1 khoản 750.000" in recoveries
    assert flat.index("Vũ Thị Mỹ") > flat.index("Bằng chữ")
    # Dated the day it was approved, signed by three.
    assert cycle.approved_at is not None
    assert date_line(commune_place(cycle.commune), cycle.approved_at) in flat
    for role in ["NGƯỜI LẬP BIỂU", "KẾ TOÁN", "CHỦ TỊCH UBND", "(Ký, ghi rõ họ tên, đóng dấu)"]:
        assert role in flat
    assert payroll.officer.full_name in flat  # who generated the list prepared it
    pages = int(pdf_info(pdf, tmp_path)["Pages"])
    assert f"Trang 1/{pages}" in flat and f"Trang {pages}/{pages}" in flat


def test_the_list_is_landscape_a4(payroll, tmp_path):
    info = pdf_info(signature_list_pdf(payroll.cycle, viewer=payroll.officer), tmp_path)

    width, _x, height = info["Page size"].split()[:3]
    assert float(width) > float(height)
    assert (round(float(width)), round(float(height))) == (842, 595)  # A4, in points


def test_a_restricted_group_prints_as_its_policy_never_as_its_code(payroll, tmp_path):
    pdf = signature_list_pdf(payroll.cycle, viewer=payroll.officer)
    text = pdf_text(pdf, tmp_path)
    lua = next(line for line in pdf_text(pdf, tmp_path, layout=True).splitlines()
               if line.startswith("3 Phạm Thị Lụa"))

    assert "Trợ cấp xã hội hằng tháng" in lua
    assert "K8" not in text and "HIV" not in text and "K6" not in text
    assert text.count("Người khuyết tật nặng") == 6  # the other groups are named


def test_a_draft_says_so_and_leaves_its_date_to_be_written(payroll, tmp_path):
    flat = pdf_text(signature_list_pdf(payroll.cycle, viewer=None), tmp_path)

    assert "Dự thảo, chưa được duyệt" in flat
    assert "Sài Gòn, ngày ...... tháng ...... năm" in flat


def test_one_groups_list_has_only_its_lines_and_no_subtotal(payroll, tmp_path):
    lines = pdf_text(signature_list_pdf(payroll.cycle, group="Tổ 1", viewer=payroll.officer),
                     tmp_path, layout=True)
    flat = " ".join(lines.split("\n"))

    assert "Tổ 1" in flat and "Lê Văn Đức" in flat and "Phạm Thị Lụa" in flat
    assert "Đặng Văn Khẳng" not in flat and "Vũ Thị Mỹ" not in flat
    assert "Cộng Tổ 1" not in flat
    assert "Tổng cộng: 3 người 2.500.000" in flat
    assert "Bằng chữ: Hai triệu năm trăm nghìn đồng." in flat


def test_a_long_list_repeats_its_header_and_keeps_each_row_on_one_page(
        catalog, geo, officers, make_person, make_benefit, tmp_path, artifacts_dir):
    officer, _leader = officers
    group = residential_group_create(actor=officer, commune=geo.commune_c, name="Tổ 10")
    names = [f"{surname} Thị {given}" for surname in ("Nguyễn", "Trần", "Lê", "Đỗ")
             for given in ("Ánh", "Bích", "Cúc", "Dậu", "Ếch", "Gấm", "Hằng", "Ích", "Khuê",
                           "Lụa", "Mận", "Nhã")]
    for index, name in enumerate(names):
        household = Household.objects.create(commune=geo.commune_c, code=f"HL{index:03d}",
                                             address=f"Số {index + 1} Lý Tự Trọng",
                                             residential_group=group)
        person = make_person(born=date(1940, 1, 1), commune=geo.commune_c,
                             household=household, name=name)
        make_benefit(person, "K6", start=date(2025, 1, 1), hundredths=150)
    cycle = cycle_generate(actor=officer, commune=geo.commune_c,
                           policy=Policy.objects.get(code="TGXH"), month=JUNE)

    pdf = signature_list_pdf(cycle, viewer=officer)
    save_first_page(pdf, artifacts_dir, "payroll-signature-list-long")
    pages = int(pdf_info(pdf, tmp_path)["Pages"])
    assert pages >= 3
    seen: list[str] = []
    for page in range(1, pages + 1):
        text = pdf_text(pdf, tmp_path, page=page, layout=True)
        assert f"Trang {page}/{pages}" in text
        if page < pages:  # the last page may hold only the signatures
            assert "STT Họ và tên Địa chỉ/Tổ Đối tượng Mức hưởng" in text
        # Every row whole on its page: number, name, year and amount on its middle line.
        seen += [name for name in names
                 if re.search(rf"^\d+ {name} 1940\b.* 1,5 × 500\.000 750\.000$", text,
                              re.MULTILINE)]
    assert sorted(seen) == sorted(names)
    assert "Tổng cộng: 48 người 36.000.000" in pdf_text(pdf, tmp_path, layout=True)


# --- the Excel sheet ----------------------------------------------------------------------------

def test_the_excel_list_has_the_same_rows_subtotals_and_total(payroll):
    rows = sheet_rows(signature_list_xlsx(payroll.cycle))
    text = [" ".join(str(cell) for cell in row if cell != "") for row in rows]

    assert "UBND PHƯỜNG SÀI GÒN" in text[0] and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text[0]
    assert "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI THÁNG 06/2025" in text
    header = text.index("STT Họ và tên Năm sinh Địa chỉ/Tổ Đối tượng Mức hưởng Số tiền (đồng) "
                        "Ký nhận")
    lines = [row[:7] for row in rows[header + 1:] if isinstance(row[0], int)]
    assert [(n, name, year, amount) for n, name, year, _a, _c, _b, amount in lines[:7]] == [
        (1, "Lê Văn Đức", 1950, 1_000_000), (2, "Nguyễn Thị Hoà", 1941, 750_000),
        (3, "Phạm Thị Lụa", 1979, 750_000), (4, "Đặng Văn Khẳng", 1960, 750_000),
        (5, "Đặng Văn Khẳng", 1960, 750_000), (6, "Đặng Văn Khẳng", 1960, 750_000),
        (7, "Hồ Thị Hậu", 1972, 1_300_000)]
    assert lines[2][4] == "Trợ cấp xã hội hằng tháng" and lines[0][5] == "2,0 × 500.000"
    assert "Tổ 1" in text and "Cộng Tổ 1: 3 người 2500000" in text
    assert "Cộng Tổ 2: 2 người 3550000" in text
    assert "Tổng cộng: 5 người 6050000" in text
    assert f"Bằng chữ: {TOTAL_WORDS}." in text
    assert "Cộng thu hồi: 1 khoản 750000" in text
    assert not any("K8" in line or "HIV" in line for line in text)


def test_one_groups_excel_list_has_only_its_lines(payroll):
    text = " ".join(str(cell) for row in sheet_rows(signature_list_xlsx(payroll.cycle,
                                                                         group="Tổ 2"))
                    for cell in row)

    assert "Đặng Văn Khẳng" in text and "Hồ Thị Hậu" in text and "Lê Văn Đức" not in text
    assert "Tổng cộng: 2 người" in text and "Cộng Tổ 2" not in text


# --- the provider's file ----------------------------------------------------------------------

def test_the_provider_file_has_the_agreed_header_and_only_provider_and_bank_lines(payroll):
    cycle = cycle_approve(actor=payroll.leader, cycle=payroll.cycle)
    rows = sheet_rows(provider_file_xlsx(cycle))

    assert rows[0] == PROVIDER_HEADER == [label for label, _width in PROVIDER_COLUMNS]
    body = [row for row in rows[1:] if any(cell != "" for cell in row)]
    ids = {line.full_name + line.for_month.strftime("%m"): line.pk for line in cycle.lines.all()}
    assert [(row[0], row[1], row[2], row[4], row[5], row[6]) for row in body] == [
        (ids["Lê Văn Đức06"], "Lê Văn Đức", 1950, "0012345678", 1_000_000, "06/2025"),
        (ids["Đặng Văn Khẳng04"], "Đặng Văn Khẳng", 1960, "", 750_000, "06/2025"),
        (ids["Đặng Văn Khẳng05"], "Đặng Văn Khẳng", 1960, "", 750_000, "06/2025"),
        (ids["Đặng Văn Khẳng06"], "Đặng Văn Khẳng", 1960, "", 750_000, "06/2025"),
    ]
    assert body[0][3] == "Số 8 Hàm Nghi, Tổ 1, Phường Sài Gòn"
    # The provider's four columns are left to fill; Vũ Thị Mỹ's recovery is not sent.
    assert all(row[7:] == ["", "", "", ""] for row in body)
    assert "Vũ Thị Mỹ" not in str(rows)
    guide = " ".join(str(cell) for row in sheet_rows(provider_file_xlsx(cycle), 1)
                     for cell in row)
    assert "4 dòng, tổng số tiền 3.250.000 đồng." in guide


def test_the_provider_file_filled_in_is_taken_back_by_the_return_import(payroll):
    from ansinh.payroll.returns import returns_import

    cycle = cycle_approve(actor=payroll.leader, cycle=payroll.cycle)
    rows = sheet_rows(provider_file_xlsx(cycle))
    # The provider fills in its four columns: one line not paid, the others paid on 10 June.
    filled = [rows[0]] + [[*row[:7], "Chưa chi", "", "", "Tài khoản đã đóng"] if index == 1
                          else [*row[:7], "Đã chi", "10/06/2025", "", ""]
                          for index, row in enumerate(rows[1:], start=1)]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for index, row in enumerate(filled):
        sheet.write_row(index, 0, row)
    book.close()

    report = returns_import(actor=payroll.officer, cycle=cycle, file_bytes=buffer.getvalue(),
                            filename="ket-qua.xlsx")

    assert (report.rows, report.paid, report.returned) == (4, 3, 1)
    assert report.paid_amount == 2_250_000 and report.returned_amount == 1_000_000


# --- helpers ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("hundredths", "text"), [(150, "1,5"), (100, "1,0"), (125, "1,25"),
                                                  (250, "2,5"), (40, "0,4")])
def test_a_coefficient_is_written_with_a_decimal_comma(hundredths, text):
    assert coefficient(hundredths) == text


def _line(kind: str, amount: int, reason: str = "", *, base: int = 500_000,
          hundredths: int = 150, multiplier: int = 1) -> dict[str, Any]:
    return {"kind": kind, "amount": amount, "reason": reason, "base": base,
            "hundredths": hundredths, "multiplier": multiplier, "for_month": date(2025, 5, 1)}


@pytest.mark.parametrize(("line", "shown"), [
    (_line("regular", 750_000), "1,5 × 500.000"),
    (_line("regular", 1_000_000, hundredths=100, multiplier=2), "1,0 × 500.000 × 2"),
    (_line("one_off", 1_300_000, base=0), "1.300.000"),
    (_line("arrear", 750_000, "Truy lĩnh tháng 05/2025"),
     "Truy lĩnh tháng 05/2025 (1,5 × 500.000)"),
    # A difference: the month's formula would not give the amount.
    (_line("arrear", 60_000, "Truy lĩnh chênh lệch mức chuẩn tháng 05/2025", base=540_000,
           hundredths=150), "Truy lĩnh chênh lệch mức chuẩn tháng 05/2025"),
    # An arrear recorded before An Sinh: its own reason, no basis.
    (_line("arrear", 360_000, "Quyết định 12/QĐ-UBND chậm", base=0),
     "Truy lĩnh tháng 05/2025: Quyết định 12/QĐ-UBND chậm"),
    (_line("arrear", 750_000), "Truy lĩnh tháng 05/2025 (1,5 × 500.000)"),
    (_line("recovery", -750_000, "Đã chi sau khi đối tượng qua đời"),
     "Thu hồi tháng 05/2025: Đã chi sau khi đối tượng qua đời (1,5 × 500.000)"),
])
def test_the_basis_column_says_how_the_amount_was_reached(line, shown):
    assert basis(line) == shown


@pytest.mark.parametrize(("group", "selected"), [(None, None), ("Tổ 1", "Tổ 1"), ("-", ""),
                                                 ("", "")])
def test_a_dash_selects_the_households_in_no_group(group, selected):
    assert group_filter(group) == selected


def test_groups_sort_by_their_numbers():
    names = ["Tổ 10", "Tổ 2", "", "Tổ 1", "Thôn Đông"]
    assert sorted(names, key=natural_key) == ["", "Thôn Đông", "Tổ 1", "Tổ 2", "Tổ 10"]


def test_markup_in_a_name_prints_as_written(payroll, tmp_path):
    name = 'Lê <b>"Tư"</b> & Cộng sự'
    type(payroll.officer).objects.filter(pk=payroll.officer.pk).update(full_name=name)
    cycle = Cycle.objects.get(pk=payroll.cycle.pk)  # its preparer read afresh

    pdf = signature_list_pdf(cycle, viewer=SimpleNamespace(full_name=name))
    flat = pdf_text(pdf, tmp_path)

    assert f"bởi {name}" in flat
    # In the footer of each page, and under the preparer's signature.
    assert flat.count(name) == int(pdf_info(pdf, tmp_path)["Pages"]) + 1
