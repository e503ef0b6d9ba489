"""The standard reports, each a function from (viewer, scope, period) to a ``tables.Report``
that the page, the Excel file and the PDF lay out alike.

They answer what the seed reports write by hand: beneficiaries by category ("149 đối tượng:
người khuyết tật 94, …"), increases and decreases in the period with reasons, payments by
policy and month, the results of a one-off programme ("chi trả gần 17 tỷ đồng cho gần 13.000
đối tượng"), older persons reaching a longevity milestone this year, and poor and near-poor
households at the start and end of the year. Each is a few GROUP BY queries over the scope
(or one read into polars where months must be compared), never a loop over records.

The wording is the document's, in Vietnamese whatever the interface language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl
from django.db.models import Count, Q, Sum
from django.utils import timezone

from ansinh.cases.models import Benefit, BenefitStatus, Programme, ProgrammeLine
from ansinh.cases.selectors import commune_place, sees_restricted
from ansinh.cases.services import add_months
from ansinh.core.text import format_date, format_money
from ansinh.payroll.models import Cycle
from ansinh.policies.models import Category
from ansinh.registry.models import HouseholdPoverty, Person, PersonStatus, PovertyStatus, Sex
from ansinh.reports.figures import list_url
from ansinh.reports.metrics import BENEFICIARIES, NEAR_POOR, POOR, month_start, running_in
from ansinh.reports.scope import Scope
from ansinh.reports.tables import Column, Report, Table

LONGEVITY_AGES = (70, 75, 80, 85, 90, 95, 100)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def this_year(cls, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(date(today.year, 1, 1), today)

    @property
    def label(self) -> str:
        if self.start == date(self.end.year, 1, 1) and self.end >= date(self.end.year, 12, 31):
            return f"Năm {self.end.year}"
        return f"Từ ngày {format_date(self.start)} đến ngày {format_date(self.end)}"

    @property
    def first_month(self) -> date:
        return month_start(self.start)

    @property
    def last_month(self) -> date:
        return month_start(self.end)


@dataclass(frozen=True)
class StandardReport:
    code: str
    title: str
    description: str  # one line on the reports page
    build: Callable[[Any, Scope, Period], Report]


def _report(code: str, title: str, scope: Scope, period: Period) -> Report:
    unit = scope.unit
    return Report(code=code, title=title, scope_label=scope.label, period_label=period.label,
                  issuer=f"UBND {unit.name.upper()}" if unit is not None else "HỆ THỐNG AN SINH",
                  place=commune_place(unit) if unit is not None else "Hà Nội")


def _category_name(category: Category, restricted_ok: bool) -> str:
    if category.restricted and not restricted_ok:
        return f"{category.policy.name} (nhóm được bảo mật)"
    return f"{category.code} — {category.name}"


def _short(category: Category, restricted_ok: bool) -> str:
    """The category as a sentence names it: "người khuyết tật đặc biệt nặng"."""
    if category.restricted and not restricted_ok:
        return "nhóm khác"
    name = category.name.split(";")[0].strip()
    return name[:1].lower() + name[1:]


def _number(n: int) -> str:
    return format_money(n, unit=False)


# --- beneficiaries by category ---------------------------------------------------------------

def beneficiaries_by_category(user: Any, scope: Scope, period: Period) -> Report:
    report = _report("doi-tuong-theo-nhom", "BÁO CÁO ĐỐI TƯỢNG ĐANG HƯỞNG TRỢ CẤP HẰNG THÁNG "
                     "THEO NHÓM", scope, period)
    month = period.last_month
    restricted_ok = sees_restricted(user)
    running = Benefit.objects.filter(scope.unit_q("commune_id"), running_in(month))
    counts = {r["category_id"]: r["n"] for r in running.values("category_id").annotate(
        n=Count("person_id", distinct=True)).order_by()}
    categories = sorted(Category.objects.select_related("policy").in_bulk(counts).values(),
                        key=lambda c: (c.policy.order, c.policy.code, c.order, c.code))
    table = Table("", [Column("STT", "text", 6), Column("Nhóm đối tượng", "text", 60),
                       Column("Số người", "count", 12)])
    live = month == month_start(timezone.localdate())
    by_policy: dict[str, list[Category]] = {}
    for category in categories:
        by_policy.setdefault(category.policy.name, []).append(category)
    for number, (policy_name, members) in enumerate(by_policy.items(), start=1):
        subtotal = running.filter(category__in=members).aggregate(
            n=Count("person_id", distinct=True))["n"]
        table.add(str(number), policy_name, subtotal, level="subtotal")
        for category in members:
            link = {2: list_url(BENEFICIARIES, scope, nhom=category.pk)} \
                if live and not (category.restricted and not restricted_ok) else {}
            table.add("", _category_name(category, restricted_ok), counts[category.pk],
                      links=link)
        sentence = ", ".join(f"{_short(c, restricted_ok)} {_number(counts[c.pk])}"
                             for c in sorted(members, key=lambda c: -counts[c.pk]))
        report.summary.append(f"{policy_name}: {_number(subtotal)} đối tượng "
                              f"({sentence}).")
    total = running.aggregate(n=Count("person_id", distinct=True))["n"]
    table.add("", "Tổng số người hưởng", total, level="total",
              links={2: list_url(BENEFICIARIES, scope)} if live else {})
    report.tables.append(table)
    report.tables.append(_by_part(scope, running, "Theo đơn vị" if scope.level != "commune"
                                  else "Theo thôn, tổ dân phố"))
    report.notes.append(f"Đối tượng được chi trả tháng {month:%m/%Y}; một người hưởng hai "
                        "chính sách được tính ở cả hai.")
    return report


def _by_part(scope: Scope, running: Any, title: str) -> Table:
    table = Table(title, [Column("Đơn vị" if not scope.by_group else "Thôn, tổ", "text", 40),
                          Column("Số người hưởng", "count", 16)])
    field = "commune_id" if not scope.by_group else "person__household__residential_group_id"
    by: dict[int, int] = {}
    for row in running.values(field).annotate(n=Count("person_id", distinct=True)).order_by():
        key = (scope.part_of_unit.get(row[field]) if not scope.by_group else row[field]) or 0
        by[key] = by.get(key, 0) + row["n"]
    # A commune's groups all; a province's communes with beneficiaries (most of a big
    # province may not use An Sinh yet), the others counted in one line.
    shown = [p for p in scope.parts if by.get(p.key) or (scope.by_group and p.group)]
    for part in shown:
        table.add(part.name, by.get(part.key, 0))
    others = len([p for p in scope.parts if p.code]) - len([p for p in shown if p.code])
    if not scope.by_group and others > 0:
        table.add(f"{others} đơn vị khác (chưa có đối tượng)", 0)
    table.add("Cộng", sum(by.values()), level="total")
    return table


# --- increases and decreases ----------------------------------------------------------------

DECREASE_REASONS = {
    "died": "Đối tượng qua đời",
    "moved": "Chuyển đi nơi khác",
    "ended": "Hết thời hạn hưởng theo quyết định",
    "suspended": "Tạm dừng hưởng",
    "stopped": "Thôi hưởng theo quyết định",
}


def _movements(scope: Scope, period: Period) -> pl.DataFrame:
    """One row per monthly benefit that ran at some month from the month before the period to
    its last: its first and last month paid, as month numbers, and why it ended."""
    before = add_months(period.first_month, -1)
    rows = (Benefit.objects.filter(scope.unit_q("commune_id"), one_off=False,
                                   start_month__lte=period.last_month)
            .filter(Q(end_month__isnull=True) | Q(end_month__gte=before))
            .values_list("policy__name", "start_month", "end_month", "status", "status_from",
                         "person__status"))
    frame = pl.DataFrame(list(rows), schema={
        "policy": pl.String, "start": pl.Date, "end": pl.Date, "status": pl.String,
        "status_from": pl.Date, "person": pl.String}, orient="row")

    def month_no(column: str) -> pl.Expr:
        return pl.col(column).dt.year().cast(pl.Int32) * 12 + pl.col(column).dt.month()

    held = pl.col("status").is_in([BenefitStatus.STOPPED, BenefitStatus.SUSPENDED])
    last = pl.min_horizontal(
        pl.when(pl.col("end").is_not_null()).then(month_no("end")).otherwise(10**6),
        pl.when(held).then(
            pl.when(pl.col("status_from").is_not_null()).then(month_no("status_from") - 1)
            .otherwise(0)).otherwise(10**6))
    reason = (pl.when(pl.col("person") == PersonStatus.DECEASED).then(pl.lit("died"))
              .when(pl.col("person") == PersonStatus.MOVED).then(pl.lit("moved"))
              .when(pl.col("status") == BenefitStatus.SUSPENDED).then(pl.lit("suspended"))
              .when(pl.col("status") == BenefitStatus.STOPPED).then(pl.lit("stopped"))
              .otherwise(pl.lit("ended")))
    return frame.with_columns(first=month_no("start"), last=last, reason=reason) \
        .filter(pl.col("last") >= pl.col("first"))


def movement_flags(scope: Scope, period: Period) -> pl.DataFrame:
    """Each benefit's part in the period: running at the opening (the month before the
    period), started in it, ended in it, running at the closing — so that opening + increases
    − decreases = closing, policy by policy."""
    frame = _movements(scope, period)
    before = period.first_month.year * 12 + period.first_month.month - 1
    end = period.last_month.year * 12 + period.last_month.month
    return frame.with_columns(
        opening=(pl.col("first") <= before) & (pl.col("last") >= before),
        closing=(pl.col("first") <= end) & (pl.col("last") >= end),
        increase=(pl.col("first") > before) & (pl.col("first") <= end),
        decrease=(pl.col("first") <= end) & (pl.col("last") >= before) & (pl.col("last") < end))


def increases_and_decreases(user: Any, scope: Scope, period: Period) -> Report:
    report = _report("tang-giam", "BÁO CÁO TĂNG, GIẢM ĐỐI TƯỢNG HƯỞNG TRỢ CẤP HẰNG THÁNG",
                     scope, period)
    flags = movement_flags(scope, period)
    by_policy = flags.group_by("policy").agg(
        pl.col("opening").sum(), pl.col("increase").sum(), pl.col("decrease").sum(),
        pl.col("closing").sum()).sort("policy")
    table = Table("", [Column("Chính sách", "text", 44), Column("Đầu kỳ", "count", 12),
                       Column("Tăng", "count", 10), Column("Giảm", "count", 10),
                       Column("Cuối kỳ", "count", 12)])
    for row in by_policy.iter_rows(named=True):
        table.add(row["policy"], row["opening"], row["increase"], row["decrease"],
                  row["closing"])
    totals = [int(by_policy[c].sum()) for c in ("opening", "increase", "decrease", "closing")]
    table.add("Cộng", *totals, level="total")
    report.tables.append(table)
    reasons = Table("Lý do giảm", [Column("Lý do", "text", 44), Column("Số chế độ", "count", 12)])
    counted = flags.filter(pl.col("decrease")).group_by("reason").len()
    found = dict(zip(counted["reason"].to_list(), counted["len"].to_list(), strict=True))
    for key, label in DECREASE_REASONS.items():
        if found.get(key):
            reasons.add(label, int(found[key]))
    reasons.add("Cộng", totals[2], level="total")
    report.tables.append(reasons)
    report.summary.append(
        f"Đầu kỳ {_number(totals[0])} lượt đối tượng đang hưởng; trong kỳ tăng "
        f"{_number(totals[1])}, giảm {_number(totals[2])}; cuối kỳ {_number(totals[3])}.")
    report.notes.append("Một người hưởng hai chính sách được tính ở cả hai. Tăng: bắt đầu hưởng "
                        "trong kỳ; giảm: tháng hưởng cuối cùng trước tháng cuối kỳ.")
    return report


# --- payments by policy and month ---------------------------------------------------------

def payments_by_month(user: Any, scope: Scope, period: Period) -> Report:
    report = _report("chi-tra-theo-thang", "BÁO CÁO KINH PHÍ CHI TRẢ THEO CHÍNH SÁCH VÀ THÁNG",
                     scope, period)
    cycles = (Cycle.objects.filter(scope.unit_q("commune_id"), month__gte=period.first_month,
                                   month__lte=period.last_month, programme__isnull=True)
              .exclude(status=Cycle.Status.DRAFT))
    rows = list(cycles.values("policy__name", "month").annotate(
        persons=Sum("persons"), planned=Sum("total"), paid=Sum("paid_total"))
        .order_by("policy__name", "month"))
    table = Table("", [Column("Chính sách", "text", 40), Column("Tháng", "text", 10),
                       Column("Số người", "count", 10), Column("Kinh phí theo danh sách",
                                                               "money", 18),
                       Column("Đã chi trả", "money", 16)])
    for policy in dict.fromkeys(r["policy__name"] for r in rows):
        mine = [r for r in rows if r["policy__name"] == policy]
        for row in mine:
            table.add(policy, f"{row['month']:%m/%Y}", int(row["persons"]), int(row["planned"]),
                      int(row["paid"]))
        table.add(f"Cộng {policy}", "", None, sum(int(r["planned"]) for r in mine),
                  sum(int(r["paid"]) for r in mine), level="subtotal")
    planned, paid = sum(int(r["planned"]) for r in rows), sum(int(r["paid"]) for r in rows)
    table.add("Tổng cộng", "", None, planned, paid, level="total")
    report.tables.append(table)
    report.summary.append(f"Kinh phí theo danh sách chi trả đã duyệt {format_money(planned)}; "
                          f"đã chi trả {format_money(paid)}.")
    report.notes.append("Số người là số người có tên trong danh sách chi trả của tháng (kể cả "
                        "truy lĩnh); kinh phí gồm cả truy lĩnh và trừ các khoản thu hồi.")
    return report


# --- one-off programmes --------------------------------------------------------------------

def approximately(value: int, unit: int, word: str) -> str:
    """"gần 17 tỷ đồng", "hơn 12 nghìn": a figure as the seed reports round it."""
    rounded = round(value / unit)
    if rounded == 0:
        return _number(value)
    prefix = "gần " if rounded * unit > value else "hơn " if rounded * unit < value else ""
    return f"{prefix}{_number(rounded)} {word}".strip()


def _money_words(amount: int) -> str:
    if amount >= 1_000_000_000:
        return approximately(amount, 1_000_000_000, "tỷ đồng")
    if amount >= 1_000_000:
        return approximately(amount, 1_000_000, "triệu đồng")
    return format_money(amount)


def _persons_words(n: int) -> str:
    return approximately(n, 1000, "nghìn") if n >= 10_000 else _number(n)


def programmes_in(scope: Scope, period: Period) -> tuple[list[Programme], dict[int, int]]:
    """The one-off programmes decided in the period (by the date their decision was signed)
    and what their payrolls paid, by programme."""
    programmes = list(Programme.objects.filter(
        scope.unit_q("commune_id"), status=Programme.Status.DECIDED,
        case__decision__signed_on__gte=period.start, case__decision__signed_on__lte=period.end)
        .select_related("commune", "policy").order_by("case__decision__signed_on", "id"))
    paid = {r["programme_id"]: int(r["paid"] or 0) for r in Cycle.objects.filter(
        programme__in=programmes).values("programme_id").annotate(paid=Sum("paid_total"))}
    return programmes, paid


def paid_in(scope: Scope, period: Period) -> int:
    """Money paid by the monthly payrolls of the period's months."""
    return int(Cycle.objects.filter(
        scope.unit_q("commune_id"), month__gte=period.first_month, month__lte=period.last_month,
        programme__isnull=True).aggregate(paid=Sum("paid_total"))["paid"] or 0)


def programme_results(user: Any, scope: Scope, period: Period) -> Report:
    report = _report("ket-qua-ho-tro-mot-lan", "BÁO CÁO KẾT QUẢ HỖ TRỢ MỘT LẦN", scope, period)
    programmes, paid = programmes_in(scope, period)
    table = Table("", [Column("Đợt hỗ trợ", "text", 44), Column("Đơn vị", "text", 24),
                       Column("Số người", "count", 10), Column("Số hộ", "count", 10),
                       Column("Kinh phí", "money", 18), Column("Đã chi trả", "money", 18)])
    for programme in programmes:
        table.add(programme.title, programme.commune.name, programme.persons,
                  programme.households, programme.total, paid.get(programme.pk, 0))
    persons = sum(p.persons for p in programmes)
    total, paid_total = sum(p.total for p in programmes), sum(paid.values())
    table.add("Cộng", "", persons, sum(p.households for p in programmes), total, paid_total,
              level="total")
    report.tables.append(table)
    restricted_ok = sees_restricted(user)
    categories = Table("Theo nhóm đối tượng", [Column("Nhóm đối tượng", "text", 60),
                                               Column("Số người", "count", 12),
                                               Column("Kinh phí", "money", 18)])
    lines = ProgrammeLine.objects.filter(programme__in=programmes, excluded=False)
    rows = list(lines.values("category_id").annotate(
        n=Count("person_id", distinct=True), amount=Sum("amount")).order_by("category_id"))
    named = Category.objects.select_related("policy").in_bulk(r["category_id"] for r in rows)
    for row in rows:
        categories.add(_category_name(named[row["category_id"]], restricted_ok), row["n"],
                       int(row["amount"]))
    report.tables.append(categories)
    if programmes:
        report.summary.append(
            f"{len(programmes)} đợt hỗ trợ đã có quyết định: hỗ trợ {_number(persons)} đối tượng "
            f"với tổng kinh phí {format_money(total)}; đã chi trả {format_money(paid_total)} "
            f"({_money_words(paid_total)}) cho {_persons_words(persons)} đối tượng.")
    else:
        report.summary.append("Không có đợt hỗ trợ một lần nào được quyết định trong kỳ.")
    return report


# --- longevity -------------------------------------------------------------------------------

def longevity_counts(scope: Scope, year: int) -> list[tuple[int, int, int]]:
    """(age, men, women) for each longevity milestone reached in ``year`` (age by birth year;
    the last line is everyone from 100 up)."""
    people = Person.objects.filter(scope.unit_q("commune_id"), status=PersonStatus.LIVING,
                                   birth_year__lte=year - LONGEVITY_AGES[0])
    counted = list(people.values("birth_year", "sex").annotate(n=Count("id")).order_by())
    found = []
    for age in LONGEVITY_AGES:
        rows = [r for r in counted if (r["birth_year"] == year - age if age < 100
                                       else r["birth_year"] <= year - 100)]
        found.append((age, sum(r["n"] for r in rows if r["sex"] == Sex.MALE),
                      sum(r["n"] for r in rows if r["sex"] != Sex.MALE)))
    return found


def longevity(user: Any, scope: Scope, period: Period) -> Report:
    year = period.end.year
    report = _report("mung-tho", f"BÁO CÁO NGƯỜI CAO TUỔI ĐẾN TUỔI CHÚC THỌ, MỪNG THỌ NĂM {year}",
                     scope, period)
    table = Table("", [Column("Tuổi", "text", 16), Column("Năm sinh", "text", 14),
                       Column("Nam", "count", 10), Column("Nữ", "count", 10),
                       Column("Cộng", "count", 10)])
    totals = [0, 0]
    for age, men, women in longevity_counts(scope, year):
        totals = [totals[0] + men, totals[1] + women]
        table.add(f"{age} tuổi" if age < 100 else "Từ 100 tuổi trở lên",
                  str(year - age) if age < 100 else f"Từ {year - 100} trở về trước",
                  men, women, men + women)
    table.add("Cộng", "", totals[0], totals[1], sum(totals), level="total")
    report.tables.append(table)
    report.summary.append(f"Năm {year} có {_number(sum(totals))} người cao tuổi đến tuổi chúc "
                          f"thọ, mừng thọ (tuổi tính theo năm sinh).")
    return report


# --- poor and near-poor households ---------------------------------------------------------

def poverty_counts(scope: Scope, year: int) -> dict[str, tuple[int, int, int, int]]:
    """Poor and near-poor households at the start of ``year`` (the previous review's result),
    how many left and how many were newly classified, and at its end (this year's review)."""
    history = HouseholdPoverty.objects.filter(scope.unit_q("household__commune_id"),
                                              year__in=[year - 1, year])
    frame = pl.DataFrame(list(history.values_list("household_id", "year", "status")),
                         schema={"household": pl.Int64, "year": pl.Int32, "status": pl.String},
                         orient="row")
    start = frame.filter(pl.col("year") == year - 1).select("household", start="status")
    end = frame.filter(pl.col("year") == year).select("household", end="status")
    both = start.join(end, on="household", how="full", coalesce=True).fill_null("")
    counts = {}
    for status in (PovertyStatus.POOR, PovertyStatus.NEAR_POOR):
        was, now = pl.col("start") == status, pl.col("end") == status
        counts[str(status)] = (both.filter(was).height, both.filter(was & ~now).height,
                               both.filter(~was & now).height, both.filter(now).height)
    return counts


def poverty_start_end(user: Any, scope: Scope, period: Period) -> Report:
    year = period.end.year
    report = _report("ho-ngheo-dau-cuoi-nam", f"BÁO CÁO HỘ NGHÈO, HỘ CẬN NGHÈO NĂM {year}",
                     scope, period)
    table = Table("", [Column("Phân loại", "text", 30), Column("Đầu năm", "count", 12),
                       Column("Thoát khỏi diện", "count", 14), Column("Phát sinh mới", "count", 14),
                       Column("Cuối năm", "count", 12)])
    counts = poverty_counts(scope, year)
    for status, label, metric in ((PovertyStatus.POOR, "Hộ nghèo", POOR),
                                  (PovertyStatus.NEAR_POOR, "Hộ cận nghèo", NEAR_POOR)):
        at_start, left, new, at_end = counts[status]
        table.add(label, at_start, left, new, at_end,
                  links={4: list_url(metric, scope)} if year == timezone.localdate().year
                  else {})
        report.summary.append(f"{label}: đầu năm {_number(at_start)}, cuối năm "
                              f"{_number(at_end)} (thoát {_number(left)}, phát sinh mới "
                              f"{_number(new)}).")
    report.tables.append(table)
    report.notes.append(f"Đầu năm: kết quả rà soát năm {year - 1}; cuối năm: kết quả rà soát "
                        f"năm {year} đã được công nhận.")
    return report


# --- deprivations ----------------------------------------------------------------------------

def deprivations(user: Any, scope: Scope, period: Period) -> Report:
    """The 12 indicators of Decree 07/2021 where surveys exist: households deprived in each,
    among those surveyed with form B2 in the year's reviews, by their classification."""
    from ansinh.poverty.classification import INDICATORS
    from ansinh.poverty.models import Survey, SurveyStatus

    year = period.end.year
    report = _report("thieu-hut", f"BÁO CÁO THIẾU HỤT DỊCH VỤ XÃ HỘI CƠ BẢN NĂM {year}",
                     scope, period)
    surveys = list(Survey.objects.filter(
        scope.unit_q("review__commune_id"), review__year=year,
        status__in=[SurveyStatus.SUBMITTED, SurveyStatus.AGREED], screened_out=False)
        .order_by("household_id", "-submitted_at").values("household_id", "result",
                                                          "deprivations"))
    latest: dict[int, dict[str, Any]] = {}
    for row in surveys:  # a household surveyed twice (annual, then ad hoc) counts once
        latest.setdefault(row["household_id"], dict(row))
    table = Table("", [Column("Chiều", "text", 22), Column("Chỉ số", "text", 40),
                       Column("Hộ nghèo", "count", 10), Column("Hộ cận nghèo", "count", 12),
                       Column("Tổng số hộ thiếu hụt", "count", 14)])
    for code, dimension, label in INDICATORS:
        poor = sum(1 for r in latest.values()
                   if code in r["deprivations"] and r["result"] == PovertyStatus.POOR)
        near = sum(1 for r in latest.values()
                   if code in r["deprivations"] and r["result"] == PovertyStatus.NEAR_POOR)
        everyone = sum(1 for r in latest.values() if code in r["deprivations"])
        table.add(dimension, label, poor, near, everyone)
    report.tables.append(table)
    if latest:
        report.summary.append(f"{_number(len(latest))} hộ được khảo sát bằng phiếu B2 trong "
                              f"các đợt rà soát năm {year}.")
    else:
        report.summary.append(f"Chưa có phiếu khảo sát B2 nào trong các đợt rà soát năm "
                              f"{year}.")
    return report


REPORTS: dict[str, StandardReport] = {r.code: r for r in [
    StandardReport("doi-tuong-theo-nhom", "Đối tượng hưởng trợ cấp theo nhóm",
                   "Số người đang hưởng theo chính sách và nhóm đối tượng, theo đơn vị.",
                   beneficiaries_by_category),
    StandardReport("tang-giam", "Tăng, giảm đối tượng trong kỳ",
                   "Đầu kỳ, tăng, giảm, cuối kỳ theo chính sách và lý do giảm.",
                   increases_and_decreases),
    StandardReport("chi-tra-theo-thang", "Kinh phí chi trả theo tháng",
                   "Kinh phí theo danh sách đã duyệt và đã chi, theo chính sách và tháng.",
                   payments_by_month),
    StandardReport("ket-qua-ho-tro-mot-lan", "Kết quả hỗ trợ một lần",
                   "Các đợt hỗ trợ (như Nghị quyết 42/NQ-CP): số người, số hộ, kinh phí.",
                   programme_results),
    StandardReport("mung-tho", "Người cao tuổi chúc thọ, mừng thọ",
                   "Người đến tuổi 70, 75, 80, 85, 90, 95, từ 100 trong năm, theo giới tính.",
                   longevity),
    StandardReport("ho-ngheo-dau-cuoi-nam", "Hộ nghèo, cận nghèo đầu năm và cuối năm",
                   "Đầu năm, thoát, phát sinh mới, cuối năm theo kết quả rà soát.",
                   poverty_start_end),
    StandardReport("thieu-hut", "Thiếu hụt dịch vụ xã hội cơ bản",
                   "12 chỉ số thiếu hụt của Nghị định 07/2021 theo phiếu B2 của các đợt rà "
                   "soát trong năm.", deprivations),
]}
