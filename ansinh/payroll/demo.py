"""Demo part: a year of monthly payrolls in every demo commune, and the Resolution 42/NQ-CP
programme's payment list.

For each commune and monthly policy, the eleven months before this one are generated, approved
by the leader (maker-checker), paid around the 10th of the month (a beneficiary decided later
in the month is paid from the day of the decision) with a few lines returned, and the months
before last settled; this month's list is generated and waits for the leader's approval, as on
a real day. Idempotent: a commune that has monthly cycles is left alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.utils import timezone

from ansinh.cases.models import Benefit, Programme
from ansinh.cases.services import add_months, month_start
from ansinh.core.demo import DemoSite
from ansinh.geo.models import AdministrativeUnit
from ansinh.payroll import services as payroll_services
from ansinh.payroll.models import Cycle
from ansinh.payroll.services import (
    Payment,
    cycle_approve,
    cycle_close,
    cycle_generate,
    lines_mark_paid,
    lines_mark_returned,
    programme_cycle_generate,
)
from ansinh.policies.models import Policy

MONTHS = 12  # this month and the eleven before it
PAY_DAY = 10
# Months back (1 is last month) in which one line of each of the ward's lists could not be
# paid, with the reason written on it.
RETURNS = {1: "Đối tượng đi viện, chưa đến nhận", 4: "Gia đình báo đi vắng dài ngày",
           8: "Đối tượng đi viện, chưa đến nhận"}
OTHER_RETURNS = {5: "Chưa liên hệ được với đối tượng"}
NQ42_PAID_ON = date(2020, 5, 8)


def populate(site: DemoSite) -> None:
    paid_lines = draft_lines = 0
    for commune in site.communes:
        if Cycle.objects.filter(commune=commune, programme=None).exists():
            continue
        policies = Policy.objects.filter(pk__in=Benefit.objects.filter(
            commune=commune, one_off=False).values("policy")).order_by("order")
        returns = RETURNS if commune == site.commune else OTHER_RETURNS
        for policy in policies:
            paid, draft = _payrolls(site, commune, policy, returns)
            paid_lines, draft_lines = paid_lines + paid, draft_lines + draft
    site.lines.append(f"chi trả {MONTHS - 1} tháng qua: {paid_lines} dòng đã chi; tháng này "
                      f"{draft_lines} dòng chờ duyệt")
    paid = sum(_programme_payroll(site, programme) for programme in Programme.objects.filter(
        commune__in=site.others, status=Programme.Status.DECIDED).order_by("pk"))
    if paid:
        site.lines.append(f"đã chi hỗ trợ một lần cho {paid} người")


@contextmanager
def _without_generation_hooks() -> Iterator[None]:
    """The months before this one were generated when they came, each followed by its run of
    the anomaly rules; replayed now, the integrity part runs them once instead of queuing a
    background job per list."""
    saved = list(payroll_services.AFTER_GENERATION)
    payroll_services.AFTER_GENERATION.clear()
    try:
        yield
    finally:
        payroll_services.AFTER_GENERATION.extend(saved)


def _payrolls(site: DemoSite, commune: AdministrativeUnit, policy: Policy,
              returns: dict[int, str]) -> tuple[int, int]:
    officer, leader = site.officer(commune), site.leader(commune)
    today = timezone.localdate()
    this_month = month_start(today)
    paid = 0
    with _without_generation_hooks():
        for back in range(MONTHS - 1, 0, -1):
            cycle = cycle_generate(actor=officer, commune=commune, policy=policy,
                                   month=add_months(this_month, -back))
            if not cycle.lines_count:
                continue
            cycle = cycle_approve(actor=leader, cycle=cycle)
            lines = list(cycle.lines.order_by("id").values_list(
                "id", "benefit__decision__signed_on"))
            # A different person each time: the line a few places down the list.
            returned = [lines[(7 * back) % len(lines)][0]] if back in returns else []
            if returned:
                lines_mark_returned(actor=officer, cycle=cycle, line_ids=returned,
                                    reason=returns[back])
            pay_day = min(today, cycle.month.replace(day=PAY_DAY))
            by_day: dict[date, list[int]] = defaultdict(list)
            for line_id, signed in lines:
                if line_id not in returned:
                    # Never before the decision: paid on the day it was signed, if later.
                    by_day[min(today, max(pay_day, signed or pay_day))].append(line_id)
            for day, ids in sorted(by_day.items()):
                paid += lines_mark_paid(actor=officer, cycle=cycle, line_ids=ids,
                                        payment=Payment(paid_on=day))
            if back > 1:
                cycle_close(actor=officer, cycle=cycle)
    current = cycle_generate(actor=officer, commune=commune, policy=policy, month=this_month)
    return paid, current.lines_count


def _programme_payroll(site: DemoSite, programme: Programme) -> int:
    """The one-off list: generated, approved, paid in May 2020, settled."""
    if Cycle.objects.filter(programme=programme).exists():
        return 0
    officer, leader = site.officer(programme.commune), site.leader(programme.commune)
    with _without_generation_hooks():
        cycle = programme_cycle_generate(actor=officer, programme=programme)
    if not cycle.lines_count:
        return 0
    cycle = cycle_approve(actor=leader, cycle=cycle)
    ids = list(cycle.lines.values_list("id", flat=True))
    paid = lines_mark_paid(actor=officer, cycle=cycle, line_ids=ids,
                           payment=Payment(paid_on=min(timezone.localdate(), NQ42_PAID_ON)))
    cycle_close(actor=officer, cycle=cycle)
    return paid
