"""The home-page panels of the dossiers: the commune's open dossiers by deadline, overdue
first; the postings whose window is open; for the leader, the dossiers waiting for a decision."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ansinh.cases import selectors
from ansinh.core.home import Panel, PanelItem, register_panel
from ansinh.core.scoping import acting_assignment
from ansinh.core.text import format_date

COMMUNE_ROLES = frozenset({"commune_officer", "commune_leader"})


def _for_commune_staff(user: Any) -> bool:
    assignment = acting_assignment(user)
    return assignment is not None and assignment.role in COMMUNE_ROLES


def _who(case: Any) -> str:
    if case.person is not None:
        return case.person.full_name
    return case.programme.title if case.programme is not None else case.get_kind_display()


@register_panel
def cases_panel(user: Any) -> Panel | None:
    if not _for_commune_staff(user):
        return None
    work = selectors.workload(user)
    base = reverse("cases:case_list")
    items = [
        PanelItem(_("Quá hạn"), str(work.overdue), f"{base}?han=qua-han",
                  tone="danger" if work.overdue else ""),
        PanelItem(_("Đến hạn trong 3 ngày làm việc"), str(work.due_soon),
                  f"{base}?han=sap-den-han", tone="warning" if work.due_soon else ""),
    ]
    for row in work.first:
        case = row.case
        if row.late_days:
            value = ngettext("quá hạn %(n)s ngày làm việc", "quá hạn %(n)s ngày làm việc",
                             row.late_days) % {"n": row.late_days}
        else:
            value = _("hạn %(d)s") % {"d": format_date(case.due_on)}
        items.append(PanelItem(f"{case.reference} · {_who(case)}", value,
                               case.get_absolute_url(),
                               tone="danger" if row.late_days else ""))
    for posting in work.open_postings:
        items.append(PanelItem(
            _("Đang niêm yết: %(t)s") % {"t": posting.title},
            _("đến hết %(d)s") % {"d": format_date(posting.closes_on)},
            posting.get_absolute_url(), tone="warning"))
    has_work = work.first or work.open_postings
    return Panel(
        title=_("Hồ sơ đang giải quyết"), items=items if has_work else [], order=20,
        empty_text=_("Không có hồ sơ nào đang giải quyết."),
        action_label=_("Xem tất cả hồ sơ"), action_url=f"{base}?tinh_trang=open",
    )


@register_panel
def decisions_panel(user: Any) -> Panel | None:
    commune = selectors.acting_commune(user)
    if commune is None or not selectors.is_leader_of(user, commune.pk):
        return None
    today = timezone.localdate()
    waiting = selectors.cases_awaiting_decision(user).select_related("person", "programme") \
        .order_by("due_on", "id")[:5]
    items = [PanelItem(f"{c.reference} · {_who(c)}",
                       _("hạn %(d)s") % {"d": format_date(c.due_on)}, c.get_absolute_url(),
                       tone="danger" if c.due_on < today else "")
             for c in waiting]
    return Panel(
        title=_("Hồ sơ chờ quyết định"), items=items, order=21,
        empty_text=_("Không có hồ sơ nào chờ lãnh đạo ký quyết định."),
        action_label=_("Xem hồ sơ"), action_url=reverse("cases:case_list"),
    )
