"""The home-page panel of the duplicate review queue: the pairs waiting for review in the
user's units."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ansinh.core.home import Panel, PanelItem, register_panel
from ansinh.integrity import selectors


@register_panel
def duplicates_panel(user: Any) -> Panel | None:
    pending = selectors.pending_pairs_count(user)
    url = reverse("integrity:pair_list")
    items = []
    if pending:
        items.append(PanelItem(_("Cặp nghi trùng chờ xem xét"), str(pending), url,
                               tone="warning"))
    return Panel(
        title=_("Người nghi trùng"), items=items, order=35,
        empty_text=_("Không có cặp người nghi trùng nào chờ xem xét trong địa bàn của bạn."),
        action_label=_("Xem danh sách người nghi trùng"), action_url=url,
    )
