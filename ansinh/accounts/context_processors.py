from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from ansinh.accounts.models import RoleAssignment


def assignment(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"demo_mode": settings.DEMO}
    current = getattr(user, "assignment", None)
    others = (
        RoleAssignment.objects.active().filter(user=user).select_related("unit")
        .order_by("role", "unit__path")
    )
    return {"current_assignment": current, "my_assignments": others, "demo_mode": settings.DEMO}
