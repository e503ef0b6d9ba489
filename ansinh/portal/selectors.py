"""What the public pages show of a commune, and nothing more: for each person on a posted list
or receiving a benefit, the name (initials for a child under 16), the birth year, the
residential group, the group they receive under and the amount. Never a CCCD, a full birth
date, a house number, health or disability details, or a group that reveals HIV status (those
show under the policy's name, as on the paper lists).

Rows are built here as plain values, so a template cannot reach a private field by accident.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.cases.models import Benefit, Posting
from ansinh.core.errors import NotFound
from ansinh.funds.models import Fund
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.reports.metrics import running_in

CHILD_AGE = 16


@dataclass(frozen=True)
class PublicRow:
    name: str
    birth_year: int | None
    group: str  # the residential group
    category: str
    amount: int


def public_commune(code: str) -> AdministrativeUnit:
    unit = (AdministrativeUnit.objects.current().select_related("parent")
            .filter(code=code, level=UnitLevel.COMMUNE).first())
    if unit is None:
        raise NotFound(_("Không tìm thấy xã, phường."))
    return unit


def initials(full_name: str) -> str:
    """"Nguyễn Văn An" → "N.V.A.": how a child is named on a public list."""
    return "".join(f"{word[0].upper()}." for word in full_name.split() if word)


def shown_name(full_name: str, birth_year: int | None, today: date) -> str:
    if birth_year is None or today.year - birth_year < CHILD_AGE:
        return initials(full_name)
    return full_name


def posted_lists(commune: AdministrativeUnit, today: date | None = None) -> QuerySet[Posting]:
    """Lists on the commune's board today."""
    today = today or timezone.localdate()
    return Posting.objects.filter(commune=commune, opens_on__lte=today,
                                  closes_on__gte=today).order_by("-opens_on", "-id")


def posting_get(commune: AdministrativeUnit, pk: int) -> Posting:
    posting = posted_lists(commune).filter(pk=pk).first()
    if posting is None:
        raise NotFound(_("Không tìm thấy danh sách niêm yết."))
    return posting


def posting_rows(posting: Posting, today: date | None = None) -> list[PublicRow]:
    today = today or timezone.localdate()
    entries = posting.entries.select_related(
        "case__person__household__residential_group",
        "programme_line__person__household__residential_group").order_by("id")
    rows = []
    for entry in entries:
        line = entry.programme_line
        person = line.person if line is not None else entry.case.person
        group = ""
        if person is not None and person.household.residential_group is not None:
            group = person.household.residential_group.name
        rows.append(PublicRow(shown_name(entry.full_name, entry.birth_year, today),
                              entry.birth_year, group, entry.group_label, entry.amount))
    return rows


def benefits_in_force(commune: AdministrativeUnit,
                      today: date | None = None) -> QuerySet[Benefit]:
    """Monthly benefits being paid this month, by decisions in force."""
    today = today or timezone.localdate()
    return (Benefit.objects.filter(running_in(today), commune=commune)
            .select_related("person__household__residential_group", "policy", "category")
            .order_by("policy__order", "category__code", "person__name_key", "id"))


def benefit_rows(benefits: list[Benefit], today: date | None = None) -> list[PublicRow]:
    today = today or timezone.localdate()
    rows = []
    for benefit in benefits:
        person = benefit.person
        group = person.household.residential_group
        category = benefit.policy.name if benefit.category.restricted else \
            f"{benefit.category.code} — {benefit.category.name}"
        rows.append(PublicRow(shown_name(person.full_name, person.birth_year, today),
                              person.birth_year, group.name if group else "", category,
                              benefit.monthly_amount))
    return rows


def public_funds(commune: AdministrativeUnit) -> QuerySet[Fund]:
    """The commune's funds and its province's, whose statements the public is owed."""
    units = [commune.pk] + ([commune.parent_id] if commune.parent_id else [])
    return Fund.objects.filter(unit_id__in=units, is_active=True).select_related("unit") \
        .order_by("unit__level", "name")


def public_fund_get(commune: AdministrativeUnit, pk: int) -> Fund:
    fund = public_funds(commune).filter(pk=pk).first()
    if fund is None:
        raise NotFound(_("Không tìm thấy quỹ."))
    return fund
