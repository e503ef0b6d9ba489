"""The policy pages: the catalog for everyone signed in, the administrator's forms, the
eligibility check scoped like the person's page, and circumstances."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from ansinh.core.testing import without_tokens
from ansinh.policies.models import (
    Category,
    Circumstance,
    Coefficient,
    Confidence,
    ParameterVersion,
)

PENDING_BADGE = "Chờ xác nhận — chưa áp dụng"
PARTIAL_VIEW = "data-partial-view"


def _page(client, url, data=None):
    response = client.get(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _main(html):
    """The page's main content, without the shell (whose CSRF token is random text)."""
    return without_tokens(html[html.index("<main"):html.index("</main>")])


def _pending():
    return ParameterVersion.objects.get(parameter__code="TGXH_MC", value=540_000)


def test_everyone_signed_in_reads_the_catalog_with_pending_values_marked(
        cast, catalog, client_as, client):
    supervisor = client_as(cast.supervisor_a)
    listing = _page(supervisor, "/chinh-sach/")
    assert "Trợ cấp xã hội hằng tháng" in listing and "Nghị định 20/2021/NĐ-CP" in listing
    assert "Hằng tháng" in listing and "/chinh-sach/TGXH/" in listing
    detail = _page(supervisor, "/chinh-sach/TGXH/")
    for text in ("khoản 1 Điều 5 Nghị định 20/2021/NĐ-CP", "Giấy khai sinh của trẻ", "2,5",
                 "dưới 4 tuổi", "540.000 đ/tháng", PENDING_BADGE, "Thành phố Hà Nội",
                 "Nghị quyết 63/2025/NQ-HĐND Thành phố Hà Nội", "thông tin hạn chế",
                 "đang áp dụng"):
        assert text in detail, text
    # The reader sees no administrator's controls.
    assert "Thêm giá trị" not in detail and "/xac-nhan/" not in detail
    assert client.get("/chinh-sach/").status_code == 302  # signed out: to the sign-in page
    assert supervisor.get("/chinh-sach/KHONGCO/").status_code == 404


def test_the_main_menu_leads_to_the_policies(cast, catalog, client_as):
    home = _page(client_as(cast.officer_a), "/")
    assert 'href="/chinh-sach/"' in home and "Chính sách" in home


def test_an_administrator_adds_and_confirms_values_through_the_pages(
        cast, catalog, client_as, geo):
    admin = client_as(cast.admin)
    detail = _page(admin, "/chinh-sach/TGXH/")
    assert "/chinh-sach/tham-so/TGXH_MC/them/" in detail
    assert f"/chinh-sach/gia-tri/{_pending().pk}/xac-nhan/" in detail
    assert "Mức chính sách chờ xác nhận" in _page(admin, "/")  # the home-page panel
    response = admin.post("/chinh-sach/tham-so/TGXH_MC/them/", {
        "province": "79", "value": "600000", "effective_from": "01/02/2026",
        "legal_basis": "Nghị quyết 01/2026/NQ-HĐND", "confidence": "pending"})
    assert response.status_code == 302
    assert response["Location"] == "/chinh-sach/TGXH/#tham-so-TGXH_MC"
    added = ParameterVersion.objects.get(province=geo.hcm, parameter__code="TGXH_MC")
    assert (added.value, added.confidence, added.from_catalog) == (600_000, "pending", False)
    confirm_url = f"/chinh-sach/gia-tri/{added.pk}/xac-nhan/"
    page = _page(admin, confirm_url)
    assert "Tôi đã đối chiếu văn bản" in page and "600.000 đ/tháng" in page
    assert added.confidence == Confidence.PENDING  # a GET confirms nothing
    assert admin.post(confirm_url).status_code == 302
    added.refresh_from_db()
    assert added.confidence == Confidence.VERIFIED and added.confirmed_by == cast.admin
    assert "xác nhận: Quantri" in _page(admin, "/chinh-sach/TGXH/")


@pytest.mark.parametrize("who", ["officer_a", "supervisor_a", "province_officer", "auditor"])
def test_the_administrators_pages_refuse_everyone_else_with_403(cast, catalog, client_as, who):
    client = client_as(getattr(cast, who))
    band = Coefficient.objects.get(category__code="K6", label="nặng")
    urls = {
        "/chinh-sach/tham-so/TGXH_MC/them/": {
            "value": "1", "effective_from": "01/02/2026", "legal_basis": "X",
            "confidence": "verified"},
        f"/chinh-sach/gia-tri/{_pending().pk}/xac-nhan/": {},
        "/chinh-sach/TGXH/nhom/K5c/sua/": {"name": "X", "legal_ref": "Y"},
        f"/chinh-sach/TGXH/he-so/{band.pk}/sua/": {"value": "9"},
    }
    for url, data in urls.items():
        assert client.get(url).status_code == 403, url
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert "Chỉ quản trị hệ thống" in response.content.decode()
    assert _pending().confidence == Confidence.PENDING
    assert not Category.objects.filter(customized=True).exists()
    assert ParameterVersion.objects.filter(from_catalog=False).count() == 0


@pytest.mark.parametrize(("data", "message"), [
    ({"applied_from": "01/03/2026"}, "Ngày áp dụng hồi tố phải trước hoặc bằng ngày hiệu lực"),
    ({"effective_from": "01/07/2024"}, "đã có giá trị hiệu lực từ ngày 01/07/2024"),
    ({"legal_basis": ""}, "Hãy ghi căn cứ pháp lý"),
    ({"value": "-5"}, "Giá trị không được âm"),
    ({"effective_from": "31/02/2026"}, "không có trên lịch"),
])
def test_a_bad_value_is_refused_on_the_form_in_vietnamese(cast, catalog, client_as, data,
                                                          message):
    form = {"province": "", "value": "600000", "effective_from": "01/02/2026",
            "legal_basis": "Nghị quyết 01/2026/NQ-HĐND", "confidence": "verified", **data}
    response = client_as(cast.admin).post("/chinh-sach/tham-so/TGXH_MC/them/", form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ParameterVersion.objects.filter(from_catalog=False).exists()


def test_an_administrator_edits_a_category_and_a_coefficient(cast, catalog, client_as):
    admin = client_as(cast.admin)
    response = admin.post("/chinh-sach/TGXH/nhom/K5c/sua/", {
        "name": "Người từ đủ 80 tuổi không có lương hưu", "legal_ref": "điểm c khoản 5 Điều 5",
        "documents": "Tờ khai (Mẫu số 1c)\n\nBản sao CCCD\n"})
    assert response.status_code == 302 and response["Location"].endswith("#nhom-K5c")
    category = Category.objects.get(code="K5c")
    assert category.customized and category.documents == ["Tờ khai (Mẫu số 1c)", "Bản sao CCCD"]
    band = Coefficient.objects.get(category__code="K6", label="nặng")
    assert "1,5" in _page(admin, f"/chinh-sach/TGXH/he-so/{band.pk}/sua/")
    assert admin.post(f"/chinh-sach/TGXH/he-so/{band.pk}/sua/", {"value": "1,75"})\
        .status_code == 302
    band.refresh_from_db()
    assert str(band.value) == "1.75"
    refused = admin.post(f"/chinh-sach/TGXH/he-so/{band.pk}/sua/", {"value": "một rưỡi"})
    assert "Hệ số phải là một số" in refused.content.decode()
    detail = _page(admin, "/chinh-sach/TGXH/")
    assert "quản trị đã sửa" in detail and "1,75" in detail


def test_the_eligibility_check_explains_an_82_year_olds_allowance(
        cast, catalog, client_as, make_person):
    person = make_person(born=date(1942, 3, 1))
    page = _page(client_as(cast.officer_a), "/chinh-sach/tra-cuu/",
                 {"person": person.pk, "ngay": "01/07/2024"})
    assert ("Người từ đủ 80 tuổi không có lương hưu — điểm c khoản 5 Điều 5 Nghị định "
            "20/2021/NĐ-CP: hệ số 1,0 × mức chuẩn trợ giúp xã hội 500.000 đ = "
            "500.000 đ/tháng") in page
    assert "K5c" in page and "tại ngày 01/07/2024" in page
    assert PARTIAL_VIEW not in page


def test_an_overlap_is_shown_as_not_added(cast, catalog, client_as, make_person):
    person = make_person(born=date(1939, 3, 1), poverty="poor", circumstances=("no_supporter",))
    page = _page(client_as(cast.officer_a), "/chinh-sach/tra-cuu/",
                 {"person": person.pk, "ngay": "01/07/2024"})
    assert "không cộng dồn" in page and "1.000.000 đ" in page


def test_the_check_defaults_to_today_and_answers_htmx_with_the_results_only(
        cast, catalog, client_as, make_person):
    person = make_person(born=date(1940, 1, 1))
    client = client_as(cast.officer_a)
    page = _page(client, "/chinh-sach/tra-cuu/", {"person": person.pk})
    assert "K5c" in page or "HT75" in page
    fragment = client.get("/chinh-sach/tra-cuu/", {"person": person.pk, "ngay": "01/07/2024"},
                          HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="results">')
    assert "<html" not in fragment and "K5c" in fragment
    assert "không phải là ngày" in _page(client, "/chinh-sach/tra-cuu/",
                                         {"person": person.pk, "ngay": "hôm qua"})


@pytest.fixture
def k8(make_person):
    return make_person(born=date(1994, 3, 1), hiv=True, poverty="poor",
                       circumstances=("no_stable_income",), name="Lê Văn Tám")


def test_a_restricted_category_shows_only_to_the_roles_that_may_see_hiv_status(
        cast, catalog, client_as, k8):
    query = {"person": k8.pk, "ngay": "01/07/2024"}
    officer = _page(client_as(cast.officer_a), "/chinh-sach/tra-cuu/", query)
    assert "K8" in officer and "Người nhiễm HIV" in officer and "750.000 đ" in officer
    assert PARTIAL_VIEW not in officer
    for who in ("supervisor_a", "province_officer", "auditor", "admin"):
        page = _main(_page(client_as(getattr(cast, who)), "/chinh-sach/tra-cuu/", query))
        assert PARTIAL_VIEW in page, who
        assert "K8" not in page and "HIV" not in page and "750.000" not in page, who


def test_an_officer_of_another_commune_gets_404_for_the_person(
        cast, catalog, client_as, make_person):
    person = make_person(born=date(1942, 3, 1))
    outsider = client_as(cast.officer_b)
    assert outsider.get("/chinh-sach/tra-cuu/", {"person": person.pk}).status_code == 404
    assert outsider.get(f"/chinh-sach/hoan-canh/{person.pk}/").status_code == 404
    assert outsider.post(f"/chinh-sach/hoan-canh/{person.pk}/", {
        "kind": "no_supporter", "valid_from": "01/01/2025"}).status_code == 404
    assert client_as(cast.officer_a).get("/chinh-sach/tra-cuu/", {"person": 10**9})\
        .status_code == 404


def test_a_name_with_markup_is_escaped_on_the_eligibility_page(
        cast, catalog, client_as, make_person):
    person = make_person(born=date(1942, 3, 1), name="<script>alert(1)</script> Tèo")
    for url, query in (("/chinh-sach/tra-cuu/", {"person": person.pk, "ngay": "01/07/2024"}),
                       (f"/chinh-sach/hoan-canh/{person.pk}/", {})):
        page = _page(client_as(cast.officer_a), url, query)
        assert "<script>alert(1)" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Tèo" in page


def test_the_person_page_links_to_the_check_and_lists_circumstances(
        cast, catalog, client_as, make_person):
    person = make_person(born=date(1950, 1, 1), circumstances=("no_supporter",))
    officer = _page(client_as(cast.officer_a), f"/nhan-khau/{person.pk}/")
    assert f'href="/chinh-sach/tra-cuu/?person={person.pk}"' in officer
    assert "Xét điều kiện hưởng chính sách" in officer
    assert "Không có người phụng dưỡng" in officer and "từ 01/01/2000" in officer
    assert "Ghi hoàn cảnh" in officer and f"/chinh-sach/hoan-canh/{person.pk}/" in officer
    supervisor = _page(client_as(cast.supervisor_a), f"/nhan-khau/{person.pk}/")
    assert "Không có người phụng dưỡng" in supervisor and "Ghi hoàn cảnh" not in supervisor
    assert f'href="/chinh-sach/tra-cuu/?person={person.pk}"' in supervisor


def test_an_officer_records_and_ends_a_circumstance_through_the_pages(
        cast, catalog, client_as, make_person):
    person = make_person(born=date(1950, 1, 1))
    url = f"/chinh-sach/hoan-canh/{person.pk}/"
    officer = client_as(cast.officer_a)
    assert "Ghi hoàn cảnh" in _page(officer, url)
    response = officer.post(url, {"kind": "no_supporter", "valid_from": "01/01/2025",
                                  "note": "Biên bản xác minh ngày 02/01/2025"})
    assert response.status_code == 302
    circumstance = Circumstance.objects.get(person=person)
    again = officer.post(url, {"kind": "no_supporter", "valid_from": "01/06/2025"})
    assert "Đã ghi hoàn cảnh này từ ngày 01/01/2025" in again.content.decode()
    end_url = f"{url}{circumstance.pk}/ket-thuc/"
    assert end_url in _page(officer, url)
    bad = officer.post(end_url, {"valid_to": "31/12/2024"})
    assert "Ngày kết thúc phải sau hoặc bằng ngày bắt đầu" in bad.content.decode()
    assert officer.post(end_url, {"valid_to": "30/06/2025"}).status_code == 302
    circumstance.refresh_from_db()
    assert circumstance.valid_to == date(2025, 6, 30)
    supervisor = client_as(cast.supervisor_a)
    page = _page(supervisor, url)
    assert "Biên bản xác minh" in page and "Ghi hoàn cảnh" not in page
    assert supervisor.post(url, {"kind": "studying", "valid_from": "01/01/2025"})\
        .status_code == 403
    assert supervisor.get(end_url).status_code == 403
    assert Circumstance.objects.count() == 1


def test_the_pages_speak_english_when_chosen(cast, catalog, client_as, make_person, settings):
    person = make_person(born=date(1942, 3, 1))
    client = client_as(cast.admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # The locale middleware leaves English active in this thread: give the next tests back
    # the language they had.
    with translation.override(translation.get_language()):
        detail = _page(client, "/chinh-sach/TGXH/")
        check = _page(client, "/chinh-sach/tra-cuu/",
                      {"person": person.pk, "ngay": "01/07/2024"})
    assert "Pending confirmation — not applied" in detail and "Add a value" in detail
    assert "Total monthly entitlement" in check and "Policies" in check
