"""``ansinh geo-load``: load or refresh the administrative units from the installed packages."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from ansinh.core.errors import DomainError
from ansinh.core.text import format_money
from ansinh.geo.services import units_load


def _n(number: int) -> str:
    return format_money(number, unit=False)


class Command(BaseCommand):
    help = (
        "Nạp danh mục đơn vị hành chính: 34 tỉnh và 3.321 xã từ 01/7/2025, cùng các tỉnh, "
        "huyện, xã cũ (trước 01/7/2025) và đơn vị kế thừa của chúng. Chạy lại nhiều lần được."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--no-legacy", action="store_true",
            help="Chỉ nạp đơn vị hiện hành, không nạp tỉnh, huyện, xã cũ.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            summary = units_load(include_legacy=not options["no_legacy"])
        except DomainError as exc:
            raise CommandError(f"Không nạp được đơn vị hành chính: {exc.message}") from exc
        except DatabaseError as exc:
            raise CommandError(
                f"Không nạp được đơn vị hành chính: lỗi cơ sở dữ liệu ({exc}). "
                "Đã chạy “ansinh migrate” chưa?"
            ) from exc
        seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        text = f"Đã nạp {_n(summary.provinces)} tỉnh, {_n(summary.communes)} xã"
        if not options["no_legacy"]:
            text += (
                f"; {_n(summary.legacy_provinces)} tỉnh, {_n(summary.legacy_districts)} huyện, "
                f"{_n(summary.legacy_communes)} xã cũ"
            )
        text += (
            f" (tạo mới {_n(summary.created)}, cập nhật {_n(summary.updated)}) "
            f"trong {seconds} giây."
        )
        self.stdout.write(self.style.SUCCESS(text))
