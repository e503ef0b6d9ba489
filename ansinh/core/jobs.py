"""Background jobs: a ``Job`` row users can follow, run by a django-tasks task in the worker.

A job kind is a function registered with :func:`job_handler`; it receives the job and a
:class:`JobProgress` to report progress and attach the file it produced. Later issues register
imports, payrolls and dedup here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from ansinh.core.audit import audit_record
from ansinh.core.errors import DomainError
from ansinh.core.models import Job, JobStatus

logger = logging.getLogger(__name__)

JobHandlerFn = Callable[[Job, "JobProgress"], None]
_HANDLERS: dict[str, tuple[str, JobHandlerFn]] = {}


def job_handler(kind: str, title: str) -> Callable[[JobHandlerFn], JobHandlerFn]:
    """Register ``fn`` as the code that runs jobs of ``kind``."""

    def register(fn: JobHandlerFn) -> JobHandlerFn:
        _HANDLERS[kind] = (title, fn)
        return fn

    return register


def job_kinds() -> dict[str, str]:
    return {kind: title for kind, (title, _fn) in _HANDLERS.items()}


class JobProgress:
    """What a handler uses to report. Progress writes are throttled to one per second."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._last_write = 0.0

    def update(self, done: int, total: int | None = None, message: str = "") -> None:
        self.job.progress_done = done
        if total is not None:
            self.job.progress_total = total
        if message:
            self.job.message = message[:500]
        now = timezone.now().timestamp()
        if now - self._last_write >= 1 or (total is not None and done >= total):
            self._last_write = now
            self.job.save(update_fields=["progress_done", "progress_total", "message"])

    def attach_file(self, name: str, content: bytes) -> None:
        self.job.result_file.save(name, ContentFile(content), save=False)
        self.job.save(update_fields=["result_file"])


def job_start(
    *,
    actor: Any,
    kind: str,
    title: str = "",
    unit: Any = None,
    params: dict[str, Any] | None = None,
) -> Job:
    """Record a job and queue it for the worker (after the transaction commits)."""
    if kind not in _HANDLERS:
        raise DomainError(_("Không có loại việc “%(k)s”.") % {"k": kind})
    assignment = getattr(actor, "assignment", None)
    params = dict(params or {})
    params.setdefault("assignment_id", assignment.pk if assignment is not None else None)
    with transaction.atomic():
        job = Job.objects.create(kind=kind, title=title or _HANDLERS[kind][0], created_by=actor,
                                 unit=unit, params=params)
        audit_record(actor=actor, action="core.job.start", obj=job, unit=unit,
                     changes={"kind": kind, "params": params})
        transaction.on_commit(lambda: _enqueue(job))
    return job


def _enqueue(job: Job) -> None:
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id))


@task()
def run_job(job_id: int) -> str:
    """The django-tasks task: run the handler, record success or the error for the job page."""
    job = Job.objects.select_related("created_by", "unit").get(pk=job_id)
    job.status = JobStatus.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at"])
    _title, handler = _HANDLERS[job.kind]
    try:
        handler(job, JobProgress(job))
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        job.status = JobStatus.FAILED
        job.error = exc.message if isinstance(exc, DomainError) else f"{type(exc).__name__}: {exc}"
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return JobStatus.FAILED
    job.status = JobStatus.SUCCEEDED
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    return JobStatus.SUCCEEDED
