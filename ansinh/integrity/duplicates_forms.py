"""Forms of the duplicate review pages: the queue's filter, confirming (which record to keep)
and dismissing a pair, retraining the model."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import StyledForm
from ansinh.integrity.models import PairStatus

ALL = "all"


def _choices(field: forms.Field, choices: list[tuple[Any, Any]]) -> None:
    if isinstance(field, forms.ChoiceField):
        field.choices = choices


class PairFilterForm(forms.Form):
    tinh_trang = forms.ChoiceField(label=_("Tình trạng"), required=False)
    xa = forms.ChoiceField(label=_("Xã, phường"), required=False)
    xac_suat = forms.IntegerField(label=_("Xác suất từ (%)"), required=False, min_value=0,
                                  max_value=100)

    def __init__(self, *args: Any, communes: Any = None, **kwargs: Any) -> None:
        """``communes``: the choices of the commune filter; None leaves it out (a commune's
        own officers)."""
        super().__init__(*args, **kwargs)
        _choices(self.fields["tinh_trang"], [*PairStatus.choices, (ALL, _("Tất cả"))])
        if communes is None:
            del self.fields["xa"]
        else:
            _choices(self.fields["xa"], [("", _("Tất cả")), *[(c.code, c.name)
                                                              for c in communes]])
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-select form-select-sm" \
                if isinstance(f.widget, forms.Select) else "form-control form-control-sm"


class PairConfirmForm(StyledForm):
    keep = forms.TypedChoiceField(label=_("Giữ lại hồ sơ"), coerce=int, widget=forms.RadioSelect,
                                  error_messages={"required": _("Hãy chọn hồ sơ được giữ lại."),
                                                  "invalid_choice": _(
                                                      "Hãy chọn một trong hai hồ sơ của cặp.")})
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Căn cứ xác nhận, ví dụ: đã đối chiếu CCCD tại nhà."))

    def __init__(self, *args: Any, choices: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["keep"], list(choices))
        self.fields["keep"].widget.attrs["class"] = "form-check-input"


class PairDismissForm(StyledForm):
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Vì sao là hai người khác nhau, ví dụ: hai người trùng "
                                       "tên, khác cha mẹ."))


class TrainForm(StyledForm):
    name = forms.CharField(label=_("Tên mô hình"), max_length=120, required=False,
                           help_text=_("Để trống: “Huấn luyện ngày …”."))
