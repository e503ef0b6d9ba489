"""Payment cycles and their lines.

A cycle is one month of one policy in one commune (or one approved one-off programme). Its
lines are generated set-based (see ``generation``) and snapshot who is paid, where and on what
basis, so later registry edits do not change a prepared payroll. Money owed for a month is what
is due minus what other cycles already planned or paid for it: a regular line for the cycle's
month, arrears (truy lĩnh) for earlier months owed, recoveries (thu hồi) for months paid that
were not due.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    CASH = "cash", _("Tiền mặt tại xã")
    PROVIDER = "provider", _("Tổ chức dịch vụ chi trả")
    BANK = "bank", _("Tài khoản ngân hàng")


class PaymentAccount(models.Model):
    """How a person is paid: the channel, and the account for bank transfers."""

    person = models.OneToOneField("registry.Person", models.CASCADE,
                                  related_name="payment_account", verbose_name=_("đối tượng"))
    channel = models.CharField(_("hình thức chi trả"), max_length=10, choices=Channel.choices,
                               default=Channel.CASH)
    bank_name = models.CharField(_("ngân hàng"), max_length=120, blank=True)
    account_number = models.CharField(_("số tài khoản"), max_length=30, blank=True)
    account_holder = models.CharField(_("chủ tài khoản"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hình thức chi trả")

    def __str__(self) -> str:
        return f"{self.person_id}: {self.get_channel_display()}"


class Cycle(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        APPROVED = "approved", _("Đã duyệt")
        CLOSED = "closed", _("Đã quyết toán")

    commune = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                                verbose_name=_("xã, phường"))
    policy = models.ForeignKey("policies.Policy", models.PROTECT, related_name="+",
                               verbose_name=_("chính sách"))
    month = models.DateField(_("tháng chi trả"))
    programme = models.ForeignKey("cases.Programme", models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("đợt hỗ trợ một lần"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    lines_count = models.PositiveIntegerField(_("số dòng"), default=0)
    persons = models.PositiveIntegerField(_("số người"), default=0)
    total = models.BigIntegerField(_("tổng số tiền"), default=0)
    # What the lines marked paid add up to (recoveries collected count negative), kept by the
    # services that mark lines paid so dashboards sum cycles, not millions of lines.
    paid_total = models.BigIntegerField(_("số tiền đã chi"), default=0)
    generated_at = models.DateTimeField(_("lập lúc"), null=True, blank=True)
    # The first month of the window its last generation looked at (``generation.Window.first``):
    # the months from it to ``month`` were settled then, which spares the next month looking at
    # them all again (``generation.window_for``). None for a programme's cycle, and for a cycle
    # last generated before it was kept (such a cycle settled its own month only).
    window_first = models.DateField(null=True, blank=True, editable=False)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                     blank=True, related_name="+", verbose_name=_("người lập"))
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("người duyệt"))
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("kỳ chi trả")
        verbose_name_plural = _("kỳ chi trả")
        ordering = ["-month", "commune_id", "policy_id"]
        constraints = [
            # Two generations started at once cannot make two cycles of the same month.
            models.UniqueConstraint(fields=["commune", "policy", "month"],
                                    condition=Q(programme__isnull=True),
                                    name="payroll_cycle_one_per_month"),
            models.UniqueConstraint(fields=["programme"], condition=Q(programme__isnull=False),
                                    name="payroll_cycle_one_per_programme"),
        ]

    def __str__(self) -> str:
        # The label the audit log keeps: in Vietnamese, as the records are.
        if self.programme is not None:
            return self.programme.title
        return f"{self.policy.name}, tháng {self.month:%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("payroll:cycle_detail", kwargs={"pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class LineKind(models.TextChoices):
    REGULAR = "regular", _("Trợ cấp tháng")
    ARREAR = "arrear", _("Truy lĩnh")
    RECOVERY = "recovery", _("Thu hồi")
    ONE_OFF = "one_off", _("Hỗ trợ một lần")


class LineStatus(models.TextChoices):
    PLANNED = "planned", _("Chưa chi")
    PAID = "paid", _("Đã chi")
    RETURNED = "returned", _("Không chi được")


class Receiver(models.TextChoices):
    BENEFICIARY = "beneficiary", _("Đối tượng nhận")
    AUTHORISED = "authorised", _("Người được ủy quyền nhận")


class Line(models.Model):
    """What one person is owed for one month in a cycle, with the snapshot printed and paid."""

    # Indexes are few on purpose: a month writes a line per beneficiary. The unique
    # constraint serves look-ups by cycle, the (benefit, month) index those by benefit, and
    # through the benefit those by person: a line's person is always its benefit's (the
    # generation copies it, a merge moves both), so the person column has no index of its own.
    #
    # No reference is a foreign key in the database. PostgreSQL checks a foreign key row by
    # row, locking the row referenced: with benefit, person and arrear checked, a first
    # generation of a province's million lines took 34 s instead of 23 s, and the cycle's
    # check alone was 3 s of a bare 15 s statement. The references hold without the checks:
    # the generation statement sets them from the very rows it joins, a merge of two persons
    # moves them to the surviving one, a cycle is deleted only through Django, which deletes
    # its lines first, and benefits, persons and arrears are never deleted (PROTECT still
    # holds in Django; nothing deletes them in SQL).
    cycle = models.ForeignKey(Cycle, models.CASCADE, related_name="lines", db_index=False,
                              db_constraint=False)
    kind = models.CharField(_("loại"), max_length=10, choices=LineKind.choices)
    benefit = models.ForeignKey("cases.Benefit", models.PROTECT, related_name="+",
                                db_index=False, db_constraint=False)
    person = models.ForeignKey("registry.Person", models.PROTECT, related_name="+",
                               db_index=False, db_constraint=False)
    # Tells a merge of two persons (``integrity.merge``) to find the lines through the benefits.
    PERSON_THROUGH_BENEFIT = True
    # An arrear recorded by ``cases.arrears`` for months before An Sinh's first payroll.
    arrear = models.ForeignKey("cases.Arrear", models.PROTECT, null=True, blank=True,
                               related_name="+", db_index=False, db_constraint=False)
    for_month = models.DateField(_("tiền của tháng"))
    amount = models.BigIntegerField(_("số tiền"))  # negative for a recovery
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    # The amount basis: hundredths × multiplier × base (0 for one-off amounts).
    hundredths = models.PositiveIntegerField(_("hệ số (phần trăm)"), default=100)
    multiplier = models.PositiveSmallIntegerField(_("số người được tính"), default=1)
    base = models.BigIntegerField(_("mức chuẩn"), default=0)
    # Snapshot at generation.
    full_name = models.CharField(_("họ và tên"), max_length=200)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    group_name = models.CharField(_("tổ, thôn"), max_length=120, blank=True)
    category_code = models.CharField(_("mã nhóm"), max_length=20)
    # A restricted group (K3, K8) is printed under its policy's name.
    category_label = models.CharField(_("đối tượng"), max_length=300)
    restricted = models.BooleanField(default=False)
    channel = models.CharField(_("hình thức chi trả"), max_length=10, choices=Channel.choices,
                               default=Channel.CASH)
    account_number = models.CharField(_("số tài khoản"), max_length=30, blank=True)
    # Payment.
    status = models.CharField(_("tình trạng"), max_length=10, choices=LineStatus.choices,
                              default=LineStatus.PLANNED)
    paid_on = models.DateField(_("ngày chi"), null=True, blank=True)
    receiver = models.CharField(_("người nhận"), max_length=12, choices=Receiver.choices,
                                blank=True)
    receiver_name = models.CharField(_("tên người nhận thay"), max_length=200, blank=True)
    return_reason = models.CharField(_("lý do không chi được"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("dòng chi trả")
        ordering = ["cycle_id", "group_name", "full_name", "id"]
        indexes = [
            models.Index(fields=["benefit", "for_month"]),
            models.Index(fields=["arrear"], condition=Q(arrear__isnull=False),
                         name="payroll_line_arrear"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "benefit", "for_month"],
                                    name="payroll_line_once_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}: {self.amount}"
