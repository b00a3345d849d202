"""A hiring manager writes a note with a mention, picked from the suggestions, and sees it
highlighted."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from candidates.models import Note
from tests.factories import ApplicationFactory, PostingFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.usefixtures("browser"),
]


def test_mention_a_teammate_from_the_suggestions(open_as, hiring_manager, recruiter, organization):
    posting = PostingFactory.create(organization=organization, status="open")
    posting.hiring_team.add(hiring_manager.user)
    application = ApplicationFactory.create(posting=posting)
    page = open_as(hiring_manager.user)
    page.goto(f"/applications/{application.pk}/")
    page.locator("#note-body").press_sequentially("Worth a call, @rec")
    suggestion = page.locator('#mention-suggestions button[data-handle="recruiter"]')
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page.locator("#note-body")).to_have_value("Worth a call, @recruiter ")
    page.locator("#notes button[type=submit]").click()
    expect(page.locator(".note-body").first).to_contain_text("Worth a call, @recruiter")
    # Shown highlighted (a styled span from the stylesheet: nothing inline for the CSP).
    mention = page.locator(".note-body .mention").first
    expect(mention).to_have_text("@recruiter")
    assert mention.evaluate("e => getComputedStyle(e).fontWeight") == "600"
    note = Note.objects.get()
    assert list(note.mentions.all()) == [recruiter.user]
