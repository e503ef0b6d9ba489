"""The anomaly API: findings listed, filtered and read in scope, explained by the commune's
officer, refused to read-only roles (403) and outsiders (404) with Vietnamese error bodies;
running the checks; the rules; the figures a supervision delegation records."""

from __future__ import annotations

from datetime import date

import pytest

from ansinh.integrity.checks import run_checks
from ansinh.integrity.models import CheckRun, Finding, ReportedTotal
from ansinh.integrity.tests.factories import died, line

pytestmark = pytest.mark.django_db

API = "/api/v1/integrity"


@pytest.fixture
def finding(cast, catalog, geo, make_person, make_benefit) -> Finding:
    hoa = make_person(born=date(1980, 6, 1), disability="severe", commune=geo.commune_a,
                      name="Lê Thị Hoa", sex="F")
    benefit = make_benefit(hoa, "K6", start=date(2026, 1, 1), hundredths=150)
    line(benefit, date(2026, 4, 1))
    died(hoa, date(2026, 3, 15))
    run_checks(trigger="on_demand", unit=geo.commune_a, rules=["PAID_AFTER_DEATH"])
    return Finding.objects.get()


def test_findings_are_listed_filtered_and_read_in_scope(finding, cast, client_as):
    officer = client_as(cast.officer_a)
    body = officer.get(f"{API}/findings").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["id"], item["rule"], item["unit_code"], item["severity"], item["status"],
            item["amount"], item["person_id"]) == (
        finding.pk, "PAID_AFTER_DEATH", "00004", "high", "open", 975_000, finding.person_id)
    assert officer.get(f"{API}/findings", {"severity": "low"}).json()["count"] == 0
    assert officer.get(f"{API}/findings", {"unit_code": "00008"}).json()["count"] == 0
    one = officer.get(f"{API}/findings/{finding.pk}").json()
    assert one["summary"] == finding.summary and one["details"]["month"] == "2026-04-01"

    outsider = client_as(cast.officer_b)
    assert outsider.get(f"{API}/findings").json()["count"] == 0
    missing = outsider.get(f"{API}/findings/{finding.pk}")
    assert missing.status_code == 404
    assert missing.json() == {"code": "not_found", "message": "Không tìm thấy bản ghi.",
                              "field": None}


def test_the_officer_explains_a_finding_and_a_supervisor_is_refused(finding, cast, client_as):
    refused = client_as(cast.supervisor_a).post(
        f"{API}/findings/{finding.pk}/resolve",
        {"status": "explained", "note": "Đoàn giám sát đã xem."}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert "chỉ được xem" in refused.json()["message"]

    officer = client_as(cast.officer_a)
    done = officer.post(f"{API}/findings/{finding.pk}/resolve",
                        {"status": "explained", "note": "Đã lập biên bản thu hồi."},
                        content_type="application/json")
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["resolved_by"],
            done.json()["resolution_note"]) == ("explained", "canbo.a",
                                                "Đã lập biên bản thu hồi.")
    again = officer.post(f"{API}/findings/{finding.pk}/resolve",
                         {"status": "open", "note": "x"}, content_type="application/json")
    assert again.status_code == 400
    assert again.json()["message"] == ("Không chuyển được phát hiện từ “Đã giải trình” sang "
                                       "“Chưa xử lý”.")


def test_the_checks_run_for_the_acting_unit_and_an_unknown_rule_is_refused(
        finding, cast, client_as):
    officer = client_as(cast.officer_a)
    created = officer.post(f"{API}/checks", {"rules": ["PAID_AFTER_DEATH"]},
                           content_type="application/json")
    assert created.status_code == 201
    assert {k: created.json()[k] for k in ("unit_code", "trigger", "rules", "found", "new")} == {
        "unit_code": "00004", "trigger": "on_demand", "rules": ["PAID_AFTER_DEATH"],
        "found": 1, "new": 0}
    bad = officer.post(f"{API}/checks", {"rules": ["NOPE"]}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["message"] == "Không có quy tắc kiểm tra mã “NOPE”."
    auditor = client_as(cast.auditor).post(f"{API}/checks", {}, content_type="application/json")
    assert auditor.status_code == 403
    assert CheckRun.objects.count() == 2


def test_the_rules_are_listed_with_their_legal_basis(cast, client_as):
    rules = client_as(cast.auditor).get(f"{API}/rules").json()
    assert len(rules) == 12 and rules[0]["code"] == "PAID_AFTER_DEATH"
    hiv = next(r for r in rules if r["code"] == "HIV_STATUS_POSTED")
    assert hiv["severity"] == "high" and "64/2006/QH11" in hiv["legal_basis"]


def test_a_supervisor_records_reported_figures_and_an_auditor_cannot(cast, geo, client_as):
    payload = {"unit_code": geo.commune_a.code, "title": "Đối tượng BTXH đến hết 02/2026",
               "reported_on": "2026-03-24", "total": 149,
               "lines": [{"label": "Người khuyết tật", "count": 94, "category": "K6"},
                         {"label": "Khác", "count": 57}]}
    created = client_as(cast.supervisor_a).post(f"{API}/reported-totals", payload,
                                                content_type="application/json")
    assert created.status_code == 201
    report = ReportedTotal.objects.get()
    assert created.json()["id"] == report.pk and report.lines == [
        {"label": "Người khuyết tật", "count": 94, "category": "K6"},
        {"label": "Khác", "count": 57}]
    assert client_as(cast.auditor).post(f"{API}/reported-totals", payload,
                                        content_type="application/json").status_code == 403
    outsider = client_as(cast.officer_b).post(f"{API}/reported-totals", payload,
                                              content_type="application/json")
    assert outsider.status_code == 404
    listed = client_as(cast.officer_a).get(f"{API}/reported-totals").json()
    assert [r["total"] for r in listed["items"]] == [149]
    assert ReportedTotal.objects.count() == 1
