"""From the bytes of an uploaded list to rows keyed by field.

:func:`read_workbook` recognises the file by its content, not its name (officers rename .xlsx
to .xls and back, and web portals serve CSV as .xls), and reads every worksheet with
python-calamine, or the CSV with the standard library. :func:`extract_rows` then finds each
sheet's header and yields the person rows under it, leaving out blank rows, totals, repeated
headers and the signature block.

Nothing is converted here beyond what the file format does (calamine gives ``float`` for
numbers, ``date``/``datetime`` for dates, ``""`` for empty cells; CSV gives ``str``): reading
each value is :mod:`.values`' job, so that a value that cannot be read is reported per row.
"""

from __future__ import annotations

import csv
import gc
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import PurePath
from typing import cast

from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from ansinh.core.errors import DomainError
from ansinh.registry.imports.columns import (
    BIRTH_BY_SEX_FIELDS,
    BIRTH_PART_FIELDS,
    FIELDS,
    HEADER_SCAN_ROWS,
    HeaderMatch,
    detect_header,
    is_number_row,
)
from ansinh.registry.imports.values import (
    FOOTER_PREFIXES,
    TOTAL_PREFIXES,
    is_blank_row,
    is_footer_row,
    is_footer_text,
    is_total_label,
    is_total_row,
)

MAX_BYTES = 50 * 1024 * 1024
# A workbook is a zip of XML parts. A few megabytes of zip can unpack to gigabytes, so the parts
# may add up to this many times the size limit and no more.
MAX_UNPACKED_RATIO = 20


class ImportFileError(DomainError):
    """The uploaded file cannot be read as a list at all (as opposed to a bad row in it)."""

    code = "import_file"


@dataclass(frozen=True, slots=True)
class RawSheet:
    """A sheet's cells as read. ``rows[i]`` is spreadsheet row ``i + 1`` (columns from A)."""

    name: str
    rows: list[list[object]]
    hidden: bool = False


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while rows are built.

    A million new row lists and dicts trigger collection after collection, each walking every
    row already built: up to a third of the time of reading and of extracting. Cycles made
    meanwhile are not lost, only collected once the collector is resumed as it was.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- Reading the file --------------------------------------------------------------------------

_ZIP = b"PK\x03\x04"
_OLE = bytes.fromhex("D0CF11E0A1B11AE1")  # Compound File: .xls (and .doc, encrypted .xlsx)
_OLE_SECTOR = 512
# Signatures of files people upload by mistake: PDF, images, archives, PostScript, RTF.
_OTHER_FORMATS = (
    b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b",
    b"RIFF", b"II*\x00", b"MM\x00*", b"%!PS", b"{\\rtf",
)
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_OLE_WORKBOOK = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))
_SAMPLE = 64 * 1024


def _size(n: int) -> str:
    """A size as officers read it: "100 MB", "2,5 MB", "800 KB"."""
    megabytes = n / (1024 * 1024)
    if megabytes >= 10:
        return f"{megabytes:.0f} MB"
    if megabytes >= 1:
        return f"{megabytes:.1f} MB".replace(".0 ", " ").replace(".", ",")
    return f"{max(1, round(n / 1024))} KB"


def _not_a_spreadsheet(filename: str) -> ImportFileError:
    return ImportFileError(
        _("Tệp “%(name)s” không phải bảng tính Excel, ODS hay CSV.") % {"name": filename})


def _corrupt(filename: str) -> ImportFileError:
    return ImportFileError(_(
        "Không đọc được tệp “%(name)s”: tệp bị hỏng hoặc tải lên chưa hết. Hãy mở tệp bằng "
        "Excel, lưu lại rồi tải lên lại."
    ) % {"name": filename})


def _password(filename: str) -> ImportFileError:
    return ImportFileError(_(
        "Tệp “%(name)s” có đặt mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu rồi tải lên lại."
    ) % {"name": filename})


def _zip_kind(data: bytes, filename: str, max_bytes: int) -> str:
    """"xlsx" or "ods" by the parts inside the zip; anything else is refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > max_bytes * MAX_UNPACKED_RATIO:
                raise ImportFileError(_(
                    "Tệp “%(name)s” giải nén ra quá lớn (%(size)s); có thể tệp bị hỏng. Hãy "
                    "chia nhỏ danh sách."
                ) % {"name": filename, "size": _size(unpacked)})
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:200]
                if b"opendocument.spreadsheet" in mimetype:
                    return "ods"
                raise _not_a_spreadsheet(filename)  # a text document, a presentation…
            if "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml")
                if b"spreadsheetml" in types or b"ms-excel" in types:
                    return "xlsx"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError) as exc:
        raise _corrupt(filename) from exc
    raise _not_a_spreadsheet(filename)  # a Word file, or a zip of something else


def _ole_kind(data: bytes, filename: str) -> str:
    if _OLE_ENCRYPTED in data:
        raise _password(filename)  # Excel saves a password-protected .xlsx inside OLE
    if len(data) % _OLE_SECTOR:
        # Compound files are whole sectors; a cut-off upload also crashes the xls parser.
        raise _corrupt(filename)
    if not any(stream in data for stream in _OLE_WORKBOOK):
        raise _not_a_spreadsheet(filename)  # a Word .doc, an Outlook .msg…
    return "xls"


def _read_calamine(data: bytes, filename: str) -> list[RawSheet]:
    sheets: list[RawSheet] = []
    try:
        with cyclic_gc_paused(), CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
            for meta in workbook.sheets_metadata:
                if meta.typ != SheetTypeEnum.WorkSheet:
                    continue  # chart and macro sheets hold no rows
                # skip_empty_area=False keeps rows[i] at spreadsheet row i + 1.
                rows = workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
                sheets.append(RawSheet(meta.name, cast(list[list[object]], rows),
                                       hidden=meta.visible != SheetVisibleEnum.Visible))
    except PasswordError as exc:
        raise _password(filename) from exc
    except MemoryError:
        raise
    except BaseException as exc:
        # Any failure to parse an uploaded file means a damaged file. Calamine's Rust panics
        # (seen on truncated files) arrive as pyo3's PanicException, a BaseException.
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        raise _corrupt(filename) from exc
    return sheets


def _decode(data: bytes, filename: str) -> str:
    """Text in UTF-16 (with its BOM), UTF-8 (with or without BOM) or else Windows-1258."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _not_a_spreadsheet(filename) from exc
    else:
        if b"\x00" in data[:_SAMPLE]:
            raise _not_a_spreadsheet(filename)  # binary
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1258")
            except UnicodeDecodeError as exc:
                raise _not_a_spreadsheet(filename) from exc
    sample = text[:_SAMPLE]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\r\n")
    if controls > len(sample) // 100:
        raise _not_a_spreadsheet(filename)
    head = sample.lstrip()[:400].lower()
    if head.startswith(("<!doctype html", "<html", "<table", "<meta", "<?xml")):
        raise ImportFileError(_(
            "Tệp “%(name)s” là trang web hoặc XML mang đuôi bảng tính, không phải bảng tính "
            "thật. Hãy mở bằng Excel và lưu lại dạng Excel (.xlsx)."
        ) % {"name": filename})
    # Windows-1258 writes tones as combining marks after the letter ("e" + "̃"); macOS can
    # decompose too. The rest of the system compares composed (NFC) text.
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _csv_rows(text: str, delimiter: str) -> list[list[object]]:
    return cast(list[list[object]], list(csv.reader(io.StringIO(text, newline=""),
                                                    delimiter=delimiter)))


def _choose_delimiter(text: str) -> str:
    """The delimiter under which the sample has a recognisable header; else the one splitting
    the most sample lines into the same number of fields."""
    sample = text[:_SAMPLE]
    best_header, best_count = (0, ","), (0, ",")
    for delimiter in (",", ";", "\t"):
        rows = _csv_rows(sample, delimiter)[: HEADER_SCAN_ROWS * 2]
        match = detect_header(RawSheet("", rows[:HEADER_SCAN_ROWS]))
        if match is not None and len(match.columns) > best_header[0]:
            best_header = (len(match.columns), delimiter)
        widths = [len(row) for row in rows if len(row) > 1]
        if widths:
            common = max(set(widths), key=widths.count)
            best_count = max(best_count, (widths.count(common), delimiter),
                             key=lambda item: item[0])
    return best_header[1] if best_header[0] else best_count[1]


def _read_csv(data: bytes, filename: str) -> list[RawSheet]:
    text = _decode(data, filename)
    try:
        with cyclic_gc_paused():
            rows = _csv_rows(text, _choose_delimiter(text))
    except csv.Error as exc:
        raise _corrupt(filename) from exc
    return [RawSheet(PurePath(filename).stem or filename, rows)]


def read_workbook(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES) -> list[RawSheet]:
    """Every worksheet of an .xlsx/.xlsm/.xlsb, .xls or .ods file, or the one sheet of a CSV.

    The format is told by the content: a zip holding a spreadsheet (``[Content_Types].xml`` of
    Excel, or the ``mimetype`` of ODS), an OLE compound file with a workbook stream (.xls), or
    else text (CSV in UTF-8, UTF-8 with BOM, UTF-16 or Windows-1258; comma, semicolon or tab).
    Raises :class:`ImportFileError` with a message for the officer when the file is empty,
    larger than ``max_bytes`` (checked before anything is parsed), not a spreadsheet, protected
    by a password, or damaged.
    """
    if len(data) > max_bytes:
        raise ImportFileError(
            _("Tệp quá lớn (%(size)s); giới hạn %(limit)s. Hãy chia nhỏ danh sách.")
            % {"size": _size(len(data)), "limit": _size(max_bytes)})
    if not data.strip():
        raise ImportFileError(_("Tệp rỗng."))
    head = data[:8]
    if head.startswith(_ZIP):
        _zip_kind(data, filename, max_bytes)
        sheets = _read_calamine(data, filename)
    elif head.startswith(_OLE):
        _ole_kind(data, filename)
        sheets = _read_calamine(data, filename)
    elif head.startswith(_OTHER_FORMATS):
        raise _not_a_spreadsheet(filename)
    else:
        sheets = _read_csv(data, filename)
    if not any(not is_blank_row(row) for sheet in sheets for row in sheet.rows):
        raise ImportFileError(_("Tệp rỗng."))
    return sheets


# --- Rows under the header ---------------------------------------------------------------------


@dataclass(slots=True)
class SourceRow:
    """One person row: ``cells`` holds every mapped field with its cell as read (a blank cell
    is ``""``). The two layout variants are already folded in: ``birth_date`` holds the birth
    written under "Nam"/"Nữ" (whose cells are then in ``sex_male_mark``/``sex_female_mark``)
    or the "d/m/yyyy" joined from "Ngày | Tháng | Năm" columns.

    ``raw`` is the whole row as read (the same list, not a copy), for the file of rejected rows
    given back to the officer.
    """

    sheet: str
    row_number: int  # as Excel shows it, 1-based
    cells: dict[str, object]
    raw: list[object]


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A non-blank row under the header that is not a person, and why."""

    row_number: int
    reason: str


@dataclass(frozen=True, slots=True)
class SkippedSheet:
    name: str
    reason: str


@dataclass(slots=True)
class SheetRows:
    """The person rows of one sheet, with the header they were read by."""

    sheet: str
    header: HeaderMatch
    rows: list[SourceRow]
    skipped: list[SkippedRow] = field(default_factory=list)
    footer_row: int | None = None  # 1-based row where the signature block starts


@dataclass(slots=True)
class ExtractedTable:
    sheets: list[SheetRows]
    skipped_sheets: list[SkippedSheet]

    def rows(self) -> Iterator[SourceRow]:
        """Every person row, sheet after sheet."""
        for sheet in self.sheets:
            yield from sheet.rows

    @property
    def row_count(self) -> int:
        return sum(len(sheet.rows) for sheet in self.sheets)


def _suspect_prefixes() -> tuple[frozenset[str], tuple[str, ...]]:
    """What the start of a name cell must look like to deserve the full total/footer check.

    The full check costs a few microseconds, too much for every one of a million names, so a
    name is first compared on its first five letters (lower case) with the words that open a
    total or a signature block: "người lập" is "ngườ", where "Nguyễn" is "nguyễ".
    """
    five: set[str] = set()
    short: list[str] = []
    for prefix in (*TOTAL_PREFIXES, *FOOTER_PREFIXES, "tong", "cong"):
        if len(prefix) >= 5:
            five.add(prefix[:5])
        else:
            short.append(prefix)
    return frozenset(five), tuple(short)


_SUSPECT_FIVE, _SUSPECT_SHORT = _suspect_prefixes()
_LEAD_INITIALS = frozenset("TtCc")

# Group headings inside a list: "I" | "THÔN ĐÔNG", "A. Tổ dân phố số 3", or "Thôn 3" alone.
_SECTION_NUMBER = re.compile(r"(?:[IVXLC]{1,7}|[A-Z])[.)]?")
_SECTION_PREFIX = re.compile(r"(?:[IVXLC]{1,7}|[A-Z])[.)]\s+")
_SECTION_SECOND = frozenset(".)IVXLC")  # the second letter of "I. …", "A) …", "II. …"
# With their accents: "Tô", "Bàn" are surnames.
_GROUP_WORDS = ("thôn ", "tổ ", "xóm ", "ấp ", "bản ", "buôn ", "khóm ", "khu phố ",
                "khu dân cư ", "thon ", "xom ")

# What a row is when it is not a person (reasons for SkippedRow are translated messages).
_BLANK, _FOOTER, _SECTION = "blank", "footer", "section"


def _blank(cell: object) -> bool:
    return cell is None or cell == "" or (isinstance(cell, str) and not cell.strip())


def _birth_part(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "0" if _blank(cell) else str(cell).strip()


class _SheetReader:
    """Reads the rows of one sheet under a known header: the hot loop of every import."""

    def __init__(self, sheet: RawSheet, header: HeaderMatch) -> None:
        self.sheet = sheet
        self.header = header
        columns = header.columns
        plain = [(name, col) for name, col in columns.items() if name in FIELDS]
        self.names = tuple(name for name, _col in plain)
        self.cols = tuple(col for _name, col in plain)
        # One C call per row picks every mapped cell (for two columns or more, as
        # detect_header guarantees; a mapping given by hand may have fewer).
        self.getter = itemgetter(*self.cols) if len(self.cols) > 1 else None
        self.width = max(columns.values(), default=-1) + 1
        self.name_col = columns.get("full_name")
        self.lead = range(self.name_col or 0)
        self.row_no_col = columns.get("row_no")
        self.by_sex = tuple(columns.get(name) for name in BIRTH_BY_SEX_FIELDS)
        self.parts = tuple(columns.get(name) for name in BIRTH_PART_FIELDS)
        self.section_group: str | None = None
        self.identifying = [col for name, col in columns.items()
                            if name in ("birth_date", "national_id", *BIRTH_BY_SEX_FIELDS,
                                        "birth_year")]
        # The texts of the header's name cell: a header pasted again inside the list.
        rows = sheet.rows
        self.header_names = {
            rows[i][self.name_col] for i in range(header.header_row, header.data_start)
            if self.name_col is not None and self.name_col < len(rows[i])
            and isinstance(rows[i][self.name_col], str) and rows[i][self.name_col]
        }

    def _cells(self, row: list[object]) -> dict[str, object]:
        if len(row) < self.width:
            row = row + [""] * (self.width - len(row))  # a short CSV line
        if self.getter is not None:
            cells = dict(zip(self.names, self.getter(row), strict=True))
        else:
            cells = {name: row[col] for name, col in zip(self.names, self.cols, strict=True)}
        male_col, female_col = self.by_sex
        if male_col is not None or female_col is not None:
            male = row[male_col] if male_col is not None else ""
            female = row[female_col] if female_col is not None else ""
            cells["sex_male_mark"], cells["sex_female_mark"] = male, female
            if _blank(cells.get("birth_date")) and not (_blank(male) and _blank(female)):
                cells["birth_date"] = female if _blank(male) else male
        day_col, month_col, year_col = self.parts
        if year_col is not None and _blank(cells.get("birth_date")) and not _blank(row[year_col]):
            day = row[day_col] if day_col is not None else ""
            month = row[month_col] if month_col is not None else ""
            cells["birth_date"] = "/".join(_birth_part(v) for v in (day, month, row[year_col]))
        return cells

    def _only_row_number(self, row: list[object]) -> bool:
        """A row numbered in advance and left empty, as list templates come."""
        for col, cell in enumerate(row):
            if _blank(cell) or cell == 0:
                continue
            if col != self.row_no_col:
                return False
            if not (isinstance(cell, int | float) or isinstance(cell, str) and cell.isdigit()):
                return False  # "I. THÔN ĐÔNG" merged across from the STT column
        return True

    def _named_row_kind(self, row: list[object], name: str) -> str | None:
        """Why a row with text in the name column is not a person, or None if it is one.

        Runs for every person, so each check first looks at a few letters.
        """
        head = name[:12].lower()
        suspect = head[:5] in _SUSPECT_FIVE or head.startswith(_SUSPECT_SHORT) or "," in name
        if not suspect:
            for col in self.lead:  # "Tổng cộng" in the STT column, a count under the name
                cell = row[col] if col < len(row) else ""
                if isinstance(cell, str) and cell[:1] in _LEAD_INITIALS:
                    suspect = True
        if suspect:
            if is_total_label(name) or is_total_row(row, self.name_col):
                return _("Dòng tổng cộng")
            if is_footer_text(name):
                return _FOOTER
        if name in self.header_names:
            return _("Dòng tiêu đề cột lặp lại")
        row_no_col = self.row_no_col
        number = row[row_no_col] if row_no_col is not None and row_no_col < len(row) else ""
        if (head.startswith(_GROUP_WORDS)
                or isinstance(number, str) and number[:1].isalpha()  # "I", "II.", "A" in STT
                or name[1:2] in _SECTION_SECOND and _SECTION_PREFIX.match(name)):
            return self._section_kind(row)
        return None

    def _section_kind(self, row: list[object]) -> str | None:
        """A group heading ("I" | "THÔN ĐÔNG", "Thôn 3" alone on its row), else None.

        A heading naming a thôn or tổ becomes the residential group of the rows under it that
        have none of their own.
        """
        if any(col < len(row) and not _blank(row[col]) for col in self.identifying):
            return None  # the usual person row, settled by one or two look-ups
        number: object = ""
        texts: list[object] = []
        for col, cell in enumerate(row):
            if _blank(cell) or cell == 0:
                continue
            if col == self.row_no_col:
                number = cell
            else:
                texts.append(cell)
        if not texts and isinstance(number, str):
            texts, number = [number], ""  # the heading merged across from the STT column
        if len(texts) != 1 or not isinstance(texts[0], str):
            return None
        title = " ".join(texts[0].split())
        numbered = isinstance(number, str) and bool(_SECTION_NUMBER.fullmatch(number.strip()))
        if match := _SECTION_PREFIX.match(title):
            title, numbered = title[match.end():], True
        is_group = f"{title.lower()} ".startswith(_GROUP_WORDS)
        if not (numbered or is_group):
            return None
        self.section_group = title if is_group else None
        return _SECTION

    def _nameless_row_kind(self, row: list[object]) -> str | None:
        """Why a row without a name is not a person; None means a person row without name."""
        if is_blank_row(row):
            return _BLANK
        if is_total_row(row, self.name_col):
            return _("Dòng tổng cộng")
        if self._only_row_number(row):
            return _BLANK
        if is_footer_row(row):
            return _FOOTER
        if is_number_row(row):
            return _("Dòng đánh số cột")
        return self._section_kind(row)

    def read(self) -> SheetRows:
        sheet_name = self.sheet.name
        rows = self.sheet.rows
        name_col = self.name_col
        found: list[SourceRow] = []
        skipped: list[SkippedRow] = []
        footer_row: int | None = None
        group: str | None = None  # from the last group heading naming a thôn or tổ
        named_row_kind, cells_of, append = self._named_row_kind, self._cells, found.append
        for index in range(self.header.data_start, len(rows)):
            row = rows[index]
            if not any(row):
                continue  # blank, the most common non-person row: the fastest test first
            name = row[name_col] if name_col is not None and name_col < len(row) else ""
            if isinstance(name, str) and name and not name.isspace():
                kind = named_row_kind(row, name.lstrip())
            elif name not in ("", None):
                # A number in the name column: the count of a total row, else a typing slip
                # for the pipeline to report.
                kind = _("Dòng tổng cộng") if is_total_row(row, name_col) else None
            else:
                kind = self._nameless_row_kind(row)
            if kind is None:
                if footer_row is not None and not self._identifies(row, name):
                    # Under the signatures only rows that identify someone are people
                    # (officers do add people below it); signatory names are not.
                    skipped.append(SkippedRow(index + 1, _("Nằm dưới phần chữ ký")))
                    continue
                cells = cells_of(row)
                if group is not None and _blank(cells.get("residential_group")):
                    cells["residential_group"] = group
                append(SourceRow(sheet_name, index + 1, cells, row))
            elif kind == _FOOTER:
                if footer_row is None:
                    footer_row = index + 1
                    skipped.append(SkippedRow(index + 1, _("Phần chữ ký cuối danh sách")))
            elif kind == _SECTION:
                group = self.section_group or group
                skipped.append(SkippedRow(index + 1, _("Dòng tiêu đề nhóm")))
            elif kind != _BLANK:
                skipped.append(SkippedRow(index + 1, kind))
        return SheetRows(sheet_name, self.header, found, skipped, footer_row)

    def _identifies(self, row: list[object], name: object) -> bool:
        """A name and a birth date or CCCD: what a person added under the signatures has."""
        return isinstance(name, str) and bool(name.strip()) and any(
            col < len(row) and not _blank(row[col]) for col in self.identifying)


def extract_rows(
    sheets: Sequence[RawSheet], *,
    template: Mapping[str, str] | None = None,
    mappings: Mapping[str, Mapping[str, int]] | None = None,
) -> ExtractedTable:
    """The person rows of every sheet that has a recognisable header.

    The header of each sheet is found by :func:`~.columns.detect_header` (with ``template``,
    a saved field → header text mapping, by that template). ``mappings`` (sheet name → field
    → column index), when given for a sheet, replaces the columns found, e.g. after the officer
    corrected them. Blank rows, totals ("Tổng cộng", "Cộng: 149 người"), rows numbered in
    advance and left empty, repeated header rows and the signature block are left out; all but
    blank rows are listed in ``SheetRows.skipped``. Hidden sheets and sheets without a header
    are listed in ``ExtractedTable.skipped_sheets``.
    """
    found: list[SheetRows] = []
    skipped: list[SkippedSheet] = []
    with cyclic_gc_paused():
        for sheet in sheets:
            _extract_sheet(sheet, template, mappings, found, skipped)
    return ExtractedTable(found, skipped)


def _extract_sheet(
    sheet: RawSheet,
    template: Mapping[str, str] | None,
    mappings: Mapping[str, Mapping[str, int]] | None,
    found: list[SheetRows],
    skipped: list[SkippedSheet],
) -> None:
    if sheet.hidden:
        skipped.append(SkippedSheet(sheet.name, _("Trang tính đang ẩn nên không được đọc.")))
        return
    header = detect_header(sheet, template=template)
    if header is None:
        if any(not is_blank_row(row) for row in sheet.rows[:HEADER_SCAN_ROWS]):
            skipped.append(SkippedSheet(sheet.name, _(
                "Không tìm thấy dòng tiêu đề có cột “Họ và tên” trong %(rows)s dòng đầu."
            ) % {"rows": HEADER_SCAN_ROWS}))
        return
    if mappings is not None and sheet.name in mappings:
        header = replace(header, columns=dict(mappings[sheet.name]))
    found.append(_SheetReader(sheet, header).read())
