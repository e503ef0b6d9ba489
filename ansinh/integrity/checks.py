"""Running the anomaly rules, and the services over their findings and the reported figures.

A run computes every rule's hits first (reads only), then writes them in one transaction with
one audit event: hits are upserted set-based on (rule, key), so a finding keeps its identity,
its first sighting and what people wrote on it across runs. The lifecycle of a finding:

=================  ==========================================  ===========================
from               event                                       to
=================  ==========================================  ===========================
(none)             a rule finds it                             open
open               the rule no longer finds it                 corrected (automatic note)
corrected          the rule finds it again                     open (reopened)
explained          the rule finds it again, or not             explained (stays)
open               the unit's officer explains / corrects it   explained / corrected
explained          the unit's officer records it corrected     corrected
=================  ==========================================  ===========================

Only the findings of the rules run, in the unit run over, can be closed by a run: a check of
one commune never closes another commune's findings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role
from ansinh.core.audit import audit_record, diff, snapshot
from ansinh.core.errors import DomainError, NotFound, PermissionDenied
from ansinh.core.scoping import acting_assignment, require_write, unit_in_scope
from ansinh.geo.models import AdministrativeUnit
from ansinh.integrity.models import (
    CheckRun,
    CheckTrigger,
    Finding,
    FindingStatus,
    ReportedTotal,
)
from ansinh.integrity.rules import Hit, Rule, RunContext, all_rules, rule_by_code
from ansinh.integrity.rules.base import scope_q

# What a person may do to a finding by hand (the runner's own moves are in the table above).
TRANSITIONS: dict[str, frozenset[str]] = {
    FindingStatus.OPEN: frozenset({FindingStatus.EXPLAINED, FindingStatus.CORRECTED}),
    FindingStatus.EXPLAINED: frozenset({FindingStatus.CORRECTED}),
    FindingStatus.CORRECTED: frozenset(),
}
# The roles that answer for a unit's findings (of their own unit) and may run the checks.
UNIT_STAFF = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER, Role.PROVINCE_OFFICER})
# Who records a unit's reported figures: its officers, and supervision delegations.
REPORT_ROLES = UNIT_STAFF | {Role.SUPERVISOR}
UPSERT_BATCH = 1000
_UPDATED_ON_CONFLICT = ["unit", "severity", "summary", "details", "amount", "person",
                        "household", "benefit", "payment_line", "cycle", "last_run",
                        "last_seen_at"]


def rules_from_codes(codes: Iterable[str] | None) -> list[Rule]:
    """The rules named (all of them for None), or a DomainError naming an unknown code."""
    if codes is None:
        return all_rules()
    chosen: list[Rule] = []
    for code in codes:
        rule = rule_by_code(code)
        if rule is None:
            raise DomainError(_("Không có quy tắc kiểm tra mã “%(code)s”.") % {"code": code},
                              field="rules")
        if rule not in chosen:
            chosen.append(rule)
    if not chosen:
        raise DomainError(_("Hãy chọn ít nhất một quy tắc."), field="rules")
    return chosen


def run_checks(*, trigger: str, unit: AdministrativeUnit | None = None,
               rules: Iterable[str] | None = None, user: Any = None,
               today: date | None = None) -> CheckRun:
    """Run the rules over ``unit`` (the whole country for None) and record what they found."""
    chosen = rules_from_codes(rules)
    started = timezone.now()
    ctx = RunContext(today=today or timezone.localdate())
    hits: dict[tuple[str, str], tuple[Rule, Hit]] = {}
    # Summaries are stored data: Vietnamese whatever the language of who started the run.
    with translation.override("vi"):
        for rule in chosen:
            for hit in rule.detect(unit, ctx):
                hits[(rule.code, hit.key[:200])] = (rule, hit)
    codes = [r.code for r in chosen]
    with transaction.atomic():
        run = CheckRun.objects.create(unit=unit, trigger=trigger, rules=codes, started_by=user)
        CheckRun.objects.filter(pk=run.pk).update(started_at=started)
        run.started_at = started
        Finding.objects.bulk_create(
            [_finding(run, rule, key, hit) for (_code, key), (rule, hit) in hits.items()],
            batch_size=UPSERT_BATCH, update_conflicts=True, unique_fields=["rule", "key"],
            update_fields=_UPDATED_ON_CONFLICT)
        now = timezone.now()
        new = Finding.objects.filter(first_run=run).count()
        reopened = Finding.objects.filter(last_run=run, status=FindingStatus.CORRECTED).update(
            status=FindingStatus.OPEN, resolved_by=None, resolved_at=None)
        # Seen before this run began and not by it: gone. (A finding another run wrote while
        # this one was reading is newer than what this run saw, and is left alone.)
        resolved = (Finding.objects.filter(scope_q("unit", unit), rule__in=codes,
                                           status=FindingStatus.OPEN,
                                           last_seen_at__lt=started)
                    .exclude(last_run=run)
                    .update(status=FindingStatus.CORRECTED, resolved_by=None, resolved_at=now,
                            resolution_note=_auto_note(now)))
        run.found, run.new, run.resolved, run.finished_at = len(hits), new, resolved, now
        run.save(update_fields=["found", "new", "resolved", "finished_at"])
        with translation.override("vi"):
            label = str(run)
        audit_record(actor=user, action="integrity.checks.run", obj=run, unit=unit,
                     object_label=label,
                     changes={"trigger": trigger, "rules": codes, "found": run.found,
                              "new": new, "resolved": resolved, "reopened": reopened})
    return run


def _finding(run: CheckRun, rule: Rule, key: str, hit: Hit) -> Finding:
    return Finding(
        rule=rule.code, key=key, unit_id=hit.unit_id, severity=rule.severity,
        summary=hit.summary[:500], details=hit.details, amount=hit.amount,
        person_id=hit.person_id, household_id=hit.household_id, benefit_id=hit.benefit_id,
        payment_line_id=hit.payment_line_id, cycle_id=hit.cycle_id, first_run=run,
        last_run=run)


def _auto_note(now: Any) -> str:
    # Stored text: Vietnamese, as the finding's summary.
    return f"Không còn phát hiện ở lần kiểm tra ngày {timezone.localtime(now):%d/%m/%Y %H:%M}."


def check_run_request(*, actor: Any, rules: Iterable[str] | None = None) -> CheckRun:
    """"Run the checks now", from a page or the API: over the acting unit, by its officers."""
    assignment = require_write(actor)
    if assignment.unit is None or assignment.role not in UNIT_STAFF:
        raise PermissionDenied(_("Chỉ cán bộ, lãnh đạo cấp xã và cán bộ cấp tỉnh được chạy "
                                 "kiểm tra bất thường cho đơn vị của mình."))
    return run_checks(trigger=CheckTrigger.ON_DEMAND, unit=assignment.unit, rules=rules,
                      user=actor)


# --- findings ---------------------------------------------------------------------------------

def can_resolve(user: Any, finding: Finding) -> bool:
    """Whether the user answers for this finding: a writing role of the finding's own unit."""
    assignment = acting_assignment(user)
    return bool(assignment is not None and not assignment.is_read_only
                and assignment.role in UNIT_STAFF and assignment.unit_id == finding.unit_id)


def require_resolver(actor: Any, finding: Finding) -> None:
    """403 for a read-only role or an officer of another unit; 404 outside the user's units."""
    require_write(actor)
    if not unit_in_scope(actor, finding.unit):
        raise NotFound(_("Không tìm thấy bản ghi."))
    if not can_resolve(actor, finding):
        raise PermissionDenied(_("Chỉ cán bộ, lãnh đạo của đơn vị có phát hiện được giải trình "
                                 "hoặc ghi nhận đã khắc phục."))


def finding_resolve(*, actor: Any, finding: Finding, status: str, note: str) -> Finding:
    """Record a finding explained or corrected, with the officer's note."""
    require_resolver(actor, finding)
    note = note.strip()
    if not note:
        raise DomainError(_("Hãy ghi nội dung giải trình hoặc việc đã làm để khắc phục."),
                          field="note")
    with transaction.atomic():
        locked = Finding.objects.select_for_update().get(pk=finding.pk)
        if status not in TRANSITIONS.get(locked.status, frozenset()):
            raise DomainError(
                _("Không chuyển được phát hiện từ “%(from)s” sang “%(to)s”.")
                % {"from": locked.get_status_display(),
                   "to": dict(FindingStatus.choices).get(status, status)}, field="status")
        fields = ("status", "resolution_note", "resolved_by")
        before = snapshot(locked, fields)
        locked.status, locked.resolution_note = status, note
        locked.resolved_by, locked.resolved_at = actor, timezone.now()
        locked.save(update_fields=["status", "resolution_note", "resolved_by", "resolved_at"])
        changes = diff(before, snapshot(locked, fields))
        if _reveals_hiv(locked):
            # The audit log is read by supervisors and auditors: no words about this person.
            changes.pop("resolution_note", None)
        audit_record(actor=actor, action="integrity.finding.resolve", obj=locked,
                     object_label=f"{locked.rule} #{locked.pk}", unit=locked.unit,
                     changes=changes)
    return locked


def _reveals_hiv(finding: Finding) -> bool:
    rule = rule_by_code(finding.rule)
    if rule is not None and rule.restricted:
        return True
    return bool(finding.benefit_id and finding.benefit and finding.benefit.category.restricted)


# --- reported figures ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportInput:
    unit: AdministrativeUnit
    title: str
    reported_on: date
    total: int
    lines: list[dict[str, Any]] = field(default_factory=list)
    document: str = ""


def can_record_totals(user: Any) -> bool:
    assignment = acting_assignment(user)
    return assignment is not None and assignment.role in REPORT_ROLES


def require_report_recorder(actor: Any) -> None:
    if not can_record_totals(actor):
        raise PermissionDenied(_("Chỉ cán bộ cấp xã, cấp tỉnh và thành viên đoàn giám sát được "
                                 "ghi số liệu đơn vị báo cáo."))


def reported_total_create(*, actor: Any, report: ReportInput) -> ReportedTotal:
    """Record the figures a unit reported. Officers of the unit record their own reports; a
    supervision delegation records what the unit told it (supervisors write nothing else here).
    The figures are checked at once (the REPORTED_TOTALS rule, after the commit)."""
    require_report_recorder(actor)
    if not unit_in_scope(actor, report.unit):
        raise NotFound(_("Không tìm thấy đơn vị."))
    if report.reported_on > timezone.localdate():
        raise DomainError(_("Ngày báo cáo chưa đến."), field="reported_on")
    lines = _clean_lines(report.lines)
    record = ReportedTotal(unit=report.unit, title=report.title.strip(),
                           document=report.document.strip(), reported_on=report.reported_on,
                           total=report.total, lines=lines, recorded_by=actor)
    record.full_clean()
    with transaction.atomic():
        record.save()
        audit_record(actor=actor, action="integrity.reported_total.create", obj=record,
                     unit=record.unit, changes={"total": record.total, "lines": lines,
                                                "reported_on": record.reported_on})
        transaction.on_commit(partial(_check_report, record, actor), robust=True)
    return record


def _clean_lines(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    clean = []
    for number, line in enumerate(lines, start=1):
        label = str(line.get("label") or "").strip()
        category = str(line.get("category") or "").strip()
        try:
            count = int(line.get("count"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            count = -1
        if not label:
            raise DomainError(_("Dòng %(n)s: hãy ghi tên nhóm (ví dụ “Người khuyết tật”).")
                              % {"n": number}, field="lines")
        if count < 0:
            raise DomainError(_("Dòng %(n)s (%(label)s): số lượng phải là số nguyên không âm.")
                              % {"n": number, "label": label}, field="lines")
        clean.append({"label": label[:200], "count": count,
                      **({"category": category[:16]} if category else {})})
    return clean


def _check_report(record: ReportedTotal, actor: Any) -> None:
    run_checks(trigger=CheckTrigger.ON_DEMAND, unit=record.unit, rules=["REPORTED_TOTALS"],
               user=actor)
