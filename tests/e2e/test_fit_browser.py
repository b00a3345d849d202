"""A candidate applies in a browser; a real worker scores the application; the hiring manager
sees the badge on the board and the explained breakdown on the profile."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from screening.models import FitScore
from tests.conftest import run_worker
from tests.documents import pdf_bytes
from tests.factories import PostingFactory, QuestionFactory, RequirementFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.usefixtures("browser"),
]

RESUME = """Amara Obi
Backend Engineer, Flutterwave, Feb 2018 - Present
Built settlement services in Python and Django on PostgreSQL.
Mentored three engineers."""


def test_an_application_gets_its_score_and_breakdown_from_a_worker(
    browser, open_as, live_server, organization, hiring_manager, tmp_path
):
    posting = PostingFactory.create(organization=organization, title="Backend Lead", status="open")
    posting.hiring_team.add(hiring_manager.user)
    RequirementFactory.create(posting=posting, skills=["Django", "FastAPI"], order=0)
    RequirementFactory.create(posting=posting, kind="years", skills=[], min_years=5, order=1)
    RequirementFactory.create(posting=posting, kind="leadership", skills=[], order=2)
    QuestionFactory.create(posting=posting, text="Can you work from Lagos?", required=True)
    resume = tmp_path / "amara.pdf"
    resume.write_bytes(pdf_bytes(RESUME))

    candidate = browser.new_context(base_url=live_server.url).new_page()
    candidate.goto(f"/careers/{organization.slug}/{posting.slug}/")
    candidate.fill("input[name=name]", "Amara Obi")
    candidate.fill("input[name=email]", "amara@example.org")
    candidate.fill("input[name=location]", "Lagos, Nigeria")
    candidate.fill("input[name=stated_years]", "7")
    candidate.get_by_label("Yes").check()
    candidate.set_input_files("input[name=resume]", str(resume))
    candidate.check("input[name=consent]")
    candidate.get_by_role("button", name=re.compile("Apply|Send", re.I)).click()
    expect(candidate.get_by_text(re.compile("received|thank", re.I)).first).to_be_visible()
    assert "fit-score" not in candidate.content()  # never shown to candidates

    fit = FitScore.objects.get(application__email="amara@example.org")
    assert fit.state == "pending"
    done = run_worker("scoring")
    assert done.returncode == 0, done.stderr[-2000:]
    fit.refresh_from_db()
    assert fit.state == "done"

    page = open_as(hiring_manager.user)
    page.goto(f"/postings/{posting.pk}/board/")
    badge = page.locator(f"#card-{fit.application_id} .fit-score")
    expect(badge).to_have_text(f"{fit.score:.0f}")
    expect(badge).to_have_attribute("href", f"/applications/{fit.application_id}/#fit")
    page.locator(f"#card-{fit.application_id} .card-name").click()
    breakdown = page.locator(".fit-breakdown")
    expect(breakdown).to_contain_text("Django / FastAPI")
    expect(breakdown).to_contain_text("Leadership experience")
    expect(page.locator(".fit-breakdown .status-partly")).to_have_count(1)  # mentoring only
    page.locator(".fit-breakdown a[href^='#evidence-']").first.click()
    expect(page.locator("mark#evidence-0")).to_contain_text("Python and Django")
    expect(page.locator("mark#evidence-0")).to_be_in_viewport()
