"""Parameter values at a date, nationally or in a province.

A value is in force from ``applied_from`` when the law made it retroactive, else from
``effective_from``. A provincial value replaces the national one only where it is higher: a
province may raise a level (Decree 20/2021 Art 4(3)), never lower it. A version pending
confirmation is never used.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from ansinh.core.errors import DomainError
from ansinh.core.text import format_date
from ansinh.policies.models import Confidence, ParameterVersion


@dataclass(frozen=True)
class ParameterValue:
    code: str
    name: str
    value: int
    legal_basis: str
    in_force_from: date
    province_name: str = ""  # set when a provincial value applies

    def source(self) -> str:
        where = f"{self.province_name}, " if self.province_name else ""
        return f"{where}{self.legal_basis}, từ {format_date(self.in_force_from)}"


class ParameterTable:
    """Every usable parameter version, read once; answers ``value(code, at, province)``."""

    def __init__(self, *, without: int | None = None,
                 codes: Collection[str] | None = None) -> None:
        """``without``: leave out one version (the values as they were before it came);
        ``codes``: read only these parameters."""
        self._versions: dict[tuple[str, str], list[ParameterVersion]] = {}
        usable = ParameterVersion.objects.exclude(confidence=Confidence.PENDING)
        if without is not None:
            usable = usable.exclude(pk=without)
        if codes is not None:
            usable = usable.filter(parameter__code__in=codes)
        for version in usable.select_related("parameter", "province"):
            key = (version.parameter.code, version.province.code if version.province else "")
            self._versions.setdefault(key, []).append(version)
        for versions in self._versions.values():
            versions.sort(key=_in_force_from)

    def _latest(self, code: str, province: str, at: date) -> ParameterVersion | None:
        found = None
        for version in self._versions.get((code, province), []):
            if _in_force_from(version) <= at:
                found = version
        return found

    def value(self, code: str, at: date, province: str = "") -> ParameterValue:
        """The value of ``code`` at ``at`` in ``province`` (a province code; "" nationally)."""
        national = self._latest(code, "", at)
        local = self._latest(code, province, at) if province else None
        chosen = local if local is not None and (
            national is None or local.value > national.value) else national
        if chosen is None:
            raise DomainError(f"Tham số {code} chưa có giá trị được xác nhận tại ngày "
                              f"{format_date(at)}.")
        return ParameterValue(
            code=code, name=chosen.parameter.name, value=chosen.value,
            legal_basis=chosen.legal_basis, in_force_from=_in_force_from(chosen),
            province_name=chosen.province.name if chosen.province else "")

    def has(self, code: str, at: date, province: str = "") -> bool:
        if self._latest(code, "", at) is not None:
            return True
        return bool(province) and self._latest(code, province, at) is not None


def _in_force_from(version: ParameterVersion) -> date:
    return version.applied_from or version.effective_from


def parameter_value(code: str, at: date, province: str = "") -> ParameterValue:
    """One parameter's value; for many look-ups build a ParameterTable once."""
    return ParameterTable().value(code, at, province)
