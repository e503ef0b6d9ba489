from django.contrib import admin

from ansinh.accounts.models import ApiToken, RoleAssignment, User
from ansinh.core.admin import ReadOnlyAdmin


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["username", "full_name", "email", "is_active", "must_change_password"]
    search_fields = ["username", "full_name", "email"]
    exclude = ["password"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = ["user", "role", "unit", "is_active"]
    list_filter = ["role", "is_active"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["name", "prefix", "assignment", "created_at", "revoked_at"]
    exclude = ["digest"]
