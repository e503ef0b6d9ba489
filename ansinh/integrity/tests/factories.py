"""Records the anomaly tests build directly: payroll lines as a payroll (or a mistake) left them,
postings, reported figures. Persons and benefits come from the policy and payroll fixtures
(``make_person``, ``make_benefit``), imported by the test modules."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from ansinh.cases.models import Benefit, Case, CaseKind, Posting, PostingEntry
from ansinh.integrity.models import ReportedTotal
from ansinh.integrity.rules import RULES, Hit, RunContext
from ansinh.payroll.models import Cycle, Line, LineKind, LineStatus
from ansinh.registry.models import Person

HANOI_BASE = 650_000  # Hà Nội's base level from 1/2026 (Resolution 63/2025/NQ-HĐND)
TODAY = date(2026, 6, 15)
_refs = count(1)


def full(base: int, hundredths: int, multiplier: int = 1) -> int:
    """A month's money, half up, as the payroll computes it."""
    return (base * hundredths * multiplier + 50) // 100


def line(benefit: Benefit, month: date, *, status: str = LineStatus.PAID,
         kind: str = LineKind.REGULAR, amount: int | None = None, base: int = HANOI_BASE,
         hundredths: int | None = None, commune: Any = None, cycle_month: date | None = None,
         paid_on: date | None = None) -> Line:
    """A line of ``benefit`` for ``month`` in the commune's cycle of ``cycle_month`` (default:
    the same month); its amount is the full month unless given."""
    cycle, _created = Cycle.objects.get_or_create(
        commune=commune or benefit.commune, policy=benefit.policy,
        month=cycle_month or month, programme=None)
    hundredths = benefit.hundredths if hundredths is None else hundredths
    if amount is None:
        amount = full(base, hundredths, benefit.multiplier)
    if paid_on is None and status == LineStatus.PAID:
        paid_on = (cycle_month or month).replace(day=10)
    return Line.objects.create(
        cycle=cycle, kind=kind, benefit=benefit, person=benefit.person, for_month=month,
        amount=amount, hundredths=hundredths, multiplier=benefit.multiplier, base=base,
        full_name=benefit.person.full_name, category_code=benefit.category.code,
        category_label=benefit.category.name, status=status, paid_on=paid_on)


def died(person: Person, on: date) -> None:
    """The registry records the death; the benefit is left running (as an import would)."""
    Person.objects.filter(pk=person.pk).update(status="deceased", status_date=on)


def posted(person: Person, officer: Any, *, label: str = "Trợ cấp xã hội hằng tháng"
           ) -> PostingEntry:
    """``person`` on a posted list of their commune."""
    from ansinh.policies.models import Policy

    commune = person.commune
    case = Case.objects.create(
        commune=commune, reference=f"HS-2026-{next(_refs):04d}", kind=CaseKind.NEW_BENEFIT,
        person=person, policy=Policy.objects.get(code="TGXH"), received_on=date(2026, 5, 4),
        procedure="tgxh", step="posted", due_on=date(2026, 5, 20), prepared_by=officer)
    posting = Posting.objects.create(commune=commune, title="Danh sách đề nghị tháng 5/2026",
                                     opens_on=date(2026, 5, 11), closes_on=date(2026, 5, 12),
                                     created_by=officer)
    return PostingEntry.objects.create(posting=posting, case=case, full_name=person.full_name,
                                       birth_year=person.birth_year, group_label=label,
                                       amount=HANOI_BASE)


def phung_chi_kien_report(unit: Any, *, total: int = 149) -> ReportedTotal:
    """The figures phường Phùng Chí Kiên gave the Bắc Kạn city HĐND delegation on 24/3/2023:
    149 beneficiaries, of whom 94 + 26 + 2 + 3 + 26 = 151."""
    return ReportedTotal.objects.create(
        unit=unit, title="Đối tượng bảo trợ xã hội hưởng trợ cấp hằng tháng đến hết 02/2023",
        document="Báo cáo với Đoàn giám sát Ban KT-XH HĐND thành phố Bắc Kạn",
        reported_on=date(2023, 3, 24), total=total, lines=[
            {"label": "Người khuyết tật", "count": 94},
            {"label": "Người khuyết tật hưởng kinh phí chăm sóc", "count": 26},
            {"label": "Người già cô đơn", "count": 2},
            {"label": "Trẻ mồ côi", "count": 3},
            {"label": "Người cao tuổi trên 80 tuổi", "count": 26},
        ])


def hits(code: str, unit: Any = None, today: date = TODAY) -> list[Hit]:
    return list(RULES[code].detect(unit, RunContext(today=today)))
