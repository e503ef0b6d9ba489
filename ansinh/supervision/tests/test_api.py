"""Supervision through the API: the same services, scoping and audit as the pages."""

from __future__ import annotations

import pytest

from ansinh.core.models import AuditEvent
from ansinh.supervision.models import Plan
from ansinh.supervision.tests.conftest import future, started_plan

pytestmark = pytest.mark.django_db

JSON = "application/json"


def test_a_province_plan_goes_through_the_api(cast, geo, records, client_as):
    province = client_as(cast.province_officer)
    response = province.post("/api/v1/supervision/plans", {
        "unit_code": geo.hanoi.code, "body": "hdnd",
        "body_name": "Ban Văn hóa - Xã hội HĐND thành phố Hà Nội", "number": "42/KH-HĐND",
        "issued_on": "2026-03-01", "title": "Giám sát việc thực hiện chính sách trợ giúp xã hội",
        "period_from": "2026-01-01", "period_to": "2026-12-31",
        "scope_units": [geo.commune_a.code, geo.commune_b.code], "policies": ["TGXH"],
        "contents": "Rà soát, chi trả."}, content_type=JSON)
    assert response.status_code == 201, response.json()
    body = response.json()
    plan_id = body["id"]
    assert (body["status"], body["unit_code"], body["scope_units"], body["policies"]) == (
        "draft", geo.hanoi.code, [geo.commune_a.code, geo.commune_b.code], ["TGXH"])
    assert body["reference"] == "Kế hoạch số 42/KH-HĐND ngày 01/03/2026"

    # A draft is not shown to the wards; starting needs a head of the delegation.
    assert client_as(cast.officer_a).get(f"/api/v1/supervision/plans/{plan_id}") \
        .status_code == 404
    response = province.post(f"/api/v1/supervision/plans/{plan_id}/start")
    assert response.status_code == 400 and "trưởng đoàn" in response.json()["message"]
    response = province.post(f"/api/v1/supervision/plans/{plan_id}/members", {
        "full_name": "Nguyễn Văn Hùng", "position": "Trưởng Ban", "is_head": True,
        "username": "canbo.a"}, content_type=JSON)
    assert response.status_code == 400 and response.json()["field"] == "username"
    response = province.post(f"/api/v1/supervision/plans/{plan_id}/members", {
        "full_name": "Nguyễn Văn Hùng", "position": "Trưởng Ban", "is_head": True,
        "username": "tinh.hn"}, content_type=JSON)
    assert response.status_code == 201 and response.json()["username"] == "tinh.hn"
    assert province.post(f"/api/v1/supervision/plans/{plan_id}/start").json()["status"] == \
        "in_progress"

    # The province officer is a linked member: findings and recommendations in both wards.
    response = province.post(f"/api/v1/supervision/plans/{plan_id}/observations", {
        "unit_code": geo.commune_a.code, "text": "Chi trả sau khi đối tượng qua đời",
        "severity": "violation", "finding_id": records.finding_a.pk}, content_type=JSON)
    assert response.status_code == 201 and response.json()["finding_id"] == records.finding_a.pk
    observation_id = response.json()["id"]
    response = province.post(f"/api/v1/supervision/plans/{plan_id}/observations", {
        "unit_code": geo.commune_a.code, "text": "x", "person_id": records.person_b.pk},
        content_type=JSON)
    assert response.status_code == 400 and response.json()["field"] == "person"
    response = province.post(f"/api/v1/supervision/plans/{plan_id}/observations", {
        "unit_code": geo.commune_c.code, "text": "x"}, content_type=JSON)
    assert response.status_code == 400 and response.json()["field"] == "unit_code"

    deadline = future(15).isoformat()
    for code, text in ((geo.commune_a.code, "Thu hồi số tiền chi sai"),
                       (geo.commune_b.code, "Rà soát đối tượng chưa hưởng")):
        response = province.post(f"/api/v1/supervision/plans/{plan_id}/recommendations", {
            "to_unit_code": code, "text": text, "deadline": deadline,
            "observation_id": observation_id if code == geo.commune_a.code else None},
            content_type=JSON)
        assert response.status_code == 201, response.json()
    response = province.post(f"/api/v1/supervision/plans/{plan_id}/recommendations", {
        "to_unit_code": geo.commune_a.code, "text": "x", "deadline": "2020-01-01"},
        content_type=JSON)
    assert response.status_code == 400 and response.json()["field"] == "deadline"

    # Each ward sees the plan and answers what is addressed to it.
    officer = client_as(cast.officer_a)
    mine = officer.get("/api/v1/supervision/recommendations?addressed=true").json()
    assert [r["text"] for r in mine["items"]] == ["Thu hồi số tiền chi sai"]
    assert officer.get("/api/v1/supervision/recommendations").json()["count"] == 2
    ours, theirs = (r["id"] for r in sorted(
        province.get(f"/api/v1/supervision/plans/{plan_id}/recommendations").json(),
        key=lambda r: r["to_unit_code"]))
    response = officer.post(f"/api/v1/supervision/recommendations/{theirs}/answer", {
        "answer": "Không phải của phường"}, content_type=JSON)
    assert response.status_code == 403
    response = officer.post(f"/api/v1/supervision/recommendations/{ours}/answer", {
        "answer": "Đã thu hồi 650.000 đ."}, content_type=JSON)
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["answered_by"], body["overdue"]) == ("answered", "canbo.a",
                                                                      False)
    assert [u["kind"] for u in body["updates"]] == ["answer"]

    response = province.post(f"/api/v1/supervision/recommendations/{ours}/follow-up", {
        "kind": "close"}, content_type=JSON)
    assert response.status_code == 400 and response.json()["field"] == "note"
    response = province.post(f"/api/v1/supervision/recommendations/{ours}/follow-up", {
        "kind": "accept"}, content_type=JSON)
    assert response.json()["status"] == "accepted"
    response = province.post(f"/api/v1/supervision/recommendations/{ours}/follow-up", {
        "kind": "reject", "note": "x"}, content_type=JSON)
    assert response.status_code == 400 and "Đã thực hiện" in response.json()["message"]

    figures = province.get(f"/api/v1/supervision/plans/{plan_id}/figures").json()
    assert (figures["persons"], figures["benefits"], figures["postings"],
            figures["open_findings"], figures["paid_amount"]) == (4, 3, 2, 2, 1_625_000)
    # The ward's officer counts only what is theirs.
    figures = officer.get(f"/api/v1/supervision/plans/{plan_id}/figures").json()
    assert (figures["persons"], figures["postings"], figures["open_findings"]) == (3, 1, 1)

    response = province.post(f"/api/v1/supervision/plans/{plan_id}/conclude", {
        "conclusion": "Đạt yêu cầu."}, content_type=JSON)
    assert response.json()["status"] == "concluded"
    response = province.get(f"/api/v1/supervision/plans/{plan_id}/report.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    export = AuditEvent.objects.get(action="supervision.report.export")
    assert (export.actor_label, export.changes["format"]) == ("tinh.hn", "docx")


def test_the_api_answers_404_for_another_units_plan_and_403_for_read_only_writers(
        cast, geo, make_user, client_as):
    from ansinh.accounts.models import Role

    supervisor_b = make_user("giamsat.b", (Role.SUPERVISOR, geo.commune_b))
    plan_b = started_plan(supervisor_b, geo.commune_b, number="7/KH-MTTQ-BTT")
    supervisor = client_as(cast.supervisor_a)
    assert supervisor.get(f"/api/v1/supervision/plans/{plan_b.pk}").status_code == 404
    response = supervisor.post(f"/api/v1/supervision/plans/{plan_b.pk}/observations", {
        "unit_code": geo.commune_b.code, "text": "x"}, content_type=JSON)
    assert response.status_code == 404
    assert supervisor.get("/api/v1/supervision/plans").json()["count"] == 0

    plan_a = started_plan(cast.supervisor_a, geo.commune_a)
    auditor = client_as(cast.auditor)
    assert auditor.get(f"/api/v1/supervision/plans/{plan_a.pk}").status_code == 200
    response = auditor.post(f"/api/v1/supervision/plans/{plan_a.pk}/observations", {
        "unit_code": geo.commune_a.code, "text": "x"}, content_type=JSON)
    assert response.status_code == 403
    response = client_as(cast.officer_a).post("/api/v1/supervision/plans", {
        "unit_code": geo.commune_a.code, "body": "mttq", "body_name": "x", "number": "1",
        "issued_on": "2026-01-01", "title": "x", "period_from": "2026-01-01",
        "period_to": "2026-02-01", "scope_units": [geo.commune_a.code], "contents": "x"},
        content_type=JSON)
    assert response.status_code == 403
    member = plan_a.members.get()
    response = supervisor.delete(f"/api/v1/supervision/plans/{plan_a.pk}/members/{member.pk}")
    assert response.status_code == 204 and not plan_a.members.exists()
    assert Plan.objects.count() == 2
