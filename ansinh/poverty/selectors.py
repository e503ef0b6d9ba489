"""Reads over the poverty reviews, their surveys, the year-over-year movements of the registry's
poverty history, help plans and targets, all limited to what the acting user may see.

A review, a survey or a household outside the user's units is a ``NotFound`` (a 404).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role, RoleAssignment, User
from ansinh.core.errors import NotFound
from ansinh.core.scoping import WHOLE_COUNTRY, acting_assignment, path_q, scope_path, visible_to
from ansinh.geo.models import AdministrativeUnit, ResidentialGroup, UnitLevel
from ansinh.poverty.models import (
    Area,
    GroupTarget,
    HelpPlan,
    Measure,
    PointsCutoff,
    PointsItem,
    Review,
    ReviewStatus,
    Survey,
    SurveyStatus,
)
from ansinh.registry.models import Household, HouseholdPoverty, Person, PovertyStatus, Relationship

# Who writes in a review (the services check it again): the commune's officers and leader.
WRITING_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER, Role.SYSTEM_ADMIN})
OPEN_SURVEY = (SurveyStatus.TO_SURVEY, SurveyStatus.DRAFT, SurveyStatus.RESURVEY)


def may_write(user: Any) -> bool:
    assignment = acting_assignment(user)
    return assignment is not None and assignment.role in WRITING_ROLES


def may_recognise(user: Any) -> bool:
    assignment = acting_assignment(user)
    return assignment is not None and assignment.role in (Role.COMMUNE_LEADER,
                                                          Role.SYSTEM_ADMIN)


def may_edit_points(user: Any) -> bool:
    assignment = acting_assignment(user)
    return assignment is not None and assignment.role in (Role.SYSTEM_ADMIN,
                                                          Role.PROVINCE_OFFICER)


# --- reviews -------------------------------------------------------------------------------

def reviews_for(user: Any) -> QuerySet[Review]:
    return visible_to(Review.objects.select_related("commune"), user).annotate(
        survey_count=Count("surveys"),
        done_count=Count("surveys", filter=Q(surveys__status__in=[SurveyStatus.SUBMITTED,
                                                                  SurveyStatus.AGREED]))) \
        .order_by("-year", "-id")


def review_get_for_user(user: Any, pk: int) -> Review:
    review = visible_to(Review.objects.select_related("commune", "created_by"), user) \
        .filter(pk=pk).first()
    if review is None:
        raise NotFound(_("Không tìm thấy đợt rà soát."))
    return review


def commune_options(user: Any) -> list[AdministrativeUnit]:
    """The communes where the user may open a review."""
    units = visible_to(AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE,
                                                         valid_to__isnull=True), user)
    return list(units.order_by("name")[:500])


def _head_name() -> Subquery:
    heads = Person.objects.filter(household=OuterRef("household_id"),
                                  relationship=Relationship.HEAD).order_by("pk")
    return Subquery(heads.values("full_name")[:1])


def review_surveys(review: Review) -> QuerySet[Survey]:
    return (review.surveys.select_related("household", "household__residential_group",
                                          "enumerator")
            .annotate(head_name=_head_name()).order_by("household__code"))


def survey_get_for_user(user: Any, pk: int) -> Survey:
    survey = visible_to(Survey.objects.select_related(
        "review", "review__commune", "household", "household__residential_group", "enumerator")
        .annotate(head_name=_head_name()), user).filter(pk=pk).first()
    if survey is None:
        raise NotFound(_("Không tìm thấy phiếu rà soát."))
    return survey


def surveys_by_ids(review: Review, ids: list[int]) -> list[Survey]:
    return list(review.surveys.filter(pk__in=ids).select_related("household"))


@dataclass
class ReviewCounts:
    total: int = 0
    by_status: list[tuple[str, str, int]] = field(default_factory=list)  # (status, label, n)
    by_result: list[tuple[str, str, int]] = field(default_factory=list)  # (value, label, n)
    # Residential group → its counts: (group name, total, poor, near-poor, submitted)
    by_group: list[tuple[str, int, int, int, int]] = field(default_factory=list)


def review_counts(review: Review) -> ReviewCounts:
    counts = ReviewCounts()
    rows = list(review.surveys.values("status", "result",
                                      "household__residential_group__name")
                .annotate(n=Count("id")).order_by())
    status: Counter[str] = Counter()
    result: Counter[str] = Counter()
    groups: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    done = {SurveyStatus.SUBMITTED, SurveyStatus.AGREED}
    for row in rows:
        n = int(row["n"])
        status[row["status"]] += n
        group = groups[row["household__residential_group__name"] or _("Chưa xếp thôn, tổ")]
        group[0] += n
        if row["status"] in done:
            result[row["result"]] += n
            group[3] += n
            if row["result"] == PovertyStatus.POOR:
                group[1] += n
            elif row["result"] == PovertyStatus.NEAR_POOR:
                group[2] += n
    counts.total = sum(status.values())
    counts.by_status = [(str(value), str(label), status.get(value, 0))
                        for value, label in SurveyStatus.choices]
    counts.by_result = [(str(value), str(label), result.get(value, 0))
                        for value, label in PovertyStatus.choices]
    counts.by_group = [(name, f[0], f[1], f[2], f[3]) for name, f in sorted(groups.items())]
    return counts


def enumerator_options(review: Review) -> QuerySet[User]:
    """The accounts that may survey in the review's commune (an active role there)."""
    users = RoleAssignment.objects.filter(unit=review.commune, is_active=True,
                                          role__in=[Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER])
    return User.objects.filter(pk__in=users.values("user_id"), is_active=True) \
        .order_by("username")


def surveys_assigned_to(user: Any) -> QuerySet[Survey]:
    return visible_to(Survey.objects.select_related("household", "review"), user).filter(
        enumerator=user, status__in=OPEN_SURVEY,
        review__status__in=[ReviewStatus.SURVEYING, ReviewStatus.MEETING])


def reviews_waiting_recognition(user: Any) -> QuerySet[Review]:
    return reviews_for(user).filter(status=ReviewStatus.POSTED)


def recognised_surveys(review: Review) -> QuerySet[Survey]:
    return review_surveys(review).exclude(certificate="").order_by("certificate")


# --- form B1's points tables ---------------------------------------------------------------

def points_table(at: date, urban: bool) -> tuple[list[PointsItem], PointsCutoff | None]:
    """The B1 items and cut-off in force at ``at`` for the area (no cut-off: not entered), the
    same table ``services.survey_save`` scores against."""
    area = Area.URBAN if urban else Area.RURAL
    cutoff = (PointsCutoff.objects.filter(area=area, valid_from__lte=at)
              .order_by("-valid_from").first())
    if cutoff is None:
        return [], None
    items = PointsItem.objects.filter(area=area, valid_from=cutoff.valid_from).order_by("code")
    return list(items), cutoff


def points_tables() -> tuple[QuerySet[PointsItem], QuerySet[PointsCutoff]]:
    return (PointsItem.objects.order_by("-valid_from", "area", "code"),
            PointsCutoff.objects.order_by("-valid_from", "area"))


# --- year over year ------------------------------------------------------------------------

def _history(user: Any) -> QuerySet[HouseholdPoverty]:
    path = scope_path(user)
    history = HouseholdPoverty.objects.all()
    if path is None:
        return history.none()
    if path != WHOLE_COUNTRY:
        history = history.filter(path_q("household__commune", path))
    return history


def recognised_years(user: Any) -> list[int]:
    years = _history(user).values_list("year", flat=True).distinct().order_by("-year")
    return list(years[:20])


@dataclass
class Movements:
    year: int
    escaped: list[Household] = field(default_factory=list)  # poor last year, not now
    new: list[Household] = field(default_factory=list)  # poor now, never poor before
    fell_back: list[Household] = field(default_factory=list)  # poor now, poor in an earlier year
    poor_now: int = 0
    poor_before: int = 0


def movements(user: Any, year: int) -> Movements:
    """Households that escaped poverty, became poor for the first time, or fell back into it,
    comparing the recognised classification of ``year`` with the previous year and earlier."""
    rows = _history(user).filter(year__lte=year).filter(
        Q(year__gte=year - 1) | Q(status=PovertyStatus.POOR)).values_list(
        "household_id", "year", "status")
    now: dict[int, str] = {}
    last: dict[int, str] = {}
    earlier_poor: set[int] = set()
    for household, y, status in rows:
        if y == year:
            now[household] = status
        elif y == year - 1:
            last[household] = status
        if y < year - 1 and status == PovertyStatus.POOR:
            earlier_poor.add(household)
    poor_now = {h for h, s in now.items() if s == PovertyStatus.POOR}
    poor_last = {h for h, s in last.items() if s == PovertyStatus.POOR}
    escaped = {h for h in poor_last if h in now and h not in poor_now}
    newly = poor_now - poor_last - earlier_poor
    back = (poor_now - poor_last) & earlier_poor
    wanted = escaped | newly | back
    households = {h.pk: h for h in Household.objects.filter(pk__in=wanted).select_related(
        "residential_group").annotate(head_name=Subquery(
            Person.objects.filter(household=OuterRef("pk"), relationship=Relationship.HEAD)
            .order_by("pk").values("full_name")[:1]))}

    def listed(ids: set[int]) -> list[Household]:
        return sorted((households[h] for h in ids if h in households), key=lambda h: h.code)

    return Movements(year=year, escaped=listed(escaped), new=listed(newly),
                     fell_back=listed(back), poor_now=len(poor_now), poor_before=len(poor_last))


# --- help plans and targets ----------------------------------------------------------------

def poor_households(user: Any) -> QuerySet[Household]:
    return visible_to(Household.objects.select_related("residential_group", "commune"), user) \
        .filter(poverty_status=PovertyStatus.POOR, is_active=True) \
        .annotate(head_name=Subquery(
            Person.objects.filter(household=OuterRef("pk"), relationship=Relationship.HEAD)
            .order_by("pk").values("full_name")[:1])).order_by("code")


def help_plans(user: Any, year: int) -> list[tuple[Household, HelpPlan | None]]:
    households = list(poor_households(user)[:1000])
    plans = {p.household_id: p for p in HelpPlan.objects.filter(
        household__in=[h.pk for h in households], year=year)}
    for plan in plans.values():
        plan.measure_labels = [str(Measure(m).label) for m in plan.measures  # type: ignore[attr-defined]
                               if m in Measure.values]
    return [(h, plans.get(h.pk)) for h in households]


def household_get_for_user(user: Any, pk: int) -> Household:
    household = visible_to(Household.objects.select_related("commune", "residential_group"),
                           user).filter(pk=pk).first()
    if household is None:
        raise NotFound(_("Không tìm thấy hộ gia đình."))
    return household


def help_plan_of(household: Household, year: int) -> HelpPlan | None:
    return HelpPlan.objects.filter(household=household, year=year).first()


def groups_for(user: Any) -> QuerySet[ResidentialGroup]:
    return visible_to(ResidentialGroup.objects.select_related("commune"), user) \
        .filter(is_active=True).order_by("commune__name", "name")


@dataclass(frozen=True)
class TargetRow:
    group: ResidentialGroup
    target: int | None
    escaped: int
    poor_now: int


def targets(user: Any, year: int) -> list[TargetRow]:
    """Each residential group's target for ``year`` with its progress: the households of the
    group that were poor in the previous year and are recognised as no longer poor in this one."""
    groups = list(groups_for(user)[:500])
    set_targets = dict(GroupTarget.objects.filter(group__in=groups, year=year)
                       .values_list("group_id", "escape_target"))
    escaped = Counter(h.residential_group_id for h in movements(user, year).escaped)
    poor = dict(poor_households(user).order_by().values("residential_group_id")
                .annotate(n=Count("id")).values_list("residential_group_id", "n"))
    return [TargetRow(g, set_targets.get(g.pk), escaped.get(g.pk, 0), int(poor.get(g.pk, 0)))
            for g in groups]


def current_year() -> int:
    return timezone.localdate().year
