"""``ansinh imports-cleanup``: delete uploaded person lists older than N days (from cron)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.core.errors import DomainError
from ansinh.registry.imports.jobs import uploads_remove_older_than


class Command(BaseCommand):
    help = ("Xóa các danh sách nhân khẩu đã tải lên để nhập quá số ngày cho trước (các tệp này "
            "chứa họ tên, số CCCD, số điện thoại).")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--days", type=int, default=30,
                            help="Xóa tệp cũ hơn số ngày này (mặc định 30).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            removed = uploads_remove_older_than(options["days"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Đã xóa {removed} tệp danh sách tải lên cũ hơn {options['days']} "
                          "ngày.")
