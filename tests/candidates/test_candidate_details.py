"""An anonymous application never changes an existing person's record; the team merges."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from candidates.models import ApplicationEvent, Candidate
from candidates.services import Submission, submit_application
from tests.documents import upload
from tests.factories import CandidateFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

EARLIER = timezone.now() - timedelta(days=90)


@pytest.fixture
def candidate(organization):
    return CandidateFactory.create(
        organization=organization,
        name="Adaeze Okafor",
        email="adaeze@example.org",
        phone="+234 803 123 4567",
        location="Lagos, Nigeria",
        links={"github": "https://github.com/adaeze"},
        consent_at=EARLIER,
        consent_version="2025-01",
    )


@pytest.fixture
def off_team_manager(organization):
    """A hiring manager of the organization who is not on this posting's hiring team."""
    user = UserFactory.create(email="other-manager@kolanut.test")
    MembershipFactory.create(user=user, organization=organization, role=Role.HIRING_MANAGER)
    client = Client()
    client.force_login(user)
    return SimpleNamespace(user=user, client=client)


def _submit(posting, **changes):
    fields: dict[str, Any] = {
        "name": "Someone Else",
        "email": "ADAEZE@example.org",
        "location": "Abuja, Nigeria",
        "stated_years": Decimal(5),
        "resume": upload("cv.txt", b"Python"),
        "resume_extension": ".txt",
        "phone": "+234 700 000 0000",
        "links": {"github": "https://github.com/impostor", "portfolio": "https://evil.example"},
    }
    fields.update(changes)
    return submit_application(posting, Submission(**fields))


def _merge(persona, application, fields, **extra):
    return persona.client.post(
        f"/applications/{application.pk}/merge-details/", {"detail": fields}, **extra
    )


def test_it_keeps_the_existing_candidates_details_when_someone_applies_with_their_email(
    posting, candidate
):
    result = _submit(posting)
    candidate.refresh_from_db()
    assert result.application.candidate == candidate
    assert candidate.name == "Adaeze Okafor"
    assert candidate.phone == "+234 803 123 4567"
    assert candidate.location == "Lagos, Nigeria"
    assert candidate.links == {"github": "https://github.com/adaeze"}
    assert candidate.consent_at == EARLIER
    assert candidate.consent_version == "2025-01"


def test_the_application_keeps_what_was_sent_with_it_including_consent(
    posting, candidate, settings
):
    application = _submit(posting).application
    application.refresh_from_db()
    assert application.name == "Someone Else"
    assert application.phone == "+234 700 000 0000"
    assert application.location == "Abuja, Nigeria"
    assert application.links["portfolio"] == "https://evil.example"
    assert application.consent_at is not None
    assert application.consent_at > EARLIER
    assert application.consent_version == settings.CONSENT_TEXT_VERSION


def test_a_new_person_is_still_created_from_the_form(posting, settings):
    application = _submit(posting, email="new@example.org").application
    candidate = Candidate.objects.get(email="new@example.org")
    assert application.candidate == candidate
    assert candidate.name == "Someone Else"
    assert candidate.phone == "+234 700 000 0000"
    assert candidate.location == "Abuja, Nigeria"
    assert candidate.links["github"] == "https://github.com/impostor"
    assert candidate.consent_version == settings.CONSENT_TEXT_VERSION
    assert application.consent_at == candidate.consent_at


def test_applying_again_to_the_same_posting_changes_nothing(posting, candidate):
    first = _submit(posting, name="Adaeze Okafor", location="Lagos, Nigeria").application
    again = _submit(posting, name="Changed Name", phone="+1 555 0100")
    assert not again.created
    assert again.application == first
    candidate.refresh_from_db()
    first.refresh_from_db()
    assert candidate.name == "Adaeze Okafor"
    assert first.name == "Adaeze Okafor"
    assert first.phone == "+234 700 000 0000"


def test_the_profile_shows_the_record_and_flags_details_that_differ(
    hiring_manager, posting, candidate
):
    application = _submit(posting).application
    page = hiring_manager.client.get(f"/applications/{application.pk}/").content.decode()
    assert '<h1><span id="candidate-name">Adaeze Okafor</span>' in page
    assert "Details sent with this application differ" in page
    assert "Someone Else" in page
    assert "Abuja, Nigeria" in page
    assert f'action="/applications/{application.pk}/merge-details/"' in page
    assert 'name="detail" value="name"' in page
    assert 'name="detail" value="links"' in page


def test_no_difference_no_notice(hiring_manager, posting):
    application = _submit(posting, email="new@example.org").application
    page = hiring_manager.client.get(f"/applications/{application.pk}/").content.decode()
    assert "Details sent with this application differ" not in page


def test_a_team_member_merges_the_chosen_details_and_the_timeline_says_who(
    hiring_manager, posting, candidate
):
    application = _submit(posting).application
    response = _merge(hiring_manager, application, ["phone", "links"])
    assert response.status_code == 302
    assert response["Location"] == f"/applications/{application.pk}/#details"
    candidate.refresh_from_db()
    assert candidate.phone == "+234 700 000 0000"
    assert candidate.links == {
        "github": "https://github.com/impostor",
        "portfolio": "https://evil.example",
    }
    assert candidate.name == "Adaeze Okafor"  # not chosen
    assert candidate.location == "Lagos, Nigeria"
    event = ApplicationEvent.objects.get(application=application, kind="details_merged")
    assert event.actor == hiring_manager.user
    assert event.data["fields"] == ["phone", "links"]
    assert event.data["changes"]["phone"] == {
        "from": "+234 803 123 4567",
        "to": "+234 700 000 0000",
    }
    page = hiring_manager.client.get(response["Location"]).content.decode()
    assert "Copied to the candidate record" in page
    assert 'name="detail" value="phone"' not in page  # no longer differs
    assert 'name="detail" value="name"' in page


def test_merging_over_htmx_answers_with_the_details_fragment(hiring_manager, posting, candidate):
    application = _submit(posting).application
    response = _merge(hiring_manager, application, ["name"], headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.startswith('<section class="card" id="details"')
    assert '<span id="candidate-name" hx-swap-oob="true">Someone Else</span>' in fragment
    assert "Copied to the candidate record" in fragment
    candidate.refresh_from_db()
    assert candidate.name == "Someone Else"


def test_merging_nothing_is_refused_with_a_message(hiring_manager, posting, candidate):
    application = _submit(posting).application
    response = _merge(hiring_manager, application, [], follow=True)
    assert "Choose at least one detail to copy" in response.content.decode()
    unknown = _merge(hiring_manager, application, ["email"], follow=True)
    assert "Choose at least one detail to copy" in unknown.content.decode()
    candidate.refresh_from_db()
    assert candidate.name == "Adaeze Okafor"
    assert not ApplicationEvent.objects.filter(kind="details_merged").exists()


def test_only_people_who_work_the_posting_may_merge(
    posting, candidate, interviewer, outsider, off_team_manager
):
    application = _submit(posting).application
    for persona, status in ((interviewer, 403), (off_team_manager, 403), (outsider, 404)):
        assert _merge(persona, application, ["name"]).status_code == status
    candidate.refresh_from_db()
    assert candidate.name == "Adaeze Okafor"
    assert not ApplicationEvent.objects.filter(kind="details_merged").exists()


def test_merging_takes_post_and_csrf(hiring_manager, posting, candidate):
    application = _submit(posting).application
    url = f"/applications/{application.pk}/merge-details/"
    assert hiring_manager.client.get(url).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(hiring_manager.user)
    assert strict.post(url, {"detail": ["name"]}).status_code == 403
    candidate.refresh_from_db()
    assert candidate.name == "Adaeze Okafor"
