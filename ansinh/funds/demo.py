"""Demo part: the ward's "Vì người nghèo" fund over the past year, shaped like the seed reports
(the Quảng Nam report of the fund's year, Hoàng Mai's donations in kind during Covid-19), and
the province's fund that passes part of its money down to the ward.

The ward's fund starts with the balance brought over from last year's books; it receives money
from organisations, individuals and anonymous donors and goods in kind (rice, instant noodles,
masks) that are handed out before Tết; it spends by purpose on the ward's own poor households
and their members (a house repair above the threshold that the leader approved, Tết gifts, a
student, a health case); one allocation for a new Great Solidarity house waits for the leader's
approval; one allocation entered twice is corrected by a reversing entry. Every date lies in the
past year, never after today. Idempotent: nothing is added once the ward's fund exists.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from ansinh.core.demo import DemoSite
from ansinh.funds.models import DonorKind, Entry, EntryStatus, Fund, FundKind, Purpose
from ansinh.funds.services import (
    Allocation,
    Item,
    Receipt,
    allocation_approve,
    allocation_record,
    distribution_record,
    donor_create,
    entry_reverse,
    fund_create,
    in_kind_record,
    opening_record,
    receipt_record,
    transfer_record,
)
from ansinh.registry.models import Household, Person, PovertyStatus

REGULATION = ("Quy chế quản lý, sử dụng Quỹ “Vì người nghèo” ban hành kèm theo Quyết định số "
              "05/QĐ-MTTQ-BTT của Ban Thường trực Ủy ban MTTQ Việt Nam")
WARD_THRESHOLD = 30_000_000
PROVINCE_THRESHOLD = 200_000_000
TET_GIFT = 1_000_000  # to each poor household
TET_HOUSEHOLDS = 12


def _last(today: date, month: int, day: int) -> date:
    """The last ``day/month`` on or before ``today``."""
    this_year = date(today.year, month, day)
    return this_year if this_year <= today else date(today.year - 1, month, day)


def _place(unit: Any) -> str:
    """"Phường Hoàng Mai" → "phường Hoàng Mai", inside a fund's name."""
    return unit.name[:1].lower() + unit.name[1:]


def populate(site: DemoSite) -> None:
    ward_name = f"Quỹ “Vì người nghèo” {_place(site.commune)}"
    city_name = f"Quỹ “Vì người nghèo” {_place(site.province)}"
    if Fund.objects.filter(name__in=[ward_name, city_name],
                           unit__in=[site.commune, site.province]).exists():
        return
    officer, leader = site.user("demo.canbo"), site.user("demo.lanhdao")
    province_officer = site.user("demo.tinh")
    today = timezone.localdate()
    # Tết gifts before the last 20 January that leaves room for the goods to come in first;
    # donations in the last "Tháng cao điểm Vì người nghèo" (from 17 October) that is over;
    # study support at the start of the school year. The books start a year back, earlier if
    # one of these falls before.
    tet = _last(today - timedelta(days=15), 1, 20)
    peak = _last(today - timedelta(days=21), 10, 17)
    school = _last(today, 9, 5)
    start = min(today - timedelta(days=365), tet - timedelta(days=30),
                peak - timedelta(days=30), school - timedelta(days=30))

    ward = fund_create(actor=officer, unit=site.commune, kind=FundKind.POOR, name=ward_name,
                       regulation=f"{REGULATION} {_place(site.commune)}",
                       approval_threshold=WARD_THRESHOLD)
    city = fund_create(actor=province_officer, unit=site.province, kind=FundKind.POOR,
                       name=city_name, regulation=f"{REGULATION} {_place(site.province)}",
                       approval_threshold=PROVINCE_THRESHOLD)

    def donor(kind: str, name: str = "", address: str = "", unit: Any = None) -> Any:
        return donor_create(actor=province_officer if unit is not None else officer,
                            unit=unit or site.commune, kind=kind, name=name, address=address)

    bank = donor(DonorKind.ORGANISATION, "Ngân hàng TMCP Công Thương Việt Nam - Chi nhánh "
                 "Long Biên", "Số 1 Nguyễn Văn Cừ, Long Biên")
    company = donor(DonorKind.ORGANISATION, "Công ty Cổ phần Xây dựng Thăng Long",
                    "Tổ 5, " + site.commune.name)
    market = donor(DonorKind.ORGANISATION, "Hộ kinh doanh chợ Cự Khối")
    supermarket = donor(DonorKind.ORGANISATION, "Siêu thị Hapro Long Biên")
    mr_hai = donor(DonorKind.INDIVIDUAL, "Ông Nguyễn Văn Hải", "Tổ 3, " + site.commune.name)
    mrs_mai = donor(DonorKind.INDIVIDUAL, "Bà Trần Thị Mai", "Tổ 7, " + site.commune.name)
    anonymous = donor(DonorKind.ANONYMOUS)
    corporation = donor(DonorKind.ORGANISATION, "Tổng công ty Đầu tư phát triển nhà và đô thị",
                        unit=site.province)

    poor = list(Household.objects.filter(commune=site.commune, is_active=True,
                                         poverty_status=PovertyStatus.POOR)
                .order_by("code")[:TET_HOUSEHOLDS + 2])
    repaired = poor[0] if poor else None
    new_house = poor[-1] if len(poor) > 1 else None
    gifted = poor[1:] or poor
    members = Person.objects.filter(household__in=poor, commune=site.commune)
    student = members.filter(birth_year__range=(today.year - 17, today.year - 7)) \
        .order_by("household__code", "id").first()
    patient = members.filter(birth_year__lte=today.year - 50) \
        .order_by("household__code", "id").first()

    steps: list[tuple[date, Callable[..., Any], dict[str, Any]]] = []

    def at(day: date, run: Callable[..., Any], **kwargs: Any) -> None:
        """Do ``run(day, **kwargs)`` in date order, once every step is known."""
        steps.append((day, run, kwargs))

    # --- the province's fund: brought forward, a donation, a transfer down to the ward ---------
    at(start, lambda d: opening_record(actor=province_officer, fund=city, receipt=Receipt(
        d, 1_250_000_000, "Số dư Quỹ năm trước chuyển sang")))
    at(peak + timedelta(days=3), lambda d: receipt_record(
        actor=province_officer, fund=city, receipt=Receipt(
            d, 500_000_000, "Ủng hộ Tháng cao điểm “Vì người nghèo”", donor=corporation,
            voucher="PT-T-018")))
    at(today - timedelta(days=60), lambda d: transfer_record(
        actor=province_officer, source=city, target=ward, entry_date=d, amount=50_000_000,
        decision="Quyết định số 45/QĐ-BVĐ ngày " + d.strftime("%d/%m/%Y"),
        description="Hỗ trợ xây dựng nhà Đại đoàn kết cho hộ nghèo"))

    # --- the ward's fund ----------------------------------------------------------------------
    at(start, lambda d: opening_record(actor=officer, fund=ward, receipt=Receipt(
        d, 85_400_000, "Số dư Quỹ năm trước chuyển sang (theo sổ quỹ)")))
    def give(d: date, *, amount: int, giver: Any, text: str, voucher: str) -> None:
        receipt_record(actor=officer, fund=ward, receipt=Receipt(d, amount, text, donor=giver,
                                                                 voucher=voucher))

    for day, amount, giver, text, voucher in (
            (today - timedelta(days=300), 30_000_000, bank, "Ủng hộ Quỹ “Vì người nghèo”",
             "PT-01"),
            (today - timedelta(days=240), 5_000_000, mr_hai, "Ủng hộ Quỹ “Vì người nghèo”",
             "PT-02"),
            (peak + timedelta(days=1), 25_000_000, company,
             "Ủng hộ Tháng cao điểm “Vì người nghèo”", "PT-05"),
            (peak + timedelta(days=5), 12_500_000, market,
             "Tiểu thương chợ ủng hộ Tháng cao điểm", "PT-06"),
            (peak + timedelta(days=8), 2_000_000, mrs_mai,
             "Ủng hộ Tháng cao điểm “Vì người nghèo”", "PT-07"),
            (peak + timedelta(days=10), 1_500_000, anonymous,
             "Nhà hảo tâm ủng hộ tại hòm công đức", "PT-08"),
            (peak + timedelta(days=14), 18_650_000, None,
             "Cán bộ, nhân dân các tổ dân phố ủng hộ Tháng cao điểm", "PT-09")):
        at(day, give, amount=amount, giver=giver, text=text, voucher=voucher)

    # Goods in kind before Tết, handed out to the poor households and the residential groups.
    at(tet - timedelta(days=12), lambda d: in_kind_record(
        actor=officer, fund=ward, entry_date=d, donor=supermarket, voucher="PN-01",
        description="Ủng hộ nhu yếu phẩm cho hộ nghèo, hộ khó khăn dịp Tết", items=[
            Item("Gạo", "kg", 1_000, 14_000), Item("Mì tôm", "thùng", 100, 105_000),
            Item("Khẩu trang y tế", "hộp", 200, 40_000)]))
    at(tet - timedelta(days=3), lambda d: distribution_record(
        actor=officer, fund=ward, allocation=Allocation(
            entry_date=d, amount=0, purpose=Purpose.GIFTS, beneficiaries=50,
            description="Cấp gạo, mì tôm cho 50 hộ nghèo, cận nghèo đón Tết",
            decision="Kế hoạch số 02/KH-UBND về thăm hỏi, tặng quà Tết", voucher="PX-01",
            items=[Item("Gạo", "kg", 500), Item("Mì tôm", "thùng", 50)])))
    at(tet - timedelta(days=1), lambda d: distribution_record(
        actor=officer, fund=ward, allocation=Allocation(
            entry_date=d, amount=0, purpose=Purpose.RELIEF, beneficiaries=10,
            description="Cấp khẩu trang cho Ban công tác Mặt trận 10 tổ dân phố",
            decision="Kế hoạch số 02/KH-UBND về thăm hỏi, tặng quà Tết", voucher="PX-02",
            items=[Item("Khẩu trang y tế", "hộp", 150)])))
    decision_tet = "Quyết định số 12/QĐ-UBND về tặng quà Tết cho hộ nghèo"

    def tet_gift(d: date, *, household: Household, number: int) -> None:
        allocation_record(actor=officer, fund=ward, allocation=Allocation(
            entry_date=d, amount=TET_GIFT, purpose=Purpose.GIFTS, household=household,
            description=f"Quà Tết hộ nghèo {household.code}", decision=decision_tet,
            voucher=f"PC-T{number:02d}"))

    for number, household in enumerate(gifted[:TET_HOUSEHOLDS], start=1):
        at(tet - timedelta(days=2), tet_gift, household=household, number=number)

    # A house repair above the threshold: the officer makes it, the leader approves it.
    def house_repair(d: date) -> None:
        entry = allocation_record(actor=officer, fund=ward, allocation=Allocation(
            entry_date=d, amount=40_000_000, purpose=Purpose.HOUSE_REPAIR, household=repaired,
            description="Hỗ trợ sửa chữa nhà ở bị dột nát cho hộ nghèo",
            decision="Quyết định số 31/QĐ-UBND về hỗ trợ sửa chữa nhà ở", voucher="PC-04"))
        allocation_approve(actor=leader, entry=entry)

    at(today - timedelta(days=200), house_repair)
    at(school, lambda d: allocation_record(
        actor=officer, fund=ward, allocation=Allocation(
            entry_date=d, amount=2_000_000, purpose=Purpose.STUDY, person=student,
            description="Hỗ trợ học sinh con hộ nghèo đầu năm học",
            decision="Quyết định số 40/QĐ-UBND về hỗ trợ học tập", voucher="PC-05")))

    # A health case, entered twice by mistake: the second is corrected by a reversing entry.
    def health(d: date) -> None:
        for voucher in ("PC-09", "PC-09"):
            allocation_record(actor=officer, fund=ward, allocation=Allocation(
                entry_date=d, amount=5_000_000, purpose=Purpose.HEALTH, person=patient,
                description="Hỗ trợ chi phí khám, chữa bệnh (điều trị dài ngày)",
                decision="Quyết định số 52/QĐ-UBND về hỗ trợ khám, chữa bệnh",
                voucher=voucher))

    def correction(d: date) -> None:
        twice = Entry.objects.filter(fund=ward, voucher="PC-09").order_by("number").last()
        if twice is not None:
            entry_reverse(actor=officer, entry=twice, entry_date=d,
                          reason="Ghi trùng phiếu chi PC-09")

    at(today - timedelta(days=40), health)
    at(today - timedelta(days=38), correction)
    # A new Great Solidarity house waiting for the leader's approval.
    at(today - timedelta(days=3), lambda d: allocation_record(
        actor=officer, fund=ward, allocation=Allocation(
            entry_date=d, amount=60_000_000, purpose=Purpose.NEW_HOUSE,
            household=new_house,
            description="Hỗ trợ xây mới nhà Đại đoàn kết cho hộ nghèo",
            decision="Tờ trình số 18/TTr-MTTQ đề nghị hỗ trợ xây nhà Đại đoàn kết",
            voucher="PC-12")))

    for day, run, kwargs in sorted(steps, key=lambda step: step[0]):
        run(day, **kwargs)
    entries = Entry.objects.filter(fund=ward).count()
    waiting = Entry.objects.filter(fund=ward, status=EntryStatus.PENDING).count()
    site.lines.append(f"quỹ: {ward.name} ({entries} bút toán, {waiting} khoản chi chờ duyệt) "
                      f"và {city.name}")
