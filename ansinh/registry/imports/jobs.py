"""The person-list import as a background job, shared by the pages, the API and the command."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.accounts.selectors import job_actor
from ansinh.core.audit import audit_record
from ansinh.core.errors import DomainError, NotFound
from ansinh.core.jobs import JobProgress, job_handler, job_start
from ansinh.core.models import Job
from ansinh.core.scoping import require_write, unit_in_scope
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.registry.imports.pipeline import import_apply, import_plan, rejected_workbook

JOB_KIND = "import_people"


def upload_store(*, data: bytes, filename: str) -> str:
    """Keep an uploaded file under media/imports/ until its jobs are done; returns its name."""
    return default_storage.save(f"imports/{filename}", ContentFile(data))


def uploads_remove_older_than(days: int) -> int:
    """Delete uploaded lists older than ``days`` (they hold names, CCCD and phone numbers);
    returns how many. A check whose file is gone can no longer be written: the officer uploads
    the list again."""
    if days < 1:
        raise DomainError(_("Số ngày phải từ 1 trở lên."), field="days")
    cutoff = timezone.now() - timedelta(days=days)
    try:
        _folders, names = default_storage.listdir("imports")
    except FileNotFoundError:
        return 0
    old = [name for name in names
           if default_storage.get_modified_time(f"imports/{name}") < cutoff]
    for name in old:
        default_storage.delete(f"imports/{name}")
    if old:
        audit_record(actor=None, action="registry.imports.cleanup", object_type="imports",
                     changes={"files": len(old), "older_than_days": days})
    return len(old)


def import_check_allowed(*, actor: Any, commune: AdministrativeUnit) -> None:
    """The actor may write this commune's registry (checked before a file is even stored)."""
    require_write(actor)
    if not unit_in_scope(actor, commune):
        raise NotFound(_("Không tìm thấy đơn vị."))
    if commune.level != UnitLevel.COMMUNE or commune.is_legacy:
        raise DomainError(_("Danh sách nhân khẩu được nhập vào một xã, phường, đặc khu hiện "
                            "hành."), field="commune_code")


def import_start(*, actor: Any, commune: AdministrativeUnit, stored_name: str, filename: str,
                 mapping: dict[str, str] | None = None, dry_run: bool = True) -> Job:
    """Check the actor may write this commune's registry, then queue the import."""
    import_check_allowed(actor=actor, commune=commune)
    title = (_("Kiểm tra danh sách “%(f)s”") if dry_run else _("Nhập danh sách “%(f)s”")) \
        % {"f": filename}
    return job_start(actor=actor, kind=JOB_KIND, title=title, unit=commune, params={
        "stored_name": stored_name, "filename": filename, "commune_id": commune.pk,
        "mapping": mapping or {}, "dry_run": dry_run,
    })


@job_handler(JOB_KIND, "Nhập danh sách nhân khẩu")
def run_import(job: Job, progress: JobProgress) -> None:
    params = job.params
    commune = AdministrativeUnit.objects.get(pk=params["commune_id"])
    progress.update(0, 3, _("Đang đọc và kiểm tra tệp"))
    with default_storage.open(params["stored_name"], "rb") as handle:
        data = handle.read()
    plan = import_plan(commune=commune, data=data, filename=params["filename"],
                       mapping=params.get("mapping") or None)
    result: dict[str, Any] = {"summary": plan.summary(), "rows": plan.report_rows(),
                              "rows_title": _("Dòng bị từ chối"),
                              "rows_more": max(0, len(plan.issues) - len(plan.report_rows()))}
    if plan.rejected:
        stem = params["filename"].rsplit(".", 1)[0]
        progress.attach_file(f"{stem}-dong-loi.xlsx", rejected_workbook(plan))
    progress.update(1, 3, _("Đã kiểm tra %(n)s dòng") % {"n": plan.total_rows})
    if params.get("dry_run"):
        if plan.valid:
            result["actions"] = [{
                "label": _("Nhập %(n)s dòng hợp lệ") % {"n": len(plan.valid)},
                "url": f"/nhan-khau/nhap/{job.pk}/ghi/",
            }]
    else:
        applied = import_apply(actor=job_actor(job), plan=plan)
        result["summary"] += applied.summary()
        result["updated_rows"] = applied.updated_rows[:2000]
    job.result = result
    job.save(update_fields=["result"])
    progress.update(3, 3, _("Xong"))
