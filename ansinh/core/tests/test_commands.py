"""The console commands as an operator runs them: setup twice, demo, the hyphenated CLI."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from ansinh.accounts.models import Role, User
from ansinh.cli import main
from ansinh.geo.models import AdministrativeUnit, ResidentialGroup, UnitLevel

pytestmark = pytest.mark.django_db


def _demo_counts() -> dict[str, int]:
    """How many rows the demo's main tables hold (what a second run must leave alone)."""
    from django.apps import apps

    labels = ["registry.Person", "registry.Household", "geo.ResidentialGroup", "cases.Case",
              "cases.Benefit", "payroll.Cycle", "payroll.Line", "integrity.Finding",
              "integrity.DuplicatePair", "supervision.Plan", "funds.Entry", "poverty.Survey"]
    return {label: apps.get_model(label).objects.count() for label in labels}


def test_setup_twice_loads_units_once_creates_the_admin_once_and_keeps_data(settings, monkeypatch,
                                                                            capsys):
    settings.DEMO = True
    monkeypatch.delenv("ANSINH_ADMIN_PASSWORD", raising=False)
    call_command("setup")
    first = capsys.readouterr().out
    assert "mật khẩu:" in first  # the generated admin password, printed once
    group = ResidentialGroup.objects.first()
    assert group is not None
    after_first = _demo_counts()
    call_command("setup")
    second = capsys.readouterr().out
    assert "mật khẩu:" not in second
    assert "đã có" in second
    current = AdministrativeUnit.objects.current()
    assert current.filter(level=UnitLevel.PROVINCE).count() == 34
    assert current.filter(level=UnitLevel.COMMUNE).count() == 3321
    assert User.objects.filter(username="admin").count() == 1
    assert User.objects.get(username="admin").assignments.get().role == Role.SYSTEM_ADMIN
    demo_roles = set(User.objects.filter(username__startswith="demo.")
                     .values_list("assignments__role", flat=True))
    assert demo_roles == set(Role.values) - {Role.SYSTEM_ADMIN}
    assert ResidentialGroup.objects.filter(pk=group.pk).exists()
    # The second run added nothing, and the first made every part of the demo.
    assert _demo_counts() == after_first
    assert all(after_first.values()), after_first
    from ansinh.registry.demo import DEMO_GROUPS, DEMO_PERSONS
    from ansinh.registry.models import Person

    ward = User.objects.get(username="demo.canbo").assignments.get().unit
    assert ward is not None
    assert sorted(ward.residential_groups.values_list("name", flat=True)) == sorted(DEMO_GROUPS)
    assert Person.objects.filter(commune=ward).count() >= DEMO_PERSONS


def test_the_demo_login_page_lists_one_user_per_role_only_in_demo_mode(settings, client):
    settings.DEMO = True
    call_command("geo_load", "--no-legacy")
    call_command("demo")
    page = client.get("/tai-khoan/dang-nhap/").content.decode()
    assert page.count("demo.") == 5
    settings.DEMO = False
    assert "demo." not in client.get("/tai-khoan/dang-nhap/").content.decode()


def test_the_ansinh_command_accepts_hyphenated_subcommands(cast, capsys):
    main(["ansinh", "audit-verify"])
    assert "Nhật ký toàn vẹn" in capsys.readouterr().out


def test_setup_says_the_administrator_was_made_with_the_given_password(
        settings, monkeypatch, capsys):
    settings.DEMO = False
    monkeypatch.setenv("ANSINH_ADMIN_PASSWORD", "Mat-khau-dai-2026!")
    call_command("setup")
    assert "Đã tạo tài khoản quản trị “admin” với mật khẩu trong ANSINH_ADMIN_PASSWORD." in \
        capsys.readouterr().out
    call_command("setup")
    assert "Tài khoản quản trị “admin”: đã có." in capsys.readouterr().out
