"""What the dossier commands share: finding a commune by its code, reading a date."""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError
from django.utils import timezone

from ansinh.core.text import parse_date_vn
from ansinh.geo.models import AdministrativeUnit, UnitLevel


def commune_by_code(code: str) -> AdministrativeUnit:
    commune = AdministrativeUnit.objects.current().filter(
        code=code.strip(), level=UnitLevel.COMMUNE).first()
    if commune is None:
        raise CommandError(f"Không có xã, phường hiện hành mã “{code}”.")
    return commune


def date_option(value: str) -> date:
    if not value:
        return timezone.localdate()
    try:
        return parse_date_vn(value)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
