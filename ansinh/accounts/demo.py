"""Demo accounts, one per role; their shared password is shown on the login page in demo mode
only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ansinh.accounts.models import Role, User
from ansinh.accounts.services import assignment_create, user_create

if TYPE_CHECKING:
    from ansinh.core.demo import DemoSite

DEMO_PASSWORD = "ansinh2026"  # noqa: S105 - published on the demo login page on purpose
DEMO_USERNAME_PREFIX = "demo."


def populate(site: DemoSite) -> None:
    commune, province = site.commune, site.province
    plan = [
        ("demo.canbo", "Nguyễn Thị Hoa", [(Role.COMMUNE_OFFICER, commune)]),
        ("demo.lanhdao", "Trần Văn Minh", [(Role.COMMUNE_LEADER, commune)]),
        ("demo.tinh", "Lê Thu Trang", [(Role.PROVINCE_OFFICER, province)]),
        ("demo.giamsat", "Phạm Quốc Hùng",
         [(Role.SUPERVISOR, commune), (Role.SUPERVISOR, province)]),
        ("demo.kiemtoan", "Đỗ Thanh Bình", [(Role.AUDITOR, province)]),
    ]
    created = 0
    for username, full_name, roles in plan:
        user = User.objects.filter(username=username).first()
        if user is None:
            user, _password = user_create(actor=None, username=username, full_name=full_name,
                                          password=DEMO_PASSWORD)
            for role, unit in roles:
                assignment_create(actor=None, user=user, role=role, unit=unit)
            created += 1
        user.refresh_from_db()
        user.assignment = user.active_assignment  # acting as after signing in
        site.users[username] = user
    site.lines.append(f"{created} tài khoản mới (mật khẩu “{DEMO_PASSWORD}”)")
