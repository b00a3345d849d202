"""Emails to candidates come from the organization: its name beside the platform's address,
replies to the recruiter who acted (or the address the organization set), and a small branded
HTML part beside the plain text. Sent through a real SMTP server on loopback."""

from __future__ import annotations

import email
from datetime import timedelta
from email.message import EmailMessage
from email.policy import default
from email.utils import parseaddr

import pytest
from django.utils import timezone

from accounts.models import Membership
from accounts.services import update_email_settings
from candidates.services import reject_application, send_stage_email
from outbox.models import Message
from outbox.services import deliver_message
from postings.models import Posting
from tests.accounts.test_email_settings import png_bytes
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(posting):
    candidate = CandidateFactory.create(
        organization=posting.organization, name="Adaeze Okafor", email="adaeze@example.org"
    )
    return ApplicationFactory.create(posting=posting, candidate=candidate)


def _send_the_only_email(smtp_server, builder: str) -> EmailMessage:
    message = Message.objects.get(kind="send_email", payload__builder=builder)
    Message.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(1))
    assert deliver_message(message.pk) == "sent"
    (envelope,) = smtp_server.received
    parsed = email.message_from_bytes(envelope.content, policy=default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _parts(parsed: EmailMessage) -> tuple[str, str]:
    assert parsed.get_content_type() == "multipart/alternative"
    text = parsed.get_body(("plain",))
    html = parsed.get_body(("html",))
    assert text is not None
    assert html is not None
    return text.get_content(), html.get_content()


def test_a_rejection_comes_from_the_organization_and_replies_go_to_who_rejected(
    recruiter, application, organization, smtp_server, settings
):
    update_email_settings(
        organization,
        by=recruiter.user,
        sender_name="",
        reply_to="",
        logo=_logo(),
    )
    reject_application(application, by=recruiter.user, reason="Other", send_email=True)
    parsed = _send_the_only_email(smtp_server, "application_rejected")
    name, address = parseaddr(str(parsed["From"]))
    assert name == "Kolanut Pay Hiring"
    assert address == parseaddr(settings.DEFAULT_FROM_EMAIL)[1]  # SPF and DKIM still hold
    assert str(parsed["Reply-To"]) == "recruiter@kolanut.test"
    text, html = _parts(parsed)
    assert "Hello Adaeze Okafor," in text
    assert "we have decided not to move forward" in text
    assert "<" not in text  # the plain part stays plain
    organization.refresh_from_db()
    logo = f"/orgs/kolanut-pay/logo/{organization.email_logo_digest}.png"
    assert f'<img src="{settings.SITE_URL}{logo}" width="240" height="60" alt=""' in html
    assert "Kolanut Pay</p>" in html
    posting_url = f"{settings.SITE_URL}/careers/kolanut-pay/{application.posting.slug}/"
    assert f'<a href="{posting_url}"' in html
    assert "The Backend Lead posting" in html
    assert (
        "Sent by Kolanut Pay Hiring about your application for Backend Lead. "
        "You can reply to this email to reach the hiring team." in html
    )
    assert "we have decided not to move forward" in html


def test_the_organization_s_name_and_reply_address_win_when_it_set_them(
    org_admin, recruiter, application, organization, smtp_server
):
    update_email_settings(
        organization, by=org_admin.user, sender_name="Kolanut Careers", reply_to="jobs@kolanut.test"
    )
    reject_application(application, by=recruiter.user, reason="Other", send_email=True)
    parsed = _send_the_only_email(smtp_server, "application_rejected")
    assert parseaddr(str(parsed["From"]))[0] == "Kolanut Careers"
    assert str(parsed["Reply-To"]) == "jobs@kolanut.test"
    _text, html = _parts(parsed)
    assert "<img" not in html  # no logo set: the name alone heads the email


def test_a_stage_email_replies_to_the_person_who_sent_it(hiring_manager, application, smtp_server):
    send_stage_email(
        application, by=hiring_manager.user, subject="Next step", body="Hi, <b>let's talk</b>."
    )
    parsed = _send_the_only_email(smtp_server, "stage_email")
    assert str(parsed["Reply-To"]) == "manager@kolanut.test"
    text, html = _parts(parsed)
    assert text == "Hi, <b>let's talk</b>."  # exactly as written
    assert "<p>Hi, &lt;b&gt;let&#x27;s talk&lt;/b&gt;.</p>" in html  # escaped in the layout


def test_a_confirmation_replies_to_the_posting_s_owner_while_they_are_a_member(
    recruiter, application, smtp_server
):
    Posting.objects.filter(pk=application.posting_id).update(created_by=recruiter.user)
    application.posting.refresh_from_db()
    from outbox.email import record_email

    record_email(
        "application_received",
        key="again",
        args={"application_id": application.pk},
        organization=application.posting.organization,
    )
    parsed = _send_the_only_email(smtp_server, "application_received")
    assert str(parsed["Reply-To"]) == "recruiter@kolanut.test"
    assert "Thank you for applying for Backend Lead" in _parts(parsed)[0]


def test_someone_who_left_the_organization_gets_no_replies(recruiter, application, smtp_server):
    reject_application(application, by=recruiter.user, reason="Other", send_email=True)
    Membership.objects.filter(user=recruiter.user).delete()
    parsed = _send_the_only_email(smtp_server, "application_rejected")
    assert parsed["Reply-To"] is None  # nobody to reach: no Reply-To rather than a stranger
    assert parseaddr(str(parsed["From"]))[0] == "Kolanut Pay Hiring"
    assert "You can reply" not in _parts(parsed)[1]  # nor a footer asking for one


def test_an_older_message_recorded_without_who_acted_still_goes(application, smtp_server):
    from outbox.email import record_email

    record_email(
        "application_rejected",
        key="old",
        args={"application_id": application.pk},
        organization=application.posting.organization,
    )
    parsed = _send_the_only_email(smtp_server, "application_rejected")
    assert parsed["Reply-To"] is None
    assert parseaddr(str(parsed["From"]))[0] == "Kolanut Pay Hiring"


def test_a_name_with_commas_and_accents_reaches_the_inbox_as_written(
    org_admin, recruiter, application, organization, smtp_server
):
    update_email_settings(
        organization, by=org_admin.user, sender_name="Kolanut, Côte d'Ivoire", reply_to=""
    )
    reject_application(application, by=recruiter.user, reason="Other", send_email=True)
    parsed = _send_the_only_email(smtp_server, "application_rejected")
    assert parsed["From"].addresses[0].display_name == "Kolanut, Côte d'Ivoire"
    assert len(parsed["From"].addresses) == 1


def _logo():
    from accounts.branding import read_logo

    return read_logo(png_bytes(800, 200))
