"""Record linkage of persons with Splink: the comparisons, training, and scoring.

The model compares persons on the fields Vietnamese lists get wrong in known ways:

- names are compared on the accent-free key (``đ`` → ``d``, case and spaces folded), split
  into the given name and the family-and-middle names, each with term-frequency adjustment,
  so that a shared "Nguyễn Thị" says little and a shared rare given name says a lot;
- birth dates may hold only a year (or a month): a year-only date agrees with any date of that
  year, and a day/month swap (05/03 for 03/05) is a level of its own;
- a CCCD one digit off (or with two neighbouring digits swapped) is a level of its own;
- a different commune costs little, since people move.

Each comparison level carries a Vietnamese label, so that a pair's explanation reads field by
field. The same settings run on DuckDB (one machine) and on Spark (``ansinh.integrity.spark``);
the SQL in custom levels is written for DuckDB and translated by Splink.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.internals.comparison_creator import ComparisonCreator

logger = logging.getLogger(__name__)
# Splink warns on every run that the "place" comparison has no null level: it needs none (the
# commune is never missing; a missing group falls to the commune level).
logging.getLogger("splink.internals.settings").setLevel(logging.ERROR)

# Default match probability above which a pair is offered for review. On synthetic registers
# with 3% injected duplicates (bench/integrity_dedup.py), pairs weighed against their rivals, it
# gave precision 0.991–0.996 and recall 0.975–0.978 over a million persons in the runs so far
# (0.997–0.998 and 0.951–0.953 at 0.99; the model is trained afresh in each). A province that
# prefers fewer pairs to review sets a higher threshold on its model.
DEFAULT_THRESHOLD = 0.95


@dataclass(frozen=True)
class Level:
    creator: Any  # a splink ComparisonLevelCreator
    label: str


@dataclass(frozen=True)
class Field:
    """One comparison: its output column name, Vietnamese field name, and levels (null level
    first, else level last, as Splink expects)."""

    name: str
    label: str
    levels: tuple[Level, ...]
    term_frequencies: str | None = None  # column whose frequencies adjust the exact level

    def comparison(self) -> ComparisonCreator:
        levels = []
        for level in self.levels:
            creator = level.creator
            if self.term_frequencies and isinstance(creator, cll.ExactMatchLevel):
                creator = cll.ExactMatchLevel(self.term_frequencies,
                                              term_frequency_adjustments=True)
            levels.append(creator.configure(label_for_charts=level.label))
        return cl.CustomComparison(comparison_levels=levels, output_column_name=self.name,
                                   comparison_description=self.label)


def _sql(condition: str) -> Any:
    return cll.CustomLevel(condition, base_dialect_str="duckdb")


_BIRTH_NULL = "birth_year_l IS NULL OR birth_year_r IS NULL"

# Two CCCDs (12 digits each) one digit apart: one digit mistyped, or two neighbouring digits
# swapped. Such an edit leaves digits 7–8 or digits 11–12 as they were (no edit touches both
# pairs), so the edit distance, quadratic in the length and the costliest part of scoring a
# pair, runs only where one of those pairs agrees: one pair in fifty of namesakes with
# different numbers. The first six digits (province, century and sex, birth year) are useless
# as such a filter, since namesakes of one province and year share them.
ONE_DIGIT_OFF = ("(substr(national_id_l, 7, 2) = substr(national_id_r, 7, 2) "
                 "OR substr(national_id_l, 11, 2) = substr(national_id_r, 11, 2)) "
                 "AND damerau_levenshtein(national_id_l, national_id_r) <= 1")

# Labels are Vietnamese: they are shown to reviewers as the explanation of a pair.
FIELDS: tuple[Field, ...] = (
    Field("national_id", "Số CCCD", (
        Level(cll.NullLevel("national_id"), "Một bên không có số CCCD"),
        Level(cll.ExactMatchLevel("national_id"), "Trùng số CCCD"),
        Level(_sql(ONE_DIGIT_OFF), "Khác một chữ số (có thể gõ nhầm)"),
        Level(cll.ElseLevel(), "Khác số CCCD"),
    )),
    Field("given", "Tên", (
        Level(cll.NullLevel("given"), "Thiếu tên"),
        Level(cll.ExactMatchLevel("given"), "Trùng tên"),
        Level(cll.JaroWinklerLevel("given", 0.9), "Tên gần giống"),
        Level(cll.ElseLevel(), "Khác tên"),
    ), term_frequencies="given"),
    Field("family_middle", "Họ và tên đệm", (
        Level(cll.NullLevel("family_middle"), "Thiếu họ, tên đệm"),
        Level(cll.ExactMatchLevel("family_middle"), "Trùng họ và tên đệm"),
        Level(cll.JaroWinklerLevel("family_middle", 0.88), "Họ, tên đệm gần giống"),
        Level(cll.ElseLevel(), "Khác họ, tên đệm"),
    ), term_frequencies="family_middle"),
    Field("birth", "Ngày sinh", (
        Level(cll.CustomLevel(_BIRTH_NULL, base_dialect_str="duckdb").configure(
            is_null_level=True), "Một bên không có năm sinh"),
        Level(_sql("birth_date_l = birth_date_r"), "Trùng ngày sinh"),
        Level(_sql("birth_year_l = birth_year_r AND birth_day_l = birth_month_r "
                   "AND birth_month_l = birth_day_r"), "Đảo ngày và tháng sinh"),
        Level(_sql("birth_year_l = birth_year_r AND (birth_day_l IS NULL OR birth_day_r IS NULL) "
                   "AND (birth_month_l IS NULL OR birth_month_r IS NULL "
                   "OR birth_month_l = birth_month_r)"),
              "Cùng năm sinh (một bên chỉ ghi năm hoặc tháng)"),
        Level(_sql("birth_year_l = birth_year_r"), "Cùng năm sinh, khác ngày"),
        Level(_sql("abs(birth_year_l - birth_year_r) = 1"), "Lệch một năm sinh"),
        Level(cll.ElseLevel(), "Khác năm sinh"),
    )),
    Field("sex", "Giới tính", (
        Level(cll.NullLevel("sex"), "Thiếu giới tính"),
        Level(cll.ExactMatchLevel("sex"), "Cùng giới tính"),
        Level(cll.ElseLevel(), "Khác giới tính"),
    )),
    Field("place", "Nơi ở", (
        Level(_sql("group_id_l = group_id_r"), "Cùng thôn, tổ dân phố"),
        Level(cll.ExactMatchLevel("commune_id"), "Cùng xã, phường, khác thôn, tổ"),
        Level(_sql("status_l = 'moved' OR status_r = 'moved'"),
              "Khác xã, phường; một bên đã ghi chuyển đi"),
        Level(cll.ElseLevel(), "Khác xã, phường"),
    )),
    Field("phone", "Số điện thoại", (
        Level(cll.NullLevel("phone"), "Một bên không có số điện thoại"),
        Level(cll.ExactMatchLevel("phone"), "Trùng số điện thoại"),
        Level(cll.ElseLevel(), "Khác số điện thoại"),
    )),
    Field("old_id", "Số CMND cũ", (
        Level(cll.NullLevel("old_id"), "Một bên không có số CMND"),
        Level(cll.ExactMatchLevel("old_id"), "Trùng số CMND"),
        Level(cll.ElseLevel(), "Khác số CMND"),
    )),
    Field("ethnicity", "Dân tộc", (
        Level(cll.NullLevel("ethnicity"), "Một bên không ghi dân tộc"),
        Level(cll.ExactMatchLevel("ethnicity"), "Cùng dân tộc"),
        Level(cll.ElseLevel(), "Khác dân tộc"),
    ), term_frequencies="ethnicity"),
)

# Pairs are only scored within these blocks. Together they catch every kind of duplicate the
# model is built for: same name and birth year with a partial or swapped date, the same full
# birth date with the family and given names the same (the middle name left out or changed) or
# the family and middle names and the given name's first letter the same (the given name
# mistyped), and the same CCCD across lists. The family name or the initial narrows the two
# full-date blocks: without them, every two persons sharing a common given name ("Anh") or
# "Nguyễn Thị" and a birthday were compared, a million pairs in a province, for few more
# duplicates.
#
# Each block joins on one integer key, a hash of its fields (``features``): DuckDB joins a
# million integers in about half the time it takes to join the strings. Two records whose keys
# collide without their fields matching are merely compared needlessly: scores come from the
# comparisons, never from the keys. The partial-date block is three rules rather than one with
# OR, so that each side's condition filters its rows before the join.
BLOCKING = (
    # Same name and year, where one date is partial or day and month are swapped. Two full,
    # different dates of one year are left out: that is most pairs of namesakes, and scoring
    # them (millions in a province) would cost more than everything else together.
    CustomRule("l.name_year_key = r.name_year_key AND l.birth_day IS NULL",
               sql_dialect="duckdb"),
    CustomRule("l.name_year_key = r.name_year_key AND r.birth_day IS NULL",
               sql_dialect="duckdb"),
    CustomRule("l.name_year_key = r.name_year_key "
               "AND l.birth_day = r.birth_month AND l.birth_month = r.birth_day",
               sql_dialect="duckdb"),
    block_on("name_date_key"),  # given and family names, full birth date
    block_on("initial_date_key"),  # family and middle names, given name's initial, full date
    block_on("national_id"),
)

# The fields each block key is a hash of.
BLOCK_KEYS = {
    "name_year_key": ("name_key", "birth_year"),
    "name_date_key": ("given", "family", "birth_date"),
    "initial_date_key": ("family_middle", "given_initial", "birth_date"),
}

# Blocks used to train the m probabilities: each leaves out the fields it fixes, so that
# between them every comparison gets estimated.
TRAINING_BLOCKS = (
    block_on("given", "family_middle", "commune_id"),
    block_on("birth_date", "sex"),
)


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        # About one duplicate per 30 persons in a register of 200,000 (measured on the
        # synthetic registers); training replaces it when the data show obvious duplicates.
        probability_two_random_records_match=3e-7,
        comparisons=[f.comparison() for f in FIELDS],
        blocking_rules_to_generate_predictions=list(BLOCKING),
        # Splink returns the level reached (``gamma_``) only with the matching columns; the
        # explanation needs it.
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
    )


# A generic configuration, as one would first write it for any register: Jaro-Winkler on the
# raw name, exact raw fields, blocking on raw fields. The benchmark runs it beside ours.
GENERIC_BLOCKING = (block_on("full_name", "birth_date"), block_on("national_id"))


def generic_settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.JaroWinklerAtThresholds("full_name", [0.95, 0.88]),
            cl.ExactMatch("birth_date"),
            cl.ExactMatch("national_id"),
            cl.ExactMatch("sex"),
            cl.ExactMatch("commune_id"),
        ],
        blocking_rules_to_generate_predictions=list(GENERIC_BLOCKING),
    )


class ModelOutdated(Exception):
    """The stored model was trained on other comparisons than this version's: retrain it."""


# --- Input --------------------------------------------------------------------------------------

FEATURE_SCHEMA = {
    "unique_id": pl.Int64, "commune_id": pl.Int64, "name_key": pl.String, "sex": pl.String,
    "birth_date": pl.Date, "birth_precision": pl.String, "birth_year": pl.Int32,
    "national_id": pl.String, "old_id": pl.String, "phone": pl.String, "ethnicity": pl.String,
    "group_id": pl.Int64, "status": pl.String,
}


def features(persons: pl.DataFrame) -> pl.DataFrame:
    """The model's input from person rows (columns of ``FEATURE_SCHEMA``).

    ``birth_date`` is kept only where the day is known, the month where the month is known;
    the name key splits into the given name (last word) and the family and middle names, with
    the family name (first word) and the given name's initial for blocking, and the blocks'
    keys (``BLOCK_KEYS``).
    """
    precision = pl.col("birth_precision")
    words = pl.col("name_key").str.split(" ")
    found = persons.with_columns(
        given=words.list.last(),
        given_initial=words.list.last().str.slice(0, 1),
        family=pl.when(words.list.len() > 1).then(words.list.first()),
        family_middle=pl.col("name_key").str.replace(r"\s*\S+$", "").replace("", None),
        birth_date=pl.when(precision == "day").then(pl.col("birth_date")),
        birth_month=pl.when(precision != "year").then(pl.col("birth_date").dt.month()),
        birth_day=pl.when(precision == "day").then(pl.col("birth_date").dt.day()),
        national_id=pl.col("national_id").replace("", None),
        old_id=pl.col("old_id").replace("", None),
        phone=pl.col("phone").replace("", None),
        ethnicity=pl.col("ethnicity").replace("", None),
    ).drop("birth_precision")
    return found.with_columns(_block_key(fields).alias(key) for key, fields in BLOCK_KEYS.items())


def _block_key(fields: tuple[str, ...]) -> pl.Expr:
    """A signed 64-bit hash of ``fields`` (Spark has no unsigned integers), null where one of
    them is: a record without a birth date is in no full-date block."""
    return (pl.when(pl.all_horizontal(pl.col(f).is_not_null() for f in fields))
            .then(pl.struct(fields).hash(seed=0).reinterpret(signed=True)))


def obvious_duplicates(frame: pl.DataFrame) -> bool:
    """Whether two records share the name, the full birth date and the sex."""
    return (frame.drop_nulls("birth_date").group_by("name_key", "birth_date", "sex").len()
            .filter(pl.col("len") > 1).height > 0)


def train(linker: Linker, frame: pl.DataFrame, *, max_pairs: float = 5e6,
          seed: int = 1) -> dict[str, Any]:
    """Estimate the model's parameters on ``frame`` (the data the linker holds); return the
    trained model."""
    if obvious_duplicates(frame):
        linker.training.estimate_probability_two_random_records_match(
            [block_on("name_key", "birth_date", "sex")], recall=0.7)
    # else: a register without two records sharing name, birth date and sex; Splink would
    # estimate a probability of 0, and the prior set in ``settings()`` stands instead.
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    for rule in TRAINING_BLOCKS:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True)
    found: dict[str, Any] = json.loads(json.dumps(linker.misc.save_model_to_json()))
    return with_identity_priors(found)


# A CCCD is unique in the registry, so two records of one person never show the same number
# in the data, and training cannot learn what equal numbers mean: across lists (or on Spark
# over several provinces' registers) they mean one person. These probabilities are set from
# how lists go wrong instead: of two records of one person that both carry a CCCD, most carry
# the same number, some a mistyped one, few an unrelated one.
IDENTITY_M = (0.90, 0.07, 0.03)
IDENTITY_U = (1e-8, 2e-6)


# A level random sampling never met (two random persons sharing a phone number) gets this
# chance instead of Splink's default of leaving it untrained.
UNSEEN_U = 1e-6


def with_identity_priors(model: dict[str, Any]) -> dict[str, Any]:
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        if comparison["output_column_name"] == "national_id":
            u_else = 1.0 - sum(IDENTITY_U)
            for level, m, u in zip(levels, IDENTITY_M, (*IDENTITY_U, u_else), strict=True):
                level["m_probability"] = m
                level["u_probability"] = u
            continue
        unseen = [lv for lv in levels[:-1] if lv.get("u_probability") is None]
        for level in unseen:
            level["u_probability"] = UNSEEN_U
        if unseen and levels[-1].get("u_probability") is not None:
            levels[-1]["u_probability"] -= UNSEEN_U * len(unseen)
    return model


def for_dialect(model: dict[str, Any], dialect: str = "duckdb") -> dict[str, Any]:
    """The stored model's parameters on today's settings, written for ``dialect``.

    A saved Splink model holds SQL in the dialect it was trained in, and the blocking rules of
    its day. What was learnt is only the probabilities; the comparisons and blocks are
    generated from this module for the backend that runs them (DuckDB, Spark), and the
    probabilities copied over level by level.
    """
    target = settings().create_settings_dict(dialect)
    target["probability_two_random_records_match"] = model[
        "probability_two_random_records_match"]
    trained = {c["output_column_name"]: c for c in model["comparisons"]}
    for comparison in target["comparisons"]:
        source = trained.get(comparison["output_column_name"])
        if source is None or len(source["comparison_levels"]) != len(
                comparison["comparison_levels"]):
            raise ModelOutdated(comparison["output_column_name"])
        for level, learned in zip(comparison["comparison_levels"], source["comparison_levels"],
                                  strict=True):
            for key in ("m_probability", "u_probability", "tf_minimum_u_value"):
                if key in learned:
                    level[key] = learned[key]
    return target


# --- Explanations -------------------------------------------------------------------------------

_LABELS = {f.name: (f.label, [lv.label for lv in f.levels]) for f in FIELDS}


def _level_names(levels: list[str]) -> dict[int, str]:
    # Splink numbers levels from the top: the null level is -1, the else level 0, the best
    # level the highest.
    names = {len(levels) - 1 - index: label for index, label in enumerate(levels)}
    names[-1] = levels[0]
    return names


def _entry(field: str, label: str, level: pl.Expr, weight: pl.Expr) -> pl.Expr:
    """One explanation entry as a JSON object, ``level`` being JSON text already.

    Written as string concatenation rather than through structs and ``json_encode``: the same
    text, in a tenth of the time over the tens of thousands of pairs of a province."""
    head = json.dumps({"field": field, "label": label}, ensure_ascii=False,
                      separators=(",", ":"))[:-1]
    return pl.concat_str(pl.lit(f'{head},"level":'), level, pl.lit(',"weight":'),
                         weight.cast(pl.Float64).round(2).cast(pl.String), pl.lit("}"))


def _explanation_expr(columns: Sequence[str], extra: Sequence[pl.Expr] = ()) -> pl.Expr:
    """Per-field explanation of each predicted pair as a JSON list, computed column-wise:
    the level reached (its Vietnamese label) and the match weight it adds (log2 of the Bayes
    factor, term-frequency adjustment included), from the ``gamma_``, ``mw_`` and
    ``mw_tf_adj_`` columns Splink returns with matching and intermediate columns retained;
    then the ``extra`` entries (``_entry``) that are not null."""
    parts = []
    for name, (label, levels) in _LABELS.items():
        if f"gamma_{name}" not in columns or f"mw_{name}" not in columns:
            continue  # another model's predictions (the benchmark's generic one)
        weight = pl.col(f"mw_{name}").fill_null(0.0)
        if f"mw_tf_adj_{name}" in columns:
            weight = weight + pl.col(f"mw_tf_adj_{name}").fill_null(0.0)
        quoted = {gamma: json.dumps(text, ensure_ascii=False)
                  for gamma, text in _level_names(levels).items()}
        level = pl.col(f"gamma_{name}").cast(pl.Int64).replace_strict(
            quoted, return_dtype=pl.String)
        parts.append(_entry(name, label, level, weight))
    parts += extra
    if not parts:
        return pl.lit("[]")
    return pl.concat_str(pl.lit("["), pl.concat_str(parts, separator=", ", ignore_nulls=True),
                         pl.lit("]"))


PAIR_SCHEMA = {"person_a": pl.Int64, "person_b": pl.Int64, "match_probability": pl.Float64,
               "match_weight": pl.Float64, "explanation": pl.String}


# --- Rivals ---------------------------------------------------------------------------------------
#
# Splink scores each pair on its own. But a record that matches two people equally well (a
# copy whose birth date was cut to the year, against two namesakes born that year) is the
# duplicate of one of them at most, and Splink would offer both pairs as near-certain. So the
# odds of a pair are weighed against its rivals: every other candidate of either record, less
# the ones that are themselves the same person as the other record (a person listed three
# times has no rivals, only more copies). With o the odds of the pair and o_z those of each
# rival z, discounted by the probability that z and the other record are one person:
#
#     odds after rivals = o / (1 + Σ o_z · (1 − p(z, other)))
#
# which is the probability that the record's one duplicate is this one, among none, this or a
# rival. Candidates are read from ``CANDIDATE_FLOOR`` up, below any sensible threshold: a rival
# less likely than not barely moves the odds.
CANDIDATE_FLOOR = 0.5

RIVALS_FIELD = "rivals"
RIVALS_LABEL = "Người khác cùng khớp"


def candidate_floor(threshold: float) -> float:
    """The probability from which Splink's predictions are read, for pairs at ``threshold``."""
    return min(threshold, CANDIDATE_FLOOR)


def _rivals(pairs: pl.DataFrame) -> pl.DataFrame:
    """Per pair (``person_a``, ``person_b``): the discounted odds of its rivals (``rival_odds``)
    and how many rivals are other people (``rival_count``)."""
    # Capped so that no sum of odds overflows (2^500 is certainty many times over).
    odds = pl.lit(2.0).pow(pl.col("match_weight").clip(upper_bound=500.0))
    edges = pl.concat([
        pairs.select(x="person_a", y="person_b", o=odds, p="match_probability"),
        pairs.select(x="person_b", y="person_a", o=odds, p="match_probability"),
    ])
    # Each directed edge x→y meets x's other candidates z, looked up against y.
    rivals = (edges.select("x", "y")
              .join(edges.select(x="x", z="y", oz="o"), on="x")
              .filter(pl.col("z") != pl.col("y"))
              .join(edges.select(y="x", z="y", p_same="p"), on=["y", "z"], how="left")
              .with_columns(pl.col("p_same").fill_null(0.0)))
    return (rivals.group_by(person_a=pl.min_horizontal("x", "y"),
                            person_b=pl.max_horizontal("x", "y"))
            .agg(rival_odds=(pl.col("oz") * (1.0 - pl.col("p_same"))).sum(),
                 rival_count=(pl.col("p_same") < 0.5).sum()))


def _with_rivals(pairs: pl.DataFrame) -> pl.DataFrame:
    """``pairs`` with probability and weight after rivals, and ``rival_weight`` (≤ 0) the
    change in weight they make."""
    rivals = _rivals(pairs)
    return (pairs.join(rivals, on=["person_a", "person_b"], how="left")
            .with_columns(pl.col("rival_odds").fill_null(0.0),
                          pl.col("rival_count").fill_null(0))
            .with_columns(rival_weight=-(1.0 + pl.col("rival_odds")).log(2))
            .with_columns(match_weight=pl.col("match_weight") + pl.col("rival_weight"))
            .with_columns(match_probability=1.0 / (1.0 + pl.lit(2.0).pow(
                -pl.col("match_weight")))))


def _rivals_entry() -> pl.Expr:
    """The explanation's entry for the rivals of a pair; null where it has none."""
    level = pl.format('"Cũng có thể trùng với {} người khác"', pl.col("rival_count"))
    entry = _entry(RIVALS_FIELD, RIVALS_LABEL, level, pl.col("rival_weight"))
    return pl.when(pl.col("rival_count") > 0).then(entry)


def pairs_with_explanations(predictions: pl.DataFrame | None, threshold: float, *,
                            rivals: bool = True) -> pl.DataFrame:
    """Splink's predictions (read from ``candidate_floor(threshold)``) as the pairs at or above
    ``threshold`` once weighed against their rivals, smaller id first, with their explanation
    as JSON. ``rivals=False`` keeps Splink's own probabilities (the benchmark's generic run)."""
    if predictions is None or predictions.height == 0:
        return pl.DataFrame(schema=PAIR_SCHEMA)
    pairs = predictions.with_columns(
        person_a=pl.min_horizontal("unique_id_l", "unique_id_r").cast(pl.Int64),
        person_b=pl.max_horizontal("unique_id_l", "unique_id_r").cast(pl.Int64),
        match_probability=pl.col("match_probability").cast(pl.Float64),
        match_weight=pl.col("match_weight").cast(pl.Float64),
    )
    extra: list[pl.Expr] = []
    if rivals:
        pairs = _with_rivals(pairs)
        extra.append(_rivals_entry())
    explanation = _explanation_expr(predictions.columns, extra)
    return (pairs.filter(pl.col("match_probability") >= threshold)
            .select("person_a", "person_b", "match_probability", "match_weight",
                    explanation=explanation))


def explanation_text(explanation: Sequence[dict[str, Any]]) -> str:
    """One Vietnamese sentence summarising an explanation, strongest evidence first."""
    parts = sorted(explanation, key=lambda e: -abs(e["weight"]))
    return "; ".join(f"{e['label']}: {e['level'].lower()}" for e in parts)
