"""Dossiers (hồ sơ) from application to decision, public postings, decisions, and the benefits
they create or change; one-off programmes and the arrears owed when a parameter changes late.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CaseKind(models.TextChoices):
    NEW_BENEFIT = "new_benefit", _("Đề nghị hưởng mới")
    ADJUST = "adjust", _("Điều chỉnh mức hưởng")
    SUSPEND = "suspend", _("Tạm dừng hưởng")
    RESUME = "resume", _("Hưởng lại")
    STOP = "stop", _("Thôi hưởng")
    MOVE_OUT = "move_out", _("Chuyển nơi hưởng sang xã khác")
    ONE_OFF = "one_off", _("Hỗ trợ một lần")
    FUNERAL = "funeral", _("Hỗ trợ chi phí mai táng")


# Dossiers that change a running benefit; those paid monthly or once; those whose amount the
# eligibility engine gives for the category asked for.
CHANGE_KINDS = frozenset({CaseKind.ADJUST, CaseKind.SUSPEND, CaseKind.RESUME, CaseKind.STOP,
                          CaseKind.MOVE_OUT})
MONTHLY_KINDS = frozenset({CaseKind.NEW_BENEFIT, CaseKind.ADJUST})
ONE_OFF_KINDS = frozenset({CaseKind.ONE_OFF, CaseKind.FUNERAL})
ENTITLEMENT_KINDS = MONTHLY_KINDS | ONE_OFF_KINDS


class Decision(models.Model):
    """A signed decision of the commune (or, before 7/2025, the district) chair."""

    commune = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                                verbose_name=_("xã, phường"))
    number = models.CharField(_("số quyết định"), max_length=40)
    signed_on = models.DateField(_("ngày ký"))
    signer_name = models.CharField(_("người ký"), max_length=120)
    signer_title = models.CharField(_("chức vụ"), max_length=120, default="CHỦ TỊCH")
    summary = models.CharField(_("trích yếu"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = _("quyết định")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "number"], name="cases_decision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ngày {self.signed_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("cases:decision_detail", kwargs={"pk": self.pk})


class Programme(models.Model):
    """A one-off support programme (Resolution 42/NQ-CP, say) for the persons of a commune."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang lập danh sách")
        SUBMITTED = "submitted", _("Đã trình, đang xét")
        DECIDED = "decided", _("Đã quyết định")

    commune = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                                verbose_name=_("xã, phường"))
    policy = models.ForeignKey("policies.Policy", models.PROTECT, related_name="+",
                               verbose_name=_("chính sách"))
    title = models.CharField(_("tên đợt hỗ trợ"), max_length=200)
    reference_date = models.DateField(_("ngày chốt danh sách"))
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices,
                              default=Status.DRAFT)
    persons = models.PositiveIntegerField(_("số người"), default=0)
    households = models.PositiveIntegerField(_("số hộ"), default=0)
    total = models.BigIntegerField(_("tổng tiền"), default=0)
    excluded = models.PositiveIntegerField(_("số trường hợp loại"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("đợt hỗ trợ một lần")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cases:programme_detail", kwargs={"pk": self.pk})


class ProgrammeLine(models.Model):
    """One person of a programme's list, or one excluded with the reason."""

    programme = models.ForeignKey(Programme, models.CASCADE, related_name="lines")
    person = models.ForeignKey("registry.Person", models.PROTECT, related_name="+")
    household = models.ForeignKey("registry.Household", models.PROTECT, related_name="+")
    category = models.ForeignKey("policies.Category", models.PROTECT, related_name="+")
    amount = models.BigIntegerField(_("số tiền"), default=0)
    excluded = models.BooleanField(_("loại khỏi danh sách"), default=False)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    explanation = models.CharField(_("căn cứ"), max_length=500, blank=True)
    # Snapshot for the printed list: later registry edits do not change a posted list.
    full_name = models.CharField(_("họ và tên"), max_length=200)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("dòng danh sách hỗ trợ")
        ordering = ["programme_id", "excluded", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "person", "category"],
                                    name="cases_programme_line"),
        ]

    def __str__(self) -> str:
        return self.full_name


class Case(models.Model):
    commune = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                                verbose_name=_("xã, phường"))
    reference = models.CharField(_("số hồ sơ"), max_length=24)
    kind = models.CharField(_("loại hồ sơ"), max_length=16, choices=CaseKind.choices)
    person = models.ForeignKey("registry.Person", models.PROTECT, null=True, blank=True,
                               related_name="cases", verbose_name=_("đối tượng"))
    policy = models.ForeignKey("policies.Policy", models.PROTECT, related_name="+",
                               verbose_name=_("chính sách"))
    category = models.ForeignKey("policies.Category", models.PROTECT, null=True, blank=True,
                                 related_name="+", verbose_name=_("nhóm đối tượng"))
    benefit = models.ForeignKey("Benefit", models.PROTECT, null=True, blank=True,
                                related_name="cases", verbose_name=_("chế độ đang hưởng"))
    programme = models.OneToOneField(Programme, models.PROTECT, null=True, blank=True,
                                     related_name="case")
    received_on = models.DateField(_("ngày nhận hồ sơ"))
    effective_on = models.DateField(_("ngày hiệu lực đề nghị"), null=True, blank=True)
    procedure = models.CharField(_("quy trình"), max_length=16)
    step = models.CharField(_("bước"), max_length=16)
    step_due_on = models.DateField(_("hạn bước hiện tại"), null=True, blank=True)
    due_on = models.DateField(_("hạn giải quyết"))
    amount = models.BigIntegerField(_("số tiền"), default=0)
    explanation = models.CharField(_("căn cứ"), max_length=500, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("người lập"))
    decision = models.ForeignKey(Decision, models.PROTECT, null=True, blank=True,
                                 related_name="cases")
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "reference"], name="cases_reference"),
        ]
        indexes = [models.Index(fields=["commune", "closed_at", "due_on"])]

    def __str__(self) -> str:
        return f"{self.reference} — {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class CaseStep(models.Model):
    """One step taken on a dossier: who, when, and what they wrote."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="steps")
    step = models.CharField(_("bước"), max_length=16)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    comment = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        ordering = ["case_id", "at", "id"]

    def __str__(self) -> str:
        return self.step


class CaseDocument(models.Model):
    """One item of the checklist of required documents, with its attachment."""

    case = models.ForeignKey(Case, models.CASCADE, related_name="documents")
    name = models.CharField(_("giấy tờ"), max_length=300)
    received = models.BooleanField(_("đã nhận"), default=False)
    file = models.FileField(_("tệp đính kèm"), upload_to="cases/%Y/%m/", blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+")

    class Meta:
        ordering = ["case_id", "id"]

    def __str__(self) -> str:
        return self.name


class Posting(models.Model):
    """A public posting (niêm yết) of a commune's proposed list, for a window of working days."""

    commune = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                                verbose_name=_("xã, phường"))
    title = models.CharField(_("tiêu đề"), max_length=200)
    opens_on = models.DateField(_("niêm yết từ ngày"))
    closes_on = models.DateField(_("đến hết ngày"))
    place = models.CharField(_("nơi niêm yết"), max_length=200,
                             default="Trụ sở UBND và nhà văn hóa các thôn, tổ dân phố")
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("niêm yết công khai")
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cases:posting_detail", kwargs={"pk": self.pk})


class PostingEntry(models.Model):
    """A line of a posted list, as posted: never the HIV status, never a restricted group."""

    posting = models.ForeignKey(Posting, models.CASCADE, related_name="entries")
    case = models.ForeignKey(Case, models.PROTECT, related_name="postings")
    # For a programme's case, one entry per person of its list.
    programme_line = models.ForeignKey(ProgrammeLine, models.PROTECT, null=True, blank=True,
                                       related_name="+")
    full_name = models.CharField(_("họ và tên"), max_length=200)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    group_label = models.CharField(_("diện hưởng"), max_length=300)
    amount = models.BigIntegerField(_("mức hưởng"), default=0)

    class Meta:
        ordering = ["posting_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["posting", "case", "programme_line"],
                                    name="cases_posting_entry"),
        ]

    def __str__(self) -> str:
        return self.full_name


class PostingFeedback(models.Model):
    """A comment or complaint received against a posting, and the answer given."""

    posting = models.ForeignKey(Posting, models.CASCADE, related_name="feedback")
    entry = models.ForeignKey(PostingEntry, models.SET_NULL, null=True, blank=True,
                              related_name="feedback")
    received_on = models.DateField(_("ngày nhận"))
    sender = models.CharField(_("người phản ánh"), max_length=200, blank=True)
    content = models.TextField(_("nội dung"))
    answer_due_on = models.DateField(_("hạn trả lời"))
    answer = models.TextField(_("trả lời"), blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["posting_id", "received_on", "id"]

    def __str__(self) -> str:
        return self.content[:60]


class BenefitStatus(models.TextChoices):
    ACTIVE = "active", _("Đang hưởng")
    SUSPENDED = "suspended", _("Tạm dừng")
    STOPPED = "stopped", _("Thôi hưởng")


class Benefit(models.Model):
    """A running (or one-off) entitlement created by a decision.

    The amount basis is kept (coefficient, multiplier, base parameters), not only the amount:
    the monthly amount follows the base level in force each month, and a payroll recomputes it.
    """

    person = models.ForeignKey("registry.Person", models.PROTECT, related_name="benefits",
                               verbose_name=_("đối tượng"))
    commune = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                                verbose_name=_("xã, phường"))
    policy = models.ForeignKey("policies.Policy", models.PROTECT, related_name="+",
                               verbose_name=_("chính sách"))
    category = models.ForeignKey("policies.Category", models.PROTECT, related_name="+",
                                 verbose_name=_("nhóm đối tượng"))
    hundredths = models.PositiveIntegerField(_("hệ số (phần trăm)"))
    multiplier = models.PositiveSmallIntegerField(_("số người được tính"), default=1)
    base_parameters = models.CharField(_("tham số mức chuẩn"), max_length=100)
    monthly_amount = models.BigIntegerField(_("mức hưởng khi quyết định"))
    one_off = models.BooleanField(_("chi một lần"), default=False)
    start_month = models.DateField(_("hưởng từ tháng"))
    end_month = models.DateField(_("đến hết tháng"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=BenefitStatus.choices,
                              default=BenefitStatus.ACTIVE)
    status_from = models.DateField(_("trạng thái từ tháng"), null=True, blank=True)
    decision = models.ForeignKey(Decision, models.PROTECT, related_name="benefits")
    programme = models.ForeignKey(Programme, models.PROTECT, null=True, blank=True,
                                  related_name="benefits")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("chế độ đang hưởng")
        verbose_name_plural = _("chế độ")
        ordering = ["commune_id", "person_id", "-start_month"]
        indexes = [
            models.Index(fields=["commune", "status"]),
            models.Index(fields=["person", "status"]),
            # A payroll reads one commune's benefits of one policy: with this index the
            # planner never walks every benefit of the policy (a million in a province) to
            # find a commune's few thousand, even before statistics are gathered.
            models.Index(fields=["commune", "policy"], name="cases_benefit_payroll"),
        ]
        constraints = [
            # One running monthly benefit per person and policy: two decisions cannot both pay.
            models.UniqueConstraint(fields=["person", "policy"],
                                    condition=Q(one_off=False) & ~Q(status="stopped"),
                                    name="cases_benefit_one_running"),
        ]

    def __str__(self) -> str:
        return f"{self.category.code} · {self.person_id}"


class Arrear(models.Model):
    """Money owed on a benefit for past months (truy lĩnh), paid by the next payroll."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ chi")
        PAID = "paid", _("Đã chi")

    benefit = models.ForeignKey(Benefit, models.PROTECT, related_name="arrears")
    from_month = models.DateField(_("từ tháng"))
    to_month = models.DateField(_("đến tháng"))
    amount = models.BigIntegerField(_("số tiền"))
    reason = models.CharField(_("lý do"), max_length=300)
    parameter_version = models.ForeignKey("policies.ParameterVersion", models.PROTECT, null=True,
                                          blank=True, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=8, choices=Status.choices,
                              default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("truy lĩnh")
        ordering = ["benefit_id", "from_month"]
        constraints = [
            # Confirming a parameter twice cannot owe the same months twice.
            models.UniqueConstraint(fields=["benefit", "parameter_version"],
                                    condition=Q(parameter_version__isnull=False),
                                    name="cases_arrear_once_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.benefit_id}: {self.amount}"
