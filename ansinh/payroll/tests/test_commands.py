"""``ansinh payroll`` as an operator runs it: generate, approve, export real files that are read
back, reconcile; bad input stops with a clear Vietnamese message."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from ansinh.core.models import AuditEvent
from ansinh.payroll.models import Cycle, PaymentAccount
from ansinh.payroll.services import Payment, lines_mark_paid, lines_mark_returned
from ansinh.payroll.tests.ward import JUNE, approved, generate, ward_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("payroll", *args, stdout=out)
    return out.getvalue()


def test_generate_then_approve_as_the_named_users(cast, ward):
    out = _run("generate", "--commune", "00004", "--policy", "TGXH", "--month", "06/2026",
               "--user", "canbo.a")
    cycle = Cycle.objects.get()
    assert (cycle.month, cycle.generated_by, cycle.status) == (JUNE, cast.officer_a, "draft")
    assert (f"Đã lập danh sách chi trả Trợ cấp xã hội hằng tháng, tháng 06/2026 — Phường Ba "
            f"Đình (mã kỳ chi trả {cycle.pk}):") in out
    assert "Số người: 3" in out and "Tổng số tiền: 2.275.000 đ" in out
    assert "Trợ cấp tháng: 3 dòng" in out and "Thu hồi: 0 dòng, 0 đ" in out

    # Maker-checker holds at the console too.
    with pytest.raises(CommandError, match="không phải lãnh đạo UBND xã"):
        _run("approve", "--cycle", str(cycle.pk), "--user", "canbo.a")
    out = _run("approve", "--cycle", str(cycle.pk), "--user", "lanhdao.a")
    assert f"Đã duyệt kỳ chi trả {cycle.pk}" in out and "tổng 2.275.000 đ" in out
    cycle.refresh_from_db()
    assert (cycle.status, cycle.approved_by) == ("approved", cast.leader_a)
    with pytest.raises(CommandError, match="Kỳ chi trả này đã được duyệt."):
        _run("approve", "--cycle", str(cycle.pk), "--user", "lanhdao.a")


def test_a_province_month_is_generated_for_every_commune_that_pays_the_policy(
        cast, ward, geo, make_person, make_benefit):
    from datetime import date

    ngoc_ha = make_person(born=date(1945, 2, 1), commune=geo.commune_b, name="Đỗ Văn Bình")
    make_benefit(ngoc_ha, "K5c", start=date(2026, 1, 1), hundredths=100)
    saigon = make_person(born=date(1945, 2, 1), commune=geo.commune_c, name="Trần Văn Ba")
    make_benefit(saigon, "K5c", start=date(2026, 1, 1), hundredths=100)  # another province
    approved(cast.officer_a, cast.leader_a)  # Ba Đình's June is approved already

    out = _run("generate", "--province", "01", "--policy", "TGXH", "--month", "06/2026",
               "--user", "tinh.hn")
    june = Cycle.objects.get(commune=geo.commune_b)
    assert (june.month, june.persons, june.generated_by) == (JUNE, 1, cast.province_officer)
    assert not Cycle.objects.filter(commune=geo.commune_c).exists()
    assert (june.total, f"Phường Ngọc Hà: 1 người, 650.000 đ (mã kỳ chi trả {june.pk})") == (
        650_000, out.splitlines()[0].strip())
    assert ("Phường Ba Đình: không lập được — Kỳ chi trả tháng 06/2026 đã được duyệt: "
            "không lập lại được.") in out
    assert "Đã lập 1 danh sách chi trả TGXH tháng 06/2026 của Thành phố Hà Nội" in out
    assert "1 xã không lập được." in out
    with pytest.raises(CommandError, match="“canbo.a” không phải cán bộ tỉnh"):
        _run("generate", "--province", "01", "--policy", "TGXH", "--month", "06/2026",
             "--user", "canbo.a")


def test_the_communes_that_pay_are_those_with_monthly_benefits_or_a_payroll_already(
        cast, ward, geo, make_person, make_benefit):
    from datetime import date

    from ansinh.geo.tests.fixtures import make_commune
    from ansinh.payroll.services import communes_paying
    from ansinh.policies.models import Policy

    policy = Policy.objects.get(code="TGXH")
    # Ngọc Hà: its last beneficiary left, but May's list is there (June may owe a recovery).
    Cycle.objects.create(commune=geo.commune_b, policy=policy, month=date(2026, 5, 1))
    # Phúc Xá: a one-off support only, which is paid by its programme's list.
    phuc_xa = make_commune(geo.hanoi, "00001", "Phường Phúc Xá")
    once = make_person(born=date(1950, 1, 1), commune=phuc_xa, name="Người Một Lần")
    make_benefit(once, "K5c", start=date(2026, 6, 1), hundredths=100, one_off_amount=500_000)
    make_commune(geo.hanoi, "00007", "Phường Trúc Bạch")  # nothing at all

    assert communes_paying(geo.hanoi, policy) == [geo.commune_a, geo.commune_b]
    assert communes_paying(geo.commune_b, policy) == [geo.commune_b]
    assert communes_paying(geo.hcm, policy) == []


@pytest.mark.django_db(transaction=True)
def test_a_province_generates_its_communes_at_once_on_postgresql(
        cast, ward, geo, make_person, make_benefit):
    """Committed data (``transaction=True``), as the workers' own connections see only that;
    on SQLite, which has one writer, the same communes are generated one after another."""
    from datetime import date

    from django.db import connection

    from ansinh.payroll.services import cycles_generate_in, generation_workers
    from ansinh.policies.models import Policy

    for index in range(3):
        person = make_person(born=date(1945, 2, 1), commune=geo.commune_b, name=f"Người {index}")
        make_benefit(person, "K5c", start=date(2026, 1, 1), hundredths=100)
    approved(cast.officer_a, cast.leader_a)  # Ba Đình's June is approved already
    policy = Policy.objects.get(code="TGXH")
    expected_workers = 2 if connection.vendor == "postgresql" else 1
    assert generation_workers(2) == expected_workers

    done = cycles_generate_in(actor=cast.province_officer, unit=geo.hanoi, policy=policy,
                              month=JUNE)
    [june] = done.cycles
    assert (june.commune, june.persons, june.total) == (geo.commune_b, 3, 3 * 650_000)
    assert [(commune, message) for commune, message in done.refused] == [
        (geo.commune_a, "Kỳ chi trả tháng 06/2026 đã được duyệt: không lập lại được.")]
    assert Cycle.objects.get(commune=geo.commune_b).lines.count() == 3
    assert Cycle.objects.filter(commune__parent=geo.hanoi).count() == 2


@pytest.mark.django_db(transaction=True)
def test_each_worker_keeps_one_connection_for_all_its_communes(geo):
    """Five communes on two workers open two connections, not five, and the outcomes keep the
    communes' order."""
    import threading

    from django.db.backends.signals import connection_created

    from ansinh.geo.models import AdministrativeUnit
    from ansinh.payroll.services import _on_own_connections

    communes = [geo.commune_a, geo.commune_b] * 2 + [geo.commune_a]
    opened: list[int] = []

    def count(**_kwargs: object) -> None:
        opened.append(threading.get_ident())

    def work(commune: AdministrativeUnit) -> str:
        return AdministrativeUnit.objects.get(pk=commune.pk).name  # a query of its own

    connection_created.connect(count)
    try:
        outcomes = _on_own_connections(work, communes, 2)
    finally:
        connection_created.disconnect(count)
    assert outcomes == [commune.name for commune in communes]
    assert 1 <= len(opened) == len(set(opened)) <= 2


def test_the_leader_who_generated_cannot_approve_at_the_console(cast, ward):
    cycle = generate(cast.leader_a)
    with pytest.raises(CommandError, match="Người lập danh sách không được tự duyệt"):
        _run("approve", "--cycle", str(cycle.pk), "--user", "lanhdao.a")


def test_bad_input_stops_with_a_message(cast, ward):
    with pytest.raises(CommandError, match="Không có xã, phường hiện hành mã “99999”"):
        _run("generate", "--commune", "99999", "--policy", "TGXH", "--month", "06/2026",
             "--user", "canbo.a")
    with pytest.raises(CommandError, match="Không có chính sách hằng tháng mã “XYZ”"):
        _run("generate", "--commune", "00004", "--policy", "XYZ", "--month", "06/2026",
             "--user", "canbo.a")
    with pytest.raises(CommandError, match="không phải là tháng"):
        _run("generate", "--commune", "00004", "--policy", "TGXH", "--month", "2026",
             "--user", "canbo.a")
    with pytest.raises(CommandError, match="“canbo.b” không phải cán bộ, lãnh đạo UBND xã"):
        _run("generate", "--commune", "00004", "--policy", "TGXH", "--month", "06/2026",
             "--user", "canbo.b")
    with pytest.raises(CommandError, match="Không có kỳ chi trả mã 999"):
        _run("reconcile", "--cycle", "999")
    assert not Cycle.objects.exists()


def test_export_writes_files_that_read_back_and_are_audited(cast, ward, tmp_path):
    PaymentAccount.objects.create(person=ward.hoa, channel="bank", bank_name="Agribank",
                                  account_number="0123456789", account_holder="Lê Thị Hoa")
    cycle = approved(cast.officer_a, cast.leader_a)
    pdf = tmp_path / "danh-sach.pdf"
    out = _run("export", "--cycle", str(cycle.pk), "--format", "pdf", "--output", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF") and f"Đã ghi {pdf}" in out
    group = tmp_path / "to-2.xlsx"
    _run("export", "--cycle", str(cycle.pk), "--group", "Tổ 2", "--format", "xlsx",
         "--output", str(group), "--user", "giamsat.a")
    rows = CalamineWorkbook.from_path(str(group)).get_sheet_by_index(0).to_python()
    text = " ".join(str(cell) for row in rows for cell in row)
    assert "Võ Thị Lành" in text and "Lê Thị Hoa" not in text
    provider = tmp_path / "tep-chi-tra.xlsx"
    _run("export", "--cycle", str(cycle.pk), "--format", "provider", "--output",
         str(provider), "--user", "canbo.a")
    rows = CalamineWorkbook.from_path(str(provider)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "Mã dòng" and rows[1][1] == "Lê Thị Hoa" and rows[1][4] == "0123456789"
    assert [(e.actor_label, e.changes["format"], e.changes["group"], e.changes["rows"])
            for e in AuditEvent.objects.filter(action="payroll.cycle.export")
            .order_by("sequence")] == [("hệ thống", "pdf", "", 3),
                                       ("giamsat.a", "xlsx", "Tổ 2", 1),
                                       ("canbo.a", "provider", "", 1)]
    with pytest.raises(CommandError, match="Chỉ cán bộ, lãnh đạo UBND xã được tải tệp"):
        _run("export", "--cycle", str(cycle.pk), "--format", "provider", "--output",
             str(provider), "--user", "giamsat.a")
    with pytest.raises(CommandError, match="“canbo.b” không có vai trò nào được xem"):
        _run("export", "--cycle", str(cycle.pk), "--format", "pdf", "--output", str(pdf),
             "--user", "canbo.b")
    with pytest.raises(CommandError, match="Không có thư mục"):
        _run("export", "--cycle", str(cycle.pk), "--format", "pdf", "--output",
             str(tmp_path / "khong-co" / "a.pdf"))
    with pytest.raises(CommandError, match="Không có dòng nào của tổ, thôn “Tổ 9”"):
        _run("export", "--cycle", str(cycle.pk), "--group", "Tổ 9", "--format", "pdf",
             "--output", str(pdf))


def test_reconcile_prints_the_figures(cast, ward):
    cycle = approved(cast.officer_a, cast.leader_a)
    lanh = cycle.lines.get(person=ward.lanh)
    lines_mark_returned(actor=cast.officer_a, cycle=cycle, line_ids=[lanh.pk], reason="Đi vắng")
    hoa = cycle.lines.get(person=ward.hoa)
    lines_mark_paid(actor=cast.officer_a, cycle=cycle, line_ids=[hoa.pk],
                    payment=Payment(paid_on=JUNE.replace(day=10)))
    out = _run("reconcile", "--cycle", str(cycle.pk))
    assert f"Đối soát kỳ chi trả {cycle.pk}: Trợ cấp xã hội hằng tháng, tháng 06/2026" in out
    assert ("Cả danh sách: phải chi 3 dòng, 2.275.000 đ; đã chi 1, 975.000 đ; không chi "
            "được 1, 650.000 đ; chưa chi 1, 650.000 đ") in out
    assert "  Tổ 1: phải chi 2 dòng, 1.625.000 đ; đã chi 1, 975.000 đ" in out
    assert "  Tổ 2: phải chi 1 dòng, 650.000 đ; đã chi 0, 0 đ; không chi được 1" in out
    assert "  Tiền mặt tại xã: phải chi 3 dòng" in out
    assert "Thu hồi: không có." in out
