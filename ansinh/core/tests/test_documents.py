"""PDF documents in the Decree 30/2020/NĐ-CP layout, read back with poppler's pdftotext.

Page 1 of each document is also drawn to ``test-artifacts/`` for people to look at.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import RequestFactory
from django.utils import translation

from ansinh.core.documents import (
    OFFLINE_BASE_URL,
    StaticFilesFetcher,
    pdf_response,
    render_pdf,
)
from ansinh.core.text import amount_in_words

TEST_TEMPLATES = Path(__file__).resolve().parent / "templates"

# Sixty names that between them carry every Vietnamese vowel with every tone, and đ.
NAMES = [
    "Nguyễn Thị Ánh", "Trần Văn Đức", "Lê Thị Hằng", "Phạm Quốc Việt", "Hoàng Thị Ẩn",
    "Huỳnh Văn Thắng", "Phan Thị Cẩm", "Vũ Đình Lẵng", "Võ Thị Mỹ", "Đặng Văn Khẳng",
    "Bùi Thị Tuấn", "Đỗ Văn Mẫn", "Hồ Thị Hậu", "Ngô Văn Hà", "Dương Thị Thảo",
    "Lý Văn Hãn", "Trương Thị Ngọc", "Đinh Văn Đạt", "Mai Thị Bé", "Tạ Văn Chè",
    "Lò Thị Dẻo", "Lưu Văn Kẽm", "Quách Thị Đẹp", "Lâm Văn Hiền", "Kiều Thị Tiến",
    "Triệu Văn Hiển", "Thái Thị Hiệp", "Lục Văn Bình", "Chu Thị Chí", "Hà Văn Chỉnh",
    "Tô Thị Vĩnh", "Khổng Văn Hòa", "Cao Thị Thỏa", "La Văn Ngó", "Âu Thị Hồng",
    "Đàm Văn Quốc", "Ông Thị Lộc", "Lương Văn Thời", "Mạc Thị Thới", "Nông Văn Sở",
    "Hứa Thị Lỡ", "Phùng Văn Lợi", "Giang Thị Hùng", "Tăng Văn Phúc", "Diệp Thị Thủy",
    "Kha Văn Vũ", "Doãn Thị Thụy", "Ưng Văn Từ", "Tống Thị Ước", "Vi Văn Sử",
    "Lữ Thị Hữu", "Đoàn Văn Lực", "Ninh Thị Quỳnh", "Viên Văn Ý", "Mông Thị Kỷ",
    "Yên Văn Ỹ", "Sầm Thị Mỵ", "Bế Văn Ổn", "Ứng Thị Ơn", "Nguyễn Thị Ánh Tuyết",
]
TONED_VOWELS = (
    "àáảãạ ằắẳẵặ ầấẩẫậ èéẻẽẹ ềếểễệ ìíỉĩị òóỏõọ ồốổỗộ ờớởỡợ ùúủũụ ừứửữự ỳýỷỹỵ ăâêôơưđ"
)
ISSUER = {
    "issuer": "UBND xã Cự Khối",
    "issuer_parent": "UBND thành phố Hà Nội",
    "place": "Cự Khối",
    "signed_on": date(2026, 2, 5),
}
SCRIPT = '<script>alert("xóa hết")</script>'


@pytest.fixture(autouse=True)
def _test_templates(settings: Any) -> None:
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEST_TEMPLATES]}
    ]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: run scripts/ensure-pdf-libs.sh (poppler-utils)")
    return path


def pdf_text(pdf: bytes, tmp_path: Path, *, page: int | None = None, layout: bool = False) -> str:
    """The text of the PDF (or of one page), in NFC with runs of white space made single.

    ``layout`` keeps each table row on its line; otherwise pdftotext reads column by column.
    """
    source = tmp_path / "document.pdf"
    source.write_bytes(pdf)
    options = ["-f", str(page), "-l", str(page)] if page else []
    if layout:
        options.append("-layout")
    out = subprocess.run(  # noqa: S603 - fixed tool, our own file
        [_tool("pdftotext"), "-enc", "UTF-8", *options, str(source), "-"],
        check=True, capture_output=True,
    ).stdout.decode("utf-8")
    return " ".join(unicodedata.normalize("NFC", out).split())


def fonts(pdf: bytes, tmp_path: Path) -> set[str]:
    """The fonts embedded in the PDF, without their subset prefix: {"Liberation-Serif-Bold", …}."""
    source = tmp_path / "fonts.pdf"
    source.write_bytes(pdf)
    out = subprocess.run(  # noqa: S603 - fixed tool, our own file
        [_tool("pdffonts"), str(source)], check=True, capture_output=True, text=True,
    ).stdout
    return {line.split()[0].partition("+")[2] for line in out.splitlines()[2:]}


def page_count(pdf: bytes, tmp_path: Path) -> int:
    source = tmp_path / "count.pdf"
    source.write_bytes(pdf)
    # pdftotext puts a form feed after every page.
    out = subprocess.run(  # noqa: S603 - fixed tool, our own file
        [_tool("pdftotext"), str(source), "-"], check=True, capture_output=True,
    ).stdout
    return out.count(b"\f")


def save_first_page(pdf: bytes, artifacts_dir: Path, name: str) -> Path:
    source = artifacts_dir / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603 - fixed tool, our own file
        [_tool("pdftoppm"), "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
         str(source), str(artifacts_dir / name)],
        check=True,
    )
    return artifacts_dir / f"{name}.png"


def decision_context(**overrides: Any) -> dict[str, Any]:
    return {
        **ISSUER,
        "number": "12/QĐ-UBND",
        "doc_type": "Quyết định",
        "summary": "Về việc hưởng trợ cấp xã hội hằng tháng đối với bà Nguyễn Thị Ánh",
        "beneficiary": "Nguyễn Thị Ánh",
        "birth_date": "12/08/1948",
        "address": "tổ dân phố Thượng Thanh, xã Cự Khối, thành phố Hà Nội",
        "amount": "750.000",
        "signer_authority": "TM. Ủy ban nhân dân",
        "signer_title": "Chủ tịch",
        "signer_name": "Đỗ Thị Hương Giang",
        "recipients": ["Như Điều 2", "Phòng Văn hóa - Xã hội", "Lưu: VT, VHXH"],
        **overrides,
    }


def payroll_context(**overrides: Any) -> dict[str, Any]:
    rows = [
        {
            "name": name,
            "birth_date": date(1940 + i % 40, 1 + i % 12, 1 + i % 28),
            "address": f"Tổ dân phố số {1 + i % 9}, xã Cự Khối",
            "amount": 500_000 + 10_000 * i,
        }
        for i, name in enumerate(NAMES)
    ]
    return {
        **ISSUER,
        "number": "",
        "title": "Danh sách chi trả trợ cấp xã hội hằng tháng",
        "subtitle": "Tháng 02 năm 2026",
        "rows": rows,
        "total": sum(row["amount"] for row in rows),
        "signatures": [
            ("Người lập biểu", "Trần Thị Lụa"),
            ("Kế toán", "Phạm Văn Ước"),
            ("Chủ tịch UBND", "Đỗ Thị Hương Giang"),
        ],
        **overrides,
    }


def test_the_names_cover_every_toned_vowel() -> None:
    letters = set("".join(NAMES).lower())
    assert set(TONED_VOWELS.replace(" ", "")) <= letters
    assert len(NAMES) == 60


def test_a_decision_prints_the_national_header_signature_and_recipients(
    tmp_path: Path, artifacts_dir: Path
) -> None:
    pdf = render_pdf("documents_test/decision.html", decision_context())

    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND THÀNH PHỐ HÀ NỘI",
        "UBND XÃ CỰ KHỐI",
        "Số: 12/QĐ-UBND",
        "Cự Khối, ngày 05 tháng 02 năm 2026",
        "QUYẾT ĐỊNH",
        "Về việc hưởng trợ cấp xã hội hằng tháng đối với bà Nguyễn Thị Ánh",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Đỗ Thị Hương Giang",
        "Nơi nhận:",
        "- Như Điều 2;",
        "- Lưu: VT, VHXH.",
    ]:
        assert expected in text
    assert page_count(pdf, tmp_path) == 1
    assert save_first_page(pdf, artifacts_dir, "document-decision").stat().st_size > 0


def test_every_vietnamese_letter_is_set_in_the_times_compatible_font(tmp_path: Path) -> None:
    # A font without some letter (Liberation Serif 1.x lacks ả, ự, ỹ, …) lets another font
    # stand in for it, which shows as letters of two shapes in one word.
    pdf = render_pdf("documents_test/payroll.html", payroll_context())

    assert fonts(pdf, tmp_path) <= {
        "Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic", "TimesNewRomanPSMT", "TimesNewRomanPS-BoldMT",
        "TimesNewRomanPS-ItalicMT", "TimesNewRomanPS-BoldItalicMT",
    }


def test_a_long_decision_numbers_pages_from_the_second(tmp_path: Path) -> None:
    paragraphs = ["Nội dung bổ sung về chế độ trợ giúp xã hội hằng tháng. " * 8] * 12
    pdf = render_pdf("documents_test/decision.html",
                     decision_context(extra_paragraphs=paragraphs))

    assert page_count(pdf, tmp_path) >= 2
    first = pdf_text(pdf, tmp_path, page=1)
    second = pdf_text(pdf, tmp_path, page=2, layout=True)
    assert second.startswith("2 ")
    assert not first.startswith("1 ")


def test_an_official_letter_puts_its_summary_under_the_number(tmp_path: Path) -> None:
    pdf = render_pdf("documents_test/decision.html",
                     decision_context(doc_type="", number="35/UBND-VHXH",
                                      summary="rà soát đối tượng bảo trợ xã hội"))

    text = pdf_text(pdf, tmp_path)
    assert "Số: 35/UBND-VHXH" in text
    assert "V/v rà soát đối tượng bảo trợ xã hội" in text


def test_user_text_is_printed_literally_not_interpreted(tmp_path: Path) -> None:
    pdf = render_pdf("documents_test/decision.html",
                     decision_context(beneficiary=SCRIPT, signer_name=f"<b>{SCRIPT}</b>"))

    # Compared without spaces: a long line may wrap after "</", which extraction shows as a space.
    text = "".join(pdf_text(pdf, tmp_path).split())
    assert "".join(f"bà {SCRIPT}, sinh ngày".split()) in text
    assert "".join(f"<b>{SCRIPT}</b>".split()) in text


def test_a_60_row_list_repeats_its_header_row_and_prints_the_total_in_words(
    tmp_path: Path, artifacts_dir: Path
) -> None:
    context = payroll_context()
    pdf = render_pdf("documents_test/payroll.html", context)

    assert pdf.startswith(b"%PDF")
    assert page_count(pdf, tmp_path) >= 2
    text = pdf_text(pdf, tmp_path, layout=True)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Cự Khối, ngày 05 tháng 02 năm 2026" in text
    assert "DANH SÁCH CHI TRẢ TRỢ CẤP XÃ HỘI HẰNG THÁNG Tháng 02 năm 2026" in text
    for number, row in enumerate(context["rows"], start=1):
        birth_date = row["birth_date"].strftime("%d/%m/%Y")
        amount = f"{row['amount']:,}".replace(",", ".")
        assert f"{number} {row['name']} {birth_date} {row['address']} {amount}" in text
    assert f"Số tiền bằng chữ: {amount_in_words(context['total'])}." in text
    assert "Tổng cộng 47.700.000" in text
    for role in ["NGƯỜI LẬP BIỂU", "KẾ TOÁN", "CHỦ TỊCH UBND", "Trần Thị Lụa", "Phạm Văn Ước"]:
        assert role in text

    second = pdf_text(pdf, tmp_path, page=2, layout=True)
    assert "STT Họ và tên Ngày sinh Nơi cư trú Số tiền (đồng) Ký nhận" in second
    assert second.startswith("2 ")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in second
    assert save_first_page(pdf, artifacts_dir, "document-list").stat().st_size > 0


def test_a_list_without_signatures_leaves_the_three_usual_columns(tmp_path: Path) -> None:
    pdf = render_pdf("documents_test/payroll.html",
                     payroll_context(rows=[], total=0, signatures=None))

    text = pdf_text(pdf, tmp_path)
    assert "NGƯỜI LẬP BIỂU" in text
    assert "KẾ TOÁN" in text
    assert "CHỦ TỊCH UBND" in text
    assert "Số tiền bằng chữ: Không đồng." in text


def test_the_document_stays_vietnamese_when_the_interface_is_english(tmp_path: Path) -> None:
    request = RequestFactory().get("/")
    with translation.override("en"):
        assert translation.gettext("Lưu") == "Save"
        pdf = render_pdf("documents_test/translated.html", decision_context(), request=request)

    text = pdf_text(pdf, tmp_path)
    assert "Lưu hồ sơ." in text
    assert "Save" not in text


@pytest.mark.parametrize("with_request", [False, True])
def test_a_static_image_in_a_document_is_found(with_request: bool, caplog: Any) -> None:
    request = RequestFactory().get("/") if with_request else None
    render_pdf("documents_test/with_image.html", decision_context(), request=request)

    assert [r for r in caplog.records if r.name.startswith("weasyprint")
            and r.levelno >= logging.WARNING] == []


def test_static_files_are_read_from_disk() -> None:
    fetcher = StaticFilesFetcher(OFFLINE_BASE_URL)

    response = fetcher.fetch(f"{OFFLINE_BASE_URL}static/ansinh/favicon.svg")
    assert response.content_type == "image/svg+xml"
    assert b"<svg" in response.read()


@pytest.mark.parametrize("url", [
    "https://example.com/logo.png",
    f"{OFFLINE_BASE_URL}admin/",
    "file:///etc/passwd",
])
def test_nothing_else_is_fetched(url: str) -> None:
    with pytest.raises(ValueError, match="disallowed protocol"):
        StaticFilesFetcher(OFFLINE_BASE_URL).fetch(url)


def test_static_names_cannot_climb_out_of_the_static_folders() -> None:
    with pytest.raises(Exception, match="outside|not found"):
        StaticFilesFetcher(OFFLINE_BASE_URL).fetch(f"{OFFLINE_BASE_URL}static/../../etc/passwd")


def test_the_response_shows_the_pdf_inline_under_its_vietnamese_name() -> None:
    response = pdf_response(b"%PDF-1.7", "Quyết định 12-QĐ-UBND.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="Quyet dinh 12-QD-UBND.pdf"; '
        "filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2012-Q%C4%90-UBND.pdf"
    )
    assert "no-store" in response["Cache-Control"]
    assert response.content == b"%PDF-1.7"


def test_a_file_name_cannot_break_the_header() -> None:
    response = pdf_response(b"%PDF", 'a"b\\c\r\nd.pdf')

    assert "\n" not in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith('inline; filename="abcd.pdf"; ')

