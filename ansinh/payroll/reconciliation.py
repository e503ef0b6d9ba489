"""Reading a cycle's payment back: what was planned, paid, returned and is still outstanding,
and who has not collected their allowance for three months running.

Both are aggregates computed by the database; Python only adds up the few rows of one
``GROUP BY`` (one per residential group and channel).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from ansinh.cases.services import add_months, month_start
from ansinh.geo.models import AdministrativeUnit
from ansinh.payroll.models import Channel, Cycle, Line, LineKind, LineStatus

# --- Reconciliation of one cycle ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figures:
    """Counts and amounts (whole đồng) of the payment lines of a cycle or part of one.

    ``planned`` is every payment line of the list; each of them is ``paid``, ``returned``
    (could not be paid, with a reason) or ``outstanding`` (neither yet).
    """

    planned: int = 0
    planned_amount: int = 0
    paid: int = 0
    paid_amount: int = 0
    returned: int = 0
    returned_amount: int = 0
    outstanding: int = 0
    outstanding_amount: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(a + b for a, b in zip(self._values(), other._values(), strict=True)))

    def _values(self) -> tuple[int, ...]:
        return (self.planned, self.planned_amount, self.paid, self.paid_amount, self.returned,
                self.returned_amount, self.outstanding, self.outstanding_amount)

    @property
    def settled(self) -> bool:
        """Every line is paid or returned: the cycle (or part) can be closed."""
        return self.outstanding == 0


@dataclass(frozen=True, slots=True)
class Part:
    """The figures of one residential group or one channel; ``key`` as stored (the group's
    name, the channel's value), ``label`` for display."""

    key: str
    label: str
    figures: Figures


@dataclass(frozen=True, slots=True)
class Recoveries:
    """Recovery lines (thu hồi): money paid that was not due, kept out of the payment
    figures. ``amount`` is what is to be recovered, as a positive number of đồng."""

    count: int = 0
    amount: int = 0


@dataclass(frozen=True, slots=True)
class Reconciliation:
    cycle: Cycle
    overall: Figures
    by_group: list[Part] = field(default_factory=list)
    by_channel: list[Part] = field(default_factory=list)
    recoveries: Recoveries = field(default_factory=Recoveries)


def _payment(status: str | None = None) -> Q:
    condition = ~Q(kind=LineKind.RECOVERY)
    return condition & Q(status=status) if status is not None else condition


def reconcile(cycle: Cycle) -> Reconciliation:
    """The cycle's figures overall, by residential group and by channel, and its recoveries,
    from one grouped query with conditional aggregates."""
    recovery = Q(kind=LineKind.RECOVERY)
    rows = (Line.objects.filter(cycle=cycle).order_by()
            .values("group_name", "channel")
            .annotate(
                planned=Count("id", filter=_payment()),
                planned_amount=Sum("amount", filter=_payment(), default=0),
                paid=Count("id", filter=_payment(LineStatus.PAID)),
                paid_amount=Sum("amount", filter=_payment(LineStatus.PAID), default=0),
                returned=Count("id", filter=_payment(LineStatus.RETURNED)),
                returned_amount=Sum("amount", filter=_payment(LineStatus.RETURNED), default=0),
                outstanding=Count("id", filter=_payment(LineStatus.PLANNED)),
                outstanding_amount=Sum("amount", filter=_payment(LineStatus.PLANNED),
                                       default=0),
                recoveries=Count("id", filter=recovery),
                recovery_amount=Sum("amount", filter=recovery, default=0)))
    overall = Figures()
    by_group: dict[str, Figures] = defaultdict(Figures)
    by_channel: dict[str, Figures] = defaultdict(Figures)
    recoveries, to_recover = 0, 0
    for row in rows:
        figures = Figures(*(row[name] for name in (
            "planned", "planned_amount", "paid", "paid_amount", "returned", "returned_amount",
            "outstanding", "outstanding_amount")))
        overall += figures
        by_group[row["group_name"]] += figures
        by_channel[row["channel"]] += figures
        recoveries += row["recoveries"]
        to_recover -= row["recovery_amount"]
    channels = dict(Channel.choices)
    return Reconciliation(
        cycle=cycle, overall=overall,
        by_group=[Part(name, name or _("(Chưa ghi tổ, thôn)"), figures)
                  for name, figures in sorted(by_group.items()) if figures.planned],
        by_channel=[Part(key, str(channels.get(key, key)), figures)
                    for key, figures in sorted(by_channel.items()) if figures.planned],
        recoveries=Recoveries(recoveries, to_recover))


# --- Not collected for three months ------------------------------------------------------------

UNPAID_MONTHS = 3


@dataclass(frozen=True, slots=True)
class UnpaidFlag:
    """A benefit whose allowance came back unpaid three months running: to be considered for
    suspension (tạm dừng), Circular 02/2021/TT-BLĐTBXH Art. 2.

    ``months`` are the three months, oldest first; ``reasons`` the return reason of each,
    in the same order. Name and group are as printed on the latest of the three lists.
    """

    benefit_id: int
    person_id: int
    full_name: str
    group_name: str
    months: tuple[date, ...]
    reasons: tuple[str, ...]


def unpaid_three_months(commune: AdministrativeUnit, *, as_of_month: date
                        ) -> list[UnpaidFlag]:
    """Benefits of ``commune`` whose regular lines for the three months ending with
    ``as_of_month``, in approved or closed cycles, were all returned.

    The benefits are found by one grouped query (three returned regular lines in three
    different months); their three lines are then read to name the months and reasons.
    """
    last = month_start(as_of_month)
    months = tuple(add_months(last, offset) for offset in range(1 - UNPAID_MONTHS, 1))
    lines = Line.objects.filter(
        cycle__commune=commune, cycle__programme__isnull=True,
        cycle__status__in=(Cycle.Status.APPROVED, Cycle.Status.CLOSED),
        kind=LineKind.REGULAR, status=LineStatus.RETURNED,
        for_month__gte=months[0], for_month__lte=last)
    flagged = (lines.order_by().values("benefit_id")
               .annotate(months=Count("for_month", distinct=True))
               .filter(months=UNPAID_MONTHS).values("benefit_id"))
    found: dict[int, list[Line]] = defaultdict(list)
    for line in (lines.filter(benefit_id__in=flagged)
                 .only("benefit_id", "person_id", "full_name", "group_name", "for_month",
                       "return_reason")
                 .order_by("group_name", "full_name", "benefit_id", "for_month")):
        found[line.benefit_id].append(line)
    flags = []
    for benefit_id, returned in found.items():
        by_month = {line.for_month: line for line in returned}
        latest = by_month[last]
        flags.append(UnpaidFlag(
            benefit_id=benefit_id, person_id=latest.person_id, full_name=latest.full_name,
            group_name=latest.group_name, months=months,
            reasons=tuple(by_month[month].return_reason for month in months)))
    return flags
