"""A resident on a phone (360×740) opens their commune's public page, reads a posted list, looks
up their own benefit, sends feedback and follows it by its code; the same with JavaScript
turned off, since the public pages need none."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from ansinh.payroll.tests.conftest import make_benefit, officers  # noqa: F401 - fixtures
from ansinh.policies.tests.conftest import catalog, make_person  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CCCD = "001085012345"
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def commune(cast, geo, catalog, make_person, make_benefit):  # noqa: F811
    from ansinh.cases.models import Benefit, CaseKind
    from ansinh.cases.services import CaseRequest, case_advance, case_open, posting_create
    from ansinh.geo.models import ResidentialGroup
    from ansinh.policies.models import Category
    from ansinh.registry.models import Person

    group = ResidentialGroup.objects.create(commune=geo.commune_a, name="Tổ dân phố số 3")
    hoa = make_person(born=date(1985, 3, 9), disability="severe", commune=geo.commune_a,
                      name="Lê Thị Hoa", sex="F")
    Person.objects.filter(pk=hoa.pk).update(national_id=CCCD)
    benefit = make_benefit(hoa, "K6", start=date(2026, 1, 1), hundredths=150)
    Benefit.objects.filter(pk=benefit.pk).update(monthly_amount=975_000)
    k5c = Category.objects.get(policy__code="TGXH", code="K5c")
    for name, born in (("Phạm Văn Lộc", date(1940, 2, 3)), ("Đinh Thị Hợi", date(1939, 8, 1))):
        person = make_person(born=born, commune=geo.commune_a, name=name, sex="M")
        person.household.residential_group = group
        person.household.save()
        case = case_open(actor=cast.officer_a, commune=geo.commune_a, request=CaseRequest(
            kind=CaseKind.NEW_BENEFIT, person=person, policy=k5c.policy, category=k5c))
        case_advance(actor=cast.officer_a, case=case, comment="Đã đối chiếu")
        posting_create(actor=cast.officer_a, commune=geo.commune_a,
                       title=f"Niêm yết đề nghị hưởng trợ cấp — {name}",
                       opens_on=timezone.localdate(), cases=[case])
    from ansinh.funds.models import DonorKind, FundKind
    from ansinh.funds.services import Receipt, donor_create, fund_create, receipt_record

    fund = fund_create(actor=cast.officer_a, unit=geo.commune_a, kind=FundKind.POOR,
                       name="Quỹ Vì người nghèo phường Ba Đình")
    for name, amount in (("Công ty Cổ phần Xây dựng Thăng Long", 25_000_000),
                         ("Bà Lý Thị Hạnh", 2_000_000)):
        donor = donor_create(actor=cast.officer_a, unit=geo.commune_a,
                             kind=DonorKind.ORGANISATION, name=name)
        receipt_record(actor=cast.officer_a, fund=fund, receipt=Receipt(
            timezone.localdate(), amount, "Ủng hộ quỹ", donor=donor))
    return geo.commune_a


def _fits_the_phone(page: Any) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]


def _resident_visit(page: Any, url: str, shots: Any, prefix: str) -> str:
    page.goto(f"{url}/cong-khai/")
    page.get_by_label("Tên xã, phường").fill("ba dinh")
    with page.expect_navigation():
        page.get_by_role("button", name="Tìm").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Phường Ba Đình").click()
    assert page.get_by_role("heading", name="Phường Ba Đình", exact=True).is_visible()
    assert page.locator("#postings li").count() == 2
    _fits_the_phone(page)
    if shots:
        page.screenshot(path=str(shots / f"{prefix}-commune.png"), full_page=True)

    with page.expect_navigation():
        page.get_by_role("link", name="Niêm yết đề nghị hưởng trợ cấp — Phạm Văn Lộc").click()
    row = page.get_by_role("row", name="Phạm Văn Lộc")
    assert "1940" in row.inner_text() and "Tổ dân phố số 3" in row.inner_text()
    _fits_the_phone(page)
    if shots:
        page.screenshot(path=str(shots / f"{prefix}-posting.png"), full_page=True)

    with page.expect_navigation():
        page.get_by_role("link", name="Tra cứu", exact=True).click()
    page.get_by_label("Số CCCD (12 chữ số)").fill(CCCD)
    page.get_by_label("Ngày sinh (ngày/tháng/năm)").fill("09/03/1985")
    with page.expect_navigation():
        page.get_by_role("button", name="Tra cứu").click()
    result = page.locator("#lookup-result").inner_text()
    assert "Lê Thị Hoa" in result and "975.000 đ" in result and CCCD not in page.content()
    _fits_the_phone(page)
    if shots:
        page.screenshot(path=str(shots / f"{prefix}-lookup.png"), full_page=True)

    with page.expect_navigation():
        page.get_by_role("link", name="Phản ánh", exact=True).click()
    page.get_by_label("Việc chi trả").check()
    page.get_by_label("Nội dung phản ánh").fill("Tháng này tôi chưa nhận được tiền trợ cấp.")
    page.get_by_label("Số điện thoại hoặc địa chỉ để trả lời", exact=False).fill("0912345678")
    if shots:
        page.screenshot(path=str(shots / f"{prefix}-feedback-form.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi phản ánh").click()
    code = page.locator("#tracking-code").inner_text().strip()
    assert len(code) == 8
    _fits_the_phone(page)
    if shots:
        page.screenshot(path=str(shots / f"{prefix}-feedback-sent.png"), full_page=True)

    page.goto(f"{url}/cong-khai/")
    with page.expect_navigation():
        page.get_by_role("link", name="Theo dõi bằng mã theo dõi", exact=False).click()
    page.get_by_label("Mã theo dõi").fill(code.lower())
    with page.expect_navigation():
        page.get_by_role("button", name="Xem").click()
    status = page.locator("#feedback-status").inner_text()
    assert "Đã tiếp nhận" in status and "0912345678" not in page.content()
    _fits_the_phone(page)
    if shots:
        page.screenshot(path=str(shots / f"{prefix}-track.png"), full_page=True)
    return code


def test_a_resident_on_a_phone_reads_looks_up_and_sends_feedback(
        browser, live_server, commune, artifacts_dir):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    _resident_visit(page, live_server.url, artifacts_dir, "portal-phone")
    # The keyboard reaches the skip link first, and it is visible when focused.
    page.goto(f"{live_server.url}/cong-khai/{commune.code}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua, tới nội dung chính")
    assert skip.evaluate("el => el === document.activeElement") and skip.is_visible()
    page.screenshot(path=str(artifacts_dir / "portal-phone-skip-link.png"))
    page.wait_for_load_state("networkidle")
    context.close()


def test_the_public_pages_work_with_javascript_turned_off(browser, live_server, commune,
                                                         artifacts_dir):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    _resident_visit(page, live_server.url, None, "portal-nojs")
    page.goto(f"{live_server.url}/cong-khai/{commune.code}/thu-tuc/")
    page.screenshot(path=str(artifacts_dir / "portal-nojs-guide.png"), full_page=True)
    page.goto(f"{live_server.url}/cong-khai/{commune.code}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Quỹ Vì người nghèo phường Ba Đình").click()
    assert "Công ty Cổ phần Xây dựng Thăng Long" in page.content()
    _fits_the_phone(page)
    page.screenshot(path=str(artifacts_dir / "portal-nojs-fund.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("link", name="Đang hưởng", exact=True).click()
    assert "Lê Thị Hoa" in page.locator("table.rows").inner_text()
    page.screenshot(path=str(artifacts_dir / "portal-nojs-in-force.png"), full_page=True)
    page.goto(f"{live_server.url}/cong-khai/{commune.code}/danh-gia/")
    page.get_by_label("Số CCCD (12 chữ số)").fill(CCCD)
    page.get_by_label("Hài lòng", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi đánh giá").click()
    assert page.locator("#vote-thanks").is_visible()
    page.screenshot(path=str(artifacts_dir / "portal-nojs-poll.png"), full_page=True)
    context.close()
