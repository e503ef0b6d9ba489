"""Django admin, for system administrators only (acting in that role), as a technical back door."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest


class AnSinhAdminSite(admin.AdminSite):
    site_header = "An Sinh — quản trị kỹ thuật"
    site_title = "An Sinh"

    def has_permission(self, request: HttpRequest) -> bool:
        # The role decides, not Django's is_staff flag, so administrators appointed on the
        # users page get in and a revoked one does not.
        from ansinh.core.admin import is_acting_system_admin

        return is_acting_system_admin(request)


class AnSinhAdminConfig(AdminConfig):
    default_site = "config.admin_site.AnSinhAdminSite"
