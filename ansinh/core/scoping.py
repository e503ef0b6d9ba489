"""Scoping: every query a user can reach is limited to the units of the assignment they act as.

A model opts in by naming the foreign key to its administrative unit in ``scope_unit_field``
(``"commune"``, ``"unit"``, or ``""`` for ``AdministrativeUnit`` itself). A record outside the
user's units is answered as "not found", so nobody learns that it exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from ansinh.core.errors import NotFound, PermissionDenied

if TYPE_CHECKING:
    from ansinh.accounts.models import RoleAssignment

M = TypeVar("M", bound=models.Model)

WHOLE_COUNTRY = ""


def acting_assignment(user: Any) -> RoleAssignment | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "assignment", None)


def scope_path(user: Any) -> str | None:
    """The unit path the user sees: ``WHOLE_COUNTRY`` for an administrator, None for nothing."""
    assignment = acting_assignment(user)
    if assignment is None:
        return None
    path = assignment.scope_path
    return WHOLE_COUNTRY if path is None else path


def path_q(prefix: str, path: str) -> Q:
    """Match ``path`` itself or anything below it, on the path column reached by ``prefix``."""
    column = f"{prefix}__path" if prefix else "path"
    return Q(**{column: path}) | Q(**{f"{column}__startswith": f"{path}."})


def visible_to(queryset: models.QuerySet[M], user: Any) -> models.QuerySet[M]:
    """Limit ``queryset`` to the records in the units the user acts for."""
    path = scope_path(user)
    if path is None:
        return queryset.none()
    if path == WHOLE_COUNTRY:
        return queryset
    field = getattr(queryset.model, "scope_unit_field", None)
    if field is None:
        raise TypeError(f"{queryset.model.__name__} does not declare scope_unit_field")
    return queryset.filter(path_q(field, path))


def get_for_user(queryset: models.QuerySet[M], user: Any, **lookup: Any) -> M:
    """Fetch one record the user may see, or raise NotFound (a 404) for missing or not theirs."""
    try:
        found = visible_to(queryset, user).filter(**lookup).first()
    except (ValueError, TypeError):
        found = None  # a malformed id in the URL: the same answer as a missing record
    if found is None:
        raise NotFound(_("Không tìm thấy bản ghi."))
    return found


def require_write(user: Any) -> RoleAssignment:
    """The acting assignment, if it may write; a read-only role gets PermissionDenied (403)."""
    assignment = acting_assignment(user)
    if assignment is None:
        raise PermissionDenied(_("Bạn chưa được phân công vai trò nào."))
    if assignment.is_read_only:
        raise PermissionDenied(
            _("Vai trò “%(role)s” chỉ được xem, không được thay đổi dữ liệu.")
            % {"role": assignment.get_role_display()}
        )
    return assignment


def require_system_admin(user: Any) -> RoleAssignment:
    assignment = acting_assignment(user)
    if assignment is None or not assignment.is_system_admin:
        raise PermissionDenied(_("Chỉ quản trị hệ thống được làm việc này."))
    return assignment


def unit_in_scope(user: Any, unit: Any) -> bool:
    path = scope_path(user)
    if path is None:
        return False
    return path == WHOLE_COUNTRY or unit.path == path or unit.path.startswith(f"{path}.")
