"""Resolve which of their assignments a signed-in user is acting as, for every page request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from ansinh.accounts.models import RoleAssignment

# Pages a user who must change their password may still open.
PASSWORD_CHANGE_EXEMPT = ("/tai-khoan/", "/static/", "/api/")


class ActiveAssignmentMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            user.assignment = self._resolve(user)  # type: ignore[union-attr]
            if user.must_change_password and not request.path.startswith(  # type: ignore[union-attr]
                PASSWORD_CHANGE_EXEMPT
            ):
                return redirect(reverse("accounts:password_change"))
        return self.get_response(request)

    @staticmethod
    def _resolve(user: Any) -> RoleAssignment | None:
        active = (
            RoleAssignment.objects.active().select_related("unit")
            .filter(user=user).order_by("pk")
        )
        chosen_id = getattr(user, "active_assignment_id", None)
        if chosen_id is not None:
            chosen = active.filter(pk=chosen_id).first()
            if chosen is not None:
                return chosen
        return active.first()
