"""Each standard report's figures against a count made in the test from the records, one by
one in Python."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.utils import timezone

from ansinh.cases.models import Benefit
from ansinh.cases.services import add_months
from ansinh.payroll.models import Cycle, Line
from ansinh.registry.models import HouseholdPoverty, Person
from ansinh.reports.scope import scope_for
from ansinh.reports.standard import (
    LONGEVITY_AGES,
    Period,
    approximately,
    beneficiaries_by_category,
    increases_and_decreases,
    longevity,
    payments_by_month,
    poverty_start_end,
    programme_results,
)
from ansinh.reports.tests.test_figures import _running

pytestmark = pytest.mark.django_db


def _hanoi(geo) -> set[int]:  # noqa: ANN001
    return {geo.hanoi.pk, geo.commune_a.pk, geo.commune_b.pk}


def _last_month(benefit: Benefit) -> date | None:
    """The last month ``benefit`` is paid, by walking the months (None: still running)."""
    month = benefit.start_month
    last = None
    for _ in range(120):
        if not _running(benefit, month):
            return last
        last, month = month, add_months(month, 1)
    return None


def test_beneficiaries_by_category(cast, geo, province):
    user = cast.officer_a
    report = beneficiaries_by_category(user, scope_for(user), Period.this_year(province.today))
    running = [b for b in Benefit.objects.select_related("category")
               if b.commune_id == geo.commune_a.pk and _running(b, province.this_month)]
    by_code = Counter(b.category.code for b in running)
    rows = {str(r.cells[1]).split(" — ")[0]: r.cells[2] for r in report.tables[0].rows
            if r.level == "row"}
    assert rows == dict(by_code)
    assert report.tables[0].rows[-1].cells[2] == len({b.person_id for b in running})
    # The sentence the seed reports write: "44 đối tượng (… 11, …)".
    assert f": {len({b.person_id for b in running})} đối tượng (" in report.summary[0]
    assert sum(int(r.cells[1] or 0) for r in report.tables[1].rows if r.level == "row") == len(
        {b.person_id for b in running})


def test_increases_and_decreases_add_up_and_match_the_benefits(cast, geo, province):
    user = cast.province_officer
    period = Period(add_months(province.this_month, -4), province.today)
    report = increases_and_decreases(user, scope_for(user), period)
    before, end = add_months(period.first_month, -1), period.last_month
    opening = increases = decreases = closing = 0
    reasons: Counter[str] = Counter()
    for benefit in Benefit.objects.select_related("person").filter(
            commune_id__in=_hanoi(geo), one_off=False):
        last = _last_month(benefit)
        ran_before = _running(benefit, before)
        opening += ran_before
        closing += _running(benefit, end)
        started = before < benefit.start_month <= end and (last is None or last >=
                                                           benefit.start_month)
        increases += started
        if benefit.start_month <= end and last is not None and before <= last < end:
            decreases += 1
            reasons[benefit.status] += 1
    [total] = [r for r in report.tables[0].rows if r.level == "total"]
    assert total.cells[1:] == (opening, increases, decreases, closing)
    assert opening + increases - decreases == closing
    assert increases > 0 and decreases > 0
    listed = {r.cells[0]: int(r.cells[1] or 0) for r in report.tables[1].rows
              if r.level == "row"}
    assert sum(listed.values()) == decreases
    assert listed.get("Thôi hưởng theo quyết định", 0) == reasons["stopped"]
    assert listed.get("Tạm dừng hưởng", 0) == reasons["suspended"]


def test_payments_by_policy_and_month_equal_the_lines(cast, geo, province):
    user = cast.province_officer
    report = payments_by_month(user, scope_for(user), Period.this_year(province.today))
    rows = [r for r in report.tables[0].rows if r.level == "row"]
    assert len(rows) == len(province.cycles)
    for cycle, row in zip(province.cycles, rows, strict=True):
        lines = list(Line.objects.filter(cycle=cycle))
        assert row.cells[1] == f"{cycle.month:%m/%Y}"
        assert row.cells[2] == len({line.person_id for line in lines})
        assert row.cells[3] == sum(line.amount for line in lines)
        assert row.cells[4] == sum(line.amount for line in lines if line.status == "paid")
    [total] = [r for r in report.tables[0].rows if r.level == "total"]
    assert total.cells[4] == sum(line.amount for line in Line.objects.filter(status="paid"))
    # A draft payroll is not money to report.
    assert not Cycle.objects.filter(status="draft").exists() or all(
        r.cells[1] != f"{province.this_month:%m/%Y}" for r in rows)


def test_longevity_milestones_by_birth_year_and_sex(cast, geo, province):
    user = cast.province_officer
    year = province.today.year
    report = longevity(user, scope_for(user), Period.this_year(province.today))
    living = [p for p in Person.objects.filter(status="living")
              if p.commune_id in _hanoi(geo) and p.birth_year]
    rows = [r for r in report.tables[0].rows if r.level == "row"]
    for age, row in zip(LONGEVITY_AGES, rows, strict=True):
        chosen = [p for p in living if (year - p.birth_year == age if age < 100
                                        else year - p.birth_year >= 100)]
        men = sum(p.sex == "M" for p in chosen)
        assert row.cells[2:] == (men, len(chosen) - men, len(chosen)), age
    assert sum(int(r.cells[4] or 0) for r in rows) > 0


def test_poor_households_at_the_start_and_end_of_the_year(cast, geo, province):
    user = cast.province_officer
    year = province.today.year
    report = poverty_start_end(user, scope_for(user), Period.this_year(province.today))
    history = [h for h in HouseholdPoverty.objects.select_related("household")
               if h.household.commune_id in _hanoi(geo)]
    start = {h.household_id: h.status for h in history if h.year == year - 1}
    end = {h.household_id: h.status for h in history if h.year == year}
    for row, status in zip(report.tables[0].rows, ("poor", "near_poor"), strict=True):
        was = {k for k, v in start.items() if v == status}
        now = {k for k, v in end.items() if v == status}
        assert row.cells[1:] == (len(was), len(was - now), len(now - was), len(now))


def test_programme_results_with_the_seed_reports_rounding(cast, geo, province):
    report = programme_results(cast.province_officer, scope_for(cast.province_officer),
                               Period.this_year(province.today))
    assert report.summary == ["Không có đợt hỗ trợ một lần nào được quyết định trong kỳ."]
    # "chi trả gần 17 tỷ đồng cho gần 13.000 đối tượng" (Thái Nguyên seed).
    assert approximately(16_950_000_000, 1_000_000_000, "tỷ đồng") == "gần 17 tỷ đồng"
    assert approximately(12_950, 1000, "nghìn") == "gần 13 nghìn"
    assert approximately(13_000, 1000, "nghìn") == "13 nghìn"
    assert approximately(13_200, 1000, "nghìn") == "hơn 13 nghìn"


def test_programme_results_count_a_decided_and_paid_programme(catalog, cast, geo):
    from ansinh.cases.programmes import programme_build, programme_submit
    from ansinh.cases.services import DecisionInput, case_advance, case_decide, posting_create
    from ansinh.cases.tests.test_programmes import REFERENCE, _setup_commune
    from ansinh.payroll.services import (
        Payment,
        cycle_approve,
        lines_mark_paid,
        programme_cycle_generate,
    )
    from ansinh.policies.models import Policy

    officer, leader = cast.officer_a, cast.leader_a
    _setup_commune(geo, officer)
    programme = programme_build(actor=officer, commune=geo.commune_a,
                                policy=Policy.objects.get(code="NQ42"),
                                reference_date=REFERENCE, title="Hỗ trợ theo Nghị quyết 42")
    case = programme_submit(actor=officer, programme=programme, received_on=date(2020, 4, 15))
    case_advance(actor=officer, case=case)
    posting_create(actor=officer, commune=geo.commune_a, title="Niêm yết NQ42",
                   opens_on=date(2020, 4, 20), cases=[case])
    for _step in ("posted", "forwarded", "appraised"):
        case_advance(actor=officer, case=case)
    case_decide(actor=leader, case=case, decision=DecisionInput(
        "42/QĐ-UBND", date(2020, 4, 24), "Nguyễn Văn Chủ"))
    programme.refresh_from_db()
    cycle = cycle_approve(actor=leader, cycle=programme_cycle_generate(actor=officer,
                                                                       programme=programme))
    ids = list(cycle.lines.order_by("id").values_list("id", flat=True))
    lines_mark_paid(actor=officer, cycle=cycle, line_ids=ids[: len(ids) // 2],
                    payment=Payment(paid_on=date(2020, 5, 5)))

    report = programme_results(officer, scope_for(officer),
                               Period(date(2020, 1, 1), date(2020, 12, 31)))
    lines = [line for line in programme.lines.select_related("category") if not line.excluded]
    [row, total] = report.tables[0].rows
    assert row.cells[2:] == (len({line.person_id for line in lines}),
                             len({line.household_id for line in lines}),
                             sum(line.amount for line in lines),
                             sum(line.amount for line in Line.objects.filter(
                                 cycle=cycle, status="paid")))
    by_category = Counter(line.category.code for line in lines)
    assert {str(r.cells[0]).split(" — ")[0]: r.cells[1] for r in report.tables[1].rows} \
        == dict(by_category)
    assert f"hỗ trợ {len(lines)} đối tượng" in report.summary[0]
    # Decided in 2020: not a result of this year.
    assert programme_results(officer, scope_for(officer), Period.this_year()).tables[0].rows[
        0].level == "total"


def test_deprivations_count_the_latest_b2_form_of_each_household(cast, geo, catalog):
    from ansinh.poverty.classification import INDICATOR_CODES
    from ansinh.poverty.services import SurveyAnswers, review_open, survey_add, survey_save
    from ansinh.registry.models import Household
    from ansinh.reports.standard import deprivations

    officer = cast.officer_a
    year = timezone.localdate().year
    review = review_open(actor=officer, commune=geo.commune_a, year=year, kind="annual")
    forms = [(INDICATOR_CODES[:3], 1_000_000), (INDICATOR_CODES[1:3], 1_000_000),
             (INDICATOR_CODES[:1], 9_000_000)]
    for number, (deprived, income) in enumerate(forms):
        household = Household.objects.create(commune=geo.commune_a, code=f"B2-{number}")
        survey = survey_add(actor=officer, review=review, household=household)
        survey_save(actor=officer, survey=survey, submit=True, answers=SurveyAnswers(
            members=1, declared_income=income, deprivations=list(deprived)))
    report = deprivations(officer, scope_for(officer), Period.this_year())
    rows = {r.cells[1]: r.cells[2:] for r in report.tables[0].rows}
    # Indicator 1 (việc làm): the poor household and the one above the lines.
    assert rows["Việc làm"] == (1, 0, 2)
    assert rows["Người phụ thuộc trong hộ gia đình"] == (1, 1, 2)
    assert rows["Dinh dưỡng"] == (1, 1, 2)
    assert rows["Bảo hiểm y tế"] == (0, 0, 0)
    assert report.summary == [f"3 hộ được khảo sát bằng phiếu B2 trong các đợt rà soát năm "
                              f"{year}."]
