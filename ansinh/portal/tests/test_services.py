"""The portal's rules: one answer for every miss of the own-benefit lookup, limits per client
and per CCCD counted on the log, feedback from submission to answer, one vote per person per
quarter, children named by initials."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from ansinh.core.errors import DomainError, PermissionDenied
from ansinh.portal.models import Feedback, Lookup, Vote
from ansinh.portal.selectors import benefit_rows, benefits_in_force, initials, shown_name
from ansinh.portal.services import (
    LOOKUPS_PER_CLIENT,
    LOOKUPS_PER_ID,
    FeedbackInput,
    benefit_lookup,
    feedback_answer,
    feedback_by_code,
    feedback_submit,
    keyed_hash,
    vote_cast,
)
from ansinh.registry.models import Person

pytestmark = pytest.mark.django_db

CCCD = "001085012345"


@pytest.fixture
def resident(catalog, geo, make_person, make_benefit):
    person = make_person(born=date(1985, 3, 9), disability="severe", commune=geo.commune_a,
                         name="Lê Thị Hoa", sex="F")
    Person.objects.filter(pk=person.pk).update(national_id=CCCD)
    make_benefit(person, "K6", start=date(2026, 1, 1), hundredths=150)
    return person


def test_the_lookup_answers_a_miss_the_same_way_whatever_the_miss(geo, resident):
    found = benefit_lookup(commune=geo.commune_a, national_id=CCCD, birth_date=date(1985, 3, 9),
                           client="a")
    assert found.found and found.full_name == "Lê Thị Hoa"
    assert [b.group for b in found.benefits] == [
        "Người khuyết tật nặng, đặc biệt nặng"]
    wrong_date = benefit_lookup(commune=geo.commune_a, national_id=CCCD,
                                birth_date=date(1985, 3, 10), client="b")
    unknown = benefit_lookup(commune=geo.commune_a, national_id="001085099999",
                             birth_date=date(1985, 3, 9), client="c")
    other_commune = benefit_lookup(commune=geo.commune_b, national_id=CCCD,
                                   birth_date=date(1985, 3, 9), client="d")
    assert wrong_date == unknown == other_commune
    assert not wrong_date.found and not wrong_date.limited
    # Every lookup is logged, without the CCCD in the clear.
    assert Lookup.objects.count() == 4
    assert not Lookup.objects.filter(id_hash__contains=CCCD).exists()
    assert Lookup.objects.filter(id_hash=keyed_hash(f"id:{CCCD}")).count() == 3


def test_lookups_are_limited_per_client_and_per_cccd(geo, resident):
    for n in range(LOOKUPS_PER_CLIENT):
        benefit_lookup(commune=geo.commune_a, national_id=f"00108501{n:04d}",
                       birth_date=date(1985, 3, 9), client="same-client")
    limited = benefit_lookup(commune=geo.commune_a, national_id=CCCD,
                             birth_date=date(1985, 3, 9), client="same-client")
    assert limited.limited and not limited.found  # even the right answer is not given
    for n in range(LOOKUPS_PER_ID):
        benefit_lookup(commune=geo.commune_a, national_id="001085077777",
                       birth_date=date(1985, 3, n + 1), client=f"client-{n}")
    probing = benefit_lookup(commune=geo.commune_a, national_id="001085077777",
                             birth_date=date(1985, 3, 9), client="fresh-client")
    assert probing.limited
    assert Lookup.objects.filter(refused=True).count() == 2
    # Another person, from a fresh client, is still answered.
    assert benefit_lookup(commune=geo.commune_a, national_id=CCCD,
                          birth_date=date(1985, 3, 9), client="another").found


def test_feedback_from_submission_to_answer(cast, geo, resident):
    with pytest.raises(DomainError, match="ít nhất 10 ký tự"):
        feedback_submit(commune=geo.commune_a, client="x", data=FeedbackInput(
            topic="payment", content="ngắn"))
    feedback = feedback_submit(commune=geo.commune_a, client="x", data=FeedbackInput(
        topic="payment", content="Tháng này tôi chưa nhận được tiền trợ cấp.",
        sender="Lê Thị Hoa", contact="0912 345 678"))
    assert len(feedback.code) == 8 and feedback.due_on > timezone.localdate()
    assert feedback_by_code(feedback.code.lower()) == feedback
    with pytest.raises(PermissionDenied):
        feedback_answer(actor=cast.supervisor_a, feedback=feedback, answer="Đã kiểm tra lại.")
    from ansinh.core.errors import NotFound

    with pytest.raises(NotFound):
        feedback_answer(actor=cast.officer_b, feedback=feedback, answer="Đã kiểm tra lại.")
    feedback_answer(actor=cast.officer_a, feedback=feedback,
                    answer="Tiền tháng này được chi vào ngày 15, mời bà đến nhận tại tổ 3.")
    seen = feedback_by_code(feedback.code)
    assert seen is not None and seen.status == "answered" and "ngày 15" in seen.answer


def test_one_vote_per_person_per_quarter(geo):
    vote_cast(commune=geo.commune_a, national_id=CCCD, rating=4, comment="Cán bộ tận tình",
              client="x")
    with pytest.raises(DomainError, match="một lần trong một quý"):
        vote_cast(commune=geo.commune_a, national_id="001 085 012 345", rating=1, comment="",
                  client="y")
    vote_cast(commune=geo.commune_a, national_id="001085054321", rating=2, comment="", client="x")
    with pytest.raises(DomainError, match="12 chữ số"):
        vote_cast(commune=geo.commune_a, national_id="12345", rating=3, comment="", client="x")
    assert Vote.objects.count() == 2 and not Vote.objects.filter(voter_hash__contains=CCCD)


def test_children_are_named_by_initials_on_public_lists(geo, make_person, make_benefit, catalog):
    today = timezone.localdate()
    child = make_person(born=date(today.year - 10, 1, 1), commune=geo.commune_a,
                        name="Trần Thị Bích Ngọc", sex="F")
    make_benefit(child, "K1", start=date(2026, 1, 1), hundredths=250)
    rows = benefit_rows(list(benefits_in_force(geo.commune_a)))
    assert [r.name for r in rows] == ["T.T.B.N."]
    assert initials("Nguyễn Văn An") == "N.V.A."
    assert shown_name("Nguyễn Văn An", today.year - 16, today) == "Nguyễn Văn An"
    assert Feedback.objects.count() == 0


def test_the_lookup_shows_the_residents_own_payments_of_approved_lists(
        geo, resident, make_person, make_benefit):
    from ansinh.cases.models import Benefit
    from ansinh.payroll.models import Cycle, Line, LineStatus

    neighbour = make_person(born=date(1950, 1, 1), commune=geo.commune_a, name="Phạm Văn Lộc")
    make_benefit(neighbour, "K6", start=date(2026, 1, 1), hundredths=150)
    month = timezone.localdate().replace(day=1)
    approved = Cycle.objects.create(commune=geo.commune_a, policy=resident.benefits.get().policy,
                                    month=month, status=Cycle.Status.APPROVED)
    for benefit in Benefit.objects.filter(commune=geo.commune_a):
        Line.objects.create(
            cycle=approved, kind="regular", benefit=benefit, person=benefit.person,
            for_month=month, amount=975_000 if benefit.person == resident else 750_000,
            full_name=benefit.person.full_name, category_code="K6", category_label="K6",
            status=LineStatus.PAID, paid_on=month.replace(day=10))
    draft = Cycle.objects.create(commune=geo.commune_a, policy=approved.policy,
                                 month=date(month.year + 1, month.month, 1))
    Line.objects.create(cycle=draft, kind="regular", benefit=resident.benefits.get(),
                        person=resident, for_month=draft.month, amount=975_000,
                        full_name=resident.full_name, category_code="K6", category_label="K6")

    found = benefit_lookup(commune=geo.commune_a, national_id=CCCD, birth_date=date(1985, 3, 9),
                           client="a")

    # Hers only (found through her benefits), and not the draft's.
    assert [(p.month, p.amount, p.paid_on) for p in found.payments] == [
        (month, 975_000, month.replace(day=10))]
