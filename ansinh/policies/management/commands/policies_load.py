from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ansinh.core.errors import DomainError
from ansinh.policies.catalog import CATALOG_DIR, catalog_load


class Command(BaseCommand):
    help = ("Nạp danh mục chính sách (ansinh/policies/catalog/*.toml): chính sách, nhóm đối "
            "tượng, hệ số, tham số theo thời gian. Chạy lại không tạo trùng và giữ những gì "
            "quản trị đã sửa.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", default=str(CATALOG_DIR), help="Thư mục tệp danh mục.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = catalog_load(directory=Path(options["dir"]))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for line in summary.lines():
            self.stdout.write(line)
