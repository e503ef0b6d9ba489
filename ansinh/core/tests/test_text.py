import unicodedata
from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template

from ansinh.core.text import (
    amount_in_words,
    date_line,
    format_count,
    format_date,
    format_datetime,
    format_money,
    normalize_text,
    parse_date_vn,
)

# --- normalize_text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Nguyễn Văn A", "nguyen van a"),
        ("ĐẶNG  Thị Ánh", "dang thi anh"),
        ("  Lê   Thị\tThu  Hương\n", "le thi thu huong"),
        ("Phạm Ưng Hữu Ơn", "pham ung huu on"),
        ("Trần Quốc Toản", "tran quoc toan"),
        ("nguyen van a", "nguyen van a"),
        ("", ""),
    ],
)
def test_it_lowercases_and_removes_vietnamese_diacritics(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_decomposed_input_gives_the_same_key_as_composed_input() -> None:
    composed = "Nguyễn Thị Thuỷ Hoà Đặng"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert normalize_text(decomposed) == normalize_text(composed) == "nguyen thi thuy hoa dang"


def test_loose_combining_marks_are_dropped() -> None:
    # Old Vietnamese keyboards (VNI, "tổ hợp") type the tone mark after the vowel.
    assert normalize_text("Nguye\u0302\u0303n Va\u0306n") == "nguyen van"


def test_lookalike_eth_counts_as_d() -> None:
    assert normalize_text("Ðỗ Văn Ðức") == "do van duc"


def test_byte_order_mark_and_no_break_spaces_are_cleaned() -> None:
    assert normalize_text("\ufeffLê\u00a0Văn\u200b  Tám ") == "le van tam"


def test_full_width_letters_fall_back_to_compatibility_decomposition() -> None:
    assert normalize_text("Ｎguyễn") == "nguyen"


# --- money -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (94_850_000, "94.850.000 đ"),
        (0, "0 đ"),
        (999, "999 đ"),
        (1_000, "1.000 đ"),
        (-1_000, "-1.000 đ"),
        (1_000_000_000_000, "1.000.000.000.000 đ"),
    ],
)
def test_money_has_dots_between_thousands_and_the_dong_sign(amount: int, expected: str) -> None:
    assert format_money(amount) == expected


def test_money_can_leave_out_the_unit() -> None:
    assert format_money(94_850_000, unit=False) == "94.850.000"


@pytest.mark.parametrize(("number", "expected"),
                         [(0, "0"), (999, "999"), (5_000, "5.000"), (1_000_000, "1.000.000")])
def test_counts_have_dots_between_thousands(number: int, expected: str) -> None:
    assert format_count(number) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "Không đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (14, "Mười bốn đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi tư đồng"),
        (25, "Hai mươi lăm đồng"),
        (41, "Bốn mươi mốt đồng"),
        (101, "Một trăm linh một đồng"),
        (105, "Một trăm linh năm đồng"),
        (110, "Một trăm mười đồng"),
        (115, "Một trăm mười lăm đồng"),
        (1_005, "Một nghìn không trăm linh năm đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (2_500_000, "Hai triệu năm trăm nghìn đồng"),
        (94_850_000, "Chín mươi tư triệu tám trăm năm mươi nghìn đồng"),
        (1_050_000, "Một triệu không trăm năm mươi nghìn đồng"),
        (2_005_000, "Hai triệu không trăm linh năm nghìn đồng"),
        (1_000_001, "Một triệu không trăm linh một đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (1_001_000_000, "Một tỷ không trăm linh một triệu đồng"),
        (17_000_000_000, "Mười bảy tỷ đồng"),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
        (1_500_000_000_000, "Một nghìn năm trăm tỷ đồng"),
        (1_000_050_000_000, "Một nghìn tỷ không trăm năm mươi triệu đồng"),
        (-1_000, "Âm một nghìn đồng"),
    ],
)
def test_amount_in_words_follows_the_reading_of_financial_documents(
    amount: int, expected: str
) -> None:
    assert amount_in_words(amount) == expected


# --- dates -------------------------------------------------------------------------------------


def test_dates_are_day_month_year() -> None:
    assert format_date(date(2026, 2, 5)) == "05/02/2026"


def test_an_aware_datetime_is_shown_on_its_vietnam_date() -> None:
    # 18:30 UTC on 4 February is 01:30 on 5 February in Hà Nội (UTC+7).
    moment = datetime(2026, 2, 4, 18, 30, tzinfo=UTC)
    assert format_date(moment) == "05/02/2026"
    assert format_datetime(moment) == "05/02/2026 01:30"


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError):
        format_datetime(datetime(2026, 2, 5, 8, 0))  # noqa: DTZ001


@pytest.mark.parametrize("raw", ["05/02/2026", "5/2/2026", "2026-02-05", " 05/02/2026 "])
def test_parse_date_accepts_day_first_and_iso(raw: str) -> None:
    assert parse_date_vn(raw) == date(2026, 2, 5)


@pytest.mark.parametrize("raw", ["05/02/26", "2026/02/05", "5-2-2026", "hôm nay", ""])
def test_parse_date_refuses_other_shapes_in_vietnamese(raw: str) -> None:
    with pytest.raises(ValueError, match="không phải là ngày"):
        parse_date_vn(raw)


def test_parse_date_refuses_a_day_not_on_the_calendar() -> None:
    with pytest.raises(ValueError, match="không có trên lịch"):
        parse_date_vn("31/02/2026")


def test_date_line_pads_days_and_the_first_two_months() -> None:
    assert date_line("Cự Khối", date(2026, 2, 5)) == "Cự Khối, ngày 05 tháng 02 năm 2026"
    assert date_line("Cự Khối", date(2026, 1, 20)) == "Cự Khối, ngày 20 tháng 01 năm 2026"


def test_date_line_writes_later_months_without_a_zero() -> None:
    # Decree 30/2020/NĐ-CP pads only months 1 and 2 (so they cannot become 11 or 12).
    assert date_line("Cự Khối", date(2026, 4, 26)) == "Cự Khối, ngày 26 tháng 4 năm 2026"
    assert date_line("Hà Nội", date(2026, 12, 1)) == "Hà Nội, ngày 01 tháng 12 năm 2026"


# --- template filters --------------------------------------------------------------------------


def _render(source: str, **context: object) -> str:
    return Template("{% load vn %}" + source).render(Context(context))


def test_template_filters_format_money_words_and_dates() -> None:
    moment = datetime(2026, 2, 4, 18, 30, tzinfo=UTC)
    rendered = _render(
        "{{ a|money }}|{{ a|money:False }}|{{ a|money_words }}|{{ d|date_vn }}|"
        "{{ t|date_vn }}|{{ t|datetime_vn }}",
        a=94_850_000, d=date(2026, 2, 5), t=moment,
    )
    assert rendered == (
        "94.850.000 đ|94.850.000|Chín mươi tư triệu tám trăm năm mươi nghìn đồng|"
        "05/02/2026|05/02/2026|05/02/2026 01:30"
    )


def test_template_filters_show_nothing_for_missing_values() -> None:
    source = "{{ v|money }}{{ v|money_words }}{{ v|date_vn }}{{ v|datetime_vn }}"
    assert _render(source, v=None) == ""
