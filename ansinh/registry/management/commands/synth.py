"""``ansinh synth``: add synthetic households and persons to a province (demos, load tests)."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from ansinh.core.errors import DomainError
from ansinh.core.text import format_money
from ansinh.registry.synth import synth_people


def _n(number: int) -> str:
    return format_money(number, unit=False)


class Command(BaseCommand):
    help = (
        "Tạo hộ gia đình và nhân khẩu mô phỏng (họ tên, ngày sinh, CCCD, dân tộc, khuyết tật, "
        "hộ nghèo…) ở các xã, phường hiện hành của một tỉnh, để chạy thử và đo tải. Chạy lại "
        "sẽ thêm dữ liệu, không ghi đè."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--persons", type=int, required=True,
                            help="Số nhân khẩu cần tạo, ví dụ 1000000.")
        parser.add_argument("--province", required=True,
                            help="Mã tỉnh, thành phố hiện hành, ví dụ 01 (Hà Nội), 79 (TP HCM).")
        parser.add_argument("--communes", type=int, default=None,
                            help="Chỉ dùng K xã, phường đầu tiên theo mã (mặc định: tất cả).")
        parser.add_argument("--seed", type=int, default=0,
                            help="Hạt giống ngẫu nhiên: cùng hạt giống cho cùng dữ liệu.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            summary = synth_people(
                province=options["province"], persons=options["persons"],
                communes=options["communes"], seed=options["seed"],
            )
        except DomainError as exc:
            raise CommandError(f"Không tạo được dữ liệu mô phỏng: {exc.message}") from exc
        except DatabaseError as exc:
            raise CommandError(
                f"Không tạo được dữ liệu mô phỏng: lỗi cơ sở dữ liệu ({exc}). "
                "Đã chạy “ansinh migrate” chưa?"
            ) from exc
        seconds = time.perf_counter() - started
        rate = round(summary.persons / seconds) if seconds else 0
        elapsed = f"{seconds:.1f}".replace(".", ",")
        text = (
            f"Đã tạo {_n(summary.persons)} nhân khẩu trong {_n(summary.households)} hộ ở "
            f"{_n(summary.communes)} xã, phường của {summary.province_name}"
        )
        if summary.groups_created:
            text += f" (thêm {_n(summary.groups_created)} thôn, tổ dân phố)"
        text += (
            f": {_n(summary.national_ids)} số CCCD, {_n(summary.poor_households)} hộ nghèo, "
            f"{_n(summary.near_poor_households)} hộ cận nghèo, {_n(summary.disabled)} người "
            f"khuyết tật. Thời gian {elapsed} giây ({_n(rate)} người/giây)."
        )
        self.stdout.write(self.style.SUCCESS(text))
