"""The duplicate review pages: the queue scoped to either commune of a pair, a pair side by side
with why the model paired it, dismissing, confirming (the chosen record survives, the other is
merged, double payments are flagged), read-only and outsider users, starting a search, the model
page, the home panel."""

from __future__ import annotations

import re
from datetime import date

import pytest

from ansinh.accounts.models import Role
from ansinh.cases.models import Benefit
from ansinh.core.models import Job
from ansinh.integrity.merge import DOUBLE_PAYMENT_RULES
from ansinh.integrity.models import DuplicatePair, Finding, PairStatus
from ansinh.integrity.tests.dup_fixtures import (  # noqa: F401  (twins_fixture)
    NATIONAL_ID,
    add_person,
    make_pair,
    twins_fixture,
)
from ansinh.payroll.models import Line
from ansinh.registry.models import Person, PersonStatus

pytestmark = pytest.mark.django_db

QUEUE = "/kiem-tra/trung-lap/"


def _detail(pair: DuplicatePair) -> str:
    return f"{QUEUE}{pair.pk}/"


@pytest.fixture
def officer_c(make_user, geo):
    """An officer of a third commune (Phường Sài Gòn): the outsider."""
    return make_user("canbo.sg", (Role.COMMUNE_OFFICER, geo.commune_c))


def test_the_queue_shows_a_pair_to_both_communes_and_the_province_not_to_a_third(
        cast, twins, officer_c, client_as):
    for user in (cast.officer_a, cast.officer_b, cast.province_officer, cast.supervisor_a,
                 cast.admin):
        page = client_as(user).get(QUEUE)
        assert page.status_code == 200
        assert f'data-pair="{twins.pair.pk}"' in page.content.decode(), user
    page = client_as(cast.officer_a).get(QUEUE).content.decode()
    assert "Nguyễn Thị Lan" in page and "Nguyen Thi Lan" in page
    assert "05/03/1950" in page and "1950 <span" in page and "chỉ có năm" in page
    assert "Phường Ba Đình" in page and "Phường Ngọc Hà" in page and "khác xã" in page
    assert "97,3%" in page
    assert "Tên: trùng tên; Họ và tên đệm: trùng họ và tên đệm" in page

    outsider = client_as(officer_c)
    assert f'data-pair="{twins.pair.pk}"' not in outsider.get(QUEUE).content.decode()
    assert outsider.get(_detail(twins.pair)).status_code == 404
    assert outsider.post(f"{_detail(twins.pair)}khong-trung/").status_code == 404


def test_the_queue_filters_by_commune_probability_and_status(cast, twins, geo,
                                                             client_as):
    other = add_person(geo.commune_a, "Trần Văn Bình", date(1960, 1, 1))
    again = add_person(geo.commune_a, "Tran Van Binh", date(1960, 1, 1))
    low = make_pair(other, again, probability=0.91)
    client = client_as(cast.province_officer)

    def shown(query: str) -> set[int]:
        page = client.get(f"{QUEUE}?{query}").content.decode()
        return {p for p in (twins.pair.pk, low.pk) if f'data-pair="{p}"' in page}

    assert shown("") == {twins.pair.pk, low.pk}
    assert shown(f"xa={geo.commune_b.code}") == {twins.pair.pk}
    assert shown("xac_suat=95") == {twins.pair.pk}
    assert shown("tinh_trang=dismissed") == set()
    DuplicatePair.objects.filter(pk=low.pk).update(status=PairStatus.DISMISSED)
    assert shown("tinh_trang=dismissed") == {low.pk}
    assert shown("tinh_trang=all") == {twins.pair.pk, low.pk}
    assert shown("") == {twins.pair.pk}


def test_pairs_with_a_record_merged_elsewhere_are_hidden_unless_confirmed(
        cast, twins, geo, client_as):
    third = add_person(geo.commune_a, "Nguyễn Thị Lan", date(1950, 3, 5), sex="F")
    stale = make_pair(twins.a, third)
    Person.objects.filter(pk=third.pk).update(status=PersonStatus.MERGED)
    client = client_as(cast.officer_a)
    assert f'data-pair="{stale.pk}"' not in client.get(QUEUE).content.decode()
    assert f'data-pair="{stale.pk}"' not in client.get(
        f"{QUEUE}?tinh_trang=all").content.decode()
    DuplicatePair.objects.filter(pk=stale.pk).update(status=PairStatus.CONFIRMED)
    for query in ("tinh_trang=confirmed", "tinh_trang=all"):
        assert f'data-pair="{stale.pk}"' in client.get(f"{QUEUE}?{query}").content.decode()


def test_the_pair_page_shows_both_records_and_the_explanation(cast, twins, client_as):
    page = client_as(cast.province_officer).get(_detail(twins.pair)).content.decode()
    assert 'id="pair-records"' in page and NATIONAL_ID in page
    assert "Phường Ba Đình" in page and "Phường Ngọc Hà" in page
    assert "1 / 1" in page  # one running benefit of one on each side
    assert 'id="evidence-table"' in page
    assert 'data-field="given" data-weight="6.12"' in page and "+6,1" in page
    assert 'data-field="place" data-weight="-1.31"' in page and "\u22121,3" in page
    assert "bg-danger" in page and "bg-success" in page
    # Both forms; the record with a CCCD is the one kept unless the reviewer says otherwise.
    assert 'id="confirm-form"' in page and 'id="dismiss-form"' in page
    radios = re.findall(r'<input type="radio" name="keep"[^>]*>', page)
    assert [("checked" in r, f'value="{p.pk}"' in r) for r, p in zip(
        radios, (twins.a, twins.b), strict=True)] == [(False, True), (True, True)]


def test_a_commune_officer_dismisses_a_pair_and_it_leaves_the_pending_list(
        cast, twins, client_as):
    client = client_as(cast.officer_a)
    page = client.get(_detail(twins.pair)).content.decode()
    # One commune of two: the officer may say "not the same", not merge.
    assert 'id="dismiss-form"' in page and 'id="confirm-form"' not in page
    assert 'id="cross-commune"' in page
    response = client.post(f"{_detail(twins.pair)}khong-trung/",
                           {"note": "Hai người khác nhau, khác cha mẹ"})
    assert response.status_code == 302 and response.url == QUEUE
    twins.pair.refresh_from_db()
    assert (twins.pair.status, twins.pair.decided_by, twins.pair.decision_note) == (
        PairStatus.DISMISSED, cast.officer_a, "Hai người khác nhau, khác cha mẹ")
    listing = client.get(QUEUE).content.decode()
    assert "là hai người khác nhau" in listing
    assert f'data-pair="{twins.pair.pk}"' not in listing
    assert f'data-pair="{twins.pair.pk}"' in client.get(
        f"{QUEUE}?tinh_trang=dismissed").content.decode()
    detail = client.get(_detail(twins.pair)).content.decode()
    assert 'id="pair-dismissed"' in detail and 'id="dismiss-form"' not in detail
    # Dismissed once is enough.
    again = client.post(f"{_detail(twins.pair)}khong-trung/", follow=True)
    assert "Cặp này đã được xem xét." in again.content.decode()


def test_a_commune_officer_cannot_merge_records_of_two_communes(cast, twins, client_as):
    response = client_as(cast.officer_a).post(f"{_detail(twins.pair)}gop/",
                                               {"keep": twins.a.pk})
    assert response.status_code == 403
    assert "cả hai xã" in response.content.decode()
    twins.pair.refresh_from_db()
    assert twins.pair.status == PairStatus.PENDING


def test_a_province_officer_merges_keeping_the_chosen_record(cast, twins, client_as):
    client = client_as(cast.province_officer)
    response = client.post(f"{_detail(twins.pair)}gop/",
                           {"keep": twins.a.pk, "note": "Đã đối chiếu tại nhà"})
    assert response.status_code == 302 and response.url == _detail(twins.pair)
    twins.pair.refresh_from_db()
    twins.a.refresh_from_db()
    twins.b.refresh_from_db()
    assert twins.pair.status == PairStatus.CONFIRMED
    assert twins.a.status == PersonStatus.LIVING and twins.a.national_id == NATIONAL_ID
    assert (twins.b.status, twins.b.merged_into_id) == (PersonStatus.MERGED, twins.a.pk)
    # The merged record's June line was paid as well: one finding to recover it.
    merged_line = Line.objects.get(benefit__commune=twins.b.commune)
    # Both communes see the month paid twice; the merged record's commune recovers it.
    assert Finding.objects.filter(rule__in=DOUBLE_PAYMENT_RULES).count() == 2
    finding = Finding.objects.get(rule__in=DOUBLE_PAYMENT_RULES, unit=twins.b.commune)
    assert finding.payment_line_id == merged_line.pk and finding.amount == merged_line.amount
    assert Benefit.objects.filter(commune=twins.b.commune, status="stopped").count() == 1

    page = client.get(response.url).content.decode()
    assert f"Đã gộp hồ sơ #{twins.b.pk} vào hồ sơ #{twins.a.pk}" in page
    assert "1 chế độ trùng" in page and "1 khoản chi trùng cần thu hồi" in page
    assert 'id="merge-outcome"' in page
    assert f'href="/kiem-tra/bat-thuong/{finding.pk}/"' in page
    assert "có tiền tháng 06/2026" in page
    assert 'data-status="merged"' in page
    assert 'id="confirm-form"' not in page and 'id="dismiss-form"' not in page
    # A decided pair is not decided again.
    again = client.post(f"{_detail(twins.pair)}gop/", {"keep": twins.a.pk}, follow=True)
    assert "Cặp này đã được xem xét." in again.content.decode()


def test_the_kept_record_must_be_one_of_the_pair(cast, twins, geo, client_as):
    stranger = add_person(geo.commune_a, "Nguyễn Văn A", date(1970, 1, 1))
    response = client_as(cast.province_officer).post(f"{_detail(twins.pair)}gop/",
                                                     {"keep": stranger.pk})
    assert response.status_code == 200
    assert "Hãy chọn một trong hai hồ sơ của cặp." in response.content.decode()
    twins.pair.refresh_from_db()
    assert twins.pair.status == PairStatus.PENDING


def test_a_commune_officer_merges_a_pair_within_the_commune(cast, geo, client_as):
    a = add_person(geo.commune_a, "Lê Văn Tám", date(1948, 7, 2))
    b = add_person(geo.commune_a, "Le Van Tam", date(1948, 2, 7))
    pair = make_pair(a, b)
    client = client_as(cast.officer_a)
    page = client.get(_detail(pair)).content.decode()
    assert 'id="confirm-form"' in page and 'id="cross-commune"' not in page
    response = client.post(f"{_detail(pair)}gop/", {"keep": b.pk})
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.merged_into_id) == (PersonStatus.MERGED, b.pk)
    page = client.get(response.url).content.decode()
    assert "không có tháng nào được chi cho cả hai hồ sơ" in page


def test_a_supervisor_sees_the_pair_with_the_cccd_masked_and_cannot_decide(
        cast, twins, client_as):
    client = client_as(cast.supervisor_a)
    page = client.get(_detail(twins.pair)).content.decode()
    assert 'id="pair-records"' in page and 'id="evidence-table"' in page
    assert NATIONAL_ID not in page and "********4321" in page
    assert 'id="confirm-form"' not in page and 'id="dismiss-form"' not in page
    assert 'id="read-only"' in page
    assert client.post(f"{_detail(twins.pair)}gop/", {"keep": twins.a.pk}).status_code == 403
    assert client.post(f"{_detail(twins.pair)}khong-trung/").status_code == 403
    auditor = client_as(cast.auditor).get(_detail(twins.pair)).content.decode()
    assert NATIONAL_ID not in auditor and "********4321" in auditor
    twins.pair.refresh_from_db()
    assert twins.pair.status == PairStatus.PENDING


def test_an_officer_starts_a_search_of_the_commune_as_a_job(cast, client_as):
    client = client_as(cast.officer_a)
    page = client.get(f"{QUEUE}luot-tim/").content.decode()
    assert 'id="run-form"' in page and "Phường Ba Đình" in page
    response = client.post(f"{QUEUE}luot-tim/chay/")
    job = Job.objects.get(kind="dedup")
    assert response.status_code == 302 and response.url == f"/cong-viec/{job.pk}/"
    assert (job.unit, job.created_by, job.params["unit_id"]) == (
        cast.officer_a.assignment.unit, cast.officer_a, cast.officer_a.assignment.unit.pk)

    province = client_as(cast.province_officer)
    province.post(f"{QUEUE}luot-tim/chay/")
    assert Job.objects.filter(kind="dedup", unit=cast.province_officer.assignment.unit).exists()


def test_read_only_roles_and_administrators_cannot_start_a_search(cast, client_as):
    for user in (cast.supervisor_a, cast.auditor, cast.admin):
        client = client_as(user)
        page = client.get(f"{QUEUE}luot-tim/").content.decode()
        assert 'id="run-form"' not in page and 'id="run-not-allowed"' in page
        assert client.post(f"{QUEUE}luot-tim/chay/").status_code == 403
    assert not Job.objects.exists()


def test_the_model_page_shows_the_model_and_retraining_is_for_province_and_admin(
        cast, client_as):
    page = client_as(cast.officer_a).get(f"{QUEUE}mo-hinh/").content.decode()
    assert "Mô hình mặc định" in page and 'id="train-form"' not in page
    assert client_as(cast.officer_a).post(f"{QUEUE}mo-hinh/huan-luyen/").status_code == 403
    assert client_as(cast.supervisor_a).post(f"{QUEUE}mo-hinh/huan-luyen/").status_code == 403
    client = client_as(cast.province_officer)
    assert 'id="train-form"' in client.get(f"{QUEUE}mo-hinh/").content.decode()
    response = client.post(f"{QUEUE}mo-hinh/huan-luyen/", {"name": "Hà Nội 2026"})
    job = Job.objects.get(kind="dedup_train")
    assert response.url == f"/cong-viec/{job.pk}/"
    assert (job.unit, job.params["name"]) == (cast.province_officer.assignment.unit,
                                              "Hà Nội 2026")
    client_as(cast.admin).post(f"{QUEUE}mo-hinh/huan-luyen/")
    assert Job.objects.filter(kind="dedup_train", unit=None).count() == 1


def test_the_home_panel_counts_pending_pairs_in_scope(cast, twins, officer_c, client_as):
    home = client_as(cast.officer_b).get("/").content.decode()
    assert "Người nghi trùng" in home and "Cặp nghi trùng chờ xem xét" in home
    outsider = client_as(officer_c).get("/").content.decode()
    assert "Không có cặp người nghi trùng nào chờ xem xét" in outsider


def test_the_pages_speak_english_when_chosen(cast, twins, client_as):
    client = client_as(cast.province_officer)
    client.cookies["django_language"] = "en"
    page = client.get(_detail(twins.pair)).content.decode()
    assert "Confirm duplicate and merge" in page
