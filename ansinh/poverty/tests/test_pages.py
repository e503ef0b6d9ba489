"""The poverty review pages: a campaign from opening to the chair's recognition through the
pages (an applicant added, surveys by plain POST, a failed village vote and the re-survey,
posting, recognition refused to the officer, the certificates PDF); the survey form's JSON
endpoint answering the same way twice; another commune's records are a 404; supervisors read
but do not write; year over year, help plans and targets, the B1 points tables, the home panel."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from ansinh.geo.models import ResidentialGroup
from ansinh.poverty.classification import INDICATOR_CODES
from ansinh.poverty.models import GroupTarget, HelpPlan, PointsCutoff, PointsItem, Review, Survey
from ansinh.registry.models import Household, HouseholdPoverty, Person

pytestmark = pytest.mark.django_db

THREE = list(INDICATOR_CODES[:3])
TWO = list(INDICATOR_CODES[:2])


def _date(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _household(geo, code: str, *, status: str = "", group=None) -> Household:
    household = Household.objects.create(commune=geo.commune_a, code=code, poverty_status=status,
                                         residential_group=group,
                                         poverty_year=2025 if status else None)
    Person.objects.create(household=household, commune=geo.commune_a, full_name=f"Chủ hộ {code}",
                          name_key=f"chu ho {code}".lower(), sex="M", relationship="head")
    return household


def _form(income: str, deprivations: list[str], action: str = "submit",
          members: str = "4") -> dict[str, object]:
    return {"members": members, "declared_income": income, "deprivations": deprivations,
            "action": action}


@pytest.fixture
def review(catalog, cast, geo, client_as) -> Review:
    group = ResidentialGroup.objects.create(commune=geo.commune_a, name="Tổ dân phố số 1")
    _household(geo, "HN-1", status="poor", group=group)
    _household(geo, "HN-2", status="near_poor", group=group)
    _household(geo, "HN-3")
    response = client_as(cast.officer_a).post("/ra-soat/moi/", {
        "commune": geo.commune_a.code, "kind": "annual", "year": timezone.localdate().year,
        "plan": "Kế hoạch số 120/KH-UBND"})
    found = Review.objects.get()
    assert response.status_code == 302 and response["Location"] == found.get_absolute_url()
    return found


def _survey(review: Review, code: str) -> Survey:
    return review.surveys.get(household__code=code)


def test_a_campaign_through_the_pages(review, cast, geo, client_as):
    officer, leader = client_as(cast.officer_a), client_as(cast.leader_a)
    assert review.surveys.count() == 2  # the current list: HN-1, HN-2
    response = officer.post(f"/ra-soat/{review.pk}/them-ho/", {"code": "HN-3"}, follow=True)
    assert "Đã thêm hộ HN-3" in response.content.decode()
    response = officer.post(f"/ra-soat/{review.pk}/them-ho/", {"code": "KHONG-CO"}, follow=True)
    assert "Không có hộ mã KHONG-CO" in response.content.decode()
    # Assign two households to the officer as enumerator.
    ids = [str(_survey(review, c).pk) for c in ("HN-1", "HN-3")]
    officer.post(f"/ra-soat/{review.pk}/phan-cong/", {"enumerator": "canbo.a", "survey": ids})
    assert set(review.surveys.filter(enumerator=cast.officer_a)
               .values_list("household__code", flat=True)) == {"HN-1", "HN-3"}

    # Surveys by plain POST (no JavaScript): a draft, then submitted; B1 income with dots.
    hn1 = _survey(review, "HN-1")
    page = officer.get(hn1.get_absolute_url())
    assert page.status_code == 200 and "Phiếu B2" in page.content.decode()
    officer.post(hn1.get_absolute_url(), _form("5.000.000", THREE, action="draft"))
    hn1.refresh_from_db()
    assert hn1.status == "draft" and hn1.result == "" and hn1.declared_income == 5_000_000
    response = officer.post(hn1.get_absolute_url(), _form("5.000.000", THREE), follow=True)
    assert "Hộ nghèo: thu nhập bình quân 1.250.000 đ/người/tháng" in response.content.decode()
    officer.post(_survey(review, "HN-2").get_absolute_url(),
                 {"screening": ["o_to"], "action": "submit"})
    officer.post(_survey(review, "HN-3").get_absolute_url(), _form("5.000.000", THREE))
    results = dict(review.surveys.values_list("household__code", "result"))
    assert results == {"HN-1": "poor", "HN-2": "", "HN-3": "poor"}
    # Income missing: the service's message on the form, nothing saved.
    response = officer.post(hn1.get_absolute_url(), _form("", THREE, members="0"))
    assert response.status_code == 400 and "hãy ghi số nhân khẩu" in response.content.decode()

    # The meeting: HN-3 gets 3 of 10 and is surveyed again.
    votes = {f"agree-{_survey(review, c).pk}": a for c, a in (("HN-1", 9), ("HN-2", 8),
                                                               ("HN-3", 3))}
    votes |= {f"total-{_survey(review, c).pk}": 10 for c in ("HN-1", "HN-2", "HN-3")}
    response = officer.post(f"/ra-soat/{review.pk}/hop-dan/", votes, follow=True)
    assert "1 hộ chưa đạt 50% số người đồng ý" in response.content.decode()
    assert _survey(review, "HN-3").status == "resurvey"
    response = officer.post(f"/ra-soat/{review.pk}/niem-yet/",
                            {"posted_from": _date(timezone.localdate())}, follow=True)
    assert "chưa được họp dân thống nhất" in response.content.decode()
    officer.post(_survey(review, "HN-3").get_absolute_url(), _form("5.000.000", TWO))
    hn3 = _survey(review, "HN-3")
    officer.post(f"/ra-soat/{review.pk}/hop-dan/", {f"agree-{hn3.pk}": 5, f"total-{hn3.pk}": 10})
    assert _survey(review, "HN-3").status == "agreed"

    # Posting, then recognition by the leader only.
    today = timezone.localdate()
    posted_from = today.replace(day=1) if today.day > 10 else date(today.year, 1, 5)
    officer.post(f"/ra-soat/{review.pk}/niem-yet/", {"posted_from": _date(posted_from)})
    review.refresh_from_db()
    assert review.status == "posted"
    decision = {"decision": "245/QĐ-UBND", "decided_on": _date(today)}
    assert officer.post(f"/ra-soat/{review.pk}/cong-nhan/", decision).status_code == 403
    page = leader.get(review.get_absolute_url()).content.decode()
    assert 'id="recognise-form"' in page
    leader.post(f"/ra-soat/{review.pk}/cong-nhan/", decision)
    review.refresh_from_db()
    assert review.status == "recognised" and review.decision == "245/QĐ-UBND"
    history = dict(HouseholdPoverty.objects.filter(year=review.year)
                   .values_list("household__code", "status"))
    assert history == {"HN-1": "poor", "HN-2": "", "HN-3": "near_poor"}
    page = officer.get(review.get_absolute_url()).content.decode()
    assert f"GCN {review.year}-0001" in page and 'id="certificates-pdf"' in page
    pdf = officer.get(f"/ra-soat/{review.pk}/danh-sach-cong-nhan.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_survey_endpoint_answers_in_json_and_a_resend_changes_nothing(
        review, cast, client_as):
    officer = client_as(cast.officer_a)
    survey = _survey(review, "HN-1")
    url = f"/ra-soat/phieu/{survey.pk}/gui/"
    first = officer.post(url, _form("5000000", THREE))
    assert first.status_code == 200
    assert first.json()["result"] == "poor" and first.json()["status"] == "submitted"
    survey.refresh_from_db()
    again = officer.post(url, _form("5000000", THREE))  # the phone did not get the answer
    assert again.json() == first.json()
    after = Survey.objects.get(pk=survey.pk)
    assert (after.result, after.reason, after.deprivations) == (
        survey.result, survey.reason, survey.deprivations)
    refused = officer.post(url, _form("nhiều", THREE))
    assert refused.status_code == 400 and "chữ số" in refused.json()["message"]
    assert officer.post(url, _form("5000000", ["khong_co"])).status_code == 400


def test_another_commune_is_not_found(review, cast, client_as):
    outsider = client_as(cast.officer_b)
    survey = _survey(review, "HN-1")
    for url in (review.get_absolute_url(), survey.get_absolute_url(),
                f"/ra-soat/{review.pk}/hop-dan/", f"/ra-soat/{review.pk}/danh-sach-cong-nhan.pdf"):
        assert outsider.get(url).status_code == 404, url
    assert outsider.post(f"/ra-soat/phieu/{survey.pk}/gui/",
                         _form("5000000", THREE)).status_code == 404
    assert outsider.post(f"/ra-soat/{review.pk}/them-ho/", {"code": "HN-3"}).status_code == 404
    assert review.title not in outsider.get("/ra-soat/").content.decode()


def test_supervisors_read_but_do_not_write(review, cast, client_as):
    supervisor = client_as(cast.supervisor_a)
    survey = _survey(review, "HN-1")
    page = supervisor.get(review.get_absolute_url()).content.decode()
    assert "HN-1" in page and 'id="assign-form"' not in page and 'id="add-form"' not in page
    page = supervisor.get(survey.get_absolute_url()).content.decode()
    assert 'value="submit"' not in page and "disabled" in page
    assert supervisor.post(survey.get_absolute_url(), _form("5000000", THREE)).status_code == 403
    assert supervisor.post(f"/ra-soat/phieu/{survey.pk}/gui/",
                           _form("5000000", THREE)).status_code == 403
    assert supervisor.post(f"/ra-soat/{review.pk}/them-ho/", {"code": "HN-3"}).status_code == 403
    assert supervisor.get("/ra-soat/moi/").status_code == 403
    survey.refresh_from_db()
    assert survey.status == "to_survey"


def test_every_page_renders(review, cast, geo, client_as):
    officer = client_as(cast.officer_a)
    household = Household.objects.get(code="HN-1")
    for url in ("/ra-soat/", "/ra-soat/moi/", review.get_absolute_url(),
                f"/ra-soat/{review.pk}/hop-dan/", _survey(review, "HN-1").get_absolute_url(),
                "/ra-soat/qua-cac-nam/", "/ra-soat/giup-do/",
                f"/ra-soat/giup-do/{household.pk}/", "/ra-soat/bang-diem/"):
        response = officer.get(url)
        assert response.status_code == 200, url
    assert "Rà soát nghèo" in officer.get("/").content.decode()  # the menu


def test_year_over_year(catalog, cast, geo, client_as):
    escaped, new, back, stays = (_household(geo, c) for c in ("T-1", "T-2", "T-3", "T-4"))
    for household, statuses in ((escaped, {2025: "poor", 2026: "average"}),
                                (new, {2026: "poor"}),
                                (back, {2024: "poor", 2025: "near_poor", 2026: "poor"}),
                                (stays, {2025: "poor", 2026: "poor"})):
        for year, status in statuses.items():
            HouseholdPoverty.objects.create(household=household, year=year, status=status)
    page = client_as(cast.officer_a).get("/ra-soat/qua-cac-nam/?nam=2026").content.decode()
    for figure, code in (("escaped", "T-1"), ("new", "T-2"), ("fell_back", "T-3")):
        assert f'data-figure="{figure}">1<' in page
        section = page.split(f'id="{figure}-list"')[1].split("</ul>")[0]
        assert code in section and "T-4" not in section
    assert client_as(cast.officer_b).get("/ra-soat/qua-cac-nam/?nam=2026").content.decode() \
        .count('">0<') == 3


def test_help_plans_and_targets(catalog, cast, geo, client_as):
    group = ResidentialGroup.objects.create(commune=geo.commune_a, name="Thôn Đông")
    poor = _household(geo, "P-1", status="poor", group=group)
    escaped = _household(geo, "P-2", group=group)
    HouseholdPoverty.objects.create(household=escaped, year=2025, status="poor")
    HouseholdPoverty.objects.create(household=escaped, year=2026, status="near_poor")
    officer = client_as(cast.officer_a)
    response = officer.post(f"/ra-soat/giup-do/{poor.pk}/?nam=2026", {
        "helper": "Hội Phụ nữ phường", "measures": ["credit", "training"], "escape_by": 2027,
        "progress": "Đã vay 50 triệu đồng nuôi bò."})
    assert response.status_code == 302
    plan = HelpPlan.objects.get()
    assert (plan.household, plan.measures, plan.escape_by) == (poor, ["credit", "training"], 2027)
    officer.post("/ra-soat/giup-do/?nam=2026", {"group": group.pk, "escape_target": 2})
    assert GroupTarget.objects.get().escape_target == 2
    page = officer.get("/ra-soat/giup-do/?nam=2026").content.decode()
    assert "Hội Phụ nữ phường" in page and "Vay vốn tín dụng chính sách" in page
    row = page.split(f'data-group="{group.pk}"')[1].split("</tr>")[0]
    assert 'data-figure="target">2<' in row and 'data-figure="escaped">1<' in row
    supervisor = client_as(cast.supervisor_a)
    assert supervisor.post(f"/ra-soat/giup-do/{poor.pk}/?nam=2026", {
        "helper": "x", "measures": ["credit"], "escape_by": 2027}).status_code == 403
    assert client_as(cast.officer_b).get(f"/ra-soat/giup-do/{poor.pk}/").status_code == 404


def test_points_tables_are_entered_by_an_administrator(catalog, cast, client_as):
    admin, officer = client_as(cast.admin), client_as(cast.officer_a)
    assert "item-form" not in officer.get("/ra-soat/bang-diem/").content.decode()
    item = {"item": "1", "valid_from": "01/01/2022", "area": "rural", "code": "nha_o",
            "label": "Nhà ở kiên cố", "points": 60}
    assert officer.post("/ra-soat/bang-diem/", item).status_code == 403
    assert admin.post("/ra-soat/bang-diem/", item).status_code == 302
    admin.post("/ra-soat/bang-diem/", {"cutoff": "1", "valid_from": "01/01/2022",
                                       "area": "rural", "max_points": 140})
    assert PointsItem.objects.get().points == 60 and PointsCutoff.objects.get().max_points == 140
    assert client_as(cast.province_officer).post("/ra-soat/bang-diem/", {
        **item, "points": 55}).status_code == 302
    assert PointsItem.objects.get().points == 55


def test_the_form_takes_the_points_once_entered(review, cast, client_as):
    PointsCutoff.objects.create(valid_from=date(2022, 1, 1), area="rural", max_points=140)
    PointsItem.objects.create(valid_from=date(2022, 1, 1), area="rural", code="nha_o",
                              label="Nhà ở", points=60)
    PointsItem.objects.create(valid_from=date(2022, 1, 1), area="rural", code="tai_san",
                              label="Tài sản", points=50)
    officer = client_as(cast.officer_a)
    survey = _survey(review, "HN-1")
    page = officer.get(survey.get_absolute_url()).content.decode()
    assert "Nhà ở (60)" in page and 'name="declared_income"' not in page
    officer.post(survey.get_absolute_url(), {"points": ["nha_o", "tai_san"],
                                             "deprivations": THREE, "action": "submit"})
    survey.refresh_from_db()
    assert survey.result == "poor" and "điểm B1 110 ≤ 140" in survey.reason


def test_home_panel(review, cast, client_as):
    survey = _survey(review, "HN-1")
    Survey.objects.filter(pk=survey.pk).update(enumerator=cast.officer_a)
    page = client_as(cast.officer_a).get("/").content.decode()
    assert "Rà soát hộ nghèo" in page and "Phiếu hộ HN-1" in page
    Review.objects.filter(pk=review.pk).update(status="posted")
    page = client_as(cast.leader_a).get("/").content.decode()
    assert review.title in page and "Chờ công nhận" in page
    assert "Phiếu hộ HN-1" not in client_as(cast.officer_b).get("/").content.decode()
