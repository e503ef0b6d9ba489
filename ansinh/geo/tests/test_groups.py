"""Residential groups as officers name them, and the home panel per role."""

from __future__ import annotations

import pytest

from ansinh.geo.models import ResidentialGroup, ResidentialGroupKind

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("kind", "name", "shown"), [
    (ResidentialGroupKind.TO_DAN_PHO, "Tổ 1", "Tổ 1"),
    (ResidentialGroupKind.TO_DAN_PHO, "Tổ dân phố số 3", "Tổ dân phố số 3"),
    (ResidentialGroupKind.TO_DAN_PHO, "5", "Tổ dân phố 5"),
    (ResidentialGroupKind.THON, "Đông", "Thôn Đông"),
    (ResidentialGroupKind.THON, "thôn Đoài", "thôn Đoài"),
    (ResidentialGroupKind.AP, "Ấp 3", "Ấp 3"),
])
def test_a_group_is_named_once_whether_or_not_the_name_holds_its_kind(kind, name, shown):
    assert str(ResidentialGroup(kind=kind, name=name)) == shown


def test_an_officer_without_groups_is_invited_to_declare_them(cast, client_as):
    page = client_as(cast.officer_a).get("/").content.decode()
    assert "Khai báo thôn, tổ dân phố" in page


def test_a_supervisor_without_groups_is_not_offered_to_declare_them(cast, client_as):
    page = client_as(cast.supervisor_a).get("/").content.decode()
    assert "Khai báo thôn, tổ dân phố" not in page
    assert "chưa khai báo thôn, tổ dân phố nào" in page


def test_searching_units_finds_a_merged_commune_and_its_successor(small_geo, make_user, client_as):
    from ansinh.accounts.models import Role

    admin = make_user("quantri.tim", (Role.SYSTEM_ADMIN, None))
    page = client_as(admin).get("/don-vi/", {"q": "cu khoi"}).content.decode()
    assert "Cự Khối" in page
    assert "trước 01/7/2025" in page
    assert "Phường Long Biên" in page


def test_a_merged_commune_is_in_the_scope_of_the_commune_that_took_it_in(small_geo, make_user,
                                                                         client_as):
    from ansinh.accounts.models import Role

    heir = make_user("canbo.longbien", (Role.COMMUNE_OFFICER, small_geo.commune))
    other = make_user("canbo.phucloi", (Role.COMMUNE_OFFICER, small_geo.other_commune))
    url = f"/don-vi/{small_geo.legacy_commune.code}/"
    page = client_as(heir).get(url)
    assert page.status_code == 200
    assert "Phường Long Biên" in page.content.decode()  # the successor is named and linked
    assert client_as(other).get(url).status_code == 404


def test_the_home_page_shows_this_weeks_changes_in_the_users_area(cast, client_as):
    from ansinh.geo.services import residential_group_create

    residential_group_create(actor=cast.officer_a, commune=cast.officer_a.assignment.unit,
                             name="Tổ 4")
    residential_group_create(actor=cast.officer_b, commune=cast.officer_b.assignment.unit,
                             name="Tổ ở phường khác")
    page = client_as(cast.supervisor_a).get("/").content.decode()
    assert "Thay đổi trong 7 ngày qua" in page
    assert "Tổ 4" in page
    assert "Tổ ở phường khác" not in page
