"""A province officer opens the dashboard from the menu, sees the charts drawn, clicks a
commune's number of beneficiaries, lands on the list of exactly those persons, goes down to
the commune's dashboard and its residential groups, and opens a standard report and the
narrative report."""

from __future__ import annotations

import pytest

from ansinh.policies.tests.conftest import catalog  # noqa: F401 - fixture
from ansinh.reports.figures import dashboard
from ansinh.reports.scope import scope_for
from ansinh.reports.tests.province import province  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-nghiem-1"


def _number(text: str) -> int:
    return int(text.replace(".", "").strip())


def test_from_a_dashboard_number_to_the_list_behind_it(
        page, live_server, cast, geo, province, artifacts_dir):  # noqa: F811
    board = dashboard(cast.province_officer, scope_for(cast.province_officer), province.today)
    expected_a = board.figures["doi-tuong"].by_part[geo.commune_a.pk]

    page.goto(f"{live_server.url}/")
    page.get_by_label("Tên đăng nhập").fill("tinh.hn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    assert page.get_by_role("heading", name="Tổng quan — Thành phố Hà Nội").is_visible()
    # Chart.js drew on the three canvases (a drawn canvas is no longer blank).
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-categories')")
    for chart in ("chart-categories", "chart-months", "chart-parts"):
        assert page.evaluate(f"() => !!Chart.getChart('{chart}')"), chart
    total = _number(page.locator("[data-figure=doi-tuong]").inner_text())
    assert total == board.figures["doi-tuong"].total
    page.screenshot(path=str(artifacts_dir / "reports-province-dashboard.png"), full_page=True)

    # Commune A's beneficiaries, from the table by commune.
    row = page.locator(f"#parts-table tr[data-part='{geo.commune_a.pk}']")
    column = list(board.figures).index("doi-tuong") + 1
    cell = row.locator("td").nth(column - 1)
    assert _number(cell.inner_text()) == expected_a
    with page.expect_navigation():
        cell.get_by_role("link").click()
    assert _number(page.locator("#figure-count").inner_text()) == expected_a
    assert "Phường Ba Đình" in page.content()
    listed = {name.strip() for name in page.locator("#figure-rows tbody tr td:first-child")
              .all_inner_texts()}
    assert listed and len(listed) <= expected_a
    page.screenshot(path=str(artifacts_dir / "reports-beneficiary-list.png"), full_page=True)

    # Down to the commune's own dashboard: its groups add up to the commune's figure.
    page.go_back()
    with page.expect_navigation():
        row.get_by_role("link", name="Phường Ba Đình").click()
    assert page.get_by_role("heading", name="Tổng quan — Phường Ba Đình, Thành phố Hà Nội") \
        .is_visible()
    groups = page.locator("#parts-table tbody tr")
    by_group = [_number(groups.nth(i).locator("td").nth(column - 1).inner_text())
                for i in range(groups.count())]
    assert sum(by_group) == expected_a
    page.screenshot(path=str(artifacts_dir / "reports-commune-dashboard.png"), full_page=True)

    # A standard report and the narrative report of the commune.
    page.get_by_role("link", name="Báo cáo thống kê").click()
    page.get_by_role("link", name="Đối tượng hưởng trợ cấp theo nhóm").click()
    summary = page.locator("#report-summary").inner_text()
    assert "Trợ cấp xã hội hằng tháng" in summary
    page.screenshot(path=str(artifacts_dir / "reports-standard.png"), full_page=True)
    page.get_by_role("link", name="Báo cáo công tác năm").click()
    figure = page.locator("#narrative [data-figure=doi-tuong]")
    assert _number(figure.inner_text().split()[0]) == expected_a
    page.screenshot(path=str(artifacts_dir / "reports-narrative.png"), full_page=True)
    with page.expect_navigation():
        figure.click()
    assert _number(page.locator("#figure-count").inner_text()) == expected_a
