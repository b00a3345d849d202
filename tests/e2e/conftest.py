"""End-to-end tests in a real browser: Debian's Chromium driven by Playwright.

Playwright's own browser download does not work on our machines, so the tests launch the
system Chromium (`CHROMIUM_PATH`, default /usr/bin/chromium); .ci/run installs it.
"""

from __future__ import annotations

import os
import re
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


# A CSP violation is a console error in Chromium already; the event says which directive and
# what was blocked, so the failure names it. An init script runs outside the page's CSP.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " blocked " + event.blockedURI);
});
"""


class PageWatch:
    """What went wrong in a browser context: console errors (CSP violations among them),
    uncaught exceptions, failed requests and responses of 400 or more that the test did not
    announce with `expect_status`. `check()` fails the test with the first few."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.expected: list[tuple[int, re.Pattern[str]]] = []

    def attach(self, context: Any) -> None:
        context.add_init_script(CSP_REPORTER)
        context.on("page", self.attach_page)

    def attach_page(self, page: Any) -> None:
        page.on(
            "console",
            lambda message: (
                self.problems.append(f"console error: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        page.on(
            "requestfailed",
            lambda request: self.problems.append(
                f"request failed: {request.method} {request.url} ({request.failure})"
            ),
        )
        page.on("response", self._response)

    def expect_status(self, status: int, url_pattern: str) -> None:
        """A response the test provokes on purpose (a 404, a 409): not a problem."""
        self.expected.append((status, re.compile(url_pattern)))

    def _response(self, response: Any) -> None:
        if response.status < 400:
            return
        if any(status == response.status and p.search(response.url) for status, p in self.expected):
            return
        self.problems.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def check(self) -> None:
        assert not self.problems, f"browser problems: {self.problems[:3]}"


@pytest.fixture
def page_watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def visitor(browser, live_server, page_watch):
    """visitor(**context_options) -> a Playwright page of a visitor without an account (a
    candidate), on the live server; the test fails on anything `PageWatch` catches."""
    contexts = []

    def factory(**options: Any) -> Any:
        context = browser.new_context(base_url=live_server.url, **options)
        page_watch.attach(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        contexts.append(context)
        return page

    yield factory
    for context in contexts:
        context.close()
    page_watch.check()


@pytest.fixture
def open_as(visitor, live_server):
    """open_as(user) -> a Playwright page logged in as that user, failing on console errors
    (CSP violations among them), failed requests and unexpected error responses.

    open_as(user, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True): a
    phone; `viewport` and any other keyword go to Playwright's `new_context`."""
    from django.conf import settings
    from django.test import Client

    from tests.conftest import sign_in

    def factory(user: Any, viewport: dict[str, int] | None = None, **options: Any) -> Any:
        client = sign_in(Client(), user)
        page = visitor(viewport=viewport or {"width": 1500, "height": 1000}, **options)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        return page

    return factory
