"""Supervision: plans, their delegation, findings, recommendations, answers and follow-up.
Every change is one transaction with one audit event.

Who may write here is decided by this module, not by ``require_write``: supervisors are read-only
everywhere else (``READ_ONLY_ROLES``), yet supervising is their work. So:

- a plan is drafted, edited, started and concluded, and its delegation composed, by a
  supervisor or a province officer whose units contain the body's unit (or an administrator),
  or by a member of its delegation linked to the user (``require_plan_manager``);
- findings and recommendations are written, and recommendations followed up, by the
  delegation: a supervisor whose units contain the plan's unit, or a member linked to the user
  who acts as a supervisor or a province officer (``require_delegation_member``);
- a recommendation is answered by the commune officers and leaders of the unit it is addressed
  to, or by a province officer above it (``require_answerer``).

Nothing here lets a supervisor change a record outside supervision: the other apps' services
still call ``require_write``. A plan outside the user's sight is a 404 before any of these run
(``selectors.plan_get_for_user``); these answer 403 for a plan the user may see but not change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansinh.accounts.models import Role, RoleAssignment
from ansinh.cases.models import Benefit, Decision, Posting
from ansinh.core.audit import audit_record, diff, snapshot
from ansinh.core.errors import DomainError, PermissionDenied
from ansinh.core.scoping import acting_assignment, path_q, unit_in_scope, visible_to
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.integrity.findings_selectors import findings_for
from ansinh.integrity.models import Finding
from ansinh.payroll.models import Cycle
from ansinh.policies.models import Policy
from ansinh.registry.models import Household, Person
from ansinh.supervision.models import (
    PLAN_TRANSITIONS,
    RECOMMENDATION_TRANSITIONS,
    Body,
    DelegationMember,
    Observation,
    Plan,
    PlanStatus,
    Recommendation,
    RecommendationUpdate,
    Severity,
    UpdateKind,
)
from ansinh.supervision.selectors import plan_unit_choices

# Who may draft and run plans; in which roles a linked member of a delegation writes in it;
# who answers a recommendation for the unit it is addressed to.
MANAGER_ROLES = frozenset({Role.SUPERVISOR, Role.PROVINCE_OFFICER, Role.SYSTEM_ADMIN})
MEMBER_ROLES = frozenset({Role.SUPERVISOR, Role.PROVINCE_OFFICER})
ANSWER_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER, Role.PROVINCE_OFFICER})
PLAN_FIELDS = ("body", "body_name", "number", "issued_on", "legal_basis", "title",
               "period_from", "period_to", "contents")


# --- permissions --------------------------------------------------------------------------------

def _assignment(user: Any) -> RoleAssignment:
    assignment = acting_assignment(user)
    if assignment is None:
        raise PermissionDenied(_("Bạn chưa được phân công vai trò nào."))
    return assignment


def _linked(user: Any, plan: Plan) -> bool:
    pk = getattr(user, "pk", None)
    return pk is not None and plan.members.filter(user_id=pk).exists()


def may_create_plan(user: Any, unit: AdministrativeUnit | None = None) -> bool:
    assignment = acting_assignment(user)
    return assignment is not None and assignment.role in MANAGER_ROLES and (
        unit is None or unit_in_scope(user, unit))


def may_manage_plan(user: Any, plan: Plan) -> bool:
    assignment = acting_assignment(user)
    if assignment is None:
        return False
    if assignment.role in MANAGER_ROLES and unit_in_scope(user, plan.unit):
        return True
    return assignment.role in MEMBER_ROLES and _linked(user, plan)


def is_delegation_member(user: Any, plan: Plan) -> bool:
    assignment = acting_assignment(user)
    if assignment is None:
        return False
    if assignment.role == Role.SUPERVISOR and unit_in_scope(user, plan.unit):
        return True
    return assignment.role in MEMBER_ROLES and _linked(user, plan)


def may_answer(user: Any, recommendation: Recommendation) -> bool:
    assignment = acting_assignment(user)
    return assignment is not None and assignment.role in ANSWER_ROLES \
        and unit_in_scope(user, recommendation.to_unit)


def require_plan_creator(user: Any, unit: AdministrativeUnit) -> RoleAssignment:
    assignment = _assignment(user)
    if not may_create_plan(user, unit):
        raise PermissionDenied(_("Chỉ thành viên đoàn giám sát hoặc cán bộ cấp tỉnh của đơn vị "
                                 "được lập kế hoạch giám sát."))
    return assignment


def require_plan_manager(user: Any, plan: Plan) -> RoleAssignment:
    assignment = _assignment(user)
    if not may_manage_plan(user, plan):
        raise PermissionDenied(_("Chỉ cơ quan giám sát và đoàn giám sát được sửa kế hoạch này."))
    return assignment


def require_delegation_member(user: Any, plan: Plan) -> RoleAssignment:
    """The acting assignment of a member of ``plan``'s delegation, or PermissionDenied (403)."""
    assignment = _assignment(user)
    if not is_delegation_member(user, plan):
        raise PermissionDenied(_("Chỉ thành viên đoàn giám sát của kế hoạch này được ghi kết quả "
                                 "giám sát, kiến nghị và theo dõi kiến nghị."))
    return assignment


def require_answerer(user: Any, recommendation: Recommendation) -> RoleAssignment:
    assignment = _assignment(user)
    if not may_answer(user, recommendation):
        raise PermissionDenied(_("Chỉ cán bộ, lãnh đạo của đơn vị được kiến nghị (hoặc cán bộ "
                                 "cấp tỉnh) được trả lời kiến nghị."))
    return assignment


# --- plans --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanInput:
    body: str
    body_name: str
    number: str
    issued_on: date
    title: str
    period_from: date
    period_to: date
    contents: str
    scope_units: Sequence[AdministrativeUnit]
    policies: Sequence[Policy] = field(default_factory=tuple)
    legal_basis: str = ""


def _lock(plan: Plan) -> Plan:
    """The plan's row, locked for the transaction: a conclusion and a finding written at the
    same moment do not both pass the status check."""
    return Plan.objects.select_for_update().get(pk=plan.pk)


def _check_unit(unit: AdministrativeUnit, field_name: str) -> None:
    if unit.is_legacy or unit.level not in (UnitLevel.COMMUNE, UnitLevel.PROVINCE):
        raise DomainError(_("“%(u)s” không phải tỉnh, thành phố hay xã, phường hiện hành.")
                          % {"u": unit.name}, field=field_name)


def _check_plan(actor: Any, unit: AdministrativeUnit, data: PlanInput) -> PlanInput:
    _check_unit(unit, "unit")
    if data.body not in Body.values:
        raise DomainError(_("Cơ quan giám sát không hợp lệ."), field="body")
    for name, label in (("body_name", _("Tên cơ quan giám sát")), ("number", _("Số kế hoạch")),
                        ("title", _("Tên kế hoạch")), ("contents", _("Nội dung giám sát"))):
        if not str(getattr(data, name)).strip():
            raise DomainError(_("%(f)s không được để trống.") % {"f": label}, field=name)
    if data.issued_on > timezone.localdate():
        raise DomainError(_("Ngày ban hành không được sau hôm nay."), field="issued_on")
    if data.period_from > data.period_to:
        raise DomainError(_("Thời kỳ giám sát: ngày bắt đầu phải trước ngày kết thúc."),
                          field="period_to")
    if not data.scope_units:
        raise DomainError(_("Hãy chọn ít nhất một địa bàn giám sát."), field="scope_units")
    for scope in data.scope_units:
        _check_unit(scope, "scope_units")
        inside = scope.path == unit.path or scope.path.startswith(f"{unit.path}.")
        if not inside or not unit_in_scope(actor, scope):
            raise DomainError(_("Địa bàn “%(u)s” không thuộc %(body)s.")
                              % {"u": scope.name, "body": unit.name}, field="scope_units")
    return PlanInput(
        body=data.body, body_name=" ".join(data.body_name.split()),
        number=data.number.strip(), issued_on=data.issued_on, title=" ".join(data.title.split()),
        period_from=data.period_from, period_to=data.period_to, contents=data.contents.strip(),
        scope_units=list(data.scope_units), policies=list(data.policies),
        legal_basis=data.legal_basis.strip())


def _plan_state(plan: Plan) -> dict[str, Any]:
    state = snapshot(plan, PLAN_FIELDS)
    state["scope_units"] = sorted(plan.scope_units.values_list("code", flat=True))
    state["policies"] = sorted(plan.policies.values_list("code", flat=True))
    return state


def _save_plan(plan: Plan, data: PlanInput) -> None:
    for name in PLAN_FIELDS:
        setattr(plan, name, getattr(data, name))
    plan.full_clean(exclude=["created_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            plan.save()
    except IntegrityError as exc:
        raise DomainError(_("Cơ quan này đã có kế hoạch số %(n)s.") % {"n": plan.number},
                          field="number") from exc
    plan.scope_units.set(data.scope_units)
    plan.policies.set(data.policies)


def plan_create(*, actor: Any, unit: AdministrativeUnit, data: PlanInput) -> Plan:
    """Draft a plan of the body at ``unit`` (a province, or a commune)."""
    require_plan_creator(actor, unit)
    data = _check_plan(actor, unit, data)
    with transaction.atomic():
        plan = Plan(unit=unit, created_by=actor)
        _save_plan(plan, data)
        audit_record(actor=actor, action="supervision.plan.create", obj=plan, unit=unit,
                     changes=_plan_state(plan))
    return plan


def plan_update(*, actor: Any, plan: Plan, data: PlanInput) -> Plan:
    require_plan_manager(actor, plan)
    if plan.is_concluded:
        raise DomainError(_("Kế hoạch đã kết luận: không sửa được nữa."))
    data = _check_plan(actor, plan.unit, data)
    with transaction.atomic():
        plan = _lock(plan)
        if plan.is_concluded:
            raise DomainError(_("Kế hoạch đã kết luận: không sửa được nữa."))
        before = _plan_state(plan)
        _save_plan(plan, data)
        changes = diff(before, _plan_state(plan))
        audit_record(actor=actor, action="supervision.plan.update", obj=plan, unit=plan.unit,
                     changes=changes)
    return plan


def _plan_transition(actor: Any, plan: Plan, to: str, **fields: Any) -> Plan:
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if to not in PLAN_TRANSITIONS[plan.status]:
            raise DomainError(_("Kế hoạch đang ở trạng thái “%(s)s”: không chuyển sang “%(t)s” "
                                "được.") % {"s": plan.get_status_display(),
                                           "t": PlanStatus(to).label})
        before = plan.status
        plan.status = to
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.save(update_fields=["status", *fields])
        audit_record(actor=actor, action=f"supervision.plan.{to}", obj=plan, unit=plan.unit,
                     changes={"status": {"before": before, "after": to},
                              **{k: v for k, v in fields.items() if k == "conclusion"}})
    return plan


def plan_start(*, actor: Any, plan: Plan) -> Plan:
    """The delegation starts work: the plan leaves the draft, its units' staff see it."""
    require_plan_manager(actor, plan)
    if not plan.members.filter(is_head=True).exists():
        raise DomainError(_("Đoàn giám sát chưa có trưởng đoàn: hãy thêm thành viên và chọn "
                            "trưởng đoàn trước khi bắt đầu giám sát."))
    return _plan_transition(actor, plan, PlanStatus.IN_PROGRESS, started_at=timezone.now())


def plan_conclude(*, actor: Any, plan: Plan, conclusion: str) -> Plan:
    """The delegation's conclusion; recommendations are followed up after it too."""
    require_delegation_member(actor, plan)
    if not conclusion.strip():
        raise DomainError(_("Hãy ghi kết luận của đoàn giám sát."), field="conclusion")
    return _plan_transition(actor, plan, PlanStatus.CONCLUDED, concluded_at=timezone.now(),
                            conclusion=conclusion.strip())


# --- the delegation -----------------------------------------------------------------------------

def _require_open(plan: Plan) -> None:
    if plan.is_concluded:
        raise DomainError(_("Kế hoạch đã kết luận: không thay đổi đoàn giám sát được nữa."))


def member_add(*, actor: Any, plan: Plan, full_name: str, position: str = "",
               organisation: str = "", user: Any = None, is_head: bool = False
               ) -> DelegationMember:
    require_plan_manager(actor, plan)
    _require_open(plan)
    if not full_name.strip():
        raise DomainError(_("Hãy ghi họ và tên thành viên."), field="full_name")
    if user is not None and not RoleAssignment.objects.active().filter(
            user=user, user__is_active=True, role__in=MEMBER_ROLES).exists():
        raise DomainError(_("Tài khoản “%(u)s” không có vai trò thành viên đoàn giám sát hay cán "
                            "bộ cấp tỉnh.") % {"u": user.get_username()}, field="user")
    with transaction.atomic():
        _require_open(_lock(plan))
        if user is not None and plan.members.filter(user=user).exists():
            raise DomainError(_("Tài khoản “%(u)s” đã là thành viên của đoàn.")
                              % {"u": user.get_username()}, field="user")
        if is_head:
            plan.members.filter(is_head=True).update(is_head=False)
        member = DelegationMember(plan=plan, full_name=" ".join(full_name.split()),
                                  position=" ".join(position.split()),
                                  organisation=" ".join(organisation.split()), user=user,
                                  is_head=is_head)
        member.full_clean(validate_constraints=False)
        member.save()
        audit_record(actor=actor, action="supervision.member.add", obj=plan, unit=plan.unit,
                     changes={"member": member.full_name, "position": member.position,
                              "organisation": member.organisation, "is_head": is_head,
                              "user": user.get_username() if user is not None else ""})
    return member


def member_remove(*, actor: Any, plan: Plan, member: DelegationMember) -> None:
    require_plan_manager(actor, plan)
    _require_open(plan)
    if member.plan_id != plan.pk:
        raise DomainError(_("Thành viên không thuộc đoàn giám sát này."))
    with transaction.atomic():
        _require_open(_lock(plan))
        name, head = member.full_name, member.is_head
        member.delete()
        audit_record(actor=actor, action="supervision.member.remove", obj=plan, unit=plan.unit,
                     changes={"member": name, "is_head": head})


# --- findings -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ObservationLinks:
    """Ids of the records a finding concerns (each optional)."""

    person: int | None = None
    household: int | None = None
    benefit: int | None = None
    decision: int | None = None
    posting: int | None = None
    cycle: int | None = None
    finding: int | None = None


# Each link: its model, the field naming the record's unit, and how the message names it.
_LINKS: dict[str, tuple[type[models.Model], str, Any]] = {
    "person": (Person, "commune", gettext_lazy("nhân khẩu")),
    "household": (Household, "commune", gettext_lazy("hộ gia đình")),
    "benefit": (Benefit, "commune", gettext_lazy("chế độ")),
    "decision": (Decision, "commune", gettext_lazy("quyết định")),
    "posting": (Posting, "commune", gettext_lazy("niêm yết")),
    "cycle": (Cycle, "commune", gettext_lazy("kỳ chi trả")),
    "finding": (Finding, "unit", gettext_lazy("phát hiện bất thường")),
}


def _resolve_links(actor: Any, unit: AdministrativeUnit,
                   links: ObservationLinks) -> dict[str, models.Model]:
    """The linked records, each one the actor may see and of the observed unit (an anomaly
    finding may also be of a unit above it: two communes paying one person, say)."""
    found: dict[str, models.Model] = {}
    for name, (model, unit_field, label) in _LINKS.items():
        pk = getattr(links, name)
        if pk is None:
            continue
        where = path_q(unit_field, unit.path)
        if model is Finding:
            above = unit.path.split(".")
            where |= models.Q(unit__path__in=[".".join(above[:i]) for i in range(1, len(above))])
        # Anomaly findings are read as the integrity app reads them (some reveal HIV status).
        readable: models.QuerySet[Any]
        if model is Finding:
            readable = findings_for(actor)
        else:
            readable = visible_to(model._default_manager.all(), actor)
        record = readable.filter(where, pk=pk).first()
        if record is None:
            raise DomainError(_("Không có %(what)s số %(id)s thuộc %(unit)s.")
                              % {"what": label, "id": pk, "unit": unit.name}, field=name)
        found[name] = record
    return found


def _require_in_progress(plan: Plan) -> None:
    if plan.status != PlanStatus.IN_PROGRESS:
        raise DomainError(_("Chỉ ghi kết quả giám sát và kiến nghị khi kế hoạch đang giám sát "
                            "(kế hoạch đang ở trạng thái “%(s)s”).")
                          % {"s": plan.get_status_display()})


def _require_plan_unit(plan: Plan, unit: AdministrativeUnit, field_name: str) -> None:
    if unit.pk not in {u.pk for u in plan_unit_choices(plan)}:
        raise DomainError(_("“%(u)s” không thuộc địa bàn của kế hoạch giám sát.")
                          % {"u": unit.name}, field=field_name)


def observation_create(*, actor: Any, plan: Plan, unit: AdministrativeUnit, text: str,
                       severity: str = Severity.SHORTCOMING,
                       links: ObservationLinks = ObservationLinks()  # noqa: B008
                       ) -> Observation:
    require_delegation_member(actor, plan)
    _require_in_progress(plan)
    if not text.strip():
        raise DomainError(_("Hãy ghi nội dung kết quả giám sát."), field="text")
    if severity not in Severity.values:
        raise DomainError(_("Mức độ không hợp lệ."), field="severity")
    _require_plan_unit(plan, unit, "unit")
    records = _resolve_links(actor, unit, links)
    with transaction.atomic():
        _require_in_progress(_lock(plan))
        observation = Observation.objects.create(
            plan=plan, unit=unit, text=text.strip(), severity=severity, created_by=actor,
            **records)
        audit_record(actor=actor, action="supervision.observation.create", obj=observation,
                     unit=plan.unit, changes={
                         "plan": plan.pk, "unit": unit.code, "severity": severity,
                         **{f"{name}_id": record.pk for name, record in records.items()}})
    return observation


# --- recommendations ----------------------------------------------------------------------------

def recommendation_create(*, actor: Any, plan: Plan, to_unit: AdministrativeUnit, text: str,
                          deadline: date, observation: Observation | None = None
                          ) -> Recommendation:
    require_delegation_member(actor, plan)
    _require_in_progress(plan)
    if not text.strip():
        raise DomainError(_("Hãy ghi nội dung kiến nghị."), field="text")
    if deadline <= timezone.localdate():
        raise DomainError(_("Hạn thực hiện phải sau hôm nay."), field="deadline")
    _require_plan_unit(plan, to_unit, "to_unit")
    if observation is not None and observation.plan_id != plan.pk:
        raise DomainError(_("Kết quả giám sát này không thuộc kế hoạch."), field="observation")
    with transaction.atomic():
        _require_in_progress(_lock(plan))
        recommendation = Recommendation.objects.create(
            plan=plan, observation=observation, to_unit=to_unit, text=text.strip(),
            deadline=deadline, created_by=actor)
        audit_record(actor=actor, action="supervision.recommendation.create",
                     obj=recommendation, unit=to_unit, changes={
                         "plan": plan.pk, "to_unit": to_unit.code, "deadline": deadline,
                         "observation": observation.pk if observation is not None else None})
    return recommendation


def _transition(actor: Any, recommendation: Recommendation, kind: str, *, note: str,
                deadline: date | None = None) -> Recommendation:
    """Move a recommendation one step (``RECOMMENDATION_TRANSITIONS``) and record the step."""
    with transaction.atomic():
        recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        allowed, to = RECOMMENDATION_TRANSITIONS[kind]
        before = recommendation.status
        if before not in allowed:
            raise DomainError(_("Kiến nghị đang ở tình trạng “%(s)s”: không thể “%(k)s”.")
                              % {"s": recommendation.get_status_display(),
                                 "k": UpdateKind(kind).label})
        after = to or before
        recommendation.status = after
        fields = ["status", "updated_at"]
        if deadline is not None:
            recommendation.deadline = deadline
            fields.append("deadline")
        if kind == UpdateKind.ANSWER:
            recommendation.answer = note
            recommendation.answered_by, recommendation.answered_at = actor, timezone.now()
            fields += ["answer", "answered_by", "answered_at"]
        recommendation.save(update_fields=fields)
        RecommendationUpdate.objects.create(
            recommendation=recommendation, kind=kind, from_status=before, to_status=after,
            note=note, deadline=deadline, actor=actor)
        audit_record(actor=actor, action=f"supervision.recommendation.{kind}",
                     obj=recommendation, unit=recommendation.to_unit, changes={
                         "status": {"before": before, "after": after}, "note": note,
                         **({"deadline": deadline} if deadline is not None else {})})
    return recommendation


def recommendation_answer(*, actor: Any, recommendation: Recommendation,
                          answer: str) -> Recommendation:
    """The unit says what it did (or why it has not): the recommendation is "answered"."""
    require_answerer(actor, recommendation)
    if not answer.strip():
        raise DomainError(_("Hãy ghi nội dung trả lời."), field="answer")
    return _transition(actor, recommendation, UpdateKind.ANSWER, note=answer.strip())


FOLLOW_UP_KINDS = (UpdateKind.ACCEPT, UpdateKind.REJECT, UpdateKind.REOPEN, UpdateKind.CLOSE,
                   UpdateKind.NOTE)


def recommendation_follow_up(*, actor: Any, recommendation: Recommendation, kind: str,
                             note: str = "", deadline: date | None = None) -> Recommendation:
    """The delegation's follow-up: accept (done), not accept (to be done again), reopen, close,
    or a note; a new deadline may come with it."""
    require_delegation_member(actor, recommendation.plan)
    if kind not in FOLLOW_UP_KINDS:
        raise DomainError(_("Việc theo dõi không hợp lệ."), field="kind")
    if kind != UpdateKind.ACCEPT and not note.strip():
        raise DomainError(_("Hãy ghi ý kiến của đoàn."), field="note")
    if deadline is not None and deadline <= timezone.localdate():
        raise DomainError(_("Hạn mới phải sau hôm nay."), field="deadline")
    return _transition(actor, recommendation, kind, note=note.strip(), deadline=deadline)
