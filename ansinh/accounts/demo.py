"""Demo accounts, one per role; their shared password is shown on the login page in demo mode
only. The province's other demo communes get an officer and a leader each too
(``canbo.<code>``, ``lanhdao.<code>``): outside the ``demo.`` prefix, so that the login page
still lists one account per role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    site.staff[commune.pk] = (site.user("demo.canbo"), site.user("demo.lanhdao"))
    for index, other in enumerate(site.others):
        officer_name, leader_name = COMMUNE_STAFF[index % len(COMMUNE_STAFF)]
        officer, new_officer = _commune_user(f"canbo.{other.code}", officer_name,
                                             Role.COMMUNE_OFFICER, other)
        leader, new_leader = _commune_user(f"lanhdao.{other.code}", leader_name,
                                           Role.COMMUNE_LEADER, other)
        created += new_officer + new_leader
        site.staff[other.pk] = (officer, leader)
    site.lines.append(f"{created} tài khoản mới (mật khẩu “{DEMO_PASSWORD}”)")


# The officer and the leader of each other commune.
COMMUNE_STAFF = [
    ("Vũ Thị Lan", "Ngô Văn Thắng"),
    ("Bùi Thị Hạnh", "Đinh Quang Huy"),
    ("Phan Thị Ngọc", "Lý Văn Toàn"),
    ("Hồ Thị Thanh", "Mai Đức Anh"),
    ("Trịnh Thị Yến", "Tạ Văn Sơn"),
]


def _commune_user(username: str, full_name: str, role: str, unit: Any) -> tuple[Any, bool]:
    user = User.objects.filter(username=username).first()
    created = user is None
    if user is None:
        user, _password = user_create(actor=None, username=username, full_name=full_name,
                                      password=DEMO_PASSWORD)
        assignment_create(actor=None, user=user, role=role, unit=unit)
    user.refresh_from_db()
    user.assignment = user.active_assignment
    return user, created
