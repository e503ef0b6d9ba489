"""What a resident does on the public portal: look up their own benefits, send feedback and
follow it by its code, rate the commune's service; and the commune's answer to feedback.

The own-benefit lookup gives nothing away about who is registered: "not found" and "wrong
birth date" are one and the same answer, and both the client and the CCCD are rate-limited,
counted on the lookup log itself (every lookup is logged, refused ones too), so the limits hold
across every server process without a cache server.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role
from ansinh.cases.models import Benefit, BenefitStatus, Posting
from ansinh.core.audit import audit_record
from ansinh.core.calendar import add_working_days
from ansinh.core.errors import DomainError, NotFound, PermissionDenied
from ansinh.core.scoping import require_write, unit_in_scope
from ansinh.geo.models import AdministrativeUnit
from ansinh.payroll.models import Line
from ansinh.portal.models import Feedback, FeedbackStatus, Lookup, Topic, Vote
from ansinh.registry.identity import normalize_national_id
from ansinh.registry.models import Person, PersonStatus

# Limits of the own-benefit lookup, per hour: a client (an address) and a CCCD.
LOOKUPS_PER_CLIENT = 10
LOOKUPS_PER_ID = 5
FEEDBACK_PER_CLIENT = 5  # per hour
VOTES_PER_CLIENT = 20  # per day: a family, a shared computer at the commune's office
ANSWER_WORKING_DAYS = 10  # the commune's deadline to answer feedback
PAYMENTS_SHOWN = 6  # months of payments a lookup shows
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


def keyed_hash(value: str) -> str:
    """A keyed hash (HMAC-SHA256 with the site's secret): counts repeats, cannot be reversed
    by hashing every possible CCCD without the key."""
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def client_key(request: Any) -> str:
    """The client's address as the login lockout sees it (behind proxies too), hashed."""
    from axes.helpers import get_client_ip_address

    return keyed_hash(f"client:{get_client_ip_address(request) or ''}")


# --- own-benefit lookup --------------------------------------------------------------------

@dataclass(frozen=True)
class PaymentLine:
    month: date
    amount: int
    status: str
    paid_on: date | None


@dataclass(frozen=True)
class BenefitLine:
    policy: str
    group: str  # the policy's name for a group that reveals HIV status
    monthly_amount: int
    start_month: date
    status: str


@dataclass
class LookupAnswer:
    """What the resident sees: ``found`` False is the one answer for every miss."""

    found: bool
    limited: bool = False
    full_name: str = ""
    benefits: list[BenefitLine] = field(default_factory=list)
    payments: list[PaymentLine] = field(default_factory=list)


def _over_limit(*, client: str, id_hash: str) -> bool:
    since = timezone.now() - timedelta(hours=1)
    recent = Lookup.objects.filter(at__gte=since)
    return (recent.filter(client_hash=client).count() >= LOOKUPS_PER_CLIENT
            or recent.filter(id_hash=id_hash).count() >= LOOKUPS_PER_ID)


def benefit_lookup(*, commune: AdministrativeUnit, national_id: str, birth_date: date | None,
                   client: str) -> LookupAnswer:
    nid = normalize_national_id(national_id) or national_id.strip()
    id_hash = keyed_hash(f"id:{nid}")
    with transaction.atomic():
        if _over_limit(client=client, id_hash=id_hash):
            Lookup.objects.create(commune=commune, id_hash=id_hash, client_hash=client,
                                  refused=True)
            return LookupAnswer(found=False, limited=True)
        person = None
        if birth_date is not None and len(nid) == 12 and nid.isdigit():
            person = (Person.objects.filter(commune=commune, national_id=nid,
                                            birth_date=birth_date, birth_precision="day")
                      .exclude(status=PersonStatus.MERGED).first())
        Lookup.objects.create(commune=commune, id_hash=id_hash, client_hash=client,
                              found=person is not None)
    if person is None:
        return LookupAnswer(found=False)
    return _answer(person)


def _answer(person: Person) -> LookupAnswer:
    benefits = (Benefit.objects.filter(person=person)
                .exclude(status=BenefitStatus.STOPPED, end_month__lt=_months_ago(12))
                .select_related("policy", "category").order_by("-start_month"))
    # Through the benefits: a payment line's person has no index of its own (``Line``).
    lines = (Line.objects.filter(benefit__person=person,
                                 cycle__month__gte=_months_ago(PAYMENTS_SHOWN))
             .exclude(cycle__status="draft").select_related("cycle").order_by("-for_month"))
    return LookupAnswer(
        found=True, full_name=person.full_name,
        benefits=[BenefitLine(b.policy.name, b.policy.name if b.category.restricted
                              else b.category.name, b.monthly_amount, b.start_month,
                              b.get_status_display()) for b in benefits],
        payments=[PaymentLine(line.for_month, line.amount, line.get_status_display(),
                              line.paid_on) for line in lines])


def _months_ago(months: int) -> date:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


# --- feedback --------------------------------------------------------------------------------

@dataclass(frozen=True)
class FeedbackInput:
    topic: str
    content: str
    sender: str = ""
    contact: str = ""
    posting: Posting | None = None


def _new_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


def feedback_submit(*, commune: AdministrativeUnit, data: FeedbackInput,
                    client: str) -> Feedback:
    """A resident's feedback: routed to the commune with a deadline; the code lets them follow
    it without an account."""
    if data.topic not in Topic.values:
        raise DomainError(_("Hãy chọn nội dung phản ánh về việc gì."), field="topic")
    content = data.content.strip()
    if len(content) < 10:
        raise DomainError(_("Hãy ghi rõ nội dung phản ánh (ít nhất 10 ký tự)."), field="content")
    if data.posting is not None and data.posting.commune_id != commune.pk:
        raise NotFound(_("Không tìm thấy danh sách niêm yết."))
    since = timezone.now() - timedelta(hours=1)
    if Feedback.objects.filter(client_hash=client, received_at__gte=since).count() \
            >= FEEDBACK_PER_CLIENT:
        raise DomainError(_("Bạn đã gửi nhiều phản ánh trong một giờ qua; xin gửi lại sau."))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                feedback = Feedback.objects.create(
                    commune=commune, code=_new_code(), topic=data.topic, posting=data.posting,
                    content=content[:5000], sender=data.sender.strip()[:120],
                    contact=data.contact.strip()[:200], client_hash=client,
                    due_on=add_working_days(timezone.localdate(), ANSWER_WORKING_DAYS))
                audit_record(actor=None, action="portal.feedback.receive", obj=feedback,
                             unit=commune, changes={"topic": data.topic,
                                                    "due_on": feedback.due_on})
            return feedback
        except IntegrityError:  # the code was taken: draw another
            continue
    raise DomainError(_("Chưa gửi được phản ánh; xin thử lại."))


def feedback_by_code(code: str) -> Feedback | None:
    return Feedback.objects.select_related("commune").filter(
        code=code.strip().upper().replace(" ", "")).first()


ANSWERING_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER})


def feedback_answer(*, actor: Any, feedback: Feedback, answer: str) -> Feedback:
    """The commune's answer, shown to the sender by the feedback's code."""
    assignment = require_write(actor)
    if not unit_in_scope(actor, feedback.commune):
        raise NotFound(_("Không tìm thấy phản ánh."))
    if assignment.role not in ANSWERING_ROLES:
        raise PermissionDenied(_("Phản ánh do cán bộ, lãnh đạo UBND cấp xã trả lời."))
    text = answer.strip()
    if len(text) < 10:
        raise DomainError(_("Hãy ghi nội dung trả lời."), field="answer")
    with transaction.atomic():
        feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
        before = feedback.answer
        feedback.answer, feedback.status = text, FeedbackStatus.ANSWERED
        feedback.answered_by, feedback.answered_at = actor, timezone.now()
        feedback.save(update_fields=["answer", "status", "answered_by", "answered_at"])
        audit_record(actor=actor, action="portal.feedback.answer", obj=feedback,
                     unit=feedback.commune, changes={"answer": [before, text]})
    return feedback


def feedback_overdue_q(today: date | None = None) -> Q:
    return Q(status=FeedbackStatus.RECEIVED, due_on__lt=today or timezone.localdate())


# --- satisfaction poll -----------------------------------------------------------------------

def period_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def vote_cast(*, commune: AdministrativeUnit, national_id: str, rating: int, comment: str,
              client: str) -> Vote:
    """One rating per person per quarter, told apart by their CCCD (kept only as a hash)."""
    nid = normalize_national_id(national_id) or ""
    if len(nid) != 12 or not nid.isdigit():
        raise DomainError(_("Số CCCD gồm 12 chữ số."), field="national_id")
    if rating not in (1, 2, 3, 4):
        raise DomainError(_("Hãy chọn mức độ hài lòng."), field="rating")
    since = timezone.now() - timedelta(days=1)
    if Vote.objects.filter(client_hash=client, at__gte=since).count() >= VOTES_PER_CLIENT:
        raise DomainError(_("Đã có nhiều phiếu gửi từ máy này trong hôm nay; xin gửi lại sau."))
    period = period_of(timezone.localdate())
    try:
        with transaction.atomic():
            return Vote.objects.create(commune=commune, period=period,
                                       voter_hash=keyed_hash(f"vote:{nid}"), rating=rating,
                                       comment=comment.strip()[:500], client_hash=client)
    except IntegrityError as exc:
        raise DomainError(_("Mỗi người chỉ đánh giá một lần trong một quý; bạn đã đánh giá "
                            "trong quý này."), field="national_id") from exc
