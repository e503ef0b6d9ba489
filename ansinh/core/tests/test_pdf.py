"""The ReportLab building blocks of long lists: fonts, wrapping, and cutting a list into tables.

The lists themselves are read back from their PDFs in ``ansinh/payroll/tests/test_printing.py``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from reportlab.pdfbase.pdfmetrics import stringWidth

from ansinh.core import pdf


@pytest.mark.parametrize(("style", "file"), [
    ("Regular", "LiberationSerif-Regular.ttf"), ("Bold", "LiberationSerif-Bold.ttf"),
    ("Italic", "LiberationSerif-Italic.ttf"), ("Bold Italic", "LiberationSerif-BoldItalic.ttf"),
])
def test_each_face_of_liberation_serif_is_found(style, file):
    assert pdf.font_file(style).name == file


def test_a_missing_font_says_how_to_install_it(monkeypatch, tmp_path):
    # fontconfig answers with whatever it has when the font is missing.
    def fc_match(args, **kwargs):
        return subprocess.CompletedProcess(args, 0, stdout="DejaVu Serif|Bold|/x/DejaVuSerif.ttf")

    monkeypatch.setattr(pdf.subprocess, "run", fc_match)
    monkeypatch.setattr(pdf, "_FONT_DIRS", (tmp_path,))

    with pytest.raises(ImproperlyConfigured, match="scripts/ensure-pdf-libs.sh"):
        pdf.font_file("Bold")


def test_without_fontconfig_the_font_is_looked_for_where_debian_puts_it(monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)

    assert pdf.font_file("Italic") == \
        Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Italic.ttf")


def test_text_wraps_on_spaces_and_a_word_too_wide_is_cut():
    pdf.register_fonts()
    width = stringWidth("Nguyễn Thị", pdf.SERIF, 12)

    assert pdf.wrap("Nguyễn  Thị", pdf.SERIF, 12, width) == "Nguyễn Thị"
    assert pdf.wrap("Nguyễn Thị Ánh", pdf.SERIF, 12, width) == "Nguyễn Thị\nÁnh"
    lines = pdf.wrap("0123456789012345678901234567890123456789", pdf.SERIF, 12, width)
    assert "".join(lines.split("\n")) == "0123456789012345678901234567890123456789"
    assert all(stringWidth(line, pdf.SERIF, 12) <= width for line in lines.split("\n"))


def test_a_list_is_cut_into_tables_only_between_rows_not_kept_together():
    pdf.register_fonts()
    grid = pdf.ListTable([("STT", 20), ("Họ và tên", 80)])
    grid.header()  # kept with row 1
    for number in range(1, 11):
        grid.add([str(number), "Lê Văn Đức"])
    grid.keep(3, 5)

    tables = grid.tables(rows_per_table=4)

    # Rows 0-4 would end inside the kept rows 3-5: the first table takes row 5 too.
    assert [len(table._cellvalues) for table in tables] == [6, 4, 1]
    assert tables[0]._cellvalues[0] == ["STT", "Họ và tên"]
    running = grid.running_header()
    assert running is not None and running._cellvalues == [["STT", "Họ và tên"]]
