"""What the public pages show of a commune, and nothing more: for each person on a posted list
or receiving a benefit, the name (initials for a child under 16), the birth year, the
residential group, the group they receive under and the amount. Never a CCCD, a full birth
date, a house number, health or disability details, or a group that reveals HIV status (those
show under the policy's name, as on the paper lists).

Rows are built here as plain values, so a template cannot reach a private field by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.cases.models import Benefit, Posting
from ansinh.core.errors import NotFound
from ansinh.core.scoping import visible_to
from ansinh.funds.models import Fund
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.portal.models import Feedback, Rating, Vote
from ansinh.reports.metrics import running_in

CHILD_AGE = 16


@dataclass(frozen=True)
class PublicRow:
    name: str
    birth_year: int | None
    group: str  # the residential group
    category: str
    amount: int


def public_commune(code: str) -> AdministrativeUnit:
    unit = (AdministrativeUnit.objects.current().select_related("parent")
            .filter(code=code, level=UnitLevel.COMMUNE).first())
    if unit is None:
        raise NotFound(_("Không tìm thấy xã, phường."))
    return unit


def initials(full_name: str) -> str:
    """"Nguyễn Văn An" → "N.V.A.": how a child is named on a public list."""
    return "".join(f"{word[0].upper()}." for word in full_name.split() if word)


def shown_name(full_name: str, birth_year: int | None, today: date) -> str:
    if birth_year is None or today.year - birth_year < CHILD_AGE:
        return initials(full_name)
    return full_name


def posted_lists(commune: AdministrativeUnit, today: date | None = None) -> QuerySet[Posting]:
    """Lists on the commune's board today."""
    today = today or timezone.localdate()
    return Posting.objects.filter(commune=commune, opens_on__lte=today,
                                  closes_on__gte=today).order_by("-opens_on", "-id")


def posting_get(commune: AdministrativeUnit, pk: int) -> Posting:
    posting = posted_lists(commune).filter(pk=pk).first()
    if posting is None:
        raise NotFound(_("Không tìm thấy danh sách niêm yết."))
    return posting


def posting_rows(posting: Posting, today: date | None = None) -> list[PublicRow]:
    today = today or timezone.localdate()
    entries = posting.entries.select_related(
        "case__person__household__residential_group",
        "programme_line__person__household__residential_group").order_by("id")
    rows = []
    for entry in entries:
        line = entry.programme_line
        person = line.person if line is not None else entry.case.person
        group = ""
        if person is not None and person.household.residential_group is not None:
            group = person.household.residential_group.name
        rows.append(PublicRow(shown_name(entry.full_name, entry.birth_year, today),
                              entry.birth_year, group, entry.group_label, entry.amount))
    return rows


def benefits_in_force(commune: AdministrativeUnit,
                      today: date | None = None) -> QuerySet[Benefit]:
    """Monthly benefits being paid this month, by decisions in force."""
    today = today or timezone.localdate()
    return (Benefit.objects.filter(running_in(today), commune=commune)
            .select_related("person__household__residential_group", "policy", "category")
            .order_by("policy__order", "category__code", "person__name_key", "id"))


def benefit_rows(benefits: list[Benefit], today: date | None = None) -> list[PublicRow]:
    today = today or timezone.localdate()
    rows = []
    for benefit in benefits:
        person = benefit.person
        group = person.household.residential_group
        category = benefit.policy.name if benefit.category.restricted else \
            f"{benefit.category.code} — {benefit.category.name}"
        rows.append(PublicRow(shown_name(person.full_name, person.birth_year, today),
                              person.birth_year, group.name if group else "", category,
                              benefit.monthly_amount))
    return rows


def public_funds(commune: AdministrativeUnit) -> QuerySet[Fund]:
    """The commune's funds and its province's, whose statements the public is owed."""
    units = [commune.pk] + ([commune.parent_id] if commune.parent_id else [])
    return Fund.objects.filter(unit_id__in=units, is_active=True).select_related("unit") \
        .order_by("unit__level", "name")


def public_fund_get(commune: AdministrativeUnit, pk: int) -> Fund:
    fund = public_funds(commune).filter(pk=pk).first()
    if fund is None:
        raise NotFound(_("Không tìm thấy quỹ."))
    return fund


# --- added for the public pages: finding a commune, how to apply, the poll's results --------

def commune_search(query: str, limit: int = 30) -> list[AdministrativeUnit]:
    """Current communes whose name matches, accents ignored ("ba dinh" finds "Ba Đình")."""
    from ansinh.core.text import normalize_text

    key = normalize_text(query)
    if len(key) < 2:
        return []
    return list(AdministrativeUnit.objects.current().select_related("parent")
                .filter(level=UnitLevel.COMMUNE, name_key__contains=key)
                .order_by("name_key", "code")[:limit])


@dataclass(frozen=True)
class GuideGroup:
    name: str
    legal_ref: str
    documents: list[str]


@dataclass(frozen=True)
class GuidePolicy:
    name: str
    legal_basis: str
    groups: list[GuideGroup]


@dataclass(frozen=True)
class GuideKind:
    label: str
    working_days: int
    steps: list[str]
    policies: list[GuidePolicy]


def _guide_policies(policies: QuerySet[Any], today: date) -> list[GuidePolicy]:
    from ansinh.policies.models import Category

    found = []
    for policy in policies:
        if policy.valid_to is not None and policy.valid_to < today:
            continue
        if policy.valid_from is not None and policy.valid_from > today:
            continue
        categories = Category.objects.filter(policy=policy).exclude(documents=[]) \
            .order_by("order", "code")
        groups = [GuideGroup(c.name, c.legal_ref, list(c.documents))
                  for c in categories if not c.restricted]
        restricted = [c for c in categories if c.restricted]
        if restricted:
            # Groups that reveal HIV status are not named on public pages: one neutral line
            # with the documents they ask for, and the officer explains in private.
            documents = list(dict.fromkeys(d for c in restricted for d in c.documents))
            groups.append(GuideGroup(_("Các nhóm đối tượng khác của chính sách (xin hỏi trực "
                                       "tiếp cán bộ, thông tin được giữ kín)"), "", documents))
        if groups:
            found.append(GuidePolicy(policy.name, policy.legal_basis, groups))
    return found


def application_guide(today: date | None = None) -> list[GuideKind]:
    """What a resident brings and how long it takes, per kind of dossier they can apply for:
    the documents from the catalog's categories, the working days from the procedure in force
    (``cases.procedures``), so the public page never restates either."""
    from ansinh.cases.models import CaseKind
    from ansinh.cases.procedures import procedure_for, steps_for
    from ansinh.policies.models import Policy, PolicyKind

    today = today or timezone.localdate()
    procedure = procedure_for(today)
    kinds = []
    for kind in CaseKind:
        if kind == CaseKind.ONE_OFF:
            continue  # one-off programmes are lists the commune draws up, not applications
        if kind == CaseKind.NEW_BENEFIT:
            policies = Policy.objects.filter(kind=PolicyKind.MONTHLY).order_by("order", "code")
        elif kind == CaseKind.FUNERAL:
            policies = Policy.objects.filter(code="MAITANG").order_by("order", "code")
        else:
            policies = Policy.objects.none()
        steps = steps_for(procedure, kind)
        kinds.append(GuideKind(str(kind.label), sum(s.days for s in steps),
                               [str(s.label) for s in steps if s.days],
                               _guide_policies(policies, today)))
    return kinds


@dataclass(frozen=True)
class PollResult:
    commune: AdministrativeUnit
    period: str
    counts: list[tuple[str, int]]  # (rating label, votes), best first
    total: int
    satisfied_percent: int  # "Rất hài lòng" and "Hài lòng"
    comments: list[str]


def poll_results(user: Any, comments_shown: int = 20) -> list[PollResult]:
    """Votes in the user's units, per commune and quarter, newest quarter first."""
    votes = visible_to(Vote.objects.all(), user)
    rows = votes.values("commune", "period", "rating").annotate(n=Count("id")).order_by()
    tally: dict[tuple[int, str], dict[int, int]] = {}
    for row in rows:
        tally.setdefault((row["commune"], row["period"]), {})[row["rating"]] = row["n"]
    units = AdministrativeUnit.objects.in_bulk([commune for commune, _p in tally])
    results = []
    for (commune, period), counts in sorted(tally.items(), key=lambda kv: (
            kv[0][1], -kv[0][0]), reverse=True):
        total = sum(counts.values())
        satisfied = counts.get(Rating.VERY_GOOD, 0) + counts.get(Rating.GOOD, 0)
        comments = list(votes.filter(commune_id=commune, period=period).exclude(comment="")
                        .order_by("-at").values_list("comment", flat=True)[:comments_shown])
        results.append(PollResult(
            units[commune], period,
            [(str(r.label), counts.get(r.value, 0)) for r in Rating],
            total, round(100 * satisfied / total) if total else 0, comments))
    return results


# --- the poverty review's list, while it is posted ---------------------------------------------

@dataclass(frozen=True)
class ReviewRow:
    head: str  # the head of household, as the posted review list names the household
    group: str
    result: str  # "Hộ nghèo", "Hộ cận nghèo", …


def posted_reviews(commune: AdministrativeUnit, today: date | None = None) -> QuerySet[Any]:
    """Poverty reviews whose proposed list is on the commune's board today."""
    from ansinh.poverty.models import Review, ReviewStatus

    today = today or timezone.localdate()
    return Review.objects.filter(commune=commune, status=ReviewStatus.POSTED,
                                 posted_from__lte=today, posted_to__gte=today).order_by("-id")


def posted_review_get(commune: AdministrativeUnit, pk: int) -> Any:
    review = posted_reviews(commune).filter(pk=pk).first()
    if review is None:
        raise NotFound(_("Không tìm thấy danh sách niêm yết."))
    return review


def review_rows(review: Any) -> list[ReviewRow]:
    """The households the review proposes as poor or near-poor (the others are not posted),
    named by their head, with their group and classification — never income or
    deprivations."""
    from ansinh.registry.models import Person, PovertyStatus, Relationship

    surveys = (review.surveys.filter(result__in=[PovertyStatus.POOR, PovertyStatus.NEAR_POOR])
               .select_related("household__residential_group")
               .order_by("result", "household__residential_group__name", "household__code"))
    heads = dict(Person.objects.filter(
        household__in=[s.household_id for s in surveys], relationship=Relationship.HEAD)
        .values_list("household_id", "full_name"))
    return [ReviewRow(heads.get(s.household_id, s.household.code),
                      s.household.residential_group.name if s.household.residential_group
                      else "", s.get_result_display()) for s in surveys]


# --- the commune's inbox ---------------------------------------------------------------------

def feedbacks_for(user: Any) -> QuerySet[Any]:
    """Feedback to the communes the user acts for (officers, leaders, supervisors)."""
    return visible_to(Feedback.objects.select_related("commune", "posting"), user)
