"""Administrative units for tests.

Most tests need one province and a commune or two, not the 14,149 units of ``geo-load``. The
``make_*`` helpers create units directly, with the codes, paths, kinds and name keys the loader
would give them. They are idempotent (keyed by ``code``), so they may also be called from a
session- or module-scoped fixture under ``django_db_blocker.unblock()``.

Use the fixtures in a test module with ``from ansinh.geo.tests.fixtures import small_geo``
(or list this module in ``pytest_plugins`` of the root ``conftest.py``). ``geo_country`` loads
the whole country (about a second on SQLite) for the tests that need it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from ansinh.core.text import normalize_text
from ansinh.geo.models import AdministrativeUnit, UnitKind, UnitLevel
from ansinh.geo.services import (
    CURRENT_VALID_FROM,
    LEGACY_PREFIX,
    LEGACY_VALID_TO,
    LoadSummary,
    units_load,
)


def _unit(
    *, code: str, official_code: str, name: str, kind: str, level: str, path: str,
    parent: AdministrativeUnit | None, successor: AdministrativeUnit | None = None,
    valid_from: date | None = None, valid_to: date | None = None,
) -> AdministrativeUnit:
    unit, _created = AdministrativeUnit.objects.update_or_create(
        code=code,
        defaults={
            "official_code": official_code, "name": name, "kind": kind, "level": level,
            "path": path, "parent": parent, "successor": successor,
            "valid_from": valid_from, "valid_to": valid_to, "name_key": normalize_text(name),
        },
    )
    return unit


def make_province(code: str, name: str, kind: str = UnitKind.TINH) -> AdministrativeUnit:
    """A current province: ``make_province("01", "Thành phố Hà Nội", UnitKind.THANH_PHO)``."""
    return _unit(
        code=code, official_code=code, name=name, kind=kind, level=UnitLevel.PROVINCE,
        path=code, parent=None, valid_from=CURRENT_VALID_FROM,
    )


def make_commune(
    province: AdministrativeUnit, code: str, name: str, kind: str = UnitKind.PHUONG,
) -> AdministrativeUnit:
    """A current commune of ``province``, path ``"<province>.<code>"``."""
    return _unit(
        code=code, official_code=code, name=name, kind=kind, level=UnitLevel.COMMUNE,
        path=f"{province.path}.{code}", parent=province, valid_from=CURRENT_VALID_FROM,
    )


def make_legacy_district(
    province: AdministrativeUnit, code: str, name: str, kind: str = UnitKind.QUAN,
    *, legacy_province: AdministrativeUnit | None = None,
) -> AdministrativeUnit:
    """A district abolished on 1/7/2025 whose communes went to several communes of the
    current ``province``: code ``"L" + code``, path ``"<province>.L<code>"``."""
    own = LEGACY_PREFIX + code
    return _unit(
        code=own, official_code=code, name=name, kind=kind, level=UnitLevel.DISTRICT,
        path=f"{province.path}.{own}", parent=legacy_province, successor=province,
        valid_to=LEGACY_VALID_TO,
    )


def make_legacy_commune(
    successor: AdministrativeUnit, code: str, name: str, kind: str = UnitKind.PHUONG,
    *, district: AdministrativeUnit | None = None,
) -> AdministrativeUnit:
    """A commune merged on 1/7/2025 into the current commune ``successor``: code
    ``"L" + code``, path ``"<successor path>.L<code>"`` (inside the successor's scope)."""
    own = LEGACY_PREFIX + code
    return _unit(
        code=own, official_code=code, name=name, kind=kind, level=UnitLevel.COMMUNE,
        path=f"{successor.path}.{own}", parent=district, successor=successor,
        valid_to=LEGACY_VALID_TO,
    )


@dataclass(frozen=True)
class SmallGeo:
    province: AdministrativeUnit
    commune: AdministrativeUnit
    other_commune: AdministrativeUnit
    other_province: AdministrativeUnit
    other_province_commune: AdministrativeUnit
    legacy_district: AdministrativeUnit
    legacy_commune: AdministrativeUnit


def build_small_geo() -> SmallGeo:
    """Hà Nội with phường Long Biên and Phúc Lợi, the old quận Long Biên and phường Cự Khối
    (merged into Long Biên), and Cao Bằng with one ward: codes as in the real catalogue."""
    hanoi = make_province("01", "Thành phố Hà Nội", UnitKind.THANH_PHO)
    long_bien = make_commune(hanoi, "00148", "Phường Long Biên")
    phuc_loi = make_commune(hanoi, "00136", "Phường Phúc Lợi")
    cao_bang = make_province("04", "Cao Bằng")
    thuc_phan = make_commune(cao_bang, "01273", "Phường Thục Phán")
    district = make_legacy_district(hanoi, "004", "Quận Long Biên")
    cu_khoi = make_legacy_commune(long_bien, "00154", "Phường Cự Khối", district=district)
    return SmallGeo(
        province=hanoi, commune=long_bien, other_commune=phuc_loi, other_province=cao_bang,
        other_province_commune=thuc_phan, legacy_district=district, legacy_commune=cu_khoi,
    )


@pytest.fixture
def small_geo(db: None) -> SmallGeo:
    """Two provinces, three communes and one legacy commune: enough for scoping tests."""
    return build_small_geo()


@pytest.fixture
def geo_country(db: None) -> LoadSummary:
    """The whole catalogue (34 provinces, 3,321 communes and the legacy units)."""
    return units_load()
