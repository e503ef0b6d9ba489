"""Administrative units (current and legacy) and residential groups."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ansinh.core.text import normalize_text


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện (trước 01/7/2025)")
    COMMUNE = "commune", _("Cấp xã")


class UnitKind(models.TextChoices):
    TINH = "tinh", _("Tỉnh")
    THANH_PHO = "thanh_pho", _("Thành phố")
    XA = "xa", _("Xã")
    PHUONG = "phuong", _("Phường")
    DAC_KHU = "dac_khu", _("Đặc khu")
    # Legacy kinds, for units that existed before 1 July 2025.
    QUAN = "quan", _("Quận")
    HUYEN = "huyen", _("Huyện")
    THI_XA = "thi_xa", _("Thị xã")
    THANH_PHO_THUOC_TINH = "thanh_pho_thuoc_tinh", _("Thành phố thuộc tỉnh")
    THI_TRAN = "thi_tran", _("Thị trấn")


URBAN_KINDS = frozenset({UnitKind.PHUONG, UnitKind.THI_TRAN})


class AdministrativeUnitQuerySet(models.QuerySet["AdministrativeUnit"]):
    def current(self) -> AdministrativeUnitQuerySet:
        return self.filter(valid_to__isnull=True)

    def legacy(self) -> AdministrativeUnitQuerySet:
        return self.filter(valid_to__isnull=False)

    def within(self, path: str) -> AdministrativeUnitQuerySet:
        """Units whose path is ``path`` or below it."""
        return self.filter(Q(path=path) | Q(path__startswith=f"{path}."))


class AdministrativeUnit(models.Model):
    """One node of the administrative tree.

    ``path`` is a materialised path of codes ("01", "01.00004") so that "everything in this
    province" is one indexed prefix match. A legacy unit sits under its successor: a commune
    merged on 1/7/2025 has the path of the commune that replaced it plus its own old code
    ("01.00004.L00007"), so a record naming it stays in the scope of today's commune.
    """

    code = models.CharField(_("mã"), max_length=16, unique=True)
    official_code = models.CharField(_("mã chính thức"), max_length=16, db_index=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=24, choices=UnitKind.choices)
    level = models.CharField(_("cấp"), max_length=16, choices=UnitLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    path = models.CharField(_("đường dẫn"), max_length=120, unique=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="predecessors",
        verbose_name=_("đơn vị kế thừa"),
    )
    name_key = models.CharField(max_length=200, db_index=True, editable=False)

    objects = AdministrativeUnitQuerySet.as_manager()

    scope_unit_field = ""

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("geo:unit_detail", kwargs={"code": self.code})

    @property
    def is_legacy(self) -> bool:
        return self.valid_to is not None

    @property
    def is_urban(self) -> bool:
        return self.kind in URBAN_KINDS

    @property
    def province_code(self) -> str:
        return self.path.split(".", 1)[0]


class ResidentialGroupKind(models.TextChoices):
    THON = "thon", _("Thôn")
    TO_DAN_PHO = "to_dan_pho", _("Tổ dân phố")
    KHU_DAN_CU = "khu_dan_cu", _("Khu dân cư")
    AP = "ap", _("Ấp")
    BAN = "ban", _("Bản")
    KHAC = "khac", _("Khác")


# First words (without diacritics) that show a group's name already names its kind.
GROUP_NAME_WORDS = frozenset({
    "to", "tdp", "thon", "khu", "kdc", "ap", "ban", "xom", "lang", "buon", "khoi", "cum",
    "khom", "plei", "soc", "dan",
})


class ResidentialGroup(models.Model):
    """A thôn, tổ dân phố or khu dân cư, created by the commune's own officers."""

    commune = models.ForeignKey(
        AdministrativeUnit, models.PROTECT, related_name="residential_groups",
        verbose_name=_("xã, phường"),
    )
    kind = models.CharField(
        _("loại"), max_length=16, choices=ResidentialGroupKind.choices,
        default=ResidentialGroupKind.TO_DAN_PHO,
    )
    name = models.CharField(_("tên"), max_length=120)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("thôn, tổ dân phố")
        verbose_name_plural = _("thôn, tổ dân phố")
        ordering = ["commune_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "name"], name="geo_group_unique_name"),
        ]

    def __str__(self) -> str:
        # Officers often type the kind into the name ("Tổ 5", "Thôn Đông", "Tổ dân phố số 3");
        # then the name says it all. A bare name ("5", "Đông") gets its kind in front.
        first_word = normalize_text(self.name).split(" ", 1)[0]
        if first_word in GROUP_NAME_WORDS:
            return self.name
        return f"{self.get_kind_display()} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("geo:group_detail", kwargs={"pk": self.pk})
