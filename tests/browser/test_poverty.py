"""An enumerator fills a household's survey on a phone; the phone loses its connection as she
presses "Gửi kết quả": the answers stay on the phone with a notice, and when the connection
returns they are sent by themselves and the household is classified. The commune's chair finds
a posted review on the home page and recognises it. An officer records a village meeting where
one household fails the vote, then sees the year over year and sets a group's target."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from ansinh.geo.models import ResidentialGroup
from ansinh.policies.tests.conftest import catalog  # noqa: F401 - fixture
from ansinh.poverty.models import Survey
from ansinh.poverty.services import (
    SurveyAnswers,
    Vote,
    meeting_record,
    review_open,
    review_post,
    survey_add,
    survey_save,
    surveys_assign,
)
from ansinh.registry.models import Household, HouseholdPoverty, Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem-1"
OFFLINE = "Chưa gửi được — sẽ tự gửi khi có mạng"


def test_a_survey_sent_without_a_connection_is_submitted_when_it_returns(
        browser, live_server, catalog, cast, geo, artifacts_dir):  # noqa: F811
    household = Household.objects.create(commune=geo.commune_a, code="CK-07", is_urban=True,
                                         poverty_status="poor", poverty_year=2025,
                                         address="Ngõ 12, tổ 7")
    Person.objects.create(household=household, commune=geo.commune_a,
                          full_name="Nguyễn Thị Lan", name_key="nguyen thi lan", sex="F",
                          relationship="head")
    review = review_open(actor=cast.officer_a, commune=geo.commune_a,
                         year=timezone.localdate().year, kind="annual")
    survey = review.surveys.get()
    surveys_assign(actor=cast.officer_a, review=review, surveys=[survey],
                   enumerator=cast.officer_a)

    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 360, "height": 740}, locale="vi-VN", is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill("canbo.a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    # The home panel lists the survey assigned to her.
    with page.expect_navigation():
        page.get_by_role("link", name="Phiếu hộ CK-07").click()
    assert page.get_by_role("heading", name="Phiếu rà soát hộ CK-07").is_visible()
    # Readable at 360 px: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_label("Số nhân khẩu của hộ").fill("4")
    page.get_by_label("Thu nhập một tháng (đồng)").fill("7.600.000")
    for label in ("Bảo hiểm y tế", "Chất lượng nhà ở", "Nhà tiêu hợp vệ sinh"):
        page.get_by_label(label).check()
    page.screenshot(path=str(artifacts_dir / "poverty-survey-phone.png"), full_page=True)

    context.set_offline(True)
    page.get_by_role("button", name="Gửi kết quả").click()
    notice = page.locator("#survey-notice")
    notice.get_by_text(OFFLINE).wait_for()
    assert Survey.objects.get(pk=survey.pk).status == "to_survey"  # nothing reached the server
    kept = page.evaluate(f"JSON.parse(localStorage.getItem('ansinh-survey-{survey.pk}'))")
    assert kept["pending"] == "submit" and ["declared_income", "7.600.000"] in kept["pairs"]
    page.screenshot(path=str(artifacts_dir / "poverty-survey-offline.png"), full_page=True)

    context.set_offline(False)  # the "online" event: the pending answers are sent by themselves
    notice.get_by_text("Đã gửi kết quả phiếu.").wait_for(timeout=15000)
    assert page.locator("#survey-status").inner_text() == "Đã có kết quả phiếu"
    assert page.evaluate(f"localStorage.getItem('ansinh-survey-{survey.pk}')") is None
    page.screenshot(path=str(artifacts_dir / "poverty-survey-sent.png"), full_page=True)

    survey.refresh_from_db()
    assert survey.status == "submitted" and survey.result == "poor"
    assert (survey.members, survey.declared_income) == (4, 7_600_000)
    assert survey.deprivations == ["bhyt", "chat_luong_nha", "nha_tieu"]
    # 7.600.000 / 4 = 1.900.000 at or below the urban line of 2.000.000, 3 deprivations.
    assert "1.900.000 đ/người/tháng ≤ chuẩn 2.000.000 đ khu vực thành thị" in survey.reason
    assert "thiếu hụt 3/12 chỉ số" in survey.reason

    # The review's page shows the result to the officer (at a phone's width too).
    page.goto(f"{live_server.url}{review.get_absolute_url()}")
    assert page.locator(f"tr[data-survey='{survey.pk}'] [data-result='poor']").is_visible()
    page.screenshot(path=str(artifacts_dir / "poverty-review-phone.png"), full_page=True)
    page.wait_for_load_state("networkidle")
    context.close()


def test_the_chair_recognises_a_posted_review_from_the_home_page(
        page, live_server, catalog, cast, geo, artifacts_dir):  # noqa: F811
    today = timezone.localdate()
    review = review_open(actor=cast.officer_a, commune=geo.commune_a, year=today.year,
                         kind="ad_hoc", plan="Kế hoạch số 31/KH-UBND")
    for code, income in (("CK-01", 5_000_000), ("CK-02", 7_000_000), ("CK-03", 20_000_000)):
        household = Household.objects.create(commune=geo.commune_a, code=code)
        survey = survey_add(actor=cast.officer_a, review=review, household=household)
        survey_save(actor=cast.officer_a, survey=survey, submit=True, answers=SurveyAnswers(
            members=4, declared_income=income, deprivations=["bhyt", "nuoc", "nha_tieu"]))
    meeting_record(actor=cast.officer_a, review=review,
                   votes=[Vote(s, 7, 9) for s in review.surveys.all()])
    posted_from = today.replace(day=1) if today.day > 10 else date(today.year, 1, 5)
    review_post(actor=cast.officer_a, review=review, posted_from=posted_from)

    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill("lanhdao.a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    page.screenshot(path=str(artifacts_dir / "poverty-home-leader.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("link", name=review.title, exact=True).first.click()
    page.get_by_label("Số quyết định công nhận").fill("88/QĐ-UBND")
    with page.expect_navigation():
        page.get_by_role("button", name="Công nhận kết quả").click()
    assert page.locator("#review-status").inner_text() == "Đã công nhận"
    assert page.locator("[data-figure=result-poor]").inner_text() == "1"
    assert page.locator("[data-figure=result-near_poor]").inner_text() == "0"
    page.screenshot(path=str(artifacts_dir / "poverty-review-recognised.png"), full_page=True)
    # The menu keeps to one line at 1280 px with its new entry.
    menu = page.locator("#nav-main .navbar-nav").bounding_box()
    assert menu is not None and menu["height"] < 60
    link = page.get_by_role("link", name="Danh sách công nhận, số giấy chứng nhận (PDF)")
    pdf = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")


def test_the_meeting_the_year_over_year_and_the_targets(
        page, live_server, catalog, cast, geo, artifacts_dir):  # noqa: F811
    today = timezone.localdate()
    group = ResidentialGroup.objects.create(commune=geo.commune_a, name="Tổ dân phố số 3")
    review = review_open(actor=cast.officer_a, commune=geo.commune_a, year=today.year,
                         kind="ad_hoc")
    for code in ("TD-1", "TD-2"):
        household = Household.objects.create(commune=geo.commune_a, code=code,
                                             residential_group=group)
        HouseholdPoverty.objects.create(household=household, year=today.year - 1,
                                        status="poor")
        survey = survey_add(actor=cast.officer_a, review=review, household=household)
        survey_save(actor=cast.officer_a, survey=survey, submit=True, answers=SurveyAnswers(
            members=2, declared_income=2_000_000, deprivations=["bhyt", "nuoc", "nha_tieu"]))
    HouseholdPoverty.objects.create(household=Household.objects.get(code="TD-1"),
                                    year=today.year, status="near_poor")

    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill("canbo.a")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}{review.get_absolute_url()}")
    with page.expect_navigation():
        page.get_by_role("link", name="Ghi biên bản họp dân").click()
    for code, agree in (("TD-1", "6"), ("TD-2", "2")):
        page.get_by_label(f"Số người đồng ý, hộ {code}").fill(agree)
        page.get_by_label(f"Số người biểu quyết, hộ {code}").fill("10")
    page.screenshot(path=str(artifacts_dir / "poverty-meeting.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi biên bản").click()
    assert "1 hộ chưa đạt 50% số người đồng ý" in page.content()
    assert page.locator("tr[data-household='TD-2'] [data-status='resurvey']").count() == 1

    page.get_by_role("link", name="So sánh qua các năm").click()
    assert page.locator("[data-figure=escaped]").inner_text() == "1"
    page.screenshot(path=str(artifacts_dir / "poverty-year-over-year.png"), full_page=True)
    page.get_by_role("link", name="Giúp đỡ thoát nghèo").click()
    page.get_by_label("Chỉ tiêu của Tổ dân phố số 3").fill("2")
    with page.expect_navigation():
        page.locator(f"tr[data-group='{group.pk}']").get_by_role("button", name="Lưu").click()
    row = page.locator(f"tr[data-group='{group.pk}']")
    assert row.locator("[data-figure=target]").inner_text() == "2"
    assert row.locator("[data-figure=escaped]").inner_text() == "1"
    page.screenshot(path=str(artifacts_dir / "poverty-help-plans.png"), full_page=True)
