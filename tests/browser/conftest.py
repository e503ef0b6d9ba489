"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

CHROMIUM = os.environ.get("ANSINH_CHROMIUM", "/usr/bin/chromium")
# Flags for a sandboxed machine with no network: no background fetches, no first-run dialogs.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI") in {"true", "1"}:
            pytest.fail(f"Chromium not found at {CHROMIUM}: required in CI")
        pytest.skip(f"!!! Chromium not found at {CHROMIUM}: browser tests SKIPPED !!!")
    # Playwright's sync API runs an event loop in this thread; Django's async-safety check
    # would then refuse the ORM calls the tests make while preparing data.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1280, "height": 800}, locale="vi-VN",
    )
    page = context.new_page()
    yield page
    # Let requests in flight finish before the test database is flushed: a request still
    # running in the live server would otherwise hold locks the flush needs (PostgreSQL).
    page.wait_for_load_state("networkidle")
    context.close()
