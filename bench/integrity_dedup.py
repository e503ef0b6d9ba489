"""Duplicate persons over a province: our model beside a generic Splink configuration.

The persons are the synthetic province the list bench leaves (1,000,000 by default), with
duplicates injected at 3% of the kinds the model is built for (``synthdups``: names without
accents, year-only or swapped birth dates, a mistyped or missing CCCD, another group or commune).
Both models are trained once on those data (training is timed apart); the figures compared are
the full run with the stored model: reading the persons (each side the columns it compares, and
only those), scoring, and recording the pairs for review. Precision and recall against the
injected truth are printed for both.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction
from splink import block_on

from ansinh.geo.models import AdministrativeUnit
from ansinh.integrity import duplicates, linkage
from ansinh.integrity.models import DuplicatePair, LinkageModel
from ansinh.integrity.synthdups import inject_duplicates
from ansinh.registry.models import Person
from bench.province import synth_province

REPEAT = 2  # each run removes the pairs the last one recorded; the best of two leaves out warm-up
PERSONS = int(os.environ.get("ANSINH_BENCH_LIST_PERSONS", "1000000"))
RATE = 0.03


def _accuracy(found: set[tuple[int, int]], truth: set[tuple[int, int]]) -> str:
    hits = len(found & truth)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(truth) if truth else 0.0
    return f"precision {precision:.4f}, recall {recall:.4f} ({len(found):,} pairs)"


def _pairs(frame: pl.DataFrame) -> set[tuple[int, int]]:
    return set(frame.select("person_a", "person_b").iter_rows())


# What the generic configuration compares, read as our model reads its own columns
# (``duplicates.persons_read``), and no more: the baseline does not pay for our features.
_GENERIC_SQL = """
SELECT p.id, p.commune_id, p.full_name, p.sex, p.birth_date, p.birth_precision, p.national_id
FROM registry_person p
JOIN geo_administrativeunit u ON u.id = p.commune_id
WHERE p.status <> %s
"""
_GENERIC_SCHEMA = {"unique_id": pl.Int64, "commune_id": pl.Int64, "full_name": pl.String,
                   "sex": pl.String, "birth_date": pl.Date, "birth_precision": pl.String,
                   "national_id": pl.String}


def _generic_frame(province: AdministrativeUnit) -> pl.DataFrame:
    """The generic model's input: the raw fields, a birth date only where its day is known
    (as ours has it) and no empty CCCD."""
    frame = duplicates.persons_read(_GENERIC_SQL, _GENERIC_SCHEMA, province)
    return frame.with_columns(
        birth_date=pl.when(pl.col("birth_precision") == "day").then(pl.col("birth_date")),
        national_id=pl.col("national_id").replace("", None),
    ).drop("birth_precision")


def _train_generic(frame: pl.DataFrame) -> dict[str, Any]:
    linker = duplicates._linker(frame, linkage.generic_settings())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("full_name", "birth_date")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    # Capped, as a raw birth date blocks tens of millions of pairs at this scale.
    for rule in (block_on("full_name", "sex"), block_on("birth_date", "sex")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, max_pairs=2e6)
    found: dict[str, Any] = linker.misc.save_model_to_json()
    return found


def cases() -> Iterator[tuple[str, Callable[[], object], str, Callable[[], object]]]:
    province = synth_province(PERSONS)
    started = time.perf_counter()
    truth = inject_duplicates(rate=RATE, seed=11).pairs
    print(f"injected {len(truth):,} duplicates in {time.perf_counter() - started:.1f} s")
    # Kept beside the database, for looking into what either model gets wrong.
    (Path(os.environ["ANSINH_VAR_DIR"]) / "injected.json").write_text(json.dumps(sorted(truth)))

    started = time.perf_counter()
    model = duplicates.train_model(unit=province)
    print(f"trained our model on {model.trained_on:,} persons in "
          f"{time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    generic = _train_generic(_generic_frame(province))
    print(f"trained the generic model in {time.perf_counter() - started:.1f} s")

    generic_model = LinkageModel.objects.create(
        name="generic", settings_json=generic, is_active=False,
        threshold=linkage.DEFAULT_THRESHOLD)

    # Each side measures its own full run (read, score, record the pairs for review); the
    # pairs the other side left are removed first, outside the measurement.
    def ours() -> float:
        DuplicatePair.objects.all().delete()
        started = time.perf_counter()
        run = duplicates.find_duplicates(unit=province)
        elapsed = time.perf_counter() - started
        for threshold in sorted({run.threshold, 0.99}):
            found = set(DuplicatePair.objects.filter(probability__gte=threshold)
                        .values_list("person_a", "person_b"))
            print(f"  ours (threshold {threshold}): {_accuracy(found, truth)}")
        return elapsed

    def generic_run() -> float:
        DuplicatePair.objects.all().delete()
        started = time.perf_counter()
        frame = _generic_frame(province)
        pairs = duplicates.score(frame, generic, generic_model.threshold, rivals=False)
        with transaction.atomic():
            duplicates.record_run(unit=province, user=None, model=generic_model,
                                  threshold=generic_model.threshold, frame=frame, pairs=pairs,
                                  started=started)
        elapsed = time.perf_counter() - started
        print(f"  generic (threshold {generic_model.threshold}): "
              f"{_accuracy(_pairs(pairs), truth)}")
        return elapsed

    persons = Person.objects.filter(commune__parent=province).count()
    yield (f"dedup {persons:,} persons, stored model", ours,
           "generic Splink (raw names, raw blocks)", generic_run)
