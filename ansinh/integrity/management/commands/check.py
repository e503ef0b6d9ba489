"""``ansinh check``: run the anomaly rules from the console.

    ansinh check                           # every rule, the whole country
    ansinh check --unit 00004              # one commune (or a province: --unit 01)
    ansinh check --unit 01 --rule PAID_AFTER_DEATH --rule PAID_TWICE
    ansinh check --nightly                 # what cron runs: every rule, the whole country

Prints the rules run and how many findings they made: in all, new, and no longer found (which
the run recorded as corrected). Runs as the system in the audit log.
"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from ansinh.core.errors import DomainError
from ansinh.geo.models import AdministrativeUnit
from ansinh.integrity.checks import rules_from_codes, run_checks
from ansinh.integrity.models import CheckTrigger, Finding


class Command(BaseCommand):
    help = ("Kiểm tra bất thường: chạy các quy tắc (chi trả sau khi mất, hai xã cùng chi, số "
            "tiền sai quy định…) cho một đơn vị hoặc toàn quốc, ghi các phát hiện.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--unit", default="",
                            help="Mã xã, phường hoặc tỉnh, thành phố hiện hành (mặc định: toàn "
                                 "quốc).")
        parser.add_argument("--rule", action="extend", nargs="+", default=None,
                            metavar="CODE", help="Chỉ chạy các quy tắc này (mã, ví dụ "
                                                 "PAID_AFTER_DEATH). Mặc định: mọi quy tắc.")
        parser.add_argument("--nightly", action="store_true",
                            help="Lần kiểm tra hằng đêm: mọi quy tắc, toàn quốc (dùng trong "
                                 "cron).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["nightly"] and (options["unit"] or options["rule"]):
            raise CommandError("--nightly kiểm tra mọi quy tắc trên toàn quốc: không dùng cùng "
                               "--unit hay --rule.")
        unit = None
        if options["unit"]:
            unit = AdministrativeUnit.objects.current().filter(
                code=options["unit"].strip()).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị hành chính hiện hành mã “{options['unit']}”.")
        try:
            rules = rules_from_codes(options["rule"])
            run = run_checks(
                trigger=CheckTrigger.NIGHTLY if options["nightly"] else CheckTrigger.ON_DEMAND,
                unit=unit, rules=[r.code for r in rules])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        where = unit.name if unit is not None else "toàn quốc"
        self.stdout.write(f"Đã kiểm tra {where} theo {len(rules)} quy tắc: {run.found} phát "
                          f"hiện, {run.new} phát hiện mới, {run.resolved} không còn phát hiện "
                          "(ghi là đã khắc phục).")
        by_rule = dict(Finding.objects.filter(last_run=run).order_by().values_list("rule")
                       .annotate(n=Count("id")))
        for rule in rules:
            if by_rule.get(rule.code):
                self.stdout.write(f"  {rule.code}: {by_rule[rule.code]} — {rule.title}")
