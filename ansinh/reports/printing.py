"""The reports as PDFs, drawn with ReportLab and the helpers of ``ansinh.core.pdf``.

A standard report (``tables.Report``): A4, portrait up to five columns and landscape beyond,
with the margins of Decree 30/2020/NĐ-CP; the national header (issuer left, motto right); the
title, the scope and period in italic, the summary; each table with its title and a bold
header row repeated on every page, figures on the right written the Vietnamese way
("94.850.000"), subtotal and total rows in bold; the notes in smaller italic; the date and the
signatures of the preparer and the head of the unit. "Trang 1/3" in the footer.

The narrative annual report (``narrative_content.NarrativeContent``): portrait, the header with
the report's number under the issuer and the date under the motto, "BÁO CÁO" and its subject,
the sections, "Nơi nhận" and the signer, then an appendix that lists the source of every
figure. The Word file (``wordfile``) says the same.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer

from ansinh.core import pdf
from ansinh.core.text import date_line, format_date, format_money
from ansinh.reports.narrative_content import NarrativeContent
from ansinh.reports.tables import Cell, Column, Report, Row, Table

PORTRAIT_COLUMNS = 5  # more columns than this are printed on landscape pages
TABLE_SIZE = 11.5
SIGNERS = (("Người lập biểu", ""), ("Thủ trưởng đơn vị", ""))
UNIT_SIGNER = "TM. ỦY BAN NHÂN DÂN"
APPENDIX = "PHỤ LỤC: NGUỒN SỐ LIỆU"
APPENDIX_COLUMNS = (("STT", 7), ("Số liệu", 24), ("Danh sách", 31), ("Đường dẫn", 38))


# --- shared with the spreadsheet and the Word file ------------------------------------------------

def is_landscape(report: Report) -> bool:
    return max((len(t.columns) for t in report.tables), default=0) > PORTRAIT_COLUMNS


def scope_line(report: Report) -> str:
    return f"Địa bàn: {report.scope_label} - Kỳ báo cáo: {report.period_label}"


def cell_text(value: Cell, column: Column) -> str:
    """A cell as printed: counts and amounts with dots between thousands, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, int) and column.kind != "text":
        return format_money(value, unit=False)
    return str(value)


def signer_lines(content: NarrativeContent) -> list[str]:
    """The signer's title under "TM. ỦY BAN NHÂN DÂN" (the chair signs for the committee),
    unless the title already says on whose behalf it signs."""
    lines = content.signer_title.splitlines()
    return lines if lines and lines[0].startswith(("TM.", "KT.")) else [UNIT_SIGNER, *lines]


def source_rows(content: NarrativeContent) -> list[list[str]]:
    """The appendix: one row a figure of the text, with the list it counts and its address."""
    return [[str(number), figure.text, figure.source, figure.url]
            for number, figure in enumerate(content.figures(), start=1)]


# --- the standard report --------------------------------------------------------------------------

def _table(table: Table, width: float) -> Flowable:
    total = sum(c.width for c in table.columns)
    grid = pdf.ListTable([(c.label, c.width * 100 / total) for c in table.columns],
                         size=TABLE_SIZE, head_size=TABLE_SIZE, padding=(2, 3), width=width,
                         aligns={i: "RIGHT" for i, c in enumerate(table.columns)
                                 if c.kind != "text"})
    if table.title:
        # The title is a borderless row of the table, kept with the header row and the first
        # row: it never stands alone at the foot of a page.
        title = grid.spanned(table.title, font=pdf.BOLD)
        grid.bare(title, top=6, bottom=4)
        grid.keep(title, title + 1)
    header = grid.header()
    for row in table.rows:
        _row(grid, row, table.columns)
    grid.border(header, len(grid.rows) - 1)
    return grid.table(space_before=2)


def _row(grid: pdf.ListTable, row: Row, columns: list[Column]) -> None:
    font = pdf.SERIF if row.level == "row" else pdf.BOLD
    index = grid.add([grid.text(cell_text(value, column), col, font=font)
                      for col, (value, column) in enumerate(zip(row.cells, columns,
                                                                strict=True))])
    if row.level != "row":
        grid.style(("FONT", (0, index), (-1, index), pdf.BOLD, grid.size,
                    grid.size * grid.leading))
    if row.level == "total":
        grid.style(("LINEABOVE", (0, index), (-1, index), 1.5, colors.black))


def report_story(report: Report, *, today: date, width: float) -> list[Flowable]:
    story: list[Flowable] = [
        pdf.NationalHeader(report.issuer),
        pdf.paragraph(report.title, font=pdf.BOLD, size=14, leading=1.3, space_before=14),
        pdf.paragraph(scope_line(report), font=pdf.ITALIC, size=pdf.BODY, leading=1.3,
                      space_after=8),
        *(pdf.body(line) for line in report.summary),
    ]
    for table in report.tables:
        story += [Spacer(1, 4), _table(table, width)]
    if report.notes:
        story.append(Spacer(1, 4))
        story += [pdf.body(note, font=pdf.ITALIC, size=11) for note in report.notes]
    story.append(KeepTogether([Spacer(1, 10), pdf.signature_table(
        SIGNERS, date_line(report.place, today), width=width,
        last_share=0.4 if width > pdf.PORTRAIT_WIDTH else 0.55)]))
    return story


def report_pdf(report: Report, *, today: date | None = None) -> bytes:
    """The report on A4 (landscape beyond five columns), dated ``today`` (by default, today)."""
    pdf.register_fonts()
    today = today or timezone.localdate()
    pagesize = landscape(A4) if is_landscape(report) else A4
    story = report_story(report, today=today, width=pdf.text_width(pagesize))
    footer = f"{report.title} - {report.scope_label} - {report.period_label}. " \
             f"In ngày {format_date(today)}."
    return pdf.report_document(story, footer=footer, pagesize=pagesize,
                               metadata=pdf.Metadata(report.title, report.issuer,
                                                     report.scope_label))


# --- the narrative annual report ------------------------------------------------------------------

def narrative_story(content: NarrativeContent) -> list[Flowable]:
    story: list[Flowable] = [
        pdf.NationalHeader(content.issuer),
        pdf.number_and_date(content.date_line, content.number_line),
        pdf.paragraph(content.title, font=pdf.BOLD, size=14, leading=1.3, space_before=14),
        pdf.paragraph(content.subtitle, font=pdf.BOLD, size=pdf.BODY, leading=1.3,
                      space_after=8),
    ]
    for section in content.sections:
        paragraphs = [pdf.body(p.text, first_indent=10 * mm) for p in section.paragraphs]
        # A heading never stands alone at the foot of a page.
        story += [KeepTogether([pdf.heading(section.heading), *paragraphs[:1]]), *paragraphs[1:]]
    story.append(KeepTogether([Spacer(1, 10), pdf.closing(
        content.recipients, signer_lines(content), hint="")]))
    rows = source_rows(content)
    if rows:
        story += [PageBreak(),
                  pdf.paragraph(APPENDIX, font=pdf.BOLD, size=pdf.BODY, leading=1.3,
                                space_after=6),
                  pdf.grid(APPENDIX_COLUMNS, rows, aligns={0: "CENTER"})]
    return story


def narrative_pdf(content: NarrativeContent) -> bytes:
    pdf.register_fonts()
    return pdf.report_document(
        narrative_story(content), footer=f"Báo cáo {content.subtitle[:1].lower()}"
                                         f"{content.subtitle[1:]}",
        metadata=pdf.Metadata(content.title, content.issuer, content.subtitle))
