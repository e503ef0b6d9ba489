"""The REST API at /api/v1: token (or session) authentication, Vietnamese error bodies.

Each app contributes a router from its own ``api.py``; the schema is at /api/v1/openapi.json
and the interactive documentation at /api/v1/docs.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from ansinh.accounts.api import router as accounts_router
from ansinh.accounts.services import api_token_authenticate
from ansinh.cases.api import router as cases_router
from ansinh.core.api import router as core_router
from ansinh.core.errors import DomainError
from ansinh.funds.api import router as funds_router
from ansinh.geo.api import router as geo_router
from ansinh.integrity.api import router as integrity_router
from ansinh.payroll.api import router as payroll_router
from ansinh.policies.api import router as policies_router
from ansinh.registry.api import router as registry_router
from ansinh.reports.api import router as reports_router
from ansinh.supervision.api import router as supervision_router


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="An Sinh API",
    version="1",
    description="API của An Sinh. Xác thực bằng mã truy cập: `Authorization: Bearer ans_…`.",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)


def _error(request: HttpRequest, status: int, code: str, message: str,
           **extra: Any) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, **extra},
                               status=status)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status_code, exc.code, exc.message, field=exc.field)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", "Không tìm thấy bản ghi.")


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "unauthenticated",
                  "Chưa xác thực: cần mã truy cập hợp lệ (Authorization: Bearer …).")


# Pydantic's error types, said in Vietnamese; anything else gets the generic message.
PYDANTIC_MESSAGES = {
    "missing": "Thiếu trường bắt buộc.",
    "string_too_short": "Không được để trống hoặc quá ngắn.",
    "string_too_long": "Quá dài (tối đa {max_length} ký tự).",
    "enum": "Giá trị không hợp lệ; chọn một trong: {expected}.",
    "int_parsing": "Phải là số nguyên.",
    "int_type": "Phải là số nguyên.",
    "bool_parsing": "Phải là true hoặc false.",
    "date_from_datetime_parsing": "Ngày không hợp lệ (yyyy-mm-dd).",
    "date_parsing": "Ngày không hợp lệ (yyyy-mm-dd).",
    "json_invalid": "Nội dung JSON không hợp lệ.",
}
LOCATION_PARTS = {"body", "query", "path", "payload", "header", "cookie", "form"}


def _field_name(loc: list[Any]) -> str:
    return ".".join(str(part) for part in loc if str(part) not in LOCATION_PARTS)


def _vietnamese(error: dict[str, Any]) -> str:
    template = PYDANTIC_MESSAGES.get(error.get("type", ""), "Giá trị không hợp lệ.")
    try:
        return template.format(**(error.get("ctx") or {}))
    except (KeyError, IndexError):
        return template


@api.exception_handler(NinjaValidationError)
def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"field": _field_name(list(e.get("loc", []))), "message": _vietnamese(e)}
        for e in exc.errors
    ]
    return _error(request, 422, "invalid", "Dữ liệu gửi lên không hợp lệ.", errors=errors)


@api.exception_handler(ValidationError)
def model_invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 422, "invalid", " ".join(exc.messages))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, "error", str(exc))


api.add_router("/", accounts_router)
api.add_router("/", geo_router)
api.add_router("/", registry_router)
api.add_router("/", policies_router)
api.add_router("/", cases_router)
api.add_router("/", payroll_router)
api.add_router("/", integrity_router)
api.add_router("/", supervision_router)
api.add_router("/", funds_router)
api.add_router("/", "ansinh.poverty.api.router")
api.add_router("/", reports_router)
api.add_router("/", core_router)
