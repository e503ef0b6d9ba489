"""What the public portal keeps: every own-benefit lookup (the log the rate limits count), the
feedback residents send with its tracking code and answer, and the satisfaction poll's votes.

Nothing here stores a CCCD or an address in the clear: a lookup and a vote keep a keyed hash of
the CCCD (enough to count repeats, useless to read back), and a client's address is hashed too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Lookup(models.Model):
    commune = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+")
    id_hash = models.CharField(max_length=64)
    client_hash = models.CharField(max_length=64)
    found = models.BooleanField(default=False)
    refused = models.BooleanField(default=False)  # over a rate limit: not looked up at all
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("lượt tra cứu")
        verbose_name_plural = _("lượt tra cứu")
        indexes = [models.Index(fields=["client_hash", "at"]),
                   models.Index(fields=["id_hash", "at"])]

    def __str__(self) -> str:
        return f"Tra cứu lúc {self.at:%d/%m/%Y %H:%M}"


class Topic(models.TextChoices):
    POSTING = "posting", _("Danh sách niêm yết, đối tượng được hưởng")
    PAYMENT = "payment", _("Việc chi trả")
    FUND = "fund", _("Thu, chi quỹ")
    SERVICE = "service", _("Thái độ, thủ tục tiếp công dân")
    OTHER = "other", _("Nội dung khác")


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ANSWERED = "answered", _("Đã trả lời")


class Feedback(models.Model):
    """A resident's feedback or complaint (phản ánh, kiến nghị), routed to the commune."""

    commune = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+",
                                verbose_name=_("xã, phường"))
    code = models.CharField(_("mã theo dõi"), max_length=12, unique=True)
    topic = models.CharField(_("nội dung về"), max_length=10, choices=Topic.choices)
    posting = models.ForeignKey("cases.Posting", models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("danh sách niêm yết"))
    content = models.TextField(_("nội dung phản ánh"))
    sender = models.CharField(_("người gửi"), max_length=120, blank=True)
    contact = models.CharField(_("số điện thoại hoặc địa chỉ liên hệ"), max_length=200,
                               blank=True)
    status = models.CharField(_("tình trạng"), max_length=10, choices=FeedbackStatus.choices,
                              default=FeedbackStatus.RECEIVED)
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    due_on = models.DateField(_("hạn trả lời"))
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    blank=True, related_name="+",
                                    verbose_name=_("người trả lời"))
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    client_hash = models.CharField(max_length=64, editable=False)

    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("phản ánh")
        verbose_name_plural = _("phản ánh")
        ordering = ["status", "due_on", "id"]
        indexes = [models.Index(fields=["commune", "status", "due_on"]),
                   models.Index(fields=["client_hash", "received_at"])]

    def __str__(self) -> str:
        return f"Phản ánh {self.code}"

    def get_absolute_url(self) -> str:
        return reverse("portal:feedback_detail", kwargs={"pk": self.pk})


class Rating(models.IntegerChoices):
    VERY_GOOD = 4, _("Rất hài lòng")
    GOOD = 3, _("Hài lòng")
    FAIR = 2, _("Bình thường")
    POOR = 1, _("Chưa hài lòng")


class Vote(models.Model):
    """One resident's rating of the commune's service ("Đánh giá thái độ tiếp công dân") in a
    period (a quarter): one per person, told apart by a keyed hash of their CCCD."""

    commune = models.ForeignKey("geo.AdministrativeUnit", models.PROTECT, related_name="+")
    period = models.CharField(_("kỳ đánh giá"), max_length=7)  # "2026-Q4"
    voter_hash = models.CharField(max_length=64)
    rating = models.PositiveSmallIntegerField(_("mức độ hài lòng"), choices=Rating.choices)
    comment = models.CharField(_("góp ý"), max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    client_hash = models.CharField(max_length=64, editable=False)

    scope_unit_field = "commune"

    class Meta:
        verbose_name = _("phiếu đánh giá")
        verbose_name_plural = _("phiếu đánh giá")
        constraints = [models.UniqueConstraint(fields=["commune", "period", "voter_hash"],
                                               name="portal_one_vote_per_period")]
        indexes = [models.Index(fields=["client_hash", "at"])]

    def __str__(self) -> str:
        return f"Phiếu đánh giá {self.period}"
