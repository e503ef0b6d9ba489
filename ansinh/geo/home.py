"""The home-page panel of the geo app: the user's area and its residential groups."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ansinh.core.home import Panel, PanelItem, register_panel
from ansinh.core.scoping import acting_assignment
from ansinh.geo.models import ResidentialGroup, UnitLevel


@register_panel
def area_panel(user: Any) -> Panel | None:
    assignment = acting_assignment(user)
    if assignment is None or assignment.unit is None:
        return None
    unit = assignment.unit
    if unit.level == UnitLevel.PROVINCE:
        communes = unit.children.filter(valid_to__isnull=True).count()
        groups = ResidentialGroup.objects.filter(commune__parent=unit).count()
        return Panel(
            title=unit.name, order=10,
            items=[PanelItem(_("Xã, phường, đặc khu"), f"{communes}", unit.get_absolute_url()),
                   PanelItem(_("Thôn, tổ dân phố đã khai báo"), f"{groups}")],
            action_label=_("Xem địa bàn"), action_url=unit.get_absolute_url(),
        )
    groups = unit.residential_groups.filter(is_active=True).count()
    if groups == 0 and assignment.is_read_only:
        return Panel(title=unit.name, order=10,
                     empty_text=_("Địa bàn chưa khai báo thôn, tổ dân phố nào."))
    if groups == 0:
        return Panel(
            title=unit.name, order=10,
            empty_text=_("Chưa có thôn, tổ dân phố nào. Việc đầu tiên: khai báo danh sách "
                         "thôn, tổ dân phố của địa bàn."),
            action_label=_("Khai báo thôn, tổ dân phố"), action_url=unit.get_absolute_url(),
        )
    return Panel(
        title=unit.name, order=10,
        items=[PanelItem(_("Thôn, tổ dân phố"), f"{groups}", unit.get_absolute_url())],
        action_label=_("Xem địa bàn"), action_url=unit.get_absolute_url(),
    )
