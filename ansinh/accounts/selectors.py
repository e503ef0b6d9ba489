"""Reads for users and assignments."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet

from ansinh.accounts.demo import DEMO_USERNAME_PREFIX
from ansinh.accounts.models import ApiToken, RoleAssignment, User


def users_list(*, query: str = "", role: str = "", unit_code: str = "") -> QuerySet[User]:
    users = User.objects.all().prefetch_related("assignments__unit")
    if query:
        users = users.filter(
            Q(username__icontains=query) | Q(full_name__icontains=query)
            | Q(email__icontains=query)
        )
    if role:
        users = users.filter(assignments__role=role, assignments__is_active=True)
    if unit_code:
        users = users.filter(assignments__unit__code=unit_code, assignments__is_active=True)
    return users.distinct().order_by("username")


def is_locked_out(user: User) -> bool:
    return AccessAttempt.objects.filter(
        username=user.username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).exists()


def assignments_of(user: User) -> QuerySet[RoleAssignment]:
    return user.assignments.active().select_related("unit").order_by("role", "unit__path")


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(assignment__user=user).select_related("assignment__unit")



def demo_users() -> list[RoleAssignment]:
    """One assignment per role among the demo accounts, for the login page in demo mode only."""
    chosen: dict[str, RoleAssignment] = {}
    for assignment in (RoleAssignment.objects.active()
                       .filter(user__username__startswith=DEMO_USERNAME_PREFIX,
                               user__is_active=True)
                       .select_related("user", "unit").order_by("pk")):
        chosen.setdefault(assignment.role, assignment)
    return list(chosen.values())


def job_actor(job: Any) -> User | None:
    """The user who started ``job``, acting as the assignment they started it in.

    The worker has no request; scoped reads and audited writes made by a job use this.
    """
    user: User | None = job.created_by
    if user is not None:
        user.assignment = RoleAssignment.objects.select_related("unit").filter(
            pk=job.params.get("assignment_id"), user=user, is_active=True).first()
    return user
