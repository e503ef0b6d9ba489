"""Vietnamese text helpers: name matching keys, money, amounts in words and dates.

Pure functions with no database access. Dates are shown in the project time zone
(``Asia/Ho_Chi_Minh``), the way Vietnamese documents write them.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

# --- Normalising names -------------------------------------------------------------------------


def _build_fold_table() -> dict[int, str | None]:
    """Map every precomposed Latin letter with marks to its bare lower-case letter.

    Built once so that ``normalize_text`` is a single ``str.translate`` for almost all
    Vietnamese input; decomposing each string with NFD was about three times slower.
    """
    # ASCII maps to itself: a character missing from the table costs translate() an internal
    # LookupError, which made the whole call about twice as slow on typical names.
    table: dict[int, str | None] = {code: chr(code) for code in range(128)}
    for start, end in ((0x00C0, 0x024F), (0x1E00, 0x1EFF)):
        for code in range(start, end + 1):
            decomposed = unicodedata.normalize("NFD", chr(code))
            base = decomposed[0]
            if len(decomposed) > 1 and base.isascii() and base.isalpha():
                table[code] = base.lower()
    # Đ does not decompose. The Icelandic eth Ð/ð looks the same and turns up in typed data.
    for letter in "đĐðÐ":
        table[ord(letter)] = "d"
    # Decomposed input (Excel on macOS, some PDFs) carries the marks as separate characters.
    for code in range(0x0300, 0x0370):
        table[code] = None
    # Zero-width characters and the byte-order mark that CSV exports leave at the start.
    for code in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF):
        table[code] = None
    return table


_FOLD_TABLE = _build_fold_table()


def normalize_text(s: str) -> str:
    """Return a matching key: lower case, no diacritics (đ → d), single spaces.

    "Nguyễn Văn A" → "nguyen van a". Composed (NFC) and decomposed (NFD) input give the
    same key, so names typed on different machines match.
    """
    if not s.isascii():
        s = s.translate(_FOLD_TABLE)
        if not s.isascii():
            # Rare: letters the table does not know (full-width forms, ligatures, other
            # scripts). NFKD splits what can be split; marks left over are then dropped.
            s = unicodedata.normalize("NFKD", s).translate(_FOLD_TABLE)
    return " ".join(s.lower().split())


# --- Money -------------------------------------------------------------------------------------


def format_money(amount: int, *, unit: bool = True) -> str:
    """Whole đồng with dots between thousands: 94850000 → "94.850.000 đ"."""
    text = format_count(amount)
    return f"{text} đ" if unit else text


def format_count(number: int) -> str:
    """A whole number as Vietnamese writes it, dots between thousands: 5000 → "5.000"."""
    return f"{number:,}".replace(",", ".")


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# Scale words for the three-digit groups below one tỷ, most significant first.
_GROUP_SCALES = ("triệu", "nghìn", "")
_BILLION = 1_000_000_000


def _units_word(units: int, tens: int) -> str:
    """The units digit as read after a tens digit of ``tens`` (1 = mười, 2+ = … mươi)."""
    if units == 1 and tens >= 2:
        return "mốt"
    if units == 4 and tens >= 2:
        return "tư"
    if units == 5 and tens >= 1:
        return "lăm"
    return _DIGITS[units]


def _read_group(group: int, *, leading: bool) -> list[str]:
    """Read 1–999. A leading group drops empty hundreds; later groups say "không trăm"."""
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            # "linh" only bridges a spoken hundreds part: 105 → một trăm linh năm, 5 → năm.
            words += ["linh", _DIGITS[units]] if words else [_DIGITS[units]]
    else:
        words += ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
        if units:
            words.append(_units_word(units, tens))
    return words


def _read_below_billion(number: int, *, leading: bool) -> list[str]:
    """Read 1–999 999 999 as groups of triệu, nghìn and units, skipping empty groups."""
    millions, rest = divmod(number, 1_000_000)
    thousands, units = divmod(rest, 1_000)
    words: list[str] = []
    for group, scale in zip((millions, thousands, units), _GROUP_SCALES, strict=True):
        if group == 0:
            continue
        words += _read_group(group, leading=leading and not words)
        if scale:
            words.append(scale)
    return words


def _read_number(number: int) -> list[str]:
    """Read a positive number; above a tỷ the count of tỷ is read recursively (nghìn tỷ)."""
    billions, rest = divmod(number, _BILLION)
    words: list[str] = []
    if billions:
        words += [*_read_number(billions), "tỷ"]
    if rest:
        words += _read_below_billion(rest, leading=not words)
    return words


def amount_in_words(amount: int) -> str:
    """The amount read out as on payment vouchers, e.g. for the "Bằng chữ" line.

    1050000 → "Một triệu không trăm năm mươi nghìn đồng": mốt, tư, lăm, linh and
    "không trăm" follow the reading used on financial documents; above a tỷ the count of tỷ
    is itself read ("Một nghìn tỷ đồng").
    """
    if amount == 0:
        return "Không đồng"
    words = _read_number(abs(amount))
    if amount < 0:
        words.insert(0, "âm")
    text = " ".join([*words, "đồng"])
    return text[0].upper() + text[1:]


# --- Dates -------------------------------------------------------------------------------------


def _local_date(d: date) -> date:
    """The calendar date in Vietnam. A naive datetime is refused by ``localtime``."""
    if isinstance(d, datetime):
        return timezone.localtime(d).date()
    return d


def format_date(d: date) -> str:
    """Day/month/year as 05/02/2026; an aware datetime is first converted to Vietnam time."""
    return _local_date(d).strftime("%d/%m/%Y")


def format_datetime(dt: datetime) -> str:
    """Date and time as 05/02/2026 14:30 in Vietnam time. ``dt`` must be aware."""
    return timezone.localtime(dt).strftime("%d/%m/%Y %H:%M")


_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date_vn(s: str) -> date:
    """Parse "05/02/2026", "5/2/2026" (day first) or "2026-02-05".

    Raises ``ValueError`` with a Vietnamese message for the user. Two-digit years are
    refused: "05/02/26" is ambiguous in birth dates that span a century.
    """
    text = s.strip()
    if match := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(
            _("“%(value)s” không phải là ngày: hãy nhập theo dạng ngày/tháng/năm, "
              "ví dụ 05/02/2026.") % {"value": text}
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            _("Ngày “%(value)s” không có trên lịch.") % {"value": text}
        ) from None


def date_line(place: str, d: date) -> str:
    """The place-and-date line of an official document: "Cự Khối, ngày 05 tháng 02 năm 2026".

    Decree 30/2020/NĐ-CP (Appendix I) pads days below 10 and months 1 and 2 with a zero —
    the months so that "tháng 1" cannot later be turned into "tháng 11" or "tháng 12" —
    and writes the other months as they are ("tháng 4").
    """
    local = _local_date(d)
    month = f"{local.month:02d}" if local.month <= 2 else str(local.month)
    return f"{place}, ngày {local.day:02d} tháng {month} năm {local.year}"
