"""A fund's statement for a period, in the layout boards publish: the balance brought forward,
receipts by source, spending by purpose with how many were helped, the closing balance; goods
received, handed out and in stock; and the list of donors.

Computed from the posted entries with a few GROUP BY queries; a correction counts against the
line of the entry it corrects, so a reversed allocation leaves its purpose's total and count.
The statement checks itself: opening + receipts − spending must equal the balance the ledger
holds at the end of the period, or it refuses to be printed. The same statement feeds the
pages, the Excel and PDF files (through ``ansinh.reports``' renderers) and the public portal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Case, CharField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce

from ansinh.cases.selectors import commune_place
from ansinh.core.text import format_date, format_money
from ansinh.funds.models import DonorKind, Entry, EntryItem, EntryKind, EntryStatus, Fund, Purpose
from ansinh.funds.services import balance
from ansinh.reports.tables import Column, Report, Table

SOURCE_LABELS = {
    DonorKind.ORGANISATION: "Cơ quan, tổ chức, doanh nghiệp ủng hộ",
    DonorKind.INDIVIDUAL: "Cá nhân ủng hộ",
    DonorKind.ANONYMOUS: "Nhà hảo tâm không nêu tên",
    "collected": "Vận động, thu khác",
    EntryKind.OPENING: "Số dư chuyển sang từ sổ sách trước khi dùng An Sinh",
    EntryKind.ADVANCE: "Tạm ứng, bổ sung nguồn",
    EntryKind.TRANSFER_IN: "Nhận điều chuyển từ quỹ khác",
}


@dataclass(frozen=True)
class Line:
    label: str
    amount: int
    count: int = 0  # households, persons or units helped (spending lines)


@dataclass(frozen=True)
class GoodsLine:
    name: str
    measure: str
    received: int
    received_value: int
    handed_out: int
    handed_out_value: int
    in_stock: int


@dataclass(frozen=True)
class DonorLine:
    entry_date: date
    name: str
    kind: str
    amount: int  # money
    goods_value: int


@dataclass
class Statement:
    fund: Fund
    start: date
    end: date
    opening: int
    receipts: list[Line] = field(default_factory=list)
    spending: list[Line] = field(default_factory=list)
    goods: list[GoodsLine] = field(default_factory=list)
    donors: list[DonorLine] = field(default_factory=list)
    pending: int = 0  # allocations waiting for approval (not in the figures)

    @property
    def received(self) -> int:
        return sum(line.amount for line in self.receipts)

    @property
    def spent(self) -> int:
        return sum(line.amount for line in self.spending)

    @property
    def closing(self) -> int:
        return self.opening + self.received - self.spent

    @property
    def available(self) -> int:
        """What could be spent in the period: brought forward plus received."""
        return self.opening + self.received


class StatementMismatch(Exception):
    """The lines do not add up to the ledger's balance: a bug, never printed."""


def _base(fund: Fund, start: date, end: date) -> Any:  # annotated: stubs cannot follow
    """Posted entries of the period, each with the kind and purpose of the entry it stands for
    (a correction stands for the entry it corrects)."""
    return (Entry.objects.filter(fund=fund, status=EntryStatus.POSTED,
                                 entry_date__gte=start, entry_date__lte=end)
            .annotate(base_kind=Coalesce("reverses__kind", "kind"),
                      sign=Case(When(kind=EntryKind.REVERSAL, then=Value(-1)), default=Value(1))))


def fund_statement(fund: Fund, start: date, end: date) -> Statement:
    opening = balance(fund, until=date.fromordinal(start.toordinal() - 1))
    statement = Statement(fund=fund, start=start, end=end, opening=opening)
    entries = _base(fund, start, end)
    source = Case(
        When(base_kind=EntryKind.RECEIPT, donor__kind__isnull=False, then=F("donor__kind")),
        When(base_kind=EntryKind.RECEIPT, then=Value("collected")),
        default=F("base_kind"), output_field=CharField())
    money_in = (entries.filter(base_kind__in=list(SOURCE_LABELS) + [EntryKind.RECEIPT])
                .annotate(source=source).values("source").annotate(total=Sum("cash"))
                .order_by())
    found = {row["source"]: int(row["total"] or 0) for row in money_in}
    statement.receipts = [Line(label, found[key]) for key, label in SOURCE_LABELS.items()
                          if found.get(key)]
    money_out = (entries.filter(base_kind=EntryKind.ALLOCATION).values("purpose")
                 .annotate(total=Sum("cash"), helped=Sum(F("beneficiaries") * F("sign")))
                 .order_by())
    spent = {row["purpose"]: (-int(row["total"] or 0), int(row["helped"] or 0))
             for row in money_out}
    statement.spending = [Line(str(label), *spent[key]) for key, label in Purpose.choices
                          if key in spent and (spent[key][0] or spent[key][1])]
    transferred = -int(entries.filter(base_kind=EntryKind.TRANSFER_OUT)
                       .aggregate(total=Sum("cash"))["total"] or 0)
    if transferred:
        statement.spending.append(Line("Điều chuyển sang quỹ khác", transferred))
    statement.goods = _goods(fund, start, end)
    statement.donors = _donors(entries)
    statement.pending = int(Entry.objects.filter(
        fund=fund, status=EntryStatus.PENDING).aggregate(total=Sum("amount"))["total"] or 0)
    ledger = balance(fund, until=end)
    if statement.closing != ledger:
        raise StatementMismatch(f"{fund.pk}: {statement.closing} != {ledger}")
    return statement


def _goods(fund: Fund, start: date, end: date) -> list[GoodsLine]:
    items = EntryItem.objects.filter(entry__fund=fund, entry__status=EntryStatus.POSTED,
                                     entry__entry_date__lte=end)
    rows = items.values("name", "measure").annotate(
        received=Sum("quantity", filter=Q(quantity__gt=0, entry__entry_date__gte=start)),
        received_value=Sum(F("quantity") * F("unit_value"),
                           filter=Q(quantity__gt=0, entry__entry_date__gte=start)),
        out=Sum("quantity", filter=Q(quantity__lt=0, entry__entry_date__gte=start)),
        out_value=Sum(F("quantity") * F("unit_value"),
                      filter=Q(quantity__lt=0, entry__entry_date__gte=start)),
        in_stock=Sum("quantity")).order_by("name")
    return [GoodsLine(r["name"], r["measure"], int(r["received"] or 0),
                      int(r["received_value"] or 0), -int(r["out"] or 0),
                      -int(r["out_value"] or 0), int(r["in_stock"] or 0))
            for r in rows if r["received"] or r["out"] or r["in_stock"]]


def _donors(entries: Any) -> list[DonorLine]:
    gifts = (entries.filter(kind__in=[EntryKind.RECEIPT, EntryKind.IN_KIND],
                            donor__isnull=False, reversal__isnull=True)
             .select_related("donor").order_by("entry_date", "number"))
    return [DonorLine(e.entry_date, e.donor.name, e.donor.kind,
                      e.cash if e.kind == EntryKind.RECEIPT else 0,
                      e.amount if e.kind == EntryKind.IN_KIND else 0)
            for e in gifts if e.donor is not None]


def statement_report(statement: Statement) -> Report:
    """The statement as a ``reports.tables.Report``: the same page, Excel and PDF layout as
    the standard reports."""
    fund = statement.fund
    report = Report(
        code=f"sao-ke-quy-{fund.pk}",
        title=f"BÁO CÁO THU, CHI {fund.name.upper()}",
        scope_label=fund.unit.name,
        period_label=f"Từ ngày {format_date(statement.start)} đến ngày "
                     f"{format_date(statement.end)}",
        issuer=f"UBND {fund.unit.name.upper()}", place=commune_place(fund.unit))
    table = Table("", [Column("STT", "text", 6), Column("Nội dung", "text", 56),
                       Column("Số lượt", "count", 10), Column("Số tiền (đồng)", "money", 18)])
    table.add("I", "Số dư đầu kỳ", None, statement.opening, level="subtotal")
    table.add("II", "Tổng thu trong kỳ", None, statement.received, level="subtotal")
    for number, line in enumerate(statement.receipts, start=1):
        table.add(str(number), line.label, None, line.amount)
    table.add("III", "Tổng chi trong kỳ", sum(line.count for line in statement.spending) or None,
              statement.spent, level="subtotal")
    for number, line in enumerate(statement.spending, start=1):
        table.add(str(number), line.label, line.count or None, line.amount)
    table.add("IV", "Số dư cuối kỳ (I + II − III)", None, statement.closing, level="total")
    report.tables.append(table)
    if statement.goods:
        goods = Table("Hàng hóa, hiện vật", [
            Column("Tên hàng", "text", 30), Column("Đơn vị tính", "text", 10),
            Column("Nhận", "count", 10), Column("Giá trị nhận", "money", 16),
            Column("Đã cấp phát", "count", 12), Column("Còn trong kho", "count", 12)])
        for g in statement.goods:
            goods.add(g.name, g.measure, g.received, g.received_value, g.handed_out, g.in_stock)
        report.tables.append(goods)
    if statement.donors:
        donors = Table("Danh sách ủng hộ", [
            Column("Ngày", "text", 12), Column("Cơ quan, tổ chức, cá nhân", "text", 44),
            Column("Tiền (đồng)", "money", 16), Column("Hiện vật quy ra tiền", "money", 16)])
        for d in statement.donors:
            donors.add(format_date(d.entry_date), d.name, d.amount or None, d.goods_value or None)
        donors.add("", "Cộng", sum(d.amount for d in statement.donors),
                   sum(d.goods_value for d in statement.donors), level="total")
        report.tables.append(donors)
    report.summary.append(
        f"Số dư đầu kỳ {format_money(statement.opening)}; thu trong kỳ "
        f"{format_money(statement.received)}; chi {format_money(statement.spent)}; số dư cuối "
        f"kỳ {format_money(statement.closing)}.")
    if statement.pending:
        report.notes.append(f"Còn {format_money(statement.pending)} khoản chi chờ phê duyệt, "
                            "chưa tính vào số liệu trên.")
    if fund.regulation:
        report.notes.append(f"Quỹ được quản lý theo {fund.regulation}.")
    return report
