"""The payment-service provider's return file: which lines it paid, when and to whom, and
which it could not pay and why.

The provider gets the cycle's lines as a spreadsheet (row 1: "Mã dòng", "Họ và tên", "Năm
sinh", "Địa chỉ", "Số tài khoản", "Số tiền", "Kỳ chi trả", "Trạng thái", "Ngày chi", "Người
nhận", "Lý do") and sends it back with the last four columns filled: "Đã chi" with the date and,
when someone else collected the money, that person's name; or "Chưa chi" with the reason.

:func:`returns_check` reads such a file against a cycle and reports every row that cannot be
taken, naming the row and the column, without writing anything. :func:`returns_import` takes
the file only when every row can be taken — a file half applied would leave the officer to
work out which half — and applies it set-based: the results are staged in a temporary table
and written by one ``UPDATE`` whatever the number of lines, under the rules of
``services.lines_mark_paid`` and ``services.lines_mark_returned`` (approved cycle, dates from
the first day of the cycle's month to today, a reason for every unpaid line, arrears paid with
their lines), with one audit event for the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.cases.models import Arrear
from ansinh.cases.services import require_commune_officer
from ansinh.core.audit import audit_record
from ansinh.core.errors import DomainError
from ansinh.core.text import format_date, format_money, normalize_text, parse_date_vn
from ansinh.payroll.models import Cycle, Line, LineKind, LineStatus, Receiver
from ansinh.payroll.services import paid_total_refresh, require_payable
from ansinh.registry.imports.reader import RawSheet, read_workbook

# The columns of the provider file, by the name used here, with their headers as written.
COLUMNS: dict[str, str] = {
    "line": "Mã dòng",
    "full_name": "Họ và tên",
    "birth_year": "Năm sinh",
    "address": "Địa chỉ",
    "account_number": "Số tài khoản",
    "amount": "Số tiền",
    "period": "Kỳ chi trả",
    "result": "Trạng thái",
    "paid_on": "Ngày chi",
    "receiver": "Người nhận",
    "reason": "Lý do",
}
# What the import reads; the other columns are for the provider's eyes.
REQUIRED = ("line", "amount", "result", "paid_on", "receiver", "reason")
# The header is row 1 as written; a provider may have added a title above it.
HEADER_SCAN_ROWS = 10
# How many row errors the refusal message itself lists (the report carries them all).
MESSAGE_ERRORS = 10

_PAID_WORDS = frozenset({"da chi", "da chi tra"})
_UNPAID_WORDS = frozenset({"chua chi", "chua chi tra"})
_RECEIVER_NAME_MAX = Line._meta.get_field("receiver_name").max_length or 200
_REASON_MAX = Line._meta.get_field("return_reason").max_length or 300


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one row: ``row`` as Excel numbers it, ``column`` the header as written
    in the file, ``field`` its name here (a key of :data:`COLUMNS`)."""

    row: int
    column: str
    field: str
    message: str


@dataclass(slots=True)
class ReturnReport:
    """What a return file did (or, from :func:`returns_check`, would do) to a cycle.

    ``rows`` counts the rows with a line code. ``paid``/``returned`` count the lines that
    become paid or returned (or change their reason), with their amounts; ``unchanged`` the
    rows that change nothing: already recorded so, or not yet settled by the provider (no
    status). ``authorised`` is how many of the ``paid`` lines someone else collected.
    """

    rows: int = 0
    paid: int = 0
    paid_amount: int = 0
    returned: int = 0
    returned_amount: int = 0
    unchanged: int = 0
    authorised: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ReturnFileRejected(DomainError):
    """The file has rows that cannot be taken; nothing was recorded. ``report.errors`` has
    every one of them."""

    code = "return_file_rejected"

    def __init__(self, report: ReturnReport) -> None:
        errors = report.errors
        lines = [_("Tệp trả về có %(n)s lỗi; chưa ghi nhận dòng nào. Hãy sửa rồi tải lên lại.")
                 % {"n": len(errors)}]
        lines += [error.message for error in errors[:MESSAGE_ERRORS]]
        if len(errors) > MESSAGE_ERRORS:
            lines.append(_("… và %(n)s lỗi khác.") % {"n": len(errors) - MESSAGE_ERRORS})
        super().__init__("\n".join(lines), field="file")
        self.report = report


# --- Public entry points -----------------------------------------------------------------------


def returns_check(*, actor: Any, cycle: Cycle, file_bytes: bytes,
                  filename: str) -> ReturnReport:
    """What importing the file would do, with every row error; writes nothing."""
    require_commune_officer(actor, cycle.commune)
    require_payable(cycle)
    rows = _read(file_bytes, filename)
    report, _changes = _check(cycle, rows, today=timezone.localdate())
    return report


def returns_import(*, actor: Any, cycle: Cycle, file_bytes: bytes,
                   filename: str) -> ReturnReport:
    """Record the provider's results for ``cycle``; all rows or none.

    Raises :class:`ReturnFileRejected` (a ``DomainError`` carrying the report) when any row
    is invalid, and ``DomainError`` when the file cannot be read or the cycle is not approved.
    """
    require_commune_officer(actor, cycle.commune)
    require_payable(cycle)
    rows = _read(file_bytes, filename)
    with transaction.atomic():
        # One import of a cycle at a time; lines are checked as they are under the lock.
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        require_payable(cycle)
        report, changes = _check(cycle, rows, today=timezone.localdate())
        if report.errors:
            raise ReturnFileRejected(report)
        _apply(cycle, changes)
        audit_record(actor=actor, action="payroll.lines.return_import", obj=cycle,
                     unit=cycle.commune, changes={
                         "file": filename[:200], "rows": report.rows, "paid": report.paid,
                         "paid_amount": report.paid_amount, "authorised": report.authorised,
                         "returned": report.returned,
                         "returned_amount": report.returned_amount,
                         "unchanged": report.unchanged})
    return report


# --- Reading the file --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    number: int  # as Excel shows it
    cells: dict[str, object]  # by the names of COLUMNS; a blank cell is ""


def _read(file_bytes: bytes, filename: str) -> list[_Row]:
    """The rows under the header of the file's first visible sheet."""
    sheets = [sheet for sheet in read_workbook(file_bytes, filename) if not sheet.hidden]
    if not sheets:
        raise DomainError(_("Tệp không có trang tính nào để đọc."), field="file")
    sheet = sheets[0]
    header_index, columns = _find_header(sheet)
    rows = []
    for index in range(header_index + 1, len(sheet.rows)):
        raw = sheet.rows[index]
        if not any(raw):
            continue
        width = len(raw)
        cells = {name: raw[col] if col < width else "" for name, col in columns.items()}
        if _blank(cells["line"]) and all(_blank(value) for value in cells.values()):
            continue
        rows.append(_Row(index + 1, cells))
    if not any(not _blank(row.cells["line"]) for row in rows):
        raise DomainError(_("Tệp trả về không có dòng chi trả nào."), field="file")
    return rows


def _find_header(sheet: RawSheet) -> tuple[int, dict[str, int]]:
    wanted = {normalize_text(header): name for name, header in COLUMNS.items()}
    for index, raw in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        for col, cell in enumerate(raw):
            name = wanted.get(normalize_text(cell)) if isinstance(cell, str) else None
            if name is not None and name not in columns:
                columns[name] = col
        if "line" in columns and "result" in columns:
            missing = [COLUMNS[name] for name in REQUIRED if name not in columns]
            if missing:
                raise DomainError(_(
                    "Tệp trả về thiếu cột %(columns)s. Hãy dùng đúng tệp đã xuất cho tổ chức "
                    "dịch vụ chi trả."
                ) % {"columns": ", ".join(f"“{name}”" for name in missing)}, field="file")
            return index, columns
    raise DomainError(_(
        "Không tìm thấy dòng tiêu đề có cột “Mã dòng” và “Trạng thái”. Hãy dùng đúng tệp đã "
        "xuất cho tổ chức dịch vụ chi trả."
    ), field="file")


def _blank(cell: object) -> bool:
    return cell is None or cell == "" or (isinstance(cell, str) and not cell.strip())


def _shown(cell: object) -> str:
    """A cell as the officer sees it, for messages."""
    if isinstance(cell, datetime | date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _integer(cell: object) -> int | None:
    """A whole number from a number cell or text such as "540.000", "540,000 đ"."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        return int(cell) if cell.is_integer() else None
    text = str(cell).strip().lower().removesuffix("đ").removesuffix("vnd").strip()
    for separator in (".", ",", " ", "\u00a0"):
        text = text.replace(separator, "")
    sign = -1 if text.startswith("-") else 1
    digits = text.removeprefix("-")
    return sign * int(digits) if digits.isdigit() else None


# --- Checking rows against the cycle -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Change:
    line_id: int
    status: str
    paid_on: date | None
    receiver: str
    receiver_name: str
    return_reason: str


@dataclass(frozen=True, slots=True)
class _Line:
    kind: str
    amount: int
    status: str
    full_name: str
    paid_on: date | None
    return_reason: str


class _RowChecker:
    """Checks one row at a time, collecting errors into the report."""

    def __init__(self, cycle: Cycle, today: date) -> None:
        self.cycle = cycle
        self.today = today
        # Lines paid from the first day of the cycle's month (a one-off programme: any day).
        self.earliest = cycle.month.replace(day=1) if cycle.programme_id is None else None
        self.lines = {
            pk: _Line(kind, amount, status, full_name, paid_on, reason)
            for pk, kind, amount, status, full_name, paid_on, reason
            in Line.objects.filter(cycle=cycle).values_list(
                "id", "kind", "amount", "status", "full_name", "paid_on", "return_reason")}
        self.seen: dict[int, int] = {}
        self.errors: list[RowError] = []

    def error(self, row: _Row, name: str, problem: str) -> None:
        column = COLUMNS[name]
        self.errors.append(RowError(row.number, column, name, _(
            "Dòng %(row)s, cột %(column)s: %(problem)s"
        ) % {"row": row.number, "column": column, "problem": problem}))

    def line(self, row: _Row) -> tuple[int, _Line] | None:
        cell = row.cells["line"]
        line_id = _integer(cell)
        if line_id is None or line_id <= 0:
            self.error(row, "line", _("“%(value)s” không phải mã dòng chi trả.")
                       % {"value": _shown(cell)})
            return None
        line = self.lines.get(line_id)
        if line is None:
            self.error(row, "line", _("không có dòng chi trả %(id)s trong kỳ này.")
                       % {"id": line_id})
            return None
        if line_id in self.seen:
            self.error(row, "line", _("dòng chi trả %(id)s đã có ở dòng %(first)s của tệp.")
                       % {"id": line_id, "first": self.seen[line_id]})
            return None
        self.seen[line_id] = row.number
        if line.kind == LineKind.RECOVERY:
            self.error(row, "line", _("dòng %(id)s là khoản thu hồi, không chi qua tổ chức "
                                      "dịch vụ chi trả.") % {"id": line_id})
            return None
        return line_id, line

    def amount(self, row: _Row, line: _Line) -> None:
        cell = row.cells["amount"]
        if _blank(cell):
            self.error(row, "amount", _("thiếu số tiền."))
            return
        amount = _integer(cell)
        if amount is None:
            self.error(row, "amount", _("không đọc được số tiền “%(value)s”.")
                       % {"value": _shown(cell)})
        elif amount != line.amount:
            self.error(row, "amount", _("%(value)s khác số tiền của dòng chi trả (%(amount)s).")
                       % {"value": format_money(amount), "amount": format_money(line.amount)})

    def result(self, row: _Row) -> str | None:
        """LineStatus.PAID or RETURNED; "" when the provider has not settled the row yet."""
        cell = row.cells["result"]
        if _blank(cell):
            if not all(_blank(row.cells[name]) for name in ("paid_on", "receiver", "reason")):
                self.error(row, "result", _("chưa ghi “Đã chi” hay “Chưa chi”."))
                return None
            return ""
        word = normalize_text(_shown(cell))
        if word in _PAID_WORDS:
            return LineStatus.PAID
        if word in _UNPAID_WORDS:
            return LineStatus.RETURNED
        self.error(row, "result", _("trạng thái “%(value)s” không rõ; hãy ghi “Đã chi” hoặc "
                                    "“Chưa chi”.") % {"value": _shown(cell)})
        return None

    def paid_on(self, row: _Row) -> date | None:
        cell = row.cells["paid_on"]
        if _blank(cell):
            self.error(row, "paid_on", _("dòng “Đã chi” cần ngày chi."))
            return None
        if isinstance(cell, datetime):
            paid_on = cell.date()
        elif isinstance(cell, date):
            paid_on = cell
        else:
            try:
                paid_on = parse_date_vn(_shown(cell))
            except ValueError as exc:
                self.error(row, "paid_on", str(exc))
                return None
        if paid_on > self.today:
            self.error(row, "paid_on", _("ngày %(date)s chưa tới.")
                       % {"date": format_date(paid_on)})
            return None
        if self.earliest is not None and paid_on < self.earliest:
            self.error(row, "paid_on", _("ngày %(date)s trước tháng chi trả %(month)s.")
                       % {"date": format_date(paid_on), "month": f"{self.cycle.month:%m/%Y}"})
            return None
        return paid_on

    def receiver(self, row: _Row, line: _Line) -> tuple[str, str] | None:
        """(receiver, receiver_name): a name other than the beneficiary's is authorised."""
        name = " ".join(_shown(row.cells["receiver"]).split())
        if not name or normalize_text(name) == normalize_text(line.full_name):
            return Receiver.BENEFICIARY, ""
        if len(name) > _RECEIVER_NAME_MAX:
            self.error(row, "receiver", _("tên người nhận dài quá %(n)s ký tự.")
                       % {"n": _RECEIVER_NAME_MAX})
            return None
        return Receiver.AUTHORISED, name

    def reason(self, row: _Row) -> str | None:
        reason = " ".join(_shown(row.cells["reason"]).split())
        if not reason:
            self.error(row, "reason", _("dòng “Chưa chi” cần ghi lý do không chi được."))
            return None
        return reason[:_REASON_MAX]


def _check(cycle: Cycle, rows: list[_Row], *, today: date
           ) -> tuple[ReturnReport, list[_Change]]:
    """Every row checked (all errors, not the first); the changes the valid rows make."""
    checker = _RowChecker(cycle, today)
    report = ReturnReport()
    changes: list[_Change] = []
    for row in rows:
        if _blank(row.cells["line"]):
            # A total or a note under the list has no line code and no result.
            if not all(_blank(row.cells[name]) for name in ("result", "paid_on", "receiver")):
                checker.error(row, "line", _("thiếu mã dòng chi trả."))
            continue
        report.rows += 1
        errors_before = len(checker.errors)
        found = checker.line(row)
        if found is None:
            continue
        line_id, line = found
        checker.amount(row, line)
        result = checker.result(row)
        change: _Change | None = None
        if result == LineStatus.PAID:
            paid_on, receiver = checker.paid_on(row), checker.receiver(row, line)
            if paid_on is not None and receiver is not None and line.status != LineStatus.PAID:
                change = _Change(line_id, LineStatus.PAID, paid_on, *receiver, "")
        elif result == LineStatus.RETURNED:
            reason = checker.reason(row)
            if line.status == LineStatus.PAID:
                # An import does not undo a payment already recorded; the officer can.
                checker.error(row, "result", _(
                    "dòng chi trả %(id)s đã ghi nhận đã chi ngày %(date)s, tệp lại ghi “Chưa "
                    "chi”.") % {"id": line_id,
                                "date": format_date(line.paid_on) if line.paid_on else ""})
            elif reason is not None and not (line.status == LineStatus.RETURNED
                                             and line.return_reason == reason):
                change = _Change(line_id, LineStatus.RETURNED, None, "", "", reason)
        if len(checker.errors) > errors_before:
            continue
        if change is None:
            report.unchanged += 1
        elif change.status == LineStatus.PAID:
            report.paid += 1
            report.paid_amount += line.amount
            report.authorised += change.receiver == Receiver.AUTHORISED
            changes.append(change)
        else:
            report.returned += 1
            report.returned_amount += line.amount
            changes.append(change)
    report.errors = checker.errors
    return report, changes


# --- Applying ----------------------------------------------------------------------------------

_STAGE_COLUMNS = "line_id, status, paid_on, receiver, receiver_name, return_reason"


def _stage_name() -> str:
    # Qualified by the temporary schema: a DROP can never reach a permanent table.
    return "pg_temp.payroll_return_stage" if connection.vendor == "postgresql" \
        else "temp.payroll_return_stage"


def _apply(cycle: Cycle, changes: list[_Change]) -> int:
    """Write ``changes`` with one ``UPDATE`` from a staging table; returns the lines changed.

    Lines recorded paid meanwhile (by hand, outside this import) are left as they are, as
    ``lines_mark_paid`` leaves them.
    """
    if not changes:
        return 0
    stage = _stage_name()
    # Only constant names are formatted into these statements; values are parameters.
    update = f"""
        UPDATE payroll_line SET
            status = (SELECT s.status FROM {stage} s WHERE s.line_id = payroll_line.id),
            paid_on = (SELECT s.paid_on FROM {stage} s WHERE s.line_id = payroll_line.id),
            receiver = (SELECT s.receiver FROM {stage} s WHERE s.line_id = payroll_line.id),
            receiver_name = (SELECT s.receiver_name FROM {stage} s
                             WHERE s.line_id = payroll_line.id),
            return_reason = (SELECT s.return_reason FROM {stage} s
                             WHERE s.line_id = payroll_line.id)
        WHERE cycle_id = %s AND status <> %s AND id IN (SELECT line_id FROM {stage})
    """  # noqa: S608
    adapt = connection.ops.adapt_datefield_value
    rows = [(c.line_id, c.status, adapt(c.paid_on), c.receiver, c.receiver_name,
             c.return_reason) for c in changes]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {stage} (line_id bigint PRIMARY KEY, "
            "status varchar(10) NOT NULL, paid_on date NULL, receiver varchar(12) NOT NULL, "
            "receiver_name varchar(200) NOT NULL, return_reason varchar(300) NOT NULL)")
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {stage} ({_STAGE_COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {stage} ({_STAGE_COLUMNS}) "  # noqa: S608
                               "VALUES (%s, %s, %s, %s, %s, %s)", rows)
        cursor.execute(update, [cycle.pk, LineStatus.PAID])
        changed = cursor.rowcount
        cursor.execute(f"DROP TABLE {stage}")
    # As lines_mark_paid does: an arrear is paid once its line is.
    (Arrear.objects.filter(pk__in=Line.objects.filter(
        cycle=cycle, status=LineStatus.PAID, arrear__isnull=False).values("arrear_id"))
     .exclude(status=Arrear.Status.PAID).update(status=Arrear.Status.PAID))
    paid_total_refresh(cycle)
    return changed
