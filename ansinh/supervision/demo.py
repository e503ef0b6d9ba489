"""Demo part: the ward's Fatherland Front supervising its social assistance, as the seed reports
describe it — a plan in progress resting on Kế hoạch số 15/KH-MTTQ-BTT ngày 11/5/2020, a
delegation of three (its head is the demo supervisor, demo.giamsat), two findings, and two
recommendations to the ward, one of them past its deadline so that the ward's officers see it
marked on their home page. Idempotent: nothing is added to a ward that already has a plan."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ansinh.cases.models import Posting
from ansinh.cases.services import add_months, month_start
from ansinh.core.demo import DemoSite
from ansinh.payroll.models import Cycle, Line, LineStatus
from ansinh.policies.models import Policy
from ansinh.supervision.models import Body, Plan, Recommendation, Severity
from ansinh.supervision.services import (
    ObservationLinks,
    PlanInput,
    member_add,
    observation_create,
    plan_create,
    plan_start,
    recommendation_create,
)

BASIS = (
    "Kế hoạch số 15/KH-MTTQ-BTT ngày 11/5/2020 của Ban Thường trực Ủy ban MTTQ Việt Nam quận "
    "về giám sát việc thực hiện các chính sách hỗ trợ người dân gặp khó khăn.\n"
    "Hướng dẫn số 27/HD-MTTW-BTT ngày 28/4/2020 của Ban Thường trực Ủy ban Trung ương MTTQ "
    "Việt Nam.\n"
    "Nghị định số 20/2021/NĐ-CP ngày 15/3/2021 của Chính phủ quy định chính sách trợ giúp xã "
    "hội đối với đối tượng bảo trợ xã hội."
)
CONTENTS = (
    "1. Việc rà soát, lập danh sách, xét duyệt và niêm yết công khai đối tượng hưởng trợ cấp "
    "xã hội hằng tháng.\n"
    "2. Việc ra quyết định, quản lý đối tượng, cập nhật biến động tăng, giảm.\n"
    "3. Việc lập danh sách chi trả, chi trả trợ cấp đúng đối tượng, đủ mức, kịp thời."
)


def populate(site: DemoSite) -> None:
    if Plan.objects.filter(unit=site.commune).exists():
        return
    supervisor = site.user("demo.giamsat")
    today = timezone.localdate()
    policies = list(Policy.objects.filter(code="TGXH"))
    plan = plan_create(actor=supervisor, unit=site.commune, data=PlanInput(
        body=Body.MTTQ, body_name=f"Ban Thường trực Ủy ban MTTQ Việt Nam {site.commune.name}",
        number="21/KH-MTTQ-BTT", issued_on=today - timedelta(days=20),
        title="Giám sát việc thực hiện chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã "
              "hội",
        legal_basis=BASIS, period_from=add_months(month_start(today), -11), period_to=today,
        contents=CONTENTS, scope_units=[site.commune], policies=policies))
    member_add(actor=supervisor, plan=plan, full_name=supervisor.full_name,
               position="Chủ tịch Ủy ban MTTQ Việt Nam phường",
               organisation=f"Ủy ban MTTQ Việt Nam {site.commune.name}", user=supervisor,
               is_head=True)
    member_add(actor=supervisor, plan=plan, full_name="Hoàng Thị Thu",
               position="Chủ tịch Hội Liên hiệp Phụ nữ phường",
               organisation=f"Hội Liên hiệp Phụ nữ {site.commune.name}")
    member_add(actor=supervisor, plan=plan, full_name="Đặng Văn Long",
               position="Chủ tịch Hội Cựu chiến binh phường",
               organisation=f"Hội Cựu chiến binh {site.commune.name}")
    plan = plan_start(actor=supervisor, plan=plan)

    posting = Posting.objects.filter(commune=site.commune).order_by("opens_on", "id").first()
    observation_create(
        actor=supervisor, plan=plan, unit=site.commune, severity=Severity.NOTE,
        text="Danh sách đề nghị hưởng trợ cấp xã hội được niêm yết công khai tại trụ sở UBND "
             "phường và nhà văn hóa các tổ dân phố đúng thời gian quy định; phản ánh của người "
             "dân được tiếp nhận, ghi sổ.",
        links=ObservationLinks(posting=posting.pk if posting else None))
    # Last month's list, where one person did not come for the money.
    returned = (Line.objects.filter(cycle__commune=site.commune, cycle__programme=None,
                                    status=LineStatus.RETURNED)
                .select_related("cycle").order_by("-cycle__month", "id").first())
    cycle = returned.cycle if returned else Cycle.objects.filter(
        commune=site.commune).order_by("-month", "id").first()
    unpaid = observation_create(
        actor=supervisor, plan=plan, unit=site.commune, severity=Severity.SHORTCOMING,
        text="Có đối tượng không nhận được trợ cấp tháng trước (đi viện) nhưng chưa có biên bản "
             "xác minh, chưa hẹn ngày chi bổ sung.",
        links=ObservationLinks(cycle=cycle.pk if cycle else None,
                               person=returned.person_id if returned else None))
    report = recommendation_create(
        actor=supervisor, plan=plan, to_unit=site.commune, deadline=today + timedelta(days=7),
        text="Bổ sung báo cáo số đối tượng bảo trợ xã hội đang hưởng trợ cấp hằng tháng theo "
             "từng nhóm đối tượng, đối chiếu với danh sách chi trả.")
    # The demo shows an overdue recommendation; the service only takes deadlines after today,
    # so this one is moved back as if it had been made two weeks ago.
    Recommendation.objects.filter(pk=report.pk).update(deadline=today - timedelta(days=5))
    recommendation_create(
        actor=supervisor, plan=plan, to_unit=site.commune, observation=unpaid,
        deadline=today + timedelta(days=30),
        text="Xác minh trường hợp không nhận trợ cấp; chi bổ sung hoặc làm thủ tục tạm dừng "
             "hưởng theo quy định.")
    site.lines.append("giám sát: 1 kế hoạch đang thực hiện, 2 kiến nghị (1 quá hạn)")
