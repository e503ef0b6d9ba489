"""Writes to the policy catalog (administrators only) and to persons' circumstances (the
commune's officers), each audited; the engine uses what they write."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ansinh.core.errors import DomainError, NotFound, PermissionDenied
from ansinh.core.models import AuditEvent
from ansinh.policies import services
from ansinh.policies.catalog import catalog_load
from ansinh.policies.eligibility import person_entitlements
from ansinh.policies.models import (
    Category,
    Circumstance,
    Coefficient,
    Confidence,
    Parameter,
    ParameterVersion,
)

AUGUST_2026 = date(2026, 8, 1)  # after the pending national base level of 1/7/2026


def _paid(person, at):
    return {(e.category, e.amount) for e in person_entitlements(person.pk, at) if e.paid}


def _pending_base_level():
    return ParameterVersion.objects.get(parameter__code="TGXH_MC", value=540_000)


def _add(actor, **overrides):
    values: dict[str, Any] = dict(
        parameter=Parameter.objects.get(code="TGXH_MC"), province=None,
        value=600_000, effective_from=date(2026, 2, 1), applied_from=None,
        legal_basis="Nghị quyết 01/2026/NQ-HĐND", confidence=Confidence.VERIFIED)
    values.update(overrides)
    return services.parameter_version_create(actor=actor, **values)


def test_an_administrator_adds_a_provincial_value_that_the_engine_then_uses(
        cast, catalog, make_person, geo):
    saigon = make_person(born=date(1986, 1, 1), disability="severe", commune=geo.commune_c)
    at = date(2026, 3, 1)
    assert _paid(saigon, at) == {("K6", 750_000)}  # 1,5 × 500.000 (national)
    version = _add(cast.admin, province=geo.hcm)
    assert not version.from_catalog and version.confirmed_by is None
    assert _paid(saigon, at) == {("K6", 900_000)}  # 1,5 × 600.000 (Hồ Chí Minh)
    # Hà Nội's own level (650.000 đ) is untouched by Hồ Chí Minh's.
    hanoi = make_person(born=date(1986, 1, 1), disability="severe")
    assert _paid(hanoi, at) == {("K6", 975_000)}
    event = AuditEvent.objects.get(action="policies.parameter_version.create")
    assert event.unit_id == geo.hcm.pk
    assert event.changes["value"] == {"before": None, "after": 600_000}
    # The catalog, loaded again, leaves the administrator's version alone.
    assert ParameterVersion.objects.get(pk=version.pk).value == 600_000
    catalog_load()
    assert ParameterVersion.objects.get(pk=version.pk).value == 600_000


def test_a_value_entered_as_pending_is_not_used(cast, catalog, make_person, geo):
    saigon = make_person(born=date(1986, 1, 1), disability="severe", commune=geo.commune_c)
    _add(cast.admin, province=geo.hcm, confidence=Confidence.PENDING)
    assert _paid(saigon, date(2026, 3, 1)) == {("K6", 750_000)}


def test_confirming_the_pending_base_level_makes_the_engine_use_it(
        cast, catalog, make_person, geo):
    saigon = make_person(born=date(1986, 1, 1), disability="severe", commune=geo.commune_c)
    assert _paid(saigon, AUGUST_2026) == {("K6", 750_000)}
    confirmed = services.parameter_version_confirm(actor=cast.admin,
                                                   version=_pending_base_level())
    assert _paid(saigon, AUGUST_2026) == {("K6", 810_000)}  # 1,5 × 540.000
    stored = ParameterVersion.objects.get(pk=confirmed.pk)
    assert stored.confidence == Confidence.VERIFIED
    assert stored.confirmed_by == cast.admin and stored.confirmed_at is not None
    event = AuditEvent.objects.get(action="policies.parameter_version.confirm")
    assert event.changes == {"confidence": {"before": "pending", "after": "verified"}}
    with pytest.raises(DomainError, match="không ở trạng thái chờ xác nhận"):
        services.parameter_version_confirm(actor=cast.admin, version=stored)


@pytest.mark.parametrize("who", ["officer_a", "leader_a", "supervisor_a", "province_officer",
                                 "auditor"])
def test_only_a_system_administrator_changes_the_catalog(cast, catalog, who):
    user = getattr(cast, who)
    category = Category.objects.get(code="K5c")
    with pytest.raises(PermissionDenied, match="quản trị hệ thống"):
        _add(user)
    with pytest.raises(PermissionDenied):
        services.parameter_version_confirm(actor=user, version=_pending_base_level())
    with pytest.raises(PermissionDenied):
        services.category_update(actor=user, category=category, name="X", legal_ref="Y",
                                 documents=[])
    with pytest.raises(PermissionDenied):
        services.coefficient_update(actor=user, coefficient=category.coefficients.get(),
                                    value=Decimal("9"))
    assert _pending_base_level().confidence == Confidence.PENDING
    assert not AuditEvent.objects.filter(action__startswith="policies.parameter").exists()


@pytest.mark.parametrize(("overrides", "field", "message"), [
    (dict(value=-1), "value", "Giá trị không được âm"),
    (dict(applied_from=date(2026, 3, 1)), "applied_from",
     "Ngày áp dụng hồi tố phải trước hoặc bằng ngày hiệu lực"),
    (dict(legal_basis="   "), "legal_basis", "Hãy ghi căn cứ pháp lý"),
    (dict(effective_from=date(2024, 7, 1)), "effective_from",
     "Mức chuẩn trợ giúp xã hội đã có giá trị hiệu lực từ ngày 01/07/2024 \\(toàn quốc\\)"),
    (dict(confidence="chac-chan"), "confidence", "Độ tin cậy không hợp lệ"),
])
def test_a_bad_version_is_refused_with_a_vietnamese_message_naming_the_field(
        cast, catalog, overrides, field, message):
    with pytest.raises(DomainError, match=message) as info:
        _add(cast.admin, **overrides)
    assert info.value.field == field


def test_a_provincial_value_needs_a_current_province_and_its_own_date(cast, catalog, geo):
    with pytest.raises(DomainError, match="tỉnh, thành phố hiện hành") as info:
        _add(cast.admin, province=geo.commune_a)
    assert info.value.field == "province"
    # Hà Nội already has a value from 1/1/2026; the same date nationally is another version.
    with pytest.raises(DomainError, match=r"từ ngày 01/01/2026 \(Thành phố Hà Nội\)"):
        _add(cast.admin, province=geo.hanoi, effective_from=date(2026, 1, 1))
    assert _add(cast.admin, effective_from=date(2026, 1, 1)).province is None


def test_a_registered_hook_runs_after_the_confirmation_is_committed(
        cast, catalog, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(services, "PARAMETER_CONFIRMED", [])
    seen = []

    @services.register_parameter_confirmed
    def arrears(version, actor):
        stored = ParameterVersion.objects.get(pk=version.pk)
        seen.append((version.pk, actor.pk, stored.confidence))

    pending = _pending_base_level()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.parameter_version_confirm(actor=cast.admin, version=pending)
    assert seen == []  # nothing before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert seen == [(pending.pk, cast.admin.pk, Confidence.VERIFIED)]
    # A refused confirmation commits nothing and calls nobody.
    with django_capture_on_commit_callbacks(execute=True) as callbacks, \
            pytest.raises(DomainError):
        services.parameter_version_confirm(actor=cast.admin, version=pending)
    assert callbacks == [] and len(seen) == 1


def test_reloading_the_catalog_keeps_an_edited_category_and_its_coefficients(cast, catalog):
    category = Category.objects.get(policy__code="TGXH", code="K5c")
    services.category_update(actor=cast.admin, category=category,
                             name="Người từ đủ 80 tuổi không có lương hưu, trợ cấp BHXH",
                             legal_ref="điểm c khoản 5 Điều 5 Nghị định 20/2021/NĐ-CP",
                             documents=["Tờ khai (Mẫu số 1c)", "  ", "Bản sao CCCD"])
    band = Coefficient.objects.get(category__code="K6", label="nặng")
    services.coefficient_update(actor=cast.admin, coefficient=band, value=Decimal("1.6"))
    # A category nobody edited in the pages still follows the files.
    Category.objects.filter(code="K7").update(name="sửa thẳng trong cơ sở dữ liệu")
    summary = catalog_load()
    category.refresh_from_db()
    assert category.customized
    assert category.name == "Người từ đủ 80 tuổi không có lương hưu, trợ cấp BHXH"
    assert category.documents == ["Tờ khai (Mẫu số 1c)", "Bản sao CCCD"]
    assert Coefficient.objects.get(pk=band.pk).value == Decimal("1.60")
    assert {"TGXH/K5c", "TGXH/K6"} <= set(summary.kept)
    assert Category.objects.get(code="K7").name.startswith("Trẻ em dưới 3 tuổi")
    actions = list(AuditEvent.objects.filter(action__in=[
        "policies.category.update", "policies.coefficient.update"]).values_list(
        "action", flat=True))
    assert sorted(actions) == ["policies.category.update", "policies.coefficient.update"]


def test_a_coefficient_must_be_a_reasonable_number(cast, catalog):
    band = Coefficient.objects.get(category__code="K6", label="nặng")
    for bad in (Decimal("-1"), Decimal("1000")):
        with pytest.raises(DomainError, match="Hệ số phải từ 0 đến 999,99") as info:
            services.coefficient_update(actor=cast.admin, coefficient=band, value=bad)
        assert info.value.field == "value"
    # The same value again changes nothing and records nothing.
    services.coefficient_update(actor=cast.admin, coefficient=band, value=Decimal("1.50"))
    assert not Category.objects.get(code="K6").customized
    assert not AuditEvent.objects.filter(action="policies.coefficient.update").exists()


def test_the_communes_officer_records_a_circumstance_and_the_engine_sees_it(
        cast, catalog, make_person):
    at = date(2024, 7, 1)
    orphan = make_person(born=date(2006, 5, 1))
    assert _paid(orphan, at) == set()
    for kind in ("no_support", "studying"):
        services.circumstance_record(actor=cast.officer_a, person=orphan, kind=kind,
                                     valid_from=date(2023, 9, 5),
                                     note="Giấy xác nhận của trường")
    assert _paid(orphan, at) == {("K2", 750_000)}
    studying = Circumstance.objects.get(person=orphan, kind="studying")
    services.circumstance_end(actor=cast.leader_a, circumstance=studying,
                              valid_to=date(2024, 6, 30))
    assert _paid(orphan, at) == set()
    events = AuditEvent.objects.filter(action__startswith="policies.circumstance")
    assert events.count() == 3
    # The kind only: the note (a dossier's details) stays out of the log.
    assert all(set(e.changes) == {"person", "kind"} for e in events)
    assert "trường" not in str([e.changes for e in events])


@pytest.mark.parametrize(("who", "error"), [
    ("officer_b", NotFound), ("supervisor_a", PermissionDenied), ("auditor", PermissionDenied),
    ("province_officer", PermissionDenied), ("admin", PermissionDenied),
])
def test_only_the_persons_own_commune_records_circumstances(cast, catalog, make_person, who,
                                                            error):
    person = make_person(born=date(1950, 1, 1))
    with pytest.raises(error):
        services.circumstance_record(actor=getattr(cast, who), person=person,
                                     kind="no_supporter", valid_from=date(2025, 1, 1))
    assert not Circumstance.objects.exists()


def test_circumstance_periods_are_checked(cast, catalog, make_person):
    person = make_person(born=date(1950, 1, 1))
    with pytest.raises(DomainError, match="Ngày kết thúc phải sau") as info:
        services.circumstance_record(actor=cast.officer_a, person=person, kind="no_supporter",
                                     valid_from=date(2025, 1, 1), valid_to=date(2024, 1, 1))
    assert info.value.field == "valid_to"
    first = services.circumstance_record(actor=cast.officer_a, person=person,
                                         kind="no_supporter", valid_from=date(2025, 1, 1))
    with pytest.raises(DomainError, match="Đã ghi hoàn cảnh này từ ngày 01/01/2025"):
        services.circumstance_record(actor=cast.officer_a, person=person, kind="no_supporter",
                                     valid_from=date(2025, 6, 1))
    services.circumstance_end(actor=cast.officer_a, circumstance=first,
                              valid_to=date(2025, 3, 31))
    with pytest.raises(DomainError, match="đã kết thúc ngày 31/03/2025"):
        services.circumstance_end(actor=cast.officer_a, circumstance=first,
                                  valid_to=date(2025, 4, 30))
    # After the first ended, the same fact may hold again.
    services.circumstance_record(actor=cast.officer_a, person=person, kind="no_supporter",
                                 valid_from=date(2025, 6, 1))
    with pytest.raises(DomainError, match="Hoàn cảnh không hợp lệ"):
        services.circumstance_record(actor=cast.officer_a, person=person, kind="giau",
                                     valid_from=date(2025, 1, 1))
