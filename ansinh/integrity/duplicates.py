"""Duplicate persons: train the linkage model, find candidate pairs, and review them.

A run reads the persons of a unit in one query, scores them in DuckDB with the stored model
(``ansinh.integrity.linkage``), and writes the pairs above the threshold in bulk. A pair already
known keeps its review status: a dismissed pair is never offered again, a confirmed one is not
reopened. Training is a separate, rarer step whose result is stored (``LinkageModel``).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, cast

import duckdb
import polars as pl
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from splink import DuckDBAPI, Linker

from ansinh.core.audit import audit_record
from ansinh.core.bulk import sqlite_indexes_rebuilt
from ansinh.core.errors import DomainError
from ansinh.geo.models import AdministrativeUnit
from ansinh.integrity import linkage
from ansinh.integrity.merge import require_reviewer
from ansinh.integrity.models import DedupRun, DuplicatePair, LinkageModel, PairStatus
from ansinh.registry.models import PersonStatus

DEFAULT_MODEL_FILE = Path(__file__).with_name("data") / "default_model.json"

_PERSONS_SQL = """
SELECT p.id, p.commune_id, p.name_key, p.sex, p.birth_date, p.birth_precision,
       p.birth_year, p.national_id, p.old_id_number, p.phone, p.ethnicity,
       h.residential_group_id, p.status
FROM registry_person p
JOIN registry_household h ON h.id = p.household_id
JOIN geo_administrativeunit u ON u.id = p.commune_id
WHERE p.status <> %s
"""


def person_frame(unit: AdministrativeUnit | None = None) -> pl.DataFrame:
    """The persons of ``unit`` (all when None), merged records left out, as model input."""
    return linkage.features(persons_read(_PERSONS_SQL, linkage.FEATURE_SCHEMA, unit))


def persons_read(sql: str, schema: dict[str, Any], unit: AdministrativeUnit | None
                 ) -> pl.DataFrame:
    """The rows of ``sql`` (persons ``p`` joined to their commune ``u``, merged records left
    out by its one parameter) for the persons of ``unit``, as a frame of ``schema``.

    Reading is most of a run's time (about a third of a microsecond per value fetched, on
    SQLite), so a model reads only the columns it compares.
    """
    params: list[Any] = [PersonStatus.MERGED.value]
    if unit is not None:
        sql += " AND (u.path = %s OR u.path LIKE %s)"
        params += [unit.path, f"{unit.path}.%"]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema=schema, orient="row")


def _linker(frame: pl.DataFrame, model: dict[str, Any] | Any) -> Linker:
    db_api = DuckDBAPI(duckdb.connect())
    table = db_api.register(frame.to_arrow(), dataset_display_name="persons")
    return Linker(table, model, log_level="WARNING")


def runnable(model: dict[str, Any], dialect: str = "duckdb") -> dict[str, Any]:
    """The stored model on this version's comparisons and blocks (``linkage.for_dialect``)."""
    try:
        return linkage.for_dialect(model, dialect)
    except linkage.ModelOutdated as exc:
        raise DomainError(_("Mô hình tìm người trùng đang dùng được huấn luyện cho phiên bản "
                            "trước (khác ở trường “%(f)s”): hãy huấn luyện lại (ansinh dedup "
                            "--train).") % {"f": exc.args[0]}) from exc


# --- The model -----------------------------------------------------------------------------------


def active_model() -> LinkageModel:
    """The model in use; the first call installs the model shipped with An Sinh (trained on
    synthetic data shaped like commune registers) until one is trained on real data."""
    model = LinkageModel.objects.filter(is_active=True).first()
    if model is None:
        model = LinkageModel.objects.create(
            name=_("Mô hình mặc định (huấn luyện trên dữ liệu mô phỏng)"),
            settings_json=json.loads(DEFAULT_MODEL_FILE.read_text(encoding="utf-8")),
            threshold=linkage.DEFAULT_THRESHOLD)
    return model


def train_model(*, unit: AdministrativeUnit | None = None, user: Any = None,
                name: str = "") -> LinkageModel:
    """Train a model on the persons of ``unit`` and make it the one in use."""
    frame = person_frame(unit)
    if frame.height < 1000:
        raise DomainError(_("Cần ít nhất 1.000 nhân khẩu để huấn luyện mô hình (hiện có "
                            "%(n)s).") % {"n": frame.height})
    trained = linkage.train(_linker(frame, linkage.settings()), frame)
    with transaction.atomic():
        LinkageModel.objects.filter(is_active=True).update(is_active=False)
        model = LinkageModel.objects.create(
            name=name or _("Huấn luyện ngày %(d)s") % {"d": f"{timezone.localdate():%d/%m/%Y}"},
            settings_json=trained, trained_on=frame.height, trained_by=user,
            threshold=linkage.DEFAULT_THRESHOLD)
        audit_record(actor=user, action="integrity.model.train", obj=model, unit=unit,
                     changes={"persons": frame.height})
    return model


# --- Finding pairs -------------------------------------------------------------------------------


def score(frame: pl.DataFrame, settings: dict[str, Any], threshold: float, *,
          rivals: bool = True) -> pl.DataFrame:
    """Pairs of ``frame`` scoring at least ``threshold`` with the Splink ``settings`` (on
    DuckDB) and weighed against their rivals, smaller id first, with explanations
    (``linkage.pairs_with_explanations``)."""
    if frame.height < 2:
        return linkage.pairs_with_explanations(None, threshold)
    linker = _linker(frame, settings)
    floor = linkage.candidate_floor(threshold) if rivals else threshold
    found = linker.inference.predict(threshold_match_probability=floor)
    predictions = cast(pl.DataFrame, pl.from_arrow(found.as_pyarrow_table()))
    return linkage.pairs_with_explanations(predictions, threshold, rivals=rivals)


def find_duplicates(*, unit: AdministrativeUnit | None = None, user: Any = None,
                    threshold: float | None = None) -> DedupRun:
    """Score the persons of ``unit`` with the model in use and record the pairs found."""
    started = time.perf_counter()
    model = active_model()
    threshold = model.threshold if threshold is None else threshold
    _check_threshold(threshold)
    frame = person_frame(unit)
    pairs = score(frame, runnable(model.settings_json), threshold)
    with transaction.atomic():
        run = record_run(unit=unit, user=user, model=model, threshold=threshold, frame=frame,
                         pairs=pairs, started=started)
        audit_record(actor=user, action="integrity.dedup.run", obj=run, unit=unit,
                     changes={"persons": run.persons, "pairs": run.pairs_found,
                              "new": run.pairs_new, "threshold": threshold})
    return run


def _check_threshold(threshold: float) -> None:
    if not 0 < threshold < 1:
        raise DomainError(_("Ngưỡng xác suất phải lớn hơn 0 và nhỏ hơn 1."), field="threshold")


def record_run(*, unit: AdministrativeUnit | None, user: Any, model: LinkageModel,
               threshold: float, frame: pl.DataFrame, pairs: pl.DataFrame,
               started: float) -> DedupRun:
    """Write a run and its pairs (inside the caller's transaction)."""
    communes = frame.select("unique_id", "commune_id")
    pairs = (pairs.join(communes.rename({"unique_id": "person_a", "commune_id": "commune_a"}),
                        on="person_a")
             .join(communes.rename({"unique_id": "person_b", "commune_id": "commune_b"}),
                   on="person_b"))
    run = DedupRun.objects.create(unit=unit, model=model, threshold=threshold,
                                  persons=frame.height, started_by=user)
    # A first run writes every pair it finds (tens of thousands in a province); on SQLite the
    # pair table's plain indexes are then built once from all the pairs, not pair by pair
    # (about half the time of recording them). Later runs mostly refresh pairs already known,
    # and keep the indexes.
    with sqlite_indexes_rebuilt(DuplicatePair, adding=pairs.height):
        run.pairs_new = _record_pairs(run, pairs)
    run.pairs_found = pairs.height
    run.finished_at = timezone.now()
    run.seconds = round(time.perf_counter() - started, 2)
    run.save(update_fields=["pairs_found", "pairs_new", "finished_at", "seconds"])
    return run


_UPSERT_PAIR = """
INSERT INTO integrity_duplicatepair (person_a_id, person_b_id, commune_a_id, commune_b_id,
    probability, match_weight, explanation, status, first_run_id, last_run_id, found_at,
    decision_note)
VALUES (%s, %s, %s, %s, %s, %s, {json}, 'pending', %s, %s, %s, '')
ON CONFLICT (person_a_id, person_b_id) DO UPDATE SET
    probability = excluded.probability, match_weight = excluded.match_weight,
    explanation = excluded.explanation, last_run_id = excluded.last_run_id,
    commune_a_id = excluded.commune_a_id, commune_b_id = excluded.commune_b_id
WHERE integrity_duplicatepair.status = 'pending'
"""


def _record_pairs(run: DedupRun, pairs: pl.DataFrame) -> int:
    """Insert new pairs (with their communes) and refresh the score of pending ones in one
    upsert; a pair already confirmed or dismissed is left alone (``WHERE status =
    'pending'``)."""
    now = timezone.now()
    rows = [(*pair, run.pk, run.pk, now) for pair in pairs.select(
        "person_a", "person_b", "commune_a", "commune_b", "match_probability", "match_weight",
        "explanation").iter_rows()]
    json_param = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    with connection.cursor() as cursor:
        cursor.executemany(_UPSERT_PAIR.format(json=json_param), rows)
    return DuplicatePair.objects.filter(first_run=run).count()


# --- Review --------------------------------------------------------------------------------------


def pair_dismiss(user: Any, pair: DuplicatePair, note: str = "") -> DuplicatePair:
    """Record that the two persons are different people; the pair is never offered again."""
    require_reviewer(user, pair)
    if pair.status != PairStatus.PENDING:
        raise DomainError(_("Cặp này đã được xem xét."))
    with transaction.atomic():
        pair.status = PairStatus.DISMISSED
        pair.decided_by = user
        pair.decided_at = timezone.now()
        pair.decision_note = note[:500]
        pair.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit_record(actor=user, action="integrity.pair.dismiss", obj=pair,
                     unit=pair.commune_a, changes={"note": note})
    return pair
