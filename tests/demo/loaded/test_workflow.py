"""The issue's "done when": a hiring manager works a demo posting from the profile and list,
and every step is on the timeline and in the outbox."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from candidates.models import Application
from outbox.models import Message, State
from outbox.services import deliver_message

pytestmark = pytest.mark.django_db


def kinds(application: Application) -> list[str]:
    return list(application.events.order_by("created_at", "id").values_list("kind", flat=True))


def deliver_due() -> None:
    for pk in Message.objects.filter(state=State.PENDING).values_list("pk", flat=True):
        deliver_message(pk)


def test_a_hiring_manager_works_a_demo_posting_end_to_end(smtp_server):
    manager = User.objects.get(email="manager@kolanut.example")
    client = Client()
    client.force_login(manager)
    posting = manager.memberships.get().organization.postings.get(status="open")
    applied = posting.stages.get(name="Applied")
    first, second, *rest = (
        Application.objects.filter(posting=posting, stage=applied, status="active")
        .select_related("candidate")
        .order_by("pk")
    )
    Message.objects.all().delete()  # the demo's own history is not what this test checks

    # A note that mentions the recruiter: an email to her, a note on the timeline.
    client.post(f"/applications/{first.pk}/notes/", {"body": "@recruiter worth a call?"})
    mention = Message.objects.get(payload__builder="note_mention")

    # A move into Screen leads to the stage email's preview; the manager sends it.
    moved = client.post(
        f"/applications/{first.pk}/move/",
        {"stage": posting.stages.get(name="Screen").pk, "version": first.version},
    )
    preview = client.get(moved["Location"]).content.decode()
    first_name = first.candidate.name.split()[0]
    assert f"Hi {first_name}," in preview
    assert "a first call" in preview
    client.post(
        f"/applications/{first.pk}/stage-email/",
        {
            "action": "send",
            "subject": "{{ posting_title }} at {{ organization_name }}: a first call",
            "body": "Hi {{ first_name }}, shall we talk on Thursday?",
        },
    )
    stage_email = Message.objects.get(payload__builder="stage_email")

    # A rejection with a delayed email, cancelled from the profile before it goes.
    client.post(
        f"/applications/{second.pk}/reject/",
        {"reason": "Not enough experience for the role", "send_email": "on", "delay_days": "2"},
    )
    delayed = Message.objects.get(payload__builder="application_rejected")
    assert delayed.state == State.SCHEDULED
    client.post(f"/applications/{second.pk}/cancel-email/", {"message": delayed.pk})

    # A bulk rejection with emails from the list view.
    bulk = rest[:3]
    listed = client.post(
        f"/postings/{posting.pk}/applications/bulk/",
        {
            "action": "reject",
            "reason": "Another candidate was a closer fit",
            "send_email": "on",
            "confirmed": "1",
            "ids": [a.pk for a in bulk],
            **{f"v_{a.pk}": a.version for a in bulk},
        },
        follow=True,
    )
    assert "Done for 3 of 3." in listed.content.decode()

    deliver_due()

    mention.refresh_from_db()
    stage_email.refresh_from_db()
    delayed.refresh_from_db()
    assert (mention.state, stage_email.state, delayed.state) == (
        State.SENT,
        State.SENT,
        State.CANCELLED,
    )
    subjects = [e.content.decode() for e in smtp_server.received]
    assert any(f"Hi {first_name}, shall we talk on Thursday?" in s for s in subjects)
    assert any("mentioned you" in s for s in subjects)
    assert kinds(first) == ["applied", "scored", "note", "moved", "email_scheduled", "email_sent"]
    assert kinds(second) == ["applied", "scored", "rejected", "email_scheduled", "email_cancelled"]
    for application in bulk:
        assert kinds(application) == ["applied", "scored", "rejected", "email_scheduled"]
        assert (
            Message.objects.get(
                payload__builder="application_rejected",
                payload__args__application_id=application.pk,
            ).state
            == State.SCHEDULED
        )
    page = client.get(f"/applications/{first.pk}/").content.decode()
    for shown in ("Note", "Moved", "Email scheduled", "Email sent", "(stage email)"):
        assert shown in page
