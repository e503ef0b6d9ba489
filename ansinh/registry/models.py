"""The registry: households, persons, and the life events that change them.

A person's commune is kept on the person as well as on the household, so that scoping and the
list filters over a million persons need no join. Life events are records with an effective
date; services apply them, and nothing is edited away.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ansinh.registry.identity import ETHNICITIES


class Sex(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Ngày, tháng, năm")
    MONTH = "month", _("Tháng, năm")
    YEAR = "year", _("Chỉ có năm")


class PersonStatus(models.TextChoices):
    LIVING = "living", _("Đang sống tại địa phương")
    DECEASED = "deceased", _("Đã mất")
    MOVED = "moved", _("Đã chuyển đi")
    MERGED = "merged", _("Đã gộp vào hồ sơ khác (trùng người)")


class DisabilityLevel(models.TextChoices):
    NONE = "", _("Không")
    MILD = "mild", _("Nhẹ")
    SEVERE = "severe", _("Nặng")
    ESPECIALLY_SEVERE = "especially_severe", _("Đặc biệt nặng")


class PensionStatus(models.TextChoices):
    NONE = "", _("Không")
    PENSION = "pension", _("Lương hưu")
    SOCIAL_INSURANCE = "social_insurance", _("Trợ cấp BHXH hằng tháng")


class Relationship(models.TextChoices):
    HEAD = "head", _("Chủ hộ")
    SPOUSE = "spouse", _("Vợ, chồng")
    CHILD = "child", _("Con")
    PARENT = "parent", _("Bố, mẹ")
    GRANDCHILD = "grandchild", _("Cháu")
    GRANDPARENT = "grandparent", _("Ông, bà")
    SIBLING = "sibling", _("Anh, chị, em")
    CHILD_IN_LAW = "child_in_law", _("Con dâu, con rể")
    OTHER_RELATIVE = "relative", _("Họ hàng khác")
    OTHER = "other", _("Khác")


class PovertyStatus(models.TextChoices):
    NONE = "", _("Không thuộc diện")
    POOR = "poor", _("Hộ nghèo")
    NEAR_POOR = "near_poor", _("Hộ cận nghèo")
    AVERAGE = "average", _("Hộ có mức sống trung bình")


class Household(models.Model):
    # No index of its own: the unique (commune, code) index starts with it, and each index
    # costs every household an import writes.
    commune = models.ForeignKey(
        "geo.AdministrativeUnit", models.PROTECT, related_name="households",
        verbose_name=_("xã, phường"), db_index=False,
    )
    code = models.CharField(_("mã hộ"), max_length=32)
    residential_group = models.ForeignKey(
        "geo.ResidentialGroup", models.PROTECT, null=True, blank=True, related_name="households",
        verbose_name=_("thôn, tổ dân phố"),
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    is_urban = models.BooleanField(_("khu vực thành thị"), default=False)
    poverty_status = models.CharField(
        _("hộ nghèo, cận nghèo"), max_length=16, choices=PovertyStatus.choices, blank=True,
        default=PovertyStatus.NONE, db_index=True,
    )
    poverty_year = models.PositiveSmallIntegerField(_("năm xác định"), null=True, blank=True)
    is_active = models.BooleanField(_("còn hoạt động"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("hộ gia đình")
        verbose_name_plural = _("hộ gia đình")
        ordering = ["commune_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "code"], name="registry_household_code"),
        ]

    def __str__(self) -> str:
        return _("Hộ %(code)s") % {"code": self.code}

    def get_absolute_url(self) -> str:
        return reverse("registry:household_detail", kwargs={"pk": self.pk})


# The label of a policy family (gia đình chính sách: a household of a person with merit to
# the revolution or of a fallen soldier), which reports count.
POLICY_FAMILY_TAG = "gia đình chính sách"


class HouseholdTag(models.Model):
    """A label on a household, e.g. "gia đình chính sách" (a policy family)."""

    household = models.ForeignKey(Household, models.CASCADE, related_name="tags")
    tag = models.CharField(_("nhãn"), max_length=64)

    class Meta:
        verbose_name = _("nhãn hộ")
        constraints = [
            models.UniqueConstraint(fields=["household", "tag"], name="registry_household_tag"),
        ]
        indexes = [models.Index(fields=["tag"])]

    def __str__(self) -> str:
        return self.tag


class HouseholdPoverty(models.Model):
    """The household's poverty classification for one year, as recognised by the commune."""

    household = models.ForeignKey(Household, models.CASCADE, related_name="poverty_history")
    year = models.PositiveSmallIntegerField(_("năm"))
    status = models.CharField(_("phân loại"), max_length=16, choices=PovertyStatus.choices,
                              blank=True)
    decided_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("phân loại hộ theo năm")
        ordering = ["household_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["household", "year"], name="registry_poverty_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.get_status_display()}"


def given_key_of(name_key: str) -> str:
    return name_key.rsplit(" ", 1)[-1][:60]


class RegistrationSource(models.TextChoices):
    IMPORT = "import", _("Nhập từ danh sách")
    SYNTHETIC = "synthetic", _("Dữ liệu mẫu")


class RegistrationBatch(models.Model):
    """Persons written into the registry in one go: an imported list, or synthetic data.

    Each person it registered points to it, and their history shows it as their registration;
    a list of a million rows thus writes one batch, not a million "registered" life events.
    """

    commune = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                                verbose_name=_("xã, phường"))
    source = models.CharField(_("nguồn"), max_length=16, choices=RegistrationSource.choices)
    label = models.CharField(_("tệp"), max_length=255, blank=True)
    persons_created = models.PositiveIntegerField(_("người thêm mới"), default=0)
    persons_updated = models.PositiveIntegerField(_("người cập nhật"), default=0)
    rows_rejected = models.PositiveIntegerField(_("dòng bị từ chối"), default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("đợt đăng ký theo danh sách")
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.label}".strip()


class Person(models.Model):
    household = models.ForeignKey(
        Household, models.PROTECT, related_name="members", verbose_name=_("hộ gia đình"),
    )
    # No index of its own: the (commune, name_key) and (commune, status, birth_year) indexes
    # begin with it, and each index costs every bulk insert of a million rows.
    commune = models.ForeignKey(
        "geo.AdministrativeUnit", models.PROTECT, related_name="persons",
        verbose_name=_("xã, phường"), db_index=False,
    )
    full_name = models.CharField(_("họ và tên"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False)
    # The given name (last word of name_key): people are looked up by it ("an", "hoa"), and an
    # index on it answers that without scanning every name.
    given_key = models.CharField(max_length=60, editable=False, default="")
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_precision = models.CharField(
        _("độ chính xác ngày sinh"), max_length=8, choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    national_id = models.CharField(_("số CCCD"), max_length=12, null=True, blank=True,
                                   unique=True)
    old_id_number = models.CharField(_("số CMND cũ"), max_length=9, blank=True)
    ethnicity = models.CharField(_("dân tộc"), max_length=4, blank=True)
    relationship = models.CharField(_("quan hệ với chủ hộ"), max_length=16,
                                    choices=Relationship.choices, default=Relationship.OTHER)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    disability_level = models.CharField(
        _("mức độ khuyết tật"), max_length=20, choices=DisabilityLevel.choices, blank=True,
        default=DisabilityLevel.NONE,
    )
    disability_certified_on = models.DateField(_("ngày cấp giấy xác nhận khuyết tật"),
                                               null=True, blank=True)
    pension_status = models.CharField(
        _("lương hưu, trợ cấp BHXH"), max_length=20, choices=PensionStatus.choices, blank=True,
        default=PensionStatus.NONE,
    )
    merit_type = models.CharField(_("diện người có công"), max_length=64, blank=True)
    health_insurance_number = models.CharField(_("số thẻ BHYT"), max_length=20, blank=True)
    health_insurance_expiry = models.DateField(_("hạn thẻ BHYT"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=12, choices=PersonStatus.choices,
                              default=PersonStatus.LIVING)
    status_date = models.DateField(_("từ ngày"), null=True, blank=True)
    # Set when the person came in with a list (their registration); no index, as nothing
    # looks persons up by it.
    registration_batch = models.ForeignKey(RegistrationBatch, models.PROTECT, null=True,
                                           blank=True, related_name="+", db_index=False)
    # A duplicate record confirmed as this person: it stays (with its history) but points here.
    merged_into = models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                                    related_name="+", db_index=False,
                                    verbose_name=_("đã gộp vào"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("nhân khẩu")
        verbose_name_plural = _("nhân khẩu")
        ordering = ["commune_id", "name_key", "id"]
        indexes = [
            models.Index(fields=["commune", "name_key"], name="registry_person_name"),
            models.Index(fields=["commune", "status", "birth_year"],
                         name="registry_person_age"),
            models.Index(fields=["name_key"], name="registry_person_name_all"),
            models.Index(fields=["given_key"], name="registry_person_given"),
            models.Index(fields=["old_id_number"], name="registry_person_cmnd",
                         condition=~Q(old_id_number="")),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("registry:person_detail", kwargs={"pk": self.pk})

    @property
    def ethnicity_name(self) -> str:
        return ETHNICITIES.get(self.ethnicity, self.ethnicity)


class PersonRestricted(models.Model):
    """Fields the law treats as most sensitive (HIV status), kept out of the person row.

    Nothing selects this table except the selector that checks the role first, so a list,
    an export or a public page cannot carry it by accident.
    """

    person = models.OneToOneField(Person, models.CASCADE, primary_key=True,
                                  related_name="restricted")
    hiv_positive = models.BooleanField(_("nhiễm HIV"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thông tin hạn chế")

    def __str__(self) -> str:
        return str(self.person_id)


class ImportTemplate(models.Model):
    """A column mapping an officer saved for a recurring list layout: field → header text."""

    commune = models.ForeignKey("geo.AdministrativeUnit", models.CASCADE,
                                related_name="import_templates", verbose_name=_("xã, phường"))
    name = models.CharField(_("tên mẫu"), max_length=120)
    mapping = models.JSONField(_("ghép cột"), default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("mẫu nhập danh sách")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="registry_template_name"),
        ]

    def __str__(self) -> str:
        return self.name


class LifeEventKind(models.TextChoices):
    BIRTH = "birth", _("Sinh")
    REGISTER = "register", _("Đăng ký vào sổ")
    DEATH = "death", _("Mất")
    MOVE_WITHIN = "move_within", _("Chuyển nơi ở trong xã")
    MOVE_OUT = "move_out", _("Chuyển đến xã khác")
    HOUSEHOLD_SPLIT = "split", _("Tách hộ")
    HOUSEHOLD_MERGE = "merge", _("Nhập hộ")
    PERSON_MERGE = "person_merge", _("Gộp hồ sơ trùng người")


class LifeEvent(models.Model):
    """One change in a person's or household's life, with its effective date.

    A move to another commune names both communes, so that both see it in their history.
    """

    kind = models.CharField(_("sự kiện"), max_length=16, choices=LifeEventKind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    person = models.ForeignKey(Person, models.PROTECT, null=True, blank=True,
                               related_name="events")
    household = models.ForeignKey(Household, models.PROTECT, null=True, blank=True,
                                  related_name="events")
    from_commune = models.ForeignKey(
        "geo.AdministrativeUnit", models.PROTECT, related_name="+", null=True, blank=True,
    )
    to_commune = models.ForeignKey(
        "geo.AdministrativeUnit", models.PROTECT, related_name="+", null=True, blank=True,
    )
    from_household = models.ForeignKey(Household, models.PROTECT, null=True, blank=True,
                                       related_name="+")
    to_household = models.ForeignKey(Household, models.PROTECT, null=True, blank=True,
                                     related_name="+")
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("biến động")
        verbose_name_plural = _("biến động")
        ordering = ["-effective_date", "-id"]
        indexes = [models.Index(fields=["person", "effective_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"
