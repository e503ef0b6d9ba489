"""Forms of the payroll pages: filters, generating a cycle, paying and returning lines, the
provider's return file, a person's payment channel."""

from __future__ import annotations

import re
from datetime import date
from pathlib import PurePath
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import StyledForm
from ansinh.payroll.models import Channel, Cycle, LineKind, LineStatus, Receiver
from ansinh.registry.forms import VietnameseDateField

MAX_RETURN_BYTES = 10 * 1024 * 1024
RETURN_SUFFIXES = frozenset({".xlsx", ".xls", ".ods", ".csv"})
_MONTH = re.compile(r"(\d{1,2})/(\d{4})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def parse_month(text: str) -> date:
    """"05/2026" (or "2026-05") → 1 May 2026; ``ValueError`` with a Vietnamese message."""
    value = text.strip()
    if match := _MONTH.fullmatch(value):
        month, year = (int(part) for part in match.groups())
    elif match := _ISO_MONTH.fullmatch(value):
        year, month = (int(part) for part in match.groups())
    else:
        raise ValueError(gettext("“%(value)s” không phải là tháng: hãy nhập theo dạng "
                                 "tháng/năm, ví dụ 05/2026.") % {"value": value})
    if not 1 <= month <= 12 or year < 1900:
        raise ValueError(gettext("Tháng “%(value)s” không có trên lịch.") % {"value": value})
    return date(year, month, 1)


class MonthField(forms.CharField):
    """A month typed as mm/yyyy."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_month(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def prepare_value(self, value: Any) -> Any:
        return f"{value:%m/%Y}" if isinstance(value, date) else value


def _choices(field: forms.Field, choices: list[tuple[Any, Any]]) -> None:
    if isinstance(field, forms.ChoiceField):
        field.choices = choices


def _small(form: forms.Form) -> None:
    """Filter bars use the small Bootstrap controls."""
    for f in form.fields.values():
        css = "form-select form-select-sm" if isinstance(f.widget, forms.Select) \
            else "form-control form-control-sm"
        f.widget.attrs["class"] = css


class CycleFilterForm(forms.Form):
    xa = forms.ChoiceField(label=_("Xã, phường"), required=False)
    chinh_sach = forms.ChoiceField(label=_("Chính sách"), required=False)
    thang = MonthField(label=_("Tháng"), required=False,
                       widget=forms.TextInput(attrs={"placeholder": "mm/yyyy",
                                                     "inputmode": "numeric"}))
    trang_thai = forms.ChoiceField(label=_("Trạng thái"), required=False)

    def __init__(self, *args: Any, communes: Any = None, policies: Any = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if communes is None:
            del self.fields["xa"]
        else:
            _choices(self.fields["xa"], [("", _("Tất cả")), *[(c.code, c.name)
                                                              for c in communes]])
        _choices(self.fields["chinh_sach"],
                 [("", _("Tất cả")), *[(p.code, p.name) for p in policies]])
        _choices(self.fields["trang_thai"], [("", _("Tất cả")), *Cycle.Status.choices])
        _small(self)


class CycleGenerateForm(StyledForm):
    policy = forms.ChoiceField(label=_("Chính sách"))
    month = MonthField(label=_("Tháng chi trả"),
                       help_text=_("mm/yyyy; lập được đến tháng sau. Lập lại một tháng còn là "
                                   "dự thảo thì danh sách được tính lại từ đầu."),
                       widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                     "autocomplete": "off"}))

    def __init__(self, *args: Any, policies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["policy"], [(p.code, p.name) for p in policies])


class LineFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo họ tên"), required=False, max_length=100)
    to = forms.ChoiceField(label=_("Tổ, thôn"), required=False)
    loai = forms.ChoiceField(label=_("Loại"), required=False)
    tinh_trang = forms.ChoiceField(label=_("Tình trạng"), required=False)
    hinh_thuc = forms.ChoiceField(label=_("Hình thức chi trả"), required=False)

    def __init__(self, *args: Any, groups: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["to"], [("", _("Tất cả")), *[
            (g or "-", g or _("(chưa xếp tổ, thôn)")) for g in groups]])
        _choices(self.fields["loai"], [("", _("Tất cả")), *LineKind.choices])
        _choices(self.fields["tinh_trang"], [("", _("Tất cả")), *LineStatus.choices])
        _choices(self.fields["hinh_thuc"], [("", _("Tất cả")), *Channel.choices])
        _small(self)


class _LinesForm(StyledForm):
    """The lines ticked in the table (ids of this cycle; the view keeps only those)."""

    line = forms.TypedMultipleChoiceField(coerce=int, required=True, error_messages={
        "required": _("Hãy đánh dấu ít nhất một dòng trong bảng.")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].widget = forms.MultipleHiddenInput()

    def set_line_choices(self, ids: list[int]) -> None:
        _choices(self.fields["line"], [(pk, pk) for pk in ids])


class MarkPaidForm(_LinesForm):
    paid_on = VietnameseDateField(label=_("Ngày chi"))
    receiver = forms.ChoiceField(label=_("Người nhận"), choices=Receiver.choices,
                                 initial=Receiver.BENEFICIARY)
    receiver_name = forms.CharField(label=_("Họ tên người được ủy quyền"), max_length=200,
                                    required=False,
                                    help_text=_("Khi người được ủy quyền nhận thay."))


class MarkReturnedForm(_LinesForm):
    reason = forms.CharField(label=_("Lý do không chi được"), max_length=300,
                             help_text=_("Ví dụ: vắng mặt tại địa phương, tài khoản bị "
                                         "đóng."))


class LineChannelForm(StyledForm):
    channel = forms.ChoiceField(label=_("Hình thức chi trả"), choices=Channel.choices)


class ReturnFileForm(StyledForm):
    file = forms.FileField(label=_("Tệp kết quả chi trả"),
                           help_text=_("Tệp Excel (.xlsx) hoặc CSV do tổ chức dịch vụ chi "
                                       "trả, ngân hàng gửi lại; tối đa 10 MB."),
                           widget=forms.ClearableFileInput(attrs={
                               "accept": ",".join(sorted(RETURN_SUFFIXES))}))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_RETURN_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn; tối đa 10 MB."))
        if PurePath(upload.name).suffix.lower() not in RETURN_SUFFIXES:
            raise forms.ValidationError(_("Chỉ nhận tệp Excel (.xlsx, .xls), ODS hoặc CSV."))
        return upload


class PaymentAccountForm(StyledForm):
    channel = forms.ChoiceField(label=_("Hình thức chi trả"), choices=Channel.choices,
                                widget=forms.RadioSelect)
    bank_name = forms.CharField(label=_("Ngân hàng"), max_length=120, required=False)
    account_number = forms.CharField(label=_("Số tài khoản"), max_length=30, required=False,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                                   "autocomplete": "off"}))
    account_holder = forms.CharField(label=_("Chủ tài khoản"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].widget.attrs["class"] = "form-check-input"


class UnpaidForm(forms.Form):
    thang = MonthField(label=_("Tính đến tháng"), required=False,
                       widget=forms.TextInput(attrs={"placeholder": "mm/yyyy",
                                                     "inputmode": "numeric"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _small(self)
