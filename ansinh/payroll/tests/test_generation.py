"""Generating cycles: amounts month by month around base-level changes, arrears, recoveries,
deaths, regeneration, refusal once approved, and one cycle however many generations race."""

from __future__ import annotations

from datetime import date

import pytest

from ansinh.core.errors import DomainError, PermissionDenied
from ansinh.payroll.models import Cycle, Line, LineKind
from ansinh.payroll.services import cycle_approve, cycle_generate
from ansinh.policies.models import Policy


def _generate(officer, commune, month, policy="TGXH"):
    return cycle_generate(actor=officer, commune=commune,
                          policy=Policy.objects.get(code=policy), month=month)


def _lines(cycle):
    return sorted((line.kind, line.for_month, line.amount)
                  for line in Line.objects.filter(cycle=cycle))


def test_a_first_cycle_pays_each_benefit_its_amount_for_the_month(
        catalog, geo, officers, make_person, make_benefit):
    officer, _leader = officers
    disabled = make_person(born=date(1980, 6, 1), disability="severe", commune=geo.commune_c,
                           name="Lê Thị Hoa")
    make_benefit(disabled, "K6", start=date(2024, 1, 1), hundredths=150)
    cycle = _generate(officer, geo.commune_c, date(2024, 6, 1))
    assert _lines(cycle) == [(LineKind.REGULAR, date(2024, 6, 1), 540_000)]  # 1,5 × 360.000
    [line] = cycle.lines.all()
    assert (line.full_name, line.birth_year, line.category_code, line.base) == (
        "Lê Thị Hoa", 1980, "K6", 360_000)
    assert (cycle.lines_count, cycle.persons, cycle.total) == (1, 1, 540_000)
