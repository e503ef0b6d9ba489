"""The annual poverty review (rà soát hộ nghèo, hộ cận nghèo) of a commune and its ad-hoc
reviews during the year: the households surveyed with forms A, B1 and B2, the village
meeting's vote on each, the commune chair's recognition; the B1 points tables as data; plans
to help poor households escape, and targets per residential group.

The recognised result is written to the registry's poverty history
(``registry.HouseholdPoverty``, with the decision's date), which the eligibility engine reads.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ansinh.registry.models import PovertyStatus


class ReviewKind(models.TextChoices):
    ANNUAL = "annual", _("Rà soát định kỳ hằng năm")
    AD_HOC = "ad_hoc", _("Rà soát thường xuyên (phát sinh trong năm)")


class ReviewStatus(models.TextChoices):
    SURVEYING = "surveying", _("Đang khảo sát")
    MEETING = "meeting", _("Họp dân thống nhất")
    POSTED = "posted", _("Niêm yết công khai")
    RECOGNISED = "recognised", _("Đã công nhận")


class Review(models.Model):
    commune = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                                verbose_name=_("xã, phường"))
    year = models.PositiveSmallIntegerField(_("năm rà soát"))
    kind = models.CharField(_("loại rà soát"), max_length=10, choices=ReviewKind.choices)
    title = models.CharField(_("tên đợt rà soát"), max_length=200)
    plan = models.CharField(_("kế hoạch"), max_length=200, blank=True,
                            help_text=_("Ví dụ: Kế hoạch số 120/KH-UBND ngày 25/8/2026."))
    status = models.CharField(_("tình trạng"), max_length=12, choices=ReviewStatus.choices,
                              default=ReviewStatus.SURVEYING)
    posted_from = models.DateField(_("niêm yết từ ngày"), null=True, blank=True)
    posted_to = models.DateField(_("niêm yết đến ngày"), null=True, blank=True)
    decision = models.CharField(_("quyết định công nhận"), max_length=60, blank=True)
    decided_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("đợt rà soát hộ nghèo")
        verbose_name_plural = _("đợt rà soát hộ nghèo")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(
            fields=["commune", "year"], condition=Q(kind="annual"),
            name="poverty_one_annual_review")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("poverty:review_detail", kwargs={"pk": self.pk})


class Source(models.TextChoices):
    LISTED = "listed", _("Hộ trong danh sách hiện hành")
    APPLICANT = "applicant", _("Hộ đăng ký, đề nghị rà soát")


class SurveyStatus(models.TextChoices):
    TO_SURVEY = "to_survey", _("Chưa khảo sát")
    DRAFT = "draft", _("Đang nhập phiếu")
    SUBMITTED = "submitted", _("Đã có kết quả phiếu")
    RESURVEY = "resurvey", _("Khảo sát lại (họp dân chưa thống nhất)")
    AGREED = "agreed", _("Họp dân đã thống nhất")


class Survey(models.Model):
    """One household in a review: its forms, the classification they give, the vote."""

    review = models.ForeignKey(Review, models.CASCADE, related_name="surveys")
    household = models.ForeignKey("registry.Household", models.PROTECT, related_name="+",
                                  verbose_name=_("hộ gia đình"))
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices)
    enumerator = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+",
                                   verbose_name=_("điều tra viên"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=SurveyStatus.choices,
                              default=SurveyStatus.TO_SURVEY)
    previous_status = models.CharField(_("phân loại trước rà soát"), max_length=16,
                                       choices=PovertyStatus.choices, blank=True)
    # Form A (quick screening): the criteria that were met; one excluding criterion ends it.
    screening = models.JSONField(_("phiếu A"), default=list, blank=True)
    screened_out = models.BooleanField(_("loại ở phiếu A"), default=False)
    # Form B1 (income): members and the income declared, or the points of each item.
    members = models.PositiveSmallIntegerField(_("số nhân khẩu"), default=0)
    declared_income = models.BigIntegerField(_("tổng thu nhập của hộ một tháng (đồng)"),
                                             null=True, blank=True)
    points = models.JSONField(_("điểm phiếu B1"), default=dict, blank=True)
    # Form B2: the indicators the household is deprived in.
    deprivations = models.JSONField(_("phiếu B2: chỉ số thiếu hụt"), default=list, blank=True)
    result = models.CharField(_("kết quả phân loại"), max_length=16,
                              choices=PovertyStatus.choices, blank=True)
    reason = models.CharField(_("căn cứ phân loại"), max_length=500, blank=True)
    votes_agree = models.PositiveIntegerField(_("số người đồng ý"), null=True, blank=True)
    votes_total = models.PositiveIntegerField(_("số người dự họp biểu quyết"), null=True,
                                              blank=True)
    certificate = models.CharField(_("số giấy chứng nhận"), max_length=30, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_unit_field = "review__commune"

    class Meta:
        verbose_name = _("phiếu rà soát")
        verbose_name_plural = _("phiếu rà soát")
        ordering = ["household__code"]
        constraints = [models.UniqueConstraint(fields=["review", "household"],
                                               name="poverty_one_survey_per_household")]

    def __str__(self) -> str:
        return f"{self.review.title} — hộ {self.household.code}"

    def get_absolute_url(self) -> str:
        return reverse("poverty:survey_form", kwargs={"pk": self.pk})


class Area(models.TextChoices):
    RURAL = "rural", _("Nông thôn")
    URBAN = "urban", _("Thành thị")


class PointsItem(models.Model):
    """A line of the B1 points tables (Circular 07/2021/TT-BLĐTBXH), entered as data."""

    valid_from = models.DateField(_("áp dụng từ ngày"))
    area = models.CharField(_("khu vực"), max_length=6, choices=Area.choices)
    code = models.CharField(_("mã"), max_length=30)
    label = models.CharField(_("nội dung"), max_length=300)
    points = models.IntegerField(_("điểm"))

    class Meta:
        verbose_name = _("chỉ tiêu chấm điểm B1")
        verbose_name_plural = _("chỉ tiêu chấm điểm B1")
        constraints = [models.UniqueConstraint(fields=["valid_from", "area", "code"],
                                               name="poverty_points_item")]

    def __str__(self) -> str:
        return self.label


class PointsCutoff(models.Model):
    """The B1 score at or below which a household's income counts as at or below the line."""

    valid_from = models.DateField(_("áp dụng từ ngày"))
    area = models.CharField(_("khu vực"), max_length=6, choices=Area.choices)
    max_points = models.IntegerField(_("điểm tối đa"))

    class Meta:
        verbose_name = _("ngưỡng điểm B1")
        verbose_name_plural = _("ngưỡng điểm B1")
        constraints = [models.UniqueConstraint(fields=["valid_from", "area"],
                                               name="poverty_points_cutoff")]

    def __str__(self) -> str:
        return f"{self.get_area_display()} ≤ {self.max_points}"


class Measure(models.TextChoices):
    CREDIT = "credit", _("Vay vốn tín dụng chính sách")
    TRAINING = "training", _("Đào tạo nghề")
    JOBS = "jobs", _("Giới thiệu việc làm")
    HOUSING = "housing", _("Hỗ trợ nhà ở")
    PRODUCTION = "production", _("Hỗ trợ sản xuất, sinh kế")
    OTHER = "other", _("Khác")


class HelpPlan(models.Model):
    """How a poor household is helped out of poverty in a year, by whom, and how it goes."""

    household = models.ForeignKey("registry.Household", models.PROTECT, related_name="+",
                                  verbose_name=_("hộ gia đình"))
    year = models.PositiveSmallIntegerField(_("năm"))
    helper = models.CharField(_("người, tổ chức giúp đỡ"), max_length=200)
    measures = models.JSONField(_("biện pháp"), default=list)
    escape_by = models.PositiveSmallIntegerField(_("phấn đấu thoát nghèo năm"))
    progress = models.TextField(_("kết quả thực hiện"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    scope_unit_field = "household__commune"

    class Meta:
        verbose_name = _("kế hoạch giúp đỡ hộ nghèo")
        verbose_name_plural = _("kế hoạch giúp đỡ hộ nghèo")
        constraints = [models.UniqueConstraint(fields=["household", "year"],
                                               name="poverty_one_plan_per_year")]

    def __str__(self) -> str:
        return f"Kế hoạch giúp đỡ năm {self.year}"


class GroupTarget(models.Model):
    """How many poor households a residential group aims to bring out of poverty in a year."""

    group = models.ForeignKey("geo.ResidentialGroup", models.PROTECT, related_name="+",
                              verbose_name=_("thôn, tổ"))
    year = models.PositiveSmallIntegerField(_("năm"))
    escape_target = models.PositiveIntegerField(_("chỉ tiêu giảm hộ nghèo"))

    scope_unit_field = "group__commune"

    class Meta:
        verbose_name = _("chỉ tiêu giảm nghèo")
        verbose_name_plural = _("chỉ tiêu giảm nghèo")
        constraints = [models.UniqueConstraint(fields=["group", "year"],
                                               name="poverty_one_target_per_year")]

    def __str__(self) -> str:
        return f"{self.group.name} {self.year}: {self.escape_target}"
