from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import StyledForm
from ansinh.policies.models import CircumstanceKind, Confidence
from ansinh.registry.forms import VietnameseDateField


class CoefficientField(forms.CharField):
    """A coefficient typed the Vietnamese way (1,5) or with a point (1.5)."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if not value:
            return None
        try:
            return Decimal(value.replace(" ", "").replace(",", "."))
        except InvalidOperation as exc:
            raise forms.ValidationError(_("Hệ số phải là một số, ví dụ 1,5.")) from exc


class ParameterVersionForm(StyledForm):
    province = forms.ChoiceField(label=_("Áp dụng tại"), required=False)
    value = forms.IntegerField(label=_("Giá trị"),
                               help_text=_("Số nguyên; tiền ghi đủ đến đồng, ví dụ 540000."))
    effective_from = VietnameseDateField(label=_("Hiệu lực từ ngày"), help_text=_("dd/mm/yyyy"))
    applied_from = VietnameseDateField(
        label=_("Áp dụng hồi tố từ ngày"), required=False,
        help_text=_("Chỉ ghi khi văn bản cho hưởng từ một ngày trước ngày hiệu lực "
                    "(có truy lĩnh)."))
    legal_basis = forms.CharField(label=_("Căn cứ pháp lý"), max_length=300, required=False,
                                  help_text=_("Số, ngày văn bản và điều khoản, ví dụ "
                                              "“Điều 4 Nghị định 20/2021/NĐ-CP”."))
    confidence = forms.ChoiceField(label=_("Độ tin cậy"), choices=Confidence.choices,
                                   initial=Confidence.VERIFIED,
                                   help_text=_("“Chờ xác nhận”: lưu lại nhưng chưa dùng để "
                                               "tính cho đến khi quản trị xác nhận."))
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args: Any, provinces: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["province"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [("", _("Toàn quốc"))] + [(p.code, p.name) for p in provinces]


class CategoryForm(StyledForm):
    name = forms.CharField(label=_("Tên nhóm đối tượng"), max_length=300)
    legal_ref = forms.CharField(label=_("Điều khoản"), max_length=200)
    documents = forms.CharField(label=_("Giấy tờ cần có"), required=False,
                                widget=forms.Textarea(attrs={"rows": 5}),
                                help_text=_("Mỗi giấy tờ một dòng."))

    def clean_documents(self) -> list[str]:
        text = self.cleaned_data.get("documents") or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class CoefficientForm(StyledForm):
    value = CoefficientField(label=_("Hệ số"), widget=forms.TextInput(attrs={"maxlength": 10}),
                             help_text=_("Ví dụ 1,5 hoặc 2,5."))


class CircumstanceForm(StyledForm):
    kind = forms.ChoiceField(label=_("Hoàn cảnh"), choices=CircumstanceKind.choices)
    valid_from = VietnameseDateField(label=_("Từ ngày"), help_text=_("dd/mm/yyyy"))
    valid_to = VietnameseDateField(label=_("Đến ngày"), required=False,
                                   help_text=_("Để trống nếu chưa kết thúc."))
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False,
                           help_text=_("Giấy tờ làm căn cứ, ví dụ “Giấy xác nhận của trường, "
                                       "ngày 05/9/2025”. Không ghi tình trạng sức khỏe."))


class CircumstanceEndForm(StyledForm):
    valid_to = VietnameseDateField(label=_("Đến ngày"),
                                   help_text=_("Ngày cuối cùng hoàn cảnh này còn đúng."))


class EligibilityForm(StyledForm):
    person = forms.IntegerField(label=_("Mã nhân khẩu"), min_value=1,
                                help_text=_("Mở từ trang nhân khẩu: nút “Xét điều kiện "
                                            "hưởng chính sách”."))
    ngay = VietnameseDateField(label=_("Tại ngày"), required=False, help_text=_("dd/mm/yyyy"))
