"""A province's dashboard and its standard reports, over the 1,000,000 synthetic persons the
list bench leaves in province 01, each beside a bare SQL aggregate of the same figures.

The province gets, set-based (``INSERT … SELECT``, ``bulk_create``):
- last year's poverty review (this year's is written by ``synth_people``), so that the
  poor and near-poor households have a start and an end of the year;
- monthly social-assistance benefits (TGXH) for about a third of the persons, in buckets of
  ``person id mod 100``: 30 buckets running, one stopped this year (some of its persons
  deceased), one suspended this year, one ended by its term this year, one stopped last year —
  about 300,000 running and 40,000 held or ended at 1,000,000 persons;
- a monthly payroll cycle per commune for each of the last twelve months, its totals and
  ``paid_total`` summed straight from the running benefits (no lines: the dashboard and the
  payments report read only cycles);
- a few thousand open and closed cases, open and corrected findings, and a supervision plan's
  recommendations, some overdue.

Measured, as the province officer sees them: the dashboard page (``/bao-cao/?don_vi=01``
through the test client, after one request to warm up), the dashboard's figures alone, and each
standard report of this year (``REPORTS``) built, then built and laid out in Excel and in PDF.
Each is printed beside the bare SQL statements that compute the same figures (a handful of
``GROUP BY`` over the scope's units), run with ``connection.cursor()``.

``ANSINH_BENCH_REPORT_PERSONS`` changes the size. Targets: the page under 1 s, each report
under 5 s. What the bench adds is removed at its end (the persons stay).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from ansinh.accounts.models import User
from ansinh.cases.models import Case, CaseKind, Decision
from ansinh.cases.services import add_months
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.integrity.models import Finding, FindingStatus, Severity
from ansinh.policies.catalog import catalog_load
from ansinh.policies.models import Category, Policy
from ansinh.registry.models import HouseholdPoverty, Person
from ansinh.reports.excel import report_xlsx
from ansinh.reports.figures import dashboard
from ansinh.reports.printing import report_pdf
from ansinh.reports.scope import scope_for
from ansinh.reports.standard import REPORTS, Period
from ansinh.supervision.models import Body, Plan, PlanStatus, Recommendation, RecommendationStatus
from bench.province import PROVINCE, province_officer, synth_province
from bench.tables import forget_earlier_payrolls

REPEAT = 3
PERSONS = int(os.environ.get("ANSINH_BENCH_REPORT_PERSONS", "1000000"))
RUNNING_BUCKETS = 30  # of person id mod 100: about 30% of the persons paid each month
CASES_PER_COMMUNE = 40  # of which a quarter closed
FINDINGS_PER_COMMUNE = 20  # of which a quarter corrected
TAG = "BENCH-BC"  # marks what the bench adds, to remove it at the end

# The scope's units: the province, its communes and the legacy units below them.
UNITS = "SELECT id FROM geo_administrativeunit WHERE path = %(path)s OR path LIKE %(below)s"

# ``metrics.running_in``: a monthly benefit paid for %(month)s.
RUNNING = """b.one_off = %(false)s AND b.start_month <= %(month)s
AND (b.end_month IS NULL OR b.end_month >= %(month)s)
AND NOT (b.status IN ('stopped', 'suspended')
         AND (b.status_from IS NULL OR b.status_from <= %(month)s))"""


def _month(day: date) -> date:
    return day.replace(day=1)


# --- the data ----------------------------------------------------------------------------------

def _buckets(categories: list[Category], today: date) -> list[dict[str, Any]]:
    """What the benefits of each bucket (person id mod 100) look like."""
    year, this_month = today.year, _month(today)
    buckets = []
    for i in range(RUNNING_BUCKETS + 4):
        start = (date(year, 1 + (i // 5) % today.month, 1) if i % 5 == 0
                 else date(2015 + i % 10, 1 + i % 12, 1))
        bucket = {"bucket": i, "category": categories[i % len(categories)].pk,
                  "hundredths": 100 + 50 * (i % 4), "start": start, "end": None,
                  "status": "active", "status_from": None}
        held = i - RUNNING_BUCKETS
        if held == 0:  # stopped this year (some died)
            end = add_months(this_month, -3)
            bucket.update(start=date(2018, 3, 1), end=end, status="stopped",
                          status_from=add_months(end, 1))
        elif held == 1:  # suspended this year
            bucket.update(start=date(2019, 7, 1), status="suspended",
                          status_from=add_months(this_month, -2))
        elif held == 2:  # its decision's term ended this year
            bucket.update(start=date(2021, 1, 1), end=add_months(this_month, -4))
        elif held == 3:  # stopped last year: outside this year's figures
            bucket.update(start=date(2016, 5, 1), end=date(year - 1, 8, 1), status="stopped",
                          status_from=date(year - 1, 9, 1))
        buckets.append(bucket)
    return buckets


_BENEFITS = """
INSERT INTO cases_benefit (person_id, commune_id, policy_id, category_id, hundredths,
    multiplier, base_parameters, monthly_amount, one_off, start_month, end_month, status,
    status_from, decision_id, created_at, updated_at)
SELECT p.id, p.commune_id, %(policy)s, %(category)s, %(hundredths)s, 1, 'TGXH_MC',
       %(amount)s, %(false)s, %(start)s, %(end)s, %(status)s, %(status_from)s, %(decision)s,
       %(now)s, %(now)s
FROM registry_person p JOIN geo_administrativeunit u ON u.id = p.commune_id
WHERE u.parent_id = %(province)s AND p.id %% 100 = %(bucket)s
"""

_CYCLES = f"""
INSERT INTO payroll_cycle (commune_id, policy_id, month, programme_id, status, lines_count,
    persons, total, paid_total, generated_at, approved_at, created_at)
SELECT b.commune_id, %(policy)s, %(month)s, NULL, %(status)s, COUNT(*), COUNT(*),
       SUM(b.monthly_amount), SUM(b.monthly_amount) * %(paid)s / 100, %(now)s, %(now)s, %(now)s
FROM cases_benefit b
WHERE b.policy_id = %(policy)s AND {RUNNING}
GROUP BY b.commune_id
"""  # noqa: S608

# Last year's review: most poor and near-poor households were so a year ago too; one in
# eleven had the other status, one in seven was not poor (newly classified); one household in
# forty of those not poor now was poor or near-poor then (left).
_LAST_YEAR_POVERTY = """
INSERT INTO registry_householdpoverty (household_id, year, status, decided_on, note)
SELECT h.id, %(year)s,
       CASE WHEN h.poverty_status = '' THEN
                CASE WHEN h.id %% 80 = 0 THEN 'poor' ELSE 'near_poor' END
            WHEN h.id %% 11 = 0 THEN
                CASE WHEN h.poverty_status = 'poor' THEN 'near_poor' ELSE 'poor' END
            ELSE h.poverty_status END,
       %(decided)s, ''
FROM registry_household h JOIN geo_administrativeunit u ON u.id = h.commune_id
WHERE u.parent_id = %(province)s AND h.is_active = %(true)s
  AND ((h.poverty_status <> '' AND h.id %% 7 <> 0)
       OR (h.poverty_status = '' AND h.id %% 40 = 0))
"""


def _build(province: AdministrativeUnit, officer: User, today: date) -> None:
    """Everything the figures count besides the persons, households and groups."""
    catalog_load()
    policy = Policy.objects.get(code="TGXH")
    categories = list(Category.objects.filter(policy=policy).order_by("order", "code"))
    communes = list(AdministrativeUnit.objects.current().filter(
        parent=province, level=UnitLevel.COMMUNE).order_by("code"))
    now = timezone.now()
    _remove_ours()  # and the payroll bench's benefit for every person
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        last_year = today.year - 1
        if not HouseholdPoverty.objects.filter(household__commune__parent=province,
                                               year=last_year).exists():
            cursor.execute(_LAST_YEAR_POVERTY, {"year": last_year, "province": province.pk,
                                                "decided": date(last_year, 12, 20),
                                                "true": True})
        decision = Decision.objects.create(
            commune=province, number=f"1/QĐ-{TAG}", signed_on=date(2015, 1, 5),
            signer_name="Bench", summary="", recorded_by=officer)
        for bucket in _buckets(categories, today):
            cursor.execute(_BENEFITS, {
                **bucket, "policy": policy.pk, "decision": decision.pk, "now": now,
                "amount": 500_000 * bucket["hundredths"] // 100, "false": False,
                "province": province.pk})
        # Some of those stopped this year died: the reason the report gives.
        cursor.execute(
            "UPDATE registry_person SET status = 'deceased' WHERE id IN (SELECT person_id "
            "FROM cases_benefit WHERE decision_id = %s AND status = 'stopped' "
            "AND status_from > %s AND person_id %% 7 = 0)",
            [decision.pk, date(last_year, 12, 1)])
        for n in range(12):
            month = add_months(_month(today), -n)
            cursor.execute(_CYCLES, {"policy": policy.pk, "month": month, "now": now,
                                     "false": False, "status": "approved" if n == 0 else "closed",
                                     "paid": 60 if n == 0 else 100})
        _cases_and_findings(communes, policy, officer, today)
        _recommendations(province, communes, officer, today)
    print(f"built benefits, cycles, cases, findings in {time.perf_counter() - started:.1f} s")


def _cases_and_findings(communes: list[AdministrativeUnit], policy: Policy, officer: User,
                        today: date) -> None:
    cases, findings = [], []
    for commune in communes:
        for n in range(CASES_PER_COMMUNE):
            received = today - timedelta(days=n)
            cases.append(Case(
                commune=commune, reference=f"{TAG}-{n:04d}", kind=CaseKind.NEW_BENEFIT,
                policy=policy, received_on=received, procedure="tgxh", step="commune",
                due_on=received + timedelta(days=20), prepared_by=officer,
                closed_at=timezone.now() if n % 4 == 0 else None))
        for n in range(FINDINGS_PER_COMMUNE):
            findings.append(Finding(
                rule=TAG, key=f"{commune.pk}-{n}", unit=commune, severity=Severity.MEDIUM,
                status=FindingStatus.CORRECTED if n % 4 == 0 else FindingStatus.OPEN,
                summary="Bench"))
    Case.objects.bulk_create(cases, batch_size=2000)
    Finding.objects.bulk_create(findings, batch_size=2000)


def _recommendations(province: AdministrativeUnit, communes: list[AdministrativeUnit],
                     officer: User, today: date) -> None:
    plan = Plan.objects.create(
        unit=province, body=Body.MTTQ, body_name="Bench", number=f"1/KH-{TAG}",
        issued_on=today - timedelta(days=120), title=TAG, period_from=date(today.year, 1, 1),
        period_to=today, contents="Bench", status=PlanStatus.CONCLUDED, created_by=officer)
    Recommendation.objects.bulk_create([
        Recommendation(plan=plan, to_unit=commune, text="Bench", created_by=officer,
                       deadline=today + timedelta(days=30 - 45 * (n % 2)),
                       status=RecommendationStatus.OPEN)
        for commune in communes for n in range(2)])


def _remove_ours() -> None:
    """What an earlier run of this bench added (the persons stay)."""
    Recommendation.objects.filter(plan__number=f"1/KH-{TAG}").delete()
    Plan.objects.filter(number=f"1/KH-{TAG}").delete()
    Finding.objects.filter(rule=TAG).delete()
    Case.objects.filter(reference__startswith=TAG).delete()
    forget_earlier_payrolls()
    Decision.objects.filter(number=f"1/QĐ-{TAG}").delete()


# --- the baselines -----------------------------------------------------------------------------

def _bare(statements: list[str], params: dict[str, Any]) -> Callable[[], list[list[Any]]]:
    def run() -> list[list[Any]]:
        found = []
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql, params)
                found.append(cursor.fetchall())
        return found
    return run


_DASHBOARD = [
    f"SELECT commune_id, COUNT(*) FROM registry_person "  # noqa: S608
    f"WHERE status = 'living' AND commune_id IN ({UNITS}) GROUP BY commune_id",
    f"SELECT commune_id, poverty_status, COUNT(*) FROM registry_household "  # noqa: S608
    f"WHERE is_active = %(true)s AND commune_id IN ({UNITS}) "
    f"GROUP BY commune_id, poverty_status",
    f"SELECT b.commune_id, COUNT(DISTINCT b.person_id) FROM cases_benefit b "  # noqa: S608
    f"WHERE {RUNNING} AND b.commune_id IN ({UNITS}) GROUP BY b.commune_id",
    f"SELECT b.commune_id, b.category_id, COUNT(DISTINCT b.person_id) "  # noqa: S608
    f"FROM cases_benefit b WHERE {RUNNING} AND b.commune_id IN ({UNITS}) "
    f"GROUP BY b.commune_id, b.category_id",
    f"SELECT month, SUM(paid_total), SUM(total) FROM payroll_cycle "  # noqa: S608
    f"WHERE month >= %(first)s AND month <= %(month)s AND status <> 'draft' "
    f"AND commune_id IN ({UNITS}) GROUP BY month",
    f"SELECT commune_id, COUNT(*), SUM(CASE WHEN due_on < %(today)s THEN 1 ELSE 0 END) "  # noqa: S608
    f"FROM cases_case WHERE closed_at IS NULL AND commune_id IN ({UNITS}) "
    f"GROUP BY commune_id",
    f"SELECT unit_id, COUNT(*) FROM integrity_finding "  # noqa: S608
    f"WHERE status = 'open' AND unit_id IN ({UNITS}) GROUP BY unit_id",
    f"SELECT to_unit_id, COUNT(*) FROM supervision_recommendation "  # noqa: S608
    f"WHERE status IN ('open', 'not_accepted') AND deadline < %(today)s "
    f"AND to_unit_id IN ({UNITS}) GROUP BY to_unit_id",
]

# Each standard report's figures, by report code.
_REPORTS = {
    "doi-tuong-theo-nhom": [
        f"SELECT b.category_id, COUNT(DISTINCT b.person_id) FROM cases_benefit b "  # noqa: S608
        f"WHERE {RUNNING} AND b.commune_id IN ({UNITS}) GROUP BY b.category_id",
        f"SELECT b.policy_id, COUNT(DISTINCT b.person_id) FROM cases_benefit b "  # noqa: S608
        f"WHERE {RUNNING} AND b.commune_id IN ({UNITS}) GROUP BY b.policy_id",
        f"SELECT b.commune_id, COUNT(DISTINCT b.person_id) FROM cases_benefit b "  # noqa: S608
        f"WHERE {RUNNING} AND b.commune_id IN ({UNITS}) GROUP BY b.commune_id",
        f"SELECT COUNT(DISTINCT b.person_id) FROM cases_benefit b "  # noqa: S608
        f"WHERE {RUNNING} AND b.commune_id IN ({UNITS})",
    ],
    # Running the month before the period (opening) and at its last month (closing), started
    # in it, and ended in it — by policy; then the decreases by the reason they ended.
    "tang-giam": [
        f"""SELECT k.name,
            SUM(CASE WHEN {RUNNING.replace('%(month)s', '%(before)s')} THEN 1 ELSE 0 END),
            SUM(CASE WHEN b.start_month >= %(first)s THEN 1 ELSE 0 END),
            SUM(CASE WHEN NOT ({RUNNING}) THEN 1 ELSE 0 END),
            SUM(CASE WHEN {RUNNING} THEN 1 ELSE 0 END)
        FROM cases_benefit b JOIN policies_policy k ON k.id = b.policy_id
        WHERE b.one_off = %(false)s AND b.start_month <= %(month)s
          AND (b.end_month IS NULL OR b.end_month >= %(before)s)
          AND NOT (b.status IN ('stopped', 'suspended')
                   AND (b.status_from IS NULL OR b.status_from <= %(before)s))
          AND b.commune_id IN ({UNITS})
        GROUP BY k.name""",  # noqa: S608
        f"""SELECT p.status, b.status, COUNT(*)
        FROM cases_benefit b JOIN registry_person p ON p.id = b.person_id
        WHERE b.one_off = %(false)s AND b.start_month <= %(month)s
          AND (b.end_month IS NULL OR b.end_month >= %(before)s)
          AND NOT (b.status IN ('stopped', 'suspended')
                   AND (b.status_from IS NULL OR b.status_from <= %(before)s))
          AND NOT ({RUNNING}) AND b.commune_id IN ({UNITS})
        GROUP BY p.status, b.status""",  # noqa: S608
    ],
    "chi-tra-theo-thang": [
        f"SELECT k.name, c.month, SUM(c.persons), SUM(c.total), SUM(c.paid_total) "  # noqa: S608
        f"FROM payroll_cycle c JOIN policies_policy k ON k.id = c.policy_id "
        f"WHERE c.month >= %(first)s AND c.month <= %(month)s AND c.programme_id IS NULL "
        f"AND c.status <> 'draft' AND c.commune_id IN ({UNITS}) GROUP BY k.name, c.month",
    ],
    "ket-qua-ho-tro-mot-lan": [
        f"SELECT p.id, p.persons, p.households, p.total, SUM(c.paid_total) "  # noqa: S608
        f"FROM cases_programme p LEFT JOIN payroll_cycle c ON c.programme_id = p.id "
        f"WHERE p.status = 'decided' AND p.reference_date <= %(today)s "
        f"AND p.reference_date >= %(first)s AND p.commune_id IN ({UNITS}) "
        f"GROUP BY p.id, p.persons, p.households, p.total",
        f"SELECT l.category_id, COUNT(DISTINCT l.person_id), SUM(l.amount) "  # noqa: S608
        f"FROM cases_programmeline l JOIN cases_programme p ON p.id = l.programme_id "
        f"WHERE p.status = 'decided' AND p.reference_date <= %(today)s "
        f"AND p.reference_date >= %(first)s AND p.commune_id IN ({UNITS}) "
        f"AND l.excluded = %(false)s GROUP BY l.category_id",
    ],
    "mung-tho": [
        f"SELECT birth_year, sex, COUNT(*) FROM registry_person "  # noqa: S608
        f"WHERE status = 'living' AND birth_year <= %(year70)s AND commune_id IN ({UNITS}) "
        f"GROUP BY birth_year, sex",
    ],
    # Each household's status at the start (last year's review) and at the end (this year's).
    "ho-ngheo-dau-cuoi-nam": [
        f"""SELECT s, e, COUNT(*) FROM (
            SELECT hp.household_id,
                   MAX(CASE WHEN hp.year = %(last_year)s THEN hp.status ELSE '' END) AS s,
                   MAX(CASE WHEN hp.year = %(year)s THEN hp.status ELSE '' END) AS e
            FROM registry_householdpoverty hp
            JOIN registry_household h ON h.id = hp.household_id
            WHERE hp.year IN (%(last_year)s, %(year)s) AND h.commune_id IN ({UNITS})
            GROUP BY hp.household_id) t
        GROUP BY s, e""",  # noqa: S608
    ],
}


# --- the cases ---------------------------------------------------------------------------------

def cases() -> Iterator[tuple[str, Callable[[], object], str, Callable[[], object]]]:
    started = time.perf_counter()
    province = synth_province(PERSONS)
    print(f"persons ready in {time.perf_counter() - started:.1f} s")
    officer = province_officer(province)
    today = timezone.localdate()
    _build(province, officer, today)
    print(f"data built in {time.perf_counter() - started:.1f} s in all")

    period = Period.this_year(today)
    params = {
        "path": province.path, "below": f"{province.path}.%", "true": True, "false": False,
        "today": today, "month": _month(today),
        "first": add_months(_month(today), -11),  # the dashboard's twelve months
        "before": add_months(period.first_month, -1), "year": today.year,
        "last_year": today.year - 1, "year70": today.year - 70,
    }
    dashboard_sql = _bare(_DASHBOARD, params)
    scope = scope_for(officer, PROVINCE)
    persons = Person.objects.filter(commune__parent=province, status="living").count()
    board = dashboard(officer, scope, today)
    _check(board, dashboard_sql())

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(officer)

    def page() -> None:
        response = client.get("/bao-cao/", {"don_vi": PROVINCE})
        assert response.status_code == 200, response.status_code

    page()  # warm-up: templates compiled, caches filled
    yield (f"dashboard page, {persons:,} persons", page,
           f"bare SQL aggregates ({len(_DASHBOARD)} GROUP BY)", dashboard_sql)
    yield ("dashboard figures (no page)", lambda: dashboard(officer, scope, today),
           f"bare SQL aggregates ({len(_DASHBOARD)} GROUP BY)", dashboard_sql)

    report_params = {**params, "first": period.first_month}
    for code, standard in REPORTS.items():
        bare = _bare(_REPORTS[code], report_params)

        def build(standard: Any = standard) -> Any:
            return standard.build(officer, scope, period)

        def excel(build: Callable[[], Any] = build) -> bytes:
            return report_xlsx(build())

        def pdf(build: Callable[[], Any] = build) -> bytes:
            return report_pdf(build(), today=today)

        build()  # warm-up
        yield f"report {code}", build, "bare SQL of its figures", bare
        yield f"report {code} + Excel", excel, "bare SQL of its figures", bare
        yield f"report {code} + PDF", pdf, "bare SQL of its figures", bare
    _remove_ours()


def _check(board: Any, found: list[list[Any]]) -> None:
    """The baseline counts what the dashboard counts: say so where it does not."""
    persons, households, beneficiaries = (sum(row[-1] for row in found[i]) for i in (0, 1, 2))
    mine = (board.figures["nhan-khau"].total, board.figures["ho"].total,
            board.figures["doi-tuong"].total)
    if mine != (persons, households, beneficiaries):
        print(f"  ! dashboard {mine} ≠ bare SQL {(persons, households, beneficiaries)}")
