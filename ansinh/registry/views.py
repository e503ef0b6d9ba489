"""Pages of the registry: lists with search and filters, details with history, forms."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ansinh.core.errors import DomainError, NotFound
from ansinh.core.jobs import job_start
from ansinh.core.scoping import acting_assignment, require_write
from ansinh.core.selectors import AuditFilter, audit_events_for
from ansinh.core.views_helpers import form_error_from, paginate
from ansinh.geo.models import AdministrativeUnit, UnitLevel
from ansinh.registry import selectors, services
from ansinh.registry.exports import JOB_KIND as EXPORT_JOB
from ansinh.registry.forms import (
    DeathForm,
    HouseholdForm,
    MergeForm,
    MoveForm,
    NewPersonForm,
    PersonFilterForm,
    PersonForm,
    PovertyForm,
    RestrictedForm,
    SplitForm,
)
from ansinh.registry.models import Household, Person, PersonStatus

LIST_PAGE = 50


def _own_commune(request: HttpRequest) -> AdministrativeUnit | None:
    assignment = acting_assignment(request.user)
    unit = assignment.unit if assignment is not None else None
    return unit if unit is not None and unit.level == UnitLevel.COMMUNE else None


def commune_for_writing(request: HttpRequest) -> AdministrativeUnit:
    require_write(request.user)
    commune = _own_commune(request)
    if commune is None:
        raise DomainError(_("Hãy chọn vai trò cấp xã để thêm, sửa hộ và nhân khẩu."))
    return commune


def _can_write_here(request: HttpRequest, commune_id: int) -> bool:
    assignment = acting_assignment(request.user)
    own = _own_commune(request)
    return bool(assignment and not assignment.is_read_only and own and own.pk == commune_id)


def _form_page(request: HttpRequest, form: Any, title: str,
               breadcrumbs: list[tuple[str, str | None]], warning: str = "") -> HttpResponse:
    """The one-form page every registry form uses; ``warning`` is shown above the form."""
    return render(request, "registry/form.html", {"form": form, "title": title,
                                                  "breadcrumbs": breadcrumbs,
                                                  "warning": warning})


def _crumbs(*extra: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Nhân khẩu"), "/nhan-khau/"), *extra]


def _person_filter(request: HttpRequest, commune: Any) -> tuple[PersonFilterForm,
                                                                   selectors.PersonFilter]:
    form = PersonFilterForm(request.GET or None, commune=commune)
    data: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    return form, selectors.PersonFilter(
        query=data.get("q") or "", group=data.get("to"), sex=data.get("gioi") or "",
        age_band=data.get("tuoi") or "", status=data.get("tinh_trang") or "",
        disability=data.get("khuyet_tat") or "", poverty=data.get("ngheo") or "",
    )


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    commune = _own_commune(request)
    form, f = _person_filter(request, commune)
    page = paginate(request, selectors.persons_for(request.user, f), per_page=LIST_PAGE)
    return render(request, "registry/person_list.html", {
        "form": form, "page": page, "can_write": commune is not None and _can_write_here(
            request, commune.pk),
        "breadcrumbs": [(_("Nhân khẩu"), None)],
    })


@login_required
@require_POST
def person_export(request: HttpRequest) -> HttpResponse:
    """Export the list as filtered on the page, as a background job (logged)."""
    assignment = acting_assignment(request.user)
    if assignment is None:
        raise DomainError(_("Bạn chưa được phân công vai trò nào."))
    _form, f = _person_filter(request, _own_commune(request))
    job = job_start(actor=request.user, kind=EXPORT_JOB, unit=assignment.unit,
                    params={"filter": asdict(f)})
    return redirect(job)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(request.user, pk)
    return render(request, "registry/person_detail.html", {
        "person": person,
        "events": selectors.person_history(request.user, person),
        "changes": audit_events_for(request.user, AuditFilter(
            object_type="registry.person", object_id=str(person.pk)))[:20],
        "hiv": selectors.person_hiv_status(request.user, person),
        "current_here": selectors.person_is_current_here(request.user, person),
        "can_write": _can_write_here(request, person.commune_id),
        "breadcrumbs": _crumbs((person.full_name, None)),
    })


def _person_initial(person: Person) -> dict[str, Any]:
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    for name in ("birth_date", "disability_certified_on", "health_insurance_expiry"):
        value = initial[name]
        initial[name] = value.strftime("%d/%m/%Y") if value else ""
    return initial


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    commune = commune_for_writing(request)
    form = NewPersonForm(request.POST or None,
                         initial={"household_code": request.GET.get("ho", "")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        household = selectors.household_by_code(request.user, commune, data.pop("household_code"))
        is_birth = data.pop("is_birth")
        if household is None:
            form.add_error("household_code", _("Không có hộ mã này trong xã."))
        else:
            try:
                person = services.person_create(actor=request.user, household=household,
                                                is_birth=is_birth, **data)
            except (DomainError, ValidationError) as exc:
                form_error_from(form, exc)
            else:
                messages.success(request, _("Đã thêm %(p)s.") % {"p": person.full_name})
                return redirect(person)
    return _form_page(request, form, _("Thêm nhân khẩu"),
                      _crumbs((_("Thêm nhân khẩu"), None)))


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(request.user, pk)
    commune_for_writing(request)
    form = PersonForm(request.POST or None, initial=_person_initial(person))
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect(person)
    return _form_page(request, form, _("Sửa thông tin: %(p)s") % {"p": person.full_name},
                      _crumbs((person.full_name, person.get_absolute_url()), (_("Sửa"), None)))


@login_required
def person_death(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(request.user, pk)
    commune_for_writing(request)
    form = DeathForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_record_death(actor=request.user, person=person,
                                         died_on=form.cleaned_data["died_on"],
                                         note=form.cleaned_data["note"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận %(p)s mất.") % {"p": person.full_name})
            return redirect(person)
    return _form_page(request, form, _("Báo mất: %(p)s") % {"p": person.full_name},
                      _crumbs((person.full_name, person.get_absolute_url()),
                               (_("Báo mất"), None)))


@login_required
def person_move(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(request.user, pk)
    commune = commune_for_writing(request)
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["to_household_code"]:
                target = selectors.household_by_code(request.user, commune,
                                                     data["to_household_code"])
                if target is None:
                    raise DomainError(_("Không có hộ mã này trong xã."),
                                      field="to_household_code")
                services.person_move_within(actor=request.user, person=person,
                                            to_household=target, moved_on=data["moved_on"],
                                            note=data["note"])
            else:
                destination = AdministrativeUnit.objects.current().filter(
                    code=data["to_commune_code"].strip(), level=UnitLevel.COMMUNE).first()
                if destination is None:
                    raise DomainError(_("Không có xã, phường mã này."), field="to_commune_code")
                services.person_move_out(actor=request.user, person=person,
                                         to_commune=destination, moved_on=data["moved_on"],
                                         note=data["note"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận chuyển nơi ở."))
            return redirect(person)
    return _form_page(request, form, _("Chuyển nơi ở: %(p)s") % {"p": person.full_name},
                      _crumbs((person.full_name, person.get_absolute_url()),
                               (_("Chuyển nơi ở"), None)))


@login_required
def person_restricted(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the restricted information (HIV status), for the roles the selector lets see it."""
    person = selectors.person_get_for_user(request.user, pk)
    hiv = selectors.person_hiv_status(request.user, person)
    if hiv is None:  # not theirs to see: answered like a record outside their units
        raise NotFound(_("Không tìm thấy nhân khẩu."))
    commune_for_writing(request)
    # A lone unticked checkbox posts nothing: bind on the method, not on the data.
    form = RestrictedForm(request.POST if request.method == "POST" else None,
                          initial={"hiv_positive": hiv})
    if request.method == "POST" and form.is_valid():
        try:
            services.person_set_hiv_status(actor=request.user, person=person,
                                           positive=form.cleaned_data["hiv_positive"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin hạn chế."))
            return redirect(person)
    return _form_page(request, form, _("Thông tin hạn chế: %(p)s") % {"p": person.full_name},
                      _crumbs((person.full_name, person.get_absolute_url()),
                               (_("Thông tin hạn chế"), None)),
                      warning=_("Đây là thông tin hạn chế theo quy định của pháp luật: chỉ cán "
                                "bộ và lãnh đạo xã nơi người này cư trú được xem. Không ghi "
                                "thông tin này vào ghi chú, danh sách hay báo cáo."))


@login_required
def household_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    households = selectors.households_for(request.user, selectors.HouseholdFilter(query=query))
    commune = _own_commune(request)
    return render(request, "registry/household_list.html", {
        "page": paginate(request, households, per_page=LIST_PAGE), "q": query,
        "can_write": commune is not None and _can_write_here(request, commune.pk),
        "breadcrumbs": [(_("Hộ gia đình"), None)],
    })


@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get_for_user(request.user, pk)
    members = list(household.members.order_by("status", "relationship", "birth_year"))
    living = sum(1 for p in members if p.status == PersonStatus.LIVING)
    can_write = _can_write_here(request, household.commune_id)
    return render(request, "registry/household_detail.html", {
        "household": household,
        "members": members,
        "events": selectors.household_history(request.user, household),
        "poverty_history": household.poverty_history.all(),
        "can_write": can_write,
        "can_split": can_write and household.is_active and living >= 2,
        "breadcrumbs": [(_("Hộ gia đình"), "/ho/"), (str(household), None)],
    })


def _household_crumbs(household: Household, label: str) -> list[tuple[str, str | None]]:
    return [(_("Hộ gia đình"), "/ho/"), (str(household), household.get_absolute_url()),
            (label, None)]


@login_required
def household_create(request: HttpRequest) -> HttpResponse:
    commune = commune_for_writing(request)
    form = HouseholdForm(request.POST or None, commune=commune,
                         initial={"is_urban": commune.is_urban})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        group_id = data.pop("residential_group")
        group = commune.residential_groups.filter(pk=group_id).first() if group_id else None
        try:
            household = services.household_create(actor=request.user, commune=commune,
                                                  residential_group=group, **data)
        except (DomainError, ValidationError) as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã thêm %(h)s.") % {"h": household})
            return redirect(household)
    return _form_page(request, form, _("Thêm hộ gia đình"),
                      [(_("Hộ gia đình"), "/ho/"), (_("Thêm hộ"), None)])


@login_required
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household: Household = selectors.household_get_for_user(request.user, pk)
    commune = commune_for_writing(request)
    form = HouseholdForm(request.POST or None, commune=commune, initial={
        "code": household.code, "residential_group": household.residential_group_id,
        "address": household.address, "is_urban": household.is_urban})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        group_id = data.pop("residential_group")
        data["residential_group"] = (commune.residential_groups.filter(pk=group_id).first()
                                     if group_id else None)
        try:
            services.household_update(actor=request.user, household=household, **data)
        except (DomainError, ValidationError) as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect(household)
    return _form_page(request, form, _("Sửa hộ %(h)s") % {"h": household.code},
                      [(_("Hộ gia đình"), "/ho/"), (str(household), household.get_absolute_url()),
                        (_("Sửa"), None)])


@login_required
def household_split(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get_for_user(request.user, pk)
    commune_for_writing(request)
    members = list(household.members.filter(status=PersonStatus.LIVING)
                   .order_by("birth_year", "name_key", "pk"))
    form = SplitForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = set(data["persons"])
        try:
            new = services.household_split(
                actor=request.user, persons=[p for p in members if p.pk in chosen],
                code=data["code"], split_on=data["split_on"], address=data["address"],
                note=data["note"])
        except (DomainError, ValidationError) as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã tách hộ %(h)s.") % {"h": new.code})
            return redirect(new)
    return _form_page(request, form, _("Tách hộ từ hộ %(h)s") % {"h": household.code},
                      _household_crumbs(household, _("Tách hộ")))


@login_required
def household_merge(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get_for_user(request.user, pk)
    commune = commune_for_writing(request)
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target = selectors.household_by_code(request.user, commune, data["target_code"],
                                                 active_only=True)
            if target is None:
                raise DomainError(_("Trong xã không có hộ đang hoạt động nào mã “%(c)s”.")
                                  % {"c": data["target_code"].strip()}, field="target_code")
            services.household_merge(actor=request.user, source=household, target=target,
                                     merged_on=data["merged_on"], note=data["note"])
        except DomainError as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã nhập hộ %(s)s vào hộ %(t)s.")
                             % {"s": household.code, "t": target.code})
            return redirect(target)
    return _form_page(request, form, _("Nhập hộ %(h)s vào hộ khác") % {"h": household.code},
                      _household_crumbs(household, _("Nhập hộ")))


@login_required
def household_poverty(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get_for_user(request.user, pk)
    commune_for_writing(request)
    form = PovertyForm(request.POST or None, initial={
        "year": timezone.localdate().year, "status": household.poverty_status})
    if request.method == "POST" and form.is_valid():
        try:
            services.household_set_poverty(actor=request.user, household=household,
                                           **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã lưu phân loại hộ năm %(y)s.")
                             % {"y": form.cleaned_data["year"]})
            return redirect(household)
    return _form_page(request, form, _("Cập nhật hộ nghèo: hộ %(h)s") % {"h": household.code},
                      _household_crumbs(household, _("Cập nhật hộ nghèo")))
