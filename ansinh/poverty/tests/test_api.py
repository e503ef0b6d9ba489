"""The poverty review through the API: the same services, scoping and errors as the pages."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from ansinh.poverty.classification import INDICATOR_CODES
from ansinh.registry.models import Household, HouseholdPoverty

pytestmark = pytest.mark.django_db

JSON = "application/json"
THREE = list(INDICATOR_CODES[:3])


def test_a_review_through_the_api(catalog, cast, geo, client_as):
    for code, status in (("A-1", "poor"), ("A-2", "near_poor"), ("A-3", "")):
        Household.objects.create(commune=geo.commune_a, code=code, poverty_status=status)
    officer, leader = client_as(cast.officer_a), client_as(cast.leader_a)
    year = timezone.localdate().year
    response = officer.post("/api/v1/poverty/reviews", {
        "commune_code": geo.commune_a.code, "year": year, "kind": "annual"}, content_type=JSON)
    assert response.status_code == 201, response.json()
    review_id = response.json()["id"]
    assert response.json()["survey_counts"]["to_survey"] == 2
    response = officer.post("/api/v1/poverty/reviews", {
        "commune_code": geo.commune_a.code, "year": year, "kind": "annual"}, content_type=JSON)
    assert response.status_code == 400 and response.json()["field"] == "year"
    response = officer.post(f"/api/v1/poverty/reviews/{review_id}/surveys",
                            {"household_code": "A-3"}, content_type=JSON)
    assert response.status_code == 201 and response.json()["source"] == "applicant"
    surveys = {s["household_code"]: s["id"] for s in
               officer.get(f"/api/v1/poverty/reviews/{review_id}/surveys").json()}
    assert set(surveys) == {"A-1", "A-2", "A-3"}

    answers = {"members": 4, "declared_income": 5_000_000, "deprivations": THREE}
    draft = officer.put(f"/api/v1/poverty/surveys/{surveys['A-1']}", answers,
                        content_type=JSON).json()
    assert (draft["status"], draft["result"]) == ("draft", "")
    for code in ("A-1", "A-3"):
        done = officer.put(f"/api/v1/poverty/surveys/{surveys[code]}",
                           {**answers, "submit": True}, content_type=JSON).json()
        assert done["result"] == "poor" and "Hộ nghèo" in done["reason"]
    done = officer.put(f"/api/v1/poverty/surveys/{surveys['A-2']}",
                       {"screening": ["o_to"], "submit": True}, content_type=JSON).json()
    assert done["result"] == "" and done["screened_out"]
    response = officer.put(f"/api/v1/poverty/surveys/{surveys['A-1']}",
                           {"members": 0, "submit": True}, content_type=JSON)
    assert response.status_code == 400 and response.json()["field"] == "members"

    # The meeting: A-3 fails (4 of 10), is surveyed again and agreed.
    response = officer.post(f"/api/v1/poverty/reviews/{review_id}/votes", {"votes": [
        {"survey_id": surveys["A-1"], "agree": 8, "total": 10},
        {"survey_id": surveys["A-2"], "agree": 10, "total": 10},
        {"survey_id": surveys["A-3"], "agree": 4, "total": 10}]}, content_type=JSON)
    assert response.json() == {"agreed": 2, "resurvey": 1}
    officer.put(f"/api/v1/poverty/surveys/{surveys['A-3']}", {**answers, "submit": True},
                content_type=JSON)
    officer.post(f"/api/v1/poverty/reviews/{review_id}/votes", {"votes": [
        {"survey_id": surveys["A-3"], "agree": 6, "total": 10}]}, content_type=JSON)
    response = officer.post(f"/api/v1/poverty/reviews/{review_id}/votes", {"votes": [
        {"survey_id": 999999, "agree": 6, "total": 10}]}, content_type=JSON)
    assert response.status_code == 404

    today = timezone.localdate()
    posted_from = today.replace(day=1) if today.day > 10 else date(year, 1, 5)
    body = officer.post(f"/api/v1/poverty/reviews/{review_id}/post",
                        {"posted_from": posted_from.isoformat()}, content_type=JSON).json()
    assert body["status"] == "posted" and body["posted_to"] > posted_from.isoformat()
    decision = {"decision": "12/QĐ-UBND", "decided_on": today.isoformat()}
    response = officer.post(f"/api/v1/poverty/reviews/{review_id}/recognise", decision,
                            content_type=JSON)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    body = leader.post(f"/api/v1/poverty/reviews/{review_id}/recognise", decision,
                       content_type=JSON).json()
    assert body["status"] == "recognised" and body["counts"]["poor"] == 2
    assert HouseholdPoverty.objects.filter(year=year, status="poor").count() == 2
    listed = officer.get("/api/v1/poverty/reviews").json()
    assert [r["id"] for r in listed] == [review_id]


def test_the_api_is_scoped_and_read_only_for_supervisors(catalog, cast, geo, client_as):
    Household.objects.create(commune=geo.commune_a, code="S-1", poverty_status="poor")
    officer = client_as(cast.officer_a)
    review_id = officer.post("/api/v1/poverty/reviews", {
        "commune_code": geo.commune_a.code, "year": timezone.localdate().year,
        "kind": "ad_hoc"}, content_type=JSON).json()["id"]
    survey_id = officer.post(f"/api/v1/poverty/reviews/{review_id}/surveys",
                             {"household_code": "S-1"}, content_type=JSON).json()["id"]
    outsider, supervisor = client_as(cast.officer_b), client_as(cast.supervisor_a)
    assert outsider.get(f"/api/v1/poverty/reviews/{review_id}").status_code == 404
    assert outsider.get(f"/api/v1/poverty/surveys/{survey_id}").status_code == 404
    response = outsider.put(f"/api/v1/poverty/surveys/{survey_id}", {"members": 1},
                            content_type=JSON)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert outsider.get("/api/v1/poverty/reviews").json() == []
    assert supervisor.get(f"/api/v1/poverty/reviews/{review_id}").status_code == 200
    response = supervisor.put(f"/api/v1/poverty/surveys/{survey_id}",
                              {"members": 2, "declared_income": 1}, content_type=JSON)
    assert response.status_code == 403
    response = officer.post("/api/v1/poverty/reviews", {
        "commune_code": geo.commune_b.code, "year": 2026, "kind": "ad_hoc"}, content_type=JSON)
    assert response.status_code == 404
    schema = officer.get("/api/v1/openapi.json").json()
    assert schema["paths"]["/api/v1/poverty/surveys/{survey_id}"]["put"]["tags"] == [
        "Rà soát hộ nghèo"]
