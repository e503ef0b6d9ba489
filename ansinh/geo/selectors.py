"""Reads for administrative units: today's provinces and communes, and old names resolved."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet

from ansinh.core.scoping import get_for_user, visible_to
from ansinh.core.text import normalize_text
from ansinh.geo.models import (
    AdministrativeUnit,
    AdministrativeUnitQuerySet,
    ResidentialGroup,
    UnitLevel,
)

# Words a name may start with, by level, as in the stored names ("Phường Cự Khối") and as
# people write them ("p. Cự Khối", "TP Hà Nội"). Longest first, so "thanh pho" wins over "t".
_COMMUNE_PREFIXES = ("dac khu", "thi tran", "phuong", "xa", "tt", "p", "x")
_DISTRICT_PREFIXES = ("thanh pho", "thi xa", "quan", "huyen", "tp", "tx", "q", "h")
_PROVINCE_PREFIXES = ("thanh pho", "tinh", "tp", "t")
_STORED_PREFIXES = {
    UnitLevel.COMMUNE: ("xa", "phuong", "thi tran", "dac khu"),
    UnitLevel.DISTRICT: ("quan", "huyen", "thi xa", "thanh pho"),
    UnitLevel.PROVINCE: ("tinh", "thanh pho"),
}
_ALIASES = {"hcm": "ho chi minh", "tphcm": "ho chi minh", "hn": "ha noi"}
_MAX_HOPS = 10


def unit_resolve_current(unit: AdministrativeUnit) -> AdministrativeUnit:
    """The unit in force today that ``unit`` became, following successor links.

    A current unit is returned as is. A legacy unit whose chain ends without a current unit
    (which the loader never produces) is returned where the chain ends.
    """
    hops = 0
    while unit.valid_to is not None and unit.successor_id is not None and hops < _MAX_HOPS:
        unit = AdministrativeUnit.objects.get(pk=unit.successor_id)
        hops += 1
    return unit


def _bare(value: str, prefixes: tuple[str, ...]) -> str:
    """``value`` as a key without its leading kind word: "P. Cự Khối" → "cu khoi"."""
    key = normalize_text(re.sub(r"[.,;:]", " ", value))
    for prefix in prefixes:
        if key.startswith(prefix + " ") and len(key) > len(prefix) + 1:
            key = key[len(prefix) + 1:]
            break
    # "Phường 01" is stored as "phường 1".
    key = " ".join(str(int(word)) if word.isdigit() else word for word in key.split())
    return _ALIASES.get(key, key)


def _name_keys(value: str, level: UnitLevel, prefixes: tuple[str, ...]) -> list[str]:
    """Every stored ``name_key`` that ``value`` may mean at ``level``."""
    bare = _bare(value, prefixes)
    return [bare, *(f"{prefix} {bare}" for prefix in _STORED_PREFIXES[level])]


def unit_find_legacy(
    *, commune: str, district: str = "", province: str = "",
) -> AdministrativeUnit | None:
    """The commune in force before 1/7/2025 named by ``commune``, ``district``, ``province``.

    Matching ignores case, diacritics and kind words ("phường", "quận", "tp"). ``province`` may
    be the old province or the one it now belongs to. Returns ``None`` when nothing matches,
    and also when several communes match (give the district to tell them apart).
    """
    queryset = AdministrativeUnit.objects.legacy().filter(
        level=UnitLevel.COMMUNE,
        name_key__in=_name_keys(commune, UnitLevel.COMMUNE, _COMMUNE_PREFIXES),
    )
    if district.strip():
        queryset = queryset.filter(
            parent__name_key__in=_name_keys(district, UnitLevel.DISTRICT, _DISTRICT_PREFIXES),
        )
    if province.strip():
        keys = _name_keys(province, UnitLevel.PROVINCE, _PROVINCE_PREFIXES)
        queryset = queryset.filter(
            Q(parent__parent__name_key__in=keys) | Q(successor__parent__name_key__in=keys),
        )
    found = list(queryset[:2])
    return found[0] if len(found) == 1 else None


def units_current_provinces() -> AdministrativeUnitQuerySet:
    """The 34 provinces in force, by code."""
    return AdministrativeUnit.objects.current().filter(level=UnitLevel.PROVINCE).order_by("path")


def units_communes_of(province: AdministrativeUnit) -> AdministrativeUnitQuerySet:
    """The communes in force in ``province``, by code."""
    return (
        AdministrativeUnit.objects.current()
        .filter(level=UnitLevel.COMMUNE, parent=province)
        .order_by("path")
    )


# --- scoped reads for pages and the API ------------------------------------------------------

def units_for(user: Any, *, level: str = "", parent_code: str = "", query: str = "",
              include_legacy: bool = False) -> QuerySet[AdministrativeUnit]:
    units = visible_to(AdministrativeUnit.objects.select_related("parent"), user)
    if not include_legacy:
        units = units.filter(valid_to__isnull=True)
    if level:
        units = units.filter(level=level)
    if parent_code:
        units = units.filter(parent__code=parent_code)
    if query:
        units = units.filter(name_key__contains=normalize_text(query))
    return units.order_by("path")


def unit_get_for_user(user: Any, code: str) -> AdministrativeUnit:
    return get_for_user(AdministrativeUnit.objects.select_related("parent", "successor"),
                        user, code=code)


def groups_for(user: Any, *, commune_code: str = "") -> QuerySet[ResidentialGroup]:
    groups = visible_to(ResidentialGroup.objects.select_related("commune"), user)
    if commune_code:
        groups = groups.filter(commune__code=commune_code)
    return groups.order_by("commune__path", "name")


def group_get_for_user(user: Any, pk: int) -> ResidentialGroup:
    return get_for_user(ResidentialGroup.objects.select_related("commune"), user, pk=pk)
