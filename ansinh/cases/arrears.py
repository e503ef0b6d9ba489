"""Arrears (truy lĩnh) owed when a parameter is confirmed late.

When an administrator confirms a value whose date (``applied_from``, else ``effective_from``)
lies in the past, every running benefit computed from that parameter is owed, for each month
from then to last month, the difference between the new and the old amount. The next payroll
pays the pending arrears.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from ansinh.cases.models import Arrear, Benefit
from ansinh.cases.services import add_months, month_start
from ansinh.core.audit import audit_record
from ansinh.core.text import format_date, format_money
from ansinh.policies.models import ParameterVersion
from ansinh.policies.parameters import ParameterTable


def _amount(table: ParameterTable, codes: list[str], month: date, province: str,
            hundredths: int, multiplier: int) -> int:
    base = sum(table.value(code, month, province).value for code in codes
               if table.has(code, month, province))
    return (base * hundredths * multiplier + 50) // 100


def owed_between(benefit: Benefit, start: date, end: date,
                 tables: tuple[ParameterTable, ParameterTable]) -> int:
    """What ``benefit`` is owed for the months ``start``–``end`` under the new table beyond
    what it was paid under the old one."""
    old, new = tables
    codes, province = benefit.base_parameters.split("+"), benefit.commune.province_code
    owed, month = 0, start
    while month <= end:
        owed += (_amount(new, codes, month, province, benefit.hundredths, benefit.multiplier)
                 - _amount(old, codes, month, province, benefit.hundredths, benefit.multiplier))
        month = add_months(month, 1)
    return owed


def arrears_for_version(version: ParameterVersion, actor: Any = None) -> int:
    """Create the arrears a newly confirmed version owes; returns how many benefits owe."""
    first = month_start(version.applied_from or version.effective_from)
    last = add_months(month_start(timezone.localdate()), -1)
    if first > last:
        return 0
    code = version.parameter.code
    benefits = Benefit.objects.filter(one_off=False, base_parameters__contains=code,
                                      start_month__lte=last).select_related("commune")
    if version.province is not None:
        benefits = benefits.filter(commune__path__startswith=f"{version.province.code}.")
    tables = ParameterTable(without=version.pk), ParameterTable()
    created = []
    for benefit in benefits:
        if code not in benefit.base_parameters.split("+"):
            continue
        start = max(first, benefit.start_month)
        end = min(last, benefit.end_month) if benefit.end_month else last
        owed = owed_between(benefit, start, end, tables)
        if owed > 0:
            created.append(Arrear(
                benefit=benefit, from_month=start, to_month=end, amount=owed,
                parameter_version=version,
                reason=(f"{version.parameter.name} {format_money(version.value)} từ "
                        f"{format_date(first)} ({version.legal_basis})")[:300]))
    with transaction.atomic():
        Arrear.objects.bulk_create(created, batch_size=2000, ignore_conflicts=True)
        audit_record(actor=actor, action="cases.arrears.create", obj=version,
                     changes={"benefits": len(created),
                              "total": sum(a.amount for a in created)})
    return len(created)
