"""The stored model on Spark (local mode) scores exactly as on DuckDB."""

from __future__ import annotations

import json
from datetime import date

import pytest

from ansinh.integrity import duplicates
from ansinh.integrity.models import DuplicatePair
from ansinh.integrity.spark import find_duplicates_on_spark, spark_session
from ansinh.integrity.tests.test_duplicates import _person, crowd  # noqa: F401
from ansinh.registry.models import PersonStatus


@pytest.fixture(scope="module")
def spark():
    session = spark_session("local[2]")
    yield session
    session.stop()


def test_spark_and_duckdb_give_the_same_pairs_and_probabilities(crowd, spark):  # noqa: F811
    _person(crowd.commune_a, "Lý Thị Sen", born=date(1961, 6, 4), year=1961)
    _person(crowd.commune_a, "LY THI SEN", born=None, year=1961, precision="year")
    _person(crowd.commune_a, "Mã Văn Tý", born=date(1972, 2, 10), year=1972, sex="M",
            status=PersonStatus.MOVED)
    _person(crowd.commune_b, "Mã Văn Tý", born=date(1972, 10, 2), year=1972, sex="M")
    frame = duplicates.person_frame()
    model = duplicates.runnable(duplicates.active_model().settings_json)

    on_duckdb = duplicates.score(frame, model, 0.5).sort("person_a", "person_b")

    run = find_duplicates_on_spark(threshold=0.5, master="local[2]")

    on_spark = DuplicatePair.objects.order_by("person_a", "person_b")
    assert on_duckdb.height >= 2
    assert run.pairs_found == on_duckdb.height == on_spark.count()
    assert [(p.person_a_id, p.person_b_id) for p in on_spark] == list(
        on_duckdb.select("person_a", "person_b").iter_rows())
    for pair, probability, explanation in zip(
            on_spark, on_duckdb["match_probability"], on_duckdb["explanation"], strict=True):
        assert abs(pair.probability - probability) < 1e-9
        assert pair.explanation == json.loads(explanation)
