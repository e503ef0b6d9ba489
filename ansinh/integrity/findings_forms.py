"""Forms of the anomaly pages: the list's filters, explaining or correcting a finding, and the
figures a unit reported."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ansinh.core.forms import StyledForm
from ansinh.integrity.models import FindingStatus, Severity
from ansinh.registry.forms import VietnameseDateField

MAX_REPORT_LINES = 50
_CATEGORY = re.compile(r"^[A-Za-z0-9_.-]{1,16}$")


def _small(form: forms.Form) -> None:
    for f in form.fields.values():
        f.widget.attrs["class"] = ("form-select form-select-sm"
                                   if isinstance(f.widget, forms.Select)
                                   else "form-control form-control-sm")


class FindingFilterForm(forms.Form):
    quy_tac = forms.ChoiceField(label=_("Quy tắc"), required=False)
    muc_do = forms.ChoiceField(label=_("Mức độ"), required=False)
    tinh_trang = forms.ChoiceField(label=_("Tình trạng"), required=False)
    don_vi = forms.ChoiceField(label=_("Đơn vị"), required=False)

    def __init__(self, *args: Any, rules: Any = (), units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = ("", _("Tất cả"))
        self.fields["quy_tac"].choices = [everything, *[(r.code, r.title) for r in rules]]  # type: ignore[attr-defined]
        self.fields["muc_do"].choices = [everything, *Severity.choices]  # type: ignore[attr-defined]
        self.fields["tinh_trang"].choices = [everything, *FindingStatus.choices]  # type: ignore[attr-defined]
        if units is None:
            del self.fields["don_vi"]
        else:
            self.fields["don_vi"].choices = [everything, *[(u.code, u.name) for u in units]]  # type: ignore[attr-defined]
        _small(self)


class ResolveForm(StyledForm):
    status = forms.ChoiceField(label=_("Kết quả xử lý"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Nội dung giải trình hoặc việc đã làm"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ví dụ: “Đã thu hồi 650.000 đ ngày 10/7/2026, phiếu thu số 12” hoặc “Đối "
                    "tượng chuyển về từ tháng 5, xã cũ đã xác nhận dừng chi”."))

    def __init__(self, *args: Any, allowed: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(FindingStatus.choices)
        self.fields["status"].choices = [(s, labels[s]) for s in allowed]  # type: ignore[attr-defined]
        self.fields["status"].widget.attrs["class"] = "form-check-input"


def parse_report_lines(text: str) -> list[dict[str, Any]]:
    """One breakdown line per text line: "Người khuyết tật; 94; K6" (the category is optional).

    A ``forms.ValidationError`` names the line and what is wrong with it.
    """
    lines: list[dict[str, Any]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [p.strip() for p in re.split(r"[;\t]", raw)]
        if len(parts) not in (2, 3) or not parts[0]:
            raise forms.ValidationError(gettext(
                "Dòng %(n)s: hãy ghi theo dạng “tên nhóm; số lượng” hoặc “tên nhóm; số lượng; "
                "mã nhóm”, ví dụ “Người khuyết tật; 94; K6”.") % {"n": number})
        count = parts[1].replace(".", "").replace(" ", "")
        if not count.isdigit():
            raise forms.ValidationError(gettext(
                "Dòng %(n)s: số lượng “%(v)s” không phải là số nguyên.")
                % {"n": number, "v": parts[1]})
        line: dict[str, Any] = {"label": parts[0], "count": int(count)}
        if len(parts) == 3 and parts[2]:
            if not _CATEGORY.match(parts[2]):
                raise forms.ValidationError(gettext(
                    "Dòng %(n)s: mã nhóm “%(v)s” không hợp lệ (ví dụ K6, K5c).")
                    % {"n": number, "v": parts[2]})
            line["category"] = parts[2]
        lines.append(line)
    if len(lines) > MAX_REPORT_LINES:
        raise forms.ValidationError(gettext("Tối đa %(n)s dòng chi tiết.")
                                    % {"n": MAX_REPORT_LINES})
    return lines


class ReportedTotalForm(StyledForm):
    unit = forms.ChoiceField(label=_("Đơn vị báo cáo"))
    title = forms.CharField(label=_("Nội dung báo cáo"), max_length=300,
                            help_text=_("Ví dụ: “Số đối tượng bảo trợ xã hội đang hưởng trợ cấp "
                                        "hằng tháng đến hết tháng 02/2023”."))
    document = forms.CharField(label=_("Văn bản"), max_length=200, required=False,
                               help_text=_("Số, ngày của báo cáo, hoặc buổi làm việc với đoàn "
                                           "giám sát."))
    reported_on = VietnameseDateField(label=_("Ngày báo cáo"),
                                      widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}))
    total = forms.IntegerField(label=_("Tổng số báo cáo"), min_value=0)
    lines = forms.CharField(
        label=_("Chi tiết"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Mỗi dòng một nhóm: tên nhóm; số lượng; mã nhóm (nếu có). Ví dụ: "
                    "“Người khuyết tật; 94; K6”. Có mã nhóm thì hệ thống so với số chế độ đang "
                    "hưởng của nhóm đó."))

    def __init__(self, *args: Any, units: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.code, u.name) for u in units]  # type: ignore[attr-defined]

    def clean_lines(self) -> list[dict[str, Any]]:
        return parse_report_lines(self.cleaned_data.get("lines") or "")
