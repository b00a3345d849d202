from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from candidates.models import Application, ApplicationEvent, Candidate
from outbox.models import Message
from outbox.services import deliver_message
from tests.documents import ELF, docx_bytes, pdf_bytes, upload, zip_bytes
from tests.factories import PostingFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(organization):
    posting = PostingFactory.create(organization=organization, title="Backend Lead", status="open")
    QuestionFactory.create(
        posting=posting, text="Can you work from Lagos?", kind="yes_no", knockout_answer="no"
    )
    QuestionFactory.create(
        posting=posting,
        text="Notice period?",
        kind="choice",
        choices=["Now", "1 month", "3 months"],
        knockout_answer="",
        required=False,
    )
    return posting


def _form(posting, *, resume=None, **changes):
    yes_no, choice, *_more = posting.questions.order_by("order", "id")
    data = {
        "name": "Adaeze Okafor",
        "email": " Adaeze.Okafor@Example.com ",
        "phone": "+234 803 123 4567",
        "location": "Lagos, Nigeria",
        "linkedin": "linkedin.com/in/adaeze",
        "stated_years": "9",
        "cover_letter": "I led the payments backend team.",
        f"q_{yes_no.pk}": "yes",
        f"q_{choice.pk}": "1 month",
        "consent": "on",
        "resume": resume if resume is not None else upload("Adaeze CV.pdf", pdf_bytes()),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _url(posting, suffix=""):
    return f"/careers/{posting.organization.slug}/{posting.slug}/{suffix}"


@pytest.mark.parametrize(
    ("filename", "data", "extension"),
    [
        ("cv.pdf", pdf_bytes(), ".pdf"),
        ("cv.docx", docx_bytes(), ".docx"),
        ("cv.txt", b"Adaeze Okafor\nPython, Django, PostgreSQL\n", ".txt"),
    ],
)
def test_a_candidate_applies_with_each_file_type(client, posting, filename, data, extension):
    response = client.post(_url(posting), _form(posting, resume=upload(filename, data)))
    assert response.status_code == 302
    assert response["Location"] == _url(posting, "applied/")
    application = Application.objects.get()
    assert application.resume.name
    assert application.stage == posting.stages.order_by("order").first()
    assert application.resume.name.startswith(f"resumes/{posting.organization_id}/")
    assert application.resume.name.endswith(extension)
    assert "cv" not in application.resume.name  # stored under a random name
    assert application.resume_filename == filename
    with default_storage.open(application.resume.name) as stored:
        assert stored.read() == data
    assert application.email == "adaeze.okafor@example.com"
    assert application.links == {"linkedin": "https://linkedin.com/in/adaeze"}
    assert application.source == "careers page"
    assert not application.knockout
    assert [a.value for a in application.answers.all()] == ["yes", "1 month"]
    assert ApplicationEvent.objects.get(application=application).kind == "applied"
    message = Message.objects.get(kind="send_email")
    assert message.payload == {
        "builder": "application_received",
        "args": {"application_id": application.pk},
    }
    page = client.get(response["Location"]).content.decode()
    assert "Thank you, your application is in" in page


def test_the_confirmation_email_goes_out_over_smtp(client, posting, smtp_server):
    client.post(_url(posting), _form(posting))
    message = Message.objects.get(kind="send_email")
    assert deliver_message(message.pk) == "sent"
    envelope = smtp_server.received[0]
    assert envelope.rcpt_tos == ["adaeze.okafor@example.com"]
    text = envelope.content.decode()
    assert "Subject: We received your application: Backend Lead" in text
    assert "Hello Adaeze Okafor" in text


def test_the_hiring_team_sees_the_new_application_in_the_list_counts(client, posting, recruiter):
    client.post(_url(posting), _form(posting))
    page = recruiter.client.get("/postings/").content.decode()
    assert '<span class="muted">Applied</span> <strong>1</strong>' in page


def test_a_knockout_answer_flags_the_application_and_nothing_more(client, posting):
    yes_no = posting.questions.order_by("order", "id").first()
    client.post(_url(posting), _form(posting, **{f"q_{yes_no.pk}": "no"}))
    application = Application.objects.get()
    assert application.knockout
    assert application.status == "active"


def test_applying_twice_shows_the_same_page_creates_nothing_and_tells_the_address(client, posting):
    first = client.post(_url(posting), _form(posting))
    second = client.post(
        _url(posting),
        _form(
            posting,
            email="ADAEZE.okafor@example.com",
            phone="+234 700 000 0000",
            name="Adaeze N. Okafor",
        ),
    )
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Application.objects.count() == 1
    assert Candidate.objects.count() == 1
    candidate = Candidate.objects.get()
    assert candidate.phone == "+234 803 123 4567"  # an anonymous form changes no one's record
    assert candidate.name == "Adaeze Okafor"
    assert Application.objects.get().phone == "+234 803 123 4567"  # the application keeps its own
    builders = list(
        Message.objects.filter(kind="send_email")
        .order_by("id")
        .values_list("payload__builder", flat=True)
    )
    assert builders == ["application_received", "application_duplicate"]


def test_the_source_comes_from_the_link_when_present(client, posting):
    client.post(_url(posting) + "?utm_source=linkedin", _form(posting, source="referral"))
    assert Application.objects.get().source == "linkedin"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"name": "   "}, "name", "This field is required."),
        (
            {"stated_years": "-2"},
            "stated_years",
            "Ensure this value is greater than or equal to 0.",
        ),
        ({"consent": None}, "consent", "Please agree so we can consider your application."),
        ({"phone": "call me maybe"}, "phone", "Use digits, spaces and + ( ) - only"),
        ({"linkedin": "not a url"}, "linkedin", "Enter a valid URL."),
        (
            {"portfolio": "ftp://files.example.org/cv.pdf"},
            "portfolio",
            "Enter a web address starting with http:// or https://.",
        ),
    ],
)
def test_each_bad_field_gets_an_inline_error_and_the_rest_is_kept(
    client, posting, changes, field, message
):
    response = client.post(_url(posting), _form(posting, **changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}_error"' in page
    assert 'value="Lagos, Nigeria"' in page
    assert "I led the payments backend team." in page
    assert "Your resume <strong>Adaeze CV.pdf</strong> is attached." in page
    assert not Application.objects.exists()
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("resume", "message"),
    [
        (
            upload("cv.pdf", ELF),
            "We can&#x27;t read this kind of file. Please upload a PDF, DOCX or TXT file.",
        ),
        (upload("cv.docx", zip_bytes()), "This is a zip file, not a Word document."),
        (upload("cv.pdf", b""), "The file is empty. Please choose your resume again."),
        (upload("cv.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 10)), "the limit is 10 MB"),
    ],
)
def test_resumes_are_checked_by_content_and_size(client, posting, resume, message):
    response = client.post(_url(posting), _form(posting, resume=resume))
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_a_missing_resume_is_asked_for(client, posting):
    data = _form(posting)
    del data["resume"]
    response = client.post(_url(posting), data)
    assert 'id="id_resume_error"' in response.content.decode()


def test_unicode_names_and_markup_are_kept_as_text(client, posting, recruiter):
    for name, email in [
        ("Adéwálé Ògúnlẹ̀yẹ", "a@example.com"),
        ("王小明", "b@example.com"),
        ("فاطمة الزهراء", "c@example.com"),
    ]:
        assert client.post(_url(posting), _form(posting, name=name, email=email)).status_code == 302
    assert set(Candidate.objects.values_list("name", flat=True)) == {
        "Adéwálé Ògúnlẹ̀yẹ",
        "王小明",
        "فاطمة الزهراء",
    }
    response = client.post(
        _url(posting), _form(posting, name="<script>alert(1)</script>", email="bad")
    )
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_honeypot_gets_the_same_page_and_saves_nothing(client, posting):
    response = client.post(_url(posting), _form(posting, website="http://spam.example"))
    assert response["Location"] == _url(posting, "applied/")
    assert not Application.objects.exists()
    assert not Message.objects.exists()


def test_too_many_submissions_from_one_address_get_a_friendly_429(client, posting, settings):
    settings.APPLY_RATE_LIMIT = "2/600"
    for n in range(2):
        client.post(
            _url(posting), _form(posting, email=f"p{n}@example.com"), REMOTE_ADDR="198.51.100.9"
        )
    blocked = client.post(
        _url(posting), _form(posting, email="p3@example.com"), REMOTE_ADDR="198.51.100.9"
    )
    assert blocked.status_code == 429
    assert 1 <= int(blocked["Retry-After"]) <= 600
    assert "Please wait a few minutes" in blocked.content.decode()
    _assert_careers_layout(blocked, posting)
    assert Application.objects.count() == 2
    other = client.post(
        _url(posting), _form(posting, email="p4@example.com"), REMOTE_ADDR="198.51.100.10"
    )
    assert other.status_code == 302


def test_only_submissions_that_pass_the_checks_count_against_the_limit(client, posting, settings):
    # Nine tries with a mistake, then the real application: the candidate is not locked out.
    settings.APPLY_RATE_LIMIT = "2/600"
    for _ in range(9):
        mistaken = client.post(
            _url(posting), _form(posting, email="not an email"), REMOTE_ADDR="198.51.100.20"
        )
        assert mistaken.status_code == 200
    done = client.post(
        _url(posting), _form(posting, email="real@example.com"), REMOTE_ADDR="198.51.100.20"
    )
    assert done.status_code == 302
    assert Application.objects.count() == 1


def test_the_limit_reads_the_client_address_only_from_the_trusted_proxy_header(
    client, posting, settings
):
    settings.APPLY_RATE_LIMIT = "1/600"
    settings.TRUSTED_CLIENT_IP_HEADER = "X-Forwarded-For"
    # The left-most entry is the client's own claim; our proxy appended the real address.
    first = client.post(
        _url(posting),
        _form(posting, email="x1@example.com"),
        HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5",
        REMOTE_ADDR="10.0.0.2",
    )
    spoofed = client.post(
        _url(posting),
        _form(posting, email="x2@example.com"),
        HTTP_X_FORWARDED_FOR="2.2.2.2, 203.0.113.5",
        REMOTE_ADDR="10.0.0.2",
    )
    assert first.status_code == 302
    assert spoofed.status_code == 429


def test_limits_fail_open_when_redis_is_down(client, posting, settings, caplog):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    caplog.set_level(logging.WARNING)
    response = client.post(_url(posting), _form(posting))
    assert response.status_code == 302
    assert Application.objects.count() == 1
    assert "rate limit unavailable; allowing" in caplog.text


def test_an_oversized_body_is_refused_before_it_is_read(client, posting):
    response = client.post(_url(posting), _form(posting), CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert response.status_code == 413
    assert "Resumes can be at most 10 MB" in response.content.decode()
    _assert_careers_layout(response, posting)


def _assert_careers_layout(response, posting):
    # A candidate's page: the organization's careers header, not the team's sign-in navigation.
    page = response.content.decode()
    assert f"Careers at {posting.organization.name}" in page
    assert "Sign in" not in page


def test_the_apply_post_makes_at_most_26_queries(client, posting, django_assert_max_num_queries):
    # The candidate, the application, its answers and event, its pending fit score and two
    # outbox messages (confirmation, score), each message an idempotent get-or-create; and the
    # board's change counter (one upsert: the posting's cached board page is gone).
    url, data = _url(posting), _form(posting)
    with django_assert_max_num_queries(26):
        response = client.post(url, data)
    assert response.status_code == 302
    assert Application.objects.count() == 1


def test_resumes_have_no_public_url(client, posting):
    client.post(_url(posting), _form(posting))
    name = Application.objects.get().resume.name
    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/{name}").status_code == 404
    assert not getattr(settings, "MEDIA_URL", "").strip("/")


FORM_TEXT = {
    "phone": "+234 811 222 3333",
    "location": "Marker Town, Nowhere",
    "linkedin": "https://linkedin.com/in/marker-link",
    "cover_letter": "Click https://phish.example to claim your prize",
}


def _candidate_emails(posting):
    from outbox.email import BUILDERS

    rendered = []
    for message in Message.objects.filter(
        payload__builder__in=["application_received", "application_duplicate"]
    ).order_by("id"):
        email = BUILDERS[message.payload["builder"]](**message.payload["args"])
        rendered.append((message.payload["builder"], email))
    return rendered


def _assert_carries_no_form_text(email, *, name):
    for part in (email.subject, email.text, email.html):
        for value in [*FORM_TEXT.values(), "Free text answer marker", "phish.example"]:
            assert value not in part
    assert f"Hello {name}" in email.text
    assert f"Hello {name}" in email.html


def test_the_confirmation_carries_no_form_text_beyond_the_name(client, posting):
    QuestionFactory.create(
        posting=posting, text="Anything else?", kind="short_text", knockout_answer=""
    )
    short = posting.questions.get(text="Anything else?")
    client.post(
        _url(posting), _form(posting, **FORM_TEXT, **{f"q_{short.pk}": "Free text answer marker"})
    )
    [(builder, email)] = _candidate_emails(posting)
    assert builder == "application_received"
    assert email.to == ["adaeze.okafor@example.com"]
    _assert_carries_no_form_text(email, name="Adaeze Okafor")


def test_the_duplicate_notice_carries_no_text_of_the_second_form(client, posting):
    client.post(_url(posting), _form(posting))
    client.post(_url(posting), _form(posting, name="Click phish.example now", **FORM_TEXT))
    builders = _candidate_emails(posting)
    assert [builder for builder, _ in builders] == ["application_received", "application_duplicate"]
    _assert_carries_no_form_text(builders[1][1], name="Adaeze Okafor")
    assert "Click" not in builders[1][1].text


def test_a_known_person_is_greeted_by_their_record_name_not_the_forms(
    client, posting, organization
):
    other = PostingFactory.create(organization=organization, title="Data Engineer", status="open")
    client.post(_url(posting), _form(posting))
    QuestionFactory.create(posting=other, text="Q1", knockout_answer="")
    QuestionFactory.create(
        posting=other, text="Q2", kind="short_text", knockout_answer="", required=False
    )
    client.post(_url(other), _form(other, name="Visit phish.example today"))
    [_first, (_builder, second)] = _candidate_emails(posting)
    assert "phish.example" not in second.text
    assert "Hello Adaeze Okafor" in second.text


def test_an_application_sent_after_the_posting_closed_is_refused_by_the_service(
    client, posting, monkeypatch
):
    # The page read the posting while it was open; it closes before the submission commits.
    from candidates import services
    from postings.models import Posting, PostingStatus

    real = services.submit_application

    def closing_first(p, submission):
        Posting.objects.filter(pk=p.pk).update(status=PostingStatus.CLOSED)
        return real(p, submission)

    monkeypatch.setattr("careers.views.submit_application", closing_first)
    response = client.post(_url(posting), _form(posting))
    assert response.status_code == 410
    assert (
        "no longer" in response.content.decode().lower()
        or "closed" in response.content.decode().lower()
    )
    assert not Application.objects.filter(posting=posting).exists()
    assert not Message.objects.exists()


@pytest.mark.parametrize("field", ["name", "location", "phone"])
@pytest.mark.parametrize("value", ["Ada\r\nBcc: victim@example.org", "Ada\tOkafor"])
def test_the_apply_form_refuses_a_line_break_with_a_field_error_and_keeps_the_rest(
    client,
    posting,
    field,
    value,
):
    response = client.post(_url(posting), _form(posting, **{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    if field != "phone":  # the phone's own format check speaks first
        assert "Use a single line, without line breaks or control characters." in page
    assert "I led the payments backend team." in page
    assert not Application.objects.exists()


def test_a_one_line_short_answer_refuses_a_line_break(client, posting):
    short = QuestionFactory.create(
        posting=posting, text="Current title?", kind="short_text", knockout_answer=""
    )
    response = client.post(_url(posting), _form(posting, **{f"q_{short.pk}": "Lead\r\nengineer"}))
    assert response.status_code == 200
    assert f'id="id_q_{short.pk}_error"' in response.content.decode()
    assert not Application.objects.exists()


def test_a_source_from_the_link_is_kept_on_one_line(client, posting):
    response = client.post(_url(posting) + "?utm_source=linked%0D%0Ain%00x", _form(posting))
    assert response.status_code == 302
    assert Application.objects.get().source == "linked in x"
