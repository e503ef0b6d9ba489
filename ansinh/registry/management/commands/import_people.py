"""`ansinh import-people FILE --commune CODE [--template NAME] [--dry-run]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.core.errors import DomainError
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.registry.imports.pipeline import import_apply, import_plan, rejected_workbook
from ansinh.registry.models import ImportTemplate

# Exit status when the file was read but some rows were refused (see the operations guide).
EXIT_ROWS_REJECTED = 3
# The console is for large province files; uploads through the pages keep the reader's limit.
COMMAND_MAX_MB = 200


class Command(BaseCommand):
    help = ("Nhập danh sách nhân khẩu từ Excel (.xlsx, .xls), ODS hoặc CSV vào một xã. "
            "Các dòng lỗi được ghi ra tệp <tên>-dong-loi.xlsx bên cạnh tệp gốc.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--commune", required=True, help="Mã xã, phường (5 chữ số)")
        parser.add_argument("--template", default="", help="Tên mẫu ghép cột đã lưu")
        parser.add_argument("--max-mb", type=int, default=COMMAND_MAX_MB,
                            help=f"Cỡ tệp tối đa, MB (mặc định {COMMAND_MAX_MB})")
        parser.add_argument("--dry-run", action="store_true",
                            help="Chỉ kiểm tra, không ghi vào cơ sở dữ liệu")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không có tệp “{path}”.")
        commune = AdministrativeUnit.objects.current().filter(
            code=options["commune"], level=UnitLevel.COMMUNE).first()
        if commune is None:
            raise CommandError(f"Không có xã, phường hiện hành mã “{options['commune']}”.")
        mapping = None
        if options["template"]:
            template = ImportTemplate.objects.filter(commune=commune,
                                                     name=options["template"]).first()
            if template is None:
                raise CommandError(f"Xã này không có mẫu “{options['template']}”.")
            mapping = template.mapping
        try:
            plan = import_plan(commune=commune, data=path.read_bytes(), filename=path.name,
                               mapping=mapping, max_bytes=options["max_mb"] * 1024 * 1024)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for issue in plan.issues[:50]:
            self.stderr.write(f"{issue.sheet} dòng {issue.row}, {issue.field}: {issue.message}")
        if len(plan.issues) > 50:
            self.stderr.write(f"… và {len(plan.issues) - 50} lỗi khác.")
        if plan.rejected:
            out = path.with_name(f"{path.stem}-dong-loi.xlsx")
            out.write_bytes(rejected_workbook(plan))
            self.stderr.write(f"Các dòng bị từ chối đã ghi vào {out}.")
        lines = plan.summary()
        if not options["dry_run"]:
            lines += import_apply(actor=None, plan=plan).summary()
        self.stdout.write("; ".join(f"{label}: {value}" for label, value in lines) + ".")
        if plan.rejected:
            raise SystemExit(EXIT_ROWS_REJECTED)
