"""The dossier commands as an operator runs them: overdue dossiers, a one-off programme, the
gap finder."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from ansinh.accounts.models import Role
from ansinh.cases.models import Programme
from ansinh.cases.services import CaseRequest, case_open
from ansinh.core.calendar import WorkingCalendar
from ansinh.core.models import AuditEvent
from ansinh.policies.models import Category
from ansinh.registry.models import Household, HouseholdPoverty, Person

pytestmark = pytest.mark.django_db


def _open(officer, person, code, received_on):
    category = Category.objects.get(policy__code="TGXH", code=code)
    return case_open(actor=officer, commune=person.commune, request=CaseRequest(
        kind="new_benefit", person=person, policy=category.policy, category=category,
        received_on=received_on))


def test_cases_overdue_prints_the_late_dossiers_per_commune(cast, catalog, make_person, geo,
                                                            capsys):
    call_command("cases_overdue")
    assert "Không có hồ sơ nào quá hạn" in capsys.readouterr().out
    hoa = make_person(born=date(1980, 6, 1), disability="severe", commune=geo.commune_a,
                      name="Lê Thị Hoa")
    kien = make_person(born=date(1990, 1, 1), hiv=True, poverty="poor", commune=geo.commune_a,
                       circumstances=("no_stable_income",), name="Phạm Văn Kiên")
    late = _open(cast.officer_a, hoa, "K6", date(2026, 9, 1))
    _open(cast.officer_a, kien, "K8", date(2026, 9, 2))
    _open(cast.officer_a, make_person(born=date(1975, 1, 1), disability="severe",
                                      commune=geo.commune_a, name="Trần Văn Mới"),
          "K6", timezone.localdate())
    call_command("cases_overdue")
    out = capsys.readouterr().out
    days = WorkingCalendar().working_days_between(late.due_on, timezone.localdate())
    assert "Phường Ba Đình (mã 00004):" in out
    assert f"{late.reference}  Đề nghị hưởng mới  Lê Thị Hoa" in out
    assert f"quá {days} ngày làm việc" in out
    assert "Trần Văn Mới" not in out  # not late yet
    assert "Phạm Văn Kiên" in out and "K8" not in out and "HIV" not in out
    assert "Tổng cộng 2 hồ sơ quá hạn" in out
    call_command("cases_overdue", "--commune", "00008")
    assert "Không có hồ sơ nào quá hạn" in capsys.readouterr().out


@pytest.fixture
def poor_households(catalog, geo):
    for code, names in (("H-1", ["Đỗ Văn Một", "Đỗ Thị Hai"]), ("H-2", ["Mai Thị Ba"])):
        household = Household.objects.create(commune=geo.commune_a, code=code, address="Tổ 5")
        HouseholdPoverty.objects.create(household=household, year=2019, status="poor")
        for name in names:
            Person.objects.create(household=household, commune=geo.commune_a, full_name=name,
                                  name_key=name.lower(), sex="M", birth_date=date(1970, 1, 1),
                                  birth_year=1970)
    Person.objects.filter(full_name="Mai Thị Ba").update(status="deceased",
                                                         status_date=date(2019, 5, 2))


def test_programme_builds_the_list_and_prints_totals_and_exclusions(cast, poor_households,
                                                                    capsys):
    call_command("programme", "--commune", "00004", "--policy", "NQ42", "--at", "2019-12-31",
                 "--title", "Hỗ trợ theo Nghị quyết 42", "--actor", "canbo.a")
    out = capsys.readouterr().out
    programme = Programme.objects.get()
    assert programme.created_by == cast.officer_a and programme.commune.code == "00004"
    assert "Số người được hỗ trợ: 2" in out and "Số hộ: 1" in out
    assert "Tổng kinh phí: 1.500.000 đ" in out
    assert "Trường hợp loại trừ: 1" in out
    assert "Mai Thị Ba: Đã mất ngày 02/05/2019, trước ngày chốt danh sách." in out
    # The build is audited under the officer's name, in the officer's role.
    event = AuditEvent.objects.get(action="cases.programme.build")
    assert (event.actor, event.role) == (cast.officer_a, Role.COMMUNE_OFFICER)


def test_programme_needs_an_officer_of_that_commune(cast, poor_households):
    with pytest.raises(CommandError, match="không phải cán bộ"):
        call_command("programme", "--commune", "00004", "--policy", "NQ42", "--at",
                     "2019-12-31", "--actor", "canbo.b")
    with pytest.raises(CommandError, match="không phải cán bộ"):
        call_command("programme", "--commune", "00004", "--policy", "NQ42", "--at",
                     "2019-12-31", "--actor", "giamsat.a")
    with pytest.raises(CommandError, match="Không có chính sách"):
        call_command("programme", "--commune", "00004", "--policy", "KHONGCO",
                     "--actor", "canbo.a")
    with pytest.raises(CommandError, match="Chỉ lập danh sách hỗ trợ một lần"):
        call_command("programme", "--commune", "00004", "--policy", "TGXH", "--at",
                     "2026-01-01", "--actor", "canbo.a")
    with pytest.raises(CommandError, match="Không có xã"):
        call_command("programme", "--commune", "99999", "--policy", "NQ42")
    assert not Programme.objects.exists()


def test_programme_takes_the_only_officer_when_no_actor_is_given(catalog, poor_households, geo,
                                                                 make_user, capsys):
    officer = make_user("canbo.duynhat", (Role.COMMUNE_OFFICER, geo.commune_a))
    call_command("programme", "--commune", "00004", "--policy", "NQ42", "--at", "31/12/2019")
    assert Programme.objects.get().created_by == officer
    make_user("canbo.thuhai", (Role.COMMUNE_OFFICER, geo.commune_a))
    with pytest.raises(CommandError, match="Hãy ghi --actor"):
        call_command("programme", "--commune", "00004", "--policy", "NQ42", "--at",
                     "31/12/2019")


def test_gaps_prints_the_eligible_without_benefit_and_counts_restricted_ones(
        catalog, make_person, geo, capsys):
    make_person(born=date(1940, 3, 1), commune=geo.commune_a, name="Võ Thị Lành")
    make_person(born=date(1990, 1, 1), hiv=True, poverty="poor", commune=geo.commune_a,
                circumstances=("no_stable_income",), name="Phạm Văn Kiên")
    call_command("gaps", "--commune", "00004", "--at", "2026-10-01")
    out = capsys.readouterr().out
    assert "Phường Ba Đình (mã 00004), tại ngày 01/10/2026: 2 người" in out
    assert "Võ Thị Lành" in out and "HT75" in out and "650.000 đ/tháng" in out
    assert "Phạm Văn Kiên" not in out and "HIV" not in out
    assert "Và 1 người thuộc nhóm đối tượng là thông tin hạn chế" in out
