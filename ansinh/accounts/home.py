"""Home-page panels of the accounts app: what an administrator has to look after."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from ansinh.accounts.models import User
from ansinh.core.home import Panel, PanelItem, register_panel
from ansinh.core.scoping import acting_assignment


@register_panel
def admin_panel(user: Any) -> Panel | None:
    assignment = acting_assignment(user)
    if assignment is None or not assignment.is_system_admin:
        return None
    unassigned = (User.objects.filter(is_active=True)
                  .annotate(n=Count("assignments", filter=Q(assignments__is_active=True)))
                  .filter(n=0).count())
    locked = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    items = []
    if unassigned:
        items.append(PanelItem(_("Tài khoản chưa được phân công vai trò"), f"{unassigned}",
                               "/quan-tri/nguoi-dung/"))
    users = dict(User.objects.filter(username__in=[a.username for a in locked[:5]])
                 .values_list("username", "pk"))
    for attempt in locked[:5]:
        pk = users.get(attempt.username or "")
        items.append(PanelItem(_("Đang bị tạm khóa: %(u)s") % {"u": attempt.username},
                               attempt.ip_address or "",
                               f"/quan-tri/nguoi-dung/{pk}/" if pk else ""))
    return Panel(
        title=_("Quản trị người dùng"), items=items, order=20,
        empty_text=_("Không có tài khoản nào cần xử lý."),
        action_label=_("Quản lý người dùng"), action_url="/quan-tri/nguoi-dung/",
    )
