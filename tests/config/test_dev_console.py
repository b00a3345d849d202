"""The console of `make run` reads as text: each access line says method, path (never the
query string), status and time, and each email the worker prints stands between banners.
Deployed environments keep one JSON object per line."""

from __future__ import annotations

import json
import logging

import pytest
from django.core import mail

from config.logs import RequestIdFilter, TextFormatter
from outbox.console import EmailBackend
from tests.conftest import run_python, worker_env

pytestmark = pytest.mark.django_db

# A request served in a fresh process with its own settings, its stderr being what a console
# shows: a search box's query string carries an email, which no line may repeat.
SERVE = """
import django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
# No collectstatic here: the plain storage, so the 404 page renders without the manifest.
plain = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
with override_settings(STORAGES=plain):
    Client().get("/no-such-page/?q=ada.okafor@example.com", HTTP_HOST="localhost", secure=True)
"""


def test_an_access_line_on_the_terminal_says_method_path_status_and_time(client, caplog):
    caplog.set_level(logging.INFO, logger="shortlist.access")
    response = client.get("/accounts/login/?q=ada@example.com")
    record = next(r for r in caplog.records if r.name == "shortlist.access")
    RequestIdFilter().filter(record)
    line = TextFormatter().format(record)
    prefix = f"INFO    shortlist.access [{response['X-Request-ID'][:8]}] GET /accounts/login/ 200 "
    assert prefix in line
    assert line.endswith(" ms")
    assert "ada@example.com" not in line
    assert "?" not in line
    # The record itself is left as it was, for the other handlers.
    assert record.getMessage() == "request"


def test_other_lines_read_as_their_message():
    record = logging.LogRecord("rq.worker", logging.WARNING, __file__, 1, "%s jobs", (3,), None)
    assert TextFormatter().format(record).endswith("WARNING rq.worker [-] 3 jobs")


def test_make_run_writes_text_and_production_json(production_env):
    local = run_python(SERVE, {**worker_env(), "DJANGO_ENV": "local", "LOG_FORMAT": ""})
    (line,) = [entry for entry in local.stderr.splitlines() if "shortlist.access" in entry]
    assert " GET /no-such-page/ 404 " in line
    assert "ada.okafor" not in local.stderr
    deployed = run_python(SERVE, production_env)
    (entry,) = [
        json.loads(entry) for entry in deployed.stderr.splitlines() if '"shortlist.access"' in entry
    ]
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/no-such-page/", 404)
    assert isinstance(entry["duration_ms"], float)
    assert "ada.okafor" not in deployed.stderr


def test_an_email_printed_by_the_worker_stands_between_banners(capsys):
    message = mail.EmailMultiAlternatives(
        subject="Your application: Backend Lead",
        body="Hello Adaeze,\n\nThank you for applying.\n",
        from_email="Kolanut Pay Hiring <jobs@shortlist.invalid>",
        to=["adaeze@example.org"],
        reply_to=["recruiter@kolanut.test"],
    )
    message.attach_alternative("<p>Hello Adaeze,</p><p>Thank you for applying.</p>", "text/html")
    message.attach("invite.ics", "BEGIN:VCALENDAR", "text/calendar")
    assert EmailBackend().send_messages([message]) == 1
    printed = capsys.readouterr().out.splitlines()
    opening = printed.index("==== EMAIL to adaeze@example.org ".ljust(79, "="))
    assert printed[opening + 1 : opening + 6] == [
        "From:     Kolanut Pay Hiring <jobs@shortlist.invalid>",
        "Reply-To: recruiter@kolanut.test",
        "To:       adaeze@example.org",
        "Subject:  Your application: Backend Lead",
        "Parts:    text/plain, text/html (50 characters), attachment invite.ics (text/calendar)",
    ]
    assert printed[opening + 7 : opening + 10] == [
        "Hello Adaeze,",
        "",
        "Thank you for applying.",
    ]
    assert printed[opening + 10].startswith("==== END OF EMAIL Your application: Backend Lead ===")
    assert not [line for line in printed if "<p>" in line or "Content-Type" in line]


def test_the_console_email_url_selects_the_readable_backend():
    from config.env import parse_email_url

    assert parse_email_url("EMAIL_URL", "console://").backend == "outbox.console.EmailBackend"


def test_a_candidate_email_sent_by_the_outbox_prints_readably(settings, capsys):
    from outbox.email import record_email
    from outbox.services import deliver_message
    from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory

    settings.EMAIL_BACKEND = "outbox.console.EmailBackend"
    posting = PostingFactory.create(title="Backend Lead", status="open")
    candidate = CandidateFactory.create(
        organization=posting.organization, name="Adaeze Okafor", email="adaeze@example.org"
    )
    application = ApplicationFactory.create(posting=posting, candidate=candidate)
    message = record_email(
        "application_received", key="console", args={"application_id": application.pk}
    )
    assert deliver_message(message.pk) == "sent"
    printed = capsys.readouterr().out
    assert "==== EMAIL to adaeze@example.org ====" in printed
    assert f"From:     {posting.organization.name} Hiring <jobs@shortlist.invalid>" in printed
    assert "Subject:  We received your application: Backend Lead" in printed
    assert "Hello Adaeze Okafor,\n\nThank you for applying for Backend Lead" in printed
    assert "==== END OF EMAIL We received your application: Backend Lead ====" in printed
    assert "<html" not in printed
