"""Writes for the administrative-unit catalogue.

:func:`units_load` fills :class:`~ansinh.geo.models.AdministrativeUnit` from two offline
packages:

- ``vietnam-provinces`` — the 34 provinces and 3,321 communes in force from 1 July 2025, with
  the codes of Decision 19/2025/QĐ-TTg. These are the current units; their codes are the
  official ones.
- ``vietnamadminunits`` — the 63 provinces, 696 districts and 10,035 communes in force until
  30 June 2025 (table ``admin_units_legacy`` of its ``data/dataset.db``) and the old→new
  mapping its ``convert_address`` uses (``data/converter_2025.json``). Legacy units get the code
  ``"L" + old official code`` (``L01`` province, ``L004`` district, ``L00154`` commune: the
  lengths differ, so the codes never clash), and sit in the tree under the unit that replaced
  them (see the model's docstring).

How successors are chosen:

- an old province → the new province it was merged into (provinces merged whole);
- an old commune → the new commune that took it; for an old commune split between several new
  communes, the one the package flags ``isDefaultNewWard`` (what ``convert_address`` answers for
  an address without a street); the package flags exactly one for each of the 471 splits;
- an old district → the one new commune all its territory went to, counting every part of a
  split commune (14 districts: the islands that became đặc khu, e.g. Côn Đảo, and Mường Lay,
  thị xã Quảng Trị, Ngũ Hành Sơn); otherwise the new province, with the path
  ``"<province>.L<code>"``.

``vietnamadminunits`` also has its own codes for the new communes, and 121 of them differ from
the official ones in ``vietnam-provinces`` (names written with the other tone-mark placement
too), so new communes are matched to ``vietnam-provinces`` by province and name, never by its
codes.

Loading compares what is stored with what the packages say and writes only the difference in
bulk (``bulk_create``, and one ``executemany`` of updates by primary key: Django's
``bulk_update`` builds ``CASE`` expressions that take 20 s for the whole catalogue on SQLite,
against well under a second for this), so a second run writes nothing. Units the packages do not
name are left alone: records may point at them.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import connections, router, transaction
from django.utils.translation import gettext as _

from ansinh.core.audit import audit_record, diff, snapshot
from ansinh.core.errors import DomainError, NotFound
from ansinh.core.scoping import require_write, unit_in_scope
from ansinh.core.services import model_update
from ansinh.core.text import normalize_text
from ansinh.geo.models import (
    AdministrativeUnit,
    ResidentialGroup,
    ResidentialGroupKind,
    UnitKind,
    UnitLevel,
)

CURRENT_VALID_FROM = date(2025, 7, 1)
LEGACY_VALID_TO = date(2025, 6, 30)
LEGACY_PREFIX = "L"

# The fields the loader owns; ``code`` identifies the row.
_FIELDS = (
    "official_code", "name", "kind", "level", "parent_id", "successor_id", "path",
    "valid_from", "valid_to", "name_key",
)
_UPDATE_FIELDS = [f.removesuffix("_id") for f in _FIELDS]
_BATCH = 500

_DISTRICT_KINDS = {
    "Quận": UnitKind.QUAN,
    "Huyện": UnitKind.HUYEN,
    "Thị xã": UnitKind.THI_XA,
    # Includes Thủ Đức, a city under Hồ Chí Minh City rather than under a province.
    "Thành phố": UnitKind.THANH_PHO_THUOC_TINH,
}
_LEGACY_COMMUNE_KINDS = {
    "Xã": UnitKind.XA,
    "Phường": UnitKind.PHUONG,
    "Thị trấn": UnitKind.THI_TRAN,
}


class GeoLoadError(DomainError):
    """The packaged data does not fit together; nothing was written."""

    code = "geo_load_error"


@dataclass(frozen=True)
class LoadSummary:
    provinces: int
    communes: int
    legacy_provinces: int = 0
    legacy_districts: int = 0
    legacy_communes: int = 0
    created: int = 0
    updated: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "provinces": self.provinces, "communes": self.communes,
            "legacy_provinces": self.legacy_provinces,
            "legacy_districts": self.legacy_districts,
            "legacy_communes": self.legacy_communes,
            "created": self.created, "updated": self.updated,
        }


@dataclass(frozen=True)
class _Row:
    """One unit as the packages describe it; foreign keys by code."""

    code: str
    official_code: str
    name: str
    kind: str
    level: str
    path: str
    parent_code: str | None = None
    successor_code: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None


def _nfc(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split())


# --- Current units: vietnam-provinces ------------------------------------------------------

def _current_rows() -> tuple[list[_Row], list[_Row]]:
    from vietnam_provinces import Province, VietNamDivisionType, Ward

    province_kinds = {
        VietNamDivisionType.TINH: UnitKind.TINH,
        VietNamDivisionType.THANH_PHO_TRUNG_UONG: UnitKind.THANH_PHO,
    }
    commune_kinds = {
        VietNamDivisionType.XA: UnitKind.XA,
        VietNamDivisionType.PHUONG: UnitKind.PHUONG,
        VietNamDivisionType.DAC_KHU: UnitKind.DAC_KHU,
    }
    provinces = []
    for province in Province.iter_all():
        code = f"{int(province.code):02d}"
        provinces.append(_Row(
            code=code, official_code=code, name=_nfc(province.name),
            kind=province_kinds[province.division_type], level=UnitLevel.PROVINCE, path=code,
            valid_from=CURRENT_VALID_FROM,
        ))
    communes = []
    for ward in Ward.iter_all():
        code = f"{int(ward.code):05d}"
        province_code = f"{int(ward.province_code):02d}"
        communes.append(_Row(
            code=code, official_code=code, name=_nfc(ward.name),
            kind=commune_kinds[ward.division_type], level=UnitLevel.COMMUNE,
            path=f"{province_code}.{code}", parent_code=province_code,
            valid_from=CURRENT_VALID_FROM,
        ))
    return provinces, communes


# --- Legacy units: vietnamadminunits -------------------------------------------------------

def _adminunits_data_dir() -> Path:
    # find_spec locates the package without importing it: its __init__ loads the address
    # parser (geopy, shapely, several MB of JSON), which the loader does not need.
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise GeoLoadError(
            _("Chưa cài gói vietnamadminunits: không nạp được đơn vị hành chính cũ."))
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _read_table(db_path: Path, sql: str) -> list[dict[str, Any]]:
    # immutable=1: read-only and no -wal/-shm files written next to the installed package.
    conn = sqlite3.connect(f"{db_path.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(sql)]
    finally:
        conn.close()


def _match_key(value: str) -> str:
    """Letters and digits only: ignores tone-mark placement (Hòa/Hoà), hyphens and spaces."""
    return "".join(ch for ch in normalize_text(value) if ch.isalnum())


@dataclass(frozen=True)
class _Successors:
    """Where the old units went, as the package says."""

    # old province key → new province code
    province: dict[str, str]
    # "<old province key>_<old district key>_<old ward key>" → (primary new commune code,
    # every new commune code that took part of it)
    commune: dict[str, tuple[str, frozenset[str]]]


def _new_commune_codes(
    new_units: Iterable[dict[str, Any]], current_communes: Iterable[_Row],
) -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    """The package's new communes ((province key, ward key)) → official commune codes, matched
    by province and name; and its new province keys → province codes."""
    by_name: dict[tuple[str, str], str] = {}
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in current_communes:
        province = row.parent_code or ""
        by_name[(province, row.name)] = row.code
        by_key[(province, _match_key(row.name))].append(row.code)
    commune_codes: dict[tuple[str, str], str] = {}
    province_codes: dict[str, str] = {}
    for unit in new_units:
        province, name = unit["provinceCode"], _nfc(unit["ward"])
        province_codes[unit["provinceKey"]] = province
        code = by_name.get((province, name))
        if code is None:
            # Same name written with the other tone-mark placement ("Hòa" / "Hoà").
            candidates = by_key.get((province, _match_key(name)), [])
            if len(candidates) != 1:
                raise GeoLoadError(
                    _("Không khớp được “%(name)s” (tỉnh %(province)s) của gói vietnamadminunits "
                      "với danh mục hiện hành.") % {"name": name, "province": province})
            code = candidates[0]
        commune_codes[(unit["provinceKey"], unit["wardKey"])] = code
    return commune_codes, province_codes


def _successors(
    converter: dict[str, Any], commune_codes: dict[tuple[str, str], str],
    province_codes: dict[str, str],
) -> _Successors:
    provinces: dict[str, str] = {}
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            provinces[old_key] = province_codes[new_key]
    communes: dict[str, tuple[str, frozenset[str]]] = {}
    for new_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            code = commune_codes[(new_key, new_ward)]
            for old_key in old_keys:
                communes[old_key] = (code, frozenset({code}))
    for new_key, splits in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in splits.items():
            if old_key in communes:
                continue  # convert_address looks at the undivided mapping first; so do we
            defaults = [part["newWardKey"] for part in parts if part["isDefaultNewWard"]]
            if len(defaults) != 1:
                raise GeoLoadError(
                    _("Gói vietnamadminunits không nêu đơn vị kế thừa chính của %(key)s.")
                    % {"key": old_key})
            communes[old_key] = (
                commune_codes[(new_key, defaults[0])],
                frozenset(commune_codes[(new_key, part["newWardKey"])] for part in parts),
            )
    return _Successors(province=provinces, commune=communes)


@dataclass
class _District:
    name: str
    type: str
    old_province: str
    new_province: str
    new_communes: set[str]


def _legacy_rows(current_communes: Sequence[_Row]) -> tuple[list[_Row], list[_Row], list[_Row]]:
    data_dir = _adminunits_data_dir()
    db_path = data_dir / "dataset.db"
    legacy = _read_table(db_path, (
        "SELECT province, district, ward, districtType, wardType, provinceCode, districtCode, "
        "wardCode, provinceKey, districtKey, wardKey FROM admin_units_legacy"
    ))
    new_units = _read_table(db_path, (
        "SELECT ward, provinceCode, provinceKey, wardKey FROM admin_units"
    ))
    with (data_dir / "converter_2025.json").open(encoding="utf-8") as handle:
        converter = json.load(handle)
    successors = _successors(converter, *_new_commune_codes(new_units, current_communes))
    current_path = {row.code: row.path for row in current_communes}

    provinces: dict[str, _Row] = {}
    districts: dict[str, _District] = {}
    communes: list[_Row] = []
    for item in legacy:
        old_province = item["provinceCode"]
        new_province = successors.province.get(item["provinceKey"])
        if new_province is None:
            raise GeoLoadError(_("Không rõ %(name)s cũ nay thuộc tỉnh nào.")
                               % {"name": item["province"]})
        if old_province not in provinces:
            code = LEGACY_PREFIX + old_province
            name = _nfc(item["province"])
            provinces[old_province] = _Row(
                code=code, official_code=old_province, name=name,
                kind=UnitKind.THANH_PHO if name.startswith("Thành phố") else UnitKind.TINH,
                level=UnitLevel.PROVINCE, path=f"{new_province}.{code}",
                successor_code=new_province, valid_to=LEGACY_VALID_TO,
            )
        district = districts.setdefault(item["districtCode"], _District(
            name=_nfc(item["district"]), type=item["districtType"], old_province=old_province,
            new_province=new_province, new_communes=set(),
        ))
        mapping_key = f"{item['provinceKey']}_{item['districtKey']}_{item['wardKey'] or ''}"
        mapped = successors.commune.get(mapping_key)
        if mapped is None:
            raise GeoLoadError(_("Không rõ %(ward)s, %(district)s, %(province)s nay thuộc xã nào.")
                               % {"ward": item["ward"] or "", "district": item["district"],
                                  "province": item["province"]})
        primary, parts = mapped
        district.new_communes |= parts
        if not item["wardCode"]:
            continue  # an island district without communes: only the district is a unit
        kind = _LEGACY_COMMUNE_KINDS.get(item["wardType"])
        if kind is None:
            raise GeoLoadError(_("Loại đơn vị “%(kind)s” của %(ward)s không rõ.")
                               % {"kind": item["wardType"], "ward": item["ward"]})
        code = LEGACY_PREFIX + item["wardCode"]
        communes.append(_Row(
            code=code, official_code=item["wardCode"], name=_nfc(item["ward"]), kind=kind,
            level=UnitLevel.COMMUNE, path=f"{current_path[primary]}.{code}",
            parent_code=LEGACY_PREFIX + item["districtCode"], successor_code=primary,
            valid_to=LEGACY_VALID_TO,
        ))
    return list(provinces.values()), _district_rows(districts, current_path), communes


def _district_rows(districts: dict[str, _District], current_path: dict[str, str]) -> list[_Row]:
    rows = []
    for old_code, district in districts.items():
        kind = _DISTRICT_KINDS.get(district.type)
        if kind is None:
            raise GeoLoadError(_("Loại đơn vị “%(kind)s” của %(name)s không rõ.")
                               % {"kind": district.type, "name": district.name})
        code = LEGACY_PREFIX + old_code
        if len(district.new_communes) == 1:
            # All of it went to one commune (Côn Đảo → đặc khu Côn Đảo): sit under it.
            successor = next(iter(district.new_communes))
            path = f"{current_path[successor]}.{code}"
        else:
            successor = district.new_province
            path = f"{successor}.{code}"
        rows.append(_Row(
            code=code, official_code=old_code, name=district.name, kind=kind,
            level=UnitLevel.DISTRICT, path=path,
            parent_code=LEGACY_PREFIX + district.old_province, successor_code=successor,
            valid_to=LEGACY_VALID_TO,
        ))
    return rows


# --- Writing ---------------------------------------------------------------------------------

class _Writer:
    """Creates and updates rows tier by tier, so foreign keys point at rows already written."""

    def __init__(self) -> None:
        self.existing: dict[str, tuple[int, tuple[Any, ...]]] = {
            code: (pk, tuple(values))
            for pk, code, *values in AdministrativeUnit.objects.values_list(
                "pk", "code", *_FIELDS).iterator(chunk_size=5000)
        }
        self.ids = {code: pk for code, (pk, _values) in self.existing.items()}
        self.created = 0
        self.updated = 0

    def _id(self, code: str | None) -> int | None:
        return None if code is None else self.ids[code]

    def write(self, rows: Iterable[_Row]) -> None:
        to_create: list[AdministrativeUnit] = []
        to_update: list[AdministrativeUnit] = []
        for row in rows:
            values = (
                row.official_code, row.name, row.kind, row.level,
                self._id(row.parent_code), self._id(row.successor_code), row.path,
                row.valid_from, row.valid_to, normalize_text(row.name),
            )
            fields = dict(zip(_FIELDS, values, strict=True))
            stored = self.existing.get(row.code)
            if stored is None:
                to_create.append(AdministrativeUnit(code=row.code, **fields))
            elif stored[1] != values:
                to_update.append(AdministrativeUnit(pk=stored[0], code=row.code, **fields))
        if to_create:
            AdministrativeUnit.objects.bulk_create(to_create, batch_size=_BATCH)
            missing = [unit.code for unit in to_create if unit.pk is None]
            # Backends that do not return ids from a bulk insert (MySQL): read them back.
            self.ids.update({unit.code: unit.pk for unit in to_create if unit.pk is not None})
            if missing:
                self.ids.update(AdministrativeUnit.objects.filter(code__in=missing)
                                .values_list("code", "pk"))
        if to_update:
            _update_all(to_update)
        self.created += len(to_create)
        self.updated += len(to_update)


def _update_all(units: Sequence[AdministrativeUnit]) -> None:
    """Write the loader's fields of ``units`` back, one parameterised UPDATE by primary key."""
    meta = AdministrativeUnit._meta
    connection = connections[router.db_for_write(AdministrativeUnit)]
    quote = connection.ops.quote_name
    fields = [field for field in meta.concrete_fields if field.name in _UPDATE_FIELDS]
    pk_column = meta.pk.column if meta.pk is not None else "id"
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    # Only model metadata is formatted into the statement; values are parameters.
    sql = (f"UPDATE {quote(meta.db_table)} SET {assignments} "  # noqa: S608
           f"WHERE {quote(pk_column)} = %s")
    params = [
        [field.get_db_prep_save(getattr(unit, field.attname), connection) for field in fields]
        + [unit.pk]
        for unit in units
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def units_load(*, include_legacy: bool = True) -> LoadSummary:
    """Load (or bring up to date) every administrative unit from the installed packages.

    Idempotent: a second run finds nothing to write and returns ``created == updated == 0``.
    Records one ``geo.load`` audit event per run.
    """
    provinces, communes = _current_rows()
    legacy: tuple[list[_Row], list[_Row], list[_Row]] = ([], [], [])
    if include_legacy:
        legacy = _legacy_rows(communes)
    legacy_provinces, legacy_districts, legacy_communes = legacy

    with transaction.atomic():
        writer = _Writer()
        for tier in (provinces, communes, legacy_provinces, legacy_districts, legacy_communes):
            writer.write(tier)
        summary = LoadSummary(
            provinces=len(provinces), communes=len(communes),
            legacy_provinces=len(legacy_provinces), legacy_districts=len(legacy_districts),
            legacy_communes=len(legacy_communes),
            created=writer.created, updated=writer.updated,
        )
        audit_record(
            actor=None, action="geo.load", object_type="geo.administrativeunit",
            object_label="Danh mục đơn vị hành chính",
            changes={**summary.as_dict(), "include_legacy": include_legacy},
        )
    return summary


# --- residential groups ---------------------------------------------------------------------

GROUP_FIELDS = ("name", "kind", "is_active")


def residential_group_create(
    *,
    actor: Any,
    commune: AdministrativeUnit,
    name: str,
    kind: str = ResidentialGroupKind.TO_DAN_PHO,
) -> ResidentialGroup:
    """A commune officer adds a thôn or tổ dân phố to a commune in their scope."""
    require_write(actor)
    if not unit_in_scope(actor, commune):
        raise NotFound(_("Không tìm thấy đơn vị."))
    if commune.level != UnitLevel.COMMUNE or commune.is_legacy:
        raise DomainError(_("Thôn, tổ dân phố chỉ thuộc một xã, phường, đặc khu hiện hành."),
                          field="commune")
    name = " ".join(name.split())
    if commune.residential_groups.filter(name__iexact=name).exists():
        raise DomainError(_("%(unit)s đã có “%(name)s”.") % {"unit": commune.name, "name": name},
                          field="name")
    group = ResidentialGroup(commune=commune, name=name, kind=kind)
    group.full_clean()
    with transaction.atomic():
        group.save()
        audit_record(actor=actor, action="geo.group.create", obj=group, unit=commune,
                     changes=diff({}, snapshot(group, GROUP_FIELDS)))
    return group


def residential_group_update(
    *, actor: Any, group: ResidentialGroup, **fields: Any
) -> ResidentialGroup:
    require_write(actor)
    if not unit_in_scope(actor, group.commune):
        raise NotFound(_("Không tìm thấy thôn, tổ dân phố."))
    if "name" in fields:
        fields["name"] = " ".join(str(fields["name"]).split())
        clash = group.commune.residential_groups.filter(name__iexact=fields["name"])
        if clash.exclude(pk=group.pk).exists():
            raise DomainError(_("%(unit)s đã có “%(name)s”.")
                              % {"unit": group.commune.name, "name": fields["name"]}, field="name")
    return model_update(actor=actor, obj=group, editable=GROUP_FIELDS,
                        action="geo.group.update", unit=group.commune, **fields)
