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
