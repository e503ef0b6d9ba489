"""Long signed lists drawn with ReportLab, in the layout of ``documents/list_base.html``.

WeasyPrint (``ansinh.core.documents``) lays out about 1 ms per table cell whatever the CSS: a
ward's payment list of 5,000 lines took some 45 s. ReportLab's platypus draws it in about 2 s,
so lists that can run to thousands of lines are built here instead, with the look of
``list_base.html``: landscape A4 with the margins of Decree 30/2020/NĐ-CP (top and bottom
20 mm, left 30 mm, right 15 mm), the national header, a bordered table whose header row repeats
on every page (:class:`ListTable`), and the signature columns. The footer carries the
document's name and who printed it on the left and "Trang 2/7" on the right
(:class:`NumberedCanvas`).

The text is Liberation Serif (metric-compatible with Times New Roman), found through fontconfig
and embedded in the PDF, so every Vietnamese letter prints whatever the reader has installed.
Version 2 of the font (``fonts-liberation2``, installed by ``scripts/ensure-pdf-libs.sh``) has
all of them; version 1 lacks most and is refused.

Speed: table cells are plain strings, wrapped beforehand by :func:`wrap` with ReportLab's own
line breaking and font metrics. A ``Paragraph`` per wrapping cell prints the same and doubles
the time (5,000 lines: 3.9 s instead of 1.8 s). ReportLab never splits a row: a row's lines
stay on one page.

Reports (the supervision report, the standard and annual reports) are portrait pages of
paragraphs and short tables: :func:`report_document` lays them out with the same margins and
footer, from :func:`body`, :func:`heading`, :func:`grid`, :func:`number_and_date` and
:func:`closing`.
"""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.core.exceptions import ImproperlyConfigured
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

PAGE = landscape(A4)
TOP, RIGHT, BOTTOM, LEFT = 20 * mm, 15 * mm, 20 * mm, 30 * mm
WIDTH = PAGE[0] - LEFT - RIGHT  # of the text: 252 mm
RULE = 0.75  # points: the table's borders and the rules of the header

SERIF = "LiberationSerif"
BOLD = "LiberationSerif-Bold"
ITALIC = "LiberationSerif-Italic"
BOLD_ITALIC = "LiberationSerif-BoldItalic"
# fontconfig's style name of each face, and the file name fonts-liberation2 gives it.
_FACES = {SERIF: "Regular", BOLD: "Bold", ITALIC: "Italic", BOLD_ITALIC: "Bold Italic"}
# Where Debian's fonts-liberation2 puts the files, should fontconfig be missing.
_FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"),
              Path("/usr/share/fonts/truetype/liberation"))
# Letters version 1 of the font lacks: ả ạ ặ ẫ ế ệ ỉ ọ ộ ớ ủ ự ỳ ỹ and their capitals.
_VIETNAMESE = range(0x1EA0, 0x1EFA)
_MISSING = ("Liberation Serif 2 is needed to print documents with Vietnamese letters: "
            "run scripts/ensure-pdf-libs.sh (fonts-liberation2, fontconfig).")


# --- fonts ----------------------------------------------------------------------------------------

def font_file(style: str) -> Path:
    """The file of Liberation Serif in ``style`` ("Regular", "Bold", "Italic", "Bold Italic").

    fontconfig answers with another family when the font is missing, so its answer is taken
    only when it names Liberation Serif in that style; otherwise the folders where Debian
    installs it are looked at. Raises ``ImproperlyConfigured`` when it is nowhere.
    """
    if fc_match := shutil.which("fc-match"):
        found = subprocess.run(  # noqa: S603 - fontconfig's own tool, a fixed pattern
            [fc_match, "-f", "%{family}|%{style}|%{file}", f"Liberation Serif:style={style}"],
            capture_output=True, text=True, timeout=30, check=False).stdout
        family, _sep, rest = found.partition("|")
        styles, _sep, file = rest.partition("|")
        if "Liberation Serif" in family.split(",") and style in styles.split(",") \
                and Path(file).is_file():
            return Path(file)
    for folder in _FONT_DIRS:
        path = folder / f"LiberationSerif-{style.replace(' ', '')}.ttf"
        if path.is_file():
            return path
    raise ImproperlyConfigured(f"{_MISSING} Liberation Serif {style} was not found.")


@functools.cache
def register_fonts() -> None:
    """Register the four faces of Liberation Serif with ReportLab, once per process."""
    for name, style in _FACES.items():
        path = font_file(style)
        font = TTFont(name, str(path))
        if not all(code in font.face.charToGlyph for code in _VIETNAMESE):
            raise ImproperlyConfigured(f"{_MISSING} {path} lacks Vietnamese letters.")
        pdfmetrics.registerFont(font)
    # <b> and <i> in a Paragraph pick the matching face.
    pdfmetrics.registerFontFamily(SERIF, normal=SERIF, bold=BOLD, italic=ITALIC,
                                  boldItalic=BOLD_ITALIC)


# --- text -----------------------------------------------------------------------------------------

def clean(text: str) -> str:
    """One line of text as printed: composed (NFC, one glyph per letter) and single-spaced."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def wrap(text: str, font: str, size: float, width: float) -> str:
    """``text`` broken into lines no wider than ``width`` points, joined by newlines.

    ReportLab's own line breaking (``simpleSplit``), on spaces; a word wider than ``width``
    alone (a long number, say) is cut between letters rather than run over the border.
    """
    text = clean(text)
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    lines: list[str] = []
    for line in simpleSplit(text, font, size, width):
        while pdfmetrics.stringWidth(line, font, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and pdfmetrics.stringWidth(line[:cut], font, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return "\n".join(lines)


def paragraph(text: str, *, font: str = SERIF, size: float = 12, leading: float = 1.2,
              align: int = TA_CENTER, space_before: float = 0, space_after: float = 0,
              first_indent: float = 0, keep_spaces: bool = False) -> Paragraph:
    """A paragraph of plain text (markup in ``text`` prints as written); runs of spaces are
    made single unless ``keep_spaces`` (the blank left for a number: "Số:      /BC-UBND")."""
    style = ParagraphStyle(
        "text", fontName=font, fontSize=size, leading=size * leading, alignment=align,
        spaceBefore=space_before, spaceAfter=space_after, firstLineIndent=first_indent)
    if keep_spaces:
        markup = escape(unicodedata.normalize("NFC", text.strip())).replace(" ", "&nbsp;")
        return Paragraph(markup, style)
    return Paragraph(escape(clean(text)), style)


# --- the parts of a list --------------------------------------------------------------------------

class NationalHeader(Flowable):
    """The header of Decree 30's Appendix I over the width of the page.

    Left, 40 %: the issuing body, upper case and bold, with a short rule under it (40 % of the
    name). Right, 60 %: the national name in bold, and the motto in bold with a rule as long as
    itself. Sizes as ``documents/base.html``: 12 pt, the motto 13 pt, lines 1.3 apart.
    """

    NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    MOTTO = "Độc lập - Tự do - Hạnh phúc"

    def __init__(self, issuer: str) -> None:
        super().__init__()
        self.issuer = clean(issuer).upper()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.issuer_lines = simpleSplit(self.issuer, BOLD, 12, availWidth * 0.4 - 8)
        left = len(self.issuer_lines) * 12 * 1.3 + 8
        right = 12 * 1.3 + 13 * 1.3 + 5
        self.height = max(left, right) + 4  # the empty second row of base.html's header
        return self.width, self.height

    def draw(self) -> None:
        canvas, top = self.canv, self.height
        canvas.setLineWidth(RULE)
        left, right = self.width * 0.2, self.width * 0.7  # the columns' centres
        baseline = top - 12 * 1.15
        canvas.setFont(BOLD, 12)
        for line in self.issuer_lines:
            canvas.drawCentredString(left, baseline, line)
            baseline -= 12 * 1.3
        rule = 0.4 * max(pdfmetrics.stringWidth(line, BOLD, 12) for line in self.issuer_lines)
        y = baseline + 12 * 1.3 - 6  # 6 pt under the last line's baseline, clear of the descenders
        canvas.line(left - rule / 2, y, left + rule / 2, y)

        canvas.drawCentredString(right, top - 12 * 1.15, self.NATION)
        canvas.setFont(BOLD, 13)
        baseline = top - 12 * 1.3 - 13 * 1.15
        canvas.drawCentredString(right, baseline, self.MOTTO)
        half = pdfmetrics.stringWidth(self.MOTTO, BOLD, 13) / 2
        y = baseline - 4
        canvas.line(right - half, y, right + half, y)


def signature_table(signatures: Sequence[tuple[str, str]], date_line: str,
                    width: float = WIDTH, *, last_share: float = 0.4) -> Table:
    """The place and date over the last column, then one column per signer (left to right:
    role in upper case, the hint, room to sign, the name); the last signs and seals.

    The last column takes ``last_share`` of the width: enough for the date line to stay on
    one line (on a portrait page, 0.55)."""
    count = len(signatures)
    widths = [width * (1 - last_share) / (count - 1)] * (count - 1) + [width * last_share] \
        if count > 1 else [width]
    blocks = []
    for index, (role, name) in enumerate(signatures):
        hint = "(Ký, ghi rõ họ tên, đóng dấu)" if index == count - 1 else "(Ký, ghi rõ họ tên)"
        blocks.append([paragraph(role.upper(), font=BOLD, size=13),
                       paragraph(hint, font=ITALIC, size=12),
                       Spacer(1, 24 * mm),
                       paragraph(name, font=BOLD, size=13)])
    date_row = [""] * (count - 1) + [paragraph(date_line, font=ITALIC, size=13)]
    return Table([date_row, blocks], colWidths=widths, style=TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 2),
    ]))


class ListTable:
    """A bordered list built row by row, then made into ReportLab tables.

    Cells are plain strings (``text`` wraps them to their column) or, rarely, flowables. Row
    heights are at least ``height`` (``add``); ``keep`` forbids a page break between rows;
    ``spanned`` and ``total`` write rows whose text runs over several columns.

    A long list is made into several tables (``tables``) rather than one: ReportLab works out
    spans and unbreakable rows over the whole rest of a table at every page break, which for
    one table of 5,000 rows cost 20 s of 25. Each table holds ``rows_per_table`` rows or a
    few more (it never ends inside a ``keep``); the header row is in the first only and
    ``running_header`` repeats it at the top of the next pages (``list_document``). A short
    list is one table whose header row ReportLab repeats itself (``table``).
    """

    def __init__(self, columns: Sequence[tuple[str, float]], *, size: float = 12,
                 head_size: float = 12, leading: float = 1.2,
                 padding: tuple[float, float] = (2, 4), head_padding: tuple[float, float] = (2, 4),
                 aligns: Mapping[int, str] | None = None, width: float = WIDTH) -> None:
        """``columns``: (header, width in per cent of ``width``); ``padding``: (vertical,
        horizontal) inside the cells, in points; ``aligns``: column → "CENTER" or "RIGHT"."""
        self.labels = [label for label, _percent in columns]
        self.widths = [width * percent / 100 for _label, percent in columns]
        self.size, self.head_size, self.leading = size, head_size, leading
        self.padding, self.head_padding = padding, head_padding
        self.rows: list[list[Any]] = []
        self.heights: list[float] = []
        self.header_row: int | None = None
        self.keeps: list[tuple[int, int]] = []
        # Commands for every row, then commands for some rows (their row numbers absolute).
        self.base: list[Any] = [
            ("FONT", (0, 0), (-1, -1), SERIF, size, size * leading),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            *self._padding((0, 0), (-1, -1), padding),
            *(("ALIGN", (col, 0), (col, -1), align) for col, align in (aligns or {}).items()),
        ]
        self.commands: list[Any] = []

    @staticmethod
    def _padding(start: tuple[int, int], stop: tuple[int, int],
                 padding: tuple[float, float]) -> list[Any]:
        vertical, horizontal = padding
        return [("LEFTPADDING", start, stop, horizontal),
                ("RIGHTPADDING", start, stop, horizontal),
                ("TOPPADDING", start, stop, vertical), ("BOTTOMPADDING", start, stop, vertical)]

    # Rows.

    def text(self, text: str, first: int, last: int | None = None, *, font: str = SERIF,
             size: float | None = None, pad: float | None = None) -> str:
        """``text`` wrapped to the width of columns ``first`` to ``last``, less the padding."""
        width = sum(self.widths[first:(first if last is None else last) + 1])
        pad = self.padding[1] if pad is None else pad
        return wrap(text, font, size or self.size, width - 2 * pad)

    def add(self, row: Sequence[Any], *, height: float = 0) -> int:
        """A row (missing cells at the end are empty); its number."""
        self.rows.append([*row, *[""] * (len(self.widths) - len(row))])
        self.heights.append(height)
        return len(self.rows) - 1

    def header(self) -> int:
        """The header row: the columns' names in bold, centred; kept with the next row."""
        pad = self.head_padding[1]
        index = self.add([self.text(label, col, font=BOLD, size=self.head_size, pad=pad)
                          for col, label in enumerate(self.labels)])
        row = (0, index), (-1, index)
        self.style(("FONT", *row, BOLD, self.head_size, self.head_size * self.leading),
                   ("ALIGN", *row, "CENTER"), *self._padding(*row, self.head_padding))
        self.header_row = index
        self.keep(index, index + 1)
        return index

    def spanned(self, text: str, *, font: str = SERIF, size: float | None = None,
                align: str = "LEFT") -> int:
        """A row of one cell over the whole width."""
        size = size or self.size
        index = self.add([self.text(text, 0, len(self.widths) - 1, font=font, size=size)])
        row = (0, index), (-1, index)
        self.style(("SPAN", *row), ("FONT", *row, font, size, size * self.leading),
                   ("ALIGN", *row, align))
        return index

    def total(self, label: str, amount: str, *, amount_column: int) -> int:
        """A bold row: ``label`` over the columns from the second to the amount's, ``amount``."""
        cells = ["", self.text(label, 1, amount_column - 1, font=BOLD)]
        index = self.add([*cells, *[""] * (amount_column - 2), amount])
        self.style(("SPAN", (1, index), (amount_column - 1, index)),
                   ("FONT", (0, index), (-1, index), BOLD, self.size, self.size * self.leading),
                   ("ALIGN", (1, index), (1, index), "LEFT"))
        return index

    def closing(self, closing: Flowable, *, space: float) -> int:
        """``closing`` (the signatures) under the table, ``space`` points below it."""
        index = self.add([closing])
        self.style(("SPAN", (0, index), (-1, index)))
        self.bare(index, top=space)
        return index

    # Styles.

    def bare(self, index: int, *, top: float = 0, bottom: float = 0) -> None:
        """Row ``index`` is outside the borders: no padding at the sides, as wide as the text."""
        self.style(*self._padding((0, index), (-1, index), (0, 0)),
                   ("TOPPADDING", (0, index), (-1, index), top),
                   ("BOTTOMPADDING", (0, index), (-1, index), bottom))

    def border(self, first: int, last: int) -> None:
        """Rows ``first`` to ``last`` have borders."""
        self.style(("GRID", (0, first), (-1, last), RULE, colors.black))

    def keep(self, first: int, last: int) -> None:
        """No page break between rows ``first`` and ``last``."""
        self.keeps.append((first, last))

    def style(self, *commands: Any) -> None:
        self.commands.extend(commands)

    # Tables.

    def table(self, *, space_before: float = 0) -> Table:
        """The list as one table, its header row repeated on every page."""
        repeat = () if self.header_row is None else (self.header_row,)
        return self._table(0, len(self.rows), repeat=repeat, space_before=space_before)

    def tables(self, rows_per_table: int = 40) -> list[Table]:
        """The list as tables of about ``rows_per_table`` rows, for ``running_header``."""
        inside = {row for first, last in self.keeps for row in range(first + 1, last + 1)}
        tables, start = [], 0
        while start < len(self.rows):
            end = min(start + rows_per_table, len(self.rows))
            while end in inside:  # a table never ends between rows kept together
                end += 1
            tables.append(self._table(start, end))
            start = end
        return tables

    def running_header(self) -> Table | None:
        """The header row alone, for the top of the pages the list goes on to."""
        if self.header_row is None:
            return None
        return self._table(self.header_row, self.header_row + 1)

    def _table(self, start: int, end: int, *, repeat: tuple[int, ...] = (),
               space_before: float = 0) -> Table:
        """Rows ``start`` to ``end`` (excluded), with the commands that concern them."""
        commands = list(self.base)
        keeps = [("NOSPLIT", (0, first), (-1, last)) for first, last in self.keeps]
        for name, (col0, row0), (col1, row1), *args in self.commands + keeps:
            if row0 < end and row1 >= start:
                commands.append((name, (col0, max(row0, start) - start),
                                 (col1, min(row1, end - 1) - start), *args))
        # Space before a flowable is dropped at the top of a page, as CSS margins are.
        return LongTable(self.rows[start:end], colWidths=self.widths,
                         minRowHeights=self.heights[start:end], style=TableStyle(commands),
                         repeatRows=tuple(row - start for row in repeat) or 0,
                         spaceBefore=space_before)


# --- the pages ------------------------------------------------------------------------------------

class NumberedCanvas(Canvas):
    """A canvas that draws each page's footer once it knows how many pages there are.

    ReportLab's two-pass recipe: every finished page is kept instead of written; ``save``
    then draws "Trang x/y" (and ``footer`` on the left) on each and writes them all. The
    footer spans the page's own width, landscape or portrait.
    """

    def __init__(self, *args: Any, footer: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.footer = clean(footer)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        count = len(self._pages)
        for page in self._pages:
            self.__dict__.update(page)
            self.draw_footer(count)
            super().showPage()
        super().save()

    def draw_footer(self, count: int) -> None:
        number = f"Trang {self._pageNumber}/{count}"
        top = BOTTOM - 3 * mm  # the footer hangs 3 mm under the text
        page_width = self._pagesize[0]  # landscape for lists, portrait for reports
        self.setFont(SERIF, 11)
        self.drawRightString(page_width - RIGHT, top - 11 * 0.9, number)
        room = page_width - LEFT - RIGHT - pdfmetrics.stringWidth(number, SERIF, 11) - 12 * mm
        self.setFont(SERIF, 9)
        for index, line in enumerate(simpleSplit(self.footer, SERIF, 9, room)[:3]):
            self.drawString(LEFT, top - 9 * 0.9 - index * 9 * 1.2, line)


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str = ""
    subject: str = ""


# The page templates of ``list_document``: pages without and with the running header.
PLAIN, CONTINUED = "plain", "continued"


def list_document(story: list[Flowable], *, metadata: Metadata, footer: str,
                  running_header: Flowable | None = None) -> bytes:
    """The PDF of ``story`` on landscape A4 pages with the list's margins and footer.

    The first page is ``PLAIN``; ``NextPageTemplate(CONTINUED)`` in ``story`` makes the pages
    after it draw ``running_header`` (the list's header row) at their top, and
    ``NextPageTemplate(PLAIN)`` stops that once the list has ended. ``register_fonts()`` must
    have run before ``story`` was measured.
    """
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=PAGE, topMargin=TOP, rightMargin=RIGHT, bottomMargin=BOTTOM,
        leftMargin=LEFT, title=metadata.title, author=metadata.author,
        subject=metadata.subject, creator="An Sinh")
    continued = PageTemplate(id=CONTINUED, frames=[_frame(0)])
    if running_header is not None:
        _width, height = running_header.wrap(WIDTH, PAGE[1])

        def draw_header(canvas: Canvas, _document: BaseDocTemplate) -> None:
            running_header.drawOn(canvas, LEFT, PAGE[1] - TOP - height)

        continued = PageTemplate(id=CONTINUED, frames=[_frame(height)], onPage=draw_header)
    document.addPageTemplates([PageTemplate(id=PLAIN, frames=[_frame(0)]), continued])
    document.build(story, canvasmaker=functools.partial(NumberedCanvas, footer=footer))
    return buffer.getvalue()


def _frame(header: float) -> Frame:
    """The text's frame, under ``header`` points at the top; no padding inside."""
    return Frame(LEFT, BOTTOM, WIDTH, PAGE[1] - TOP - BOTTOM - header, leftPadding=0,
                 rightPadding=0, topPadding=0, bottomPadding=0)


# --- reports --------------------------------------------------------------------------------------

PORTRAIT = A4
BODY = 13  # points: Decree 30's body text is 13–14 pt


def text_width(pagesize: tuple[float, float]) -> float:
    """The width of the text between the margins: 165 mm portrait, 252 mm landscape."""
    return pagesize[0] - LEFT - RIGHT


PORTRAIT_WIDTH = text_width(PORTRAIT)


def body(text: str, *, font: str = SERIF, size: float = BODY, space_before: float = 0,
         first_indent: float = 0) -> Paragraph:
    """A justified paragraph of a report's text."""
    return paragraph(text, font=font, size=size, leading=1.3, align=TA_JUSTIFY,
                     space_before=space_before, space_after=3, first_indent=first_indent)


def heading(text: str, *, size: float = BODY) -> Paragraph:
    """A section's heading: bold, on the left."""
    return paragraph(text, font=BOLD, size=size, leading=1.3, align=TA_LEFT, space_before=8,
                     space_after=4)


def grid(columns: Sequence[tuple[str, float]], rows: Sequence[Sequence[str]], *,
         aligns: Mapping[int, str] | None = None, width: float = PORTRAIT_WIDTH) -> Table:
    """A short bordered table of texts in 11.5 pt; ``columns`` as :class:`ListTable`'s."""
    table = ListTable(columns, size=11.5, head_size=11.5, padding=(2, 3), aligns=aligns or {},
                      width=width)
    header = table.header()
    for row in rows:
        table.add([table.text(cell, index) for index, cell in enumerate(row)])
    table.border(header, len(table.rows) - 1)
    return table.table(space_before=2)


def _bare(commands: Sequence[Any] = (), *, top: float = 0) -> TableStyle:
    """A layout table's style: no padding (but ``top``), then ``commands``."""
    return TableStyle([
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), top), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        *commands,
    ])


def number_and_date(date_line: str, number_line: str = "", *, size: float = BODY,
                    width: float = PORTRAIT_WIDTH) -> Table:
    """The row under :class:`NationalHeader`: the document's number ("Số: 12/BC-UBND") under
    the issuer, the place and date in italic under the motto."""
    number = paragraph(number_line, size=size, keep_spaces=True) if number_line else ""
    return Table([[number, paragraph(date_line, font=ITALIC, size=size)]],
                 colWidths=[width * 0.4, width * 0.6], style=_bare(top=2))


def closing(recipients: Sequence[str], signer_lines: Sequence[str], signer_name: str = "", *,
            hint: str = "(Ký, ghi rõ họ tên)", width: float = PORTRAIT_WIDTH) -> Table:
    """"Nơi nhận" and its list on the left; the signer's title, ``hint``, room to sign and
    the name on the right. No ``hint`` for a signer who also seals (the chair of a
    committee)."""
    left = [paragraph("Nơi nhận:", font=BOLD_ITALIC, size=12, align=TA_LEFT),
            *(paragraph(f"- {r}", size=11, align=TA_LEFT) for r in recipients)]
    right = [*(paragraph(line, font=BOLD, size=BODY) for line in signer_lines),
             *([paragraph(hint, font=ITALIC, size=12)] if hint else []),
             Spacer(1, 22 * mm),
             paragraph(signer_name, font=BOLD, size=BODY)]
    return Table([[left, right]], colWidths=[width * 0.45, width * 0.55],
                 style=_bare([("VALIGN", (0, 0), (-1, -1), "TOP")]))


def report_document(story: list[Flowable], *, metadata: Metadata, footer: str,
                    pagesize: tuple[float, float] = PORTRAIT) -> bytes:
    """The PDF of ``story`` on A4 pages (portrait unless ``pagesize`` says otherwise) with
    Decree 30's margins and the footer "Trang x/y". ``register_fonts()`` must have run
    before ``story`` was measured."""
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=pagesize, topMargin=TOP, rightMargin=RIGHT, bottomMargin=BOTTOM,
        leftMargin=LEFT, title=metadata.title, author=metadata.author,
        subject=metadata.subject, creator="An Sinh")
    frame = Frame(LEFT, BOTTOM, text_width(pagesize), pagesize[1] - TOP - BOTTOM,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    document.addPageTemplates([PageTemplate(id="report", frames=[frame])])
    document.build(story, canvasmaker=functools.partial(NumberedCanvas, footer=footer))
    return buffer.getvalue()
