"""Forms of the public portal (plain HTML, no framework classes: the pages carry their own small
stylesheet) and of the commune's inbox (the internal pages' styled forms)."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import StyledForm
from ansinh.core.text import parse_date_vn
from ansinh.portal.models import FeedbackStatus, Rating, Topic

_CCCD_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "maxlength": "20",
               "spellcheck": "false"}


class CommuneSearchForm(forms.Form):
    q = forms.CharField(label=_("Tên xã, phường"), max_length=100,
                        help_text=_("Gõ có dấu hoặc không dấu, ví dụ: ba dinh"))


class LookupForm(forms.Form):
    national_id = forms.CharField(label=_("Số CCCD (12 chữ số)"), max_length=20,
                                  widget=forms.TextInput(attrs=_CCCD_ATTRS))
    birth_date = forms.CharField(
        label=_("Ngày sinh (ngày/tháng/năm)"), max_length=10,
        help_text=_("Ví dụ: 25/12/1960"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                      "placeholder": "dd/mm/yyyy"}))

    def clean_birth_date(self) -> date:
        try:
            return parse_date_vn(self.cleaned_data["birth_date"])
        except ValueError as exc:
            raise forms.ValidationError(_("Ngày sinh ghi theo dạng ngày/tháng/năm, ví dụ "
                                          "25/12/1960.")) from exc


class FeedbackForm(forms.Form):
    topic = forms.ChoiceField(label=_("Phản ánh về việc"), choices=Topic.choices,
                              widget=forms.RadioSelect)
    posting = forms.TypedChoiceField(label=_("Danh sách niêm yết (nếu có)"), required=False,
                                     coerce=int, empty_value=None)
    content = forms.CharField(label=_("Nội dung phản ánh"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 6}))
    sender = forms.CharField(label=_("Họ và tên người gửi (không bắt buộc)"), max_length=120,
                             required=False)
    contact = forms.CharField(label=_("Số điện thoại hoặc địa chỉ để trả lời (không bắt buộc)"),
                              max_length=200, required=False,
                              help_text=_("Chỉ cán bộ xã xem được; không hiện trên trang công "
                                          "khai."))

    def __init__(self, *args: Any, postings: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["posting"])
        field.choices = [("", _("— Không chọn —"))] + [(p.pk, p.title) for p in postings]


class TrackForm(forms.Form):
    ma = forms.CharField(label=_("Mã theo dõi"), max_length=20,
                         widget=forms.TextInput(attrs={"autocomplete": "off",
                                                       "autocapitalize": "characters"}))


class VoteForm(forms.Form):
    national_id = forms.CharField(
        label=_("Số CCCD (12 chữ số)"), max_length=20, widget=forms.TextInput(attrs=_CCCD_ATTRS),
        help_text=_("Chỉ để mỗi người đánh giá một lần trong quý; không lưu số CCCD."))
    rating = forms.TypedChoiceField(label=_("Mức độ hài lòng"), choices=Rating.choices,
                                    coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Góp ý (không bắt buộc)"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))


class FundPeriodForm(forms.Form):
    tu = forms.CharField(label=_("Từ ngày"), required=False, max_length=10,
                         widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))
    den = forms.CharField(label=_("Đến ngày"), required=False, max_length=10,
                          widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))

    def _date(self, name: str) -> date | None:
        value = self.cleaned_data.get(name, "").strip()
        if not value:
            return None
        try:
            return parse_date_vn(value)
        except ValueError as exc:
            raise forms.ValidationError(_("Ngày ghi theo dạng ngày/tháng/năm.")) from exc

    def clean_tu(self) -> date | None:
        return self._date("tu")

    def clean_den(self) -> date | None:
        return self._date("den")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("tu") and data.get("den") and data["tu"] > data["den"]:
            raise forms.ValidationError(_("“Từ ngày” phải trước “Đến ngày”."))
        return data


# --- the commune's inbox -------------------------------------------------------------------------

class InboxFilterForm(StyledForm):
    tinh_trang = forms.ChoiceField(label=_("Tình trạng"), required=False,
                                   choices=[("", _("Tất cả"))] + FeedbackStatus.choices)
    qua_han = forms.BooleanField(label=_("Chỉ phản ánh quá hạn"), required=False)


class AnswerForm(StyledForm):
    answer = forms.CharField(label=_("Nội dung trả lời"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 6}),
                             help_text=_("Người gửi xem được câu trả lời bằng mã theo dõi."))
