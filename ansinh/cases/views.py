"""Pages of dossiers (hồ sơ): the list with deadlines, opening one, its steps, documents and
decision; public postings with their feedback; decisions and benefits; one-off programmes; the
gap finder.

Views parse input, call one service or selector, and render. Every POST first checks that the
acting role may write (a read-only role gets 403 whatever it sent); the services check the
rest (the commune, maker-checker) and their refusals land on the form or on the 403/404 pages.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.cases import selectors, services
from ansinh.cases.exports import programme_export
from ansinh.cases.forms import (
    AdvanceForm,
    AnswerForm,
    BenefitFilterForm,
    CaseFilterForm,
    CaseOpenForm,
    DecideForm,
    DocumentsForm,
    FeedbackForm,
    GapForm,
    PostingForm,
    ProgrammeForm,
    RejectForm,
)
from ansinh.cases.models import (
    CHANGE_KINDS,
    ENTITLEMENT_KINDS,
    MONTHLY_KINDS,
    ONE_OFF_KINDS,
    Case,
    CaseKind,
    Programme,
)
from ansinh.cases.printing import decision_context, posting_context
from ansinh.cases.procedures import DECIDED, POSTED
from ansinh.cases.programmes import programme_build, programme_submit
from ansinh.core.documents import pdf_response, render_pdf
from ansinh.core.errors import DomainError, NotFound
from ansinh.core.scoping import require_write
from ansinh.core.text import parse_date_vn
from ansinh.core.views_helpers import form_error_from, paginate
from ansinh.geo.models import AdministrativeUnit
from ansinh.policies.models import Policy
from ansinh.registry.selectors import person_get_for_user

LIST_PAGE = 50
FUNERAL_POLICY = "MAITANG"
Crumbs = list[tuple[str, str | None]]


def _crumbs(*extra: tuple[str, str | None]) -> Crumbs:
    return [(_("Hồ sơ"), reverse("cases:case_list")), *extra]


def _commune_for_writing(request: HttpRequest) -> AdministrativeUnit:
    require_write(request.user)
    commune = selectors.acting_commune(request.user)
    if commune is None:
        raise DomainError(_("Hãy chọn vai trò cấp xã để lập hồ sơ, danh sách."))
    return commune


def _commune_for_reading(request: HttpRequest) -> AdministrativeUnit | None:
    return selectors.acting_commune(request.user)


# --- the list -----------------------------------------------------------------------------------

def _case_filter(request: HttpRequest) -> tuple[CaseFilterForm, selectors.CaseFilter]:
    form = CaseFilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    return form, selectors.CaseFilter(
        kind=data.get("loai") or "", step=data.get("buoc") or "",
        state=data.get("tinh_trang") or "", overdue=data.get("han") == "qua-han",
        due_soon=data.get("han") == "sap-den-han")


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    form, f = _case_filter(request)
    page = paginate(request, selectors.cases_for(request.user, f), per_page=LIST_PAGE)
    commune = _commune_for_reading(request)
    return render(request, "cases/case_list.html", {
        "form": form, "page": page, "rows": selectors.case_rows(request.user, page.object_list),
        "can_write": commune is not None and selectors.can_write_in(request.user, commune.pk),
        "breadcrumbs": [(_("Hồ sơ"), None)], "tab": "cases",
    })


# --- opening ------------------------------------------------------------------------------------

def _open_kind(request: HttpRequest) -> str:
    data = request.POST if request.method == "POST" else request.GET
    kind = data.get("kind", "")
    return kind if kind in CaseKind.values else CaseKind.NEW_BENEFIT


def _open_date(request: HttpRequest) -> date:
    data = request.POST if request.method == "POST" else request.GET
    try:
        return parse_date_vn(data.get("received_on", "")) if data.get("received_on") \
            else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _open_options(request: HttpRequest, person: Any, kind: str,
                  at: date) -> list[selectors.CategoryOption]:
    if kind in MONTHLY_KINDS:
        return selectors.category_options(request.user, person, at, monthly=True)
    if kind == CaseKind.FUNERAL:
        return selectors.category_options(request.user, person, at, monthly=False,
                                          policy_codes=[FUNERAL_POLICY])
    if kind in ONE_OFF_KINDS:
        codes = [p.code for p in selectors.one_off_policies() if p.code != FUNERAL_POLICY]
        return selectors.category_options(request.user, person, at, monthly=False,
                                          policy_codes=codes)
    return []


@login_required
def case_open(request: HttpRequest) -> HttpResponse:
    """Open a dossier for a person: the categories offered are those the engine finds."""
    person_id = request.GET.get("person", "")
    if not person_id.isdigit():
        return render(request, "cases/case_open_pick.html", {
            "breadcrumbs": _crumbs((_("Lập hồ sơ"), None)), "tab": "cases"})
    person = person_get_for_user(request.user, int(person_id))
    if request.method == "POST":
        require_write(request.user)
    kind = _open_kind(request)
    received_on = _open_date(request)
    options = _open_options(request, person, kind, received_on)
    benefits = list(selectors.running_benefits(person))
    form = CaseOpenForm(request.POST or None, options=options, benefits=benefits, initial={
        "kind": kind, "received_on": received_on.strftime("%d/%m/%Y")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        option, benefit = data["option"], data["benefit_obj"]
        if kind in CHANGE_KINDS and kind != CaseKind.ADJUST:
            policy, category = benefit.policy, benefit.category
        elif option is not None:
            policy, category = option.category.policy, option.category
        else:
            policy, category = benefit.policy, benefit.category
        try:
            case = services.case_open(
                actor=request.user, commune=person.commune, request=services.CaseRequest(
                    kind=kind, person=person, policy=policy, category=category,
                    received_on=data["received_on"], effective_on=data["effective_on"],
                    benefit=benefit, note=data["note"]))
        except (DomainError, ValidationError) as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã lập hồ sơ %(r)s.") % {"r": case.reference})
            return redirect(case)
    context = {
        "form": form, "person": person, "options": options, "kind": kind,
        "received_on": received_on, "benefits": benefits,
        "shows_categories": kind in ENTITLEMENT_KINDS,
        "shows_benefit": kind in CHANGE_KINDS,
        "can_write": selectors.can_write_in(request.user, person.commune_id),
        "breadcrumbs": _crumbs((person.full_name, person.get_absolute_url()),
                               (_("Lập hồ sơ"), None)),
        "tab": "cases",
    }
    template = "cases/case_open.html#fields" if request.htmx else "cases/case_open.html"  # type: ignore[attr-defined]
    return render(request, template, context)


# --- the dossier --------------------------------------------------------------------------------

def _detail(request: HttpRequest, case: Case, status: int = 200, **forms: Any) -> HttpResponse:
    user = request.user
    writer = selectors.can_write_in(user, case.commune_id)
    next_code = selectors.next_step_code(case)
    leader = selectors.is_leader_of(user, case.commune_id)
    restricted_ok = selectors.sees_restricted(user)
    hidden_group = bool(case.category and case.category.restricted and not restricted_ok)
    documents = list(selectors.case_documents(case))
    decision_due = next_code == DECIDED
    context = {
        "case": case, "procedure": selectors.procedure_of(case),
        "timeline": selectors.case_timeline(case),
        "step_label": selectors.step_label(case),
        "next_label": selectors.step_label(case, next_code) if next_code else "",
        "category_label": selectors.category_label(case.category, case.policy,
                                                   restricted_ok=restricted_ok),
        "hidden_group": hidden_group,
        "late_days": selectors.case_rows(user, [case])[0].late_days,
        "documents": documents,
        "documents_form": forms.get("documents_form") or DocumentsForm(documents=documents),
        "advance_form": forms.get("advance_form") or AdvanceForm(),
        "reject_form": forms.get("reject_form") or RejectForm(),
        "decide_form": forms.get("decide_form") or DecideForm(initial={
            "signed_on": timezone.localdate().strftime("%d/%m/%Y"),
            "signer_name": getattr(user, "full_name", ""), "signer_title": "CHỦ TỊCH"}),
        "can_write": writer and case.is_open,
        "can_advance": writer and case.is_open and next_code not in (None, DECIDED),
        "needs_posting": next_code == POSTED and not case.postings.exists(),
        "decision_due": decision_due,
        "can_decide": decision_due and leader and user.pk != case.prepared_by_id,
        "maker_checker": decision_due and leader and user.pk == case.prepared_by_id,
        "postings": case.postings.select_related("posting").order_by("posting__opens_on"),
        "benefits": [(b, selectors.category_label(b.category, b.policy,
                                                  restricted_ok=restricted_ok))
                     for b in selectors.person_benefits(case.person)],
        "other_cases": selectors.cases_for(user, selectors.CaseFilter(person=case.person_id))
        .exclude(pk=case.pk)[:10] if case.person_id else [],
        "breadcrumbs": _crumbs((case.reference, None)), "tab": "cases",
    }
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.case_get_for_user(request.user, pk))


@login_required
@require_POST
def case_advance(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    require_write(request.user)
    form = AdvanceForm(request.POST)
    if form.is_valid():
        try:
            services.case_advance(actor=request.user, case=case,
                                  comment=form.cleaned_data["comment"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận bước “%(s)s”.")
                             % {"s": selectors.step_label(case)})
            return redirect(case)
    return _detail(request, case, advance_form=form)


@login_required
@require_POST
def case_reject(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    require_write(request.user)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.case_reject(actor=request.user, case=case,
                                 reason=form.cleaned_data["reason"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận không giải quyết hồ sơ %(r)s.")
                             % {"r": case.reference})
            return redirect(case)
    return _detail(request, case, reject_form=form)


@login_required
@require_POST
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    require_write(request.user)
    form = DecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.case_decide(actor=request.user, case=case,
                                            decision=services.DecisionInput(
                                                number=data["number"],
                                                signed_on=data["signed_on"],
                                                signer_name=data["signer_name"],
                                                signer_title=data["signer_title"]))
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi quyết định số %(n)s.") % {"n": decision.number})
            return redirect(decision)
    return _detail(request, case, decide_form=form)


@login_required
@require_POST
def case_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick the documents received and attach their files (one audited change per document)."""
    case = selectors.case_get_for_user(request.user, pk)
    require_write(request.user)
    documents = list(selectors.case_documents(case))
    form = DocumentsForm(request.POST, request.FILES, documents=documents)
    if form.is_valid():
        changed = 0
        try:
            for document in documents:
                upload = form.cleaned_data.get(f"file_{document.pk}")
                received = bool(form.cleaned_data.get(f"received_{document.pk}")) or bool(upload)
                if received == document.received and not upload:
                    continue
                services.case_document_update(actor=request.user, document=document,
                                              received=received, file=upload or None)
                changed += 1
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã cập nhật %(n)s giấy tờ.") % {"n": changed})
            return redirect(case)
    return _detail(request, case, documents_form=form)


@login_required
def case_document_file(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    case = selectors.case_get_for_user(request.user, pk)
    document = selectors.case_document_get(case, document_pk)
    if not document.file:
        raise NotFound(_("Giấy tờ này chưa có tệp đính kèm."))
    name = document.file.name.rsplit("/", 1)[-1]
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=name)


# --- postings -----------------------------------------------------------------------------------

def _posting_crumbs(*extra: tuple[str, str | None]) -> Crumbs:
    return _crumbs((_("Niêm yết công khai"), reverse("cases:posting_list")), *extra)


@login_required
def posting_list(request: HttpRequest) -> HttpResponse:
    commune = _commune_for_reading(request)
    postings = selectors.postings_for(request.user)
    return render(request, "cases/posting_list.html", {
        "page": paginate(request, postings, per_page=LIST_PAGE),
        "today": timezone.localdate(),
        "awaiting": selectors.cases_awaiting_posting(request.user, commune).count()
        if commune is not None else 0,
        "can_write": commune is not None and selectors.can_write_in(request.user, commune.pk),
        "breadcrumbs": _crumbs((_("Niêm yết công khai"), None)), "tab": "postings",
    })


@login_required
def posting_create(request: HttpRequest) -> HttpResponse:
    commune = _commune_for_writing(request)
    cases = list(selectors.cases_awaiting_posting(request.user, commune))
    today = timezone.localdate()
    chosen = [int(c) for c in request.GET.getlist("case") if c.isdigit()]
    form = PostingForm(request.POST or None, cases=cases, initial={
        "title": _("Niêm yết danh sách đề nghị hưởng chính sách tháng %(m)s")
        % {"m": today.strftime("%m/%Y")},
        "opens_on": today.strftime("%d/%m/%Y"),
        "cases": chosen or [c.pk for c in cases]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        picked = [c for c in cases if c.pk in set(data["cases"])]
        try:
            posting = services.posting_create(actor=request.user, commune=commune,
                                              title=data["title"], opens_on=data["opens_on"],
                                              cases=picked)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã lập danh sách niêm yết: %(n)s người.")
                             % {"n": posting.entries.count()})
            return redirect(posting)
    restricted_ok = selectors.sees_restricted(request.user)
    return render(request, "cases/posting_form.html", {
        "form": form, "commune": commune,
        "rows": [(c, selectors.category_label(c.category, c.policy, restricted_ok=restricted_ok))
                 for c in cases],
        "breadcrumbs": _posting_crumbs((_("Lập danh sách niêm yết"), None)), "tab": "postings",
    })


def _posting_page(request: HttpRequest, posting: Any, status: int = 200,
                  **forms: Any) -> HttpResponse:
    entries = list(posting.entries.select_related("case").order_by("id"))
    feedback = list(selectors.posting_feedback(posting))
    failed_answer = forms.get("answer_form")
    return render(request, "cases/posting_detail.html", {
        "posting": posting, "entries": entries,
        "total": sum(e.amount for e in entries),
        "feedback": [(f, failed_answer if failed_answer is not None and
                      failed_answer.prefix == f"fb{f.pk}" else AnswerForm(prefix=f"fb{f.pk}"))
                     for f in feedback],
        "feedback_form": forms.get("feedback_form") or FeedbackForm(entries=entries),
        "is_open": selectors.posting_is_open(posting), "today": timezone.localdate(),
        "can_write": selectors.can_write_in(request.user, posting.commune_id),
        "breadcrumbs": _posting_crumbs((posting.title, None)), "tab": "postings",
    }, status=status)


@login_required
def posting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _posting_page(request, selectors.posting_get_for_user(request.user, pk))


@login_required
@require_POST
def posting_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    posting = selectors.posting_get_for_user(request.user, pk)
    require_write(request.user)
    entries = list(posting.entries.order_by("id"))
    form = FeedbackForm(request.POST, entries=entries)
    if form.is_valid():
        data = form.cleaned_data
        entry = next((e for e in entries if e.pk == data["entry"]), None)
        try:
            services.posting_feedback_record(actor=request.user, posting=posting,
                                             content=data["content"],
                                             received_on=data["received_on"],
                                             sender=data["sender"], entry=entry)
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận phản ánh."))
            return redirect(posting)
    return _posting_page(request, posting, feedback_form=form)


@login_required
@require_POST
def posting_answer(request: HttpRequest, pk: int, feedback_pk: int) -> HttpResponse:
    posting = selectors.posting_get_for_user(request.user, pk)
    require_write(request.user)
    feedback = selectors.feedback_get(posting, feedback_pk)
    form = AnswerForm(request.POST, prefix=f"fb{feedback.pk}")
    if form.is_valid():
        try:
            services.posting_feedback_answer(actor=request.user, feedback=feedback,
                                             answer=form.cleaned_data["answer"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi câu trả lời."))
            return redirect(posting)
    return _posting_page(request, posting, answer_form=form)


@login_required
def posting_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    posting = selectors.posting_get_for_user(request.user, pk)
    pdf = render_pdf("cases/documents/posting.html", posting_context(posting), request=request)
    return pdf_response(pdf, f"Danh sách niêm yết {posting.opens_on:%d-%m-%Y}.pdf")


# --- decisions, benefits ------------------------------------------------------------------------

@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(request.user, pk)
    context = decision_context(decision, viewer=request.user)
    cases = list(selectors.decision_cases(decision))
    restricted_ok = selectors.sees_restricted(request.user)
    context.update({
        "cases": cases,
        "benefits": [(b, selectors.category_label(b.category, b.policy,
                                                  restricted_ok=restricted_ok))
                     for b in selectors.decision_benefits(decision)[:200]],
        "benefit_count": decision.benefits.count(),
        "breadcrumbs": _crumbs(*([(cases[0].reference, cases[0].get_absolute_url())]
                                 if cases else []),
                               (_("Quyết định %(n)s") % {"n": decision.number}, None)),
        "tab": "cases",
    })
    return render(request, "cases/decision_detail.html", context)


@login_required
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(request.user, pk)
    pdf = render_pdf("cases/documents/decision.html",
                     decision_context(decision, viewer=request.user), request=request)
    return pdf_response(pdf, f"Quyết định {decision.number.replace('/', '-')}.pdf")


@login_required
def benefit_list(request: HttpRequest) -> HttpResponse:
    policies = Policy.objects.exclude(kind="threshold").order_by("order", "code")
    form = BenefitFilterForm(request.GET or None, policies=policies)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    benefits = selectors.benefits_for(request.user, selectors.BenefitFilter(
        policy=data.get("chinh_sach") or "", status=data.get("trang_thai") or ""))
    page = paginate(request, benefits, per_page=LIST_PAGE)
    restricted_ok = selectors.sees_restricted(request.user)
    return render(request, "cases/benefit_list.html", {
        "form": form, "page": page,
        "rows": [(b, selectors.category_label(b.category, b.policy, restricted_ok=restricted_ok))
                 for b in page.object_list],
        "breadcrumbs": _crumbs((_("Chế độ đang hưởng"), None)), "tab": "benefits",
    })


# --- programmes ---------------------------------------------------------------------------------

def _programme_crumbs(*extra: tuple[str, str | None]) -> Crumbs:
    return _crumbs((_("Đợt hỗ trợ một lần"), reverse("cases:programme_list")), *extra)


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    commune = _commune_for_reading(request)
    return render(request, "cases/programme_list.html", {
        "page": paginate(request, selectors.programmes_for(request.user), per_page=LIST_PAGE),
        "can_write": commune is not None and selectors.can_write_in(request.user, commune.pk),
        "breadcrumbs": _crumbs((_("Đợt hỗ trợ một lần"), None)), "tab": "programmes",
    })


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    commune = _commune_for_writing(request)
    policies = list(selectors.one_off_policies().exclude(code=FUNERAL_POLICY))
    form = ProgrammeForm(request.POST or None, policies=policies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        policy = next(p for p in policies if p.code == data["policy"])
        try:
            programme = programme_build(actor=request.user, commune=commune, policy=policy,
                                        reference_date=data["reference_date"],
                                        title=data["title"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã lập danh sách: %(n)s người được hỗ trợ.")
                             % {"n": programme.persons})
            return redirect(programme)
    return render(request, "cases/programme_form.html", {
        "form": form, "commune": commune,
        "breadcrumbs": _programme_crumbs((_("Lập danh sách hỗ trợ"), None)),
        "tab": "programmes",
    })


def _programme_page(request: HttpRequest, programme: Programme) -> HttpResponse:
    excluded = request.GET.get("loai") == "loai-tru"
    restricted_ok = selectors.sees_restricted(request.user)
    page = paginate(request, selectors.programme_lines(programme, excluded=excluded),
                    per_page=LIST_PAGE)
    return render(request, "cases/programme_detail.html", {
        "programme": programme, "page": page, "excluded": excluded,
        "rows": [(line, selectors.category_label(line.category, programme.policy,
                                                 restricted_ok=restricted_ok))
                 for line in page.object_list],
        "case": selectors.programme_case(programme),
        "can_write": selectors.can_write_in(request.user, programme.commune_id),
        "breadcrumbs": _programme_crumbs((programme.title, None)), "tab": "programmes",
    })


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _programme_page(request, selectors.programme_get_for_user(request.user, pk))


@login_required
@require_POST
def programme_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get_for_user(request.user, pk)
    require_write(request.user)
    try:
        case = programme_submit(actor=request.user, programme=programme)
    except DomainError as exc:
        if exc.status_code != 400:
            raise
        messages.error(request, exc.message)
        return redirect(programme)
    messages.success(request, _("Đã trình danh sách thành hồ sơ %(r)s.") % {"r": case.reference})
    return redirect(case)


@login_required
def programme_export_view(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get_for_user(request.user, pk)
    content = programme_export(actor=request.user, programme=programme)
    response = HttpResponse(content, content_type=(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="dot-ho-tro-{programme.pk}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the gap finder -----------------------------------------------------------------------------

@login_required
def gaps(request: HttpRequest) -> HttpResponse:
    commune = _commune_for_reading(request)
    form = GapForm(request.GET or None)
    at = timezone.localdate()
    if form.is_valid() and form.cleaned_data.get("ngay"):
        at = form.cleaned_data["ngay"]
    found = selectors.gaps_for(request.user, commune, at) if commune is not None else None
    return render(request, "cases/gaps.html", {
        "form": form, "commune": commune, "at": at, "found": found,
        "can_write": commune is not None and selectors.can_write_in(request.user, commune.pk),
        "breadcrumbs": _crumbs((_("Rà soát đối tượng chưa hưởng"), None)), "tab": "gaps",
    })
