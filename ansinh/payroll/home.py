"""The home-page panel of the payroll: for the commune's officers and leader, the lists waiting
for the leader's approval and the lines of approved lists not paid yet."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ansinh.cases.selectors import acting_commune, is_leader_of
from ansinh.core.home import Panel, PanelItem, register_panel
from ansinh.core.text import format_money
from ansinh.payroll import selectors
from ansinh.payroll.models import Cycle


@register_panel
def payroll_panel(user: Any) -> Panel | None:
    commune = acting_commune(user)
    if commune is None or not selectors.is_commune_staff(user):
        return None
    work = selectors.payroll_work(user)
    leader = is_leader_of(user, commune.pk)
    base = reverse("payroll:cycle_list")
    items = [PanelItem(
        _("Chờ lãnh đạo duyệt: %(t)s") % {"t": selectors.cycle_title(c)},
        _("%(n)s người · %(a)s") % {"n": c.persons, "a": format_money(c.total)},
        c.get_absolute_url(), tone="warning" if leader else "")
        for c in work.awaiting_approval]
    if work.outstanding_lines:
        items.append(PanelItem(
            _("Dòng chưa chi của các danh sách đã duyệt"),
            _("%(n)s dòng · %(a)s") % {"n": work.outstanding_lines,
                                        "a": format_money(work.outstanding_amount)},
            f"{base}?trang_thai={Cycle.Status.APPROVED}"))
    return Panel(
        title=_("Chi trả"), items=items, order=25,
        empty_text=_("Không có danh sách chi trả nào chờ duyệt hay còn dòng chưa chi."),
        action_label=_("Xem các kỳ chi trả"), action_url=base,
    )
