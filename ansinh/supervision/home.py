"""The home-page panels of supervision.

For the commune's officers and leader: the delegations' recommendations addressed to their
unit and waiting for it, the overdue ones first and marked. For supervisors: their plans in
progress and the recommendations past their deadline.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ansinh.accounts.models import Role
from ansinh.core.home import Panel, PanelItem, register_panel
from ansinh.core.scoping import acting_assignment
from ansinh.core.text import format_date
from ansinh.supervision import selectors
from ansinh.supervision.models import OUTSTANDING, PlanStatus

COMMUNE_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER})
SHOWN = 5


def _short(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(90)


@register_panel
def recommendations_panel(user: Any) -> Panel | None:
    assignment = acting_assignment(user)
    if assignment is None or assignment.role not in COMMUNE_ROLES:
        return None
    today = timezone.localdate()
    waiting = selectors.recommendations_for(user, selectors.RecommendationFilter(
        addressed=True), today).filter(status__in=OUTSTANDING)
    overdue = list(waiting.filter(deadline__lt=today)[:SHOWN])
    upcoming = list(waiting.filter(deadline__gte=today)[:SHOWN - len(overdue)])
    items = [PanelItem(_short(r.text), _("Quá hạn từ %(d)s") % {"d": format_date(r.deadline)},
                       r.get_absolute_url(), tone="warning") for r in overdue]
    items += [PanelItem(_short(r.text), _("hạn %(d)s") % {"d": format_date(r.deadline)},
                        r.get_absolute_url()) for r in upcoming]
    base = reverse("supervision:recommendation_list")
    return Panel(
        title=_("Kiến nghị của đoàn giám sát"), items=items, order=30,
        empty_text=_("Không có kiến nghị nào của đoàn giám sát đang chờ đơn vị thực hiện."),
        action_label=_("Xem các kiến nghị"), action_url=f"{base}?gui_don_vi=1",
    )


@register_panel
def supervision_panel(user: Any) -> Panel | None:
    assignment = acting_assignment(user)
    if assignment is None or assignment.role != Role.SUPERVISOR:
        return None
    today = timezone.localdate()
    plans = selectors.plans_for(user, selectors.PlanFilter(status=PlanStatus.IN_PROGRESS))
    items = []
    for plan in plans[:SHOWN]:
        count = getattr(plan, "recommendation_count", 0)  # annotated by plans_for
        items.append(PanelItem(f"{plan.number} · {_short(plan.title)}",
                               ngettext("%(n)s kiến nghị", "%(n)s kiến nghị", count)
                               % {"n": count}, plan.get_absolute_url()))
    overdue = selectors.recommendations_for(
        user, selectors.RecommendationFilter(overdue=True), today)
    items += [PanelItem(_("Quá hạn: %(t)s") % {"t": _short(r.text)},
                        f"{r.to_unit.name} · {format_date(r.deadline)}", r.get_absolute_url(),
                        tone="danger") for r in overdue[:SHOWN]]
    return Panel(
        title=_("Giám sát"), items=items, order=30,
        empty_text=_("Không có kế hoạch giám sát nào đang thực hiện."),
        action_label=_("Xem các kế hoạch giám sát"),
        action_url=reverse("supervision:plan_list"),
    )
