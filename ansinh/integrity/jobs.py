"""Searching for duplicate persons and retraining the linkage model, as background jobs.

Both read every person of a unit and take seconds to minutes, so the pages and the API queue
them (``dedup_start``, ``dedup_train_start``) and the worker runs them. Who may start which is
decided here, before anything is queued; the handler checks again that the starter still holds
the role they started it in.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ansinh.accounts.selectors import job_actor
from ansinh.core.errors import PermissionDenied
from ansinh.core.jobs import JobProgress, job_handler, job_start
from ansinh.core.models import Job
from ansinh.core.scoping import require_write
from ansinh.geo.models import AdministrativeUnit
from ansinh.integrity.duplicates import find_duplicates, train_model
from ansinh.integrity.selectors import dedup_unit, train_unit

DEDUP_KIND = "dedup"
TRAIN_KIND = "dedup_train"


def dedup_start(*, actor: Any) -> Job:
    """Queue a search for duplicates over the actor's commune (or province)."""
    require_write(actor)
    unit = dedup_unit(actor)
    return job_start(actor=actor, kind=DEDUP_KIND, unit=unit,
                     title=_("Tìm người trùng: %(u)s") % {"u": unit.name},
                     params={"unit_id": unit.pk})


def dedup_train_start(*, actor: Any, name: str = "") -> Job:
    """Queue training a new model on the actor's province (the country for an administrator)."""
    require_write(actor)
    unit = train_unit(actor)
    where = unit.name if unit is not None else _("Toàn quốc")
    return job_start(actor=actor, kind=TRAIN_KIND, unit=unit,
                     title=_("Huấn luyện lại mô hình tìm người trùng: %(u)s") % {"u": where},
                     params={"unit_id": unit.pk if unit is not None else None, "name": name})


def _actor_and_unit(job: Job) -> tuple[Any, AdministrativeUnit | None]:
    actor = job_actor(job)
    if actor is None or actor.assignment is None:
        raise PermissionDenied(_("Người tạo việc không còn vai trò này."))
    unit_id = job.params.get("unit_id")
    unit = AdministrativeUnit.objects.get(pk=unit_id) if unit_id else None
    return actor, unit


@job_handler(DEDUP_KIND, "Tìm người trùng")
def run_dedup(job: Job, progress: JobProgress) -> None:
    actor, unit = _actor_and_unit(job)
    if unit is None or dedup_unit(actor).pk != unit.pk:
        raise PermissionDenied(_("Người tạo việc không còn vai trò này."))
    progress.update(0, 1, _("Đang so sánh các nhân khẩu"))
    run = find_duplicates(unit=unit, user=actor)
    job.result = {"summary": [
        [_("Số người so sánh"), run.persons],
        [_("Cặp nghi trùng"), run.pairs_found],
        [_("Cặp mới cần xem xét"), run.pairs_new],
        [_("Thời gian (giây)"), run.seconds],
    ]}
    job.save(update_fields=["result"])
    progress.update(1, 1, _("Đã so sánh %(p)s người: %(f)s cặp nghi trùng, %(n)s cặp mới. Xem "
                            "ở trang Người nghi trùng.") % {
        "p": run.persons, "f": run.pairs_found, "n": run.pairs_new})


@job_handler(TRAIN_KIND, "Huấn luyện lại mô hình tìm người trùng")
def run_train(job: Job, progress: JobProgress) -> None:
    actor, unit = _actor_and_unit(job)
    allowed = train_unit(actor)
    if (allowed.pk if allowed is not None else None) != (unit.pk if unit is not None else None):
        raise PermissionDenied(_("Người tạo việc không còn vai trò này."))
    progress.update(0, 1, _("Đang huấn luyện mô hình"))
    model = train_model(unit=unit, user=actor, name=job.params.get("name") or "")
    job.result = {"summary": [
        [_("Mô hình"), model.name],
        [_("Số người dùng để huấn luyện"), model.trained_on],
        [_("Ngưỡng xác suất"), model.threshold],
    ]}
    job.save(update_fields=["result"])
    progress.update(1, 1, _("Đã huấn luyện mô hình “%(m)s” trên %(n)s người; từ nay các lượt "
                            "tìm người trùng dùng mô hình này.") % {
        "m": model.name, "n": model.trained_on})
