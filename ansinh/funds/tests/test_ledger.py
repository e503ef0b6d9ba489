"""The ledger's rules and the statement, on the Quảng Nam seed's 2023 figures: receipts
1.863.638.000 đ, carried over 629.598.000 đ, 50 houses for 2.500.000.000 đ, 797 households
helped for 528.000.000 đ, 3 health cases for 9.000.000 đ, 1 student for 1.000.000 đ. Spending
exceeds what the fund had, so the shortfall is covered by an explicit advance."""

from __future__ import annotations

from datetime import date

import pytest

from ansinh.accounts.models import Role
from ansinh.core.errors import DomainError, PermissionDenied
from ansinh.core.models import AuditEvent
from ansinh.funds.models import DonorKind, Entry, EntryKind, EntryStatus, FundKind, Purpose
from ansinh.funds.services import (
    Allocation,
    Item,
    Receipt,
    advance_record,
    allocation_approve,
    allocation_record,
    allocation_reject,
    balance,
    distribution_record,
    donor_create,
    entry_reverse,
    fund_create,
    in_kind_record,
    opening_record,
    receipt_record,
    stock,
    transfer_record,
)
from ansinh.funds.statements import fund_statement, statement_report
from ansinh.geo.models import UnitKind
from ansinh.geo.tests.fixtures import make_commune, make_province

pytestmark = pytest.mark.django_db

RECEIVED, CARRIED = 1_863_638_000, 629_598_000
HOUSES, GIFTS, HEALTH, STUDY = 2_500_000_000, 528_000_000, 9_000_000, 1_000_000


@pytest.fixture
def quang_nam(make_user):
    province = make_province("49", "Tỉnh Quảng Nam", UnitKind.TINH)
    commune = make_commune(province, "20333", "Phường Tam Kỳ")
    maker = make_user("mttq.qn", (Role.PROVINCE_OFFICER, province))
    checker = make_user("ldtbxh.qn", (Role.PROVINCE_OFFICER, province))
    fund = fund_create(actor=maker, unit=province, kind=FundKind.POOR,
                       name="Quỹ “Vì người nghèo” tỉnh Quảng Nam",
                       regulation="Quy chế quản lý, sử dụng Quỹ “Vì người nghèo”",
                       approval_threshold=100_000_000)
    return province, commune, maker, checker, fund


def _spend(actor, fund, amount, purpose, count, day=date(2023, 10, 1)):
    return allocation_record(actor=actor, fund=fund, allocation=Allocation(
        entry_date=day, amount=amount, purpose=purpose, beneficiaries=count,
        description=str(Purpose(purpose).label), decision="QĐ 12/QĐ-BTT ngày 20/9/2023"))


def test_the_quang_nam_year_2023(quang_nam):
    province, _commune, maker, checker, fund = quang_nam
    opening_record(actor=maker, fund=fund, receipt=Receipt(
        date(2022, 12, 31), CARRIED, "Kinh phí năm 2022 mang sang"))
    company = donor_create(actor=maker, unit=province, kind=DonorKind.ORGANISATION,
                           name="Công ty Cổ phần Ô tô Trường Hải")
    person = donor_create(actor=maker, unit=province, kind=DonorKind.INDIVIDUAL,
                          name="Ông Nguyễn Văn Ánh")
    anonymous = donor_create(actor=maker, unit=province, kind=DonorKind.ANONYMOUS)
    gifts = [(company, 1_500_000_000), (person, 300_000_000), (anonymous, 63_638_000)]
    for donor, amount in gifts:
        receipt_record(actor=maker, fund=fund, receipt=Receipt(
            date(2023, 6, 1), amount, "Ủng hộ Tháng cao điểm Vì người nghèo", donor=donor,
            voucher=f"PT-{donor.pk}"))
    assert balance(fund) == RECEIVED + CARRIED

    _spend(maker, fund, GIFTS, Purpose.GIFTS, 797)  # above the threshold: waits
    [pending] = Entry.objects.filter(status=EntryStatus.PENDING)
    assert balance(fund) == RECEIVED + CARRIED  # nothing spent until approved
    with pytest.raises(PermissionDenied, match="không tự phê duyệt"):
        allocation_approve(actor=maker, entry=pending)
    allocation_approve(actor=checker, entry=pending)
    for amount, purpose, count in ((HEALTH, Purpose.HEALTH, 3), (STUDY, Purpose.STUDY, 1)):
        entry = _spend(maker, fund, amount, purpose, count)
        assert entry.status == EntryStatus.POSTED  # small: posted at once

    # The 50 houses cost more than the fund holds: refused, never a negative balance.
    left = RECEIVED + CARRIED - GIFTS - HEALTH - STUDY
    with pytest.raises(DomainError, match="không đủ để chi"):
        _spend(maker, fund, HOUSES, Purpose.NEW_HOUSE, 50)
    assert balance(fund) == left
    # The shortfall is covered explicitly, with the decision that allows it.
    with pytest.raises(DomainError, match="quyết định"):
        advance_record(actor=maker, fund=fund, receipt=Receipt(
            date(2023, 11, 1), HOUSES - left, "Tạm ứng"))
    advance_record(actor=maker, fund=fund, receipt=Receipt(
        date(2023, 11, 1), HOUSES - left, "Tạm ứng từ Quỹ Vì người nghèo Trung ương",
        decision="Văn bản số 88/MTTW-BTT ngày 25/10/2023"))
    houses = _spend(maker, fund, HOUSES, Purpose.NEW_HOUSE, 50, day=date(2023, 11, 15))
    allocation_approve(actor=checker, entry=houses)
    assert balance(fund) == 0

    statement = fund_statement(fund, date(2023, 1, 1), date(2023, 12, 31))
    assert statement.opening == CARRIED
    receipts = {line.label: line.amount for line in statement.receipts}
    assert receipts == {
        "Cơ quan, tổ chức, doanh nghiệp ủng hộ": 1_500_000_000,
        "Cá nhân ủng hộ": 300_000_000,
        "Nhà hảo tâm không nêu tên": 63_638_000,
        "Tạm ứng, bổ sung nguồn": HOUSES - left,
    }
    assert sum(amount for (_d, amount) in gifts) == RECEIVED
    spending = {line.label: (line.amount, line.count) for line in statement.spending}
    assert spending == {
        "Xây mới nhà Đại đoàn kết": (HOUSES, 50),
        "Thăm hỏi, tặng quà (Tết, hộ khó khăn)": (GIFTS, 797),
        "Hỗ trợ khám, chữa bệnh": (HEALTH, 3),
        "Hỗ trợ học tập": (STUDY, 1),
    }
    assert statement.closing == 0 == balance(fund)
    assert [d.amount for d in statement.donors] == [a for (_d, a) in gifts]
    report = statement_report(statement)
    rows = {row.cells[1]: row.cells[3] for row in report.tables[0].rows}
    assert rows["Số dư đầu kỳ"] == CARRIED
    assert rows["Tổng thu trong kỳ"] == RECEIVED + HOUSES - left
    assert rows["Tổng chi trong kỳ"] == HOUSES + GIFTS + HEALTH + STUDY
    assert rows["Số dư cuối kỳ (I + II − III)"] == 0
    assert AuditEvent.objects.filter(action__startswith="funds.entry.").count() == \
        Entry.objects.count() + 2  # plus the two approvals


def test_a_reversing_correction_keeps_the_original_and_restores_the_balance(quang_nam):
    province, commune, maker, _checker, fund = quang_nam
    receipt_record(actor=maker, fund=fund, receipt=Receipt(date(2024, 1, 5), 50_000_000,
                                                           "Vận động"))
    spent = _spend(maker, fund, 20_000_000, Purpose.RELIEF, 10, day=date(2024, 1, 10))
    correction = entry_reverse(actor=maker, entry=spent, reason="Ghi nhầm quỹ",
                               entry_date=date(2024, 1, 11))
    assert correction.reverses == spent and correction.kind == EntryKind.REVERSAL
    assert Entry.objects.filter(pk=spent.pk, status=EntryStatus.POSTED).exists()
    assert balance(fund) == 50_000_000
    with pytest.raises(DomainError, match="đã được điều chỉnh"):
        entry_reverse(actor=maker, entry=spent, reason="Lần nữa")
    with pytest.raises(DomainError, match="bút toán điều chỉnh"):
        entry_reverse(actor=maker, entry=correction, reason="Đảo lại")
    statement = fund_statement(fund, date(2024, 1, 1), date(2024, 12, 31))
    assert statement.spending == []  # the relief and its correction cancel out
    # A receipt already spent cannot be reversed into a negative balance.
    _spend(maker, fund, 45_000_000, Purpose.RELIEF, 5, day=date(2024, 1, 12))
    first = Entry.objects.get(fund=fund, number=1)
    with pytest.raises(DomainError, match="không đủ"):
        entry_reverse(actor=maker, entry=first, reason="Trả lại nhà tài trợ")


def test_an_allocation_refused_for_lack_of_funds_and_one_rejected(quang_nam):
    _province, _commune, maker, checker, fund = quang_nam
    with pytest.raises(DomainError, match="chỉ còn 0 đ"):
        _spend(maker, fund, 1_000_000, Purpose.STUDY, 1)
    receipt_record(actor=maker, fund=fund, receipt=Receipt(date(2024, 2, 1), 200_000_000,
                                                           "Vận động"))
    big = _spend(maker, fund, 150_000_000, Purpose.HOUSE_REPAIR, 3, day=date(2024, 2, 2))
    with pytest.raises(DomainError, match="lý do"):
        allocation_reject(actor=checker, entry=big, reason=" ")
    allocation_reject(actor=checker, entry=big, reason="Chưa có biên bản khảo sát")
    with pytest.raises(DomainError, match="chờ phê duyệt"):
        allocation_approve(actor=checker, entry=big)
    assert balance(fund) == 200_000_000


def test_goods_received_in_kind_and_handed_out_from_stock(quang_nam):
    province, commune, maker, _checker, fund = quang_nam
    shop = donor_create(actor=maker, unit=province, kind=DonorKind.ORGANISATION,
                        name="Siêu thị Co.opmart Tam Kỳ")
    in_kind_record(actor=maker, fund=fund, entry_date=date(2021, 8, 2), donor=shop,
                   description="Ủng hộ phòng, chống dịch", items=[
                       Item("Khẩu trang y tế", "hộp", 500, 45_000),
                       Item("Nước rửa tay khô", "chai", 200, 60_000)])
    assert balance(fund) == 0  # goods are not money
    distribution_record(actor=maker, fund=fund, allocation=Allocation(
        entry_date=date(2021, 8, 5), amount=0, purpose=Purpose.RELIEF, beneficiaries=120,
        description="Cấp cho các chốt kiểm soát dịch", decision="KH 05/KH-BCĐ",
        items=[Item("Khẩu trang y tế", "hộp", 300)]))
    with pytest.raises(DomainError, match="chỉ còn 200 hộp"):
        distribution_record(actor=maker, fund=fund, allocation=Allocation(
            entry_date=date(2021, 8, 6), amount=0, purpose=Purpose.RELIEF, beneficiaries=1,
            description="", decision="KH 05/KH-BCĐ",
            items=[Item("Khẩu trang y tế", "hộp", 201)]))
    assert stock(fund) == {("Khẩu trang y tế", "hộp"): 200, ("Nước rửa tay khô", "chai"): 200}
    statement = fund_statement(fund, date(2021, 1, 1), date(2021, 12, 31))
    masks = next(g for g in statement.goods if g.name == "Khẩu trang y tế")
    assert (masks.received, masks.received_value, masks.handed_out, masks.handed_out_value,
            masks.in_stock) == (500, 22_500_000, 300, 13_500_000, 200)
    assert statement.donors[0].goods_value == 500 * 45_000 + 200 * 60_000


def test_a_transfer_from_the_province_to_a_commune_fund(quang_nam, make_user):
    province, commune, maker, _checker, fund = quang_nam
    officer = make_user("canbo.tk", (Role.COMMUNE_OFFICER, commune))
    ward_fund = fund_create(actor=officer, unit=commune, kind=FundKind.POOR,
                            name="Quỹ Vì người nghèo phường Tam Kỳ")
    receipt_record(actor=maker, fund=fund, receipt=Receipt(date(2024, 3, 1), 80_000_000,
                                                           "Vận động"))
    out, inward = transfer_record(actor=maker, source=fund, target=ward_fund,
                                  entry_date=date(2024, 3, 2), amount=30_000_000,
                                  decision="QĐ 3/QĐ-BTT")
    assert out.counterpart == inward and inward.counterpart == out
    assert (balance(fund), balance(ward_fund)) == (50_000_000, 30_000_000)
    with pytest.raises(DomainError, match="không đủ"):
        transfer_record(actor=maker, source=fund, target=ward_fund,
                        entry_date=date(2024, 3, 2), amount=60_000_000, decision="QĐ 4")
    # The ward's officer cannot spend the province's fund.
    from ansinh.core.errors import NotFound

    with pytest.raises(NotFound):
        _spend(officer, fund, 1_000, Purpose.STUDY, 1)
