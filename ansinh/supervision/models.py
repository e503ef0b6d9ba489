"""Supervision (giám sát) by the Fatherland Front (MTTQ) and the People's Council (HĐND).

A ``Plan`` is the body's supervision plan as it is issued ("Kế hoạch số 15/KH-MTTQ-BTT ngày
11/5/2020"): its legal basis, the period and the units supervised, the policies and the contents
looked at, and the delegation (``DelegationMember``). What the delegation finds is an
``Observation`` (kết quả giám sát, linked to the registry, dossier, payroll and anomaly records
it concerns); what it asks a unit to do is a ``Recommendation`` (kiến nghị) with a deadline, the
unit's answer and the delegation's follow-up, each step kept as a ``RecommendationUpdate``.

The seed reports describe this work done on paper: the MTTQ of quận Hoàng Mai supervising the
Covid-19 support of Resolution 42/NQ-CP, the HĐND of Bắc Kạn supervising social assistance in
phường Phùng Chí Kiên ("đề nghị phường bổ sung báo cáo …; tiếp tục rà soát …").
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Body(models.TextChoices):
    MTTQ = "mttq", _("Ủy ban Mặt trận Tổ quốc Việt Nam")
    HDND = "hdnd", _("Hội đồng nhân dân")
    OTHER = "other", _("Cơ quan, tổ chức khác")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    IN_PROGRESS = "in_progress", _("Đang giám sát")
    CONCLUDED = "concluded", _("Đã kết luận")


# The plan's life: drafted, started when the delegation is complete, concluded once. Members
# and the plan's text change until it is concluded; findings and recommendations are written
# while it is in progress; recommendations are followed up after the conclusion too.
PLAN_TRANSITIONS: dict[str, frozenset[str]] = {
    PlanStatus.DRAFT: frozenset({PlanStatus.IN_PROGRESS}),
    PlanStatus.IN_PROGRESS: frozenset({PlanStatus.CONCLUDED}),
    PlanStatus.CONCLUDED: frozenset(),
}


class Plan(models.Model):
    unit = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                             verbose_name=_("cấp của cơ quan giám sát"))
    body = models.CharField(_("cơ quan giám sát"), max_length=8, choices=Body.choices)
    body_name = models.CharField(
        _("tên cơ quan giám sát"), max_length=200,
        help_text=_("Như ở đầu văn bản, ví dụ “Ban Thường trực Ủy ban MTTQ Việt Nam phường "
                    "Hoàng Mai”."))
    number = models.CharField(_("số kế hoạch"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"))
    legal_basis = models.TextField(_("căn cứ"), blank=True)
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    period_from = models.DateField(_("thời kỳ giám sát từ ngày"))
    period_to = models.DateField(_("đến ngày"))
    scope_units = models.ManyToManyField("geo.AdministrativeUnit", related_name="+",
                                         verbose_name=_("địa bàn giám sát"))
    policies = models.ManyToManyField("policies.Policy", related_name="+", blank=True,
                                      verbose_name=_("chính sách được giám sát"))
    contents = models.TextField(_("nội dung giám sát"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    conclusion = models.TextField(_("kết luận của đoàn"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("người lập"))
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu giám sát lúc"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("kết luận lúc"), null=True, blank=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("kế hoạch giám sát")
        verbose_name_plural = _("kế hoạch giám sát")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "body", "number"],
                                    name="supervision_plan_number"),
            models.CheckConstraint(condition=Q(period_from__lte=models.F("period_to")),
                                   name="supervision_plan_period"),
        ]

    def __str__(self) -> str:
        # The label the audit log keeps: in Vietnamese, as the documents are.
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("supervision:plan_detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        """"Kế hoạch số 15/KH-MTTQ-BTT ngày 11/05/2020"."""
        return f"Kế hoạch số {self.number} ngày {self.issued_on:%d/%m/%Y}"

    @property
    def is_concluded(self) -> bool:
        return self.status == PlanStatus.CONCLUDED


class DelegationMember(models.Model):
    """A member of the delegation (đoàn giám sát), as the decision forming it names them; linked
    to a user when the member records findings in An Sinh."""

    plan = models.ForeignKey(Plan, models.CASCADE, related_name="members")
    full_name = models.CharField(_("họ và tên"), max_length=200)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    organisation = models.CharField(_("cơ quan, tổ chức"), max_length=200, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("tài khoản An Sinh"))
    is_head = models.BooleanField(_("trưởng đoàn"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thành viên đoàn giám sát")
        verbose_name_plural = _("thành viên đoàn giám sát")
        ordering = ["plan_id", "-is_head", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan"], condition=Q(is_head=True),
                                    name="supervision_one_head"),
            models.UniqueConstraint(fields=["plan", "user"], condition=Q(user__isnull=False),
                                    name="supervision_member_once"),
        ]

    def __str__(self) -> str:
        return self.full_name


class Severity(models.TextChoices):
    NOTE = "note", _("Ghi nhận")
    SHORTCOMING = "shortcoming", _("Hạn chế, thiếu sót")
    VIOLATION = "violation", _("Sai phạm")


class Observation(models.Model):
    """What the delegation found at one unit (kết quả giám sát, phát hiện của đoàn), with the
    records it concerns. Not ``Finding``: that is an anomaly rule's result (integrity), which an
    observation may cite."""

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="observations")
    unit = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                             verbose_name=_("đơn vị được giám sát"))
    text = models.TextField(_("nội dung"))
    severity = models.CharField(_("mức độ"), max_length=12, choices=Severity.choices,
                                default=Severity.SHORTCOMING)
    person = models.ForeignKey("registry.Person", models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("nhân khẩu"))
    household = models.ForeignKey("registry.Household", models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("hộ gia đình"))
    benefit = models.ForeignKey("cases.Benefit", models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("chế độ"))
    decision = models.ForeignKey("cases.Decision", models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("quyết định"))
    posting = models.ForeignKey("cases.Posting", models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("niêm yết công khai"))
    cycle = models.ForeignKey("payroll.Cycle", models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("kỳ chi trả"))
    finding = models.ForeignKey("integrity.Finding", models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("phát hiện bất thường"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("người ghi"))
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("kết quả giám sát")
        verbose_name_plural = _("phát hiện của đoàn")
        ordering = ["plan_id", "created_at", "id"]

    def __str__(self) -> str:
        return " ".join(self.text.split())[:120]


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Chờ đơn vị trả lời")
    ANSWERED = "answered", _("Đơn vị đã trả lời")
    ACCEPTED = "accepted", _("Đã thực hiện")
    NOT_ACCEPTED = "not_accepted", _("Chưa được chấp nhận")
    CLOSED = "closed", _("Đã đóng")


# Waiting for the unit: an overdue recommendation is one of these past its deadline.
OUTSTANDING = frozenset({RecommendationStatus.OPEN, RecommendationStatus.NOT_ACCEPTED})


class UpdateKind(models.TextChoices):
    ANSWER = "answer", _("Đơn vị trả lời")
    ACCEPT = "accept", _("Đoàn xác nhận đã thực hiện")
    REJECT = "reject", _("Đoàn chưa chấp nhận, yêu cầu thực hiện tiếp")
    REOPEN = "reopen", _("Đoàn mở lại kiến nghị")
    CLOSE = "close", _("Đoàn đóng kiến nghị")
    NOTE = "note", _("Ghi chú theo dõi")


# Each step of a recommendation: the statuses it may start from, and where it leads (None: the
# status stays). The unit answers; the delegation does the rest.
RECOMMENDATION_TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    UpdateKind.ANSWER: (OUTSTANDING, RecommendationStatus.ANSWERED),
    UpdateKind.ACCEPT: (frozenset({RecommendationStatus.OPEN, RecommendationStatus.ANSWERED,
                                   RecommendationStatus.NOT_ACCEPTED}),
                        RecommendationStatus.ACCEPTED),
    UpdateKind.REJECT: (frozenset({RecommendationStatus.ANSWERED}),
                        RecommendationStatus.NOT_ACCEPTED),
    UpdateKind.REOPEN: (frozenset({RecommendationStatus.ACCEPTED, RecommendationStatus.CLOSED}),
                        RecommendationStatus.OPEN),
    UpdateKind.CLOSE: (frozenset({RecommendationStatus.OPEN, RecommendationStatus.ANSWERED,
                                  RecommendationStatus.ACCEPTED,
                                  RecommendationStatus.NOT_ACCEPTED}),
                       RecommendationStatus.CLOSED),
    UpdateKind.NOTE: (frozenset(RecommendationStatus.values), None),
}


class Recommendation(models.Model):
    """A recommendation (kiến nghị) of the delegation to a unit, with its deadline; the unit's
    latest answer is kept here, every step in ``updates``."""

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="recommendations")
    observation = models.ForeignKey(Observation, models.SET_NULL, null=True, blank=True,
                                    related_name="recommendations",
                                    verbose_name=_("kết quả giám sát liên quan"))
    to_unit = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                                verbose_name=_("đơn vị thực hiện"))
    text = models.TextField(_("nội dung kiến nghị"))
    deadline = models.DateField(_("hạn thực hiện"))
    status = models.CharField(_("tình trạng"), max_length=12,
                              choices=RecommendationStatus.choices,
                              default=RecommendationStatus.OPEN)
    answer = models.TextField(_("trả lời của đơn vị"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("người trả lời"))
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("người ghi"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_unit_field = "to_unit"

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["to_unit", "status", "deadline"])]

    def __str__(self) -> str:
        return " ".join(self.text.split())[:120]

    def get_absolute_url(self) -> str:
        return reverse("supervision:recommendation_detail", kwargs={"pk": self.pk})

    @property
    def is_outstanding(self) -> bool:
        return self.status in OUTSTANDING

    def is_overdue(self, today: date | None = None) -> bool:
        """Past its deadline and neither answered nor done (the "Quá hạn" badge)."""
        return self.is_outstanding and self.deadline < (today or timezone.localdate())


class RecommendationUpdate(models.Model):
    """One step of a recommendation's follow-up: the unit's answer or the delegation's word."""

    recommendation = models.ForeignKey(Recommendation, models.CASCADE, related_name="updates")
    kind = models.CharField(_("việc"), max_length=8, choices=UpdateKind.choices)
    from_status = models.CharField(max_length=12, choices=RecommendationStatus.choices)
    to_status = models.CharField(max_length=12, choices=RecommendationStatus.choices)
    note = models.TextField(_("nội dung"), blank=True)
    deadline = models.DateField(_("hạn mới"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("theo dõi kiến nghị")
        ordering = ["recommendation_id", "at", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()
