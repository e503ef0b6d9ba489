"""Printable documents: Django templates rendered to PDF in the Decree 30/2020/NĐ-CP layout.

A document template extends ``documents/base.html`` (decisions, letters, reports: portrait A4)
or ``documents/list_base.html`` (signed lists: landscape A4 with a table whose header row
repeats on every page); the context variables they read are listed at the top of each. Then::

    pdf = render_pdf("cases/decision.html", context, request=request)
    return pdf_response(pdf, "Quyết định 12-QĐ-UBND.pdf")

WeasyPrint lays the HTML out with Pango; the text uses Times New Roman or, where it is not
installed (Linux servers), the metric-compatible Liberation Serif, which has all the Vietnamese
letters from version 2 on (``scripts/ensure-pdf-libs.sh`` installs Pango and fonts-liberation2).
Rendering never touches the network: static files are read from disk, other URLs are refused.

WeasyPrint lays out about 1 ms per table cell: lists that can run to thousands of lines (the
payroll signature list) are drawn with ReportLab instead, in the same layout (``core.pdf``).
"""

from __future__ import annotations

import mimetypes
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in a document rendered without a request resolve against this address. The
# .invalid top-level domain (RFC 2606) can never be looked up, should anything try.
OFFLINE_BASE_URL = "http://ansinh.invalid/"


class StaticFilesFetcher(URLFetcher):
    """Serve ``{% static %}`` URLs from disk and refuse everything else.

    A document is rendered inside a request, so fetching our own site over HTTP would tie up a
    second worker (or deadlock a single one), and fetching anywhere else would let a template
    mistake or user text reach the network or local files. ``data:`` URLs are allowed: they
    carry their content with them.
    """

    def __init__(self, base_url: str) -> None:
        super().__init__(allowed_protocols={"data"})
        self.static_prefix = urljoin(base_url, settings.STATIC_URL)

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> Any:
        if url.startswith(self.static_prefix):
            name = unquote(urlsplit(url[len(self.static_prefix):]).path)
            path = _static_file(name)
            content_type, _encoding = mimetypes.guess_type(name)
            return URLFetcherResponse(
                url, path.read_bytes(),
                {"Content-Type": content_type or "application/octet-stream"},
            )
        # Raises ValueError for any scheme but data:; WeasyPrint logs it and leaves the
        # resource out, as a browser would with a broken image.
        return super().fetch(url, headers)


def _static_file(name: str) -> Path:
    """The file behind a static name: the source file, or the collected (hashed) copy."""
    found = finders.find(name)
    if isinstance(found, str):
        return Path(found)
    # In production {% static %} names the hashed copy that only collectstatic wrote.
    # Both lookups refuse names that climb out of their folder (SuspiciousFileOperation).
    path = Path(staticfiles_storage.path(name))
    if not path.is_file():
        raise FileNotFoundError(f"Static file not found: {name}")
    return path


def render_pdf(
    template_name: str, context: Mapping[str, Any], *, request: HttpRequest | None = None
) -> bytes:
    """Render a document template to PDF bytes.

    The template is rendered in Vietnamese whatever the user's interface language: these are
    administrative documents, whose wording Decree 30 fixes. With a ``request`` the context
    processors run and relative links point at the site that served it.
    """
    with translation.override("vi"):
        html = render_to_string(template_name, dict(context), request=request)
    base_url = request.build_absolute_uri("/") if request is not None else OFFLINE_BASE_URL
    document = HTML(string=html, base_url=base_url, url_fetcher=StaticFilesFetcher(base_url))
    pdf: bytes = document.write_pdf()
    return pdf


def _ascii_filename(filename: str) -> str:
    """A plain-ASCII stand-in for clients that ignore ``filename*``: "Quyết định" → "Quyet dinh"."""
    folded = unicodedata.normalize("NFKD", filename.replace("đ", "d").replace("Đ", "D"))
    ascii_name = folded.encode("ascii", "ignore").decode("ascii")
    # Quotes and backslashes would end or escape the quoted-string; control characters
    # (a newline could split the header) are dropped.
    return "".join(c for c in ascii_name if c.isprintable() and c not in '"\\') or "document.pdf"


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """The PDF shown in the browser (inline), saved under ``filename`` with its Vietnamese letters.

    ``Content-Disposition`` carries both the UTF-8 name (RFC 6266 ``filename*``, which browsers
    use) and an ASCII fallback. Documents carry personal data, so caches must not keep them.
    """
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{_ascii_filename(filename)}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
