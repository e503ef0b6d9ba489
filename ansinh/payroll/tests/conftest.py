"""Shared payroll fixtures: benefits made directly (the dossier route is tested in cases)."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

import pytest

from ansinh.cases.models import Benefit, Decision
from ansinh.policies.models import Category
from ansinh.policies.tests.conftest import catalog, make_person  # noqa: F401  (shared fixtures)

_numbers = count(1)


@pytest.fixture
def officers(make_user, geo):
    """The officer and the leader of commune C (Hồ Chí Minh City: no provincial override)."""
    from ansinh.accounts.models import Role

    return (make_user("canbo.c", (Role.COMMUNE_OFFICER, geo.commune_c)),
            make_user("lanhdao.c", (Role.COMMUNE_LEADER, geo.commune_c)))


@pytest.fixture
def make_benefit(officers):
    """``make_benefit(person, "K6", start=date(...), hundredths=150)``: a running benefit."""
    officer, _leader = officers

    def make(person: Any, code: str, *, start: date, hundredths: int, policy: str = "TGXH",
             parameters: str = "TGXH_MC", multiplier: int = 1, end: date | None = None,
             status: str = "active", status_from: date | None = None,
             one_off_amount: int = 0) -> Benefit:
        decision = Decision.objects.create(
            commune=person.commune, number=f"{next(_numbers)}/QĐ-UBND", signed_on=start,
            signer_name="Trần Văn Bình", summary="", recorded_by=officer)
        category = Category.objects.get(policy__code=policy, code=code)
        return Benefit.objects.create(
            person=person, commune=person.commune, policy=category.policy, category=category,
            hundredths=hundredths, multiplier=multiplier,
            base_parameters="" if one_off_amount else parameters,
            monthly_amount=one_off_amount, one_off=bool(one_off_amount), start_month=start,
            end_month=end if not one_off_amount else start, status=status,
            status_from=status_from, decision=decision)

    return make
