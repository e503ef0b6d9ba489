"""The poverty review's proposed list on the public board while it is posted: households named
by their head, with their group and classification, nothing of their forms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from ansinh.poverty.classification import INDICATOR_CODES
from ansinh.poverty.services import (
    SurveyAnswers,
    Vote,
    meeting_record,
    review_open,
    review_post,
    survey_save,
)
from ansinh.registry.models import Household, Person

pytestmark = pytest.mark.django_db


def test_a_posted_review_is_on_the_public_board_only_while_posted(cast, geo, catalog):
    household = Household.objects.create(commune=geo.commune_a, code="HN-01",
                                         poverty_status="poor", poverty_year=2025)
    Person.objects.create(household=household, commune=geo.commune_a, full_name="Vũ Văn Hậu",
                          name_key="vu van hau", sex="M", birth_year=1970, relationship="head")
    other = Household.objects.create(commune=geo.commune_a, code="HN-02",
                                     poverty_status="near_poor", poverty_year=2025)
    officer = cast.officer_a
    review = review_open(actor=officer, commune=geo.commune_a,
                         year=timezone.localdate().year, kind="annual")
    poor = review.surveys.get(household=household)
    escaped = review.surveys.get(household=other)
    survey_save(actor=officer, survey=poor, submit=True, answers=SurveyAnswers(
        members=3, declared_income=3_300_000, deprivations=list(INDICATOR_CODES[:4])))
    survey_save(actor=officer, survey=escaped, submit=True, answers=SurveyAnswers(
        members=2, declared_income=8_000_000))
    meeting_record(actor=officer, review=review, votes=[Vote(poor, 15, 20), Vote(escaped, 15, 20)])
    client = Client()
    page = f"/cong-khai/{geo.commune_a.code}/"
    assert "Dự kiến danh sách hộ nghèo" not in client.get(page).content.decode()
    review = review_post(actor=officer, review=review,
                         posted_from=timezone.localdate() - timedelta(days=1))
    home = client.get(page).content.decode()
    assert "Dự kiến danh sách hộ nghèo" in home
    listed = client.get(f"/cong-khai/{geo.commune_a.code}/ra-soat/{review.pk}/")
    html = listed.content.decode()
    assert listed.status_code == 200
    assert "Vũ Văn Hậu" in html and "Hộ nghèo" in html
    assert "HN-02" not in html  # above the lines: not on the list
    assert "1.100.000" not in html and "thiếu hụt" not in html  # nothing of the forms
    assert client.get(f"/cong-khai/{geo.commune_b.code}/ra-soat/{review.pk}/").status_code \
        == 404
