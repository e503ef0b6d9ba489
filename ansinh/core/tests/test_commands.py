"""The console commands as an operator runs them: setup twice, demo, the hyphenated CLI."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from ansinh.accounts.models import Role, User
from ansinh.cli import main
from ansinh.geo.models import AdministrativeUnit, ResidentialGroup, UnitLevel

pytestmark = pytest.mark.django_db


def test_setup_twice_loads_units_once_creates_the_admin_once_and_keeps_data(settings, monkeypatch,
                                                                            capsys):
    settings.DEMO = True
    monkeypatch.delenv("ANSINH_ADMIN_PASSWORD", raising=False)
    call_command("setup")
    first = capsys.readouterr().out
    assert "mật khẩu:" in first  # the generated admin password, printed once
    group = ResidentialGroup.objects.first()
    assert group is not None
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
    assert ResidentialGroup.objects.count() == 10
    from ansinh.integrity.demo import DEMO_RATE
    from ansinh.registry.demo import DEMO_PERSONS
    from ansinh.registry.models import Person

    # The second run added nobody: the residents, and the second records of some of them the
    # integrity demo adds for the duplicate search to find.
    assert Person.objects.count() == DEMO_PERSONS + int(DEMO_PERSONS * DEMO_RATE)
    from ansinh.integrity.models import DuplicatePair, Finding

    assert DuplicatePair.objects.filter(status="pending").count() > 0
    assert Finding.objects.filter(status="open").exists()
    from ansinh.cases.demo import DOSSIERS
    from ansinh.cases.models import Benefit, Case, Programme

    # Dossiers at several steps, some decided with running benefits, a longevity list.
    assert Case.objects.filter(programme=None).count() == DOSSIERS
    assert len(set(Case.objects.values_list("step", flat=True))) >= 3
    assert Benefit.objects.filter(one_off=False).count() == \
        Case.objects.filter(step="decided").count() > 0
    assert Programme.objects.filter(policy__code="MUNGTHO").count() == 1
    from ansinh.payroll.models import Cycle

    # Last month's payrolls and this month's, whose lines are the decided benefits.
    policies = set(Benefit.objects.filter(one_off=False).values_list("policy", flat=True))
    assert Cycle.objects.count() == 2 * len(policies)
    this_month = max(Cycle.objects.values_list("month", flat=True))
    assert sum(c.lines.filter(kind="regular").count()
               for c in Cycle.objects.filter(month=this_month)) == \
        Benefit.objects.filter(one_off=False).count()


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
