from __future__ import annotations

import pytest

from candidates.models import Application
from outbox.models import Message
from outbox.services import deliver_message
from postings.models import EmailTemplate
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db

HTMX = {"headers": {"HX-Request": "true"}}


@pytest.fixture
def posting(posting, organization):
    """The shared posting (its hiring team has the hiring manager) with stage emails."""
    template = EmailTemplate.objects.create(
        organization=organization,
        name="Invite to screen",
        subject="{{ posting_title }}: next step",
        body="Hi {{ first_name }},\n\nWe'd like a call about {{ posting_title }}.",
    )
    screen = posting.stages.get(name="Screen")
    screen.email_template = template
    screen.save()
    return posting


@pytest.fixture
def application(posting):
    candidate = CandidateFactory.create(
        organization=posting.organization, name="Adaeze <b>Okafor</b>", email="adaeze@example.org"
    )
    return ApplicationFactory.create(
        posting=posting, candidate=candidate, stage=posting.stages.get(name="Applied")
    )


def test_a_template_with_an_unknown_placeholder_cannot_be_saved(staff, organization):
    response = staff.client.post(
        "/admin/postings/emailtemplate/add/",
        {
            "organization": organization.pk,
            "name": "Bad",
            "subject": "Hello",
            "body": "Your salary: {{ salary }} {% load x %}",
        },
    )
    assert response.status_code == 200
    assert "Unknown placeholder(s): {{ salary }}" in response.content.decode()
    assert not EmailTemplate.objects.filter(name="Bad").exists()


def test_a_hand_move_into_a_stage_with_an_email_previews_and_sends_it_as_edited(
    hiring_manager, posting, application, smtp_server
):
    screen = posting.stages.get(name="Screen")
    response = hiring_manager.client.post(
        f"/applications/{application.pk}/move/", {"stage": screen.pk, "version": 1}
    )
    assert response["Location"].startswith(f"/applications/{application.pk}/stage-email/?next=")
    preview = hiring_manager.client.get(response["Location"]).content.decode()
    assert "Hi Adaeze," in preview
    assert "Backend Lead: next step" in preview
    sent = hiring_manager.client.post(
        f"/applications/{application.pk}/stage-email/",
        {
            "action": "send",
            "subject": "{{ posting_title }}: a call",
            "body": "Hi {{ first_name }}, edited just for you.",
            "next": f"/postings/{posting.pk}/board/",
        },
    )
    assert sent["Location"] == f"/postings/{posting.pk}/board/"
    message = Message.objects.get(kind="send_email")
    assert message.payload["builder"] == "stage_email"
    assert deliver_message(message.pk) == "sent"
    text = smtp_server.received[0].content.decode()
    assert "Subject: Backend Lead: a call" in text
    assert "Hi Adaeze, edited just for you." in text
    assert "&lt;b&gt;" not in text.split("text/plain", 1)[1].split("text/html", 1)[0]


def test_skipping_sends_nothing(hiring_manager, posting, application):
    hiring_manager.client.post(f"/applications/{application.pk}/stage-email/", {"action": "skip"})
    assert not Message.objects.exists()


def test_an_htmx_move_offers_the_preview(hiring_manager, posting, application):
    screen = posting.stages.get(name="Screen")
    body = hiring_manager.client.post(
        f"/applications/{application.pk}/move/", {"stage": screen.pk, "version": 1}, **HTMX
    ).content.decode()
    assert "moved into a stage with an email." in body
    assert f"/applications/{application.pk}/stage-email/?next=" in body
    assert not Message.objects.exists()  # nothing goes without a person choosing to send


def test_an_edit_with_an_unknown_placeholder_is_refused(hiring_manager, posting, application):
    application.stage = posting.stages.get(name="Screen")
    application.save()
    page = hiring_manager.client.post(
        f"/applications/{application.pk}/stage-email/",
        {"action": "send", "subject": "Hi", "body": "{{ age }}"},
        follow=True,
    ).content.decode()
    assert "Unknown placeholder(s): {{ age }}" in page
    assert not Message.objects.exists()


def test_a_bulk_move_asks_once_and_emails_everyone_moved(hiring_manager, posting):
    applied, screen = posting.stages.get(name="Applied"), posting.stages.get(name="Screen")
    applications = ApplicationFactory.create_batch(3, posting=posting, stage=applied)
    hiring_manager.client.post(
        f"/postings/{posting.pk}/applications/bulk/",
        {
            "action": "move",
            "stage": screen.pk,
            "stage_emails": "on",
            "confirmed": "1",
            "ids": [a.pk for a in applications],
        },
    )
    assert Application.objects.filter(stage=screen).count() == 3
    assert Message.objects.filter(payload__builder="stage_email").count() == 3


def _stage_email(hiring_manager, application) -> Message:
    application.stage = application.posting.stages.get(name="Screen")
    application.save()
    hiring_manager.client.post(
        f"/applications/{application.pk}/stage-email/",
        {"action": "send", "subject": "{{ posting_title }}", "body": "Hi {{ first_name }}"},
    )
    return Message.objects.get(payload__builder="stage_email")


def test_a_sent_email_is_on_the_timeline_once(hiring_manager, application, smtp_server):
    message = _stage_email(hiring_manager, application)
    assert deliver_message(message.pk) == "sent"
    assert deliver_message(message.pk) == "skipped"
    events = application.events.filter(kind="email_sent")
    assert [(e.message_id, e.data["email"]) for e in events] == [(message.pk, "stage")]
    page = hiring_manager.client.get(f"/applications/{application.pk}/").content.decode()
    assert "Email sent" in page
    assert "(stage email)" in page


def test_an_email_that_fails_for_good_is_on_the_timeline_with_its_reason(
    hiring_manager, application, smtp_server
):
    message = _stage_email(hiring_manager, application)
    smtp_server.replies = ["550 5.1.1 mailbox unavailable"]
    Message.objects.filter(pk=message.pk).update(max_attempts=1)
    assert deliver_message(message.pk) == "failed"
    (event,) = application.events.filter(kind="email_failed")
    assert event.message_id == message.pk
    assert "mailbox unavailable" in event.data["error"]
    page = hiring_manager.client.get(f"/applications/{application.pk}/").content.decode()
    assert "It could not be delivered:" in page
    assert "mailbox unavailable" in page


def test_a_failure_that_will_be_retried_is_not_on_the_timeline_yet(
    hiring_manager, application, smtp_server
):
    message = _stage_email(hiring_manager, application)
    smtp_server.replies = ["451 4.3.0 try again later"]
    assert deliver_message(message.pk) == "pending"
    assert not application.events.filter(kind__in=["email_sent", "email_failed"]).exists()


def test_emails_to_the_team_stay_off_the_candidates_timeline(
    hiring_manager, recruiter, application, smtp_server
):
    from candidates.services import add_note

    add_note(application, by=hiring_manager.user, body=f"@{recruiter.user.email} look")
    message = Message.objects.get(payload__builder="note_mention")
    assert deliver_message(message.pk) == "sent"
    assert not application.events.filter(kind="email_sent").exists()
