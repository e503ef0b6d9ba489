"""``ansinh dedup``: find duplicate persons with the stored linkage model, or train one.

    ansinh dedup [--unit CODE] [--threshold 0.9]       # find pairs, with the model in use
    ansinh dedup --train [--unit CODE]                  # train a model and make it the one in use
    ansinh dedup --spark [--unit CODE] [--master URL]   # the same model on Spark

Pairs found are recorded for review (``/kiem-tra/trung-lap/``); a dismissed pair is never
offered again. The Spark run needs pyspark and Java (see docs/operations.md).
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.core.errors import DomainError
from ansinh.core.text import format_count
from ansinh.geo.models import AdministrativeUnit
from ansinh.integrity import duplicates


class Command(BaseCommand):
    help = ("Tìm người trùng (hai hồ sơ của cùng một người) bằng mô hình đã huấn luyện, hoặc "
            "huấn luyện lại mô hình (--train).")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--unit", default="",
                            help="Mã tỉnh hoặc xã, phường hiện hành (mặc định: cả nước).")
        parser.add_argument("--threshold", type=float, default=None,
                            help="Ngưỡng xác suất trùng, từ 0 đến 1 (mặc định: của mô hình).")
        parser.add_argument("--train", action="store_true",
                            help="Huấn luyện mô hình trên dữ liệu hiện có và dùng mô hình mới.")
        parser.add_argument("--spark", action="store_true",
                            help="Chạy trên Spark (dữ liệu cấp quốc gia).")
        parser.add_argument("--master", default="local[*]",
                            help="Địa chỉ Spark master khi dùng --spark (mặc định local[*]).")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = _unit(options["unit"])
        try:
            if options["train"]:
                model = duplicates.train_model(unit=unit)
                self.stdout.write(f"Đã huấn luyện mô hình “{model.name}” trên "
                                  f"{format_count(model.trained_on)} nhân khẩu.")
                return
            if options["spark"]:
                from ansinh.integrity.spark import find_duplicates_on_spark

                run = find_duplicates_on_spark(unit=unit, threshold=options["threshold"],
                                               master=options["master"])
            else:
                run = duplicates.find_duplicates(unit=unit, threshold=options["threshold"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        scope = unit.name if unit else "cả nước"
        self.stdout.write(
            f"Đã so {format_count(run.persons)} nhân khẩu ({scope}): "
            f"{format_count(run.pairs_found)} cặp nghi trùng, {format_count(run.pairs_new)} cặp "
            f"mới, ngưỡng {_decimal(run.threshold, 2)}, {_decimal(run.seconds, 1)} giây.")


def _decimal(x: float, places: int) -> str:
    """0,95 for 0.95: a decimal comma."""
    return f"{x:.{places}f}".replace(".", ",")


def _unit(code: str) -> AdministrativeUnit | None:
    if not code:
        return None
    unit = AdministrativeUnit.objects.current().filter(code=code.strip()).first()
    if unit is None:
        raise CommandError(f"Không có đơn vị hành chính hiện hành mã “{code}”.")
    return unit
