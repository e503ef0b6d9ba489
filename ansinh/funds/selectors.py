"""Reading funds: the funds, ledgers and donors a user may see, the allocations waiting for
their approval, and the look-ups the forms need (a household by its code, a person by CCCD).

Everything is scoped with ``visible_to``: a fund outside the user's units is "not found".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role
from ansinh.core.errors import DomainError, NotFound, PermissionDenied
from ansinh.core.scoping import acting_assignment, path_q, unit_in_scope, visible_to
from ansinh.funds import services
from ansinh.funds.models import Donor, Entry, EntryStatus, Fund
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.registry.identity import normalize_national_id
from ansinh.registry.models import Household, Person

ENTRY_RELATED = ("fund__unit", "donor", "household", "person", "to_unit", "reverses",
                 "reversal", "created_by", "decided_by")


def funds_for(user: Any) -> QuerySet[Fund]:
    """The funds in the user's units, each with its balance (posted cash, the same sum as
    ``services.balance``) and the number and amount of allocations waiting for approval."""
    posted = Q(entries__status=EntryStatus.POSTED)
    pending = Q(entries__status=EntryStatus.PENDING)
    return (visible_to(Fund.objects.select_related("unit"), user)
            .annotate(balance=Coalesce(Sum("entries__cash", filter=posted), 0),
                      pending_count=Count("entries", filter=pending),
                      pending_amount=Coalesce(Sum("entries__amount", filter=pending), 0))
            .order_by("unit__path", "name"))


def fund_get_for_user(user: Any, pk: int) -> Fund:
    fund = visible_to(Fund.objects.select_related("unit"), user).filter(pk=pk).first()
    if fund is None:
        raise NotFound(_("Không tìm thấy quỹ."))
    return fund


@dataclass(frozen=True)
class EntryFilter:
    kind: str = ""
    status: str = ""
    date_from: date | None = None
    date_to: date | None = None


def entries_for(user: Any, fund: Fund, f: EntryFilter = EntryFilter()) -> QuerySet[Entry]:  # noqa: B008
    """A fund's ledger, newest first (by date, then by number)."""
    entries = visible_to(Entry.objects.filter(fund=fund), user).select_related(*ENTRY_RELATED)
    if f.kind:
        entries = entries.filter(kind=f.kind)
    if f.status:
        entries = entries.filter(status=f.status)
    if f.date_from:
        entries = entries.filter(entry_date__gte=f.date_from)
    if f.date_to:
        entries = entries.filter(entry_date__lte=f.date_to)
    return entries.order_by("-entry_date", "-number")


def entry_get_for_user(user: Any, pk: int) -> Entry:
    entry = visible_to(Entry.objects.select_related(*ENTRY_RELATED, "counterpart__fund__unit"),
                       user).filter(pk=pk).first()
    if entry is None:
        raise NotFound(_("Không tìm thấy bút toán."))
    return entry


def donors_for(user: Any, unit: AdministrativeUnit | None = None) -> QuerySet[Donor]:
    donors = visible_to(Donor.objects.select_related("unit"), user)
    if unit is not None:
        donors = donors.filter(unit=unit)
    return donors.annotate(gifts=Count("entries", filter=Q(entries__status=EntryStatus.POSTED)))


def donor_units(user: Any) -> list[AdministrativeUnit]:
    """Where the user may register donors: the units of the funds they see, and their own
    unit if it is a province or a commune."""
    units = {f.unit for f in funds_for(user)}
    assignment = acting_assignment(user)
    own = getattr(assignment, "unit", None)
    if own is not None and own.level in (UnitLevel.PROVINCE, UnitLevel.COMMUNE):
        units.add(own)
    return sorted(units, key=lambda u: u.path)


def fund_units(user: Any) -> list[AdministrativeUnit]:
    """Where the user may open a fund: their own unit and, for a province, its communes."""
    assignment = acting_assignment(user)
    own = getattr(assignment, "unit", None)
    if assignment is None or assignment.is_read_only:
        return []
    units = AdministrativeUnit.objects.current().filter(
        level__in=[UnitLevel.PROVINCE, UnitLevel.COMMUNE])
    if own is not None:
        units = units.within(own.path)
    return list(units.order_by("path")[:5000])


def may_write(user: Any, unit: AdministrativeUnit) -> bool:
    try:
        services.require_fund_writer(user, unit)
    except (PermissionDenied, NotFound):
        return False
    return True


def may_decide(user: Any, entry: Entry) -> bool:
    """Whether the user is the second person for this pending allocation (the rule of
    ``services.allocation_approve``: the approver's role, never the maker)."""
    assignment = acting_assignment(user)
    if assignment is None or assignment.is_read_only or not entry.is_pending:
        return False
    if entry.created_by_id == user.pk or not unit_in_scope(user, entry.fund.unit):
        return False
    return assignment.is_system_admin or assignment.role == services.approver_role(entry.fund)


def pending_allocations_for(user: Any) -> QuerySet[Entry]:
    """Allocations waiting for this user's approval: a commune leader's for the commune's
    funds, a province officer's for the province's (never those they made themselves)."""
    assignment = acting_assignment(user)
    entries = visible_to(Entry.objects.filter(status=EntryStatus.PENDING), user) \
        .select_related(*ENTRY_RELATED).exclude(created_by=user).order_by("entry_date", "pk")
    if assignment is None or assignment.is_read_only:
        return entries.none()
    if assignment.is_system_admin:
        return entries
    if assignment.role == Role.COMMUNE_LEADER:
        return entries.filter(fund__unit__level=UnitLevel.COMMUNE)
    if assignment.role == Role.PROVINCE_OFFICER:
        return entries.filter(fund__unit__level=UnitLevel.PROVINCE)
    return entries.none()


def transfer_targets(user: Any, source: Fund) -> QuerySet[Fund]:
    return (visible_to(Fund.objects.select_related("unit"), user)
            .filter(is_active=True).exclude(pk=source.pk).order_by("unit__path", "name"))


# --- look-ups for the forms ----------------------------------------------------------------

def household_for_fund(user: Any, fund: Fund, code: str) -> Household:
    """A household by its code, in the fund's commune (or, for a province's fund, in one of
    its communes); the message names the field it belongs to."""
    found = list(visible_to(Household.objects.filter(code__iexact=code.strip()), user)
                 .filter(path_q("commune", fund.unit.path)).select_related("commune")[:2])
    if not found:
        raise DomainError(_("Không có hộ mã “%(c)s” ở %(u)s.") % {"c": code.strip(),
                                                                 "u": fund.unit.name},
                          field="household")
    if len(found) > 1:
        raise DomainError(_("Mã hộ “%(c)s” có ở nhiều xã, phường; hãy chi từ quỹ của xã, "
                            "phường đó.") % {"c": code.strip()}, field="household")
    return found[0]


_DIGITS = re.compile(r"^[\d .\-']+$")


def person_for_fund(user: Any, fund: Fund, ref: str) -> Person:
    """A person by CCCD (12 digits) or by their number in An Sinh, in the fund's area."""
    text = ref.strip()
    persons = visible_to(Person.objects.all(), user).filter(path_q("commune", fund.unit.path))
    digits = re.sub(r"\D", "", text)
    person = None
    if _DIGITS.match(text) and len(digits) >= 10:
        nid = normalize_national_id(digits)
        person = persons.filter(national_id=nid).first() if nid else None
    elif digits and len(digits) < 10:
        person = persons.filter(pk=int(digits)).first()
    if person is None:
        raise DomainError(_("Không tìm thấy người có số CCCD hoặc mã “%(r)s” ở %(u)s.")
                          % {"r": text, "u": fund.unit.name}, field="person")
    return person


def unit_by_code(code: str) -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.current().filter(code=code.strip()).first()
    if unit is None:
        raise DomainError(_("Không có đơn vị hành chính mã “%(c)s”.") % {"c": code.strip()},
                          field="to_unit")
    return unit
