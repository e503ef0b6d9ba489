"""Export of a filtered person list to Excel, in the layout officers print and sign.

Title block (the commune's People's Committee, the national motto, the list's title and the
date line of Decree 30/2020), a header row, STT. Runs as a background job; the export of
personal data is recorded in the audit log.
"""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from django.utils import timezone

from ansinh.accounts.selectors import job_actor
from ansinh.core.audit import audit_record
from ansinh.core.errors import PermissionDenied
from ansinh.core.jobs import JobProgress, job_handler
from ansinh.core.models import Job
from ansinh.core.text import date_line, format_date
from ansinh.registry.selectors import PersonFilter, persons_for

JOB_KIND = "export_people"
COLUMNS = [
    ("STT", 6), ("Họ và tên", 28), ("Giới tính", 9), ("Ngày sinh", 12), ("Số CCCD", 15),
    ("Mã hộ", 14), ("Quan hệ với chủ hộ", 14), ("Thôn, tổ dân phố", 16), ("Địa chỉ", 28),
    ("Tình trạng", 16),
]


def mask_national_id(nid: str | None) -> str:
    """Only the last four digits: enough to tell two namesakes apart on a checked list."""
    return f"********{nid[-4:]}" if nid else ""


def _birth(person: Any) -> str:
    if person.birth_precision == "year" or person.birth_date is None:
        return str(person.birth_year or "")
    if person.birth_precision == "month":
        return person.birth_date.strftime("%m/%Y")
    return format_date(person.birth_date)


@job_handler(JOB_KIND, "Xuất danh sách nhân khẩu (Excel)")
def export_people(job: Job, progress: JobProgress) -> None:
    actor = job_actor(job)
    assignment = actor.assignment if actor is not None else None
    if actor is None or assignment is None:
        raise PermissionDenied("Người tạo việc không còn vai trò này.")
    f = PersonFilter(**job.params.get("filter", {}))
    # Supervisors and auditors check lists; they do not need full identity numbers.
    masked = assignment.is_read_only
    persons = persons_for(actor, f).order_by("household__residential_group__name",
                                             "household__code", "id")
    total = persons.count()
    progress.update(0, total, "Đang ghi tệp Excel")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    sheet = book.add_worksheet("Danh sách")
    fmt = {
        "bold_center": book.add_format({"bold": True, "align": "center",
                                        "font_name": "Times New Roman", "font_size": 13}),
        "motto": book.add_format({"bold": True, "align": "center", "underline": True,
                                  "font_name": "Times New Roman", "font_size": 13}),
        "italic": book.add_format({"italic": True, "align": "right",
                                   "font_name": "Times New Roman"}),
        "title": book.add_format({"bold": True, "align": "center", "font_size": 14,
                                  "font_name": "Times New Roman"}),
        "header": book.add_format({"bold": True, "border": 1, "align": "center",
                                   "valign": "vcenter", "text_wrap": True,
                                   "font_name": "Times New Roman"}),
        "cell": book.add_format({"border": 1, "font_name": "Times New Roman"}),
        "text": book.add_format({"border": 1, "num_format": "@",
                                 "font_name": "Times New Roman"}),
    }
    unit = job.unit
    last = len(COLUMNS) - 1
    sheet.write(0, 0, f"UBND {unit.name.upper()}" if unit else "", fmt["bold_center"])
    sheet.merge_range(0, 4, 0, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fmt["bold_center"])
    sheet.merge_range(1, 4, 1, last, "Độc lập - Tự do - Hạnh phúc", fmt["motto"])
    place = unit.name.split(" ", 1)[-1] if unit else ""
    sheet.merge_range(2, 4, 2, last, date_line(place, timezone.localdate()), fmt["italic"])
    sheet.merge_range(4, 0, 4, last, "DANH SÁCH NHÂN KHẨU", fmt["title"])
    for col, (label, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)
        sheet.write(6, col, label, fmt["header"])
    row = 7
    for index, person in enumerate(persons.iterator(chunk_size=5000), start=1):
        household = person.household
        sheet.write_number(row, 0, index, fmt["cell"])
        sheet.write_string(row, 1, person.full_name, fmt["cell"])
        sheet.write_string(row, 2, person.get_sex_display(), fmt["cell"])
        sheet.write_string(row, 3, _birth(person), fmt["text"])
        sheet.write_string(row, 4, mask_national_id(person.national_id) if masked
                           else person.national_id or "", fmt["text"])
        sheet.write_string(row, 5, household.code, fmt["text"])
        sheet.write_string(row, 6, person.get_relationship_display(), fmt["cell"])
        sheet.write_string(row, 7, str(household.residential_group or ""), fmt["cell"])
        sheet.write_string(row, 8, household.address, fmt["cell"])
        sheet.write_string(row, 9, person.get_status_display(), fmt["cell"])
        row += 1
        if index % 5000 == 0:
            progress.update(index)
    book.close()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    progress.attach_file(f"danh-sach-nhan-khau-{stamp}.xlsx", buffer.getvalue())
    # Personal data left the system: say who, what and how many (Decree 356/2025).
    audit_record(actor=actor, action="registry.export", object_type="registry.person",
                 object_label="Danh sách nhân khẩu", unit=unit,
                 changes={"rows": total, "filter": job.params.get("filter", {}),
                          "national_id": "masked" if masked else "full"})
    job.result = {"summary": [["Số người trong danh sách", total]]}
    job.save(update_fields=["result"])
    progress.update(total, total, f"Đã xuất {total} người")
