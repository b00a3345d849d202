"""The hiring team's daily loop in a real browser (issue 21): advance with the stage email in a
dialog, reject and undo, a confirmed bulk rejection, and the profile's keyboard shortcuts.
Each test fails on any console error, a CSP violation included (the `open_as` fixture)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from candidates.models import Application, ApplicationStatus
from outbox.models import Message, State
from postings.models import EmailTemplate
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.usefixtures("browser"),
]


def _person(posting, name, stage, **fields):
    candidate = CandidateFactory.create(organization=posting.organization, name=name)
    return ApplicationFactory.create(posting=posting, candidate=candidate, stage=stage, **fields)


def test_advance_from_the_board_with_the_email_in_two_clicks(open_as, hiring_manager, posting):
    applied, screen = posting.stages.order_by("order")[:2]
    screen.email_template = EmailTemplate.objects.create(
        organization=posting.organization,
        name="Invite to screen",
        subject="{{ posting_title }}: next step",
        body="Hi {{ first_name }}, shall we talk?",
    )
    screen.save()
    card = _person(posting, "Ngozi Adichie", applied)
    page = open_as(hiring_manager.user)
    page.goto(f"/postings/{posting.pk}/board/")
    page.locator(f"#card-{card.pk} .card-advance").click()  # click 1
    dialog = page.locator("#action-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".email-preview")).to_contain_text("Hi Ngozi, shall we talk?")
    expect(dialog.locator(".email-subject")).to_have_text("Backend Lead: next step")
    dialog.get_by_role("button", name="Advance and send the email").click()  # click 2
    expect(page.locator(f"#column-{screen.pk} #card-{card.pk}")).to_be_visible()
    expect(dialog).to_be_hidden()
    expect(page.locator("#board-messages")).to_contain_text("Ngozi Adichie is in Screen")
    card.refresh_from_db()
    assert card.stage == screen
    message = Message.objects.get(payload__builder="stage_email")
    assert message.payload["args"]["application_id"] == card.pk


def test_reject_from_the_profile_then_undo(open_as, hiring_manager, posting):
    applied = posting.stages.order_by("order").first()
    first = _person(posting, "Aiko Tanaka", applied, position=0)
    following = _person(posting, "Bram Visser", applied, position=1)
    page = open_as(hiring_manager.user)
    page.goto(f"/applications/{first.pk}/")
    page.locator("#reject-button").click()  # click 1
    dialog = page.locator("#action-dialog")
    expect(dialog.locator(".email-preview")).to_contain_text("Hello Aiko Tanaka")
    expect(dialog.locator("#rejection-email")).to_be_checked()
    dialog.get_by_label("Missing a must-have skill").check()  # click 2: the reason
    dialog.get_by_role("button", name="Reject").click()  # click 3: rejected, email scheduled
    # The walk goes on to the next candidate, with the Undo in the flash.
    expect(page.locator("#candidate-name")).to_have_text("Bram Visser")
    rejected = Application.objects.get(pk=first.pk)
    assert rejected.status == ApplicationStatus.REJECTED
    assert rejected.rejection_reason == "Missing a must-have skill"
    email = Message.objects.get(payload__builder="application_rejected")
    assert email.state == State.SCHEDULED
    page.locator("#undo-rejection").click()
    expect(page.locator("#candidate-name")).to_have_text("Aiko Tanaka")
    expect(page.locator(".messages")).to_contain_text("Undone: Aiko Tanaka is back in Applied")
    first.refresh_from_db()
    email.refresh_from_db()
    assert first.status == ApplicationStatus.ACTIVE
    assert first.stage == applied
    assert email.state == State.CANCELLED
    assert Application.objects.get(pk=following.pk).status == ApplicationStatus.ACTIVE


def test_a_bulk_rejection_names_who_and_asks_first(open_as, hiring_manager, posting):
    applied = posting.stages.order_by("order").first()
    chosen = [_person(posting, name, applied) for name in ("Chidi Anagonye", "Dana Scully")]
    spared = _person(posting, "Eleanor Shellstrop", applied)
    page = open_as(hiring_manager.user)
    page.goto(f"/postings/{posting.pk}/applications/")
    for application in chosen:
        page.locator(f'input[name="ids"][value="{application.pk}"]').check()
    page.locator("#bulk-action").select_option("reject")
    expect(page.locator('input[name="send_email"]')).to_be_checked()  # the same default
    page.get_by_role("button", name="Apply", exact=True).click()
    expect(page.locator("h1")).to_have_text("Reject 2 applications?")
    expect(page.locator("#bulk-names")).to_contain_text("Chidi Anagonye")
    expect(page.locator("#bulk-names")).to_contain_text("Dana Scully")
    expect(page.locator("#bulk-names")).not_to_contain_text("Eleanor")
    assert not Application.objects.filter(status=ApplicationStatus.REJECTED).exists()
    page.locator("#bulk-confirm").click()
    expect(page.locator(".messages")).to_contain_text("Done for 2 of 2.")
    expect(page.locator("#undo-rejection")).to_be_visible()
    rejected = set(
        Application.objects.filter(status=ApplicationStatus.REJECTED).values_list("pk", flat=True)
    )
    assert rejected == {a.pk for a in chosen}
    assert Message.objects.filter(payload__builder="application_rejected").count() == 2
    assert Application.objects.get(pk=spared.pk).status == ApplicationStatus.ACTIVE


def test_the_profiles_keyboard_shortcuts(open_as, hiring_manager, posting):
    applied = posting.stages.order_by("order").first()
    first = _person(posting, "Farah Haddad", applied, position=0)
    second = _person(posting, "Goran Ilic", applied, position=1)
    page = open_as(hiring_manager.user)
    page.goto(f"/applications/{first.pk}/")
    page.keyboard.press("?")
    help_overlay = page.locator("#shortcuts-help")
    expect(help_overlay).to_be_visible()
    expect(help_overlay).to_contain_text("Advance to the next stage")
    page.keyboard.press("Escape")
    expect(help_overlay).to_be_hidden()
    # Typing in the note box is typing, not a shortcut.
    page.locator("#note-body").press_sequentially("j k a r")
    expect(page.locator("#note-body")).to_have_value("j k a r")
    expect(page).to_have_url(re.compile(rf"/applications/{first.pk}/"))
    page.locator("#note-body").fill("")
    page.locator("h1").click()
    page.keyboard.press("j")
    expect(page.locator("#candidate-name")).to_have_text("Goran Ilic")
    page.keyboard.press("k")
    expect(page.locator("#candidate-name")).to_have_text("Farah Haddad")
    page.keyboard.press("a")
    dialog = page.locator("#action-dialog")
    expect(dialog).to_contain_text("Advance Farah Haddad to Screen")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.keyboard.press("r")
    expect(dialog).to_contain_text("Reject Farah Haddad")
    page.keyboard.press("Escape")
    assert Application.objects.get(pk=first.pk).status == ApplicationStatus.ACTIVE
    assert Application.objects.get(pk=second.pk).version == 1
