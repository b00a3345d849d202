"""axe-core (vendored from npm, tests/e2e/vendor/) on the candidate and staff pages in a real
browser, at desktop (1440 by 900) and phone (390 by 844) widths: no serious or critical violation
anywhere. Django admin's own pages are audited too and reported, not gated (we style little of
them). axe goes in through the DevTools protocol, so each page keeps its own CSP, unchanged."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from interviews.models import Interview
from postings.models import EmailTemplate
from screening.services import score_application
from tests.e2e.axe import (
    AXE_VERSION,
    Page,
    Violation,
    audit,
    inject,
    issue_pages,
    new_context,
    session_of,
    summary,
    vendored_sha256,
    visit_all,
    watch_console,
)
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    QuestionFactory,
    RequirementFactory,
    make_interview_kind,
)
from tests.interviews.helpers import held_interview

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.usefixtures("browser"),
]

RESUME = "\n".join(
    ["Ngozi Adichie", "Backend Engineer, Paystack, Feb 2017 - Present"]
    + [f"Built settlement service {n} in Python on PostgreSQL; mentored two." for n in range(40)]
)


@pytest.fixture
def hiring(organization, hiring_manager, interviewer, posting) -> dict[str, Any]:
    """A posting with what its pages show: requirements, questions, a few applicants on the
    board, and a held interview whose scorecard the interviewer has to write."""
    RequirementFactory.create(posting=posting, skills=["Python", "PostgreSQL"], order=0)
    RequirementFactory.create(posting=posting, kind="years", skills=[], min_years=5, order=1)
    QuestionFactory.create(posting=posting, text="Can you work from Lagos?", required=True)
    QuestionFactory.create(
        posting=posting, text="What would you change first?", kind="text", knockout_answer=""
    )
    stages = list(posting.stages.order_by("order"))
    # The advance dialog previews the next stage's email, long enough to scroll on a phone.
    stages[1].email_template = EmailTemplate.objects.create(
        organization=organization,
        name="Invite to screen",
        subject="{{ posting_title }} at {{ organization_name }}: a first call",
        body="Hi {{ first_name }},\n\n"
        + "\n\n".join(
            "Thank you for applying. We enjoyed reading your application and would like a "
            "30-minute call to hear more about your work and answer your questions."
            for _ in range(4)
        )
        + "\n\nThe hiring team",
    )
    stages[1].save(update_fields=["email_template"])
    people = ["Ngozi Adichie", "Aiko Tanaka", "Bram Visser", "Chidi Anagonye", "Farah Haddad"]
    applications = [
        ApplicationFactory.create(
            posting=posting,
            candidate=CandidateFactory.create(
                organization=organization,
                name=name,
                email=f"{name.split()[0].lower()}@example.org",
            ),
            stage=stages[n % 3],
            position=n,
        )
        for n, name in enumerate(people)
    ]
    kind = make_interview_kind(
        posting,
        areas={
            "System design": [("Breaks a problem down", "Listen for trade-offs.")],
            "Leads a team": [("Grows people", "Ask for a story about a colleague they coached.")],
        },
    )
    interview: Interview = held_interview(applications[2], kind, [interviewer.user])
    # The profile shows the resume's text beside its score (a scrolling box).
    applications[0].resume.save("ngozi-adichie.txt", ContentFile(RESUME.encode()), save=True)
    score_application(applications[0].pk, isolated=False)
    return {"posting": posting, "first": applications[0], "interview": interview}


def _pages(hiring: dict[str, Any]) -> list[Page]:
    posting, first, interview = hiring["posting"], hiring["first"], hiring["interview"]
    org = posting.organization.slug
    return [
        *issue_pages(org, posting, profile=first.pk, advance_card=first.pk, scorecard=interview.pk),
        # Beyond the issue's list, our own error and sign-in pages.
        Page("password-reset", "anonymous", "/accounts/password_reset/"),
        Page("not-found", "anonymous", f"/careers/{org}/no-such-posting/", status=404),
        Page("forbidden", "interviewer", f"/applications/{first.pk}/", status=403),
    ]


@pytest.fixture
def contexts(browser, live_server, hiring_manager, interviewer, superuser) -> Iterator[dict]:
    """One browser context per person, reused across pages and widths."""
    made = {
        "anonymous": new_context(browser, live_server.url),
        "manager": new_context(browser, live_server.url, session=session_of(hiring_manager.user)),
        "interviewer": new_context(browser, live_server.url, session=session_of(interviewer.user)),
        "superuser": new_context(browser, live_server.url, session=session_of(superuser.user)),
    }
    yield made
    for context in made.values():
        context.close()


def _audit_all(contexts: dict, pages: list[Page]) -> tuple[list[Violation], list[str]]:
    found: list[Violation] = []
    errors = visit_all(
        contexts, pages, lambda tab, name, width: found.extend(audit(tab, name, width))
    )
    return found, errors


def test_no_serious_or_critical_violation_on_candidate_and_staff_pages(contexts, hiring):
    found, errors = _audit_all(contexts, _pages(hiring))
    gated = [v for v in found if v.gated]
    _report("pages", found)
    assert not gated, "axe found serious or critical violations:\n" + "\n".join(
        v.line() for v in gated
    )
    assert not errors, f"browser console errors (a CSP violation is one): {errors[:3]}"


def test_django_admin_pages_are_reported_not_gated(contexts, hiring, capsys):
    posting = hiring["posting"]
    pages: list[Page] = [
        Page("admin-login", "anonymous", "/admin/login/"),
        Page("admin-index", "superuser", "/admin/"),
        Page("admin-changelist", "superuser", "/admin/candidates/application/"),
        Page("admin-change-form", "superuser", f"/admin/postings/posting/{posting.pk}/change/"),
        Page(
            "admin-organization",
            "superuser",
            f"/admin/accounts/organization/{posting.organization.pk}/change/",
        ),
    ]
    found, _ = _audit_all(contexts, pages)
    path = _report("admin", found)
    with capsys.disabled():
        print(f"\naxe on Django admin (reported, not gated; details in {path}):")
        for (page, width), counts in summary(found, pages).items():
            print(f"  {page} @ {width}: {counts}")
        for v in found:
            if v.gated:
                print(f"  {v.line()}")
    assert path.exists()


def test_axe_goes_in_without_touching_the_pages_csp(contexts, hiring, live_server):
    """The policy the browser enforces is the one Django sends, and it still blocks an inline
    script after axe is in; axe itself runs without a CSP violation."""
    path = f"/careers/{hiring['posting'].organization.slug}/"
    sent = Client().get(path).headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in sent.split("script-src")[1].split(";")[0]
    assert "'unsafe-eval'" not in sent
    page = contexts["anonymous"].new_page()
    errors: list[str] = []
    watch_console(page, errors)
    response = page.goto(path)
    assert response.headers["content-security-policy"] == sent
    assert inject(page) == AXE_VERSION
    assert audit(page, "careers", "desktop") is not None
    assert not errors, errors
    blocked = page.evaluate(
        """() => new Promise((resolve) => {
          document.addEventListener(
            "securitypolicyviolation", (e) => resolve(e.effectiveDirective));
          const script = document.createElement("script");
          script.textContent = "window.inlineRan = true";
          document.head.append(script);
          setTimeout(() => resolve(window.inlineRan ? "ran" : "silent"), 2000);
        })"""
    )
    assert blocked.startswith("script-src")


def test_the_vendored_axe_is_the_pinned_release():
    recorded, actual = vendored_sha256()
    assert actual == recorded
    assert (
        f"axe v{AXE_VERSION}"
        in (Path(__file__).parent / "vendor/axe-core/axe.min.js").open(encoding="utf-8").readline()
    )


def _report(name: str, found: list[Violation]) -> Path:
    """Every finding as JSON under the temp folder, for reading after a run."""
    folder = Path(os.environ.get("AXE_REPORT_DIR", tempfile.gettempdir())) / "shortlist-axe"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    rows = [v.__dict__ | {"targets": list(v.targets)} for v in found]
    path.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return path
