"""Small helpers shared by the apps' views."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from ansinh.core.errors import DomainError, NotFound, PermissionDenied


def form_error_from(form: forms.Form, exc: DomainError | ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names, or on the whole form.

    Not-found and permission errors are not form errors; they propagate to the 404/403 pages.
    """
    if isinstance(exc, NotFound | PermissionDenied):
        raise exc
    if isinstance(exc, DomainError):
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.message)
        return
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def form_errors_text(form: forms.Form) -> str:
    """All of a form's errors in one line, for a flash message after a redirect."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def paginate(request: HttpRequest, items: Any, per_page: int = 50) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("trang"))
