"""Forms of the dossier pages: filters, opening a dossier, the steps, postings, programmes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansinh.cases.models import CHANGE_KINDS, MONTHLY_KINDS, ONE_OFF_KINDS, BenefitStatus, CaseKind
from ansinh.cases.selectors import CategoryOption, step_choices
from ansinh.core.forms import StyledForm
from ansinh.registry.forms import VietnameseDateField

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_SUFFIXES = frozenset({".pdf", ".jpg", ".jpeg", ".png", ".webp", ".heic"})

def _choices(field: forms.Field, choices: list[tuple[Any, Any]]) -> None:
    if isinstance(field, forms.ChoiceField):
        field.choices = choices


def _small(form: forms.Form) -> None:
    """Filter bars use the small Bootstrap controls."""
    for f in form.fields.values():
        css = "form-select form-select-sm" if isinstance(f.widget, forms.Select) \
            else "form-control form-control-sm"
        f.widget.attrs["class"] = css


class CaseFilterForm(forms.Form):
    loai = forms.ChoiceField(label=_("Loại hồ sơ"), required=False)
    buoc = forms.ChoiceField(label=_("Bước hiện tại"), required=False)
    tinh_trang = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=[
        ("", _("Tất cả")), ("open", _("Đang giải quyết")), ("closed", _("Đã kết thúc"))])
    han = forms.ChoiceField(label=_("Thời hạn"), required=False, choices=[
        ("", _("Tất cả")), ("qua-han", _("Quá hạn")),
        ("sap-den-han", _("Đến hạn trong 3 ngày làm việc"))])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["loai"], [("", _("Tất cả")), *CaseKind.choices])
        _choices(self.fields["buoc"], [("", _("Tất cả")), *step_choices()])
        _small(self)


class CaseOpenForm(StyledForm):
    kind = forms.ChoiceField(label=_("Loại hồ sơ"), choices=CaseKind.choices)
    category = forms.TypedChoiceField(label=_("Nhóm đối tượng"), coerce=int, required=False,
                                      empty_value=None, widget=forms.RadioSelect)
    benefit = forms.TypedChoiceField(label=_("Chế độ đang hưởng"), coerce=int, required=False,
                                     empty_value=None)
    received_on = VietnameseDateField(label=_("Ngày nhận hồ sơ"),
                                      help_text=_("dd/mm/yyyy; hạn giải quyết tính từ ngày này "
                                                  "theo ngày làm việc."))
    effective_on = VietnameseDateField(
        label=_("Ngày hiệu lực đề nghị"), required=False,
        help_text=_("Cho hồ sơ điều chỉnh, tạm dừng, hưởng lại, thôi hưởng, chuyển đi: tháng "
                    "bắt đầu thay đổi. Để trống thì theo tháng ký quyết định."))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, options: Sequence[CategoryOption] = (),
                 benefits: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = {o.category.pk: o for o in options}
        self.benefits = {b.pk: b for b in benefits}
        _choices(self.fields["category"], [(o.category.pk, o.label) for o in options])
        self.fields["category"].widget.attrs.pop("class", None)
        _choices(self.fields["benefit"], [("", _("— Chọn —"))] + [
            (b.pk, f"{b.policy.name}: {b.category.code} ({b.get_status_display()})")
            for b in benefits])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        option = self.options.get(data.get("category") or 0)
        benefit = self.benefits.get(data.get("benefit") or 0)
        if kind in CHANGE_KINDS and benefit is None:
            self.add_error("benefit", _("Chọn chế độ đang hưởng cần thay đổi."))
        if kind in MONTHLY_KINDS | ONE_OFF_KINDS and option is None:
            self.add_error("category", _("Chọn một nhóm đối tượng trong danh sách."))
        if kind == CaseKind.ADJUST and option is not None and benefit is not None and \
                option.category.policy_id != benefit.policy_id:
            self.add_error("category", _("Nhóm đối tượng mới phải thuộc cùng chính sách với "
                                         "chế độ đang hưởng."))
        data["option"], data["benefit_obj"] = option, benefit
        return data


class AdvanceForm(StyledForm):
    comment = forms.CharField(label=_("Ý kiến"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(StyledForm):
    reason = forms.CharField(label=_("Lý do không giải quyết"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(StyledForm):
    number = forms.CharField(label=_("Số quyết định"), max_length=40,
                             help_text=_("Ví dụ 15/QĐ-UBND"))
    signed_on = VietnameseDateField(label=_("Ngày ký"))
    signer_name = forms.CharField(label=_("Người ký"), max_length=120)
    signer_title = forms.CharField(label=_("Chức vụ"), max_length=120, initial="CHỦ TỊCH")


class DocumentsForm(forms.Form):
    """The checklist: a checkbox and an optional attachment per required document."""

    def __init__(self, *args: Any, documents: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.documents = list(documents)
        for document in self.documents:
            self.fields[f"received_{document.pk}"] = forms.BooleanField(
                label=document.name, required=False, initial=document.received,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
            self.fields[f"file_{document.pk}"] = forms.FileField(
                label=_("Tệp đính kèm"), required=False,
                widget=forms.ClearableFileInput(attrs={
                    "class": "form-control form-control-sm",
                    "accept": ",".join(sorted(UPLOAD_SUFFIXES))}))

    def rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(d, self[f"received_{d.pk}"], self[f"file_{d.pk}"]) for d in self.documents]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for document in self.documents:
            upload = data.get(f"file_{document.pk}")
            if not upload:
                continue
            if upload.size > MAX_UPLOAD_BYTES:
                self.add_error(f"file_{document.pk}", _("Tệp quá lớn; tối đa 10 MB."))
            elif PurePath(upload.name).suffix.lower() not in UPLOAD_SUFFIXES:
                self.add_error(f"file_{document.pk}",
                               _("Chỉ nhận tệp PDF hoặc ảnh (JPG, PNG, WEBP, HEIC)."))
        return data


class PostingForm(StyledForm):
    title = forms.CharField(label=_("Tiêu đề"), max_length=200)
    opens_on = VietnameseDateField(label=_("Niêm yết từ ngày"),
                                   help_text=_("Danh sách được niêm yết 2 ngày làm việc."))
    cases = forms.TypedMultipleChoiceField(label=_("Hồ sơ đưa vào danh sách"), coerce=int,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, cases: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["cases"], [(c.pk, c.reference) for c in cases])
        self.fields["cases"].widget.attrs.pop("class", None)


class FeedbackForm(StyledForm):
    received_on = VietnameseDateField(label=_("Ngày nhận"))
    sender = forms.CharField(label=_("Người phản ánh"), max_length=200, required=False)
    entry = forms.TypedChoiceField(label=_("Về người có tên"), coerce=int, required=False,
                                   empty_value=None)
    content = forms.CharField(label=_("Nội dung"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, entries: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["entry"],
                 [("", _("— Cả danh sách —"))] + [(e.pk, e.full_name) for e in entries])
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate().strftime("%d/%m/%Y"))


class AnswerForm(StyledForm):
    answer = forms.CharField(label=_("Trả lời"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class BenefitFilterForm(forms.Form):
    chinh_sach = forms.ChoiceField(label=_("Chính sách"), required=False)
    trang_thai = forms.ChoiceField(label=_("Trạng thái"), required=False,
                                   choices=[("", _("Tất cả")), *BenefitStatus.choices])

    def __init__(self, *args: Any, policies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["chinh_sach"],
                 [("", _("Tất cả")), *[(p.code, p.name) for p in policies]])
        _small(self)


class ProgrammeForm(StyledForm):
    policy = forms.ChoiceField(label=_("Chính sách hỗ trợ một lần"))
    reference_date = VietnameseDateField(
        label=_("Ngày chốt danh sách"),
        help_text=_("Ví dụ Nghị quyết 42/NQ-CP: danh sách hộ nghèo, cận nghèo đến 31/12/2019."))
    title = forms.CharField(label=_("Tên đợt hỗ trợ"), max_length=200, required=False)

    def __init__(self, *args: Any, policies: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["policy"], [(p.code, p.name) for p in policies])


class GapForm(forms.Form):
    ngay = VietnameseDateField(label=_("Tại ngày"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _small(self)
