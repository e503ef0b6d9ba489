"""An officer opens a dossier from the form in a real browser and sees its step timeline."""

from __future__ import annotations

from datetime import date

import pytest

from ansinh.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem-1"


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    assert page.url == f"{live_server.url}/"


def test_an_officer_opens_a_dossier_and_sees_the_step_timeline(page, live_server, geo, make_user,
                                                               artifacts_dir):
    from ansinh.policies.catalog import catalog_load
    from ansinh.registry.models import Household, Person

    catalog_load()
    household = Household.objects.create(commune=geo.commune_a, code="HGD-T01",
                                         address="Số 12, Tổ 4")
    person = Person.objects.create(
        household=household, commune=geo.commune_a, full_name="Lê Thị Hoa",
        name_key="le thi hoa", sex="F", birth_date=date(1980, 6, 1), birth_year=1980,
        disability_level="especially_severe", disability_certified_on=date(2026, 9, 15))
    make_user("canbo.hoso", (Role.COMMUNE_OFFICER, geo.commune_a))
    _sign_in(page, live_server, "canbo.hoso")

    page.goto(f"{live_server.url}/ho-so/moi/?person={person.pk}")
    assert page.get_by_role("heading", name="Lập hồ sơ: Lê Thị Hoa").is_visible()
    option = page.get_by_label("K6 — Người khuyết tật nặng, đặc biệt nặng", exact=False)
    assert option.is_checked()  # the only category the engine finds is chosen already
    assert "Điều 5 Nghị định 20/2021/NĐ-CP" in page.locator("#category-options").inner_text()
    # Changing the date of receipt asks the engine again (htmx), without leaving the page.
    received = page.get_by_label("Ngày nhận hồ sơ")
    received.fill("02/11/2026")
    with page.expect_response(lambda r: "/ho-so/moi/" in r.url and r.request.method == "GET"):
        received.dispatch_event("change")
    page.wait_for_timeout(100)
    assert "02/11/2026" in page.locator("#category-options").inner_text()
    page.get_by_label("Ghi chú").fill("Nộp tại bộ phận một cửa")
    page.screenshot(path=str(artifacts_dir / "case-open.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Lập hồ sơ").click()

    assert "/ho-so/" in page.url and "Đã lập hồ sơ HS-2026-0001" in page.content()
    timeline = page.locator("#timeline")
    steps = timeline.locator("li")
    assert steps.count() == 4
    assert "Tiếp nhận hồ sơ" in steps.nth(0).inner_text()
    assert "Nộp tại bộ phận một cửa" in steps.nth(0).inner_text()
    assert "Kiểm tra, đối chiếu Cơ sở dữ liệu quốc gia về dân cư" in steps.nth(1).inner_text()
    assert "Chủ tịch UBND xã quyết định" in steps.nth(3).inner_text()
    # 5 working days from Monday 2/11/2026 for the check; 10 in all.
    assert "hạn 09/11/2026" in steps.nth(1).inner_text()
    assert "16/11/2026" in page.locator("#case-facts").inner_text()
    page.screenshot(path=str(artifacts_dir / "case-detail.png"), full_page=True)

    # Record the check from the page; the timeline moves on.
    page.get_by_label("Ý kiến").fill("Đã đối chiếu CSDL dân cư")
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi nhận hoàn thành: Kiểm tra").click()
    assert page.locator("#timeline li[data-step=checked][data-done='1']").count() == 1
    page.goto(f"{live_server.url}/ho-so/")
    assert page.locator("#case-table").get_by_text("HS-2026-0001").is_visible()
    page.screenshot(path=str(artifacts_dir / "case-list.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/ho-so/")
    page.screenshot(path=str(artifacts_dir / "case-list-phone.png"), full_page=True)
