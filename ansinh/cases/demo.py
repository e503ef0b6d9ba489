"""Demo dossiers for the demo ward: the work an officer finds on a real Monday morning.

Dossiers at every step (some overdue), a posting with feedback, decisions with running
benefits, and this year's longevity gifts as a one-off list. Idempotent: nothing is added to a
commune that already has dossiers.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from ansinh.cases.models import Case
from ansinh.cases.programmes import gaps_find, programme_build
from ansinh.cases.services import (
    CaseRequest,
    DecisionInput,
    case_advance,
    case_decide,
    case_document_update,
    case_open,
    posting_create,
    posting_feedback_record,
)
from ansinh.core.calendar import WorkingCalendar
from ansinh.core.demo import DemoSite
from ansinh.geo.models import AdministrativeUnit
from ansinh.policies.models import Category, Policy
from ansinh.registry.models import Person

DOSSIERS = 14


def populate(site: DemoSite) -> None:
    created = demo_cases(commune=site.commune, officer=site.user("demo.canbo"),
                         leader=site.user("demo.lanhdao"))
    site.lines.append(f"{created} hồ sơ mẫu mới")


def demo_cases(*, commune: AdministrativeUnit, officer: Any, leader: Any) -> int:
    """Create the demo dossiers; returns how many."""
    if Case.objects.filter(commune=commune).exists():
        return 0
    today = timezone.localdate()
    calendar = WorkingCalendar()
    gaps = [g for g in gaps_find(commune=commune, at=today) if not g.restricted]
    opened: list[Case] = []
    for index, gap in enumerate(gaps[:DOSSIERS]):
        # Spread over the last seven weeks, on working days, oldest first.
        received = today - timedelta(days=49 - index * 3)
        while not calendar.is_working_day(received):
            received -= timedelta(days=1)
        category = Category.objects.select_related("policy").get(
            code=gap.category, policy__code__in=("TGXH", "HTXH"))
        opened.append(case_open(actor=officer, commune=commune, request=CaseRequest(
            kind="new_benefit", person=Person.objects.get(pk=gap.person_id),
            policy=category.policy, category=category, received_on=received,
            note="Hồ sơ mẫu")))
    decided, posted, checked = opened[:6], opened[6:9], opened[9:12]
    for case in decided + posted + checked:
        case_advance(actor=officer, case=case, comment="Đã đối chiếu CSDL quốc gia về dân cư.")
    if decided + posted:
        first = min(case.received_on for case in decided + posted)
        posting = posting_create(actor=officer, commune=commune,
                                 title="Danh sách đề nghị hưởng trợ cấp xã hội",
                                 opens_on=calendar.add_working_days(first, 5),
                                 cases=decided + posted)
        posting_feedback_record(actor=officer, posting=posting, received_on=posting.opens_on,
                                sender="Bà Nguyễn Thị Mai, tổ 3",
                                content="Đề nghị xem lại hoàn cảnh gia đình ông Lê Văn Tám.")
    for number, case in enumerate(decided, start=1):
        case_advance(actor=officer, case=case)
        for document in case.documents.all():
            case_document_update(actor=officer, document=document, received=True)
        signed = min(today, calendar.add_working_days(case.received_on, 9))
        case_decide(actor=leader, case=case, decision=DecisionInput(
            number=f"{number:02d}/QĐ-UBND", signed_on=signed, signer_name=str(leader)))
    longevity = Policy.objects.filter(code="MUNGTHO").first()
    if longevity is not None:
        programme_build(actor=officer, commune=commune, policy=longevity,
                        reference_date=date(today.year, 1, 1),
                        title=f"Chúc thọ, mừng thọ người cao tuổi năm {today.year}")
    return len(opened)
