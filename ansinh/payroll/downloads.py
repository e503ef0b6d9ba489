"""The files of a cycle as the pages, the API and the command hand them out: the signature list
(PDF or Excel, whole cycle or one residential group) and the provider's file.

Every file carries names, amounts and, for the provider, account numbers: handing one out is
an export of personal data, recorded in the audit log with who, which cycle, which file and how
many lines (Decree 356/2025/NĐ-CP asks who took which personal data out, and how much). The
files themselves are made by ``printing`` and ``exports``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ansinh.core.audit import audit_record
from ansinh.core.errors import DomainError, PermissionDenied
from ansinh.core.scoping import acting_assignment
from ansinh.payroll.exports import provider_file_xlsx, provider_lines, signature_list_xlsx
from ansinh.payroll.models import Cycle
from ansinh.payroll.printing import NO_GROUP, signature_list_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("pdf", "xlsx", "provider")


@dataclass(frozen=True)
class Download:
    content: bytes
    filename: str
    content_type: str


def _name(cycle: Cycle, group: str | None) -> str:
    if cycle.programme_id is not None:
        stem = _("Danh sách chi trả %(t)s") % {"t": cycle.programme.title}  # type: ignore[union-attr]
    else:
        stem = _("Danh sách chi trả %(p)s tháng %(m)s") % {
            "p": cycle.policy.code, "m": f"{cycle.month:%m-%Y}"}
    stem = f"{stem} - {cycle.commune.name}"
    if group == NO_GROUP:
        group = _("chưa xếp tổ, thôn")
    return f"{stem} - {group}" if group else stem


def cycle_download(*, actor: Any, cycle: Cycle, fmt: str, group: str | None = None) -> Download:
    """Make one file of ``cycle`` (fetched by the caller through a scoped read) and audit it.

    ``actor`` is None for the operator at the console. The provider's file is for the
    commune's own staff, and only once the list is approved: a draft is not sent to be paid.
    """
    if fmt not in FORMATS:
        raise DomainError(_("Định dạng tệp không hợp lệ; chọn pdf, xlsx hoặc provider."),
                          field="format")
    group = group or None
    lines = cycle.lines.all()
    if group is not None:
        # "-" names the lines of households in no residential group, as in the page's filter.
        lines = lines.filter(group_name="" if group == NO_GROUP else group)
        if not lines.exists():
            raise DomainError(_("Không có dòng nào của tổ, thôn “%(g)s” trong kỳ chi trả này.")
                              % {"g": group}, field="group")
    if fmt == "pdf":
        content = signature_list_pdf(cycle, group=group, viewer=actor)
        download = Download(content, f"{_name(cycle, group)}.pdf", "application/pdf")
    elif fmt == "xlsx":
        content = signature_list_xlsx(cycle, group=group)
        download = Download(content, f"{_name(cycle, group)}.xlsx", XLSX)
    else:
        if actor is not None:
            assignment = acting_assignment(actor)
            if assignment is None or assignment.is_read_only or \
                    assignment.unit_id != cycle.commune_id:
                raise PermissionDenied(_("Chỉ cán bộ, lãnh đạo UBND xã được tải tệp gửi tổ "
                                         "chức dịch vụ chi trả."))
        if cycle.is_draft:
            raise DomainError(_("Danh sách chưa được duyệt: chưa tải tệp gửi tổ chức dịch vụ "
                                "chi trả được."))
        content = provider_file_xlsx(cycle)
        download = Download(content, f"{_('Tệp chi trả')} - {_name(cycle, None)}.xlsx", XLSX)
    rows = len(provider_lines(cycle)) if fmt == "provider" else lines.count()
    with transaction.atomic():
        audit_record(actor=actor, action="payroll.cycle.export", obj=cycle, unit=cycle.commune,
                     changes={"format": fmt, "group": group or "", "rows": rows})
    return download
