"""``ansinh payroll generate|approve|export|reconcile``: a month's payroll from the console.

    ansinh payroll generate --commune 00004 --policy TGXH --month 06/2026 --user canbo.badinh
    ansinh payroll generate --province 01 --policy TGXH --month 06/2026 --user canbo.tinh
    ansinh payroll approve --cycle 12 --user lanhdao.badinh
    ansinh payroll export --cycle 12 [--group "Tổ 3"] --format pdf|xlsx|provider --output FILE
    ansinh payroll reconcile --cycle 12

Generating and approving act as the named user in their role at the commune (for a province,
a province officer, for every commune of it that pays the policy), under the same rules as the
pages (maker-checker included). Every file exported is recorded in the audit log,
under the named user or, without ``--user``, as the system.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ansinh.accounts.models import Role, RoleAssignment, User
from ansinh.cases.management.commands._common import commune_by_code
from ansinh.core.errors import DomainError
from ansinh.core.scoping import unit_in_scope
from ansinh.core.text import format_count, format_money
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.payroll.downloads import FORMATS, cycle_download
from ansinh.payroll.forms import parse_month
from ansinh.payroll.models import Cycle, LineKind
from ansinh.payroll.reconciliation import Figures, reconcile
from ansinh.payroll.selectors import cycle_progress, cycle_title, payable_policies
from ansinh.payroll.services import cycle_approve, cycle_generate, cycles_generate_in


class Command(BaseCommand):
    help = ("Chi trả: lập danh sách chi trả một tháng (generate), duyệt (approve), xuất danh "
            "sách ký nhận hoặc tệp gửi tổ chức dịch vụ chi trả (export), in số liệu đối soát "
            "(reconcile).")

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        generate = actions.add_parser(
            "generate", help="Lập (hoặc lập lại, khi còn là dự thảo) danh sách chi trả.")
        where = generate.add_mutually_exclusive_group(required=True)
        where.add_argument("--commune", help="Mã xã, phường hiện hành.")
        where.add_argument("--province", help="Mã tỉnh, thành phố: lập cho mọi xã, phường "
                                              "của tỉnh có chi trả chính sách này.")
        generate.add_argument("--policy", required=True, help="Mã chính sách, ví dụ TGXH.")
        generate.add_argument("--month", required=True, help="Tháng chi trả, mm/yyyy.")
        generate.add_argument("--user", required=True,
                              help="Tên đăng nhập của cán bộ, lãnh đạo xã lập danh sách.")
        approve = actions.add_parser("approve", help="Duyệt danh sách (lãnh đạo UBND xã).")
        approve.add_argument("--cycle", required=True, type=int, help="Mã kỳ chi trả.")
        approve.add_argument("--user", required=True,
                             help="Tên đăng nhập của lãnh đạo UBND xã duyệt danh sách.")
        export = actions.add_parser("export", help="Xuất danh sách ký nhận hoặc tệp chi trả.")
        export.add_argument("--cycle", required=True, type=int, help="Mã kỳ chi trả.")
        export.add_argument("--group", default="", help="Chỉ một tổ, thôn (tên như trên "
                                                         "danh sách).")
        export.add_argument("--format", required=True, choices=FORMATS,
                            help="pdf, xlsx: danh sách ký nhận; provider: tệp gửi tổ chức "
                                 "dịch vụ chi trả.")
        export.add_argument("--output", required=True, help="Đường dẫn tệp ghi ra.")
        export.add_argument("--user", default="",
                            help="Tên đăng nhập ghi vào nhật ký (mặc định: hệ thống).")
        reconcile_parser = actions.add_parser("reconcile", help="In số liệu đối soát.")
        reconcile_parser.add_argument("--cycle", required=True, type=int,
                                      help="Mã kỳ chi trả.")

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, f"_{options['action']}")
        try:
            handler(options)
        except DomainError as exc:
            raise CommandError(exc.message) from exc

    # --- subcommands ------------------------------------------------------------------------------

    def _generate(self, options: dict[str, Any]) -> None:
        policy = payable_policies().filter(code=options["policy"].strip()).first()
        if policy is None:
            raise CommandError(f"Không có chính sách hằng tháng mã “{options['policy']}”.")
        try:
            month = parse_month(options["month"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["province"]:
            self._generate_province(options, policy, month)
            return
        commune = commune_by_code(options["commune"])
        actor = _acting(options["user"], commune, (Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER),
                        "cán bộ, lãnh đạo UBND xã")
        cycle = cycle_generate(actor=actor, commune=commune, policy=policy, month=month)
        progress = cycle_progress(cycle)
        self.stdout.write(f"Đã lập danh sách chi trả {cycle_title(cycle)} — {commune.name} "
                          f"(mã kỳ chi trả {cycle.pk}):")
        self.stdout.write(f"  Số người: {format_count(cycle.persons)}")
        self.stdout.write(f"  Số dòng: {format_count(cycle.lines_count)}")
        regular = cycle.lines.filter(kind=LineKind.REGULAR).count()
        self.stdout.write(f"  Trợ cấp tháng: {format_count(regular)} dòng")
        self.stdout.write(f"  Truy lĩnh: {format_count(progress.arrears.count)} dòng, "
                          f"{format_money(progress.arrears.amount)}")
        self.stdout.write(f"  Thu hồi: {format_count(progress.recoveries.count)} dòng, "
                          f"{format_money(progress.recoveries.amount)}")
        self.stdout.write(f"  Tổng số tiền: {format_money(cycle.total)}")
        self.stdout.write(f"Danh sách là dự thảo, chờ lãnh đạo UBND xã duyệt: "
                          f"/chi-tra/{cycle.pk}/")

    def _generate_province(self, options: dict[str, Any], policy: Any, month: Any) -> None:
        province = AdministrativeUnit.objects.current().filter(
            code=options["province"].strip(), level=UnitLevel.PROVINCE).first()
        if province is None:
            raise CommandError(f"Không có tỉnh, thành phố mã “{options['province']}”.")
        actor = _acting(options["user"], province, (Role.PROVINCE_OFFICER,), "cán bộ tỉnh")
        done = cycles_generate_in(actor=actor, unit=province, policy=policy, month=month)
        for cycle in done.cycles:
            self.stdout.write(f"  {cycle.commune.name}: {format_count(cycle.persons)} người, "
                              f"{format_money(cycle.total)} (mã kỳ chi trả {cycle.pk})")
        for commune, message in done.refused:
            self.stdout.write(f"  {commune.name}: không lập được — {message}")
        self.stdout.write(
            f"Đã lập {len(done.cycles)} danh sách chi trả {policy.code} tháng {month:%m/%Y} "
            f"của {province.name}: {format_count(sum(c.persons for c in done.cycles))} người, "
            f"{format_money(sum(c.total for c in done.cycles))}; "
            f"{len(done.refused)} xã không lập được.")

    def _approve(self, options: dict[str, Any]) -> None:
        cycle = _cycle(options["cycle"])
        actor = _acting(options["user"], cycle.commune, (Role.COMMUNE_LEADER,),
                        "lãnh đạo UBND xã")
        cycle = cycle_approve(actor=actor, cycle=cycle)
        self.stdout.write(f"Đã duyệt kỳ chi trả {cycle.pk} ({cycle_title(cycle)}, "
                          f"{cycle.commune.name}): {format_count(cycle.lines_count)} dòng, "
                          f"{format_count(cycle.persons)} người, tổng {format_money(cycle.total)}.")

    def _export(self, options: dict[str, Any]) -> None:
        cycle = _cycle(options["cycle"])
        actor = _viewer(options["user"], cycle) if options["user"] else None
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"Không có thư mục “{output.parent}” để ghi tệp.")
        found = cycle_download(actor=actor, cycle=cycle, fmt=options["format"],
                               group=options["group"].strip() or None)
        try:
            output.write_bytes(found.content)
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp “{output}”: {exc.strerror}.") from exc
        self.stdout.write(f"Đã ghi {output} ({len(found.content):,} byte) — "
                          f"{cycle_title(cycle)}, {cycle.commune.name}"
                          + (f", {options['group'].strip()}" if options["group"].strip() else "")
                          + ". Việc xuất dữ liệu đã được ghi vào nhật ký.")

    def _reconcile(self, options: dict[str, Any]) -> None:
        cycle = _cycle(options["cycle"])
        r = reconcile(cycle)
        self.stdout.write(f"Đối soát kỳ chi trả {cycle.pk}: {cycle_title(cycle)} — "
                          f"{cycle.commune.name} ({cycle.get_status_display()})")
        self._figures("Cả danh sách", r.overall)
        if r.by_group:
            self.stdout.write("Theo tổ, thôn:")
            for part in r.by_group:
                self._figures(f"  {part.label}", part.figures)
        if r.by_channel:
            self.stdout.write("Theo hình thức chi trả:")
            for part in r.by_channel:
                self._figures(f"  {part.label}", part.figures)
        rec = r.recoveries
        if rec.count:
            self.stdout.write(f"Thu hồi: {rec.count} khoản, {format_money(rec.amount)}.")
        else:
            self.stdout.write("Thu hồi: không có.")

    def _figures(self, label: str, f: Figures) -> None:
        self.stdout.write(
            f"{label}: phải chi {f.planned} dòng, {format_money(f.planned_amount)}; "
            f"đã chi {f.paid}, {format_money(f.paid_amount)}; "
            f"không chi được {f.returned}, {format_money(f.returned_amount)}; "
            f"chưa chi {f.outstanding}, {format_money(f.outstanding_amount)}")


def _cycle(pk: int) -> Cycle:
    found = Cycle.objects.select_related("commune", "policy", "programme").filter(pk=pk).first()
    if found is None:
        raise CommandError(f"Không có kỳ chi trả mã {pk}.")
    return found


def _acting(username: str, commune: Any, roles: tuple[str, ...], who: str) -> User:
    """The user acting in one of ``roles`` at ``commune`` (who the audit log names)."""
    assignment = RoleAssignment.objects.active().filter(
        user__username=username.strip(), user__is_active=True, unit=commune,
        role__in=roles).select_related("user", "unit").first()
    if assignment is None:
        raise CommandError(f"“{username}” không phải {who} đang làm việc tại {commune.name}.")
    user = assignment.user
    user.assignment = assignment
    return user


def _viewer(username: str, cycle: Cycle) -> User:
    """The user exporting: any of their roles whose units hold the cycle's commune."""
    for assignment in RoleAssignment.objects.active().filter(
            user__username=username.strip(), user__is_active=True).select_related(
            "user", "unit"):
        user = assignment.user
        user.assignment = assignment
        if unit_in_scope(user, cycle.commune):
            return user
    raise CommandError(f"“{username}” không có vai trò nào được xem kỳ chi trả {cycle.pk}.")
