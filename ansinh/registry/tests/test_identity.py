"""CCCD and CMND numbers, and ethnic-group codes (``ansinh.registry.identity``)."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

import pytest

from ansinh.core.text import normalize_text
from ansinh.registry.identity import (
    BIRTH_PROVINCES,
    ETHNICITIES,
    NationalIdFacts,
    ethnicity_code,
    make_national_id,
    national_id_facts,
    normalize_national_id,
    validate_national_id,
    validate_old_id,
)


@pytest.mark.parametrize(("nid", "birth_year", "sex"), [
    ("001085012345", 1985, "M"),  # Hà Nội, man born 1985
    ("079190000001", 1990, "F"),  # TP Hồ Chí Minh, woman born 1990
    ("048203123456", 2003, "M"),  # Đà Nẵng, man born 2003
    ("031310654321", 2010, "F"),  # Hải Phòng, girl born 2010
    ("092000999999", 1900, "M"),  # Cần Thơ, born in the first year of the 20th century
    ("096199000000", 1999, "F"),  # Cà Mau, born in its last year
])
def test_a_cccd_matching_the_record_has_no_problems(nid: str, birth_year: int, sex: str) -> None:
    assert validate_national_id(nid, birth_year=birth_year, sex=sex) == []
    assert validate_national_id(nid) == []


def test_the_facts_are_read_from_the_first_six_digits() -> None:
    facts = national_id_facts("079190000001")

    assert facts == NationalIdFacts("079", "F", 1900, 90)
    assert facts.birth_year == 1990
    assert national_id_facts("031310654321").birth_year == 2010


def test_the_sex_may_be_written_in_vietnamese() -> None:
    assert validate_national_id("079190000001", birth_year=1990, sex="Nữ") == []
    assert validate_national_id("001085012345", birth_year=1985, sex="nam") == []


def test_a_made_number_validates_against_the_facts_it_was_made_from() -> None:
    nid = make_national_id(province_code="1", sex="F", birth_year=2007, serial=42)

    assert nid == "001307000042"
    assert validate_national_id(nid, birth_year=2007, sex="F") == []


def test_a_number_cannot_be_made_for_an_unknown_province_or_serial() -> None:
    with pytest.raises(ValueError):
        make_national_id(province_code="099", sex="M", birth_year=1980, serial=1)
    with pytest.raises(ValueError):
        make_national_id(province_code="001", sex="M", birth_year=1980, serial=1_000_000)


def test_a_number_of_the_wrong_length_is_reported() -> None:
    assert validate_national_id("00108501234", birth_year=1985, sex="M") == [
        "Số CCCD phải có 12 chữ số (số “00108501234” có 11 chữ số)."
    ]
    with pytest.raises(ValueError):
        national_id_facts("00108501234")


def test_a_number_with_letters_is_reported() -> None:
    assert validate_national_id("00108501234X") == [
        "Số CCCD “00108501234X” chỉ được gồm chữ số."
    ]


def test_an_unknown_province_code_is_reported() -> None:
    # 003 was never a province code (Hà Giang is 002, Cao Bằng 004).
    assert validate_national_id("003085012345", birth_year=1985, sex="M") == [
        "3 chữ số đầu của CCCD (003) không phải mã tỉnh nơi đăng ký khai sinh."
    ]


def test_a_sex_digit_that_contradicts_the_record_is_reported() -> None:
    assert validate_national_id("001158012345", birth_year=1958, sex="M") == [
        "Chữ số thứ 4 của CCCD cho biết giới tính Nữ, sinh thế kỷ 20, "
        "nhưng hồ sơ ghi giới tính Nam."
    ]


def test_a_century_digit_that_contradicts_the_birth_year_is_reported() -> None:
    assert validate_national_id("001285012345", birth_year=1985, sex="M") == [
        "Chữ số thứ 4 của CCCD cho biết sinh thế kỷ 21 (2000–2099), nhưng năm sinh là 1985."
    ]


def test_a_year_that_does_not_match_is_reported() -> None:
    assert validate_national_id("001085012345", birth_year=1958, sex="M") == [
        "Chữ số 5–6 của CCCD (85) không khớp năm sinh 1958."
    ]


def test_every_problem_is_reported_at_once() -> None:
    problems = validate_national_id("099385012345", birth_year=1958, sex="M")

    assert len(problems) == 4  # province, sex, century, year


def test_a_birth_year_not_yet_reached_is_reported_without_a_record_to_compare() -> None:
    assert validate_national_id("001685012345") == [
        "Chữ số 4–6 của CCCD (685) cho biết năm sinh 2285, chưa đến."
    ]


def test_a_number_that_lost_its_leading_zero_gets_it_back() -> None:
    assert normalize_national_id(79085012345) == "079085012345"
    assert normalize_national_id("79085012345") == "079085012345"
    # Province codes 001–009 lose two zeros in a numeric cell.
    assert normalize_national_id(1085012345) == "001085012345"
    assert normalize_national_id(79085012345.0) == "079085012345"
    assert normalize_national_id("1085012345.0") == "001085012345"


def test_scientific_notation_is_read_when_it_shows_every_digit() -> None:
    assert normalize_national_id("7.9085012345E+10") == "079085012345"
    assert normalize_national_id("1.23456789012E+11") == "123456789012"
    assert normalize_national_id("7,9085012345e10") == "079085012345"
    # Excel rounded this one: the digits are gone and must not be invented.
    assert normalize_national_id("1,08E+11") == "1,08E+11"
    assert validate_national_id("1,08E+11") == ["Số CCCD “1,08E+11” chỉ được gồm chữ số."]


def test_spaces_dots_and_the_excel_apostrophe_are_dropped() -> None:
    assert normalize_national_id(" 001 085 012 345 ") == "001085012345"
    assert normalize_national_id("001.085.012.345") == "001085012345"
    assert normalize_national_id("'001085012345") == "001085012345"
    assert normalize_national_id("001-085-012-345") == "001085012345"


def test_blank_input_is_no_number() -> None:
    assert normalize_national_id(None) is None
    assert normalize_national_id("   ") is None
    assert normalize_national_id(float("nan")) is None


def test_an_old_cmnd_has_nine_digits() -> None:
    assert validate_old_id("012345678") == []
    assert validate_old_id("12345678") == ["Số CMND phải có 9 chữ số (số “12345678” có 8 chữ số)."]
    assert validate_old_id("01234567a") == ["Số CMND “01234567a” chỉ được gồm chữ số."]


def test_the_birth_province_list_has_the_63_old_provinces() -> None:
    assert len(BIRTH_PROVINCES) == 63
    assert BIRTH_PROVINCES["001"] == "Hà Nội"
    assert BIRTH_PROVINCES["031"] == "Hải Phòng"
    assert BIRTH_PROVINCES["048"] == "Đà Nẵng"
    assert BIRTH_PROVINCES["079"] == "TP Hồ Chí Minh"
    assert BIRTH_PROVINCES["092"] == "Cần Thơ"
    assert BIRTH_PROVINCES["096"] == "Cà Mau"
    assert all(len(code) == 3 and code.startswith("0") for code in BIRTH_PROVINCES)


def test_the_birth_province_codes_are_the_old_province_codes_of_the_legacy_catalogue() -> None:
    """Checked against the 63 provinces of ``vietnamadminunits`` (before 1 July 2025)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    assert spec is not None and spec.submodule_search_locations
    db = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        legacy = dict(conn.execute("SELECT DISTINCT provinceCode, province "
                                   "FROM admin_units_legacy"))
    finally:
        conn.close()

    assert {code.zfill(3) for code in legacy} == set(BIRTH_PROVINCES)
    for code, name in legacy.items():
        ours = normalize_text(BIRTH_PROVINCES[code.zfill(3)]).removeprefix("tp ")
        if code == "46":  # Thừa Thiên Huế became Thành phố Huế on 1 January 2025
            continue
        assert normalize_text(name).endswith(ours), (code, name)


def test_there_are_54_ethnic_groups_coded_01_to_54() -> None:
    assert list(ETHNICITIES) == [f"{n:02d}" for n in range(1, 55)]
    assert len(set(ETHNICITIES.values())) == 54
    assert (ETHNICITIES["01"], ETHNICITIES["04"], ETHNICITIES["08"], ETHNICITIES["11"]) == (
        "Kinh", "Hoa", "HMông", "Ngái")


def test_every_official_ethnic_name_finds_its_own_code() -> None:
    for code, name in ETHNICITIES.items():
        assert ethnicity_code(name) == code, name


@pytest.mark.parametrize(("written", "code"), [
    ("kinh", "01"), ("KINH", "01"), ("Kinh (Việt)", "01"), ("Việt", "01"),
    ("H'Mông", "08"), ("Mông", "08"), ("HMông (Mèo)", "08"), ("hmong", "08"),
    ("Khmer", "05"), ("Khơ Me", "05"), ("khome", "05"),
    ("Gia Rai", "10"), ("gia-rai", "10"), ("Ê Đê", "12"), ("ede", "12"),
    ("Dân tộc Tày", "02"), ("  Thái ", "03"), ("Mường", "06"), ("Xơ Đăng", "14"),
    ("Ba Na", "13"), ("Ơ-đu", "53"), ("Rơ Măm", "54"), ("Cờ Lao", "47"),
    ("1", "01"), ("08", "08"),
])
def test_ethnic_groups_are_found_however_they_are_written(written: str, code: str) -> None:
    assert ethnicity_code(written) == code


@pytest.mark.parametrize("written", ["Người nước ngoài", "Khác", "", "55", "Kinh Hoa"])
def test_what_is_not_an_ethnic_group_has_no_code(written: str) -> None:
    assert ethnicity_code(written) is None
