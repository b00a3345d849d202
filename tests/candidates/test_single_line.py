"""One-line fields refuse line breaks and control characters, in models and on the apply form."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from candidates.models import Answer, Application, RejectionReason, Tag
from tests.careers.test_apply import _form, _url
from tests.factories import ApplicationFactory, CandidateFactory, PostingFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(organization):
    """An open posting with the two questions the apply tests' form answers."""
    posting = PostingFactory.create(organization=organization, title="Backend Lead", status="open")
    QuestionFactory.create(posting=posting, text="Can you work from Lagos?", knockout_answer="no")
    QuestionFactory.create(
        posting=posting,
        text="Notice period?",
        kind="choice",
        choices=["Now", "1 month", "3 months"],
        knockout_answer="",
        required=False,
    )
    return posting


BROKEN = ["Ada\r\nBcc: victim@example.org", "Ada\nOkafor", "Ada\x00", "Ada\u2028Okafor"]


def _refused(instance, field, **clean):
    with pytest.raises(ValidationError) as refused:
        instance.full_clean(**clean)
    return field in refused.value.message_dict


@pytest.mark.parametrize("value", BROKEN)
@pytest.mark.parametrize("field", ["name", "phone", "location", "consent_version"])
def test_candidate_one_line_fields_refuse_line_breaks(organization, field, value):
    candidate = CandidateFactory.build(organization=organization, **{field: value})
    assert _refused(candidate, field)


@pytest.mark.parametrize(
    "field", ["name", "phone", "location", "source", "rejection_reason", "resume_filename"]
)
def test_application_one_line_fields_refuse_line_breaks(posting, field):
    application = ApplicationFactory.create(posting=posting)
    setattr(application, field, "x\r\ny")
    assert _refused(application, field, exclude=["resume"])


def test_tags_reasons_and_asked_questions_refuse_line_breaks(organization, posting):
    assert _refused(Tag(organization=organization, name="senior\nlead"), "name")
    assert _refused(RejectionReason(organization=organization, label="No\r\nthanks"), "label")
    application: Application = ApplicationFactory.create(posting=posting)
    answer = Answer(application=application, question_text="Why?\nReally?", value="ok")
    assert _refused(answer, "question_text")


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


def test_a_rejection_reason_with_a_line_break_is_refused(client, posting, recruiter):
    application = ApplicationFactory.create(posting=posting)
    response = recruiter.client.post(
        f"/applications/{application.pk}/reject/", {"reason": "No\r\nBcc: x"}, follow=True
    )
    assert "Use a single line" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "active"
