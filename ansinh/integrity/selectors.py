"""Reads of the integrity app: the duplicate pairs a user may see, and what the review pages
show about them.

A pair concerns two communes (one per record). It is visible to a user whose units hold
either of them: an officer reviews the pairs that touch their commune, even when the other
record lives elsewhere; merging such a pair is for a user whose units hold both
(``ansinh.integrity.merge.require_reviewer``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role
from ansinh.cases.models import Benefit, BenefitStatus
from ansinh.core.errors import DomainError, NotFound, PermissionDenied
from ansinh.core.models import AuditEvent
from ansinh.core.scoping import (
    WHOLE_COUNTRY,
    acting_assignment,
    path_q,
    scope_path,
    visible_to,
)
from ansinh.geo.models import AdministrativeUnit
from ansinh.integrity.merge import DOUBLE_PAYMENT_RULES, require_reviewer
from ansinh.integrity.models import DedupRun, DuplicatePair, Finding, PairStatus
from ansinh.payroll.models import Line
from ansinh.registry.exports import mask_national_id
from ansinh.registry.models import Person, PersonStatus

PAIR_RELATED = ("person_a__household__residential_group", "person_a__commune",
                "person_b__household__residential_group", "person_b__commune",
                "commune_a", "commune_b", "decided_by")


def pairs_visible_to(user: Any) -> QuerySet[DuplicatePair]:
    """The pairs with at least one record in the user's units (all for an administrator)."""
    pairs = DuplicatePair.objects.all()
    path = scope_path(user)
    if path is None:
        return pairs.none()
    if path == WHOLE_COUNTRY:
        return pairs
    return pairs.filter(path_q("commune_a", path) | path_q("commune_b", path))


@dataclass(frozen=True)
class PairFilter:
    status: str = PairStatus.PENDING  # "" for every status
    commune: str = ""  # a commune code: pairs with a record there
    min_probability: float | None = None  # 0..1


def pairs_for(user: Any, f: PairFilter = PairFilter()) -> QuerySet[DuplicatePair]:
    """The review queue as filtered. A pending or dismissed pair where a record has since been
    merged (through another pair) is hidden: the next search pairs the record kept instead.
    Confirmed pairs always show, as each holds a merged record."""
    pairs = pairs_visible_to(user).select_related(*PAIR_RELATED)
    if f.status:
        pairs = pairs.filter(status=f.status)
    merged = PersonStatus.MERGED
    pairs = pairs.exclude(~Q(status=PairStatus.CONFIRMED)
                          & (Q(person_a__status=merged) | Q(person_b__status=merged)))
    if f.commune:
        pairs = pairs.filter(Q(commune_a__code=f.commune) | Q(commune_b__code=f.commune))
    if f.min_probability is not None:
        pairs = pairs.filter(probability__gte=f.min_probability)
    return pairs.order_by("-probability", "id")


def probability_percent(probability: float) -> str:
    """0.9987 → "99,8%": one decimal, rounded down, so that only certainty reads 100%."""
    tenths = math.floor(probability * 1000 + 1e-9)
    return f"{tenths // 10},{tenths % 10}%"


def pair_get_for_user(user: Any, pk: Any) -> DuplicatePair:
    """One pair the user may see, or NotFound (missing and not theirs answer the same)."""
    try:
        pair = pairs_visible_to(user).select_related(*PAIR_RELATED).filter(pk=pk).first()
    except (ValueError, TypeError):
        pair = None
    if pair is None:
        raise NotFound(_("Không tìm thấy bản ghi."))
    return pair


def pair_communes(user: Any) -> QuerySet[AdministrativeUnit]:
    """The communes of the pairs the user sees, in their units: the list's commune filter."""
    pairs = pairs_visible_to(user)
    ids = set(pairs.values_list("commune_a", flat=True).distinct()) | set(
        pairs.values_list("commune_b", flat=True).distinct())
    return visible_to(AdministrativeUnit.objects.filter(pk__in=ids), user).order_by("path")


def pending_pairs_count(user: Any) -> int:
    return pairs_for(user, PairFilter()).count()


def may_review(user: Any, pair: DuplicatePair, *, both: bool = False) -> bool:
    """Whether the pages offer this user the review forms (the services decide)."""
    try:
        require_reviewer(user, pair, both=both)
    except PermissionDenied:
        return False
    return True


# --- The two records ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Side:
    """One record of a pair as the detail page shows it."""

    person: Person
    benefits: int
    running_benefits: int
    payment_lines: int
    national_id: str  # masked for read-only roles, as on the registry's exports


def pair_sides(user: Any, pair: DuplicatePair) -> tuple[Side, Side]:
    assignment = acting_assignment(user)
    masked = assignment is None or assignment.is_read_only
    ids = (pair.person_a_id, pair.person_b_id)
    benefits = dict(Benefit.objects.filter(person_id__in=ids).values("person_id")
                    .annotate(n=Count("id")).values_list("person_id", "n"))
    running = dict(Benefit.objects.filter(person_id__in=ids).exclude(status=BenefitStatus.STOPPED)
                   .values("person_id").annotate(n=Count("id")).values_list("person_id", "n"))
    # Through the benefits: a payment line's person has no index of its own (``Line``).
    lines = dict(Line.objects.filter(benefit__person_id__in=ids).values("person_id")
                 .annotate(n=Count("id")).values_list("person_id", "n"))

    def side(person: Person) -> Side:
        nid = person.national_id or ""
        return Side(person=person, benefits=benefits.get(person.pk, 0),
                    running_benefits=running.get(person.pk, 0),
                    payment_lines=lines.get(person.pk, 0),
                    national_id=mask_national_id(nid) if masked and nid else nid)

    return side(pair.person_a), side(pair.person_b)


@dataclass(frozen=True)
class EvidenceRow:
    field: str
    label: str
    level: str
    weight: float
    percent: int  # bar length: |weight| against the strongest evidence of the pair

    @property
    def weight_text(self) -> str:
        """+5,2 for evidence that they are one person, −1,3 against, 0 for neither."""
        if abs(self.weight) < 0.05:
            return "0"
        sign = "+" if self.weight > 0 else "\u2212"
        return f"{sign}{abs(self.weight):.1f}".replace(".", ",")


def pair_evidence(pair: DuplicatePair) -> list[EvidenceRow]:
    """The per-field explanation, strongest evidence first, with the length of each bar."""
    items = [e for e in pair.explanation if isinstance(e, dict)]
    strongest = max((abs(float(e.get("weight") or 0)) for e in items), default=0.0) or 1.0
    rows = [EvidenceRow(field=str(e.get("field", "")), label=str(e.get("label", "")),
                        level=str(e.get("level", "")), weight=float(e.get("weight") or 0),
                        percent=max(2, round(100 * abs(float(e.get("weight") or 0)) / strongest)))
            for e in items]
    return sorted(rows, key=lambda r: -abs(r.weight))


# --- What a merge did -----------------------------------------------------------------------------

@dataclass(frozen=True)
class MergeOutcome:
    survivor_id: int
    merged_id: int
    moved_counts: dict[str, int]  # {"cases.benefit": 2, …}
    benefits_stopped: int
    double_payments: list[Finding]

    @property
    def moved(self) -> list[tuple[str, int]]:
        return moved_labels(self.moved_counts)


def moved_labels(moved: dict[str, int]) -> list[tuple[str, int]]:
    """``{"cases.benefit": 2}`` → ``[("chế độ", 2)]``: the model's name, for the page."""
    out = []
    for label, count in sorted(moved.items()):
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            name = label
        else:
            name = str(model._meta.verbose_name)  # Vietnamese nouns take no plural
        out.append((name, int(count)))
    return out


def merge_outcome(user: Any, pair: DuplicatePair) -> MergeOutcome | None:
    """What confirming ``pair`` did, read back from its audit event (None if not confirmed)."""
    if pair.status != PairStatus.CONFIRMED:
        return None
    event = AuditEvent.objects.filter(
        action="integrity.pair.confirm", object_type=DuplicatePair._meta.label_lower,
        object_id=str(pair.pk)).order_by("-sequence").first()
    if event is None:
        return None
    changes = event.changes or {}
    finding_ids = [int(pk) for pk in changes.get("double_payments") or []]
    findings = list(visible_to(Finding.objects.filter(pk__in=finding_ids,
                                                      rule__in=DOUBLE_PAYMENT_RULES), user)
                    .order_by("key", "id"))
    return MergeOutcome(
        survivor_id=int(changes.get("survivor") or 0),
        merged_id=int(changes.get("merged") or 0),
        moved_counts={str(k): int(v) for k, v in (changes.get("moved") or {}).items()},
        benefits_stopped=int(changes.get("benefits_stopped") or 0),
        double_payments=findings)


# --- Runs and the model ---------------------------------------------------------------------------

def dedup_runs_for(user: Any) -> QuerySet[DedupRun]:
    return visible_to(DedupRun.objects.select_related("unit", "model", "started_by"), user)


DEDUP_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER, Role.PROVINCE_OFFICER})


def dedup_unit(user: Any) -> AdministrativeUnit:
    """The unit a search started by ``user`` covers: a commune's officers and leader search
    their commune, a province officer the province. Others get PermissionDenied."""
    assignment = acting_assignment(user)
    if assignment is None or assignment.role not in DEDUP_ROLES or assignment.unit is None:
        raise PermissionDenied(_("Chỉ cán bộ, lãnh đạo UBND cấp xã và cán bộ cấp tỉnh được "
                                 "chạy tìm người trùng."))
    return assignment.unit


def train_unit(user: Any) -> AdministrativeUnit | None:
    """The persons a model trained by ``user`` learns from: a province officer's province, or
    the whole country (None) for a system administrator. Others get PermissionDenied."""
    assignment = acting_assignment(user)
    if assignment is not None and assignment.is_system_admin:
        return None
    if assignment is not None and assignment.role == Role.PROVINCE_OFFICER \
            and assignment.unit is not None:
        return assignment.unit
    raise PermissionDenied(_("Chỉ quản trị hệ thống và cán bộ cấp tỉnh được huấn luyện lại "
                             "mô hình."))


def can_run(user: Any) -> bool:
    try:
        dedup_unit(user)
    except DomainError:
        return False
    return True


def can_train(user: Any) -> bool:
    try:
        train_unit(user)
    except DomainError:
        return False
    return True
