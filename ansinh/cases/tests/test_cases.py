"""Dossiers through every step with working-day deadlines, maker-checker, postings without HIV
status, decisions creating benefits, deaths stopping them, arrears, and the gap finder."""

from __future__ import annotations

from datetime import date

import pytest

from ansinh.cases.arrears import arrears_for_version
from ansinh.cases.models import Arrear, Benefit, BenefitStatus, Case, CaseKind
from ansinh.cases.programmes import gaps_find
from ansinh.cases.services import (
    CaseRequest,
    DecisionInput,
    case_advance,
    case_decide,
    case_document_update,
    case_open,
    posting_create,
    posting_feedback_record,
)
from ansinh.core.errors import DomainError, PermissionDenied
from ansinh.policies.models import Category, ParameterVersion, Policy
from ansinh.registry.services import person_record_death


def _category(code: str, policy: str = "TGXH") -> Category:
    return Category.objects.get(policy__code=policy, code=code)


def _open(actor, person, code="K6", received_on=date(2026, 4, 29), **extra) -> Case:
    category = _category(code)
    return case_open(actor=actor, commune=person.commune, request=CaseRequest(
        kind=CaseKind.NEW_BENEFIT, person=person, policy=category.policy, category=category,
        received_on=received_on, **extra))


def _through_posting(case, officer, opens_on=date(2026, 5, 8)):
    case_advance(actor=officer, case=case, comment="Đã đối chiếu CSDL dân cư")
    posting_create(actor=officer, commune=case.commune, title="Niêm yết tháng 5/2026",
                   opens_on=opens_on, cases=[case])
    case_advance(actor=officer, case=case)
    for document in case.documents.all():
        case_document_update(actor=officer, document=document, received=True)


@pytest.fixture
def disabled(make_person, geo):
    person = make_person(born=date(1980, 6, 1), disability="severe", commune=geo.commune_c,
                         name="Lê Thị Hoa")
    person.disability_certified_on = date(2026, 3, 15)
    person.save()
    return person


@pytest.fixture
def cast_c(make_user, geo):
    from ansinh.accounts.models import Role

    return (make_user("canbo.c", (Role.COMMUNE_OFFICER, geo.commune_c)),
            make_user("lanhdao.c", (Role.COMMUNE_LEADER, geo.commune_c)))


def test_a_dossier_goes_through_every_step_with_deadlines_in_working_days(
        catalog, disabled, cast_c):
    officer, leader = cast_c
    case = _open(officer, disabled)
    # Received Wednesday 29/4/2026: 30/4 and 1/5 are holidays, 2–3/5 a weekend.
    assert case.procedure == "d147_2025"
    assert case.step_due_on == date(2026, 5, 8)  # checking: 5 working days
    assert case.due_on == date(2026, 5, 15)  # 10 working days in all
    assert [d.name for d in case.documents.all()] == _category("K6").documents
    with pytest.raises(DomainError, match="niêm yết"):
        case_advance(actor=officer, case=case)
        case_advance(actor=officer, case=case)
    case.refresh_from_db()
    posting_create(actor=officer, commune=case.commune, title="Niêm yết", opens_on=date(2026, 5, 8),
                   cases=[case])
    case_advance(actor=officer, case=case)
    assert case.step == "posted"
    with pytest.raises(DomainError, match="Còn thiếu giấy tờ"):
        case_decide(actor=leader, case=case, decision=DecisionInput(
            "15/QĐ-UBND", date(2026, 5, 14), "Trần Văn Bình"))
    for document in case.documents.all():
        case_document_update(actor=officer, document=document, received=True)
    decision = case_decide(actor=leader, case=case, decision=DecisionInput(
        "15/QĐ-UBND", date(2026, 5, 14), "Trần Văn Bình"))
    case.refresh_from_db()
    assert case.step == "decided" and not case.is_open and case.decision == decision
    assert [s.step for s in case.steps.all()] == ["received", "checked", "posted", "decided"]
    benefit = Benefit.objects.get(person=disabled)
    # Disability: from the certificate month, but not before the dossier came (April).
    assert (benefit.start_month, benefit.monthly_amount, benefit.hundredths) == (
        date(2026, 4, 1), 750_000, 150)


def test_the_district_route_applied_before_july_2025(catalog, disabled, cast_c):
    officer, _leader = cast_c
    case = _open(officer, disabled, received_on=date(2025, 3, 3))
    assert case.procedure == "d20_2021"
    # 7 + 2 + 3 + 7 + 3 working days from Monday 3/3/2025.
    assert case.due_on == date(2025, 4, 2)


def test_who_prepared_a_dossier_cannot_approve_it(catalog, disabled, cast_c):
    officer, leader = cast_c
    case = _open(leader, disabled)  # the leader prepared it
    _through_posting(case, officer)
    with pytest.raises(PermissionDenied, match="Người lập hồ sơ không được tự phê duyệt"):
        case_decide(actor=leader, case=case, decision=DecisionInput(
            "16/QĐ-UBND", date(2026, 5, 14), "Trần Văn Bình"))
    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo"):
        case_decide(actor=officer, case=case, decision=DecisionInput(
            "16/QĐ-UBND", date(2026, 5, 14), "Trần Văn Bình"))
    assert not Benefit.objects.exists()


def test_a_person_not_eligible_gets_a_reason_and_no_dossier(catalog, make_person, cast_c, geo):
    officer, _leader = cast_c
    young = make_person(born=date(1990, 1, 1), commune=geo.commune_c)
    with pytest.raises(DomainError, match="chưa đủ điều kiện nhóm K5c"):
        _open(officer, young, code="K5c")
    assert not Case.objects.exists()


def test_hiv_status_never_appears_on_a_posting(catalog, make_person, cast_c, geo):
    officer, _leader = cast_c
    person = make_person(born=date(1990, 1, 1), hiv=True, poverty="poor", commune=geo.commune_c,
                         circumstances=("no_stable_income",), name="Phạm Văn Kiên")
    case = _open(officer, person, code="K8")
    case_advance(actor=officer, case=case)
    posting = posting_create(actor=officer, commune=case.commune, title="Niêm yết",
                             opens_on=date(2026, 5, 8), cases=[case])
    [entry] = posting.entries.all()
    assert entry.full_name == "Phạm Văn Kiên"
    assert entry.group_label == Policy.objects.get(code="TGXH").name
    posted_text = " ".join(str(v) for v in entry.__dict__.values()).lower()
    assert "hiv" not in posted_text and "K8" not in posted_text
    feedback = posting_feedback_record(actor=officer, posting=posting, content="Đề nghị xem lại",
                                       received_on=date(2026, 5, 8), entry=entry)
    assert feedback.answer_due_on == date(2026, 5, 22)  # 10 working days


def test_a_death_stops_benefits_from_the_next_month_and_opens_the_funeral_dossier(
        catalog, disabled, cast_c):
    officer, leader = cast_c
    case = _open(officer, disabled)
    _through_posting(case, officer)
    case_decide(actor=leader, case=case, decision=DecisionInput(
        "17/QĐ-UBND", date(2026, 5, 14), "Trần Văn Bình"))
    person_record_death(actor=officer, person=disabled, died_on=date(2026, 9, 12))
    benefit = Benefit.objects.get(person=disabled, one_off=False)
    assert benefit.status == BenefitStatus.STOPPED
    assert (benefit.end_month, benefit.status_from) == (date(2026, 9, 1), date(2026, 10, 1))
    funeral = Case.objects.get(kind=CaseKind.FUNERAL, person=disabled)
    assert funeral.amount == 20 * 500_000 and funeral.is_open
    assert "Điều 11" in funeral.explanation


def test_confirming_a_past_base_level_owes_arrears_on_running_benefits(
        catalog, disabled, cast_c):
    officer, leader = cast_c
    case = _open(officer, disabled)
    _through_posting(case, officer)
    case_decide(actor=leader, case=case, decision=DecisionInput(
        "18/QĐ-UBND", date(2026, 5, 14), "Trần Văn Bình"))
    version = ParameterVersion.objects.get(parameter__code="TGXH_MC", value=540_000)
    ParameterVersion.objects.filter(pk=version.pk).update(confidence="verified")
    assert arrears_for_version(version) == 1
    arrear = Arrear.objects.get()
    # July to October 2026 (the months before today's), 1,5 × (540.000 − 500.000) each.
    assert (arrear.from_month, arrear.to_month) == (date(2026, 7, 1), date(2026, 10, 1))
    assert arrear.amount == 4 * 60_000
    assert arrears_for_version(version) == 1 and Arrear.objects.count() == 1  # not twice


def test_the_gap_finder_lists_the_eligible_without_benefit_or_dossier(
        catalog, make_person, disabled, cast_c, geo):
    officer, _leader = cast_c
    old = make_person(born=date(1940, 3, 1), commune=geo.commune_c, name="Võ Thị Lành")
    at = date(2026, 6, 1)
    gaps = {(g.person_id, g.category) for g in gaps_find(commune=geo.commune_c, at=at)}
    assert (old.pk, "HT75") in gaps and (disabled.pk, "K6") in gaps
    _open(officer, disabled)
    gaps = {(g.person_id, g.category) for g in gaps_find(commune=geo.commune_c, at=at)}
    assert (disabled.pk, "K6") not in gaps and (old.pk, "HT75") in gaps


def test_the_audit_log_names_a_restricted_category_only_as_restricted(
        catalog, make_person, cast_c, geo):
    from ansinh.core.models import AuditEvent

    officer, _leader = cast_c
    person = make_person(born=date(1990, 1, 1), hiv=True, poverty="poor", commune=geo.commune_c,
                         circumstances=("no_stable_income",))
    case = _open(officer, person, code="K8")
    event = AuditEvent.objects.get(action="cases.case.open", object_id=str(case.pk))
    assert event.changes["category"] == "restricted"
    assert "K8" not in str(event.changes)


def test_the_amount_of_any_dossier_comes_from_the_engine(catalog, make_person, cast_c, geo):
    officer, _leader = cast_c
    elder = make_person(born=date(1936, 3, 1), commune=geo.commune_c, name="Đỗ Văn Thọ")
    found = [c for c in Category.objects.filter(policy__code="MUNGTHO")
             if _entitled(elder, c, date(2026, 4, 29))]
    assert found, "a 90-year-old qualifies for a longevity gift"
    case = case_open(actor=officer, commune=geo.commune_c, request=CaseRequest(
        kind=CaseKind.ONE_OFF, person=elder, policy=found[0].policy, category=found[0],
        received_on=date(2026, 4, 29)))
    assert case.amount == _entitled(elder, found[0], date(2026, 4, 29)) > 0
    assert case.explanation
    # Funeral support needs a recorded death.
    funeral = _category("MT", "MAITANG")
    with pytest.raises(DomainError, match="Chưa ghi nhận"):
        case_open(actor=officer, commune=geo.commune_c, request=CaseRequest(
            kind=CaseKind.FUNERAL, person=elder, policy=funeral.policy, category=funeral))


def _entitled(person, category, at) -> int:
    from ansinh.policies.eligibility import person_entitlements

    return next((e.amount for e in person_entitlements(person.pk, at,
                                                       policy_codes=[category.policy.code])
                 if e.category == category.code and e.paid), 0)


def test_an_adjustment_must_stay_within_the_benefits_policy(catalog, disabled, cast_c):
    officer, leader = cast_c
    case = _open(officer, disabled)
    _through_posting(case, officer)
    case_decide(actor=leader, case=case, decision=DecisionInput(
        "19/QĐ-UBND", date(2026, 5, 14), "Trần Văn Bình"))
    benefit = Benefit.objects.get(person=disabled)
    care = Category.objects.exclude(policy__code="TGXH").filter(policy__kind="monthly")[0]
    with pytest.raises(DomainError, match="cùng chính sách"):
        case_open(actor=officer, commune=disabled.commune, request=CaseRequest(
            kind=CaseKind.ADJUST, person=disabled, policy=care.policy, category=care,
            benefit=benefit))


def test_a_dossier_is_posted_once_and_only_when_its_posting_step_is_due(
        catalog, disabled, cast_c):
    officer, _leader = cast_c
    case = _open(officer, disabled)
    with pytest.raises(DomainError, match="chưa đến bước niêm yết"):
        posting_create(actor=officer, commune=case.commune, title="Sớm quá",
                       opens_on=date(2026, 5, 8), cases=[case])
    case_advance(actor=officer, case=case)
    first = posting_create(actor=officer, commune=case.commune, title="Niêm yết",
                           opens_on=date(2026, 5, 8), cases=[case])
    with pytest.raises(DomainError, match="đã được niêm yết"):
        posting_create(actor=officer, commune=case.commune, title="Lần nữa",
                       opens_on=date(2026, 5, 11), cases=[case])
    other = make_feedback_target(officer, disabled)
    with pytest.raises(DomainError, match="không thuộc danh sách"):
        posting_feedback_record(actor=officer, posting=other, content="Sai người",
                                received_on=date(2026, 5, 8), entry=first.entries.get())


def make_feedback_target(officer, person):
    """A second posting of the same commune, with another dossier on it."""
    from ansinh.registry.models import Person

    sibling = Person.objects.create(
        household=person.household, commune=person.commune, full_name="Lê Văn Nam",
        name_key="le van nam", sex="M", birth_date=date(1981, 1, 1), birth_precision="day",
        birth_year=1981, disability_level="severe", disability_certified_on=date(2026, 3, 1))
    case = _open(officer, sibling)
    case_advance(actor=officer, case=case)
    return posting_create(actor=officer, commune=person.commune, title="Niêm yết đợt 2",
                          opens_on=date(2026, 5, 11), cases=[case])


def test_documents_of_a_closed_dossier_stay_as_decided(catalog, disabled, cast_c):
    officer, leader = cast_c
    case = _open(officer, disabled)
    _through_posting(case, officer)
    case_decide(actor=leader, case=case, decision=DecisionInput(
        "20/QĐ-UBND", date(2026, 5, 14), "Trần Văn Bình"))
    document = case.documents.all()[0]
    with pytest.raises(DomainError, match="Hồ sơ đã kết thúc"):
        case_document_update(actor=officer, document=document, received=False)
    document.refresh_from_db()
    assert document.received
