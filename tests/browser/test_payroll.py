"""An officer generates a month's payment list in a real browser, the leader approves it, the
officer records the payments, and the reconciliation shows the numbers."""

from __future__ import annotations

from datetime import date

import pytest

from ansinh.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem-1"


def _sign_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    assert page.url == f"{live_server.url}/"


def _beneficiaries(geo, officer) -> None:
    """Three persons with monthly social assistance in two residential groups of Ba Đình."""
    from ansinh.cases.models import Benefit, Decision
    from ansinh.geo.models import ResidentialGroup
    from ansinh.policies.models import Category
    from ansinh.registry.models import Household, Person

    decision = Decision.objects.create(commune=geo.commune_a, number="12/QĐ-UBND",
                                       signed_on=date(2026, 1, 5), signer_name="Trần Văn Bình",
                                       summary="", recorded_by=officer)
    for index, (name, group, code, hundredths) in enumerate((
            ("Lê Thị Hoa", "Tổ 1", "K6", 150), ("Võ Thị Lành", "Tổ 2", "K5c", 100),
            ("Đỗ Văn Minh", "Tổ 1", "K6", 200)), start=1):
        household = Household.objects.create(
            commune=geo.commune_a, code=f"HGD-CT{index}", address=f"Số {index}, {group}",
            residential_group=ResidentialGroup.objects.get_or_create(
                commune=geo.commune_a, name=group)[0])
        person = Person.objects.create(household=household, commune=geo.commune_a,
                                       full_name=name, name_key=name.lower(), sex="F",
                                       birth_date=date(1950, 1, 1), birth_year=1950)
        category = Category.objects.get(policy__code="TGXH", code=code)
        Benefit.objects.create(person=person, commune=geo.commune_a, policy=category.policy,
                               category=category, hundredths=hundredths, multiplier=1,
                               base_parameters="TGXH_MC", monthly_amount=6_500 * hundredths,
                               start_month=date(2026, 1, 1),
                               status="active", decision=decision)


def test_an_officer_generates_the_leader_approves_and_the_payments_reconcile(
        page, live_server, geo, make_user, artifacts_dir):
    from ansinh.policies.catalog import catalog_load

    catalog_load()
    officer = make_user("canbo.chitra", (Role.COMMUNE_OFFICER, geo.commune_a))
    make_user("lanhdao.chitra", (Role.COMMUNE_LEADER, geo.commune_a))
    _beneficiaries(geo, officer)

    # The officer makes June's list from the menu.
    _sign_in(page, live_server, "canbo.chitra")
    page.get_by_role("link", name="Chi trả", exact=True).click()
    assert page.get_by_role("heading", name="Kỳ chi trả").is_visible()
    page.get_by_role("link", name="Lập danh sách chi trả").first.click()
    page.get_by_label("Chính sách").select_option(label="Trợ cấp xã hội hằng tháng")
    page.get_by_label("Tháng chi trả").fill("06/2026")
    page.screenshot(path=str(artifacts_dir / "payroll-generate.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Lập danh sách").click()
    # Hà Nội's base level is 650.000 đ: 1,5 + 1 + 2 times it.
    assert "Đã lập danh sách chi trả: 3 dòng, 3 người, tổng 2.925.000 đ." in page.content()
    assert page.locator("#cycle-figures [data-total=amount]").inner_text() == "2.925.000 đ"
    assert page.locator("#line-table tbody tr").count() == 3
    cycle_url = page.url

    # Filtering by group asks for the table alone (htmx) and keeps the page.
    with page.expect_response(lambda r: "to=" in r.url and r.request.method == "GET"):
        page.get_by_label("Tổ, thôn").select_option(label="Tổ 2")
    page.wait_for_timeout(100)
    assert page.locator("#line-table tbody tr").count() == 1
    assert "Võ Thị Lành" in page.locator("#line-table").inner_text()
    page.screenshot(path=str(artifacts_dir / "payroll-draft.png"), full_page=True)

    # The leader approves.
    _sign_in(page, live_server, "lanhdao.chitra")
    assert "Chờ lãnh đạo duyệt: Trợ cấp xã hội hằng tháng, tháng 06/2026" in page.content()
    page.goto(cycle_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Duyệt danh sách chi trả").click()
    assert "Đã duyệt danh sách chi trả" in page.content()
    assert page.locator("h1 [data-status=approved]").is_visible()

    # The officer ticks Tổ 1's lines and records them paid; Tổ 2's was not collected.
    _sign_in(page, live_server, "canbo.chitra")
    page.goto(cycle_url)
    page.get_by_label("Chọn dòng của Lê Thị Hoa").check()
    page.get_by_label("Chọn dòng của Đỗ Văn Minh").check()
    page.get_by_label("Ngày chi").fill("10/06/2026")
    page.screenshot(path=str(artifacts_dir / "payroll-pay.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi nhận đã chi").click()
    assert "Đã ghi nhận chi trả 2 dòng." in page.content()
    page.get_by_label("Chọn dòng của Võ Thị Lành").check()
    page.get_by_label("Lý do không chi được").fill("Vắng mặt tại địa phương")
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi nhận không chi được").click()
    assert page.locator("#cycle-figures [data-total=paid]").inner_text() == "2"
    assert page.locator("#cycle-figures [data-total=returned]").inner_text() == "1"

    page.get_by_role("link", name="Đối soát").click()
    overall = page.locator("#reconciliation-overall")
    assert overall.locator("[data-figure=planned]").inner_text() == "3"
    assert overall.locator("[data-figure=paid_amount]").inner_text() == "2.275.000 đ"
    assert overall.locator("[data-figure=returned_amount]").inner_text() == "650.000 đ"
    assert overall.locator("[data-figure=outstanding]").inner_text() == "0"
    assert "Tổ 1" in page.locator("#by-group").inner_text()
    page.screenshot(path=str(artifacts_dir / "payroll-reconciliation.png"), full_page=True)

    page.goto(cycle_url)
    with page.expect_navigation():
        page.get_by_role("button", name="Quyết toán kỳ chi trả").click()
    assert page.locator("h1 [data-status=closed]").is_visible()
    page.screenshot(path=str(artifacts_dir / "payroll-closed.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/chi-tra/")
    page.screenshot(path=str(artifacts_dir / "payroll-list-phone.png"), full_page=True)
