"""The duplicate review queue through the API: the same selectors, services and scoping as the
pages, CCCD masked for read-only roles, Vietnamese error bodies naming the field; starting a
search queues a job; the job itself runs the model over the commune."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from ansinh.accounts.models import Role
from ansinh.core.models import Job, JobStatus
from ansinh.core.text import normalize_text
from ansinh.integrity.merge import DOUBLE_PAYMENT_RULES
from ansinh.integrity.models import DedupRun, DuplicatePair, Finding, PairStatus
from ansinh.integrity.tests.dup_fixtures import (  # noqa: F401  (twins_fixture)
    NATIONAL_ID,
    add_person,
    make_pair,
    twins_fixture,
)
from ansinh.registry.models import Household, Person, PersonStatus

pytestmark = pytest.mark.django_db

JSON = "application/json"
PAIRS = "/api/v1/integrity/pairs"


@pytest.fixture
def officer_c(make_user, geo):
    return make_user("canbo.sg", (Role.COMMUNE_OFFICER, geo.commune_c))


def test_the_pair_list_is_scoped_filtered_and_paginated(cast, twins, geo,
                                                        officer_c, client_as):
    other = add_person(geo.commune_a, "Trần Văn Bình", date(1960, 1, 1))
    again = add_person(geo.commune_a, "Tran Van Binh", date(1960, 1, 1))
    low = make_pair(other, again, probability=0.91)
    officer_b = client_as(cast.officer_b)
    body = officer_b.get(PAIRS).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == twins.pair.pk and item["status"] == "pending"
    assert (item["commune_a"], item["commune_b"]) == ("00004", "00008")
    assert item["person_b"]["national_id"] == NATIONAL_ID
    assert item["person_b"]["birth_precision"] == "year"
    assert item["explanation"][0] == {"field": "given", "label": "Tên", "level": "Trùng tên",
                                      "weight": 6.12}
    assert item["explanation_text"].startswith("Tên: trùng tên")

    province = client_as(cast.province_officer)
    assert province.get(PAIRS).json()["count"] == 2
    assert [p["id"] for p in province.get(f"{PAIRS}?min_probability=0.95").json()["items"]] \
        == [twins.pair.pk]
    assert [p["id"] for p in province.get(f"{PAIRS}?commune_code=00004&limit=1&offset=1")
            .json()["items"]] == [low.pk]
    assert province.get(f"{PAIRS}?status=dismissed").json()["count"] == 0
    assert province.get(f"{PAIRS}?status=all").json()["count"] == 2

    assert client_as(officer_c).get(PAIRS).json()["count"] == 0
    missing = client_as(officer_c).get(f"{PAIRS}/{twins.pair.pk}")
    assert missing.status_code == 404 and missing.json()["message"] == "Không tìm thấy bản ghi."


def test_bad_filters_get_vietnamese_errors_naming_the_field(cast, client_as):
    client = client_as(cast.officer_a)
    response = client.get(f"{PAIRS}?min_probability=2")
    assert response.status_code == 400
    assert response.json() == {"code": "domain_error", "message": "Xác suất phải từ 0 đến 1.",
                               "field": "min_probability"}
    response = client.get(f"{PAIRS}?status=maybe")
    assert response.status_code == 400 and response.json()["field"] == "status"
    response = client.get(f"{PAIRS}?min_probability=cao")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "min_probability"


def test_a_pair_reads_with_both_sides_and_what_the_user_may_do(cast, twins, client_as):
    body = client_as(cast.officer_a).get(f"{PAIRS}/{twins.pair.pk}").json()
    assert body["default_keep"] == twins.b.pk
    assert (body["can_dismiss"], body["can_confirm"], body["outcome"]) == (True, False, None)
    assert body["sides"] == [
        {"person_id": twins.a.pk, "benefits": 1, "running_benefits": 1, "payment_lines": 1},
        {"person_id": twins.b.pk, "benefits": 1, "running_benefits": 1, "payment_lines": 1}]
    supervisor = client_as(cast.supervisor_a).get(f"{PAIRS}/{twins.pair.pk}").json()
    assert supervisor["person_b"]["national_id"] == "********4321"
    assert (supervisor["can_dismiss"], supervisor["can_confirm"]) == (False, False)


def test_a_province_officer_confirms_through_the_api(cast, twins, client_as):
    officer = client_as(cast.officer_a)
    refused = officer.post(f"{PAIRS}/{twins.pair.pk}/confirm", {}, content_type=JSON)
    assert refused.status_code == 403 and "cả hai xã" in refused.json()["message"]
    supervisor = client_as(cast.supervisor_a)
    assert supervisor.post(f"{PAIRS}/{twins.pair.pk}/confirm", {},
                           content_type=JSON).status_code == 403

    province = client_as(cast.province_officer)
    wrong = province.post(f"{PAIRS}/{twins.pair.pk}/confirm", {"keep": 999_999},
                          content_type=JSON)
    assert wrong.status_code == 400 and wrong.json()["field"] == "keep"
    too_long = province.post(f"{PAIRS}/{twins.pair.pk}/confirm", {"note": "x" * 501},
                             content_type=JSON)
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0] == {"field": "note",
                                            "message": "Quá dài (tối đa 500 ký tự)."}

    response = province.post(f"{PAIRS}/{twins.pair.pk}/confirm",
                             {"note": "Đối chiếu CCCD"}, content_type=JSON)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "confirmed" and body["decided_by"] == "tinh.hn"
    # Not told which to keep: the record with a CCCD survives.
    outcome = body["outcome"]
    assert (outcome["survivor_id"], outcome["merged_id"]) == (twins.b.pk, twins.a.pk)
    assert outcome["benefits_stopped"] == 1 and outcome["moved"]["cases.benefit"] == 1
    finding = Finding.objects.get(rule__in=DOUBLE_PAYMENT_RULES, unit=twins.a.commune)
    assert outcome["double_payments"] == [{
        "id": finding.pk, "summary": finding.summary, "amount": finding.amount,
        "url": f"/kiem-tra/bat-thuong/{finding.pk}/"}]
    assert body["person_a"]["status"] == PersonStatus.MERGED
    assert body["person_a"]["merged_into_id"] == twins.b.pk

    again = province.post(f"{PAIRS}/{twins.pair.pk}/confirm", {}, content_type=JSON)
    assert again.status_code == 400 and again.json()["message"] == "Cặp này đã được xem xét."
    assert province.get(PAIRS).json()["count"] == 0
    assert province.get(f"{PAIRS}?status=confirmed").json()["count"] == 1


def test_an_officer_dismisses_through_the_api(cast, twins, officer_c, client_as):
    assert client_as(officer_c).post(f"{PAIRS}/{twins.pair.pk}/dismiss", {},
                                     content_type=JSON).status_code == 404
    assert client_as(cast.auditor).post(f"{PAIRS}/{twins.pair.pk}/dismiss", {},
                                        content_type=JSON).status_code == 403
    response = client_as(cast.officer_b).post(f"{PAIRS}/{twins.pair.pk}/dismiss",
                                              {"note": "Khác người"}, content_type=JSON)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decision_note"]) == (
        "dismissed", "Khác người")
    twins.pair.refresh_from_db()
    assert twins.pair.status == PairStatus.DISMISSED


def test_starting_a_search_creates_a_job_for_the_commune(cast, client_as):
    response = client_as(cast.officer_a).post("/api/v1/integrity/dedup-runs")
    assert response.status_code == 202
    job = Job.objects.get(kind="dedup")
    assert response.json() == {"job_id": job.pk, "status_url": f"/api/v1/jobs/{job.pk}",
                               "unit_code": "00004"}
    refused = client_as(cast.supervisor_a).post("/api/v1/integrity/dedup-runs")
    assert refused.status_code == 403
    assert Job.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_search_job_runs_the_model_over_the_commune(cast, geo, client_as):
    """The worker runs the job: one person recorded twice in Ba Đình (the second time without
    diacritics and with only a birth year, the same phone) comes out as a pair among forty
    neighbours; her namesake in Ngọc Hà is not searched."""
    people = [("Hoàng Thị Mận", "day", geo.commune_a), ("Hoang Thi Man", "year", geo.commune_a),
              ("Hoàng Thị Mận", "day", geo.commune_b)]
    people += [(f"{family} {given}", "day", geo.commune_a)
               for family in ("Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Vũ Văn")
               for given in ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Long")]
    for index, (name, precision, commune) in enumerate(people):
        household = Household.objects.create(commune=commune, code=f"HD-{index}")
        born = date(1947, 8, 19) if index < 3 else date(1950 + index % 30, 1 + index % 12,
                                                         1 + index % 28)
        Person.objects.create(household=household, commune=commune, full_name=name,
                              name_key=normalize_text(name), sex="F", birth_date=born,
                              birth_precision=precision, birth_year=born.year,
                              phone="0912345678" if index < 3 else "")

    client = client_as(cast.officer_a)
    job_id = client.post("/api/v1/integrity/dedup-runs").json()["job_id"]
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job = Job.objects.get(pk=job_id)
    assert job.status == JobStatus.SUCCEEDED, job.error
    run = DedupRun.objects.get()
    assert (run.unit, run.persons, run.started_by) == (geo.commune_a, 42, cast.officer_a)
    assert "Đã so sánh 42 người" in job.message
    assert run.pairs_found == DuplicatePair.objects.count() >= 1
    pair = DuplicatePair.objects.order_by("-probability")[0]
    assert {pair.person_a.full_name, pair.person_b.full_name} == {"Hoàng Thị Mận",
                                                                  "Hoang Thi Man"}
    assert {pair.commune_a, pair.commune_b} == {geo.commune_a}

    runs = client.get("/api/v1/integrity/dedup-runs").json()
    assert runs["count"] == 1 and runs["items"][0]["unit_code"] == "00004"
    assert runs["items"][0]["persons"] == 42
    assert client_as(cast.officer_b).get("/api/v1/integrity/dedup-runs").json()["count"] == 0


def test_the_openapi_schema_lists_the_duplicate_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/integrity/pairs", "/api/v1/integrity/pairs/{pair_id}",
                 "/api/v1/integrity/pairs/{pair_id}/confirm",
                 "/api/v1/integrity/pairs/{pair_id}/dismiss", "/api/v1/integrity/dedup-runs"):
        assert path in paths, path
    assert set(paths["/api/v1/integrity/dedup-runs"]) == {"get", "post"}
