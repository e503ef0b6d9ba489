"""`ansinh demo`: demo accounts, one per role, and a populated ward, for trying An Sinh out.

Idempotent. Only meant for demo installations (ANSINH_DEMO=1); it lives in the registry, the
highest app so far, and later modules add their demo data here.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from ansinh.accounts.demo import DEMO_PASSWORD
from ansinh.accounts.models import Role, User
from ansinh.accounts.services import assignment_create, user_create
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.geo.selectors import unit_find_legacy, unit_resolve_current
from ansinh.geo.services import residential_group_create
from ansinh.registry.models import Person
from ansinh.registry.synth import synth_people

DEMO_PROVINCE = "01"  # Hà Nội
DEMO_GROUPS = [f"Tổ {n}" for n in range(1, 11)]
# About the population of one ward's residential groups in the seed reports, kept small so
# that `make run` stays quick.
DEMO_PERSONS = 3000


class Command(BaseCommand):
    help = "Tạo tài khoản dùng thử (mỗi vai trò một tài khoản) và địa bàn mẫu."

    def handle(self, *args: Any, **options: Any) -> None:
        province = AdministrativeUnit.objects.current().filter(code=DEMO_PROVINCE).first()
        if province is None:
            raise CommandError("Chưa có danh mục đơn vị hành chính: chạy ansinh geo-load trước.")
        commune = self._demo_commune(province)
        plan = [
            ("demo.canbo", "Nguyễn Thị Hoa", [(Role.COMMUNE_OFFICER, commune)]),
            ("demo.lanhdao", "Trần Văn Minh", [(Role.COMMUNE_LEADER, commune)]),
            ("demo.tinh", "Lê Thu Trang", [(Role.PROVINCE_OFFICER, province)]),
            ("demo.giamsat", "Phạm Quốc Hùng",
             [(Role.SUPERVISOR, commune), (Role.SUPERVISOR, province)]),
            ("demo.kiemtoan", "Đỗ Thanh Bình", [(Role.AUDITOR, province)]),
        ]
        created = 0
        with transaction.atomic():
            for username, full_name, roles in plan:
                if User.objects.filter(username=username).exists():
                    continue
                user, _password = user_create(actor=None, username=username, full_name=full_name,
                                              password=DEMO_PASSWORD)
                for role, unit in roles:
                    assignment_create(actor=None, user=user, role=role, unit=unit)
                created += 1
            self._demo_groups(commune)
            missing = DEMO_PERSONS - Person.objects.filter(commune=commune).count()
            if missing > 0:
                synth_people(province=province, commune=commune, persons=missing, seed=2026)
        self.stdout.write(
            f"Dữ liệu demo: {created} tài khoản mới (mật khẩu “{DEMO_PASSWORD}”), "
            f"địa bàn mẫu {commune.name}, {province.name}, "
            f"{Person.objects.filter(commune=commune).count()} nhân khẩu mô phỏng."
        )

    @staticmethod
    def _demo_commune(province: AdministrativeUnit) -> AdministrativeUnit:
        """Today's ward that took in phường Cự Khối (a seed report's ward), else the first one."""
        legacy = unit_find_legacy(commune="Cự Khối", district="Long Biên", province="Hà Nội")
        if legacy is not None:
            return unit_resolve_current(legacy)
        first = (AdministrativeUnit.objects.current()
                 .filter(parent=province, level=UnitLevel.COMMUNE).order_by("code").first())
        if first is None:
            raise CommandError("Tỉnh demo chưa có xã, phường nào.")
        return first

    @staticmethod
    def _demo_groups(commune: AdministrativeUnit) -> None:
        officer = User.objects.get(username="demo.canbo")
        officer.assignment = officer.assignments.active().select_related("unit").first()
        existing = set(commune.residential_groups.values_list("name", flat=True))
        for name in DEMO_GROUPS:
            if name not in existing:
                residential_group_create(actor=officer, commune=commune, name=name)
