"""The home page of each role, the audit log, and background jobs."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.core import selectors
from ansinh.core.errors import NotFound
from ansinh.core.home import home_panels
from ansinh.core.jobs import job_start
from ansinh.core.models import Job
from ansinh.core.scoping import acting_assignment
from ansinh.core.text import parse_date_vn
from ansinh.core.views_helpers import paginate


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"panels": home_panels(request.user)})


def _audit_filter(request: HttpRequest) -> tuple[selectors.AuditFilter, list[str]]:
    errors: list[str] = []

    def day(name: str, label: str) -> date | None:
        raw = request.GET.get(name, "").strip()
        if not raw:
            return None
        try:
            return parse_date_vn(raw)
        except ValueError:
            errors.append(_("%(f)s: “%(v)s” không phải ngày dd/mm/yyyy.") % {"f": label, "v": raw})
            return None

    f = selectors.AuditFilter(
        actor=request.GET.get("nguoi", "").strip(),
        action=request.GET.get("hanh_dong", "").strip(),
        object_type=request.GET.get("loai", "").strip(),
        object_id=request.GET.get("ma", "").strip(),
        date_from=day("tu_ngay", _("Từ ngày")),
        date_to=day("den_ngay", _("Đến ngày")),
    )
    return f, errors


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    f, errors = _audit_filter(request)
    page = paginate(request, selectors.audit_events_for(request.user, f))
    return render(request, "core/audit_list.html", {
        "page": page, "f": f, "errors": errors, "params": request.GET,
        "object_types": selectors.audit_object_types(),
        "breadcrumbs": [(_("Nhật ký hệ thống"), None)],
    })


@login_required
@require_POST
def audit_export(request: HttpRequest) -> HttpResponse:
    f, errors = _audit_filter(request)
    assignment = acting_assignment(request.user)
    if errors or assignment is None:
        messages.error(request, " ".join(errors) or _("Bạn chưa được phân công vai trò nào."))
        return redirect("core:audit_list")
    job = job_start(
        actor=request.user, kind="audit_export", unit=assignment.unit,
        params={"actor": f.actor, "action": f.action, "object_type": f.object_type,
                "object_id": f.object_id,
                "date_from": f.date_from.isoformat() if f.date_from else "",
                "date_to": f.date_to.isoformat() if f.date_to else ""},
    )
    messages.info(request, _("Đã đưa việc xuất nhật ký vào hàng đợi."))
    return redirect(job)


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.jobs_for(request.user), per_page=30)
    return render(request, "core/job_list.html", {
        "page": page, "breadcrumbs": [(_("Công việc nền"), None)],
    })


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    template = "core/job_detail.html#job-status" if request.htmx else "core/job_detail.html"  # type: ignore[attr-defined]
    return render(request, template, {
        "job": job, "breadcrumbs": [(_("Công việc nền"), "/cong-viec/"), (job.title, None)],
    })


@login_required
def job_file(request: HttpRequest, pk: int) -> FileResponse:
    job = _job_for(request, pk)
    if not job.result_file:
        raise NotFound(_("Việc này không tạo tệp nào."))
    name = job.result_file.name.rsplit("/", 1)[-1]
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)


def _job_for(request: HttpRequest, pk: int) -> Job:
    job = selectors.jobs_for(request.user).filter(pk=pk).first()
    if job is None:
        raise NotFound(_("Không tìm thấy công việc."))
    return job
