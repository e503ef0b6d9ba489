"""Importing commune lists end to end: validate, write, re-import, reject, in pages and command."""

from __future__ import annotations

import gc
import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from ansinh.core.models import AuditEvent, Job, JobStatus
from ansinh.registry.imports.pipeline import import_apply, import_plan, rejected_workbook
from ansinh.registry.models import Household, Person, RegistrationBatch
from ansinh.registry.tests.messy_files import (
    commune_list_csv,
    commune_list_ods,
    commune_list_xls,
    commune_list_xlsx,
    people,
)

pytestmark = pytest.mark.django_db


def _download(client: Any, url: str) -> bytes:
    return b"".join(client.get(url).streaming_content)


def _plan(commune, data: bytes, name: str = "danh-sach.xlsx"):
    return import_plan(commune=commune, data=data, filename=name)


@pytest.mark.parametrize("writer", [commune_list_xlsx, commune_list_xls, commune_list_ods])
def test_a_messy_workbook_imports_every_person_once(geo, writer):
    rows = people(12)
    data = writer(rows)
    plan = _plan(geo.commune_a, data)
    assert [i.message for i in plan.issues] == []
    assert len(plan.valid) == 12
    result = import_apply(actor=None, plan=plan)
    assert result.created == 12
    stored = {p.national_id: p for p in Person.objects.filter(commune=geo.commune_a)}
    for row in rows:
        person = stored[row["national_id"]]
        assert person.full_name == row["full_name"]
        assert person.birth_date == row["birth"]
        assert person.sex == row["sex"]
    assert Household.objects.filter(commune=geo.commune_a).count() == 3
    batch = RegistrationBatch.objects.get()
    assert (batch.source, batch.label, batch.persons_created) == ("import", "danh-sach.xlsx", 12)
    assert set(Person.objects.values_list("registration_batch", flat=True)) == {batch.pk}
    assert AuditEvent.objects.get(action="registry.import").changes["created"] == 12


def test_reimporting_the_same_file_creates_no_duplicates_and_names_the_updated_records(geo):
    data = commune_list_xlsx(people(8))
    import_apply(actor=None, plan=_plan(geo.commune_a, data))
    again = _plan(geo.commune_a, data)
    assert len(again.to_update) == 8 and not again.to_create
    result = import_apply(actor=None, plan=again)
    assert result.updated == 8
    assert Person.objects.count() == 8
    ids = set(Person.objects.values_list("id", flat=True))
    assert {person_id for _sheet, _row, person_id in result.updated_rows} == ids


def test_a_reimport_writes_only_the_persons_it_changes(geo):
    rows = people(4)
    import_apply(actor=None, plan=_plan(geo.commune_a, commune_list_xlsx(rows)))
    Person.objects.update(updated_at=datetime(2020, 1, 1, tzinfo=UTC))  # imported long ago
    rows[1] = dict(rows[1], address="Số 9, ngõ 9", household_code="HGD-00009")
    new_birth = rows[2]["birth"].replace(day=1 if rows[2]["birth"].day > 1 else 2)
    rows[2] = dict(rows[2], birth=new_birth)
    result = import_apply(actor=None, plan=_plan(geo.commune_a, commune_list_xlsx(rows)))
    assert result.updated == 4  # every row matched its person and named it
    stored = {p.national_id: p for p in Person.objects.select_related("household")}
    moved = {r["national_id"] for r in rows[1:3]}
    for nid, person in stored.items():
        assert (person.updated_at.year > 2020) == (nid in moved), nid
    assert stored[rows[1]["national_id"]].household.code == "HGD-00009"
    assert stored[rows[2]["national_id"]].birth_date == new_birth


def test_rows_without_cccd_match_on_name_and_birth_date(geo):
    rows = [dict(r, national_id="") for r in people(3)]
    data = commune_list_csv(rows)
    import_apply(actor=None, plan=_plan(geo.commune_a, data, "ds.csv"))
    again = _plan(geo.commune_a, data, "ds.csv")
    assert len(again.to_update) == 3


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_csv_in_each_encoding_keeps_vietnamese_names(geo, encoding):
    rows = people(2)
    rows[0]["full_name"] = "Đặng Thị Hường"
    plan = _plan(geo.commune_a, commune_list_csv(rows, encoding=encoding), "ds.csv")
    assert [r.full_name for r in plan.valid][0] == "Đặng Thị Hường"


def test_bad_rows_are_reported_by_row_and_field_and_valid_rows_are_kept(geo, cast):
    rows = people(6)
    rows[1] = dict(rows[0], full_name="Tên Khác Hẳn")           # one CCCD twice in a file
    rows[2]["birth"] = "31/02/1950"                               # no such day
    rows[3]["birth"] = date(2099, 1, 1)                           # future
    rows[4]["national_id"] = "001" + ("1" if rows[4]["sex"] == "M" else "0") + \
        rows[4]["national_id"][4:]                                # sex digit contradicts
    rows[5]["full_name"] = "<script>alert(1)</script>"            # markup is just text
    plan = _plan(geo.commune_a, commune_list_xlsx(rows))
    rejected_rows = sorted(issue.row for issue in plan.issues)
    assert len(plan.valid) == 2 and len(plan.rejected) == 4
    assert len(set(rejected_rows)) == 4
    messages = " ".join(i.message for i in plan.issues)
    assert "trùng với dòng" in messages
    assert "không có thật" in messages
    assert "tương lai" in messages
    assert "giới tính" in messages
    assert {i.field for i in plan.issues} >= {"Số CCCD", "Ngày sinh"}
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(rejected_workbook(plan)))
    sheet = workbook.get_sheet_by_index(0).to_python()
    assert sheet[0][-1] == "Lỗi"
    assert len(sheet) == 1 + 4
    # The file of rejected rows can itself be re-imported once fixed.
    replan = _plan(geo.commune_a, rejected_workbook(plan), "loi.xlsx")
    assert replan.total_rows == 4


def test_a_cccd_held_by_a_person_of_another_commune_is_refused(geo):
    rows = people(2)
    import_apply(actor=None, plan=_plan(geo.commune_b, commune_list_xlsx(rows[:1])))
    plan = _plan(geo.commune_a, commune_list_xlsx(rows))
    assert len(plan.valid) == 1
    assert "xã khác" in plan.issues[0].message


def test_the_command_dry_run_writes_nothing_and_reports(geo, tmp_path, capsys):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(commune_list_xlsx(people(5)))
    call_command("import_people", str(path), "--commune", geo.commune_a.code, "--dry-run")
    assert "Dòng hợp lệ: 5" in capsys.readouterr().out
    assert Person.objects.count() == 0
    call_command("import_people", str(path), "--commune", geo.commune_a.code)
    assert Person.objects.count() == 5


def test_the_command_refuses_a_file_that_is_not_a_spreadsheet(geo, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00" * 100)
    with pytest.raises(CommandError, match="không phải bảng tính"):
        call_command("import_people", str(path), "--commune", geo.commune_a.code)


@pytest.mark.django_db(transaction=True)
def test_an_officer_imports_from_the_pages_checking_first_then_writing(cast, client_as):
    client = client_as(cast.officer_a)
    upload = io.BytesIO(commune_list_xlsx(people(4)))
    upload.name = "danh-sach-thon.xlsx"
    response = client.post("/nhan-khau/nhap/", {"file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    mapping_page = client.get(response["Location"])
    assert "Họ và tên" in mapping_page.content.decode()
    response = client.post(response["Location"], {
        "col_full_name": "Họ và tên", "template_name": "Mẫu danh sách thôn",
        **{f"col_{f}": h for f, h in _detected(mapping_page).items()}})
    job = Job.objects.get()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert Person.objects.count() == 0  # a dry run
    page = client.get(f"/cong-viec/{job.pk}/").content.decode()
    assert "Nhập 4 dòng hợp lệ" in page
    client.post(f"/nhan-khau/nhap/{job.pk}/ghi/")
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert Person.objects.filter(commune=cast.officer_a.assignment.unit).count() == 4
    assert cast.officer_a.assignment.unit.import_templates.get().name == "Mẫu danh sách thôn"
    # Each person's history shows the list that registered them, and who imported it.
    person = Person.objects.filter(commune=cast.officer_a.assignment.unit).first()
    assert person is not None
    history = client.get(f"/nhan-khau/{person.pk}/").content.decode()
    assert "Đăng ký vào sổ" in history and "“danh-sach-thon.xlsx”" in history
    assert cast.officer_a.get_username() in history or str(cast.officer_a) in history
    # Another commune's officer cannot commit this check.
    assert client_as(cast.officer_b).post(f"/nhan-khau/nhap/{job.pk}/ghi/").status_code == 404


def _detected(page) -> dict[str, str]:
    """The selections the mapping page made on its own."""
    import re

    html = page.content.decode()
    chosen = {}
    for field, body in re.findall(r'name="col_(\w+)">(.*?)</select>', html, re.S):
        selected = re.search(r"<option selected>([^<]*)</option>", body)
        if selected:
            chosen[field] = selected.group(1)
    return chosen


@pytest.mark.django_db(transaction=True)
def test_a_filtered_list_exports_to_excel_with_title_block_and_stt_and_is_logged(cast, client_as):
    import_apply(actor=None, plan=_plan(cast.officer_a.assignment.unit,
                                        commune_list_xlsx(people(6))))
    client = client_as(cast.officer_a)
    client.post("/nhan-khau/xuat/?gioi=F")
    job = Job.objects.get(kind="export_people")
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    data = _download(client, f"/cong-viec/{job.pk}/tep/")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert str(rows[0][0]).startswith("UBND")
    assert rows[4][0] == "DANH SÁCH NHÂN KHẨU"
    assert rows[6][:2] == ["STT", "Họ và tên"]
    body = [r for r in rows[7:] if r[1]]
    assert [r[0] for r in body] == [1.0, 2.0, 3.0]          # three women among six
    assert {r[2] for r in body} == {"Nữ"}
    event = AuditEvent.objects.get(action="registry.export")
    assert event.changes["rows"] == 3 and event.actor_label == "canbo.a"


@pytest.mark.django_db(transaction=True)
def test_a_machine_client_imports_through_the_api_and_follows_the_job(cast, client_as):
    from ansinh.accounts.services import api_token_create

    _token, raw = api_token_create(actor=cast.admin, assignment=cast.officer_a.assignment,
                                   name="phần mềm huyện")
    from django.test import Client

    client = Client(headers={"authorization": f"Bearer {raw}"})
    upload = io.BytesIO(commune_list_csv(people(3)))
    upload.name = "ds.csv"
    response = client.post("/api/v1/imports/people", {
        "file": upload, "commune_code": cast.officer_a.assignment.unit.code,
        "dry_run": "false"})
    assert response.status_code == 202, response.content
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    status = client.get(response.json()["status_url"]).json()
    assert status["status"] == "succeeded", status
    assert Person.objects.count() == 3
    outsider = client_as(cast.officer_b).post("/api/v1/imports/people", {
        "file": io.BytesIO(b"x"), "commune_code": cast.officer_a.assignment.unit.code})
    assert outsider.status_code == 404


def test_a_reimport_with_blank_cells_keeps_what_the_registry_knows(geo):
    rows = people(2)
    import_apply(actor=None, plan=_plan(geo.commune_a, commune_list_csv(rows), "a.csv"))
    before = {p.national_id: (p.birth_date, p.household_id) for p in Person.objects.all()}
    thinner = [dict(r, birth="", household_code="") for r in rows]
    plan = _plan(geo.commune_a, commune_list_csv(thinner), "b.csv")
    assert len(plan.to_update) == 2
    import_apply(actor=None, plan=plan)
    after = {p.national_id: (p.birth_date, p.household_id) for p in Person.objects.all()}
    assert after == before


def test_household_codes_match_whatever_their_case(geo):
    rows = people(1)
    import_apply(actor=None, plan=_plan(geo.commune_a, commune_list_csv(rows), "a.csv"))
    lower = [dict(people(2)[1], household_code=rows[0]["household_code"].lower())]
    import_apply(actor=None, plan=_plan(geo.commune_a, commune_list_csv(lower), "b.csv"))
    assert Household.objects.filter(commune=geo.commune_a).count() == 1


def test_a_file_without_a_list_header_is_refused_with_a_message(geo):
    from ansinh.registry.imports.reader import ImportFileError

    with pytest.raises(ImportFileError, match="Không tìm thấy bảng danh sách"):
        _plan(geo.commune_a, "Báo cáo\nkhông có bảng nào\n".encode(), "bao-cao.csv")


@pytest.mark.django_db(transaction=True)
def test_a_token_client_reads_the_check_report_and_downloads_the_rejected_rows(cast):
    from django.test import Client

    from ansinh.accounts.services import api_token_create

    _token, raw = api_token_create(actor=cast.admin, assignment=cast.officer_a.assignment,
                                   name="máy")
    client = Client(headers={"authorization": f"Bearer {raw}"})
    rows = people(3)
    rows[1]["birth"] = "31/02/1950"
    upload = io.BytesIO(commune_list_csv(rows))
    upload.name = "ds.csv"
    started = client.post("/api/v1/imports/people", {
        "file": upload, "commune_code": cast.officer_a.assignment.unit.code})
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    status = client.get(started.json()["status_url"]).json()
    assert ["Dòng bị từ chối", 1] in status["result"]["summary"]
    assert status["result"]["rows"][0]["field"] == "Ngày sinh"
    data = _download(client, status["file_url"])
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert sheet[0][-1] == "Lỗi" and len(sheet) == 2
    province = client.post("/api/v1/imports/people", {
        "file": io.BytesIO(b"x"), "commune_code": cast.officer_a.assignment.unit.parent.code})
    assert province.status_code == 404  # a province is outside a commune officer's scope


@pytest.mark.django_db(transaction=True)
def test_a_supervisors_export_masks_identity_numbers(cast, client_as):
    rows = people(2)
    import_apply(actor=None, plan=_plan(cast.officer_a.assignment.unit, commune_list_xlsx(rows)))
    client = client_as(cast.supervisor_a)
    client.post("/nhan-khau/xuat/")
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    job = Job.objects.get(kind="export_people")
    data = _download(client, f"/cong-viec/{job.pk}/tep/")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    ids = {str(r[4]) for r in sheet[7:] if r[1]}
    assert ids == {f"********{r['national_id'][-4:]}" for r in rows}


def test_a_column_parses_equal_cells_of_different_types_apart():
    """1.0, 1 and True are one dictionary key; the column cache must still tell them apart."""
    from ansinh.registry.imports.pipeline import _column
    from ansinh.registry.imports.reader import SourceRow
    from ansinh.registry.imports.values import parse_text

    rows = [SourceRow("Trang 1", n, {"address": cell}, [cell])
            for n, cell in enumerate([1.0, True, 1, "1", True], start=6)]
    assert [value for value, _error in _column(rows, {"address"}, "address", parse_text)] == [
        "1", "Có", "1", "1", "Có"]


def test_the_write_pauses_the_cycle_collector_and_resumes_it(geo, monkeypatch):
    from ansinh.core.bulk import BulkInserter

    seen: list[bool] = []
    insert = BulkInserter.insert

    def spying(self, rows):
        seen.append(gc.isenabled())
        return insert(self, rows)

    monkeypatch.setattr(BulkInserter, "insert", spying)
    gc.enable()
    result = import_apply(actor=None, plan=_plan(geo.commune_a, commune_list_xlsx(people(5))))
    assert result.created == 5
    assert seen and not any(seen)  # households, then persons: both written with it paused
    assert gc.isenabled()


def test_a_column_the_list_lacks_is_parsed_once_and_a_column_one_row_has_for_every_row():
    from ansinh.registry.imports.pipeline import _column, _fields_present
    from ansinh.registry.imports.reader import SourceRow
    from ansinh.registry.imports.values import parse_text

    rows = [SourceRow("Trang 1", 6, {"address": "Thôn 1"}, []),
            SourceRow("Trang 1", 7, {}, []),
            SourceRow("Trang 2", 6, {}, [])]
    calls: list[object] = []

    def counting(cell: object) -> tuple[str | None, str | None]:
        calls.append(cell)
        return parse_text(cell)

    present = _fields_present(rows)
    assert present == {"address"}
    assert _column(rows, present, "phone", counting) == [(None, None)] * 3
    assert calls == [None]
    assert _column(rows, present, "address", parse_text) == [("Thôn 1", None), (None, None),
                                                             (None, None)]


def test_a_first_list_builds_the_household_and_person_indexes_once(geo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ansinh.core.testing import dropped_indexes, table_indexes

    households = table_indexes(Household)
    # No household index on the commune alone: the unique (commune, code) one serves.
    assert ["commune_id"] not in [columns for columns, _unique in households.values()]
    assert ["commune_id", "code"] in [columns for columns, unique in households.values()
                                      if unique]
    persons = table_indexes(Person)

    with CaptureQueriesContext(connection) as queries:
        result = import_apply(actor=None, plan=_plan(geo.commune_a, commune_list_xlsx(people(6))))

    assert result.created == 6 and result.households_created >= 1
    plain = {name for name, (_columns, unique) in {**households, **persons}.items()
             if not unique}
    if connection.vendor == "sqlite":  # both tables empty: plain indexes built once at the end
        assert dropped_indexes(queries.captured_queries) == plain
    else:  # PostgreSQL copies the rows through its indexes
        assert dropped_indexes(queries.captured_queries) == set()
    assert table_indexes(Household) == households and table_indexes(Person) == persons
