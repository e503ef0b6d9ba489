"""The eligibility engine: categories, coefficients and amounts either side of each change of
the base level, the overlap rules, start months, provincial overrides, and the same answers for
one person and for a whole commune."""

from __future__ import annotations

import random
from datetime import date

import pytest

from ansinh.policies.eligibility import (
    commune_entitlements,
    format_coefficient,
    person_entitlements,
    start_month,
)
from ansinh.policies.models import Circumstance, CircumstanceKind

BEFORE_2024 = date(2024, 6, 30)  # base level 360.000 đ
FROM_2024 = date(2024, 7, 1)  # base level 500.000 đ


def _years_before(at: date, years: int, months: int = 0) -> date:
    """A birth date making the person ``years`` old (and some months) at ``at``."""
    month = at.month - months
    year = at.year - years
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1)


def _paid(person, at):
    return {(e.category, e.amount) for e in person_entitlements(person.pk, at) if e.paid}


# (description, person facts, category, coefficient in hundredths)
CASES = [
    ("trẻ 3 tuổi mồ côi", dict(age=3, circumstances=("no_support",)), "K1", 250),
    ("trẻ 5 tuổi mồ côi", dict(age=5, circumstances=("no_support",)), "K1", 150),
    ("18 tuổi mồ côi đang đi học", dict(age=18, circumstances=("no_support", "studying")),
     "K2", 150),
    ("trẻ 3 tuổi nhiễm HIV hộ nghèo", dict(age=3, hiv=True, poverty="poor"), "K3", 250),
    ("trẻ 10 tuổi nhiễm HIV hộ nghèo", dict(age=10, hiv=True, poverty="poor"), "K3", 200),
    ("người cao tuổi 70 hộ nghèo không người phụng dưỡng",
     dict(age=70, poverty="poor", circumstances=("no_supporter",)), "K5a", 150),
    ("người cao tuổi 77 hộ cận nghèo xã đặc biệt khó khăn",
     dict(age=77, poverty="near_poor", circumstances=("difficult_area",)), "K5b", 100),
    ("82 tuổi không lương hưu", dict(age=82), "K5c", 100),
    ("70 tuổi nghèo cô đơn chăm sóc cộng đồng",
     dict(age=70, poverty="poor", circumstances=("community_care",)), "K5d", 300),
    ("khuyết tật đặc biệt nặng 40 tuổi", dict(age=40, disability="especially_severe"), "K6", 200),
    ("khuyết tật đặc biệt nặng 10 tuổi", dict(age=10, disability="especially_severe"), "K6", 250),
    ("khuyết tật nặng 40 tuổi", dict(age=40, disability="severe"), "K6", 150),
    ("khuyết tật nặng 65 tuổi", dict(age=65, disability="severe"), "K6", 200),
    ("trẻ 2 tuổi hộ nghèo xã đặc biệt khó khăn",
     dict(age=2, poverty="poor", circumstances=("difficult_area",)), "K7", 150),
    ("nhiễm HIV hộ nghèo không thu nhập ổn định",
     dict(age=30, hiv=True, poverty="poor", circumstances=("no_stable_income",)), "K8", 150),
]


@pytest.mark.parametrize(("at", "base"), [(BEFORE_2024, 360_000), (FROM_2024, 500_000)])
@pytest.mark.parametrize(("label", "facts", "category", "hundredths"), CASES,
                         ids=[c[0] for c in CASES])
def test_each_category_pays_its_coefficient_times_the_base_level_in_force(
        catalog, make_person, at, base, label, facts, category, hundredths):
    facts = dict(facts)
    person = make_person(born=_years_before(at, facts.pop("age"), months=1), **facts)
    assert _paid(person, at) == {(category, base * hundredths // 100)}


def test_no_category_without_the_facts_it_needs(catalog, make_person):
    assert _paid(make_person(born=_years_before(FROM_2024, 82), pension="pension"), FROM_2024) \
        == set()
    assert _paid(make_person(born=_years_before(FROM_2024, 70), poverty="poor"), FROM_2024) \
        == set()  # no "no supporter" circumstance
    assert _paid(make_person(born=_years_before(FROM_2024, 40), disability="mild"), FROM_2024) \
        == set()


def test_the_explanation_cites_the_article_the_coefficient_and_the_base_level(
        catalog, make_person):
    person = make_person(born=_years_before(FROM_2024, 82))
    [entitlement] = person_entitlements(person.pk, FROM_2024)
    assert entitlement.explanation == (
        "Người từ đủ 80 tuổi không có lương hưu — điểm c khoản 5 Điều 5 Nghị định "
        "20/2021/NĐ-CP: hệ số 1,0 × mức chuẩn trợ giúp xã hội 500.000 đ = 500.000 đ/tháng")


def test_only_the_highest_coefficient_is_paid(catalog, make_person):
    person = make_person(born=_years_before(FROM_2024, 85), poverty="poor",
                         circumstances=("no_supporter",))
    results = {e.category: e for e in person_entitlements(person.pk, FROM_2024)}
    assert results["K5a"].paid and results["K5a"].amount == 1_000_000
    assert not results["K5c"].paid
    assert "không cộng dồn" in results["K5c"].explanation


@pytest.mark.parametrize(("other", "both"), [
    (dict(disability="especially_severe"), True),  # K4 + K6: both
    (dict(circumstances=("no_support", "studying")), False),  # K4 + K2: the higher only
])
def test_a_single_parent_keeps_both_allowances_only_with_k5_k6_or_k8(
        catalog, make_person, other, both):
    circumstances = ("single_parent", *other.pop("circumstances", ()))
    parent = make_person(born=_years_before(FROM_2024, 20), poverty="poor",
                         circumstances=circumstances, **other)
    make_person(born=_years_before(FROM_2024, 2), household=parent.household)
    make_person(born=_years_before(FROM_2024, 5), household=parent.household)
    paid = _paid(parent, FROM_2024)
    if both:
        assert paid == {("K4", 2 * 500_000), ("K6", 1_000_000)}
    else:  # K4 for two children (1.000.000) beats K2 (750.000)
        assert paid == {("K4", 1_000_000)}


def test_the_social_pension_and_the_allowance_are_not_added(catalog, make_person, geo):
    born = _years_before(date(2026, 1, 1), 82)
    saigon = make_person(born=born, commune=geo.commune_c)
    assert _paid(saigon, date(2025, 6, 30)) == {("K5c", 500_000)}
    # From 1/7/2025 the social pension (500.000 đ) equals K5c: the pension is paid.
    assert _paid(saigon, date(2025, 7, 1)) == {("HT75", 500_000)}
    # Hà Nội adds 150.000 đ to the social pension: 650.000 đ beats K5c (500.000 đ)…
    hanoi = make_person(born=born)
    assert _paid(hanoi, date(2025, 7, 1)) == {("HT75", 650_000)}
    # …and from 1/1/2026 equals K5c on Hà Nội's base level of 650.000 đ.
    results = {e.category: e for e in person_entitlements(hanoi.pk, date(2026, 1, 1))}
    assert results["HT75"].paid and not results["K5c"].paid
    assert results["K5c"].amount == 650_000


def test_a_provincial_override_raises_the_base_level_only_in_its_province(
        catalog, make_person, geo):
    at = date(2026, 2, 1)
    hanoi = make_person(born=_years_before(at, 40), disability="severe")
    saigon = make_person(born=_years_before(at, 40), disability="severe",
                         commune=geo.commune_c)
    assert _paid(hanoi, at) == {("K6", 975_000)}  # 1,5 × 650.000
    assert _paid(saigon, at) == {("K6", 750_000)}  # 1,5 × 500.000
    [entitlement] = person_entitlements(hanoi.pk, at)
    assert "(Thành phố Hà Nội)" in entitlement.explanation


def test_a_pending_base_level_is_not_used_until_confirmed(catalog, make_person, geo):
    from ansinh.policies.models import Confidence, ParameterVersion

    at = date(2026, 8, 1)
    person = make_person(born=_years_before(at, 40), disability="severe", commune=geo.commune_c)
    assert _paid(person, at) == {("K6", 750_000)}
    pending = ParameterVersion.objects.get(parameter__code="TGXH_MC", value=540_000)
    pending.confidence = Confidence.VERIFIED
    pending.save()
    assert _paid(person, at) == {("K6", 810_000)}


def test_a_parameter_is_known_only_where_and_when_a_usable_value_exists(catalog, geo):
    from ansinh.policies.parameters import ParameterTable

    table = ParameterTable()
    assert table.has("TGXH_MC", date(2024, 7, 1))
    assert not table.has("TGXH_MC", date(2020, 1, 1))  # before the first value
    assert not table.has("KHONG_CO", date(2024, 7, 1))
    assert not table.has("KHONG_CO", date(2024, 7, 1), province=geo.hanoi.code)
    assert table.has("NQ42_SO_THANG", date(2020, 4, 10))


def test_longevity_gifts_follow_the_age_reached_in_the_year_and_the_province(
        catalog, make_person, geo):
    at = date(2026, 3, 1)
    ninety = make_person(born=date(1936, 11, 5))  # turns 90 in 2026
    saigon_ninety = make_person(born=date(1936, 11, 5), commune=geo.commune_c)
    seventy_one = make_person(born=date(1955, 1, 1))
    assert ("MT90", 650_000) in _paid(ninety, at)
    assert ("MT90", 1_800_000) in _paid(saigon_ninety, at)
    assert not {c for c, _a in _paid(seventy_one, at)} & {"MT90", "MT100"}


@pytest.mark.parametrize(("rule", "birth", "certificate", "expected"), [
    ("decision", date(1940, 5, 17), None, date(2026, 3, 1)),
    ("turns_80", date(1946, 2, 10), None, date(2026, 2, 1)),  # received in February
    ("turns_80", date(1946, 1, 1), None, date(2026, 2, 1)),  # year only: January, not before
    ("turns_80", date(1930, 4, 2), None, date(2026, 2, 1)),  # long past 80: from the request
    ("turns_75", date(1951, 2, 20), None, date(2026, 2, 1)),
    ("disability_certificate", None, date(2026, 2, 25), date(2026, 2, 1)),
])
def test_start_months(rule, birth, certificate, expected):
    assert start_month(rule, received_on=date(2026, 2, 3), decided_on=date(2026, 3, 2),
                       birth_date=birth, certificate_on=certificate) == expected


def test_coefficients_read_with_a_decimal_comma():
    assert [format_coefficient(h) for h in (100, 150, 250, 125, 2000)] == [
        "1,0", "1,5", "2,5", "1,25", "20,0"]


def test_one_person_and_the_whole_commune_give_the_same_answers(catalog, geo):
    from ansinh.registry.models import Person
    from ansinh.registry.synth import synth_people

    synth_people(province=geo.hanoi, persons=600, commune=geo.commune_a, seed=3)
    rng = random.Random(5)
    persons = list(Person.objects.filter(commune=geo.commune_a))
    Circumstance.objects.bulk_create(
        Circumstance(person=p, kind=rng.choice(CircumstanceKind.values),
                     valid_from=date(2020, 1, 1)) for p in rng.sample(persons, 200))
    at = date(2025, 9, 1)
    whole = commune_entitlements([geo.commune_a.pk], at)
    assert whole.height > 50  # a realistic commune has older and disabled persons
    by_person: dict[int, set[tuple[str, int, bool]]] = {}
    for row in whole.iter_rows(named=True):
        by_person.setdefault(row["person_id"], set()).add(
            (row["category"], row["amount"], row["paid"]))
    for person in persons:
        alone = {(e.category, e.amount, e.paid) for e in person_entitlements(person.pk, at)}
        assert alone == by_person.get(person.pk, set()), person.pk


def test_loading_the_catalog_again_changes_nothing_and_keeps_confirmations(geo, tmp_path):
    from django.core.management import call_command

    from ansinh.accounts.models import User
    from ansinh.policies.catalog import catalog_load
    from ansinh.policies.models import ParameterVersion

    first = catalog_load()
    assert first.created > 50 and not first.waiting
    # An administrator confirmed the pending base level: the catalog still says "pending".
    admin = User.objects.create(username="qt")
    pending = ParameterVersion.objects.get(parameter__code="TGXH_MC", value=540_000)
    ParameterVersion.objects.filter(pk=pending.pk).update(confidence="verified", confirmed_by=admin)
    again = catalog_load()
    assert (again.created, again.updated) == (0, 0)
    assert ParameterVersion.objects.get(pk=pending.pk).confidence == "verified"
    bad = tmp_path / "sai.toml"
    bad.write_text('[policy]\ncode = "X"\nname = "X"\nkind = "monthly"\nlegal_basis = "-"\n'
                   '[[categories]]\ncode = "A"\nname = "A"\nlegal_ref = "-"\nrule = "khong-co"\n')
    with pytest.raises(Exception, match="quy tắc “khong-co” không có"):
        call_command("policies_load", dir=str(tmp_path))
