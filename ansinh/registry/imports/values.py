"""Reading one cell of a commune list: dates of birth, sex, identity numbers, plain text.

Every parser takes a cell as the readers deliver it — ``str`` from CSV; ``str``, ``float``,
``int``, ``bool``, ``date`` or ``datetime`` from a workbook, where an empty cell is ``""`` — and
returns ``(value, error)``: the value (``None`` when the cell is blank or unreadable) and a
Vietnamese message for the officer (``None`` when all is well). A blank cell is never an error
here: whether a field is required is the pipeline's decision.

The parsers run once per cell of files of a million rows, so the usual shapes take a fast path
(a ``split``, an ``isdigit``, a dictionary look-up) before any regular expression. Functions that
compare with today take ``today``; pass it in loops, ``timezone.localdate()`` costs more than the
parse itself.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.core.text import normalize_text
from ansinh.registry.identity import (
    NATIONAL_ID_LENGTH,
    OLD_ID_LENGTH,
    ethnicity_code,
    normalize_national_id,
    validate_national_id,
    validate_old_id,
)
from ansinh.registry.models import DatePrecision, DisabilityLevel, Relationship

MAX_AGE = 110
# Day 0 of Excel's 1900 date system, as Excel counts (it wrongly keeps 29/02/1900, so counting
# from 30/12/1899 is right for every date after February 1900, i.e. every birth date we accept).
EXCEL_EPOCH = date(1899, 12, 30)
_LAST_EXCEL_SERIAL = 2_958_465  # 31/12/9999


def _shown(cell: object) -> str:
    """The cell as the officer sees it, for messages."""
    if isinstance(cell, datetime | date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _is_blank(cell: object) -> bool:
    return cell is None or cell == "" or (isinstance(cell, str) and not cell.strip())


# --- Dates of birth ----------------------------------------------------------------------------


class Birth(NamedTuple):
    """A date of birth as far as it is known.

    ``date`` is the day, or the 1st of the month, or 1 January, by ``precision``
    (``"day"``, ``"month"``, ``"year"``: the values of ``registry.models.DatePrecision``).
    """

    date: date | None
    precision: str
    year: int | None


NO_BIRTH = Birth(None, DatePrecision.DAY.value, None)
_DAY = DatePrecision.DAY.value
_MONTH = DatePrecision.MONTH.value
_YEAR = DatePrecision.YEAR.value

_NUMBERS = re.compile(r"\d+")
_WORDS = re.compile(r"[a-z]+")
# Words that may surround the numbers of a date written out: "ngày 5 tháng 3 năm 1950".
_DATE_WORDS = frozenset({"ngay", "thang", "nam", "sinh"})


def _unreadable_birth(cell: object) -> tuple[Birth, str]:
    return NO_BIRTH, _(
        "Không đọc được ngày sinh “%(value)s”: hãy ghi ngày/tháng/năm (ví dụ 05/02/1950), "
        "tháng/năm hoặc chỉ năm sinh."
    ) % {"value": _shown(cell)}


def _impossible_birth(cell: object) -> tuple[Birth, str]:
    return NO_BIRTH, _("Ngày sinh “%(value)s” không có thật.") % {"value": _shown(cell)}


def _checked(
    born: date, precision: str, shown: str, today: date,
) -> tuple[Birth, str | None]:
    """The birth, or an error when it is in the future or more than MAX_AGE years ago."""
    if precision == _DAY:
        future = born > today
    elif precision == _MONTH:
        future = (born.year, born.month) > (today.year, today.month)
    else:
        future = born.year > today.year
    if future:
        return NO_BIRTH, _("Ngày sinh ở tương lai (%(value)s).") % {"value": shown}
    if today.year - born.year > MAX_AGE:
        return NO_BIRTH, _(
            "Ngày sinh “%(value)s” cho thấy người này hơn %(age)s tuổi; hãy kiểm tra lại."
        ) % {"value": shown, "age": MAX_AGE}
    return Birth(born, precision, born.year), None


def _year_only(year: int, shown: str, today: date) -> tuple[Birth, str | None]:
    if year < 1000:
        return _unreadable_birth(shown)
    return _checked(date(year, 1, 1), _YEAR, shown, today)


def _from_parts(
    day: int, month: int, year: int, cell: object, today: date,
) -> tuple[Birth, str | None]:
    """Day, month and year as written; 0 for an unknown day or month ("00/00/1945")."""
    shown = _shown(cell)
    if year < 1000:
        return _unreadable_birth(cell)
    if month == 0:
        return _year_only(year, shown, today)
    if month > 12 or day > 31:
        return _impossible_birth(cell)
    if day == 0:
        return _checked(date(year, month, 1), _MONTH, shown, today)
    try:
        born = date(year, month, day)
    except ValueError:
        return _impossible_birth(cell)
    return _checked(born, _DAY, shown, today)


def _full_year(two_digits: int, month: int, day: int, today: date) -> int:
    """The century of "d/m/yy": the latest one that does not put the birth in the future."""
    year = today.year - today.year % 100 + two_digits
    if (year, month, day) > (today.year, today.month, today.day):
        year -= 100
    return year


def _birth_from_text(cell: str, today: date) -> tuple[Birth, str | None]:
    text = cell.strip()
    if not text:
        return NO_BIRTH, None
    parts = text.split("/")
    if len(parts) == 3 and all(p.isdigit() and p.isascii() for p in parts):
        numbers = parts  # the common "05/02/1950", without a regular expression
    elif text.isascii() and text.isdigit():
        numbers = [text]
    else:
        if any(ch.isalpha() for ch in text):
            if not _DATE_WORDS.issuperset(_WORDS.findall(normalize_text(text))):
                return _unreadable_birth(cell)
        if text.endswith((".0", ",0")) and text[:-2].isdigit():
            text = text[:-2]  # a number written out by a CSV export: "1945.0"
        numbers = _NUMBERS.findall(text)
        if len(numbers) == 6:
            numbers = numbers[:3]  # "05/02/1950 00:00:00": the time of day means nothing
        if len(numbers) == 3 and len(numbers[0]) == 4:
            numbers = numbers[::-1]  # ISO "1950-02-05"
    if len(numbers) == 1:
        digits = numbers[0]
        if len(digits) == 4:
            return _year_only(int(digits), text, today)
        if len(digits) == 8:  # "05021950"
            numbers = [digits[:2], digits[2:4], digits[4:]]
        else:
            return _unreadable_birth(cell)
    if len(numbers) == 2 and len(numbers[1]) == 4:  # "03/1950"
        return _from_parts(0, int(numbers[0]), int(numbers[1]), cell, today)
    if len(numbers) != 3 or len(numbers[2]) not in (2, 4):
        return _unreadable_birth(cell)
    day, month, year = int(numbers[0]), int(numbers[1]), int(numbers[2])
    if len(numbers[2]) == 2:
        year = _full_year(year, month, day, today)
    return _from_parts(day, month, year, cell, today)


def _birth_from_date(born: date, today: date) -> tuple[Birth, str | None]:
    serial = (born - EXCEL_EPOCH).days
    if 1900 <= serial <= today.year:
        # A year typed into a cell formatted as a date: Excel shows 1945 as 28/04/1905.
        return _year_only(serial, str(serial), today)
    return _checked(born, _DAY, born.strftime("%d/%m/%Y"), today)


def _birth_from_number(number: float, today: date) -> tuple[Birth, str | None]:
    if not math.isfinite(number) or number < 1:
        return _unreadable_birth(number)
    whole = int(number)
    if number == whole and 1000 <= whole <= 2100:
        return _year_only(whole, str(whole), today)  # the year alone, as a number
    if whole < 1000 or whole > _LAST_EXCEL_SERIAL:
        return _unreadable_birth(number)
    # A date whose cell lost its date format (or came through a CSV) is Excel's day count.
    return _birth_from_date(EXCEL_EPOCH + timedelta(days=whole), today)


def parse_birth(cell: object, *, today: date | None = None) -> tuple[Birth, str | None]:
    """A date of birth from a cell: ``(Birth(date, precision, year), error)``.

    Reads a workbook date; Excel's day count (29221.0 → 01/01/1980, 1900 date system); a year
    alone (1945, 1945.0, "1945", and 1945 typed into a date cell, which Excel shows as
    28/04/1905); text "05/02/1950", "5-2-1950", "5.2.1950", "1950-02-05", "05021950",
    "ngày 5 tháng 2 năm 1950"; "03/1950" (month known); "00/00/1945" (only the year known);
    "5/2/50" with the latest century that is not in the future.

    Refuses days that do not exist (31/02), dates in the future and ages above ``MAX_AGE``.
    A blank cell gives ``(NO_BIRTH, None)``.
    """
    if cell is None or cell == "":
        return NO_BIRTH, None
    today = today or timezone.localdate()
    if isinstance(cell, str):
        return _birth_from_text(cell, today)
    if isinstance(cell, datetime):
        return _birth_from_date(cell.date(), today)
    if isinstance(cell, date):
        return _birth_from_date(cell, today)
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return _birth_from_number(cell, today)
    return _unreadable_birth(cell)


# --- Sex ---------------------------------------------------------------------------------------

_SEX_EXACT = {"Nam": "M", "Nữ": "F", "nam": "M", "nữ": "F", "NAM": "M", "NỮ": "F"}
_SEX_KEYS = {
    "nam": "M", "m": "M", "male": "M", "trai": "M", "nam gioi": "M", "con trai": "M",
    "nu": "F", "f": "F", "female": "F", "gai": "F", "nu gioi": "F", "con gai": "F",
}
_SEX_LABELS = {"M": "Nam", "F": "Nữ"}
_NOT_MARKED = frozenset({"0", "-", "khong", "k"})


def is_marked(cell: object) -> bool:
    """Whether a cell under a "Nam" or "Nữ" column marks that sex ("x", "X", "1", a date…)."""
    if cell is None or cell == "":
        return False
    if isinstance(cell, str):
        text = cell.strip()
        return bool(text) and normalize_text(text) not in _NOT_MARKED
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float):
        return cell != 0
    return True


def parse_sex(
    value: object, male_mark: object = None, female_mark: object = None,
) -> tuple[str | None, str | None]:
    """Sex as ``"M"``/``"F"`` from a "Giới tính" cell and/or the cells under "Nam" and "Nữ".

    "Nam", "nữ", "NỮ", "M", "F" are read in any case and with or without accents. A mark is
    any non-blank cell other than 0, "-" or "không" — an "x", or the date of birth itself when
    the list writes men's births under "Nam" and women's under "Nữ". Nothing given gives
    ``(None, None)``.
    """
    male, female = is_marked(male_mark), is_marked(female_mark)
    if male and female:
        return None, _("Cả cột Nam và cột Nữ đều được đánh dấu; chỉ đánh dấu một cột.")
    marked = "M" if male else "F" if female else None
    if _is_blank(value):
        return marked, None
    text = value.strip() if isinstance(value, str) else _shown(value)
    sex = _SEX_EXACT.get(text) or _SEX_KEYS.get(normalize_text(text))
    if sex is None:
        return None, _("Giới tính “%(value)s” không rõ: hãy ghi Nam hoặc Nữ.") % {"value": text}
    if marked is not None and marked != sex:
        return None, _("Cột Giới tính ghi “%(text)s” nhưng dấu đánh ở cột %(mark)s.") % {
            "text": text, "mark": _SEX_LABELS[marked]}
    return sex, None


# --- Identity numbers --------------------------------------------------------------------------

_SCIENTIFIC = re.compile(r"(\d+)(?:[.,](\d+))?\s*[eE]\s*\+?\s*(\d+)")


def _lost_digits(text: str) -> bool:
    """Whether "1,08E+11" stands for more digits than it shows (Excel rounded the number)."""
    match = _SCIENTIFIC.fullmatch(text)
    if match is None:
        return False
    whole, fraction, exponent = match.group(1), match.group(2) or "", int(match.group(3))
    shown_digits = len((whole + fraction).lstrip("0"))
    return shown_digits < len(whole.lstrip("0")) + exponent


def parse_national_id(cell: object) -> tuple[str | None, str | None]:
    """A 12-digit CCCD (personal identification number) from a cell, or what is wrong with it.

    Spaces, dots and Excel's apostrophe are dropped; a number that lost its leading zero in a
    numeric cell (1080000123) gets it back ("001080000123"); a full number in scientific
    notation ("1.23456789012E+11") is read. Scientific notation that hides digits ("1,08E+11")
    cannot be recovered and is reported. Only the shape is checked here (12 digits);
    ``identity.validate_national_id`` checks province, century, sex and year.
    """
    if isinstance(cell, str) and len(cell) == NATIONAL_ID_LENGTH and cell.isdigit() \
            and cell.isascii():
        return cell, None  # the common cell, already as it should be: nothing to normalise
    if _is_blank(cell):
        return None, None
    if isinstance(cell, str):
        text = cell.strip()
        if ("E" in text or "e" in text) and _lost_digits(text):
            return None, _(
                "Số CCCD bị Excel đổi sang dạng %(value)s nên mất chữ số; hãy định dạng cột là "
                "Văn bản và nhập lại."
            ) % {"value": text}
    nid = normalize_national_id(cell)
    if nid is None:
        return None, None
    if len(nid) == NATIONAL_ID_LENGTH and nid.isascii() and nid.isdigit():
        return nid, None
    if len(nid) == OLD_ID_LENGTH and nid.isascii() and nid.isdigit():
        return None, _(
            "Số “%(value)s” có 9 chữ số: đó là số CMND cũ, không phải số CCCD."
        ) % {"value": nid}
    return None, validate_national_id(nid)[0]


def parse_old_id(cell: object) -> tuple[str | None, str | None]:
    """A 9-digit CMND (old identity card) number; 8 digits get back their leading zero."""
    if _is_blank(cell):
        return None, None
    if isinstance(cell, bool):
        text = str(cell)
    elif isinstance(cell, int | float) and float(cell).is_integer():
        text = str(int(cell))
    else:
        text = _shown(cell).lstrip("'")
        for separator in (" ", ".", "-"):
            text = text.replace(separator, "")
    if len(text) == OLD_ID_LENGTH - 1 and text.isascii() and text.isdigit():
        text = "0" + text
    problems = validate_old_id(text)
    return (None, problems[0]) if problems else (text, None)


# --- Text --------------------------------------------------------------------------------------

# Characters that do not show and break matching: zero-width spaces and joiners, the BOM.
_INVISIBLE = {code: None for code in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)}


def clean_text(text: str) -> str:
    """Single spaces, no invisible characters, composed (NFC) accents."""
    if not text.isascii():
        text = text.translate(_INVISIBLE)
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def parse_text(cell: object, *, max_length: int | None = None) -> tuple[str | None, str | None]:
    """A text cell, trimmed, spaces collapsed (line breaks too), accents composed (NFC).

    Numbers come back as written without Excel's ".0" (12.0 → "12"), dates as dd/mm/yyyy.
    Blank gives ``(None, None)``; text longer than ``max_length`` is an error.
    """
    if isinstance(cell, str):
        text = clean_text(cell)
    elif cell is None:
        return None, None
    elif isinstance(cell, bool):
        text = _("Có") if cell else _("Không")
    elif isinstance(cell, int):
        text = str(cell)
    elif isinstance(cell, float):
        if math.isnan(cell):
            return None, None
        text = str(int(cell)) if cell.is_integer() else f"{cell:.15g}"
    elif isinstance(cell, datetime):
        text = cell.strftime("%d/%m/%Y %H:%M" if cell.time() != time() else "%d/%m/%Y")
    elif isinstance(cell, date):
        text = cell.strftime("%d/%m/%Y")
    elif isinstance(cell, time):
        text = cell.strftime("%H:%M")
    else:
        text = clean_text(str(cell))
    if not text:
        return None, None
    if max_length is not None and len(text) > max_length:
        return None, _("“%(value)s…” dài quá %(limit)s ký tự.") % {
            "value": text[:40], "limit": max_length}
    return text, None


_PHONE_CHARACTERS = frozenset("0123456789 .-()+")


def parse_phone(cell: object) -> tuple[str | None, str | None]:
    """A Vietnamese phone number: 10 digits (mobile) or 11 (landline), starting with 0.

    A number that lost its leading zero in a numeric cell (912345678) gets it back; +84 and 84
    become 0; of several numbers ("0912…/0987…") the first is kept.
    """
    if _is_blank(cell):
        return None, None
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        raw = digits = str(int(cell))
    else:
        raw = _shown(cell)
        first = re.split(r"[,;/]", raw, maxsplit=1)[0].strip()
        if not first or not _PHONE_CHARACTERS.issuperset(first):
            return None, _("Số điện thoại “%(value)s” không hợp lệ.") % {"value": raw}
        digits = "".join(ch for ch in first if ch.isdigit())
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    elif digits[:1] != "0" and len(digits) in (9, 10):
        digits = "0" + digits
    if digits[:1] != "0" or len(digits) not in (10, 11):
        return None, _("Số điện thoại “%(value)s” không hợp lệ.") % {"value": raw}
    return digits, None


def parse_ethnicity(cell: object) -> tuple[str | None, str | None]:
    """The code of one of the 54 ethnic groups ("Kinh" → "01", "H'Mông" → "08", 1 → "01")."""
    text, _error = parse_text(cell)
    if text is None:
        return None, None
    code = ethnicity_code(text)
    if code is None:
        return None, _("Dân tộc “%(value)s” không có trong danh mục 54 dân tộc.") % {
            "value": text}
    return code, None


_RELATIONSHIPS: dict[str, str] = {
    **dict.fromkeys(("chu ho", "chu", "ch", "chu ho gia dinh"), Relationship.HEAD),
    **dict.fromkeys(("vo", "chong", "vo/chong", "vo chong"), Relationship.SPOUSE),
    **dict.fromkeys(("con", "con trai", "con gai", "con de", "con ruot", "con nuoi",
                     "con rieng"), Relationship.CHILD),
    **dict.fromkeys(("bo", "me", "cha", "bo de", "me de", "cha de", "tia", "ma", "me ruot",
                     "bo ruot", "cha me", "bo me"), Relationship.PARENT),
    **dict.fromkeys(("chau", "chau noi", "chau ngoai", "chau ruot"), Relationship.GRANDCHILD),
    **dict.fromkeys(("ong", "ong noi", "ong ngoai", "ba noi", "ba ngoai", "ong ba"),
                    Relationship.GRANDPARENT),
    **dict.fromkeys(("anh", "chi", "em", "anh trai", "chi gai", "em trai", "em gai",
                     "anh ruot", "chi ruot", "em ruot"), Relationship.SIBLING),
    **dict.fromkeys(("con dau", "con re", "dau", "re"), Relationship.CHILD_IN_LAW),
    **dict.fromkeys(("co", "di", "chu ruot", "bac", "cau", "thim", "mo", "duong", "cu",
                     "chat", "bo vo", "me vo", "bo chong", "me chong", "cha vo", "cha chong",
                     "ho hang", "chau ho"), Relationship.OTHER_RELATIVE),
    **dict.fromkeys(("khac", "o nho", "o ghep", "nguoi o nho", "o cung"), Relationship.OTHER),
}


def parse_relationship(cell: object) -> tuple[str | None, str | None]:
    """Relationship to the household head as a ``Relationship`` value ("Chủ hộ" → "head").

    "Bà" is a grandmother and "Ba" (the southern word) a father: the accent decides.
    """
    text, _error = parse_text(cell)
    if text is None:
        return None, None
    lowered = text.lower()
    if lowered == "bà":
        return Relationship.GRANDPARENT.value, None
    if lowered == "ba":
        return Relationship.PARENT.value, None
    found = _RELATIONSHIPS.get(normalize_text(text))
    if found is None:
        return None, _(
            "Quan hệ với chủ hộ “%(value)s” không rõ: hãy ghi Chủ hộ, Vợ, Chồng, Con, Bố, Mẹ, "
            "Cháu, Anh, Chị, Em…"
        ) % {"value": text}
    return str(found), None


_DISABILITY: dict[str, str] = {
    **dict.fromkeys(("khong", "0", "-"), DisabilityLevel.NONE),
    **dict.fromkeys(("nhe", "muc do nhe"), DisabilityLevel.MILD),
    **dict.fromkeys(("nang", "muc do nang"), DisabilityLevel.SEVERE),
    **dict.fromkeys(("dac biet nang", "muc do dac biet nang", "dbn"),
                    DisabilityLevel.ESPECIALLY_SEVERE),
}


def parse_disability_level(cell: object) -> tuple[str | None, str | None]:
    """A ``DisabilityLevel`` value from "Nhẹ", "Nặng", "Đặc biệt nặng" ("Khuyết tật nặng" too)."""
    text, _error = parse_text(cell)
    if text is None:
        return None, None
    key = normalize_text(text)
    for prefix in ("khuyet tat ", "kt "):
        key = key.removeprefix(prefix)
    found = _DISABILITY.get(key)
    if found is None:
        return None, _(
            "Mức độ khuyết tật “%(value)s” không rõ: hãy ghi Nhẹ, Nặng hoặc Đặc biệt nặng."
        ) % {"value": text}
    return str(found), None


# --- Rows that are not persons -----------------------------------------------------------------


def _with_decomposed(prefixes: tuple[str, ...]) -> tuple[str, ...]:
    """The prefixes and their NFD forms, for cells typed on machines that decompose accents."""
    return tuple(dict.fromkeys(
        (*prefixes, *(unicodedata.normalize("NFD", p) for p in prefixes))))


# "Tổng" and "Cộng" with their accents: "Tống" is a surname, and names typed without accents
# ("Tong Van Binh") must not pass for totals, so unaccented text needs a second word.
TOTAL_PREFIXES = _with_decomposed((
    "tổng", "cộng", "tong cong", "tong so", "tong:", "tong :", "cong:", "cong :",
))
_TOTAL_WORDS = frozenset({"tong", "cong"})

# Words that open the signature block under a list.
FOOTER_PREFIXES = _with_decomposed((
    "người lập", "nguoi lap", "người duyệt", "nguoi duyet", "người ký", "nguoi ky",
    "chủ tịch", "chu tich", "phó chủ tịch", "pho chu tich", "tm.", "tm ", "t/m", "t.m",
    "kt.", "kt ", "k/t", "trưởng", "truong thon", "truong ban", "truong cong an",
    "thủ trưởng", "thu truong", "xác nhận", "xac nhan", "kế toán", "ke toan",
    "cán bộ", "can bo", "công chức", "cong chuc", "lãnh đạo", "lanh dao",
    "(ký", "(ky", "ký tên", "ky ten", "ký, ghi", "ky, ghi", "đã ký", "da ky",
    "ủy ban nhân dân", "uỷ ban nhân dân", "uy ban nhan dan",
))
# "Cự Khối, ngày 05 tháng 02 năm 2026" and the blank "ngày …… tháng …… năm 20…".
_DATE_LINE = re.compile(r"\bngay\b[\W\d_]*\bthang\b[\W\d_]*\bnam\b")


def is_blank_row(row: list[object]) -> bool:
    """Whether every cell is empty or spaces."""
    if not any(row):
        return True
    return all(_is_blank(cell) or cell == 0 for cell in row)


def is_total_label(text: str) -> bool:
    """ "Tổng cộng", "Cộng: 149 người", "TỔNG SỐ", "Tong cong"."""
    head = text.lstrip()[:12].lower()
    return head.startswith(TOTAL_PREFIXES) or head.rstrip(" :.") in _TOTAL_WORDS


def is_total_row(row: list[object], name_col: int | None) -> bool:
    """A total line: "Tổng cộng"/"Cộng" at the start of a text cell in the first columns (up to
    the one after the name), or anywhere in the row when the name cell is empty."""
    name = row[name_col] if name_col is not None and name_col < len(row) else ""
    last = len(row) if _is_blank(name) else min(len(row), (name_col or 0) + 2)
    for cell in row[:last]:
        if isinstance(cell, str) and cell and is_total_label(cell):
            return True
    return False


def is_footer_text(text: str) -> bool:
    """Whether a cell belongs to the signature block: "NGƯỜI LẬP BIỂU", "TM. UBND", a date line."""
    lowered = text.lower()
    if lowered.lstrip()[:24].startswith(FOOTER_PREFIXES):
        return True
    return "ng" in lowered and _DATE_LINE.search(normalize_text(text)) is not None


def is_footer_row(row: list[object]) -> bool:
    """Whether any text cell of the row belongs to the signature block under the list."""
    return any(isinstance(cell, str) and cell and is_footer_text(cell) for cell in row)
