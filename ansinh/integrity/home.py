"""Home-page panels of the integrity app."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role
from ansinh.core.home import Panel, PanelItem, register_panel
from ansinh.core.scoping import acting_assignment
from ansinh.integrity.findings_selectors import open_by_severity
from ansinh.integrity.models import FindingStatus, Severity

FINDINGS_PANEL_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER,
                                  Role.PROVINCE_OFFICER, Role.SUPERVISOR})


@register_panel
def findings_panel(user: Any) -> Panel | None:
    """Open anomaly findings in the acting unit, by severity, each a link to the list."""
    assignment = acting_assignment(user)
    if assignment is None or assignment.role not in FINDINGS_PANEL_ROLES:
        return None
    base = reverse("integrity:finding_list")
    labels: dict[str, str] = {Severity.HIGH: _("Mức cao"),
                              Severity.MEDIUM: _("Mức trung bình"), Severity.LOW: _("Mức thấp")}
    items = [PanelItem(labels[severity], str(count),
                       f"{base}?tinh_trang={FindingStatus.OPEN}&muc_do={severity}",
                       tone="danger" if severity == Severity.HIGH else "warning"
                       if severity == Severity.MEDIUM else "")
             for severity, count in open_by_severity(user).items() if count]
    return Panel(
        title=_("Bất thường chưa xử lý"), items=items, order=30,
        empty_text=_("Không có phát hiện bất thường nào chưa xử lý."),
        action_label=_("Xem các phát hiện"), action_url=base,
    )
