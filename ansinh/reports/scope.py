"""What a dashboard or a report covers: the whole country, a province or a commune, and the
parts its figures are broken down into — provinces, communes, or a commune's residential
groups — so that every number can be followed one level down.

A scope is one of the units the user acts for or a unit below it; anything else answers "not
found", as everywhere. Records point at communes (and a few at provinces); legacy communes sit
under today's commune in the unit tree, so a record still naming a commune merged on 1/7/2025
counts for its successor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from ansinh.core.errors import NotFound
from ansinh.core.scoping import WHOLE_COUNTRY, scope_path
from ansinh.geo.models import AdministrativeUnit, ResidentialGroup, UnitLevel
from ansinh.geo.selectors import unit_get_for_user

COUNTRY, PROVINCE, COMMUNE = "country", "province", "commune"
UNGROUPED = 0  # the "group" of households not placed in a residential group


@dataclass(frozen=True)
class Part:
    """One part of the scope: a unit (``code`` set) or a residential group (``group`` set)."""

    key: int  # unit id or residential group id (UNGROUPED for none)
    name: str
    code: str = ""  # the unit's code, to open its own dashboard
    group: int | None = None


@dataclass
class Scope:
    unit: AdministrativeUnit | None  # None: the whole country
    parts: list[Part] = field(default_factory=list)
    # Every unit in the scope (communes current and legacy, the province itself…) → the key of
    # the part it counts for.
    part_of_unit: dict[int, int] = field(default_factory=dict)

    @property
    def level(self) -> str:
        if self.unit is None:
            return COUNTRY
        return PROVINCE if self.unit.level == UnitLevel.PROVINCE else COMMUNE

    @property
    def code(self) -> str:
        return self.unit.code if self.unit is not None else ""

    @property
    def label(self) -> str:
        if self.unit is None:
            return _("Toàn quốc")
        if self.unit.parent_id and self.unit.parent is not None:
            return f"{self.unit.name}, {self.unit.parent.name}"
        return self.unit.name

    @property
    def by_group(self) -> bool:
        """Whether the parts are residential groups (a commune's dashboard)."""
        return self.level == COMMUNE

    def unit_q(self, field_path: str) -> Q:
        """Records whose unit (reached by ``field_path``, an ``…_id`` column) is in scope."""
        if self.unit is None:
            return Q()
        return Q(**{f"{field_path}__in": list(self.part_of_unit)})

    def part_name(self, key: int | None) -> str:
        for part in self.parts:
            if part.key == key:
                return part.name
        return ""


def scope_for(user: Any, code: str = "") -> Scope:
    """The scope ``code`` names (default: the unit the user acts for), if the user sees it."""
    if code:
        unit = unit_get_for_user(user, code)
        if unit.valid_to is not None or unit.level == UnitLevel.DISTRICT:
            raise NotFound(_("Không tìm thấy đơn vị."))
        return scope_of(unit)
    path = scope_path(user)
    if path is None:
        raise NotFound(_("Bạn chưa được phân công vai trò nào."))
    if path == WHOLE_COUNTRY:
        return scope_of(None)
    return scope_of(AdministrativeUnit.objects.select_related("parent").get(path=path))


def scope_of(unit: AdministrativeUnit | None) -> Scope:
    scope = Scope(unit=unit)
    if unit is None:
        provinces = AdministrativeUnit.objects.current().filter(level=UnitLevel.PROVINCE)
        scope.parts = [Part(p.pk, p.name, code=p.code) for p in provinces.order_by("code")]
        by_code = {p.path: p.pk for p in provinces}
        scope.part_of_unit = {
            pk: by_code[path.split(".")[0]]
            for pk, path in AdministrativeUnit.objects.values_list("pk", "path")
            if path.split(".")[0] in by_code}
        return scope
    units = list(AdministrativeUnit.objects.within(unit.path).values_list("pk", "path"))
    if unit.level == UnitLevel.COMMUNE:
        groups = ResidentialGroup.objects.filter(commune=unit).order_by("name")
        scope.parts = [Part(g.pk, g.name, group=g.pk) for g in groups]
        scope.parts.append(Part(UNGROUPED, _("Chưa xếp thôn, tổ"), group=UNGROUPED))
        scope.part_of_unit = {pk: unit.pk for pk, _path in units}
        return scope
    communes = (AdministrativeUnit.objects.current()
                .filter(parent=unit, level=UnitLevel.COMMUNE).order_by("name"))
    scope.parts = [Part(c.pk, c.name, code=c.code) for c in communes]
    by_path = {c.path: c.pk for c in communes}
    depth = unit.path.count(".") + 2  # segments of a commune's path under this province
    for pk, path in units:
        # A legacy unit counts for the commune above it; the province itself (and its legacy
        # districts) for a part of its own, shown only when something is recorded there.
        scope.part_of_unit[pk] = by_path.get(".".join(path.split(".")[:depth]), unit.pk)
    scope.parts.append(Part(unit.pk, _("Cấp tỉnh"), code=""))
    return scope
