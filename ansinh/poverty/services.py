"""The review campaign, step by step, each step one transaction with one audit event:

open (the current poor and near-poor households listed, set-based) → add applicants → assign
enumerators → survey (forms A, B1, B2; a draft may be saved and submitted later, from a phone
that lost its link) → the village meeting's vote on each household (at least half agreeing, or
the household is surveyed again) → public posting → the commune chair's recognition, which
writes each household's classification, dated by the decision, into the registry's poverty
history (from which eligibility reads it) and numbers the certificates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.accounts.models import Role, RoleAssignment
from ansinh.core.audit import audit_record
from ansinh.core.calendar import add_working_days
from ansinh.core.errors import DomainError, NotFound, PermissionDenied
from ansinh.core.scoping import require_write, unit_in_scope
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.poverty.classification import INDICATOR_CODES, Classification, Income, classify
from ansinh.poverty.models import (
    Area,
    GroupTarget,
    HelpPlan,
    Measure,
    PointsCutoff,
    PointsItem,
    Review,
    ReviewKind,
    ReviewStatus,
    Source,
    Survey,
    SurveyStatus,
)
from ansinh.registry.models import Household, PovertyStatus
from ansinh.registry.services import household_set_poverty

# Form A (quick screening, Decision 24/2021/QĐ-TTg): any of these and the household is clearly
# not poor or near-poor, so forms B1 and B2 are not needed.
SCREENING: tuple[tuple[str, str], ...] = (
    ("o_to", "Hộ có ô tô (trừ xe dùng để kinh doanh vận tải của hộ nghèo)"),
    ("luong_cao", "Hộ có thành viên hưởng lương, lương hưu thường xuyên từ mức khá trở lên"),
    ("nha_kien_co", "Hộ có nhà ở kiên cố, diện tích lớn, tiện nghi đầy đủ"),
    ("kinh_doanh", "Hộ có cơ sở sản xuất, kinh doanh, dịch vụ thuê lao động thường xuyên"),
    ("dat_dai", "Hộ có nhiều đất đai, tài sản có giá trị lớn"),
)
SCREENING_CODES = tuple(code for code, _label in SCREENING)
POSTING_WORKING_DAYS = 3  # the review's list stays posted at least this long before recognition


def _require_officer(actor: Any, commune: AdministrativeUnit) -> Any:
    assignment = require_write(actor)
    if not unit_in_scope(actor, commune):
        raise NotFound(_("Không tìm thấy đợt rà soát."))
    if not assignment.is_system_admin and assignment.role not in (Role.COMMUNE_OFFICER,
                                                                  Role.COMMUNE_LEADER):
        raise PermissionDenied(_("Việc rà soát hộ nghèo do cán bộ, lãnh đạo UBND cấp xã "
                                 "thực hiện."))
    return assignment


def _require_status(review: Review, *allowed: str) -> None:
    if review.status not in allowed:
        raise DomainError(_("Đợt rà soát đang ở bước “%(s)s”: không làm được việc này.")
                          % {"s": review.get_status_display()})


# --- opening and listing -------------------------------------------------------------------

def review_open(*, actor: Any, commune: AdministrativeUnit, year: int, kind: str,
                title: str = "", plan: str = "") -> Review:
    """Open a review; the annual one lists every household now poor or near-poor."""
    _require_officer(actor, commune)
    if commune.level != UnitLevel.COMMUNE:
        raise DomainError(_("Rà soát hộ nghèo do xã, phường thực hiện."), field="commune")
    if kind not in ReviewKind.values:
        raise DomainError(_("Loại rà soát không hợp lệ."), field="kind")
    if not 2022 <= year <= timezone.localdate().year:
        raise DomainError(_("Năm rà soát không hợp lệ."), field="year")
    if kind == ReviewKind.ANNUAL and Review.objects.filter(commune=commune, year=year,
                                                           kind=kind).exists():
        raise DomainError(_("Xã đã có đợt rà soát định kỳ năm %(y)s.") % {"y": year},
                          field="year")
    with transaction.atomic():
        review = Review.objects.create(
            commune=commune, year=year, kind=kind, plan=plan.strip(), created_by=actor,
            title=title.strip() or (f"Rà soát hộ nghèo, hộ cận nghèo năm {year}"
                                    if kind == ReviewKind.ANNUAL
                                    else f"Rà soát thường xuyên năm {year}"))
        listed = 0
        if kind == ReviewKind.ANNUAL:
            households = Household.objects.filter(
                commune=commune, is_active=True,
                poverty_status__in=[PovertyStatus.POOR, PovertyStatus.NEAR_POOR])
            surveys = [Survey(review=review, household_id=pk, source=Source.LISTED,
                              previous_status=status)
                       for pk, status in households.values_list("pk", "poverty_status")]
            Survey.objects.bulk_create(surveys, batch_size=2000)
            listed = len(surveys)
        audit_record(actor=actor, action="poverty.review.open", obj=review, unit=commune,
                     changes={"year": year, "kind": kind, "listed": listed})
    return review


def survey_add(*, actor: Any, review: Review, household: Household) -> Survey:
    """A household that applies (or is proposed) for review."""
    _require_officer(actor, review.commune)
    _require_status(review, ReviewStatus.SURVEYING)
    if household.commune_id != review.commune_id:
        raise NotFound(_("Không tìm thấy hộ gia đình."))
    if Survey.objects.filter(review=review, household=household).exists():
        raise DomainError(_("Hộ %(c)s đã có trong danh sách rà soát.") % {"c": household.code},
                          field="household")
    with transaction.atomic():
        survey = Survey.objects.create(review=review, household=household,
                                       source=Source.APPLICANT,
                                       previous_status=household.poverty_status)
        audit_record(actor=actor, action="poverty.survey.add", obj=survey,
                     unit=review.commune, changes={"household": household.code})
    return survey


def surveys_assign(*, actor: Any, review: Review, surveys: Sequence[Survey],
                   enumerator: Any) -> int:
    _require_officer(actor, review.commune)
    if not RoleAssignment.objects.filter(user=enumerator, is_active=True,
                                         unit=review.commune).exists():
        raise DomainError(_("Điều tra viên phải có vai trò tại xã, phường rà soát."),
                          field="enumerator")
    with transaction.atomic():
        changed = Survey.objects.filter(review=review, pk__in=[s.pk for s in surveys]).update(
            enumerator=enumerator)
        audit_record(actor=actor, action="poverty.survey.assign", obj=review,
                     unit=review.commune, changes={"surveys": changed,
                                                   "enumerator": str(enumerator)})
    return changed


# --- the forms -----------------------------------------------------------------------------

@dataclass(frozen=True)
class SurveyAnswers:
    screening: list[str] = field(default_factory=list)  # form A criteria met
    members: int = 0
    declared_income: int | None = None  # the household's monthly income
    points: dict[str, bool] = field(default_factory=dict)  # B1 items (points tables entered)
    deprivations: list[str] = field(default_factory=list)  # B2 indicators deprived


def _points_table(at: date, area: str) -> tuple[dict[str, int], int | None]:
    """The B1 points tables in force: item → points, and the cut-off (None: not entered)."""
    cutoff = (PointsCutoff.objects.filter(area=area, valid_from__lte=at)
              .order_by("-valid_from").first())
    if cutoff is None:
        return {}, None
    items = PointsItem.objects.filter(area=area, valid_from=cutoff.valid_from)
    return {i.code: i.points for i in items}, cutoff.max_points


def _income(survey: Survey, answers: SurveyAnswers, at: date) -> Income:
    area = Area.URBAN if survey.household.is_urban else Area.RURAL
    table, cutoff = _points_table(at, area)
    if cutoff is not None:
        unknown = set(answers.points) - set(table)
        if unknown:
            raise DomainError(_("Phiếu B1 có chỉ tiêu không có trong bảng điểm: %(c)s.")
                              % {"c": ", ".join(sorted(unknown))}, field="points")
        score = sum(points for code, points in table.items() if answers.points.get(code))
        return Income(score=score, cutoff=cutoff)
    if answers.members < 1:
        raise DomainError(_("Phiếu B1: hãy ghi số nhân khẩu của hộ."), field="members")
    if answers.declared_income is None or answers.declared_income < 0:
        raise DomainError(_("Phiếu B1: hãy ghi tổng thu nhập một tháng của hộ."),
                          field="declared_income")
    return Income(per_person=answers.declared_income // answers.members)


def _validate(answers: SurveyAnswers) -> None:
    unknown = set(answers.screening) - set(SCREENING_CODES)
    if unknown:
        raise DomainError(_("Phiếu A có tiêu chí không hợp lệ."), field="screening")
    unknown = set(answers.deprivations) - set(INDICATOR_CODES)
    if unknown:
        raise DomainError(_("Phiếu B2 có chỉ số không hợp lệ."), field="deprivations")


def survey_save(*, actor: Any, survey: Survey, answers: SurveyAnswers,
                submit: bool) -> Survey:
    """Save the forms; when submitted, classify. Saving the same answers again (a draft sent
    twice after a lost connection) changes nothing."""
    review = survey.review
    _require_officer(actor, review.commune)
    _require_status(review, ReviewStatus.SURVEYING, ReviewStatus.MEETING)
    _validate(answers)
    with transaction.atomic():
        survey = Survey.objects.select_for_update().select_related("household", "review").get(
            pk=survey.pk)
        if survey.status == SurveyStatus.AGREED:
            raise DomainError(_("Hộ đã được họp dân thống nhất: không sửa phiếu được."))
        survey.screening, survey.members = sorted(answers.screening), answers.members
        survey.declared_income, survey.points = answers.declared_income, answers.points
        survey.deprivations = sorted(answers.deprivations)
        survey.screened_out = bool(answers.screening)
        if submit:
            found = _classification(survey, answers)
            survey.result, survey.reason = found.status, found.reason
            survey.status, survey.submitted_at = SurveyStatus.SUBMITTED, timezone.now()
            survey.votes_agree = survey.votes_total = None
        elif survey.status in (SurveyStatus.TO_SURVEY, SurveyStatus.RESURVEY):
            survey.status = SurveyStatus.DRAFT
        survey.save()
        audit_record(actor=actor, action="poverty.survey.save", obj=survey,
                     unit=review.commune, changes={"submitted": submit,
                                                   "result": survey.result})
    return survey


def _classification(survey: Survey, answers: SurveyAnswers) -> Classification:
    at = timezone.localdate()
    if answers.screening:
        return Classification(PovertyStatus.NONE, "Không thuộc diện: phiếu A có tiêu chí loại "
                              "trừ (" + "; ".join(label for code, label in SCREENING
                                                  if code in answers.screening) + ").", 0, 0)
    return classify(at=at, urban=survey.household.is_urban,
                    income=_income(survey, answers, at), deprived=set(answers.deprivations))


# --- the village meeting, posting, recognition ---------------------------------------------

@dataclass(frozen=True)
class Vote:
    survey: Survey
    agree: int
    total: int


def meeting_record(*, actor: Any, review: Review, votes: Sequence[Vote]) -> tuple[int, int]:
    """The village meeting's votes: at least half agreeing confirms a household's result;
    otherwise it is surveyed again. Returns (agreed, to survey again)."""
    _require_officer(actor, review.commune)
    _require_status(review, ReviewStatus.SURVEYING, ReviewStatus.MEETING)
    agreed = again = 0
    with transaction.atomic():
        for vote in votes:
            survey = Survey.objects.select_for_update().get(pk=vote.survey.pk, review=review)
            if survey.status != SurveyStatus.SUBMITTED:
                raise DomainError(_("Hộ %(c)s chưa có kết quả phiếu để đưa ra họp dân.")
                                  % {"c": survey.household.code})
            if vote.total < 1 or not 0 <= vote.agree <= vote.total:
                raise DomainError(_("Hộ %(c)s: số người đồng ý phải từ 0 đến số người biểu "
                                    "quyết.") % {"c": survey.household.code}, field="votes")
            survey.votes_agree, survey.votes_total = vote.agree, vote.total
            if vote.agree * 2 >= vote.total:
                survey.status, agreed = SurveyStatus.AGREED, agreed + 1
            else:
                survey.status, again = SurveyStatus.RESURVEY, again + 1
            survey.save(update_fields=["votes_agree", "votes_total", "status", "updated_at"])
        review.status = ReviewStatus.MEETING
        review.save(update_fields=["status"])
        audit_record(actor=actor, action="poverty.meeting.record", obj=review,
                     unit=review.commune, changes={"agreed": agreed, "resurvey": again})
    return agreed, again


def review_post(*, actor: Any, review: Review, posted_from: date) -> Review:
    """Post the list publicly; every household must have been agreed at a meeting."""
    _require_officer(actor, review.commune)
    _require_status(review, ReviewStatus.MEETING)
    waiting = review.surveys.exclude(status=SurveyStatus.AGREED).count()
    if waiting:
        raise DomainError(_("Còn %(n)s hộ chưa được họp dân thống nhất (hoặc đang khảo sát "
                            "lại): chưa niêm yết được.") % {"n": waiting})
    with transaction.atomic():
        review.status, review.posted_from = ReviewStatus.POSTED, posted_from
        review.posted_to = add_working_days(posted_from, POSTING_WORKING_DAYS)
        review.save(update_fields=["status", "posted_from", "posted_to"])
        audit_record(actor=actor, action="poverty.review.post", obj=review,
                     unit=review.commune, changes={"posted_from": posted_from})
    return review


def review_recognise(*, actor: Any, review: Review, decision: str, decided_on: date) -> Review:
    """The commune chair recognises the result: each household's classification goes into the
    registry's poverty history, effective from the decision; certificates are numbered."""
    assignment = _require_officer(actor, review.commune)
    if not assignment.is_system_admin and assignment.role != Role.COMMUNE_LEADER:
        raise PermissionDenied(_("Chủ tịch (lãnh đạo) UBND cấp xã công nhận kết quả rà soát."))
    _require_status(review, ReviewStatus.POSTED)
    if not decision.strip():
        raise DomainError(_("Hãy ghi số quyết định công nhận."), field="decision")
    if review.posted_to is not None and decided_on < review.posted_to:
        raise DomainError(_("Danh sách phải niêm yết đến hết ngày %(d)s trước khi công nhận.")
                          % {"d": f"{review.posted_to:%d/%m/%Y}"}, field="decided_on")
    if decided_on > timezone.localdate():
        raise DomainError(_("Ngày công nhận ở tương lai."), field="decided_on")
    with transaction.atomic():
        number = 0
        for survey in review.surveys.select_related("household").order_by("household__code"):
            household_set_poverty(actor=actor, household=survey.household, year=review.year,
                                  status=survey.result, decided_on=decided_on,
                                  note=f"{decision.strip()}: {survey.reason}"[:300])
            if survey.result in (PovertyStatus.POOR, PovertyStatus.NEAR_POOR):
                number += 1
                survey.certificate = f"{review.year}-{number:04d}"
                survey.save(update_fields=["certificate"])
        review.status, review.decision, review.decided_on = (ReviewStatus.RECOGNISED,
                                                             decision.strip(), decided_on)
        review.save(update_fields=["status", "decision", "decided_on"])
        audit_record(actor=actor, action="poverty.review.recognise", obj=review,
                     unit=review.commune, changes={"decision": decision,
                                                   "decided_on": decided_on,
                                                   "certificates": number})
    return review


# --- helping households out of poverty -----------------------------------------------------

def help_plan_save(*, actor: Any, household: Household, year: int, helper: str,
                   measures: Sequence[str], escape_by: int, progress: str = "") -> HelpPlan:
    _require_officer(actor, household.commune)
    if not helper.strip():
        raise DomainError(_("Hãy ghi người, tổ chức giúp đỡ."), field="helper")
    unknown = set(measures) - set(Measure.values)
    if unknown or not measures:
        raise DomainError(_("Hãy chọn ít nhất một biện pháp hợp lệ."), field="measures")
    if escape_by < year:
        raise DomainError(_("Năm phấn đấu thoát nghèo không trước năm kế hoạch."),
                          field="escape_by")
    with transaction.atomic():
        plan, created = HelpPlan.objects.update_or_create(
            household=household, year=year, defaults={
                "helper": helper.strip(), "measures": sorted(measures), "escape_by": escape_by,
                "progress": progress.strip(), "created_by": actor})
        audit_record(actor=actor, action="poverty.plan.save", obj=plan, unit=household.commune,
                     changes={"created": created, "measures": sorted(measures)})
    return plan


def group_target_set(*, actor: Any, group: Any, year: int, escape_target: int) -> GroupTarget:
    _require_officer(actor, group.commune)
    if escape_target < 0:
        raise DomainError(_("Chỉ tiêu không được âm."), field="escape_target")
    with transaction.atomic():
        target, _created = GroupTarget.objects.update_or_create(
            group=group, year=year, defaults={"escape_target": escape_target})
        audit_record(actor=actor, action="poverty.target.set", obj=target,
                     unit=group.commune, changes={"escape_target": escape_target})
    return target


def counts_by_status(review: Review) -> dict[str, int]:
    rows = review.surveys.values("result").annotate(n=Count("id")).order_by()
    return {row["result"]: int(row["n"]) for row in rows}


# --- the B1 points tables (Circular 07/2021/TT-BLĐTBXH), entered as data -------------------

def _require_points_editor(actor: Any) -> Any:
    assignment = require_write(actor)
    if not assignment.is_system_admin and assignment.role != Role.PROVINCE_OFFICER:
        raise PermissionDenied(_("Bảng điểm phiếu B1 do quản trị hệ thống hoặc cán bộ cấp tỉnh "
                                 "nhập."))
    return assignment


def points_item_save(*, actor: Any, valid_from: date, area: str, code: str, label: str,
                     points: int) -> PointsItem:
    """Add (or correct) a line of the B1 points table in force from ``valid_from``."""
    _require_points_editor(actor)
    if area not in Area.values:
        raise DomainError(_("Khu vực không hợp lệ."), field="area")
    if not code.strip() or not label.strip():
        raise DomainError(_("Hãy ghi mã và nội dung chỉ tiêu."), field="label")
    with transaction.atomic():
        item, created = PointsItem.objects.update_or_create(
            valid_from=valid_from, area=area, code=code.strip(),
            defaults={"label": label.strip(), "points": points})
        audit_record(actor=actor, action="poverty.points.item", obj=item, unit=None,
                     changes={"created": created, "code": item.code, "points": points})
    return item


def points_cutoff_save(*, actor: Any, valid_from: date, area: str,
                       max_points: int) -> PointsCutoff:
    """The B1 cut-off from ``valid_from``: from then, surveys of the area are scored by points
    instead of the declared income."""
    _require_points_editor(actor)
    if area not in Area.values:
        raise DomainError(_("Khu vực không hợp lệ."), field="area")
    with transaction.atomic():
        cutoff, created = PointsCutoff.objects.update_or_create(
            valid_from=valid_from, area=area, defaults={"max_points": max_points})
        audit_record(actor=actor, action="poverty.points.cutoff", obj=cutoff, unit=None,
                     changes={"created": created, "max_points": max_points})
    return cutoff
