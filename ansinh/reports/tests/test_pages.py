"""The report pages as users open them: the dashboard and its drill-down links, the lists, the
standard reports on screen and as files, the narrative report, and scoping."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from docx import Document
from python_calamine import CalamineWorkbook

from ansinh.core.models import AuditEvent
from ansinh.reports.figures import dashboard
from ansinh.reports.narrative import narrative_content
from ansinh.reports.scope import scope_for
from ansinh.reports.standard import REPORTS, Period

pytestmark = pytest.mark.django_db


def _links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="(/bao-cao/[^"]+)"', html)]


def test_the_dashboard_links_every_number_to_a_list_that_opens(cast, client_as, province):
    client = client_as(cast.province_officer)
    page = client.get("/bao-cao/")
    assert page.status_code == 200
    html = page.content.decode()
    board = dashboard(cast.province_officer, scope_for(cast.province_officer), province.today)
    assert f'data-figure="nhan-khau">{board.figures["nhan-khau"].total}' in html.replace(
        ".", "")
    assert 'id="chart-data"' in html and "chart.umd.min.js" in html
    lists = sorted({link for link in _links(html) if "/danh-sach/" in link})
    assert len(lists) > 10
    for link in lists:
        assert client.get(link).status_code == 200, link
    # The parts' names open their own dashboards.
    for link in {link for link in _links(html) if link.startswith("/bao-cao/?don_vi=")}:
        assert client.get(link).status_code == 200


def test_communes_without_figures_are_listed_only_on_request(cast, client_as, geo, province):
    from ansinh.geo.tests.fixtures import make_commune

    make_commune(geo.hanoi, "00011", "Phường Chưa Dùng")
    client = client_as(cast.province_officer)
    html = client.get("/bao-cao/").content.decode()
    assert "1 đơn vị chưa có số liệu" in html and "Phường Chưa Dùng" not in html
    assert "Phường Chưa Dùng" in client.get("/bao-cao/?tat_ca=1").content.decode()


def test_another_communes_dashboard_is_not_found(cast, client_as, geo, province):
    client = client_as(cast.officer_b)
    assert client.get(f"/bao-cao/?don_vi={geo.commune_a.code}").status_code == 404
    assert client.get(f"/bao-cao/danh-sach/nhan-khau/?don_vi={geo.commune_a.code}") \
        .status_code == 404
    assert client.get("/bao-cao/danh-sach/khong-co/").status_code == 404


@pytest.mark.parametrize("code", list(REPORTS))
def test_each_standard_report_opens_on_screen_in_excel_and_in_pdf(cast, client_as, province,
                                                                  code):
    client = client_as(cast.province_officer)
    page = client.get(f"/bao-cao/mau/{code}/?tu=01/01/{province.today.year}")
    assert page.status_code == 200
    html = page.content.decode()
    report = REPORTS[code].build(cast.province_officer, scope_for(cast.province_officer),
                                 Period.this_year())
    for line in report.summary:
        assert unescape(line) in unescape(html)
    xlsx = client.get(f"/bao-cao/mau/{code}/?dinh_dang=xlsx")
    assert xlsx.status_code == 200
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0)
    cells = [c for row in sheet.to_python() for c in row]
    total_row = report.tables[0].rows[-1]
    numbers = [c for c in total_row.cells if isinstance(c, int)]
    for number in numbers:
        assert number in cells or float(number) in cells
    pdf = client.get(f"/bao-cao/mau/{code}/?dinh_dang=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="reports.export", object_id=code).count() == 2


def test_a_period_that_ends_before_it_starts_is_refused(cast, client_as, province):
    page = client_as(cast.province_officer).get(
        "/bao-cao/mau/tang-giam/?tu=01/06/2026&den=01/01/2026")
    assert "Ngày bắt đầu phải trước ngày kết thúc" in page.content.decode()


def test_the_narrative_report_says_what_the_dashboard_says(cast, client_as, province):
    user = cast.province_officer
    scope = scope_for(user)
    board = dashboard(user, scope, province.today)
    content = narrative_content(user, scope, province.today.year, province.today)
    figures = {f.key: f.value for f in content.figures()}
    for key in ("nhan-khau", "ho", "doi-tuong", "ho-ngheo", "ho-can-ngheo", "ho-so",
                "ho-so-qua-han", "bat-thuong", "kien-nghi-qua-han"):
        assert figures[key] == board.figures[key].total, key
    categories = {f.value for f in content.figures() if f.key.startswith("category:")}
    assert categories == {c.persons for c in board.categories}
    client = client_as(user)
    html = client.get("/bao-cao/tong-hop/").content.decode()
    for link in {link for link in _links(html) if "data-figure" not in link}:
        assert client.get(link).status_code == 200, link
    word = client.get("/bao-cao/tong-hop/?dinh_dang=docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert content.sections[0].paragraphs[0].text in text
    pdf = client.get("/bao-cao/tong-hop/?dinh_dang=pdf")
    assert pdf.content.startswith(b"%PDF")


def test_the_api_gives_the_dashboard_and_the_reports_scoped(cast, client_as, geo, province):
    client = client_as(cast.province_officer)
    body = client.get("/api/v1/reports/dashboard").json()
    board = dashboard(cast.province_officer, scope_for(cast.province_officer), province.today)
    assert body["totals"] == {k: f.total for k, f in board.figures.items()}
    assert {p["unit_code"]: p["figures"]["nhan-khau"] for p in body["parts"]} == {
        p.code: board.figures["nhan-khau"].by_part.get(p.key, 0) for p in board.parts}
    report = client.get("/api/v1/reports/standard/tang-giam").json()
    opening, increases, decreases, closing = report["tables"][0]["rows"][-1][1:]
    assert opening + increases - decreases == closing
    assert client_as(cast.officer_b).get(
        f"/api/v1/reports/dashboard?don_vi={geo.commune_a.code}").status_code == 404
    refused = client.get("/api/v1/reports/standard/tang-giam?tu=2026-06-01&den=2026-01-01")
    assert refused.status_code == 400 and "Ngày bắt đầu" in refused.json()["message"]
