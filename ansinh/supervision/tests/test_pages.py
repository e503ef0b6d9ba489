"""The supervision pages: a delegation drafts a plan, starts it, writes findings and
recommendations; the commune answers; the delegation follows up and concludes. Who may write
where (supervisors write here and nowhere else), who sees what (another unit's plan is a 404),
the home panels, the workspace's figures against independent counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ansinh.accounts.models import Role
from ansinh.cases.models import Benefit, Decision, Posting
from ansinh.core.models import AuditEvent
from ansinh.integrity.models import Finding, FindingStatus
from ansinh.payroll.models import Line, LineKind, LineStatus
from ansinh.registry.models import Household, Person, PersonStatus
from ansinh.supervision.models import Observation, Plan, Recommendation, RecommendationUpdate
from ansinh.supervision.selectors import findings_url
from ansinh.supervision.services import recommendation_create
from ansinh.supervision.tests.conftest import PERIOD, future, started_plan

pytestmark = pytest.mark.django_db


def _date(d) -> str:
    return d.strftime("%d/%m/%Y")


def test_a_plan_goes_from_draft_to_findings_recommendations_answers_and_conclusion(
        cast, geo, records, client_as):
    supervisor = client_as(cast.supervisor_a)
    form = supervisor.get("/giam-sat/moi/")
    assert form.status_code == 200 and 'id="plan-form"' in form.content.decode()
    response = supervisor.post("/giam-sat/moi/", {
        "unit": geo.commune_a.code, "body": "mttq",
        "body_name": "Ban Thường trực Ủy ban MTTQ Việt Nam phường Ba Đình",
        "number": "15/KH-MTTQ-BTT", "issued_on": "11/05/2026",
        "title": "Giám sát việc thực hiện chính sách trợ giúp xã hội",
        "legal_basis": "Hướng dẫn số 27/HD-MTTW-BTT ngày 28/4/2020",
        "period_from": "01/01/2026", "period_to": "31/12/2026",
        "scope_units": [geo.commune_a.code], "policies": ["TGXH"],
        "contents": "Rà soát, xét duyệt, niêm yết, chi trả."})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response.url == f"/giam-sat/{plan.pk}/"
    assert (plan.status, plan.unit, plan.reference) == (
        "draft", geo.commune_a, "Kế hoạch số 15/KH-MTTQ-BTT ngày 11/05/2026")
    assert list(plan.scope_units.all()) == [geo.commune_a]

    # Not started: the ward's staff do not see it; the delegation cannot write yet.
    assert client_as(cast.officer_a).get(f"/giam-sat/{plan.pk}/").status_code == 404
    page = supervisor.get(f"/giam-sat/{plan.pk}/").content.decode()
    assert 'id="start-form"' in page and f"/giam-sat/{plan.pk}/ket-qua/moi/" not in page
    response = supervisor.post(f"/giam-sat/{plan.pk}/bat-dau/", follow=True)
    assert "chưa có trưởng đoàn" in response.content.decode()

    response = supervisor.post(f"/giam-sat/{plan.pk}/thanh-vien/", {
        "full_name": "Nguyễn Thị Lan", "position": "Chủ tịch Ủy ban MTTQ phường",
        "organisation": "Ủy ban MTTQ Việt Nam phường Ba Đình", "user": "giamsat.a",
        "is_head": "on"})
    assert response.status_code == 302
    supervisor.post(f"/giam-sat/{plan.pk}/thanh-vien/", {
        "full_name": "Trần Văn Hải", "position": "Chủ tịch Hội Cựu chiến binh"})
    assert [(m.full_name, m.is_head, m.user) for m in plan.members.order_by("id")] == [
        ("Nguyễn Thị Lan", True, cast.supervisor_a), ("Trần Văn Hải", False, None)]
    assert supervisor.post(f"/giam-sat/{plan.pk}/bat-dau/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == "in_progress" and plan.started_at is not None

    # A finding, linked by pasting the person's page address and the anomaly's number.
    ward = records.ward
    response = supervisor.post(f"/giam-sat/{plan.pk}/ket-qua/moi/", {
        "unit": geo.commune_a.code, "severity": "violation",
        "text": "Bà Võ Thị Lành không nhận trợ cấp tháng 6, chưa có biên bản xác minh.",
        "person": f"http://localhost/nhan-khau/{ward.lanh.pk}/", "cycle": str(records.cycle.pk),
        "finding": str(records.finding_a.pk)})
    assert response.status_code == 302
    observation = Observation.objects.get()
    assert (observation.person, observation.cycle, observation.finding, observation.severity) == (
        ward.lanh, records.cycle, records.finding_a, "violation")

    deadline = future(20)
    response = supervisor.post(f"/giam-sat/{plan.pk}/kien-nghi/moi/", {
        "to_unit": geo.commune_a.code, "observation": str(observation.pk),
        "text": "Xác minh, chi bổ sung trợ cấp tháng 6 cho bà Võ Thị Lành.",
        "deadline": _date(deadline)})
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert (recommendation.status, recommendation.deadline, recommendation.to_unit) == (
        "open", deadline, geo.commune_a)
    page = supervisor.get(f"/giam-sat/{plan.pk}/").content.decode()
    assert "Xác minh, chi bổ sung trợ cấp tháng 6" in page and "Võ Thị Lành" in page

    # The ward's officer sees it on the home page and answers.
    officer = client_as(cast.officer_a)
    home = officer.get("/").content.decode()
    assert "Kiến nghị của đoàn giám sát" in home and "Xác minh, chi bổ sung" in home
    detail = officer.get(f"/giam-sat/kien-nghi/{recommendation.pk}/").content.decode()
    assert 'id="answer-form"' in detail and 'id="follow-up-form"' not in detail
    response = officer.post(f"/giam-sat/kien-nghi/{recommendation.pk}/tra-loi/", {
        "answer": "Đã lập biên bản xác minh; sẽ chi bổ sung trong tháng 7."})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.answered_by) == ("answered", cast.officer_a)

    # The delegation does not accept the answer yet and sets a new deadline; the ward
    # answers again; the delegation accepts it as done.
    new_deadline = future(45)
    response = supervisor.post(f"/giam-sat/kien-nghi/{recommendation.pk}/theo-doi/", {
        "kind": "reject", "note": "Chưa chi bổ sung.", "deadline": _date(new_deadline)})
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.deadline) == ("not_accepted", new_deadline)
    officer.post(f"/giam-sat/kien-nghi/{recommendation.pk}/tra-loi/", {
        "answer": "Đã chi bổ sung ngày 10/7."})
    supervisor.post(f"/giam-sat/kien-nghi/{recommendation.pk}/theo-doi/", {"kind": "accept"})
    recommendation.refresh_from_db()
    assert recommendation.status == "accepted"
    assert [(u.kind, u.from_status, u.to_status) for u in
            RecommendationUpdate.objects.order_by("id")] == [
        ("answer", "open", "answered"), ("reject", "answered", "not_accepted"),
        ("answer", "not_accepted", "answered"), ("accept", "answered", "accepted")]
    history = supervisor.get(f"/giam-sat/kien-nghi/{recommendation.pk}/").content.decode()
    assert "Đã chi bổ sung ngày 10/7." in history and "Chưa chi bổ sung." in history

    response = supervisor.post(f"/giam-sat/{plan.pk}/ket-luan/", {
        "conclusion": "Phường thực hiện đúng quy trình; còn chậm xác minh trường hợp không "
                      "nhận trợ cấp."})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "concluded" and plan.concluded_at is not None
    response = supervisor.post(f"/giam-sat/{plan.pk}/ket-qua/moi/", {
        "unit": geo.commune_a.code, "severity": "note", "text": "Thêm sau kết luận"})
    assert "Chỉ ghi kết quả giám sát và kiến nghị khi kế hoạch đang giám sát" in \
        response.content.decode()
    assert Observation.objects.count() == 1

    actions = list(AuditEvent.objects.filter(action__startswith="supervision.")
                   .order_by("sequence").values_list("action", flat=True))
    assert actions == [
        "supervision.plan.create", "supervision.member.add", "supervision.member.add",
        "supervision.plan.in_progress", "supervision.observation.create",
        "supervision.recommendation.create", "supervision.recommendation.answer",
        "supervision.recommendation.reject", "supervision.recommendation.answer",
        "supervision.recommendation.accept", "supervision.plan.concluded"]
    answers = AuditEvent.objects.filter(action="supervision.recommendation.answer")
    assert {e.unit for e in answers} == {geo.commune_a}


def test_a_supervisor_cannot_write_outside_supervision(cast, geo, records, plan, client_as):
    supervisor = client_as(cast.supervisor_a)
    household = records.ward.hoa.household
    persons = Person.objects.count()
    response = supervisor.post("/nhan-khau/them/", {
        "household_code": household.code, "full_name": "Nguyễn Văn Mới", "sex": "M",
        "birth_date": "01/01/1990", "birth_precision": "day", "relationship": "other"})
    assert response.status_code == 403
    response = supervisor.post("/api/v1/persons", {
        "household_id": household.pk, "full_name": "Nguyễn Văn Mới", "sex": "M"},
        content_type="application/json")
    assert response.status_code == 403
    assert "chỉ được xem" in response.json()["message"]
    assert Person.objects.count() == persons
    response = supervisor.post("/api/v1/cases", {
        "kind": "new_benefit", "person_id": records.ward.hoa.pk, "category": "K6"},
        content_type="application/json")
    assert response.status_code == 403
    assert supervisor.post(f"/ho-so/moi/?person={records.ward.hoa.pk}", {
        "kind": "new_benefit"}).status_code == 403
    assert supervisor.post(f"/chi-tra/{records.cycle.pk}/quyet-toan/").status_code == 403
    # …while in supervision the same user writes.
    response = supervisor.post(f"/giam-sat/{plan.pk}/ket-qua/moi/", {
        "unit": geo.commune_a.code, "severity": "note", "text": "Niêm yết đúng quy định."})
    assert response.status_code == 302 and Observation.objects.count() == 1


def test_another_units_plan_is_not_found(cast, geo, make_user, client_as):
    supervisor_b = make_user("giamsat.b", (Role.SUPERVISOR, geo.commune_b))
    plan_b = started_plan(supervisor_b, geo.commune_b, number="7/KH-MTTQ-BTT")
    recommendation = recommendation_create(actor=supervisor_b, plan=plan_b,
                                           to_unit=geo.commune_b, text="Kiến nghị Ngọc Hà",
                                           deadline=future())
    for user in (cast.supervisor_a, cast.officer_a):
        client = client_as(user)
        assert client.get(f"/giam-sat/{plan_b.pk}/").status_code == 404
        assert client.get(f"/giam-sat/{plan_b.pk}/bao-cao.pdf").status_code == 404
        assert client.get(f"/giam-sat/kien-nghi/{recommendation.pk}/").status_code == 404
        assert "Kiến nghị Ngọc Hà" not in client.get("/giam-sat/kien-nghi/").content.decode()
        assert plan_b.number not in client.get("/giam-sat/").content.decode()
    supervisor = client_as(cast.supervisor_a)
    response = supervisor.post(f"/giam-sat/{plan_b.pk}/ket-qua/moi/", {
        "unit": geo.commune_b.code, "severity": "note", "text": "Không được ghi"})
    assert response.status_code == 404
    response = supervisor.post(f"/giam-sat/kien-nghi/{recommendation.pk}/theo-doi/", {
        "kind": "close", "note": "x"})
    assert response.status_code == 404
    assert client_as(cast.officer_a).post(f"/giam-sat/kien-nghi/{recommendation.pk}/tra-loi/", {
        "answer": "x"}).status_code == 404
    assert client_as(cast.supervisor_a).get("/giam-sat/abc/").status_code == 404
    assert Observation.objects.count() == 0
    # The province sees both wards' plans; the plan's own ward's staff see it once started.
    assert client_as(cast.province_officer).get(f"/giam-sat/{plan_b.pk}/").status_code == 200
    assert client_as(cast.officer_b).get(f"/giam-sat/{plan_b.pk}/").status_code == 200


def test_the_supervised_and_read_only_roles_read_but_do_not_write(cast, geo, plan, client_as):
    recommendation = recommendation_create(actor=cast.supervisor_a, plan=plan,
                                           to_unit=geo.commune_a, text="Bổ sung báo cáo",
                                           deadline=future())
    for user in (cast.officer_a, cast.leader_a, cast.auditor):
        client = client_as(user)
        page = client.get(f"/giam-sat/{plan.pk}/").content.decode()
        assert "Bổ sung báo cáo" in page
        assert f"/giam-sat/{plan.pk}/ket-qua/moi/" not in page
        assert client.get(f"/giam-sat/{plan.pk}/ket-qua/moi/").status_code == 403
        assert client.post(f"/giam-sat/{plan.pk}/kien-nghi/moi/", {
            "to_unit": geo.commune_a.code, "text": "x",
            "deadline": _date(future())}).status_code == 403
        assert client.post(f"/giam-sat/kien-nghi/{recommendation.pk}/theo-doi/", {
            "kind": "close", "note": "x"}).status_code == 403
        assert client.post(f"/giam-sat/{plan.pk}/thanh-vien/", {
            "full_name": "X"}).status_code == 403
    # Only the addressed unit (or the province) answers; not the delegation, not the auditor.
    for user in (cast.supervisor_a, cast.auditor):
        response = client_as(user).post(f"/giam-sat/kien-nghi/{recommendation.pk}/tra-loi/", {
            "answer": "x"})
        assert response.status_code == 403
    assert Recommendation.objects.get().status == "open"
    assert client_as(cast.leader_a).post(f"/giam-sat/kien-nghi/{recommendation.pk}/tra-loi/", {
        "answer": "Đã bổ sung báo cáo."}).status_code == 302
    assert Recommendation.objects.get().status == "answered"


def test_an_overdue_recommendation_shows_on_the_responsible_units_home_page(
        cast, geo, plan, client_as):
    overdue = recommendation_create(actor=cast.supervisor_a, plan=plan, to_unit=geo.commune_a,
                                    text="Bổ sung báo cáo số đối tượng theo từng nhóm",
                                    deadline=future(7))
    recommendation_create(actor=cast.supervisor_a, plan=plan, to_unit=geo.commune_a,
                          text="Tiếp tục rà soát đối tượng chưa hưởng", deadline=future(30))
    past = timezone.localdate() - timedelta(days=3)
    Recommendation.objects.filter(pk=overdue.pk).update(deadline=past)

    home = client_as(cast.officer_a).get("/").content.decode()
    assert "Kiến nghị của đoàn giám sát" in home
    first = home.index("Bổ sung báo cáo số đối tượng theo từng nhóm")
    assert first < home.index("Tiếp tục rà soát đối tượng chưa hưởng")  # overdue first
    assert f"Quá hạn từ {_date(past)}" in home
    assert 'data-tone="warning">Quá hạn từ' in home
    assert "Bổ sung báo cáo số đối tượng" not in client_as(cast.officer_b).get("/").content.decode()

    supervisor_home = client_as(cast.supervisor_a).get("/").content.decode()
    assert plan.number in supervisor_home
    assert "Quá hạn: Bổ sung báo cáo số đối tượng" in supervisor_home

    listing = client_as(cast.officer_a).get("/giam-sat/kien-nghi/?qua_han=1").content.decode()
    assert "Bổ sung báo cáo số đối tượng" in listing and "Tiếp tục rà soát" not in listing
    assert 'data-overdue="1"' in listing
    workspace = client_as(cast.supervisor_a).get(f"/giam-sat/{plan.pk}/").content.decode()
    assert workspace.count('data-overdue="1"') == 1 and "1 quá hạn" in workspace
    # Answered, it is no longer overdue.
    client_as(cast.officer_a).post(f"/giam-sat/kien-nghi/{overdue.pk}/tra-loi/", {
        "answer": "Đã gửi báo cáo bổ sung."})
    assert "Quá hạn từ" not in client_as(cast.officer_a).get("/").content.decode()


def test_the_workspace_figures_equal_independent_counts(cast, geo, records, plan, client_as):
    page = client_as(cast.supervisor_a).get(f"/giam-sat/{plan.pk}/").content.decode()
    start, end = PERIOD
    a = geo.commune_a
    paid = Line.objects.filter(cycle__commune=a, status=LineStatus.PAID).exclude(
        kind=LineKind.RECOVERY)
    expected = {
        "persons": Person.objects.filter(commune=a, status=PersonStatus.LIVING).count(),
        "households": Household.objects.filter(commune=a, is_active=True).count(),
        "benefits": Benefit.objects.filter(commune=a, status="active").count(),
        "postings": Posting.objects.filter(commune=a, opens_on__range=PERIOD).count(),
        "decisions": Decision.objects.filter(commune=a, signed_on__range=(start, end)).count(),
        "open_findings": Finding.objects.filter(unit=a, status=FindingStatus.OPEN).count(),
        "cycles": 1,
    }
    assert expected == {"persons": 3, "households": 3, "benefits": 3, "postings": 1,
                        "decisions": 3, "open_findings": 1, "cycles": 1}
    for key, value in expected.items():
        assert f'data-figure="{key}">{value}<' in page, key
    paid_amount = sum(line.amount for line in paid)
    assert paid_amount == 975_000 + 650_000
    assert 'data-figure="paid_amount">1.625.000 đ<' in page
    assert 'data-figure="planned_amount">2.275.000 đ<' in page
    assert '<tr data-policy="TGXH">' in page and 'data-figure="benefits">3<' in page
    # The lists link to the records and to the pages that hold the rest.
    assert records.posting_a.get_absolute_url() in page
    assert records.posting_b.title not in page
    assert f"?bat_thuong={records.finding_a.pk}" in page and "Ngọc Hà" not in page
    assert findings_url() in page
    assert f"/nhat-ky/?tu_ngay={_date(start)}" in page.replace("%2F", "/")


def test_links_outside_the_observed_unit_and_bad_deadlines_are_refused(
        cast, geo, records, plan, client_as):
    supervisor = client_as(cast.supervisor_a)
    response = supervisor.post(f"/giam-sat/{plan.pk}/ket-qua/moi/", {
        "unit": geo.commune_a.code, "severity": "note", "text": "Người của phường khác",
        "person": str(records.person_b.pk)})
    assert response.status_code == 200
    assert f"Không có nhân khẩu số {records.person_b.pk} thuộc Phường Ba Đình." in \
        response.content.decode()
    response = supervisor.post(f"/giam-sat/{plan.pk}/ket-qua/moi/", {
        "unit": geo.commune_a.code, "severity": "note", "text": "x", "finding": "abc"})
    assert "Hãy nhập số của bản ghi" in response.content.decode()
    response = supervisor.post(f"/giam-sat/{plan.pk}/ket-qua/moi/", {
        "unit": geo.commune_b.code, "severity": "note", "text": "Phường khác"})
    assert response.status_code == 200 and Observation.objects.count() == 0
    for deadline in (timezone.localdate(), timezone.localdate() - timedelta(days=1)):
        response = supervisor.post(f"/giam-sat/{plan.pk}/kien-nghi/moi/", {
            "to_unit": geo.commune_a.code, "text": "x", "deadline": _date(deadline)})
        assert "Hạn thực hiện phải sau hôm nay." in response.content.decode()
    assert Recommendation.objects.count() == 0


def test_the_pages_switch_to_english(cast, plan, client_as):
    client = client_as(cast.supervisor_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    listing = client.get("/giam-sat/").content.decode()
    assert "Supervision plans" in listing and "Kế hoạch giám sát" not in listing
    workspace = client.get(f"/giam-sat/{plan.pk}/").content.decode()
    assert "Figures within the supervised scope" in workspace
    assert "Record a finding" in workspace
