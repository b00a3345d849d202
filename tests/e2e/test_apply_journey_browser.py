"""A candidate applies in a real browser (issue 22): on a desktop, on a phone and by keyboard
only, each making a mistake only the server can catch on the way. The resume survives it, the
second submission succeeds, the stored application has the uploaded bytes and the confirmation
email reaches a real SMTP server through a real RQ worker. Each journey fails on any console
error, CSP violation, failed request or unexpected error response (the `visitor` fixture), and
prints its clicks (taps) and key presses (run with -s to see them)."""

from __future__ import annotations

import email
import email.policy
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import expect

from candidates.models import Application
from tests.conftest import run_worker
from tests.documents import pdf_bytes
from tests.factories import PostingFactory, QuestionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.usefixtures("browser"),
]

RESUME = pdf_bytes("Adaeze Okafor\nPayments backend lead, Python and Django")
# A long description, as real postings have: the form starts well below the first screen.
DESCRIPTION = "\n\n".join(
    f"## Part {n}\n\n" + "You will build and run the payments backend with a small team. " * 3
    for n in range(8)
)


@dataclass
class Effort:
    """The candidate's clicks (taps on a phone) and key presses, counted as they happen."""

    clicks: int = 0
    keys: int = 0
    first: tuple[int, int] | None = None  # up to the first submission, the one sent back

    def sent(self) -> None:
        self.first = (self.clicks, self.keys)

    def click(self, locator: Any) -> None:
        self.clicks += 1
        locator.click()

    def tap(self, locator: Any) -> None:
        self.clicks += 1
        locator.tap()

    def press(self, page: Any, key: str) -> None:
        self.keys += 1
        page.keyboard.press(key)

    def type(self, page: Any, text: str) -> None:
        self.keys += len(text)
        page.keyboard.type(text)

    def report(self, journey: str) -> str:
        line = f"apply form, {journey}: {self.clicks} clicks, {self.keys} key presses"
        if self.first is not None:
            line += f" (first submission, sent back: {self.first[0]} clicks, {self.first[1]} keys)"
        print(f"\n{line}")
        return line


@pytest.fixture
def posting(organization):
    posting = PostingFactory.create(
        organization=organization, title="Backend Lead", status="open", description=DESCRIPTION
    )
    QuestionFactory.create(
        posting=posting, text="Can you work from Lagos?", kind="yes_no", knockout_answer="no"
    )
    return posting


@pytest.fixture
def resume_file(tmp_path):
    path = tmp_path / "Adaeze CV.pdf"
    path.write_bytes(RESUME)
    return path


def _url(posting) -> str:
    return f"/careers/{posting.organization.slug}/{posting.slug}/"


def _active(page: Any) -> str:
    return str(page.evaluate("document.activeElement.id || document.activeElement.name || ''"))


def _sent_back_with_the_resume(page: Any, field: str) -> None:
    """The page the server sent back: the summary focused, naming the field, the resume kept."""
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.locator(f'a[href="#id_{field}"]')).to_be_visible()
    expect(page.locator(f"#id_{field}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".held-resume-name")).to_have_text("Your resume Adaeze CV.pdf is attached.")
    assert not Application.objects.exists()


def _applied_and_emailed(page: Any, address: str, smtp_server: Any) -> None:
    expect(page.locator("h1")).to_have_text("Thank you, your application is in")
    application = Application.objects.get()
    assert application.email == address
    assert application.resume_filename == "Adaeze CV.pdf"
    with application.resume.open("rb") as stored:
        assert stored.read() == RESUME  # the bytes chosen before the mistake
    worker = run_worker("email", smtp_port=smtp_server.port)
    assert worker.returncode == 0, worker.stderr[-2000:]
    [envelope] = smtp_server.received
    assert envelope.rcpt_tos == [address]
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert message["Subject"] == "We received your application: Backend Lead"


def _target_size(locator: Any) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box is not None
    return box["width"], box["height"]


def test_a_candidate_applies_on_a_desktop(visitor, posting, resume_file, smtp_server):
    page = visitor(viewport={"width": 1440, "height": 900})
    effort = Effort()
    page.goto(_url(posting))
    jump = page.locator(".apply-jump-top a")
    box = jump.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] < 900
    expect(page.locator(".apply-jump-sticky")).to_be_hidden()
    effort.click(jump)
    expect(page).to_have_url(f"{page.url.split('#')[0]}#apply")
    expect(page.locator("#apply-title")).to_be_in_viewport()

    with page.expect_file_chooser() as chooser:
        effort.click(page.locator("#id_resume"))
    chooser.value.set_files(resume_file)
    for field, text in (
        ("name", "Adaeze Okafor"),
        ("email", "adaeze@gmail"),  # the browser takes it; the server wants a domain
        ("location", "Lagos, Nigeria"),
        ("stated_years", "9"),
    ):
        effort.click(page.locator(f"#id_{field}"))
        effort.type(page, text)
    effort.click(page.get_by_label("Yes"))
    effort.click(page.locator("#id_consent"))
    effort.click(page.get_by_role("button", name="Send application"))
    effort.sent()
    _sent_back_with_the_resume(page, "email")

    effort.click(page.locator('#error-summary a[href="#id_email"]'))
    expect(page.locator("#id_email")).to_be_focused()
    effort.press(page, "End")
    effort.type(page, ".com")
    expect(page.locator("#id_consent")).to_be_checked()  # the rest was kept
    effort.click(page.get_by_role("button", name="Send application"))
    _applied_and_emailed(page, "adaeze@gmail.com", smtp_server)
    effort.report("desktop 1440x900")


def test_a_candidate_applies_on_a_phone(visitor, posting, resume_file, smtp_server):
    page = visitor(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    effort = Effort()
    page.goto(_url(posting))
    # The Apply bar sits at the foot of the screen while the description scrolls by.
    expect(page.locator(".apply-jump-top")).to_be_hidden()
    bar = page.locator(".apply-jump-sticky a")
    expect(bar).to_be_in_viewport()
    box = bar.bounding_box()
    assert box is not None
    assert 844 - 80 < box["y"] + box["height"] <= 844
    assert _target_size(bar)[1] >= 44
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    effort.tap(bar)
    expect(page.locator("#apply-title")).to_be_in_viewport()

    with page.expect_file_chooser() as chooser:
        effort.tap(page.locator("#id_resume"))
    chooser.value.set_files(resume_file)
    for field, text in (
        ("name", "Adaeze Okafor"),
        ("email", "adaeze@example.com"),
        ("phone", "0803 CALL ME"),  # no browser check for a phone number; the server's
        ("location", "Lagos, Nigeria"),
        ("stated_years", "9"),
    ):
        effort.tap(page.locator(f"#id_{field}"))
        effort.type(page, text)
    for target in (page.get_by_label("Yes"), page.locator("#id_consent")):
        assert min(_target_size(target)) >= 24
    effort.tap(page.get_by_label("Yes"))
    effort.tap(page.locator("#id_consent"))
    submit = page.get_by_role("button", name="Send application")
    submit.scroll_into_view_if_needed()
    # Nothing sticky covers the submit button when the form is on screen.
    box = submit.bounding_box()
    assert box is not None
    at = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).textContent",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert at == "Send application"
    effort.tap(submit)
    effort.sent()
    _sent_back_with_the_resume(page, "phone")
    link = page.locator('#error-summary a[href="#id_phone"]')
    assert _target_size(link)[1] >= 24
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    effort.tap(link)
    expect(page.locator("#id_phone")).to_be_focused()
    effort.press(page, "ControlOrMeta+a")
    effort.type(page, "0803 123 4567")
    effort.tap(page.get_by_role("button", name="Send application"))
    _applied_and_emailed(page, "adaeze@example.com", smtp_server)
    effort.report("phone 390x844")


def test_a_candidate_applies_by_keyboard_only(visitor, posting, resume_file, smtp_server):
    page = visitor(viewport={"width": 1440, "height": 900})
    # Playwright turns on file chooser interception when the first listener is added, without
    # waiting; added here, it is on long before the key press that opens the chooser (a click
    # waits for it, a key press doesn't: without this the chooser could open unseen).
    page.on("filechooser", lambda chooser: None)
    effort = Effort()
    focused: list[str] = []

    def tab_to(target: str, limit: int = 40) -> None:
        for _ in range(limit):
            if _active(page) == target:
                return
            effort.press(page, "Tab")
            focused.append(_active(page))
        raise AssertionError(f"Tab never reached {target}: {focused[-limit:]}")

    page.goto(_url(posting))
    effort.press(page, "Tab")  # the skip link, then on to the Apply link
    apply_link = page.locator(".apply-jump-top a")
    while not apply_link.evaluate("e => e === document.activeElement"):
        effort.press(page, "Tab")
        assert effort.keys < 15, "the Apply link is far down the Tab order"
    effort.press(page, "Enter")
    expect(page.locator("#apply-title")).to_be_in_viewport()

    effort.press(page, "Tab")  # from the form's heading, the first field: the resume
    assert _active(page) == "id_resume"
    with page.expect_file_chooser() as chooser:
        effort.press(page, "Space")
    chooser.value.set_files(resume_file)
    for field, text in (
        ("id_name", "Adaeze Okafor"),
        ("id_email", "adaeze@gmail"),  # the browser takes it; the server wants a domain
        ("id_location", "Lagos, Nigeria"),
        ("id_stated_years", "9"),
    ):
        tab_to(field)
        effort.type(page, text)
    question = posting.questions.get()
    tab_to(f"id_q_{question.pk}_0")
    effort.press(page, "Space")  # Yes
    tab_to("id_consent")
    effort.press(page, "Space")
    tab_to("")  # the submit button has neither id nor name
    assert page.evaluate("document.activeElement.type") == "submit"
    effort.press(page, "Enter")
    effort.sent()
    _sent_back_with_the_resume(page, "email")
    assert "website" not in focused  # the honeypot is never reached

    effort.press(page, "Tab")  # the summary's first link
    expect(page.locator('#error-summary a[href="#id_email"]')).to_be_focused()
    effort.press(page, "Enter")
    expect(page.locator("#id_email")).to_be_focused()
    effort.press(page, "End")
    effort.type(page, ".com")
    tab_to("")
    assert page.evaluate("document.activeElement.type") == "submit"
    effort.press(page, "Enter")
    _applied_and_emailed(page, "adaeze@gmail.com", smtp_server)
    assert "website" not in focused
    assert effort.clicks == 0
    effort.report("keyboard only")


def test_the_browser_checks_required_fields_before_anything_is_uploaded(
    visitor, posting, resume_file
):
    page = visitor(viewport={"width": 1440, "height": 900})
    posts: list[str] = []
    page.on(
        "request", lambda request: posts.append(request.url) if request.method == "POST" else None
    )
    page.goto(_url(posting))
    page.set_input_files("#id_resume", resume_file)
    page.fill("#id_name", "Adaeze Okafor")
    page.get_by_role("button", name="Send application").click()
    page.wait_for_timeout(300)
    assert posts == []  # nothing sent, the resume included
    assert page.evaluate("document.querySelector('form:invalid') !== null")
    assert page.evaluate("document.activeElement.id") == "id_email"  # the first one missing
    assert page.evaluate("document.getElementById('id_consent').validity.valueMissing")


def test_the_watch_catches_csp_violations_failed_requests_and_error_responses(
    browser, live_server, page_watch, posting
):
    context = browser.new_context(base_url=live_server.url)
    page_watch.attach(context)
    context.route("**/aborted/", lambda route: route.abort())
    page = context.new_page()
    page.goto(_url(posting))
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.ran = true";
          document.body.appendChild(script);
        }"""
    )
    page.evaluate("fetch('/no-such-page/').catch(() => null)")
    page.evaluate("fetch('/aborted/').catch(() => null)")
    page.wait_for_timeout(300)
    context.close()
    problems = " | ".join(page_watch.problems)
    assert "CSP violation: script-src" in problems
    assert "HTTP 404: GET" in problems
    assert f"request failed: GET {live_server.url}/aborted/" in problems
    page_watch.problems.clear()
    page_watch.expect_status(404, "/no-such-page/")
    page_watch._response(_FakeResponse(404, f"{live_server.url}/no-such-page/"))
    assert page_watch.problems == []


@dataclass
class _FakeResponse:
    status: int
    url: str
