"""``ansinh cases_overdue``: the dossiers past their deadline, commune by commune."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from ansinh.cases.management.commands._common import commune_by_code
from ansinh.cases.models import Case
from ansinh.cases.selectors import category_label, step_label
from ansinh.core.calendar import WorkingCalendar
from ansinh.core.text import format_date


class Command(BaseCommand):
    help = ("In các hồ sơ đang giải quyết đã quá hạn, theo từng xã, phường, với số ngày làm "
            "việc quá hạn. Luôn kết thúc với mã 0 (dùng được trong cron để gửi báo cáo).")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--commune", default="", help="Chỉ một xã, phường (mã).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        calendar = WorkingCalendar()
        cases = Case.objects.filter(closed_at__isnull=True, due_on__lt=today).select_related(
            "commune", "person", "policy", "category", "programme").order_by(
            "commune__path", "due_on", "id")
        if options["commune"]:
            cases = cases.filter(commune=commune_by_code(options["commune"]))
        current = None
        count = 0
        for case in cases.iterator(chunk_size=2000):
            if case.commune_id != current:
                current = case.commune_id
                self.stdout.write(f"\n{case.commune.name} (mã {case.commune.code}):")
            late = calendar.working_days_between(case.due_on, today)
            who = case.person.full_name if case.person else (
                case.programme.title if case.programme else "")
            # The console is not a place for restricted groups: the policy's name instead.
            group = category_label(case.category, case.policy, restricted_ok=False)
            self.stdout.write(
                f"  {case.reference}  {case.get_kind_display()}  {who}  {group}  "
                f"hạn {format_date(case.due_on)}, quá {late} ngày làm việc  "
                f"bước: {step_label(case)}")
            count += 1
        if count:
            self.stdout.write(f"\nTổng cộng {count} hồ sơ quá hạn tại ngày {format_date(today)}.")
        else:
            self.stdout.write(f"Không có hồ sơ nào quá hạn tại ngày {format_date(today)}.")
