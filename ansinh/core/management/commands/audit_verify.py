from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.core.audit import audit_verify
from ansinh.core.models import AuditEvent


class Command(BaseCommand):
    help = "Kiểm tra chuỗi mã băm của nhật ký hệ thống; báo sự kiện bị sửa, chèn hoặc xóa."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = list(audit_verify())
        total = AuditEvent.objects.count()
        if problems:
            for problem in problems:
                self.stderr.write(problem.message)
            raise CommandError(
                f"Nhật ký KHÔNG toàn vẹn: {len(problems)} lỗi trên {total} sự kiện."
            )
        self.stdout.write(f"Nhật ký toàn vẹn: {total} sự kiện, chuỗi mã băm khớp.")
