"""The household pages: split, merge, poverty classification by year, and restricted data."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from ansinh.core.models import AuditEvent
from ansinh.registry import services
from ansinh.registry.models import (
    Household,
    HouseholdPoverty,
    LifeEvent,
    LifeEventKind,
    PersonRestricted,
    PersonStatus,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def household_a(cast):
    return services.household_create(actor=cast.officer_a, commune=cast.officer_a.assignment.unit,
                                     code="HGD-001", address="Số 1, Tổ 3")


@pytest.fixture
def family(cast, household_a):
    """A head and two grown children, all living in household HGD-001."""
    def person(name, sex, year, relationship):
        return services.person_create(actor=cast.officer_a, household=household_a,
                                      full_name=name, sex=sex, birth_year=year,
                                      birth_precision="year", relationship=relationship)

    return (person("Nguyễn Văn An", "M", 1955, "head"),
            person("Nguyễn Văn Bình", "M", 1985, "child"),
            person("Trần Thị Cúc", "F", 1987, "child_in_law"))


@pytest.fixture
def household_2(cast, household_a):
    return services.household_create(actor=cast.officer_a, commune=household_a.commune,
                                     code="HGD-002")


def test_the_household_page_offers_split_merge_and_poverty_to_its_officer_only(
        cast, household_a, family, household_2, client_as):
    client = client_as(cast.officer_a)
    page = client.get(f"/ho/{household_a.pk}/").content.decode()
    for url in ("tach/", "nhap-ho/", "ho-ngheo/"):
        assert f"/ho/{household_a.pk}/{url}" in page
    # A household with fewer than two living members has nobody to split off.
    empty = client.get(f"/ho/{household_2.pk}/").content.decode()
    assert f"/ho/{household_2.pk}/tach/" not in empty
    assert f"/ho/{household_2.pk}/nhap-ho/" in empty
    supervisor_page = client_as(cast.supervisor_a).get(f"/ho/{household_a.pk}/").content.decode()
    assert f"/ho/{household_a.pk}/tach/" not in supervisor_page
    assert f"/ho/{household_a.pk}/ho-ngheo/" not in supervisor_page


def test_an_officer_splits_two_members_into_a_new_household(cast, household_a, family,
                                                           client_as):
    _head, son, daughter_in_law = family
    client = client_as(cast.officer_a)
    form = client.get(f"/ho/{household_a.pk}/tach/").content.decode()
    assert "Nguyễn Văn Bình" in form and 'type="checkbox"' in form
    response = client.post(f"/ho/{household_a.pk}/tach/", {
        "persons": [son.pk, daughter_in_law.pk], "code": "HGD-010",
        "address": "Số 5, Tổ 3", "split_on": "10/01/2026", "note": "Ra ở riêng"})
    new = Household.objects.get(commune=household_a.commune, code="HGD-010")
    assert response.status_code == 302 and response.url == f"/ho/{new.pk}/"
    son.refresh_from_db()
    daughter_in_law.refresh_from_db()
    assert son.household == new and daughter_in_law.household == new
    assert son.relationship == "head"  # the first chosen (the elder) heads the new household
    assert new.address == "Số 5, Tổ 3"
    splits = LifeEvent.objects.filter(kind=LifeEventKind.HOUSEHOLD_SPLIT)
    assert {(e.person_id, e.from_household_id, e.to_household_id, e.effective_date)
            for e in splits} == {(son.pk, household_a.pk, new.pk, date(2026, 1, 10)),
                                 (daughter_in_law.pk, household_a.pk, new.pk, date(2026, 1, 10))}
    # Both households show the split in their history.
    for household in (household_a, new):
        page = client.get(f"/ho/{household.pk}/").content.decode()
        history = page.split("Biến động", 1)[1]
        assert history.count("HGD-001 → HGD-010") == 2, household.code
        assert "Tách hộ" in history
    assert list(household_a.members.values_list("full_name", flat=True)) == ["Nguyễn Văn An"]


def test_a_split_with_an_existing_code_is_refused_and_moves_nobody(cast, household_a, family,
                                                                  household_2, client_as):
    _head, son, _dil = family
    response = client_as(cast.officer_a).post(f"/ho/{household_a.pk}/tach/", {
        "persons": [son.pk], "code": "hgd-002", "split_on": "10/01/2026"})
    assert response.status_code == 200
    assert "đã có" in response.content.decode()
    son.refresh_from_db()
    assert son.household == household_a
    assert not LifeEvent.objects.filter(kind=LifeEventKind.HOUSEHOLD_SPLIT).exists()


def test_a_split_cannot_take_a_person_of_another_household(cast, household_a, family,
                                                          household_2, client_as):
    stranger = services.person_create(actor=cast.officer_a, household=household_2,
                                      full_name="Lê Văn Dũng", sex="M", birth_year=1990,
                                      birth_precision="year")
    response = client_as(cast.officer_a).post(f"/ho/{household_a.pk}/tach/", {
        "persons": [stranger.pk], "code": "HGD-011", "split_on": "10/01/2026"})
    assert response.status_code == 200  # not one of the choices: a form error
    stranger.refresh_from_db()
    assert stranger.household == household_2
    assert not Household.objects.filter(code="HGD-011").exists()


def test_an_officer_merges_a_household_into_another_by_its_code(cast, household_a, family,
                                                               household_2, client_as):
    response = client_as(cast.officer_a).post(f"/ho/{household_a.pk}/nhap-ho/", {
        "target_code": " hgd-002 ", "merged_on": "15/01/2026", "note": "Về ở chung"})
    assert response.status_code == 302 and response.url == f"/ho/{household_2.pk}/"
    household_a.refresh_from_db()
    assert not household_a.is_active
    assert set(household_2.members.values_list("pk", flat=True)) == {p.pk for p in family}
    assert LifeEvent.objects.filter(kind=LifeEventKind.HOUSEHOLD_MERGE,
                                    to_household=household_2).count() == 3


def test_a_merge_target_code_not_found_is_told_in_vietnamese_and_writes_nothing(
        cast, household_a, family, household_2, client_as):
    # HGD-900 exists, but in another commune; HGD-003 is in this commune but inactive.
    services.household_create(actor=cast.officer_b, commune=cast.officer_b.assignment.unit,
                              code="HGD-900")
    inactive = services.household_create(actor=cast.officer_a, commune=household_a.commune,
                                         code="HGD-003")
    services.household_update(actor=cast.officer_a, household=inactive, is_active=False)
    client = client_as(cast.officer_a)
    audit_before = AuditEvent.objects.count()
    for code in ("HGD-404", "HGD-900", "hgd-003"):
        response = client.post(f"/ho/{household_a.pk}/nhap-ho/", {
            "target_code": code, "merged_on": "15/01/2026"})
        assert response.status_code == 200
        assert "Trong xã không có hộ đang hoạt động nào mã" in response.content.decode(), code
    household_a.refresh_from_db()
    assert household_a.is_active
    assert not LifeEvent.objects.filter(kind=LifeEventKind.HOUSEHOLD_MERGE).exists()
    assert AuditEvent.objects.count() == audit_before


def test_a_supervisor_gets_403_on_the_household_forms(cast, household_a, family, household_2,
                                                      client_as):
    _head, son, _dil = family
    supervisor = client_as(cast.supervisor_a)
    posts = {
        "tach/": {"persons": [son.pk], "code": "HGD-010", "split_on": "10/01/2026"},
        "nhap-ho/": {"target_code": "HGD-002", "merged_on": "15/01/2026"},
        "ho-ngheo/": {"year": "2025", "status": "poor"},
    }
    for url, data in posts.items():
        assert supervisor.post(f"/ho/{household_a.pk}/{url}", data).status_code == 403, url
    son.refresh_from_db()
    household_a.refresh_from_db()
    assert son.household == household_a and household_a.is_active
    assert household_a.poverty_status == "" and not HouseholdPoverty.objects.exists()


def test_an_officer_of_another_commune_gets_404_on_the_household_forms(cast, household_a, family,
                                                                       household_2, client_as):
    _head, son, _dil = family
    outsider = client_as(cast.officer_b)
    for url in ("tach/", "nhap-ho/", "ho-ngheo/"):
        assert outsider.get(f"/ho/{household_a.pk}/{url}").status_code == 404, url
    assert outsider.post(f"/ho/{household_a.pk}/tach/", {
        "persons": [son.pk], "code": "HGD-010", "split_on": "10/01/2026"}).status_code == 404
    assert outsider.post(f"/ho/{household_a.pk}/nhap-ho/", {
        "target_code": "HGD-002", "merged_on": "15/01/2026"}).status_code == 404
    assert outsider.post(f"/ho/{household_a.pk}/ho-ngheo/", {
        "year": "2025", "status": "poor"}).status_code == 404
    assert outsider.post(f"/nhan-khau/{son.pk}/thong-tin-han-che/",
                         {"hiv_positive": "on"}).status_code == 404
    son.refresh_from_db()
    assert son.household == household_a
    assert not HouseholdPoverty.objects.exists() and not PersonRestricted.objects.exists()


def test_the_communes_officer_sets_hiv_status_and_a_supervisor_can_neither_see_nor_set_it(
        cast, family, client_as):
    _head, son, _dil = family
    client = client_as(cast.officer_a)
    detail = client.get(f"/nhan-khau/{son.pk}/").content.decode()
    assert f"/nhan-khau/{son.pk}/thong-tin-han-che/" in detail
    form = client.get(f"/nhan-khau/{son.pk}/thong-tin-han-che/").content.decode()
    assert "Nhiễm HIV" in form and "chỉ cán bộ và lãnh đạo xã" in form
    response = client.post(f"/nhan-khau/{son.pk}/thong-tin-han-che/", {"hiv_positive": "on"})
    assert response.status_code == 302
    assert PersonRestricted.objects.get(person=son).hiv_positive
    assert "Nhiễm HIV" in client.get(f"/nhan-khau/{son.pk}/").content.decode()
    # The audit log, which more roles read, records the change but not the value.
    event = AuditEvent.objects.filter(action="registry.person.restricted_update").get()
    assert "hiv" not in str(event.changes).lower()

    supervisor = client_as(cast.supervisor_a)
    page = supervisor.get(f"/nhan-khau/{son.pk}/").content.decode()
    assert "HIV" not in page and "thong-tin-han-che" not in page
    assert supervisor.get(f"/nhan-khau/{son.pk}/thong-tin-han-che/").status_code == 404
    assert supervisor.post(f"/nhan-khau/{son.pk}/thong-tin-han-che/", {}).status_code == 404
    assert PersonRestricted.objects.get(person=son).hiv_positive

    client.post(f"/nhan-khau/{son.pk}/thong-tin-han-che/", {})  # unticked: not positive
    assert not PersonRestricted.objects.get(person=son).hiv_positive


def test_poverty_recorded_for_a_year_shows_in_the_history_and_sets_the_current_status(
        cast, household_a, client_as):
    client = client_as(cast.officer_a)
    year = timezone.localdate().year
    response = client.post(f"/ho/{household_a.pk}/ho-ngheo/", {
        "year": str(year), "status": "poor", "decided_on": f"20/01/{year}",
        "note": "QĐ 12/QĐ-UBND"})
    assert response.status_code == 302 and response.url == f"/ho/{household_a.pk}/"
    household_a.refresh_from_db()
    assert (household_a.poverty_status, household_a.poverty_year) == ("poor", year)
    # An older year goes into the history without changing the current classification.
    client.post(f"/ho/{household_a.pk}/ho-ngheo/", {"year": str(year - 1),
                                                    "status": "near_poor"})
    household_a.refresh_from_db()
    assert (household_a.poverty_status, household_a.poverty_year) == ("poor", year)
    page = client.get(f"/ho/{household_a.pk}/").content.decode()
    history = page.split("data-poverty-history", 1)[1].split("</table>", 1)[0]
    assert history.index(str(year)) < history.index(str(year - 1))  # newest first
    assert "Hộ nghèo" in history and "Hộ cận nghèo" in history
    assert f"20/01/{year}" in history and "QĐ 12/QĐ-UBND" in history
    # Recording the same year again corrects that year's row rather than adding one.
    client.post(f"/ho/{household_a.pk}/ho-ngheo/", {"year": str(year), "status": "near_poor"})
    household_a.refresh_from_db()
    assert household_a.poverty_status == "near_poor"
    assert household_a.poverty_history.count() == 2
    assert AuditEvent.objects.filter(action="registry.household.poverty").count() == 3


def test_a_poverty_decision_dated_in_the_future_is_refused(cast, household_a, client_as):
    year = timezone.localdate().year
    response = client_as(cast.officer_a).post(f"/ho/{household_a.pk}/ho-ngheo/", {
        "year": str(year), "status": "poor", "decided_on": f"01/01/{year + 1}"})
    assert "không được ở tương lai" in response.content.decode()
    assert not HouseholdPoverty.objects.exists()


def test_names_and_codes_with_markup_are_escaped_on_the_new_pages(cast, household_a, family,
                                                                 client_as):
    person = services.person_create(actor=cast.officer_a, household=household_a,
                                    full_name="<script>alert(1)</script> Tèo", sex="M",
                                    birth_year=1990, birth_precision="year")
    marked = services.household_create(actor=cast.officer_a, commune=household_a.commune,
                                       code="<script>alert(1)</script>")
    services.household_set_poverty(actor=cast.officer_a, household=household_a,
                                   year=timezone.localdate().year, status="poor",
                                   note="<script>alert(1)</script>")
    client = client_as(cast.officer_a)
    for url in (f"/ho/{household_a.pk}/tach/", f"/nhan-khau/{person.pk}/thong-tin-han-che/",
                f"/ho/{marked.pk}/nhap-ho/", f"/ho/{marked.pk}/ho-ngheo/",
                f"/ho/{household_a.pk}/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page, url
        assert "&lt;script&gt;alert(1)" in page, url
    assert person.status == PersonStatus.LIVING
