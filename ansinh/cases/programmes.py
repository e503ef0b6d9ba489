"""One-off programmes built from the registry, and the gap finder.

A programme (Resolution 42/NQ-CP, say) takes the persons of a commune at a reference date,
evaluates the policy's categories set-based, and keeps a line per entitled person with the
amount, and a line per excluded person with the reason; the list then goes through posting
and approval as one dossier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from ansinh.cases.models import Benefit, BenefitStatus, Case, CaseKind, Programme, ProgrammeLine
from ansinh.cases.services import CaseRequest, case_open, require_commune_officer
from ansinh.core.audit import audit_record
from ansinh.core.errors import DomainError
from ansinh.core.text import format_date
from ansinh.geo.models import AdministrativeUnit
from ansinh.policies.eligibility import (
    RuleSet,
    commune_entitlements,
    evaluate,
    explanation,
    person_facts,
)
from ansinh.policies.models import Category, Policy, PolicyKind
from ansinh.registry.models import Household, Person


def _months(rules: RuleSet, policy: Policy, at: date) -> int:
    """How many months a one-off payment covers (NQ42_SO_THANG: 3), 1 if not stated."""
    code = f"{policy.code}_SO_THANG"
    return rules.parameters.value(code, at).value if rules.parameters.has(code, at) else 1


def programme_build(*, actor: Any, commune: AdministrativeUnit, policy: Policy,
                    reference_date: date, title: str) -> Programme:
    require_commune_officer(actor, commune)
    if policy.kind != PolicyKind.ONE_OFF:
        raise DomainError(_("Chỉ lập danh sách hỗ trợ một lần cho chính sách hỗ trợ một lần."),
                          field="policy")
    rules_at = max(reference_date, policy.valid_from or reference_date)
    rules = RuleSet.at_date(rules_at, policy_codes=[policy.code])
    if not rules.categories:
        raise DomainError(_("Chính sách %(p)s không áp dụng tại ngày %(d)s.")
                          % {"p": policy.name, "d": format_date(rules_at)}, field="policy")
    facts = person_facts(at=reference_date, commune_ids=[commune.pk])
    results = evaluate(facts, rules, require_living=False)
    months = _months(rules, policy, rules_at)
    with translation.override("vi"):  # reasons are stored: Vietnamese, whatever the interface
        lines = _lines(results, facts, rules, months)
    with transaction.atomic():
        programme = Programme.objects.create(
            commune=commune, policy=policy, title=title.strip() or policy.name,
            reference_date=reference_date, created_by=actor)
        for line in lines:
            line.programme = programme
        ProgrammeLine.objects.bulk_create(lines, batch_size=2000)
        included = [line for line in lines if not line.excluded]
        programme.persons = len({line.person_id for line in included})
        programme.households = len({line.household_id for line in included})
        programme.total = sum(line.amount for line in included)
        programme.excluded = len(lines) - len(included)
        programme.save(update_fields=["persons", "households", "total", "excluded"])
        audit_record(actor=actor, action="cases.programme.build", obj=programme, unit=commune,
                     changes={"persons": programme.persons, "total": programme.total,
                              "excluded": programme.excluded,
                              "reference_date": reference_date})
    return programme


def _lines(results: pl.DataFrame, facts: pl.DataFrame, rules: RuleSet,
           months: int) -> list[ProgrammeLine]:
    categories = {c.code: c for c in rules.categories}
    people = facts.select("person_id", "household_id", "full_name", "birth_date", "status",
                          "status_date").rows_by_key("person_id", named=True, unique=True)
    addresses = dict(Household.objects.filter(
        pk__in=facts["household_id"].unique().to_list()).values_list("id", "address"))
    paid_category = {row["person_id"]: row["category"] for row in
                     results.filter(pl.col("paid") & pl.col("living")).iter_rows(named=True)}
    lines = []
    for row in results.iter_rows(named=True):
        person = people[row["person_id"]]
        excluded, reason = _exclusion(row, person, paid_category, categories)
        lines.append(ProgrammeLine(
            person_id=row["person_id"], household_id=person["household_id"],
            category=categories[row["category"]], amount=0 if excluded else row["amount"] * months,
            excluded=excluded, reason=reason,
            explanation=(explanation(row, rules)
                         + (f" × {months} tháng" if months > 1 else ""))[:500],
            full_name=person["full_name"],
            birth_year=person["birth_date"].year if person["birth_date"] else None,
            address=addresses.get(person["household_id"], "")))
    return lines


def _exclusion(row: dict[str, Any], person: dict[str, Any], paid_category: dict[int, str],
               categories: dict[str, Category]) -> tuple[bool, str]:
    if not row["living"]:
        when = format_date(person["status_date"]) if person["status_date"] else ""
        if person["status"] == "deceased":
            return True, _("Đã mất ngày %(d)s, trước ngày chốt danh sách.") % {"d": when}
        return True, _("Đã chuyển đi ngày %(d)s, trước ngày chốt danh sách.") % {"d": when}
    if not row["paid"]:
        better = paid_category.get(row["person_id"], "")
        name = categories[better].name if better in categories else better
        return True, _("Đã được hỗ trợ ở nhóm mức cao hơn: %(c)s.") % {"c": name}
    return False, ""


def programme_submit(*, actor: Any, programme: Programme, received_on: date | None = None
                     ) -> Case:
    """Put the list through posting and approval as one dossier."""
    require_commune_officer(actor, programme.commune)
    with transaction.atomic():
        # Locked, so that two officers submitting at once cannot open two dossiers.
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
        if programme.status != Programme.Status.DRAFT:
            raise DomainError(_("Danh sách này đã được trình."))
        if programme.persons == 0:
            raise DomainError(_("Danh sách không có ai được hỗ trợ."))
        case = case_open(
            actor=actor, commune=programme.commune,
            request=CaseRequest(kind=CaseKind.ONE_OFF, person=None, policy=programme.policy,
                                received_on=received_on, note=programme.title),
            programme=programme)
        programme.status = Programme.Status.SUBMITTED
        programme.save(update_fields=["status"])
    return case


# --- the gap finder ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Gap:
    person_id: int
    full_name: str
    birth_date: date | None
    category: str
    category_name: str
    amount: int
    explanation: str
    restricted: bool


GAP_POLICIES = ("TGXH", "HTXH")


def gaps_find(*, commune: AdministrativeUnit, at: date) -> list[Gap]:
    """Persons who appear entitled to a monthly allowance but have neither a running benefit
    of that policy nor an open dossier for it, with the reason they appear entitled."""
    rules = RuleSet.at_date(at, policy_codes=GAP_POLICIES)
    results = commune_entitlements([commune.pk], at, policy_codes=GAP_POLICIES).filter(
        pl.col("paid"))
    covered = set(Benefit.objects.filter(commune=commune, one_off=False,
                                         policy__code__in=GAP_POLICIES)
                  .exclude(status=BenefitStatus.STOPPED)
                  .values_list("person_id", "policy__code"))
    covered |= set(Case.objects.filter(commune=commune, closed_at__isnull=True,
                                       policy__code__in=GAP_POLICIES,
                                       person__isnull=False)
                   .values_list("person_id", "policy__code"))
    # Social assistance and the social pension are alternatives: either one covers both.
    covered_persons = {person for person, _policy in covered}
    open_rows = results.filter(~pl.col("person_id").is_in(list(covered_persons)))
    names = dict(Person.objects.filter(pk__in=open_rows["person_id"].to_list())
                 .values_list("id", "full_name"))
    births = dict(Person.objects.filter(pk__in=open_rows["person_id"].to_list())
                  .values_list("id", "birth_date"))
    categories = {(c.policy.code, c.code): c for c in rules.categories}
    return [Gap(person_id=row["person_id"], full_name=names[row["person_id"]],
                birth_date=births[row["person_id"]], category=row["category"],
                category_name=categories[(row["policy"], row["category"])].name,
                amount=row["amount"], explanation=explanation(row, rules),
                restricted=row["restricted"])
            for row in open_rows.iter_rows(named=True)]
