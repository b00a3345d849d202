"""Email headers are one line whatever old rows hold: a CR/LF never breaks a send."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from outbox.email import Email, builder, record_email
from outbox.services import deliver_message
from postings.models import Posting
from tests.factories import ApplicationFactory, PostingFactory

pytestmark = pytest.mark.django_db


@builder("test_broken_headers")
def broken_headers() -> Email:
    return Email(
        to=["Ada\r\nLovelace <ada@example.com>"],
        subject="Moved to\r\nBcc: everyone@example.com\u2028now",
        text="Body\nwith lines",
        reply_to=["Kolanut\nPay <jobs@kolanut.test>"],
        from_email="Kolanut\r\nPay <jobs@kolanut.test>",
    )


def test_subjects_and_display_names_with_line_breaks_are_sent_on_one_line():
    with transaction.atomic():
        message = record_email("test_broken_headers", key="broken")
    assert deliver_message(message.pk) == "sent"
    (sent,) = mail.outbox
    assert sent.subject == "Moved to Bcc: everyone@example.com now"
    assert sent.to == ["Ada Lovelace <ada@example.com>"]
    assert sent.from_email == "Kolanut Pay <jobs@kolanut.test>"
    assert sent.reply_to == ["Kolanut Pay <jobs@kolanut.test>"]
    assert sent.body == "Body\nwith lines"
    assert sent.message()["Bcc"] is None


def test_an_old_posting_title_with_a_line_break_still_gets_its_emails_out(organization):
    posting = PostingFactory.create(organization=organization, status="open")
    Posting.objects.filter(pk=posting.pk).update(title="Backend Lead\r\nBcc: x@example.com")
    application = ApplicationFactory.create(posting=posting)
    with transaction.atomic():
        message = record_email(
            "application_received", key="old-row", args={"application_id": application.pk}
        )
    assert deliver_message(message.pk) == "sent"
    (sent,) = mail.outbox
    assert sent.subject == "We received your application: Backend Lead Bcc: x@example.com"
