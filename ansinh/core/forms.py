"""Form base: Bootstrap classes on every widget, so templates stay plain; money typed the way
officers write it."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.text import format_money


class StyledFormMixin:
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class StyledForm(StyledFormMixin, forms.Form):
    pass


_MONEY = re.compile(r"^\d{1,3}([. ]\d{3})*$|^\d+$")


class MoneyField(forms.CharField):
    """Whole đồng: "94.850.000", "94 850 000", "94850000" or "94.850.000 đ"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "inputmode": "numeric", "autocomplete": "off", "maxlength": 30}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if not value:
            return None
        text = value.strip().removesuffix("đồng").removesuffix("đ").strip()
        if not _MONEY.match(text):
            raise forms.ValidationError(_("Hãy ghi số tiền bằng chữ số, đồng chẵn, ví dụ "
                                          "94.850.000."))
        amount = int(re.sub(r"\D", "", text))
        if amount > 10**15:
            raise forms.ValidationError(_("Số tiền quá lớn."))
        return amount

    def prepare_value(self, value: Any) -> Any:
        return format_money(value, unit=False) if isinstance(value, int) else value
