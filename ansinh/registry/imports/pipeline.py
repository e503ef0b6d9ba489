"""Import of person lists: validate every row first, then write the valid ones set-based.

``import_plan`` reads and validates a file and matches its rows to the registry (a dry run
stops there). ``import_apply`` writes the plan: missing residential groups and households,
new persons, updates of matched persons, their life events and one audit event, in bulk
statements. Re-importing the same file therefore creates no duplicates: a row matches a
person by CCCD, else by normalised name and birth date in the commune.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter, itemgetter
from typing import Any

import xlsxwriter
from django.db import connection, transaction
from django.utils import timezone

from ansinh.core.audit import audit_record
from ansinh.core.bulk import BulkInserter, sqlite_bulk_cache, sqlite_indexes_rebuilt
from ansinh.core.text import format_date, normalize_text
from ansinh.geo.models import AdministrativeUnit, ResidentialGroup, ResidentialGroupKind
from ansinh.geo.selectors import unit_find_legacy, unit_resolve_current
from ansinh.registry.identity import validate_national_id
from ansinh.registry.imports.columns import FIELD_LABELS
from ansinh.registry.imports.reader import (
    MAX_BYTES,
    ImportFileError,
    SourceRow,
    cyclic_gc_paused,
    extract_rows,
    read_workbook,
)
from ansinh.registry.imports.values import (
    Birth,
    parse_birth,
    parse_disability_level,
    parse_ethnicity,
    parse_national_id,
    parse_old_id,
    parse_phone,
    parse_relationship,
    parse_sex,
    parse_text,
)
from ansinh.registry.models import (
    Household,
    Person,
    RegistrationBatch,
    RegistrationSource,
    Relationship,
    given_key_of,
)

MAX_REPORTED_ROWS = 500
# The longest text each column may hold (the model's lengths): longer is a row error.
TEXT_LIMITS = {"household_code": 32, "residential_group": 120, "address": 300,
               "health_insurance_number": 20}


@dataclass
class RowIssue:
    sheet: str
    row: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "field": self.field,
                "message": self.message}


@dataclass(slots=True)
class CleanRow:
    source: SourceRow
    full_name: str
    name_key: str
    given_key: str
    sex: str
    birth_date: date | None
    birth_precision: str
    birth_year: int | None
    national_id: str | None
    household_code: str
    group_name: str
    address: str
    relationship: str
    ethnicity: str
    phone: str
    disability_level: str
    health_insurance_number: str
    old_id_number: str
    household_given: bool = True
    relationship_given: bool = True
    match_id: int | None = None

    def person_values(self) -> dict[str, Any]:
        return {
            "full_name": self.full_name, "name_key": self.name_key,
            "given_key": self.given_key, "sex": self.sex,
            "birth_date": self.birth_date, "birth_precision": self.birth_precision,
            "birth_year": self.birth_year, "national_id": self.national_id,
            "relationship": self.relationship, "ethnicity": self.ethnicity,
            "phone": self.phone, "disability_level": self.disability_level,
            "health_insurance_number": self.health_insurance_number,
            "old_id_number": self.old_id_number,
        }


@dataclass
class ImportPlan:
    commune: AdministrativeUnit
    filename: str
    total_rows: int = 0
    valid: list[CleanRow] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    rejected: list[tuple[SourceRow, list[str]]] = field(default_factory=list)

    @property
    def to_create(self) -> list[CleanRow]:
        return [r for r in self.valid if r.match_id is None]

    @property
    def to_update(self) -> list[CleanRow]:
        return [r for r in self.valid if r.match_id is not None]

    def summary(self) -> list[list[Any]]:
        return [
            ["Số dòng dữ liệu trong tệp", self.total_rows],
            ["Dòng hợp lệ", len(self.valid)],
            ["— sẽ thêm người mới", len(self.to_create)],
            ["— sẽ cập nhật người đã có", len(self.to_update)],
            ["Dòng bị từ chối", len(self.rejected)],
        ]

    def report_rows(self) -> list[dict[str, Any]]:
        return [issue.as_dict() for issue in self.issues[:MAX_REPORTED_ROWS]]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    households_created: int = 0
    groups_created: int = 0
    updated_rows: list[tuple[str, int, int]] = field(default_factory=list)  # sheet, row, id

    def summary(self) -> list[list[Any]]:
        return [
            ["Đã thêm người mới", self.created],
            ["Đã cập nhật người đã có", self.updated],
            ["Hộ gia đình tạo mới", self.households_created],
            ["Thôn, tổ dân phố tạo mới", self.groups_created],
        ]


# --- validation ------------------------------------------------------------------------------

def _label(field_name: str) -> str:
    return str(FIELD_LABELS.get(field_name, field_name))


def _fields_present(rows: list[SourceRow]) -> set[str]:
    """The fields any row has a cell for, found in one C-level pass over the rows."""
    return set().union(*map(attrgetter("cells"), rows))


def _column(rows: list[SourceRow], present: set[str], field_name: str,
            parse: Callable[[Any], tuple[Any, str | None]]) -> list[tuple[Any, str | None]]:
    """``parse`` applied to one field of every row; each distinct cell is parsed once.

    Lists repeat most of their cells (sexes, groups, relationships, the same birth dates), so
    parsing a column's distinct cells once, and spreading the results back with C-level
    ``map``, is what lets a million rows be checked in seconds. The key holds the type,
    because ``1.0``, ``1`` and ``True`` are equal in a dictionary.
    """
    if field_name not in present:
        # A column the list does not have (most lists carry half the fields): every cell is
        # empty, and parsing one stands for all.
        return [parse(None)] * len(rows)
    cells = [row.cells.get(field_name) for row in rows]
    keys = [cell if cell.__class__ is str else (cell.__class__, cell) for cell in cells]
    # Cells with one key are equal (same type, same value): any of them stands for the rest.
    parsed = {key: parse(cell) for key, cell in dict(zip(keys, cells, strict=True)).items()}
    return list(map(parsed.__getitem__, keys))


_first, _second = itemgetter(0), itemgetter(1)


def _name(cell: Any) -> tuple[str | None, str | None]:
    name, error = parse_text(cell, max_length=200)
    return name, error or (None if name else "Thiếu họ và tên.")


def _text_parser(limit: int) -> Callable[[Any], tuple[str | None, str | None]]:
    return lambda cell: parse_text(cell, max_length=limit)


class _RowChecker:
    """Validates source rows into CleanRows column by column, collecting every problem of a row.

    A row with any problem is refused whole, with each problem named by field.
    """

    def __init__(self, commune: AdministrativeUnit) -> None:
        self.commune = commune
        self.today = timezone.localdate()
        self._legacy_cache: dict[tuple[str, str, str], AdministrativeUnit | None] = {}
        self._id_problems: dict[tuple[str, int | None, str | None], list[str]] = {}

    def check(self, rows: list[SourceRow]) -> tuple[list[CleanRow], dict[int, list[RowIssue]]]:
        """The clean rows, and the problems of the others by their index in ``rows``."""
        problems: dict[int, list[RowIssue]] = {}

        def collect(field_name: str, column: list[tuple[Any, str | None]]) -> list[Any]:
            if any(map(_second, column)):  # most columns of most files have no problem
                label = _label(field_name)
                for index, (_value, error) in enumerate(column):
                    if error:
                        source = rows[index]
                        problems.setdefault(index, []).append(
                            RowIssue(source.sheet, source.row_number, label, error))
            return list(map(_first, column))

        present = _fields_present(rows)

        def parsed(field_name: str, parse: Callable[[Any], tuple[Any, str | None]]
                   ) -> list[Any]:
            return collect(field_name, _column(rows, present, field_name, parse))

        today = self.today
        names = parsed("full_name", _name)
        births = parsed("birth_date", lambda cell: parse_birth(cell, today=today))
        sexes = collect("sex", self._sexes(rows))
        national_ids = parsed("national_id", parse_national_id)
        for index, messages in self._id_consistency(national_ids, births, sexes):
            source = rows[index]
            problems.setdefault(index, []).extend(
                RowIssue(source.sheet, source.row_number, _label("national_id"), message)
                for message in messages)
        collect("old_commune", self._old_addresses(rows))
        texts = {name: parsed(name, _text_parser(limit)) for name, limit in TEXT_LIMITS.items()}
        relationships = parsed("relationship", parse_relationship)
        ethnicities = parsed("ethnicity", parse_ethnicity)
        phones = parsed("phone", parse_phone)
        disabilities = parsed("disability_level", parse_disability_level)
        old_ids = parsed("old_id_number", parse_old_id)
        name_keys = {name: normalize_text(name) for name in set(names) if name}
        given_keys = {key: given_key_of(key) for key in set(name_keys.values())}
        clean: list[CleanRow] = []
        append = clean.append
        columns = zip(rows, names, births, sexes, national_ids, texts["household_code"],
                      texts["residential_group"], texts["address"], relationships,
                      ethnicities, phones, disabilities, old_ids,
                      texts["health_insurance_number"], strict=True)
        for index, (row, name, birth, sex, nid, household_code, group, address, relationship,
                    ethnicity, phone, disability, old_id, insurance) in enumerate(columns):
            if index in problems:
                continue
            name_key = name_keys[name]
            append(CleanRow(
                row, name, name_key, given_keys[name_key], sex, birth.date, birth.precision,
                birth.year, nid,
                (household_code or _own_household_code(name_key, birth.year, birth.date)
                 ).upper(),
                group or "", address or "", relationship or Relationship.OTHER,
                ethnicity or "", phone or "", disability or "", insurance or "", old_id or "",
                bool(household_code), relationship is not None,
            ))
        return clean, problems

    def _sexes(self, rows: list[SourceRow]) -> list[tuple[str | None, str | None]]:
        cache: dict[tuple[Any, ...], tuple[str | None, str | None]] = {}
        parsed: list[tuple[str | None, str | None]] = []
        for row in rows:
            cells = row.cells
            value, male, female = (cells.get("sex"), cells.get("sex_male_mark"),
                                   cells.get("sex_female_mark"))
            key = (type(value), value, type(male), male, type(female), female)
            hit = cache.get(key)
            if hit is None:
                sex, error = parse_sex(value, male, female)
                hit = cache[key] = (sex, error or (None if sex else "Thiếu giới tính."))
            parsed.append(hit)
        return parsed

    def _id_consistency(self, national_ids: list[str | None], births: list[Birth],
                        sexes: list[str | None]) -> Iterator[tuple[int, list[str]]]:
        """Each CCCD against the row's birth year and sex.

        Only the first six digits carry province, century, sex and year, so the problems of
        one (prefix, year, sex) are found once.
        """
        for index, (nid, birth, sex) in enumerate(zip(national_ids, births, sexes, strict=True)):
            if not nid:
                continue
            key = (nid[:6], birth.year, sex)
            found = self._id_problems.get(key)
            if found is None:
                found = self._id_problems[key] = validate_national_id(
                    nid, birth_year=birth.year, sex=sex)
            if found:
                yield index, found

    def _old_addresses(self, rows: list[SourceRow]) -> list[tuple[None, str | None]]:
        """An old address (pre-2025 commune, district) must lead to the importing commune."""
        if not any(row.cells.get("old_commune") for row in rows):
            return [(None, None)] * len(rows)  # the usual list: no old address column
        return [(None, self._old_address_problem(row.cells)) for row in rows]

    def _old_address_problem(self, cells: dict[str, Any]) -> str | None:
        old_commune = parse_text(cells.get("old_commune"))[0]
        if not old_commune:
            return None
        key = (old_commune, parse_text(cells.get("old_district"))[0] or "",
               parse_text(cells.get("old_province"))[0] or "")
        if key not in self._legacy_cache:
            legacy = unit_find_legacy(commune=key[0], district=key[1], province=key[2])
            self._legacy_cache[key] = unit_resolve_current(legacy) if legacy else None
        today_unit = self._legacy_cache[key]
        if today_unit is None:
            return f"Không tìm thấy đơn vị cũ “{', '.join(p for p in key if p)}”."
        if today_unit.pk != self.commune.pk:
            return (f"Địa chỉ cũ “{key[0]}” nay thuộc {today_unit.name}, "
                    f"không thuộc {self.commune.name}.")
        return None


def _own_household_code(name_key: str, birth_year: int | None, birth_date: date | None) -> str:
    """A stable code for a person whose list names no household: the same on every import."""
    digest = hashlib.sha1(f"{name_key}|{birth_date or birth_year}".encode(), usedforsecurity=False)
    return f"TM-{digest.hexdigest()[:8].upper()}"


def import_plan(*, commune: AdministrativeUnit, data: bytes, filename: str,
                mapping: dict[str, str] | None = None,
                max_bytes: int = MAX_BYTES) -> ImportPlan:
    """Read, validate and match a file without writing anything (the dry run)."""
    table = extract_rows(read_workbook(data, filename, max_bytes=max_bytes), template=mapping)
    if not table.sheets:
        reasons = " ".join(f"{s.name}: {s.reason}" for s in table.skipped_sheets)
        raise ImportFileError(f"Không tìm thấy bảng danh sách trong tệp “{filename}”. {reasons}"
                              .strip())
    plan = ImportPlan(commune=commune, filename=filename)
    rows = list(table.rows())
    plan.total_rows = len(rows)
    with cyclic_gc_paused():  # a CleanRow per row, and the look-ups: see cyclic_gc_paused
        candidates, problems = _RowChecker(commune).check(rows)
        for index in sorted(problems):
            issues = problems[index]
            plan.issues.extend(issues)
            plan.rejected.append((rows[index], [i.message for i in issues]))
        _match(plan, candidates)
    return plan


def _reject(plan: ImportPlan, row: CleanRow, field_name: str, message: str) -> None:
    source = row.source
    plan.issues.append(RowIssue(source.sheet, source.row_number, _label(field_name), message))
    plan.rejected.append((source, [message]))


def _chunks(items: list[Any], size: int = 5000) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _persons_by_national_id(national_ids: list[str]) -> dict[str, tuple[int, int, str]]:
    """CCCD → (id, commune id, name key) of the persons already holding these numbers.

    Plain SQL: the ORM's ``__in`` lookup prepares each of a million values one by one.
    """
    table = connection.ops.quote_name(Person._meta.db_table)
    found: dict[str, tuple[int, int, str]] = {}
    with connection.cursor() as cursor:
        for chunk in _chunks(national_ids):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT id, national_id, commune_id, name_key FROM {table} "  # noqa: S608
                           f"WHERE national_id IN ({marks})", chunk)
            for pk, nid, commune_id, name_key in cursor.fetchall():
                found[nid] = (pk, commune_id, name_key)
    return found


def _match(plan: ImportPlan, rows: list[CleanRow]) -> None:
    """Match rows to existing persons, and refuse rows that clash with the file or the registry."""
    by_nid = _persons_by_national_id([r.national_id for r in rows if r.national_id])
    by_name: dict[tuple[str, Any], int] = {}
    for pk, name_key, birth_date, birth_year in Person.objects.filter(
        commune=plan.commune
    ).values_list("id", "name_key", "birth_date", "birth_year"):
        by_name[(name_key, birth_date or birth_year)] = pk
    seen_nid: dict[str, int] = {}
    seen_name: dict[tuple[str, Any], int] = {}
    for row in rows:
        where = row.source.row_number
        if row.national_id:
            if row.national_id in seen_nid:
                _reject(plan, row, "national_id",
                        f"Số CCCD trùng với dòng {seen_nid[row.national_id]} trong cùng tệp.")
                continue
            seen_nid[row.national_id] = where
        name_birth = (row.name_key, row.birth_date or row.birth_year)
        if not row.national_id and name_birth in seen_name:
            _reject(plan, row, "full_name",
                    f"Trùng họ tên và ngày sinh với dòng {seen_name[name_birth]} trong cùng tệp.")
            continue
        seen_name.setdefault(name_birth, where)
        existing = by_nid.get(row.national_id or "")
        if existing is not None:
            pk, commune_id, name_key = existing
            if commune_id != plan.commune.pk:
                _reject(plan, row, "national_id",
                        "Số CCCD này đã có trong sổ của một xã khác; nếu người này chuyển đến, "
                        "hãy làm thủ tục chuyển hộ khẩu trước.")
                continue
            if name_key != row.name_key:
                _reject(plan, row, "national_id",
                        "Số CCCD này đã được ghi cho một người khác tên trong xã.")
                continue
            row.match_id = pk
        else:
            row.match_id = by_name.get(name_birth)
        plan.valid.append(row)


# --- writing ---------------------------------------------------------------------------------

def import_apply(*, actor: Any, plan: ImportPlan) -> ImportResult:
    """Write the valid rows of ``plan`` in bulk, in one transaction, with one audit event."""
    result = ImportResult()
    commune = plan.commune
    recorder = actor if getattr(actor, "pk", None) else None
    # The collector paused as while checking: the rows' parameters, built by the hundred
    # thousand while the plan's rows are alive, set off collections that walk them all (about a
    # fifth of the write of 200,000 persons).
    with cyclic_gc_paused(), sqlite_bulk_cache(connection), transaction.atomic():
        # One import at a time per commune: two at once would both create the same persons.
        AdministrativeUnit.objects.select_for_update().filter(pk=commune.pk).exists()
        groups = _ensure_groups(commune, {r.group_name for r in plan.valid if r.group_name},
                                result)
        households = _ensure_households(commune, plan.valid, groups, result)
        batch = RegistrationBatch.objects.create(
            commune=commune, source=RegistrationSource.IMPORT, label=plan.filename[:255],
            recorded_by=recorder, persons_created=len(plan.to_create),
            persons_updated=len(plan.to_update), rows_rejected=len(plan.rejected))
        with sqlite_indexes_rebuilt(Person, adding=len(plan.to_create)):
            _create_persons(commune, plan.to_create, households, batch, result)
        _update_persons(plan.to_update, households, result)
        audit_record(actor=actor, action="registry.import", object_type="registry.person",
                     object_label=plan.filename, unit=commune,
                     changes={"file": plan.filename, "batch": batch.pk, "rows": plan.total_rows,
                              "created": result.created, "updated": result.updated,
                              "rejected": len(plan.rejected),
                              "households_created": result.households_created,
                              "groups_created": result.groups_created})
    return result


def _ensure_groups(commune: AdministrativeUnit, names: Iterable[str],
                   result: ImportResult) -> dict[str, int]:
    existing = {normalize_text(name): pk for pk, name in
                commune.residential_groups.values_list("id", "name")}
    missing = {normalize_text(n): n for n in names if normalize_text(n) not in existing}
    if missing:
        ResidentialGroup.objects.bulk_create([
            ResidentialGroup(commune=commune, name=" ".join(name.split()),
                             kind=ResidentialGroupKind.TO_DAN_PHO)
            for name in missing.values()])
        result.groups_created = len(missing)
        existing = {normalize_text(name): pk for pk, name in
                    commune.residential_groups.values_list("id", "name")}
    return existing


def _ensure_households(commune: AdministrativeUnit, rows: list[CleanRow],
                       groups: dict[str, int], result: ImportResult) -> dict[str, int]:
    # Codes match whatever their case ("hgd-01" is "HGD-01"), as in the household form.
    existing = {code.upper(): pk for code, pk in
                Household.objects.filter(commune=commune).values_list("code", "id")}
    first_row: dict[str, CleanRow] = {}
    for row in rows:
        if row.household_code not in existing:
            first_row.setdefault(row.household_code, row)
    if first_row:
        inserter = BulkInserter(Household, ("commune", "code", "address", "residential_group",
                                            "is_urban"), now=timezone.now())
        group_ids = {name: groups.get(normalize_text(name))
                     for name in {row.group_name for row in first_row.values()}}
        commune_id, is_urban = commune.pk, commune.is_urban
        with sqlite_indexes_rebuilt(Household, adding=len(first_row)):
            inserter.insert((commune_id, code, row.address, group_ids[row.group_name], is_urban)
                            for code, row in first_row.items())
        result.households_created = len(first_row)
        existing = {code.upper(): pk for code, pk in
                    Household.objects.filter(commune=commune).values_list("code", "id")}
    return existing


PERSON_INSERT_FIELDS = ("household", "commune", "full_name", "name_key", "given_key", "sex",
                        "birth_date", "birth_precision", "birth_year", "national_id",
                        "relationship", "ethnicity", "phone", "disability_level",
                        "health_insurance_number", "old_id_number", "registration_batch")


def _create_persons(commune: AdministrativeUnit, rows: list[CleanRow],
                    households: dict[str, int], batch: RegistrationBatch,
                    result: ImportResult) -> None:
    """Insert the new persons; their registration is the batch, not a life event each."""
    if not rows:
        return
    commune_id, batch_id = commune.pk, batch.pk
    # Lists repeat birth dates: each is written out once, not once per row by the driver.
    iso_dates: dict[date | None, str | None] = {None: None}
    iso_dates.update((d, d.isoformat()) for d in {r.birth_date for r in rows} if d is not None)
    BulkInserter(Person, PERSON_INSERT_FIELDS, now=timezone.now()).insert(
        (households[r.household_code], commune_id, r.full_name, r.name_key, r.given_key,
         r.sex, iso_dates[r.birth_date], r.birth_precision, r.birth_year, r.national_id,
         r.relationship, r.ethnicity, r.phone, r.disability_level, r.health_insurance_number,
         r.old_id_number, batch_id)
        for r in rows)
    result.created = len(rows)


UPDATED_COLUMNS = ("full_name", "name_key", "given_key", "sex", "birth_date", "birth_precision",
                   "birth_year", "national_id", "phone", "ethnicity", "disability_level",
                   "health_insurance_number", "old_id_number", "relationship",
                   "household_id")


def _update_persons(rows: list[CleanRow], households: dict[str, int],
                    result: ImportResult) -> None:
    """Overwrite matched persons with what the file says, in one executemany.

    A value the row leaves blank keeps what the registry has: a blank birth cell does not
    erase a known birth, a row without a household code does not move the person, a row
    without a relationship does not change it. A person the row would not change is not
    written at all (nor its ``updated_at`` moved): a list imported again, the usual case, is
    mostly such rows, and rewriting them and their index entries was most of its write.
    """
    if not rows:
        return
    table = Person._meta.db_table
    sets = ", ".join(f"{column} = COALESCE(%s, {column})" for column in UPDATED_COLUMNS)
    differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    changes = " OR ".join(f"{column} {differs} COALESCE(%s, {column})"
                          for column in UPDATED_COLUMNS)
    sql = f"UPDATE {table} SET {sets}, updated_at = %s WHERE id = %s AND ({changes})"  # noqa: S608
    now = connection.ops.adapt_datetimefield_value(timezone.now())  # once, not once a row
    params = []
    for r in rows:
        values: dict[str, Any] = {k: (v if v != "" else None)
                                  for k, v in r.person_values().items()}
        if r.birth_date is None and r.birth_year is None:
            values["birth_precision"] = None
        values["household_id"] = households[r.household_code] if r.household_given else None
        if not r.relationship_given:
            values["relationship"] = None
        given = [values[c] for c in UPDATED_COLUMNS]
        params.append([*given, now, r.match_id, *given])
        result.updated_rows.append((r.source.sheet, r.source.row_number, r.match_id or 0))
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    result.updated = len(rows)


# --- the rejected rows, as a workbook to fix and re-upload -----------------------------------

REJECT_COLUMNS = ["full_name", "birth_date", "sex", "national_id", "household_code",
                  "residential_group", "address"]


def rejected_workbook(plan: ImportPlan) -> bytes:
    """The rejected rows in a layout the import recognises, with a "Lỗi" column."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Dòng bị từ chối")
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1})
    text = book.add_format({"num_format": "@"})
    headers = ["STT", *(_label(c) for c in REJECT_COLUMNS), "Trang tính",
               "Dòng gốc", "Lỗi"]
    sheet.write_row(0, 0, headers, bold)
    for index, (source, messages) in enumerate(plan.rejected, start=1):
        cells = source.cells
        values = [_cell_text(cells.get(c)) for c in REJECT_COLUMNS]
        if not values[2]:
            values[2] = "Nam" if cells.get("sex_male_mark") else (
                "Nữ" if cells.get("sex_female_mark") else "")
        sheet.write_number(index, 0, index)
        for col, value in enumerate(values, start=1):
            sheet.write_string(index, col, value, text)
        sheet.write_string(index, len(values) + 1, source.sheet)
        sheet.write_number(index, len(values) + 2, source.row_number)
        sheet.write_string(index, len(values) + 3, " ".join(messages))
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, len(headers), 18)
    sheet.set_column(len(headers) - 1, len(headers) - 1, 60)
    book.close()
    return buffer.getvalue()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
