"""The check runner: a finding's life across runs, the audit trail, the scope of a run, the
payroll hook, explaining and correcting by hand (and who may), and ``ansinh check``."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ansinh.core.errors import DomainError, NotFound, PermissionDenied
from ansinh.core.jobs import run_job
from ansinh.core.models import AuditEvent, Job, JobStatus
from ansinh.integrity.checks import finding_resolve, run_checks
from ansinh.integrity.models import CheckRun, Finding
from ansinh.integrity.tests.factories import died, line
from ansinh.payroll.models import Line, LineKind, LineStatus
from ansinh.payroll.tests.ward import JUNE, generate, ward_fixture  # noqa: F401
from ansinh.registry.models import Person

pytestmark = pytest.mark.django_db

APR, MAY = date(2026, 4, 1), date(2026, 5, 1)
DEATH = ["PAID_AFTER_DEATH"]


@pytest.fixture
def paid_after_death(cast, catalog, geo, make_person, make_benefit):
    """Lê Thị Hoa of commune A died on 15/3/2026; April was paid (975.000 đ)."""
    hoa = make_person(born=date(1980, 6, 1), disability="severe", commune=geo.commune_a,
                      name="Lê Thị Hoa", sex="F")
    benefit = make_benefit(hoa, "K6", start=date(2026, 1, 1), hundredths=150)
    april = line(benefit, APR)
    died(hoa, date(2026, 3, 15))
    return april


def _recover(april: Line, status: str = LineStatus.PAID) -> Line:
    return line(april.benefit, APR, kind=LineKind.RECOVERY, amount=-april.amount,
                status=status, cycle_month=MAY)


def test_a_finding_is_new_then_still_there_then_corrected_by_itself_then_reopened(
        paid_after_death, geo, cast):
    first = run_checks(trigger="on_demand", unit=geo.commune_a, rules=DEATH, user=cast.officer_a)
    finding = Finding.objects.get()
    assert (first.found, first.new, first.resolved) == (1, 1, 0)
    assert (finding.status, finding.amount, finding.first_run, finding.last_run) == (
        "open", 975_000, first, first)
    assert (finding.unit, finding.severity, finding.cycle) == (
        geo.commune_a, "high", paid_after_death.cycle)

    second = run_checks(trigger="nightly", rules=DEATH)
    finding.refresh_from_db()
    assert (second.found, second.new, second.resolved) == (1, 0, 0)
    assert (Finding.objects.count(), finding.status, finding.first_run, finding.last_run) == (
        1, "open", first, second)
    assert finding.last_seen_at > finding.first_seen_at

    recovery = _recover(paid_after_death)
    third = run_checks(trigger="on_demand", unit=geo.commune_a, rules=DEATH)
    finding.refresh_from_db()
    assert (third.found, third.new, third.resolved) == (0, 0, 1)
    assert finding.status == "corrected" and finding.resolved_by is None
    assert finding.resolution_note.startswith("Không còn phát hiện ở lần kiểm tra ngày ")
    assert finding.last_run == second  # not seen by the third run

    recovery.delete()  # the receipt was entered by mistake: the money is still out
    fourth = run_checks(trigger="on_demand", unit=geo.commune_a, rules=DEATH)
    finding.refresh_from_db()
    assert (fourth.found, fourth.new, fourth.resolved) == (1, 0, 0)
    assert (finding.status, finding.resolved_at, finding.last_run) == ("open", None, fourth)
    events = AuditEvent.objects.filter(action="integrity.checks.run").order_by("sequence")
    assert [e.changes["reopened"] for e in events] == [0, 0, 0, 1]
    assert [e.changes["resolved"] for e in events] == [0, 0, 1, 0]
    assert events[0].changes["rules"] == DEATH and events[0].actor == cast.officer_a


def test_an_explained_finding_stays_explained_whether_found_again_or_not(
        paid_after_death, geo, cast):
    run_checks(trigger="on_demand", unit=geo.commune_a, rules=DEATH)
    finding = finding_resolve(actor=cast.officer_a, finding=Finding.objects.get(),
                              status="explained", note="Gia đình đã cam kết nộp lại.")
    run_checks(trigger="on_demand", unit=geo.commune_a, rules=DEATH)
    finding.refresh_from_db()
    assert (finding.status, finding.resolution_note) == ("explained",
                                                         "Gia đình đã cam kết nộp lại.")
    _recover(paid_after_death)
    run = run_checks(trigger="on_demand", unit=geo.commune_a, rules=DEATH)
    finding.refresh_from_db()
    assert (run.resolved, finding.status, finding.resolved_by) == (0, "explained",
                                                                   cast.officer_a)


def test_a_run_over_another_unit_or_other_rules_leaves_a_finding_alone(
        paid_after_death, geo):
    run_checks(trigger="on_demand", unit=geo.commune_a, rules=DEATH)
    _recover(paid_after_death)
    run_checks(trigger="on_demand", unit=geo.commune_b, rules=DEATH)
    run_checks(trigger="on_demand", unit=geo.commune_a, rules=["PAID_TWICE"])
    assert Finding.objects.get().status == "open"
    run_checks(trigger="on_demand", unit=geo.hanoi, rules=DEATH)  # the province covers A
    assert Finding.objects.get().status == "corrected"


def test_every_rule_runs_by_default_and_an_unknown_rule_is_refused(paid_after_death, geo):
    run = run_checks(trigger="on_demand", unit=geo.commune_a)
    assert len(run.rules) == 12 and run.finished_at is not None
    # Hoa's death also leaves her K6 benefit running: two rules report her.
    assert sorted(Finding.objects.values_list("rule", flat=True)) == [
        "NO_LONGER_QUALIFIES", "PAID_AFTER_DEATH"]
    with pytest.raises(DomainError, match="Không có quy tắc kiểm tra mã “NO_SUCH_RULE”"):
        run_checks(trigger="on_demand", rules=["NO_SUCH_RULE"])


def test_generating_a_payroll_runs_the_checks_over_its_commune(
        ward, cast, django_capture_on_commit_callbacks):
    died(ward.lanh, date(2026, 4, 10))  # recorded by an import: her benefit still runs
    with django_capture_on_commit_callbacks(execute=True):
        cycle = generate(cast.officer_a, JUNE)
    # Queued for the worker, not run in the officer's request.
    assert not CheckRun.objects.exists()
    job = Job.objects.get(kind="integrity_check")
    run_job.call(job.pk)  # what the worker does, in this test's connection
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    run = CheckRun.objects.get()
    assert (run.trigger, run.unit, run.started_by) == ("payroll", cycle.commune, cast.officer_a)
    finding = Finding.objects.get(rule="PAID_AFTER_DEATH")
    june = cycle.lines.get(person=ward.lanh)
    assert (finding.person, finding.cycle, finding.payment_line, finding.amount) == (
        Person.objects.get(pk=ward.lanh.pk), cycle, june, june.amount)
    assert "đã đưa vào danh sách chi trả (chưa chi)" in finding.summary

    with django_capture_on_commit_callbacks(execute=True):
        from ansinh.payroll.services import cycle_regenerate
        cycle_regenerate(actor=cast.officer_a, cycle=cycle)
    # The draft's lines were replaced: the finding stays, no longer pointing at a line.
    finding.refresh_from_db()
    assert (finding.payment_line, Line.objects.filter(pk=june.pk).exists()) == (None, False)
    run_job.call(Job.objects.filter(kind="integrity_check").latest("pk").pk)
    assert CheckRun.objects.filter(trigger="payroll").count() == 2
    finding.refresh_from_db()
    assert finding.payment_line == cycle.lines.get(person=ward.lanh)


def test_a_provinces_month_runs_the_checks_once_over_the_province(
        ward, cast, geo, make_person, make_benefit, django_capture_on_commit_callbacks):
    from ansinh.payroll.services import cycles_generate_in
    from ansinh.policies.models import Policy

    died(ward.lanh, date(2026, 4, 10))
    other = make_person(born=date(1945, 2, 1), commune=geo.commune_b, name="Người B")
    make_benefit(other, "K5c", start=date(2026, 1, 1), hundredths=100)
    with django_capture_on_commit_callbacks(execute=True):
        done = cycles_generate_in(actor=cast.province_officer, unit=geo.hanoi,
                                  policy=Policy.objects.get(code="TGXH"), month=JUNE)
    assert {cycle.commune for cycle in done.cycles} == {geo.commune_a, geo.commune_b}

    # One job for the two lists, over the province: its rules see both communes at once.
    job = Job.objects.get(kind="integrity_check")
    assert (job.unit, job.created_by, job.title) == (
        geo.hanoi, cast.province_officer,
        "Kiểm tra bất thường sau khi lập 2 danh sách: Thành phố Hà Nội")
    run_job.call(job.pk)
    run = CheckRun.objects.get()
    assert (run.trigger, run.unit) == ("payroll", geo.hanoi)
    finding = Finding.objects.get(rule="PAID_AFTER_DEATH")
    assert finding.payment_line == Line.objects.get(cycle__commune=geo.commune_a,
                                                    person=ward.lanh)


# --- explaining and correcting by hand ------------------------------------------------------------

@pytest.fixture
def finding(paid_after_death, geo) -> Finding:
    run_checks(trigger="on_demand", unit=geo.commune_a, rules=DEATH)
    return Finding.objects.get()


def test_the_communes_officer_corrects_a_finding_with_a_note_and_it_is_audited(finding, cast):
    done = finding_resolve(actor=cast.leader_a, finding=finding, status="corrected",
                           note="  Đã thu hồi đủ tiền tháng 4.  ")
    assert (done.status, done.resolution_note, done.resolved_by) == (
        "corrected", "Đã thu hồi đủ tiền tháng 4.", cast.leader_a)
    event = AuditEvent.objects.get(action="integrity.finding.resolve")
    assert event.changes["status"] == {"before": "open", "after": "corrected"}
    assert event.object_label == f"PAID_AFTER_DEATH #{finding.pk}"


def test_a_note_is_required_and_a_corrected_finding_cannot_be_explained_by_hand(finding, cast):
    with pytest.raises(DomainError, match="Hãy ghi nội dung giải trình"):
        finding_resolve(actor=cast.officer_a, finding=finding, status="explained", note=" ")
    finding_resolve(actor=cast.officer_a, finding=finding, status="corrected", note="Đã sửa.")
    with pytest.raises(DomainError, match="Không chuyển được phát hiện từ “Đã khắc phục”"):
        finding_resolve(actor=cast.officer_a, finding=finding, status="explained", note="x")


def test_read_only_roles_other_communes_and_the_province_cannot_resolve(finding, cast):
    for reader in (cast.supervisor_a, cast.auditor):
        with pytest.raises(PermissionDenied, match="chỉ được xem"):
            finding_resolve(actor=reader, finding=finding, status="explained", note="x")
    with pytest.raises(NotFound):
        finding_resolve(actor=cast.officer_b, finding=finding, status="explained", note="x")
    with pytest.raises(PermissionDenied, match="Chỉ cán bộ, lãnh đạo của đơn vị"):
        finding_resolve(actor=cast.province_officer, finding=finding, status="explained",
                        note="x")
    finding.refresh_from_db()
    assert finding.status == "open"


def test_a_finding_revealing_hiv_leaves_no_note_in_the_audit_log(cast, catalog, geo,
                                                                  make_person):
    from ansinh.integrity.tests.factories import posted

    kien = make_person(born=date(1990, 1, 1), hiv=True, commune=geo.commune_a,
                       name="Phạm Văn Kiên")
    posted(kien, cast.officer_a, label="Người nhiễm HIV thuộc hộ nghèo")
    run_checks(trigger="on_demand", unit=geo.commune_a, rules=["HIV_STATUS_POSTED"])
    finding = Finding.objects.get()
    finding_resolve(actor=cast.officer_a, finding=finding, status="explained",
                    note="Đã gỡ danh sách, xin lỗi anh Kiên.")
    event = AuditEvent.objects.get(action="integrity.finding.resolve")
    assert "resolution_note" not in event.changes and "Kiên" not in event.object_label


# --- the command ----------------------------------------------------------------------------------

def test_the_command_checks_a_unit_and_prints_a_summary(paid_after_death, geo):
    out = StringIO()
    call_command("check", "--unit", geo.commune_a.code, "--rule", "PAID_AFTER_DEATH",
                 "PAID_TWICE", stdout=out)
    assert out.getvalue().splitlines() == [
        "Đã kiểm tra Phường Ba Đình theo 2 quy tắc: 1 phát hiện, 1 phát hiện mới, 0 không còn "
        "phát hiện (ghi là đã khắc phục).",
        "  PAID_AFTER_DEATH: 1 — Chi trả sau khi đối tượng qua đời"]
    assert CheckRun.objects.get().trigger == "on_demand"


def test_the_nightly_command_checks_the_whole_country(paid_after_death):
    call_command("check", "--nightly", stdout=StringIO())
    run = CheckRun.objects.get()
    assert (run.trigger, run.unit, len(run.rules), run.found) == ("nightly", None, 12, 2)


@pytest.mark.parametrize(("args", "message"), [
    (["--unit", "99999"], "Không có đơn vị hành chính hiện hành mã “99999”."),
    (["--rule", "PAID_LATE"], "Không có quy tắc kiểm tra mã “PAID_LATE”."),
    (["--nightly", "--unit", "00004"], "--nightly kiểm tra mọi quy tắc trên toàn quốc"),
])
def test_the_command_refuses_a_bad_unit_or_rule_with_a_clear_message(geo, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("check", *args, stdout=StringIO())
    assert not CheckRun.objects.exists()
