"""Reads over payment cycles and their lines, scoped to the acting user's units.

Everything here only reads. A cycle outside the user's units is a ``NotFound`` (a 404); a line
is always fetched through a cycle the caller already fetched that way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role
from ansinh.cases.models import Programme
from ansinh.cases.selectors import acting_commune
from ansinh.cases.services import add_months, month_start
from ansinh.core.errors import NotFound
from ansinh.core.scoping import acting_assignment, get_for_user, visible_to
from ansinh.core.text import normalize_text
from ansinh.geo.models import AdministrativeUnit
from ansinh.payroll.models import Channel, Cycle, Line, LineKind, LineStatus, PaymentAccount
from ansinh.policies.models import Policy, PolicyKind
from ansinh.registry.models import Person

COMMUNE_STAFF = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER})


# --- who sees what ------------------------------------------------------------------------------

def is_commune_staff(user: Any) -> bool:
    assignment = acting_assignment(user)
    return assignment is not None and assignment.role in COMMUNE_STAFF


def sees_accounts(user: Any) -> bool:
    """Bank account numbers in full: the commune's own officers and leader, who pay (lists
    are already scoped to their commune)."""
    return is_commune_staff(user)


def mask_account(number: str) -> str:
    """"0123456789" → "••••6789": enough to tell two accounts apart, not to pay into one."""
    return f"••••{number[-4:]}" if number else ""


def is_province_or_wider(user: Any) -> bool:
    """Whether the user sees several communes (the list then filters by commune)."""
    assignment = acting_assignment(user)
    return assignment is not None and acting_commune(user) is None


# --- months ---------------------------------------------------------------------------------------

def default_month(commune: AdministrativeUnit | None, today: date | None = None) -> date:
    """The month the generation form offers: the one after the commune's latest cycle, at
    least this month and at most next month (the service refuses later ones)."""
    this_month = month_start(today or timezone.localdate())
    if commune is None:
        return this_month
    latest = (Cycle.objects.filter(commune=commune, programme__isnull=True)
              .order_by("-month").values_list("month", flat=True).first())
    if latest is None:
        return this_month
    return min(max(add_months(latest, 1), this_month), add_months(this_month, 1))


def payable_policies() -> QuerySet[Policy]:
    """Policies a month's cycle can be generated for: the monthly ones, and the one-off ones
    whose single payments (funeral support, a longevity gift) are decided person by person;
    a one-off programme's list has its own cycle."""
    return Policy.objects.filter(kind__in=[PolicyKind.MONTHLY, PolicyKind.ONE_OFF]).order_by(
        "order", "code")


# --- cycles ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CycleFilter:
    commune: str = ""  # the commune's code
    policy: str = ""  # the policy's code
    month: date | None = None
    status: str = ""


def cycles_for(user: Any, f: CycleFilter = CycleFilter()) -> QuerySet[Cycle]:  # noqa: B008
    cycles = visible_to(Cycle.objects.all(), user)
    if f.commune:
        cycles = cycles.filter(commune__code=f.commune)
    if f.policy:
        cycles = cycles.filter(policy__code=f.policy)
    if f.month is not None:
        cycles = cycles.filter(month=month_start(f.month))
    if f.status:
        cycles = cycles.filter(status=f.status)
    return cycles.select_related("commune", "policy", "programme", "generated_by",
                                 "approved_by").order_by("-month", "commune__path",
                                                         "policy__order", "id")


@dataclass(frozen=True)
class CycleTotals:
    cycles: int = 0
    lines: int = 0
    persons: int = 0
    total: int = 0


def cycles_totals(cycles: QuerySet[Cycle]) -> CycleTotals:
    """The totals of a filtered list (a person paid by two cycles counts twice)."""
    found = cycles.order_by().aggregate(n=Count("id"), lines=Sum("lines_count"),
                                        persons=Sum("persons"), total=Sum("total"))
    return CycleTotals(cycles=found["n"], lines=found["lines"] or 0,
                       persons=found["persons"] or 0, total=found["total"] or 0)


def cycle_communes(user: Any) -> QuerySet[AdministrativeUnit]:
    """The communes with cycles the user may see: the choices of the list's commune filter."""
    ids = visible_to(Cycle.objects.all(), user).values("commune_id")
    return AdministrativeUnit.objects.filter(pk__in=ids).order_by("path")


def cycle_title(cycle: Cycle) -> str:
    """"Trợ cấp xã hội hằng tháng, tháng 06/2026", or the one-off programme's title."""
    if cycle.programme is not None:
        return cycle.programme.title
    return _("%(p)s, tháng %(m)s") % {"p": cycle.policy.name, "m": f"{cycle.month:%m/%Y}"}


def cycle_get_for_user(user: Any, pk: Any) -> Cycle:
    return get_for_user(Cycle.objects.select_related(
        "commune", "policy", "programme", "generated_by", "approved_by"), user, pk=pk)


def programmes_awaiting_cycle(user: Any) -> QuerySet[Programme]:
    """Decided one-off programmes in the user's units whose payment list is not made yet."""
    made = Cycle.objects.filter(programme__isnull=False).values("programme_id")
    return visible_to(Programme.objects.filter(status=Programme.Status.DECIDED), user) \
        .exclude(pk__in=made).select_related("policy", "commune").order_by("-created_at", "-id")


def programme_get_for_user(user: Any, pk: Any) -> Programme:
    return get_for_user(Programme.objects.select_related("policy", "commune"), user, pk=pk)


# --- lines ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LineFilter:
    group: str = ""
    kind: str = ""
    status: str = ""
    channel: str = ""
    query: str = ""


def cycle_lines(cycle: Cycle, f: LineFilter = LineFilter()) -> QuerySet[Line]:  # noqa: B008
    """The lines of a cycle the caller fetched through ``cycle_get_for_user``."""
    lines = cycle.lines.all()
    if f.group:
        # "-" stands for the lines of households in no residential group.
        lines = lines.filter(group_name="" if f.group == "-" else f.group)
    if f.kind:
        lines = lines.filter(kind=f.kind)
    if f.status:
        lines = lines.filter(status=f.status)
    if f.channel:
        lines = lines.filter(channel=f.channel)
    if f.query.strip():
        key = normalize_text(f.query)
        lines = lines.filter(Q(full_name__icontains=f.query.strip())
                             | Q(person__name_key__contains=key))
    return lines.order_by("group_name", "full_name", "for_month", "id")


def cycle_groups(cycle: Cycle) -> list[str]:
    """The residential groups of a cycle's lines, by name ("" for no group)."""
    return list(cycle.lines.order_by("group_name").values_list("group_name", flat=True)
                .distinct())


def cycle_line_get(cycle: Cycle, pk: Any) -> Line:
    try:
        found = cycle.lines.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(_("Không tìm thấy dòng chi trả."))
    return found


def line_ids_in(cycle: Cycle, ids: list[int]) -> list[int]:
    """The ids among ``ids`` that are lines of ``cycle`` (the rest are ignored)."""
    return list(cycle.lines.filter(pk__in=ids).values_list("pk", flat=True))


@dataclass
class StatusFigures:
    count: int = 0
    amount: int = 0


@dataclass
class CycleProgress:
    """How far the paying has gone: payment lines and money by status (recoveries apart, as
    the reconciliation counts them), arrears, and recovery lines not yet settled."""

    planned: StatusFigures = field(default_factory=StatusFigures)
    paid: StatusFigures = field(default_factory=StatusFigures)
    returned: StatusFigures = field(default_factory=StatusFigures)
    arrears: StatusFigures = field(default_factory=StatusFigures)
    recoveries: StatusFigures = field(default_factory=StatusFigures)
    recoveries_open: int = 0

    @property
    def open_lines(self) -> int:
        """Lines still to record, recoveries included: the cycle closes at zero."""
        return self.planned.count + self.recoveries_open


def cycle_progress(cycle: Cycle) -> CycleProgress:
    progress = CycleProgress()
    rows = cycle.lines.order_by().values("kind", "status").annotate(n=Count("id"),
                                                                    amount=Sum("amount"))
    for row in rows:
        n, amount = row["n"], row["amount"] or 0
        if row["kind"] == LineKind.RECOVERY:
            progress.recoveries.count += n
            progress.recoveries.amount += amount
            progress.recoveries_open += n if row["status"] == LineStatus.PLANNED else 0
            continue
        figures = getattr(progress, row["status"])
        figures.count += n
        figures.amount += amount
        if row["kind"] == LineKind.ARREAR:
            progress.arrears.count += n
            progress.arrears.amount += amount
    return progress


def cycle_has_transfers(cycle: Cycle) -> bool:
    """Whether any line goes through the provider or a bank (a file to send, one to read)."""
    return cycle.lines.filter(channel__in=[Channel.PROVIDER, Channel.BANK]).exists()


# --- payment accounts -----------------------------------------------------------------------------

def person_payment_account(person: Person) -> PaymentAccount | None:
    """How a person the caller fetched through a scoped read is paid (None: cash, the default)."""
    return PaymentAccount.objects.filter(person=person).first()


# --- the home page --------------------------------------------------------------------------------

@dataclass
class PayrollWork:
    awaiting_approval: list[Cycle] = field(default_factory=list)
    outstanding_lines: int = 0
    outstanding_amount: int = 0
    outstanding_cycles: int = 0


def payroll_work(user: Any, *, limit: int = 5) -> PayrollWork:
    """Cycles generated and waiting for the leader; lines of approved cycles not yet paid."""
    cycles = visible_to(Cycle.objects.all(), user)
    waiting = cycles.filter(status=Cycle.Status.DRAFT, lines_count__gt=0) \
        .select_related("policy", "commune", "programme", "generated_by") \
        .order_by("month", "id")[:limit]
    outstanding = Line.objects.filter(cycle__in=cycles.filter(status=Cycle.Status.APPROVED),
                                      status=LineStatus.PLANNED).aggregate(
        n=Count("id"), amount=Sum("amount"), cycles=Count("cycle", distinct=True))
    return PayrollWork(awaiting_approval=list(waiting), outstanding_lines=outstanding["n"],
                       outstanding_amount=outstanding["amount"] or 0,
                       outstanding_cycles=outstanding["cycles"])
