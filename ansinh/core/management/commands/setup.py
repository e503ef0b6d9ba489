"""`ansinh setup`: bring a fresh or existing installation up to date. Safe to run every time."""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ansinh.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Cài đặt, cập nhật: migrate, tệp tĩnh, danh mục đơn vị hành chính, danh mục chính sách, "
        "tài khoản quản trị, "
        "dữ liệu demo (khi ANSINH_DEMO=1). Chạy lại nhiều lần không mất dữ liệu."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Cơ sở dữ liệu: đã cập nhật cấu trúc.")
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        self._load_units()
        call_command("policies_load")
        self._ensure_admin()
        if settings.DEMO:
            call_command("demo")

    def _load_units(self) -> None:
        from ansinh.geo.models import AdministrativeUnit, UnitLevel

        current = AdministrativeUnit.objects.current()
        if (current.filter(level=UnitLevel.PROVINCE).count() == 34
                and current.filter(level=UnitLevel.COMMUNE).count() == 3321):
            self.stdout.write("Danh mục đơn vị hành chính: đã có, bỏ qua.")
            return
        call_command("geo_load")

    def _ensure_admin(self) -> None:
        from ansinh.accounts.models import User
        from ansinh.accounts.services import ensure_admin

        username = os.environ.get("ANSINH_ADMIN_USERNAME") or "admin"
        existed = User.objects.filter(username=username).exists()
        try:
            user, generated = ensure_admin(
                username=username, password=os.environ.get("ANSINH_ADMIN_PASSWORD") or None,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if generated:
            line = "=" * 64
            self.stdout.write(
                f"{line}\nĐã tạo tài khoản quản trị “{user.username}”, mật khẩu: {generated}\n"
                f"Mật khẩu chỉ hiện MỘT LẦN này; hãy ghi lại và đổi sau khi đăng nhập.\n{line}"
            )
        elif existed:
            self.stdout.write(f"Tài khoản quản trị “{user.username}”: đã có.")
        else:
            self.stdout.write(f"Đã tạo tài khoản quản trị “{user.username}” với mật khẩu trong "
                              "ANSINH_ADMIN_PASSWORD.")
