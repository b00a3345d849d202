"""End-to-end tests in a real browser: Debian's Chromium driven by Playwright.

Playwright's own browser download does not work on our machines, so the tests launch the
system Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium); .ci/run installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in the test thread; Django's guard
    # against database calls from async code would fire on the tests' own ORM calls. Set for
    # this module's lifetime only: `check --deploy` elsewhere rightly refuses the variable.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_as(browser, live_server):
    """open_as(user) -> a Playwright page logged in as that user, failing on CSP violations.

    open_as(user, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True): a
    phone; `viewport` and any other keyword go to Playwright's `new_context`."""
    from django.conf import settings
    from django.test import Client

    from tests.conftest import sign_in

    contexts = []
    violations: list[str] = []

    def factory(user: Any, viewport: dict[str, int] | None = None, **options: Any) -> Any:
        client = sign_in(Client(), user)
        context = browser.new_context(
            viewport=viewport or {"width": 1500, "height": 1000},
            base_url=live_server.url,
            **options,
        )
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.on(
            "console",
            lambda message: violations.append(message.text) if message.type == "error" else None,
        )
        page.set_default_timeout(10_000)
        contexts.append(context)
        return page

    yield factory
    for context in contexts:
        context.close()
    assert not violations, f"browser console errors: {violations[:3]}"
