from django.contrib import admin

from ansinh.core.admin import ReadOnlyAdmin
from ansinh.supervision.models import Observation, Plan, Recommendation


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["number", "issued_on", "body_name", "status", "unit"]
    list_filter = ["status", "body"]
    search_fields = ["number", "title", "body_name"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["plan", "unit", "severity", "created_at"]
    list_filter = ["severity"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["plan", "to_unit", "deadline", "status"]
    list_filter = ["status"]
