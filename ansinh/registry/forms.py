from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import StyledForm
from ansinh.core.text import parse_date_vn
from ansinh.registry.models import (
    DatePrecision,
    DisabilityLevel,
    PensionStatus,
    PersonStatus,
    PovertyStatus,
    Relationship,
    Sex,
)
from ansinh.registry.selectors import AGE_BANDS


class VietnameseDateField(forms.CharField):
    """A date typed as dd/mm/yyyy (or yyyy-mm-dd), with the Vietnamese error of parse_date_vn."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_date_vn(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


def _group_choices(commune: Any) -> list[tuple[str, Any]]:
    groups = commune.residential_groups.filter(is_active=True).order_by("name") if commune else []
    return [("", _("— Chưa xếp —"))] + [(str(g.pk), str(g)) for g in groups]


class HouseholdForm(StyledForm):
    code = forms.CharField(label=_("Mã hộ"), max_length=32)
    residential_group = forms.TypedChoiceField(label=_("Thôn, tổ dân phố"), required=False,
                                               coerce=int, empty_value=None)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    is_urban = forms.BooleanField(label=_("Khu vực thành thị"), required=False)

    def __init__(self, *args: Any, commune: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["residential_group"]
        if isinstance(field, forms.ChoiceField):
            field.choices = _group_choices(commune)


class PersonForm(StyledForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    sex = forms.ChoiceField(label=_("Giới tính"), choices=Sex.choices)
    birth_date = VietnameseDateField(label=_("Ngày sinh"), required=False,
                                     help_text=_("dd/mm/yyyy; nếu giấy tờ chỉ ghi năm, nhập "
                                                 "01/01/năm và chọn “Chỉ có năm”."))
    birth_precision = forms.ChoiceField(label=_("Độ chính xác ngày sinh"),
                                        choices=DatePrecision.choices)
    national_id = forms.CharField(label=_("Số CCCD"), max_length=20, required=False)
    old_id_number = forms.CharField(label=_("Số CMND cũ (9 số)"), max_length=9, required=False)
    relationship = forms.ChoiceField(label=_("Quan hệ với chủ hộ"), choices=Relationship.choices)
    ethnicity = forms.CharField(label=_("Dân tộc (mã)"), max_length=4, required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    disability_level = forms.ChoiceField(label=_("Mức độ khuyết tật"),
                                         choices=DisabilityLevel.choices, required=False)
    disability_certified_on = VietnameseDateField(label=_("Ngày cấp giấy xác nhận khuyết tật"),
                                                  required=False)
    pension_status = forms.ChoiceField(label=_("Lương hưu, trợ cấp BHXH"),
                                       choices=PensionStatus.choices, required=False)
    merit_type = forms.CharField(label=_("Diện người có công"), max_length=64, required=False)
    health_insurance_number = forms.CharField(label=_("Số thẻ BHYT"), max_length=20,
                                              required=False)
    health_insurance_expiry = VietnameseDateField(label=_("Hạn thẻ BHYT"), required=False)


class NewPersonForm(PersonForm):
    household_code = forms.CharField(label=_("Mã hộ"), max_length=32)
    is_birth = forms.BooleanField(label=_("Đăng ký khai sinh (trẻ mới sinh)"), required=False)


class DeathForm(StyledForm):
    died_on = VietnameseDateField(label=_("Ngày mất"))
    note = forms.CharField(label=_("Ghi chú (số giấy báo tử…)"), max_length=500, required=False)


class MoveForm(StyledForm):
    moved_on = VietnameseDateField(label=_("Ngày chuyển"))
    to_household_code = forms.CharField(label=_("Chuyển đến hộ (mã hộ, trong xã)"),
                                        max_length=32, required=False)
    to_commune_code = forms.CharField(label=_("Hoặc chuyển đến xã khác (mã xã)"),
                                      max_length=16, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("to_household_code")) == bool(data.get("to_commune_code")):
            raise forms.ValidationError(
                _("Nhập mã hộ (chuyển trong xã) hoặc mã xã (chuyển đi xã khác), một trong hai."))
        return data


class SplitForm(StyledForm):
    persons = forms.TypedMultipleChoiceField(
        label=_("Những người tách sang hộ mới"), coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Người được chọn đầu tiên trong danh sách là chủ hộ mới."))
    code = forms.CharField(label=_("Mã hộ mới"), max_length=32)
    address = forms.CharField(label=_("Địa chỉ hộ mới"), max_length=300, required=False,
                              help_text=_("Để trống nếu cùng địa chỉ với hộ cũ."))
    split_on = VietnameseDateField(label=_("Ngày tách hộ"))
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args: Any, members: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["persons"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [(p.pk, _member_label(p)) for p in members]
        # The class would also land on the wrapping <div>; plain checkboxes read better.
        field.widget.attrs.pop("class", None)


def _member_label(person: Any) -> str:
    born = person.birth_year or "—"
    return f"{person.full_name} ({born}, {person.get_relationship_display()})"


class MergeForm(StyledForm):
    target_code = forms.CharField(label=_("Nhập vào hộ (mã hộ, trong xã)"), max_length=32)
    merged_on = VietnameseDateField(label=_("Ngày nhập hộ"))
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class RestrictedForm(StyledForm):
    hiv_positive = forms.BooleanField(label=_("Nhiễm HIV"), required=False)


class PovertyForm(StyledForm):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    status = forms.ChoiceField(label=_("Phân loại"), choices=PovertyStatus.choices,
                               required=False)
    decided_on = VietnameseDateField(label=_("Ngày công nhận"), required=False,
                                     help_text=_("dd/mm/yyyy, theo quyết định của UBND xã."))
    note = forms.CharField(label=_("Ghi chú (số quyết định…)"), max_length=300,
                           required=False)


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False)
    to = forms.TypedChoiceField(label=_("Thôn, tổ"), required=False, coerce=int,
                                empty_value=None)
    gioi = forms.ChoiceField(label=_("Giới tính"), required=False,
                             choices=[("", _("Tất cả")), *Sex.choices])
    tuoi = forms.ChoiceField(label=_("Độ tuổi"), required=False,
                             choices=[("", _("Mọi độ tuổi")), *[(b, b) for b in AGE_BANDS]])
    tinh_trang = forms.ChoiceField(label=_("Tình trạng"), required=False,
                                   choices=[("", _("Tất cả")), *PersonStatus.choices])
    khuyet_tat = forms.ChoiceField(label=_("Khuyết tật"), required=False, choices=[
        ("", _("Tất cả")), ("any", _("Có khuyết tật")),
        *[c for c in DisabilityLevel.choices if c[0]]])
    ngheo = forms.ChoiceField(label=_("Hộ nghèo"), required=False, choices=[
        ("", _("Tất cả")), *[c for c in PovertyStatus.choices if c[0]]])

    def __init__(self, *args: Any, commune: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [("", _("Tất cả"))] + _group_choices(commune)[1:]
        for f in self.fields.values():
            css = "form-select form-select-sm" if isinstance(f.widget, forms.Select) \
                else "form-control form-control-sm"
            f.widget.attrs["class"] = css
