"""A supervisor signs in with a real browser, opens the delegation's plan from the menu, writes
a finding and a recommendation; the ward's officer then finds the recommendation on the home
page and answers it."""

from __future__ import annotations

import pytest

from ansinh.payroll.tests.conftest import make_benefit, officers  # noqa: F401 - fixtures
from ansinh.payroll.tests.ward import ward_fixture  # noqa: F401 - fixture
from ansinh.policies.tests.conftest import catalog, make_person  # noqa: F401 - fixtures
from ansinh.supervision.models import Observation, Recommendation
from ansinh.supervision.tests.conftest import future, records, started_plan  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem-1"


def _sign_in(page, live_server, username: str) -> None:  # noqa: F811
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    assert page.url == f"{live_server.url}/"


def test_a_supervisor_writes_a_finding_and_a_recommendation_the_ward_answers(
        page, live_server, cast, geo, records, artifacts_dir):  # noqa: F811
    plan = started_plan(cast.supervisor_a, geo.commune_a)
    deadline = future(20)

    _sign_in(page, live_server, "giamsat.a")
    assert plan.number in page.content()  # the home panel lists the plan in progress
    page.get_by_role("link", name="Giám sát", exact=True).click()
    assert page.get_by_role("heading", name="Kế hoạch giám sát").is_visible()
    page.get_by_role("link", name=plan.title).click()
    figures = page.locator("#scope-figures")
    assert figures.locator("[data-figure=persons]").inner_text() == "3"
    assert figures.locator("[data-figure=paid_amount]").inner_text() == "1.625.000 đ"
    assert page.locator("#member-table").inner_text().count("Nguyễn Thị Lan") == 1

    page.get_by_role("link", name="Ghi kết quả giám sát").click()
    page.get_by_label("Mức độ").select_option(label="Hạn chế, thiếu sót")
    page.get_by_label("Nội dung").fill("Chưa lập biên bản xác minh người không nhận trợ cấp.")
    page.screenshot(path=str(artifacts_dir / "supervision-observation.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu kết quả giám sát").click()
    assert "Đã ghi kết quả giám sát." in page.content()
    assert "Chưa lập biên bản xác minh" in page.locator("#observation-list").inner_text()

    page.get_by_role("link", name="ghi kiến nghị", exact=True).click()
    assert page.get_by_label("Kết quả giám sát liên quan").input_value() == str(
        Observation.objects.get().pk)
    page.get_by_label("Nội dung kiến nghị").fill("Lập biên bản xác minh, chi bổ sung trợ cấp.")
    page.get_by_label("Hạn thực hiện").fill(deadline.strftime("%d/%m/%Y"))
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu kiến nghị").click()
    assert "Đã ghi kiến nghị gửi Phường Ba Đình" in page.content()
    assert "Lập biên bản xác minh" in page.locator("#plan-recommendations").inner_text()
    page.screenshot(path=str(artifacts_dir / "supervision-workspace.png"), full_page=True)

    recommendation = Recommendation.objects.get()
    assert (recommendation.deadline, recommendation.status) == (deadline, "open")

    # The ward's officer answers from the home page.
    _sign_in(page, live_server, "canbo.a")
    panel = page.get_by_role("region", name="Kiến nghị của đoàn giám sát")
    panel.get_by_role("link", name="Lập biên bản xác minh, chi bổ sung trợ cấp.").click()
    page.get_by_label("Trả lời của đơn vị").fill("Đã lập biên bản ngày 05/12, chi bổ sung.")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi trả lời").click()
    assert "Đã gửi trả lời kiến nghị cho đoàn giám sát." in page.content()
    page.screenshot(path=str(artifacts_dir / "supervision-answer.png"), full_page=True)
    recommendation.refresh_from_db()
    assert recommendation.status == "answered"
