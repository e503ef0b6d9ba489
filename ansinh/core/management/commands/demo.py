"""`ansinh demo`: demo accounts, one per role, and a populated ward, for trying An Sinh out.

Only meant for demo installations (ANSINH_DEMO=1). Each app adds its part (see
``ansinh.core.demo``); running it again adds nothing that is already there.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from ansinh.core.demo import DemoSite, demo_modules


class Command(BaseCommand):
    help = "Tạo tài khoản dùng thử (mỗi vai trò một tài khoản) và địa bàn mẫu có dữ liệu."

    def handle(self, *args: Any, **options: Any) -> None:
        site = DemoSite()
        for module in demo_modules():
            with transaction.atomic():
                module.populate(site)
        self.stdout.write("Dữ liệu demo: " + "; ".join(site.lines) + ".")
