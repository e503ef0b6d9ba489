"""The policy catalog, parameter values and a person's entitlements in the API.

The catalog is read by everyone signed in; entitlements are scoped like the person's page and
hide the categories that reveal HIV status from the roles that may not see it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from ansinh.policies import selectors
from ansinh.policies.parameters import ParameterTable
from ansinh.registry.selectors import person_get_for_user

router = Router(tags=["Chính sách"])


class PolicyOut(Schema):
    code: str
    name: str
    kind: str
    legal_basis: str
    description: str
    valid_from: date | None
    valid_to: date | None


class BandOut(Schema):
    value: Decimal
    min_age: int | None
    below_age: int | None
    condition: str
    parameter: str
    label: str


class CategoryOut(Schema):
    code: str
    name: str
    legal_ref: str
    restricted: bool
    customized: bool
    documents: list[str]
    coefficients: list[BandOut]


class VersionOut(Schema):
    province_code: str | None
    value: int
    effective_from: date
    applied_from: date | None
    legal_basis: str
    confidence: str
    usable: bool
    note: str


class ParameterOut(Schema):
    code: str
    name: str
    unit: str
    versions: list[VersionOut]


class PolicyDetailOut(PolicyOut):
    overlap_ref: str
    categories: list[CategoryOut]
    parameters: list[ParameterOut]


class ParameterValueOut(Schema):
    code: str
    name: str
    at: date
    province_code: str | None
    value: int
    legal_basis: str
    in_force_from: date
    province_name: str  # set when a provincial value applies instead of the national one


class EntitlementOut(Schema):
    policy: str
    policy_name: str
    category: str
    category_name: str
    amount: int
    monthly: bool
    paid: bool
    explanation: str


class EntitlementsOut(Schema):
    person_id: int
    at: date
    entitlements: list[EntitlementOut]
    partial_view: bool = Field(description="Kết quả không gồm nhóm đối tượng thuộc thông tin "
                               "hạn chế (người dùng không có quyền xem)")
    monthly_paid: int


@router.get("/policies", response=list[PolicyOut], summary="Danh mục chính sách")
def policies(request: HttpRequest) -> object:
    return selectors.policies_list()


@router.get("/policies/{code}", response=PolicyDetailOut,
            summary="Một chính sách: nhóm đối tượng, hệ số, tham số và các mức theo thời kỳ")
def policy(request: HttpRequest, code: str) -> PolicyDetailOut:
    found = selectors.policy_get(code)
    return PolicyDetailOut(
        code=found.code, name=found.name, kind=found.kind, legal_basis=found.legal_basis,
        description=found.description, valid_from=found.valid_from, valid_to=found.valid_to,
        overlap_ref=found.overlap_ref,
        categories=[CategoryOut(
            code=c.code, name=c.name, legal_ref=c.legal_ref, restricted=c.restricted,
            customized=c.customized, documents=c.documents,
            coefficients=[BandOut(value=b.value, min_age=b.min_age, below_age=b.below_age,
                                  condition=b.condition, parameter=b.parameter, label=b.label)
                          for b in c.coefficients.all()])
            for c in found.categories.all()],
        parameters=[ParameterOut(
            code=p.code, name=p.name, unit=p.unit,
            versions=[VersionOut(
                province_code=v.province.code if v.province else None, value=v.value,
                effective_from=v.effective_from, applied_from=v.applied_from,
                legal_basis=v.legal_basis, confidence=v.confidence, usable=v.usable,
                note=v.note) for v in p.versions.all()])
            for p in found.parameters.all()],
    )


@router.get("/parameters/{code}/value", response=ParameterValueOut,
            summary="Giá trị một tham số tại một ngày (toàn quốc hoặc tại một tỉnh)")
def parameter_value(request: HttpRequest, code: str, at: date | None = None,
                    province: str = "") -> ParameterValueOut:
    parameter = selectors.parameter_get(code)
    province_code = selectors.province_by_code(province).code if province.strip() else ""
    at = at or timezone.localdate()
    found = ParameterTable().value(parameter.code, at, province_code)
    return ParameterValueOut(
        code=found.code, name=found.name, at=at, province_code=province_code or None,
        value=found.value, legal_basis=found.legal_basis, in_force_from=found.in_force_from,
        province_name=found.province_name)


@router.get("/persons/{person_id}/entitlements", response=EntitlementsOut,
            summary="Các chính sách một người được hưởng tại một ngày, có diễn giải")
def person_entitlements(request: HttpRequest, person_id: int,
                        at: date | None = None) -> EntitlementsOut:
    person = person_get_for_user(request.user, person_id)
    result = selectors.entitlements_for_user(request.user, person, at or timezone.localdate())
    return EntitlementsOut(
        person_id=person.pk, at=result.at,
        entitlements=[EntitlementOut(
            policy=e.policy, policy_name=e.policy_name, category=e.category,
            category_name=e.category_name, amount=e.amount, monthly=e.monthly, paid=e.paid,
            explanation=e.explanation) for e in result.entitlements],
        partial_view=result.partial_view, monthly_paid=result.monthly_paid)
