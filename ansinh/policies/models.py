"""Policies as dated legal data: policies, their categories and coefficients, and parameters
whose values change over time, nationally or by province.

The catalog files under ``catalog/`` are the source; ``catalog_load`` writes them here, and
administrators confirm or add parameter versions in the pages. A version "pending confirmation"
is stored but never used until an administrator confirms it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PolicyKind(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    ONE_OFF = "one_off", _("Một lần")
    THRESHOLD = "threshold", _("Chuẩn, ngưỡng")


class Policy(models.Model):
    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên chính sách"), max_length=200)
    kind = models.CharField(_("loại"), max_length=16, choices=PolicyKind.choices)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True)
    # The parameter a category's coefficient multiplies (the base level); blank for policies
    # whose amounts are parameters of their own.
    base_parameter = models.CharField(_("tham số mức chuẩn"), max_length=48, blank=True)
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    overlap_ref = models.CharField(_("căn cứ quy tắc trùng diện"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Set when an administrator edits the policy in the pages: loading the catalog again
    # then leaves it (and its categories) as the administrator made them.
    customized = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("chính sách")
        verbose_name_plural = _("chính sách")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("policies:policy_detail", args=[self.code])


class Category(models.Model):
    """A group of beneficiaries of a policy (K1…K8 of Decree 20/2021, say)."""

    policy = models.ForeignKey(Policy, models.CASCADE, related_name="categories")
    code = models.CharField(_("mã nhóm"), max_length=16)
    name = models.CharField(_("nhóm đối tượng"), max_length=300)
    legal_ref = models.CharField(_("điều khoản"), max_length=200)
    # The eligibility rule (a name in eligibility.RULES) and the start-month rule.
    rule = models.CharField(_("quy tắc"), max_length=48)
    start_rule = models.CharField(_("tháng bắt đầu hưởng"), max_length=32, default="decision")
    # Categories that reveal HIV status: shown only to roles that may see it.
    restricted = models.BooleanField(_("thông tin hạn chế"), default=False)
    documents = models.JSONField(_("giấy tờ cần có"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    customized = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("nhóm đối tượng")
        ordering = ["policy__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "code"], name="policies_category_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Coefficient(models.Model):
    """One band of a category's coefficient: by age, or by a named condition."""

    category = models.ForeignKey(Category, models.CASCADE, related_name="coefficients")
    value = models.DecimalField(_("hệ số"), max_digits=5, decimal_places=2)
    min_age = models.PositiveSmallIntegerField(_("từ tuổi"), null=True, blank=True)
    below_age = models.PositiveSmallIntegerField(_("dưới tuổi"), null=True, blank=True)
    # Named conditions joined by "+" (see eligibility.CONDITIONS); all must hold.
    condition = models.CharField(_("điều kiện"), max_length=48, blank=True)
    # A parameter whose value the coefficient multiplies instead of the policy's base level.
    parameter = models.CharField(_("tham số"), max_length=48, blank=True)
    label = models.CharField(_("diễn giải"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("hệ số")
        ordering = ["category_id", "order"]

    def __str__(self) -> str:
        return f"{self.value} {self.label}".strip()


class Parameter(models.Model):
    code = models.CharField(_("mã tham số"), max_length=48, unique=True)
    name = models.CharField(_("tên tham số"), max_length=200)
    unit = models.CharField(_("đơn vị"), max_length=40, default="đồng")
    policy = models.ForeignKey(Policy, models.CASCADE, related_name="parameters", null=True,
                               blank=True)

    class Meta:
        verbose_name = _("tham số")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Confidence(models.TextChoices):
    VERIFIED = "verified", _("Đã đối chiếu văn bản")
    SECONDARY = "secondary", _("Theo nguồn thứ cấp")
    PENDING = "pending", _("Chờ xác nhận")


class ParameterVersion(models.Model):
    """A parameter's value from a date, nationally (no province) or in one province."""

    parameter = models.ForeignKey(Parameter, models.CASCADE, related_name="versions")
    province = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("tỉnh, thành phố"))
    value = models.BigIntegerField(_("giá trị"))
    effective_from = models.DateField(_("hiệu lực từ"))
    # An earlier date from which the value is owed (arrears, truy lĩnh), when the law says so.
    applied_from = models.DateField(_("áp dụng hồi tố từ"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    confidence = models.CharField(_("độ tin cậy"), max_length=16, choices=Confidence.choices)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    from_catalog = models.BooleanField(default=True, editable=False)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                     blank=True, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("giá trị tham số")
        ordering = ["parameter_id", "province_id", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["parameter", "effective_from"],
                                    condition=Q(province=None), name="policies_version_national"),
            models.UniqueConstraint(fields=["parameter", "province", "effective_from"],
                                    name="policies_version_province"),
        ]

    def __str__(self) -> str:
        return f"{self.parameter.code} {self.effective_from:%d/%m/%Y}: {self.value}"

    @property
    def usable(self) -> bool:
        return self.confidence != Confidence.PENDING


class CircumstanceKind(models.TextChoices):
    """Facts about a person that the registry does not hold and eligibility needs."""

    NO_SUPPORT = "no_support", _("Mồ côi, bị bỏ rơi, không có nguồn nuôi dưỡng")
    STUDYING = "studying", _("Đang đi học, học nghề (văn bằng thứ nhất)")
    SINGLE_PARENT = "single_parent", _("Đơn thân nghèo đang nuôi con")
    NO_SUPPORTER = "no_supporter", _("Không có người phụng dưỡng, hoặc người phụng dưỡng "
                                     "đang hưởng trợ cấp")
    DIFFICULT_AREA = "difficult_area", _("Sống ở xã, thôn đặc biệt khó khăn vùng dân tộc, "
                                         "miền núi")
    COMMUNITY_CARE = "community_care", _("Người cao tuổi cô đơn được nhận chăm sóc tại "
                                         "cộng đồng")
    NO_STABLE_INCOME = "no_stable_income", _("Không có nguồn thu nhập ổn định")
    FOSTERS_CHILD = "fosters_child", _("Nhận nuôi dưỡng trẻ em mồ côi (nhóm K1)")
    CARES_DISABLED = "cares_disabled", _("Hộ trực tiếp chăm sóc người khuyết tật đặc biệt nặng")
    DISABLED_PARENT = "disabled_parent", _("Người khuyết tật nặng, đặc biệt nặng đang mang thai "
                                           "hoặc nuôi con dưới 36 tháng")


class Circumstance(models.Model):
    """A fact recorded for a person, usually from a dossier, valid over a period."""

    person = models.ForeignKey("registry.Person", models.CASCADE, related_name="circumstances")
    kind = models.CharField(_("hoàn cảnh"), max_length=24, choices=CircumstanceKind.choices)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hoàn cảnh")
        ordering = ["person_id", "kind", "-valid_from"]
        indexes = [models.Index(fields=["person", "kind"])]

    def __str__(self) -> str:
        return self.get_kind_display()
