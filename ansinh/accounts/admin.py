from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from ansinh.accounts.models import ApiToken, RoleAssignment, User


class AssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [AssignmentInline]
    list_display = ["username", "full_name", "email", "is_active"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "assignment", "created_at", "revoked_at"]
    readonly_fields = ["prefix", "digest"]
