from django.contrib import admin

from ansinh.geo.models import AdministrativeUnit, ResidentialGroup


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "valid_to"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name", "name_key"]
    raw_id_fields = ["parent", "successor"]


@admin.register(ResidentialGroup)
class ResidentialGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "is_active"]
    raw_id_fields = ["commune"]
