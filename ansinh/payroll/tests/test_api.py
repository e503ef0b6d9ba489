"""Payment cycles through the API: the same services, scoping and audit as the pages,
Vietnamese error bodies."""

from __future__ import annotations

import io
from datetime import date

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from ansinh.core.models import AuditEvent
from ansinh.payroll.models import Cycle, PaymentAccount
from ansinh.payroll.services import lines_mark_returned
from ansinh.payroll.tests.ward import JUNE_TOTAL, approved, generate, ward_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_a_cycle_goes_from_generation_to_reconciliation_through_the_api(cast, ward,
                                                                        client_as):
    officer = client_as(cast.officer_a)
    response = officer.post("/api/v1/payroll/cycles", {
        "commune_code": "00004", "policy": "TGXH", "month": "2026-06-15"}, content_type=JSON)
    assert response.status_code == 201, response.json()
    body = response.json()
    cycle_id = body["id"]
    assert (body["month"], body["status"], body["persons"], body["total"]) == (
        "2026-06-01", "draft", 3, JUNE_TOTAL)
    assert body["generated_by"] == "canbo.a" and body["approved_by"] is None

    response = officer.post(f"/api/v1/payroll/cycles/{cycle_id}/approve")
    assert response.status_code == 403
    assert response.json()["message"] == "Chỉ lãnh đạo UBND xã được duyệt danh sách chi trả."
    leader = client_as(cast.leader_a)
    response = leader.post(f"/api/v1/payroll/cycles/{cycle_id}/approve")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert response.json()["approved_by"] == "lanhdao.a"

    lines = officer.get(f"/api/v1/payroll/cycles/{cycle_id}/lines").json()
    assert lines["count"] == 3
    by_name = {line["full_name"]: line for line in lines["items"]}
    assert by_name["Lê Thị Hoa"]["amount"] == 975_000
    assert by_name["Lê Thị Hoa"]["category"] == "K6"
    assert by_name["Phạm Văn Kiên"]["category"] is None
    assert by_name["Phạm Văn Kiên"]["category_label"] == "Trợ cấp xã hội hằng tháng"
    group = officer.get(f"/api/v1/payroll/cycles/{cycle_id}/lines?group=Tổ 2").json()
    assert [line["full_name"] for line in group["items"]] == ["Võ Thị Lành"]

    response = officer.post(f"/api/v1/payroll/cycles/{cycle_id}/lines/paid", {
        "line_ids": [by_name["Lê Thị Hoa"]["id"], by_name["Phạm Văn Kiên"]["id"]],
        "paid_on": "2026-06-10"}, content_type=JSON)
    assert response.status_code == 200 and response.json() == {"changed": 2}
    response = officer.post(f"/api/v1/payroll/cycles/{cycle_id}/lines/returned", {
        "line_ids": [by_name["Võ Thị Lành"]["id"]], "reason": ""}, content_type=JSON)
    assert response.status_code == 422
    response = officer.post(f"/api/v1/payroll/cycles/{cycle_id}/lines/returned", {
        "line_ids": [by_name["Võ Thị Lành"]["id"]], "reason": "Đi vắng"}, content_type=JSON)
    assert response.json() == {"changed": 1}

    r = officer.get(f"/api/v1/payroll/cycles/{cycle_id}/reconciliation").json()
    assert r["overall"] == {"planned": 3, "planned_amount": JUNE_TOTAL, "paid": 2,
                            "paid_amount": 1_625_000, "returned": 1,
                            "returned_amount": 650_000, "outstanding": 0,
                            "outstanding_amount": 0}
    assert [(p["key"], p["figures"]["paid"]) for p in r["by_group"]] == [("Tổ 1", 2),
                                                                         ("Tổ 2", 0)]
    assert [p["key"] for p in r["by_channel"]] == ["cash"]
    assert r["recoveries"] == {"count": 0, "amount": 0}

    response = officer.post(f"/api/v1/payroll/cycles/{cycle_id}/close")
    assert response.status_code == 200 and response.json()["status"] == "closed"
    listed = officer.get("/api/v1/payroll/cycles?status=closed&month=2026-06-01").json()
    assert [c["id"] for c in listed["items"]] == [cycle_id]


def test_the_api_answers_404_outside_the_commune_and_403_to_read_only_roles(cast, ward,
                                                                           client_as):
    cycle = approved(cast.officer_a, cast.leader_a)
    line = cycle.lines.earliest("id")
    outsider = client_as(cast.officer_b)
    for url in (f"/api/v1/payroll/cycles/{cycle.pk}", f"/api/v1/payroll/cycles/{cycle.pk}/lines",
                f"/api/v1/payroll/cycles/{cycle.pk}/reconciliation",
                f"/api/v1/payroll/cycles/{cycle.pk}/signature-list.pdf",
                f"/api/v1/payroll/cycles/{cycle.pk}/provider-file.xlsx",
                f"/api/v1/persons/{ward.hoa.pk}/payment-account",
                "/api/v1/payroll/unpaid?commune_code=00004"):
        response = outsider.get(url)
        assert response.status_code == 404, url
        assert response.json()["message"].startswith("Không tìm thấy"), url
    paid = {"line_ids": [line.pk], "paid_on": "2026-06-10"}
    assert outsider.post(f"/api/v1/payroll/cycles/{cycle.pk}/lines/paid", paid,
                         content_type=JSON).status_code == 404
    assert outsider.post("/api/v1/payroll/cycles", {
        "commune_code": "00004", "policy": "TGXH", "month": "2026-07-01"},
        content_type=JSON).status_code == 404
    assert outsider.get("/api/v1/payroll/cycles").json()["count"] == 0

    supervisor = client_as(cast.supervisor_a)
    assert supervisor.get(f"/api/v1/payroll/cycles/{cycle.pk}").status_code == 200
    for url, body in ((f"/api/v1/payroll/cycles/{cycle.pk}/lines/paid", paid),
                      (f"/api/v1/payroll/cycles/{cycle.pk}/lines/returned",
                       {"line_ids": [line.pk], "reason": "x"}),
                      (f"/api/v1/payroll/cycles/{cycle.pk}/close", {}),
                      (f"/api/v1/payroll/cycles/{cycle.pk}/approve", {}),
                      ("/api/v1/payroll/cycles", {"commune_code": "00004", "policy": "TGXH",
                                                  "month": "2026-07-01"})):
        response = supervisor.post(url, body, content_type=JSON)
        assert response.status_code == 403, url
        assert "chỉ được xem" in response.json()["message"], url
    response = supervisor.get(f"/api/v1/payroll/cycles/{cycle.pk}/provider-file.xlsx")
    assert response.status_code == 403
    response = supervisor.put(f"/api/v1/persons/{ward.hoa.pk}/payment-account",
                              {"channel": "bank"}, content_type=JSON)
    assert response.status_code == 403
    line.refresh_from_db()
    assert line.status == "planned"


def test_the_files_come_from_the_api_and_are_audited(cast, ward, client_as):
    PaymentAccount.objects.create(person=ward.lanh, channel="bank", bank_name="Agribank",
                                  account_number="0123456789", account_holder="Võ Thị Lành")
    cycle = approved(cast.officer_a, cast.leader_a)
    officer = client_as(cast.officer_a)
    pdf = officer.get(f"/api/v1/payroll/cycles/{cycle.pk}/signature-list.pdf?group=Tổ 1")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Type"] == "application/pdf"
    xlsx = officer.get(f"/api/v1/payroll/cycles/{cycle.pk}/signature-list.xlsx")
    assert xlsx.status_code == 200
    CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0)
    provider = officer.get(f"/api/v1/payroll/cycles/{cycle.pk}/provider-file.xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(provider.content)).get_sheet_by_index(0) \
        .to_python()
    assert rows[0][:2] == ["Mã dòng", "Họ và tên"] and rows[1][1] == "Võ Thị Lành"
    assert rows[1][4] == "0123456789"
    assert [(e.changes["format"], e.changes["rows"]) for e in AuditEvent.objects.filter(
        action="payroll.cycle.export").order_by("sequence")] == [
        ("pdf", 2), ("xlsx", 3), ("provider", 1)]
    lines = client_as(cast.supervisor_a).get(
        f"/api/v1/payroll/cycles/{cycle.pk}/lines?q=vo thi lanh").json()["items"]
    assert lines[0]["account_number"] == "••••6789"
    assert officer.get(f"/api/v1/payroll/cycles/{cycle.pk}/lines?q=vo thi lanh") \
        .json()["items"][0]["account_number"] == "0123456789"


def _return_file(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    header: list[object] = ["Mã dòng", "Họ và tên", "Năm sinh", "Địa chỉ", "Số tài khoản",
                            "Số tiền", "Kỳ chi trả", "Trạng thái", "Ngày chi", "Người nhận",
                            "Lý do"]
    table: list[list[object]] = [header, *rows]
    for row, values in enumerate(table):
        for col, value in enumerate(values):
            sheet.write(row, col, value)
    book.close()
    return buffer.getvalue()


def test_a_return_file_is_uploaded_checked_and_recorded(cast, ward, client_as):
    cycle = approved(cast.officer_a, cast.leader_a)
    hoa = cycle.lines.get(person=ward.hoa)
    officer = client_as(cast.officer_a)
    url = f"/api/v1/payroll/cycles/{cycle.pk}/returns"
    bad = _return_file([[hoa.pk, "Lê Thị Hoa", 1980, "", "", 975_000, "06/2026", "Đã chi",
                         "", "", ""]])
    response = officer.post(url, {"file": io.BytesIO(bad)})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "return_file_rejected" and not body["report"]["recorded"]
    assert body["report"]["errors"][0] == {
        "row": 2, "column": "Ngày chi", "field": "paid_on",
        "message": "Dòng 2, cột Ngày chi: dòng “Đã chi” cần ngày chi."}
    good = _return_file([[hoa.pk, "Lê Thị Hoa", 1980, "", "", 975_000, "06/2026", "Đã chi",
                          "12/06/2026", "Lê Văn Nam", ""]])
    file = io.BytesIO(good)
    file.name = "ket-qua.xlsx"
    response = officer.post(url, {"file": file, "dry_run": "true"})
    assert response.status_code == 200 and response.json()["recorded"] is False
    assert response.json()["paid"] == 1 and response.json()["authorised"] == 1
    hoa.refresh_from_db()
    assert hoa.status == "planned"
    file = io.BytesIO(good)
    file.name = "ket-qua.xlsx"
    response = officer.post(url, {"file": file})
    assert response.status_code == 200 and response.json()["recorded"] is True
    hoa.refresh_from_db()
    assert (hoa.status, hoa.receiver_name) == ("paid", "Lê Văn Nam")


def test_generation_and_channel_rules_come_back_in_vietnamese(cast, ward, client_as):
    officer = client_as(cast.officer_a)
    response = officer.post("/api/v1/payroll/cycles", {
        "commune_code": "00004", "policy": "CHUANNGHEO", "month": "2026-06-01"},
        content_type=JSON)
    assert response.status_code == 400 and response.json()["field"] == "policy"
    response = officer.post("/api/v1/payroll/cycles", {
        "commune_code": "00004", "policy": "TGXH", "month": "2030-01-01"}, content_type=JSON)
    assert response.status_code == 400
    assert response.json()["message"] == "Chỉ lập danh sách chi trả đến tháng sau."
    cycle = generate(cast.officer_a)
    line = cycle.lines.get(person=ward.hoa)
    response = officer.post(f"/api/v1/payroll/cycles/{cycle.pk}/lines/{line.pk}/channel",
                            {"channel": "provider"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["channel"] == "provider"
    response = officer.put(f"/api/v1/persons/{ward.hoa.pk}/payment-account",
                           {"channel": "bank", "bank_name": "Agribank"}, content_type=JSON)
    assert response.status_code == 400 and response.json()["field"] == "account_number"
    response = officer.put(f"/api/v1/persons/{ward.hoa.pk}/payment-account", {
        "channel": "bank", "bank_name": "Agribank", "account_number": "1234567"},
        content_type=JSON)
    assert response.status_code == 200 and response.json()["account_number"] == "1234567"
    assert Cycle.objects.count() == 1


def test_the_unpaid_list_names_three_returned_months(cast, ward, client_as):
    for month in (date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)):
        cycle = approved(cast.officer_a, cast.leader_a, month)
        lines_mark_returned(actor=cast.officer_a, cycle=cycle,
                            line_ids=[cycle.lines.get(person=ward.lanh, for_month=month).pk],
                            reason="Đi vắng")
    found = client_as(cast.supervisor_a).get(
        "/api/v1/payroll/unpaid?commune_code=00004&month=2026-06-01").json()
    assert [(f["person_id"], f["months"]) for f in found] == [
        (ward.lanh.pk, ["2026-04-01", "2026-05-01", "2026-06-01"])]
