"""The home page in a browser: a mention waiting, opened from there and then gone; a
posting's title opening its board. No console error or CSP violation on the way."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from candidates.services import add_note
from tests.factories import ApplicationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.usefixtures("browser"),
]


def test_work_waiting_on_the_home_page_opens_where_it_is_done(
    open_as, hiring_manager, recruiter, posting
):
    application = ApplicationFactory.create(posting=posting)
    note = add_note(application, by=hiring_manager.user, body="@recruiter worth a call?")
    page = open_as(recruiter.user)
    page.goto("/")
    mentions = page.locator("#mentions")
    expect(mentions).to_contain_text("worth a call?")
    mentions.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(rf"/applications/{application.pk}/#note-{note.pk}$"))
    expect(page.locator(f"#note-{note.pk}")).to_be_visible()
    page.goto("/")
    expect(page.locator("#mentions")).to_contain_text("Nothing waiting")
    expect(page.locator("#my-postings")).to_contain_text("1 new")
    page.locator("#my-postings").get_by_role("link", name="Backend Lead").click()
    expect(page).to_have_url(re.compile(rf"/postings/{posting.pk}/board/$"))
    page.screenshot(path="/tmp/hh/board-from-home.png")
