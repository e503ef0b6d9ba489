"""Demo part: the demo province (Hà Nội), its ward (the one that took in phường Cự Khối, the
ward of a seed report) and a few other communes of the province, smaller, so that the
province's figures break down by commune."""

from __future__ import annotations

from django.core.management.base import CommandError

from ansinh.core.demo import DemoSite
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.geo.selectors import unit_find_legacy, unit_resolve_current

DEMO_PROVINCE = "01"  # Hà Nội
OTHER_COMMUNES = 4


def populate(site: DemoSite) -> None:
    province = AdministrativeUnit.objects.current().filter(code=DEMO_PROVINCE).first()
    if province is None:
        raise CommandError("Chưa có danh mục đơn vị hành chính: chạy ansinh geo-load trước.")
    site.province, site.commune = province, _demo_commune(province)
    site.others = list(AdministrativeUnit.objects.current()
                       .filter(parent=province, level=UnitLevel.COMMUNE)
                       .exclude(pk=site.commune.pk).order_by("code")[:OTHER_COMMUNES])
    site.lines.append(f"địa bàn mẫu {site.commune.name}, {province.name}"
                      + (f" và {len(site.others)} xã, phường khác" if site.others else ""))


def _demo_commune(province: AdministrativeUnit) -> AdministrativeUnit:
    """Today's ward that took in phường Cự Khối, else the province's first commune."""
    legacy = unit_find_legacy(commune="Cự Khối", district="Long Biên", province="Hà Nội")
    if legacy is not None:
        return unit_resolve_current(legacy)
    first = (AdministrativeUnit.objects.current()
             .filter(parent=province, level=UnitLevel.COMMUNE).order_by("code").first())
    if first is None:
        raise CommandError("Tỉnh demo chưa có xã, phường nào.")
    return first
