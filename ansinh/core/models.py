"""Cross-cutting records: the audit log, declared days off, background jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One write made through a service. Append-only and hash-chained.

    ``sequence`` counts events without gaps, and ``hash`` covers this event's content and the
    previous event's hash, so `ansinh audit-verify` notices an edited, inserted or deleted
    event. The chain head (``AuditChainHead``) is locked while an event is appended, so two
    writers cannot fork the chain.
    """

    sequence = models.PositiveBigIntegerField(_("số thứ tự"), unique=True)
    occurred_at = models.DateTimeField(_("thời điểm"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("người thực hiện"),
    )
    actor_label = models.CharField(_("người thực hiện"), max_length=200)
    role = models.CharField(_("vai trò"), max_length=32, blank=True)
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    object_type = models.CharField(_("loại đối tượng"), max_length=64, db_index=True)
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_label = models.CharField(_("đối tượng"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "geo.AdministrativeUnit", models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("đơn vị"),
    )
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký hệ thống")
        ordering = ["-sequence"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only.")


class AuditChainHead(models.Model):
    """A single row holding the last sequence and hash; locked to append one event."""

    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("đầu chuỗi nhật ký")

    def __str__(self) -> str:
        return f"#{self.last_sequence}"


class DeclaredDayKind(models.TextChoices):
    DAY_OFF = "off", _("Ngày nghỉ")
    WORKING_DAY = "working", _("Ngày làm việc bù")


class DeclaredDay(models.Model):
    """A day off (or a make-up working day) declared by the government for one year.

    The statutory holidays are computed (see ``ansinh.core.calendar``); the days the Prime
    Minister or the Ministry adds or swaps each year are entered here as data.
    """

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(
        _("loại"), max_length=16, choices=DeclaredDayKind.choices,
        default=DeclaredDayKind.DAY_OFF,
    )
    reason = models.CharField(_("căn cứ, lý do"), max_length=300)

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    SUCCEEDED = "succeeded", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class Job(models.Model):
    """A background job as users see it: what, who, progress, errors and the file produced.

    The task itself runs through django-tasks (database backend, ``ansinh db_worker``); this
    row is what the job page shows and what the task updates as it goes.
    """

    kind = models.CharField(_("loại việc"), max_length=64)
    title = models.CharField(_("tên việc"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
        related_name="jobs", verbose_name=_("người tạo"),
    )
    unit = models.ForeignKey(
        "geo.AdministrativeUnit", models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("đơn vị"),
    )
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED,
        db_index=True,
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    message = models.CharField(_("ghi chú"), max_length=500, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    result_file = models.FileField(_("tệp kết quả"), upload_to="jobs/%Y/%m/", blank=True)
    # What the job found, for its page: {"summary": [[label, value], …],
    # "rows": [{"sheet", "row", "field", "message"}, …]} (rows capped by the job).
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("công việc nền")
        verbose_name_plural = _("công việc nền")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("core:job_detail", kwargs={"pk": self.pk})

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.SUCCEEDED, JobStatus.FAILED}
