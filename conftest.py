"""Shared test fixtures: a small map, one user per role, and clients signed in as them.

The cast follows healthchecks' owner/member/outsider pattern: an officer of commune A, the
leader of A, a supervisor of A (read-only), an officer of commune B (the outsider), a province
officer and an auditor of province 01, and a system administrator.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest  # noqa: E402
from django.test import Client  # noqa: E402

pytest_plugins = ["ansinh.geo.tests.fixtures"]

PASSWORD = "mat-khau-thu-nghiem-1"  # noqa: S105 - test accounts only
ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"


@dataclass
class Map:
    hanoi: object
    commune_a: object
    commune_b: object
    hcm: object
    commune_c: object


@pytest.fixture
def geo(db: None) -> Map:
    from ansinh.geo.models import UnitKind
    from ansinh.geo.tests.fixtures import make_commune, make_province

    hanoi = make_province("01", "Thành phố Hà Nội", UnitKind.THANH_PHO)
    hcm = make_province("79", "Thành phố Hồ Chí Minh", UnitKind.THANH_PHO)
    return Map(
        hanoi=hanoi,
        commune_a=make_commune(hanoi, "00004", "Phường Ba Đình"),
        commune_b=make_commune(hanoi, "00008", "Phường Ngọc Hà"),
        hcm=hcm,
        commune_c=make_commune(hcm, "26734", "Phường Sài Gòn"),
    )


@pytest.fixture
def make_user(db: None) -> Callable[..., object]:
    """``make_user("name", (role, unit), ...)``: a user with those roles, acting as the first."""
    from ansinh.accounts.services import assignment_create, user_create

    def make(username: str, *roles: tuple[str, object | None]) -> object:
        user, _password = user_create(actor=None, username=username, full_name=username.title(),
                                      password=PASSWORD)
        for role, unit in roles:
            assignment_create(actor=None, user=user, role=role, unit=unit)  # type: ignore[arg-type]
        user.refresh_from_db()
        user.assignment = user.active_assignment
        return user

    return make


@dataclass
class Cast:
    officer_a: object
    leader_a: object
    supervisor_a: object
    officer_b: object
    province_officer: object
    auditor: object
    admin: object


@pytest.fixture
def cast(geo: Map, make_user: Callable[..., object]) -> Cast:
    from ansinh.accounts.models import Role

    return Cast(
        officer_a=make_user("canbo.a", (Role.COMMUNE_OFFICER, geo.commune_a)),
        leader_a=make_user("lanhdao.a", (Role.COMMUNE_LEADER, geo.commune_a)),
        supervisor_a=make_user("giamsat.a", (Role.SUPERVISOR, geo.commune_a)),
        officer_b=make_user("canbo.b", (Role.COMMUNE_OFFICER, geo.commune_b)),
        province_officer=make_user("tinh.hn", (Role.PROVINCE_OFFICER, geo.hanoi)),
        auditor=make_user("kiemtoan.hn", (Role.AUDITOR, geo.hanoi)),
        admin=make_user("quantri", (Role.SYSTEM_ADMIN, None)),
    )


@pytest.fixture
def client_as(db: None) -> Callable[[object], Client]:
    """A fresh test client signed in as ``user`` (force_login: no lockout bookkeeping)."""

    def make(user: object) -> Client:
        c = Client()
        c.force_login(user)  # type: ignore[arg-type]
        return c

    return make


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
