"""What this app does when other apps act: a death stops benefits, a parameter confirmed late
owes arrears, and the eligibility engine learns who has a running monthly allowance
(Resolution 42/NQ-CP pays them)."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
from django.db import connection

from ansinh.cases.arrears import arrears_for_version
from ansinh.cases.services import benefits_stop_after_death
from ansinh.policies.eligibility import register_fact_provider
from ansinh.policies.models import ParameterVersion
from ansinh.policies.services import register_parameter_confirmed
from ansinh.registry.services import AFTER_DEATH

AFTER_DEATH.append(benefits_stop_after_death)


@register_fact_provider
def on_assistance(person_ids: list[int], at: date) -> pl.DataFrame:
    """Persons with a monthly social assistance allowance running at ``at``."""
    month = at.replace(day=1)
    found: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(person_ids), 5000):
            chunk = person_ids[start:start + 5000]
            cursor.execute(
                "SELECT DISTINCT b.person_id FROM cases_benefit b "  # noqa: S608
                "JOIN policies_policy p ON p.id = b.policy_id "
                "WHERE p.code = %s AND NOT b.one_off AND b.start_month <= %s "
                "AND (b.end_month IS NULL OR b.end_month >= %s) AND b.status = %s "
                f"AND b.person_id IN ({', '.join(['%s'] * len(chunk))})",
                ["TGXH", month, month, "active", *chunk])
            found += [row[0] for row in cursor.fetchall()]
    return pl.DataFrame({"person_id": person_ids}, schema={"person_id": pl.Int64}).with_columns(
        on_assistance=pl.col("person_id").is_in(found))


@register_parameter_confirmed
def owe_arrears(version: ParameterVersion, actor: Any) -> None:
    """A value confirmed for past months owes the difference on running benefits."""
    arrears_for_version(version, actor)
