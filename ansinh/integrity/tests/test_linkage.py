"""The weighing of a pair against its rivals, on hand-made predictions; the blocks' keys; the
one-digit-off level of CCCDs."""

from __future__ import annotations

import json
import math
import random
from datetime import date

import duckdb
import polars as pl
import pytest

from ansinh.integrity import linkage


def _predictions(*pairs: tuple[int, int, float]) -> pl.DataFrame:
    """Splink-shaped predictions: (left id, right id, match weight)."""
    return pl.DataFrame(
        [(left, right, weight, 1 / (1 + 2.0 ** -weight)) for left, right, weight in pairs],
        schema=["unique_id_l", "unique_id_r", "match_weight", "match_probability"],
        orient="row")


def _by_pair(pairs: pl.DataFrame) -> dict[tuple[int, int], float]:
    return {(a, b): p for a, b, p in pairs.select(
        "person_a", "person_b", "match_probability").iter_rows()}


def test_a_record_with_two_candidates_has_them_weighed_against_each_other():
    # Record 1 matches 2 and 3 with odds 1024 each; 2 and 3 are not one person.
    pairs = linkage.pairs_with_explanations(_predictions((1, 2, 10.0), (3, 1, 10.0)), 0.01)

    odds = 1024 / (1 + 1024)
    assert _by_pair(pairs) == pytest.approx({(1, 2): odds / (1 + odds),
                                             (1, 3): odds / (1 + odds)})
    explanation = json.loads(pairs["explanation"][0])
    assert explanation == [{"field": "rivals", "label": "Người khác cùng khớp",
                            "level": "Cũng có thể trùng với 1 người khác",
                            "weight": round(-math.log2(1 + 1024), 2)}]


def test_three_records_of_one_person_are_not_rivals():
    pairs = linkage.pairs_with_explanations(
        _predictions((1, 2, 10.0), (1, 3, 10.0), (2, 3, 10.0)), 0.01)

    # Each rival is discounted by the chance it is the other record's person: 1 - 1024/1025.
    rival = 1024 * (1 - 1024 / 1025)
    odds = 1024 / (1 + 2 * rival)
    assert _by_pair(pairs) == pytest.approx(dict.fromkeys(
        [(1, 2), (1, 3), (2, 3)], odds / (1 + odds)))
    assert all(p > 0.99 for p in _by_pair(pairs).values())
    assert "Cũng có thể trùng với" not in "".join(pairs["explanation"].to_list())


def test_a_pair_without_rivals_keeps_its_probability_and_the_threshold_applies_after():
    predictions = _predictions((1, 2, 6.0), (3, 4, 3.0), (3, 5, 3.0))

    pairs = linkage.pairs_with_explanations(predictions, 0.8)
    alone = linkage.pairs_with_explanations(predictions, 0.8, rivals=False)

    assert _by_pair(pairs) == pytest.approx({(1, 2): 1 / (1 + 2.0 ** -6)})
    assert json.loads(pairs["explanation"][0]) == []
    assert set(_by_pair(alone)) == {(1, 2), (3, 4), (3, 5)}


def test_candidates_are_read_below_the_threshold_but_not_below_it_when_it_is_low():
    assert linkage.candidate_floor(0.95) == linkage.CANDIDATE_FLOOR < 0.95
    assert linkage.candidate_floor(0.2) == 0.2


def _person(unique_id: int, name_key: str, birth: str | None, precision: str = "day"
            ) -> dict[str, object]:
    return {"unique_id": unique_id, "commune_id": 1, "name_key": name_key,
            "sex": "F", "birth_date": date.fromisoformat(birth) if birth else None,
            "birth_precision": precision if birth else "", "birth_year": int(birth[:4])
            if birth else None, "national_id": "", "old_id": "", "phone": "", "ethnicity": "",
            "group_id": 1, "status": "living"}


def test_block_keys_are_equal_exactly_when_their_fields_are_and_null_when_one_is_missing():
    frame = linkage.features(pl.DataFrame([
        _person(1, "nguyen thi lan", "1950-03-04"),
        _person(2, "nguyen van lan", "1950-03-04"),  # middle name differs
        _person(3, "nguyen thi lan", "1950-01-01", precision="year"),
        _person(4, "nguyen thi lanh", "1950-03-04"),  # given name mistyped
        _person(5, "nguyen thi lan", None),
    ], schema=linkage.FEATURE_SCHEMA))
    keys = {row["unique_id"]: row for row in frame.iter_rows(named=True)}

    # Given and family names with the full date: 1 and 2, not 3 (year only) nor 4.
    assert keys[1]["name_date_key"] == keys[2]["name_date_key"]
    assert keys[3]["name_date_key"] is None
    assert keys[4]["name_date_key"] != keys[1]["name_date_key"]
    # Family and middle names, initial and full date: 1 and 4, not 2.
    assert keys[1]["initial_date_key"] == keys[4]["initial_date_key"]
    assert keys[2]["initial_date_key"] != keys[1]["initial_date_key"]
    # Name and year: 1 and 3 (the year-only record); 5 has no year, so no key at all.
    assert keys[1]["name_year_key"] == keys[3]["name_year_key"]
    assert keys[5]["name_year_key"] is None and keys[5]["name_date_key"] is None
    assert frame.schema["name_year_key"] == pl.Int64


def _one_digit_off(pairs: list[tuple[str, str]], condition: str) -> list[bool]:
    connection = duckdb.connect()
    connection.register("pairs", pl.DataFrame(
        pairs, schema=["national_id_l", "national_id_r"], orient="row"))
    found = connection.sql(f"SELECT coalesce({condition}, false) FROM pairs")  # noqa: S608
    return [value for (value,) in found.fetchall()]


def test_the_one_digit_off_level_finds_what_the_edit_distance_finds_on_cccds():
    rng = random.Random(5)
    numbers = ["001158012345", "079203987654", *(
        "".join(rng.choice("0123456789") for _ in range(12)) for _ in range(20))]
    pairs = []
    for number in numbers:
        digits = list(number)
        for at in range(12):  # every digit mistyped, every two neighbours swapped
            for digit in "0123456789":
                pairs.append((number, "".join([*digits[:at], digit, *digits[at + 1:]])))
            if at < 11:
                pairs.append((number, "".join(
                    [*digits[:at], digits[at + 1], digits[at], *digits[at + 2:]])))
        for other in numbers:  # unrelated numbers, and numbers two or more digits apart
            pairs.append((number, other))
            pairs.append((number, other[:6] + number[6:10] + other[10:]))

    plain = "damerau_levenshtein(national_id_l, national_id_r) <= 1"
    assert _one_digit_off(pairs, linkage.ONE_DIGIT_OFF) == _one_digit_off(pairs, plain)
    assert sum(_one_digit_off(pairs, plain)) > 22 * 12 * 9  # the edits are there to be found
