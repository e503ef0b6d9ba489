"""The registry as officers use it: households, persons, life events, search, scope."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from ansinh.core.errors import DomainError
from ansinh.registry import services
from ansinh.registry.identity import make_national_id
from ansinh.registry.models import LifeEvent, LifeEventKind, Person, PersonStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def household_a(cast):
    return services.household_create(actor=cast.officer_a, commune=cast.officer_a.assignment.unit,
                                     code="HGD-001", address="Số 1, Tổ 3")


@pytest.fixture
def household_b(cast):
    return services.household_create(actor=cast.officer_b, commune=cast.officer_b.assignment.unit,
                                     code="HGD-900")


def _cccd(sex: str = "M", year: int = 1980, serial: int = 1) -> str:
    return make_national_id(province_code="001", sex=sex, birth_year=year, serial=serial)


@pytest.fixture
def an(cast, household_a):
    return services.person_create(actor=cast.officer_a, household=household_a,
                                  full_name="Nguyễn Văn An", sex="M",
                                  birth_date=date(1980, 5, 17), national_id=_cccd(),
                                  relationship="head")


def test_a_person_is_found_without_accents_by_name_cccd_or_household_code(cast, an, client_as):
    client = client_as(cast.officer_a)
    for query in ("nguyen van an", "NGUYỄN VĂN", "An", an.national_id, "HGD-001"):
        page = client.get("/nhan-khau/", {"q": query}).content.decode()
        assert "Nguyễn Văn An" in page, query
    assert "Nguyễn Văn An" not in client.get("/nhan-khau/", {"q": "tran"}).content.decode()


def test_filters_by_age_band_sex_and_status(cast, an, household_a, client_as):
    services.person_create(actor=cast.officer_a, household=household_a, full_name="Lê Thị Bình",
                           sex="F", birth_date=date(1940, 1, 1), birth_precision="year")
    client = client_as(cast.officer_a)
    older = client.get("/nhan-khau/", {"tuoi": "80+"}).content.decode()
    assert "Lê Thị Bình" in older and "Nguyễn Văn An" not in older
    women = client.get("/nhan-khau/", {"gioi": "F"}).content.decode()
    assert "Lê Thị Bình" in women and "Nguyễn Văn An" not in women


def test_an_officer_of_another_commune_gets_404_and_a_supervisor_403(cast, an, household_a,
                                                                    client_as):
    outsider = client_as(cast.officer_b)
    assert outsider.get(f"/nhan-khau/{an.pk}/").status_code == 404
    assert outsider.get(f"/ho/{household_a.pk}/").status_code == 404
    assert outsider.get(f"/api/v1/persons/{an.pk}").status_code == 404
    supervisor = client_as(cast.supervisor_a)
    assert supervisor.get(f"/nhan-khau/{an.pk}/").status_code == 200
    assert supervisor.post(f"/nhan-khau/{an.pk}/bao-mat/", {"died_on": "01/01/2026"})\
        .status_code == 403
    assert supervisor.patch(f"/api/v1/persons/{an.pk}", {"full_name": "X"},
                            content_type="application/json").status_code == 403


@pytest.mark.parametrize(("field", "value", "message"), [
    ("national_id", "001080000001", "giới tính"),  # a female digit-4 would be 1; 0 is male…
    ("national_id", "001085000001", "năm sinh"),
    ("national_id", "12345", "12 chữ số"),
    ("birth_date", timezone.localdate() + timedelta(days=3), "tương lai"),
])
def test_bad_person_data_is_refused_with_a_vietnamese_message(cast, household_a, field, value,
                                                             message):
    data: dict[str, Any] = {"full_name": "Trần Thị Cúc", "sex": "F",
                            "birth_date": date(1980, 1, 1)}
    data[field] = value
    with pytest.raises(DomainError, match=message) as info:
        services.person_create(actor=cast.officer_a, household=household_a, **data)
    assert info.value.field == field


def test_a_cccd_already_held_by_another_person_is_refused(cast, an, household_a):
    with pytest.raises(DomainError, match="đã được ghi cho người khác"):
        services.person_create(actor=cast.officer_a, household=household_a,
                               full_name="Người Khác", sex="M", birth_date=date(1980, 2, 2),
                               national_id=an.national_id)


def test_a_name_with_markup_is_shown_escaped(cast, household_a, client_as):
    person = services.person_create(actor=cast.officer_a, household=household_a,
                                    full_name="<script>alert(1)</script> Tèo", sex="M",
                                    birth_year=1990, birth_precision="year")
    for url in (f"/nhan-khau/{person.pk}/", "/nhan-khau/", f"/ho/{household_a.pk}/"):
        page = client_as(cast.officer_a).get(url).content.decode()
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;" in page


def test_recording_a_death_keeps_the_person_and_their_history(cast, an, client_as):
    response = client_as(cast.officer_a).post(f"/nhan-khau/{an.pk}/bao-mat/",
                                              {"died_on": "03/02/2026", "note": "Giấy báo tử 12"})
    assert response.status_code == 302
    an.refresh_from_db()
    assert an.status == PersonStatus.DECEASED and an.status_date == date(2026, 2, 3)
    kinds = list(an.events.values_list("kind", flat=True))
    assert LifeEventKind.DEATH in kinds and LifeEventKind.REGISTER in kinds
    with pytest.raises(DomainError, match="không còn ở địa phương"):
        services.person_record_death(actor=cast.officer_a, person=an, died_on=date(2026, 2, 4))


def test_a_move_to_another_commune_is_seen_by_both_communes(cast, an, client_as):
    services.person_move_out(actor=cast.officer_a, person=an,
                             to_commune=cast.officer_b.assignment.unit,
                             moved_on=date(2026, 3, 1))
    an.refresh_from_db()
    assert an.commune == cast.officer_b.assignment.unit
    new_home = client_as(cast.officer_b).get(f"/nhan-khau/{an.pk}/").content.decode()
    assert "Chuyển đến xã khác" in new_home
    old_home = client_as(cast.officer_a).get(f"/nhan-khau/{an.pk}/")
    assert old_home.status_code == 200
    assert "đã chuyển đi" in old_home.content.decode()
    # The old commune keeps the history but no longer writes the record.
    assert client_as(cast.officer_a).post(f"/nhan-khau/{an.pk}/bao-mat/",
                                          {"died_on": "05/03/2026"}).status_code == 404
    assert "Nguyễn Văn An" not in client_as(cast.officer_a).get("/nhan-khau/").content.decode()


def test_a_move_within_the_commune_and_a_household_split_and_merge(cast, an, household_a):
    other = services.household_create(actor=cast.officer_a, commune=household_a.commune,
                                      code="HGD-002")
    services.person_move_within(actor=cast.officer_a, person=an, to_household=other,
                                moved_on=date(2026, 1, 5))
    an.refresh_from_db()
    assert an.household == other
    child = services.person_create(actor=cast.officer_a, household=other, full_name="Nguyễn An Bé",
                                   sex="M", birth_date=date(2020, 1, 1), is_birth=True)
    new = services.household_split(actor=cast.officer_a, persons=[an], code="HGD-003",
                                   split_on=date(2026, 2, 1))
    an.refresh_from_db()
    assert an.household == new and an.relationship == "head"
    services.household_merge(actor=cast.officer_a, source=other, target=new,
                             merged_on=date(2026, 2, 2))
    child.refresh_from_db()
    other.refresh_from_db()
    assert child.household == new and not other.is_active
    assert set(LifeEvent.objects.filter(person=child).values_list("kind", flat=True)) == {
        LifeEventKind.BIRTH, LifeEventKind.HOUSEHOLD_MERGE}


def test_hiv_status_is_shown_only_to_the_communes_own_roles(cast, household_a, client_as):
    person = services.person_create(actor=cast.officer_a, household=household_a,
                                    full_name="Phạm Văn Dũng", sex="M", birth_year=1985,
                                    birth_precision="year", hiv_positive=True)
    assert "Nhiễm HIV" in client_as(cast.officer_a).get(f"/nhan-khau/{person.pk}/")\
        .content.decode()
    for user in (cast.supervisor_a, cast.province_officer, cast.auditor, cast.admin):
        page = client_as(user).get(f"/nhan-khau/{person.pk}/").content.decode()
        assert "HIV" not in page
    assert "hiv" not in str(client_as(cast.officer_a).get(
        f"/api/v1/persons/{person.pk}").json()).lower()


def test_the_api_creates_lists_and_updates_persons_in_scope(cast, household_a, client_as):
    client = client_as(cast.officer_a)
    created = client.post("/api/v1/persons", {
        "household_id": household_a.pk, "full_name": "Đỗ Thị Hạnh", "sex": "F",
        "birth_date": "1975-04-30", "national_id": make_national_id(
            province_code="001", sex="F", birth_year=1975, serial=9)},
        content_type="application/json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    found = client.get("/api/v1/persons", {"q": "do thi hanh"}).json()
    assert [p["id"] for p in found["items"]] == [pk]
    patched = client.patch(f"/api/v1/persons/{pk}", {"phone": "0912345678"},
                           content_type="application/json")
    assert patched.status_code == 200
    assert Person.objects.get(pk=pk).phone == "0912345678"
    assert client_as(cast.officer_b).get("/api/v1/persons", {"q": "do thi"}).json()["items"] == []


def test_household_codes_are_unique_within_a_commune(cast, household_a, client_as):
    response = client_as(cast.officer_a).post("/ho/them/", {"code": "hgd-001"})
    assert "đã có" in response.content.decode()
    other_commune = services.household_create(actor=cast.officer_b,
                                              commune=cast.officer_b.assignment.unit,
                                              code="HGD-001")
    assert other_commune.pk != household_a.pk


def test_an_officer_edits_a_person_and_moves_them_through_the_pages(cast, an, household_a,
                                                                   client_as):
    client = client_as(cast.officer_a)
    form = client.get(f"/nhan-khau/{an.pk}/sua/").content.decode()
    assert "17/05/1980" in form  # dates are shown as dd/mm/yyyy
    response = client.post(f"/nhan-khau/{an.pk}/sua/", {
        "full_name": "Nguyễn Văn Ân", "sex": "M", "birth_date": "17/05/1980",
        "birth_precision": "day", "national_id": an.national_id, "relationship": "head",
        "phone": "0912 345 678"})
    assert response.status_code == 302
    an.refresh_from_db()
    assert an.full_name == "Nguyễn Văn Ân" and an.given_key == "an"
    bad = client.post(f"/nhan-khau/{an.pk}/sua/", {
        "full_name": "Nguyễn Văn Ân", "sex": "M", "birth_date": "31/02/1980",
        "birth_precision": "day", "relationship": "head"}).content.decode()
    assert "Ngày “31/02/1980” không có trên lịch." in bad
    other = services.household_create(actor=cast.officer_a, commune=household_a.commune,
                                      code="HGD-777")
    moved = client.post(f"/nhan-khau/{an.pk}/chuyen/", {"moved_on": "02/03/2026",
                                                        "to_household_code": "hgd-777"})
    assert moved.status_code == 302
    an.refresh_from_db()
    assert an.household == other
    both = client.post(f"/nhan-khau/{an.pk}/chuyen/", {"moved_on": "02/03/2026",
                                                       "to_household_code": "HGD-001",
                                                       "to_commune_code": "00008"})
    assert "một trong hai" in both.content.decode()
