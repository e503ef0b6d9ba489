"""What this app does when other apps act: the anomaly rules run over a commune as soon as one
of its payment lists is generated (or generated again), so that the officer sees, next to the
new list, the money it holds for someone who died, twice, or by two communes.

The run is queued as a background job, not made in the officer's request: the rules read the
whole commune, and a province generating a hundred lists at once must not wait for them. Such a
province's month queues one run over the province, after its last list."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ansinh.core.jobs import JobProgress, job_handler, job_start
from ansinh.core.models import Job
from ansinh.geo.models import AdministrativeUnit
from ansinh.integrity.checks import run_checks
from ansinh.integrity.models import CheckTrigger, Finding
from ansinh.payroll.models import Cycle, Line
from ansinh.payroll.services import AFTER_GENERATION, BEFORE_LINES_REPLACED

CHECK_KIND = "integrity_check"


def check_after_generation(actor: Any, unit: AdministrativeUnit, cycles: list[Cycle]) -> None:
    """One job over ``unit``: a commune after its list, a province after its month's lists."""
    lists = "danh sách" if len(cycles) == 1 else f"{len(cycles)} danh sách"
    job_start(actor=actor, kind=CHECK_KIND, unit=unit,
              title=f"Kiểm tra bất thường sau khi lập {lists}: {unit.name}",
              params={"unit_id": unit.pk, "trigger": CheckTrigger.PAYROLL})


@job_handler(CHECK_KIND, "Kiểm tra bất thường")
def run_check_job(job: Job, progress: JobProgress) -> None:
    unit = AdministrativeUnit.objects.get(pk=job.params["unit_id"])
    run = run_checks(trigger=job.params.get("trigger", CheckTrigger.ON_DEMAND), unit=unit,
                     user=job.created_by)
    progress.update(1, 1, f"{run.found} phát hiện, {run.new} mới, {run.resolved} không còn.")


def unlink_findings(lines: QuerySet[Line]) -> None:
    """A finding about a line of a draft made again keeps its text and person, not the line
    (the next check links the new line)."""
    Finding.objects.filter(payment_line__in=lines).update(payment_line=None)


AFTER_GENERATION.append(check_after_generation)
BEFORE_LINES_REPLACED.append(unlink_findings)
