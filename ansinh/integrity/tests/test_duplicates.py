"""Duplicate persons: each kind found and explained with the stored model, review decisions
kept across runs, and a merge that keeps history and flags double payments."""

from __future__ import annotations

import json
from datetime import date
from itertools import count
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ansinh.cases.models import Benefit, BenefitStatus, Decision
from ansinh.core.errors import DomainError, PermissionDenied
from ansinh.core.models import AuditEvent
from ansinh.core.text import normalize_text
from ansinh.integrity import duplicates, linkage
from ansinh.integrity.merge import pair_confirm
from ansinh.integrity.models import DedupRun, DuplicatePair, Finding, PairStatus
from ansinh.payroll.models import Cycle, Line, LineKind, LineStatus
from ansinh.policies.models import Category
from ansinh.registry.models import (
    Household,
    LifeEvent,
    LifeEventKind,
    Person,
    PersonStatus,
    given_key_of,
)
from ansinh.registry.synth import synth_people

_codes = count(1)


def _person(commune: Any, name: str, *, born: date | None, year: int, sex: str = "F",
            precision: str = "day", national_id: str | None = None, phone: str = "",
            status: str = PersonStatus.LIVING) -> Person:
    household = Household.objects.create(commune=commune, code=f"T{next(_codes):06d}")
    key = normalize_text(name)
    return Person.objects.create(
        household=household, commune=commune, full_name=name, name_key=key,
        given_key=given_key_of(key), sex=sex, birth_date=born, birth_precision=precision,
        birth_year=year, national_id=national_id, phone=phone, ethnicity="01", status=status)


@pytest.fixture
def crowd(geo):
    """Three hundred synthetic persons over communes A and B, for the model to weigh
    names against."""
    synth_people(province=geo.hanoi, persons=300, seed=3, as_of=date(2026, 6, 1))
    return geo


def _pair(a: Person, b: Person) -> DuplicatePair | None:
    low, high = sorted((a.pk, b.pk))
    return DuplicatePair.objects.filter(person_a_id=low, person_b_id=high).first()


def _levels(pair: DuplicatePair) -> dict[str, str]:
    return {e["field"]: e["level"] for e in pair.explanation}


# Each kind: (what the second record changes, the field whose explanation shows it).
KINDS: dict[str, tuple[dict[str, Any], tuple[str, str]]] = {
    "accents": ({"name": "NGUYEN THI LANH"}, ("given", "Trùng tên")),
    "year_only": ({"born": None, "precision": "year"},
                  ("birth", "Cùng năm sinh (một bên chỉ ghi năm hoặc tháng)")),
    "day_month_swap": ({"born": date(1958, 7, 3)}, ("birth", "Đảo ngày và tháng sinh")),
    "cccd_digit": ({"national_id": "001158012346"},
                   ("national_id", "Khác một chữ số (có thể gõ nhầm)")),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_kind_of_duplicate_is_found_and_explained(crowd, kind):
    original = _person(crowd.commune_a, "Nguyễn Thị Lành", born=date(1958, 3, 7), year=1958,
                       national_id="001158012345", phone="0912345678")
    changes, (field, level) = KINDS[kind]
    copy = _person(crowd.commune_a, changes.get("name", "Nguyễn Thị Lành"),
                   born=changes.get("born", date(1958, 3, 7)), year=1958,
                   precision=changes.get("precision", "day"),
                   national_id=changes.get("national_id"), phone="0912345678")

    run = duplicates.find_duplicates()

    pair = _pair(original, copy)
    assert pair is not None, f"{kind}: not found among {run.pairs_found} pairs"
    assert pair.probability >= linkage.DEFAULT_THRESHOLD
    assert _levels(pair)[field] == level
    assert pair.commune_a_id == pair.commune_b_id == crowd.commune_a.pk


def test_a_person_who_moved_commune_is_found_across_communes(crowd):
    old = _person(crowd.commune_a, "Hoàng Văn Khiêm", born=date(1949, 11, 2), year=1949,
                  sex="M", status=PersonStatus.MOVED)
    new = _person(crowd.commune_b, "Hoàng Văn Khiêm", born=date(1949, 11, 2), year=1949,
                  sex="M")

    duplicates.find_duplicates()

    pair = _pair(old, new)
    assert pair is not None
    assert _levels(pair)["place"] == "Khác xã, phường; một bên đã ghi chuyển đi"
    assert {pair.commune_a_id, pair.commune_b_id} == {crowd.commune_a.pk, crowd.commune_b.pk}
    # Scoped to commune B, the run still compares within B only: the pair is not found there.
    assert duplicates.find_duplicates(unit=crowd.commune_b).pairs_found == 0


def test_different_people_with_the_same_common_name_are_not_paired(crowd):
    one = _person(crowd.commune_a, "Nguyễn Văn Hùng", born=date(1980, 5, 1), year=1980,
                  sex="M", national_id="001080000111")
    other = _person(crowd.commune_a, "Nguyễn Văn Hùng", born=date(1980, 9, 21), year=1980,
                    sex="M", national_id="001080777999")

    duplicates.find_duplicates()

    assert _pair(one, other) is None


def test_a_dismissed_pair_stays_dismissed(crowd, cast):
    a = _person(crowd.commune_a, "Lò Thị Pọm", born=date(1990, 2, 14), year=1990)
    b = _person(crowd.commune_a, "Lo Thi Pom", born=None, year=1990, precision="year")
    duplicates.find_duplicates()
    pair = _pair(a, b)
    assert pair is not None and pair.status == PairStatus.PENDING

    duplicates.pair_dismiss(cast.officer_a, pair, "Hai chị em sinh đôi")
    run = duplicates.find_duplicates()

    pair.refresh_from_db()
    assert pair.status == PairStatus.DISMISSED
    assert pair.decision_note == "Hai chị em sinh đôi"
    assert run.pairs_new == 0
    assert DuplicatePair.objects.filter(person_a=pair.person_a, person_b=pair.person_b).count() == 1
    assert AuditEvent.objects.filter(action="integrity.pair.dismiss").count() == 1


def test_review_is_scoped_and_read_only_roles_cannot_decide(crowd, cast):
    a = _person(crowd.commune_a, "Vi Văn Sình", born=date(1970, 1, 9), year=1970, sex="M",
                phone="0911222333")
    b = _person(crowd.commune_b, "Vi Văn Sình", born=date(1970, 1, 9), year=1970, sex="M",
                phone="0911222333")
    duplicates.find_duplicates()
    pair = _pair(a, b)
    assert pair is not None

    with pytest.raises(PermissionDenied):
        duplicates.pair_dismiss(cast.supervisor_a, pair)
    # An officer of one commune may not merge a person of another commune into theirs.
    with pytest.raises(PermissionDenied):
        pair_confirm(cast.officer_a, pair)
    pair_confirm(cast.province_officer, pair)
    pair.refresh_from_db()
    assert pair.status == PairStatus.CONFIRMED


def _paid_line(person: Person, benefit: Benefit, month: date, amount: int) -> Line:
    cycle, _created = Cycle.objects.get_or_create(
        commune=person.commune, policy=benefit.policy, month=month, programme=None,
        defaults={"status": Cycle.Status.CLOSED})
    return Line.objects.create(
        cycle=cycle, kind=LineKind.REGULAR, benefit=benefit, person=person, for_month=month,
        amount=amount, hundredths=150, base=amount * 100 // 150, full_name=person.full_name,
        category_code=benefit.category.code, category_label=benefit.category.name,
        status=LineStatus.PAID, paid_on=month)


def _benefit(person: Person, officer: Any, number: str) -> Benefit:
    decision = Decision.objects.create(
        commune=person.commune, number=number, signed_on=date(2025, 1, 5),
        signer_name="Trần Văn Bình", summary="", recorded_by=officer)
    category = Category.objects.get(policy__code="TGXH", code="K6")
    return Benefit.objects.create(
        person=person, commune=person.commune, policy=category.policy, category=category,
        hundredths=150, base_parameters="TGXH_MC", monthly_amount=750_000,
        start_month=date(2025, 1, 1), decision=decision)


def test_a_merge_keeps_history_and_flags_double_payments(crowd, cast, catalog):
    keep = _person(crowd.commune_a, "Đinh Thị Nhung", born=date(1950, 4, 2), year=1950,
                   national_id="001150009876")
    dup = _person(crowd.commune_a, "DINH THI NHUNG", born=None, year=1950, precision="year",
                  phone="0987000111")
    LifeEvent.objects.create(kind=LifeEventKind.MOVE_WITHIN, effective_date=date(2024, 3, 1),
                             person=dup, household=dup.household, note="Chuyển tổ")
    kept_benefit = _benefit(keep, cast.officer_a, "1/QĐ-UBND")
    dup_benefit = _benefit(dup, cast.officer_a, "2/QĐ-UBND")
    for month in (date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)):
        _paid_line(keep, kept_benefit, month, 750_000)
    # The duplicate record was paid February and March again, and April alone.
    for month in (date(2025, 2, 1), date(2025, 3, 1)):
        _paid_line(dup, dup_benefit, month, 750_000)
    _paid_line(dup, dup_benefit, date(2025, 4, 1), 750_000)
    duplicates.find_duplicates()
    pair = _pair(keep, dup)
    assert pair is not None

    with CaptureQueriesContext(connection) as merging:
        result = pair_confirm(cast.officer_a, pair, note="Cùng một người, hai danh sách")

    keep.refresh_from_db()
    dup.refresh_from_db()
    assert result.survivor == keep  # the record with a CCCD is kept by default
    assert dup.status == PersonStatus.MERGED and dup.merged_into_id == keep.pk
    assert keep.phone == "0987000111"  # a field only the duplicate had is carried over
    # History: the duplicate's life events now read under the survivor, and both show the merge.
    assert LifeEvent.objects.filter(person=keep, kind=LifeEventKind.MOVE_WITHIN).count() == 1
    assert LifeEvent.objects.filter(kind=LifeEventKind.PERSON_MERGE,
                                    person__in=[keep, dup]).count() == 2
    # Benefits: the duplicate's running benefit of the same policy is stopped, and moves over.
    dup_benefit.refresh_from_db()
    assert dup_benefit.status == BenefitStatus.STOPPED and dup_benefit.person_id == keep.pk
    assert Line.objects.filter(person=dup).count() == 0
    assert Line.objects.filter(person=keep).count() == 6
    # Found through the duplicate's benefits: a payment line's person has no index.
    [moving] = [q["sql"] for q in merging.captured_queries
                if q["sql"].startswith('UPDATE "payroll_line" SET "person_id"')]
    assert '"payroll_line"."benefit_id" IN' in moving
    # Double payments: February and March, one finding each, with the amount to recover.
    flagged = Finding.objects.filter(rule="PAID_TWICE").order_by("key")
    assert [f.details["month"] for f in flagged] == ["2025-02-01", "2025-03-01"]
    assert sum(f.amount or 0 for f in flagged) == 1_500_000
    assert all(f.person_id == keep.pk for f in flagged)
    assert list(flagged) == result.double_payments
    pair.refresh_from_db()
    assert pair.status == PairStatus.CONFIRMED
    with pytest.raises(DomainError):
        pair_confirm(cast.officer_a, pair)


def test_merged_records_are_left_out_of_later_runs(crowd, cast):
    a = _person(crowd.commune_a, "Sầm Thị Mai", born=date(1966, 8, 8), year=1966)
    b = _person(crowd.commune_a, "Sam Thi Mai", born=date(1966, 8, 8), year=1966)
    duplicates.find_duplicates()
    pair = _pair(a, b)
    assert pair is not None
    pair_confirm(cast.officer_a, pair)

    frame = duplicates.person_frame(crowd.commune_a)

    ids = set(frame["unique_id"].to_list())
    assert pair.person_a_id in ids and pair.person_b_id not in ids


def test_training_stores_a_model_that_later_runs_use(crowd):
    synth_people(province=crowd.hanoi, persons=1200, seed=4, as_of=date(2026, 6, 1))
    before = duplicates.active_model()

    model = duplicates.train_model()

    assert model.is_active and model.pk != before.pk
    assert model.trained_on == Person.objects.count()
    levels = {c["output_column_name"] for c in model.settings_json["comparisons"]}
    assert {"given", "family_middle", "birth", "national_id", "place"} <= levels
    run = duplicates.find_duplicates()
    assert run.model_id == model.pk


def test_a_bad_threshold_is_refused(crowd):
    with pytest.raises(DomainError) as refused:
        duplicates.find_duplicates(threshold=1.5)
    assert refused.value.field == "threshold"


def test_the_dedup_command_reports_what_it_found_and_refuses_bad_input(crowd, capsys):
    _person(crowd.commune_a, "Hà Thị Nụ", born=date(1955, 2, 3), year=1955)
    _person(crowd.commune_a, "HA THI NU", born=None, year=1955, precision="year")

    call_command("dedup", unit=crowd.commune_a.code)

    out = capsys.readouterr().out
    run = DedupRun.objects.get()
    assert run.unit == crowd.commune_a and run.pairs_found >= 1
    assert (f"{run.pairs_found} cặp nghi trùng, {run.pairs_new} cặp mới, ngưỡng 0,95"
            in out)
    with pytest.raises(CommandError, match="Không có đơn vị hành chính hiện hành mã “99999”"):
        call_command("dedup", unit="99999")
    with pytest.raises(CommandError, match="Ngưỡng xác suất phải lớn hơn 0"):
        call_command("dedup", threshold=1.5)


def test_a_record_matching_two_namesakes_is_weighed_against_both(crowd):
    # Two women of one name and year, each with her CCCD, and a record of one of them with
    # only the year: Splink alone scores both pairs alike; at most one can be right.
    first = _person(crowd.commune_a, "Đinh Thị Lụa", born=date(1958, 3, 7), year=1958,
                    national_id="001158012345")
    second = _person(crowd.commune_a, "Đinh Thị Lụa", born=date(1958, 10, 20), year=1958,
                     national_id="001158067890")
    record = _person(crowd.commune_a, "DINH THI LUA", born=None, year=1958, precision="year")
    frame = duplicates.person_frame()
    model = duplicates.runnable(duplicates.active_model().settings_json)

    alone = duplicates.score(frame, model, 0.01, rivals=False)
    weighed = duplicates.score(frame, model, 0.01)

    def probabilities(pairs):
        return {(a, b): p for a, b, p in pairs.select(
            "person_a", "person_b", "match_probability").iter_rows()}

    low, high = (min(record.pk, first.pk), max(record.pk, first.pk))
    assert probabilities(alone)[low, high] > 0.5
    assert probabilities(weighed)[low, high] < 0.5
    assert probabilities(weighed)[low, high] < probabilities(alone)[low, high]
    explanation = json.loads(weighed.filter(person_a=low, person_b=high)["explanation"][0])
    rivals = [e for e in explanation if e["field"] == linkage.RIVALS_FIELD]
    assert rivals and rivals[0]["level"] == "Cũng có thể trùng với 1 người khác"
    assert rivals[0]["weight"] < 0
    # At the default threshold neither pair is offered as a near certainty.
    duplicates.find_duplicates()
    assert _pair(record, first) is None and _pair(record, second) is None


def test_one_person_listed_three_times_keeps_all_three_pairs(crowd):
    records = [
        _person(crowd.commune_a, "Lò Văn Piếng", born=date(1950, 4, 9), year=1950, sex="M",
                national_id="011050012345", phone="0987654321"),
        _person(crowd.commune_a, "LO VAN PIENG", born=date(1950, 4, 9), year=1950, sex="M",
                phone="0987654321"),
        _person(crowd.commune_a, "Lò  Văn  Piếng", born=None, year=1950, sex="M",
                precision="year", phone="0987654321"),
    ]

    duplicates.find_duplicates()

    pairs = [_pair(records[i], records[j]) for i, j in ((0, 1), (0, 2), (1, 2))]
    assert all(pair is not None for pair in pairs)
    assert all(pair.probability >= linkage.DEFAULT_THRESHOLD for pair in pairs if pair)


def test_the_pair_page_names_the_rivals_of_a_pair(crowd, cast, client_as):
    _person(crowd.commune_a, "Đinh Thị Lụa", born=date(1958, 3, 7), year=1958,
            national_id="001158012345")
    _person(crowd.commune_a, "Đinh Thị Lụa", born=date(1958, 10, 20), year=1958,
            national_id="001158067890")
    record = _person(crowd.commune_a, "DINH THI LUA", born=None, year=1958, precision="year")
    duplicates.find_duplicates(threshold=0.05)  # low enough to keep both weakened pairs
    pair = DuplicatePair.objects.filter(person_b=record).first()
    assert pair is not None

    page = client_as(cast.officer_a).get(f"/kiem-tra/trung-lap/{pair.pk}/").content.decode()

    weight = next(e["weight"] for e in pair.explanation if e["field"] == "rivals")
    assert f'data-field="rivals" data-weight="{weight}"' in page
    assert "Người khác cùng khớp" in page and "Cũng có thể trùng với 1 người khác" in page
    assert f"\u2212{abs(weight):.1f}".replace(".", ",") in page


def test_a_first_run_builds_the_pair_indexes_once_and_later_runs_keep_them(crowd):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ansinh.core.testing import dropped_indexes, table_indexes

    a = _person(crowd.commune_a, "Đinh Thị Nhung", born=date(1975, 4, 2), year=1975)
    b = _person(crowd.commune_a, "Dinh Thi Nhung", born=None, year=1975, precision="year")
    before = table_indexes(DuplicatePair)
    plain = {name for name, (_columns, unique) in before.items() if not unique}
    # person_b, the two runs, the decider, the two communes' review queues
    assert len(plain) >= 5
    assert ["person_a_id", "person_b_id"] in [columns for columns, unique in before.values()
                                              if unique]

    with CaptureQueriesContext(connection) as first:
        duplicates.find_duplicates()

    assert _pair(a, b) is not None
    assert table_indexes(DuplicatePair) == before
    if connection.vendor == "sqlite":  # the table was empty: its plain indexes built once
        assert dropped_indexes(first.captured_queries) == plain
    else:  # PostgreSQL writes the pairs through its indexes
        assert dropped_indexes(first.captured_queries) == set()
    with CaptureQueriesContext(connection) as again:
        run = duplicates.find_duplicates()
    assert run.pairs_found >= 1 and run.pairs_new == 0
    assert dropped_indexes(again.captured_queries) == set()
    assert table_indexes(DuplicatePair) == before
