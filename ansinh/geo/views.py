"""Pages for administrative units and residential groups, scoped to the user's units."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ansinh.core.errors import DomainError
from ansinh.core.scoping import acting_assignment, require_write
from ansinh.core.views_helpers import form_error_from, paginate
from ansinh.geo import selectors, services
from ansinh.geo.forms import ResidentialGroupEditForm, ResidentialGroupForm
from ansinh.geo.models import AdministrativeUnit, UnitLevel


def _crumbs(unit: AdministrativeUnit) -> list[tuple[str, str | None]]:
    chain = []
    node: AdministrativeUnit | None = unit
    while node is not None:
        chain.append(node)
        node = node.parent
    crumbs: list[tuple[str, str | None]] = [(_("Địa bàn"), "/don-vi/")]
    return crumbs + [(u.name, u.get_absolute_url()) for u in reversed(chain)]


def _crumbs_here(unit: AdministrativeUnit) -> list[tuple[str, str | None]]:
    """Breadcrumbs ending at ``unit`` itself, shown as the current page (not a link)."""
    crumbs = _crumbs(unit)
    return [*crumbs[:-1], (unit.name, None)]


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    """The units the user may see: a country for administrators, a province, or one commune."""
    assignment = acting_assignment(request.user)
    if assignment is not None and assignment.unit is not None:
        return redirect(assignment.unit)
    query = request.GET.get("q", "").strip()
    # A search also finds the communes merged away on 1/7/2025, shown with their successor,
    # since old lists and papers still name them.
    level = UnitLevel.COMMUNE if query else UnitLevel.PROVINCE
    units = selectors.units_for(request.user, level=level, query=query,
                                include_legacy=bool(query)).select_related("successor")
    return render(request, "geo/unit_list.html", {
        "page": paginate(request, units, per_page=100), "q": query,
        "breadcrumbs": [(_("Địa bàn"), None)],
    })


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = selectors.unit_get_for_user(request.user, code)
    context: dict[str, object] = {"unit": unit, "breadcrumbs": _crumbs_here(unit)}
    if unit.level == UnitLevel.PROVINCE:
        query = request.GET.get("q", "").strip()
        communes = selectors.units_for(request.user, parent_code=unit.code, query=query)
        context.update(page=paginate(request, communes, per_page=200), q=query)
    else:
        context["groups"] = selectors.groups_for(request.user, commune_code=unit.code)
        context["predecessors"] = unit.predecessors.order_by("name")
        assignment = acting_assignment(request.user)
        context["can_write"] = assignment is not None and not assignment.is_read_only
    return render(request, "geo/unit_detail.html", context)


@login_required
def group_create(request: HttpRequest, code: str) -> HttpResponse:
    commune = selectors.unit_get_for_user(request.user, code)
    require_write(request.user)
    form = ResidentialGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.residential_group_create(actor=request.user, commune=commune,
                                                      **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            form_error_from(form, exc)
        else:
            messages.success(request, _("Đã thêm %(g)s.") % {"g": group})
            return redirect(commune)
    return render(request, "geo/group_form.html", {
        "form": form, "commune": commune,
        "breadcrumbs": [*_crumbs(commune), (_("Thêm thôn, tổ dân phố"), None)],
    })


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = selectors.group_get_for_user(request.user, pk)
    form = ResidentialGroupEditForm(request.POST or None, initial={
        "kind": group.kind, "name": group.name, "is_active": group.is_active,
    })
    if request.method == "POST":
        require_write(request.user)
        if form.is_valid():
            try:
                services.residential_group_update(actor=request.user, group=group,
                                                  **form.cleaned_data)
            except (DomainError, ValidationError) as exc:
                form_error_from(form, exc)
            else:
                messages.success(request, _("Đã lưu."))
                return redirect(group.commune)
    assignment = acting_assignment(request.user)
    return render(request, "geo/group_detail.html", {
        "group": group, "form": form,
        "can_write": assignment is not None and not assignment.is_read_only,
        "breadcrumbs": [*_crumbs(group.commune), (str(group), None)],
    })
