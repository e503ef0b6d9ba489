"""Django admin: a technical view for system administrators.

Writes belong in the pages, through services that audit them; so every model here is read-only,
except the days off the government declares, whose writes are audited here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from ansinh.core.audit import audit_record, snapshot
from ansinh.core.models import AuditEvent, DeclaredDay, Job


def is_acting_system_admin(request: HttpRequest) -> bool:
    assignment = getattr(request.user, "assignment", None)
    return bool(request.user.is_active and assignment is not None and assignment.is_system_admin)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Visible to acting system administrators; nobody adds, changes or deletes here."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_acting_system_admin(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_acting_system_admin(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["sequence", "occurred_at", "actor_label", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_label", "object_id"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["pk", "title", "status", "created_by", "created_at"]
    list_filter = ["status", "kind"]


@admin.register(DeclaredDay)
class DeclaredDayAdmin(ReadOnlyAdmin):
    list_display = ["date", "kind", "reason"]
    fields = ["date", "kind", "reason"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_acting_system_admin(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_acting_system_admin(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_acting_system_admin(request)

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        fields = ["date", "kind", "reason"]
        before = snapshot(DeclaredDay.objects.get(pk=obj.pk), fields) if change else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = snapshot(obj, fields)
            audit_record(actor=request.user, action="core.declared_day.save", obj=obj,
                         changes={k: {"before": before.get(k), "after": after[k]} for k in fields
                                  if before.get(k) != after[k]})

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        with transaction.atomic():
            audit_record(actor=request.user, action="core.declared_day.delete", obj=obj,
                         changes=snapshot(obj, ["date", "kind", "reason"]))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for day in queryset:
            self.delete_model(request, day)
