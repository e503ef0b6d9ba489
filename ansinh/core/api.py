from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from ansinh.core.errors import NotFound
from ansinh.core.selectors import jobs_for

router = Router(tags=["Công việc nền"])


class JobOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    progress_done: int
    progress_total: int
    percent: int
    message: str
    error: str
    created_at: datetime
    finished_at: datetime | None
    file_url: str | None
    result: dict[str, Any]


@router.get("/jobs/{job_id}", response=JobOut, summary="Trạng thái một công việc nền")
def job(request: HttpRequest, job_id: int) -> JobOut:
    found = jobs_for(request.user).filter(pk=job_id).first()
    if found is None:
        raise NotFound(_("Không tìm thấy công việc."))
    return JobOut(
        id=found.pk, kind=found.kind, title=found.title, status=found.status,
        progress_done=found.progress_done, progress_total=found.progress_total,
        percent=found.percent, message=found.message, error=found.error,
        created_at=found.created_at, finished_at=found.finished_at,
        file_url=f"/api/v1/jobs/{found.pk}/file" if found.result_file else None,
        result=found.result,
    )


@router.get("/jobs/{job_id}/file", summary="Tệp một công việc nền đã tạo",
            response={200: None})
def job_file(request: HttpRequest, job_id: int) -> FileResponse:
    found = jobs_for(request.user).filter(pk=job_id).first()
    if found is None or not found.result_file:
        raise NotFound(_("Không tìm thấy tệp."))
    name = found.result_file.name.rsplit("/", 1)[-1]
    return FileResponse(found.result_file.open("rb"), as_attachment=True, filename=name)
