"""The home-page panel of the policies app: values waiting for an administrator to confirm."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ansinh.core.home import Panel, PanelItem, register_panel
from ansinh.core.scoping import acting_assignment
from ansinh.core.text import format_date
from ansinh.policies.selectors import pending_versions


@register_panel
def pending_values_panel(user: Any) -> Panel | None:
    assignment = acting_assignment(user)
    if assignment is None or not assignment.is_system_admin:
        return None
    pending = list(pending_versions()[:5])
    items = [PanelItem(f"{v.parameter.name}" + (f" ({v.province.name})" if v.province else ""),
                       _("từ %(d)s") % {"d": format_date(v.effective_from)},
                       reverse("policies:version_confirm", args=[v.pk]))
             for v in pending]
    return Panel(
        title=_("Mức chính sách chờ xác nhận"), items=items, order=25,
        empty_text=_("Không có giá trị tham số nào chờ xác nhận."),
        action_label=_("Xem danh mục chính sách"), action_url=reverse("policies:policy_list"),
    )
