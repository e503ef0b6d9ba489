"""Reads over supervision plans, findings and recommendations, and the figures of a plan's
scope, all limited to what the acting user may see.

Who sees a plan: while it is a draft, the supervisors and province officers of the body's unit
and above (``Plan.unit`` in their units) and the members of its delegation linked to the user;
once started, also everyone else of the body's unit and above and the supervised units' own
staff (a unit of the plan's scope in the user's units, or the user's unit inside a unit of the
scope). Anything else is a ``NotFound`` (a 404). Recommendations and
findings are read through the plans they belong to.

The figures of the workspace are the other apps' scoped selectors (persons, households,
benefits, postings, payroll cycles) narrowed to the plan's units and period, so a supervisor
sees the numbers the pages they link to would show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role, RoleAssignment, User
from ansinh.cases.models import BenefitStatus, Decision, Posting
from ansinh.cases.selectors import BenefitFilter, benefits_for, postings_for
from ansinh.cases.services import month_start
from ansinh.core.errors import NotFound
from ansinh.core.scoping import (
    WHOLE_COUNTRY,
    acting_assignment,
    path_q,
    scope_path,
    visible_to,
)
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.integrity.findings_selectors import FindingFilter, findings_for
from ansinh.integrity.models import Finding, FindingStatus
from ansinh.payroll.models import Cycle, Line, LineKind, LineStatus
from ansinh.payroll.selectors import cycles_for, cycles_totals
from ansinh.registry.models import PersonStatus
from ansinh.registry.selectors import households_for, persons_for
from ansinh.supervision.models import (
    OUTSTANDING,
    DelegationMember,
    Observation,
    Plan,
    PlanStatus,
    Recommendation,
    RecommendationStatus,
)

# Who sees a plan while it is a draft (in their units): those who may draft one.
DRAFTING_ROLES = frozenset({Role.SUPERVISOR, Role.PROVINCE_OFFICER, Role.SYSTEM_ADMIN})
# The integrity app's list of anomaly findings; its URL name may not exist yet.
FINDINGS_PATH = "/kiem-tra/bat-thuong/"


def _ancestors(path: str) -> list[str]:
    """"01.00004" → ["01"]: the paths strictly above ``path``."""
    parts = path.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def units_q(prefix: str, units: Iterable[AdministrativeUnit]) -> Q:
    """Records whose unit (reached by ``prefix``) is one of ``units`` or below one of them."""
    q = Q(pk__in=[])
    for unit in units:
        q |= path_q(prefix, unit.path)
    return q


# --- plans --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanFilter:
    status: str = ""
    body: str = ""
    query: str = ""


def visible_plans(user: Any) -> QuerySet[Plan]:
    """The plans the user may see (see the module's docstring), unannotated."""
    path = scope_path(user)
    if path is None:
        return Plan.objects.none()
    assignment = acting_assignment(user)
    drafts_too = assignment is not None and assignment.role in DRAFTING_ROLES
    if path == WHOLE_COUNTRY:
        plans = Plan.objects.all()
        return plans if drafts_too else plans.exclude(status=PlanStatus.DRAFT)
    started = ~Q(status=PlanStatus.DRAFT) & (
        path_q("unit", path) | path_q("scope_units", path)
        | Q(scope_units__path__in=_ancestors(path)))
    visible = started | Q(members__user=user)
    if drafts_too:
        visible |= path_q("unit", path)
    # A subquery, not a join: the joins over members and units would repeat plans.
    return Plan.objects.filter(pk__in=Plan.objects.filter(visible).values("pk"))


def plans_for(user: Any, f: PlanFilter = PlanFilter()) -> QuerySet[Plan]:  # noqa: B008
    plans = visible_plans(user)
    if f.status:
        plans = plans.filter(status=f.status)
    if f.body:
        plans = plans.filter(body=f.body)
    if f.query.strip():
        text = f.query.strip()
        plans = plans.filter(Q(title__icontains=text) | Q(number__icontains=text)
                             | Q(body_name__icontains=text))
    return plans.select_related("unit", "created_by").annotate(
        observation_count=Count("observations", distinct=True),
        recommendation_count=Count("recommendations", distinct=True),
    ).order_by("-issued_on", "-id")


def plan_get_for_user(user: Any, pk: Any) -> Plan:
    try:
        found = visible_plans(user).select_related("unit", "created_by").filter(
            pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(_("Không tìm thấy kế hoạch giám sát."))
    return found


def plan_scope_units(plan: Plan) -> list[AdministrativeUnit]:
    return list(plan.scope_units.order_by("path"))


def plan_unit_choices(plan: Plan) -> list[AdministrativeUnit]:
    """Units a finding or a recommendation of ``plan`` may name: the body's own unit, the units
    of the scope, and the communes of a province in the scope."""
    scope = plan_scope_units(plan)
    provinces = [u for u in scope if u.level == UnitLevel.PROVINCE]
    units = {plan.unit.pk: plan.unit, **{u.pk: u for u in scope}}
    if provinces:
        communes = AdministrativeUnit.objects.current().filter(
            level=UnitLevel.COMMUNE).filter(units_q("", provinces))
        units.update({u.pk: u for u in communes})
    return sorted(units.values(), key=lambda u: u.path)


def scope_options(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """What a plan of the body at ``unit`` may cover: the unit and, for a province, its
    communes."""
    return list(AdministrativeUnit.objects.current().filter(
        level__in=[UnitLevel.PROVINCE, UnitLevel.COMMUNE]).filter(path_q("", unit.path))
        .order_by("path"))


def plan_unit_options(user: Any) -> list[AdministrativeUnit]:
    """Where a new plan's body may sit: the user's own unit and, for a province, its communes
    (an administrator: the provinces)."""
    path = scope_path(user)
    if path is None:
        return []
    if path == WHOLE_COUNTRY:
        return list(AdministrativeUnit.objects.current().filter(level=UnitLevel.PROVINCE)
                    .order_by("path"))
    assignment = acting_assignment(user)
    return scope_options(assignment.unit) if assignment and assignment.unit else []


def delegation_user_options(plan: Plan) -> QuerySet[Any]:
    """Accounts a member of ``plan``'s delegation may be linked to: supervisors and province
    officers of the body's unit, of a unit above it or below it."""
    above = Q(unit__path__in=_ancestors(plan.unit.path))
    assignments = RoleAssignment.objects.active().filter(
        Q(role=Role.SUPERVISOR) | Q(role=Role.PROVINCE_OFFICER)).filter(
        path_q("unit", plan.unit.path) | above)
    return User.objects.filter(is_active=True, pk__in=assignments.values("user_id")) \
        .order_by("full_name", "username")


def plan_members(plan: Plan) -> QuerySet[DelegationMember]:
    return plan.members.select_related("user").order_by("-is_head", "id")


def member_get(plan: Plan, pk: Any) -> DelegationMember:
    try:
        found = plan.members.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(_("Không tìm thấy thành viên đoàn giám sát."))
    return found


def plan_observations(plan: Plan) -> QuerySet[Observation]:
    return plan.observations.select_related(
        "unit", "created_by", "person", "household", "benefit", "benefit__person", "decision",
        "posting", "cycle", "cycle__policy", "finding").order_by("created_at", "id")


def observation_get(plan: Plan, pk: Any) -> Observation:
    try:
        found = plan.observations.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(_("Không tìm thấy kết quả giám sát."))
    return found


# --- recommendations ----------------------------------------------------------------------------

@dataclass(frozen=True)
class RecommendationFilter:
    status: str = ""
    overdue: bool = False
    plan: int | None = None
    # Only those addressed to the user's own units (the commune's list of what it must do).
    addressed: bool = False


def recommendations_for(user: Any, f: RecommendationFilter = RecommendationFilter(),  # noqa: B008
                        today: date | None = None) -> QuerySet[Recommendation]:
    recommendations = Recommendation.objects.filter(plan__in=visible_plans(user).values("pk"))
    if f.addressed:
        recommendations = visible_to(recommendations, user)
    if f.status:
        recommendations = recommendations.filter(status=f.status)
    if f.overdue:
        recommendations = recommendations.filter(
            status__in=OUTSTANDING, deadline__lt=today or timezone.localdate())
    if f.plan:
        recommendations = recommendations.filter(plan_id=f.plan)
    return recommendations.select_related("plan", "to_unit", "observation", "answered_by") \
        .order_by("deadline", "id")


def overdue_first(recommendations: QuerySet[Recommendation],
                  today: date | None = None) -> list[Recommendation]:
    """Outstanding ones past their deadline first (oldest deadline first), then the rest."""
    today = today or timezone.localdate()
    return sorted(recommendations, key=lambda r: (not r.is_overdue(today), r.deadline, r.pk))


def recommendation_get_for_user(user: Any, pk: Any) -> Recommendation:
    try:
        found = recommendations_for(user).select_related(
            "plan__unit", "created_by").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(_("Không tìm thấy kiến nghị."))
    return found


def recommendation_updates(recommendation: Recommendation) -> QuerySet[Any]:
    return recommendation.updates.select_related("actor").order_by("at", "id")


@dataclass
class RecommendationCounts:
    total: int = 0
    outstanding: int = 0
    overdue: int = 0
    answered: int = 0
    accepted: int = 0
    closed: int = 0


def recommendation_counts(recommendations: QuerySet[Recommendation],
                          today: date | None = None) -> RecommendationCounts:
    today = today or timezone.localdate()
    found = recommendations.order_by().aggregate(
        total=Count("id"),
        outstanding=Count("id", filter=Q(status__in=OUTSTANDING)),
        overdue=Count("id", filter=Q(status__in=OUTSTANDING, deadline__lt=today)),
        answered=Count("id", filter=Q(status=RecommendationStatus.ANSWERED)),
        accepted=Count("id", filter=Q(status=RecommendationStatus.ACCEPTED)),
        closed=Count("id", filter=Q(status=RecommendationStatus.CLOSED)))
    return RecommendationCounts(**found)


# --- the figures of a plan's scope --------------------------------------------------------------

@dataclass(frozen=True)
class PolicyFigure:
    code: str
    name: str
    benefits: int
    persons: int


@dataclass
class ScopeFigures:
    """What the delegation checks the unit's report against: the registry and benefits as they
    are today, the postings, decisions and payrolls of the supervised period."""

    persons: int = 0
    households: int = 0
    benefits: int = 0
    by_policy: list[PolicyFigure] = field(default_factory=list)
    postings: int = 0
    decisions: int = 0
    cycles: int = 0
    planned_amount: int = 0
    paid_lines: int = 0
    paid_amount: int = 0
    open_findings: int = 0


@dataclass(frozen=True)
class ScopeQueries:
    """The scoped querysets the figures count, for the workspace's lists of recent records."""

    postings: QuerySet[Posting]
    decisions: QuerySet[Decision]
    cycles: QuerySet[Cycle]
    findings: QuerySet[Finding]


def scope_queries(user: Any, plan: Plan) -> ScopeQueries:
    units = plan_scope_units(plan)
    start, end = plan.period_from, plan.period_to
    policies = list(plan.policies.values_list("pk", flat=True))
    cycles = cycles_for(user).filter(units_q("commune", units),
                                     month__range=(month_start(start), end))
    if policies:
        cycles = cycles.filter(policy_id__in=policies)
    return ScopeQueries(
        postings=postings_for(user).filter(units_q("commune", units),
                                           opens_on__range=(start, end)),
        decisions=visible_to(Decision.objects.select_related("commune"), user).filter(
            units_q("commune", units), signed_on__range=(start, end)).order_by(
            "-signed_on", "-id"),
        cycles=cycles,
        # The integrity app's read: it also hides the findings that would reveal HIV status.
        findings=findings_for(user, FindingFilter(status=FindingStatus.OPEN)).filter(
            units_q("unit", units)).order_by("-last_seen_at", "-id"),
    )


def scope_figures(user: Any, plan: Plan) -> ScopeFigures:
    units = plan_scope_units(plan)
    queries = scope_queries(user, plan)
    benefits = benefits_for(user, BenefitFilter(status=BenefitStatus.ACTIVE)).filter(
        units_q("commune", units))
    policies = list(plan.policies.values_list("pk", flat=True))
    if policies:
        benefits = benefits.filter(policy_id__in=policies)
    by_policy = [
        PolicyFigure(code=row["policy__code"], name=row["policy__name"], benefits=row["n"],
                     persons=row["persons"])
        for row in benefits.order_by().values("policy__code", "policy__name", "policy__order")
        .annotate(n=Count("id"), persons=Count("person", distinct=True))
        .order_by("policy__order", "policy__code")]
    totals = cycles_totals(queries.cycles)
    paid = Line.objects.filter(cycle__in=queries.cycles.values("pk"), status=LineStatus.PAID) \
        .exclude(kind=LineKind.RECOVERY).aggregate(n=Count("id"), amount=Sum("amount"))
    return ScopeFigures(
        persons=persons_for(user).filter(units_q("commune", units),
                                         status=PersonStatus.LIVING).count(),
        households=households_for(user).filter(units_q("commune", units),
                                               is_active=True).count(),
        benefits=sum(p.benefits for p in by_policy),
        by_policy=by_policy,
        postings=queries.postings.count(),
        decisions=queries.decisions.count(),
        cycles=totals.cycles,
        planned_amount=totals.total,
        paid_lines=paid["n"],
        paid_amount=paid["amount"] or 0,
        open_findings=queries.findings.count(),
    )


# --- links to the other apps' pages -------------------------------------------------------------

def findings_url() -> str:
    try:
        return reverse("integrity:finding_list")
    except NoReverseMatch:
        return FINDINGS_PATH


def finding_url(finding: Finding) -> str:
    try:
        return reverse("integrity:finding_detail", kwargs={"pk": finding.pk})
    except NoReverseMatch:
        return findings_url()
