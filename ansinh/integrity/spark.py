"""The same linkage model on Spark, for registers past one machine (national scale).

The stored model's settings are backend-neutral (custom levels are written in DuckDB SQL and
translated by Splink), so DuckDB and Spark score the same pairs alike. Locally (tests, a
single server) Spark runs in ``local[*]`` mode; on a cluster, pass the master's URL and run the
command where the cluster's Python can reach the database (docs/operations.md).
"""

from __future__ import annotations

import time
from typing import Any, cast
from uuid import uuid4

import polars as pl
from django.db import transaction
from django.utils import timezone

from ansinh.core.audit import audit_record
from ansinh.geo.models import AdministrativeUnit
from ansinh.integrity import linkage
from ansinh.integrity.duplicates import active_model, person_frame, record_run, runnable
from ansinh.integrity.models import DedupRun


def spark_session(master: str = "local[*]") -> Any:
    """A Spark session with the string-similarity functions Splink's comparisons use."""
    from pyspark.sql import SparkSession
    from splink.internals.spark.jar_location import similarity_jar_location

    return (SparkSession.builder.master(master).appName("ansinh-dedup")
            .config("spark.jars", similarity_jar_location())
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.ui.enabled", "false")
            .config("spark.driver.memory", "4g")
            .getOrCreate())


def score_on_spark(frame: pl.DataFrame, model: dict[str, Any], threshold: float,
                   spark: Any) -> pl.DataFrame:
    """``duplicates.score`` on Spark: the pairs of ``frame`` at or above ``threshold``."""
    from splink import Linker, SparkAPI

    # Persisting (rather than checkpointing) breaks lineage without a checkpoint directory.
    db_api = SparkAPI(spark_session=spark, break_lineage_method="persist")
    # A session outlives one run (and its temporary views do), so each run names its own.
    table = db_api.register(frame.to_arrow(), dataset_display_name="persons",
                            table_name=f"persons_{uuid4().hex[:12]}")
    linker = Linker(table, runnable(model, "spark"), log_level="WARNING")
    found = linker.inference.predict(
        threshold_match_probability=linkage.candidate_floor(threshold))
    predictions = cast(pl.DataFrame, pl.from_arrow(found.as_spark_dataframe().toArrow()))
    return linkage.pairs_with_explanations(predictions, threshold)


def find_duplicates_on_spark(*, unit: AdministrativeUnit | None = None, user: Any = None,
                             threshold: float | None = None,
                             master: str = "local[*]") -> DedupRun:
    """``duplicates.find_duplicates`` with the scoring done on Spark."""
    started = time.perf_counter()
    model = active_model()
    threshold = model.threshold if threshold is None else threshold
    frame = person_frame(unit)
    pairs = score_on_spark(frame, model.settings_json, threshold, spark_session(master))
    with transaction.atomic():
        run = record_run(unit=unit, user=user, model=model, threshold=threshold,
                         frame=frame, pairs=pairs, started=started)
        audit_record(actor=user, action="integrity.dedup.spark", obj=run, unit=unit,
                     changes={"master": master, "finished": str(timezone.now())})
    return run
