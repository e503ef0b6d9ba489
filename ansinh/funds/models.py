"""Funds (quỹ) held by a province or a commune, their donors, and the append-only ledger of
what came in and went out.

A fund's money is the sum of its posted entries' ``cash`` (signed: receipts, transfers in and
advances add; allocations and transfers out take away). Donations in kind are entries too, with
their items: their value is reported, their quantities make the stock that is handed out, and
they never touch the cash. Nothing is edited or deleted: a correction is a reversing entry that
names the one it corrects.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class FundKind(models.TextChoices):
    POOR = "vi_nguoi_ngheo", _("Quỹ Vì người nghèo")
    GRATITUDE = "den_on_dap_nghia", _("Quỹ Đền ơn đáp nghĩa")
    DISASTER = "cuu_tro", _("Quỹ cứu trợ, phòng chống thiên tai")
    COVID = "covid19", _("Ủng hộ phòng, chống dịch Covid-19")
    OTHER = "khac", _("Quỹ khác")


class Fund(models.Model):
    unit = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                             verbose_name=_("đơn vị quản lý"))
    kind = models.CharField(_("loại quỹ"), max_length=20, choices=FundKind.choices)
    name = models.CharField(_("tên quỹ"), max_length=200)
    regulation = models.CharField(_("văn bản quy định"), max_length=300, blank=True,
                                  help_text=_("Ví dụ: Quyết định số 15/QĐ-MTTQ ban hành quy chế "
                                              "quản lý, sử dụng Quỹ “Vì người nghèo”."))
    # Allocations above this amount wait for a second person's approval (0: every one does).
    approval_threshold = models.BigIntegerField(_("mức chi cần phê duyệt (đồng)"),
                                                default=50_000_000)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("quỹ")
        verbose_name_plural = _("quỹ")
        ordering = ["unit__path", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="funds_fund_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("funds:fund_detail", kwargs={"pk": self.pk})


class DonorKind(models.TextChoices):
    ORGANISATION = "organisation", _("Cơ quan, tổ chức, doanh nghiệp")
    INDIVIDUAL = "individual", _("Cá nhân")
    ANONYMOUS = "anonymous", _("Nhà hảo tâm không nêu tên")


class Donor(models.Model):
    unit = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                             verbose_name=_("đơn vị tiếp nhận"))
    kind = models.CharField(_("loại nhà tài trợ"), max_length=16, choices=DonorKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "unit"

    class Meta:
        verbose_name = _("nhà tài trợ")
        verbose_name_plural = _("nhà tài trợ")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EntryKind(models.TextChoices):
    OPENING = "opening", _("Số dư chuyển sang khi bắt đầu dùng An Sinh")
    RECEIPT = "receipt", _("Tiếp nhận tiền")
    IN_KIND = "in_kind", _("Tiếp nhận hiện vật")
    ADVANCE = "advance", _("Tạm ứng, bổ sung nguồn")
    TRANSFER_IN = "transfer_in", _("Nhận điều chuyển")
    ALLOCATION = "allocation", _("Chi hỗ trợ")
    DISTRIBUTION = "distribution", _("Cấp phát hiện vật")
    TRANSFER_OUT = "transfer_out", _("Điều chuyển đi")
    REVERSAL = "reversal", _("Bút toán điều chỉnh (đảo)")


INFLOWS = frozenset({EntryKind.OPENING, EntryKind.RECEIPT, EntryKind.ADVANCE,
                     EntryKind.TRANSFER_IN})
OUTFLOWS = frozenset({EntryKind.ALLOCATION, EntryKind.TRANSFER_OUT})


class Purpose(models.TextChoices):
    NEW_HOUSE = "new_house", _("Xây mới nhà Đại đoàn kết")
    HOUSE_REPAIR = "house_repair", _("Sửa chữa nhà ở")
    PRODUCTION = "production", _("Hỗ trợ sản xuất, sinh kế")
    STUDY = "study", _("Hỗ trợ học tập")
    HEALTH = "health", _("Hỗ trợ khám, chữa bệnh")
    GIFTS = "gifts", _("Thăm hỏi, tặng quà (Tết, hộ khó khăn)")
    RELIEF = "relief", _("Cứu trợ đột xuất")
    OTHER_LOCALITY = "other_locality", _("Hỗ trợ địa phương khác")
    OTHER = "other", _("Khác")


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("Chờ phê duyệt")
    POSTED = "posted", _("Đã ghi sổ")
    REJECTED = "rejected", _("Không phê duyệt")


class Entry(models.Model):
    """One line of a fund's ledger. ``cash`` is the signed effect on the fund's money (0 for
    goods); ``amount`` the figure as written on the voucher (for goods, their value)."""

    fund = models.ForeignKey(Fund, models.PROTECT, related_name="entries")
    number = models.PositiveIntegerField(_("số thứ tự"))
    kind = models.CharField(_("loại"), max_length=16, choices=EntryKind.choices)
    status = models.CharField(_("tình trạng"), max_length=10, choices=EntryStatus.choices,
                              default=EntryStatus.POSTED)
    entry_date = models.DateField(_("ngày"))
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    cash = models.BigIntegerField(_("tác động đến số dư"), default=0)
    voucher = models.CharField(_("số chứng từ"), max_length=60, blank=True)
    donor = models.ForeignKey(Donor, models.PROTECT, null=True, blank=True, related_name="entries",
                              verbose_name=_("nhà tài trợ"))
    purpose = models.CharField(_("nội dung chi"), max_length=16, choices=Purpose.choices,
                               blank=True)
    household = models.ForeignKey("registry.Household", models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("hộ được hỗ trợ"))
    person = models.ForeignKey("registry.Person", models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("người được hỗ trợ"))
    to_unit = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, null=True,
                                blank=True, related_name="+", verbose_name=_("đơn vị nhận"))
    beneficiaries = models.PositiveIntegerField(_("số lượt được hỗ trợ"), default=0)
    decision = models.CharField(_("quyết định, văn bản"), max_length=200, blank=True)
    description = models.CharField(_("nội dung"), max_length=500)
    # A transfer's other half, in the fund that received it.
    counterpart = models.OneToOneField("self", models.PROTECT, null=True, blank=True,
                                       related_name="+")
    reverses = models.OneToOneField("self", models.PROTECT, null=True, blank=True,
                                    related_name="reversal",
                                    verbose_name=_("điều chỉnh cho bút toán"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("người lập"))
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                   blank=True, related_name="+",
                                   verbose_name=_("người phê duyệt"))
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection = models.CharField(_("lý do không duyệt"), max_length=300, blank=True)

    scope_unit_field = "fund__unit"

    class Meta:
        verbose_name = _("bút toán")
        verbose_name_plural = _("bút toán")
        ordering = ["fund_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "number"], name="funds_entry_number"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="funds_entry_amount"),
        ]
        indexes = [models.Index(fields=["fund", "status", "entry_date"])]

    def __str__(self) -> str:
        return f"{self.fund.name} — bút toán số {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("funds:entry_detail", kwargs={"pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status == EntryStatus.PENDING


class EntryItem(models.Model):
    """Goods received or handed out with an entry: quantity positive in, negative out."""

    entry = models.ForeignKey(Entry, models.PROTECT, related_name="items")
    name = models.CharField(_("tên hàng"), max_length=200)
    measure = models.CharField(_("đơn vị tính"), max_length=30)
    quantity = models.IntegerField(_("số lượng"))
    unit_value = models.BigIntegerField(_("đơn giá (đồng)"), default=0)

    class Meta:
        verbose_name = _("hàng hóa")
        verbose_name_plural = _("hàng hóa")

    def __str__(self) -> str:
        return f"{self.name} ({self.quantity} {self.measure})"
