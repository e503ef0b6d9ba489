"""The anomaly rules, each a small class in this folder, registered in ``base.RULES``.

Importing this package registers them all; ``ORDER`` is the order they run and are listed in
(payments first: they are about money already out).
"""

from __future__ import annotations

from ansinh.integrity.rules import (  # noqa: F401  (registers the rules)
    amounts,
    decisions,
    eligibility,
    identity,
    payments,
    privacy,
    reports,
)
from ansinh.integrity.rules.base import RULES, Hit, Rule, RunContext

__all__ = ["ORDER", "RULES", "Hit", "Rule", "RunContext", "all_rules", "restricted_codes",
           "rule_by_code"]

ORDER = (
    "PAID_AFTER_DEATH", "PAID_AFTER_STOP", "PAID_BY_TWO_COMMUNES", "PAID_TWICE",
    "AMOUNT_NOT_RULES", "DECISION_MISSING", "NO_LONGER_QUALIFIES", "HIV_STATUS_POSTED",
    "SHARED_ID_NUMBER", "PERSON_IN_TWO_HOUSEHOLDS", "NATIONAL_ID_INCONSISTENT",
    "REPORTED_TOTALS",
)


def all_rules() -> list[Rule]:
    ranked = {code: index for index, code in enumerate(ORDER)}
    return sorted(RULES.values(), key=lambda r: (ranked.get(r.code, len(ORDER)), r.code))


def rule_by_code(code: str) -> Rule | None:
    return RULES.get(code.strip().upper())


def restricted_codes() -> list[str]:
    """Rules whose findings reveal HIV status."""
    return [r.code for r in RULES.values() if r.restricted]
