"""Synthetic households and persons (``ansinh synth``, ``registry.synth.synth_people``)."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from ansinh.core.errors import DomainError
from ansinh.core.models import AuditEvent
from ansinh.core.text import normalize_text
from ansinh.geo.models import (
    AdministrativeUnit,
    ResidentialGroup,
    ResidentialGroupKind,
    UnitKind,
    UnitLevel,
)
from ansinh.geo.tests.fixtures import make_commune, make_province
from ansinh.registry.identity import national_id_facts, validate_national_id
from ansinh.registry.models import (
    DatePrecision,
    DisabilityLevel,
    Household,
    HouseholdPoverty,
    Person,
    PovertyStatus,
    Relationship,
)
from ansinh.registry.synth import synth_people

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 3, 15)


@pytest.fixture
def hcm(db: None) -> AdministrativeUnit:
    """TP Hồ Chí Minh with two phường and a xã, and the old Bình Dương merged into it."""
    province = make_province("79", "Thành phố Hồ Chí Minh", UnitKind.THANH_PHO)
    make_commune(province, "26734", "Phường Sài Gòn")
    make_commune(province, "26737", "Phường Tân Định")
    make_commune(province, "27559", "Xã Bình Chánh", UnitKind.XA)
    AdministrativeUnit.objects.create(
        code="L74", official_code="74", name="Tỉnh Bình Dương", kind=UnitKind.TINH,
        level=UnitLevel.PROVINCE, path="79.L74", successor=province,
        valid_to=date(2025, 6, 30), name_key="tinh binh duong",
    )
    return province


def _known(value: int | None) -> int:
    assert value is not None
    return value


def _text(value: str | None) -> str:
    assert value is not None
    return value


def _age(birth_date: date | None, birth_year: int | None) -> int:
    if birth_date is None:
        return AS_OF.year - _known(birth_year)
    return AS_OF.year - birth_date.year - ((AS_OF.month, AS_OF.day)
                                           < (birth_date.month, birth_date.day))


def _snapshot() -> list[tuple[object, ...]]:
    return list(Person.objects.order_by("id").values_list(
        "household__code", "household__commune__code", "household__address",
        "household__poverty_status", "full_name", "sex", "birth_date", "birth_precision",
        "birth_year", "national_id", "old_id_number", "ethnicity", "relationship", "phone",
        "disability_level", "pension_status",
    ))


def test_a_run_makes_exactly_the_persons_asked_for_in_households_with_one_head_each(
    hcm: AdministrativeUnit,
) -> None:
    summary = synth_people(province=hcm, persons=2000, seed=7, as_of=AS_OF)

    assert Person.objects.count() == summary.persons == 2000
    assert Household.objects.count() == summary.households
    heads = Household.objects.annotate(
        heads=Count("members", filter=Q(members__relationship=Relationship.HEAD)))
    assert set(heads.values_list("heads", flat=True)) == {1}
    assert not Person.objects.exclude(commune_id=F("household__commune_id")).exists()
    sizes = Counter(Household.objects.annotate(n=Count("members")).values_list("n", flat=True))
    assert min(sizes) >= 1 and max(sizes) <= 7
    assert 3.0 <= summary.persons / summary.households <= 4.0


def test_every_cccd_is_unique_and_fits_the_persons_birth_year_and_sex(
    hcm: AdministrativeUnit,
) -> None:
    synth_people(province=hcm, persons=2000, seed=7, as_of=AS_OF)

    rows = list(Person.objects.exclude(national_id=None)
                .values_list("national_id", "birth_year", "sex"))
    assert len(rows) > 1000
    assert len({nid for nid, _year, _sex in rows}) == len(rows)
    for nid, birth_year, sex in rows:
        assert validate_national_id(_text(nid), birth_year=birth_year, sex=sex) == [], nid
    # Mostly born in the province (079, or 074 of the old Bình Dương), some elsewhere.
    codes = Counter(national_id_facts(_text(nid)).province_code for nid, _y, _s in rows)
    local = (codes["079"] + codes["074"]) / len(rows)
    assert 0.78 <= local <= 0.92
    assert codes["079"] > 0 and codes["074"] > 0


def test_no_child_under_14_has_a_cccd_and_most_older_people_do(hcm: AdministrativeUnit) -> None:
    synth_people(province=hcm, persons=2000, seed=7, as_of=AS_OF)

    rows = Person.objects.values_list("birth_date", "birth_year", "national_id")
    children = [nid for born, year, nid in rows if _age(born, year) < 14]
    adults = [nid for born, year, nid in rows if _age(born, year) >= 14]
    assert children and not any(children)
    assert 0.85 <= sum(1 for nid in adults if nid) / len(adults) <= 0.95


def test_the_age_pyramid_and_the_sex_ratio_look_like_vietnams(hcm: AdministrativeUnit) -> None:
    synth_people(province=hcm, persons=2000, seed=7, as_of=AS_OF)

    people = list(Person.objects.values_list("birth_date", "birth_year", "sex"))
    ages = [_age(born, year) for born, year, _sex in people]
    assert 0.08 <= sum(age >= 60 for age in ages) / len(ages) <= 0.18
    assert 0.003 <= sum(age >= 80 for age in ages) / len(ages) <= 0.04
    assert 0.17 <= sum(age < 15 for age in ages) / len(ages) <= 0.29
    assert 28 <= statistics.median(ages) <= 38
    assert 0.45 <= sum(sex == "M" for _b, _y, sex in people) / len(people) <= 0.55


def test_family_members_have_possible_ages(hcm: AdministrativeUnit) -> None:
    synth_people(province=hcm, persons=2000, seed=7, as_of=AS_OF)

    for household in Household.objects.prefetch_related("members"):
        members = list(household.members.all())
        head = next(m for m in members if m.relationship == Relationship.HEAD)
        head_year = _known(head.birth_year)
        for member in members:
            year = _known(member.birth_year)
            if member.relationship == Relationship.CHILD:
                assert year - head_year >= 15
            if member.relationship == Relationship.PARENT:
                assert head_year - year >= 15
            if member.relationship == Relationship.GRANDCHILD:
                assert year > head_year


def test_names_keys_dates_and_other_fields_are_filled_as_the_registry_expects(
    hcm: AdministrativeUnit,
) -> None:
    synth_people(province=hcm, persons=2000, seed=7, as_of=AS_OF)

    for full_name, name_key, born, year, precision in Person.objects.values_list(
            "full_name", "name_key", "birth_date", "birth_year", "birth_precision"):
        assert name_key == normalize_text(full_name)
        assert 3 <= len(full_name.split()) <= 4
        if precision == DatePrecision.YEAR:
            assert born is None and _known(year) < 1960
            continue
        assert born is not None and born.year == year and born <= AS_OF
        if precision == DatePrecision.MONTH:
            assert born.day == 1
    surnames = Counter(name.split()[0] for name in Person.objects.values_list(
        "full_name", flat=True))
    assert surnames.most_common(1)[0][0] == "Nguyễn"
    ethnicities = Counter(Person.objects.values_list("ethnicity", flat=True))
    assert ethnicities["01"] / 2000 > 0.75 and len(ethnicities) > 3
    disabled = Person.objects.exclude(disability_level=DisabilityLevel.NONE)
    assert 0.01 <= disabled.count() / 2000 <= 0.06
    assert not disabled.filter(disability_certified_on=None).exists()
    assert not Person.objects.filter(
        disability_level=DisabilityLevel.NONE).exclude(disability_certified_on=None).exists()


def test_households_get_codes_addresses_groups_and_poverty_records(hcm: AdministrativeUnit) -> None:
    summary = synth_people(province=hcm, persons=2000, seed=7, as_of=AS_OF)

    assert summary.groups_created == ResidentialGroup.objects.count()
    for commune in AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE):
        groups = list(commune.residential_groups.values_list("name", "kind"))
        assert 8 <= len(groups) <= 15
        expected = (("Thôn", ResidentialGroupKind.THON) if commune.kind == UnitKind.XA
                    else ("Tổ", ResidentialGroupKind.TO_DAN_PHO))
        assert all(name.split()[0] == expected[0] and kind == expected[1]
                   for name, kind in groups)
    for code, address, group_name in Household.objects.values_list(
            "code", "address", "residential_group__name"):
        assert re.fullmatch(r"HGD-\d{6}", code)
        assert re.fullmatch(r"Số \d+, (Tổ|Thôn) \d+", address)
        assert address.endswith(f", {group_name}")
    poor = Household.objects.exclude(poverty_status=PovertyStatus.NONE)
    assert poor.count() == summary.poor_households + summary.near_poor_households
    assert not poor.filter(poverty_year=None).exists()
    history = set(HouseholdPoverty.objects.values_list("household_id", "year", "status"))
    assert history == set(poor.values_list("id", "poverty_year", "poverty_status"))
    assert Household.objects.filter(commune__kind=UnitKind.PHUONG, is_urban=True).exists()
    assert not Household.objects.filter(commune__kind=UnitKind.XA, is_urban=True).exists()


def test_a_run_is_recorded_as_one_audit_event(hcm: AdministrativeUnit) -> None:
    before = AuditEvent.objects.count()

    summary = synth_people(province=hcm, persons=300, seed=1, as_of=AS_OF)

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("sequence")
    assert event.action == "registry.synth"
    assert event.unit == hcm
    assert event.changes["persons"] == 300
    assert event.changes["households"] == summary.households


def test_the_same_seed_gives_the_same_data(hcm: AdministrativeUnit) -> None:
    synth_people(province=hcm, persons=800, seed=11, as_of=AS_OF)
    first = _snapshot()
    HouseholdPoverty.objects.all().delete()
    Person.objects.all().delete()
    Household.objects.all().delete()

    synth_people(province=hcm, persons=800, seed=11, as_of=AS_OF)

    assert _snapshot() == first


def test_another_seed_gives_other_data(hcm: AdministrativeUnit) -> None:
    synth_people(province=hcm, persons=300, seed=1, as_of=AS_OF)
    first = [row[4:] for row in _snapshot()]
    Person.objects.all().delete()
    Household.objects.all().delete()
    HouseholdPoverty.objects.all().delete()

    synth_people(province=hcm, persons=300, seed=2, as_of=AS_OF)

    assert [row[4:] for row in _snapshot()] != first


def test_a_second_run_adds_households_after_the_first_without_clashes(
    hcm: AdministrativeUnit,
) -> None:
    first = synth_people(province=hcm, persons=1000, seed=5, as_of=AS_OF)
    second = synth_people(province=hcm, persons=1000, seed=5, as_of=AS_OF)

    assert Person.objects.count() == 2000
    assert Household.objects.count() == first.households + second.households
    assert second.groups_created == 0
    codes = Household.objects.values_list("commune_id", "code")
    assert len(set(codes)) == codes.count()
    nids = list(Person.objects.exclude(national_id=None).values_list("national_id", flat=True))
    assert len(set(nids)) == len(nids) == first.national_ids + second.national_ids
    heads = Household.objects.annotate(
        heads=Count("members", filter=Q(members__relationship=Relationship.HEAD)))
    assert set(heads.values_list("heads", flat=True)) == {1}


def test_household_numbers_continue_after_the_greatest_six_digit_code(
    hcm: AdministrativeUnit,
) -> None:
    commune = AdministrativeUnit.objects.get(code="26734")
    Household.objects.create(commune=commune, code="HGD-000041")
    Household.objects.create(commune=commune, code="HGD-A1")  # typed by hand: not a number

    synth_people(province=hcm, persons=100, communes=1, seed=3, as_of=AS_OF)

    codes = sorted(Household.objects.filter(commune=commune, members__isnull=False)
                   .values_list("code", flat=True).distinct())
    assert codes[0] == "HGD-000042"


def test_only_the_first_communes_by_code_are_used_when_asked(hcm: AdministrativeUnit) -> None:
    summary = synth_people(province=hcm, persons=500, communes=2, seed=3, as_of=AS_OF)

    assert summary.communes == 2
    assert set(Household.objects.values_list("commune__code", flat=True)) == {"26734", "26737"}


def test_existing_residential_groups_are_used_and_none_are_added(hcm: AdministrativeUnit) -> None:
    commune = AdministrativeUnit.objects.get(code="26734")
    ResidentialGroup.objects.create(commune=commune, name="Khu phố 5")

    summary = synth_people(province=hcm, persons=300, communes=1, seed=3, as_of=AS_OF)

    assert summary.groups_created == 0
    assert set(Household.objects.values_list("residential_group__name", flat=True)) == {
        "Khu phố 5"}


def test_the_province_may_be_given_by_its_code(hcm: AdministrativeUnit) -> None:
    summary = synth_people(province="79", persons=50, seed=1, as_of=AS_OF)

    assert summary.province == "79"
    assert summary.province_name == "Thành phố Hồ Chí Minh"


def test_bad_requests_are_refused_in_vietnamese(hcm: AdministrativeUnit) -> None:
    with pytest.raises(DomainError, match="Không có tỉnh, thành phố hiện hành mã “99”"):
        synth_people(province="99", persons=10)
    with pytest.raises(DomainError, match="phải lớn hơn 0"):
        synth_people(province=hcm, persons=0)
    with pytest.raises(DomainError, match="không phải tỉnh, thành phố hiện hành"):
        synth_people(province=AdministrativeUnit.objects.get(code="26734"), persons=10)
    empty = make_province("04", "Cao Bằng")
    with pytest.raises(DomainError, match="Cao Bằng chưa có xã, phường nào"):
        synth_people(province=empty, persons=10)
    assert not Person.objects.exists()


def test_the_command_prints_a_summary(hcm: AdministrativeUnit) -> None:
    out = StringIO()

    call_command("synth", "--persons", "1200", "--province", "79", "--seed", "3", stdout=out)

    text = out.getvalue()
    assert text.startswith("Đã tạo 1.200 nhân khẩu trong ")
    assert "xã, phường của Thành phố Hồ Chí Minh" in text
    assert "giây" in text
    assert Person.objects.count() == 1200


def test_the_command_names_what_is_wrong(hcm: AdministrativeUnit) -> None:
    with pytest.raises(CommandError, match="Không tạo được dữ liệu mô phỏng: Không có tỉnh"):
        call_command("synth", "--persons", "10", "--province", "98")
