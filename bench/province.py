"""The province the heavy benches share: Hà Nội (01) filled with synthetic persons
(``synth_people``, seed 7), and its province officer, who signs in to the pages timed.

Each bench asks for the persons it needs; the persons an earlier bench of the run left are
kept, and only the shortfall is added.
"""

from __future__ import annotations

from ansinh.accounts.models import Role, User
from ansinh.accounts.services import assignment_create, user_create
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.geo.services import units_load
from ansinh.registry.models import Person
from ansinh.registry.synth import synth_people

PROVINCE = "01"
OFFICER = "bench.tinh"


def synth_province(persons: int) -> AdministrativeUnit:
    """Province 01 with at least ``persons`` persons in its communes (units loaded if need be)."""
    # Loaded unless it is already: a run of some benches only (`python -m bench
    # registry_import integrity_dedup`) may find just the one commune the import bench makes,
    # and a million persons in one commune are not a province.
    communes = AdministrativeUnit.objects.filter(parent__code=PROVINCE, level=UnitLevel.COMMUNE)
    if communes.count() < 2:
        units_load()
    province = AdministrativeUnit.objects.get(code=PROVINCE, level=UnitLevel.PROVINCE)
    have = Person.objects.filter(commune__parent=province).count()
    if have < persons:
        synth_people(province=province, persons=persons - have, seed=7)
    return province


def province_officer(province: AdministrativeUnit) -> User:
    """The province officer of ``province``, acting for it (``user.assignment`` set, as the
    services expect of the user a request carries)."""
    user = User.objects.filter(username=OFFICER).first()
    if user is None:
        user, _password = user_create(actor=None, username=OFFICER, full_name="Bench",
                                      password=None)
        assignment_create(actor=None, user=user, role=Role.PROVINCE_OFFICER, unit=province)
    user.refresh_from_db()
    user.assignment = user.active_assignment  # type: ignore[attr-defined]
    return user
