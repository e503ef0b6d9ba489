"""The supervision report as a PDF: portrait A4 with the margins of Decree 30/2020/NĐ-CP (top
and bottom 20 mm, left 30 mm, right 15 mm), the national header with the supervising body on
the left, the title, the six sections of ``report.ReportContent``, "Nơi nhận" and the head of
the delegation's signature; "Trang 2/5" in the footer.

Drawn with ReportLab and the helpers of ``ansinh.core.pdf`` (fonts with every Vietnamese
letter, the header, bordered tables), as the payroll's lists are; the pages here are portrait,
as a report is, so the page template and the footer's position are this module's own.
"""

from __future__ import annotations

import functools
import io

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ansinh.core import pdf
from ansinh.supervision.report import ReportContent

PAGE = A4
WIDTH = PAGE[0] - pdf.LEFT - pdf.RIGHT  # 165 mm of text
BODY = 13  # points: Decree 30's body text is 13–14 pt


class PortraitCanvas(pdf.NumberedCanvas):
    """``NumberedCanvas`` with its footer placed on a portrait page."""

    def draw_footer(self, count: int) -> None:
        number = f"Trang {self._pageNumber}/{count}"
        top = pdf.BOTTOM - 3 * mm
        self.setFont(pdf.SERIF, 11)
        self.drawRightString(PAGE[0] - pdf.RIGHT, top - 11 * 0.9, number)
        room = WIDTH - pdfmetrics.stringWidth(number, pdf.SERIF, 11) - 12 * mm
        self.setFont(pdf.SERIF, 9)
        for index, line in enumerate(simpleSplit(self.footer, pdf.SERIF, 9, room)[:3]):
            self.drawString(pdf.LEFT, top - 9 * 0.9 - index * 9 * 1.2, line)


def _text(text: str, *, font: str = pdf.SERIF, size: float = BODY,
          space_before: float = 0) -> Flowable:
    return pdf.paragraph(text, font=font, size=size, leading=1.3, align=TA_JUSTIFY,
                         space_before=space_before, space_after=3)


def _heading(text: str) -> Flowable:
    return pdf.paragraph(text, font=pdf.BOLD, size=BODY, leading=1.3, align=TA_LEFT,
                         space_before=8, space_after=4)


def _grid(columns: tuple[tuple[str, float], ...], rows: list[list[str]], *,
          aligns: dict[int, str] | None = None) -> Table:
    grid = pdf.ListTable(columns, size=11.5, head_size=11.5, padding=(2, 3),
                         aligns=aligns or {}, width=WIDTH)
    header = grid.header()
    for row in rows:
        grid.add([grid.text(cell, index) for index, cell in enumerate(row)])
    grid.border(header, len(grid.rows) - 1)
    return grid.table(space_before=2)


def _closing(content: ReportContent) -> Table:
    """"Nơi nhận" on the left; the date, the signer's title, room to sign and the name."""
    left = [pdf.paragraph("Nơi nhận:", font=pdf.BOLD_ITALIC, size=12, align=TA_LEFT),
            *(pdf.paragraph(f"- {r}", size=11, align=TA_LEFT) for r in content.recipients)]
    right = [*(pdf.paragraph(line, font=pdf.BOLD, size=BODY)
               for line in content.signer_title.splitlines()),
             pdf.paragraph("(Ký, ghi rõ họ tên)", font=pdf.ITALIC, size=12),
             Spacer(1, 22 * mm),
             pdf.paragraph(content.signer_name, font=pdf.BOLD, size=BODY)]
    return Table([[left, right]], colWidths=[WIDTH * 0.45, WIDTH * 0.55], style=TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))


def _date_line(content: ReportContent) -> Table:
    """The place and date under the motto, centred in the header's right column."""
    return Table([["", pdf.paragraph(content.date_line, font=pdf.ITALIC, size=BODY)]],
                 colWidths=[WIDTH * 0.4, WIDTH * 0.6], style=TableStyle([
                     ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                     ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                 ]))


def report_story(content: ReportContent) -> list[Flowable]:
    basis, scope, delegation, results, found, recommended = content.sections
    story: list[Flowable] = [
        pdf.NationalHeader(content.issuer),
        _date_line(content),
        pdf.paragraph(content.title, font=pdf.BOLD, size=14, leading=1.3, space_before=12),
        pdf.paragraph(content.subtitle, font=pdf.BOLD, size=BODY, leading=1.3,
                      space_after=8),
        _heading(basis),
        *(_text(f"- {line}") for line in content.basis),
        _heading(scope),
        *(_text(f"- {line}") for line in content.scope),
        _text("Nội dung giám sát:"),
        *(_text(line) for line in content.contents),
    ]
    if content.members:
        rows = [[str(i), m.full_name, ", ".join(p for p in (m.position, m.organisation) if p),
                 m.role] for i, m in enumerate(content.members, start=1)]
        story.append(KeepTogether([_heading(delegation), _grid(
            (("STT", 8), ("Họ và tên", 27), ("Chức vụ, cơ quan", 47), ("Nhiệm vụ", 18)), rows,
            aligns={0: "CENTER"})]))
    else:
        story += [_heading(delegation), _text("Chưa có thành viên.")]
    # A heading never stands alone at the foot of a page: it goes over with its table.
    story.append(KeepTogether([
        _heading(results), _text("Số liệu trên hệ thống An Sinh tại địa bàn giám sát:"),
        _grid((("Chỉ tiêu", 62), ("Số liệu", 38)), [list(row) for row in content.figures],
              aligns={1: "RIGHT"})]))
    if content.conclusion:
        story += [_text("Kết luận của đoàn giám sát:", font=pdf.BOLD, space_before=6),
                  *(_text(line) for line in content.conclusion)]
    story.append(_heading(found))
    if not content.observations:
        story.append(_text("Đoàn chưa ghi nhận phát hiện nào."))
    for o in content.observations:
        story.append(_text(f"{o.number}. {o.unit} ({o.severity.lower()}): {o.text}"))
        if o.links:
            story.append(_text(o.links, font=pdf.ITALIC, size=12))
    if content.recommendations:
        story.append(KeepTogether([_heading(recommended), _grid(
            (("STT", 7), ("Đơn vị thực hiện", 21), ("Nội dung kiến nghị", 38), ("Hạn", 13),
             ("Tình trạng", 21)),
            [[str(r.number), r.to_unit, r.text, r.deadline, r.status]
             for r in content.recommendations], aligns={0: "CENTER", 3: "CENTER"})]))
        answered = [r for r in content.recommendations if r.answer]
        if answered:
            story.append(_text("Trả lời của đơn vị:", font=pdf.BOLD, space_before=6))
            story += [_text(f"- Kiến nghị {r.number} ({r.to_unit}): {r.answer}")
                      for r in answered]
    else:
        story += [_heading(recommended), _text("Đoàn chưa có kiến nghị.")]
    story.append(KeepTogether([Spacer(1, 10), _closing(content)]))
    return story


def report_pdf(content: ReportContent) -> bytes:
    pdf.register_fonts()
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=PAGE, topMargin=pdf.TOP, rightMargin=pdf.RIGHT,
        bottomMargin=pdf.BOTTOM, leftMargin=pdf.LEFT, title=content.title,
        author=content.issuer, subject=content.subtitle, creator="An Sinh")
    frame = Frame(pdf.LEFT, pdf.BOTTOM, WIDTH, PAGE[1] - pdf.TOP - pdf.BOTTOM, leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    document.addPageTemplates([PageTemplate(id="report", frames=[frame])])
    document.build(report_story(content),
                   canvasmaker=functools.partial(PortraitCanvas, footer=content.footer))
    return buffer.getvalue()

