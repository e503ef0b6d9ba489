"""The anomaly pages: the list with its filters, a finding with its records and the form to
explain or correct it, "check now", the rules, the reported figures; who may do what (the
commune's officers answer, supervisors read and record reported figures, outsiders get 404);
the home panel and the navigation."""

from __future__ import annotations

from datetime import date

import pytest

from ansinh.core.testing import without_tokens
from ansinh.integrity.checks import run_checks
from ansinh.integrity.models import CheckRun, Finding, ReportedTotal
from ansinh.integrity.tests.factories import died, line, posted

pytestmark = pytest.mark.django_db

APR = date(2026, 4, 1)
LIST = "/kiem-tra/bat-thuong/"


@pytest.fixture
def finding(cast, catalog, geo, make_person, make_benefit) -> Finding:
    """Lê Thị Hoa of commune A died on 15/3/2026 and April was paid: one high finding."""
    hoa = make_person(born=date(1980, 6, 1), disability="severe", commune=geo.commune_a,
                      name="Lê Thị Hoa", sex="F")
    benefit = make_benefit(hoa, "K6", start=date(2026, 1, 1), hundredths=150)
    line(benefit, APR)
    died(hoa, date(2026, 3, 15))
    run_checks(trigger="on_demand", unit=geo.commune_a, rules=["PAID_AFTER_DEATH"])
    return Finding.objects.select_related("person", "household", "cycle").get()


def test_the_officer_lists_filters_and_opens_a_finding_with_its_records_and_rule(
        finding, cast, client_as):
    officer = client_as(cast.officer_a)
    page = officer.get(LIST).content.decode()
    assert finding.summary in page and 'data-open="high">1<' in page
    assert "Chi trả sau khi đối tượng qua đời" in page and 'id="run-form"' in page
    assert "Lần kiểm tra gần nhất" in page

    assert finding.summary in officer.get(LIST, {"muc_do": "high"}).content.decode()
    assert finding.summary not in officer.get(LIST, {"tinh_trang": "explained"}).content.decode()
    assert finding.summary not in officer.get(LIST, {"quy_tac": "PAID_TWICE"}).content.decode()
    partial = officer.get(LIST, {"muc_do": "high"}, HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="finding-table">') and "<html" not in partial

    detail = officer.get(f"{LIST}{finding.pk}/").content.decode()
    assert finding.person.get_absolute_url() in detail
    assert finding.household.get_absolute_url() in detail
    assert finding.cycle.get_absolute_url() in detail
    assert "Nghị định 20/2021/NĐ-CP, Điều 8; Thông tư 02/2021/TT-BLĐTBXH, Điều 2" in detail
    assert "975.000 đ" in detail and 'id="resolve-form"' in detail


def test_the_officer_explains_a_finding_and_a_note_is_required(finding, cast, client_as):
    officer = client_as(cast.officer_a)
    refused = officer.post(f"{LIST}{finding.pk}/xu-ly/", {"status": "explained", "note": ""})
    assert refused.status_code == 400
    assert "Trường này là bắt buộc." in refused.content.decode()
    response = officer.post(f"{LIST}{finding.pk}/xu-ly/", {
        "status": "explained", "note": "Đã lập biên bản, gia đình cam kết hoàn trả."})
    assert response.status_code == 302 and response.url == f"{LIST}{finding.pk}/"
    finding.refresh_from_db()
    assert (finding.status, finding.resolved_by) == ("explained", cast.officer_a)
    detail = officer.get(response.url).content.decode()
    assert "Đã ghi nhận kết quả xử lý phát hiện." in detail
    assert "Đã lập biên bản, gia đình cam kết hoàn trả." in detail


def test_a_supervisor_reads_a_finding_but_cannot_resolve_it(finding, cast, client_as):
    supervisor = client_as(cast.supervisor_a)
    detail = supervisor.get(f"{LIST}{finding.pk}/").content.decode()
    assert finding.summary in detail and 'id="resolve-form"' not in detail
    assert 'id="read-only-note"' in detail
    response = supervisor.post(f"{LIST}{finding.pk}/xu-ly/", {"status": "explained",
                                                              "note": "Đoàn đã xem."})
    assert response.status_code == 403
    finding.refresh_from_db()
    assert finding.status == "open"


def test_another_communes_finding_is_not_found(finding, cast, client_as):
    outsider = client_as(cast.officer_b)
    assert outsider.get(f"{LIST}{finding.pk}/").status_code == 404
    assert outsider.post(f"{LIST}{finding.pk}/xu-ly/", {"status": "explained",
                                                        "note": "x"}).status_code == 404
    assert finding.summary not in outsider.get(LIST).content.decode()
    province = client_as(cast.province_officer).get(LIST).content.decode()
    assert finding.summary in province and "Phường Ba Đình" in province  # the unit column


def test_a_hiv_finding_is_shown_to_the_communes_officer_only(cast, catalog, geo, make_person,
                                                            client_as):
    kien = make_person(born=date(1990, 1, 1), hiv=True, commune=geo.commune_a,
                       name="Phạm Văn Kiên")
    posted(kien, cast.officer_a, label="Người nhiễm HIV thuộc hộ nghèo")
    run_checks(trigger="on_demand", unit=geo.commune_a, rules=["HIV_STATUS_POSTED"])
    hiv = Finding.objects.get()
    assert client_as(cast.officer_a).get(f"{LIST}{hiv.pk}/").status_code == 200
    for reader in (cast.supervisor_a, cast.province_officer, cast.auditor, cast.admin):
        client = client_as(reader)
        assert client.get(f"{LIST}{hiv.pk}/").status_code == 404
        assert "Phạm Văn Kiên" not in without_tokens(client.get(LIST).content.decode())


def test_check_now_runs_over_the_officers_unit_and_read_only_roles_are_refused(
        finding, cast, geo, client_as):
    response = client_as(cast.officer_a).post("/kiem-tra/chay/", follow=True)
    run = CheckRun.objects.latest("id")
    assert (run.unit, run.trigger, run.started_by, len(run.rules)) == (
        finding.unit, "on_demand", cast.officer_a, 12)
    assert (f"Đã kiểm tra Phường Ba Đình theo 12 quy tắc: {run.found} phát hiện"
            in response.content.decode())
    province = client_as(cast.province_officer).post("/kiem-tra/chay/")
    assert province.status_code == 302
    assert CheckRun.objects.latest("id").unit == geo.hanoi
    for reader in (cast.supervisor_a, cast.auditor):
        assert client_as(reader).post("/kiem-tra/chay/").status_code == 403
        assert 'id="run-form"' not in client_as(reader).get(LIST).content.decode()
    assert client_as(cast.officer_a).get("/kiem-tra/chay/").status_code == 405


def test_the_rule_list_describes_every_rule_with_its_open_findings(finding, cast, client_as):
    page = client_as(cast.supervisor_a).get("/kiem-tra/quy-tac/").content.decode()
    assert page.count('class="list-group-item"') == 12
    assert "Luật Phòng, chống HIV/AIDS 2006" in page and "Thông tư 59/2021/TT-BCA" in page
    assert 'data-open="1"' in page and f"{LIST}?quy_tac=PAID_AFTER_DEATH" in page


# --- reported figures -----------------------------------------------------------------------------

def test_a_supervisor_records_the_figures_a_commune_reported_and_they_are_checked(
        cast, geo, catalog, client_as, django_capture_on_commit_callbacks):
    supervisor = client_as(cast.supervisor_a)
    assert supervisor.get("/kiem-tra/so-lieu-bao-cao/them/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor.post("/kiem-tra/so-lieu-bao-cao/them/", {
            "unit": geo.commune_a.code, "title": "Đối tượng BTXH đến hết tháng 02/2026",
            "document": "Buổi làm việc với Đoàn giám sát HĐND", "reported_on": "24/03/2026",
            "total": "149", "lines": "Người khuyết tật; 94\nNgười khuyết tật hưởng kinh phí "
            "chăm sóc; 26\nNgười già cô đơn; 2\nTrẻ mồ côi; 3\nNgười cao tuổi trên 80 tuổi; 26"})
    assert response.status_code == 302 and response.url == "/kiem-tra/so-lieu-bao-cao/"
    report = ReportedTotal.objects.get()
    assert (report.total, [line["count"] for line in report.lines], report.recorded_by) == (
        149, [94, 26, 2, 3, 26], cast.supervisor_a)
    finding = Finding.objects.get(rule="REPORTED_TOTALS")
    assert finding.key == f"{report.pk}:sum" and "(chênh 2)" in finding.summary
    listed = supervisor.get("/kiem-tra/so-lieu-bao-cao/").content.decode()
    assert 'data-sum="151"' in listed and "table-warning" in listed


def test_a_bad_breakdown_line_is_named_and_nothing_is_saved(cast, geo, client_as):
    response = client_as(cast.officer_a).post("/kiem-tra/so-lieu-bao-cao/them/", {
        "unit": geo.commune_a.code, "title": "Báo cáo", "reported_on": "24/03/2026",
        "total": "5", "lines": "Người khuyết tật; 3\nTrẻ mồ côi; hai"})
    assert response.status_code == 200
    assert "Dòng 2: số lượng “hai” không phải là số nguyên." in response.content.decode()
    assert not ReportedTotal.objects.exists()


def test_an_auditor_cannot_record_figures_and_an_outsider_cannot_choose_another_commune(
        cast, geo, client_as):
    assert client_as(cast.auditor).get("/kiem-tra/so-lieu-bao-cao/them/").status_code == 403
    response = client_as(cast.officer_b).post("/kiem-tra/so-lieu-bao-cao/them/", {
        "unit": geo.commune_a.code, "title": "Báo cáo", "reported_on": "24/03/2026",
        "total": "1", "lines": ""})
    assert response.status_code == 200 and "Phường Ba Đình" not in response.content.decode()
    assert not ReportedTotal.objects.exists()


# --- home and navigation --------------------------------------------------------------------------

def test_the_home_panel_counts_open_findings_by_severity_for_the_units_people(
        finding, cast, client_as):
    for user in (cast.officer_a, cast.supervisor_a, cast.province_officer):
        home = client_as(user).get("/").content.decode()
        assert "Bất thường chưa xử lý" in home
        assert f"{LIST}?tinh_trang=open&amp;muc_do=high" in home
    outsider = client_as(cast.officer_b).get("/").content.decode()
    assert "Không có phát hiện bất thường nào chưa xử lý." in outsider
    assert "Bất thường chưa xử lý" not in client_as(cast.auditor).get("/").content.decode()
    assert f'href="{LIST}">Kiểm tra</a>' in client_as(cast.auditor).get(
        "/").content.decode()


def test_the_anomaly_pages_switch_to_english_and_stored_summaries_stay_vietnamese(
        finding, cast, client_as):
    client = client_as(cast.officer_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    listing = client.get(LIST).content.decode()
    assert "Anomaly findings" in listing and "Check now" in listing
    assert "Paid after the beneficiary&#x27;s death" in listing
    assert "Kiểm tra ngay" not in listing
    detail = client.get(f"{LIST}{finding.pk}/").content.decode()
    assert "Explain, or record corrected" in detail and "Check rule" in detail
    # The finding itself is data, written in Vietnamese whatever the reader's language.
    assert "Lê Thị Hoa đã mất ngày 15/03/2026" in detail
    client.post("/kiem-tra/chay/")  # a run started from the English interface
    finding.refresh_from_db()
    assert finding.last_run == CheckRun.objects.latest("id")
    assert finding.summary.startswith("Lê Thị Hoa đã mất ngày")
    assert "Open anomalies" in client.get("/").content.decode()
