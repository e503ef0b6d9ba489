"""Background jobs run by the real django-tasks database worker."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command

from ansinh.core.jobs import JobProgress, job_handler, job_start
from ansinh.core.models import Job, JobStatus
from ansinh.geo.services import residential_group_create

pytestmark = pytest.mark.django_db(transaction=True)


@job_handler("test_fail", "Việc thử bị lỗi")
def _failing(job: Job, progress: JobProgress) -> None:
    progress.update(1, 2, "Nửa chừng")
    raise ValueError("dữ liệu hỏng ở dòng 2")


def _run_worker() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def test_an_audit_export_runs_in_the_worker_and_leaves_a_csv(cast, client_as):
    residential_group_create(actor=cast.officer_a, commune=cast.officer_a.assignment.unit,
                             name="Tổ 3")
    residential_group_create(actor=cast.officer_b, commune=cast.officer_b.assignment.unit,
                             name="Tổ ngoài phạm vi")
    client = client_as(cast.officer_a)
    response = client.post("/nhat-ky/xuat/")
    job = Job.objects.get(kind="audit_export")
    assert response["Location"] == f"/cong-viec/{job.pk}/"
    assert job.status == JobStatus.QUEUED
    _run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.percent == 100
    download = client.get(f"/cong-viec/{job.pk}/tep/")
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Số thứ tự"
    labels = [row[7] for row in rows[1:]]
    assert any("Tổ 3" in label for label in labels)
    assert not any("ngoài phạm vi" in label for label in labels)


def test_a_failing_job_shows_its_error_on_the_job_page(cast, client_as):
    job = job_start(actor=cast.officer_a, kind="test_fail", unit=cast.officer_a.assignment.unit)
    _run_worker()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "dòng 2" in job.error
    page = client_as(cast.officer_a).get(f"/cong-viec/{job.pk}/").content.decode()
    assert "dữ liệu hỏng ở dòng 2" in page
    api = client_as(cast.officer_a).get(f"/api/v1/jobs/{job.pk}").json()
    assert api["status"] == "failed" and api["progress_done"] == 1


def test_another_communes_job_answers_404(cast, client_as):
    job = job_start(actor=cast.officer_b, kind="test_fail", unit=cast.officer_b.assignment.unit)
    assert client_as(cast.officer_a).get(f"/cong-viec/{job.pk}/").status_code == 404
    assert client_as(cast.officer_a).get(f"/api/v1/jobs/{job.pk}").status_code == 404
    assert client_as(cast.province_officer).get(f"/cong-viec/{job.pk}/").status_code == 200
