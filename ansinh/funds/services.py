"""Writing to a fund's ledger: every change one transaction with one audit event, under a lock
on the fund so that two allocations made at once cannot both spend the same money.

Rules that hold for every entry:

- the ledger is append-only: a correction is a reversing entry naming the one it corrects;
- a fund's money never goes below zero, and no goods are handed out that are not in stock; a
  shortfall is covered by an explicit advance or a transfer, never a silent negative balance;
- an allocation above the fund's threshold waits for a second person's approval (a commune
  leader for a commune's fund, another province officer for a province's), never the maker's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role
from ansinh.core.audit import audit_record
from ansinh.core.errors import DomainError, NotFound, PermissionDenied
from ansinh.core.scoping import require_write, unit_in_scope
from ansinh.core.text import format_money
from ansinh.funds.models import (
    INFLOWS,
    Donor,
    DonorKind,
    Entry,
    EntryItem,
    EntryKind,
    EntryStatus,
    Fund,
    FundKind,
    Purpose,
)
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.registry.models import Household, Person


def require_fund_writer(actor: Any, unit: AdministrativeUnit) -> None:
    """Officers (and leaders) of the unit, or province officers above it, write its funds."""
    assignment = require_write(actor)
    if not unit_in_scope(actor, unit):
        raise NotFound(_("Không tìm thấy đơn vị."))
    if assignment.role == Role.SUPERVISOR:
        raise PermissionDenied(_("Thành viên đoàn giám sát chỉ được xem quỹ."))


def _today_or_before(day: date, field_name: str = "entry_date") -> None:
    if day > timezone.localdate():
        raise DomainError(_("Ngày ghi sổ không được ở tương lai."), field=field_name)


def _positive(amount: int, field_name: str = "amount") -> None:
    if amount <= 0:
        raise DomainError(_("Số tiền phải lớn hơn 0 đồng."), field=field_name)


def _locked(fund: Fund) -> Fund:
    locked = Fund.objects.select_for_update().select_related("unit").get(pk=fund.pk)
    if not locked.is_active:
        raise DomainError(_("Quỹ “%(f)s” đã ngừng hoạt động.") % {"f": fund.name})
    return locked


def balance(fund: Fund, *, until: date | None = None) -> int:
    """The fund's money: its posted entries (up to ``until``, inclusive)."""
    entries = Entry.objects.filter(fund=fund, status=EntryStatus.POSTED)
    if until is not None:
        entries = entries.filter(entry_date__lte=until)
    return int(entries.aggregate(total=Sum("cash"))["total"] or 0)


def stock(fund: Fund) -> dict[tuple[str, str], int]:
    """Goods in hand: (name, measure) → quantity received less handed out."""
    rows = (EntryItem.objects.filter(entry__fund=fund, entry__status=EntryStatus.POSTED)
            .values("name", "measure").annotate(quantity=Sum("quantity")).order_by("name"))
    return {(r["name"], r["measure"]): int(r["quantity"]) for r in rows}


def _next_number(fund: Fund) -> int:
    # The fund row is locked by the caller: two entries cannot take one number.
    return int(Entry.objects.filter(fund=fund).aggregate(n=Max("number"))["n"] or 0) + 1


def _write(actor: Any, fund: Fund, action: str, entry: Entry,
           items: Sequence[EntryItem] = ()) -> Entry:
    entry.fund, entry.number, entry.created_by = fund, _next_number(fund), actor
    entry.save()
    for item in items:
        item.entry = entry
    EntryItem.objects.bulk_create(items)
    audit_record(actor=actor, action=action, obj=entry, unit=fund.unit, changes={
        "kind": entry.kind, "amount": entry.amount, "cash": entry.cash, "date": entry.entry_date,
        "status": entry.status, "description": entry.description})
    return entry


def _require_money(fund: Fund, amount: int) -> None:
    available = balance(fund)
    if amount > available:
        raise DomainError(
            _("Quỹ “%(f)s” chỉ còn %(b)s, không đủ để chi %(a)s. Hãy bổ sung nguồn (tạm ứng, "
              "điều chuyển) trước khi chi.")
            % {"f": fund.name, "b": format_money(available), "a": format_money(amount)},
            field="amount")


# --- funds and donors ----------------------------------------------------------------------

def fund_create(*, actor: Any, unit: AdministrativeUnit, kind: str, name: str,
                regulation: str = "", approval_threshold: int = 50_000_000) -> Fund:
    require_fund_writer(actor, unit)
    if unit.level not in (UnitLevel.PROVINCE, UnitLevel.COMMUNE) or unit.is_legacy:
        raise DomainError(_("Quỹ thuộc một tỉnh hoặc một xã, phường hiện hành."), field="unit")
    if kind not in FundKind.values:
        raise DomainError(_("Loại quỹ không hợp lệ."), field="kind")
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("Hãy ghi tên quỹ."), field="name")
    if approval_threshold < 0:
        raise DomainError(_("Mức chi cần phê duyệt không được âm."), field="approval_threshold")
    if Fund.objects.filter(unit=unit, name=name).exists():
        raise DomainError(_("Đơn vị đã có quỹ tên “%(n)s”.") % {"n": name}, field="name")
    with transaction.atomic():
        fund = Fund.objects.create(unit=unit, kind=kind, name=name, regulation=regulation.strip(),
                                   approval_threshold=approval_threshold, created_by=actor)
        audit_record(actor=actor, action="funds.fund.create", obj=fund, unit=unit,
                     changes={"kind": kind, "name": name,
                              "approval_threshold": approval_threshold})
    return fund


def donor_create(*, actor: Any, unit: AdministrativeUnit, kind: str, name: str = "",
                 address: str = "", phone: str = "") -> Donor:
    require_fund_writer(actor, unit)
    if kind not in DonorKind.values:
        raise DomainError(_("Loại nhà tài trợ không hợp lệ."), field="kind")
    name = " ".join(name.split())
    if kind == DonorKind.ANONYMOUS:
        name = name or str(DonorKind.ANONYMOUS.label)
    elif not name:
        raise DomainError(_("Hãy ghi tên cơ quan, tổ chức hoặc cá nhân ủng hộ."), field="name")
    with transaction.atomic():
        donor = Donor.objects.create(unit=unit, kind=kind, name=name, address=address.strip(),
                                     phone=phone.strip())
        audit_record(actor=actor, action="funds.donor.create", obj=donor, unit=unit,
                     changes={"kind": kind, "name": name})
    return donor


# --- money in ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Receipt:
    entry_date: date
    amount: int
    description: str
    donor: Donor | None = None
    voucher: str = ""
    decision: str = ""


def _money_in(actor: Any, fund: Fund, kind: str, receipt: Receipt, action: str) -> Entry:
    require_fund_writer(actor, fund.unit)
    _positive(receipt.amount)
    _today_or_before(receipt.entry_date)
    if not receipt.description.strip():
        raise DomainError(_("Hãy ghi nội dung."), field="description")
    if receipt.donor is not None and receipt.donor.unit_id != fund.unit_id and \
            not unit_in_scope(actor, receipt.donor.unit):
        raise NotFound(_("Không tìm thấy nhà tài trợ."))
    with transaction.atomic():
        locked = _locked(fund)
        if kind == EntryKind.OPENING and Entry.objects.filter(fund=locked).exists():
            raise DomainError(_("Số dư chuyển sang chỉ ghi một lần, trước mọi bút toán khác."))
        return _write(actor, locked, action, Entry(
            kind=kind, entry_date=receipt.entry_date, amount=receipt.amount,
            cash=receipt.amount, donor=receipt.donor, voucher=receipt.voucher.strip(),
            decision=receipt.decision.strip(), description=receipt.description.strip()))


def receipt_record(*, actor: Any, fund: Fund, receipt: Receipt) -> Entry:
    """Money received from a donor (or collected, "vận động")."""
    return _money_in(actor, fund, EntryKind.RECEIPT, receipt, "funds.entry.receipt")


def opening_record(*, actor: Any, fund: Fund, receipt: Receipt) -> Entry:
    """The balance brought over from the books kept before An Sinh (once, first)."""
    return _money_in(actor, fund, EntryKind.OPENING, receipt, "funds.entry.opening")


def advance_record(*, actor: Any, fund: Fund, receipt: Receipt) -> Entry:
    """An explicit advance or top-up from another source (the budget, a higher level's fund
    outside An Sinh) that covers a shortfall; its decision is named."""
    if not receipt.decision.strip():
        raise DomainError(_("Hãy ghi quyết định, văn bản cho phép tạm ứng, bổ sung nguồn."),
                          field="decision")
    return _money_in(actor, fund, EntryKind.ADVANCE, receipt, "funds.entry.advance")


@dataclass(frozen=True)
class Item:
    name: str
    measure: str
    quantity: int
    unit_value: int = 0


def _items(items: Sequence[Item], *, sign: int) -> list[EntryItem]:
    if not items:
        raise DomainError(_("Hãy ghi ít nhất một mặt hàng."), field="items")
    rows = []
    for number, item in enumerate(items, start=1):
        name, measure = " ".join(item.name.split()), " ".join(item.measure.split())
        if not name or not measure:
            raise DomainError(_("Mặt hàng thứ %(n)s: hãy ghi tên hàng và đơn vị tính.")
                              % {"n": number}, field="items")
        if item.quantity <= 0:
            raise DomainError(_("Mặt hàng thứ %(n)s (%(h)s): số lượng phải lớn hơn 0.")
                              % {"n": number, "h": name}, field="items")
        if item.unit_value < 0:
            raise DomainError(_("Mặt hàng thứ %(n)s (%(h)s): đơn giá không được âm.")
                              % {"n": number, "h": name}, field="items")
        rows.append(EntryItem(name=name, measure=measure, quantity=sign * item.quantity,
                              unit_value=item.unit_value))
    return rows


def in_kind_record(*, actor: Any, fund: Fund, entry_date: date, items: Sequence[Item],
                   description: str, donor: Donor | None = None, voucher: str = "") -> Entry:
    """Goods received (masks, sanitiser, rice…): valued for the statements, put in stock."""
    require_fund_writer(actor, fund.unit)
    _today_or_before(entry_date)
    rows = _items(items, sign=1)
    value = sum(r.quantity * r.unit_value for r in rows)
    with transaction.atomic():
        locked = _locked(fund)
        return _write(actor, locked, "funds.entry.in_kind", Entry(
            kind=EntryKind.IN_KIND, entry_date=entry_date, amount=value, cash=0, donor=donor,
            voucher=voucher.strip(), description=description.strip() or _("Tiếp nhận hiện vật")),
            rows)


# --- money out ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Allocation:
    entry_date: date
    amount: int
    purpose: str
    description: str
    decision: str
    household: Household | None = None
    person: Person | None = None
    to_unit: AdministrativeUnit | None = None
    beneficiaries: int = 1  # households, persons or units helped (797 households, say)
    voucher: str = ""
    items: list[Item] = field(default_factory=list)  # for goods handed out


def _check_recipient(actor: Any, fund: Fund, allocation: Allocation) -> None:
    if allocation.purpose not in Purpose.values:
        raise DomainError(_("Hãy chọn nội dung chi."), field="purpose")
    if not allocation.decision.strip():
        raise DomainError(_("Hãy ghi quyết định phê duyệt khoản chi (số, ngày)."),
                          field="decision")
    if allocation.beneficiaries < 1:
        raise DomainError(_("Số lượt được hỗ trợ phải từ 1 trở lên."), field="beneficiaries")
    for record in (allocation.household, allocation.person):
        if record is not None and not unit_in_scope(actor, record.commune):
            raise NotFound(_("Không tìm thấy hộ hoặc người được hỗ trợ."))
    if allocation.purpose == Purpose.OTHER_LOCALITY and allocation.to_unit is None:
        raise DomainError(_("Hãy chọn địa phương được hỗ trợ."), field="to_unit")


def allocation_record(*, actor: Any, fund: Fund, allocation: Allocation) -> Entry:
    """Spend from the fund; above the fund's threshold the allocation waits for approval (the
    money is checked again then)."""
    require_fund_writer(actor, fund.unit)
    _positive(allocation.amount)
    _today_or_before(allocation.entry_date)
    _check_recipient(actor, fund, allocation)
    with transaction.atomic():
        locked = _locked(fund)
        _require_money(locked, allocation.amount)
        pending = allocation.amount > locked.approval_threshold
        return _write(actor, locked, "funds.entry.allocation", Entry(
            kind=EntryKind.ALLOCATION,
            status=EntryStatus.PENDING if pending else EntryStatus.POSTED,
            entry_date=allocation.entry_date, amount=allocation.amount,
            cash=0 if pending else -allocation.amount, purpose=allocation.purpose,
            household=allocation.household, person=allocation.person,
            to_unit=allocation.to_unit, beneficiaries=allocation.beneficiaries,
            decision=allocation.decision.strip(), voucher=allocation.voucher.strip(),
            description=allocation.description.strip() or str(Purpose(allocation.purpose).label)))


def distribution_record(*, actor: Any, fund: Fund, allocation: Allocation) -> Entry:
    """Goods handed out from stock (never more than is in hand)."""
    require_fund_writer(actor, fund.unit)
    _today_or_before(allocation.entry_date)
    _check_recipient(actor, fund, allocation)
    rows = _items(allocation.items, sign=-1)
    with transaction.atomic():
        locked = _locked(fund)
        in_hand = stock(locked)
        for row in rows:
            have = in_hand.get((row.name, row.measure), 0)
            if -row.quantity > have:
                raise DomainError(
                    _("Trong kho chỉ còn %(c)s %(m)s %(h)s, không đủ để cấp %(q)s.")
                    % {"c": have, "m": row.measure, "h": row.name, "q": -row.quantity},
                    field="items")
        value = sum(-r.quantity * _unit_value(locked, r) for r in rows)
        for row in rows:
            row.unit_value = _unit_value(locked, row)
        return _write(actor, locked, "funds.entry.distribution", Entry(
            kind=EntryKind.DISTRIBUTION, entry_date=allocation.entry_date, amount=value, cash=0,
            purpose=allocation.purpose, household=allocation.household, person=allocation.person,
            to_unit=allocation.to_unit, beneficiaries=allocation.beneficiaries,
            decision=allocation.decision.strip(), voucher=allocation.voucher.strip(),
            description=allocation.description.strip() or _("Cấp phát hiện vật")), rows)


def _unit_value(fund: Fund, row: EntryItem) -> int:
    """What goods handed out are worth: the average value they were received at."""
    received = EntryItem.objects.filter(entry__fund=fund, entry__status=EntryStatus.POSTED,
                                        name=row.name, measure=row.measure, quantity__gt=0)
    totals = received.aggregate(q=Sum("quantity"), v=Sum(F("quantity") * F("unit_value")))
    quantity, value = int(totals["q"] or 0), int(totals["v"] or 0)
    return round(value / quantity) if quantity else 0


def approver_role(fund: Fund) -> str:
    """Who approves a fund's allocations above its threshold (never their maker)."""
    return Role.COMMUNE_LEADER if fund.unit.level == UnitLevel.COMMUNE else Role.PROVINCE_OFFICER


def allocation_approve(*, actor: Any, entry: Entry) -> Entry:
    """The second person approves an allocation above the threshold: it is posted, if the money
    is still there."""
    assignment = require_write(actor)
    fund = entry.fund
    if not unit_in_scope(actor, fund.unit):
        raise NotFound(_("Không tìm thấy bút toán."))
    if not assignment.is_system_admin and assignment.role != approver_role(fund):
        raise PermissionDenied(_("Khoản chi của quỹ cấp xã do lãnh đạo UBND cấp xã phê duyệt; "
                                 "của quỹ cấp tỉnh do cán bộ cấp tỉnh khác người lập."))
    if entry.created_by_id == actor.pk:
        raise PermissionDenied(_("Người lập khoản chi không tự phê duyệt được."))
    with transaction.atomic():
        locked = _locked(fund)
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != EntryStatus.PENDING:
            raise DomainError(_("Khoản chi này không ở trạng thái chờ phê duyệt."))
        _require_money(locked, entry.amount)
        entry.status, entry.cash = EntryStatus.POSTED, -entry.amount
        entry.decided_by, entry.decided_at = actor, timezone.now()
        entry.save(update_fields=["status", "cash", "decided_by", "decided_at"])
        audit_record(actor=actor, action="funds.entry.approve", obj=entry, unit=locked.unit,
                     changes={"amount": entry.amount})
    return entry


def allocation_reject(*, actor: Any, entry: Entry, reason: str) -> Entry:
    assignment = require_write(actor)
    if not unit_in_scope(actor, entry.fund.unit):
        raise NotFound(_("Không tìm thấy bút toán."))
    if not assignment.is_system_admin and assignment.role != approver_role(entry.fund):
        raise PermissionDenied(_("Bạn không có quyền phê duyệt khoản chi của quỹ này."))
    if not reason.strip():
        raise DomainError(_("Hãy ghi lý do không phê duyệt."), field="reason")
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != EntryStatus.PENDING:
            raise DomainError(_("Khoản chi này không ở trạng thái chờ phê duyệt."))
        entry.status, entry.rejection = EntryStatus.REJECTED, reason.strip()[:300]
        entry.decided_by, entry.decided_at = actor, timezone.now()
        entry.save(update_fields=["status", "rejection", "decided_by", "decided_at"])
        audit_record(actor=actor, action="funds.entry.reject", obj=entry, unit=entry.fund.unit,
                     changes={"reason": entry.rejection})
    return entry


# --- transfers between funds and levels ----------------------------------------------------

def transfer_record(*, actor: Any, source: Fund, target: Fund, entry_date: date, amount: int,
                    decision: str, description: str = "") -> tuple[Entry, Entry]:
    """Move money from one fund to another (a province's fund to a commune's, say): two
    entries that name each other."""
    require_fund_writer(actor, source.unit)
    if not unit_in_scope(actor, target.unit):
        raise NotFound(_("Không tìm thấy quỹ nhận."))
    if source.pk == target.pk:
        raise DomainError(_("Quỹ nhận phải khác quỹ chuyển."), field="target")
    _positive(amount)
    _today_or_before(entry_date)
    if not decision.strip():
        raise DomainError(_("Hãy ghi quyết định điều chuyển."), field="decision")
    text = description.strip() or _("Điều chuyển từ %(s)s sang %(t)s") % {
        "s": source.name, "t": f"{target.name} ({target.unit.name})"}
    with transaction.atomic():
        # Lock both funds in a fixed order, so two opposite transfers cannot deadlock.
        first, second = sorted([source, target], key=lambda f: f.pk)
        locked = {f.pk: _locked(f) for f in (first, second)}
        _require_money(locked[source.pk], amount)
        out = _write(actor, locked[source.pk], "funds.entry.transfer_out", Entry(
            kind=EntryKind.TRANSFER_OUT, entry_date=entry_date, amount=amount, cash=-amount,
            to_unit=target.unit, decision=decision.strip(), description=text,
            purpose=Purpose.OTHER_LOCALITY if target.unit_id != source.unit_id else ""))
        inward = _write(actor, locked[target.pk], "funds.entry.transfer_in", Entry(
            kind=EntryKind.TRANSFER_IN, entry_date=entry_date, amount=amount, cash=amount,
            to_unit=source.unit, decision=decision.strip(), description=text, counterpart=out))
        out.counterpart = inward
        out.save(update_fields=["counterpart"])
    return out, inward


# --- corrections ---------------------------------------------------------------------------

def entry_reverse(*, actor: Any, entry: Entry, reason: str,
                  entry_date: date | None = None) -> Entry:
    """Correct a posted entry with one that undoes it (money and goods alike); the original
    stays in the ledger, named by the correction."""
    require_fund_writer(actor, entry.fund.unit)
    if not reason.strip():
        raise DomainError(_("Hãy ghi lý do điều chỉnh."), field="reason")
    day = entry_date or timezone.localdate()
    _today_or_before(day)
    with transaction.atomic():
        fund = _locked(entry.fund)
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != EntryStatus.POSTED:
            raise DomainError(_("Chỉ điều chỉnh bút toán đã ghi sổ."))
        if entry.kind == EntryKind.REVERSAL:
            raise DomainError(_("Không điều chỉnh một bút toán điều chỉnh; hãy ghi bút toán "
                                "mới."))
        if Entry.objects.filter(reverses=entry).exists():
            raise DomainError(_("Bút toán số %(n)s đã được điều chỉnh.") % {"n": entry.number})
        if entry.counterpart_id is not None:
            raise DomainError(_("Khoản điều chuyển được điều chỉnh bằng một lần điều chuyển "
                                "ngược lại."))
        if entry.kind in INFLOWS:
            _require_money(fund, entry.amount)
        items = [EntryItem(name=i.name, measure=i.measure, quantity=-i.quantity,
                           unit_value=i.unit_value) for i in entry.items.all()]
        in_hand = stock(fund)
        for item in items:
            if item.quantity < 0 and in_hand.get((item.name, item.measure), 0) < -item.quantity:
                raise DomainError(_("Hàng “%(h)s” đã được cấp phát, không điều chỉnh được phiếu "
                                    "nhập này.") % {"h": item.name})
        return _write(actor, fund, "funds.entry.reverse", Entry(
            kind=EntryKind.REVERSAL, entry_date=day, amount=entry.amount, cash=-entry.cash,
            donor=entry.donor, purpose=entry.purpose, household=entry.household,
            person=entry.person, to_unit=entry.to_unit, beneficiaries=entry.beneficiaries,
            decision=entry.decision, reverses=entry,
            description=_("Điều chỉnh bút toán số %(n)s: %(r)s")
            % {"n": entry.number, "r": reason.strip()}), items)

