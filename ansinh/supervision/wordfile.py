"""The supervision report as a Word file (.docx, python-docx), for the delegation to edit before
signing: the same content as the PDF (``report.ReportContent``), portrait A4 with Decree 30's
margins, Times New Roman 13 pt, the national header as a borderless two-column table.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ansinh.supervision.report import ReportContent

FONT = "Times New Roman"
BODY = Pt(13)
SPACE = Pt(3)


def _font(document: object) -> None:
    style = document.styles["Normal"]  # type: ignore[attr-defined]
    style.font.name = FONT
    style.font.size = BODY
    # Word takes the font of Vietnamese letters from the "east Asian" and "complex" slots too.
    fonts = style.element.rPr.rFonts
    for slot in ("w:eastAsia", "w:cs", "w:hAnsi"):
        fonts.set(qn(slot), FONT)


def _paragraph(target: object, text: str = "", *, bold: bool = False, italic: bool = False,
               size: Pt | None = None, align: int | None = None,
               space_after: Pt | None = SPACE) -> Paragraph:
    paragraph: Paragraph = target.add_paragraph()  # type: ignore[attr-defined]
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size is not None:
            run.font.size = size
    if align is not None:
        paragraph.alignment = align  # type: ignore[assignment]
    paragraph.paragraph_format.space_after = space_after
    return paragraph


def _cell(cell: _Cell, lines: list[tuple[str, bool, bool]], *,
          align: int = WD_ALIGN_PARAGRAPH.CENTER) -> None:
    """Fill ``cell`` with (text, bold, italic) lines, replacing its empty first paragraph."""
    first = True
    for text, bold, italic in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        paragraph.alignment = align  # type: ignore[assignment]
        paragraph.paragraph_format.space_after = Pt(0)


def _grid(document: object, header: list[str], rows: list[list[str]],
          widths: list[float]) -> Table:
    table: Table = document.add_table(rows=1, cols=len(header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, label in enumerate(header):
        _cell(table.rows[0].cells[index], [(label, True, False)])
    for row in rows:
        cells = table.add_row().cells
        for index, value in enumerate(row):
            cells[index].text = value
    for row in table.rows:
        for index, width in enumerate(widths):
            row.cells[index].width = Mm(width)
    return table


def report_docx(content: ReportContent) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _font(document)
    properties = document.core_properties
    properties.title, properties.author = content.title, content.issuer
    properties.subject = content.subtitle

    header = document.add_table(rows=1, cols=2)
    _cell(header.rows[0].cells[0], [(content.issuer.upper(), True, False), ("———", False, False)])
    _cell(header.rows[0].cells[1], [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
                                    ("Độc lập - Tự do - Hạnh phúc", True, False),
                                    ("———", False, False), (content.date_line, False, True)])
    header.rows[0].cells[0].width, header.rows[0].cells[1].width = Mm(66), Mm(99)
    _paragraph(document, "")

    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, content.title, bold=True, size=Pt(14), align=center,
               space_after=Pt(0))
    _paragraph(document, content.subtitle, bold=True, align=center, space_after=Pt(8))

    basis, scope, delegation, results, found, recommended = content.sections
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    _paragraph(document, basis, bold=True)
    for line in content.basis:
        _paragraph(document, f"- {line}", align=justify)
    _paragraph(document, scope, bold=True)
    for line in content.scope:
        _paragraph(document, f"- {line}", align=justify)
    _paragraph(document, "Nội dung giám sát:", align=justify)
    for line in content.contents:
        _paragraph(document, line, align=justify)

    _paragraph(document, delegation, bold=True)
    if content.members:
        _grid(document, ["STT", "Họ và tên", "Chức vụ, cơ quan", "Nhiệm vụ"],
              [[str(i), m.full_name, ", ".join(p for p in (m.position, m.organisation) if p),
                m.role] for i, m in enumerate(content.members, start=1)], [13, 45, 77, 30])
    else:
        _paragraph(document, "Chưa có thành viên.")

    _paragraph(document, results, bold=True)
    _paragraph(document, "Số liệu trên hệ thống An Sinh tại địa bàn giám sát:")
    _grid(document, ["Chỉ tiêu", "Số liệu"], [list(row) for row in content.figures], [102, 63])
    if content.conclusion:
        _paragraph(document, "Kết luận của đoàn giám sát:", bold=True)
        for line in content.conclusion:
            _paragraph(document, line, align=justify)

    _paragraph(document, found, bold=True)
    if not content.observations:
        _paragraph(document, "Đoàn chưa ghi nhận phát hiện nào.")
    for o in content.observations:
        _paragraph(document, f"{o.number}. {o.unit} ({o.severity.lower()}): {o.text}",
                   align=justify)
        if o.links:
            _paragraph(document, o.links, italic=True, size=Pt(12))

    _paragraph(document, recommended, bold=True)
    if content.recommendations:
        _grid(document, ["STT", "Đơn vị thực hiện", "Nội dung kiến nghị", "Hạn", "Tình trạng"],
              [[str(r.number), r.to_unit, r.text, r.deadline, r.status]
               for r in content.recommendations], [12, 31, 66, 21, 35])
        answered = [r for r in content.recommendations if r.answer]
        if answered:
            _paragraph(document, "Trả lời của đơn vị:", bold=True)
            for r in answered:
                _paragraph(document, f"- Kiến nghị {r.number} ({r.to_unit}): {r.answer}",
                           align=justify)
    else:
        _paragraph(document, "Đoàn chưa có kiến nghị.")

    closing = document.add_table(rows=1, cols=2)
    _cell(closing.rows[0].cells[0], [("Nơi nhận:", True, True),
                                     *((f"- {r}", False, False) for r in content.recipients)],
          align=WD_ALIGN_PARAGRAPH.LEFT)
    _cell(closing.rows[0].cells[1], [
        *((line, True, False) for line in content.signer_title.splitlines()),
        ("(Ký, ghi rõ họ tên)", False, True), ("", False, False), ("", False, False),
        ("", False, False), (content.signer_name, True, False)])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
