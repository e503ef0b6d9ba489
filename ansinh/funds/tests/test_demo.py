"""The demo ward's "Vì người nghèo" fund: a year of entries in the past whose statement adds
up, goods received and handed out, one correction, one allocation waiting for the leader, and
the province's fund that passed money down to the ward."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.utils import timezone

from ansinh.funds.models import Donor, Entry, EntryKind, EntryStatus, Fund
from ansinh.funds.services import balance, stock
from ansinh.funds.statements import fund_statement
from ansinh.policies.tests.conftest import catalog  # noqa: F401 - later demo parts need it

pytestmark = pytest.mark.django_db


def test_the_demo_ward_keeps_its_fund_for_the_poor(geo, catalog):  # noqa: F811
    call_command("demo")
    counts = (Fund.objects.count(), Donor.objects.count(), Entry.objects.count())
    call_command("demo")  # a second run adds nothing
    assert (Fund.objects.count(), Donor.objects.count(), Entry.objects.count()) == counts

    ward = Fund.objects.get(unit=geo.commune_a)
    city = Fund.objects.get(unit=geo.hanoi)
    assert ward.name == "Quỹ “Vì người nghèo” phường Ba Đình"
    today = timezone.localdate()
    assert not Entry.objects.filter(entry_date__gt=today).exists()
    first = Entry.objects.filter(fund=ward).order_by("number").first()
    assert first is not None and first.kind == EntryKind.OPENING
    assert first.entry_date == Entry.objects.filter(fund=ward).order_by("entry_date")[0] \
        .entry_date

    # The statement adds up, over the whole year and over this calendar year.
    for start in (first.entry_date, date(today.year, 1, 1)):
        statement = fund_statement(ward, start, today)
        assert statement.opening + statement.received - statement.spent == \
            statement.closing == balance(ward)
    whole = fund_statement(ward, first.entry_date, today)
    sources = {line.label for line in whole.receipts}
    assert {"Cơ quan, tổ chức, doanh nghiệp ủng hộ", "Cá nhân ủng hộ",
            "Nhà hảo tâm không nêu tên", "Vận động, thu khác",
            "Nhận điều chuyển từ quỹ khác"} <= sources
    spending = {line.label: line.count for line in whole.spending}
    assert spending["Thăm hỏi, tặng quà (Tết, hộ khó khăn)"] >= 1
    assert {"Sửa chữa nhà ở", "Hỗ trợ học tập", "Hỗ trợ khám, chữa bệnh"} <= set(spending)
    assert spending["Hỗ trợ khám, chữa bệnh"] == 1  # the duplicate was corrected

    # One allocation waits for the leader; one correction; goods in stock after handing out.
    [waiting] = Entry.objects.filter(fund=ward, status=EntryStatus.PENDING)
    assert waiting.amount > ward.approval_threshold
    assert waiting.created_by.username == "demo.canbo"
    assert whole.pending == waiting.amount
    assert Entry.objects.filter(fund=ward, kind=EntryKind.REVERSAL).count() == 1
    approved = Entry.objects.get(fund=ward, purpose="house_repair", kind=EntryKind.ALLOCATION)
    assert approved.decided_by is not None and approved.decided_by.username == "demo.lanhdao"
    assert Entry.objects.filter(fund=ward, household__commune=geo.commune_a).count() >= 2
    assert stock(ward) == {("Gạo", "kg"): 500, ("Khẩu trang y tế", "hộp"): 50,
                           ("Mì tôm", "thùng"): 50}
    out = Entry.objects.get(fund=city, kind=EntryKind.TRANSFER_OUT)
    assert out.counterpart is not None and out.counterpart.fund == ward
    assert balance(city) == fund_statement(city, first.entry_date, today).closing
