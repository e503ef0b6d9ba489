"""Reading printed documents back in tests: PDFs with poppler (pdftotext, pdftoppm), workbooks
with python-calamine. Shared so that every app's tests read them alike."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: run scripts/ensure-pdf-libs.sh (poppler-utils)")
    return path


def pdf_text(pdf: bytes, folder: Path, *, page: int | None = None,
             layout: bool = False) -> str:
    """The text of the PDF (or of one page) in NFC. Without ``layout`` every run of white
    space is made single; with it each line is kept (a table row on its line), its spaces
    made single."""
    source = folder / "readback.pdf"
    source.write_bytes(pdf)
    options = ["-f", str(page), "-l", str(page)] if page else []
    if layout:
        options.append("-layout")
    out = subprocess.run(  # noqa: S603 - fixed poppler tool, our own file
        [tool("pdftotext"), "-enc", "UTF-8", *options, str(source), "-"],
        check=True, capture_output=True).stdout.decode("utf-8")
    text = unicodedata.normalize("NFC", out)
    if not layout:
        return " ".join(text.split())
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def save_pages(pdf: bytes, folder: Path, name: str) -> list[Path]:
    """``name``.pdf and a PNG of each page at 60 dpi (``name``-1.png, …) in ``folder``."""
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    for old in folder.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(  # noqa: S603 - fixed poppler tool, our own file
        [tool("pdftoppm"), "-r", "60", "-png", str(source), str(folder / name)], check=True)
    return sorted(folder.glob(f"{name}-*.png"))


def sheet_rows(content: bytes, index: int = 0) -> list[list[Any]]:
    """The cells of a sheet, whole numbers as ``int`` (calamine reads every number as float)."""
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(index) \
        .to_python()
    return [[int(cell) if isinstance(cell, float) and cell.is_integer() else cell
             for cell in row] for row in rows]
