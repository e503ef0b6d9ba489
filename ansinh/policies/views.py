"""Pages of the policy catalog, the eligibility check and persons' circumstances.

Everyone signed in reads the catalog; acting system administrators add and confirm parameter
versions and correct categories and coefficients. The eligibility check and the circumstances
of a person are scoped like the person's own page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from ansinh.core.errors import DomainError
from ansinh.core.scoping import acting_assignment, require_system_admin
from ansinh.core.text import format_date
from ansinh.core.views_helpers import form_error_from
from ansinh.policies import selectors, services
from ansinh.policies.forms import (
    CategoryForm,
    CircumstanceEndForm,
    CircumstanceForm,
    CoefficientForm,
    EligibilityForm,
    ParameterVersionForm,
)
from ansinh.policies.models import Parameter, ParameterVersion, Policy
from ansinh.registry.models import Person
from ansinh.registry.selectors import person_get_for_user

Crumbs = list[tuple[str, str | None]]


def _crumbs(*extra: tuple[str, str | None]) -> Crumbs:
    return [(_("Chính sách"), "/chinh-sach/"), *extra]


def _policy_crumbs(policy: Policy | None, label: str) -> Crumbs:
    if policy is None:
        return _crumbs((label, None))
    return _crumbs((policy.name, policy.get_absolute_url()), (label, None))


def _is_admin(request: HttpRequest) -> bool:
    assignment = acting_assignment(request.user)
    return bool(assignment is not None and assignment.is_system_admin)


def _form_page(request: HttpRequest, form: Any, title: str, breadcrumbs: Crumbs,
               intro: str = "", warning: str = "") -> HttpResponse:
    return render(request, "policies/form.html", {"form": form, "title": title,
                                                  "breadcrumbs": breadcrumbs, "intro": intro,
                                                  "warning": warning})


# --- the catalog ------------------------------------------------------------------------------

@login_required
def policy_list(request: HttpRequest) -> HttpResponse:
    is_admin = _is_admin(request)
    return render(request, "policies/policy_list.html", {
        "policies": selectors.policies_list(),
        "pending": list(selectors.pending_versions()) if is_admin else [],
        "breadcrumbs": [(_("Chính sách"), None)],
    })


def _in_force_today(parameter: Parameter) -> set[int]:
    """The versions in force today, nationally and in each province (pending ones never)."""
    today = timezone.localdate()
    latest: dict[int | None, tuple[date, int]] = {}
    for version in parameter.versions.all():
        start = version.applied_from or version.effective_from
        if not version.usable or start > today:
            continue
        if version.province_id not in latest or latest[version.province_id][0] <= start:
            latest[version.province_id] = (start, version.pk)
    return {pk for _start, pk in latest.values()}


@login_required
def policy_detail(request: HttpRequest, code: str) -> HttpResponse:
    policy = selectors.policy_get(code)
    parameters = list(policy.parameters.all())
    in_force: set[int] = set()
    for parameter in parameters:
        in_force |= _in_force_today(parameter)
    return render(request, "policies/policy_detail.html", {
        "policy": policy, "categories": policy.categories.all(), "parameters": parameters,
        "in_force": in_force, "is_admin": _is_admin(request),
        "breadcrumbs": _crumbs((policy.name, None)),
    })


@login_required
def version_create(request: HttpRequest, code: str) -> HttpResponse:
    require_system_admin(request.user)
    parameter = selectors.parameter_get(code)
    provinces = list(selectors.current_provinces())
    form = ParameterVersionForm(request.POST or None, provinces=provinces)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        by_code = {p.code: p for p in provinces}
        try:
            services.parameter_version_create(
                actor=request.user, parameter=parameter,
                province=by_code.get(data.pop("province") or ""), **data)
        except (DomainError, ValidationError) as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã thêm giá trị của %(p)s.") % {"p": parameter.name})
            return redirect(_parameter_url(parameter))
    return _form_page(request, form, _("Thêm giá trị: %(p)s") % {"p": parameter.name},
                      _policy_crumbs(parameter.policy, _("Thêm giá trị tham số")),
                      intro=_("Một tỉnh chỉ có thể nâng mức của toàn quốc: nơi giá trị của "
                              "tỉnh thấp hơn, hệ thống dùng giá trị toàn quốc."))


def _parameter_url(parameter: Parameter) -> str:
    if parameter.policy is None:
        return "/chinh-sach/"
    return f"{parameter.policy.get_absolute_url()}#tham-so-{parameter.code}"


@login_required
def version_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page (GET) and the confirmation itself (POST)."""
    require_system_admin(request.user)
    version: ParameterVersion = selectors.version_get(pk)
    if request.method == "POST":
        services.parameter_version_confirm(actor=request.user, version=version)
        messages.success(request, _("Đã xác nhận: %(p)s từ ngày %(d)s được dùng để tính.")
                         % {"p": version.parameter.name,
                            "d": format_date(version.applied_from or version.effective_from)})
        return redirect(_parameter_url(version.parameter))
    return render(request, "policies/version_confirm.html", {
        "version": version,
        "breadcrumbs": _policy_crumbs(version.parameter.policy, _("Xác nhận giá trị")),
    })


@login_required
def category_edit(request: HttpRequest, code: str, category_code: str) -> HttpResponse:
    require_system_admin(request.user)
    category = selectors.category_get(code, category_code)
    form = CategoryForm(request.POST or None, initial={
        "name": category.name, "legal_ref": category.legal_ref,
        "documents": "\n".join(category.documents)})
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(actor=request.user, category=category, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã lưu nhóm %(c)s.") % {"c": category.code})
            return redirect(f"{category.policy.get_absolute_url()}#nhom-{category.code}")
    return _form_page(request, form, _("Sửa nhóm đối tượng %(c)s") % {"c": category.code},
                      _policy_crumbs(category.policy, _("Sửa nhóm %(c)s") % {"c": category.code}),
                      warning=_customized_warning())


def _customized_warning() -> str:
    return _("Sau khi sửa, nạp lại danh mục chính sách sẽ giữ nguyên nhóm này như quản trị đã "
             "sửa, kể cả khi tệp danh mục thay đổi.")


@login_required
def coefficient_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    require_system_admin(request.user)
    coefficient = selectors.coefficient_get(code, pk)
    category = coefficient.category
    form = CoefficientForm(request.POST or None,
                           initial={"value": f"{coefficient.value}".replace(".", ",")})
    if request.method == "POST" and form.is_valid():
        try:
            services.coefficient_update(actor=request.user, coefficient=coefficient,
                                        value=form.cleaned_data["value"])
        except (DomainError, ValidationError) as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã lưu hệ số."))
            return redirect(f"{category.policy.get_absolute_url()}#nhom-{category.code}")
    label = f"{category.code}{' — ' + coefficient.label if coefficient.label else ''}"
    return _form_page(request, form, _("Sửa hệ số: %(c)s") % {"c": label},
                      _policy_crumbs(category.policy, _("Sửa hệ số")),
                      warning=_customized_warning())


# --- eligibility ------------------------------------------------------------------------------

@login_required
def eligibility(request: HttpRequest) -> HttpResponse:
    """Which policies a person is entitled to at a date, and why."""
    today = timezone.localdate()
    form = EligibilityForm(request.GET or None, initial={"ngay": format_date(today)})
    person: Person | None = None
    result = None
    if form.is_bound and form.is_valid():
        person = person_get_for_user(request.user, form.cleaned_data["person"])
        result = selectors.entitlements_for_user(request.user, person,
                                                 form.cleaned_data["ngay"] or today)
    crumbs = _crumbs((_("Xét điều kiện hưởng"), None))
    if person is not None:
        crumbs = [(_("Nhân khẩu"), "/nhan-khau/"), (person.full_name, person.get_absolute_url()),
                  (_("Xét điều kiện hưởng"), None)]
    # An htmx request (the form on the page) gets the results fragment; the rest is the same.
    partial = "#results" if request.htmx else ""  # type: ignore[attr-defined]
    template = f"policies/eligibility.html{partial}"
    return render(request, template, {"form": form, "person": person, "result": result,
                                      "breadcrumbs": crumbs})


# --- circumstances ----------------------------------------------------------------------------

def _person_crumbs(person: Person, *extra: tuple[str, str | None]) -> Crumbs:
    return [(_("Nhân khẩu"), "/nhan-khau/"), (person.full_name, person.get_absolute_url()),
            *extra]


@login_required
def circumstances(request: HttpRequest, person_pk: int) -> HttpResponse:
    """A person's circumstances, and the form to record one (for the commune's officers)."""
    person = person_get_for_user(request.user, person_pk)
    can_record = selectors.can_record_circumstances(request.user, person)
    if request.method == "POST":
        services.circumstance_check_access(actor=request.user, person=person)
    form = CircumstanceForm(request.POST or None) if can_record else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            circumstance = services.circumstance_record(actor=request.user, person=person,
                                                        **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi hoàn cảnh: %(k)s.")
                             % {"k": circumstance.get_kind_display()})
            return redirect("policies:circumstances", person_pk=person.pk)
    return render(request, "policies/circumstances.html", {
        "person": person, "circumstances": selectors.person_circumstances(person),
        "form": form, "can_record": can_record,
        "breadcrumbs": _person_crumbs(person, (_("Hoàn cảnh"), None)),
    })


@login_required
def circumstance_end(request: HttpRequest, person_pk: int, pk: int) -> HttpResponse:
    person = person_get_for_user(request.user, person_pk)
    services.circumstance_check_access(actor=request.user, person=person)
    circumstance = selectors.circumstance_get(person, pk)
    form = CircumstanceEndForm(request.POST or None,
                               initial={"valid_to": format_date(timezone.localdate())})
    if request.method == "POST" and form.is_valid():
        try:
            services.circumstance_end(actor=request.user, circumstance=circumstance,
                                      valid_to=form.cleaned_data["valid_to"])
        except (DomainError, ValidationError) as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã ghi kết thúc hoàn cảnh."))
            return redirect("policies:circumstances", person_pk=person.pk)
    return _form_page(
        request, form,
        _("Kết thúc hoàn cảnh: %(k)s") % {"k": circumstance.get_kind_display()},
        _person_crumbs(person, (_("Hoàn cảnh"), f"/chinh-sach/hoan-canh/{person.pk}/"),
                       (_("Kết thúc"), None)),
        intro=_("%(p)s — ghi nhận từ ngày %(d)s.") % {
            "p": person.full_name, "d": format_date(circumstance.valid_from)})
