"""Reading commune lists as officers keep them: every messy trait of a real file, one test each.

The files are written by :mod:`.messy_files`; each test reads them back through
``read_workbook`` → ``extract_rows`` → the cell parsers and compares with what was written.
"""

from __future__ import annotations

import hashlib
import inspect
import io
import os
import time
import unicodedata
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

from ansinh.registry.imports import reader
from ansinh.registry.imports.columns import (
    HeaderMatch,
    detect_header,
    mapping_from_template,
    suggest_mapping,
    template_from_mapping,
)
from ansinh.registry.imports.reader import (
    ExtractedTable,
    ImportFileError,
    RawSheet,
    SourceRow,
    extract_rows,
    read_workbook,
)
from ansinh.registry.imports.values import (
    parse_birth,
    parse_disability_level,
    parse_ethnicity,
    parse_national_id,
    parse_old_id,
    parse_phone,
    parse_relationship,
    parse_sex,
    parse_text,
)
from ansinh.registry.tests import messy_files
from ansinh.registry.tests.messy_files import (
    commune_list_csv,
    commune_list_ods,
    commune_list_xls,
    commune_list_xlsx,
    people,
)

TODAY = date(2026, 2, 5)


def _read(data: bytes, filename: str = "danh-sach.xlsx", **options: Any) -> ExtractedTable:
    return extract_rows(read_workbook(data, filename), **options)


def _person(row: SourceRow) -> tuple[object, ...]:
    """What a row says, read by the parsers: (name, birth date, sex, CCCD)."""
    cells = row.cells
    name, _ = parse_text(cells.get("full_name"))
    birth, birth_error = parse_birth(cells.get("birth_date"), today=TODAY)
    sex, sex_error = parse_sex(cells.get("sex"), cells.get("sex_male_mark"),
                               cells.get("sex_female_mark"))
    nid, nid_error = parse_national_id(cells.get("national_id"))
    assert (birth_error, sex_error, nid_error) == (None, None, None), row
    return name, birth.date, sex, nid


def _expected(persons: list[dict[str, Any]]) -> list[tuple[object, ...]]:
    return [(p["full_name"], p["birth"], p["sex"], p["national_id"]) for p in persons]


def _single_sheet(table: ExtractedTable) -> list[SourceRow]:
    assert len(table.sheets) == 1
    return table.sheets[0].rows


# --- Layout of the sheet -----------------------------------------------------------------------


def test_the_title_block_above_the_table_is_skipped():
    persons = people(4)
    table = _read(commune_list_xlsx(persons))
    sheet = table.sheets[0]
    assert sheet.header.header_row == 6  # UBND…, CỘNG HÒA…, DANH SÁCH… above it
    assert [row.row_number for row in sheet.rows] == [10, 11, 13, 14]  # blank row 12
    assert [_person(row) for row in sheet.rows] == _expected(persons)


def test_a_header_merged_over_two_rows_reads_sex_from_the_x_under_nam_or_nu():
    persons = people(6)
    sheet = _read(commune_list_xlsx(persons, sex_as_marks=True, merged_header=True)).sheets[0]
    assert sheet.header.headers[3:5] == ["Giới tính › Nam", "Giới tính › Nữ"]
    assert sheet.header.columns["sex_male_mark"] == 3
    assert sheet.header.columns["sex_female_mark"] == 4
    assert "sex" not in sheet.header.columns
    assert [_person(row)[2] for row in sheet.rows] == ["M", "F", "M", "F", "M", "F"]


def test_births_written_under_nam_or_nu_of_a_merged_birth_header_give_birth_and_sex():
    persons = people(4)
    sheet = _read(commune_list_xlsx(persons, birth_by_sex=True)).sheets[0]
    assert sheet.header.headers[2:4] == ["Năm sinh › Nam", "Năm sinh › Nữ"]
    assert {"birth_date_male", "birth_date_female"} <= set(sheet.header.columns)
    assert [_person(row) for row in sheet.rows] == _expected(persons)


def test_births_in_one_header_row_as_nam_sinh_nam_and_nam_sinh_nu_are_recognised():
    persons = people(2)
    sheet = _read(commune_list_xlsx(persons, birth_by_sex=True, merged_header=False)).sheets[0]
    assert [_person(row) for row in sheet.rows] == _expected(persons)


def test_a_birth_split_into_day_month_and_year_columns_is_joined():
    text = ("STT,Họ và tên,Ngày sinh,,,Giới tính\r\n"
            ",,Ngày,Tháng,Năm,\r\n"
            "1,Lê Văn Tám,5,3,1950,Nam\r\n"
            "2,Vũ Thị Sáu,,,1945,Nữ\r\n")
    rows = _single_sheet(_read(text.encode(), "ds.csv"))
    assert [parse_birth(row.cells["birth_date"], today=TODAY)[0][:2] for row in rows] == [
        (date(1950, 3, 5), "day"), (date(1945, 1, 1), "year")]


@pytest.mark.parametrize("name_header", ["Họ và tên", "Họ tên", "HỌ VÀ TÊN"])
@pytest.mark.parametrize("birth_header", ["Ngày sinh", "Năm sinh", "Ngày tháng năm sinh"])
@pytest.mark.parametrize("id_header", ["Số CCCD", "Số định danh cá nhân"])
def test_header_spellings_of_name_birth_and_cccd_are_recognised(
    name_header, birth_header, id_header,
):
    persons = people(2)
    headers = {"full_name": name_header, "birth": birth_header, "national_id": id_header}
    sheet = _read(commune_list_xlsx(persons, headers=headers)).sheets[0]
    assert {"full_name": 1, "birth_date": 2, "national_id": 5}.items() <= (
        sheet.header.columns.items())
    assert [_person(row) for row in sheet.rows] == _expected(persons)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Số CCCD/CMND", "national_id"),
        ("CCCD/CMND", "national_id"),
        ("Số CMND", "old_id_number"),
        ("Quan hệ với chủ hộ", "relationship"),
        ("Thôn/Tổ dân phố", "residential_group"),
        ("Tổ", "residential_group"),
        ("Địa chỉ thường trú", "address"),
        ("Số thẻ BHYT", "health_insurance_number"),
        ("Mức độ khuyết tật", "disability_level"),
        ("SĐT", "phone"),
        ("Mã hộ gia đình", "household_code"),
        ("Dân tộc", "ethnicity"),
        ("Ghi chú", "note"),
        ("Xã cũ", "old_commune"),
        ("Huyện", "old_district"),
        ("Tỉnh", "old_province"),
    ],
)
def test_header_words_name_their_field(header, field):
    assert suggest_mapping(["Họ và tên", header]) == {"full_name": 0, field: 1}


def test_words_inside_other_headers_are_not_mistaken_for_short_headers():
    # "Tình trạng" folds to "tinh trang", "Năm" (year) to "nam"; neither is a column we know.
    assert suggest_mapping(["Họ và tên", "Tình trạng", "Năm", "Tổng thu nhập"]) == {
        "full_name": 0}


def test_the_stt_column_and_the_row_of_column_numbers_are_not_persons():
    persons = people(3)
    sheet = _read(commune_list_xlsx(persons, number_row=True)).sheets[0]
    assert sheet.header.columns["row_no"] == 0
    assert sheet.header.data_start == 9  # header on rows 7–8, "(1) (2) …" on row 9
    assert [row.cells["row_no"] for row in sheet.rows] == [1, 2, 3]
    assert len(sheet.rows) == 3


def test_a_sheet_without_title_block_or_merged_header_reads_the_same():
    persons = people(3)
    plain = commune_list_xlsx(persons, title_block=False, merged_header=False,
                              sex_as_marks=False, number_row=False, total_row=False,
                              blank_rows=False, footer=False)
    sheet = _read(plain).sheets[0]
    assert (sheet.header.header_row, sheet.header.data_start) == (0, 1)
    assert [_person(row) for row in sheet.rows] == _expected(persons)


# --- Values as Excel keeps them ------------------------------------------------------------------


def test_birth_dates_as_text_serials_real_dates_and_years_alone_read_back_from_a_file():
    births = ["05/02/1950", "5/2/50", 29221.0, date(1960, 3, 4), 1945, "1945"]
    persons = [{**p, "birth": birth} for p, birth in zip(people(6), births, strict=True)]
    rows = _single_sheet(_read(commune_list_xlsx(persons)))
    read = [parse_birth(row.cells["birth_date"], today=TODAY)[0] for row in rows]
    assert [(b.date, b.precision) for b in read] == [
        (date(1950, 2, 5), "day"), (date(1950, 2, 5), "day"), (date(1980, 1, 1), "day"),
        (date(1960, 3, 4), "day"), (date(1945, 1, 1), "year"), (date(1945, 1, 1), "year")]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("05/02/1950", (date(1950, 2, 5), "day", 1950)),
        ("5/2/1950", (date(1950, 2, 5), "day", 1950)),
        ("5-2-1950", (date(1950, 2, 5), "day", 1950)),
        ("05.02.1950", (date(1950, 2, 5), "day", 1950)),
        ("1950-02-05", (date(1950, 2, 5), "day", 1950)),
        ("05/02/1950 00:00:00", (date(1950, 2, 5), "day", 1950)),
        ("ngày 5 tháng 2 năm 1950", (date(1950, 2, 5), "day", 1950)),
        ("05–02–1950", (date(1950, 2, 5), "day", 1950)),
        ("5/2/50", (date(1950, 2, 5), "day", 1950)),
        ("5/2/20", (date(2020, 2, 5), "day", 2020)),  # not 1920: the latest past century
        ("5/2/26", (date(2026, 2, 5), "day", 2026)),  # born today
        ("6/2/26", (date(1926, 2, 6), "day", 1926)),  # tomorrow in 2026, so 1926
        ("03/1950", (date(1950, 3, 1), "month", 1950)),
        ("00/00/1945", (date(1945, 1, 1), "year", 1945)),
        ("1945", (date(1945, 1, 1), "year", 1945)),
        (1945, (date(1945, 1, 1), "year", 1945)),
        (1945.0, (date(1945, 1, 1), "year", 1945)),
        ("1945.0", (date(1945, 1, 1), "year", 1945)),
        (29221.0, (date(1980, 1, 1), "day", 1980)),
        (date(1960, 3, 4), (date(1960, 3, 4), "day", 1960)),
        (date(1905, 4, 28), (date(1945, 1, 1), "year", 1945)),  # 1945 typed in a date cell
        ("", (None, "day", None)),
        ("  ", (None, "day", None)),
        (None, (None, "day", None)),
    ],
)
def test_birth_dates_are_read_in_every_shape_officers_type(cell, expected):
    birth, error = parse_birth(cell, today=TODAY)
    assert error is None
    assert tuple(birth) == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("31/02/1950", "Ngày sinh “31/02/1950” không có thật."),
        ("13/13/1950", "Ngày sinh “13/13/1950” không có thật."),
        ("05/02/2030", "Ngày sinh ở tương lai (05/02/2030)."),
        (date(2027, 1, 1), "Ngày sinh ở tương lai (01/01/2027)."),
        ("2027", "Ngày sinh ở tương lai (2027)."),
        ("02/2026", None),
        ("03/2026", "Ngày sinh ở tương lai (03/2026)."),
        ("1900", "hơn 110 tuổi"),
        ("không rõ", "Không đọc được ngày sinh “không rõ”"),
        ("45", "Không đọc được ngày sinh “45”"),
        (True, "Không đọc được ngày sinh"),
    ],
)
def test_impossible_future_and_unreadable_birth_dates_are_reported(cell, message):
    birth, error = parse_birth(cell, today=TODAY)
    if message is None:
        assert error is None
    else:
        assert error is not None and message in error
        assert birth.date is None


def test_a_future_birth_date_in_a_file_is_reported_for_its_row():
    persons = people(2)
    persons[1]["birth"] = "05/02/2030"
    rows = _single_sheet(_read(commune_list_xlsx(persons)))
    assert parse_birth(rows[1].cells["birth_date"], today=TODAY)[1] == (
        "Ngày sinh ở tương lai (05/02/2030).")


def test_a_31st_of_february_in_a_file_is_reported_for_its_row():
    persons = people(2)
    persons[0]["birth"] = "31/02/1950"
    rows = _single_sheet(_read(commune_list_xlsx(persons)))
    assert parse_birth(rows[0].cells["birth_date"], today=TODAY)[1] == (
        "Ngày sinh “31/02/1950” không có thật.")


def test_a_cccd_that_lost_its_leading_zeros_in_a_number_cell_gets_them_back():
    persons = people(3)  # the third is written as a number: 1073000002
    rows = _single_sheet(_read(commune_list_xlsx(persons)))
    assert rows[2].cells["national_id"] == 1073000002.0
    assert parse_national_id(rows[2].cells["national_id"]) == (persons[2]["national_id"], None)
    assert parse_national_id(1080000123) == ("001080000123", None)
    assert parse_national_id("'001080000123") == ("001080000123", None)
    assert parse_national_id("001 080 000 123") == ("001080000123", None)


def test_a_cccd_shown_in_scientific_notation_is_reported_not_guessed():
    persons = people(2)
    persons[1]["national_id"] = "1,08E+11"
    rows = _single_sheet(_read(commune_list_xlsx(persons)))
    assert parse_national_id(rows[1].cells["national_id"]) == (None, (
        "Số CCCD bị Excel đổi sang dạng 1,08E+11 nên mất chữ số; hãy định dạng cột là Văn bản "
        "và nhập lại."))
    # All twelve digits still shown: nothing was lost.
    assert parse_national_id("1.23456789012E+11") == ("123456789012", None)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("12345", "Số CCCD phải có 12 chữ số"),
        ("0010800001234", "Số CCCD phải có 12 chữ số"),
        ("00108000012A", "chỉ được gồm chữ số"),
        ("123456789", "số CMND cũ"),
    ],
)
def test_a_cccd_of_the_wrong_shape_is_reported(cell, message):
    nid, error = parse_national_id(cell)
    assert nid is None and error is not None and message in error


def test_an_old_cmnd_that_lost_its_leading_zero_gets_it_back():
    assert parse_old_id(12345678.0) == ("012345678", None)
    assert parse_old_id("012 345 678") == ("012345678", None)
    assert parse_old_id("1234")[1] is not None


@pytest.mark.parametrize(
    ("value", "male", "female", "expected"),
    [
        ("Nam", None, None, ("M", None)),
        ("nữ", None, None, ("F", None)),
        ("NỮ", None, None, ("F", None)),
        ("nu", None, None, ("F", None)),
        ("", "x", "", ("M", None)),
        ("", "", "X", ("F", None)),
        (None, 1.0, "", ("M", None)),
        (None, date(1950, 1, 1), "", ("M", None)),  # a birth written under "Nam"
        ("", "", "", (None, None)),
    ],
)
def test_sex_is_read_from_the_word_or_from_the_mark_under_nam_or_nu(value, male, female, expected):
    assert parse_sex(value, male, female) == expected


def test_sex_marked_twice_or_contradicting_the_word_is_reported():
    assert "Cả cột Nam và cột Nữ" in (parse_sex("", "x", "x")[1] or "")
    assert "dấu đánh ở cột Nữ" in (parse_sex("Nam", "", "x")[1] or "")
    assert "không rõ" in (parse_sex("?", None, None)[1] or "")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("  Nguyễn   Văn\nAn ", "Nguyễn Văn An"),
        (unicodedata.normalize("NFD", "Đặng Văn Ảnh"), "Đặng Văn Ảnh"),
        ("Lê\u200bThị", "LêThị"),
        (12.0, "12"),
        (12.5, "12.5"),
        (7, "7"),
        (date(2026, 2, 5), "05/02/2026"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # escaped when shown
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_text_cells_are_trimmed_with_spaces_collapsed_and_numbers_without_dot_zero(cell, expected):
    assert parse_text(cell) == (expected, None)


def test_text_longer_than_allowed_is_reported():
    assert parse_text("a" * 201, max_length=200)[1] == f"“{'a' * 40}…” dài quá 200 ký tự."


@pytest.mark.parametrize(
    ("parser", "cell", "expected"),
    [
        (parse_phone, 912345678.0, "0912345678"),
        (parse_phone, "+84 912 345 678", "0912345678"),
        (parse_phone, "0243.123.4567", "02431234567"),
        (parse_phone, "0912345678 / 0987654321", "0912345678"),
        (parse_ethnicity, "Kinh", "01"),
        (parse_ethnicity, "H'Mông", "08"),
        (parse_ethnicity, 1.0, "01"),
        (parse_relationship, "Chủ hộ", "head"),
        (parse_relationship, "Con dâu", "child_in_law"),
        (parse_relationship, "Bà", "grandparent"),
        (parse_relationship, "Ba", "parent"),
        (parse_disability_level, "Đặc biệt nặng", "especially_severe"),
        (parse_disability_level, "Khuyết tật nặng", "severe"),
    ],
)
def test_other_columns_are_read_to_their_codes(parser, cell, expected):
    assert parser(cell) == (expected, None)


@pytest.mark.parametrize(
    ("parser", "cell"),
    [(parse_phone, "gọi trưởng thôn"), (parse_phone, "12345"), (parse_ethnicity, "Sao Hỏa"),
     (parse_relationship, "hàng xóm"), (parse_disability_level, "x")],
)
def test_other_columns_with_unknown_values_are_reported(parser, cell):
    value, error = parser(cell)
    assert value is None and error


# --- Rows that are not persons -----------------------------------------------------------------


def test_total_rows_and_blank_rows_are_dropped():
    persons = people(5)
    sheet = _read(commune_list_xlsx(persons, total_row=True, blank_rows=True)).sheets[0]
    assert len(sheet.rows) == 5
    assert [(s.row_number, s.reason) for s in sheet.skipped][0] == (16, "Dòng tổng cộng")


@pytest.mark.parametrize("label", ["Tổng cộng", "Cộng: 149 người", "TỔNG SỐ", "Tong cong"])
def test_total_rows_are_dropped_whatever_their_label(label):
    persons = people(3)
    sheet = _read(commune_list_xlsx(persons, total_label=label, footer=False)).sheets[0]
    assert len(sheet.rows) == 3
    assert [s.reason for s in sheet.skipped] == ["Dòng tổng cộng"]


def test_names_that_start_like_a_total_or_a_signature_are_still_persons():
    names = ["Tống Văn Bình", "Tong Van Binh", "Công Tằng Tôn Nữ Hoa", "Trương Thị Kế",
             "Phó Đức Chính", "Người Văn Lập"]
    persons = [{**p, "full_name": n} for p, n in zip(people(6), names, strict=True)]
    rows = _single_sheet(_read(commune_list_xlsx(persons)))
    assert [row.cells["full_name"] for row in rows] == names


def test_rows_numbered_in_advance_and_left_empty_are_not_persons():
    text = ("STT;Họ và tên;Ngày sinh\r\n1;Lê Văn Tám;1950\r\n2;;\r\n3;;\r\n\r\n;;\r\n")
    rows = _single_sheet(_read(text.encode(), "ds.csv"))
    assert [row.cells["full_name"] for row in rows] == ["Lê Văn Tám"]


def test_a_row_without_a_name_but_with_data_is_kept_for_the_pipeline_to_report():
    text = "STT,Họ và tên,Ngày sinh\r\n1,Lê Văn Tám,1950\r\n2,,1960\r\n"
    rows = _single_sheet(_read(text.encode(), "ds.csv"))
    assert [(row.row_number, row.cells["full_name"]) for row in rows] == [
        (2, "Lê Văn Tám"), (3, "")]


def test_a_header_pasted_again_inside_the_list_is_skipped():
    text = ("STT,Họ và tên,Ngày sinh\r\n1,Lê Văn Tám,1950\r\n"
            "STT,Họ và tên,Ngày sinh\r\n2,Vũ Thị Sáu,1945\r\n")
    sheet = _read(text.encode(), "ds.csv").sheets[0]
    assert [row.cells["full_name"] for row in sheet.rows] == ["Lê Văn Tám", "Vũ Thị Sáu"]
    assert [s.reason for s in sheet.skipped] == ["Dòng tiêu đề cột lặp lại"]


def test_the_signature_block_ends_the_list():
    persons = people(3)
    sheet = _read(commune_list_xlsx(persons, footer=True)).sheets[0]
    assert [row.cells["full_name"] for row in sheet.rows] == [p["full_name"] for p in persons]
    assert sheet.footer_row == 16  # "Cự Khối, ngày 05 tháng 02 năm 2026", under the total
    # The signatory's name under "NGƯỜI LẬP BIỂU" is not a person.
    assert "Nguyễn Văn Lập" not in [row.cells["full_name"] for row in sheet.rows]


def test_a_person_added_below_the_signature_block_is_kept():
    text = ("Họ và tên,Ngày sinh,Số CCCD\r\n"
            "Lê Văn Tám,1950,001050000001\r\n"
            ",NGƯỜI LẬP BIỂU,CHỦ TỊCH\r\n"
            "Nguyễn Văn Lập,,\r\n"
            "Vũ Thị Sáu,1945,\r\n")
    sheet = _read(text.encode(), "ds.csv").sheets[0]
    assert [row.cells["full_name"] for row in sheet.rows] == ["Lê Văn Tám", "Vũ Thị Sáu"]
    assert sheet.footer_row == 3
    assert (4, "Nằm dưới phần chữ ký") in [(s.row_number, s.reason) for s in sheet.skipped]


def test_group_headings_are_not_persons_and_give_their_thon_to_the_rows_under_them():
    text = ("STT,Họ và tên,Năm sinh\r\n"
            "I,THÔN ĐÔNG,\r\n"
            "1,Lê Văn Tám,1950\r\n"
            ",Tổ 3,\r\n"
            "2,Vũ Thị Sáu,1945\r\n"
            "II. Người khuyết tật,,\r\n"
            "3,Tô Văn Ba,1960\r\n"
            "4,Bàn Thị Mai,\r\n")
    sheet = _read(text.encode(), "ds.csv").sheets[0]
    assert [(row.cells["full_name"], row.cells.get("residential_group")) for row in sheet.rows] == [
        ("Lê Văn Tám", "THÔN ĐÔNG"), ("Vũ Thị Sáu", "Tổ 3"), ("Tô Văn Ba", "Tổ 3"),
        ("Bàn Thị Mai", "Tổ 3")]  # "Tô", "Bàn" are surnames, not "Tổ", "Bản"
    assert [(s.row_number, s.reason) for s in sheet.skipped] == [
        (2, "Dòng tiêu đề nhóm"), (4, "Dòng tiêu đề nhóm"), (6, "Dòng tiêu đề nhóm")]


def test_a_group_row_above_the_header_is_folded_in_when_it_names_more_columns():
    text = ("DANH SÁCH\r\n"
            "STT,Thông tin cá nhân,,,Số CCCD\r\n"
            ",Họ và tên,Ngày sinh,Giới tính,\r\n"
            "1,Lê Văn Tám,05/03/1950,Nam,001050000001\r\n")
    sheet = _read(text.encode(), "ds.csv").sheets[0]
    assert (sheet.header.header_row, sheet.header.data_start) == (1, 3)
    assert sheet.header.columns == {"row_no": 0, "full_name": 1, "birth_date": 2, "sex": 3,
                                    "national_id": 4}
    assert sheet.header.headers[1] == "Thông tin cá nhân › Họ và tên"


# --- Workbooks ---------------------------------------------------------------------------------


def test_every_sheet_with_a_header_is_read_and_rows_keep_their_sheet_name():
    persons = people(6)
    table = _read(commune_list_xlsx(persons, sheets=3))
    assert [sheet.sheet for sheet in table.sheets] == ["Thôn 1", "Thôn 2", "Thôn 3"]
    assert [(row.sheet, row.cells["full_name"]) for row in table.rows()] == [
        (f"Thôn {n // 2 + 1}", p["full_name"]) for n, p in enumerate(persons)]
    assert [s.name for s in table.skipped_sheets] == ["Ghi chú"]  # notes, no header
    assert table.row_count == 6


def test_a_hidden_sheet_is_not_read_and_is_named_as_skipped():
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    visible = workbook.add_worksheet("Danh sách")
    visible.write_row(0, 0, ["Họ và tên", "Năm sinh"])
    visible.write_row(1, 0, ["Lê Văn Tám", 1950])
    hidden = workbook.add_worksheet("Bản cũ")
    hidden.write_row(0, 0, ["Họ và tên", "Năm sinh"])
    hidden.write_row(1, 0, ["Lê Văn Cũ", 1950])
    hidden.hide()
    workbook.close()
    table = _read(buffer.getvalue())
    assert [row.cells["full_name"] for row in table.rows()] == ["Lê Văn Tám"]
    assert [s.name for s in table.skipped_sheets] == ["Bản cũ"]


def test_formula_cells_give_the_value_excel_saved():
    persons = people(4)
    sheet = _read(commune_list_xlsx(persons, formulas=True)).sheets[0]
    # STT of rows 2–4 are "=A10+1"…; the total row holds "=COUNTA(B10:B14)".
    assert [row.cells["row_no"] for row in sheet.rows] == [1.0, 2.0, 3.0, 4.0]
    assert len(sheet.rows) == 4


@pytest.mark.parametrize(
    ("writer", "filename"),
    [(commune_list_xls, "danh-sach.xls"), (commune_list_ods, "danh-sach.ods")],
)
def test_xls_and_ods_files_read_the_same_as_xlsx(writer, filename):
    persons = people(7)
    xlsx = _read(commune_list_xlsx(persons), "danh-sach.xlsx")
    other = _read(writer(persons), filename)
    assert [_person(row) for row in other.rows()] == [_person(row) for row in xlsx.rows()]
    assert [_person(row) for row in other.rows()] == _expected(persons)
    assert [row.row_number for row in other.rows()] == [row.row_number for row in xlsx.rows()]
    assert other.sheets[0].header.headers == xlsx.sheets[0].header.headers


def test_the_format_is_told_by_the_content_not_the_file_name():
    persons = people(2)
    for data in (commune_list_xlsx(persons), commune_list_ods(persons),
                 commune_list_xls(persons), commune_list_csv(persons)):
        table = _read(data, "ten-sai.xls")
        assert [_person(row) for row in table.rows()] == _expected(persons)


# --- CSV ---------------------------------------------------------------------------------------

_HARD_NAMES = ["Nguyễn Thị Hường", "Đặng Văn Ảnh", "Trần Thị Ngọc Diễm", "Lưu Quốc Việt"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_in_utf8_utf8_with_bom_or_cp1258_with_commas_or_semicolons(encoding, delimiter):
    persons = [{**p, "full_name": n} for p, n in zip(people(4), _HARD_NAMES, strict=True)]
    data = commune_list_csv(persons, encoding=encoding, delimiter=delimiter)
    rows = _single_sheet(_read(data, "ds.csv"))
    assert [_person(row) for row in rows] == _expected(persons)
    names = [str(row.cells["full_name"]) for row in rows]
    assert names == _HARD_NAMES
    assert all(unicodedata.is_normalized("NFC", name) for name in names)


def test_a_cp1258_file_carries_tones_as_combining_marks_that_come_back_composed():
    data = commune_list_csv([{"full_name": "Nguyễn Thị Hường", "birth": "1950"}],
                            encoding="cp1258")
    assert not unicodedata.is_normalized("NFC", data.decode("cp1258"))
    rows = _single_sheet(_read(data, "ds.csv"))
    assert rows[0].cells["full_name"] == "Nguyễn Thị Hường"


def test_an_address_with_commas_does_not_make_a_semicolon_file_look_comma_separated():
    persons = people(3)
    data = commune_list_csv(persons, delimiter=";")  # addresses read "Số 1, ngõ 1"
    rows = _single_sheet(_read(data, "ds.csv"))
    assert [row.cells["address"] for row in rows] == [p["address"] for p in persons]


# --- Files that are not lists ------------------------------------------------------------------


@pytest.mark.parametrize(
    "data", [b"", b"   \r\n", b"\xef\xbb\xbf", b",,,\r\n,,,\r\n", b";;;\r\n ; ;\r\n"],
)
def test_an_empty_file_is_refused(data):
    with pytest.raises(ImportFileError, match="^Tệp rỗng.$"):
        read_workbook(data, "rong.csv")


def test_a_workbook_with_only_empty_sheets_is_refused_as_empty():
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.add_worksheet("Sheet1")
    workbook.close()
    with pytest.raises(ImportFileError, match="^Tệp rỗng.$"):
        read_workbook(buffer.getvalue(), "rong.xlsx")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        bytes(range(256)) * 40,
    ],
    ids=["pdf", "png", "jpeg", "binary"],
)
def test_a_pdf_a_picture_or_other_binary_is_refused_as_not_a_spreadsheet(data):
    with pytest.raises(ImportFileError) as refused:
        read_workbook(data, "x.pdf")
    assert refused.value.message == "Tệp “x.pdf” không phải bảng tính Excel, ODS hay CSV."


def test_a_word_document_in_a_zip_is_refused_as_not_a_spreadsheet():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types><Override ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
                         "/></Types>")
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(ImportFileError, match="không phải bảng tính"):
        read_workbook(buffer.getvalue(), "don.xlsx")


@pytest.mark.parametrize("writer", [commune_list_xlsx, commune_list_xls, commune_list_ods])
def test_a_damaged_or_cut_off_workbook_is_refused(writer):
    data = writer(people(50))
    with pytest.raises(ImportFileError, match="tệp bị hỏng hoặc tải lên chưa hết"):
        read_workbook(data[: len(data) * 2 // 3], "hong.xlsx")


def test_a_password_protected_workbook_is_explained():
    fake = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(ImportFileError, match="có đặt mật khẩu"):
        read_workbook(fake, "mat-khau.xlsx")


def test_a_web_page_saved_as_xls_is_explained():
    page = b"<html><body><table><tr><td>H\xe1\xbb\x8d t\xc3\xaan</td></tr></table></body></html>"
    with pytest.raises(ImportFileError, match="là trang web hoặc XML"):
        read_workbook(page, "xuat-tu-phan-mem.xls")


def test_a_file_over_the_size_limit_is_refused():
    data = commune_list_xlsx(people(20))
    with pytest.raises(ImportFileError) as refused:
        read_workbook(data, "lon.xlsx", max_bytes=1024)
    assert refused.value.message == (
        f"Tệp quá lớn ({round(len(data) / 1024)} KB); giới hạn 1 KB. Hãy chia nhỏ danh sách.")


def test_a_100_mb_upload_is_refused_by_its_size_before_any_parsing(monkeypatch):
    def must_not_parse(*args: object) -> None:
        raise AssertionError("parsed a file above the size limit")

    monkeypatch.setattr(reader, "_read_calamine", must_not_parse)
    monkeypatch.setattr(reader, "_read_csv", must_not_parse)
    data = b"PK\x03\x04" + os.urandom(100 * 1024 * 1024)
    start = time.perf_counter()
    with pytest.raises(ImportFileError) as refused:
        read_workbook(data, "rat-lon.xlsx")
    elapsed = time.perf_counter() - start
    assert refused.value.message == (
        "Tệp quá lớn (100 MB); giới hạn 50 MB. Hãy chia nhỏ danh sách.")
    assert elapsed < 0.5


# --- Templates ---------------------------------------------------------------------------------


def test_a_saved_template_finds_its_columns_in_a_file_with_other_header_words():
    headers = ["TT", "Người hưởng", "Sinh năm", "Phái", "Giấy tờ"]
    assert "full_name" not in suggest_mapping(headers[:2])  # not words we know
    template = {"full_name": "Người hưởng", "birth_date": "Sinh năm",
                "national_id": "Giấy tờ", "sex": "Phái", "phone": "Điện thoại"}
    assert mapping_from_template(template, headers) == {
        "full_name": 1, "birth_date": 2, "sex": 3, "national_id": 4}
    text = ("DANH SÁCH\r\n" + ",".join(headers) + "\r\n1,Lê Văn Tám,1950,Nam,001050000001\r\n")
    rows = _single_sheet(_read(text.encode(), "ds.csv", template=template))
    assert rows[0].cells == {"full_name": "Lê Văn Tám", "birth_date": "1950", "sex": "Nam",
                             "national_id": "001050000001"}


def test_a_template_saved_from_a_mapping_round_trips():
    sheet = _read(commune_list_xlsx(people(2))).sheets[0]
    template = template_from_mapping(sheet.header.columns, sheet.header.headers)
    assert template["sex_male_mark"] == "Giới tính › Nam"
    assert mapping_from_template(template, sheet.header.headers) == sheet.header.columns
    # The same template finds "Nam" | "Nữ" when the next file has them in one header row.
    assert mapping_from_template(template, ["Họ và tên", "Nam", "Nữ"]) == {
        "full_name": 0, "sex_male_mark": 1, "sex_female_mark": 2}


def test_a_mapping_corrected_by_the_officer_replaces_the_one_found():
    persons = people(2)
    data = commune_list_xlsx(persons)
    sheet = _read(data).sheets[0]
    corrected = {**sheet.header.columns, "note": sheet.header.columns["address"]}
    del corrected["address"]
    table = _read(data, mappings={sheet.sheet: corrected})
    assert table.sheets[0].header.columns == corrected
    assert [row.cells["note"] for row in table.rows()] == [p["address"] for p in persons]


def test_detect_header_gives_none_for_a_sheet_without_a_name_column():
    sheet = RawSheet("Ghi chú", [["Số liệu đến ngày 31/01/2026"], ["Ngày sinh", "Số CCCD"]])
    assert detect_header(sheet) is None
    assert isinstance(detect_header(RawSheet("x", [["Họ và tên", "Ngày sinh"]])), HeaderMatch)


# --- Speed -------------------------------------------------------------------------------------

SPEED_ROWS = 200_000


def _big_file(artifacts_dir: Path) -> bytes:
    """The 200,000-row file, cached across runs: xlsxwriter takes longer to write it than
    we take to read it. The cache key is the writer's source, so a change rewrites it."""
    source = inspect.getsource(messy_files.big_commune_list_xlsx) + inspect.getsource(people)
    key = hashlib.sha256(source.encode()).hexdigest()[:12]
    path = artifacts_dir / f"import-speed-{SPEED_ROWS}-{key}.xlsx"
    if not path.exists():
        path.write_bytes(messy_files.big_commune_list_xlsx(SPEED_ROWS))
    return path.read_bytes()


def test_reading_200000_rows_takes_a_couple_of_seconds(artifacts_dir, capsys):
    data = _big_file(artifacts_dir)
    start = time.perf_counter()
    sheets = read_workbook(data, "lon.xlsx")
    read = time.perf_counter() - start
    table = extract_rows(sheets)
    total = time.perf_counter() - start
    assert table.row_count == SPEED_ROWS
    with capsys.disabled():
        print(f"\n{SPEED_ROWS:,} rows ({len(data) / 1e6:.1f} MB .xlsx): read_workbook "
              f"{read:.2f} s, extract_rows {total - read:.2f} s, total {total:.2f} s")
