"""The test helper that strips CSRF tokens strips them and nothing else."""

from __future__ import annotations

from django.middleware.csrf import get_token
from django.test import RequestFactory

from ansinh.core.testing import without_tokens


def test_a_csrf_token_is_removed_and_the_words_around_it_stay():
    token = get_token(RequestFactory().get("/"))
    html = (f'<input name="csrfmiddlewaretoken" value="{token}"><body hx-headers=\'{{"X-CSRFToken":'
            f' "{token}"}}\'>K8 — Người nhiễm HIV ' + "a1" * 40)
    cleaned = without_tokens(html)
    assert token not in cleaned
    assert "K8 — Người nhiễm HIV" in cleaned and "a1" * 40 in cleaned
