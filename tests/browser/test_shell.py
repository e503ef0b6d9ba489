"""A person signs in, switches role and sees the home page, in a real browser."""

from __future__ import annotations

import pytest

from ansinh.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem-1"


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/")
    assert "/tai-khoan/dang-nhap/" in page.url
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    assert page.url == f"{live_server.url}/"


def test_sign_in_switch_assignment_and_see_the_home_page(page, live_server, geo, make_user,
                                                        artifacts_dir):
    make_user("giamsat.hai", (Role.SUPERVISOR, geo.commune_a), (Role.AUDITOR, geo.hcm))
    _sign_in(page, live_server, "giamsat.hai")
    scope = page.locator("#scope-bar")
    assert "Thành viên đoàn giám sát" in scope.inner_text()
    assert "Phường Ba Đình" in scope.inner_text()
    assert "chỉ xem" in scope.inner_text()
    page.screenshot(path=str(artifacts_dir / "home-supervisor.png"), full_page=True)

    # Switch to the auditor assignment with the selector in the navigation bar.
    with page.expect_navigation():
        page.get_by_label("Vai trò đang dùng").select_option(
            label="Kiểm toán, thanh tra — Thành phố Hồ Chí Minh")
    assert "Thành phố Hồ Chí Minh" in page.locator("#scope-bar").inner_text()
    assert "Đang làm việc với vai trò: Kiểm toán" in page.content()
    assert page.get_by_role("heading", name="Thành phố Hồ Chí Minh").is_visible()
    page.screenshot(path=str(artifacts_dir / "home-auditor.png"), full_page=True)

    # The new scope holds: the old commune is now out of reach.
    response = page.goto(f"{live_server.url}/don-vi/{geo.commune_a.code}/")
    assert response.status == 404
    assert "Không tìm thấy" in page.content()


def test_an_officer_adds_a_residential_group_in_the_browser(page, live_server, geo, make_user,
                                                           artifacts_dir):
    make_user("canbo.trinhduyet", (Role.COMMUNE_OFFICER, geo.commune_a))
    _sign_in(page, live_server, "canbo.trinhduyet")
    page.get_by_role("link", name="Khai báo thôn, tổ dân phố").click()
    page.get_by_role("link", name="Thêm thôn, tổ dân phố").click()
    page.get_by_label("Tên").fill("Tổ dân phố số 3")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu").click()
    assert page.locator("#group-list").inner_text().count("Tổ dân phố số 3") == 1
    page.screenshot(path=str(artifacts_dir / "commune-groups.png"), full_page=True)
