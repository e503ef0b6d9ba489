"""The columns of a commune list: the fields we read, the header words for them, and finding
the header of a sheet under its title block.

Header text is compared by :func:`~ansinh.core.text.normalize_text` key, so case and accents
do not matter ("HỌ VÀ TÊN", "Họ và tên", "Ho va ten"), and word by word, so "Họ và tên chủ hộ"
and "Ngày, tháng, năm sinh" are found too. When several words of the vocabulary occur in one
header the longest wins ("Năm sinh" is the birth date, not the "Nam" column).

A header merged over two rows is read as "parent › child" per column ("Giới tính › Nam"), so
the two columns of marks under "Giới tính", the births written under "Nam" and "Nữ" of a merged
"Năm sinh", and "Ngày | Tháng | Năm" under "Ngày sinh" are all recognised.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from django.utils.translation import gettext_lazy as _

from ansinh.core.text import normalize_text

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from ansinh.registry.imports.reader import RawSheet

FIELDS: tuple[str, ...] = (
    "row_no",
    "full_name",
    "birth_date",
    "sex",
    "sex_male_mark",
    "sex_female_mark",
    "national_id",
    "old_id_number",
    "household_code",
    "relationship",
    "address",
    "residential_group",
    "ethnicity",
    "phone",
    "disability_level",
    "health_insurance_number",
    "note",
    "old_commune",
    "old_district",
    "old_province",
)
# Columns of two common layouts that ``extract_rows`` folds into the fields above: the birth
# written under "Nam" or "Nữ" of a merged "Năm sinh" (becoming ``birth_date`` and a sex mark),
# and the birth split into "Ngày", "Tháng", "Năm" columns (becoming ``birth_date``).
BIRTH_BY_SEX_FIELDS: tuple[str, ...] = ("birth_date_male", "birth_date_female")
BIRTH_PART_FIELDS: tuple[str, ...] = ("birth_day", "birth_month", "birth_year")
ALL_FIELDS: tuple[str, ...] = FIELDS + BIRTH_BY_SEX_FIELDS + BIRTH_PART_FIELDS

FIELD_LABELS: dict[str, _StrPromise] = {
    "row_no": _("STT"),
    "full_name": _("Họ và tên"),
    "birth_date": _("Ngày sinh"),
    "sex": _("Giới tính"),
    "sex_male_mark": _("Giới tính: cột Nam"),
    "sex_female_mark": _("Giới tính: cột Nữ"),
    "national_id": _("Số CCCD"),
    "old_id_number": _("Số CMND cũ"),
    "household_code": _("Mã hộ"),
    "relationship": _("Quan hệ với chủ hộ"),
    "address": _("Địa chỉ"),
    "residential_group": _("Thôn, tổ dân phố"),
    "ethnicity": _("Dân tộc"),
    "phone": _("Số điện thoại"),
    "disability_level": _("Mức độ khuyết tật"),
    "health_insurance_number": _("Số thẻ BHYT"),
    "note": _("Ghi chú"),
    "old_commune": _("Xã, phường cũ"),
    "old_district": _("Quận, huyện cũ"),
    "old_province": _("Tỉnh cũ"),
    "birth_date_male": _("Ngày sinh (cột Nam)"),
    "birth_date_female": _("Ngày sinh (cột Nữ)"),
    "birth_day": _("Ngày sinh: ngày"),
    "birth_month": _("Ngày sinh: tháng"),
    "birth_year": _("Ngày sinh: năm"),
}

# Header words per field, written as normalize_text keys. A word starting with "=" must be the
# whole header: short words like "Tổ", "Nam", "Tên", "Tỉnh" occur inside unrelated headers
# ("Tình trạng" has the key "tinh trang").
SYNONYMS: dict[str, tuple[str, ...]] = {
    "row_no": ("=stt", "=tt", "so thu tu", "=so tt", "=s tt"),
    "full_name": ("ho va ten", "ho ten", "=ten", "ten nguoi", "ten doi tuong",
                  "ho va ten khai sinh", "ho, chu dem va ten", "ho chu dem ten"),
    "birth_date": ("ngay sinh", "nam sinh", "ngay thang nam sinh", "sinh ngay", "=ns",
                   "ngay/thang/nam sinh", "thang nam sinh"),
    "sex": ("gioi tinh", "=gt", "=phai"),
    "sex_male_mark": ("=nam", "=nam gioi"),
    "sex_female_mark": ("=nu", "=nu gioi"),
    "national_id": ("so cccd", "cccd", "so dinh danh ca nhan", "so dinh danh", "dinh danh ca nhan",
                    "ma dinh danh", "so can cuoc", "can cuoc cong dan", "can cuoc", "cccd/cmnd",
                    "so cccd/cmnd", "cccd/cmt", "so cccd/cmt", "cmnd/cccd", "so cmnd/cccd"),
    "old_id_number": ("cmnd", "so cmnd", "chung minh nhan dan", "so chung minh", "chung minh thu",
                      "=cmt", "so cmt"),
    "household_code": ("ma ho", "so ho", "ma ho gia dinh", "ma so ho", "ma hgd", "so ho khau",
                       "ma so ho gia dinh"),
    "relationship": ("quan he voi chu ho", "quan he", "qh voi chu ho", "quan he chu ho",
                     "=qhch"),
    "address": ("dia chi", "noi o", "thuong tru", "noi thuong tru", "noi o hien nay",
                "cho o hien nay", "noi cu tru", "dia chi thuong tru", "noi o hien tai"),
    "residential_group": ("=thon", "=to", "to dan pho", "khu dan cu", "thon/to", "thon, to",
                          "thon/xom", "=xom", "=ap", "=ban", "=khom", "=buon", "khu pho",
                          "thon/ap", "ten thon", "to/thon", "thon/to dan pho",
                          "thon, to dan pho", "thon/khu pho", "ap/khu pho"),
    "ethnicity": ("dan toc",),
    "phone": ("dien thoai", "sdt", "so dien thoai", "=dt", "so dt", "dtdd"),
    "disability_level": ("muc do khuyet tat", "khuyet tat", "dang tat va muc do",
                         "muc do kt"),
    "health_insurance_number": ("so the bhyt", "bhyt", "the bhyt", "ma the bhyt",
                                "bao hiem y te", "so the bao hiem y te"),
    "note": ("ghi chu", "=gc"),
    "old_commune": ("xa cu", "phuong cu", "thi tran cu", "xa/phuong cu", "don vi cu", "=xa",
                    "=phuong", "=xa/phuong", "=xa, phuong", "=xa/phuong/thi tran",
                    "=thi tran", "xa/phuong/thi tran cu"),
    "old_district": ("=huyen", "=quan", "quan/huyen", "huyen/quan", "quan, huyen", "huyen cu",
                     "quan cu", "quan/huyen cu", "huyen/thi xa", "huyen/thi xa/thanh pho",
                     "quan/huyen/thi xa"),
    "old_province": ("=tinh", "tinh cu", "tinh/thanh pho", "tinh/tp", "tinh, thanh pho",
                     "=tinh thanh", "tinh/thanh pho cu"),
    # Only under a merged "Ngày sinh" (see _match_column).
    "birth_day": ("=ngay",),
    "birth_month": ("=thang",),
    "birth_year": ("=nam",),
}

HEADER_SCAN_ROWS = 30
# Between the two parts of a header merged over two rows: "Giới tính › Nam". Officers type
# "/" inside headers ("Số CCCD/CMND"), so the joiner is a character they do not.
HEADER_JOINER = " › "

_TOKEN = re.compile(r"[a-z0-9]+")


def header_key(text: str) -> str:
    """The words of a header without accents, punctuation or column numbers: "HỌ VÀ TÊN (2)"
    → "ho va ten"."""
    return " ".join(t for t in _TOKEN.findall(normalize_text(text)) if not t.isdigit())


class _Phrase(NamedTuple):
    field: str
    words: str  # header_key of the synonym
    whole: bool


_PHRASES: tuple[_Phrase, ...] = tuple(
    _Phrase(field, header_key(word.removeprefix("=")), word.startswith("="))
    for field, words in SYNONYMS.items()
    for word in words
)


class _Match(NamedTuple):
    field: str
    score: float


@lru_cache(maxsize=4096)
def _match_text(text: str) -> _Match | None:
    """The field one header text names, the longest synonym winning; None if none."""
    key = header_key(text)
    if not key:
        return None
    padded = f" {key} "
    best: _Match | None = None
    for phrase in _PHRASES:
        if phrase.whole:
            if key != phrase.words:
                continue
            score = len(phrase.words) + 0.5
        elif f" {phrase.words} " in padded:
            score = len(phrase.words)
        else:
            continue
        if best is None or score > best.score:
            best = _Match(phrase.field, score)
    if best is None:
        return None
    lowered = text.lower()
    # "Năm" (year) and "Nam" (male) share the key "nam"; the breve tells them apart.
    if best.field == "sex_male_mark" and "ă" in lowered:
        return _Match("birth_year", best.score)
    if best.field == "birth_year" and "ă" not in lowered:
        return _Match("sex_male_mark", best.score)
    if best.field == "birth_date":
        # "Năm sinh Nam" / "Năm sinh (Nữ)": a birth column per sex in a single header row.
        rest = padded.replace(f" {_birth_words(key)} ", " ", 1).split()
        if rest == ["nam"] and "ă" not in lowered.rsplit("sinh", 1)[-1]:
            return _Match("birth_date_male", best.score + 1)
        if rest == ["nu"]:
            return _Match("birth_date_female", best.score + 1)
    return best


def _birth_words(key: str) -> str:
    """The longest birth-date synonym inside ``key`` (for "Năm sinh Nam")."""
    found = [p.words for p in _PHRASES
             if p.field == "birth_date" and f" {p.words} " in f" {key} "]
    return max(found, key=len) if found else ""


@lru_cache(maxsize=4096)
def _match_column(header: str) -> _Match | None:
    """The field of a column header, "parent › child" included."""
    if HEADER_JOINER not in header:
        found = _match_text(header)
        return None if found is None or found.field in BIRTH_PART_FIELDS else found
    parent_text, child_text = header.split(HEADER_JOINER, 1)
    parent, child = _match_text(parent_text), _match_text(child_text)
    if parent is not None and parent.field == "birth_date" and child is not None:
        if child.field in ("sex_male_mark", "birth_date_male"):
            return _Match("birth_date_male", parent.score + child.score)
        if child.field in ("sex_female_mark", "birth_date_female"):
            return _Match("birth_date_female", parent.score + child.score)
        if child.field in BIRTH_PART_FIELDS:
            return _Match(child.field, parent.score + child.score)
    if child is not None and child.field not in BIRTH_PART_FIELDS:
        return child
    if parent is not None and parent.field not in BIRTH_PART_FIELDS:
        return parent
    return None


def suggest_mapping(headers: Sequence[str]) -> dict[str, int]:
    """Field → column index for a header row, each field and each column used at most once.

    When two columns name the same field the better match wins, then the leftmost. The result
    is in column order.
    """
    candidates: list[tuple[float, int, str]] = []
    for col, header in enumerate(headers):
        if header and (found := _match_column(header)) is not None:
            candidates.append((-found.score, col, found.field))
    candidates.sort()
    mapping: dict[str, int] = {}
    for _score, col, field in candidates:
        if field not in mapping:
            mapping[field] = col
    return dict(sorted(mapping.items(), key=lambda item: item[1]))


def mapping_from_template(template: Mapping[str, str], headers: Sequence[str]) -> dict[str, int]:
    """Field → column index from a saved template (field → header text).

    Headers are compared by :func:`header_key`; a template saved from a two-row header
    ("Giới tính › Nam") also finds a file where that column is just "Nam", and the reverse.
    Fields whose header is not in this file are left out; unknown fields are ignored.
    """
    keys = [header_key(h) for h in headers]
    children = [header_key(h.rsplit(HEADER_JOINER, 1)[-1]) for h in headers]
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for field, header in template.items():
        if field not in ALL_FIELDS or not header:
            continue
        wanted = header_key(header)
        wanted_child = header_key(header.rsplit(HEADER_JOINER, 1)[-1])
        for candidates, key in ((keys, wanted), (children, wanted_child)):
            col = next((i for i, k in enumerate(candidates) if k == key and k and i not in used),
                       None)
            if col is not None:
                mapping[field] = col
                used.add(col)
                break
    return dict(sorted(mapping.items(), key=lambda item: item[1]))


def template_from_mapping(mapping: Mapping[str, int], headers: Sequence[str]) -> dict[str, str]:
    """The template to save for a confirmed mapping: field → header text."""
    return {field: headers[col] for field, col in mapping.items() if col < len(headers)}


# --- Finding the header ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """Where the table of a sheet starts and which column holds which field.

    ``header_row`` is the first header row and ``data_start`` the first row after the header
    (and after a row of column numbers "(1) (2) …"), both 0-based indexes into ``rows``.
    ``headers`` has one text per column, "parent › child" for a two-row header.
    """

    header_row: int
    data_start: int
    columns: dict[str, int]
    headers: list[str]


def _cell_text(cell: object) -> str:
    if isinstance(cell, str):
        return " ".join(cell.split())
    if isinstance(cell, bool) or cell is None or isinstance(cell, date):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def _row_texts(row: Sequence[object]) -> list[str]:
    return [_cell_text(cell) for cell in row]


def combine_header_rows(upper: Sequence[str], lower: Sequence[str]) -> list[str]:
    """One text per column from a header merged over two rows.

    A merged cell's text sits in its first column only, so a parent spreads to the right over
    the columns whose lower cell has text: "Giới tính" | "" above "Nam" | "Nữ" gives
    "Giới tính › Nam" | "Giới tính › Nữ". A header merged down ("Họ và tên" over an empty
    cell) stays as it is.
    """
    width = max(len(upper), len(lower))
    texts: list[str] = []
    parent = ""
    for col in range(width):
        up = upper[col] if col < len(upper) else ""
        low = lower[col] if col < len(lower) else ""
        if up:
            parent = up if low else ""
            texts.append(f"{up}{HEADER_JOINER}{low}" if low else up)
        elif low:
            texts.append(f"{parent}{HEADER_JOINER}{low}" if parent else low)
        else:
            parent = ""
            texts.append("")
    return texts


def _blank(cell: object) -> bool:
    return cell is None or cell == "" or (isinstance(cell, str) and not cell.strip())


_COLUMN_NUMBER = re.compile(r"\(?\s*[0-9A-Za-z]{1,3}\s*\)?")


def _is_column_number(cell: object) -> bool:
    if isinstance(cell, bool):
        return False
    if isinstance(cell, int | float):
        return 0 < cell <= 200 and float(cell).is_integer()
    return isinstance(cell, str) and _COLUMN_NUMBER.fullmatch(cell.strip()) is not None


def is_number_row(row: Sequence[object]) -> bool:
    """The row of column numbers under a header: "(1)" "(2)" … or 1 2 3 or "A" "B" "1"."""
    numbers = 0
    for cell in row:
        if _blank(cell):
            continue
        if not _is_column_number(cell):
            return False
        numbers += 1
    return numbers >= 2


def _only_text(row: Sequence[object], minimum: int) -> bool:
    """At least ``minimum`` text cells, and no numbers or dates (which belong to data rows)."""
    texts = 0
    for cell in row:
        if isinstance(cell, str):
            texts += bool(cell.strip())
        elif cell is not None and cell != "":
            return False
    return texts >= minimum


def _is_sub_header(row: Sequence[object], name_col: int) -> bool:
    """A second header row: text only, and nothing under "Họ và tên" (merged down)."""
    if name_col < len(row) and not _blank(row[name_col]):
        return False
    if any(isinstance(cell, str) and cell.lstrip()[:1].isdigit() for cell in row):
        return False  # "1950", "05/02/1950": a CSV data row, where every cell is text
    return _only_text(row, 1) and not is_number_row(row)


def _find_data_start(rows: Sequence[Sequence[object]], after: int) -> int:
    """The first row after the header, past a row of column numbers (blank rows may precede)."""
    index = after
    while index < len(rows) and index < after + 3:
        row = rows[index]
        if is_number_row(row):
            return index + 1
        if not all(_blank(cell) for cell in row):
            break
        index += 1
    return after


def _score(mapping: Mapping[str, int], template: Mapping[str, str] | None) -> int:
    """How good a header candidate is: the fields found; 0 when it is not a header."""
    if template is None:
        has_name = "full_name" in mapping
        return len(mapping) if has_name and len(mapping) >= 2 else 0
    wanted = min(2, len(template))
    if "full_name" in template and "full_name" not in mapping:
        return 0
    return len(mapping) if len(mapping) >= wanted else 0


def detect_header(
    sheet: RawSheet, *, template: Mapping[str, str] | None = None,
) -> HeaderMatch | None:
    """Find the header among the first ``HEADER_SCAN_ROWS`` rows of a sheet.

    A row is a header when it names at least two fields, one of them the full name (with a
    ``template``: at least two of the template's headers, the name's among them). The row
    below is folded in when it holds sub-headers (nothing under the name, text only), and the
    row above when it is a group row that adds fields; of all candidates the one naming the
    most fields wins, the earliest on a tie. Returns ``None`` when no row qualifies.
    """
    rows = sheet.rows
    limit = min(len(rows), HEADER_SCAN_ROWS)

    def mapping_for(headers: Sequence[str]) -> dict[str, int]:
        if template is None:
            return suggest_mapping(headers)
        return mapping_from_template(template, headers)

    best: tuple[int, int, int, dict[str, int], list[str]] | None = None  # score, top, bottom…
    for index in range(limit):
        row = rows[index]
        if not any(isinstance(cell, str) and cell.strip() for cell in row):
            continue
        texts = _row_texts(row)
        single = mapping_for(texts)
        score = _score(single, template)
        if not score:
            continue
        options = [(score, index, index, single, texts)]
        name_col = single.get("full_name", 0)
        if index + 1 < len(rows) and _is_sub_header(rows[index + 1], name_col):
            both = combine_header_rows(texts, _row_texts(rows[index + 1]))
            mapping = mapping_for(both)
            options.append((_score(mapping, template), index, index + 1, mapping, both))
        if index > 0 and _only_text(rows[index - 1], 2):
            both = combine_header_rows(_row_texts(rows[index - 1]), texts)
            mapping = mapping_for(both)
            options.append((_score(mapping, template), index - 1, index, mapping, both))
        for option in options:
            if best is None or option[0] > best[0]:
                best = option
    if best is None:
        return None
    _score_, top, bottom, columns, headers = best
    return HeaderMatch(header_row=top, data_start=_find_data_start(rows, bottom + 1),
                       columns=columns, headers=headers)
