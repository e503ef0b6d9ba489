"""``ansinh programme --commune CODE --policy NQ42 --at 2019-12-31 --title "…"``: build the
list of a one-off programme and print its totals and exclusions."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.accounts.models import Role, RoleAssignment, User
from ansinh.cases.management.commands._common import commune_by_code, date_option
from ansinh.cases.programmes import programme_build
from ansinh.core.errors import DomainError
from ansinh.core.text import format_date, format_money
from ansinh.policies.models import Policy


class Command(BaseCommand):
    help = ("Lập danh sách hỗ trợ một lần (ví dụ Nghị quyết 42/NQ-CP) cho một xã, phường tại "
            "ngày chốt: in tổng số người, số hộ, tổng tiền và các trường hợp loại trừ với lý "
            "do. Danh sách được lập dưới tên một cán bộ của xã (--actor).")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--commune", required=True, help="Mã xã, phường hiện hành.")
        parser.add_argument("--policy", required=True, help="Mã chính sách, ví dụ NQ42.")
        parser.add_argument("--at", default="",
                            help="Ngày chốt danh sách, YYYY-MM-DD hoặc dd/mm/yyyy.")
        parser.add_argument("--title", default="", help="Tên đợt hỗ trợ.")
        parser.add_argument("--actor", default="",
                            help="Tên đăng nhập của cán bộ xã lập danh sách; bỏ trống nếu xã "
                                 "chỉ có một cán bộ.")

    def handle(self, *args: Any, **options: Any) -> None:
        commune = commune_by_code(options["commune"])
        policy = Policy.objects.filter(code=options["policy"].strip()).first()
        if policy is None:
            raise CommandError(f"Không có chính sách mã “{options['policy']}”.")
        actor = _officer(commune, options["actor"].strip())
        try:
            programme = programme_build(actor=actor, commune=commune, policy=policy,
                                        reference_date=date_option(options["at"]),
                                        title=options["title"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"{programme.title} — {commune.name}, chốt ngày "
            f"{format_date(programme.reference_date)} (mã danh sách {programme.pk}):")
        self.stdout.write(f"  Số người được hỗ trợ: {programme.persons}")
        self.stdout.write(f"  Số hộ: {programme.households}")
        self.stdout.write(f"  Tổng kinh phí: {format_money(programme.total)}")
        self.stdout.write(f"  Trường hợp loại trừ: {programme.excluded}")
        for line in programme.lines.filter(excluded=True).order_by("id"):
            self.stdout.write(f"    - {line.full_name}: {line.reason}")
        self.stdout.write(f"Xem và trình danh sách tại /ho-so/dot-ho-tro/{programme.pk}/")


def _officer(commune: Any, username: str) -> User:
    """The commune officer the list is made by, acting in that role (who is audited)."""
    assignments = RoleAssignment.objects.active().filter(
        role=Role.COMMUNE_OFFICER, unit=commune, user__is_active=True).select_related(
        "user", "unit")
    if username:
        assignment = assignments.filter(user__username=username).first()
        if assignment is None:
            raise CommandError(f"“{username}” không phải cán bộ đang làm việc tại "
                               f"{commune.name}.")
    else:
        found = list(assignments[:2])
        if len(found) != 1:
            raise CommandError(f"Hãy ghi --actor: tên đăng nhập của một cán bộ "
                               f"{commune.name}.")
        assignment = found[0]
    user = assignment.user
    user.assignment = assignment
    return user
