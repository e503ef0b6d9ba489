"""Reads over the policy catalog, circumstances and a person's entitlements.

The catalog is public law: everyone signed in reads it. A person's entitlements are read
through ``person_get_for_user`` (a person outside the user's units is "not found"), and the
categories that reveal HIV status are shown only to the roles that may see that status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from ansinh.core.errors import NotFound
from ansinh.core.scoping import acting_assignment
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.policies.eligibility import Entitlement, person_entitlements
from ansinh.policies.models import (
    Category,
    Circumstance,
    Coefficient,
    Confidence,
    Parameter,
    ParameterVersion,
    Policy,
)
from ansinh.registry.models import Person
from ansinh.registry.selectors import person_hiv_status


def policies_list() -> QuerySet[Policy]:
    return Policy.objects.all()


def policy_get(code: str) -> Policy:
    """One policy with its categories, their coefficient bands, its parameters and every
    version of them (national and provincial, pending ones too)."""
    versions = ParameterVersion.objects.select_related("province", "confirmed_by").order_by(
        "province__code", "effective_from")
    policy = (Policy.objects.filter(code=code)
              .prefetch_related(Prefetch("categories",
                                         Category.objects.prefetch_related("coefficients")),
                                Prefetch("parameters",
                                         Parameter.objects.prefetch_related(
                                             Prefetch("versions", versions))))
              .first())
    if policy is None:
        raise NotFound(_("Không tìm thấy chính sách."))
    return policy


def parameter_get(code: str) -> Parameter:
    parameter = Parameter.objects.select_related("policy").filter(code=code).first()
    if parameter is None:
        raise NotFound(_("Không tìm thấy tham số."))
    return parameter


def category_get(policy_code: str, code: str) -> Category:
    category = (Category.objects.select_related("policy")
                .filter(policy__code=policy_code, code=code).first())
    if category is None:
        raise NotFound(_("Không tìm thấy nhóm đối tượng."))
    return category


def coefficient_get(policy_code: str, pk: int) -> Coefficient:
    coefficient = (Coefficient.objects.select_related("category__policy")
                   .filter(pk=pk, category__policy__code=policy_code).first())
    if coefficient is None:
        raise NotFound(_("Không tìm thấy hệ số."))
    return coefficient


def version_get(pk: int) -> ParameterVersion:
    version = (ParameterVersion.objects.select_related("parameter__policy", "province")
               .filter(pk=pk).first())
    if version is None:
        raise NotFound(_("Không tìm thấy giá trị tham số."))
    return version


def current_provinces() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.current().filter(level=UnitLevel.PROVINCE).order_by("code")


def province_by_code(code: str) -> AdministrativeUnit:
    province = current_provinces().filter(code=code.strip()).first()
    if province is None:
        raise NotFound(_("Không có tỉnh, thành phố mã “%(c)s”.") % {"c": code.strip()})
    return province


def pending_versions() -> QuerySet[ParameterVersion]:
    return (ParameterVersion.objects.filter(confidence=Confidence.PENDING)
            .select_related("parameter__policy", "province").order_by("effective_from"))


# --- circumstances ----------------------------------------------------------------------------

def person_circumstances(person: Person) -> QuerySet[Circumstance]:
    """A person's circumstances, current ones first; the person is already scoped."""
    return (Circumstance.objects.filter(person=person).select_related("recorded_by")
            .order_by("valid_to", "-valid_from", "kind"))


def circumstance_get(person: Person, pk: int) -> Circumstance:
    circumstance = Circumstance.objects.select_related("person__commune").filter(
        pk=pk, person=person).first()
    if circumstance is None:
        raise NotFound(_("Không tìm thấy hoàn cảnh."))
    return circumstance


def can_record_circumstances(user: Any, person: Person) -> bool:
    """The same rule as ``services.circumstance_record``: a writing role of the commune."""
    assignment = acting_assignment(user)
    return bool(assignment is not None and not assignment.is_read_only
                and assignment.unit_id is not None and assignment.unit_id == person.commune_id)


# --- entitlements -----------------------------------------------------------------------------

@dataclass(frozen=True)
class PersonEntitlements:
    at: date
    entitlements: list[Entitlement]
    # The user may not see restricted categories (HIV status). It depends on the user only,
    # never on the person, so that saying so reveals nothing about anyone.
    partial_view: bool

    @property
    def monthly_paid(self) -> int:
        return sum(e.amount for e in self.entitlements if e.paid and e.monthly)

    @property
    def one_off_paid(self) -> int:
        return sum(e.amount for e in self.entitlements if e.paid and not e.monthly)


def may_see_restricted(user: Any, person: Person) -> bool:
    """Restricted categories reveal HIV status: only for the roles that may see that."""
    return person_hiv_status(user, person) is not None


def entitlements_for_user(user: Any, person: Person, at: date) -> PersonEntitlements:
    """``person``'s explained entitlements at ``at`` as ``user`` may see them. The person must
    come from ``registry.selectors.person_get_for_user``."""
    found = person_entitlements(person.pk, at)
    if may_see_restricted(user, person):
        return PersonEntitlements(at=at, entitlements=found, partial_view=False)
    shown = [e for e in found if not e.restricted]
    return PersonEntitlements(at=at, entitlements=shown, partial_view=True)
