"""``ansinh eligibility --commune CODE``: who in a commune is entitled to what at a date."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ansinh.core.errors import DomainError
from ansinh.core.text import format_date, format_money, parse_date_vn
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.policies.reports import commune_summary, write_excel


class Command(BaseCommand):
    help = ("Xét điều kiện hưởng chính sách cho mọi người trong một xã, phường tại một ngày: "
            "số người theo từng nhóm đối tượng và tổng chi trả hằng tháng; ghi danh sách ra "
            "Excel nếu có --out.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--commune", required=True,
                            help="Mã xã, phường, đặc khu hiện hành, ví dụ 00004.")
        parser.add_argument("--at", default="",
                            help="Ngày xét, YYYY-MM-DD hoặc dd/mm/yyyy (mặc định: hôm nay).")
        parser.add_argument("--out", default="", help="Tệp Excel (.xlsx) để ghi danh sách.")
        parser.add_argument("--include-restricted", action="store_true",
                            help="Ghi cả các nhóm thuộc thông tin hạn chế (nhiễm HIV) vào tệp "
                                 "Excel. Mặc định không ghi.")

    def handle(self, *args: Any, **options: Any) -> None:
        commune = AdministrativeUnit.objects.current().filter(
            code=options["commune"].strip(), level=UnitLevel.COMMUNE).first()
        if commune is None:
            raise CommandError(f"Không có xã, phường hiện hành mã “{options['commune']}”.")
        try:
            at = parse_date_vn(options["at"]) if options["at"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        try:
            summary = commune_summary(commune, at)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{commune.name} (mã {commune.code}), tại ngày {format_date(at)}: "
                          f"{summary.persons} người thuộc ít nhất một nhóm đối tượng.")
        for count in summary.counts:
            per = "/tháng" if count.monthly else " (một lần)"
            self.stdout.write(f"  {count.policy} {count.category} — {count.name}: "
                              f"{count.persons} người, {count.paid} được hưởng, "
                              f"{format_money(count.amount)}{per}")
        self.stdout.write(f"Tổng chi trả hằng tháng: {format_money(summary.monthly_paid)}")
        if summary.one_off_paid:
            self.stdout.write(f"Các khoản một lần: {format_money(summary.one_off_paid)}")
        if options["out"]:
            path = Path(options["out"])
            rows = write_excel(summary, path, include_restricted=options["include_restricted"])
            note = "" if options["include_restricted"] else \
                " (không gồm nhóm thuộc thông tin hạn chế)"
            self.stdout.write(f"Đã ghi {rows} dòng vào {path}{note}.")
