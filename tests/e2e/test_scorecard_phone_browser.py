"""An interviewer on a phone (390 by 844, touch): from "My interviews" to their interview's
scorecard, filled in and submitted, then their colleague's feedback shown beside theirs (issue
22). Fails on any console error, CSP violation included (`open_as`), on any failed request or
error answer, and on a page wider than the phone."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from interviews import scorecards
from interviews.models import Scorecard, ScorecardStatus
from tests.conftest import make_persona
from tests.factories import ApplicationFactory, CandidateFactory, make_interview_kind
from tests.interviews.helpers import held_interview

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.usefixtures("browser"),
]

PHONE = {"width": 390, "height": 844}
AREAS = {
    "System design": [("Breaks a problem down", "Listen for trade-offs, not buzzwords.")],
    "Leads a team": [("Grows people", "Ask for a story about a colleague they coached.")],
}


def _fits(page: Any) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_interviewer_submits_a_scorecard_on_a_phone(open_as, interviewer, posting):
    kind = make_interview_kind(posting, areas=AREAS)
    candidate = CandidateFactory.create(
        organization=posting.organization,
        name="Chidinma Okonkwo-Featherstonehaugh",
        email="chidinma.okonkwo-featherstonehaugh@engineering.example-university.edu",
    )
    application = ApplicationFactory.create(posting=posting, candidate=candidate)
    colleague = make_persona(
        posting.organization, Role.INTERVIEWER, email="panel@kolanut.test", full_name="Ngozi Eze"
    ).user
    interview = held_interview(application, kind, [interviewer.user, colleague])
    areas = scorecards.template_areas(interview)
    scorecards.submit_scorecard(
        interview,
        by=colleague,
        answers=scorecards.Answers(
            ratings={a.pk: 2 for area in areas for a in area.attributes.all()},
            recommendation="no",
            summary="Reached for a rewrite early.",
        ),
    )
    page = open_as(interviewer.user, viewport=PHONE, is_mobile=True, has_touch=True)
    failures: list[str] = []
    page.on("requestfailed", lambda request: failures.append(f"{request.url} failed"))
    page.on(
        "response",
        lambda response: (
            failures.append(f"{response.url} {response.status}") if response.status >= 400 else None
        ),
    )

    page.goto("/interviews/")
    due = page.locator(f"#due-{interview.pk}")
    expect(due).to_contain_text("Chidinma Okonkwo-Featherstonehaugh")
    assert _fits(page)
    due.get_by_role("link", name="Write feedback").tap()
    expect(page.locator("h1")).to_have_text("Your scorecard")
    assert _fits(page)
    design = page.get_by_role("group", name="System design")
    design.get_by_label("3 · Yes").tap()
    design.get_by_label("Notes on System design").fill("Split the ledger well; named the seams.")
    page.get_by_role("group", name="Leads a team").get_by_label("4 · Strong yes").tap()
    page.get_by_label("Strong yes", exact=True).tap()
    page.get_by_label("Overall notes").fill("Calm under follow-up questions.")
    expect(page.locator("#draft-status")).to_contain_text("Draft saved")  # the autosave
    page.get_by_role("button", name="Submit feedback").tap()

    # On the interview's page: thanks, theirs is in, and now the colleague's shows (blind
    # until then).
    expect(page.locator(".messages")).to_contain_text("Thank you: your feedback is in.")
    expect(page.locator("#my-scorecard")).to_contain_text("Your feedback is in.")
    table = page.locator("table.scorecards")
    expect(table).to_contain_text("Ngozi Eze")
    expect(table).to_contain_text("Reached for a rewrite early.")
    expect(table.locator("tr.recommendation")).to_contain_text("No")
    assert _fits(page)
    mine = Scorecard.objects.get(interview=interview, author=interviewer.user)
    assert mine.status == ScorecardStatus.SUBMITTED
    assert mine.submitted_at is not None
    assert mine.recommendation == "strong_yes"
    assert mine.summary == "Calm under follow-up questions."
    ratings = {r.attribute.name: r.rating for r in mine.ratings.select_related("attribute")}
    assert ratings == {"Breaks a problem down": 3, "Grows people": 4}
    notes = {n.focus_area.name: n.text for n in mine.notes.select_related("focus_area")}
    assert notes == {"System design": "Split the ledger well; named the seams.", "Leads a team": ""}
    page.goto("/interviews/")
    expect(page.locator(f"#due-{interview.pk}")).to_have_count(0)
    expect(page.locator("#done")).to_contain_text("Chidinma Okonkwo-Featherstonehaugh")
    assert not failures, failures
