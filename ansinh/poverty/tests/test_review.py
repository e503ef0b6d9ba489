"""Classification at the thresholds of both standards, urban and rural; a review campaign end to
end with a failed village vote; the recognised status flowing into eligibility from the date
of the decision."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from ansinh.core.errors import DomainError, PermissionDenied
from ansinh.policies.eligibility import person_entitlements
from ansinh.poverty.classification import INDICATOR_CODES, Income, classify
from ansinh.poverty.models import PointsCutoff, PointsItem, Review, SurveyStatus
from ansinh.poverty.services import (
    SurveyAnswers,
    Vote,
    meeting_record,
    review_open,
    review_post,
    review_recognise,
    survey_add,
    survey_save,
)
from ansinh.registry.models import Household, HouseholdPoverty

pytestmark = pytest.mark.django_db

THREE = set(INDICATOR_CODES[:3])
TWO = set(INDICATOR_CODES[:2])


@pytest.mark.parametrize(("at", "urban", "income", "deprived", "status"), [
    # Decree 07/2021: rural 1.500.000, urban 2.000.000, poor from 3 deprivations.
    (date(2026, 10, 1), False, 1_500_000, THREE, "poor"),
    (date(2026, 10, 1), False, 1_500_000, TWO, "near_poor"),
    (date(2026, 10, 1), False, 1_500_001, THREE, "average"),
    (date(2026, 10, 1), False, 2_250_001, THREE, ""),
    (date(2026, 10, 1), True, 2_000_000, THREE, "poor"),
    (date(2026, 10, 1), True, 2_000_000, TWO, "near_poor"),
    (date(2026, 10, 1), True, 2_000_001, TWO, "average"),
    (date(2026, 10, 1), True, 3_000_001, set(), ""),
    # Decree 351/2025 from 2027: rural 2.200.000, urban 2.800.000.
    (date(2027, 9, 1), False, 2_200_000, THREE, "poor"),
    (date(2027, 9, 1), False, 2_200_000, TWO, "near_poor"),
    (date(2027, 9, 1), False, 2_200_001, TWO, "average"),
    (date(2027, 9, 1), True, 2_800_000, THREE, "poor"),
    (date(2027, 9, 1), True, 2_800_001, THREE, "average"),
])
def test_classification_at_the_thresholds(catalog, at, urban, income, deprived, status):
    found = classify(at=at, urban=urban, income=Income(per_person=income), deprived=deprived)
    assert found.status == status
    assert f"chuẩn {found.line:,} đ".replace(",", ".") in found.reason
    if status in ("poor", "near_poor"):
        assert f"thiếu hụt {len(deprived)}/12 chỉ số" in found.reason


def test_points_tables_once_entered_replace_declared_income(catalog, geo, cast):
    found = classify(at=date(2026, 10, 1), urban=False, income=Income(score=120, cutoff=140),
                     deprived=THREE)
    assert found.status == "poor" and "điểm B1 120 ≤ 140" in found.reason


def _households(geo, n: int, *, status: str = "", urban: bool = False) -> list[Household]:
    return [Household.objects.create(commune=geo.commune_a, code=f"H-{status or 'x'}-{i}",
                                     is_urban=urban, poverty_status=status,
                                     poverty_year=2025 if status else None)
            for i in range(n)]


POOR_FORMS = SurveyAnswers(members=4, declared_income=5_000_000, deprivations=sorted(THREE))
NEAR_FORMS = SurveyAnswers(members=4, declared_income=5_000_000, deprivations=sorted(TWO))
ESCAPED_FORMS = SurveyAnswers(members=3, declared_income=6_000_000, deprivations=[])


def test_a_review_from_listing_to_recognition_with_a_failed_vote(catalog, cast, geo):
    officer, leader = cast.officer_a, cast.leader_a
    year = timezone.localdate().year
    poor = _households(geo, 2, status="poor")
    near = _households(geo, 1, status="near_poor")
    applicant = _households(geo, 1)[0]
    review = review_open(actor=officer, commune=geo.commune_a, year=year, kind="annual",
                         plan="Kế hoạch số 120/KH-UBND")
    assert review.surveys.count() == 3  # the current list
    with pytest.raises(DomainError, match="đã có đợt rà soát"):
        review_open(actor=officer, commune=geo.commune_a, year=year, kind="annual")
    survey_add(actor=officer, review=review, household=applicant)
    surveys = {s.household_id: s for s in review.surveys.all()}
    # A draft first (the enumerator's phone lost its link), then the same draft submitted.
    draft = survey_save(actor=officer, survey=surveys[poor[0].pk], answers=POOR_FORMS,
                        submit=False)
    assert draft.status == SurveyStatus.DRAFT and draft.result == ""
    for household, forms in ((poor[0], POOR_FORMS), (poor[1], ESCAPED_FORMS),
                             (near[0], NEAR_FORMS), (applicant, POOR_FORMS)):
        survey_save(actor=officer, survey=surveys[household.pk], answers=forms, submit=True)
    results = dict(review.surveys.values_list("household_id", "result"))
    assert results == {poor[0].pk: "poor", poor[1].pk: "average", near[0].pk: "near_poor",
                       applicant.pk: "poor"}

    # The meeting does not agree on the applicant (3 of 10): surveyed again.
    votes = [Vote(surveys[h.pk], 9, 10) for h in (poor[0], poor[1], near[0])]
    assert meeting_record(actor=officer, review=review,
                          votes=[*votes, Vote(surveys[applicant.pk], 3, 10)]) == (3, 1)
    with pytest.raises(DomainError, match="chưa được họp dân thống nhất"):
        review_post(actor=officer, review=review, posted_from=timezone.localdate())
    again = survey_save(actor=officer, survey=surveys[applicant.pk], answers=NEAR_FORMS,
                        submit=True)
    assert again.result == "near_poor" and again.votes_total is None
    meeting_record(actor=officer, review=review, votes=[Vote(again, 5, 10)])  # half: enough
    posted_from = timezone.localdate().replace(day=1) if timezone.localdate().day > 10 \
        else date(year, 1, 5)
    review = review_post(actor=officer, review=review, posted_from=posted_from)
    assert review.posted_to is not None and review.posted_to > posted_from
    with pytest.raises(PermissionDenied):
        review_recognise(actor=officer, review=review, decision="99/QĐ-UBND",
                         decided_on=timezone.localdate())
    review = review_recognise(actor=leader, review=review, decision="99/QĐ-UBND",
                              decided_on=timezone.localdate())
    recorded = {hp.household_id: (hp.status, hp.decided_on)
                for hp in HouseholdPoverty.objects.filter(year=year)}
    assert recorded[poor[0].pk] == ("poor", timezone.localdate())
    assert recorded[poor[1].pk][0] == "average"  # escaped poverty
    assert recorded[applicant.pk][0] == "near_poor"
    assert Household.objects.get(pk=poor[1].pk).poverty_status == "average"
    certificates = sorted(review.surveys.exclude(certificate="").values_list("certificate",
                                                                          flat=True))
    assert certificates == [f"{year}-0001", f"{year}-0002", f"{year}-0003"]
    assert Review.objects.get(pk=review.pk).status == "recognised"


def test_a_recognised_status_counts_for_eligibility_from_its_decision(
        catalog, cast, geo, make_person):
    """A 72-year-old in a household recognised as poor on a date: the social pension for
    70–74-year-olds of poor households applies from that date, not before."""
    person = make_person(born=date(1954, 2, 1), commune=geo.commune_a, name="Đỗ Văn Tư")
    household = person.household
    decided = date(2026, 6, 15)
    from ansinh.registry.services import household_set_poverty

    household_set_poverty(actor=cast.officer_a, household=household, year=2026, status="poor",
                          decided_on=decided)

    def pension(at: date) -> bool:
        return any(e.category == "HT70" for e in person_entitlements(person.pk, at))

    assert not pension(date(2026, 6, 14))
    assert pension(decided) and pension(date(2026, 9, 1))


def test_b1_points_are_used_when_the_tables_are_entered(catalog, cast, geo):
    PointsCutoff.objects.create(valid_from=date(2022, 1, 1), area="rural", max_points=140)
    for code, points in (("nha_o", 60), ("tai_san", 50), ("lao_dong", 40)):
        PointsItem.objects.create(valid_from=date(2022, 1, 1), area="rural", code=code,
                                  label=code, points=points)
    [household] = _households(geo, 1, status="poor")
    review = review_open(actor=cast.officer_a, commune=geo.commune_a,
                         year=timezone.localdate().year, kind="ad_hoc")
    survey = review.surveys.get() if review.surveys.exists() else survey_add(
        actor=cast.officer_a, review=review, household=household)
    done = survey_save(actor=cast.officer_a, survey=survey, submit=True, answers=SurveyAnswers(
        points={"nha_o": True, "tai_san": True}, deprivations=sorted(THREE)))
    assert done.result == "poor" and "điểm B1 110 ≤ 140" in done.reason
    with pytest.raises(DomainError, match="không có trong bảng điểm"):
        survey_save(actor=cast.officer_a, survey=survey, submit=True,
                    answers=SurveyAnswers(points={"xe_may": True}))
