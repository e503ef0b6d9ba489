"""The dossier pages: an officer opens, advances and posts a dossier, the leader decides; the
printed posting and decision; maker-checker; read-only and outsider users; deadlines; the
programme pages with their Excel list; the gap finder."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from python_calamine import CalamineWorkbook

from ansinh.cases.models import Benefit, Case, Decision, Posting, PostingFeedback, Programme
from ansinh.cases.services import (
    CaseRequest,
    DecisionInput,
    case_advance,
    case_decide,
    case_document_update,
    case_open,
    posting_create,
)
from ansinh.core.calendar import WorkingCalendar
from ansinh.core.models import AuditEvent
from ansinh.core.testing import without_tokens
from ansinh.policies.models import Category, Policy
from ansinh.registry.models import Household, HouseholdPoverty, Person

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 10, 1)  # a Thursday; the commune route (Decree 147/2025) applies


def _k6() -> Category:
    return Category.objects.get(policy__code="TGXH", code="K6")


@pytest.fixture
def hoa(catalog, make_person, geo):
    person = make_person(born=date(1980, 6, 1), disability="severe", commune=geo.commune_a,
                         name="Lê Thị Hoa", sex="F")
    person.disability_certified_on = date(2026, 9, 15)
    person.save()
    Household.objects.filter(pk=person.household_id).update(address="Số 7, Tổ 3")
    return person


def _open(actor, person, received_on=RECEIVED, category=None) -> Case:
    category = category or _k6()
    return case_open(actor=actor, commune=person.commune, request=CaseRequest(
        kind="new_benefit", person=person, policy=category.policy, category=category,
        received_on=received_on))


def _ready_for_decision(case, officer) -> Case:
    case_advance(actor=officer, case=case)
    posting_create(actor=officer, commune=case.commune, title="Niêm yết tháng 10/2026",
                   opens_on=date(2026, 10, 5), cases=[case])
    case_advance(actor=officer, case=case)
    for document in case.documents.all():
        case_document_update(actor=officer, document=document, received=True)
    return case


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    text = subprocess.run(  # noqa: S603 - fixed tool, our own file
        [shutil.which("pdftotext") or "pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True, check=True, text=True).stdout
    return " ".join(text.split())  # lines wrap where the layout wants


def test_an_officer_opens_advances_and_posts_a_dossier_and_the_leader_decides(
        cast, hoa, client_as, tmp_path):
    officer = client_as(cast.officer_a)
    form = officer.get(f"/ho-so/moi/?person={hoa.pk}&received_on=01/10/2026")
    page = form.content.decode()
    assert form.status_code == 200
    # The categories offered are the engine's, with their explanation.
    assert "K6 — Người khuyết tật nặng, đặc biệt nặng" in page
    assert "khoản 6 Điều 5 Nghị định 20/2021/NĐ-CP" in page
    assert "K5c" not in page

    response = officer.post(f"/ho-so/moi/?person={hoa.pk}", {
        "kind": "new_benefit", "category": _k6().pk, "received_on": "01/10/2026",
        "note": "Bà Hoa nộp tại bộ phận một cửa"})
    case = Case.objects.get(person=hoa)
    assert response.status_code == 302 and response.url == f"/ho-so/{case.pk}/"
    detail = officer.get(response.url).content.decode()
    assert "Quy trình xã quyết định (Nghị định 147/2025)" in detail
    assert 'id="timeline"' in detail and 'data-step="checked"' in detail
    assert "Tờ khai đề nghị trợ giúp xã hội (Mẫu số 1d)" in detail

    assert officer.post(f"/ho-so/{case.pk}/chuyen-buoc/",
                        {"comment": "Đã đối chiếu CSDL dân cư"}).status_code == 302
    case.refresh_from_db()
    assert case.step == "checked"
    # The next step is the posting: the page sends the officer to make the list.
    detail = officer.get(f"/ho-so/{case.pk}/").content.decode()
    assert f"/ho-so/niem-yet/moi/?case={case.pk}" in detail
    assert "Đã đối chiếu CSDL dân cư" in detail

    form = officer.get("/ho-so/niem-yet/moi/").content.decode()
    assert case.reference in form
    response = officer.post("/ho-so/niem-yet/moi/", {
        "title": "Niêm yết tháng 10/2026", "opens_on": "05/10/2026", "cases": [case.pk]})
    posting = Posting.objects.get()
    assert response.status_code == 302 and response.url == f"/ho-so/niem-yet/{posting.pk}/"
    assert "Lê Thị Hoa" in officer.get(response.url).content.decode()
    assert officer.post(f"/ho-so/{case.pk}/chuyen-buoc/", {"comment": ""}).status_code == 302
    case.refresh_from_db()
    assert case.step == "posted"

    documents = list(case.documents.all())
    data: dict[str, Any] = {f"received_{d.pk}": "on" for d in documents}
    data[f"file_{documents[1].pk}"] = SimpleUploadedFile(
        "giay-xac-nhan.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    assert officer.post(f"/ho-so/{case.pk}/giay-to/", data).status_code == 302
    assert all(d.received for d in case.documents.all())
    attached = case.documents.get(pk=documents[1].pk)
    download = officer.get(f"/ho-so/{case.pk}/giay-to/{attached.pk}/tep/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")

    leader = client_as(cast.leader_a)
    detail = leader.get(f"/ho-so/{case.pk}/").content.decode()
    assert 'id="decide-form"' in detail
    response = leader.post(f"/ho-so/{case.pk}/quyet-dinh/", {
        "number": "15/QĐ-UBND", "signed_on": "15/10/2026", "signer_name": "Trần Văn Bình",
        "signer_title": "CHỦ TỊCH"})
    decision = Decision.objects.get()
    assert response.status_code == 302 and response.url == f"/ho-so/quyet-dinh/{decision.pk}/"
    benefit = Benefit.objects.get(person=hoa)
    # 1,5 × the base level of Hà Nội (650.000 đ), from the month of the dossier.
    assert (benefit.monthly_amount, benefit.start_month) == (975_000, date(2026, 10, 1))
    detail = leader.get(f"/ho-so/{case.pk}/").content.decode()
    assert "Quyết định số 15/QĐ-UBND ngày 15/10/2026" in detail
    assert 'id="person-benefits"' in detail and "975.000 đ" in detail
    page = leader.get(f"/ho-so/quyet-dinh/{decision.pk}/").content.decode()
    assert "Điều 1." in page and "Lê Thị Hoa" in page and "10/2026" in page

    pdf = officer.get(f"/ho-so/quyet-dinh/{decision.pk}/in/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = _pdf_text(pdf.content, tmp_path)
    assert "Lê Thị Hoa" in text and "HIV" not in text
    for words in ("UBND PHƯỜNG BA ĐÌNH", "Số: 15/QĐ-UBND", "Ba Đình, ngày 15 tháng 10 năm 2026",
                  "QUYẾT ĐỊNH", "Về việc trợ cấp xã hội hằng tháng đối với bà Lê Thị Hoa",
                  "Luật Tổ chức chính quyền địa phương", "Nghị định 20/2021/NĐ-CP",
                  "Điều 1.", "975.000 đ", "kể từ tháng 10/2026", "Điều 2.",
                  "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Bình", "Nơi nhận"):
        assert words in text, words

    pdf = officer.get(f"/ho-so/niem-yet/{posting.pk}/in/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    text = _pdf_text(pdf.content, tmp_path)
    assert "Lê Thị Hoa" in text and "HIV" not in text
    assert "DANH SÁCH NIÊM YẾT CÔNG KHAI" in text and "975.000" in text


def test_the_posting_pdf_never_shows_hiv_status(cast, catalog, make_person, geo, client_as,
                                                tmp_path):
    kien = make_person(born=date(1990, 1, 1), hiv=True, poverty="poor", commune=geo.commune_a,
                       circumstances=("no_stable_income",), name="Phạm Văn Kiên")
    k8 = Category.objects.get(policy__code="TGXH", code="K8")
    case = _open(cast.officer_a, kien, category=k8)
    case_advance(actor=cast.officer_a, case=case)
    posting = posting_create(actor=cast.officer_a, commune=geo.commune_a, title="Niêm yết",
                             opens_on=date(2026, 10, 5), cases=[case])
    pdf = client_as(cast.officer_a).get(f"/ho-so/niem-yet/{posting.pk}/in/").content
    text = _pdf_text(pdf, tmp_path)
    assert "Phạm Văn Kiên" in text
    assert "HIV" not in text and "K8" not in text
    assert "Trợ cấp xã hội hằng tháng" in text
    # The supervisor sees the dossier, but not the group that would reveal the status.
    page = without_tokens(client_as(cast.supervisor_a).get(f"/ho-so/{case.pk}/").content.decode())
    assert "Phạm Văn Kiên" in page and "HIV" not in page
    listing = without_tokens(client_as(cast.supervisor_a).get("/ho-so/").content.decode())
    assert "Phạm Văn Kiên" in listing and "HIV" not in listing


def test_the_leader_who_prepared_a_dossier_is_told_and_refused(cast, hoa, client_as):
    case = _ready_for_decision(_open(cast.leader_a, hoa), cast.officer_a)
    leader = client_as(cast.leader_a)
    detail = leader.get(f"/ho-so/{case.pk}/").content.decode()
    assert 'id="maker-checker"' in detail and 'id="decide-form"' not in detail
    assert "không được tự phê duyệt" in detail
    response = leader.post(f"/ho-so/{case.pk}/quyet-dinh/", {
        "number": "16/QĐ-UBND", "signed_on": "15/10/2026", "signer_name": "Trần Văn Bình",
        "signer_title": "CHỦ TỊCH"})
    assert response.status_code == 403
    assert "Người lập hồ sơ không được tự phê duyệt" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_refused_decision_shows_the_reason_on_the_form(cast, hoa, client_as):
    case = _open(cast.officer_a, hoa)
    case_advance(actor=cast.officer_a, case=case)
    posting_create(actor=cast.officer_a, commune=case.commune, title="Niêm yết",
                   opens_on=date(2026, 10, 5), cases=[case])
    case_advance(actor=cast.officer_a, case=case)  # documents not yet received
    response = client_as(cast.leader_a).post(f"/ho-so/{case.pk}/quyet-dinh/", {
        "number": "17/QĐ-UBND", "signed_on": "15/10/2026", "signer_name": "Trần Văn Bình",
        "signer_title": "CHỦ TỊCH"})
    assert response.status_code == 200
    assert "Còn thiếu giấy tờ" in response.content.decode()


def test_a_supervisor_gets_403_on_every_post(cast, hoa, client_as):
    case = _ready_for_decision(_open(cast.officer_a, hoa), cast.officer_a)
    posting = Posting.objects.get()
    client = client_as(cast.supervisor_a)
    assert client.get(f"/ho-so/{case.pk}/").status_code == 200
    for url in (f"/ho-so/moi/?person={hoa.pk}", f"/ho-so/{case.pk}/chuyen-buoc/",
                f"/ho-so/{case.pk}/khong-giai-quyet/", f"/ho-so/{case.pk}/quyet-dinh/",
                f"/ho-so/{case.pk}/giay-to/", "/ho-so/niem-yet/moi/",
                f"/ho-so/niem-yet/{posting.pk}/phan-anh/", "/ho-so/dot-ho-tro/moi/"):
        assert client.post(url, {}).status_code == 403, url
    assert not PostingFeedback.objects.exists()
    page = client.get(f"/ho-so/{case.pk}/").content.decode()
    assert 'id="advance-form"' not in page and 'id="documents-form"' not in page


def test_an_officer_of_another_commune_gets_404(cast, hoa, client_as):
    case = _ready_for_decision(_open(cast.officer_a, hoa), cast.officer_a)
    case_decide(actor=cast.leader_a, case=case, decision=DecisionInput(
        "18/QĐ-UBND", date(2026, 10, 15), "Trần Văn Bình"))
    posting, decision = Posting.objects.get(), Decision.objects.get()
    document = case.documents.all()[0]
    client = client_as(cast.officer_b)
    for url in (f"/ho-so/{case.pk}/", f"/ho-so/niem-yet/{posting.pk}/",
                f"/ho-so/niem-yet/{posting.pk}/in/", f"/ho-so/quyet-dinh/{decision.pk}/",
                f"/ho-so/quyet-dinh/{decision.pk}/in/",
                f"/ho-so/{case.pk}/giay-to/{document.pk}/tep/", f"/ho-so/moi/?person={hoa.pk}"):
        assert client.get(url).status_code == 404, url
    for url in (f"/ho-so/{case.pk}/chuyen-buoc/", f"/ho-so/{case.pk}/quyet-dinh/",
                f"/ho-so/niem-yet/{posting.pk}/phan-anh/"):
        assert client.post(url, {"comment": "x"}).status_code == 404, url
    assert "Lê Thị Hoa" not in client.get("/ho-so/").content.decode()
    assert "Lê Thị Hoa" not in client.get("/ho-so/che-do/").content.decode()


def _received_for_due_on(target: date) -> date:
    """A receipt date whose 10-working-day deadline is ``target`` or the day before it."""
    calendar = WorkingCalendar()
    day = target
    while calendar.add_working_days(day, 10) > target:
        day -= timedelta(days=1)
    return day


def test_overdue_dossiers_are_red_with_working_days_late_on_the_list_and_home(
        cast, hoa, make_person, geo, client_as):
    overdue = _open(cast.officer_a, hoa, received_on=date(2026, 9, 1))
    today = timezone.localdate()
    late = WorkingCalendar().working_days_between(overdue.due_on, today)
    assert late > 0
    old = make_person(born=date(1940, 3, 1), commune=geo.commune_a, name="Võ Thị Lành")
    soon_due = _received_for_due_on(WorkingCalendar().add_working_days(today, 2))
    soon = case_open(actor=cast.officer_a, commune=geo.commune_a, request=CaseRequest(
        kind="new_benefit", person=old, policy=Policy.objects.get(code="HTXH"),
        category=Category.objects.get(policy__code="HTXH", code="HT75"), received_on=soon_due))
    assert today <= soon.due_on

    page = client_as(cast.officer_a).get("/ho-so/").content.decode()
    row = page[page.index(overdue.reference):]
    row = row[:row.index("</tr>")]
    assert f'data-overdue="{late}"' in page[:page.index(overdue.reference)].rsplit("<tr", 1)[1]
    assert f"quá hạn {late} ngày làm việc" in row
    assert 'class="table-danger"' in page
    filtered = client_as(cast.officer_a).get("/ho-so/?han=qua-han").content.decode()
    assert overdue.reference in filtered and soon.reference not in filtered

    home = client_as(cast.officer_a).get("/").content.decode()
    assert "Hồ sơ đang giải quyết" in home
    assert f"quá hạn {late} ngày làm việc" in home
    assert 'data-tone="danger"' in home
    # Overdue first, then the ones due soon; the counts link to the filtered list.
    assert home.index(overdue.reference) < home.index(soon.reference)
    assert "/ho-so/?han=qua-han" in home and "/ho-so/?han=sap-den-han" in home


def test_the_leader_sees_the_dossiers_waiting_for_a_decision_on_the_home_page(
        cast, hoa, client_as):
    case = _ready_for_decision(_open(cast.officer_a, hoa), cast.officer_a)
    home = client_as(cast.leader_a).get("/").content.decode()
    assert "Hồ sơ chờ quyết định" in home and case.reference in home
    assert "Hồ sơ chờ quyết định" not in client_as(cast.officer_a).get("/").content.decode()
    assert "Hồ sơ đang giải quyết" not in client_as(cast.supervisor_a).get("/").content.decode()


def test_a_script_in_a_name_is_shown_as_text(cast, catalog, make_person, geo, client_as):
    person = make_person(born=date(1980, 6, 1), disability="severe", commune=geo.commune_a,
                         name="<script>alert(1)</script>")
    case = _open(cast.officer_a, person)
    client = client_as(cast.officer_a)
    for url in ("/ho-so/", f"/ho-so/{case.pk}/", f"/ho-so/moi/?person={person.pk}", "/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url


def test_feedback_is_recorded_and_answered_on_the_posting_page(cast, hoa, client_as):
    case = _open(cast.officer_a, hoa)
    case_advance(actor=cast.officer_a, case=case)
    posting = posting_create(actor=cast.officer_a, commune=case.commune, title="Niêm yết",
                             opens_on=date(2026, 10, 5), cases=[case])
    entry = posting.entries.get()
    client = client_as(cast.officer_a)
    assert client.post(f"/ho-so/niem-yet/{posting.pk}/phan-anh/", {
        "received_on": "06/10/2026", "sender": "Ông Tư, tổ 3", "entry": entry.pk,
        "content": "Đề nghị xác minh lại mức độ khuyết tật"}).status_code == 302
    feedback = PostingFeedback.objects.get()
    assert feedback.answer_due_on == date(2026, 10, 20)
    page = client.get(f"/ho-so/niem-yet/{posting.pk}/").content.decode()
    assert "Đề nghị xác minh lại" in page and "hạn 20/10/2026" in page
    # An empty answer is refused on the form, in Vietnamese.
    response = client.post(f"/ho-so/niem-yet/{posting.pk}/phan-anh/{feedback.pk}/tra-loi/",
                           {f"fb{feedback.pk}-answer": ""})
    assert response.status_code == 200 and "Trường này là bắt buộc" in response.content.decode()
    assert client.post(f"/ho-so/niem-yet/{posting.pk}/phan-anh/{feedback.pk}/tra-loi/", {
        f"fb{feedback.pk}-answer": "Đã xác minh: giấy xác nhận khuyết tật hợp lệ."}
    ).status_code == 302
    feedback.refresh_from_db()
    assert feedback.answered_on == timezone.localdate()
    assert "Đã xác minh" in client.get(f"/ho-so/niem-yet/{posting.pk}/").content.decode()


def test_a_dossier_is_rejected_with_a_reason(cast, hoa, client_as):
    case = _open(cast.officer_a, hoa)
    client = client_as(cast.officer_a)
    assert client.post(f"/ho-so/{case.pk}/khong-giai-quyet/", {"reason": ""}).status_code == 200
    assert client.post(f"/ho-so/{case.pk}/khong-giai-quyet/",
                       {"reason": "Không đủ giấy tờ sau 2 lần hướng dẫn"}).status_code == 302
    case.refresh_from_db()
    assert case.step == "rejected" and not case.is_open
    page = client.get(f"/ho-so/{case.pk}/").content.decode()
    assert "Không đủ giấy tờ sau 2 lần hướng dẫn" in page and 'id="advance-form"' not in page


def test_a_suspension_dossier_changes_a_running_benefit(cast, hoa, client_as):
    case = _ready_for_decision(_open(cast.officer_a, hoa), cast.officer_a)
    case_decide(actor=cast.leader_a, case=case, decision=DecisionInput(
        "19/QĐ-UBND", date(2026, 10, 15), "Trần Văn Bình"))
    benefit = Benefit.objects.get(person=hoa)
    client = client_as(cast.officer_a)
    form = client.get(f"/ho-so/moi/?person={hoa.pk}&kind=suspend").content.decode()
    assert "Trợ cấp xã hội hằng tháng: K6" in form
    response = client.post(f"/ho-so/moi/?person={hoa.pk}", {
        "kind": "suspend", "received_on": timezone.localdate().strftime("%d/%m/%Y"),
        "note": "Không nhận trợ cấp 3 tháng liền"})
    assert response.status_code == 200 and "Chọn chế độ đang hưởng" in response.content.decode()
    response = client.post(f"/ho-so/moi/?person={hoa.pk}", {
        "kind": "suspend", "benefit": benefit.pk,
        "received_on": timezone.localdate().strftime("%d/%m/%Y"), "note": ""})
    suspension = Case.objects.get(kind="suspend")
    assert response.status_code == 302 and suspension.benefit == benefit
    assert suspension.procedure == "d147_2025"


def test_the_benefit_list_filters_by_policy_and_status(cast, hoa, client_as):
    case = _ready_for_decision(_open(cast.officer_a, hoa), cast.officer_a)
    case_decide(actor=cast.leader_a, case=case, decision=DecisionInput(
        "20/QĐ-UBND", date(2026, 10, 15), "Trần Văn Bình"))
    client = client_as(cast.supervisor_a)
    assert "Lê Thị Hoa" in client.get("/ho-so/che-do/?chinh_sach=TGXH").content.decode()
    assert "Lê Thị Hoa" not in client.get("/ho-so/che-do/?chinh_sach=HTXH").content.decode()
    assert "Lê Thị Hoa" not in client.get("/ho-so/che-do/?trang_thai=stopped").content.decode()


# --- programmes ---------------------------------------------------------------------------------

@pytest.fixture
def poor_street(catalog, geo):
    """Two poor households of 2019 (three and two persons) and one person who died in 2019."""
    persons = []
    for code, names in (("H-NQ42-1", ["Đỗ Văn Một", "Đỗ Thị Hai", "Đỗ Văn Ba"]),
                        ("H-NQ42-2", ["Mai Thị Bốn", "Mai Văn Năm"])):
        household = Household.objects.create(commune=geo.commune_a, code=code,
                                             address=f"Ngõ {code[-1]}, Tổ 5")
        HouseholdPoverty.objects.create(household=household, year=2019, status="poor")
        for index, name in enumerate(names):
            persons.append(Person.objects.create(
                household=household, commune=geo.commune_a, full_name=name,
                name_key=name.lower(), sex="M", birth_date=date(1970 + index, 1, 1),
                birth_year=1970 + index))
    Person.objects.filter(full_name="Mai Văn Năm").update(status="deceased",
                                                          status_date=date(2019, 6, 1))
    return persons


def test_the_programme_pages_build_a_list_with_totals_exclusions_and_excel(
        cast, poor_street, client_as):
    client = client_as(cast.officer_a)
    form = client.get("/ho-so/dot-ho-tro/moi/").content.decode()
    assert "Hỗ trợ người dân gặp khó khăn do đại dịch COVID-19" in form
    response = client.post("/ho-so/dot-ho-tro/moi/", {
        "policy": "NQ42", "reference_date": "31/12/2019", "title": "Hỗ trợ theo Nghị quyết 42"})
    programme = Programme.objects.get()
    assert response.status_code == 302 and response.url == f"/ho-so/dot-ho-tro/{programme.pk}/"
    # Four living members of poor households, 250.000 đ a month for 3 months each.
    expected = 4 * 250_000 * 3
    assert (programme.persons, programme.households, programme.total) == (4, 2, expected)
    page = client.get(response.url).content.decode()
    assert '<div class="fs-5 fw-semibold" data-total="persons">4</div>' in page
    assert "3.000.000 đ" in page and "Ba triệu đồng" in page
    assert "Đỗ Văn Một" in page and "Mai Văn Năm" not in page
    excluded = client.get(f"{response.url}?loai=loai-tru").content.decode()
    assert "Mai Văn Năm" in excluded and "Đã mất ngày 01/06/2019" in excluded

    export = client_as(cast.supervisor_a).get(f"/ho-so/dot-ho-tro/{programme.pk}/xuat/")
    assert export.status_code == 200
    rows: list[list[Any]] = CalamineWorkbook.from_filelike(io.BytesIO(export.content)) \
        .get_sheet_by_name("Danh sách").to_python()
    assert rows[0][0] == "UBND PHƯỜNG BA ĐÌNH"
    header = rows.index(next(r for r in rows if r and r[0] == "STT"))
    assert rows[header][:6] == ["STT", "Họ và tên", "Năm sinh", "Địa chỉ", "Nhóm đối tượng",
                                "Số tiền (đồng)"]
    lines = rows[header + 1:header + 5]
    assert sorted(r[1] for r in lines) == ["Mai Thị Bốn", "Đỗ Thị Hai", "Đỗ Văn Ba", "Đỗ Văn Một"]
    assert sum(r[5] for r in lines) == expected and all(r[5] == 750_000 for r in lines)
    assert rows[header + 5][5] == expected and "Tổng cộng" in rows[header + 5][0]
    assert AuditEvent.objects.filter(action="cases.programme.export",
                                     object_id=str(programme.pk)).count() == 1

    response = client.post(f"/ho-so/dot-ho-tro/{programme.pk}/trinh/")
    case = Case.objects.get(programme=programme)
    assert response.status_code == 302 and response.url == f"/ho-so/{case.pk}/"
    assert case.procedure == "d147_2025" and case.amount == expected
    detail = client.get(response.url).content.decode()
    assert "Hỗ trợ theo Nghị quyết 42" in detail


def test_the_gap_finder_lists_the_eligible_and_hides_restricted_rows(
        cast, catalog, make_person, geo, client_as):
    lanh = make_person(born=date(1940, 3, 1), commune=geo.commune_a, name="Võ Thị Lành")
    make_person(born=date(1990, 1, 1), hiv=True, poverty="poor", commune=geo.commune_a,
                circumstances=("no_stable_income",), name="Phạm Văn Kiên")
    officer = client_as(cast.officer_a).get("/ho-so/ra-soat/?ngay=01/10/2026").content.decode()
    assert "Võ Thị Lành" in officer and "Phạm Văn Kiên" in officer
    assert f"/ho-so/moi/?person={lanh.pk}" in officer
    supervisor = without_tokens(client_as(cast.supervisor_a)
                                .get("/ho-so/ra-soat/?ngay=01/10/2026").content.decode())
    assert "Võ Thị Lành" in supervisor and "Phạm Văn Kiên" not in supervisor
    assert 'data-restricted="1"' in supervisor and "HIV" not in supervisor
    assert f"/ho-so/moi/?person={lanh.pk}" not in supervisor


def test_pages_answer_for_a_user_with_a_province_role(cast, hoa, client_as):
    _open(cast.officer_a, hoa)
    client = client_as(cast.province_officer)
    for url in ("/ho-so/", "/ho-so/niem-yet/", "/ho-so/che-do/", "/ho-so/dot-ho-tro/",
                "/ho-so/ra-soat/", "/ho-so/moi/"):
        assert client.get(url).status_code == 200, url
    assert "Lê Thị Hoa" in client.get("/ho-so/").content.decode()



def test_the_dossier_pages_switch_to_english(cast, hoa, client_as):
    case = _open(cast.officer_a, hoa)
    client = client_as(cast.officer_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/ho-so/{case.pk}/").content.decode()
    assert "Commune decides (Decree 147/2025)" in page
    assert "Check against the National Population Database" in page
    assert "Documents in the dossier" in page and "New benefit application" in page
    assert "Giấy tờ trong hồ sơ" not in page
    listing = client.get("/ho-so/").content.decode()
    assert "Dossier number" in listing and "working days overdue" in listing
