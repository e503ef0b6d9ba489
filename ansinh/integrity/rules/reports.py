"""Reported figures that do not add up.

A ``ReportedTotal`` is what a unit told a supervision delegation or wrote in a report: a total
and its breakdown. The breakdown must add up to the total (the report of phường Phùng Chí Kiên
to the Bắc Kạn city HĐND: 149 beneficiaries, of whom 94 + 26 + 2 + 3 + 26 = 151); and a line
that names a category (K6, say) must match the monthly benefits of that category the unit was
running in the month reported on. The reports are few: they are read whole and added in
Python, with one count of running benefits per reporting unit.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from ansinh.cases.models import Benefit, BenefitStatus
from ansinh.core.scoping import path_q
from ansinh.integrity.models import ReportedTotal, Severity
from ansinh.integrity.rules.base import (
    Hit,
    Rule,
    RunContext,
    day_label,
    month_label,
    register,
    scope_q,
)

if TYPE_CHECKING:
    from ansinh.geo.models import AdministrativeUnit


def line_count(line: dict[str, Any]) -> int | None:
    try:
        return int(line.get("count"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def running_by_category(unit: AdministrativeUnit, month: date) -> dict[str, int]:
    """Monthly benefits running in the unit in ``month``, by category code."""
    rows = (Benefit.objects.filter(path_q("commune", unit.path), one_off=False,
                                   start_month__lte=month)
            .filter(Q(end_month__isnull=True) | Q(end_month__gte=month))
            .exclude(status=BenefitStatus.SUSPENDED, status_from__lte=month)
            .values("category__code").annotate(n=Count("id")).order_by())
    return {r["category__code"]: r["n"] for r in rows}


@register
class ReportedTotalsDoNotAddUp(Rule):
    """A reported total that is not the sum of its lines, or a reported count of a category
    that is not the number of its running benefits (Decree 20/2021 Art 8 and Circular
    02/2021/TT-BLĐTBXH: the commune keeps and reports the list of beneficiaries; Law on
    Supervisory Activities of the National Assembly and People's Councils 87/2015/QH13: the
    figures reported to a supervision delegation are checked)."""

    code = "REPORTED_TOTALS"
    title = _("Số liệu báo cáo không khớp")
    description = _("Tổng số trong một báo cáo khác tổng các dòng chi tiết của chính báo cáo đó "
                    "(ví dụ báo cáo 149 đối tượng nhưng các nhóm cộng lại 151), hoặc số báo cáo "
                    "của một nhóm đối tượng khác số chế độ đang hưởng của nhóm đó trên hệ thống "
                    "trong tháng báo cáo.")
    legal_basis = _("Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân 2015 (số "
                    "87/2015/QH13); Nghị định 20/2021/NĐ-CP, Điều 8; Thông tư 02/2021/TT-BLĐTBXH")
    severity = Severity.MEDIUM

    def detect(self, unit: AdministrativeUnit | None, ctx: RunContext) -> Iterator[Hit]:
        reports = list(ReportedTotal.objects.filter(scope_q("unit", unit))
                       .select_related("unit").order_by("id"))
        counts: dict[tuple[int, date], dict[str, int]] = {}
        for report in reports:
            lines = [line for line in report.lines if isinstance(line, dict)]
            numbers = [n for n in (line_count(line) for line in lines) if n is not None]
            where = (f"Báo cáo “{report.title}” của {report.unit.name} ngày "
                     f"{day_label(report.reported_on)}")
            if numbers and sum(numbers) != report.total:
                added = sum(numbers)
                parts = " + ".join(str(n) for n in numbers)
                yield Hit(
                    key=f"{report.pk}:sum", unit_id=report.unit_id,
                    summary=(f"{where}: tổng số {report.total} nhưng các dòng chi tiết cộng lại "
                             f"{parts} = {added} (chênh {abs(added - report.total)})."),
                    details={"report_id": report.pk, "total": report.total, "sum": added})
            month = report.reported_on.replace(day=1)
            for line in lines:
                code, reported = str(line.get("category") or "").strip(), line_count(line)
                if not code or reported is None:
                    continue
                key = (report.unit_id, month)
                if key not in counts:
                    counts[key] = running_by_category(report.unit, month)
                running = counts[key].get(code, 0)
                if running != reported:
                    label = line.get("label") or code
                    yield Hit(
                        key=f"{report.pk}:{code}", unit_id=report.unit_id,
                        summary=(f"{where}: {label} ({code}) báo cáo {reported} nhưng trên hệ "
                                 f"thống có {running} chế độ nhóm {code} đang hưởng tháng "
                                 f"{month_label(month)}."),
                        details={"report_id": report.pk, "category": code,
                                 "reported": reported, "running": running})
