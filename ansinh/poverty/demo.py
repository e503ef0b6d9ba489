"""Demo part: this year's poverty review of the demo ward, in progress as a commune's would be in
late autumn — the current list and two applicants listed, most households surveyed (a few
forms still drafts), the village meeting held for some, one of them not agreed and surveyed
again — and help plans for a few poor households with targets per residential group."""

from __future__ import annotations

import random

from django.utils import timezone

from ansinh.core.demo import DemoSite
from ansinh.policies.models import Policy
from ansinh.poverty.classification import INDICATOR_CODES
from ansinh.poverty.models import Measure, Review, ReviewKind, SurveyStatus
from ansinh.poverty.services import (
    SurveyAnswers,
    Vote,
    group_target_set,
    help_plan_save,
    meeting_record,
    review_open,
    survey_add,
    survey_save,
)
from ansinh.registry.models import Household, PovertyStatus

APPLICANTS = 2
HELPED = 5


def populate(site: DemoSite) -> None:
    commune, officer = site.commune, site.user("demo.canbo")
    year = timezone.localdate().year
    if Review.objects.filter(commune=commune, year=year, kind=ReviewKind.ANNUAL).exists():
        return
    if not Policy.objects.filter(code="CHUANNGHEO").exists():
        # The poverty lines come from the policy catalogue (`ansinh setup` loads it first).
        site.lines.append("rà soát hộ nghèo: bỏ qua, chưa nạp danh mục chính sách")
        return
    rng = random.Random(2026)  # noqa: S311 - demo data, reproducible
    review = review_open(actor=officer, commune=commune, year=year, kind=ReviewKind.ANNUAL,
                         plan=f"Kế hoạch số 120/KH-UBND ngày 25/8/{year} về rà soát hộ nghèo, "
                              f"hộ cận nghèo năm {year}")
    others = Household.objects.filter(commune=commune, is_active=True, poverty_status="") \
        .order_by("code")[:APPLICANTS]
    for household in others:
        survey_add(actor=officer, review=review, household=household)
    surveys = list(review.surveys.select_related("household").order_by("household__code"))
    submitted = []
    for index, survey in enumerate(surveys):
        answers = _answers(rng, survey.previous_status)
        draft = index % 7 == 6  # a few enumerators have not sent their forms yet
        survey_save(actor=officer, survey=survey, answers=answers, submit=not draft)
        if not draft:
            submitted.append(survey)
    voted = submitted[: len(submitted) // 2]
    votes = [Vote(s, 18, 20) for s in voted[1:]] + [Vote(s, 7, 20) for s in voted[:1]]
    if votes:
        meeting_record(actor=officer, review=review, votes=votes)
    _help_plans(site, year)
    site.lines.append(
        f"rà soát hộ nghèo năm {year}: {len(surveys)} hộ, "
        f"{review.surveys.filter(status=SurveyStatus.AGREED).count()} hộ đã họp dân thống nhất, "
        f"{review.surveys.filter(status=SurveyStatus.RESURVEY).count()} hộ khảo sát lại")


def _answers(rng: random.Random, previous: str) -> SurveyAnswers:
    """Forms that mostly confirm the household's classification, some that do not."""
    members = rng.randint(1, 6)
    roll = rng.random()
    if previous == PovertyStatus.POOR and roll < 0.8 or previous == "" and roll < 0.3:
        income, deprived = rng.randint(800_000, 1_900_000), rng.randint(3, 6)
    elif previous in (PovertyStatus.POOR, PovertyStatus.NEAR_POOR) and roll < 0.85:
        income, deprived = rng.randint(900_000, 1_950_000), rng.randint(0, 2)
    else:
        income, deprived = rng.randint(2_100_000, 3_500_000), rng.randint(0, 2)
    return SurveyAnswers(members=members, declared_income=income * members,
                         deprivations=rng.sample(INDICATOR_CODES, deprived))


def _help_plans(site: DemoSite, year: int) -> None:
    officer = site.user("demo.canbo")
    poor = Household.objects.filter(commune=site.commune, poverty_status=PovertyStatus.POOR) \
        .select_related("residential_group").order_by("code")[:HELPED]
    measures = [Measure.CREDIT, Measure.TRAINING, Measure.JOBS, Measure.HOUSING]
    for index, household in enumerate(poor):
        help_plan_save(actor=officer, household=household, year=year,
                       helper=f"Hội Liên hiệp Phụ nữ phường (tổ {index + 1})",
                       measures=[measures[index % len(measures)], Measure.PRODUCTION],
                       escape_by=year + 1, progress="Đã giải ngân vốn vay 50.000.000 đ."
                       if index % 2 == 0 else "")
    for group in site.commune.residential_groups.order_by("name")[:5]:
        group_target_set(actor=officer, group=group, year=year, escape_target=2)
