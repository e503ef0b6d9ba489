"""Taking over the running list a commune kept before An Sinh: one decision, benefits with the
amounts the rules give, one audit event; a person the rules do not put in the category listed,
or another commune's person, is refused and nothing is recorded."""

from __future__ import annotations

from datetime import date

import pytest

from ansinh.cases.models import Benefit, Decision
from ansinh.cases.services import DecisionInput, TakeOverRow, benefits_take_over
from ansinh.core.errors import DomainError, PermissionDenied
from ansinh.core.models import AuditEvent
from ansinh.policies.models import Category, Policy

SIGNED = date(2025, 11, 14)
DECISION = DecisionInput(number="120/QĐ-UBND", signed_on=SIGNED, signer_name="Trần Văn Minh")


@pytest.fixture
def social_assistance(catalog):
    return Policy.objects.get(code="TGXH")


def _category(code):
    return Category.objects.get(policy__code="TGXH", code=code)


def test_it_records_one_decision_and_the_benefits_with_the_amounts_the_rules_give(
        social_assistance, cast, make_person):
    disabled = make_person(born=date(1950, 3, 2), disability="especially_severe")
    adult = make_person(born=date(1990, 5, 6), disability="severe")
    rows = [TakeOverRow(person=disabled, category=_category("K6"), start_month=date(2016, 4, 1)),
            TakeOverRow(person=adult, category=_category("K6"), start_month=date(2023, 1, 1))]
    decision = benefits_take_over(actor=cast.leader_a, commune=disabled.commune,
                                  policy=social_assistance, decision=DECISION, rows=rows)
    assert "Tiếp nhận danh sách 2 đối tượng đang hưởng" in decision.summary
    benefits = {b.person_id: b for b in Benefit.objects.filter(decision=decision)}
    # Hà Nội's own base level applies from 2026 only: the national 500.000 đ at the signing.
    assert (benefits[disabled.pk].hundredths, benefits[disabled.pk].monthly_amount) == (
        250, 1_250_000)
    assert (benefits[adult.pk].hundredths, benefits[adult.pk].monthly_amount) == (150, 750_000)
    assert benefits[disabled.pk].start_month == date(2016, 4, 1)
    assert all(b.base_parameters == "TGXH_MC" and not b.one_off for b in benefits.values())
    assert AuditEvent.objects.filter(action="cases.benefit.take_over").count() == 1


def test_a_person_the_rules_do_not_put_in_the_category_is_refused_and_nothing_is_recorded(
        social_assistance, cast, make_person):
    disabled = make_person(born=date(1950, 3, 2), disability="severe")
    healthy = make_person(born=date(1980, 1, 1), name="Lê Văn Khỏe")
    rows = [TakeOverRow(person=disabled, category=_category("K6"), start_month=date(2020, 1, 1)),
            TakeOverRow(person=healthy, category=_category("K6"), start_month=date(2020, 1, 1))]
    with pytest.raises(DomainError, match="Lê Văn Khỏe"):
        benefits_take_over(actor=cast.leader_a, commune=disabled.commune,
                           policy=social_assistance, decision=DECISION, rows=rows)
    assert not Decision.objects.exists() and not Benefit.objects.exists()


def test_it_refuses_an_officer_another_communes_person_and_a_start_after_the_decision(
        social_assistance, cast, geo, make_person):
    here = make_person(born=date(1950, 3, 2), disability="severe")
    there = make_person(born=date(1950, 3, 2), disability="severe", commune=geo.commune_b)
    k6 = _category("K6")
    with pytest.raises(PermissionDenied):
        benefits_take_over(actor=cast.officer_a, commune=geo.commune_a, policy=social_assistance,
                           decision=DECISION, rows=[TakeOverRow(here, k6, date(2020, 1, 1))])
    with pytest.raises(DomainError, match="không thuộc"):
        benefits_take_over(actor=cast.leader_a, commune=geo.commune_a, policy=social_assistance,
                           decision=DECISION, rows=[TakeOverRow(there, k6, date(2020, 1, 1))])
    with pytest.raises(DomainError, match="không sau"):
        benefits_take_over(actor=cast.leader_a, commune=geo.commune_a, policy=social_assistance,
                           decision=DECISION, rows=[TakeOverRow(here, k6, date(2025, 12, 1))])
    benefits_take_over(actor=cast.leader_a, commune=geo.commune_a, policy=social_assistance,
                       decision=DECISION, rows=[TakeOverRow(here, k6, date(2020, 1, 1))])
    # Taken over twice: the person already has a running benefit of the policy.
    with pytest.raises(DomainError, match="đang hưởng"):
        benefits_take_over(actor=cast.leader_a, commune=geo.commune_a, policy=social_assistance,
                           decision=DecisionInput("121/QĐ-UBND", SIGNED, "Trần Văn Minh"),
                           rows=[TakeOverRow(here, k6, date(2020, 1, 1))])
