"""One-line fields refuse line breaks and control characters, in models and on the apply form."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from candidates.models import Answer, Application, RejectionReason, Tag
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db


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


def test_a_rejection_reason_with_a_line_break_is_refused(client, posting, recruiter):
    application = ApplicationFactory.create(posting=posting)
    response = recruiter.client.post(
        f"/applications/{application.pk}/reject/", {"reason": "No\r\nBcc: x"}, follow=True
    )
    assert "Use a single line" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "active"
