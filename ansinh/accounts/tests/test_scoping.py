"""Scope and role rules, through the pages and the API alike."""

from __future__ import annotations

import pytest

from ansinh.geo.models import ResidentialGroup
from ansinh.geo.services import residential_group_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_b(cast):
    return residential_group_create(actor=cast.officer_b, commune=cast.officer_b.assignment.unit,
                                    name="Tổ 7")


@pytest.fixture
def group_a(cast):
    return residential_group_create(actor=cast.officer_a, commune=cast.officer_a.assignment.unit,
                                    name="Tổ 1")


def test_an_officer_of_commune_a_gets_404_for_commune_b_group_page(cast, group_b, client_as):
    response = client_as(cast.officer_a).get(f"/to-dan-pho/{group_b.pk}/")
    assert response.status_code == 404


def test_an_officer_of_commune_a_gets_404_for_commune_b_unit_page(cast, geo, client_as):
    response = client_as(cast.officer_a).get(f"/don-vi/{geo.commune_b.code}/")
    assert response.status_code == 404
    assert client_as(cast.officer_a).get(f"/don-vi/{geo.commune_a.code}/").status_code == 200


def test_an_officer_of_commune_a_gets_404_for_commune_b_group_in_the_api(cast, group_b, client_as):
    response = client_as(cast.officer_a).get(f"/api/v1/residential-groups/{group_b.pk}")
    assert response.status_code == 404
    assert response.json()["message"] == "Không tìm thấy bản ghi."


def test_the_group_list_in_the_api_holds_only_the_officers_commune(cast, group_a, group_b,
                                                                   client_as):
    items = client_as(cast.officer_a).get("/api/v1/residential-groups").json()["items"]
    assert [g["id"] for g in items] == [group_a.pk]


def test_a_province_officer_sees_every_commune_of_the_province_but_not_others(cast, geo, client_as):
    client = client_as(cast.province_officer)
    assert client.get(f"/don-vi/{geo.commune_a.code}/").status_code == 200
    assert client.get(f"/don-vi/{geo.commune_b.code}/").status_code == 200
    assert client.get(f"/don-vi/{geo.commune_c.code}/").status_code == 404
    codes = {u["code"] for u in client.get("/api/v1/units?limit=100").json()["items"]}
    assert codes == {geo.hanoi.code, geo.commune_a.code, geo.commune_b.code}


def test_an_administrator_sees_every_province(cast, geo, client_as):
    codes = {u["code"] for u in
             client_as(cast.admin).get("/api/v1/units?level=province").json()["items"]}
    assert codes == {geo.hanoi.code, geo.hcm.code}


def test_a_supervisor_gets_403_when_adding_a_group_on_the_page(cast, geo, client_as):
    response = client_as(cast.supervisor_a).post(
        f"/don-vi/{geo.commune_a.code}/them-to/", {"kind": "to_dan_pho", "name": "Tổ 9"})
    assert response.status_code == 403
    assert not ResidentialGroup.objects.filter(name="Tổ 9").exists()


def test_a_supervisor_gets_403_when_adding_a_group_through_the_api(cast, geo, client_as):
    response = client_as(cast.supervisor_a).post(
        "/api/v1/residential-groups", {"commune_code": geo.commune_a.code, "name": "Tổ 9"},
        content_type="application/json")
    assert response.status_code == 403
    assert "chỉ được xem" in response.json()["message"]
    assert not ResidentialGroup.objects.filter(name="Tổ 9").exists()


def test_a_supervisor_gets_403_when_editing_a_group(cast, group_a, client_as):
    client = client_as(cast.supervisor_a)
    assert client.get(f"/to-dan-pho/{group_a.pk}/").status_code == 200
    response = client.post(f"/to-dan-pho/{group_a.pk}/", {"kind": "thon", "name": "Đổi tên"})
    assert response.status_code == 403
    api = client.patch(f"/api/v1/residential-groups/{group_a.pk}", {"name": "Đổi tên"},
                       content_type="application/json")
    assert api.status_code == 403
    group_a.refresh_from_db()
    assert group_a.name == "Tổ 1"


def test_an_officer_adds_a_group_on_the_page_and_the_write_is_audited(cast, geo, client_as):
    from ansinh.core.models import AuditEvent

    response = client_as(cast.officer_a).post(
        f"/don-vi/{geo.commune_a.code}/them-to/", {"kind": "thon", "name": "Thôn  Đông"})
    assert response.status_code == 302
    group = ResidentialGroup.objects.get(commune=geo.commune_a)
    assert group.name == "Thôn Đông"
    event = AuditEvent.objects.get(action="geo.group.create")
    assert event.actor_label == "canbo.a"
    assert event.unit_id == geo.commune_a.pk
    assert event.changes["name"] == {"before": None, "after": "Thôn Đông"}


def test_a_duplicate_group_name_is_refused_with_a_vietnamese_message(cast, geo, group_a, client_as):
    response = client_as(cast.officer_a).post(
        f"/don-vi/{geo.commune_a.code}/them-to/", {"kind": "to_dan_pho", "name": "tổ 1"})
    assert response.status_code == 200
    assert "đã có “tổ 1”" in response.content.decode()


def test_an_officer_edits_a_group_through_the_api_with_before_and_after(cast, group_a, client_as):
    from ansinh.core.models import AuditEvent

    response = client_as(cast.officer_a).patch(
        f"/api/v1/residential-groups/{group_a.pk}", {"name": "Tổ 1A", "is_active": False},
        content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "Tổ 1A"
    event = AuditEvent.objects.get(action="geo.group.update")
    assert event.changes == {"name": {"before": "Tổ 1", "after": "Tổ 1A"},
                             "is_active": {"before": True, "after": False}}


def test_switching_assignment_changes_what_the_user_sees(geo, make_user, client_as):
    from ansinh.accounts.models import Role

    user = make_user("hai.vai", (Role.COMMUNE_OFFICER, geo.commune_a),
                     (Role.AUDITOR, geo.hcm))
    client = client_as(user)
    assert client.get(f"/don-vi/{geo.commune_c.code}/").status_code == 404
    auditor = user.assignments.get(role=Role.AUDITOR)
    assert client.post("/tai-khoan/doi-vai-tro/", {"assignment": auditor.pk}).status_code == 302
    assert client.get(f"/don-vi/{geo.commune_c.code}/").status_code == 200
    assert client.get(f"/don-vi/{geo.commune_a.code}/").status_code == 404


def test_a_user_cannot_switch_to_someone_elses_assignment(cast, client_as):
    other = cast.admin.assignments.get()
    client = client_as(cast.officer_a)
    client.post("/tai-khoan/doi-vai-tro/", {"assignment": other.pk})
    cast.officer_a.refresh_from_db()
    assert cast.officer_a.active_assignment.role == "commune_officer"
    assert client.get("/quan-tri/nguoi-dung/").status_code == 403


def test_a_user_without_assignment_sees_nothing(geo, make_user, client_as):
    user = make_user("khong.vai")
    client = client_as(user)
    assert "Chưa có vai trò" in client.get("/").content.decode()
    assert client.get(f"/don-vi/{geo.commune_a.code}/").status_code == 404
    assert client.get("/api/v1/units").json()["items"] == []


def test_pages_require_sign_in(geo, client):
    response = client.get(f"/don-vi/{geo.commune_a.code}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")
    assert client.get("/api/v1/me").status_code == 401
