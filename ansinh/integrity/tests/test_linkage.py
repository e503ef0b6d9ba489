"""The weighing of a pair against its rivals, on hand-made predictions."""

from __future__ import annotations

import json
import math

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
