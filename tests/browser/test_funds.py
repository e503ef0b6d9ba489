"""A ward's officer records a donation (adding the donor on the way) and an allocation above the
fund's threshold; the ward's leader signs in, finds the allocation on the home page and
approves it; the statement then shows the closing balance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ansinh.funds.models import Entry, EntryKind, EntryStatus, FundKind
from ansinh.funds.services import balance, fund_create
from ansinh.registry.models import Household

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


def test_a_donation_an_allocation_approved_by_the_leader_and_the_statement(
        page, live_server, cast, geo, artifacts_dir):
    fund = fund_create(actor=cast.officer_a, unit=geo.commune_a, kind=FundKind.POOR,
                       name="Quỹ Vì người nghèo phường Ba Đình", approval_threshold=50_000_000,
                       regulation="Quyết định số 15/QĐ-MTTQ ban hành quy chế quản lý quỹ")
    Household.objects.create(commune=geo.commune_a, code="HBD-0001", address="12 Đội Cấn")
    yesterday = (timezone.localdate() - timedelta(days=1)).strftime("%d/%m/%Y")

    _sign_in(page, live_server, "canbo.a")
    page.get_by_role("link", name="Quỹ", exact=True).click()
    page.screenshot(path=str(artifacts_dir / "funds-list.png"), full_page=True)
    page.get_by_role("link", name=fund.name).click()
    assert page.locator("#fund-balance").inner_text() == "0 đ"

    # A donation from a company not yet in the list: added from the receipt form.
    page.get_by_role("link", name="Ghi thu (tiền)").click()
    page.get_by_role("link", name="Thêm nhà tài trợ").click()
    page.locator("#id_kind").select_option(label="Cơ quan, tổ chức, doanh nghiệp")
    page.locator("#id_name").fill("Công ty Cổ phần Sông Hồng")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu nhà tài trợ").click()
    assert "Đã thêm nhà tài trợ “Công ty Cổ phần Sông Hồng”." in page.content()
    assert "Công ty Cổ phần Sông Hồng" in page.locator("#id_donor option:checked").inner_text()
    page.locator("#id_entry_date").fill(yesterday)
    page.locator("#id_amount").fill("150.000.000")
    page.locator("#id_description").fill("Ủng hộ Tháng cao điểm Vì người nghèo")
    page.locator("#id_voucher").fill("PT-01/2025")
    page.screenshot(path=str(artifacts_dir / "funds-receipt.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu phiếu thu").click()
    assert "Đã ghi bút toán số 1." in page.content()
    assert page.locator("#fund-balance").inner_text() == "150.000.000 đ"

    # An allocation above the threshold waits; the balance does not move.
    page.get_by_role("link", name="Ghi chi hỗ trợ").click()
    page.locator("#id_entry_date").fill(yesterday)
    page.locator("#id_amount").fill("60.000.000")
    page.locator("#id_purpose").select_option(label="Xây mới nhà Đại đoàn kết")
    page.locator("#id_household").fill("HBD-0001")
    page.locator("#id_description").fill("Xây nhà Đại đoàn kết cho hộ bà Nguyễn Thị Hoa")
    page.locator("#id_decision").fill("QĐ 45/QĐ-UBND ngày 01/11/2025")
    page.screenshot(path=str(artifacts_dir / "funds-allocation.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu khoản chi").click()
    assert "chờ phê duyệt" in page.locator(".alert-warning").first.inner_text()
    assert page.locator("#fund-balance").inner_text() == "150.000.000 đ"
    assert page.locator("#fund-pending").inner_text() == "1"
    page.screenshot(path=str(artifacts_dir / "funds-ledger.png"), full_page=True)
    allocation = Entry.objects.get(fund=fund, kind=EntryKind.ALLOCATION)
    assert allocation.status == EntryStatus.PENDING

    # The leader approves it from the home page.
    _sign_in(page, live_server, "lanhdao.a")
    panel = page.get_by_role("region", name="Khoản chi quỹ chờ bạn phê duyệt")
    assert "60.000.000 đ" in panel.inner_text()
    page.screenshot(path=str(artifacts_dir / "funds-home-panel.png"), full_page=True)
    page.goto(f"{live_server.url}/quy/cho-duyet/")
    page.screenshot(path=str(artifacts_dir / "funds-pending.png"), full_page=True)
    page.go_back()
    panel = page.get_by_role("region", name="Khoản chi quỹ chờ bạn phê duyệt")
    panel.get_by_role("link", name="Xây nhà Đại đoàn kết").click()
    page.screenshot(path=str(artifacts_dir / "funds-entry-pending.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Phê duyệt", exact=True).click()
    assert "Đã phê duyệt khoản chi 60.000.000 đ" in page.content()
    assert "Lanhdao.A" in page.locator("#entry-checker").inner_text()
    allocation.refresh_from_db()
    assert allocation.status == EntryStatus.POSTED and balance(fund) == 90_000_000

    # The statement: 150.000.000 received, 60.000.000 spent, 90.000.000 left.
    page.get_by_role("link", name=fund.name).first.click()
    page.get_by_role("link", name="Sao kê").click()
    closing = page.locator("tr", has_text="Số dư cuối kỳ (I + II − III)")
    assert closing.locator("td").last.inner_text() == "90.000.000"
    assert "Công ty Cổ phần Sông Hồng" in page.content()
    page.screenshot(path=str(artifacts_dir / "funds-statement.png"), full_page=True)


def test_goods_received_in_kind_and_handed_out(page, live_server, cast, geo, artifacts_dir):
    fund = fund_create(actor=cast.officer_a, unit=geo.commune_a, kind=FundKind.COVID,
                       name="Ủng hộ phòng, chống dịch phường Ba Đình")
    today = timezone.localdate().strftime("%d/%m/%Y")
    _sign_in(page, live_server, "canbo.a")
    page.goto(f"{live_server.url}{fund.get_absolute_url()}")
    page.get_by_role("link", name="Nhận hiện vật").click()
    page.locator("#id_entry_date").fill(today)
    page.locator("#id_description").fill("Siêu thị ủng hộ phòng, chống dịch")
    for row, (name, measure, quantity, value) in enumerate(
            [("Khẩu trang y tế", "hộp", "500", "45.000"),
             ("Nước rửa tay khô", "chai", "200", "60.000")]):
        page.locator(f"#id_hang-{row}-name").fill(name)
        page.locator(f"#id_hang-{row}-measure").fill(measure)
        page.locator(f"#id_hang-{row}-quantity").fill(quantity)
        page.locator(f"#id_hang-{row}-unit_value").fill(value)
    page.screenshot(path=str(artifacts_dir / "funds-in-kind.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu phiếu nhập hiện vật").click()
    assert "500 hộp" in page.locator("#stock-table").inner_text()

    page.get_by_role("link", name="Cấp phát hiện vật").click()
    page.locator("#id_entry_date").fill(today)
    page.locator("#id_purpose").select_option(label="Cứu trợ đột xuất")
    page.locator("#id_beneficiaries").fill("120")
    page.locator("#id_description").fill("Cấp cho các chốt kiểm soát dịch")
    page.locator("#id_decision").fill("KH 05/KH-BCĐ")
    page.locator("#id_hang-0-goods").select_option(label="Khẩu trang y tế (hộp) — còn 500")
    page.locator("#id_hang-0-quantity").fill("300")
    page.screenshot(path=str(artifacts_dir / "funds-distribution.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu phiếu cấp phát").click()
    assert "200 hộp" in page.locator("#stock-table").inner_text()
    page.screenshot(path=str(artifacts_dir / "funds-goods-ledger.png"), full_page=True)
