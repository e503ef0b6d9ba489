"""Integrity: anomaly findings, and duplicate persons found by record linkage.

A finding is one occurrence of one anomaly rule (``rule`` + ``key`` identify it across runs, so
a rule that fires again updates its finding instead of adding another). A duplicate pair is two
persons the linkage model scores as probably one; a reviewer confirms (they are merged) or
dismisses it, and a dismissed pair is never offered again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    LOW = "low", _("Thấp")
    MEDIUM = "medium", _("Trung bình")
    HIGH = "high", _("Cao")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Chưa xử lý")
    EXPLAINED = "explained", _("Đã giải trình")
    CORRECTED = "corrected", _("Đã khắc phục")


class CheckTrigger(models.TextChoices):
    ON_DEMAND = "on_demand", _("Chạy theo yêu cầu")
    PAYROLL = "payroll", _("Sau khi lập danh sách chi trả")
    NIGHTLY = "nightly", _("Kiểm tra hằng đêm")
    MERGE = "merge", _("Sau khi gộp người trùng")


class CheckRun(models.Model):
    """One run of the anomaly rules over a unit (or the whole country when ``unit`` is null)."""

    unit = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("phạm vi"))
    trigger = models.CharField(_("lý do chạy"), max_length=12, choices=CheckTrigger.choices)
    rules = models.JSONField(_("quy tắc"), default=list)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    found = models.PositiveIntegerField(_("phát hiện"), default=0)
    new = models.PositiveIntegerField(_("phát hiện mới"), default=0)
    resolved = models.PositiveIntegerField(_("không còn phát hiện"), default=0)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("lượt kiểm tra")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.started_at:%d/%m/%Y %H:%M}"


class Finding(models.Model):
    """One anomaly found by one rule, linked to the records it concerns."""

    rule = models.CharField(_("quy tắc"), max_length=48)
    key = models.CharField(max_length=200)
    unit = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                             verbose_name=_("đơn vị"))
    severity = models.CharField(_("mức độ"), max_length=8, choices=Severity.choices)
    status = models.CharField(_("tình trạng"), max_length=10, choices=FindingStatus.choices,
                              default=FindingStatus.OPEN)
    summary = models.CharField(_("nội dung"), max_length=500)
    details = models.JSONField(_("chi tiết"), default=dict)
    amount = models.BigIntegerField(_("số tiền liên quan"), null=True, blank=True)
    person = models.ForeignKey("registry.Person", models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("nhân khẩu"))
    household = models.ForeignKey("registry.Household", models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("hộ"))
    benefit = models.ForeignKey("cases.Benefit", models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("chế độ"))
    payment_line = models.ForeignKey("payroll.Line", models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("dòng chi trả"))
    cycle = models.ForeignKey("payroll.Cycle", models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("kỳ chi trả"))
    first_run = models.ForeignKey(CheckRun, models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    last_run = models.ForeignKey(CheckRun, models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    first_seen_at = models.DateTimeField(_("phát hiện lần đầu"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("phát hiện lần cuối"), auto_now_add=True)
    resolution_note = models.TextField(_("giải trình, khắc phục"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("phát hiện bất thường")
        verbose_name_plural = _("phát hiện bất thường")
        ordering = ["status", "-last_seen_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "key"], name="integrity_finding_once"),
        ]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["person"], condition=Q(person__isnull=False),
                         name="integrity_finding_person"),
        ]

    def __str__(self) -> str:
        return self.summary


class ReportedTotal(models.Model):
    """Figures a unit reported (to a supervision delegation, in a yearly report): a total and
    its breakdown, e.g. 149 beneficiaries of whom 94 disabled, …; a rule checks they add up."""

    unit = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                             verbose_name=_("đơn vị báo cáo"))
    title = models.CharField(_("nội dung báo cáo"), max_length=300)
    document = models.CharField(_("văn bản"), max_length=200, blank=True)
    reported_on = models.DateField(_("ngày báo cáo"))
    total = models.PositiveIntegerField(_("tổng số báo cáo"))
    # [{"label": "Người khuyết tật", "count": 94, "category": "K6"}, …]
    lines = models.JSONField(_("chi tiết"), default=list)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("số liệu đơn vị báo cáo")
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return self.title


class LinkageModel(models.Model):
    """A trained Splink model (its settings JSON), stored so checks reuse it without training."""

    name = models.CharField(_("tên"), max_length=120)
    settings_json = models.JSONField(_("tham số mô hình"))
    trained_on = models.PositiveIntegerField(_("số người dùng để huấn luyện"), default=0)
    threshold = models.FloatField(_("ngưỡng xác suất"), default=0.95)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    trained_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+")
    trained_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mô hình tìm người trùng")
        ordering = ["-trained_at", "-id"]

    def __str__(self) -> str:
        return self.name


class DedupRun(models.Model):
    """One search for duplicate persons over a unit (null: the whole country)."""

    unit = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("phạm vi"))
    model = models.ForeignKey(LinkageModel, models.PROTECT, related_name="runs")
    threshold = models.FloatField(_("ngưỡng xác suất"))
    persons = models.PositiveIntegerField(_("số người so sánh"), default=0)
    comparisons = models.BigIntegerField(_("số cặp đã so"), default=0)
    pairs_found = models.PositiveIntegerField(_("cặp nghi trùng"), default=0)
    pairs_new = models.PositiveIntegerField(_("cặp mới"), default=0)
    seconds = models.FloatField(_("thời gian (giây)"), default=0)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("lượt tìm người trùng")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.started_at:%d/%m/%Y %H:%M}"


class PairStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    CONFIRMED = "confirmed", _("Đã xác nhận trùng, đã gộp")
    DISMISSED = "dismissed", _("Không trùng")


class DuplicatePair(models.Model):
    """Two persons the model scores as probably one person (``person_a`` has the smaller id)."""

    # No index of their own where one in Meta starts with the column: a run writes tens of
    # thousands of pairs, and each index costs every one of them.
    person_a = models.ForeignKey("registry.Person", models.CASCADE, related_name="+",
                                 db_index=False)  # the unique constraint starts with it
    person_b = models.ForeignKey("registry.Person", models.CASCADE, related_name="+")
    # Kept on the pair so that either commune's officers see it without a join.
    commune_a = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                                  db_index=False)
    commune_b = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                                  db_index=False)
    probability = models.FloatField(_("xác suất trùng"))
    match_weight = models.FloatField(default=0)
    # [{"field": "given", "label": "Tên", "level": "Trùng tên", "weight": 10.2}, …]: the match
    # weight (log2 of the Bayes factor) each field adds; negative is evidence against.
    explanation = models.JSONField(_("giải thích"), default=list)
    status = models.CharField(_("tình trạng"), max_length=10, choices=PairStatus.choices,
                              default=PairStatus.PENDING)
    first_run = models.ForeignKey(DedupRun, models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    last_run = models.ForeignKey(DedupRun, models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    found_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("cặp nghi trùng")
        verbose_name_plural = _("cặp nghi trùng")
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="integrity_pair_once"),
            models.CheckConstraint(condition=Q(person_a__lt=F("person_b")),
                                   name="integrity_pair_ordered"),
        ]
        indexes = [
            models.Index(fields=["commune_a", "status"]),
            models.Index(fields=["commune_b", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id}"
