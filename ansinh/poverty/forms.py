"""Forms of the poverty review pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import MoneyField, StyledForm
from ansinh.poverty.classification import INDICATORS
from ansinh.poverty.models import Area, Measure, PointsItem, ReviewKind
from ansinh.poverty.services import SCREENING, SurveyAnswers
from ansinh.registry.forms import VietnameseDateField


def _checkboxes(form: forms.Form) -> None:
    """Checkbox lists take Bootstrap's checkbox class, not the text box's."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxSelectMultiple):
            field.widget.attrs["class"] = "form-check-input"


class ReviewOpenForm(StyledForm):
    commune = forms.ChoiceField(label=_("Xã, phường"))
    kind = forms.ChoiceField(label=_("Loại rà soát"), choices=ReviewKind.choices)
    year = forms.IntegerField(label=_("Năm rà soát"), min_value=2022)
    title = forms.CharField(label=_("Tên đợt rà soát"), max_length=200, required=False,
                            help_text=_("Để trống: đặt tên theo loại và năm."))
    plan = forms.CharField(label=_("Kế hoạch"), max_length=200, required=False,
                           help_text=_("Ví dụ: Kế hoạch số 120/KH-UBND ngày 25/8/2026."))

    def __init__(self, *args: Any, communes: list[Any], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        field = self.fields["commune"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [(u.code, u.name) for u in communes]
        if len(communes) == 1:
            self.initial.setdefault("commune", communes[0].code)


class AddHouseholdForm(StyledForm):
    code = forms.CharField(label=_("Mã hộ"), max_length=32)


class AssignForm(StyledForm):
    enumerator = forms.ChoiceField(label=_("Điều tra viên"))

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["enumerator"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [(u.username, f"{u.full_name or u.username} ({u.username})")
                             for u in users]


class PostForm(StyledForm):
    posted_from = VietnameseDateField(label=_("Niêm yết từ ngày"),
                                      help_text=_("Ngày/tháng/năm, ví dụ 01/12/2026."))


class RecogniseForm(StyledForm):
    decision = forms.CharField(label=_("Số quyết định công nhận"), max_length=60,
                               help_text=_("Ví dụ: 245/QĐ-UBND."))
    decided_on = VietnameseDateField(label=_("Ngày quyết định"))


class SurveyForm(StyledForm):
    """Forms A, B1 and B2 on one page; B1 takes the points items when the tables exist."""

    screening = forms.MultipleChoiceField(label=_("Phiếu A: tiêu chí nhận biết nhanh"),
                                          choices=SCREENING, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    members = forms.IntegerField(label=_("Số nhân khẩu của hộ"), min_value=0, max_value=99,
                                 required=False)
    declared_income = MoneyField(label=_("Tổng thu nhập của hộ một tháng (đồng)"),
                                 required=False)
    points = forms.MultipleChoiceField(label=_("Phiếu B1: chỉ tiêu chấm điểm"), required=False,
                                       widget=forms.CheckboxSelectMultiple)
    deprivations = forms.MultipleChoiceField(
        label=_("Phiếu B2: chỉ số thiếu hụt dịch vụ xã hội cơ bản"), required=False,
        choices=[(code, label) for code, _dimension, label in INDICATORS],
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, items: list[PointsItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["points"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [(i.code, f"{i.label} ({i.points})") for i in items]
        self.uses_points = bool(items)
        _checkboxes(self)
        for name in ("members", "declared_income"):
            self.fields[name].widget.attrs.update(inputmode="numeric")

    def answers(self) -> SurveyAnswers:
        data = self.cleaned_data
        return SurveyAnswers(
            screening=list(data["screening"]), members=data["members"] or 0,
            declared_income=data["declared_income"],
            points={code: True for code in data["points"]},
            deprivations=list(data["deprivations"]))

    def b2_groups(self) -> list[tuple[str, list[Any]]]:
        """The B2 checkboxes grouped by the six dimensions of Decree 07/2021."""
        boxes = {box.data["value"]: box for box in self["deprivations"]}
        groups: dict[str, list[Any]] = {}
        for code, dimension, _label in INDICATORS:
            groups.setdefault(dimension, []).append(boxes[code])
        return list(groups.items())


class HelpPlanForm(StyledForm):
    helper = forms.CharField(label=_("Người, tổ chức giúp đỡ"), max_length=200)
    measures = forms.MultipleChoiceField(label=_("Biện pháp"), choices=Measure.choices,
                                         widget=forms.CheckboxSelectMultiple)
    escape_by = forms.IntegerField(label=_("Phấn đấu thoát nghèo năm"), min_value=2022,
                                   max_value=2100)
    progress = forms.CharField(label=_("Kết quả thực hiện"), required=False,
                               widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _checkboxes(self)


class TargetForm(StyledForm):
    group = forms.IntegerField(widget=forms.HiddenInput)
    escape_target = forms.IntegerField(label=_("Chỉ tiêu giảm hộ nghèo"), min_value=0)


class PointsItemForm(StyledForm):
    valid_from = VietnameseDateField(label=_("Áp dụng từ ngày"))
    area = forms.ChoiceField(label=_("Khu vực"), choices=Area.choices)
    code = forms.SlugField(label=_("Mã"), max_length=30)
    label = forms.CharField(label=_("Nội dung"), max_length=300)
    points = forms.IntegerField(label=_("Điểm"))


class PointsCutoffForm(StyledForm):
    valid_from = VietnameseDateField(label=_("Áp dụng từ ngày"))
    area = forms.ChoiceField(label=_("Khu vực"), choices=Area.choices)
    max_points = forms.IntegerField(label=_("Điểm tối đa"))
