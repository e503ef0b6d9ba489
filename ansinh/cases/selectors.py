"""Reads over dossiers, postings, decisions, benefits and programmes, scoped to the acting
user's units; deadlines in working days; the gap finder with restricted rows filtered.

Everything here only reads. A record outside the user's units is a ``NotFound`` (a 404).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role
from ansinh.cases.models import (
    Benefit,
    BenefitStatus,
    Case,
    CaseDocument,
    CaseKind,
    Decision,
    Posting,
    PostingFeedback,
    Programme,
    ProgrammeLine,
)
from ansinh.cases.procedures import (
    DECIDED,
    POSTED,
    PROCEDURES,
    RECEIVED,
    REJECTED,
    UNPOSTED_KINDS,
    Procedure,
    procedure_by_code,
    steps_for,
)
from ansinh.cases.programmes import Gap, gaps_find
from ansinh.core.calendar import WorkingCalendar
from ansinh.core.errors import NotFound
from ansinh.core.scoping import acting_assignment, get_for_user, visible_to
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.policies.eligibility import Entitlement, person_entitlements
from ansinh.policies.models import Category, Policy, PolicyKind
from ansinh.registry.models import Person, PersonStatus
from ansinh.registry.selectors import RESTRICTED_ROLES, person_hiv_status

DUE_SOON_DAYS = 3  # "đến hạn trong 3 ngày làm việc" on the home page


# --- who sees what ------------------------------------------------------------------------------

def acting_commune(user: Any) -> AdministrativeUnit | None:
    """The commune the user acts for, or None for a province, national or missing role."""
    assignment = acting_assignment(user)
    unit = assignment.unit if assignment is not None else None
    return unit if unit is not None and unit.level == UnitLevel.COMMUNE else None


def can_write_in(user: Any, commune_id: int) -> bool:
    """Whether the pages offer this user the writing actions for a commune's dossiers.

    The services decide; this only keeps buttons away from those they would refuse.
    """
    assignment = acting_assignment(user)
    commune = acting_commune(user)
    return bool(assignment and not assignment.is_read_only and commune
                and commune.pk == commune_id)


def is_leader_of(user: Any, commune_id: int) -> bool:
    assignment = acting_assignment(user)
    return bool(assignment and assignment.role == Role.COMMUNE_LEADER
                and assignment.unit_id == commune_id)


def sees_restricted(user: Any) -> bool:
    """Whether category names that reveal HIV status (K3, K8) may be shown in lists.

    Lists are already scoped to the user's units; among the roles, only the commune's own
    officers and leader may see them (as ``registry.selectors.person_hiv_status``).
    """
    assignment = acting_assignment(user)
    return assignment is not None and assignment.role in RESTRICTED_ROLES


def category_label(category: Category | None, policy: Policy, *, restricted_ok: bool) -> str:
    """"K6 — Người khuyết tật…", or the policy's neutral name where the group must not show."""
    if category is None:
        return policy.name
    if category.restricted and not restricted_ok:
        return policy.name
    return f"{category.code} — {category.name}"


# --- dossiers -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseFilter:
    kind: str = ""
    step: str = ""
    state: str = ""  # "open", "closed" or "" for both
    overdue: bool = False
    due_soon: bool = False
    person: int | None = None
    policy: str = ""


def step_choices() -> list[tuple[str, str]]:
    """Every step code of every procedure, once, with its label (and "rejected")."""
    seen: dict[str, str] = {}
    for procedure in PROCEDURES:
        for step in procedure.steps:
            seen.setdefault(step.code, str(step.label))
    seen[REJECTED] = _("Không giải quyết")
    return list(seen.items())


def step_label(case: Case, code: str | None = None) -> str:
    code = code or case.step
    if code == REJECTED:
        return _("Không giải quyết")
    procedure = procedure_by_code(case.procedure)
    found = next((s for s in procedure.steps if s.code == code), None)
    return str(found.label) if found is not None else code


def _next_step_q(target: str) -> Q:
    """Open dossiers whose next step is ``target``, whatever their procedure and kind."""
    query = Q(pk__in=[])
    all_kinds = set(CaseKind.values)
    for procedure in PROCEDURES:
        for kinds in (all_kinds & UNPOSTED_KINDS, all_kinds - UNPOSTED_KINDS):
            codes = [s.code for s in steps_for(procedure, next(iter(kinds)))]
            if target in codes[1:]:
                query |= Q(procedure=procedure.code, kind__in=sorted(kinds),
                           step=codes[codes.index(target) - 1])
    return query & Q(closed_at__isnull=True)


def _due_soon_until(calendar: WorkingCalendar, today: date) -> date:
    return calendar.add_working_days(today, DUE_SOON_DAYS)


def cases_for(user: Any, f: CaseFilter = CaseFilter(),  # noqa: B008
              today: date | None = None) -> QuerySet[Case]:
    today = today or timezone.localdate()
    cases = visible_to(Case.objects.all(), user)
    if f.kind:
        cases = cases.filter(kind=f.kind)
    if f.step:
        cases = cases.filter(step=f.step)
    if f.state == "open":
        cases = cases.filter(closed_at__isnull=True)
    elif f.state == "closed":
        cases = cases.filter(closed_at__isnull=False)
    if f.overdue:
        cases = cases.filter(closed_at__isnull=True, due_on__lt=today)
    if f.due_soon:
        cases = cases.filter(closed_at__isnull=True, due_on__gte=today,
                             due_on__lte=_due_soon_until(WorkingCalendar(), today))
    if f.person:
        cases = cases.filter(person_id=f.person)
    if f.policy:
        cases = cases.filter(policy__code=f.policy)
    return cases.select_related("person", "category", "policy", "commune", "programme") \
        .order_by(F("closed_at").asc(nulls_first=True), "due_on", "id")


def case_get_for_user(user: Any, pk: Any) -> Case:
    return get_for_user(Case.objects.select_related(
        "commune", "person", "person__household", "policy", "category", "benefit",
        "benefit__category", "programme", "decision", "prepared_by"), user, pk=pk)


@dataclass(frozen=True)
class CaseRow:
    """A dossier as a list shows it: how many working days late, or whether due soon."""

    case: Case
    late_days: int
    due_soon: bool
    category_label: str


def case_rows(user: Any, cases: Any, today: date | None = None) -> list[CaseRow]:
    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    soon = _due_soon_until(calendar, today)
    restricted_ok = sees_restricted(user)
    rows = []
    for case in cases:
        late = calendar.working_days_between(case.due_on, today) \
            if case.is_open and case.due_on < today else 0
        rows.append(CaseRow(
            case=case, late_days=late,
            due_soon=case.is_open and today <= case.due_on <= soon,
            category_label=category_label(case.category, case.policy,
                                          restricted_ok=restricted_ok)))
    return rows


@dataclass(frozen=True)
class TimelineItem:
    code: str
    label: str
    done: bool
    due_on: date | None
    actor: str = ""
    at: datetime | None = None
    comment: str = ""
    leader: bool = False
    is_next: bool = False
    late_days: int = 0  # working days after its deadline: done late, or still not done


def procedure_of(case: Case) -> Procedure:
    return procedure_by_code(case.procedure)


def case_timeline(case: Case, today: date | None = None) -> list[TimelineItem]:
    """The steps done (who, when, what they wrote) and the steps left with their deadlines."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    steps = steps_for(procedure_of(case), case.kind)
    due: dict[str, date] = {}
    days = 0
    for step in steps:
        days += step.days
        due[step.code] = calendar.add_working_days(case.received_on, days)
    items = []
    for taken in case.steps.select_related("actor").order_by("at", "id"):
        deadline = taken.due_on or due.get(taken.step)
        done_on = timezone.localtime(taken.at).date()
        if taken.step == DECIDED and case.decision is not None:
            done_on = case.decision.signed_on  # recorded later, perhaps; signed that day
        # The receipt is recorded when the dossier is entered, whatever day it came.
        late = calendar.working_days_between(deadline, done_on) \
            if deadline is not None and done_on > deadline and taken.step != RECEIVED else 0
        items.append(TimelineItem(
            code=taken.step, label=step_label(case, taken.step), done=True, due_on=deadline,
            actor=str(taken.actor), at=taken.at, comment=taken.comment, late_days=late))
    if case.is_open:
        codes = [s.code for s in steps]
        for index, step in enumerate(steps[codes.index(case.step) + 1:]):
            deadline = due[step.code]
            late = calendar.working_days_between(deadline, today) if deadline < today else 0
            items.append(TimelineItem(
                code=step.code, label=str(step.label), done=False, due_on=deadline,
                leader=step.leader, is_next=index == 0, late_days=late))
    return items


def next_step_code(case: Case) -> str | None:
    if not case.is_open:
        return None
    codes = [s.code for s in steps_for(procedure_of(case), case.kind)]
    index = codes.index(case.step)
    return codes[index + 1] if index + 1 < len(codes) else None


def case_documents(case: Case) -> QuerySet[CaseDocument]:
    return case.documents.select_related("received_by").order_by("id")


def case_document_get(case: Case, pk: Any) -> CaseDocument:
    """A document of a dossier the caller already fetched through ``case_get_for_user``."""
    try:
        found = case.documents.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(_("Không tìm thấy giấy tờ."))
    return found


def person_benefits(person: Person | None) -> QuerySet[Benefit]:
    """A person's benefits, the person already fetched through a scoped read."""
    if person is None:
        return Benefit.objects.none()
    return Benefit.objects.filter(person=person).select_related(
        "policy", "category", "decision").order_by("-start_month", "-id")


def running_benefits(person: Person) -> QuerySet[Benefit]:
    """The benefits a dossier of adjustment, suspension, resumption or stop may change."""
    return person_benefits(person).filter(one_off=False).exclude(status=BenefitStatus.STOPPED)


# --- opening: what the engine offers for a person -----------------------------------------------

@dataclass(frozen=True)
class CategoryOption:
    category: Category
    entitlement: Entitlement

    @property
    def label(self) -> str:
        return f"{self.category.code} — {self.category.name}"


def category_options(user: Any, person: Person, at: date, *, monthly: bool,
                     policy_codes: list[str] | None = None) -> list[CategoryOption]:
    """The categories the eligibility engine finds for ``person`` at ``at``, with the reason.

    Only the ones paid under the overlap rule; a category that reveals HIV status only for the
    roles that may see it; for a deceased person (funeral support) the facts of the day they
    died.
    """
    if person.status == PersonStatus.DECEASED and person.status_date is not None:
        at = min(at, person.status_date)
    found = [e for e in person_entitlements(person.pk, at, policy_codes=policy_codes)
             if e.paid and e.monthly == monthly]
    if any(e.restricted for e in found) and person_hiv_status(user, person) is None:
        found = [e for e in found if not e.restricted]
    categories = {(c.policy.code, c.code): c for c in Category.objects.filter(
        policy__code__in={e.policy for e in found}).select_related("policy")}
    return [CategoryOption(categories[(e.policy, e.category)], e) for e in found
            if (e.policy, e.category) in categories]


# --- postings -----------------------------------------------------------------------------------

def postings_for(user: Any) -> QuerySet[Posting]:
    return visible_to(Posting.objects.all(), user).select_related("commune").annotate(
        entry_count=Count("entries", distinct=True),
        feedback_count=Count("feedback", distinct=True)).order_by("-opens_on", "-id")


def posting_get_for_user(user: Any, pk: Any) -> Posting:
    return get_for_user(Posting.objects.select_related("commune", "created_by"), user, pk=pk)


def posting_is_open(posting: Posting, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return posting.opens_on <= today <= posting.closes_on


def postings_open(user: Any, today: date | None = None) -> QuerySet[Posting]:
    today = today or timezone.localdate()
    return postings_for(user).filter(opens_on__lte=today, closes_on__gte=today)


def cases_awaiting_posting(user: Any, commune: AdministrativeUnit) -> QuerySet[Case]:
    """Open dossiers of the commune whose next step is the public posting, not yet posted."""
    return visible_to(Case.objects.filter(commune=commune), user).filter(
        _next_step_q(POSTED)).exclude(postings__isnull=False).select_related(
        "person", "person__household", "policy", "category", "programme").order_by(
        "due_on", "id")


def posting_feedback(posting: Posting) -> QuerySet[PostingFeedback]:
    return posting.feedback.select_related("entry", "recorded_by").order_by("received_on", "id")


def feedback_get(posting: Posting, pk: Any) -> PostingFeedback:
    try:
        found = posting.feedback.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(_("Không tìm thấy phản ánh."))
    return found


# --- decisions, benefits ------------------------------------------------------------------------

def decision_get_for_user(user: Any, pk: Any) -> Decision:
    return get_for_user(Decision.objects.select_related("commune", "recorded_by"), user, pk=pk)


def decision_cases(decision: Decision) -> QuerySet[Case]:
    return decision.cases.select_related("person", "person__household", "policy", "category",
                                         "benefit", "programme")


def decision_benefits(decision: Decision) -> QuerySet[Benefit]:
    return decision.benefits.select_related("person", "person__household", "policy",
                                            "category").order_by("id")


@dataclass(frozen=True)
class BenefitFilter:
    policy: str = ""
    status: str = ""
    person: int | None = None


def benefits_for(user: Any, f: BenefitFilter = BenefitFilter()) -> QuerySet[Benefit]:  # noqa: B008
    benefits = visible_to(Benefit.objects.all(), user)
    if f.policy:
        benefits = benefits.filter(policy__code=f.policy)
    if f.status:
        benefits = benefits.filter(status=f.status)
    if f.person:
        benefits = benefits.filter(person_id=f.person)
    return benefits.select_related("person", "policy", "category", "decision", "commune") \
        .order_by("person__name_key", "person_id", "-start_month", "-id")


# --- programmes ---------------------------------------------------------------------------------

def programmes_for(user: Any) -> QuerySet[Programme]:
    return visible_to(Programme.objects.all(), user).select_related(
        "policy", "commune", "created_by").order_by("-created_at", "-id")


def programme_get_for_user(user: Any, pk: Any) -> Programme:
    return get_for_user(Programme.objects.select_related("policy", "commune", "created_by"),
                        user, pk=pk)


def programme_case(programme: Programme) -> Case | None:
    return Case.objects.filter(programme=programme).first()


def programme_lines(programme: Programme, *, excluded: bool) -> QuerySet[ProgrammeLine]:
    return programme.lines.filter(excluded=excluded).select_related("category").order_by("id")


def one_off_policies() -> QuerySet[Policy]:
    return Policy.objects.filter(kind=PolicyKind.ONE_OFF).order_by("order", "code")


# --- the home page ------------------------------------------------------------------------------

@dataclass
class Workload:
    overdue: int = 0
    due_soon: int = 0
    first: list[CaseRow] = field(default_factory=list)
    open_postings: list[Posting] = field(default_factory=list)


def workload(user: Any, *, limit: int = 5, today: date | None = None) -> Workload:
    """What the commune's officer or leader has to do: dossiers by deadline, overdue first."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    open_cases = visible_to(Case.objects.filter(closed_at__isnull=True), user)
    return Workload(
        overdue=open_cases.filter(due_on__lt=today).count(),
        due_soon=open_cases.filter(due_on__gte=today,
                                   due_on__lte=_due_soon_until(calendar, today)).count(),
        first=case_rows(user, open_cases.select_related("person", "policy", "category",
                                                          "programme")
                        .order_by("due_on", "id")[:limit], today),
        open_postings=list(postings_open(user, today)[:limit]),
    )


def cases_awaiting_decision(user: Any) -> QuerySet[Case]:
    return visible_to(Case.objects.filter(_next_step_q(DECIDED)), user)


# --- the gap finder -----------------------------------------------------------------------------

@dataclass(frozen=True)
class GapList:
    rows: list[Gap]
    hidden: int  # rows in a restricted category this user may not see


def gaps_for(user: Any, commune: AdministrativeUnit, at: date) -> GapList:
    """The gap finder for a commune the caller fetched through a scoped read.

    A row in a category that reveals HIV status is kept only where ``person_hiv_status``
    answers for this user (the commune's own officers and leader); others get the count.
    """
    rows = gaps_find(commune=commune, at=at)
    restricted_ids = {g.person_id for g in rows if g.restricted}
    allowed: set[int] = set()
    if restricted_ids and sees_restricted(user):
        for person in Person.objects.filter(pk__in=restricted_ids):
            if person_hiv_status(user, person) is not None:
                allowed.add(person.pk)
    shown = [g for g in rows if not g.restricted or g.person_id in allowed]
    return GapList(rows=sorted(shown, key=lambda g: (g.full_name, g.person_id, g.category)),
                   hidden=len(rows) - len(shown))


def commune_place(commune: AdministrativeUnit) -> str:
    """The place name of a document's date line: "Phường Ba Đình" → "Ba Đình"."""
    with translation.override("vi"):
        prefix = f"{commune.get_kind_display()} "
    return commune.name[len(prefix):] if commune.name.startswith(prefix) else commune.name
