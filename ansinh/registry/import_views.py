"""Pages of the list import: upload, confirm the column mapping, follow the job."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from ansinh.core.errors import DomainError, NotFound
from ansinh.core.forms import StyledForm
from ansinh.core.scoping import require_write
from ansinh.core.selectors import jobs_for
from ansinh.registry.imports.columns import FIELD_LABELS
from ansinh.registry.imports.jobs import JOB_KIND, import_start, upload_store
from ansinh.registry.imports.reader import ImportFileError, extract_rows, read_workbook
from ansinh.registry.models import ImportTemplate
from ansinh.registry.views import commune_for_writing

SIGNING_SALT = "ansinh.registry.import"
ACCEPTED = ".xlsx,.xls,.ods,.csv"


class UploadForm(StyledForm):
    file = forms.FileField(label=_lazy("Tệp danh sách (.xlsx, .xls, .ods, .csv)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}))
    template = forms.ModelChoiceField(label=_lazy("Mẫu ghép cột đã lưu"), required=False,
                                      queryset=ImportTemplate.objects.none(),
                                      empty_label=_lazy("— Tự nhận diện cột —"))

    def __init__(self, *args: Any, commune: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["template"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = ImportTemplate.objects.filter(commune=commune)


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    commune = commune_for_writing(request)
    form = UploadForm(request.POST or None, request.FILES or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            table = extract_rows(read_workbook(data, upload.name))
        except ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            if not table.sheets:
                form.add_error("file", _("Không tìm thấy dòng tiêu đề có cột “Họ và tên” trong "
                                         "30 dòng đầu của trang tính nào."))
            else:
                stored = upload_store(data=data, filename=upload.name)
                template = form.cleaned_data["template"]
                token = signing.dumps({"stored": stored, "name": upload.name,
                                       "template": template.pk if template else None},
                                      salt=SIGNING_SALT)
                return redirect("registry:import_mapping", token=token)
    return render(request, "registry/import_upload.html", {
        "form": form, "commune": commune,
        "breadcrumbs": [(_("Nhân khẩu"), "/nhan-khau/"), (_("Nhập từ Excel"), None)],
    })


def _token(token: str) -> dict[str, Any]:
    try:
        value: dict[str, Any] = signing.loads(token, salt=SIGNING_SALT, max_age=24 * 3600)
    except signing.BadSignature as exc:
        raise NotFound(_("Phiên nhập đã hết hạn; hãy tải tệp lên lại.")) from exc
    return value


@login_required
def import_mapping(request: HttpRequest, token: str) -> HttpResponse:
    """Show the detected columns; the officer corrects them, may save a template, and starts."""
    commune = commune_for_writing(request)
    info = _token(token)
    with default_storage.open(info["stored"], "rb") as handle:
        table = extract_rows(read_workbook(handle.read(), info["name"]))
    sheet = table.sheets[0]
    headers = sheet.header.headers
    template = (ImportTemplate.objects.filter(commune=commune, pk=info["template"]).first()
                if info.get("template") else None)
    suggested = {f: headers[i] for f, i in sheet.header.columns.items() if i < len(headers)}
    if template is not None:
        suggested.update({f: h for f, h in template.mapping.items() if h in headers})
    if request.method == "POST":
        mapping = {f: request.POST[f"col_{f}"] for f in FIELD_LABELS
                   if request.POST.get(f"col_{f}") in headers}
        if "full_name" not in mapping:
            messages.error(request, _("Phải chọn cột “Họ và tên”."))
        else:
            name = request.POST.get("template_name", "").strip()
            if name:
                ImportTemplate.objects.update_or_create(
                    commune=commune, name=name,
                    defaults={"mapping": mapping, "created_by": request.user})
            job = import_start(actor=request.user, commune=commune,
                               stored_name=info["stored"], filename=info["name"],
                               mapping=mapping, dry_run="import_now" not in request.POST)
            return redirect(job)
        suggested = mapping
    rows = [{"field": f, "label": label, "chosen": suggested.get(f, "")}
            for f, label in FIELD_LABELS.items()]
    return render(request, "registry/import_mapping.html", {
        "rows": rows, "headers": headers, "sheets": table.sheets, "filename": info["name"],
        "breadcrumbs": [(_("Nhân khẩu"), "/nhan-khau/"), (_("Nhập từ Excel"), "/nhan-khau/nhap/"),
                        (_("Ghép cột"), None)],
    })


@login_required
@require_POST
def import_commit(request: HttpRequest, job_id: int) -> HttpResponse:
    """After a dry run: import the same file with the same mapping for real."""
    require_write(request.user)
    checked = jobs_for(request.user).filter(pk=job_id, kind=JOB_KIND).first()
    if checked is None or checked.unit is None:
        raise NotFound(_("Không tìm thấy lần kiểm tra."))
    commune = commune_for_writing(request)
    if commune.pk != checked.unit_id:
        raise DomainError(_("Lần kiểm tra này thuộc xã khác."))
    params = checked.params
    job = import_start(actor=request.user, commune=commune, stored_name=params["stored_name"],
                       filename=params["filename"], mapping=params.get("mapping"),
                       dry_run=False)
    return redirect(job)
