"""The narrative annual report as a Word file (.docx, python-docx), for the committee to edit
before signing: the same content as the PDF (``printing.narrative_pdf``), portrait A4 with
Decree 30's margins, Times New Roman 13 pt as in the PDF, the national header as a borderless
two-column table, justified paragraphs with a first-line indent, "Nơi nhận" and the signer,
and the appendix of the figures' sources.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt

from ansinh.core import wordfile as word
from ansinh.reports.narrative_content import NarrativeContent
from ansinh.reports.printing import APPENDIX, APPENDIX_COLUMNS, signer_lines, source_rows

INDENT = Mm(10)
# The appendix's columns in mm: the page's 165 mm of text shared as in the PDF.
APPENDIX_WIDTHS = [165 * percent / 100 for _label, percent in APPENDIX_COLUMNS]


def narrative_docx(content: NarrativeContent) -> bytes:
    document = word.new_document(title=content.title, author=content.issuer,
                                 subject=content.subtitle)
    word.national_header(document, issuer=content.issuer, date_line=content.date_line,
                         number_line=content.number_line)
    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    word.paragraph(document, content.title, bold=True, align=center, space_after=Pt(0))
    word.paragraph(document, content.subtitle, bold=True, align=center, space_after=Pt(8))
    for section in content.sections:
        heading = word.paragraph(document, section.heading, bold=True, space_after=Pt(4))
        heading.paragraph_format.keep_with_next = True
        for paragraph in section.paragraphs:
            word.paragraph(document, paragraph.text, align=justify, first_line_indent=INDENT)
    word.paragraph(document, "")
    word.closing(document, recipients=content.recipients, signer_lines=signer_lines(content),
                 hint="")

    rows = source_rows(content)
    if rows:
        word.paragraph(document, "").add_run().add_break(WD_BREAK.PAGE)
        word.paragraph(document, APPENDIX, bold=True, align=center, space_after=Pt(6))
        word.grid(document, [label for label, _percent in APPENDIX_COLUMNS], rows,
                  APPENDIX_WIDTHS)
    return word.save(document)
