"""The eligibility engine: which policies and categories apply to whom at a date, for how much,
and why — the same rules for one person on a page and for a whole commune at once.

Facts about persons (age, disability, pension, the household's poverty status, HIV status,
circumstances recorded on dossiers, and whatever other apps add through ``FACT_PROVIDERS``) are
read set-based into a polars frame, one row per person. Each category's rule is a polars
expression over that frame and its coefficient bands pick the first band that holds. The
overlap rules then mark which results are paid. Evaluating one person builds the same frame
with one row, so the page and the list cannot disagree.

Money is whole đồng and coefficients are hundredths, so every amount is exact integer
arithmetic: amount = (base × coefficient_hundredths + 50) // 100 (half up).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl
from django.db import connection

from ansinh.core.text import format_money
from ansinh.policies.models import Category, CircumstanceKind, Policy, PolicyKind
from ansinh.policies.parameters import ParameterTable

SOCIAL_ASSISTANCE = "TGXH"
SOCIAL_PENSION = "HTXH"
SINGLE_PARENT = "K4"
# A K4 single parent who is also in one of these groups receives both allowances.
ALSO_WITH_SINGLE_PARENT = frozenset({"K5a", "K5b", "K5c", "K5d", "K6", "K8"})
# Policies of which a person receives one category only, the highest (Resolution 42/NQ-CP:
# "một người thuộc nhiều đối tượng thì chỉ được hưởng một chế độ hỗ trợ cao nhất").
HIGHEST_ONLY = frozenset({"NQ42", "MUNGTHO", "MAITANG", "NCC", "CSND"})

# Other apps add facts (e.g. "on_assistance": has a running monthly allowance) by registering a
# function that takes the frame's person ids and the date and returns person_id + columns.
FactProvider = Callable[[list[int], date], pl.DataFrame]
FACT_PROVIDERS: list[FactProvider] = []
PROVIDED_DEFAULTS: dict[str, Any] = {"on_assistance": False}


def register_fact_provider(provider: FactProvider) -> FactProvider:
    FACT_PROVIDERS.append(provider)
    return provider


# --- facts -------------------------------------------------------------------------------------

_PERSON_SQL = """
SELECT p.id, p.household_id, p.commune_id, u.path, p.full_name, p.sex, p.birth_date,
       p.birth_precision, p.status, p.status_date, p.disability_level,
       p.disability_certified_on, p.pension_status, p.merit_type, h.poverty_status,
       h.poverty_year, h.is_urban, COALESCE(r.hiv_positive, %s)
FROM registry_person p
JOIN registry_household h ON h.id = p.household_id
JOIN geo_administrativeunit u ON u.id = p.commune_id
LEFT JOIN registry_personrestricted r ON r.person_id = p.id
WHERE {where}
"""
_PERSON_SCHEMA = {
    "person_id": pl.Int64, "household_id": pl.Int64, "commune_id": pl.Int64, "path": pl.String,
    "full_name": pl.String, "sex": pl.String, "birth_date": pl.Date, "birth_precision": pl.String,
    "status": pl.String, "status_date": pl.Date, "disability_level": pl.String,
    "disability_certified_on": pl.Date, "pension_status": pl.String, "merit_type": pl.String,
    "household_poverty": pl.String, "household_poverty_year": pl.Int64, "is_urban": pl.Boolean,
    "hiv": pl.Boolean,
}


def _selection(commune_ids: Iterable[int] | None, person_ids: Iterable[int] | None,
               alias: str = "p") -> tuple[str, list[Any]]:
    clauses, params = [], []
    for column, ids in (("commune_id", commune_ids), ("id", person_ids)):
        if ids is not None:
            ids = list(ids)
            if not ids:
                return "1 = 0", []
            clauses.append(f"{alias}.{column} IN ({', '.join(['%s'] * len(ids))})")
            params += ids
    return " AND ".join(clauses) or "1 = 1", params


def _query(sql: str, params: list[Any], schema: dict[str, Any]) -> pl.DataFrame:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return pl.DataFrame(rows, schema=schema, orient="row")


def _age(birth: pl.Expr, at: date) -> pl.Expr:
    """Whole years at ``at``; a birth known only by its year counts from 1 January."""
    before_birthday = (birth.dt.month() > at.month) | (
        (birth.dt.month() == at.month) & (birth.dt.day() > at.day))
    return (pl.lit(at.year) - birth.dt.year() - before_birthday.cast(pl.Int32)).cast(pl.Int32)


def person_facts(*, at: date, commune_ids: Iterable[int] | None = None,
                 person_ids: Iterable[int] | None = None) -> pl.DataFrame:
    """One row per selected person with every fact the rules read, as of ``at``."""
    where, params = _selection(commune_ids, person_ids)
    facts = _query(_PERSON_SQL.format(where=where), [False, *params], _PERSON_SCHEMA)
    living = (pl.col("status") == "living") | (pl.col("status_date") > at)
    facts = facts.with_columns(
        province=pl.col("path").str.split(".").list.first(),
        age=_age(pl.col("birth_date"), at),
        age_in_year=(pl.lit(at.year) - pl.col("birth_date").dt.year()).cast(pl.Int32),
        living=living,
        deceased=(pl.col("status") == "deceased") & (pl.col("status_date") <= at),
    )
    facts = _with_poverty(facts, at, where, params)
    facts = _with_circumstances(facts, at, where, params)
    facts = _with_children(facts, at, where, params)
    for provider in FACT_PROVIDERS:
        extra = provider(facts["person_id"].to_list(), at)
        facts = facts.join(extra, on="person_id", how="left")
    for name, default in PROVIDED_DEFAULTS.items():
        if name not in facts.columns:
            facts = facts.with_columns(pl.lit(default).alias(name))
        facts = facts.with_columns(pl.col(name).fill_null(default))
    return facts


def _with_poverty(facts: pl.DataFrame, at: date, where: str, params: list[Any]) -> pl.DataFrame:
    """The household's classification at ``at``: the latest recorded for a year up to it
    whose recognition decision (when it has one) was signed by then, else the household's
    current one if it was recorded for such a year. A review's result counts from the
    decision that recognises it, not from the first day of its year."""
    history = _query(
        "SELECT hp.household_id, hp.year, hp.status, hp.decided_on "  # noqa: S608
        "FROM registry_householdpoverty hp WHERE hp.year <= %s AND hp.household_id IN "
        f"(SELECT p.household_id FROM registry_person p WHERE {where})",
        [at.year, *params],
        {"household_id": pl.Int64, "year": pl.Int64, "status": pl.String,
         "decided_on": pl.Date})
    in_force = history.filter(pl.col("decided_on").is_null() | (pl.col("decided_on") <= at))
    latest = (in_force.sort("year").group_by("household_id").last()
              .select("household_id", pl.col("status").alias("recorded_poverty")))
    recorded = history.select("household_id").unique().with_columns(has_history=pl.lit(True))
    # Without any history, the household's current classification (an imported list) counts
    # if it was recorded for a year up to ``at``'s.
    current = pl.when(pl.col("has_history")).then(pl.lit("")).when(
        pl.col("household_poverty_year").is_null()
        | (pl.col("household_poverty_year") <= at.year)).then(pl.col("household_poverty")) \
        .otherwise(pl.lit(""))
    return (facts.join(latest, on="household_id", how="left")
            .join(recorded, on="household_id", how="left")
            .with_columns(has_history=pl.col("has_history").fill_null(False))
            .with_columns(poverty=pl.coalesce("recorded_poverty", current).fill_null(""))
            .drop("recorded_poverty", "has_history"))


def _with_circumstances(facts: pl.DataFrame, at: date, where: str,
                        params: list[Any]) -> pl.DataFrame:
    found = _query(
        "SELECT c.person_id, c.kind FROM policies_circumstance c "  # noqa: S608
        "WHERE c.valid_from <= %s AND (c.valid_to IS NULL OR c.valid_to >= %s) AND c.person_id IN "
        f"(SELECT p.id FROM registry_person p WHERE {where})",
        [at, at, *params], {"person_id": pl.Int64, "kind": pl.String})
    for kind in CircumstanceKind.values:
        holders = found.filter(pl.col("kind") == kind)["person_id"].unique()
        facts = facts.with_columns(pl.col("person_id").is_in(holders.implode()).alias(f"c_{kind}"))
    return facts


def _with_children(facts: pl.DataFrame, at: date, where: str, params: list[Any]) -> pl.DataFrame:
    """How many living children under 16 share the person's household (for K4, per child)."""
    members = _query(
        "SELECT m.id, m.household_id, m.birth_date, m.status, m.status_date "  # noqa: S608
        "FROM registry_person m WHERE m.household_id IN "
        f"(SELECT p.household_id FROM registry_person p WHERE {where})",
        params, {"member_id": pl.Int64, "household_id": pl.Int64, "birth_date": pl.Date,
                 "status": pl.String, "status_date": pl.Date})
    children = (members.filter(((pl.col("status") == "living") | (pl.col("status_date") > at))
                               & (_age(pl.col("birth_date"), at) < 16))
                .select("household_id", "member_id"))
    per_household = children.group_by("household_id").agg(pl.len().alias("children"))
    facts = facts.join(per_household, on="household_id", how="left").with_columns(
        pl.col("children").fill_null(0))
    # A child is not their own parent's child count.
    is_child = pl.col("person_id").is_in(children["member_id"].implode())
    return facts.with_columns(child_count=(pl.col("children") - is_child.cast(pl.UInt32))
                              .cast(pl.Int32)).drop("children")


# --- rules -------------------------------------------------------------------------------------

_AGE = pl.col("age")
_POOR = pl.col("poverty") == "poor"
_POOR_OR_NEAR = pl.col("poverty").is_in(["poor", "near_poor"])
_NO_PENSION = pl.col("pension_status") == ""
_SEVERE = pl.col("disability_level").is_in(["severe", "especially_severe"])


def _c(kind: str) -> pl.Expr:
    return pl.col(f"c_{kind}")


# Each rule: who is in the category (before coefficient bands), among the living.
RULES: dict[str, pl.Expr] = {
    "k1": (_AGE < 16) & _c("no_support"),
    "k2": (_AGE >= 16) & (_AGE < 22) & _c("no_support") & _c("studying"),
    "k3": (_AGE < 16) & pl.col("hiv") & _POOR,
    "k4": _c("single_parent") & _POOR_OR_NEAR & (pl.col("child_count") > 0),
    "k5a": (_AGE >= 60) & _POOR & _c("no_supporter"),
    "k5b": (_AGE >= 75) & (_AGE < 80) & _POOR_OR_NEAR & _c("difficult_area"),
    "k5c": (_AGE >= 80) & _NO_PENSION,
    "k5d": (_AGE >= 60) & _POOR & _c("community_care"),
    "k6": _SEVERE,
    "k7": (_AGE < 3) & _POOR_OR_NEAR & _c("difficult_area"),
    "k8": pl.col("hiv") & _POOR & _c("no_stable_income"),
    "social_pension_75": (_AGE >= 75) & _NO_PENSION,
    "social_pension_70": (_AGE >= 70) & (_AGE < 75) & _POOR_OR_NEAR & _NO_PENSION,
    "fosters_child": _c("fosters_child"),
    "disabled_parent": _c("disabled_parent") & _SEVERE,
    "cares_disabled": _c("cares_disabled"),
    "longevity": pl.col("age_in_year") >= 70,
    "r42_merit": pl.col("merit_type") != "",
    "r42_assistance": pl.col("on_assistance"),
    "r42_poor": _POOR_OR_NEAR,
    # Dead at the date: the funeral support of a beneficiary.
    "funeral": pl.col("deceased"),
    # Only a list the officer draws up (a dossier) puts a person here.
    "declared": pl.lit(False),
}
# Rules whose coefficient bands count the age reached during the year (longevity gifts).
AGE_IN_YEAR_RULES = frozenset({"longevity"})
CONDITIONS: dict[str, pl.Expr] = {
    "child_or_older": (_AGE < 16) | (_AGE >= 60),
    "especially_severe": pl.col("disability_level") == "especially_severe",
    "severe": pl.col("disability_level") == "severe",
    "per_child": pl.lit(True),  # a multiplier, see _amounts
}


@dataclass(frozen=True)
class Band:
    index: int
    hundredths: int
    min_age: int | None
    below_age: int | None
    conditions: tuple[str, ...]
    parameter: str
    label: str


@dataclass(frozen=True)
class RuleSet:
    """The categories in force at a date, with their bands: read once per evaluation."""

    at: date
    categories: list[Category]
    bands: dict[int, list[Band]]
    parameters: ParameterTable

    @classmethod
    def at_date(cls, at: date, *, policy_codes: Iterable[str] | None = None) -> RuleSet:
        policies = Policy.objects.exclude(kind=PolicyKind.THRESHOLD)
        if policy_codes is not None:
            policies = policies.filter(code__in=list(policy_codes))
        in_force = [p for p in policies if (p.valid_from is None or p.valid_from <= at)
                    and (p.valid_to is None or at <= p.valid_to)]
        categories = list(Category.objects.filter(policy__in=in_force)
                          .select_related("policy").prefetch_related("coefficients")
                          .order_by("policy__order", "order"))
        bands = {c.pk: [Band(index=i, hundredths=int(b.value * 100), min_age=b.min_age,
                             below_age=b.below_age,
                             conditions=tuple(x for x in b.condition.split("+") if x),
                             parameter=b.parameter, label=b.label)
                        for i, b in enumerate(c.coefficients.all())] for c in categories}
        return cls(at=at, categories=categories, bands=bands, parameters=ParameterTable())


def _base_codes(category: Category, band: Band) -> list[str]:
    return [band.parameter] if band.parameter else [
        code for code in category.policy.base_parameter.split("+") if code]


def evaluate(facts: pl.DataFrame, rules: RuleSet, *, require_living: bool = True
             ) -> pl.DataFrame:
    """Every (person, category) that applies, with coefficient, amount and whether it is paid.

    Columns: person_id, province, policy, category, category_order, band, hundredths,
    multiplier, base, amount, restricted, living, paid, reason. ``require_living=False`` also
    returns persons who died or left before the date (with ``living`` false), so that a list
    can show why they are excluded.
    """
    parts = []
    provinces = facts["province"].unique().to_list()
    for order, category in enumerate(rules.categories):
        if category.rule not in RULES:
            continue
        eligible = RULES[category.rule]
        if category.rule != "funeral" and require_living:
            eligible = eligible & pl.col("living")
        age = pl.col("age_in_year") if category.rule in AGE_IN_YEAR_RULES else _AGE
        band_index = pl.lit(None, dtype=pl.Int32)
        for band in reversed(rules.bands[category.pk]):
            holds = pl.lit(True)
            if band.min_age is not None:
                holds = holds & (age >= band.min_age)
            if band.below_age is not None:
                holds = holds & (age < band.below_age)
            for name in band.conditions:
                holds = holds & CONDITIONS[name]
            band_index = pl.when(holds).then(pl.lit(band.index, dtype=pl.Int32)).otherwise(
                band_index)
        found = (facts.filter(eligible.fill_null(False))
                 .with_columns(band=band_index).filter(pl.col("band").is_not_null()))
        if found.is_empty():
            continue
        bases = pl.DataFrame(
            [(b.index, province, _base_value(rules, category, b, province))
             for b in rules.bands[category.pk] for province in provinces],
            schema={"band": pl.Int32, "province": pl.String, "base": pl.Int64}, orient="row")
        by_band = {b.index: b for b in rules.bands[category.pk]}
        found = found.join(bases, on=["band", "province"], how="left").with_columns(
            pl.col("band").replace_strict({i: b.hundredths for i, b in by_band.items()},
                                          return_dtype=pl.Int64).alias("hundredths"),
            pl.when(pl.col("band").replace_strict(
                {i: "per_child" in b.conditions for i, b in by_band.items()},
                return_dtype=pl.Boolean)).then(pl.col("child_count")).otherwise(1)
            .cast(pl.Int64).alias("multiplier"),
        )
        parts.append(found.select(
            "person_id", "province",
            pl.lit(category.policy.code).alias("policy"),
            pl.lit(category.code).alias("category"),
            pl.lit(order, dtype=pl.Int32).alias("category_order"),
            "band", "hundredths", "multiplier", "base",
            ((pl.col("base") * pl.col("hundredths") * pl.col("multiplier") + 50) // 100)
            .alias("amount"),
            pl.lit(category.restricted).alias("restricted"),
            "living",
        ))
    if not parts:
        return _empty_results()
    return _apply_overlaps(pl.concat(parts))


def _base_value(rules: RuleSet, category: Category, band: Band, province: str) -> int | None:
    codes = _base_codes(category, band)
    if not codes or not all(rules.parameters.has(code, rules.at, province) for code in codes):
        return None
    return sum(rules.parameters.value(code, rules.at, province).value for code in codes)


def _empty_results() -> pl.DataFrame:
    return pl.DataFrame(schema={
        "person_id": pl.Int64, "province": pl.String, "policy": pl.String,
        "category": pl.String, "category_order": pl.Int32, "band": pl.Int32,
        "hundredths": pl.Int64, "multiplier": pl.Int64, "base": pl.Int64, "amount": pl.Int64,
        "restricted": pl.Boolean, "living": pl.Boolean, "paid": pl.Boolean,
        "reason": pl.String})


def _apply_overlaps(results: pl.DataFrame) -> pl.DataFrame:
    """Mark what is paid: within social assistance only the highest allowance, except that a
    K4 single parent also in K5, K6 or K8 receives both; between social assistance and the
    social pension, the higher (the social pension when equal)."""
    # No base in force (the policy not yet law) or a zero amount (a gift the province does
    # not give): nothing is owed.
    results = results.filter(pl.col("base").is_not_null() & (pl.col("amount") > 0)).with_columns(
        paid=pl.lit(True), reason=pl.lit(""))
    monthly_assistance = (pl.col("policy") == SOCIAL_ASSISTANCE) & (
        pl.col("category") != SINGLE_PARENT)
    rank = pl.struct(-pl.col("amount"), pl.col("category_order")).rank("ordinal").over(
        "person_id", monthly_assistance)
    results = results.with_columns(
        best=monthly_assistance & (rank == 1),
        has_k4=(pl.col("category") == SINGLE_PARENT).any().over("person_id"),
    )
    best = results.filter(pl.col("best")).select(
        "person_id", pl.col("category").alias("best_category"),
        pl.col("amount").alias("best_amount"))
    results = results.join(best, on="person_id", how="left")
    with_k4 = pl.col("best_category").is_in(list(ALSO_WITH_SINGLE_PARENT))
    k4_loses = (pl.col("category") == SINGLE_PARENT) & pl.col("best_amount").is_not_null() & (
        ~with_k4) & (pl.col("best_amount") >= pl.col("amount"))
    k4_amount = pl.col("amount").filter(pl.col("category") == SINGLE_PARENT).max().over(
        "person_id")
    best_loses_to_k4 = pl.col("best") & pl.col("has_k4") & ~with_k4 & (
        k4_amount > pl.col("amount"))
    results = results.with_columns(
        paid=pl.when(monthly_assistance & ~pl.col("best")).then(False)
        .when(k4_loses | best_loses_to_k4).then(False).otherwise(pl.col("paid")),
        reason=pl.when((monthly_assistance & ~pl.col("best")) | k4_loses | best_loses_to_k4)
        .then(pl.lit("overlap")).otherwise(pl.col("reason")),
    )
    # Social pension against the social assistance allowance paid (the K4 part aside).
    assistance_paid = pl.col("amount").filter(
        monthly_assistance & pl.col("paid")).max().over("person_id")
    pension_paid = pl.col("amount").filter(
        pl.col("policy") == SOCIAL_PENSION).max().over("person_id")
    pension_rank = pl.struct(-pl.col("amount"), pl.col("category_order")).rank("ordinal").over(
        "person_id", pl.col("policy") == SOCIAL_PENSION)
    results = results.with_columns(
        assistance_paid=assistance_paid, pension_paid=pension_paid, pension_rank=pension_rank)
    pension_loses = (pl.col("policy") == SOCIAL_PENSION) & (
        (pl.col("pension_rank") > 1)
        | (pl.col("assistance_paid").is_not_null()
           & (pl.col("assistance_paid") > pl.col("amount"))))
    assistance_loses = (monthly_assistance & pl.col("paid")
                        & pl.col("pension_paid").is_not_null()
                        & (pl.col("pension_paid") >= pl.col("amount")))
    results = results.with_columns(
        paid=pl.when(pension_loses | assistance_loses).then(False).otherwise(pl.col("paid")),
        reason=pl.when(pension_loses | assistance_loses).then(pl.lit("pension_overlap"))
        .otherwise(pl.col("reason")),
    )
    # Policies paying one category per person: the highest.
    single = pl.col("policy").is_in(list(HIGHEST_ONLY))
    single_rank = pl.struct(-pl.col("amount"), pl.col("category_order")).rank("ordinal").over(
        "person_id", "policy")
    results = results.with_columns(
        paid=pl.when(single & (single_rank > 1)).then(False).otherwise(pl.col("paid")),
        reason=pl.when(single & (single_rank > 1)).then(pl.lit("overlap"))
        .otherwise(pl.col("reason")),
    )
    return results.drop("best", "has_k4", "best_category", "best_amount", "assistance_paid",
                        "pension_paid", "pension_rank").sort("person_id", "category_order")


# --- explanations ------------------------------------------------------------------------------

def format_coefficient(hundredths: int) -> str:
    """1,0 · 2,5 · 1,25: Vietnamese decimal comma, at least one decimal."""
    text = f"{Decimal(hundredths) / 100:.2f}".rstrip("0")
    return (text + "0" if text.endswith(".") else text).replace(".", ",")


def explanation(row: dict[str, Any], rules: RuleSet) -> str:
    """The reason for one result, citing the provision and the parameter used."""
    category = next(c for c in rules.categories if c.code == row["category"]
                    and c.policy.code == row["policy"])
    band = rules.bands[category.pk][row["band"]]
    values = [rules.parameters.value(code, rules.at, row["province"])
              for code in _base_codes(category, band)]
    per = "/tháng" if category.policy.kind == PolicyKind.MONTHLY else ""
    base_text = " + ".join(f"{v.name.lower()} {format_money(v.value)}"
                           + (f" ({v.province_name})" if v.province_name else "")
                           for v in values)
    label = f" ({band.label})" if band.label else ""
    times = f" × {row['multiplier']} con" if row["multiplier"] != 1 else ""
    text = (f"{category.name}{label} — {category.legal_ref}: hệ số "
            f"{format_coefficient(row['hundredths'])} × {base_text}{times} = "
            f"{format_money(row['amount'])}{per}")
    if row["reason"] == "overlap":
        text += (" — không cộng dồn: chỉ hưởng mức cao nhất"
                 + (f" ({category.policy.overlap_ref})" if category.policy.overlap_ref else ""))
    elif row["reason"] == "pension_overlap":
        text += " — không cộng dồn trợ cấp xã hội và trợ cấp hưu trí xã hội: hưởng mức cao hơn"
    return text


@dataclass(frozen=True)
class Entitlement:
    policy: str
    policy_name: str
    category: str
    category_name: str
    amount: int
    monthly: bool
    paid: bool
    restricted: bool
    explanation: str
    hundredths: int
    multiplier: int
    base_parameters: str  # the parameter codes the coefficient multiplies, joined by "+"


def person_entitlements(person_id: int, at: date, *,
                        policy_codes: Iterable[str] | None = None) -> list[Entitlement]:
    """What one person is entitled to at ``at``, explained (the same engine as for lists)."""
    rules = RuleSet.at_date(at, policy_codes=policy_codes)
    results = evaluate(person_facts(at=at, person_ids=[person_id]), rules)
    return entitlements_of(results, rules)


def entitlements_of(results: pl.DataFrame, rules: RuleSet) -> list[Entitlement]:
    by_code = {(c.policy.code, c.code): c for c in rules.categories}
    out = []
    for row in results.iter_rows(named=True):
        category = by_code[(row["policy"], row["category"])]
        band = rules.bands[category.pk][row["band"]]
        out.append(Entitlement(
            policy=row["policy"], policy_name=category.policy.name, category=row["category"],
            category_name=category.name, amount=row["amount"],
            monthly=category.policy.kind == PolicyKind.MONTHLY, paid=row["paid"],
            restricted=row["restricted"], explanation=explanation(row, rules),
            hundredths=row["hundredths"], multiplier=row["multiplier"],
            base_parameters="+".join(_base_codes(category, band))))
    return out


def commune_entitlements(commune_ids: Iterable[int], at: date, *,
                         policy_codes: Iterable[str] | None = None) -> pl.DataFrame:
    """Every result for the persons of these communes at ``at`` (one set-based evaluation)."""
    rules = RuleSet.at_date(at, policy_codes=policy_codes)
    return evaluate(person_facts(at=at, commune_ids=commune_ids), rules)


def start_month(rule: str, *, received_on: date, decided_on: date, birth_date: date | None,
                certificate_on: date | None) -> date:
    """The first month of a monthly benefit (Decree 20/2021 Art 8; Decree 176/2025).

    By default the month the decision is signed. K5b starts in the month the person turns 75,
    K5c in the month they turn 80 and a disability allowance in the month of the certificate —
    which may be before the decision (the months between are arrears), but never before the
    month the dossier was received. A birth known only by its year counts from January.
    """
    if rule == "turns_75" and birth_date:
        due = date(birth_date.year + 75, birth_date.month, 1)
    elif rule == "turns_80" and birth_date:
        due = date(birth_date.year + 80, birth_date.month, 1)
    elif rule == "disability_certificate" and certificate_on:
        due = certificate_on.replace(day=1)
    else:
        return decided_on.replace(day=1)
    return max(due, received_on.replace(day=1))


