"""The supervision report as the pages and the API hand it out (PDF or Word), audited.

A report names the persons and households the findings concern: handing one out is an export
of personal data, recorded with who, which plan, which format and how many findings and
recommendations it carried (as ``payroll.downloads`` records the payment lists).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ansinh.core.audit import audit_record
from ansinh.core.errors import DomainError
from ansinh.supervision.models import Plan
from ansinh.supervision.printing import report_pdf
from ansinh.supervision.report import report_content
from ansinh.supervision.wordfile import report_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class Download:
    content: bytes
    filename: str
    content_type: str


def report_download(*, actor: Any, plan: Plan, fmt: str) -> Download:
    """The report of ``plan`` (fetched by the caller through ``plan_get_for_user``)."""
    if fmt not in FORMATS:
        raise DomainError(_("Định dạng tệp không hợp lệ; chọn pdf hoặc docx."), field="format")
    content = report_content(plan, viewer=actor)
    stem = f"Báo cáo kết quả giám sát - {plan.number.replace('/', '-')}"
    if fmt == "pdf":
        download = Download(report_pdf(content), f"{stem}.pdf", "application/pdf")
    else:
        download = Download(report_docx(content), f"{stem}.docx", DOCX)
    with transaction.atomic():
        audit_record(actor=actor, action="supervision.report.export", obj=plan, unit=plan.unit,
                     changes={"format": fmt, "observations": len(content.observations),
                              "recommendations": len(content.recommendations)})
    return download
