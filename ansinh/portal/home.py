"""The home-page panel of the portal: residents' feedback waiting for the commune's answer,
the overdue first and marked, for the commune's officers and leader and for supervisors."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role
from ansinh.core.home import Panel, PanelItem, register_panel
from ansinh.core.scoping import acting_assignment
from ansinh.core.text import format_date
from ansinh.portal.models import FeedbackStatus
from ansinh.portal.selectors import feedbacks_for
from ansinh.portal.services import feedback_overdue_q

PANEL_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER, Role.SUPERVISOR})
SHOWN = 5


@register_panel
def feedback_panel(user: Any) -> Panel | None:
    assignment = acting_assignment(user)
    if assignment is None or assignment.role not in PANEL_ROLES:
        return None
    today = timezone.localdate()
    waiting = feedbacks_for(user).filter(status=FeedbackStatus.RECEIVED)
    overdue = list(waiting.filter(feedback_overdue_q(today)).order_by("due_on", "id")[:SHOWN])
    upcoming = list(waiting.exclude(feedback_overdue_q(today))
                    .order_by("due_on", "id")[:SHOWN - len(overdue)])
    items = [PanelItem(f"{f.code} · {Truncator(f.content).chars(70)}",
                       _("Quá hạn từ %(d)s") % {"d": format_date(f.due_on)},
                       f.get_absolute_url(), tone="danger") for f in overdue]
    items += [PanelItem(f"{f.code} · {Truncator(f.content).chars(70)}",
                        _("hạn %(d)s") % {"d": format_date(f.due_on)}, f.get_absolute_url())
              for f in upcoming]
    return Panel(
        title=_("Phản ánh của người dân chờ trả lời"), items=items, order=35,
        empty_text=_("Không có phản ánh nào của người dân đang chờ trả lời."),
        action_label=_("Xem hộp phản ánh"), action_url=reverse("portal:feedback_list"),
    )
