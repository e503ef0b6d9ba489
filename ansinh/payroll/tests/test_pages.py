"""The payroll pages: an officer generates a month's list, the leader approves it, the officer
prints it, records who was paid and who was not, and the reconciliation adds up; maker-checker;
read-only and outsider users; filters; the provider's return file; the three-month rule; how a
person is paid; the home panel; English."""

from __future__ import annotations

import io
from datetime import date

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from ansinh.cases.models import Decision, Programme
from ansinh.core.models import AuditEvent
from ansinh.core.testing import without_tokens
from ansinh.payroll.models import Cycle, Line, LineStatus, PaymentAccount
from ansinh.payroll.services import Payment, lines_mark_paid, lines_mark_returned
from ansinh.payroll.tests.ward import JUNE, JUNE_TOTAL, approved, generate, ward_fixture  # noqa: F401
from ansinh.policies.models import Category, Policy

pytestmark = pytest.mark.django_db


def _line(cycle, person) -> Line:
    return cycle.lines.get(person=person)


def _ids(*lines) -> list[str]:
    return [str(line.pk) for line in lines]


def test_an_officer_generates_the_leader_approves_the_officer_pays_and_it_reconciles(
        cast, ward, client_as):
    officer = client_as(cast.officer_a)
    form = officer.get("/chi-tra/lap/")
    assert form.status_code == 200
    page = form.content.decode()
    assert "Trợ cấp xã hội hằng tháng" in page and 'id="generate-form"' in page

    response = officer.post("/chi-tra/lap/", {"policy": "TGXH", "month": "06/2026"})
    cycle = Cycle.objects.get()
    assert response.status_code == 302 and response.url == f"/chi-tra/{cycle.pk}/"
    assert (cycle.month, cycle.status, cycle.generated_by) == (JUNE, "draft", cast.officer_a)
    detail = officer.get(response.url).content.decode()
    assert "Đã lập danh sách chi trả: 3 dòng, 3 người, tổng 2.275.000 đ." in detail
    assert "Trợ cấp xã hội hằng tháng, tháng 06/2026" in detail and "Dự thảo" in detail
    assert "Lê Thị Hoa" in detail and "975.000 đ" in detail and "2.275.000 đ" in detail
    assert "Hai triệu hai trăm bảy mươi lăm nghìn đồng" in detail
    assert 'id="approve-form"' not in detail and 'id="bulk-form"' not in detail
    assert f"/chi-tra/{cycle.pk}/lap-lai/" in detail

    leader = client_as(cast.leader_a)
    detail = leader.get(f"/chi-tra/{cycle.pk}/").content.decode()
    assert 'id="approve-form"' in detail and 'id="maker-checker"' not in detail
    assert leader.post(f"/chi-tra/{cycle.pk}/duyet/").status_code == 302
    cycle.refresh_from_db()
    assert (cycle.status, cycle.approved_by) == ("approved", cast.leader_a)
    detail = leader.get(f"/chi-tra/{cycle.pk}/").content.decode()
    assert "Đã duyệt danh sách chi trả" in detail and "Lanhdao.A" in detail

    # Regenerating an approved list is refused with the reason.
    response = officer.post(f"/chi-tra/{cycle.pk}/lap-lai/", follow=True)
    assert "đã được duyệt: không lập lại được" in response.content.decode()

    detail = officer.get(f"/chi-tra/{cycle.pk}/").content.decode()
    assert 'id="bulk-form"' in detail and 'id="close-form"' not in detail
    hoa, lanh, kien = (_line(cycle, p) for p in (ward.hoa, ward.lanh, ward.kien))
    response = officer.post(f"/chi-tra/{cycle.pk}/da-chi/", {
        "line": _ids(hoa, kien), "paid_on": "10/06/2026", "receiver": "authorised",
        "receiver_name": "Lê Văn Nam", "next_query": "to=T%E1%BB%95+1"})
    assert response.status_code == 302
    assert response.url == f"/chi-tra/{cycle.pk}/?to=T%E1%BB%95+1#lines"
    hoa.refresh_from_db()
    assert (hoa.status, hoa.paid_on, hoa.receiver, hoa.receiver_name) == (
        "paid", date(2026, 6, 10), "authorised", "Lê Văn Nam")
    response = officer.post(f"/chi-tra/{cycle.pk}/khong-chi-duoc/", {
        "line": _ids(lanh), "reason": "Vắng mặt tại địa phương"})
    assert response.status_code == 302
    lanh.refresh_from_db()
    assert (lanh.status, lanh.return_reason) == ("returned", "Vắng mặt tại địa phương")

    detail = officer.get(f"/chi-tra/{cycle.pk}/").content.decode()
    assert "ủy quyền: Lê Văn Nam" in detail and "Vắng mặt tại địa phương" in detail
    assert 'data-total="paid">2<' in detail and 'data-total="returned">1<' in detail
    assert 'id="close-form"' in detail

    page = officer.get(f"/chi-tra/{cycle.pk}/doi-soat/").content.decode()
    assert 'data-figure="planned">3<' in page and 'data-figure="paid">2<' in page
    assert 'data-figure="paid_amount">1.625.000 đ<' in page
    assert 'data-figure="returned">1<' in page and 'data-figure="outstanding">0<' in page
    assert 'id="by-group"' in page and "Tổ 1" in page and "Tổ 2" in page
    assert 'data-channel="cash"' in page and "Có thể quyết toán kỳ chi trả." in page

    assert officer.post(f"/chi-tra/{cycle.pk}/quyet-toan/").status_code == 302
    cycle.refresh_from_db()
    assert cycle.status == "closed"
    actions = set(AuditEvent.objects.filter(object_id=str(cycle.pk),
                                            object_type="payroll.cycle")
                  .values_list("action", flat=True))
    assert {"payroll.cycle.generate", "payroll.cycle.approve", "payroll.lines.paid",
            "payroll.lines.returned", "payroll.cycle.close"} <= actions


def test_the_leader_who_generated_a_list_is_told_and_refused(cast, ward, client_as):
    cycle = generate(cast.leader_a)
    leader = client_as(cast.leader_a)
    detail = leader.get(f"/chi-tra/{cycle.pk}/").content.decode()
    assert 'id="maker-checker"' in detail and 'id="approve-form"' not in detail
    response = leader.post(f"/chi-tra/{cycle.pk}/duyet/")
    assert response.status_code == 403
    assert "Người lập danh sách không được tự duyệt" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.status == "draft"


def test_an_officer_cannot_approve(cast, ward, client_as):
    cycle = generate(cast.officer_a)
    officer = client_as(cast.officer_a)
    assert 'id="approve-form"' not in officer.get(f"/chi-tra/{cycle.pk}/").content.decode()
    response = officer.post(f"/chi-tra/{cycle.pk}/duyet/")
    assert response.status_code == 403
    assert "Chỉ lãnh đạo UBND xã được duyệt danh sách chi trả." in response.content.decode()


def test_an_officer_of_another_commune_gets_404(cast, ward, client_as):
    cycle = approved(cast.officer_a, cast.leader_a)
    line = cycle.lines.earliest("id")
    client = client_as(cast.officer_b)
    for url in (f"/chi-tra/{cycle.pk}/", f"/chi-tra/{cycle.pk}/doi-soat/",
                f"/chi-tra/{cycle.pk}/in/", f"/chi-tra/{cycle.pk}/excel/",
                f"/chi-tra/{cycle.pk}/tep-chi-tra/", f"/chi-tra/{cycle.pk}/tep-ket-qua/",
                f"/chi-tra/hinh-thuc/{ward.hoa.pk}/"):
        assert client.get(url).status_code == 404, url
    for url in (f"/chi-tra/{cycle.pk}/duyet/", f"/chi-tra/{cycle.pk}/lap-lai/",
                f"/chi-tra/{cycle.pk}/da-chi/", f"/chi-tra/{cycle.pk}/khong-chi-duoc/",
                f"/chi-tra/{cycle.pk}/quyet-toan/", f"/chi-tra/{cycle.pk}/tep-ket-qua/",
                f"/chi-tra/{cycle.pk}/dong/{line.pk}/hinh-thuc/",
                f"/chi-tra/hinh-thuc/{ward.hoa.pk}/"):
        assert client.post(url, {"line": [line.pk], "paid_on": "10/06/2026",
                                 "receiver": "beneficiary", "reason": "x",
                                 "channel": "bank"}).status_code == 404, url
    assert "Lê Thị Hoa" not in client.get("/chi-tra/").content.decode()
    line.refresh_from_db()
    assert line.status == "planned"


def test_a_supervisor_reads_but_gets_403_on_every_post(cast, ward, client_as):
    PaymentAccount.objects.create(person=ward.hoa, channel="bank", bank_name="Agribank",
                                  account_number="1234567890123", account_holder="Lê Thị Hoa")
    cycle = approved(cast.officer_a, cast.leader_a)
    line = cycle.lines.earliest("id")
    client = client_as(cast.supervisor_a)
    detail = client.get(f"/chi-tra/{cycle.pk}/")
    page = detail.content.decode()
    assert detail.status_code == 200 and "Lê Thị Hoa" in page
    for marker in ('id="bulk-form"', 'id="approve-form"', 'id="close-form"', "lap-lai",
                   "tep-chi-tra", "1234567890123"):
        assert marker not in page, marker
    assert "••••0123" in page
    assert client.get(f"/chi-tra/{cycle.pk}/doi-soat/").status_code == 200
    person = client.get(f"/nhan-khau/{ward.hoa.pk}/").content.decode()
    assert "Tài khoản ngân hàng" in person and "••••0123" in person
    assert f"/chi-tra/hinh-thuc/{ward.hoa.pk}/" not in person
    for url in (f"/chi-tra/{cycle.pk}/duyet/", f"/chi-tra/{cycle.pk}/lap-lai/",
                f"/chi-tra/{cycle.pk}/da-chi/", f"/chi-tra/{cycle.pk}/khong-chi-duoc/",
                f"/chi-tra/{cycle.pk}/quyet-toan/", f"/chi-tra/{cycle.pk}/tep-ket-qua/",
                f"/chi-tra/{cycle.pk}/dong/{line.pk}/hinh-thuc/", "/chi-tra/lap/",
                f"/chi-tra/hinh-thuc/{ward.hoa.pk}/"):
        assert client.post(url, {"line": [line.pk], "paid_on": "10/06/2026",
                                 "receiver": "beneficiary", "reason": "x",
                                 "channel": "bank", "policy": "TGXH",
                                 "month": "06/2026"}).status_code == 403, url
    assert client.get(f"/chi-tra/{cycle.pk}/tep-chi-tra/", follow=True).status_code == 403
    line.refresh_from_db()
    assert line.status == "planned"


def test_a_restricted_group_shows_as_the_policy_name(cast, ward, client_as):
    cycle = generate(cast.officer_a)
    for user in (cast.officer_a, cast.supervisor_a, cast.auditor):
        page = without_tokens(client_as(user).get(f"/chi-tra/{cycle.pk}/").content.decode())
        assert "Phạm Văn Kiên" in page
        assert "K8" not in page and "HIV" not in page
    row = _line(cycle, ward.kien)
    assert row.restricted and row.category_label == "Trợ cấp xã hội hằng tháng"


def test_the_lines_filter_by_group_status_and_name_without_diacritics(cast, ward, client_as):
    cycle = approved(cast.officer_a, cast.leader_a)
    lines_mark_returned(actor=cast.officer_a, cycle=cycle,
                        line_ids=[_line(cycle, ward.lanh).pk], reason="Đi vắng")
    officer = client_as(cast.officer_a)
    url = f"/chi-tra/{cycle.pk}/"
    page = officer.get(url, {"to": "Tổ 1"}).content.decode()
    assert "Lê Thị Hoa" in page and "Phạm Văn Kiên" in page and "Võ Thị Lành" not in page
    page = officer.get(url, {"tinh_trang": "returned"}).content.decode()
    assert "Võ Thị Lành" in page and "Lê Thị Hoa" not in page
    page = officer.get(url, {"q": "le thi hoa"}).content.decode()
    assert "Lê Thị Hoa" in page and "Võ Thị Lành" not in page
    page = officer.get(url, {"q": "không có ai"}).content.decode()
    assert "Không có dòng nào khớp điều kiện lọc." in page
    # htmx asks for the table alone; the same filter applies.
    fragment = officer.get(url, {"to": "Tổ 2"}, headers={"HX-Request": "true"}).content.decode()
    assert 'id="lines-table"' in fragment and "<html" not in fragment
    assert "Võ Thị Lành" in fragment and "Lê Thị Hoa" not in fragment


def test_a_refused_payment_shows_the_reason_and_keeps_the_ticks(cast, ward, client_as):
    cycle = approved(cast.officer_a, cast.leader_a)
    hoa = _line(cycle, ward.hoa)
    officer = client_as(cast.officer_a)
    response = officer.post(f"/chi-tra/{cycle.pk}/da-chi/", {
        "line": _ids(hoa), "paid_on": "10/05/2026", "receiver": "beneficiary"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ngày chi phải trong khoảng từ đầu tháng chi trả đến hôm nay." in page
    assert f'value="{hoa.pk}" id="line-{hoa.pk}" checked' in page
    response = officer.post(f"/chi-tra/{cycle.pk}/da-chi/", {
        "line": _ids(hoa), "paid_on": "10/06/2026", "receiver": "authorised"})
    assert "Hãy ghi họ tên người được ủy quyền nhận." in response.content.decode()
    response = officer.post(f"/chi-tra/{cycle.pk}/khong-chi-duoc/", {"reason": "Đi vắng"})
    assert "Hãy đánh dấu ít nhất một dòng trong bảng." in response.content.decode()
    hoa.refresh_from_db()
    assert hoa.status == "planned"
    # Closing with lines left is refused.
    response = officer.post(f"/chi-tra/{cycle.pk}/quyet-toan/", follow=True)
    assert "Còn dòng chưa chi" in response.content.decode()


def test_a_draft_is_regenerated_and_a_line_paid_another_way(cast, ward, client_as, geo):
    cycle = generate(cast.officer_a)
    officer = client_as(cast.officer_a)
    line = _line(cycle, ward.lanh)
    response = officer.post(f"/chi-tra/{cycle.pk}/dong/{line.pk}/hinh-thuc/",
                            {"channel": "provider"}, follow=True)
    assert "Đã đổi hình thức chi trả của Võ Thị Lành: Tổ chức dịch vụ chi trả." in \
        response.content.decode()
    line.refresh_from_db()
    assert line.channel == "provider"
    response = officer.post(f"/chi-tra/{cycle.pk}/lap-lai/", follow=True)
    assert "Đã lập lại danh sách: 3 dòng, tổng 2.275.000 đ." in response.content.decode()
    assert Cycle.objects.count() == 1 and cycle.lines.count() == 3


def test_the_list_filters_and_totals_and_a_province_user_filters_by_commune(
        cast, ward, client_as):
    approved(cast.officer_a, cast.leader_a)
    generate(cast.officer_a, date(2026, 7, 1))
    officer = client_as(cast.officer_a)
    page = officer.get("/chi-tra/").content.decode()
    assert 'id="cycle-table"' in page and "06/2026" in page and "07/2026" in page
    assert 'name="xa"' not in page  # a commune user sees one commune
    page = officer.get("/chi-tra/", {"trang_thai": "approved"}).content.decode()
    assert 'data-total="cycles">1<' in page and "2.275.000 đ" in page and "07/2026" not in page
    page = officer.get("/chi-tra/", {"thang": "07/2026"}).content.decode()
    assert "06/2026" not in page.split('id="cycle-table"')[1]
    page = officer.get("/chi-tra/", {"thang": "13/2026"}).content.decode()
    assert "không có trên lịch" in page
    province = client_as(cast.province_officer)
    page = province.get("/chi-tra/", {"xa": "00004"}).content.decode()
    assert 'name="xa"' in page and "Phường Ba Đình" in page and 'data-total="cycles">2<' in page
    assert '<option value="00008">' not in page  # only the communes with cycles
    assert province.get("/chi-tra/lap/").status_code == 400


def test_a_decided_programme_gets_its_payment_list_from_the_list_page(cast, ward, client_as,
                                                                      geo):
    policy = Policy.objects.get(code="NQ42")
    programme = Programme.objects.create(commune=geo.commune_a, policy=policy,
                                         title="Hỗ trợ theo Nghị quyết 42",
                                         reference_date=date(2019, 12, 31), status="decided",
                                         persons=1, total=1_500_000,
                                         created_by=cast.officer_a)
    decision = Decision.objects.create(commune=geo.commune_a, number="7/QĐ-UBND",
                                       signed_on=date(2026, 5, 4), signer_name="Trần Văn Bình",
                                       summary="", recorded_by=cast.leader_a)
    category = Category.objects.filter(policy=policy).earliest("id")
    from ansinh.cases.models import Benefit

    Benefit.objects.create(person=ward.lanh, commune=geo.commune_a, policy=policy,
                           category=category, hundredths=100, multiplier=1, base_parameters="",
                           monthly_amount=1_500_000, one_off=True, start_month=date(2026, 5, 1),
                           end_month=date(2026, 5, 1), status="active", decision=decision,
                           programme=programme)
    officer = client_as(cast.officer_a)
    page = officer.get("/chi-tra/").content.decode()
    assert 'id="programmes-awaiting"' in page and "Hỗ trợ theo Nghị quyết 42" in page
    response = officer.post(f"/chi-tra/dot-ho-tro/{programme.pk}/lap/")
    cycle = Cycle.objects.get(programme=programme)
    assert response.status_code == 302 and response.url == f"/chi-tra/{cycle.pk}/"
    assert (cycle.lines_count, cycle.total) == (1, 1_500_000)
    assert "Hỗ trợ theo Nghị quyết 42" in officer.get(response.url).content.decode()
    assert 'id="programmes-awaiting"' not in officer.get("/chi-tra/").content.decode()
    assert client_as(cast.supervisor_a).post(
        f"/chi-tra/dot-ho-tro/{programme.pk}/lap/").status_code == 403
    assert client_as(cast.officer_b).post(
        f"/chi-tra/dot-ho-tro/{programme.pk}/lap/").status_code == 404


def _return_file(rows: list[list[object]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    header: list[object] = ["Mã dòng", "Họ và tên", "Năm sinh", "Địa chỉ", "Số tài khoản",
                            "Số tiền", "Kỳ chi trả", "Trạng thái", "Ngày chi", "Người nhận",
                            "Lý do"]
    table: list[list[object]] = [header, *rows]
    for row, values in enumerate(table):
        for col, value in enumerate(values):
            sheet.write(row, col, value)
    book.close()
    return buffer.getvalue()


def test_the_providers_return_file_is_checked_then_recorded(cast, ward, client_as):
    cycle = approved(cast.officer_a, cast.leader_a)
    hoa, lanh = _line(cycle, ward.hoa), _line(cycle, ward.lanh)
    officer = client_as(cast.officer_a)
    url = f"/chi-tra/{cycle.pk}/tep-ket-qua/"
    assert 'id="returns-form"' in officer.get(url).content.decode()

    bad = _return_file([[hoa.pk, "Lê Thị Hoa", 1980, "", "", 975_000, "06/2026", "Đã chi",
                         "", "", ""],
                        [lanh.pk, "Võ Thị Lành", 1940, "", "", 1, "06/2026", "Chưa chi",
                         "", "", "Đi vắng"]])
    page = officer.post(url, {"file": SimpleUploadedFile("ket-qua.xlsx", bad)}).content.decode()
    assert 'id="return-errors"' in page and "chưa ghi nhận dòng nào" in page
    assert "Dòng 2, cột Ngày chi: dòng “Đã chi” cần ngày chi." in page
    assert "Dòng 3, cột Số tiền" in page
    hoa.refresh_from_db()
    assert hoa.status == "planned"

    good = _return_file([[hoa.pk, "Lê Thị Hoa", 1980, "", "", 975_000, "06/2026", "Đã chi",
                          "12/06/2026", "", ""],
                         [lanh.pk, "Võ Thị Lành", 1940, "", "", 650_000, "06/2026", "Chưa chi",
                          "", "", "Đi vắng"]])
    page = officer.post(url, {"file": SimpleUploadedFile("ket-qua.xlsx", good),
                              "kiem_tra": "1"}).content.decode()
    assert "Kết quả kiểm tra (chưa ghi nhận)" in page and 'data-report="paid">1 ·' in page
    hoa.refresh_from_db()
    assert hoa.status == "planned"
    page = officer.post(url, {"file": SimpleUploadedFile("ket-qua.xlsx", good)}).content.decode()
    assert "Đã ghi nhận tệp kết quả" in page and 'data-report="returned">1 ·' in page
    hoa.refresh_from_db()
    lanh.refresh_from_db()
    assert (hoa.status, hoa.paid_on, lanh.status) == ("paid", date(2026, 6, 12), "returned")
    page = officer.post(url, {"file": SimpleUploadedFile("ket-qua.pdf", b"%PDF")}) \
        .content.decode()
    assert "Chỉ nhận tệp Excel" in page


def test_persons_unpaid_three_months_running_are_listed_with_a_suspension_link(
        cast, ward, client_as):
    for month in (date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1)):
        cycle = approved(cast.officer_a, cast.leader_a, month)
        lines_mark_returned(actor=cast.officer_a, cycle=cycle,
                            line_ids=[cycle.lines.get(person=ward.lanh, for_month=month).pk],
                            reason=f"Vắng nhà tháng {month:%m}")
        others = list(cycle.lines.exclude(person=ward.lanh).values_list("pk", flat=True))
        lines_mark_paid(actor=cast.officer_a, cycle=cycle, line_ids=others,
                        payment=Payment(paid_on=month.replace(day=10)))
    officer = client_as(cast.officer_a)
    page = officer.get("/chi-tra/chua-nhan/", {"thang": "06/2026"}).content.decode()
    assert 'id="unpaid-table"' in page and "Võ Thị Lành" in page and "Lê Thị Hoa" not in page
    assert "04/2026: Vắng nhà tháng 04" in page and "06/2026: Vắng nhà tháng 06" in page
    assert f"/ho-so/moi/?person={ward.lanh.pk}&amp;kind=suspend" in page
    # The link opens the suspension dossier form for that person.
    assert officer.get(f"/ho-so/moi/?person={ward.lanh.pk}&kind=suspend").status_code == 200
    page = officer.get("/chi-tra/chua-nhan/", {"thang": "07/2026"}).content.decode()
    assert "Võ Thị Lành" not in page and "Không có ai chưa nhận" in page
    page = client_as(cast.supervisor_a).get("/chi-tra/chua-nhan/", {"thang": "06/2026"}) \
        .content.decode()
    assert "Võ Thị Lành" in page and "kind=suspend" not in page
    assert "chọn một vai trò cấp xã" in client_as(cast.province_officer).get(
        "/chi-tra/chua-nhan/").content.decode()


def test_an_officer_sets_how_a_person_is_paid(cast, ward, client_as):
    officer = client_as(cast.officer_a)
    person = officer.get(f"/nhan-khau/{ward.hoa.pk}/").content.decode()
    assert 'id="person-payment"' in person and "Tiền mặt tại xã" in person
    assert f"/chi-tra/hinh-thuc/{ward.hoa.pk}/" in person
    url = f"/chi-tra/hinh-thuc/{ward.hoa.pk}/"
    response = officer.post(url, {"channel": "bank", "bank_name": "Agribank",
                                  "account_number": "12"})
    assert "Chi qua ngân hàng cần tên ngân hàng và số tài khoản" in response.content.decode()
    response = officer.post(url, {"channel": "bank", "bank_name": "Agribank",
                                  "account_number": "1234 5678 9012",
                                  "account_holder": "Lê Thị Hoa"})
    assert response.status_code == 302 and response.url == f"/nhan-khau/{ward.hoa.pk}/"
    account = PaymentAccount.objects.get(person=ward.hoa)
    assert (account.channel, account.account_number) == ("bank", "123456789012")
    person = officer.get(response.url).content.decode()
    assert "Agribank" in person and "123456789012" in person
    cycle = generate(cast.officer_a)
    line = _line(cycle, ward.hoa)
    assert (line.channel, line.account_number) == ("bank", "123456789012")


def test_the_home_page_shows_lists_waiting_and_lines_unpaid(cast, ward, client_as):
    home = client_as(cast.leader_a).get("/").content.decode()
    assert "Không có danh sách chi trả nào chờ duyệt" in home
    cycle = generate(cast.officer_a)
    home = client_as(cast.leader_a).get("/").content.decode()
    assert "Chờ lãnh đạo duyệt: Trợ cấp xã hội hằng tháng, tháng 06/2026" in home
    assert f"/chi-tra/{cycle.pk}/" in home and "3 người · 2.275.000 đ" in home
    approved_cycle = approved(cast.officer_a, cast.leader_a, date(2026, 7, 1))
    home = client_as(cast.officer_a).get("/").content.decode()
    assert "Dòng chưa chi của các danh sách đã duyệt" in home
    assert f"{approved_cycle.lines_count} dòng · " in home
    assert "Chờ lãnh đạo duyệt" not in client_as(cast.supervisor_a).get("/").content.decode()


def test_the_files_are_downloaded_and_each_export_is_audited(cast, ward, client_as):
    cycle = generate(cast.officer_a)
    officer = client_as(cast.officer_a)
    pdf = officer.get(f"/chi-tra/{cycle.pk}/in/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    pdf = officer.get(f"/chi-tra/{cycle.pk}/in/", {"to": "Tổ 2"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = officer.get(f"/chi-tra/{cycle.pk}/excel/", {"to": "Tổ 1"})
    assert xlsx.status_code == 200 and "attachment" in xlsx["Content-Disposition"]
    rows = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)).get_sheet_by_index(0) \
        .to_python()
    text = " ".join(str(cell) for row in rows for cell in row)
    assert "Lê Thị Hoa" in text and "Phạm Văn Kiên" in text and "Võ Thị Lành" not in text
    # No such group: told, no file.
    response = officer.get(f"/chi-tra/{cycle.pk}/in/", {"to": "Tổ 9"}, follow=True)
    assert "Không có dòng nào của tổ, thôn “Tổ 9”" in response.content.decode()
    # The provider's file waits for the approval.
    response = officer.get(f"/chi-tra/{cycle.pk}/tep-chi-tra/", follow=True)
    assert "Danh sách chưa được duyệt" in response.content.decode()
    cycle = approved(cast.officer_a, cast.leader_a, date(2026, 7, 1))
    provider = officer.get(f"/chi-tra/{cycle.pk}/tep-chi-tra/")
    assert provider.status_code == 200
    CalamineWorkbook.from_filelike(io.BytesIO(provider.content)).get_sheet_by_index(0)
    supervisor = client_as(cast.supervisor_a).get(f"/chi-tra/{cycle.pk}/in/")
    assert supervisor.status_code == 200 and supervisor.content.startswith(b"%PDF")
    exports = AuditEvent.objects.filter(action="payroll.cycle.export").order_by("sequence")
    assert [(e.actor_label, e.changes["format"], e.changes["group"], e.changes["rows"])
            for e in exports] == [
        ("canbo.a", "pdf", "", 3), ("canbo.a", "pdf", "Tổ 2", 1), ("canbo.a", "xlsx", "Tổ 1", 2),
        ("canbo.a", "provider", "", 0), ("giamsat.a", "pdf", "", 3)]


def test_the_payroll_pages_switch_to_english(cast, ward, client_as):
    cycle = generate(cast.officer_a)
    client = client_as(cast.officer_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/chi-tra/{cycle.pk}/").content.decode()
    assert "Payment list" in page and "Draft" in page and "Regenerate the list" in page
    assert "Danh sách chi trả" not in page and "Lập lại danh sách" not in page
    listing = client.get("/chi-tra/").content.decode()
    assert "Payment cycles" in listing and "Total amount" in listing
    assert "Payments" in client.get("/").content.decode()


def test_a_line_of_another_cycle_cannot_be_marked(cast, ward, client_as):
    june = approved(cast.officer_a, cast.leader_a)
    july = approved(cast.officer_a, cast.leader_a, date(2026, 7, 1))
    july_line = july.lines.earliest("id")
    response = client_as(cast.officer_a).post(f"/chi-tra/{june.pk}/da-chi/", {
        "line": [july_line.pk], "paid_on": "10/06/2026", "receiver": "beneficiary"})
    assert response.status_code == 200
    july_line.refresh_from_db()
    assert july_line.status == LineStatus.PLANNED
    assert JUNE_TOTAL == june.total
