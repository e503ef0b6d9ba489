"""Funds through the API: the same services, scoping, maker-checker and audit as the pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ansinh.accounts.services import api_token_create
from ansinh.core.models import AuditEvent
from ansinh.funds.models import Entry, EntryStatus, FundKind
from ansinh.funds.services import balance, fund_create
from ansinh.registry.models import Household

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _token_client(cast, user) -> Client:
    _token, raw = api_token_create(actor=cast.admin, assignment=user.assignments.get(),
                                   name="máy")
    return Client(headers={"authorization": f"Bearer {raw}"})


@pytest.fixture
def ward_fund(cast, geo):
    return fund_create(actor=cast.officer_a, unit=geo.commune_a, kind=FundKind.POOR,
                       name="Quỹ Vì người nghèo phường Ba Đình", approval_threshold=10_000_000)


def _receipt(client, fund_id, amount, **extra):
    return client.post(f"/api/v1/funds/{fund_id}/receipts", {
        "entry_date": timezone.localdate().isoformat(), "amount": amount,
        "description": "Ủng hộ Tháng cao điểm Vì người nghèo", **extra}, content_type=JSON)


def _allocation(client, fund_id, amount, **extra):
    return client.post(f"/api/v1/funds/{fund_id}/allocations", {
        "entry_date": timezone.localdate().isoformat(), "amount": amount,
        "purpose": "house_repair", "decision": "QĐ 12/QĐ-UBND", "beneficiaries": 1,
        **extra}, content_type=JSON)


def test_another_communes_fund_answers_404_and_is_not_listed(cast, geo, client_as):
    theirs = fund_create(actor=cast.officer_b, unit=geo.commune_b, kind=FundKind.POOR,
                         name="Quỹ Vì người nghèo phường Ngọc Hà")
    officer = _token_client(cast, cast.officer_a)
    assert officer.get(f"/api/v1/funds/{theirs.pk}").status_code == 404
    assert officer.get(f"/api/v1/funds/{theirs.pk}/entries").status_code == 404
    assert officer.get(f"/api/v1/funds/{theirs.pk}/statement").status_code == 404
    assert _receipt(officer, theirs.pk, 1_000_000).status_code == 404
    assert officer.get("/api/v1/funds").json()["count"] == 0
    # The province sees both wards' funds; the commune's officer cannot make one for the other.
    assert client_as(cast.province_officer).get("/api/v1/funds").json()["count"] == 1
    response = officer.post("/api/v1/funds", {
        "unit_code": geo.commune_b.code, "kind": "vi_nguoi_ngheo", "name": "Quỹ mới"},
        content_type=JSON)
    assert response.status_code == 404


def test_a_receipt_then_an_allocation_above_the_threshold_waits_for_the_leader(
        cast, geo, ward_fund, client_as):
    officer = client_as(cast.officer_a)
    response = officer.post("/api/v1/funds/donors", {
        "unit_code": geo.commune_a.code, "kind": "organisation",
        "name": "Công ty TNHH Minh Phát"}, content_type=JSON)
    assert response.status_code == 201, response.json()
    donor_id = response.json()["id"]
    response = _receipt(officer, ward_fund.pk, 50_000_000, donor_id=donor_id, voucher="PT-01")
    assert response.status_code == 201, response.json()
    assert (response.json()["kind"], response.json()["cash"], response.json()["donor_name"]) \
        == ("receipt", 50_000_000, "Công ty TNHH Minh Phát")

    household = Household.objects.create(commune=geo.commune_a, code="HN-001")
    response = _allocation(officer, ward_fund.pk, 30_000_000, household_id=household.pk,
                           description="Sửa mái nhà hộ ông Tám")
    assert response.status_code == 201, response.json()
    entry = response.json()
    assert (entry["status"], entry["cash"], entry["household_id"]) == ("pending", 0,
                                                                       household.pk)
    fund = officer.get(f"/api/v1/funds/{ward_fund.pk}").json()
    assert (fund["balance"], fund["pending"]) == (50_000_000, 30_000_000)
    pending = officer.get("/api/v1/funds/pending").json()
    assert [e["id"] for e in pending["items"]] == [entry["id"]]

    # The maker cannot approve; a supervisor only reads; the ward's leader approves.
    response = officer.post(f"/api/v1/funds/entries/{entry['id']}/approve")
    assert response.status_code == 403
    response = client_as(cast.supervisor_a).post(f"/api/v1/funds/entries/{entry['id']}/approve")
    assert response.status_code == 403
    response = client_as(cast.officer_b).post(f"/api/v1/funds/entries/{entry['id']}/approve")
    assert response.status_code == 404
    response = client_as(cast.leader_a).post(f"/api/v1/funds/entries/{entry['id']}/approve")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["cash"], body["decided_by"]) == ("posted", -30_000_000,
                                                                  "lanhdao.a")
    assert officer.get(f"/api/v1/funds/{ward_fund.pk}").json()["balance"] == 20_000_000
    assert AuditEvent.objects.filter(action="funds.entry.approve",
                                     actor_label="lanhdao.a").count() == 1

    # A small allocation is posted at once; a second pending one is rejected with a reason.
    small = _allocation(officer, ward_fund.pk, 2_000_000, purpose="study").json()
    assert small["status"] == "posted"
    big = _allocation(officer, ward_fund.pk, 15_000_000).json()
    response = client_as(cast.leader_a).post(f"/api/v1/funds/entries/{big['id']}/reject",
                                             {"reason": "Chưa có biên bản khảo sát"},
                                             content_type=JSON)
    assert response.json()["status"] == "rejected"
    assert balance(ward_fund) == 18_000_000


def test_an_allocation_beyond_the_money_is_refused_in_vietnamese(cast, ward_fund, client_as):
    officer = _token_client(cast, cast.officer_a)
    assert _receipt(officer, ward_fund.pk, 5_000_000).status_code == 201
    response = _allocation(officer, ward_fund.pk, 8_000_000)
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "amount"
    assert body["message"] == (
        "Quỹ “Quỹ Vì người nghèo phường Ba Đình” chỉ còn 5.000.000 đ, không đủ để chi "
        "8.000.000 đ. Hãy bổ sung nguồn (tạm ứng, điều chuyển) trước khi chi.")
    # An advance needs its decision; with it the allocation goes through.
    advance = {"entry_date": timezone.localdate().isoformat(), "amount": 3_000_000,
               "description": "Tạm ứng từ ngân sách phường"}
    response = officer.post(f"/api/v1/funds/{ward_fund.pk}/advances", advance,
                            content_type=JSON)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "decision"
    response = officer.post(f"/api/v1/funds/{ward_fund.pk}/advances",
                            {**advance, "decision": "QĐ 7/QĐ-UBND"}, content_type=JSON)
    assert response.status_code == 201
    assert _allocation(officer, ward_fund.pk, 8_000_000).json()["status"] == "posted"
    assert balance(ward_fund) == 0
    # Read-only roles cannot write.
    response = _receipt(client_as(cast.supervisor_a), ward_fund.pk, 1_000)
    assert response.status_code == 403


def test_goods_in_kind_a_transfer_and_a_correction(cast, geo, ward_fund, client_as):
    province = client_as(cast.province_officer)
    response = province.post("/api/v1/funds", {
        "unit_code": geo.hanoi.code, "kind": "vi_nguoi_ngheo",
        "name": "Quỹ Vì người nghèo thành phố Hà Nội", "approval_threshold": 0},
        content_type=JSON)
    assert response.status_code == 201, response.json()
    city = response.json()
    assert (city["balance"], city["stock"]) == (0, [])
    today = timezone.localdate().isoformat()
    assert province.post(f"/api/v1/funds/{city['id']}/opening", {
        "entry_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "amount": 100_000_000, "description": "Kinh phí năm trước mang sang"},
        content_type=JSON).status_code == 201
    response = province.post(f"/api/v1/funds/{city['id']}/transfers", {
        "target_fund_id": ward_fund.pk, "entry_date": today, "amount": 40_000_000,
        "decision": "QĐ 3/QĐ-BTT"}, content_type=JSON)
    assert response.status_code == 201, response.json()
    halves = response.json()
    assert halves["out"]["counterpart_id"] == halves["inward"]["id"]
    assert balance(ward_fund) == 40_000_000

    officer = client_as(cast.officer_a)
    response = officer.post(f"/api/v1/funds/{ward_fund.pk}/in-kind", {
        "entry_date": today, "description": "Ủng hộ nhu yếu phẩm", "items": [
            {"name": "Gạo", "measure": "kg", "quantity": 500, "unit_value": 15_000},
            {"name": "Mì tôm", "measure": "thùng", "quantity": 40, "unit_value": 110_000}]},
        content_type=JSON)
    assert response.status_code == 201, response.json()
    assert response.json()["amount"] == 500 * 15_000 + 40 * 110_000
    response = officer.post(f"/api/v1/funds/{ward_fund.pk}/distributions", {
        "entry_date": today, "purpose": "gifts", "decision": "KH 5/KH-UBND",
        "beneficiaries": 20, "items": [{"name": "Gạo", "measure": "kg", "quantity": 600}]},
        content_type=JSON)
    assert response.status_code == 400 and "chỉ còn 500 kg Gạo" in response.json()["message"]
    response = officer.post(f"/api/v1/funds/{ward_fund.pk}/distributions", {
        "entry_date": today, "purpose": "gifts", "decision": "KH 5/KH-UBND",
        "beneficiaries": 20, "items": [{"name": "Gạo", "measure": "kg", "quantity": 200}]},
        content_type=JSON)
    assert response.status_code == 201
    stock = officer.get(f"/api/v1/funds/{ward_fund.pk}").json()["stock"]
    assert stock == [{"name": "Gạo", "measure": "kg", "quantity": 300},
                     {"name": "Mì tôm", "measure": "thùng", "quantity": 40}]

    spent = _allocation(officer, ward_fund.pk, 4_000_000, purpose="health").json()
    response = officer.post(f"/api/v1/funds/entries/{spent['id']}/reverse",
                            {"reason": "Ghi nhầm số tiền"}, content_type=JSON)
    assert response.status_code == 201, response.json()
    assert (response.json()["kind"], response.json()["reverses_id"]) == ("reversal",
                                                                        spent["id"])
    original = officer.get(f"/api/v1/funds/entries/{spent['id']}").json()
    assert (original["status"], original["reversed_by_id"]) == ("posted", response.json()["id"])
    response = officer.post(f"/api/v1/funds/entries/{spent['id']}/reverse",
                            {"reason": "Lần nữa"}, content_type=JSON)
    assert response.status_code == 400 and "đã được điều chỉnh" in response.json()["message"]
    assert balance(ward_fund) == 40_000_000

    listed = officer.get(f"/api/v1/funds/{ward_fund.pk}/entries?kind=distribution").json()
    assert [e["kind"] for e in listed["items"]] == ["distribution"]
    listed = officer.get(f"/api/v1/funds/{ward_fund.pk}/entries?status=posted&tu={today}"
                         f"&den={today}").json()
    assert listed["count"] == Entry.objects.filter(fund=ward_fund,
                                                   status=EntryStatus.POSTED).count()


def test_the_statement_adds_up_to_the_ledger_and_its_files_are_logged(
        cast, geo, ward_fund, client_as):
    officer = client_as(cast.officer_a)
    today = timezone.localdate()
    start = date(today.year, 1, 1)
    officer.post(f"/api/v1/funds/{ward_fund.pk}/opening", {
        "entry_date": (start - timedelta(days=1)).isoformat(), "amount": 12_000_000,
        "description": "Số dư năm trước"}, content_type=JSON)
    anonymous = officer.post("/api/v1/funds/donors", {
        "unit_code": geo.commune_a.code, "kind": "anonymous"}, content_type=JSON).json()
    assert anonymous["name"] == "Nhà hảo tâm không nêu tên"
    _receipt(officer, ward_fund.pk, 3_000_000, donor_id=anonymous["id"])
    _receipt(officer, ward_fund.pk, 7_500_000)  # collected
    _allocation(officer, ward_fund.pk, 4_000_000, purpose="gifts", beneficiaries=8)
    _allocation(officer, ward_fund.pk, 1_000_000, purpose="study")
    _allocation(officer, ward_fund.pk, 11_000_000)  # above the threshold: not counted

    body = officer.get(f"/api/v1/funds/{ward_fund.pk}/statement").json()
    assert (body["start"], body["end"]) == (start.isoformat(), today.isoformat())
    assert body["opening"] == 12_000_000
    assert {r["label"]: r["amount"] for r in body["receipts"]} == {
        "Nhà hảo tâm không nêu tên": 3_000_000, "Vận động, thu khác": 7_500_000}
    assert {r["label"]: (r["amount"], r["count"]) for r in body["spending"]} == {
        "Hỗ trợ học tập": (1_000_000, 1),
        "Thăm hỏi, tặng quà (Tết, hộ khó khăn)": (4_000_000, 8)}
    assert body["received"] == 10_500_000 and body["spent"] == 5_000_000
    assert body["closing"] == body["opening"] + body["received"] - body["spent"] == \
        balance(ward_fund) == 17_500_000
    assert body["pending"] == 11_000_000
    assert [d["amount"] for d in body["donors"]] == [3_000_000]

    # Before the opening: nothing yet; a reversed period is refused.
    earlier = officer.get(f"/api/v1/funds/{ward_fund.pk}/statement?tu=2000-01-01"
                          "&den=2000-12-31").json()
    assert (earlier["opening"], earlier["closing"]) == (0, 0)
    response = officer.get(f"/api/v1/funds/{ward_fund.pk}/statement?tu=2001-01-01"
                           "&den=2000-12-31")
    assert response.status_code == 400 and response.json()["field"] == "tu"

    auditor = client_as(cast.auditor)
    response = auditor.get(f"/api/v1/funds/{ward_fund.pk}/statement.xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    response = officer.get(f"/api/v1/funds/{ward_fund.pk}/statement.pdf?tu={start}")
    assert response.status_code == 200 and response.content[:4] == b"%PDF"
    assert "attachment" in response["Content-Disposition"]
    exports = AuditEvent.objects.filter(action="funds.statement.export").order_by("sequence")
    assert [(e.actor_label, e.changes["format"]) for e in exports] == [
        ("kiemtoan.hn", "xlsx"), ("canbo.a", "pdf")]
    assert client_as(cast.officer_b).get(
        f"/api/v1/funds/{ward_fund.pk}/statement.pdf").status_code == 404


def test_the_schema_still_builds_with_the_fund_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/v1/funds", "/api/v1/funds/{fund_id}", "/api/v1/funds/donors",
                 "/api/v1/funds/{fund_id}/entries", "/api/v1/funds/entries/{entry_id}",
                 "/api/v1/funds/{fund_id}/receipts", "/api/v1/funds/{fund_id}/in-kind",
                 "/api/v1/funds/{fund_id}/allocations", "/api/v1/funds/{fund_id}/distributions",
                 "/api/v1/funds/{fund_id}/transfers", "/api/v1/funds/{fund_id}/advances",
                 "/api/v1/funds/{fund_id}/opening", "/api/v1/funds/entries/{entry_id}/reverse",
                 "/api/v1/funds/entries/{entry_id}/approve",
                 "/api/v1/funds/entries/{entry_id}/reject", "/api/v1/funds/pending",
                 "/api/v1/funds/{fund_id}/statement", "/api/v1/funds/{fund_id}/statement.xlsx",
                 "/api/v1/funds/{fund_id}/statement.pdf"):
        assert path in paths, path
