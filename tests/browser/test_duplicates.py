"""An officer reviews a duplicate pair in a real browser: from the home panel to the queue, the
pair side by side with why the model paired it, then confirms and merges; the month paid twice
comes back as a finding to recover."""

from __future__ import annotations

from datetime import date

import pytest

from ansinh.accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem-1"

EXPLANATION = [
    {"field": "given", "label": "Tên", "level": "Trùng tên", "weight": 5.8},
    {"field": "family_middle", "label": "Họ và tên đệm", "level": "Trùng họ và tên đệm",
     "weight": 4.1},
    {"field": "birth", "label": "Ngày sinh", "level": "Đảo ngày và tháng sinh", "weight": 3.2},
    {"field": "national_id", "label": "Số CCCD", "level": "Khác một chữ số (có thể gõ nhầm)",
     "weight": 6.4},
    {"field": "place", "label": "Nơi ở", "level": "Cùng xã, phường, khác thôn, tổ",
     "weight": 1.1},
    {"field": "phone", "label": "Số điện thoại", "level": "Khác số điện thoại", "weight": -2.3},
    {"field": "rivals", "label": "Người khác cùng khớp",
     "level": "Cũng có thể trùng với 1 người khác", "weight": -0.6},
]


def _sign_in(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    assert page.url == f"{live_server.url}/"


def _twins(geo, officer, leader):
    """Bùi Thị Thu recorded twice in Ba Đình (birth day and month swapped, a CCCD one digit
    off), each record with the monthly allowance, both paid for June 2026."""
    from ansinh.cases.models import Benefit, Decision
    from ansinh.core.text import normalize_text
    from ansinh.geo.models import ResidentialGroup
    from ansinh.integrity.models import DuplicatePair
    from ansinh.payroll.services import (
        Payment,
        cycle_approve,
        cycle_generate,
        lines_mark_paid,
    )
    from ansinh.policies.models import Category, Policy
    from ansinh.registry.models import Household, Person

    decision = Decision.objects.create(commune=geo.commune_a, number="21/QĐ-UBND",
                                       signed_on=date(2026, 1, 5), signer_name="Trần Văn Bình",
                                       summary="", recorded_by=officer)
    category = Category.objects.get(policy__code="TGXH", code="K5c")
    persons = []
    for index, (group, born, national_id) in enumerate((
            ("Tổ 3", date(1944, 4, 9), "001144007788"),
            ("Tổ 5", date(1944, 9, 4), "001144007789")), start=1):
        household = Household.objects.create(
            commune=geo.commune_a, code=f"HGD-TL{index}", address=f"Số {index * 11}, {group}",
            residential_group=ResidentialGroup.objects.get_or_create(
                commune=geo.commune_a, name=group)[0])
        person = Person.objects.create(
            household=household, commune=geo.commune_a, full_name="Bùi Thị Thu",
            name_key=normalize_text("Bùi Thị Thu"), sex="F", birth_date=born,
            birth_year=born.year, national_id=national_id)
        Benefit.objects.create(person=person, commune=geo.commune_a, policy=category.policy,
                               category=category, hundredths=100, multiplier=1,
                               base_parameters="TGXH_MC", monthly_amount=650_000,
                               start_month=date(2026, 1, 1),
                               status="active", decision=decision)
        persons.append(person)
    cycle = cycle_generate(actor=officer, commune=geo.commune_a,
                           policy=Policy.objects.get(code="TGXH"), month=date(2026, 6, 1))
    cycle = cycle_approve(actor=leader, cycle=cycle)
    lines_mark_paid(actor=officer, cycle=cycle,
                    line_ids=list(cycle.lines.values_list("pk", flat=True)),
                    payment=Payment(paid_on=date(2026, 6, 10), receiver="beneficiary",
                                    receiver_name=""))
    first, second = persons
    return DuplicatePair.objects.create(
        person_a=first, person_b=second, commune_a=geo.commune_a, commune_b=geo.commune_a,
        probability=0.9962, match_weight=18.3, explanation=EXPLANATION)


def test_an_officer_reviews_a_pair_and_merges_it(page, live_server, geo, make_user,
                                                 artifacts_dir):
    from ansinh.integrity.models import Finding, PairStatus
    from ansinh.policies.catalog import catalog_load
    from ansinh.registry.models import Person

    catalog_load()
    officer = make_user("canbo.trunglap", (Role.COMMUNE_OFFICER, geo.commune_a))
    leader = make_user("lanhdao.trunglap", (Role.COMMUNE_LEADER, geo.commune_a))
    pair = _twins(geo, officer, leader)

    # From the home panel to the queue.
    _sign_in(page, live_server, "canbo.trunglap")
    page.get_by_role("link", name="Xem danh sách người nghi trùng").click()
    assert page.get_by_role("heading", name="Người nghi trùng").is_visible()
    row = page.locator(f"#pair-table tr[data-pair='{pair.pk}']")
    assert "99,6%" in row.inner_text() and "Tên: trùng tên" in row.inner_text()
    page.screenshot(path=str(artifacts_dir / "duplicates-queue.png"), full_page=True)

    # The pair side by side, and why.
    row.get_by_role("link").first.click()
    assert page.get_by_role("heading", name=f"Cặp nghi trùng #{pair.pk}").is_visible()
    records = page.locator("#pair-records").inner_text()
    assert "09/04/1944" in records and "04/09/1944" in records
    assert "001144007788" in records and "Tổ 3" in records and "Tổ 5" in records
    evidence = page.locator("#evidence-table")
    assert evidence.locator("tr[data-field=birth]").inner_text().count("Đảo ngày và tháng sinh")
    assert "+6,4" in evidence.locator("tr[data-field=national_id]").inner_text()
    assert "\u22122,3" in evidence.locator("tr[data-field=phone]").inner_text()
    assert evidence.locator("tr[data-field=phone] .bg-danger").is_visible()
    rivals = evidence.locator("tr[data-field=rivals]").inner_text()
    assert "Cũng có thể trùng với 1 người khác" in rivals and "\u22120,6" in rivals
    assert page.get_by_label(f"Hồ sơ thứ nhất #{pair.person_a_id}: Bùi Thị Thu, hộ HGD-TL1, "
                             "Phường Ba Đình").is_checked()
    page.screenshot(path=str(artifacts_dir / "duplicates-pair.png"), full_page=True)

    # Keep the second record, say why, merge.
    page.get_by_label(f"Hồ sơ thứ hai #{pair.person_b_id}: Bùi Thị Thu, hộ HGD-TL2, "
                      "Phường Ba Đình").check()
    page.get_by_label("Ghi chú").first.fill("Đã đối chiếu CCCD tại nhà, số cũ gõ nhầm")
    with page.expect_navigation():
        page.get_by_role("button", name="Xác nhận trùng và gộp").click()
    content = page.content()
    assert f"Đã gộp hồ sơ #{pair.person_a_id} vào hồ sơ #{pair.person_b_id}" in content
    outcome = page.locator("#merge-outcome")
    assert outcome.is_visible()
    finding = Finding.objects.get(rule="PAID_TWICE")  # one commune paid June twice
    link = outcome.locator(f"a[href='/kiem-tra/bat-thuong/{finding.pk}/']")
    assert "đủ tiền tháng 06/2026" in link.inner_text()
    page.screenshot(path=str(artifacts_dir / "duplicates-merged.png"), full_page=True)

    pair.refresh_from_db()
    assert pair.status == PairStatus.CONFIRMED
    merged = Person.objects.get(pk=pair.person_a_id)
    assert (merged.status, merged.merged_into_id) == ("merged", pair.person_b_id)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/kiem-tra/trung-lap/?tinh_trang=confirmed")
    assert page.locator(f"#pair-table tr[data-pair='{pair.pk}']").is_visible()
    page.screenshot(path=str(artifacts_dir / "duplicates-queue-phone.png"), full_page=True)
