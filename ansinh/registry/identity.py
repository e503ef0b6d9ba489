"""Identity numbers and ethnic groups: reading, checking and (for synthetic data) making them.

Pure functions, no database access.

**CCCD / personal identification number** (số định danh cá nhân, printed on the citizen
identity card): 12 digits, laid out by Circular 59/2021/TT-BCA, Article 7 (as Circular
07/2016/TT-BCA before it):

- digits 1–3: the code of the province where the birth was registered (:data:`BIRTH_PROVINCES`,
  the 63 provinces in force before 1 July 2025 — numbers already issued keep their code after the
  2025 mergers);
- digit 4: century of birth and sex — 20th century (1900–1999) male 0 / female 1, 21st
  (2000–2099) 2 / 3, 22nd 4 / 5, 23rd 6 / 7, 24th (2300–2399) 8 / 9;
- digits 5–6: the last two digits of the year of birth;
- digits 7–12: a random number.

The circular also allows a country code in digits 1–3 for births registered abroad; that list is
not published with the circular, so such numbers are reported as an unknown province code.

**CMND** (chứng minh nhân dân, the old identity card): 9 digits. The 12-digit CMND issued from
2012 follows the CCCD layout and is checked with :func:`validate_national_id`.

**Ethnic groups**: the 54 groups with the codes of Decision 121-TCTK/PPCĐ of 2 March 1979
(still the codes of the population census and of the national population database).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.core.text import normalize_text

NATIONAL_ID_LENGTH = 12
OLD_ID_LENGTH = 9
SERIAL_LIMIT = 1_000_000  # digits 7–12

# Digits 1–3: the province (before 1 July 2025) where the birth was registered. The codes are
# the old provinces' statistical codes, zero-padded to three digits.
BIRTH_PROVINCES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "TP Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

# Digit 4 → (first year of the century, sex). Sex uses the codes of ``registry.models.Sex``.
_CENTURY_SEX: dict[str, tuple[int, str]] = {
    "0": (1900, "M"), "1": (1900, "F"),
    "2": (2000, "M"), "3": (2000, "F"),
    "4": (2100, "M"), "5": (2100, "F"),
    "6": (2200, "M"), "7": (2200, "F"),
    "8": (2300, "M"), "9": (2300, "F"),
}
_SEX_LABELS = {"M": "Nam", "F": "Nữ"}


class NationalIdFacts(NamedTuple):
    """What a CCCD number says about its holder."""

    province_code: str  # "001"
    sex: str  # "M" or "F"
    century_start: int  # 1900, 2000, …
    year_two_digits: int  # 0–99

    @property
    def birth_year(self) -> int:
        return self.century_start + self.year_two_digits


# --- Reading -----------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s.\-_/]+")
_SCIENTIFIC = re.compile(r"[+]?(\d+)(?:[.,](\d+))?[eE][+]?\d+")
_DECIMAL_ZERO = re.compile(r"(\d+)[.,]0+")


def _integral_text(number: Decimal) -> str | None:
    if not number.is_finite() or number != number.to_integral_value() or number < 0:
        return None
    return str(int(number))


def _from_scientific(text: str, match: re.Match[str]) -> str | None:
    """The digits of "1.23456789012E+11"; ``None`` when the notation shows fewer digits than
    the number has ("1,08E+11" is 108000000000 only after Excel rounded it)."""
    try:
        digits = _integral_text(Decimal(text.replace(",", ".")))
    except InvalidOperation:
        return None
    shown = (match.group(1) + (match.group(2) or "")).lstrip("0")
    if digits is None or len(shown) < len(digits):
        return None
    return digits


def normalize_national_id(raw: object) -> str | None:
    """Bring an identity number as spreadsheets deliver it back to its digits.

    - ``None``, blank text and NaN give ``None`` (no number given);
    - spaces, dots, hyphens and a leading apostrophe (Excel's "text" marker) are dropped:
      "001 085 012 345" and "'001085012345" → "001085012345";
    - numbers that lost their leading zeros in a numeric cell get them back: every CCCD starts
      with 0 (province codes run 001–096), so 10 or 11 digits are padded to 12 —
      1085012345 → "001085012345";
    - scientific notation and floats, as Excel writes big numbers: "1.23456789012E+11" and
      123456789012.0 → "123456789012"; notation that shows fewer digits than the number has
      ("1,08E+11", rounded by Excel) cannot be read back and is left as it is.

    Anything else is returned trimmed but otherwise unchanged, for :func:`validate_national_id`
    to name the problem.
    """
    if raw is None:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        text = str(raw)
    elif isinstance(raw, float):
        if math.isnan(raw):
            return None
        if math.isinf(raw) or not raw.is_integer() or raw < 0:
            return str(raw)
        text = str(int(raw))
    elif isinstance(raw, Decimal):
        text = _integral_text(raw) or str(raw)
    else:
        text = str(raw).strip().lstrip("'").strip()
        if not text:
            return None
        if match := _SCIENTIFIC.fullmatch(text):
            text = _from_scientific(text, match) or text
        elif match := _DECIMAL_ZERO.fullmatch(text):
            text = match.group(1)  # "1085012345.0": a float written out as text
        else:
            text = _SEPARATORS.sub("", text)
    if text.isascii() and text.isdigit() and len(text) in (10, 11):
        text = text.zfill(NATIONAL_ID_LENGTH)
    return text


# --- Checking ----------------------------------------------------------------------------------


def _sex_code(sex: str | None) -> str | None:
    """"M"/"F" as in ``registry.models.Sex``; "Nam"/"Nữ" are accepted too."""
    if sex is None:
        return None
    key = normalize_text(sex)
    if key in ("m", "nam", "male"):
        return "M"
    if key in ("f", "nu", "female"):
        return "F"
    return None


def _century_label(century_start: int) -> str:
    return _("thế kỷ %(century)s") % {"century": century_start // 100 + 1}


def national_id_facts(nid: str) -> NationalIdFacts:
    """Province code, sex, century and two-digit year written in a 12-digit CCCD number.

    Raises ``ValueError`` when ``nid`` is not 12 digits; the province code is returned as
    written, whether or not it is in :data:`BIRTH_PROVINCES`.
    """
    if len(nid) != NATIONAL_ID_LENGTH or not (nid.isascii() and nid.isdigit()):
        raise ValueError(_("Số CCCD phải có 12 chữ số."))
    century_start, sex = _CENTURY_SEX[nid[3]]
    return NationalIdFacts(nid[:3], sex, century_start, int(nid[4:6]))


def validate_national_id(
    nid: str, *, birth_year: int | None = None, sex: str | None = None,
) -> list[str]:
    """The problems with a CCCD number, in Vietnamese; an empty list when there are none.

    ``nid`` is expected normalised (:func:`normalize_national_id`). When ``birth_year`` and
    ``sex`` (``"M"``/``"F"``) are given, the number is checked against them.
    """
    if not (nid.isascii() and nid.isdigit()):
        return [_("Số CCCD “%(value)s” chỉ được gồm chữ số.") % {"value": nid}]
    if len(nid) != NATIONAL_ID_LENGTH:
        return [_("Số CCCD phải có 12 chữ số (số “%(value)s” có %(count)s chữ số).")
                % {"value": nid, "count": len(nid)}]
    facts = national_id_facts(nid)
    problems: list[str] = []
    if facts.province_code not in BIRTH_PROVINCES:
        problems.append(
            _("3 chữ số đầu của CCCD (%(code)s) không phải mã tỉnh nơi đăng ký khai sinh.")
            % {"code": facts.province_code})
    record_sex = _sex_code(sex)
    if record_sex is not None and record_sex != facts.sex:
        problems.append(
            _("Chữ số thứ 4 của CCCD cho biết giới tính %(id_sex)s, sinh %(century)s, "
              "nhưng hồ sơ ghi giới tính %(record_sex)s.")
            % {"id_sex": _SEX_LABELS[facts.sex], "century": _century_label(facts.century_start),
               "record_sex": _SEX_LABELS[record_sex]})
    if birth_year is not None:
        record_century = birth_year - birth_year % 100
        if record_century != facts.century_start:
            problems.append(
                _("Chữ số thứ 4 của CCCD cho biết sinh %(century)s (%(first)s–%(last)s), "
                  "nhưng năm sinh là %(year)s.")
                % {"century": _century_label(facts.century_start),
                   "first": facts.century_start, "last": facts.century_start + 99,
                   "year": birth_year})
        if birth_year % 100 != facts.year_two_digits:
            problems.append(
                _("Chữ số 5–6 của CCCD (%(digits)s) không khớp năm sinh %(year)s.")
                % {"digits": nid[4:6], "year": birth_year})
    elif facts.birth_year > timezone.localdate().year:
        problems.append(
            _("Chữ số 4–6 của CCCD (%(digits)s) cho biết năm sinh %(year)s, chưa đến.")
            % {"digits": nid[3:6], "year": facts.birth_year})
    return problems


def validate_old_id(raw: str) -> list[str]:
    """The problems with a 9-digit CMND number, in Vietnamese; empty when there are none."""
    if not (raw.isascii() and raw.isdigit()):
        return [_("Số CMND “%(value)s” chỉ được gồm chữ số.") % {"value": raw}]
    if len(raw) != OLD_ID_LENGTH:
        return [_("Số CMND phải có 9 chữ số (số “%(value)s” có %(count)s chữ số).")
                % {"value": raw, "count": len(raw)}]
    return []


# --- Making (synthetic data) -------------------------------------------------------------------


def national_id_prefix(*, province_code: str, sex: str, birth_year: int) -> str:
    """Digits 1–6 of the CCCD of a person born in ``birth_year``, registered in the province."""
    code = province_code.zfill(3)
    if code not in BIRTH_PROVINCES:
        raise ValueError(f"{province_code!r} is not a birth-registration province code")
    century_start = birth_year - birth_year % 100
    for digit, (start, digit_sex) in _CENTURY_SEX.items():
        if start == century_start and digit_sex == sex:
            return f"{code}{digit}{birth_year % 100:02d}"
    raise ValueError(f"no CCCD digit for sex {sex!r} born in {birth_year}")


def make_national_id(*, province_code: str, sex: str, birth_year: int, serial: int) -> str:
    """A CCCD number with the given facts and ``serial`` (0–999 999) as digits 7–12.

    For synthetic data: a real number's last six digits are drawn by the police.
    """
    if not 0 <= serial < SERIAL_LIMIT:
        raise ValueError(f"serial {serial} is not six digits")
    prefix = national_id_prefix(province_code=province_code, sex=sex, birth_year=birth_year)
    return f"{prefix}{serial:06d}"


# --- Ethnic groups -----------------------------------------------------------------------------

# Decision 121-TCTK/PPCĐ (1979), in its order (by population at the time).
ETHNICITIES: dict[str, str] = {
    "01": "Kinh",
    "02": "Tày",
    "03": "Thái",
    "04": "Hoa",
    "05": "Khơ-me",
    "06": "Mường",
    "07": "Nùng",
    "08": "HMông",
    "09": "Dao",
    "10": "Gia-rai",
    "11": "Ngái",
    "12": "Ê-đê",
    "13": "Ba-na",
    "14": "Xơ-đăng",
    "15": "Sán Chay",
    "16": "Cơ-ho",
    "17": "Chăm",
    "18": "Sán Dìu",
    "19": "Hrê",
    "20": "Mnông",
    "21": "Ra-glai",
    "22": "Xtiêng",
    "23": "Bru-Vân Kiều",
    "24": "Thổ",
    "25": "Giáy",
    "26": "Cơ-tu",
    "27": "Gié-Triêng",
    "28": "Mạ",
    "29": "Khơ-mú",
    "30": "Co",
    "31": "Tà-ôi",
    "32": "Chơ-ro",
    "33": "Kháng",
    "34": "Xinh-mun",
    "35": "Hà Nhì",
    "36": "Chu-ru",
    "37": "Lào",
    "38": "La Chí",
    "39": "La Ha",
    "40": "Phù Lá",
    "41": "La Hủ",
    "42": "Lự",
    "43": "Lô Lô",
    "44": "Chứt",
    "45": "Mảng",
    "46": "Pà Thẻn",
    "47": "Cơ Lao",
    "48": "Cống",
    "49": "Bố Y",
    "50": "Si La",
    "51": "Pu Péo",
    "52": "Brâu",
    "53": "Ơ Đu",
    "54": "Rơ-măm",
}
KINH = "01"

# Other names in common use (keys as :func:`_ethnic_key` makes them).
_ETHNIC_SYNONYMS: dict[str, str] = {
    "viet": "01", "kinhviet": "01",
    "han": "04", "hoahan": "04",
    "khmer": "05", "khmerkrom": "05", "khomekrom": "05",
    "mong": "08", "hmongmeo": "08", "meo": "08",
    "jarai": "10", "giorai": "10",
    "sanngai": "11",
    "rade": "12", "radhe": "12",
    "bahnar": "13",
    "sedang": "14",
    "caolan": "15", "sanchi": "15", "caolansanchi": "15", "sanchaycaolansanchi": "15",
    "kho": "16", "koho": "16",
    "cham": "17", "champa": "17",
    "raglay": "21",
    "stieng": "22",
    "vankieu": "23", "bru": "23",
    "katu": "26", "kotu": "26",
    "gietrieng": "27",
    "khmu": "29", "kmu": "29",
    "taoi": "31", "paco": "31",
    "chauro": "32",
    "colao": "47",
    "brao": "52",
    "tayhat": "53",
    "romam": "54",
}


def _ethnic_key(name: str) -> str:
    """Letters only, no diacritics: "H'Mông" → "hmong", "Gia-rai" → "giarai"."""
    key = normalize_text(name)
    key = re.sub(r"^(dan toc|nguoi)\s+", "", key)
    return "".join(ch for ch in key if ch.isalnum())


_ETHNIC_BY_KEY: dict[str, str] = {
    **_ETHNIC_SYNONYMS,
    **{_ethnic_key(name): code for code, name in ETHNICITIES.items()},
}


def ethnicity_code(name: str) -> str | None:
    """The code of an ethnic group written any common way, or ``None`` if it is not one.

    Case, diacritics, hyphens, apostrophes and spaces do not matter ("kinh", "H'Mông",
    "Gia Rai"); common other names are known ("Mông", "Khmer", "Việt"); "Dân tộc Tày" and
    "Kinh (Việt)" work; a code ("1", "01") is accepted as is.
    """
    text = name.strip()
    if text.isascii() and text.isdigit():
        code = text.zfill(2)
        return code if code in ETHNICITIES else None
    key = _ethnic_key(text)
    if key in _ETHNIC_BY_KEY:
        return _ETHNIC_BY_KEY[key]
    # "Kinh (Việt)", "HMông (Mèo)": try the name before the brackets.
    before = text.split("(", 1)[0]
    if before != text:
        return _ETHNIC_BY_KEY.get(_ethnic_key(before))
    return None
