"""The demo ward's poverty review: in progress, with a failed vote and drafts, run twice."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from ansinh.poverty.models import HelpPlan, Review, SurveyStatus

pytestmark = pytest.mark.django_db


def test_the_demo_ward_is_reviewing_its_poor_households(geo, catalog):
    call_command("demo")
    call_command("demo")  # a second run adds nothing
    review = Review.objects.get()
    statuses = set(review.surveys.values_list("status", flat=True))
    assert {SurveyStatus.AGREED, SurveyStatus.RESURVEY, SurveyStatus.DRAFT,
            SurveyStatus.SUBMITTED} <= statuses
    assert review.surveys.filter(source="applicant").count() == 2
    resurvey = review.surveys.get(status=SurveyStatus.RESURVEY)
    assert (resurvey.votes_agree or 0) * 2 < (resurvey.votes_total or 0)
    assert HelpPlan.objects.count() > 0

