"""The home-page panel of the poverty review: the surveys assigned to me and not yet submitted,
and the reviews posted and waiting for the commune chair's recognition."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role
from ansinh.core.home import Panel, PanelItem, register_panel
from ansinh.core.scoping import acting_assignment
from ansinh.poverty import selectors

SHOWN = 5


@register_panel
def poverty_panel(user: Any) -> Panel | None:
    assignment = acting_assignment(user)
    if assignment is None or assignment.role not in (Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER):
        return None
    items = []
    waiting = list(selectors.reviews_waiting_recognition(user)[:SHOWN])
    leader = assignment.role == Role.COMMUNE_LEADER
    for review in waiting:
        items.append(PanelItem(review.title, _("Chờ công nhận"), review.get_absolute_url(),
                               tone="warning" if leader else ""))
    surveys = selectors.surveys_assigned_to(user)
    count = surveys.count()
    for survey in surveys.order_by("review_id", "household__code")[:SHOWN]:
        items.append(PanelItem(_("Phiếu hộ %(c)s") % {"c": survey.household.code},
                               survey.get_status_display(), survey.get_absolute_url(),
                               tone="danger" if survey.status == "resurvey" else ""))
    if count > SHOWN:
        items.append(PanelItem(_("Còn %(n)s phiếu khác được giao cho bạn") % {
            "n": count - SHOWN}))
    return Panel(
        title=_("Rà soát hộ nghèo"), items=items, order=35,
        empty_text=_("Không có phiếu rà soát nào được giao cho bạn, không có đợt rà soát nào "
                     "chờ công nhận."),
        action_label=_("Xem các đợt rà soát"), action_url=reverse("poverty:review_list"),
    )
