"""Demo part: the ward's residential groups and its synthetic population."""

from __future__ import annotations

from ansinh.core.demo import DemoSite
from ansinh.geo.services import residential_group_create
from ansinh.registry.models import Person
from ansinh.registry.synth import synth_people

DEMO_GROUPS = [f"Tổ {n}" for n in range(1, 11)]
# About the population of one ward's residential groups in the seed reports, kept small so
# that `make run` stays quick.
DEMO_PERSONS = 3000


def populate(site: DemoSite) -> None:
    commune = site.commune
    existing = set(commune.residential_groups.values_list("name", flat=True))
    for name in DEMO_GROUPS:
        if name not in existing:
            residential_group_create(actor=site.user("demo.canbo"), commune=commune, name=name)
    missing = DEMO_PERSONS - Person.objects.filter(commune=commune).count()
    if missing > 0:
        synth_people(province=site.province, commune=commune, persons=missing, seed=2026)
    site.lines.append(f"{Person.objects.filter(commune=commune).count()} nhân khẩu mô phỏng")
