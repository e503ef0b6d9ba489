"""Jobs that write files: the audit log as a spreadsheet-friendly CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from django.utils import timezone

from ansinh.core.jobs import JobProgress, job_handler
from ansinh.core.models import Job
from ansinh.core.selectors import AuditFilter, audit_events_in_unit
from ansinh.core.text import format_datetime

AUDIT_COLUMNS = [
    "Số thứ tự", "Thời điểm", "Người thực hiện", "Vai trò", "Hành động", "Loại đối tượng",
    "Mã đối tượng", "Đối tượng", "Đơn vị", "Thay đổi", "Mã băm",
]


@job_handler("audit_export", "Xuất nhật ký hệ thống (CSV)")
def audit_export(job: Job, progress: JobProgress) -> None:
    p = job.params
    f = AuditFilter(
        actor=p.get("actor", ""), action=p.get("action", ""),
        object_type=p.get("object_type", ""), object_id=p.get("object_id", ""),
        date_from=date.fromisoformat(p["date_from"]) if p.get("date_from") else None,
        date_to=date.fromisoformat(p["date_to"]) if p.get("date_to") else None,
    )
    events = audit_events_in_unit(job.unit, f)
    total = events.count()
    progress.update(0, total, "Đang ghi tệp")
    buffer = io.StringIO()
    # A byte-order mark so that Excel opens the UTF-8 file with Vietnamese letters intact.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(AUDIT_COLUMNS)
    for done, e in enumerate(events.iterator(chunk_size=2000), start=1):
        writer.writerow([
            e.sequence, format_datetime(e.occurred_at), e.actor_label, e.role, e.action,
            e.object_type, e.object_id, e.object_label, e.unit.name if e.unit else "",
            json.dumps(e.changes, ensure_ascii=False, sort_keys=True), e.hash,
        ])
        if done % 2000 == 0:
            progress.update(done)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    progress.attach_file(f"nhat-ky-{stamp}.csv", buffer.getvalue().encode("utf-8"))
    progress.update(total, total, f"Đã xuất {total} sự kiện")
