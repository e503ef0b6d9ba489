"""Demo benefits and dossiers: the lists each demo commune kept before An Sinh, taken over by
one decision a year ago; the work an officer finds on a real Monday morning in the ward; the
year's decreases; and the Resolution 42/NQ-CP programme of 2020 in another commune.

- Taken over (``benefits_take_over``), signed before the first payroll month: in the ward about
  214 social assistance beneficiaries (disabled people most, then orphans, single parents and
  older people, their circumstances recorded first) and the older people on the social
  pension; in each other commune whoever the rules find. Start months spread over past years.
- The ward's dossiers at every step (some overdue), a posting with feedback, decisions with
  running benefits, and this year's longevity gifts as a one-off list.
- This year's decreases in the ward: a few beneficiaries died (their benefits stop through the
  registry's death service, which opens the funeral-support dossiers) and one moved away.
- Resolution 42/NQ-CP in the first other commune: the list of 31/12/2019 built, posted and
  decided in April 2020 (its payment list is the payroll part's).

Idempotent: each step is skipped where it was done.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import polars as pl
from django.utils import timezone

from ansinh.cases.models import Benefit, BenefitStatus, Case, CaseKind, Decision, Programme
from ansinh.cases.procedures import DECIDED, procedure_by_code, steps_for
from ansinh.cases.programmes import gaps_find, programme_build, programme_submit
from ansinh.cases.services import (
    CaseRequest,
    DecisionInput,
    TakeOverRow,
    add_months,
    benefits_take_over,
    case_advance,
    case_decide,
    case_document_update,
    case_open,
    month_start,
    posting_create,
    posting_feedback_record,
)
from ansinh.core.calendar import WorkingCalendar
from ansinh.core.demo import DemoSite
from ansinh.geo.models import AdministrativeUnit
from ansinh.policies.eligibility import commune_entitlements, person_facts
from ansinh.policies.models import Category, Circumstance, CircumstanceKind, Policy
from ansinh.policies.services import circumstance_record
from ansinh.registry.models import LifeEvent, LifeEventKind, Person
from ansinh.registry.services import person_move_out, person_record_death

DOSSIERS = 14
# The seed report: "toàn phường hiện có 214 đối tượng hưởng BTXH". The ward's list as taken
# over, by category (disabled people most); the demo dossiers and this year's deaths and move
# bring the running count to about SOCIAL_ASSISTANCE_BENEFICIARIES.
SOCIAL_ASSISTANCE_BENEFICIARIES = 214
WARD_TAKE_OVER = {"K6": 180, "K1": 14, "K2": 4, "K4": 8, "K5a": 6}
# Beneficiaries of the ward's old list whose basis changed since (a child who turned 16, a
# household out of poverty): the few the anomaly rules find.
CHANGED_KEPT = 1
# Circumstances recorded for the categories that need them: a few more persons than are taken
# over, who appear as entitled but not yet paid.
WARD_CIRCUMSTANCES = {"K1": 16, "K2": 5, "K4": 10, "K5a": 8}
# Of those the rules find entitled, the share on the old lists (the rest are the gaps the
# officer finds). The social pension's older people came over from the social assistance list.
PENSION_SHARE = 0.8
OTHER_COMMUNE_SHARE = 0.9
TAKE_OVER_NUMBERS = {"TGXH": "215/QĐ-UBND", "HTXH": "216/QĐ-UBND"}
DEATHS = 4  # this year, in the ward
NQ42_REFERENCE = date(2019, 12, 31)
NQ42_RECEIVED, NQ42_POSTED, NQ42_SIGNED = date(2020, 4, 15), date(2020, 4, 20), date(2020, 4, 24)


def populate(site: DemoSite) -> None:
    taken = sum(take_over(site, commune) for commune in site.communes)
    ward_running = Benefit.objects.filter(commune=site.commune, policy__code="TGXH",
                                          one_off=False).exclude(status=BenefitStatus.STOPPED)
    created = demo_cases(commune=site.commune, officer=site.user("demo.canbo"),
                         leader=site.user("demo.lanhdao"))
    decreases = demo_decreases(site)
    site.lines.append(f"{taken} chế độ đang hưởng tiếp nhận, {ward_running.count()} đối tượng "
                      f"trợ cấp xã hội đang hưởng ở {site.commune.name}; {created} hồ sơ mẫu "
                      f"mới; {decreases} người giảm trong năm (mất, chuyển đi)")
    if site.others:
        programme = demo_resolution_42(site, site.others[0])
        if programme is not None:
            site.lines.append(f"Nghị quyết 42/NQ-CP ở {site.others[0].name}: "
                              f"{programme.persons} người được hỗ trợ")


# --- the lists taken over ----------------------------------------------------------------------

def take_over_signed_on(today: date) -> date:
    """The take-over decision: mid-month, a year before this month (the payroll part pays
    from the month after it)."""
    signed = add_months(month_start(today), -12).replace(day=14)
    calendar = WorkingCalendar()
    while not calendar.is_working_day(signed):
        signed -= timedelta(days=1)
    return signed


def take_over(site: DemoSite, commune: AdministrativeUnit) -> int:
    """Take over the commune's social assistance and social pension lists; returns how many
    benefits were recorded."""
    if Decision.objects.filter(commune=commune,
                               number__in=TAKE_OVER_NUMBERS.values()).exists():
        return 0
    signed = take_over_signed_on(timezone.localdate())
    # Seeded by the code, not the id: ids depend on what the database held before (and on
    # PostgreSQL on what earlier tests took from its sequences), and a different draw could
    # find fewer persons of a category than the ward's list names.
    rng = random.Random(commune.code)  # noqa: S311 - synthetic data, reproducible
    ward = commune == site.commune
    if not Policy.objects.filter(code__in=TAKE_OVER_NUMBERS).exists():
        return 0
    if ward and not Circumstance.objects.filter(person__commune=commune).exists():
        _ward_circumstances(site.officer(commune), commune, signed, rng)
    codes = list(TAKE_OVER_NUMBERS)
    results = commune_entitlements([commune.pk], signed, policy_codes=codes)
    results = results.filter(pl.col("paid") & ~pl.col("restricted"))
    # Whose basis still holds today: the others (a child who turned 16, a household out of
    # poverty) are what the anomaly rules report; the ward keeps CHANGED_KEPT of them.
    now = commune_entitlements([commune.pk], timezone.localdate(), policy_codes=codes)
    holds = set(now.select("person_id", "category", "hundredths", "multiplier").iter_rows())
    persons = {p.pk: p for p in Person.objects.filter(commune=commune)}
    taken = 0
    for code, number in TAKE_OVER_NUMBERS.items():
        # In a fixed order: polars joins do not keep one, and the draws below must repeat.
        found = results.filter(pl.col("policy") == code).sort("person_id", "category")
        chosen: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for category in sorted(set(found["category"].to_list())):
            # One line per person: a K4 single parent also paid in another group keeps one.
            taken_persons = {r["person_id"] for r in chosen}
            rows = [r for r in found.filter(pl.col("category") == category).iter_rows(named=True)
                    if r["person_id"] not in taken_persons
                    and _start_bounds(persons[r["person_id"]], category, signed) is not None]
            stable = [r for r in rows if (r["person_id"], r["category"], r["hundredths"],
                                          r["multiplier"]) in holds]
            changed += [r for r in rows if r not in stable]
            if ward and code == "TGXH":
                count = WARD_TAKE_OVER.get(category, 0)
            else:
                share = PENSION_SHARE if code == "HTXH" else OTHER_COMMUNE_SHARE
                count = round(len(stable) * share)
            chosen += rng.sample(stable, min(count, len(stable)))
        if ward and changed:
            chosen += rng.sample(changed, min(CHANGED_KEPT, len(changed)))
        if not chosen:
            continue
        categories = {c.code: c for c in Category.objects.filter(policy__code=code)}
        rows_in = [TakeOverRow(person=persons[r["person_id"]],
                               category=categories[r["category"]],
                               start_month=_start_month(persons[r["person_id"]], r["category"],
                                                        signed, rng))
                   for r in sorted(chosen, key=lambda r: r["person_id"])]
        leader = site.leader(commune)
        benefits_take_over(actor=leader, commune=commune,
                           policy=Policy.objects.get(code=code), rows=rows_in,
                           decision=DecisionInput(number=number, signed_on=signed,
                                                  signer_name=leader.full_name))
        taken += len(rows_in)
    return taken


def _ward_circumstances(officer: Any, commune: AdministrativeUnit, at: date,
                        rng: random.Random) -> None:
    """The facts the old lists rested on: orphans (K1, K2), poor single parents (K4), older
    people of poor households with no one to support them (K5a)."""
    poor = pl.col("poverty") == "poor"
    age, poor_or_near = pl.col("age"), pl.col("poverty").is_in(["poor", "near_poor"])
    wanted = {
        # From 4: a younger child's coefficient drops at 4 (Decree 20/2021), and a list taken
        # over must still be paid the same today (see ``take_over``'s stable rows).
        "K1": ((age >= 4) & (age < 16), [CircumstanceKind.NO_SUPPORT]),
        "K2": ((age >= 16) & (age < 21),
               [CircumstanceKind.NO_SUPPORT, CircumstanceKind.STUDYING]),
        "K4": (poor_or_near & (age >= 22) & (age < 50) & (pl.col("child_count") > 0),
               [CircumstanceKind.SINGLE_PARENT]),
        "K5a": (poor & (age >= 60) & (pl.col("disability_level") == ""),
                [CircumstanceKind.NO_SUPPORTER]),
    }
    # Persons in the category both when the list was taken over and today.
    then, now = (person_facts(at=day, commune_ids=[commune.pk]).filter(pl.col("living"))
                 for day in (at, timezone.localdate()))
    used: set[int] = set()
    for category, (condition, kinds) in wanted.items():
        both = set(then.filter(condition)["person_id"].to_list()) & set(
            now.filter(condition)["person_id"].to_list())
        ids = [pid for pid in sorted(both) if pid not in used]
        for person in Person.objects.filter(pk__in=rng.sample(
                ids, min(WARD_CIRCUMSTANCES[category], len(ids)))).order_by("pk"):
            used.add(person.pk)
            since = max(date(2012, 1, 1), person.birth_date or date(2012, 1, 1))
            for kind in kinds:
                circumstance_record(actor=officer, person=person, kind=kind, valid_from=since,
                                    note="Theo danh sách đối tượng đang hưởng tiếp nhận")


def _birthday_month(person: Person, years: int) -> date | None:
    born = person.birth_date
    return date(born.year + years, born.month, 1) if born else None


def _start_bounds(person: Person, category: str, signed: date) -> tuple[date, date] | None:
    """The months an old list's benefit may have started in: from when the person could be
    in the category (and 2012 at the earliest) to the decision's month; None if they could
    not be on the list when it was taken over (a certificate issued after it)."""
    earliest = date(2012, 1, 1)
    if category == "K6":
        certified = person.disability_certified_on
        if certified is None or certified > signed:
            return None
        earliest = max(earliest, certified.replace(day=1))
    elif category in ("K1", "K2", "K4") and person.birth_date:
        earliest = max(earliest, _birthday_month(person, {"K1": 0, "K2": 16, "K4": 18}[
            category]) or earliest)
    elif category in ("K5a", "K5c", "K5d"):
        earliest = max(earliest, _birthday_month(person, 60 if category != "K5c" else 80)
                       or earliest)
    elif category in ("HT75", "HT70"):
        # The social pension began in July 2025 (Decree 176/2025/NĐ-CP).
        earliest = max(date(2025, 7, 1), _birthday_month(person, int(category[2:]))
                       or earliest)
    latest = month_start(signed)
    return (earliest, latest) if earliest <= latest else None


def _start_month(person: Person, category: str, signed: date, rng: random.Random) -> date:
    bounds = _start_bounds(person, category, signed)
    assert bounds is not None  # noqa: S101 - chosen among those with bounds
    first, last = bounds
    months = (last.year - first.year) * 12 + last.month - first.month
    return add_months(first, int(rng.random() * (months + 1)))


# --- this year's decreases ---------------------------------------------------------------------

def demo_decreases(site: DemoSite) -> int:
    """A few of the ward's beneficiaries died this year, one moved to another commune."""
    commune, officer = site.commune, site.officer(site.commune)
    if LifeEvent.objects.filter(from_commune=commune,
                                kind__in=[LifeEventKind.DEATH, LifeEventKind.MOVE_OUT]).exists():
        return 0
    today = timezone.localdate()
    first_day = date(today.year, 1, 1)
    running = list(Benefit.objects.filter(commune=commune, one_off=False,
                                          status=BenefitStatus.ACTIVE,
                                          decision__number__in=TAKE_OVER_NUMBERS.values())
                   .select_related("person", "policy").order_by("person__birth_date", "pk"))
    if not running:
        return 0
    # The oldest die; deaths spread over the months of the year gone by.
    days = max(1, (today - first_day).days)
    gone = 0
    for index, benefit in enumerate(running[:DEATHS]):
        died_on = first_day + timedelta(days=days * (2 * index + 1) // (2 * DEATHS + 1))
        person_record_death(actor=officer, person=benefit.person, died_on=died_on,
                            note="Tổ dân phố báo tử")
        gone += 1
    staying = [b for b in running[DEATHS:] if b.policy.code == "TGXH"]
    if site.others and staying:
        gone += _move_out(site, staying[len(staying) // 2], today)
    return gone


def _move_out(site: DemoSite, benefit: Benefit, today: date) -> int:
    """The beneficiary moves to another commune: a move-out dossier decided, then the move."""
    commune, officer, leader = site.commune, site.officer(site.commune), site.leader(
        site.commune)
    calendar = WorkingCalendar()
    moved_on = add_months(month_start(today), -3).replace(day=12)
    while not calendar.is_working_day(moved_on):
        moved_on += timedelta(days=1)
    case = case_open(actor=officer, commune=commune, request=CaseRequest(
        kind=CaseKind.MOVE_OUT, person=benefit.person, policy=benefit.policy,
        category=None, benefit=benefit, received_on=moved_on, effective_on=moved_on,
        note="Chuyển đến ở với con tại " + site.others[-1].name))
    _advance_to_decision(officer, case)
    case_decide(actor=leader, case=case, decision=DecisionInput(
        number="07/QĐ-UBND", signed_on=min(today, calendar.add_working_days(moved_on, 3)),
        signer_name=leader.full_name))
    person = Person.objects.get(pk=benefit.person_id)
    person_move_out(actor=officer, person=person, to_commune=site.others[-1],
                    moved_on=moved_on, note="Chuyển nơi hưởng trợ cấp xã hội")
    return 1


def _advance_to_decision(officer: Any, case: Case) -> None:
    codes = [s.code for s in steps_for(procedure_by_code(case.procedure), case.kind)]
    for _code in codes[codes.index(case.step) + 1:codes.index(DECIDED)]:
        case_advance(actor=officer, case=case)


# --- Resolution 42/NQ-CP -----------------------------------------------------------------------

def demo_resolution_42(site: DemoSite, commune: AdministrativeUnit) -> Programme | None:
    """The 2020 list of 31/12/2019: built, posted, forwarded and appraised, decided."""
    policy = Policy.objects.filter(code="NQ42").first()
    if policy is None:
        return None
    found = Programme.objects.filter(commune=commune, policy=policy).first()
    if found is not None:
        return found
    officer, leader = site.officer(commune), site.leader(commune)
    programme = programme_build(
        actor=officer, commune=commune, policy=policy, reference_date=NQ42_REFERENCE,
        title="Hỗ trợ người dân gặp khó khăn do đại dịch COVID-19 (Nghị quyết 42/NQ-CP)")
    if programme.persons == 0:
        return programme
    case = programme_submit(actor=officer, programme=programme, received_on=NQ42_RECEIVED)
    case_advance(actor=officer, case=case, comment="Đã rà soát danh sách với tổ dân phố.")
    posting_create(actor=officer, commune=commune, opens_on=NQ42_POSTED, cases=[case],
                   title="Danh sách đề nghị hỗ trợ theo Nghị quyết 42/NQ-CP")
    _advance_to_decision(officer, case)
    case_decide(actor=leader, case=case, decision=DecisionInput(
        number="86/QĐ-UBND", signed_on=NQ42_SIGNED, signer_name=leader.full_name))
    programme.refresh_from_db()
    return programme


def demo_cases(*, commune: AdministrativeUnit, officer: Any, leader: Any) -> int:
    """Create the demo dossiers; returns how many."""
    if Case.objects.filter(commune=commune).exists():
        return 0
    today = timezone.localdate()
    calendar = WorkingCalendar()
    gaps = [g for g in gaps_find(commune=commune, at=today) if not g.restricted]
    opened: list[Case] = []
    for index, gap in enumerate(gaps[:DOSSIERS]):
        # Spread over the last seven weeks, on working days, oldest first.
        received = today - timedelta(days=49 - index * 3)
        while not calendar.is_working_day(received):
            received -= timedelta(days=1)
        category = Category.objects.select_related("policy").get(
            code=gap.category, policy__code__in=("TGXH", "HTXH"))
        opened.append(case_open(actor=officer, commune=commune, request=CaseRequest(
            kind="new_benefit", person=Person.objects.get(pk=gap.person_id),
            policy=category.policy, category=category, received_on=received,
            note="Hồ sơ mẫu")))
    decided, posted, checked = opened[:6], opened[6:9], opened[9:12]
    for case in decided + posted + checked:
        case_advance(actor=officer, case=case, comment="Đã đối chiếu CSDL quốc gia về dân cư.")
    if decided + posted:
        first = min(case.received_on for case in decided + posted)
        posting = posting_create(actor=officer, commune=commune,
                                 title="Danh sách đề nghị hưởng trợ cấp xã hội",
                                 opens_on=calendar.add_working_days(first, 5),
                                 cases=decided + posted)
        posting_feedback_record(actor=officer, posting=posting, received_on=posting.opens_on,
                                sender="Bà Nguyễn Thị Mai, tổ 3",
                                content="Đề nghị xem lại hoàn cảnh gia đình ông Lê Văn Tám.")
    for number, case in enumerate(decided, start=1):
        case_advance(actor=officer, case=case)
        for document in case.documents.all():
            case_document_update(actor=officer, document=document, received=True)
        signed = min(today, calendar.add_working_days(case.received_on, 9))
        case_decide(actor=leader, case=case, decision=DecisionInput(
            number=f"{number:02d}/QĐ-UBND", signed_on=signed, signer_name=str(leader)))
    longevity = Policy.objects.filter(code="MUNGTHO").first()
    if longevity is not None:
        programme_build(actor=officer, commune=commune, policy=longevity,
                        reference_date=date(today.year, 1, 1),
                        title=f"Chúc thọ, mừng thọ người cao tuổi năm {today.year}")
    return len(opened)
