from django.contrib import admin

from ansinh.core.admin import ReadOnlyAdmin
from ansinh.geo.models import AdministrativeUnit, ResidentialGroup


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "level", "valid_to"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name", "name_key"]


@admin.register(ResidentialGroup)
class ResidentialGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "commune", "is_active"]
