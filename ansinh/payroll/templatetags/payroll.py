"""Template helpers of the payroll pages: ``{% load payroll %}``.

``{% person_payment_account person as account %}`` lets the registry's person page show how a
person is paid without the registry importing this app (as ``policies`` shows circumstances).
"""

from __future__ import annotations

from typing import Any

from django import template

from ansinh.core.scoping import acting_assignment
from ansinh.payroll import selectors
from ansinh.payroll.models import Cycle, PaymentAccount

register = template.Library()


@register.filter
def account_masked(number: str) -> str:
    """A bank account number as read-only roles see it: its last four digits."""
    return selectors.mask_account(number or "")


@register.simple_tag
def person_payment_account(person: Any) -> PaymentAccount | None:
    """How a person already fetched through a scoped read is paid (None: cash, the default)."""
    return selectors.person_payment_account(person)


@register.filter
def cycle_title(cycle: Cycle) -> str:
    """"Trợ cấp xã hội hằng tháng, tháng 06/2026", or the one-off programme's title."""
    return selectors.cycle_title(cycle)


@register.simple_tag(takes_context=True)
def payroll_can_generate(context: Any) -> bool:
    """Whether the "make a payment list" tab leads anywhere for this user (commune staff)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    assignment = acting_assignment(user)
    return bool(assignment and not assignment.is_read_only and selectors.is_commune_staff(user))
