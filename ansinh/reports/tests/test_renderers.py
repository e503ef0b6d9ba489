"""The renderers of the reports, read back: the workbook with python-calamine, the PDFs with
poppler (pdftotext; pdftoppm draws their pages into test-artifacts/ to look at), the Word file
with python-docx. They lay out the content they are given and touch no database."""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from ansinh.core.tests.readback import pdf_text, save_pages, sheet_rows
from ansinh.reports.excel import report_xlsx
from ansinh.reports.narrative_content import Figure, NarrativeContent, Paragraph, Section
from ansinh.reports.printing import narrative_pdf, report_pdf
from ansinh.reports.tables import Column, Report, Table
from ansinh.reports.wordfile import narrative_docx

TODAY = date(2026, 11, 26)
TITLE = "BÁO CÁO ĐỐI TƯỢNG BẢO TRỢ XÃ HỘI THEO NHÓM"
SEVERE = "Người khuyết tật đặc biệt nặng"


def _groups() -> Table:
    table = Table("1. Đối tượng theo nhóm", [
        Column("Nhóm đối tượng", width=40), Column("Số người", "count", 12),
        Column("Số tiền hằng tháng (đồng)", "money", 18)])
    table.add(SEVERE, 94, 94_850_000, links={1: "/danh-sach/?nhom=nkt"})
    table.add("Người cao tuổi", 55, 30_000_000)
    table.add("Tổng cộng", 149, 124_850_000, level="total")
    return table


def _people() -> Table:
    table = Table("2. Danh sách hưởng theo tổ dân phố", [
        Column("STT", "count", 6), Column("Họ và tên", width=26), Column("Năm sinh", width=9),
        Column("Địa chỉ", width=28), Column("Đối tượng", width=34),
        Column("Số tiền (đồng)", "money", 14)])
    table.add(1, "Nguyễn Thị Ánh Tuyết", "1948", "Tổ 1, phường Long Biên",
              "người khuyết tật đặc biệt nặng", 2_000_000)
    table.add(2, "Đặng Văn Ưng", "1939", "Tổ 1, phường Long Biên", "Người cao tuổi", 500_000)
    table.add(None, "Cộng tổ 1", None, None, None, 2_500_000, level="subtotal")
    table.add(3, "Lê Thị Ỷ", "1951", "Tổ 2, phường Long Biên", "Người đơn thân nghèo",
              92_350_000)
    table.add(None, "Cộng tổ 2", None, None, None, 92_350_000, level="subtotal")
    table.add(None, "Tổng cộng", None, None, None, 94_850_000, level="total")
    return table


def _report(*tables: Table) -> Report:
    return Report(
        code="doi-tuong-theo-nhom", title=TITLE,
        scope_label="Phường Long Biên, Thành phố Hà Nội", period_label="Năm 2026",
        issuer="UBND phường Long Biên", place="Long Biên",
        summary=["149 đối tượng: người khuyết tật 94, người cao tuổi 55."],
        tables=list(tables),
        notes=["Nguồn: hệ thống An Sinh, số liệu đến ngày 26/11/2026."])


def _png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


# --- the table --------------------------------------------------------------------------------

def test_a_row_with_the_wrong_number_of_cells_is_refused():
    table = Table("", [Column("Nhóm"), Column("Số người", "count")])
    with pytest.raises(ValueError, match="3 cells for 2 columns"):
        table.add("Người cao tuổi", 55, 1)
    assert table.rows == []


# --- the workbook -----------------------------------------------------------------------------

def test_the_workbook_holds_the_header_the_tables_and_numbers_as_numbers():
    content = report_xlsx(_report(_groups(), _people()))
    rows = sheet_rows(content)
    cells = [[cell for cell in row if cell != ""] for row in rows]
    assert cells[0] == ["UBND PHƯỜNG LONG BIÊN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert cells[1] == ["Độc lập - Tự do - Hạnh phúc"]
    assert [TITLE] in cells
    assert ["Địa bàn: Phường Long Biên, Thành phố Hà Nội - Kỳ báo cáo: Năm 2026"] in cells
    assert ["149 đối tượng: người khuyết tật 94, người cao tuổi 55."] in cells
    assert ["1. Đối tượng theo nhóm"] in cells
    assert ["Nhóm đối tượng", "Số người", "Số tiền hằng tháng (đồng)"] in cells
    assert [SEVERE, 94, 94_850_000] in cells and ["Tổng cộng", 149, 124_850_000] in cells
    assert [1, "Nguyễn Thị Ánh Tuyết", "1948", "Tổ 1, phường Long Biên",
            "người khuyết tật đặc biệt nặng", 2_000_000] in cells
    assert [2, "Đặng Văn Ưng", "1939", "Tổ 1, phường Long Biên", "Người cao tuổi",
            500_000] in cells
    assert ["Cộng tổ 1", 2_500_000] in cells and ["Tổng cộng", 94_850_000] in cells
    assert cells[-1] == ["Nguồn: hệ thống An Sinh, số liệu đến ngày 26/11/2026."]
    numbers = [cell for row in rows for cell in row if not isinstance(cell, str)]
    assert numbers.count(94_850_000) == 2, "amounts are numbers an officer can sum, not texts"


def test_the_workbook_is_formatted_for_print_and_frozen_under_the_first_header():
    content = report_xlsx(_report(_groups(), _people()))
    with zipfile.ZipFile(io.BytesIO(content)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        styles = book.read("xl/styles.xml").decode()
        properties = book.read("docProps/core.xml").decode()
    header = sheet_rows(content).index(["Nhóm đối tượng", "Số người",
                                        "Số tiền hằng tháng (đồng)", "", "", ""])
    assert f'ySplit="{header + 1}"' in sheet and 'state="frozen"' in sheet
    assert 'paperSize="9"' in sheet and 'orientation="landscape"' in sheet
    assert 'fitToPage="1"' in sheet and 'fitToHeight="0"' in sheet
    assert 'formatCode="#,##0"' in styles and "Times New Roman" in styles
    # Each column as wide as the widest of the tables' columns there: 40 of 40 and 6 (STT).
    assert '<col min="1" max="1" width="40.7109375"' in sheet
    assert TITLE in properties
    portrait = report_xlsx(_report(_groups()))
    with zipfile.ZipFile(io.BytesIO(portrait)) as book:
        assert 'orientation="portrait"' in book.read("xl/worksheets/sheet1.xml").decode()


# --- the PDF of a standard report -----------------------------------------------------------------

def test_the_report_prints_its_header_tables_and_signatures(tmp_path, artifacts_dir):
    pdf = report_pdf(_report(_groups(), _people()), today=TODAY)
    assert pdf.startswith(b"%PDF")
    pages = save_pages(pdf, artifacts_dir, "report-standard")
    width, height = _png_size(pages[0])
    assert width > height, "six columns are printed on landscape pages"
    text = pdf_text(pdf, tmp_path)
    for expected in ("UBND PHƯỜNG LONG BIÊN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", TITLE,
                     "Địa bàn: Phường Long Biên, Thành phố Hà Nội - Kỳ báo cáo: Năm 2026",
                     "149 đối tượng: người khuyết tật 94, người cao tuổi 55.",
                     "1. Đối tượng theo nhóm", "Nguyễn Thị Ánh Tuyết", "Đặng Văn Ưng",
                     "Lê Thị Ỷ", "Nguồn: hệ thống An Sinh, số liệu đến ngày 26/11/2026.",
                     "Long Biên, ngày 26 tháng 11 năm 2026", "NGƯỜI LẬP BIỂU",
                     "THỦ TRƯỞNG ĐƠN VỊ", "Trang 1/"):
        assert expected in text, expected
    lines = pdf_text(pdf, tmp_path, layout=True).splitlines()
    assert any(line.startswith("Người cao tuổi 55 30.000.000") for line in lines)
    assert any(line.startswith("Tổng cộng 149 124.850.000") for line in lines)
    assert any("Nguyễn Thị Ánh Tuyết" in line and line.endswith("2.000.000") for line in lines)
    assert any(line.startswith("Tổng cộng 94.850.000") for line in lines)


def test_a_report_of_few_columns_prints_portrait(tmp_path, artifacts_dir):
    pdf = report_pdf(_report(_groups()), today=TODAY)
    width, height = _png_size(save_pages(pdf, artifacts_dir, "report-portrait")[0])
    assert width < height
    assert "Trang 1/1" in pdf_text(pdf, tmp_path)


def test_a_long_table_repeats_its_header_row_on_every_page(tmp_path, artifacts_dir):
    table = _groups()
    table.rows.clear()
    for number in range(1, 81):
        table.add(f"Tổ dân phố số {number}", number, number * 1_000_000)
    pdf = report_pdf(_report(table), today=TODAY)
    count = len(save_pages(pdf, artifacts_dir, "report-long"))
    assert count > 2
    for page in range(2, count + 1):
        text = pdf_text(pdf, tmp_path, page=page)
        assert "Nhóm đối tượng" in text and "Số người" in text and f"Trang {page}/{count}" in text


# --- the narrative report ---------------------------------------------------------------------

def _narrative() -> NarrativeContent:
    beneficiaries = Figure("beneficiaries", "214 đối tượng", 214,
                           "Danh sách đối tượng đang hưởng trợ cấp hằng tháng",
                           "https://ansinh.example.vn/danh-sach/?trang-thai=dang-huong")
    severe = Figure("severe", "94 người khuyết tật đặc biệt nặng", 94,
                    "Danh sách người khuyết tật đặc biệt nặng",
                    "https://ansinh.example.vn/danh-sach/?nhom=nkt-dac-biet-nang")
    paid = Figure("paid", "94.850.000 đồng", 94_850_000, "Danh sách chi trả tháng 11/2026",
                  "https://ansinh.example.vn/chi-tra/12/")
    return NarrativeContent(
        issuer="UBND phường Long Biên", number_line="Số:      /BC-UBND", title="BÁO CÁO",
        subtitle="Kết quả thực hiện công tác an sinh xã hội năm 2026",
        date_line="Long Biên, ngày 26 tháng 11 năm 2026",
        sections=[
            Section("I. ĐẶC ĐIỂM TÌNH HÌNH", [Paragraph(
                "Trên địa bàn phường hiện có {0} đang hưởng trợ cấp xã hội hằng tháng, "
                "trong đó {1}; các hộ của ông Đặng Văn Ưng và bà Nguyễn Thị Ánh Tuyết "
                "được thăm hỏi thường xuyên.", [beneficiaries, severe])]),
            Section("II. KẾT QUẢ THỰC HIỆN", [
                Paragraph("Tổng số tiền đã chi trả trong tháng 11 là {0}.", [paid]),
                Paragraph("Việc chi trả qua tổ chức dịch vụ được thực hiện đúng hạn.")]),
        ],
        recipients=["UBND Thành phố Hà Nội", "Sở Y tế", "Lưu: VT"])


def test_the_narrative_report_prints_with_its_sources(tmp_path, artifacts_dir):
    pdf = narrative_pdf(_narrative())
    assert pdf.startswith(b"%PDF")
    save_pages(pdf, artifacts_dir, "report-narrative")
    text = pdf_text(pdf, tmp_path)
    for expected in ("UBND PHƯỜNG LONG BIÊN", "Độc lập - Tự do - Hạnh phúc",
                     "Long Biên, ngày 26 tháng 11 năm 2026", "BÁO CÁO",
                     "Kết quả thực hiện công tác an sinh xã hội năm 2026",
                     "I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ THỰC HIỆN",
                     "Trên địa bàn phường hiện có 214 đối tượng đang hưởng trợ cấp",
                     "Đặng Văn Ưng", "Nguyễn Thị Ánh Tuyết",
                     "Tổng số tiền đã chi trả trong tháng 11 là 94.850.000 đồng.",
                     "Nơi nhận:", "- Sở Y tế", "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH",
                     "PHỤ LỤC: NGUỒN SỐ LIỆU", "Danh sách chi trả tháng 11/2026",
                     "Trang 1/2", "Trang 2/2"):
        assert expected in text, expected
    assert "https://ansinh.example.vn/chi-tra/12/" in text.replace(" ", "")
    # The blank for the number is kept (pdftotext reads it as one space in layout mode).
    lines = pdf_text(pdf, tmp_path, layout=True).splitlines()
    assert any(line.startswith("Số: /BC-UBND Long Biên, ngày 26") for line in lines)


def test_the_narrative_word_file_has_the_same_content_and_its_sources():
    document = Document(io.BytesIO(narrative_docx(_narrative())))
    paragraphs = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in paragraphs
    assert "Kết quả thực hiện công tác an sinh xã hội năm 2026" in paragraphs
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH" in paragraphs and "II. KẾT QUẢ THỰC HIỆN" in paragraphs
    assert "Tổng số tiền đã chi trả trong tháng 11 là 94.850.000 đồng." in paragraphs
    assert "PHỤ LỤC: NGUỒN SỐ LIỆU" in paragraphs
    heading = document.paragraphs[paragraphs.index("I. ĐẶC ĐIỂM TÌNH HÌNH")]
    assert all(run.bold for run in heading.runs)
    body = next(p for p in document.paragraphs if p.text.startswith("Trên địa bàn"))
    assert body.paragraph_format.first_line_indent is not None
    assert body.alignment == 3  # justified

    header, closing, appendix = document.tables
    assert [c.text for c in header.rows[0].cells] == [
        "UBND PHƯỜNG LONG BIÊN\n———\nSố:      /BC-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n———\n"
        "Long Biên, ngày 26 tháng 11 năm 2026"]
    recipients, signer = (c.text for c in closing.rows[0].cells)
    assert recipients.startswith("Nơi nhận:\n- UBND Thành phố Hà Nội")
    assert signer.startswith("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
    rows = [[c.text for c in row.cells] for row in appendix.rows]
    assert rows[0] == ["STT", "Số liệu", "Danh sách", "Đường dẫn"]
    assert rows[1:] == [
        ["1", "214 đối tượng", "Danh sách đối tượng đang hưởng trợ cấp hằng tháng",
         "https://ansinh.example.vn/danh-sach/?trang-thai=dang-huong"],
        ["2", "94 người khuyết tật đặc biệt nặng", "Danh sách người khuyết tật đặc biệt nặng",
         "https://ansinh.example.vn/danh-sach/?nhom=nkt-dac-biet-nang"],
        ["3", "94.850.000 đồng", "Danh sách chi trả tháng 11/2026",
         "https://ansinh.example.vn/chi-tra/12/"]]

    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 13
    fonts = normal.element.rPr.rFonts
    assert fonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") \
        == "Times New Roman"
    section = document.sections[0]
    sizes = (section.page_width, section.left_margin, section.right_margin)
    assert [round(size.mm) for size in sizes if size is not None] == [210, 30, 15]
    assert document.core_properties.title == "BÁO CÁO"
