"""Commune lists as officers really type them, written to bytes for the import tests.

Each writer lays out the same sheet — title block (UBND…, CỘNG HÒA…, DANH SÁCH…), a header
merged over two rows with "Giới tính" spanning the "Nam" and "Nữ" columns of marks, a row of
column numbers, the STT as formulas, a blank row in the middle, a "Tổng cộng" row and the
signature block — and renders it as .xlsx (xlsxwriter, with real merged cells), .xls (xlwt),
.ods (odfpy) or CSV. Every trait can be switched off.

Rows are plain dicts: ``full_name``, ``birth``, ``sex`` ("M"/"F" or "Nam"/"Nữ"),
``national_id``, ``household_code``, ``residential_group``, ``address``. How a value is written
follows its type, so a test states the mess it wants:

- ``birth``: a ``date`` is written as a real Excel date on even rows and as "dd/mm/yyyy" text
  on odd rows; ``str`` as text ("5/2/50", "1945"); ``int``/``float`` as a number (1945, or a
  day count like 29221.0);
- ``national_id``: a digit string is written as text, except on every third row (index 2, 5…)
  where it is written as a number and so loses its leading zeros, as Excel does; other strings
  ("1.08E+11") as text; an ``int`` as a number;
- ``sex``: spelled "Nam"/"nam"/"NAM", "Nữ"/"nữ"/"NỮ" in turn, or as "x"/"X" marks.

With the default layout the header is on spreadsheet rows 7–8, the column numbers on row 9 and
the first person on row 10.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import xlsxwriter

Row = Mapping[str, Any]

DEFAULT_HEADERS: dict[str, str] = {
    "row_no": "STT",
    "full_name": "Họ và tên",
    "birth": "Ngày sinh",
    "sex": "Giới tính",
    "national_id": "Số CCCD",
    "household_code": "Mã hộ",
    "residential_group": "Thôn",
    "address": "Địa chỉ",
}
_MALE_SPELLINGS = ("Nam", "nam", "NAM")
_FEMALE_SPELLINGS = ("Nữ", "nữ", "NỮ")
_EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class Formula:
    """A formula cell and the value Excel computed and saved with it."""

    expression: str  # "=A10+1"
    value: float


@dataclass
class Grid:
    """One sheet as laid out: values by (row, column), 0-based, and merged ranges."""

    name: str
    cells: dict[tuple[int, int], object] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    width: int = 0
    height: int = 0

    def put(self, row: int, col: int, value: object) -> None:
        if value is None or value == "":
            return
        self.cells[(row, col)] = value
        self.width = max(self.width, col + 1)
        self.height = max(self.height, row + 1)

    def merge(self, r1: int, c1: int, r2: int, c2: int, value: object) -> None:
        self.put(r1, c1, value)
        self.width = max(self.width, c2 + 1)
        self.height = max(self.height, r2 + 1)
        if (r1, c1) != (r2, c2):
            self.merges.append((r1, c1, r2, c2))


@dataclass(frozen=True)
class Layout:
    title_block: bool = True
    merged_header: bool = True
    sex_as_marks: bool = True
    number_row: bool = True
    total_row: bool = True
    total_label: str = "Tổng cộng"
    blank_rows: bool = True
    footer: bool = True
    formulas: bool = True
    birth_by_sex: bool = False  # "Năm sinh" over "Nam" | "Nữ", the birth under one of them
    sheets: int = 1
    headers: Mapping[str, str] = field(default_factory=dict)


def _col_letter(col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sex_code(sex: object) -> str | None:
    text = str(sex or "").strip().lower()
    if text in ("m", "nam"):
        return "M"
    if text in ("f", "nữ", "nu"):
        return "F"
    return None


def _layout_sheet(name: str, rows: Sequence[Row], layout: Layout) -> Grid:
    grid = Grid(name)
    titles = {**DEFAULT_HEADERS, **layout.headers}
    order = ["row_no", "full_name", "birth", "sex", "national_id", "household_code",
             "residential_group", "address"]
    if layout.birth_by_sex:
        order.remove("sex")
        titles["birth"] = layout.headers.get("birth", "Năm sinh")
    two_columns = "birth" if layout.birth_by_sex else "sex" if layout.sex_as_marks else None
    col: dict[str, int] = {}
    next_col = 0
    for key in order:
        col[key] = next_col
        next_col += 2 if key == two_columns else 1
    last = next_col - 1

    r = 0
    if layout.title_block:
        grid.merge(0, 0, 0, 2, "UBND XÃ CỰ KHỐI")
        grid.merge(0, 4, 0, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        grid.merge(1, 4, 1, last, "Độc lập - Tự do - Hạnh phúc")
        grid.merge(3, 0, 3, last, "DANH SÁCH NGƯỜI CAO TUỔI HƯỞNG TRỢ CẤP XÃ HỘI HẰNG THÁNG")
        grid.merge(4, 0, 4, last, "(Kèm theo Tờ trình số 12/TTr-UBND ngày 05/02/2026)")
        r = 6

    header_rows = 2 if layout.merged_header else 1
    for key in order:
        c = col[key]
        if key == two_columns:
            if layout.merged_header:
                grid.merge(r, c, r, c + 1, titles[key])
                grid.put(r + 1, c, "Nam")
                grid.put(r + 1, c + 1, "Nữ")
            elif key == "birth":
                grid.put(r, c, f"{titles[key]} Nam")
                grid.put(r, c + 1, f"{titles[key]} Nữ")
            else:
                grid.put(r, c, "Nam")
                grid.put(r, c + 1, "Nữ")
        else:
            grid.merge(r, c, r + header_rows - 1, c, titles[key])
    r += header_rows
    if layout.number_row:
        for c in range(last + 1):
            grid.put(r, c, f"({c + 1})")
        r += 1

    first_data = r
    blank_after = len(rows) // 2 if layout.blank_rows and len(rows) > 2 else None
    for index, person in enumerate(rows):
        if index == blank_after:
            r += 1  # a blank row left in the middle of the list
        if index == 0 or not layout.formulas:
            grid.put(r, col["row_no"], index + 1)
        else:
            previous = r - 1 if index != blank_after else r - 2
            grid.put(r, col["row_no"],
                     Formula(f"={_col_letter(col['row_no'])}{previous + 1}+1", index + 1))
        grid.put(r, col["full_name"], person.get("full_name"))
        sex = _sex_code(person.get("sex"))
        birth = _birth_cell(person.get("birth"), index)
        if layout.birth_by_sex:  # the column tells the sex
            grid.put(r, col["birth"] + (1 if sex == "F" else 0), birth)
        else:
            grid.put(r, col["birth"], birth)
            _put_sex(grid, r, col["sex"], person.get("sex"), sex, index, layout.sex_as_marks)
        grid.put(r, col["national_id"], _national_id_cell(person.get("national_id"), index))
        for key in ("household_code", "residential_group", "address"):
            grid.put(r, col[key], person.get(key))
        r += 1

    if layout.total_row:
        grid.merge(r, 0, r, col["full_name"], layout.total_label)
        name_letter = _col_letter(col["full_name"])
        count = (Formula(f"=COUNTA({name_letter}{first_data + 1}:{name_letter}{r})", len(rows))
                 if layout.formulas else len(rows))
        grid.put(r, col["birth"], count)
        r += 1
    if layout.footer:
        r += 1
        grid.merge(r, last - 2, r, last, "Cự Khối, ngày 05 tháng 02 năm 2026")
        grid.put(r + 1, col["full_name"], "NGƯỜI LẬP BIỂU")
        grid.merge(r + 1, last - 2, r + 1, last, "TM. ỦY BAN NHÂN DÂN")
        grid.merge(r + 2, last - 2, r + 2, last, "CHỦ TỊCH")
        grid.put(r + 3, col["full_name"], "(Ký, ghi rõ họ tên)")
        grid.put(r + 6, col["full_name"], "Nguyễn Văn Lập")
        grid.merge(r + 6, last - 2, r + 6, last, "Trần Văn Chủ")
    return grid


def _put_sex(
    grid: Grid, r: int, c: int, raw: object, sex: str | None, index: int, as_marks: bool,
) -> None:
    """An "x" under "Nam" or "Nữ", or the word spelled one of three ways in turn."""
    if as_marks:
        if sex is not None:
            grid.put(r, c + (1 if sex == "F" else 0), "x" if index % 2 == 0 else "X")
    elif sex is not None:
        grid.put(r, c, (_MALE_SPELLINGS if sex == "M" else _FEMALE_SPELLINGS)[index % 3])
    else:
        grid.put(r, c, raw)  # written as given: "không rõ", "?"


def _birth_cell(birth: object, index: int) -> object:
    if isinstance(birth, datetime):
        birth = birth.date()
    if isinstance(birth, date):
        return birth if index % 2 == 0 else birth.strftime("%d/%m/%Y")
    return birth


def _national_id_cell(nid: object, index: int) -> object:
    if isinstance(nid, str) and nid.isdigit() and index % 3 == 2:
        return int(nid)  # typed into a number cell: the leading zeros are gone
    return nid


def layout(rows: Sequence[Row], **options: Any) -> list[Grid]:
    """The sheets of a list: one per ``sheets``, rows shared out in order, plus a sheet of
    notes without a table when there are several."""
    spec = Layout(**options)
    count = max(1, spec.sheets)
    size = -(-len(rows) // count) if rows else 0
    grids = [_layout_sheet(f"Thôn {n + 1}" if count > 1 else "Danh sách",
                           rows[n * size:(n + 1) * size], spec) for n in range(count)]
    if count > 1:
        notes = Grid("Ghi chú")
        notes.put(0, 0, "Danh sách do các trưởng thôn lập, xã tổng hợp.")
        notes.put(1, 0, "Số liệu đến ngày 31/01/2026.")
        grids.append(notes)
    return grids


# --- Writers -----------------------------------------------------------------------------------


def _merged_away(grid: Grid) -> set[tuple[int, int]]:
    """Cells covered by a merge other than its first cell."""
    return {(r, c) for r1, c1, r2, c2 in grid.merges
            for r in range(r1, r2 + 1) for c in range(c1, c2 + 1) if (r, c) != (r1, c1)}


def commune_list_xlsx(rows: Sequence[Row], **options: Any) -> bytes:
    """The list as an .xlsx file, merged cells and formulas (with cached values) included.

    Options are the fields of :class:`Layout`: ``title_block``, ``merged_header``,
    ``sex_as_marks``, ``number_row``, ``total_row``, ``total_label``, ``blank_rows``,
    ``footer``, ``formulas``, ``sheets``, ``headers`` (overrides of header texts).
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    centered = workbook.add_format({"bold": True, "align": "center", "valign": "vcenter",
                                    "text_wrap": True})
    for grid in layout(rows, **options):
        sheet = workbook.add_worksheet(grid.name)
        for r1, c1, r2, c2 in grid.merges:
            sheet.merge_range(r1, c1, r2, c2, "", centered)
            value = grid.cells.get((r1, c1), "")
            sheet.write_string(r1, c1, str(value), centered)
        merged_origins = {(r1, c1) for r1, c1, _r2, _c2 in grid.merges}
        for (r, c), value in grid.cells.items():
            if (r, c) in merged_origins:
                continue
            if isinstance(value, Formula):
                sheet.write_formula(r, c, value.expression, None, value.value)
            elif isinstance(value, date):
                sheet.write_datetime(r, c, datetime.combine(value, datetime.min.time()),
                                     date_format)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    workbook.close()
    return buffer.getvalue()


def commune_list_xls(rows: Sequence[Row], **options: Any) -> bytes:
    """The list as an Excel 97–2003 .xls file (xlwt). xlwt saves formulas without a computed
    value, so formula cells read back empty, as from a file never opened in Excel."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    plain = xlwt.XFStyle()
    for grid in layout(rows, **options):
        sheet = workbook.add_sheet(grid.name)
        merged_origins = set()
        for r1, c1, r2, c2 in grid.merges:
            sheet.write_merge(r1, r2, c1, c2, str(grid.cells.get((r1, c1), "")))
            merged_origins.add((r1, c1))
        for (r, c), value in grid.cells.items():
            if (r, c) in merged_origins:
                continue
            if isinstance(value, Formula):
                sheet.write(r, c, xlwt.Formula(value.expression.removeprefix("=")), plain)
            elif isinstance(value, date):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value, plain)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ods_formula(expression: str) -> str:
    """"=A10+1" in OpenFormula: "of:=[.A10]+1" (ranges "B7:B9" → "[.B7:.B9]")."""
    out, token = [], ""
    for ch in expression.removeprefix("=") + " ":
        if ch.isalnum() or (ch == ":" and token):
            token += ch
            continue
        if token:
            is_ref = token[0].isalpha() and any(c.isdigit() for c in token) and token.isupper()
            out.append("[." + token.replace(":", ":.") + "]" if is_ref else token)
            token = ""
        out.append(ch)
    return "of:=" + "".join(out).rstrip()


def commune_list_ods(rows: Sequence[Row], **options: Any) -> bytes:
    """The list as an OpenDocument spreadsheet (odfpy), spans and formulas included."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for grid in layout(rows, **options):
        table = Table(name=grid.name)
        covered = _merged_away(grid)
        spans = {(r1, c1): (r2 - r1 + 1, c2 - c1 + 1) for r1, c1, r2, c2 in grid.merges}
        for r in range(grid.height):
            table_row = TableRow()
            for c in range(grid.width):
                if (r, c) in covered:
                    table_row.addElement(CoveredTableCell())
                    continue
                value = grid.cells.get((r, c))
                attributes: dict[str, Any] = {}
                if (r, c) in spans:
                    attributes["numberrowsspanned"] = spans[(r, c)][0]
                    attributes["numbercolumnsspanned"] = spans[(r, c)][1]
                if value is None:
                    table_row.addElement(TableCell(**attributes))
                    continue
                if isinstance(value, Formula):
                    cell = TableCell(valuetype="float", value=value.value,
                                     formula=_ods_formula(value.expression), **attributes)
                    shown = f"{value.value:g}"
                elif isinstance(value, date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat(), **attributes)
                    shown = value.strftime("%d/%m/%Y")
                elif isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=value, **attributes)
                    shown = f"{value:g}" if isinstance(value, float) else str(value)
                else:
                    cell = TableCell(valuetype="string", **attributes)
                    shown = str(value)
                cell.addElement(P(text=shown))
                table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


# Windows-1258 has letters with a circumflex, breve or horn but writes the five tones as
# combining marks after the letter.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def encode_cp1258(text: str) -> bytes:
    """Text as Windows saves it in code page 1258: "ễ" becomes "ê" followed by a tilde."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONES))
        out += base.encode("cp1258") + "".join(p for p in parts if p in _TONES).encode("cp1258")
    return bytes(out)


def _csv_text(value: object) -> str:
    """A cell as Excel writes it to CSV: what it shows, formulas by their value."""
    if isinstance(value, Formula):
        value = value.value
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def commune_list_csv(
    rows: Sequence[Row], encoding: str = "utf-8", delimiter: str = ",", **options: Any,
) -> bytes:
    """The list as the CSV Excel saves: title lines, one header row, the rows, the total.

    ``encoding`` is "utf-8", "utf-8-sig" (with a BOM, as Excel's "CSV UTF-8") or "cp1258"
    (Excel's plain "CSV" on Vietnamese Windows). The layout defaults to one header row with a
    "Giới tính" column and no column numbers, as CSV files usually come.
    """
    options = {"merged_header": False, "sex_as_marks": False, "number_row": False,
               "footer": False, **options}
    grids = layout(rows, **options)
    grid = grids[0]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for r in range(grid.height):
        writer.writerow([_csv_text(grid.cells.get((r, c))) for c in range(grid.width)])
    text = buffer.getvalue()
    if encoding == "cp1258":
        return encode_cp1258(text)
    return text.encode(encoding)


# --- Many rows, fast ---------------------------------------------------------------------------

_SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
             "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Tống", "Cao")
_MIDDLE = {"M": ("Văn", "Đức", "Minh", "Quang", "Hữu"), "F": ("Thị", "Ngọc", "Thu", "Thanh")}
_GIVEN = {"M": ("An", "Bình", "Cường", "Dũng", "Hùng", "Nam", "Tuấn", "Ảnh", "Công"),
          "F": ("Hường", "Lan", "Mai", "Hoa", "Hằng", "Yến", "Ánh", "Thảo")}


def people(count: int, *, start: int = 0) -> list[dict[str, Any]]:
    """Plausible persons for tests, the same every time: names, births from 1930 to 2020,
    CCCDs of Hà Nội (province 001) that agree with birth year and sex."""
    result = []
    for n in range(start, start + count):
        sex = "M" if n % 2 == 0 else "F"
        born = date(1930, 1, 1) + timedelta(days=(n * 7919) % (90 * 365))
        century_digit = (0 if born.year < 2000 else 2) + (0 if sex == "M" else 1)
        result.append({
            "full_name": f"{_SURNAMES[n % len(_SURNAMES)]} {_MIDDLE[sex][n % len(_MIDDLE[sex])]} "
                         f"{_GIVEN[sex][n % len(_GIVEN[sex])]}",
            "birth": born,
            "sex": sex,
            "national_id": f"001{century_digit}{born.year % 100:02d}{n % 1_000_000:06d}",
            "household_code": f"HGD-{n // 4 + 1:05d}",
            "residential_group": f"Thôn {n % 9 + 1}",
            "address": f"Số {n % 200 + 1}, ngõ {n % 37 + 1}",
        })
    return result


def big_commune_list_xlsx(count: int) -> bytes:
    """A list of ``count`` persons in one sheet, written row by row in xlsxwriter's
    constant-memory mode: title block, header, and dates alternating real and text."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = workbook.add_worksheet("Danh sách")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_string(0, 0, "UBND XÃ CỰ KHỐI")
    sheet.write_string(2, 0, "DANH SÁCH NHÂN KHẨU")
    sheet.write_row(4, 0, ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Mã hộ",
                           "Thôn", "Địa chỉ"])
    batch = 10_000
    for first in range(0, count, batch):
        for offset, person in enumerate(people(min(batch, count - first), start=first)):
            n = first + offset
            r = 5 + n
            sheet.write_number(r, 0, n + 1)
            sheet.write_string(r, 1, person["full_name"])
            if n % 2:
                sheet.write_string(r, 2, person["birth"].strftime("%d/%m/%Y"))
            else:
                sheet.write_number(r, 2, (person["birth"] - _EXCEL_EPOCH).days, date_format)
            sheet.write_string(r, 3, "Nam" if person["sex"] == "M" else "Nữ")
            sheet.write_row(r, 4, (person["national_id"], person["household_code"],
                                   person["residential_group"], person["address"]))
    sheet.write_string(5 + count, 0, "Tổng cộng")
    workbook.close()
    return buffer.getvalue()


def big_commune_list_csv(count: int) -> bytes:
    """A list of ``count`` persons as UTF-8 CSV with a BOM, as Excel saves one: header, STT,
    dates as dd/mm/yyyy text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Mã hộ", "Thôn",
                     "Địa chỉ"])
    batch = 10_000
    for first in range(0, count, batch):
        writer.writerows(
            (first + offset + 1, person["full_name"], person["birth"].strftime("%d/%m/%Y"),
             "Nam" if person["sex"] == "M" else "Nữ", person["national_id"],
             person["household_code"], person["residential_group"], person["address"])
            for offset, person in enumerate(people(min(batch, count - first), start=first)))
    return b"\xef\xbb\xbf" + buffer.getvalue().encode()
