"""The shape every standard report takes, on screen, in Excel and in PDF alike: a title, the
scope and period it covers, a one-sentence summary in the seed reports' style ("149 đối tượng:
người khuyết tật 94, …"), and one or more tables of rows whose figures each link to the list
behind them.

The renderers (``excel``, ``printing``, the page template) only lay these out; every figure is
computed in ``standard`` from the database, so the three forms cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["text", "count", "money"]
RowLevel = Literal["row", "subtotal", "total"]
Cell = str | int | None


@dataclass(frozen=True)
class Column:
    label: str
    kind: Kind = "text"
    width: int = 14  # characters, as a spreadsheet column; the PDF scales them to the page


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    level: RowLevel = "row"
    # The list behind each figure: column index → URL of the list (``lists``) it counts.
    links: dict[int, str] = field(default_factory=dict)


@dataclass
class Table:
    title: str  # "" when the report has one table
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)

    def add(self, *cells: Cell, level: RowLevel = "row",
            links: dict[int, str] | None = None) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(f"{len(cells)} cells for {len(self.columns)} columns")
        self.rows.append(Row(tuple(cells), level, links or {}))


@dataclass
class Report:
    code: str  # the URL's slug, and the file name's stem
    title: str  # "BÁO CÁO ĐỐI TƯỢNG BẢO TRỢ XÃ HỘI THEO NHÓM"
    scope_label: str  # "Phường Long Biên, Thành phố Hà Nội"
    period_label: str  # "Năm 2026" or "Từ 01/01/2026 đến 30/11/2026"
    issuer: str  # the left block of the national header: "UBND PHƯỜNG LONG BIÊN"
    place: str  # for the date line: "Long Biên"
    summary: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # sources and caveats, printed below
