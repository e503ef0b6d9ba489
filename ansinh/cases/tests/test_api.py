"""Dossiers, benefits, programmes and the gap finder through the API: the same services and
scoping as the pages, Vietnamese error bodies."""

from __future__ import annotations

from datetime import date

import pytest

from ansinh.cases.models import Case
from ansinh.cases.programmes import programme_build
from ansinh.cases.services import case_document_update, posting_create
from ansinh.policies.models import Policy
from ansinh.registry.models import Household, HouseholdPoverty, Person

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def hoa(catalog, make_person, geo):
    person = make_person(born=date(1980, 6, 1), disability="severe", commune=geo.commune_a,
                         name="Lê Thị Hoa", sex="F")
    person.disability_certified_on = date(2026, 9, 15)
    person.save()
    return person


def _open(client, person, **extra):
    return client.post("/api/v1/cases", {"kind": "new_benefit", "person_id": person.pk,
                                         "category": "K6", "received_on": "2026-10-01",
                                         **extra}, content_type=JSON)


def _through_posting(officer, case_id):
    case = Case.objects.get(pk=case_id)
    posting_create(actor=officer, commune=case.commune, title="Niêm yết",
                   opens_on=date(2026, 10, 5), cases=[case])
    for document in case.documents.all():
        case_document_update(actor=officer, document=document, received=True)


def test_a_dossier_goes_from_opening_to_decision_through_the_api(cast, hoa, client_as):
    officer = client_as(cast.officer_a)
    response = _open(officer, hoa, note="Nộp trực tiếp")
    assert response.status_code == 201, response.json()
    body = response.json()
    case_id = body["id"]
    assert body["reference"] == "HS-2026-0001" and body["step"] == "received"
    assert body["procedure"] == "d147_2025" and body["amount"] == 975_000
    assert body["due_on"] == "2026-10-15" and body["category"] == "K6"
    assert [s["step"] for s in body["steps"]] == ["received", "checked", "posted", "decided"]
    assert [s["done"] for s in body["steps"]] == [True, False, False, False]
    assert len(body["documents"]) == 2 and "Điều 5" in body["explanation"]

    response = officer.post(f"/api/v1/cases/{case_id}/advance",
                            {"comment": "Đã đối chiếu"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["step"] == "checked"
    # Not posted yet: the rule's Vietnamese message.
    response = officer.post(f"/api/v1/cases/{case_id}/advance", {}, content_type=JSON)
    assert response.status_code == 400
    assert response.json()["message"] == "Hồ sơ chưa được đưa vào danh sách niêm yết công khai."
    _through_posting(cast.officer_a, case_id)
    assert officer.post(f"/api/v1/cases/{case_id}/advance", {},
                        content_type=JSON).json()["step"] == "posted"

    decision = {"number": "15/QĐ-UBND", "signed_on": "2026-10-15",
                "signer_name": "Trần Văn Bình"}
    response = officer.post(f"/api/v1/cases/{case_id}/decide", decision, content_type=JSON)
    assert response.status_code == 403
    assert response.json()["message"] == "Chỉ lãnh đạo UBND xã được ký quyết định."
    response = client_as(cast.leader_a).post(f"/api/v1/cases/{case_id}/decide", decision,
                                             content_type=JSON)
    assert response.status_code == 201, response.json()
    assert response.json()["number"] == "15/QĐ-UBND" and len(response.json()["benefit_ids"]) == 1

    detail = officer.get(f"/api/v1/cases/{case_id}").json()
    assert detail["step"] == "decided" and not detail["is_open"] and detail["decision_id"]
    benefits = officer.get("/api/v1/benefits?policy=TGXH").json()
    assert benefits["count"] == 1
    [benefit] = benefits["items"]
    assert (benefit["person_name"], benefit["monthly_amount"], benefit["start_month"]) == (
        "Lê Thị Hoa", 975_000, "2026-10-01")
    listed = officer.get("/api/v1/cases?state=closed").json()
    assert [c["reference"] for c in listed["items"]] == ["HS-2026-0001"]


def test_the_maker_checker_rule_holds_in_the_api(cast, hoa, client_as):
    leader = client_as(cast.leader_a)
    case_id = _open(leader, hoa).json()["id"]
    officer = client_as(cast.officer_a)
    officer.post(f"/api/v1/cases/{case_id}/advance", {}, content_type=JSON)
    _through_posting(cast.officer_a, case_id)
    officer.post(f"/api/v1/cases/{case_id}/advance", {}, content_type=JSON)
    response = leader.post(f"/api/v1/cases/{case_id}/decide", {
        "number": "16/QĐ-UBND", "signed_on": "2026-10-15", "signer_name": "Trần Văn Bình"},
        content_type=JSON)
    assert response.status_code == 403
    assert "Người lập hồ sơ không được tự phê duyệt" in response.json()["message"]


def test_read_only_and_outsider_users_are_refused(cast, hoa, client_as):
    case_id = _open(client_as(cast.officer_a), hoa).json()["id"]
    supervisor = client_as(cast.supervisor_a)
    assert supervisor.get(f"/api/v1/cases/{case_id}").status_code == 200
    assert _open(supervisor, hoa).status_code == 403
    for action, payload in (("advance", {}), ("reject", {"reason": "x"})):
        response = supervisor.post(f"/api/v1/cases/{case_id}/{action}", payload,
                                   content_type=JSON)
        assert response.status_code == 403
        assert "chỉ được xem" in response.json()["message"]
    outsider = client_as(cast.officer_b)
    assert outsider.get(f"/api/v1/cases/{case_id}").status_code == 404
    assert outsider.post(f"/api/v1/cases/{case_id}/advance", {},
                         content_type=JSON).status_code == 404
    assert _open(outsider, hoa).status_code == 404
    assert outsider.get("/api/v1/cases").json()["count"] == 0
    assert outsider.get("/api/v1/gaps?commune_code=00004").status_code == 404


def test_a_category_the_engine_does_not_find_is_refused_with_the_reason(cast, hoa, client_as):
    response = _open(client_as(cast.officer_a), hoa, category="K5c")
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "category" and "chưa đủ điều kiện nhóm K5c" in body["message"]
    response = client_as(cast.officer_a).post("/api/v1/cases", {"kind": "khac", "person_id": 1},
                                              content_type=JSON)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "kind"
    assert not Case.objects.exists()


def test_a_rejection_needs_a_reason(cast, hoa, client_as):
    officer = client_as(cast.officer_a)
    case_id = _open(officer, hoa).json()["id"]
    assert officer.post(f"/api/v1/cases/{case_id}/reject", {"reason": ""},
                        content_type=JSON).status_code == 422
    response = officer.post(f"/api/v1/cases/{case_id}/reject", {"reason": "Đã chuyển đi"},
                            content_type=JSON)
    assert response.status_code == 200 and response.json()["step"] == "rejected"


def test_programmes_and_their_lines(cast, catalog, geo, client_as):
    household = Household.objects.create(commune=geo.commune_a, code="H-42", address="Tổ 5")
    HouseholdPoverty.objects.create(household=household, year=2019, status="near_poor")
    for name in ("Đỗ Văn Một", "Đỗ Thị Hai"):
        Person.objects.create(household=household, commune=geo.commune_a, full_name=name,
                              name_key=name.lower(), sex="M", birth_date=date(1970, 1, 1),
                              birth_year=1970)
    programme = programme_build(actor=cast.officer_a, commune=geo.commune_a,
                                policy=Policy.objects.get(code="NQ42"),
                                reference_date=date(2019, 12, 31), title="NQ42")
    client = client_as(cast.supervisor_a)
    listed = client.get("/api/v1/programmes").json()
    assert listed["items"][0]["total"] == 1_500_000 and listed["items"][0]["policy"] == "NQ42"
    lines = client.get(f"/api/v1/programmes/{programme.pk}/lines").json()
    assert sorted(line["full_name"] for line in lines["items"]) == ["Đỗ Thị Hai", "Đỗ Văn Một"]
    assert {line["amount"] for line in lines["items"]} == {750_000}
    assert client.get(f"/api/v1/programmes/{programme.pk}/lines?excluded=true") \
        .json()["count"] == 0
    assert client_as(cast.officer_b).get(f"/api/v1/programmes/{programme.pk}").status_code == 404


def test_the_gap_finder_hides_restricted_rows_from_read_only_roles(
        cast, catalog, make_person, geo, client_as):
    make_person(born=date(1940, 3, 1), commune=geo.commune_a, name="Võ Thị Lành")
    make_person(born=date(1990, 1, 1), hiv=True, poverty="poor", commune=geo.commune_a,
                circumstances=("no_stable_income",), name="Phạm Văn Kiên")
    url = "/api/v1/gaps?commune_code=00004&at=2026-10-01"
    officer = client_as(cast.officer_a).get(url).json()
    assert {r["full_name"] for r in officer["rows"]} == {"Võ Thị Lành", "Phạm Văn Kiên"}
    assert officer["restricted_hidden"] == 0
    supervisor = client_as(cast.supervisor_a).get(url).json()
    assert [r["full_name"] for r in supervisor["rows"]] == ["Võ Thị Lành"]
    assert supervisor["restricted_hidden"] == 1
    assert "HIV" not in str(supervisor)


def test_the_schema_lists_the_dossier_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/cases", "/api/v1/cases/{case_id}", "/api/v1/cases/{case_id}/advance",
                 "/api/v1/cases/{case_id}/reject", "/api/v1/cases/{case_id}/decide",
                 "/api/v1/benefits", "/api/v1/programmes",
                 "/api/v1/programmes/{programme_id}/lines", "/api/v1/gaps"):
        assert path in paths, path
