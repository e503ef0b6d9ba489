"""The rules of the supervision services: who may write, the scope of a plan, the delegation's
head, the steps of a recommendation, and what a concluded plan still allows."""

from __future__ import annotations

from datetime import date

import pytest

from ansinh.core.errors import DomainError, PermissionDenied
from ansinh.core.models import AuditEvent
from ansinh.supervision.models import Observation, RecommendationStatus
from ansinh.supervision.services import (
    member_add,
    member_remove,
    observation_create,
    plan_conclude,
    plan_create,
    plan_update,
    recommendation_answer,
    recommendation_create,
    recommendation_follow_up,
)
from ansinh.supervision.tests.conftest import future, plan_input

pytestmark = pytest.mark.django_db


def test_a_plan_covers_only_units_of_its_body(cast, geo):
    with pytest.raises(DomainError, match="Địa bàn “Phường Ngọc Hà” không thuộc Phường Ba Đình"):
        plan_create(actor=cast.supervisor_a, unit=geo.commune_a,
                    data=plan_input(geo.commune_b))
    with pytest.raises(PermissionDenied):
        plan_create(actor=cast.supervisor_a, unit=geo.hanoi, data=plan_input(geo.commune_a))
    for user in (cast.officer_a, cast.leader_a, cast.auditor):
        with pytest.raises(PermissionDenied):
            plan_create(actor=user, unit=geo.commune_a, data=plan_input(geo.commune_a))
    with pytest.raises(DomainError, match="ngày bắt đầu phải trước ngày kết thúc"):
        plan_create(actor=cast.supervisor_a, unit=geo.commune_a, data=plan_input(
            geo.commune_a, period_from=date(2026, 5, 1), period_to=date(2026, 4, 1)))
    plan = plan_create(actor=cast.province_officer, unit=geo.hanoi,
                       data=plan_input(geo.commune_a, geo.commune_b))
    with pytest.raises(DomainError, match="đã có kế hoạch số 15/KH-MTTQ-BTT"):
        plan_create(actor=cast.province_officer, unit=geo.hanoi,
                    data=plan_input(geo.commune_a))
    assert sorted(u.code for u in plan.scope_units.all()) == ["00004", "00008"]


def test_the_delegation_has_one_head_and_freezes_at_the_conclusion(cast, geo, plan):
    head = plan.members.get()
    second = member_add(actor=cast.supervisor_a, plan=plan, full_name="Trần Văn Hải",
                        is_head=True)
    head.refresh_from_db()
    assert (head.is_head, second.is_head) == (False, True)
    with pytest.raises(DomainError, match="đã là thành viên"):
        member_add(actor=cast.supervisor_a, plan=plan, full_name="Lại", user=cast.supervisor_a)
    with pytest.raises(DomainError, match="không có vai trò"):
        member_add(actor=cast.supervisor_a, plan=plan, full_name="Cán bộ",
                   user=cast.officer_a)
    with pytest.raises(PermissionDenied):
        member_add(actor=cast.officer_a, plan=plan, full_name="Cán bộ")
    plan_update(actor=cast.supervisor_a, plan=plan, data=plan_input(
        geo.commune_a, title="Giám sát chi trả trợ cấp xã hội"))
    update = AuditEvent.objects.get(action="supervision.plan.update")
    assert update.changes == {"title": {
        "before": "Giám sát việc thực hiện chính sách trợ giúp xã hội",
        "after": "Giám sát chi trả trợ cấp xã hội"}}
    plan = plan_conclude(actor=cast.supervisor_a, plan=plan, conclusion="Đạt.")
    with pytest.raises(DomainError, match="đã kết luận"):
        member_remove(actor=cast.supervisor_a, plan=plan, member=second)
    with pytest.raises(DomainError, match="đã kết luận"):
        plan_update(actor=cast.supervisor_a, plan=plan, data=plan_input(geo.commune_a))
    with pytest.raises(DomainError, match="không chuyển sang"):
        plan_conclude(actor=cast.supervisor_a, plan=plan, conclusion="Lần nữa.")


def test_a_province_officer_linked_to_a_wards_plan_writes_in_it(cast, geo, records, plan):
    with pytest.raises(PermissionDenied):
        observation_create(actor=cast.province_officer, plan=plan, unit=geo.commune_a,
                           text="Chưa là thành viên")
    member_add(actor=cast.supervisor_a, plan=plan, full_name="Lê Thu Trang",
               organisation="Sở Y tế", user=cast.province_officer)
    observation = observation_create(actor=cast.province_officer, plan=plan,
                                     unit=geo.commune_a, text="Đã là thành viên")
    assert observation.created_by == cast.province_officer
    assert Observation.objects.count() == 1


def test_the_steps_of_a_recommendation_follow_the_table(cast, geo, plan):
    recommendation = recommendation_create(actor=cast.supervisor_a, plan=plan,
                                           to_unit=geo.commune_a, text="Rà soát lại",
                                           deadline=future())
    with pytest.raises(DomainError, match="không thể “Đoàn chưa chấp nhận"):
        recommendation_follow_up(actor=cast.supervisor_a, recommendation=recommendation,
                                 kind="reject", note="Chưa trả lời thì chưa có gì để bác")
    with pytest.raises(DomainError, match="Việc theo dõi không hợp lệ"):
        recommendation_follow_up(actor=cast.supervisor_a, recommendation=recommendation,
                                 kind="answer", note="x")
    with pytest.raises(DomainError, match="Hạn mới phải sau hôm nay"):
        recommendation_follow_up(actor=cast.supervisor_a, recommendation=recommendation,
                                 kind="note", note="x", deadline=date(2020, 1, 1))
    noted = recommendation_follow_up(actor=cast.supervisor_a, recommendation=recommendation,
                                     kind="note", note="Đã nhắc qua điện thoại",
                                     deadline=future(60))
    assert (noted.status, noted.deadline) == (RecommendationStatus.OPEN, future(60))
    closed = recommendation_follow_up(actor=cast.supervisor_a, recommendation=recommendation,
                                      kind="close", note="Không còn phù hợp")
    with pytest.raises(DomainError, match="không thể “Đơn vị trả lời”"):
        recommendation_answer(actor=cast.officer_a, recommendation=closed, answer="Muộn")
    reopened = recommendation_follow_up(actor=cast.supervisor_a, recommendation=closed,
                                        kind="reopen", note="Mở lại theo ý kiến cử tri")
    assert reopened.status == RecommendationStatus.OPEN
    answered = recommendation_answer(actor=cast.province_officer, recommendation=reopened,
                                     answer="Tỉnh đã chỉ đạo phường rà soát.")
    assert (answered.status, answered.answered_by) == ("answered", cast.province_officer)
    assert [u.kind for u in answered.updates.order_by("id")] == [
        "note", "close", "reopen", "answer"]
    # After the conclusion the delegation still follows up.
    plan_conclude(actor=cast.supervisor_a, plan=plan, conclusion="Đạt.")
    accepted = recommendation_follow_up(actor=cast.supervisor_a, recommendation=answered,
                                        kind="accept")
    assert accepted.status == RecommendationStatus.ACCEPTED
    with pytest.raises(DomainError, match="đang giám sát"):
        recommendation_create(actor=cast.supervisor_a, plan=plan, to_unit=geo.commune_a,
                              text="Sau kết luận", deadline=future())


def test_a_recommendation_goes_only_to_a_unit_of_the_plan(cast, geo, plan):
    with pytest.raises(DomainError, match="không thuộc địa bàn"):
        recommendation_create(actor=cast.supervisor_a, plan=plan, to_unit=geo.commune_b,
                              text="x", deadline=future())
    with pytest.raises(DomainError, match="Hãy ghi nội dung kiến nghị"):
        recommendation_create(actor=cast.supervisor_a, plan=plan, to_unit=geo.commune_a,
                              text="  ", deadline=future())
