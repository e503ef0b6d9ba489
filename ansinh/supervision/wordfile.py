"""The supervision report as a Word file (.docx, python-docx), for the delegation to edit before
signing: the same content as the PDF (``report.ReportContent``), portrait A4 with Decree 30's
margins, Times New Roman 13 pt, the national header as a borderless two-column table (the
pieces are ``ansinh.core.wordfile``'s).
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from ansinh.core import wordfile as word
from ansinh.core.wordfile import grid, paragraph
from ansinh.supervision.report import ReportContent


def report_docx(content: ReportContent) -> bytes:
    document = word.new_document(title=content.title, author=content.issuer,
                                 subject=content.subtitle)
    word.national_header(document, issuer=content.issuer, date_line=content.date_line)

    center = WD_ALIGN_PARAGRAPH.CENTER
    paragraph(document, content.title, bold=True, size=Pt(14), align=center, space_after=Pt(0))
    paragraph(document, content.subtitle, bold=True, align=center, space_after=Pt(8))

    basis, scope, delegation, results, found, recommended = content.sections
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph(document, basis, bold=True)
    for line in content.basis:
        paragraph(document, f"- {line}", align=justify)
    paragraph(document, scope, bold=True)
    for line in content.scope:
        paragraph(document, f"- {line}", align=justify)
    paragraph(document, "Nội dung giám sát:", align=justify)
    for line in content.contents:
        paragraph(document, line, align=justify)

    paragraph(document, delegation, bold=True)
    if content.members:
        grid(document, ["STT", "Họ và tên", "Chức vụ, cơ quan", "Nhiệm vụ"],
             [[str(i), m.full_name, ", ".join(p for p in (m.position, m.organisation) if p),
               m.role] for i, m in enumerate(content.members, start=1)], [13, 45, 77, 30])
    else:
        paragraph(document, "Chưa có thành viên.")

    paragraph(document, results, bold=True)
    paragraph(document, "Số liệu trên hệ thống An Sinh tại địa bàn giám sát:")
    grid(document, ["Chỉ tiêu", "Số liệu"], [list(row) for row in content.figures], [102, 63])
    if content.conclusion:
        paragraph(document, "Kết luận của đoàn giám sát:", bold=True)
        for line in content.conclusion:
            paragraph(document, line, align=justify)

    paragraph(document, found, bold=True)
    if not content.observations:
        paragraph(document, "Đoàn chưa ghi nhận phát hiện nào.")
    for o in content.observations:
        paragraph(document, f"{o.number}. {o.unit} ({o.severity.lower()}): {o.text}",
                  align=justify)
        if o.links:
            paragraph(document, o.links, italic=True, size=Pt(12))

    paragraph(document, recommended, bold=True)
    if content.recommendations:
        grid(document, ["STT", "Đơn vị thực hiện", "Nội dung kiến nghị", "Hạn", "Tình trạng"],
             [[str(r.number), r.to_unit, r.text, r.deadline, r.status]
              for r in content.recommendations], [12, 31, 66, 21, 35])
        answered = [r for r in content.recommendations if r.answer]
        if answered:
            paragraph(document, "Trả lời của đơn vị:", bold=True)
            for r in answered:
                paragraph(document, f"- Kiến nghị {r.number} ({r.to_unit}): {r.answer}",
                          align=justify)
    else:
        paragraph(document, "Đoàn chưa có kiến nghị.")

    word.closing(document, recipients=content.recipients,
                 signer_lines=content.signer_title.splitlines(), signer_name=content.signer_name)
    return word.save(document)
