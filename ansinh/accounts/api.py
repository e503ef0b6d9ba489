from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from ninja import Router, Schema

from ansinh.accounts.models import RoleAssignment, User

router = Router(tags=["Tài khoản"])


class AssignmentOut(Schema):
    id: int
    role: str
    role_label: str
    unit_code: str | None
    unit_name: str | None
    read_only: bool


class MeOut(Schema):
    username: str
    full_name: str
    email: str
    assignment: AssignmentOut | None
    assignments: list[AssignmentOut]


def _assignment_out(a: object) -> AssignmentOut:
    unit = getattr(a, "unit", None)
    return AssignmentOut(
        id=a.pk, role=a.role, role_label=str(a.get_role_display()),  # type: ignore[attr-defined]
        unit_code=unit.code if unit else None, unit_name=unit.name if unit else None,
        read_only=a.is_read_only,  # type: ignore[attr-defined]
    )


@router.get("/me", response=MeOut, summary="Người dùng hiện tại và các vai trò")
def me(request: HttpRequest) -> MeOut:
    user = cast(User, request.user)
    current = getattr(user, "assignment", None)
    mine = RoleAssignment.objects.active().filter(user=user).select_related("unit")
    return MeOut(
        username=user.get_username(), full_name=getattr(user, "full_name", ""),
        email=getattr(user, "email", ""),
        assignment=_assignment_out(current) if current else None,
        assignments=[_assignment_out(a) for a in mine],
    )
