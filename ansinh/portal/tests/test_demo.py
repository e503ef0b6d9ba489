"""The demo ward's portal: feedback answered and overdue, a quarter's ratings; run twice."""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_the_demo_ward_has_feedback_and_ratings_on_its_portal(geo, catalog):
    from ansinh.portal.demo import RATINGS
    from ansinh.portal.models import Feedback, Vote
    from ansinh.portal.services import feedback_overdue_q

    call_command("demo")
    call_command("demo")
    assert Feedback.objects.filter(status="answered").count() == 1
    assert Feedback.objects.filter(feedback_overdue_q()).count() == 1
    assert Vote.objects.count() == len(RATINGS)
