from __future__ import annotations

import pytest

from postings.models import EmailTemplate, Posting
from tests.factories import PostingFactory
from tests.postings.test_editor import _details

pytestmark = pytest.mark.django_db

ERROR = "Use a single line, without line breaks or control characters."


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Backend Lead\r\nBcc: everyone@example.com"),
        ("department", "Engineering\nSales"),
        ("location", "Lagos\u2028Nigeria"),
    ],
)
def test_the_editor_refuses_a_line_break_next_to_the_field_and_keeps_the_rest(
    recruiter, organization, field, value
):
    response = recruiter.client.post("/postings/new/", _details(**{field: value}))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {field: [ERROR]}
    page = response.content.decode()
    assert ERROR in page
    assert "We are restructuring our backend team." in page  # the rest of the input is kept
    assert 'value="500000"' in page
    assert not Posting.objects.filter(organization=organization).exists()


def test_a_stage_name_with_a_line_break_is_refused(recruiter, organization):
    posting = PostingFactory.create(organization=organization)
    response = recruiter.client.post(
        f"/postings/{posting.pk}/stages/", {"stages-new-name": "Offer\r\nHired"}
    )
    assert ERROR in response.content.decode()
    assert not posting.stages.filter(name__contains="\n").exists()


def test_admin_refuses_a_line_break_in_an_email_template_subject(superuser, organization):
    response = superuser.client.post(
        "/admin/postings/emailtemplate/add/",
        {
            "organization": organization.pk,
            "name": "Moved",
            "subject": "Hello {{ first_name }}\r\nBcc: everyone@example.com",
            "body": "Hello",
        },
    )
    assert response.status_code == 200
    assert ERROR in response.content.decode()
    assert 'value="Moved"' in response.content.decode()
    assert not EmailTemplate.objects.exists()


def test_admin_refuses_a_line_break_in_an_organization_name(superuser, organization):
    response = superuser.client.post(
        f"/admin/accounts/organization/{organization.pk}/change/",
        {
            "name": "Kolanut\nPay",
            "slug": organization.slug,
            "timezone": "UTC",
            "default_currency": "NGN",
            "retention_months": "12",
        },
    )
    assert response.status_code == 200
    assert ERROR in response.content.decode()
    organization.refresh_from_db()
    assert organization.name == "Kolanut Pay"
