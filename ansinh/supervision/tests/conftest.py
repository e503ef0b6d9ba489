"""Supervision fixtures: the payroll tests' ward in Ba Đình (three beneficiaries of the monthly
social assistance) with June's payroll approved and partly paid, postings and anomaly findings
in Ba Đình and next door in Ngọc Hà; and plans of the Fatherland Front of Ba Đình."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from ansinh.cases.models import Posting
from ansinh.integrity.models import Finding, FindingStatus
from ansinh.payroll.models import Cycle
from ansinh.payroll.services import Payment, lines_mark_paid, lines_mark_returned
from ansinh.payroll.tests.conftest import make_benefit, officers  # noqa: F401
from ansinh.payroll.tests.ward import Ward, approved, ward_fixture  # noqa: F401
from ansinh.policies.models import Policy
from ansinh.policies.tests.conftest import catalog, make_person  # noqa: F401
from ansinh.registry.models import Person
from ansinh.supervision.models import Body, Plan
from ansinh.supervision.services import PlanInput, member_add, plan_create, plan_start

PERIOD = (date(2026, 1, 1), date(2026, 12, 31))


@dataclass
class Records:
    ward: Ward
    cycle: Cycle
    posting_a: Posting
    posting_b: Posting
    finding_a: Finding
    finding_b: Finding
    person_b: Person


@pytest.fixture
def records(cast: Any, ward: Ward, geo: Any, make_person: Any) -> Records:  # noqa: F811
    cycle = approved(cast.officer_a, cast.leader_a)
    hoa, lanh, kien = (cycle.lines.get(person=p) for p in (ward.hoa, ward.lanh, ward.kien))
    lines_mark_paid(actor=cast.officer_a, cycle=cycle, line_ids=[hoa.pk, kien.pk],
                    payment=Payment(paid_on=date(2026, 6, 10)))
    lines_mark_returned(actor=cast.officer_a, cycle=cycle, line_ids=[lanh.pk],
                        reason="Đi viện, chưa đến nhận")
    posting_a = Posting.objects.create(commune=geo.commune_a, title="Danh sách tháng 3",
                                       opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 3),
                                       created_by=cast.officer_a)
    # Before the period: not counted.
    Posting.objects.create(commune=geo.commune_a, title="Danh sách năm trước",
                           opens_on=date(2025, 11, 3), closes_on=date(2025, 11, 4),
                           created_by=cast.officer_a)
    posting_b = Posting.objects.create(commune=geo.commune_b, title="Danh sách Ngọc Hà",
                                       opens_on=date(2026, 3, 2), closes_on=date(2026, 3, 3),
                                       created_by=cast.officer_b)
    finding_a = Finding.objects.create(
        rule="paid_after_death", key="a-1", unit=geo.commune_a, severity="high",
        summary="Chi trả sau khi đối tượng qua đời", person=ward.lanh, cycle=cycle)
    Finding.objects.create(rule="paid_after_death", key="a-2", unit=geo.commune_a,
                           severity="low", summary="Đã giải trình",
                           status=FindingStatus.EXPLAINED)
    finding_b = Finding.objects.create(rule="paid_after_death", key="b-1", unit=geo.commune_b,
                                       severity="high", summary="Ngọc Hà")
    person_b = make_person(born=date(1950, 1, 1), commune=geo.commune_b, name="Trần Văn Bắc")
    return Records(ward=ward, cycle=cycle, posting_a=posting_a, posting_b=posting_b,
                   finding_a=finding_a, finding_b=finding_b, person_b=person_b)


def plan_input(*scope_units: Any, **overrides: Any) -> PlanInput:
    values: dict[str, Any] = {
        "body": Body.MTTQ, "body_name": "Ban Thường trực Ủy ban MTTQ Việt Nam phường Ba Đình",
        "number": "15/KH-MTTQ-BTT", "issued_on": date(2026, 5, 11),
        "title": "Giám sát việc thực hiện chính sách trợ giúp xã hội",
        "legal_basis": "Hướng dẫn số 27/HD-MTTW-BTT ngày 28/4/2020",
        "period_from": PERIOD[0], "period_to": PERIOD[1],
        "contents": "Rà soát, xét duyệt, niêm yết, chi trả trợ cấp xã hội hằng tháng.",
        "scope_units": list(scope_units), "policies": list(Policy.objects.filter(code="TGXH")),
    }
    values.update(overrides)
    return PlanInput(**values)


def started_plan(actor: Any, unit: Any, *scope_units: Any, **overrides: Any) -> Plan:
    """A plan of the body at ``unit`` in progress, its head linked to ``actor``."""
    plan = plan_create(actor=actor, unit=unit, data=plan_input(*(scope_units or (unit,)),
                                                               **overrides))
    member_add(actor=actor, plan=plan, full_name="Nguyễn Thị Lan", position="Chủ tịch",
               organisation="Ủy ban MTTQ Việt Nam phường", user=actor, is_head=True)
    return plan_start(actor=actor, plan=plan)


@pytest.fixture
def plan(cast: Any, geo: Any) -> Plan:
    """The Fatherland Front of Ba Đình supervising Ba Đình, in progress."""
    return started_plan(cast.supervisor_a, geo.commune_a)


def future(days: int = 30) -> date:
    return timezone.localdate() + timedelta(days=days)
