"""The fund pages: every page for a commune's and a province's officer, another commune's fund
a 404, supervisors reading but never writing, and each form doing what its service does — the
refusals shown on the field they name."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from ansinh.accounts.models import Role
from ansinh.core.models import AuditEvent
from ansinh.funds.models import (
    Donor,
    DonorKind,
    Entry,
    EntryKind,
    EntryStatus,
    Fund,
    FundKind,
    Purpose,
)
from ansinh.funds.services import (
    Allocation,
    Item,
    Receipt,
    allocation_record,
    balance,
    donor_create,
    fund_create,
    in_kind_record,
    receipt_record,
    stock,
)
from ansinh.registry.models import Household

pytestmark = pytest.mark.django_db


def _day(days_ago: int = 0) -> date:
    return timezone.localdate() - timedelta(days=days_ago)


def _vn(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def ward(cast, geo):
    """Phường Ba Đình's fund with 100.000.000 đ from a company, and the province's fund."""
    fund = fund_create(actor=cast.officer_a, unit=geo.commune_a, kind=FundKind.POOR,
                       name="Quỹ Vì người nghèo phường Ba Đình",
                       approval_threshold=50_000_000)
    company = donor_create(actor=cast.officer_a, unit=geo.commune_a,
                           kind=DonorKind.ORGANISATION, name="Công ty TNHH Ba Đình Xanh")
    receipt_record(actor=cast.officer_a, fund=fund, receipt=Receipt(
        _day(10), 100_000_000, "Ủng hộ Tháng cao điểm", donor=company, voucher="PT-01"))
    province_fund = fund_create(actor=cast.province_officer, unit=geo.hanoi,
                                kind=FundKind.DISASTER, name="Quỹ cứu trợ thành phố Hà Nội",
                                approval_threshold=10_000_000)
    receipt_record(actor=cast.province_officer, fund=province_fund, receipt=Receipt(
        _day(10), 500_000_000, "Vận động cứu trợ bão"))
    household = Household.objects.create(commune=geo.commune_a, code="HBD-0001",
                                         address="12 Đội Cấn")
    return fund, company, province_fund, household


def _allocate(client, fund, amount: str, **extra: Any):
    data = {"entry_date": _vn(_day(1)), "amount": amount, "purpose": Purpose.HOUSE_REPAIR,
            "beneficiaries": "1", "household": "HBD-0001",
            "description": "Sửa nhà hộ bà Nguyễn Thị Hoa",
            "decision": "QĐ 45/QĐ-UBND ngày 01/11/2025", "voucher": "PC-07"}
    data.update(extra)
    return client.post(reverse("funds:allocation_create", kwargs={"pk": fund.pk}), data)


def test_every_page_renders_for_a_commune_officer_and_a_province_officer(
        cast, ward, client_as):
    fund, _company, province_fund, _household = ward
    in_kind_record(actor=cast.officer_a, fund=fund, entry_date=_day(3),
                   items=[Item("Gạo", "kg", 500, 18_000)], description="Gạo cứu đói")
    pending = allocation_record(actor=cast.officer_a, fund=fund, allocation=Allocation(
        entry_date=_day(1), amount=60_000_000, purpose=Purpose.NEW_HOUSE,
        description="Xây nhà Đại đoàn kết", decision="QĐ 1"))
    for user, own in ((cast.officer_a, fund), (cast.province_officer, province_fund)):
        client = client_as(user)
        urls = [reverse("funds:fund_list"), reverse("funds:fund_create"),
                reverse("funds:pending_list"), reverse("funds:donor_list"),
                reverse("funds:donor_create"), pending.get_absolute_url()]
        for name in ("fund_detail", "receipt_create", "in_kind_create", "allocation_create",
                     "distribution_create", "transfer_create", "advance_create",
                     "opening_create", "statement"):
            urls.append(reverse(f"funds:{name}", kwargs={"pk": own.pk}))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (user, url)
    # The province's officer sees the ward's fund too, with its balance, in the list.
    page = client_as(cast.province_officer).get(reverse("funds:fund_list")).content.decode()
    assert "Quỹ Vì người nghèo phường Ba Đình" in page and "100.000.000 đ" in page
    assert "500.000.000 đ" in page


def test_the_fund_page_shows_the_balance_the_ledger_and_the_actions(cast, ward, client_as):
    fund, *_ = ward
    response = client_as(cast.officer_a).get(fund.get_absolute_url())
    page = response.content.decode()
    assert response.context["balance"] == balance(fund) == 100_000_000
    assert "Một trăm triệu đồng" in page
    assert "Công ty TNHH Ba Đình Xanh" in page and "Ủng hộ Tháng cao điểm" in page
    for action in ("Ghi thu (tiền)", "Nhận hiện vật", "Ghi chi hỗ trợ", "Cấp phát hiện vật",
                   "Điều chuyển", "Tạm ứng, bổ sung nguồn", "Sao kê"):
        assert action in page, action
    # The opening balance is offered only while the ledger is empty.
    opening = reverse("funds:opening_create", kwargs={"pk": fund.pk})
    assert opening not in page
    empty = fund_create(actor=cast.officer_a, unit=fund.unit, kind=FundKind.OTHER,
                        name="Quỹ khuyến học")
    assert reverse("funds:opening_create", kwargs={"pk": empty.pk}) in client_as(
        cast.officer_a).get(empty.get_absolute_url()).content.decode()


def test_another_communes_fund_is_not_found(cast, ward, client_as):
    fund, _company, province_fund, _household = ward
    entry = Entry.objects.filter(fund=fund).first()
    assert entry is not None
    client = client_as(cast.officer_b)
    for url in (fund.get_absolute_url(), entry.get_absolute_url(),
                reverse("funds:statement", kwargs={"pk": fund.pk}),
                reverse("funds:receipt_create", kwargs={"pk": fund.pk}),
                province_fund.get_absolute_url()):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("funds:entry_reverse", kwargs={"pk": entry.pk}),
                       {"reason": "x"}).status_code == 404
    listed = client.get(reverse("funds:fund_list")).content.decode()
    assert "Quỹ Vì người nghèo phường Ba Đình" not in listed


def test_supervisors_see_the_fund_but_cannot_write(cast, ward, client_as):
    fund, *_ = ward
    client = client_as(cast.supervisor_a)
    page = client.get(fund.get_absolute_url())
    assert page.status_code == 200 and "Ghi chi hỗ trợ" not in page.content.decode()
    assert client.get(reverse("funds:statement", kwargs={"pk": fund.pk})).status_code == 200
    for name in ("receipt_create", "allocation_create", "in_kind_create", "transfer_create"):
        url = reverse(f"funds:{name}", kwargs={"pk": fund.pk})
        assert client.get(url).status_code == 403, name
    response = client.post(reverse("funds:receipt_create", kwargs={"pk": fund.pk}), {
        "entry_date": _vn(_day()), "amount": "1.000.000", "description": "Thử"})
    assert response.status_code == 403
    assert "chỉ được xem" in response.content.decode()
    assert client.get(reverse("funds:fund_create")).status_code == 403
    assert client.get(reverse("funds:donor_create")).status_code == 403
    entry = Entry.objects.filter(fund=fund).get()
    assert client.post(reverse("funds:entry_reverse", kwargs={"pk": entry.pk}),
                       {"reason": "Thử"}).status_code == 403
    assert balance(fund) == 100_000_000


def test_a_receipt_typed_with_dots_between_thousands(cast, ward, client_as):
    fund, company, *_ = ward
    client = client_as(cast.officer_a)
    url = reverse("funds:receipt_create", kwargs={"pk": fund.pk})
    response = client.post(url, {"entry_date": _vn(_day(2)), "amount": "94.850.000",
                                 "donor": str(company.pk), "description": "Ủng hộ đợt 2",
                                 "voucher": "PT-02"})
    assert response.status_code == 302
    entry = Entry.objects.get(fund=fund, voucher="PT-02")
    assert (entry.amount, entry.donor, entry.entry_date) == (94_850_000, company, _day(2))
    assert balance(fund) == 194_850_000
    # Cents, words and a date in the future are refused on their fields.
    response = client.post(url, {"entry_date": _vn(_day(-3)), "amount": "94,5",
                                 "description": "Sai"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "đồng chẵn" in errors["amount"][0]
    response = client.post(url, {"entry_date": _vn(_day(-3)), "amount": "1.000",
                                 "description": "Ngày sai"})
    assert response.context["form"].errors["entry_date"] == [
        "Ngày ghi sổ không được ở tương lai."]


def test_an_allocation_above_the_threshold_waits_for_the_leader(cast, ward, client_as):
    fund, _company, _province_fund, household = ward
    maker = client_as(cast.officer_a)
    response = _allocate(maker, fund, "60.000.000")
    assert response.status_code == 302
    entry = Entry.objects.get(fund=fund, kind=EntryKind.ALLOCATION)
    assert (entry.status, entry.household, entry.amount) == (EntryStatus.PENDING, household,
                                                             60_000_000)
    assert balance(fund) == 100_000_000  # nothing spent until approved
    page = maker.get(entry.get_absolute_url()).content.decode()
    assert "chờ phê duyệt" in page and "Phê duyệt" not in page.replace("phê duyệt", "")

    # The maker cannot approve it: the refusal is explained on the page.
    refused = maker.post(reverse("funds:entry_approve", kwargs={"pk": entry.pk}))
    assert refused.status_code == 403
    assert "do lãnh đạo UBND cấp xã phê duyệt" in refused.content.decode()

    leader = client_as(cast.leader_a)
    home = leader.get(reverse("core:home")).content.decode()
    assert "Khoản chi quỹ chờ bạn phê duyệt" in home and entry.get_absolute_url() in home
    assert entry in leader.get(reverse("funds:pending_list")).context["page"].object_list
    detail = leader.get(entry.get_absolute_url())
    assert detail.context["can_approve"]
    response = leader.post(reverse("funds:entry_approve", kwargs={"pk": entry.pk}), follow=True)
    assert "Đã phê duyệt khoản chi 60.000.000 đ" in response.content.decode()
    entry.refresh_from_db()
    assert (entry.status, entry.decided_by) == (EntryStatus.POSTED, cast.leader_a)
    assert balance(fund) == 40_000_000
    assert AuditEvent.objects.filter(action="funds.entry.approve").count() == 1


def test_a_province_allocation_is_not_approved_by_its_maker_but_by_another_officer(
        cast, ward, client_as, make_user, geo):
    _fund, _company, province_fund, _household = ward
    checker = make_user("tinh2.hn", (Role.PROVINCE_OFFICER, geo.hanoi))
    maker = client_as(cast.province_officer)
    response = maker.post(reverse("funds:allocation_create", kwargs={"pk": province_fund.pk}), {
        "entry_date": _vn(_day(1)), "amount": "20.000.000", "purpose": Purpose.RELIEF,
        "beneficiaries": "40", "description": "Cứu trợ sau bão", "decision": "QĐ 9/QĐ-UBND"})
    assert response.status_code == 302
    entry = Entry.objects.get(fund=province_fund, kind=EntryKind.ALLOCATION)
    refused = maker.post(reverse("funds:entry_approve", kwargs={"pk": entry.pk}))
    assert refused.status_code == 403
    assert "Người lập khoản chi không tự phê duyệt được." in refused.content.decode()
    other = client_as(checker)
    rejected = other.post(reverse("funds:entry_reject", kwargs={"pk": entry.pk}),
                          {"reason": "Chưa có danh sách hộ bị thiệt hại"}, follow=True)
    assert "Đã không phê duyệt khoản chi" in rejected.content.decode()
    entry.refresh_from_db()
    assert (entry.status, entry.rejection) == (EntryStatus.REJECTED,
                                               "Chưa có danh sách hộ bị thiệt hại")
    assert "Chưa có danh sách hộ bị thiệt hại" in maker.get(
        entry.get_absolute_url()).content.decode()


def test_an_allocation_the_fund_cannot_pay_is_refused_on_the_amount(cast, ward, client_as):
    fund, *_ = ward
    response = _allocate(client_as(cast.officer_a), fund, "150.000.000")
    assert response.status_code == 200
    errors = response.context["form"].errors["amount"]
    assert errors == ["Quỹ “Quỹ Vì người nghèo phường Ba Đình” chỉ còn 100.000.000 đ, không đủ "
                      "để chi 150.000.000 đ. Hãy bổ sung nguồn (tạm ứng, điều chuyển) trước "
                      "khi chi."]
    assert "chỉ còn 100.000.000 đ" in response.content.decode()
    assert not Entry.objects.filter(kind=EntryKind.ALLOCATION).exists()


def test_the_household_is_chosen_by_its_code_in_the_funds_commune(
        cast, ward, client_as, geo):
    fund, *_ = ward
    Household.objects.create(commune=geo.commune_b, code="HNH-0009")
    response = _allocate(client_as(cast.officer_a), fund, "1.000.000", household="HNH-0009")
    assert response.status_code == 200
    assert response.context["form"].errors["household"] == [
        "Không có hộ mã “HNH-0009” ở Phường Ba Đình."]


def test_a_reversal_keeps_the_original_and_links_both_ways(cast, ward, client_as):
    fund, *_ = ward
    client = client_as(cast.officer_a)
    assert _allocate(client, fund, "5.000.000").status_code == 302
    spent = Entry.objects.get(fund=fund, kind=EntryKind.ALLOCATION)
    assert balance(fund) == 95_000_000
    url = reverse("funds:entry_reverse", kwargs={"pk": spent.pk})
    empty = client.post(url, {"reason": " "})
    assert empty.status_code == 200 and empty.context["reverse_form"].errors["reason"]
    response = client.post(url, {"reason": "Ghi nhầm hộ"})
    correction = Entry.objects.get(fund=fund, kind=EntryKind.REVERSAL)
    assert response.status_code == 302 and response["Location"] == correction.get_absolute_url()
    assert correction.reverses == spent and balance(fund) == 100_000_000
    page = client.get(spent.get_absolute_url()).content.decode()
    assert "đã được điều chỉnh bởi" in page and correction.get_absolute_url() in page
    assert 'id="reverse-form"' not in page  # a corrected entry is not corrected twice
    ledger = client.get(fund.get_absolute_url()).content.decode()
    assert f'href="{spent.get_absolute_url()}"' in ledger and "đã điều chỉnh" in ledger


def test_goods_received_with_two_items_and_handed_out(cast, ward, client_as):
    fund, company, *_ = ward
    client = client_as(cast.officer_a)
    response = client.post(reverse("funds:in_kind_create", kwargs={"pk": fund.pk}), {
        "entry_date": _vn(_day(2)), "donor": str(company.pk),
        "description": "Ủng hộ phòng, chống dịch", "voucher": "PN-01",
        "hang-TOTAL_FORMS": "3", "hang-INITIAL_FORMS": "0",
        "hang-0-name": "Khẩu trang y tế", "hang-0-measure": "hộp", "hang-0-quantity": "500",
        "hang-0-unit_value": "45.000",
        "hang-1-name": "Nước rửa tay khô", "hang-1-measure": "chai", "hang-1-quantity": "200",
        "hang-1-unit_value": "60.000"})
    assert response.status_code == 302
    received = Entry.objects.get(fund=fund, kind=EntryKind.IN_KIND)
    assert received.amount == 500 * 45_000 + 200 * 60_000 and received.items.count() == 2
    assert balance(fund) == 100_000_000  # goods are not money

    url = reverse("funds:distribution_create", kwargs={"pk": fund.pk})
    form_page = client.get(url).content.decode()
    assert "Khẩu trang y tế (hộp) — còn 500" in form_page
    data = {"entry_date": _vn(_day(1)), "purpose": Purpose.RELIEF, "beneficiaries": "120",
            "description": "Cấp cho các chốt kiểm soát dịch", "decision": "KH 05/KH-BCĐ",
            "hang-TOTAL_FORMS": "3", "hang-INITIAL_FORMS": "0",
            "hang-0-goods": "Khẩu trang y tế|hộp", "hang-0-quantity": "600"}
    too_many = client.post(url, data)
    assert too_many.status_code == 200
    assert "Trong kho chỉ còn 500 hộp Khẩu trang y tế, không đủ để cấp 600." in \
        too_many.content.decode()
    response = client.post(url, {**data, "hang-0-quantity": "300"})
    assert response.status_code == 302
    assert stock(fund) == {("Khẩu trang y tế", "hộp"): 200, ("Nước rửa tay khô", "chai"): 200}
    handed = Entry.objects.get(fund=fund, kind=EntryKind.DISTRIBUTION)
    page = client.get(handed.get_absolute_url()).content.decode()
    assert "Khẩu trang y tế" in page and "13.500.000" in page


def test_a_transfer_from_the_province_to_the_ward(cast, ward, client_as):
    fund, _company, province_fund, _household = ward
    client = client_as(cast.province_officer)
    response = client.post(reverse("funds:transfer_create", kwargs={"pk": province_fund.pk}), {
        "target": str(fund.pk), "entry_date": _vn(_day(1)), "amount": "30.000.000",
        "decision": "QĐ 3/QĐ-UBND"})
    assert response.status_code == 302
    assert (balance(province_fund), balance(fund)) == (470_000_000, 130_000_000)


def test_the_statement_on_screen_in_excel_and_in_pdf(cast, ward, client_as):
    fund, *_ = ward
    client = client_as(cast.officer_a)
    assert _allocate(client, fund, "5.000.000").status_code == 302
    url = reverse("funds:statement", kwargs={"pk": fund.pk})
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Số dư cuối kỳ (I + II − III)" in text and "95.000.000" in text
    year = timezone.localdate().year
    period = f"tu=01/01/{year}&den={_vn(_day())}"

    xlsx = client.get(f"{url}?{period}&dinh_dang=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].startswith("attachment")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content)) \
        .get_sheet_by_index(0).to_python()
    closing = next(r for r in rows if "Số dư cuối kỳ (I + II − III)" in r)
    assert 95_000_000 in closing

    pdf = client.get(f"{url}?{period}&dinh_dang=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    exports = AuditEvent.objects.filter(action="funds.statement.export")
    assert [e.changes["format"] for e in exports.order_by("pk")] == ["xlsx", "pdf"]

    bad = client.get(f"{url}?tu=31/12/{year}&den=01/01/{year}")
    assert "Ngày bắt đầu phải trước ngày kết thúc." in bad.content.decode()


def test_donors_are_listed_and_added_from_the_receipt_form(cast, ward, client_as, geo):
    fund, *_ = ward
    client = client_as(cast.officer_a)
    assert "Công ty TNHH Ba Đình Xanh" in client.get(
        reverse("funds:donor_list")).content.decode()
    response = client.post(f"{reverse('funds:donor_create')}?quy={fund.pk}", {
        "unit": geo.commune_a.code, "kind": DonorKind.INDIVIDUAL, "name": "Bà Lê Thị Mai",
        "address": "Đội Cấn", "phone": ""})
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("funds:receipt_create", kwargs={"pk": fund.pk}))
    form = client.get(response["Location"]).context["form"]
    donor = Donor.objects.get(name="Bà Lê Thị Mai")
    assert form["donor"].value() == str(donor.pk)  # the new donor is chosen already
    outsider = client_as(cast.officer_b).get(reverse("funds:donor_list")).content.decode()
    assert "Bà Lê Thị Mai" not in outsider


def test_a_fund_is_opened_from_the_page(cast, geo, client_as):
    client = client_as(cast.officer_a)
    response = client.post(reverse("funds:fund_create"), {
        "unit": geo.commune_a.code, "kind": FundKind.GRATITUDE,
        "name": "Quỹ Đền ơn đáp nghĩa phường Ba Đình", "regulation": "",
        "approval_threshold": "20.000.000"})
    assert response.status_code == 302
    fund = Fund.objects.get(name="Quỹ Đền ơn đáp nghĩa phường Ba Đình")
    assert fund.approval_threshold == 20_000_000 and response["Location"] == \
        fund.get_absolute_url()
    again = client.post(reverse("funds:fund_create"), {
        "unit": geo.commune_a.code, "kind": FundKind.GRATITUDE,
        "name": "Quỹ Đền ơn đáp nghĩa phường Ba Đình", "approval_threshold": "0"})
    assert again.context["form"].errors["name"]


def test_the_fund_page_in_english(cast, ward, client_as, settings):
    fund, *_ = ward
    client = client_as(cast.officer_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(fund.get_absolute_url()).content.decode()
    for text in ("Fund book", "In (đồng)", "Record support spending", "Money received",
                 "For the Poor Fund"):
        assert text in page, text
