"""Turn domain errors raised in views into the right page: 404, 403 or 400."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from ansinh.core.errors import DomainError, NotFound, PermissionDenied


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None  # the API renders its own error bodies
        if isinstance(exception, NotFound):
            return render(request, "404.html", {"message": exception.message}, status=404)
        if isinstance(exception, PermissionDenied):
            return render(request, "403.html", {"message": exception.message}, status=403)
        if isinstance(exception, DomainError):
            return render(request, "400.html", {"message": exception.message}, status=400)
        return None


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the user chose another language (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language and show English to
    anyone whose browser is set to English; officers expect the Vietnamese interface.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        # override() puts the thread's previous language back afterwards, so a worker thread
        # never carries one user's choice into the next request or a background task.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
