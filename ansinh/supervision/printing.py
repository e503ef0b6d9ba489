"""The supervision report as a PDF: portrait A4 with the margins of Decree 30/2020/NĐ-CP (top
and bottom 20 mm, left 30 mm, right 15 mm), the national header with the supervising body on
the left, the title, the six sections of ``report.ReportContent``, "Nơi nhận" and the head of
the delegation's signature; "Trang 2/5" in the footer.

Drawn with ReportLab and the helpers of ``ansinh.core.pdf`` (fonts with every Vietnamese
letter, the header, bordered tables, the portrait page and its footer), as the payroll's lists
and the standard reports are.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ansinh.core import pdf
from ansinh.supervision.report import ReportContent


def report_story(content: ReportContent) -> list[Flowable]:
    basis, scope, delegation, results, found, recommended = content.sections
    story: list[Flowable] = [
        pdf.NationalHeader(content.issuer),
        pdf.number_and_date(content.date_line),
        pdf.paragraph(content.title, font=pdf.BOLD, size=14, leading=1.3, space_before=12),
        pdf.paragraph(content.subtitle, font=pdf.BOLD, size=pdf.BODY, leading=1.3,
                      space_after=8),
        pdf.heading(basis),
        *(pdf.body(f"- {line}") for line in content.basis),
        pdf.heading(scope),
        *(pdf.body(f"- {line}") for line in content.scope),
        pdf.body("Nội dung giám sát:"),
        *(pdf.body(line) for line in content.contents),
    ]
    if content.members:
        rows = [[str(i), m.full_name, ", ".join(p for p in (m.position, m.organisation) if p),
                 m.role] for i, m in enumerate(content.members, start=1)]
        story.append(KeepTogether([pdf.heading(delegation), pdf.grid(
            (("STT", 8), ("Họ và tên", 27), ("Chức vụ, cơ quan", 47), ("Nhiệm vụ", 18)), rows,
            aligns={0: "CENTER"})]))
    else:
        story += [pdf.heading(delegation), pdf.body("Chưa có thành viên.")]
    # A heading never stands alone at the foot of a page: it goes over with its table.
    story.append(KeepTogether([
        pdf.heading(results), pdf.body("Số liệu trên hệ thống An Sinh tại địa bàn giám sát:"),
        pdf.grid((("Chỉ tiêu", 62), ("Số liệu", 38)), [list(row) for row in content.figures],
                 aligns={1: "RIGHT"})]))
    if content.conclusion:
        story += [pdf.body("Kết luận của đoàn giám sát:", font=pdf.BOLD, space_before=6),
                  *(pdf.body(line) for line in content.conclusion)]
    story.append(pdf.heading(found))
    if not content.observations:
        story.append(pdf.body("Đoàn chưa ghi nhận phát hiện nào."))
    for o in content.observations:
        story.append(pdf.body(f"{o.number}. {o.unit} ({o.severity.lower()}): {o.text}"))
        if o.links:
            story.append(pdf.body(o.links, font=pdf.ITALIC, size=12))
    if content.recommendations:
        story.append(KeepTogether([pdf.heading(recommended), pdf.grid(
            (("STT", 7), ("Đơn vị thực hiện", 21), ("Nội dung kiến nghị", 38), ("Hạn", 13),
             ("Tình trạng", 21)),
            [[str(r.number), r.to_unit, r.text, r.deadline, r.status]
             for r in content.recommendations], aligns={0: "CENTER", 3: "CENTER"})]))
        answered = [r for r in content.recommendations if r.answer]
        if answered:
            story.append(pdf.body("Trả lời của đơn vị:", font=pdf.BOLD, space_before=6))
            story += [pdf.body(f"- Kiến nghị {r.number} ({r.to_unit}): {r.answer}")
                      for r in answered]
    else:
        story += [pdf.heading(recommended), pdf.body("Đoàn chưa có kiến nghị.")]
    story.append(KeepTogether([Spacer(1, 10), pdf.closing(
        content.recipients, content.signer_title.splitlines(), content.signer_name)]))
    return story


def report_pdf(content: ReportContent) -> bytes:
    pdf.register_fonts()
    return pdf.report_document(
        report_story(content), footer=content.footer,
        metadata=pdf.Metadata(content.title, content.issuer, content.subtitle))
