"""Payment cycles: generate, approve, pay, return; every change one transaction and one audit
event. Officers of the commune generate and record payments; the commune leader approves, and
never a cycle they generated themselves (maker-checker)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role
from ansinh.cases.models import Arrear, Benefit, Programme
from ansinh.cases.services import add_months, month_start, require_commune_officer
from ansinh.core.audit import audit_record
from ansinh.core.bulk import sqlite_checkpoints_batched
from ansinh.core.errors import DomainError, PermissionDenied
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.payroll.generation import holds_earlier_months, insert_lines
from ansinh.payroll.models import Channel, Cycle, Line, LineStatus, PaymentAccount, Receiver
from ansinh.policies.models import Policy, PolicyKind

# Other apps act on generated cycles once they are committed (the integrity app runs its
# anomaly rules over the unit): functions (actor, unit, cycles). A commune's list calls them with
# the commune and its cycle; a province's month (``cycles_generate_in``) once, with the province
# and every cycle made, not once per commune. A failing hook is logged, never undoes the payroll.
AfterGeneration = Callable[[Any, AdministrativeUnit, list[Cycle]], None]
AFTER_GENERATION: list[AfterGeneration] = []
# Other apps whose rows point at payment lines let go of a draft's lines before they are
# replaced: functions (the lines' queryset). The integrity app unlinks its findings.
BEFORE_LINES_REPLACED: list[Callable[[QuerySet[Line]], None]] = []


def _after_generation(actor: Any, unit: AdministrativeUnit, cycles: list[Cycle]) -> None:
    if not cycles:
        return
    for hook in AFTER_GENERATION:
        transaction.on_commit(_bound(hook, actor, unit, cycles), robust=True)


def _bound(hook: AfterGeneration, actor: Any, unit: AdministrativeUnit,
           cycles: list[Cycle]) -> Callable[[], None]:
    # A named function, not functools.partial: Django logs a failing robust callback by its
    # __qualname__, which a partial does not have.
    @wraps(hook)
    def run() -> None:
        hook(actor, unit, cycles)

    return run


def _lock_commune(commune_id: int) -> None:
    # Generations of one commune run one after another: each reads what the others planned.
    AdministrativeUnit.objects.select_for_update().filter(pk=commune_id).exists()


def cycle_generate(*, actor: Any, commune: AdministrativeUnit, policy: Policy,
                   month: date) -> Cycle:
    """Generate (or regenerate, while a draft) the month's cycle of ``policy`` in ``commune``."""
    cycle = _generate(actor=actor, commune=commune, policy=policy, month=month)
    _after_generation(actor, commune, [cycle])
    return cycle


def _generate(*, actor: Any, commune: AdministrativeUnit, policy: Policy, month: date) -> Cycle:
    """``cycle_generate`` without the other apps' hooks."""
    require_commune_officer(actor, commune)
    if policy.kind == PolicyKind.THRESHOLD:
        raise DomainError(_("Chính sách này không chi trả."), field="policy")
    month = month_start(month)
    if month > _next_month(timezone.localdate()):
        raise DomainError(_("Chỉ lập danh sách chi trả đến tháng sau."), field="month")
    with transaction.atomic():
        _lock_commune(commune.pk)
        cycle = _cycle_for_update(commune=commune, policy=policy, month=month)
        return _fill(actor, cycle)


@dataclass
class UnitGeneration:
    """What generating a month over a province (or any unit) did, commune by commune."""

    cycles: list[Cycle] = field(default_factory=list)
    refused: list[tuple[AdministrativeUnit, str]] = field(default_factory=list)


def communes_paying(unit: AdministrativeUnit, policy: Policy) -> list[AdministrativeUnit]:
    """The current communes of ``unit`` (itself, if a commune) with monthly benefits of
    ``policy`` or a payroll of it already."""
    communes = AdministrativeUnit.objects.current().within(unit.path).filter(
        level=UnitLevel.COMMUNE)
    # EXISTS per commune, on the (commune, policy) index: not a pass over a province's benefits.
    paying = (Exists(Benefit.objects.filter(commune=OuterRef("pk"), policy=policy, one_off=False))
              | Exists(Cycle.objects.filter(commune=OuterRef("pk"), policy=policy)))
    return list(communes.filter(paying).order_by("code"))


def cycles_generate_in(*, actor: Any, unit: AdministrativeUnit, policy: Policy,
                       month: date) -> UnitGeneration:
    """The month's cycle of ``policy`` in every commune of ``unit`` that pays it.

    Each commune is generated as :func:`cycle_generate` does, in its own transaction: a commune
    whose cycle is already approved, or that the actor may not act for, is listed as refused
    and the others go on. On PostgreSQL several communes are generated at once
    (``generation_workers``). The other apps' hooks run once, over ``unit``, after the last
    commune: one run of the anomaly rules over a province rather than one per commune (queuing
    a hundred jobs, two commits each, took about a second of a province's month on SQLite).
    """
    communes = communes_paying(unit, policy)
    workers = generation_workers(len(communes))

    def generate(commune: AdministrativeUnit) -> Cycle | str:
        try:
            return _generate(actor=actor, commune=commune, policy=policy, month=month)
        except DomainError as exc:  # not found, not allowed, already approved…
            return exc.message

    if workers > 1:
        outcomes = _on_own_connections(generate, communes, workers)
    else:
        with sqlite_checkpoints_batched(connection):
            outcomes = [generate(commune) for commune in communes]
    result = UnitGeneration()
    for commune, outcome in zip(communes, outcomes, strict=True):
        if isinstance(outcome, Cycle):
            result.cycles.append(outcome)
        else:
            result.refused.append((commune, outcome))
    _after_generation(actor, unit, result.cycles)
    return result


def generation_workers(communes: int) -> int:
    """How many communes ``cycles_generate_in`` generates at once.

    PostgreSQL runs each commune's statement on its own core: with two, a province's month
    took 18 s instead of 35 s (``make bench``). SQLite has one writer, so one. Nor inside a
    transaction: the workers' connections would not see what the caller has not committed.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return max(1, min(settings.PAYROLL_WORKERS, communes))


def _on_own_connections(work: Callable[[AdministrativeUnit], Cycle | str],
                        communes: list[AdministrativeUnit], workers: int
                        ) -> list[Cycle | str]:
    """``work`` over ``communes`` in ``workers`` threads; the outcomes in the communes' order.

    Each thread has its own database connection, kept from one commune to the next and closed
    when no commune is left: Django closes a connection at the end of a request, and a pool's
    thread serves none. (One connection per commune started a PostgreSQL server process each
    time, its caches cold.)
    """
    outcomes: list[Cycle | str] = [""] * len(communes)
    pending = iter(enumerate(communes))
    lock = threading.Lock()

    def drain() -> None:
        try:
            while True:
                with lock:
                    item = next(pending, None)
                if item is None:
                    return
                index, commune = item
                outcomes[index] = work(commune)
        finally:
            connection.close()

    with ThreadPoolExecutor(workers) as pool:
        for future in [pool.submit(drain) for _ in range(workers)]:
            future.result()
    return outcomes


def programme_cycle_generate(*, actor: Any, programme: Programme) -> Cycle:
    """The payment list of a decided one-off programme."""
    require_commune_officer(actor, programme.commune)
    if programme.status != Programme.Status.DECIDED:
        raise DomainError(_("Đợt hỗ trợ chưa có quyết định."))
    decided_on = programme.benefits.values_list("start_month", flat=True).first()
    with transaction.atomic():
        _lock_commune(programme.commune_id)
        try:
            with transaction.atomic():
                cycle, _created = Cycle.objects.get_or_create(
                    programme=programme, defaults={
                        "commune": programme.commune, "policy": programme.policy,
                        "month": decided_on or month_start(timezone.localdate())})
        except IntegrityError:
            cycle = Cycle.objects.get(programme=programme)
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        cycle = _fill(actor, cycle)
        _after_generation(actor, programme.commune, [cycle])
    return cycle


def cycle_regenerate(*, actor: Any, cycle: Cycle) -> Cycle:
    """Make a draft cycle again, monthly or a programme's."""
    if cycle.programme is not None:
        return programme_cycle_generate(actor=actor, programme=cycle.programme)
    return cycle_generate(actor=actor, commune=cycle.commune, policy=cycle.policy,
                          month=cycle.month)


def _next_month(today: date) -> date:
    return add_months(month_start(today), 1)


def _cycle_for_update(*, commune: AdministrativeUnit, policy: Policy, month: date) -> Cycle:
    try:
        with transaction.atomic():
            cycle, _created = Cycle.objects.get_or_create(
                commune=commune, policy=policy, month=month, programme=None)
    except IntegrityError:
        # Another generation created it between our look and our insert: the unique
        # constraint refused the second cycle; take the one that exists.
        pass
    return Cycle.objects.select_for_update().get(commune=commune, policy=policy, month=month,
                                                  programme=None)


def _fill(actor: Any, cycle: Cycle) -> Cycle:
    if not cycle.is_draft:
        raise DomainError(_("Kỳ chi trả tháng %(m)s đã được duyệt: không lập lại được.")
                          % {"m": f"{cycle.month:%m/%Y}"})
    earlier = holds_earlier_months(cycle)
    replaced = _lines_delete(cycle)
    insert_lines(cycle, replacing_earlier=earlier)
    _check_references_now()
    _totals(cycle)
    cycle.generated_at, cycle.generated_by = timezone.now(), actor
    cycle.save()
    audit_record(actor=actor, action="payroll.cycle.generate", obj=cycle, unit=cycle.commune,
                 changes={"month": cycle.month, "lines": cycle.lines_count,
                          "total": cycle.total, "replaced": replaced})
    return cycle


def _check_references_now() -> None:
    """Check the foreign keys of the lines just deleted and written, instead of at commit.

    PostgreSQL defers Django's foreign-key checks to the commit, one row at a time: for a
    commune's thousands of lines, a tenth of a second spent after the audit event has locked
    the head of the audit chain, so that communes generated at once (``cycles_generate_in``)
    would queue for the lock through each other's checks. Checked here, before the lock."""
    if connection.vendor == "postgresql":  # SQLite's version rescans every table
        connection.check_constraints()


def _lines_delete(cycle: Cycle) -> int:
    """Delete a draft's lines in one statement; returns how many.

    Not the ORM's ``delete()``: it loads every line as an object to unlink the rows pointing
    at it one batch at a time, minutes for a province's million lines. A row of another app
    left pointing at a line would fail the transaction at commit (the foreign key), never
    dangle.
    """
    lines = Line.objects.filter(cycle=cycle)
    for hook in BEFORE_LINES_REPLACED:
        hook(lines)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Line._meta.db_table} WHERE cycle_id = %s",  # noqa: S608
                       [cycle.pk])
        return cursor.rowcount


def _totals(cycle: Cycle) -> None:
    found = cycle.lines.aggregate(n=Count("id"), persons=Count("person", distinct=True),
                                  total=Sum("amount"))
    cycle.lines_count, cycle.persons, cycle.total = (found["n"], found["persons"],
                                                     found["total"] or 0)


def paid_total_refresh(cycle: Cycle) -> None:
    """Store what ``cycle``'s paid lines add up to (after lines were marked paid)."""
    paid = cycle.lines.filter(status=LineStatus.PAID).aggregate(total=Sum("amount"))["total"]
    Cycle.objects.filter(pk=cycle.pk).update(paid_total=paid or 0)
    cycle.paid_total = paid or 0


def cycle_approve(*, actor: Any, cycle: Cycle) -> Cycle:
    require_commune_officer(actor, cycle.commune)
    if actor.assignment.role != Role.COMMUNE_LEADER:
        raise PermissionDenied(_("Chỉ lãnh đạo UBND xã được duyệt danh sách chi trả."))
    if cycle.generated_by_id == actor.pk:
        raise PermissionDenied(_("Người lập danh sách không được tự duyệt (nguyên tắc hai "
                                 "người: người lập và người duyệt khác nhau)."))
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if not cycle.is_draft:
            raise DomainError(_("Kỳ chi trả này đã được duyệt."))
        if cycle.lines_count == 0:
            raise DomainError(_("Danh sách không có dòng nào để duyệt."))
        cycle.status, cycle.approved_by, cycle.approved_at = (Cycle.Status.APPROVED, actor,
                                                              timezone.now())
        cycle.save(update_fields=["status", "approved_by", "approved_at"])
        audit_record(actor=actor, action="payroll.cycle.approve", obj=cycle,
                     unit=cycle.commune, changes={"total": cycle.total,
                                                  "lines": cycle.lines_count})
    return cycle


# --- channels -------------------------------------------------------------------------------

def payment_account_set(*, actor: Any, person: Any, channel: str, bank_name: str = "",
                        account_number: str = "", account_holder: str = "") -> PaymentAccount:
    require_commune_officer(actor, person.commune)
    if channel not in Channel.values:
        raise DomainError(_("Hình thức chi trả không hợp lệ."), field="channel")
    account_number = account_number.replace(" ", "")
    if channel == Channel.BANK and not (account_number.isdigit() and 6 <= len(account_number)
                                        <= 20 and bank_name.strip()):
        raise DomainError(_("Chi qua ngân hàng cần tên ngân hàng và số tài khoản (6–20 chữ "
                            "số)."), field="account_number")
    with transaction.atomic():
        account, _created = PaymentAccount.objects.update_or_create(person=person, defaults={
            "channel": channel, "bank_name": bank_name.strip(),
            "account_number": account_number, "account_holder": account_holder.strip()})
        audit_record(actor=actor, action="payroll.account.set", obj=person, unit=person.commune,
                     changes={"channel": channel})
    return account


def line_set_channel(*, actor: Any, line: Line, channel: str) -> Line:
    """Pay this line another way than the person's usual one (while the cycle is a draft)."""
    require_commune_officer(actor, line.cycle.commune)
    if not line.cycle.is_draft:
        raise DomainError(_("Kỳ chi trả đã duyệt: không đổi hình thức chi được."))
    if channel not in Channel.values:
        raise DomainError(_("Hình thức chi trả không hợp lệ."), field="channel")
    with transaction.atomic():
        line.channel = channel
        line.save(update_fields=["channel"])
        audit_record(actor=actor, action="payroll.line.channel", obj=line.cycle,
                     unit=line.cycle.commune, changes={"line": line.pk, "channel": channel})
    return line


# --- payment ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Payment:
    paid_on: date
    receiver: str = Receiver.BENEFICIARY
    receiver_name: str = ""


def require_payable(cycle: Cycle) -> None:
    if cycle.status != Cycle.Status.APPROVED:
        raise DomainError(_("Chỉ ghi nhận chi trả cho kỳ đã duyệt."))


def lines_mark_paid(*, actor: Any, cycle: Cycle, line_ids: list[int], payment: Payment) -> int:
    """Mark lines paid (in bulk); returns how many changed."""
    require_commune_officer(actor, cycle.commune)
    require_payable(cycle)
    if payment.paid_on > timezone.localdate() or payment.paid_on < cycle.month.replace(day=1) \
            and cycle.programme_id is None:
        raise DomainError(_("Ngày chi phải trong khoảng từ đầu tháng chi trả đến hôm nay."),
                          field="paid_on")
    if payment.receiver == Receiver.AUTHORISED and not payment.receiver_name.strip():
        raise DomainError(_("Hãy ghi họ tên người được ủy quyền nhận."), field="receiver_name")
    with transaction.atomic():
        lines = cycle.lines.filter(pk__in=line_ids).exclude(status=LineStatus.PAID)
        arrears = list(lines.filter(arrear__isnull=False).values_list("arrear_id", flat=True))
        changed = lines.update(status=LineStatus.PAID, paid_on=payment.paid_on,
                               receiver=payment.receiver,
                               receiver_name=payment.receiver_name.strip(), return_reason="")
        Arrear.objects.filter(pk__in=arrears).update(status=Arrear.Status.PAID)
        paid_total_refresh(cycle)
        audit_record(actor=actor, action="payroll.lines.paid", obj=cycle, unit=cycle.commune,
                     changes={"lines": changed, "paid_on": payment.paid_on})
    return changed


def lines_mark_returned(*, actor: Any, cycle: Cycle, line_ids: list[int], reason: str) -> int:
    """Lines that could not be paid (the person did not come, the account was closed…)."""
    require_commune_officer(actor, cycle.commune)
    require_payable(cycle)
    if not reason.strip():
        raise DomainError(_("Hãy ghi lý do không chi được."), field="reason")
    with transaction.atomic():
        # A line recorded as paid stays paid: money handed over is not un-handed by a click.
        changed = cycle.lines.filter(pk__in=line_ids).exclude(status=LineStatus.PAID).update(
            status=LineStatus.RETURNED, return_reason=reason.strip()[:300], paid_on=None,
            receiver="", receiver_name="")
        audit_record(actor=actor, action="payroll.lines.returned", obj=cycle,
                     unit=cycle.commune, changes={"lines": changed, "reason": reason})
    return changed


def cycle_close(*, actor: Any, cycle: Cycle) -> Cycle:
    """Settle the cycle once no line is left unpaid and unreturned."""
    require_commune_officer(actor, cycle.commune)
    require_payable(cycle)
    if cycle.lines.filter(status=LineStatus.PLANNED).exists():
        raise DomainError(_("Còn dòng chưa chi, chưa ghi lý do: chưa quyết toán được."))
    with transaction.atomic():
        cycle.status = Cycle.Status.CLOSED
        cycle.save(update_fields=["status"])
        audit_record(actor=actor, action="payroll.cycle.close", obj=cycle, unit=cycle.commune,
                     changes={})
    return cycle
