"""The anomaly rules' base class, what a rule reports, and the one registry of rules.

A rule is a small class in this folder: a code ("PAID_AFTER_DEATH"), a Vietnamese title and
description, the legal provision it enforces, a severity, and :meth:`Rule.detect`, which finds
every occurrence in a unit (or the whole country when the unit is None) set-based — a few
queries whatever the size of the unit, never a query per row — and yields one :class:`Hit` per
occurrence. A hit's ``key`` names the occurrence across runs (a benefit and a month, say), so
that the runner updates its finding instead of adding another.

The summaries a rule writes are stored with the finding and read by the commune, the province
and the supervisors alike: they are data in Vietnamese, whatever the interface language of
whoever started the run (as dossier notes and payroll reasons are), and they never name a group
that reveals HIV status (K3, K8) — those are named by their policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django.db.models import Q
from django.utils.functional import Promise

from ansinh.core.scoping import path_q
from ansinh.integrity.models import Severity

if TYPE_CHECKING:
    from ansinh.geo.models import AdministrativeUnit

T = TypeVar("T")
R = TypeVar("R", bound="type[Rule]")


@dataclass(frozen=True)
class Hit:
    """One occurrence of a rule: what the finding will say and the records it links."""

    key: str
    unit_id: int
    summary: str
    details: dict[str, Any] = field(default_factory=dict)
    amount: int | None = None
    person_id: int | None = None
    household_id: int | None = None
    benefit_id: int | None = None
    payment_line_id: int | None = None
    cycle_id: int | None = None


@dataclass
class RunContext:
    """What the rules of one run share: the day they judge at, and results worth computing
    once (the eligibility engine's verdict on the running benefits, read by two rules)."""

    today: date
    _memo: dict[str, Any] = field(default_factory=dict)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = compute()
        result: T = self._memo[key]
        return result


class Rule:
    """An anomaly rule. Subclasses set the class attributes and implement :meth:`detect`."""

    code: ClassVar[str]
    title: ClassVar[str | Promise]
    description: ClassVar[str | Promise]
    legal_basis: ClassVar[str | Promise]
    severity: ClassVar[str] = Severity.MEDIUM
    # Findings that reveal a person's HIV status: shown only to the commune's own officers.
    restricted: ClassVar[bool] = False

    def detect(self, unit: AdministrativeUnit | None, ctx: RunContext) -> Iterable[Hit]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<Rule {self.code}>"


RULES: dict[str, Rule] = {}


def register(cls: R) -> R:
    """Class decorator: put one instance of the rule in :data:`RULES`, under its code."""
    if cls.code in RULES:
        raise ValueError(f"rule {cls.code} registered twice")
    RULES[cls.code] = cls()
    return cls


# --- helpers the rules share ---------------------------------------------------------------------

def scope_q(prefix: str, unit: AdministrativeUnit | None) -> Q:
    """Records whose unit (reached by ``prefix``) is ``unit`` or below it; all when None."""
    return Q() if unit is None else path_q(prefix, unit.path)


def scope_sql(column: str, unit: AdministrativeUnit | None) -> tuple[str, list[Any]]:
    """The same condition for raw SQL, on a unit path column (``u.path``)."""
    if unit is None:
        return "1 = 1", []
    return f"({column} = %s OR {column} LIKE %s)", [unit.path, f"{unit.path}.%"]


def in_scope(path: str, unit: AdministrativeUnit | None) -> bool:
    return unit is None or path == unit.path or path.startswith(f"{unit.path}.")


def month_label(d: date) -> str:
    return f"{d:%m/%Y}"


def day_label(d: date) -> str:
    return f"{d:%d/%m/%Y}"


def chunks(items: list[T], size: int = 2000) -> Iterator[list[T]]:
    """Slices of a list, for ``IN (…)`` look-ups that stay within SQLite's parameter limit."""
    for start in range(0, len(items), size):
        yield items[start:start + size]
