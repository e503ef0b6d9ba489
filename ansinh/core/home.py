"""The home page is made of panels that each app contributes: the work waiting for this user.

An app registers a provider in its ``AppConfig.ready``; a provider returns a panel for the
acting user, or None when it has nothing to show for that role. Panels state real figures
or an honest empty state, never placeholders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.core.models import JobStatus
from ansinh.core.scoping import acting_assignment
from ansinh.core.selectors import AuditFilter, audit_events_for, jobs_for


@dataclass
class PanelItem:
    label: str
    value: str = ""
    url: str = ""
    tone: str = ""  # "danger" or "warning" highlights the value (an overdue count, say)


@dataclass
class Panel:
    title: str
    items: list[PanelItem] = field(default_factory=list)
    empty_text: str = ""
    order: int = 50
    action_label: str = ""
    action_url: str = ""


PanelProvider = Callable[[Any], Panel | None]
_PROVIDERS: list[PanelProvider] = []


def register_panel(provider: PanelProvider) -> PanelProvider:
    _PROVIDERS.append(provider)
    return provider


def home_panels(user: Any) -> list[Panel]:
    if acting_assignment(user) is None:
        return [Panel(title=_("Chưa có vai trò"), empty_text=_(
            "Tài khoản của bạn chưa được phân công vai trò nào tại đơn vị nào. "
            "Hãy liên hệ quản trị hệ thống để được phân công."))]
    panels = [p for provider in _PROVIDERS if (p := provider(user)) is not None]
    return sorted(panels, key=lambda p: p.order)


@register_panel
def jobs_panel(user: Any) -> Panel:
    jobs = jobs_for(user).filter(created_by=user)
    running = jobs.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])
    failed = jobs.filter(status=JobStatus.FAILED)[:5]
    items = [PanelItem(j.title, j.get_status_display(), j.get_absolute_url()) for j in running[:5]]
    items += [PanelItem(j.title, j.get_status_display(), j.get_absolute_url()) for j in failed]
    return Panel(
        title=_("Công việc nền của bạn"), items=items, order=90,
        empty_text=_("Không có việc nào đang chạy hay bị lỗi."),
        action_label=_("Xem tất cả"), action_url="/cong-viec/",
    )


@register_panel
def activity_panel(user: Any) -> Panel:
    """What changed in the user's area this week: the supervisor's and auditor's first look."""
    since = timezone.localdate() - timedelta(days=6)
    events = audit_events_for(user, AuditFilter(date_from=since))
    recent = [PanelItem(e.object_label or e.action, e.actor_label,
                        f"/nhat-ky/?loai={e.object_type}&ma={e.object_id}")
              for e in events[:5]]
    return Panel(
        title=_("Thay đổi trong 7 ngày qua"), items=recent, order=80,
        empty_text=_("Không có thay đổi nào trong địa bàn của bạn trong 7 ngày qua."),
        action_label=_("Xem nhật ký"), action_url="/nhat-ky/",
    )
