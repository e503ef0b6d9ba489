"""The demo ward's supervision: a plan in progress resting on Kế hoạch số 15/KH-MTTQ-BTT, a
delegation of three led by the demo supervisor, two findings, two recommendations of which one
is overdue and shows on the ward officer's home page."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from ansinh.accounts.models import User
from ansinh.supervision.models import Plan

pytestmark = pytest.mark.django_db


def test_the_demo_ward_is_being_supervised(geo, client_as):
    call_command("demo")
    call_command("demo")  # a second run adds nothing
    plan = Plan.objects.get()
    assert plan.status == "in_progress" and plan.body == "mttq"
    assert "Kế hoạch số 15/KH-MTTQ-BTT ngày 11/5/2020" in plan.legal_basis
    supervisor = User.objects.get(username="demo.giamsat")
    assert plan.members.count() == 3
    assert plan.members.get(is_head=True).user == supervisor
    assert plan.observations.count() == 2
    recommendations = list(plan.recommendations.order_by("deadline"))
    assert [r.is_overdue() for r in recommendations] == [True, False]
    home = client_as(User.objects.get(username="demo.canbo")).get("/").content.decode()
    assert "Quá hạn từ" in home and recommendations[0].text[:40] in home
    supervisor.assignment = supervisor.active_assignment
    page = client_as(supervisor).get(plan.get_absolute_url()).content.decode()
    assert 'data-overdue="1"' in page
