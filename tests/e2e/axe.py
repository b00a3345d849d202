"""axe-core in the browser tests: the vendored script, put into a page without touching its CSP,
and its violations as plain records that a test can gate on or report.

The script is vendored under tests/ (not static/): the app never serves it. It goes in through
the DevTools protocol (Playwright's `evaluate`), which the page's Content-Security-Policy does
not govern, so the page under test keeps the exact policy it ships with: no `bypass_csp`, no
inline script tag, no header rewritten. `make vendor-axe` refetches it from npm and checks it
against SHA256SUMS.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

AXE_DIR = Path(__file__).resolve().parent / "vendor" / "axe-core"
AXE_VERSION = "4.14.1"  # as in the Makefile's AXE_VERSION
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
GATED = frozenset({"serious", "critical"})
IMPACTS = ("critical", "serious", "moderate", "minor")
WIDTHS: dict[str, dict[str, int]] = {
    "desktop": {"width": 1440, "height": 900},
    "phone": {"width": 390, "height": 844},
}

RUN = """async (tags) => {
  const result = await window.axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    rule: v.id,
    impact: v.impact || "minor",
    help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""


Step = Callable[[Any], None]


class Page(NamedTuple):
    """A page to visit: its name, whose browser context, its path, what to do once it has
    loaded, and the status it answers with."""

    name: str
    who: str
    path: str
    step: Step | None = None
    status: int = 200


def fail_the_apply_form(page: Any) -> None:
    """Send the apply form empty, past any checks in the browser, for the server's errors."""
    from playwright.sync_api import expect

    form = page.locator("form:has(input[type=file])")
    form.evaluate("(form) => { form.noValidate = true; }")
    form.locator("[type=submit]").last.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".errorlist, [role=alert], .error-summary").first).to_be_visible()


def open_the_advance_dialog(card_id: int) -> Step:
    def step(page: Any) -> None:
        from playwright.sync_api import expect

        page.locator(f"#card-{card_id} .card-advance").click()
        expect(page.locator("#action-dialog form")).to_be_visible()
        page.wait_for_load_state("networkidle")

    return step


def issue_pages(
    org: str, posting: Any, *, profile: int, advance_card: int, scorecard: int
) -> list[Page]:
    """The pages issue 22 names, checked by axe and shown in the screenshots alike: `profile`
    is the application whose profile is shown, `advance_card` the card whose dialog opens,
    `scorecard` the interview whose scorecard the interviewer writes."""
    return [
        Page("careers", "anonymous", f"/careers/{org}/"),
        Page("posting", "anonymous", f"/careers/{org}/{posting.slug}/"),
        Page("posting-errors", "anonymous", f"/careers/{org}/{posting.slug}/", fail_the_apply_form),
        Page("login", "anonymous", "/accounts/login/"),
        Page("home", "manager", "/"),
        Page("board", "manager", f"/postings/{posting.pk}/board/"),
        Page("list", "manager", f"/postings/{posting.pk}/applications/"),
        Page("profile", "manager", f"/applications/{profile}/"),
        Page(
            "advance-dialog",
            "manager",
            f"/postings/{posting.pk}/board/",
            open_the_advance_dialog(advance_card),
        ),
        Page("my-interviews", "interviewer", "/interviews/"),
        Page("scorecard", "interviewer", f"/interviews/{scorecard}/scorecard/"),
    ]


@dataclass(frozen=True)
class Violation:
    page: str
    width: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    @property
    def gated(self) -> bool:
        return self.impact in GATED

    def line(self) -> str:
        shown = ", ".join(self.targets[:4]) + (" …" if len(self.targets) > 4 else "")
        return f"{self.page} @ {self.width}: {self.rule} ({self.impact}) on {shown}: {self.help}"


@cache
def axe_source() -> str:
    return (AXE_DIR / "axe.min.js").read_text(encoding="utf-8")


def vendored_sha256() -> tuple[str, str]:
    """(the recorded digest, the file's digest) of the vendored axe.min.js."""
    recorded = (AXE_DIR / "SHA256SUMS").read_text(encoding="utf-8").split()[0]
    actual = hashlib.sha256((AXE_DIR / "axe.min.js").read_bytes()).hexdigest()
    return recorded, actual


def inject(page: Any) -> str:
    """Put axe into the page (once per document) and return its version."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.evaluate(axe_source())
    return str(page.evaluate("() => window.axe.version"))


def audit(page: Any, name: str, width: str) -> list[Violation]:
    """Every violation axe finds on the page as it stands now, under `name` at `width`."""
    inject(page)
    found = page.evaluate(RUN, TAGS)
    return [
        Violation(
            page=name,
            width=width,
            rule=item["rule"],
            impact=item["impact"],
            help=item["help"],
            targets=tuple(item["targets"]),
        )
        for item in found
    ]


def new_context(browser: Any, base_url: str, *, session: str | None = None) -> Any:
    """A browser context at desktop width; with `session`, signed in by that session cookie."""
    from django.conf import settings

    context = browser.new_context(viewport=WIDTHS["desktop"], base_url=base_url)
    if session is not None:
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
        )
    return context


def session_of(user: Any) -> str:
    """A session cookie value for `user`, past the second step when they have a device."""
    from django.conf import settings
    from django.test import Client

    from tests.conftest import sign_in

    return str(sign_in(Client(), user).cookies[settings.SESSION_COOKIE_NAME].value)


def watch_console(page: Any, errors: list[str], *, expected: frozenset[str] = frozenset()) -> None:
    """Collect the page's console errors (a CSP violation is one) and failed requests into
    `errors`, but for the browser's note that a page at one of the `expected` paths answered
    with an error status."""

    def seen(message: Any) -> None:
        if message.type != "error":
            return
        failed_page = urlsplit(message.location.get("url", "")).path in expected
        if failed_page and message.text.startswith("Failed to load resource"):
            return
        errors.append(message.text)

    page.on("console", seen)
    page.on("requestfailed", lambda r: errors.append(f"{r.url}: {r.failure}"))


def visit_all(
    contexts: dict[str, Any], pages: list[Page], then: Callable[[Any, str, str], Any]
) -> list[str]:
    """Each page at each width, in one tab per person (their context's), its step done, then
    `then(tab, page name, width name)`. Returns the console errors seen on the way."""
    errors: list[str] = []
    tabs: dict[str, Any] = {}
    for who in dict.fromkeys(page.who for page in pages):
        tabs[who] = contexts[who].new_page()
        tabs[who].set_default_timeout(10_000)
        failing = frozenset(page.path for page in pages if page.who == who and page.status >= 400)
        watch_console(tabs[who], errors, expected=failing)
    for width, size in WIDTHS.items():
        for name, who, path, step, status in pages:
            tab = tabs[who]
            tab.set_viewport_size(size)
            response = tab.goto(path, wait_until="networkidle")
            assert response is not None, path
            assert response.status == status, f"{name}: {path} answered {response.status}"
            if step is not None:
                step(tab)
            then(tab, name, width)
    return errors


def summary(
    violations: list[Violation], pages: list[Page]
) -> dict[tuple[str, str], dict[str, int]]:
    """{(page, width): {impact: how many rules}} for every page at every width, for the report."""
    table = {(p.name, w): dict.fromkeys(IMPACTS, 0) for w in WIDTHS for p in pages}
    for v in violations:
        table[(v.page, v.width)][v.impact] += 1
    return table
