"""The portal's pages over HTTP: every public page without login and light enough for a phone
on a slow link, one answer for every miss of the lookup (byte for byte), the lookup's limit,
feedback from the form to the commune's answer, the poll's one-vote rule, and the inbox scoped
to the officer's commune."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from ansinh.cases.models import Benefit, CaseKind, Posting
from ansinh.cases.services import CaseRequest, case_advance, case_open, posting_create
from ansinh.funds.models import DonorKind, FundKind
from ansinh.funds.services import Receipt, donor_create, fund_create, receipt_record
from ansinh.policies.models import Category
from ansinh.portal.models import Feedback
from ansinh.portal.services import LOOKUPS_PER_CLIENT
from ansinh.registry.models import Person

pytestmark = pytest.mark.django_db

CCCD = "001085012345"
BORN = date(1985, 3, 9)
PAGE_LIMIT = 200 * 1024
CSS = Path(settings.BASE_DIR) / "static" / "ansinh" / "portal.css"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def post_a_list(officer, person, code: str = "K5c") -> Posting:
    """A dossier of ``person`` received today and posted today, through the cases services."""
    category = Category.objects.get(policy__code="TGXH", code=code)
    case = case_open(actor=officer, commune=person.commune, request=CaseRequest(
        kind=CaseKind.NEW_BENEFIT, person=person, policy=category.policy, category=category))
    case_advance(actor=officer, case=case, comment="Đã đối chiếu CSDL dân cư")
    return posting_create(actor=officer, commune=person.commune, title="Niêm yết tháng này",
                          opens_on=timezone.localdate(), cases=[case])


@pytest.fixture
def commune_a(cast, geo, catalog, make_person, make_benefit):
    """Commune A with a resident receiving K6, an elderly man on a posted list, a fund."""
    hoa = make_person(born=BORN, disability="severe", commune=geo.commune_a, name="Lê Thị Hoa",
                      sex="F")
    Person.objects.filter(pk=hoa.pk).update(national_id=CCCD)
    benefit = make_benefit(hoa, "K6", start=date(2026, 1, 1), hundredths=150)
    Benefit.objects.filter(pk=benefit.pk).update(monthly_amount=975_000)  # 1.5 × 650.000 đ
    loc = make_person(born=date(1940, 2, 3), commune=geo.commune_a, name="Phạm Văn Lộc")
    posting = post_a_list(cast.officer_a, loc)
    fund = fund_create(actor=cast.officer_a, unit=geo.commune_a, kind=FundKind.POOR,
                       name="Quỹ Vì người nghèo phường Ba Đình")
    donor = donor_create(actor=cast.officer_a, unit=geo.commune_a,
                         kind=DonorKind.ORGANISATION, name="Công ty TNHH Minh Phát")
    receipt_record(actor=cast.officer_a, fund=fund, receipt=Receipt(
        timezone.localdate(), 5_000_000, "Ủng hộ quỹ", donor=donor))
    return posting, fund


def public_urls(geo, posting, fund) -> list[str]:
    code = geo.commune_a.code
    return ["/cong-khai/", "/cong-khai/?q=ba+dinh", f"/cong-khai/{code}/",
            f"/cong-khai/{code}/niem-yet/{posting.pk}/", f"/cong-khai/{code}/dang-huong/",
            f"/cong-khai/{code}/quy/{fund.pk}/",
            f"/cong-khai/{code}/quy/{fund.pk}/?tu=01/01/2026&den=31/12/2026",
            f"/cong-khai/{code}/thu-tuc/", f"/cong-khai/{code}/tra-cuu/",
            f"/cong-khai/{code}/phan-anh/", f"/cong-khai/{code}/phan-anh/?niem_yet={posting.pk}",
            "/cong-khai/phan-anh/", f"/cong-khai/{code}/danh-gia/"]


def lookup(client: Client, code: str, national_id: str, born: str) -> bytes:
    response = client.post(f"/cong-khai/{code}/tra-cuu/", {"national_id": national_id,
                                                           "birth_date": born})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.content


def test_every_public_page_opens_without_login(geo, commune_a):
    client = Client()
    for url in public_urls(geo, *commune_a):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'<html lang="vi">' in response.content, url
        assert b"bootstrap" not in response.content and b"<script" not in response.content, url
    page = client.get("/cong-khai/?q=ba dinh").content.decode()
    assert 'href="/cong-khai/00004/"' in page  # accents ignored: "ba dinh" finds Ba Đình


def test_the_commune_page_links_what_is_posted_and_the_funds(geo, commune_a):
    posting, fund = commune_a
    page = Client().get(f"/cong-khai/{geo.commune_a.code}/").content.decode()
    assert posting.title in page and posting.place in page
    assert f"/niem-yet/{posting.pk}/" in page and f"/quy/{fund.pk}/" in page
    assert "Ủy ban nhân dân Phường Ba Đình" in page
    rows = Client().get(f"/cong-khai/{geo.commune_a.code}/niem-yet/{posting.pk}/")
    assert "Phạm Văn Lộc" in rows.content.decode() and "1940" in rows.content.decode()
    assert "Gửi phản ánh về danh sách này" in rows.content.decode()
    statement = Client().get(f"/cong-khai/{geo.commune_a.code}/quy/{fund.pk}/").content.decode()
    assert "Công ty TNHH Minh Phát" in statement and "5.000.000" in statement


def test_how_to_apply_comes_from_the_catalog_and_the_procedure(geo, commune_a):
    page = Client().get(f"/cong-khai/{geo.commune_a.code}/thu-tuc/").content.decode()
    k6 = Category.objects.get(policy__code="TGXH", code="K6")
    assert k6.name in page and all(d in page for d in k6.documents)
    assert "Trong 10 ngày làm việc" in page  # Decree 147/2025: the commune decides in 10
    assert "HIV" not in page and "K8" not in page


def test_a_posting_of_another_commune_is_not_found_under_this_one(cast, geo, commune_a,
                                                                  make_person):
    other = post_a_list(cast.officer_b, make_person(born=date(1941, 1, 1), commune=geo.commune_b,
                                                    name="Đỗ Văn Nam"))
    client = Client()
    assert client.get(f"/cong-khai/{geo.commune_a.code}/niem-yet/{other.pk}/").status_code == 404
    assert client.get(f"/cong-khai/{geo.commune_b.code}/niem-yet/{other.pk}/").status_code == 200
    assert client.get("/cong-khai/99999/").status_code == 404
    assert client.get(f"/cong-khai/{geo.hanoi.code}/").status_code == 404  # not a commune
    fund = commune_a[1]
    assert client.get(f"/cong-khai/{geo.commune_c.code}/quy/{fund.pk}/").status_code == 404


def test_the_lookup_shows_the_residents_own_benefits(geo, commune_a):
    page = lookup(Client(), geo.commune_a.code, CCCD, "09/03/1985").decode()
    assert "Lê Thị Hoa" in page and "Người khuyết tật nặng, đặc biệt nặng" in page
    assert "975.000 đ" in page
    assert CCCD not in page and "09/03/1985" not in page


def test_every_miss_of_the_lookup_reads_the_same_byte_for_byte(geo, commune_a, make_person):
    other = make_person(born=BORN, commune=geo.commune_b, name="Lê Thị Hoa", sex="F")
    Person.objects.filter(pk=other.pk).update(national_id="001085054321")
    client = Client()
    code = geo.commune_a.code
    wrong_date = lookup(client, code, CCCD, "10/03/1985")
    unknown = lookup(client, code, "001085099999", "09/03/1985")
    elsewhere = lookup(client, code, "001085054321", "09/03/1985")
    assert CSRF.sub(b"", wrong_date) == CSRF.sub(b"", unknown) == CSRF.sub(b"", elsewhere)
    assert len(wrong_date) == len(unknown) == len(elsewhere)
    assert "Không tìm thấy chế độ nào" in wrong_date.decode()
    assert b"001085" not in wrong_date and b"1985" not in wrong_date


def test_the_lookup_says_try_later_after_too_many_tries(geo, commune_a):
    client = Client()
    for n in range(LOOKUPS_PER_CLIENT):
        lookup(client, geo.commune_a.code, f"00108503{n:04d}", "09/03/1985")
    limited = lookup(client, geo.commune_a.code, CCCD, "09/03/1985").decode()
    assert "Xin thử lại sau một giờ" in limited and "Lê Thị Hoa" not in limited


def test_a_lookup_with_a_malformed_date_does_not_echo_the_cccd(geo, commune_a):
    page = lookup(Client(), geo.commune_a.code, CCCD, "9 tháng 3").decode()
    assert "Ngày sinh ghi theo dạng" in page and CCCD not in page


def test_feedback_from_the_form_to_the_communes_answer(cast, geo, commune_a, client_as):
    posting = commune_a[0]
    client = Client()
    response = client.post(f"/cong-khai/{geo.commune_a.code}/phan-anh/", {
        "topic": "posting", "posting": posting.pk, "sender": "Nguyễn Văn Bình",
        "contact": "0912 345 678",
        "content": "Ông Lộc đã có lương hưu, không thuộc diện hưởng trợ cấp."})
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.posting == posting and feedback.commune == geo.commune_a
    track = client.get(response["Location"]).content.decode()
    assert feedback.code in track and "Đã tiếp nhận" in track
    assert "0912 345 678" not in track  # the contact is for the commune only

    officer = client_as(cast.officer_a)
    inbox = officer.get("/phan-anh/").content.decode()
    assert feedback.code in inbox
    answered = officer.post(f"/phan-anh/{feedback.pk}/", {
        "answer": "Xã đã kiểm tra: ông Lộc chưa có lương hưu, đủ điều kiện hưởng."})
    assert answered.status_code == 302
    track = client.get(f"/cong-khai/phan-anh/?ma={feedback.code.lower()}").content.decode()
    assert "Đã trả lời" in track and "chưa có lương hưu, đủ điều kiện" in track


def test_a_short_feedback_is_refused_on_the_form(geo, commune_a):
    response = Client().post(f"/cong-khai/{geo.commune_a.code}/phan-anh/", {
        "topic": "other", "content": "ngắn"})
    assert response.status_code == 200 and "ít nhất 10 ký tự" in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_second_vote_with_the_same_cccd_is_refused(geo, commune_a):
    client = Client()
    url = f"/cong-khai/{geo.commune_a.code}/danh-gia/"
    first = client.post(url, {"national_id": CCCD, "rating": 4, "comment": "Cán bộ tận tình"})
    assert first.status_code == 302
    assert "Cảm ơn bạn đã đánh giá" in client.get(first["Location"]).content.decode()
    again = client.post(url, {"national_id": "001 085 012 345", "rating": 1})
    page = again.content.decode()
    assert again.status_code == 200 and "một lần trong một quý" in page
    assert "001 085 012 345" not in page and CCCD not in page


def test_the_inbox_is_scoped_to_the_officers_commune(cast, geo, commune_a, client_as):
    feedback = Client().post(f"/cong-khai/{geo.commune_a.code}/phan-anh/", {
        "topic": "payment", "content": "Tháng này tôi chưa nhận được tiền trợ cấp."})
    assert feedback.status_code == 302
    pk = Feedback.objects.get().pk
    outsider = client_as(cast.officer_b)
    assert outsider.get(f"/phan-anh/{pk}/").status_code == 404
    assert outsider.post(f"/phan-anh/{pk}/", {"answer": "Trả lời thử của xã khác."}) \
        .status_code == 404
    assert Feedback.objects.get().code not in outsider.get("/phan-anh/").content.decode()
    supervisor = client_as(cast.supervisor_a)
    assert supervisor.get("/phan-anh/").status_code == 200
    detail = supervisor.get(f"/phan-anh/{pk}/")
    assert detail.status_code == 200 and "Lưu câu trả lời" not in detail.content.decode()
    assert supervisor.post(f"/phan-anh/{pk}/", {"answer": "Giám sát viên trả lời thử."}) \
        .status_code == 403
    assert Feedback.objects.get().answer == ""
    assert Client().get("/phan-anh/").status_code == 302  # login first


def test_overdue_feedback_is_marked_in_the_inbox_and_on_the_home_page(cast, geo, commune_a,
                                                                      client_as):
    Client().post(f"/cong-khai/{geo.commune_a.code}/phan-anh/", {
        "topic": "payment", "content": "Tháng này tôi chưa nhận được tiền trợ cấp."})
    Feedback.objects.update(due_on=date(2026, 1, 5))
    officer = client_as(cast.officer_a)
    inbox = officer.get("/phan-anh/?qua_han=on").content.decode()
    assert 'data-overdue="1"' in inbox and "Quá hạn" in inbox
    assert officer.get("/phan-anh/?tinh_trang=answered").context["page"].paginator.count == 0
    home = officer.get("/").content.decode()
    assert "Phản ánh của người dân chờ trả lời" in home and "Quá hạn từ 05/01/2026" in home


def test_poll_results_per_quarter_for_the_commune_and_supervisors(cast, geo, commune_a,
                                                                  client_as):
    client = Client()
    url = f"/cong-khai/{geo.commune_a.code}/danh-gia/"
    for n, rating in enumerate((4, 3, 1)):
        client.post(url, {"national_id": f"00108500{n:04d}", "rating": rating,
                          "comment": "Hướng dẫn rõ ràng" if n == 0 else ""})
    for user in (cast.leader_a, cast.supervisor_a):
        page = client_as(user).get("/danh-gia/").content.decode()
        assert "3 phiếu · hài lòng trở lên: 67%" in page and "Hướng dẫn rõ ràng" in page
    assert "Chưa có phiếu" in client_as(cast.officer_b).get("/danh-gia/").content.decode()


def test_every_public_page_weighs_under_200_kb_with_its_stylesheet(geo, commune_a, make_person,
                                                                   make_benefit):
    # A full page of decisions in force: 100 rows with long names and groups.
    for n in range(110):
        person = make_person(born=date(1950, 1, 1), commune=geo.commune_a,
                             name=f"Nguyễn Thị Phương Thảo Số {n}", sex="F")
        make_benefit(person, "K5c", start=date(2026, 1, 1), hundredths=100)
    css = CSS.stat().st_size
    client = Client()
    weights = {}
    for url in public_urls(geo, *commune_a):
        weights[url] = len(client.get(url).content) + css
    assert max(weights.values()) < PAGE_LIMIT, weights
