"""The signature list of a payment cycle (danh sách chi trả, ký nhận), printed and signed.

One landscape A4 document per cycle, or per residential group (``group``), drawn with
ReportLab in the layout of ``documents/list_base.html`` (``ansinh.core.pdf``): the Decree
30/2020 header, the title, a table whose header row repeats on every
page (STT, Họ và tên, Năm sinh, Địa chỉ/Tổ, Đối tượng, Mức hưởng, Số tiền, Ký nhận), a heading
and a subtotal row for each residential group, the grand total, the total in words, the place
and date, and the signatures of the preparer, the accountant and the commune chair. Pages are
numbered "Trang 2/7" in the footer; no row is split between two pages.

What the list pays, and what it does not:

- Regular, arrear and one-off lines are paid against a signature: they are the table, and the
  grand total is their sum — the money the cashier hands out.
- Recovery lines (negative: money paid for months that were not due) are not paid and not
  signed for. They are left out of the table and of its totals and listed after the total in
  words, under "Các khoản thu hồi", with their own sum, so that whoever signs sees them. The
  cycle's ``total`` nets them off; the printed grand total does not.

Lines are ordered by residential group (numbers in their natural order: "Tổ 2" before "Tổ 10";
households in no group first), then by name without diacritics (so "Đ" sorts beside "D", not
after "Y"), then by person and month. The group is the line's snapshot, as is everything else
printed: a list printed twice prints the same, whatever the registry says since.

"Đối tượng" is the line's snapshot label, which for a restricted group (K3, K8: HIV) is the
policy's name; the category code is never printed, whoever prints: the paper goes round the
payment point. The wording is the document's, in Vietnamese whatever the interface language.
Checking that ``viewer`` may see the cycle, and recording the export of personal data, is the
caller's (``downloads.cycle_download``); ``viewer`` (None for the operator at the console) is
named in the footer as who printed the copy.

Time (``python -m bench payroll_print``, 2-core machine): a whole ward's 5,000 lines (some
360 pages) print in about 2 s, of which reading and sorting the lines take 0.1 s; ReportLab
drawing the same cells bare, with no borders, wrapping or header, takes 1 s. WeasyPrint, which
printed the list before, took 45 s: it lays out about 1 ms per table cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone, translation
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate

from ansinh.cases.selectors import commune_place
from ansinh.core import pdf
from ansinh.core.text import (
    amount_in_words,
    date_line,
    format_count,
    format_datetime,
    format_money,
    normalize_text,
)
from ansinh.payroll.models import Cycle, LineKind

PAID_KINDS = frozenset({LineKind.REGULAR, LineKind.ARREAR, LineKind.ONE_OFF})
# How the pages and the API name the households in no residential group.
NO_GROUP = "-"
NO_GROUP_LABEL = "Hộ chưa xếp thôn, tổ dân phố"
SIGNATURE_ROLES = ("Người lập biểu", "Kế toán", "Chủ tịch UBND")
_FIELDS = ("id", "kind", "person_id", "full_name", "birth_year", "address", "group_name",
           "category_label", "amount", "reason", "hundredths", "multiplier", "base",
           "for_month")


@dataclass(frozen=True, slots=True)
class Row:
    """One printed line. ``amount`` is what is paid (or, for a recovery, recovered: positive)."""

    number: int
    line_id: int
    person_id: int
    full_name: str
    birth_year: int | None
    address: str
    category: str
    basis: str
    amount: int


@dataclass(slots=True)
class Group:
    name: str  # the snapshot's group name; "" for households in no group
    label: str
    rows: list[Row] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(row.amount for row in self.rows)

    @property
    def persons(self) -> int:
        return len({row.person_id for row in self.rows})

    @property
    def persons_shown(self) -> str:
        return format_count(self.persons)


@dataclass(slots=True)
class SignatureList:
    """The content of the list, shared by the PDF and the Excel sheet."""

    title: str
    subtitle: str
    groups: list[Group]
    recoveries: list[Row]

    @property
    def rows(self) -> list[Row]:
        return [row for group in self.groups for row in group.rows]

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)

    @property
    def persons(self) -> int:
        return len({row.person_id for row in self.rows})

    @property
    def persons_shown(self) -> str:
        return format_count(self.persons)

    @property
    def recovered(self) -> int:
        return sum(row.amount for row in self.recoveries)

    @property
    def in_words(self) -> str:
        """"Bằng chữ: Chín mươi tư triệu tám trăm năm mươi nghìn đồng."."""
        return f"Bằng chữ: {amount_in_words(self.total)}."

    @property
    def subtotals(self) -> bool:
        """A heading and a subtotal for each group, unless the list is one group."""
        return len(self.groups) > 1


# --- content ----------------------------------------------------------------------------------

def group_filter(group: str | None) -> str | None:
    """The snapshot group name a ``group`` argument selects: None for all lines."""
    if group is None:
        return None
    return "" if group in ("", NO_GROUP) else group


def signature_list(cycle: Cycle, *, group: str | None = None) -> SignatureList:
    """The rows of the list, grouped and numbered, and the recoveries set apart."""
    lines = cycle.lines.all()
    wanted = group_filter(group)
    if wanted is not None:
        lines = lines.filter(group_name=wanted)
    values = sorted(lines.values(*_FIELDS), key=line_order)
    groups: list[Group] = []
    recoveries: list[Row] = []
    paid = 0
    with translation.override("vi"):
        for line in values:
            if line["kind"] not in PAID_KINDS:
                recoveries.append(_row(line, len(recoveries) + 1))
                continue
            if not groups or groups[-1].name != line["group_name"]:
                groups.append(Group(line["group_name"],
                                    line["group_name"] or NO_GROUP_LABEL))
            paid += 1
            groups[-1].rows.append(_row(line, paid))
        title, subtitle = _title(cycle), _subtitle(cycle, wanted)
    return SignatureList(title=title, subtitle=subtitle, groups=groups, recoveries=recoveries)


def line_order(line: dict[str, Any]) -> tuple[Any, ...]:
    """The list's order, for a line's values (group_name, full_name, person_id, for_month, id)."""
    return (natural_key(line["group_name"]), normalize_text(line["full_name"]),
            line["full_name"], line["person_id"], line["for_month"], line["id"])


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """"Tổ 2" before "Tổ 10": runs of digits compare as numbers, the rest without diacritics."""
    return tuple((0, int(part)) if part.isdigit() else (1, part)
                 for part in re.split(r"(\d+)", normalize_text(text)) if part)


def _row(line: dict[str, Any], number: int) -> Row:
    amount = line["amount"]
    return Row(number=number, line_id=line["id"], person_id=line["person_id"],
               full_name=line["full_name"], birth_year=line["birth_year"],
               address=address_with_group(line["address"], line["group_name"]),
               category=line["category_label"], basis=basis(line), amount=abs(amount))


def address_with_group(address: str, group_name: str) -> str:
    """"Số 12 Hàng Bạc, Tổ 1"; the group is not repeated when the address already says it."""
    address = address.strip()
    if not group_name or normalize_text(group_name) in normalize_text(address):
        return address
    return f"{address}, {group_name}" if address else group_name


def coefficient(hundredths: int) -> str:
    """150 → "1,5"; 100 → "1,0"; 125 → "1,25" (the coefficient as decisions write it)."""
    whole, cents = divmod(hundredths, 100)
    decimals = f"{cents:02d}".rstrip("0") or "0"
    return f"{whole},{decimals}"


def basis(line: dict[str, Any]) -> str:
    """The "Mức hưởng" cell: "1,5 × 500.000", the amount of a one-off, or an arrear's or a
    recovery's kind and reason (with the formula when it gives the amount)."""
    kind, amount = line["kind"], line["amount"]
    if kind == LineKind.ONE_OFF:
        return format_money(amount, unit=False)
    formula = ""
    if line["base"]:
        formula = f"{coefficient(line['hundredths'])} × {format_money(line['base'], unit=False)}"
        if line["multiplier"] > 1:
            formula += f" × {line['multiplier']}"
    if kind == LineKind.REGULAR:
        return formula
    label = str(LineKind(kind).label)
    reason = " ".join(line["reason"].split())
    month = f"{line['for_month']:%m/%Y}"
    if not reason:
        text = f"{label} tháng {month}"
    elif normalize_text(reason).startswith(normalize_text(label)):
        text = reason
    else:
        text = f"{label} tháng {month}: {reason}"
    # The formula of a month's full amount beside a difference would mislead.
    due = (line["base"] * line["hundredths"] * line["multiplier"] + 50) // 100
    return f"{text} ({formula})" if formula and due == abs(amount) else text


def _title(cycle: Cycle) -> str:
    if cycle.programme_id is not None:
        return f"Danh sách chi trả {cycle.programme.title}"  # type: ignore[union-attr]
    # "Trợ cấp xã hội hằng tháng" paid for June: "… trợ cấp xã hội tháng 06/2026".
    name = cycle.policy.name.removesuffix(" hằng tháng")
    return f"Danh sách chi trả {name} tháng {cycle.month:%m/%Y}"


def _subtitle(cycle: Cycle, group: str | None) -> str:
    parts = []
    if group is not None:
        parts.append(group or NO_GROUP_LABEL)
    if cycle.is_draft:
        parts.append("Dự thảo, chưa được duyệt")
    return " — ".join(parts)


# --- the document -----------------------------------------------------------------------------

# (header, width in per cent of the text's width): the columns of the list and of the
# recoveries under it.
COLUMNS = (("STT", 4.5), ("Họ và tên", 15.5), ("Năm sinh", 6.5), ("Địa chỉ/Tổ", 16.5),
           ("Đối tượng", 23), ("Mức hưởng", 11.5), ("Số tiền (đồng)", 10.5), ("Ký nhận", 12))
RECOVERY_COLUMNS = (("STT", 4.5), ("Họ và tên", 16), ("Năm sinh", 6.5), ("Địa chỉ/Tổ", 17),
                    ("Lý do", 45.5), ("Số tiền thu hồi (đồng)", 10.5))
BODY, HEAD, WORDS = 11.5, 11.0, 12.5  # points: the cells, the header row, the total in words
PAD_X, PAD_Y, HEAD_PAD_X, HEAD_PAD_Y = 3.0, 1.0, 4.0, 2.0  # points, inside the cells
SIGNING_ROW = 8 * mm  # a paid line's row is at least as high as a signature needs


def date_line_for(cycle: Cycle, place: str, today: date) -> str:
    """The approval date once approved; a draft leaves the day and month to be written in."""
    if cycle.approved_at is not None:
        return date_line(place, cycle.approved_at)
    return f"{place}, ngày ...... tháng ...... năm {today.year}"


def signatures(cycle: Cycle) -> list[tuple[str, str]]:
    """Preparer, accountant and chair; only the preparer's name is known (who generated)."""
    preparer = getattr(cycle.generated_by, "full_name", "") or ""
    return [(SIGNATURE_ROLES[0], preparer), (SIGNATURE_ROLES[1], ""), (SIGNATURE_ROLES[2], "")]


def signature_list_context(cycle: Cycle, *, group: str | None = None,
                           viewer: Any) -> dict[str, Any]:
    """Everything the PDF prints: the content of ``signature_list`` and what goes around it."""
    content = signature_list(cycle, group=group)
    commune = cycle.commune
    place = commune_place(commune)
    now = timezone.now()
    printed = f"In lúc {format_datetime(now)}"
    if name := (getattr(viewer, "full_name", "") or getattr(viewer, "username", "")):
        printed += f" bởi {name}"
    return {
        "cycle": cycle, "list": content, "issuer": f"UBND {commune.name}",
        "title": content.title, "subtitle": content.subtitle,
        "date_line": date_line_for(cycle, place, timezone.localdate()),
        "signatures": signatures(cycle),
        "footer": f"{content.title} — {printed}",
    }


def signature_list_pdf(cycle: Cycle, *, group: str | None = None, viewer: Any) -> bytes:
    """The list as a PDF (ReportLab; see ``ansinh.core.pdf`` for why not WeasyPrint)."""
    context = signature_list_context(cycle, group=group, viewer=viewer)
    content: SignatureList = context["list"]
    pdf.register_fonts()
    story: list[Flowable] = [
        pdf.NationalHeader(context["issuer"]),
        pdf.paragraph(context["title"].upper(), font=pdf.BOLD, size=14, leading=1.3,
                      space_before=10, space_after=0 if context["subtitle"] else 7),
    ]
    if context["subtitle"]:
        story.append(pdf.paragraph(context["subtitle"], font=pdf.BOLD, size=13, leading=1.3,
                                   space_after=7))
    # The signatures follow the last table as its last row, so that they never stand alone
    # on a page: the row is kept with the table's last lines.
    closing = pdf.signature_table(context["signatures"], context["date_line"])
    lines = _lines(content, None if content.recoveries else closing)
    # The list's header row is drawn at the top of every page after the first until the list
    # ends (a page template), so that the list can be cut into tables of a few pages each.
    story += [NextPageTemplate(pdf.CONTINUED), *lines.tables(), NextPageTemplate(pdf.PLAIN)]
    if content.recoveries:
        story.append(_recoveries(content, closing).table(space_before=10))
    return pdf.list_document(
        story, footer=context["footer"], running_header=lines.running_header(),
        metadata=pdf.Metadata(title=context["title"].upper(), author=context["issuer"],
                              subject=context["subtitle"]))


def _lines(content: SignatureList, closing: Flowable | None) -> pdf.ListTable:
    """The paid lines: header, groups with their subtotals, the total, the total in words."""
    amount = 6
    grid = pdf.ListTable(COLUMNS, size=BODY, head_size=HEAD, padding=(PAD_Y, PAD_X),
                         head_padding=(HEAD_PAD_Y, HEAD_PAD_X),
                         aligns={0: "CENTER", 2: "CENTER", amount: "RIGHT"})
    grid.header()
    for group in content.groups:
        if content.subtotals:
            heading = grid.spanned(group.label, font=pdf.BOLD_ITALIC)
            grid.keep(heading, heading + 1)  # never a heading alone at the foot of a page
        for row in group.rows:
            # Plain strings, wrapped here: a Paragraph per cell would cost twice the time.
            grid.add([str(row.number), grid.text(row.full_name, 1), str(row.birth_year or ""),
                      grid.text(row.address, 3), grid.text(row.category, 4),
                      grid.text(row.basis, 5), format_money(row.amount, unit=False)],
                     height=SIGNING_ROW)
        if content.subtotals:
            subtotal = grid.total(f"Cộng {group.label}: {group.persons_shown} người",
                                  format_money(group.total, unit=False), amount_column=amount)
            grid.keep(subtotal - 1, subtotal)
    if not content.groups:
        grid.spanned("Không có dòng chi trả nào.", align="CENTER")
    total = grid.total(f"Tổng cộng: {content.persons_shown} người",
                       format_money(content.total, unit=False), amount_column=amount)
    grid.border(0, total)
    words = grid.spanned(content.in_words, size=WORDS)
    grid.bare(words, top=4)
    last = words if closing is None else grid.closing(closing, space=10)
    # The total is never alone at the top of a page: the last line, the total, the words
    # and the signatures go over together.
    grid.keep(total - 1, last)
    return grid


def _recoveries(content: SignatureList, closing: Flowable | None) -> pdf.ListTable:
    """The recoveries under their heading, their sum, and the signatures."""
    amount = 5
    grid = pdf.ListTable(RECOVERY_COLUMNS, size=BODY, head_size=HEAD, padding=(PAD_Y, PAD_X),
                         head_padding=(HEAD_PAD_Y, HEAD_PAD_X),
                         aligns={0: "CENTER", 2: "CENTER", amount: "RIGHT"})
    heading = grid.spanned("Các khoản thu hồi", font=pdf.BOLD, size=WORDS)
    grid.bare(heading, bottom=2)
    note = grid.spanned("Không chi trả và không tính vào tổng số tiền trên.", font=pdf.ITALIC,
                        size=11)
    grid.bare(note, bottom=4)
    header = grid.header()
    for row in content.recoveries:
        grid.add([str(row.number), grid.text(row.full_name, 1), str(row.birth_year or ""),
                  grid.text(row.address, 3), grid.text(row.basis, 4),
                  format_money(row.amount, unit=False)])
    total = grid.total(f"Cộng thu hồi: {len(content.recoveries)} khoản",
                       format_money(content.recovered, unit=False), amount_column=amount)
    grid.border(header, total)
    grid.keep(heading, header + 1)
    last = total if closing is None else grid.closing(closing, space=10)
    grid.keep(total - 1, last)
    return grid


