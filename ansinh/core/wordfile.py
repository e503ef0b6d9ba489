"""The pieces of a Word report (.docx, python-docx) in the layout of Decree 30/2020/NĐ-CP:
portrait A4 with its margins (top and bottom 20 mm, left 30 mm, right 15 mm), Times New Roman,
the national header as a borderless two-column table, paragraphs, bordered tables, and the
closing block ("Nơi nhận" on the left, the signer on the right).

The reports that officers edit before signing are built from these (the supervision report,
the annual narrative report); the PDFs of the same reports are drawn by ``ansinh.core.pdf``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ansinh.core.pdf import NationalHeader

FONT = "Times New Roman"
BODY = Pt(13)
SPACE = Pt(3)
NATION, MOTTO = NationalHeader.NATION, NationalHeader.MOTTO
RULE = "———"  # the short rule under the issuer and under the motto
# (text, bold, italic): one line of a table cell.
Line = tuple[str, bool, bool]


def new_document(*, title: str, author: str, subject: str = "",
                 size: Pt = BODY) -> DocumentObject:
    """An empty A4 portrait document with Decree 30's margins, in Times New Roman ``size``."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT  # type: ignore[union-attr]
    style.font.size = size  # type: ignore[union-attr]
    # Word takes the font of Vietnamese letters from the "east Asian" and "complex" slots too.
    fonts = style.element.rPr.rFonts  # type: ignore[union-attr]
    for slot in ("w:eastAsia", "w:cs", "w:hAnsi"):
        fonts.set(qn(slot), FONT)
    properties = document.core_properties
    properties.title, properties.author, properties.subject = title, author, subject
    return document


def save(document: DocumentObject) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def paragraph(target: object, text: str = "", *, bold: bool = False, italic: bool = False,
              size: Pt | None = None, align: int | None = None,
              space_after: Pt | None = SPACE, first_line_indent: Mm | None = None) -> Paragraph:
    """A paragraph of one run added to ``target`` (the document or a cell)."""
    added: Paragraph = target.add_paragraph()  # type: ignore[attr-defined]
    if text:
        run = added.add_run(text)
        run.bold, run.italic = bold, italic
        if size is not None:
            run.font.size = size
    if align is not None:
        added.alignment = align  # type: ignore[assignment]
    added.paragraph_format.space_after = space_after
    if first_line_indent is not None:
        added.paragraph_format.first_line_indent = first_line_indent
    return added


def cell(target: _Cell, lines: Sequence[Line], *,
         align: int = WD_ALIGN_PARAGRAPH.CENTER) -> None:
    """Fill ``target`` with (text, bold, italic) lines, replacing its empty first paragraph."""
    first = True
    for text, bold, italic in lines:
        line = target.paragraphs[0] if first else target.add_paragraph()
        first = False
        run = line.add_run(text)
        run.bold, run.italic = bold, italic
        line.alignment = align  # type: ignore[assignment]
        line.paragraph_format.space_after = Pt(0)


def grid(document: DocumentObject, header: Sequence[str], rows: Sequence[Sequence[str]],
         widths: Sequence[float]) -> Table:
    """A bordered table: the header row in bold and centred, then ``rows``; widths in mm."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"  # type: ignore[assignment]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, label in enumerate(header):
        cell(table.rows[0].cells[index], [(label, True, False)])
    for row in rows:
        cells = table.add_row().cells
        for index, value in enumerate(row):
            cells[index].text = value
    for table_row in table.rows:
        for index, width in enumerate(widths):
            table_row.cells[index].width = Mm(width)
    return table


def national_header(document: DocumentObject, *, issuer: str, date_line: str,
                    number_line: str = "") -> Table:
    """Decree 30's header: the issuer (and the document's number) on the left; the national
    name, the motto and the place and date on the right; then an empty paragraph."""
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    cell(left, [(issuer.upper(), True, False), (RULE, False, False),
                *([(number_line, False, False)] if number_line else [])])
    cell(right, [(NATION, True, False), (MOTTO, True, False), (RULE, False, False),
                 (date_line, False, True)])
    left.width, right.width = Mm(66), Mm(99)
    paragraph(document, "")
    return header


def closing(document: DocumentObject, *, recipients: Sequence[str], signer_lines: Sequence[str],
            signer_name: str = "", hint: str = "(Ký, ghi rõ họ tên)") -> Table:
    """"Nơi nhận" and its list on the left; the signer's title, ``hint``, room to sign and the
    name on the right. No ``hint`` for a signer who also seals (the chair of a committee)."""
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    cell(left, [("Nơi nhận:", True, True), *((f"- {r}", False, False) for r in recipients)],
         align=WD_ALIGN_PARAGRAPH.LEFT)
    cell(right, [*((line, True, False) for line in signer_lines),
                 *([(hint, False, True)] if hint else []),
                 ("", False, False), ("", False, False), ("", False, False),
                 (signer_name, True, False)])
    return table
