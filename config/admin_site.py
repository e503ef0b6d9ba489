"""Django admin, for system administrators only (acting in that role), as a technical back door."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class AnSinhAdminSite(admin.AdminSite):
    site_header = "An Sinh — quản trị kỹ thuật"
    site_title = "An Sinh"

    def has_permission(self, request: HttpRequest) -> bool:
        assignment = getattr(request.user, "assignment", None)
        return bool(
            super().has_permission(request)
            and assignment is not None
            and assignment.is_system_admin
        )


class AnSinhAdminConfig(AdminConfig):
    default_site = "config.admin_site.AnSinhAdminSite"
