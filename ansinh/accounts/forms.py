from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from ansinh.accounts.models import Role, RoleAssignment
from ansinh.core.forms import StyledForm, StyledFormMixin
from ansinh.geo.models import AdministrativeUnit, UnitLevel


class LoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Sau nhiều lần sai, tài khoản sẽ bị tạm khóa."
        ),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")


class PasswordChangeForm(StyledForm):
    old_password = forms.CharField(label=_("Mật khẩu hiện tại"), widget=forms.PasswordInput)
    new_password = forms.CharField(label=_("Mật khẩu mới"), widget=forms.PasswordInput,
                                   help_text=_("Ít nhất 8 ký tự, không toàn chữ số."))
    new_password_again = forms.CharField(label=_("Nhập lại mật khẩu mới"),
                                         widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", _("Hai lần nhập mật khẩu mới không khớp."))
        return data


class UserForm(StyledForm):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)


class UserEditForm(UserForm):
    is_active = forms.BooleanField(label=_("Đang hoạt động"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].disabled = True


class AssignmentForm(StyledForm):
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    unit = forms.CharField(
        label=_("Mã đơn vị"), required=False,
        help_text=_("Mã tỉnh (2 chữ số) hoặc mã xã (5 chữ số); để trống cho quản trị hệ thống."),
    )

    def clean_unit(self) -> AdministrativeUnit | None:
        code = (self.cleaned_data.get("unit") or "").strip()
        if not code:
            return None
        unit = AdministrativeUnit.objects.current().filter(
            code=code, level__in=[UnitLevel.PROVINCE, UnitLevel.COMMUNE]
        ).first()
        if unit is None:
            raise forms.ValidationError(_("Không có đơn vị hiện hành mã “%(code)s”.")
                                        % {"code": code})
        return unit


class TokenForm(StyledForm):
    name = forms.CharField(label=_("Tên (hệ thống sẽ dùng mã)"), max_length=120)
    assignment = forms.ModelChoiceField(label=_("Vai trò"), queryset=RoleAssignment.objects.none())
    expires_at = forms.DateTimeField(label=_("Hết hạn (để trống nếu không)"), required=False,
                                     input_formats=["%d/%m/%Y", "%d/%m/%Y %H:%M"],
                                     help_text=_("dd/mm/yyyy"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignment"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = (RoleAssignment.objects.active().filter(user=user)
                              .select_related("unit"))
