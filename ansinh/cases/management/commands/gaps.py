"""``ansinh gaps --commune CODE [--at DATE]``: who appears entitled to a monthly allowance but
has neither a benefit nor an open dossier."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from ansinh.cases.management.commands._common import commune_by_code, date_option
from ansinh.cases.programmes import gaps_find
from ansinh.core.text import format_date, format_money


class Command(BaseCommand):
    help = ("Rà soát một xã, phường: những người có vẻ đủ điều kiện hưởng trợ cấp xã hội hoặc "
            "trợ cấp hưu trí xã hội mà chưa hưởng, chưa có hồ sơ, với lý do. Nhóm đối tượng "
            "thuộc thông tin hạn chế (nhiễm HIV) chỉ được đếm, không in tên.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--commune", required=True, help="Mã xã, phường hiện hành.")
        parser.add_argument("--at", default="",
                            help="Ngày rà soát, YYYY-MM-DD hoặc dd/mm/yyyy (mặc định hôm nay).")

    def handle(self, *args: Any, **options: Any) -> None:
        commune = commune_by_code(options["commune"])
        at = date_option(options["at"])
        found = gaps_find(commune=commune, at=at)
        shown = [g for g in found if not g.restricted]
        hidden = len(found) - len(shown)
        self.stdout.write(f"{commune.name} (mã {commune.code}), tại ngày {format_date(at)}: "
                          f"{len(found)} người có vẻ đủ điều kiện mà chưa hưởng.")
        for gap in sorted(shown, key=lambda g: (g.full_name, g.person_id)):
            born = format_date(gap.birth_date) if gap.birth_date else "—"
            self.stdout.write(f"  {gap.full_name} (mã {gap.person_id}, sinh {born})  "
                              f"{gap.category} {format_money(gap.amount)}/tháng  "
                              f"{gap.explanation}")
        if hidden:
            self.stdout.write(f"  Và {hidden} người thuộc nhóm đối tượng là thông tin hạn chế "
                              f"(xem trên trang rà soát với vai trò cán bộ xã).")
