from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import StyledForm
from ansinh.geo.models import ResidentialGroupKind


class ResidentialGroupForm(StyledForm):
    kind = forms.ChoiceField(label=_("Loại"), choices=ResidentialGroupKind.choices,
                             initial=ResidentialGroupKind.TO_DAN_PHO)
    name = forms.CharField(label=_("Tên"), max_length=120,
                           help_text=_("Ví dụ: Tổ 5, Thôn Đông, Khu dân cư số 3"))


class ResidentialGroupEditForm(ResidentialGroupForm):
    is_active = forms.BooleanField(label=_("Đang hoạt động"), required=False)
