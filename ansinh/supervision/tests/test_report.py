"""The supervision report, printed (PDF, read back with poppler's pdftotext) and as a Word file
(read back with python-docx): the Decree 30 header, the title, the sections, the figures of the
scope, the findings, the recommendations with their deadlines and status; the download is in the
audit log."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document

from ansinh.core.models import AuditEvent
from ansinh.supervision.models import Recommendation, Severity
from ansinh.supervision.report import SECTIONS, TITLE, figures_rows
from ansinh.supervision.selectors import scope_figures
from ansinh.supervision.services import (
    ObservationLinks,
    member_add,
    observation_create,
    plan_conclude,
    recommendation_answer,
    recommendation_create,
)
from ansinh.supervision.tests.conftest import future

pytestmark = pytest.mark.django_db


def _pdf_text(pdf: bytes, tmp_path: Path, *, layout: bool = False) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail("pdftotext is missing: run scripts/ensure-pdf-libs.sh (poppler-utils)")
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    out = subprocess.run(  # noqa: S603 - fixed poppler tool, our own file
        [tool, "-enc", "UTF-8", *(["-layout"] if layout else []), str(source), "-"],
        check=True, capture_output=True).stdout.decode("utf-8")
    text = unicodedata.normalize("NFC", out)
    if layout:
        return "\n".join(" ".join(line.split()) for line in text.splitlines())
    return " ".join(text.split())


@pytest.fixture
def reported(cast, geo, records, plan):
    """The plan with a second member, two findings, an answered and an overdue recommendation,
    concluded."""
    member_add(actor=cast.supervisor_a, plan=plan, full_name="Trần Văn Hải",
               position="Chủ tịch Hội Cựu chiến binh phường")
    unpaid = observation_create(
        actor=cast.supervisor_a, plan=plan, unit=geo.commune_a, severity=Severity.SHORTCOMING,
        text="Bà Võ Thị Lành không nhận trợ cấp tháng 6, chưa có biên bản xác minh.",
        links=ObservationLinks(person=records.ward.lanh.pk, cycle=records.cycle.pk))
    observation_create(actor=cast.supervisor_a, plan=plan, unit=geo.commune_a,
                       severity=Severity.NOTE, text="Niêm yết công khai đúng thời gian.",
                       links=ObservationLinks(posting=records.posting_a.pk))
    answered = recommendation_create(
        actor=cast.supervisor_a, plan=plan, to_unit=geo.commune_a, observation=unpaid,
        text="Xác minh và chi bổ sung trợ cấp tháng 6.", deadline=future(10))
    recommendation_answer(actor=cast.officer_a, recommendation=answered,
                          answer="Đã chi bổ sung ngày 10/7.")
    overdue = recommendation_create(
        actor=cast.supervisor_a, plan=plan, to_unit=geo.commune_a, deadline=future(5),
        text="Bổ sung báo cáo số đối tượng theo từng nhóm.")
    Recommendation.objects.filter(pk=overdue.pk).update(
        deadline=timezone.localdate() - timedelta(days=2))
    return plan_conclude(actor=cast.supervisor_a, plan=plan,
                         conclusion="Phường thực hiện đúng quy trình xét duyệt, niêm yết.")


def test_the_report_prints_with_its_sections_figures_and_recommendations(
        cast, reported, client_as, tmp_path, artifacts_dir):
    response = client_as(cast.supervisor_a).get(f"/giam-sat/{reported.pk}/bao-cao.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "Báo cáo kết quả giám sát" in response["Content-Disposition"] \
        or "B%C3%A1o" in response["Content-Disposition"]
    (artifacts_dir / "supervision-report.pdf").write_bytes(response.content)
    text = _pdf_text(response.content, tmp_path)
    assert "BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM PHƯỜNG BA ĐÌNH" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert TITLE in text
    for heading in SECTIONS:
        assert heading in text
    assert "Kế hoạch số 15/KH-MTTQ-BTT ngày 11/05/2026" in text
    assert "Hướng dẫn số 27/HD-MTTW-BTT ngày 28/4/2020" in text
    assert "Nguyễn Thị Lan" in text and "Trưởng đoàn" in text and "Trần Văn Hải" in text
    assert "Bà Võ Thị Lành không nhận trợ cấp tháng 6" in text
    assert "Liên quan: nhân khẩu Võ Thị Lành" in text
    assert "Xác minh và chi bổ sung trợ cấp tháng 6." in text
    assert "Bổ sung báo cáo số đối tượng theo từng nhóm." in text
    assert "Quá hạn" in text and "Đơn vị đã trả lời" in text
    assert "Đã chi bổ sung ngày 10/7." in text
    assert "Phường thực hiện đúng quy trình xét duyệt, niêm yết." in text
    assert "TM. ĐOÀN GIÁM SÁT" in text and "Trang 1/" in text
    lines = _pdf_text(response.content, tmp_path, layout=True)
    for label, value in figures_rows(scope_figures(cast.supervisor_a, reported)):
        assert any(label in line and line.endswith(value) for line in lines.splitlines()), \
            (label, value)
    export = AuditEvent.objects.get(action="supervision.report.export")
    assert (export.actor_label, export.changes) == (
        "giamsat.a", {"format": "pdf", "observations": 2, "recommendations": 2})


def test_the_word_report_has_the_same_content_and_figures(cast, reported, client_as):
    response = client_as(cast.supervisor_a).get(f"/giam-sat/{reported.pk}/bao-cao.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")
    document = Document(io.BytesIO(response.content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    rows = [[cell.text for cell in row.cells] for table in document.tables
            for row in table.rows]
    cells = "\n".join(" | ".join(row) for row in rows)
    assert TITLE in paragraphs and all(heading in paragraphs for heading in SECTIONS)
    assert "BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM PHƯỜNG BA ĐÌNH" in cells
    assert "Bà Võ Thị Lành không nhận trợ cấp tháng 6" in paragraphs
    assert "Xác minh và chi bổ sung trợ cấp tháng 6." in cells
    assert "Chờ đơn vị trả lời — Quá hạn" in cells
    figures = figures_rows(scope_figures(cast.supervisor_a, reported))
    assert figures[:3] == [("Nhân khẩu đang sống tại địa bàn", "3"), ("Hộ gia đình", "3"),
                           ("Chế độ đang hưởng", "3")]
    assert ("Số tiền đã chi", "1.625.000 đ (2 lượt)") in figures
    for label, value in figures:
        assert [label, value] in rows, (label, value)
    assert document.core_properties.title == TITLE
    assert document.sections[0].page_width is not None
    export = AuditEvent.objects.get(action="supervision.report.export")
    assert export.changes["format"] == "docx"


def test_the_supervised_ward_prints_the_report_of_a_plan_it_sees(cast, reported, client_as,
                                                                tmp_path):
    response = client_as(cast.officer_a).get(f"/giam-sat/{reported.pk}/bao-cao.pdf")
    assert response.status_code == 200
    assert "Bổ sung báo cáo số đối tượng theo từng nhóm." in _pdf_text(response.content,
                                                                        tmp_path)
    assert client_as(cast.officer_b).get(f"/giam-sat/{reported.pk}/bao-cao.pdf") \
        .status_code == 404
