"""The home-page panel of the funds: the allocations waiting for this user's approval (a
commune leader's for the commune's funds, a province officer's for the province's)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role
from ansinh.core.home import Panel, PanelItem, register_panel
from ansinh.core.scoping import acting_assignment
from ansinh.core.text import format_money
from ansinh.funds import selectors

APPROVERS = frozenset({Role.COMMUNE_LEADER, Role.PROVINCE_OFFICER, Role.SYSTEM_ADMIN})
SHOWN = 5


@register_panel
def pending_allocations_panel(user: Any) -> Panel | None:
    assignment = acting_assignment(user)
    if assignment is None or assignment.role not in APPROVERS:
        return None
    entries = selectors.pending_allocations_for(user)[:SHOWN]
    items = [PanelItem(Truncator(f"{e.fund.name}: {e.description}").chars(90),
                       format_money(e.amount), e.get_absolute_url(), tone="warning")
             for e in entries]
    return Panel(
        title=_("Khoản chi quỹ chờ bạn phê duyệt"), items=items, order=25,
        empty_text=_("Không có khoản chi nào của quỹ đang chờ bạn phê duyệt."),
        action_label=_("Xem các khoản chi chờ phê duyệt"),
        action_url=reverse("funds:pending_list"),
    )
