"""The procedures a dossier follows, as data: which one is in force on the date a dossier is
received, its steps, who acts at each, and the deadlines in working days.

- Decree 20/2021/NĐ-CP Art 8 (to 30/6/2025): the commune reviews within 7 working days and posts
  the result for 2, forwards to the district within 3, the district appraises within 7 and its
  chair decides within 3.
- Decree 147/2025/NĐ-CP (from 1/7/2025): districts are gone; within 10 working days the commune
  checks the data against the National Population Database, and its chair decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

RECEIVED = "received"
POSTED = "posted"
DECIDED = "decided"
REJECTED = "rejected"


@dataclass(frozen=True)
class Step:
    code: str
    label: _StrPromise  # lazy: shown in the language of whoever reads it
    days: int  # working days allowed for this step, counted from the end of the one before
    leader: bool = False  # the commune leader (chair) acts; otherwise an officer


@dataclass(frozen=True)
class Procedure:
    code: str
    name: _StrPromise
    legal_basis: str
    valid_from: date | None
    valid_to: date | None
    steps: tuple[Step, ...]

    def step(self, code: str) -> Step:
        return next(s for s in self.steps if s.code == code)

    def next_step(self, code: str) -> Step | None:
        codes = [s.code for s in self.steps]
        index = codes.index(code)
        return self.steps[index + 1] if index + 1 < len(self.steps) else None

    @property
    def total_days(self) -> int:
        return sum(s.days for s in self.steps)


DISTRICT_ROUTE = Procedure(
    code="d20_2021", name=_("Quy trình huyện quyết định (Nghị định 20/2021)"),
    legal_basis="Điều 8 Nghị định 20/2021/NĐ-CP", valid_from=date(2021, 7, 1),
    valid_to=date(2025, 6, 30),
    steps=(
        Step(RECEIVED, _("Tiếp nhận hồ sơ"), 0),
        Step("reviewed", _("Xã xét duyệt"), 7),
        Step(POSTED, _("Niêm yết công khai kết quả xét duyệt"), 2),
        Step("forwarded", _("Chuyển hồ sơ lên huyện"), 3),
        Step("appraised", _("Huyện thẩm định"), 7),
        Step(DECIDED, _("Chủ tịch UBND huyện quyết định"), 3, leader=True),
    ),
)
COMMUNE_ROUTE = Procedure(
    code="d147_2025", name=_("Quy trình xã quyết định (Nghị định 147/2025)"),
    legal_basis="Nghị định 147/2025/NĐ-CP", valid_from=date(2025, 7, 1), valid_to=None,
    steps=(
        Step(RECEIVED, _("Tiếp nhận hồ sơ"), 0),
        Step("checked", _("Kiểm tra, đối chiếu Cơ sở dữ liệu quốc gia về dân cư"), 5),
        Step(POSTED, _("Niêm yết công khai"), 2),
        Step(DECIDED, _("Chủ tịch UBND xã quyết định"), 3, leader=True),
    ),
)
PROCEDURES = (DISTRICT_ROUTE, COMMUNE_ROUTE)
# Steps of kinds that change a running benefit: no public posting.
UNPOSTED_KINDS = frozenset({"adjust", "suspend", "resume", "stop", "move_out", "funeral"})


def procedure_for(received_on: date) -> Procedure:
    """The procedure in force on the day the dossier was received (the earliest for older)."""
    for procedure in PROCEDURES:
        if (procedure.valid_from is None or procedure.valid_from <= received_on) and (
                procedure.valid_to is None or received_on <= procedure.valid_to):
            return procedure
    return DISTRICT_ROUTE


def procedure_by_code(code: str) -> Procedure:
    return next(p for p in PROCEDURES if p.code == code)


def steps_for(procedure: Procedure, kind: str) -> tuple[Step, ...]:
    if kind in UNPOSTED_KINDS:
        return tuple(s for s in procedure.steps if s.code != POSTED)
    return procedure.steps
