"""The period of a standard report: from and to, dd/mm/yyyy; this year to today by default."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import StyledForm
from ansinh.registry.forms import VietnameseDateField


class PeriodForm(StyledForm):
    tu = VietnameseDateField(label=_("Từ ngày"), required=False)
    den = VietnameseDateField(label=_("Đến ngày"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("tu") and data.get("den") and data["tu"] > data["den"]:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước ngày kết thúc."))
        return data
