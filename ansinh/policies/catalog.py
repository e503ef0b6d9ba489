"""Loading the policy catalog (``catalog/*.toml``) into the database, idempotently.

Each file holds one policy: its categories with their coefficient bands, and its parameters
with their dated versions, national or provincial. Loading again changes nothing that is
already as the files say; it leaves alone what an administrator changed in the pages (a
customised policy or category, a version an administrator confirmed or entered) and provincial
versions whose province is not loaded yet (they come with the next load).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from ansinh.core.audit import audit_record
from ansinh.core.errors import DomainError
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.policies.models import (
    Category,
    Coefficient,
    Confidence,
    Parameter,
    ParameterVersion,
    Policy,
)

CATALOG_DIR = Path(__file__).resolve().parent / "catalog"
POLICY_FIELDS = ("name", "kind", "legal_basis", "description", "base_parameter", "valid_from",
                 "valid_to", "overlap_ref", "order")
CATEGORY_FIELDS = ("name", "legal_ref", "rule", "start_rule", "restricted", "documents")
BAND_FIELDS = ("value", "min_age", "below_age", "condition", "parameter", "label")
VERSION_FIELDS = ("value", "applied_from", "legal_basis", "confidence", "note")


@dataclass
class CatalogSummary:
    policies: int = 0
    created: int = 0
    updated: int = 0
    kept: list[str] = field(default_factory=list)  # what an administrator changed, left as is
    waiting: list[str] = field(default_factory=list)  # provincial versions without province

    def lines(self) -> list[str]:
        lines = [f"Danh mục chính sách: {self.policies} chính sách, {self.created} mục mới, "
                 f"{self.updated} mục cập nhật."]
        lines += [f"  giữ nguyên (quản trị đã sửa): {item}" for item in self.kept]
        lines += [f"  chưa nạp (chưa có tỉnh): {item}" for item in self.waiting]
        return lines


def catalog_files(directory: Path = CATALOG_DIR) -> list[Path]:
    return sorted(directory.glob("*.toml"))


def catalog_read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise DomainError(f"Tệp danh mục {path.name} sai cú pháp: {exc}") from exc
    if "policy" not in data or "code" not in data["policy"]:
        raise DomainError(f"Tệp danh mục {path.name} thiếu mục [policy] với mã chính sách.")
    return data


def catalog_load(*, directory: Path = CATALOG_DIR, actor: Any = None) -> CatalogSummary:
    """Write every catalog file into the database; safe to run at every start."""
    summary = CatalogSummary()
    provinces = {u.code: u for u in AdministrativeUnit.objects.current()
                 .filter(level=UnitLevel.PROVINCE)}
    with transaction.atomic():
        for path in catalog_files(directory):
            _load_policy(catalog_read(path), provinces, summary)
            summary.policies += 1
        if summary.created or summary.updated:
            audit_record(actor=actor, action="policies.catalog_load", object_type="policies.policy",
                         object_label="catalog",
                         changes={"created": summary.created, "updated": summary.updated})
    return summary


def _sync(obj: Any, values: dict[str, Any], summary: CatalogSummary) -> None:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        summary.updated += 1


def _policy_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {name: data.get(name) for name in POLICY_FIELDS}
    for name in ("description", "base_parameter", "overlap_ref"):
        values[name] = values[name] or ""
    values["order"] = values["order"] or 0
    return values


def _load_policy(data: dict[str, Any], provinces: dict[str, AdministrativeUnit],
                 summary: CatalogSummary) -> None:
    spec = data["policy"]
    policy = Policy.objects.filter(code=spec["code"]).first()
    if policy is None:
        policy = Policy.objects.create(code=spec["code"], **_policy_values(spec))
        summary.created += 1
    elif policy.customized:
        summary.kept.append(policy.code)
    else:
        _sync(policy, _policy_values(spec), summary)
    for order, category in enumerate(data.get("categories", [])):
        _load_category(policy, category, order, summary)
    for parameter in data.get("parameters", []):
        _load_parameter(policy, parameter, provinces, summary)


def _check_category(policy: Policy, spec: dict[str, Any]) -> None:
    from ansinh.policies.eligibility import CONDITIONS, RULES

    where = f"{policy.code}/{spec.get('code')}"
    if spec.get("rule") not in RULES:
        raise DomainError(f"Nhóm {where}: quy tắc “{spec.get('rule')}” không có "
                          f"({', '.join(sorted(RULES))}).")
    for band in spec.get("coefficients", []):
        for name in filter(None, band.get("condition", "").split("+")):
            if name not in CONDITIONS:
                raise DomainError(f"Nhóm {where}: điều kiện “{name}” không có "
                                  f"({', '.join(sorted(CONDITIONS))}).")


def _load_category(policy: Policy, spec: dict[str, Any], order: int,
                   summary: CatalogSummary) -> None:
    _check_category(policy, spec)
    values = {name: spec.get(name) for name in CATEGORY_FIELDS}
    values["start_rule"] = values["start_rule"] or "decision"
    values["restricted"] = bool(values["restricted"])
    values["documents"] = values["documents"] or []
    category = Category.objects.filter(policy=policy, code=spec["code"]).first()
    if category is None:
        category = Category.objects.create(policy=policy, code=spec["code"], order=order,
                                           **values)
        summary.created += 1
    elif category.customized:
        summary.kept.append(f"{policy.code}/{category.code}")
        return
    else:
        _sync(category, {**values, "order": order}, summary)
    bands = [_band_values(band, index) for index, band in enumerate(spec.get("coefficients", []))]
    stored = [{name: getattr(c, name) for name in (*BAND_FIELDS, "order")}
              for c in category.coefficients.order_by("order")]
    if stored != bands:
        category.coefficients.all().delete()
        Coefficient.objects.bulk_create(Coefficient(category=category, **band) for band in bands)
        summary.updated += 1


def _band_values(spec: dict[str, Any], order: int) -> dict[str, Any]:
    return {"value": Decimal(str(spec["value"])).quantize(Decimal("0.01")),
            "min_age": spec.get("min_age"), "below_age": spec.get("below_age"),
            "condition": spec.get("condition", ""), "parameter": spec.get("parameter", ""),
            "label": spec.get("label", ""), "order": order}


def _load_parameter(policy: Policy, spec: dict[str, Any],
                    provinces: dict[str, AdministrativeUnit], summary: CatalogSummary) -> None:
    parameter, created = Parameter.objects.get_or_create(
        code=spec["code"], defaults={"name": spec["name"], "unit": spec.get("unit", "đồng"),
                                     "policy": policy})
    if created:
        summary.created += 1
    else:
        _sync(parameter, {"name": spec["name"], "unit": spec.get("unit", "đồng"),
                          "policy": policy}, summary)
    for version in spec.get("versions", []):
        province = None
        if version.get("province"):
            province = provinces.get(version["province"])
            if province is None:
                summary.waiting.append(f"{parameter.code} ({version['province']})")
                continue
        _load_version(parameter, province, version, summary)


def _load_version(parameter: Parameter, province: AdministrativeUnit | None,
                  spec: dict[str, Any], summary: CatalogSummary) -> None:
    effective_from: date = spec["effective_from"]
    values = {"value": int(spec["value"]), "applied_from": spec.get("applied_from"),
              "legal_basis": spec["legal_basis"], "confidence": spec["confidence"],
              "note": spec.get("note", "")}
    if values["confidence"] not in Confidence.values:
        raise DomainError(f"Tham số {parameter.code}: độ tin cậy “{values['confidence']}” "
                          f"không hợp lệ ({', '.join(Confidence.values)}).")
    version = ParameterVersion.objects.filter(parameter=parameter, province=province,
                                              effective_from=effective_from).first()
    if version is None:
        ParameterVersion.objects.create(parameter=parameter, province=province,
                                        effective_from=effective_from, **values)
        summary.created += 1
    elif version.confirmed_by_id is not None or not version.from_catalog:
        summary.kept.append(f"{parameter.code} {effective_from:%d/%m/%Y}")
    else:
        _sync(version, values, summary)
