"""Forms of the supervision pages: a plan, its delegation, findings, recommendations, the
unit's answer, the delegation's follow-up, and the filters of the lists."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import StyledForm
from ansinh.geo.models import AdministrativeUnit
from ansinh.registry.forms import VietnameseDateField
from ansinh.supervision.models import Body, PlanStatus, RecommendationStatus, Severity, UpdateKind
from ansinh.supervision.services import FOLLOW_UP_KINDS

_DIGITS = re.compile(r"\d+")


def _choices(field: forms.Field, choices: list[tuple[Any, Any]]) -> None:
    if isinstance(field, forms.ChoiceField):
        field.choices = choices


def _small(form: forms.Form) -> None:
    """Filter bars use the small Bootstrap controls."""
    for f in form.fields.values():
        css = "form-select form-select-sm" if isinstance(f.widget, forms.Select) \
            else "form-control form-control-sm"
        f.widget.attrs["class"] = css


def unit_choices(units: Iterable[AdministrativeUnit]) -> list[tuple[str, str]]:
    return [(u.code, u.name) for u in units]


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class RecordRefField(forms.CharField):
    """A record's number, or the address of its page pasted from the browser
    ("/nhan-khau/123/" → 123): the last number of the path."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": 300,
                                                           "autocomplete": "off"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if not value:
            return None
        path = re.split(r"[?#]", value, maxsplit=1)[0]
        numbers = _DIGITS.findall(path)
        if not numbers:
            raise forms.ValidationError(_("Hãy nhập số của bản ghi hoặc dán đường dẫn trang của "
                                          "nó."))
        return int(numbers[-1])


class PlanForm(StyledForm):
    unit = forms.ChoiceField(label=_("Cấp của cơ quan giám sát"))
    body = forms.ChoiceField(label=_("Cơ quan giám sát"), choices=Body.choices)
    body_name = forms.CharField(
        label=_("Tên cơ quan giám sát"), max_length=200,
        help_text=_("Như ở đầu văn bản, ví dụ “Ban Thường trực Ủy ban MTTQ Việt Nam phường "
                    "Hoàng Mai”, “Ban Kinh tế - Xã hội HĐND tỉnh”."))
    number = forms.CharField(label=_("Số kế hoạch"), max_length=60,
                             help_text=_("Ví dụ 15/KH-MTTQ-BTT."))
    issued_on = VietnameseDateField(label=_("Ngày ban hành"), help_text=_("dd/mm/yyyy"))
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300, help_text=_(
        "Ví dụ “Giám sát việc thực hiện chính sách trợ giúp xã hội đối với đối tượng bảo trợ "
        "xã hội”."))
    legal_basis = forms.CharField(label=_("Căn cứ"), required=False, widget=_textarea(3),
                                  help_text=_("Các văn bản làm căn cứ, mỗi văn bản một dòng."))
    period_from = VietnameseDateField(label=_("Thời kỳ giám sát từ ngày"))
    period_to = VietnameseDateField(label=_("Đến ngày"))
    scope_units = forms.MultipleChoiceField(
        label=_("Địa bàn giám sát"), widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Giữ phím Ctrl để chọn nhiều xã, phường."))
    policies = forms.MultipleChoiceField(label=_("Chính sách được giám sát"), required=False,
                                         widget=forms.CheckboxSelectMultiple,
                                         help_text=_("Để trống: mọi chính sách."))
    contents = forms.CharField(label=_("Nội dung giám sát"), widget=_textarea(5))

    def __init__(self, *args: Any, units: Iterable[AdministrativeUnit] = (),
                 policies: Iterable[Any] = (), editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = unit_choices(units)
        if editing:
            del self.fields["unit"]
        else:
            _choices(self.fields["unit"], choices)
        _choices(self.fields["scope_units"], choices)
        _choices(self.fields["policies"], [(p.code, p.name) for p in policies])
        self.fields["policies"].widget.attrs["class"] = "form-check-input"


class ConcludeForm(StyledForm):
    conclusion = forms.CharField(label=_("Kết luận của đoàn giám sát"), widget=_textarea(8))


class MemberForm(StyledForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Cơ quan, tổ chức"), max_length=200, required=False)
    user = forms.ChoiceField(label=_("Tài khoản An Sinh"), required=False, help_text=_(
        "Thành viên có tài khoản thì ghi được kết quả giám sát, kiến nghị của đoàn."))
    is_head = forms.BooleanField(label=_("Trưởng đoàn"), required=False)

    def __init__(self, *args: Any, users: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["user"], [("", _("— Không có —")), *[
            (u.username, f"{u} ({u.username})") for u in users]])


class ObservationForm(StyledForm):
    unit = forms.ChoiceField(label=_("Đơn vị được giám sát"))
    severity = forms.ChoiceField(label=_("Mức độ"), choices=Severity.choices,
                                 initial=Severity.SHORTCOMING)
    text = forms.CharField(label=_("Nội dung"), widget=_textarea(5))
    person = RecordRefField(label=_("Nhân khẩu liên quan"), required=False,
                            help_text=_("Số của bản ghi, hoặc dán đường dẫn trang của nó, ví dụ "
                                        "/nhan-khau/123/."))
    household = RecordRefField(label=_("Hộ gia đình liên quan"), required=False)
    benefit = RecordRefField(label=_("Chế độ liên quan (số)"), required=False)
    decision = RecordRefField(label=_("Quyết định liên quan"), required=False)
    posting = RecordRefField(label=_("Niêm yết công khai liên quan"), required=False)
    cycle = RecordRefField(label=_("Kỳ chi trả liên quan"), required=False)
    finding = RecordRefField(label=_("Phát hiện bất thường liên quan"), required=False)

    LINKS = ("person", "household", "benefit", "decision", "posting", "cycle", "finding")

    def __init__(self, *args: Any, units: Iterable[AdministrativeUnit] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["unit"], unit_choices(units))


class RecommendationForm(StyledForm):
    to_unit = forms.ChoiceField(label=_("Đơn vị thực hiện"))
    text = forms.CharField(label=_("Nội dung kiến nghị"), widget=_textarea(4))
    deadline = VietnameseDateField(label=_("Hạn thực hiện"),
                                   help_text=_("dd/mm/yyyy, sau hôm nay."))
    observation = forms.ChoiceField(label=_("Kết quả giám sát liên quan"), required=False)

    def __init__(self, *args: Any, units: Iterable[AdministrativeUnit] = (),
                 observations: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["to_unit"], unit_choices(units))
        _choices(self.fields["observation"], [("", _("— Không —")), *[
            (str(o.pk), f"{o.unit.name}: {o}") for o in observations]])


class AnswerForm(StyledForm):
    answer = forms.CharField(label=_("Trả lời của đơn vị"), widget=_textarea(5), help_text=_(
        "Đơn vị đã làm gì, đến đâu; việc chưa làm được thì nêu lý do."))


class FollowUpForm(StyledForm):
    kind = forms.ChoiceField(label=_("Ý kiến của đoàn"), choices=[
        (k, UpdateKind(k).label) for k in FOLLOW_UP_KINDS])
    note = forms.CharField(label=_("Nội dung"), required=False, widget=_textarea(3))
    deadline = VietnameseDateField(label=_("Hạn mới"), required=False,
                                   help_text=_("Để trống nếu giữ hạn cũ."))


class PlanFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm"), required=False, max_length=100)
    trang_thai = forms.ChoiceField(label=_("Trạng thái"), required=False,
                                   choices=[("", _("Tất cả")), *PlanStatus.choices])
    co_quan = forms.ChoiceField(label=_("Cơ quan giám sát"), required=False,
                                choices=[("", _("Tất cả")), *Body.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _small(self)


class RecommendationFilterForm(forms.Form):
    trang_thai = forms.ChoiceField(label=_("Tình trạng"), required=False,
                                   choices=[("", _("Tất cả")), *RecommendationStatus.choices])
    qua_han = forms.ChoiceField(label=_("Thời hạn"), required=False, choices=[
        ("", _("Tất cả")), ("1", _("Quá hạn"))])
    gui_don_vi = forms.ChoiceField(label=_("Gửi đến"), required=False, choices=[
        ("", _("Mọi đơn vị")), ("1", _("Đơn vị của tôi"))])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _small(self)
