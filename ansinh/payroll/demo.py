"""Demo part: the demo ward's social-assistance payrolls — last month approved and paid (one
person did not come), this month generated and waiting for the leader's approval."""

from __future__ import annotations

from django.utils import timezone

from ansinh.cases.models import Benefit
from ansinh.cases.services import add_months, month_start
from ansinh.core.demo import DemoSite
from ansinh.payroll.models import Cycle
from ansinh.payroll.services import (
    Payment,
    cycle_approve,
    cycle_generate,
    lines_mark_paid,
    lines_mark_returned,
)
from ansinh.policies.models import Policy


def populate(site: DemoSite) -> None:
    if Cycle.objects.filter(commune=site.commune).exists():
        return
    policies = Policy.objects.filter(pk__in=Benefit.objects.filter(
        commune=site.commune, one_off=False).values("policy"))
    lines = [_payrolls(site, policy) for policy in policies]
    site.lines.append(f"chi trả: {sum(n for n, _ in lines)} dòng tháng trước, "
                      f"{sum(n for _, n in lines)} dòng tháng này chờ duyệt")


def _payrolls(site: DemoSite, policy: Policy) -> tuple[int, int]:
    officer, leader = site.user("demo.canbo"), site.user("demo.lanhdao")
    this_month = month_start(timezone.localdate())
    last = cycle_generate(actor=officer, commune=site.commune, policy=policy,
                          month=add_months(this_month, -1))
    if last.lines_count:
        last = cycle_approve(actor=leader, cycle=last)
        ids = list(last.lines.order_by("id").values_list("id", flat=True))
        lines_mark_returned(actor=officer, cycle=last, line_ids=ids[:1],
                            reason="Đối tượng đi viện, chưa đến nhận")
        # Paid today: the demo's decisions are signed in the last weeks, and a line paid
        # before its decision is an anomaly the integrity rules report.
        lines_mark_paid(actor=officer, cycle=last, line_ids=ids[1:],
                        payment=Payment(paid_on=timezone.localdate()))
    current = cycle_generate(actor=officer, commune=site.commune, policy=policy,
                             month=this_month)
    return last.lines_count, current.lines_count
