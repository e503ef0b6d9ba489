"""Forms of the fund pages. Money is typed as whole đồng, with or without the dots between
thousands ("94.850.000"); dates as dd/mm/yyyy. The rules themselves are the services': a form
only parses what was typed and looks up the records it names."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ansinh.core.errors import DomainError
from ansinh.core.forms import MoneyField, StyledForm
from ansinh.funds import selectors
from ansinh.funds.models import Donor, DonorKind, EntryKind, EntryStatus, Fund, FundKind, Purpose
from ansinh.funds.services import Item
from ansinh.geo.models import AdministrativeUnit
from ansinh.registry.forms import VietnameseDateField


def _choices(field: forms.Field, choices: Iterable[tuple[Any, Any]]) -> None:
    if isinstance(field, forms.ChoiceField):
        field.choices = list(choices)


def unit_choices(units: Iterable[AdministrativeUnit]) -> list[tuple[str, str]]:
    return [(u.code, u.name) for u in units]


def donor_choices(donors: Iterable[Donor]) -> list[tuple[str, Any]]:
    return [("", _("— Không ghi nhà tài trợ (vận động, thu khác) —"))] + [
        (str(d.pk), f"{d.name} · {d.get_kind_display()}") for d in donors]


def _date(label: Any = None, required: bool = True) -> VietnameseDateField:
    return VietnameseDateField(label=label or _("Ngày ghi sổ"), required=required,
                               help_text=_("dd/mm/yyyy"),
                               widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy",
                                                             "autocomplete": "off"}))


class FundForm(StyledForm):
    unit = forms.ChoiceField(label=_("Đơn vị quản lý"))
    kind = forms.ChoiceField(label=_("Loại quỹ"), choices=FundKind.choices)
    name = forms.CharField(label=_("Tên quỹ"), max_length=200,
                           help_text=_("Ví dụ “Quỹ Vì người nghèo phường Ba Đình”."))
    regulation = forms.CharField(
        label=_("Văn bản quy định"), max_length=300, required=False,
        help_text=_("Ví dụ: Quyết định số 15/QĐ-MTTQ ban hành quy chế quản lý, sử dụng Quỹ "
                    "“Vì người nghèo”."))
    approval_threshold = MoneyField(
        label=_("Mức chi cần phê duyệt (đồng)"),
        help_text=_("Khoản chi lớn hơn mức này chờ người thứ hai phê duyệt (lãnh đạo UBND cấp "
                    "xã với quỹ cấp xã, cán bộ cấp tỉnh khác với quỹ cấp tỉnh); 0: mọi khoản "
                    "chi đều chờ phê duyệt."))

    def __init__(self, *args: Any, units: Iterable[AdministrativeUnit] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["unit"], unit_choices(units))


class DonorForm(StyledForm):
    unit = forms.ChoiceField(label=_("Đơn vị tiếp nhận"))
    kind = forms.ChoiceField(label=_("Loại nhà tài trợ"), choices=DonorKind.choices)
    name = forms.CharField(label=_("Tên cơ quan, tổ chức, cá nhân"), max_length=200,
                           required=False,
                           help_text=_("Để trống nếu là nhà hảo tâm không nêu tên."))
    address = forms.CharField(label=_("Địa chỉ"), max_length=300, required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)

    def __init__(self, *args: Any, units: Iterable[AdministrativeUnit] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["unit"], unit_choices(units))


class ReceiptForm(StyledForm):
    """Money in: a receipt, the opening balance or an advance (``kind``)."""

    entry_date = _date()
    amount = MoneyField(label=_("Số tiền (đồng)"))
    donor = forms.ChoiceField(label=_("Nhà tài trợ"), required=False)
    description = forms.CharField(label=_("Nội dung"), max_length=500)
    voucher = forms.CharField(label=_("Số phiếu thu, chứng từ"), max_length=60, required=False)
    decision = forms.CharField(label=_("Quyết định, văn bản"), max_length=200, required=False)

    def __init__(self, *args: Any, kind: str = EntryKind.RECEIPT,
                 donors: Iterable[Donor] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.donors = {str(d.pk): d for d in donors}
        _choices(self.fields["donor"], donor_choices(self.donors.values()))
        if kind != EntryKind.RECEIPT:
            del self.fields["donor"]
        if kind == EntryKind.ADVANCE:
            self.fields["decision"].required = True
            self.fields["decision"].label = _("Quyết định, văn bản cho phép tạm ứng, bổ sung")
            self.fields["decision"].help_text = _(
                "Ví dụ: Văn bản số 88/MTTW-BTT ngày 25/10/2023.")
        if kind == EntryKind.OPENING:
            self.fields["entry_date"].help_text = _(
                "Ngày chốt số dư trên sổ sách cũ, thường là ngày cuối năm trước.")

    def clean_donor(self) -> Donor | None:
        value = self.cleaned_data.get("donor") or ""
        return self.donors.get(value)


def _row_labels(form: forms.Form) -> None:
    """A row of a table of goods shows no labels: the column headers say them to the eye,
    ``aria-label`` to a screen reader."""
    for field in form.fields.values():
        field.widget.attrs["aria-label"] = field.label
        field.help_text = ""


class ItemForm(StyledForm):
    name = forms.CharField(label=_("Tên hàng"), max_length=200, required=False)
    measure = forms.CharField(label=_("Đơn vị tính"), max_length=30, required=False)
    quantity = forms.IntegerField(label=_("Số lượng"), required=False, min_value=1)
    unit_value = MoneyField(label=_("Đơn giá (đồng)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _row_labels(self)

    def item(self) -> Item | None:
        data = self.cleaned_data
        if not (data.get("name") or data.get("measure") or data.get("quantity")):
            return None  # a blank row
        return Item(name=data.get("name") or "", measure=data.get("measure") or "",
                    quantity=data.get("quantity") or 0, unit_value=data.get("unit_value") or 0)


ItemFormSet = forms.formset_factory(ItemForm, extra=3, max_num=50, absolute_max=50)


class OutItemForm(StyledForm):
    """Goods handed out: one of the goods in stock and how many."""

    goods = forms.ChoiceField(label=_("Hàng trong kho"), required=False)
    quantity = forms.IntegerField(label=_("Số lượng cấp"), required=False, min_value=1)

    def __init__(self, *args: Any, stock: dict[tuple[str, str], int] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stock = {f"{name}|{measure}": (name, measure, have)
                      for (name, measure), have in (stock or {}).items() if have > 0}
        _row_labels(self)
        _choices(self.fields["goods"], [("", "—")] + [
            (key, _("%(h)s (%(m)s) — còn %(c)s") % {"h": name, "m": measure, "c": have})
            for key, (name, measure, have) in self.stock.items()])

    def item(self) -> Item | None:
        data = self.cleaned_data
        if not data.get("goods"):
            return None
        name, measure, _have = self.stock[data["goods"]]
        return Item(name=name, measure=measure, quantity=data.get("quantity") or 0)


OutItemFormSet = forms.formset_factory(OutItemForm, extra=3, max_num=50, absolute_max=50)


class InKindForm(StyledForm):
    entry_date = _date()
    donor = forms.ChoiceField(label=_("Nhà tài trợ"), required=False)
    description = forms.CharField(label=_("Nội dung"), max_length=500, required=False,
                                  help_text=_("Ví dụ “Ủng hộ phòng, chống dịch”."))
    voucher = forms.CharField(label=_("Số phiếu nhập, biên bản giao nhận"), max_length=60,
                              required=False)

    def __init__(self, *args: Any, donors: Iterable[Donor] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.donors = {str(d.pk): d for d in donors}
        _choices(self.fields["donor"], donor_choices(self.donors.values()))

    def clean_donor(self) -> Donor | None:
        return self.donors.get(self.cleaned_data.get("donor") or "")


class AllocationForm(StyledForm):
    """Spending (or, without the amount, goods handed out): what for, to whom, on which
    decision. The household, person and locality are looked up in the fund's area."""

    entry_date = _date()
    amount = MoneyField(label=_("Số tiền (đồng)"))
    purpose = forms.ChoiceField(label=_("Nội dung chi"),
                                choices=[("", "—"), *Purpose.choices])
    beneficiaries = forms.IntegerField(
        label=_("Số lượt được hỗ trợ"), min_value=1, initial=1,
        help_text=_("Số hộ, người hoặc đơn vị được hỗ trợ bằng khoản này."))
    household = forms.CharField(label=_("Mã hộ được hỗ trợ"), max_length=32, required=False,
                                help_text=_("Để trống nếu chi cho nhiều hộ theo danh sách."))
    person = forms.CharField(label=_("Người được hỗ trợ (số CCCD hoặc mã nhân khẩu)"),
                             max_length=40, required=False)
    to_unit = forms.CharField(label=_("Mã địa phương được hỗ trợ"), max_length=16,
                              required=False,
                              help_text=_("Chỉ khi hỗ trợ địa phương khác: mã tỉnh hoặc mã xã, "
                                          "phường."))
    description = forms.CharField(label=_("Nội dung"), max_length=500, required=False)
    decision = forms.CharField(label=_("Quyết định phê duyệt khoản chi"), max_length=200,
                               help_text=_("Số, ngày, ví dụ “QĐ 12/QĐ-UBND ngày 20/9/2025”."))
    voucher = forms.CharField(label=_("Số phiếu chi, chứng từ"), max_length=60, required=False)

    def __init__(self, *args: Any, user: Any, fund: Fund, goods: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.fund = user, fund
        if goods:
            del self.fields["amount"]
            self.fields["voucher"].label = _("Số phiếu xuất, biên bản giao nhận")

    def _lookup(self, name: str, find: Any) -> Any:
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None
        try:
            return find(value)
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc

    def clean_household(self) -> Any:
        return self._lookup("household", lambda v: selectors.household_for_fund(
            self.user, self.fund, v))

    def clean_person(self) -> Any:
        return self._lookup("person", lambda v: selectors.person_for_fund(
            self.user, self.fund, v))

    def clean_to_unit(self) -> Any:
        return self._lookup("to_unit", selectors.unit_by_code)


class TransferForm(StyledForm):
    target = forms.ChoiceField(label=_("Quỹ nhận"))
    entry_date = _date()
    amount = MoneyField(label=_("Số tiền (đồng)"))
    decision = forms.CharField(label=_("Quyết định điều chuyển"), max_length=200)
    description = forms.CharField(label=_("Nội dung"), max_length=500, required=False)

    def __init__(self, *args: Any, targets: Iterable[Fund] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = {str(f.pk): f for f in targets}
        _choices(self.fields["target"], [("", "—")] + [
            (key, f"{f.name} · {f.unit.name}") for key, f in self.targets.items()])

    def clean_target(self) -> Fund:
        target = self.targets.get(self.cleaned_data.get("target") or "")
        if target is None:
            raise forms.ValidationError(_("Hãy chọn quỹ nhận."))
        return target


class ReverseForm(StyledForm):
    reason = forms.CharField(label=_("Lý do điều chỉnh"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}))
    entry_date = _date(_("Ngày điều chỉnh"), required=False)


class RejectForm(StyledForm):
    reason = forms.CharField(label=_("Lý do không phê duyệt"), max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}))


class EntryFilterForm(StyledForm):
    loai = forms.ChoiceField(label=_("Loại"), required=False,
                             choices=[("", _("Tất cả")), *EntryKind.choices])
    tinh_trang = forms.ChoiceField(label=_("Tình trạng"), required=False,
                                   choices=[("", _("Tất cả")), *EntryStatus.choices])
    tu = VietnameseDateField(label=_("Từ ngày"), required=False)
    den = VietnameseDateField(label=_("Đến ngày"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            css = "form-select form-select-sm" if isinstance(f.widget, forms.Select) \
                else "form-control form-control-sm"
            f.widget.attrs["class"] = css
