from django.contrib import admin

from ansinh.core.models import AuditEvent, DeclaredDay, Job


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["sequence", "occurred_at", "actor_label", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_label", "object_id"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(DeclaredDay)
class DeclaredDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "reason"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["pk", "title", "status", "created_by", "created_at"]
    list_filter = ["status", "kind"]
