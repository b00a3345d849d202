from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from candidates.models import Application, ApplicationEvent, ApplicationStatus, Note
from candidates.services import business_days_after
from candidates.views import TIMELINE_PAGE
from outbox.models import Message, State
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    MembershipFactory,
    PostingFactory,
    QuestionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(posting):
    application = ApplicationFactory.create(
        posting=posting,
        candidate=CandidateFactory.create(
            organization=posting.organization,
            email="ada@example.org",
            location="Lagos",
            links={"github": "https://github.com/ada"},
        ),
        email="ada@example.org",
        location="Lagos",
        stated_years=7,
        links={"github": "https://github.com/ada"},
        resume_filename="Ada CV.pdf",
    )
    application.resume.save("resume.pdf", ContentFile(b"%PDF-1.4 resume"), save=True)
    return application


def _profile(persona, application):
    return persona.client.get(f"/applications/{application.pk}/")


def test_the_profile_shows_the_application_answers_and_timeline(
    hiring_manager, application, posting
):
    question = QuestionFactory.create(posting=posting, text="Can you work from Lagos?")
    application.answers.create(
        question=question, question_text=question.text, value="no", is_knockout=True
    )
    ApplicationEvent.objects.create(
        application=application, kind="applied", to_stage=application.stage
    )
    data_engineer = PostingFactory.create(organization=posting.organization, title="Data Engineer")
    data_engineer.hiring_team.add(hiring_manager.user)
    other = ApplicationFactory.create(posting=data_engineer, candidate=application.candidate)
    page = _profile(hiring_manager, application).content.decode()
    assert application.candidate.name in page
    assert "ada@example.org" in page
    assert "https://github.com/ada" in page
    assert "7.0 years" in page or "7 years" in page
    assert 'class="knockout">no' in page
    assert "Data Engineer" in page
    assert "Download resume (Ada CV.pdf)" in page
    assert "Applied" in page
    assert other.pk != application.pk


def test_other_applications_name_only_postings_the_viewer_may_open(
    hiring_manager, recruiter, application, posting
):
    on_team = PostingFactory.create(organization=posting.organization, title="Data Engineer")
    on_team.hiring_team.add(hiring_manager.user)
    off_team = PostingFactory.create(organization=posting.organization, title="Secret Founder Role")
    for other in (on_team, off_team):
        ApplicationFactory.create(posting=other, candidate=application.candidate)
    seen_by_manager = _profile(hiring_manager, application).content.decode()
    assert "Data Engineer" in seen_by_manager
    assert "Secret Founder Role" not in seen_by_manager
    seen_by_recruiter = _profile(recruiter, application).content.decode()
    assert "Data Engineer" in seen_by_recruiter
    assert "Secret Founder Role" in seen_by_recruiter


@pytest.mark.parametrize("others", [1, 20])
def test_other_applications_cost_no_query_per_row(
    hiring_manager, application, posting, others, django_assert_max_num_queries
):
    for n in range(others):
        other = PostingFactory.create(organization=posting.organization, title=f"Role {n}")
        other.hiring_team.add(hiring_manager.user)
        ApplicationFactory.create(posting=other, candidate=application.candidate)
    with django_assert_max_num_queries(14):
        page = _profile(hiring_manager, application).content.decode()
    assert f"Role {others - 1}" in page


def test_the_resume_downloads_as_an_attachment_and_is_on_the_timeline(
    hiring_manager, outsider, interviewer, application
):
    response = hiring_manager.client.get(f"/applications/{application.pk}/resume/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 resume"
    assert ApplicationEvent.objects.filter(
        application=application, kind="resume_viewed", actor=hiring_manager.user
    ).exists()
    assert outsider.client.get(f"/applications/{application.pk}/resume/").status_code == 404
    assert interviewer.client.get(f"/applications/{application.pk}/resume/").status_code == 403


def test_a_note_with_a_mention_emails_the_member_and_escapes_markup(
    hiring_manager, recruiter, outsider, application
):
    body = (
        "**Strong** on queues. @recruiter please call. @admin@brightloom.test <script>x()</script>"
    )
    response = hiring_manager.client.post(f"/applications/{application.pk}/notes/", {"body": body})
    assert response.status_code == 302
    note = Note.objects.get()
    assert list(note.mentions.all()) == [
        recruiter.user
    ]  # the other organization's admin is no one here
    mail = Message.objects.get(kind="send_email")
    assert mail.payload == {
        "builder": "note_mention",
        "args": {"note_id": note.pk, "user_id": recruiter.user.pk},
    }
    page = _profile(hiring_manager, application).content.decode()
    assert "<strong>Strong</strong>" in page
    assert "<script>x()</script>" not in page
    assert ApplicationEvent.objects.filter(kind="note", note=note).exists()


def test_only_the_author_edits_or_deletes_a_note_and_the_timeline_keeps_it(
    hiring_manager, recruiter, application
):
    hiring_manager.client.post(f"/applications/{application.pk}/notes/", {"body": "First thoughts"})
    note = Note.objects.get()
    assert (
        recruiter.client.post(
            f"/applications/{application.pk}/notes/{note.pk}/edit/", {"body": "hijack"}
        ).status_code
        == 403
    )
    hiring_manager.client.post(
        f"/applications/{application.pk}/notes/{note.pk}/edit/", {"body": "Second thoughts"}
    )
    note.refresh_from_db()
    assert note.body == "Second thoughts"
    hiring_manager.client.post(f"/applications/{application.pk}/notes/{note.pk}/delete/")
    note.refresh_from_db()
    assert note.is_deleted
    kinds = list(
        ApplicationEvent.objects.filter(application=application).values_list("kind", flat=True)
    )
    assert kinds == ["note", "note_edited", "note_deleted"]
    assert (
        "This note was deleted by its author."
        in _profile(hiring_manager, application).content.decode()
    )


def test_empty_or_overlong_notes_are_refused(hiring_manager, application):
    response = hiring_manager.client.post(
        f"/applications/{application.pk}/notes/", {"body": "   "}, follow=True
    )
    assert "The note is empty." in response.content.decode()
    response = hiring_manager.client.post(
        f"/applications/{application.pk}/notes/", {"body": "x" * 4001}, follow=True
    )
    assert "Notes can be at most 4000 characters." in response.content.decode()
    assert not Note.objects.exists()


def test_reject_with_a_delayed_email_that_can_be_cancelled(hiring_manager, application):
    response = hiring_manager.client.post(
        f"/applications/{application.pk}/reject/",
        {"reason": "Missing a must-have skill", "send_email": "on", "delay_days": "2"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.rejection_reason, application.version) == (
        "rejected",
        "Missing a must-have skill",
        2,
    )
    message = Message.objects.get()
    assert message.state == State.SCHEDULED
    assert message.payload["builder"] == "application_rejected"
    page = _profile(hiring_manager, application).content.decode()
    assert "Cancel the email" in page
    hiring_manager.client.post(
        f"/applications/{application.pk}/cancel-email/", {"message": message.pk}
    )
    message.refresh_from_db()
    assert message.state == State.CANCELLED
    kinds = list(
        ApplicationEvent.objects.filter(application=application).values_list("kind", flat=True)
    )
    assert kinds == ["rejected", "email_scheduled", "email_cancelled"]
    again = hiring_manager.client.post(
        f"/applications/{application.pk}/cancel-email/", {"message": message.pk}, follow=True
    )
    assert "cancelled and can&#x27;t be cancelled" in again.content.decode()


def test_rejection_emails_wait_two_business_days_in_the_organizations_time_zone():
    lagos = ZoneInfo("Africa/Lagos")
    friday_evening = datetime(2026, 11, 20, 18, 0, tzinfo=lagos)
    tuesday = business_days_after(friday_evening, 2, "Africa/Lagos")
    assert (tuesday.weekday(), tuesday.hour) == (1, 18)


def test_hire_withdraw_and_reopen_with_their_refusals(hiring_manager, application, posting):
    url = f"/applications/{application.pk}/"
    hiring_manager.client.post(url + "withdraw/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    refused = hiring_manager.client.post(
        url + "reject/", {"reason": "x"}, follow=True
    ).content.decode()
    assert "This application is withdrawn; only an active one can be rejected." in refused
    hiring_manager.client.post(url + "reopen/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE
    hiring_manager.client.post(url + "hire/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.HIRED
    refused = hiring_manager.client.post(url + "reopen/", follow=True).content.decode()
    assert "A hired application can&#x27;t be reopened." in refused
    kinds = list(
        ApplicationEvent.objects.filter(application=application).values_list("kind", flat=True)
    )
    assert kinds == ["withdrawn", "reopened", "hired"]


def test_who_may_act(interviewer, outsider, application):
    for persona, status in ((interviewer, 403), (outsider, 404)):
        assert _profile(persona, application).status_code == status
        assert persona.client.post(f"/applications/{application.pk}/hire/").status_code == status
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE


def _notes(application, author, count: int, start: datetime | None = None) -> None:
    """`count` notes on the timeline, a second apart, some sharing a time (ties go by id)."""
    start = start or timezone.now() - timedelta(days=1)
    notes = Note.objects.bulk_create(
        Note(application=application, author=author, body=f"note {n}") for n in range(count)
    )
    ApplicationEvent.objects.bulk_create(
        ApplicationEvent(
            application=application,
            kind="note",
            actor=author,
            note=note,
            created_at=start + timedelta(seconds=n // 2),
        )
        for n, note in enumerate(notes)
    )


def _note_numbers(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'class="note-body"><p>note (\d+)</p>', page)]


def _older(page: str) -> str | None:
    found = re.search(r'<li class="load-more"><a href="([^"]+)"', page)
    return html.unescape(found.group(1)) if found else None


@pytest.mark.parametrize("events", [10, 1000])
def test_the_profile_runs_a_constant_number_of_queries(
    hiring_manager, application, events, django_assert_max_num_queries
):
    _notes(application, hiring_manager.user, events)
    with django_assert_max_num_queries(14):
        page = _profile(hiring_manager, application).content.decode()
    size = TIMELINE_PAGE
    assert _note_numbers(page) == list(range(events - 1, max(events - size - 1, -1), -1))
    assert f'id="note-{Note.objects.latest("pk").pk}"' in page
    assert ("Show older" in page) == (events > size)
    with django_assert_max_num_queries(8):
        older = hiring_manager.client.get(_older(page) or "/", headers={"HX-Request": "true"})
    if events > size:
        newest = events - 1 - size
        assert _note_numbers(older.content.decode()) == list(range(newest, newest - size, -1))


def test_the_profile_weighs_the_same_with_1000_events_as_with_10(hiring_manager, application):
    _notes(application, hiring_manager.user, 10)
    ten = len(_profile(hiring_manager, application).content)
    _notes(application, hiring_manager.user, 990)
    thousand = len(_profile(hiring_manager, application).content)
    assert thousand < 1.2 * ten


def test_show_older_appends_the_next_events_in_place_and_works_without_javascript(
    hiring_manager, application
):
    _notes(application, hiring_manager.user, 70)
    page = _profile(hiring_manager, application).content.decode()
    seen, url = _note_numbers(page), _older(page)
    while url:
        fragment = hiring_manager.client.get(url, headers={"HX-Request": "true"}).content.decode()
        assert "<html" not in fragment
        assert fragment.lstrip().startswith("<li")
        seen += _note_numbers(fragment)
        plain = hiring_manager.client.get(url).content.decode()  # the same page, in the profile
        assert "<html" in plain
        assert "Back to the latest events" in plain
        assert _note_numbers(plain) == _note_numbers(fragment)
        url = _older(fragment)
    assert seen == list(range(69, -1, -1))  # newest first, each once, ties in order of id


def test_a_mangled_show_older_link_shows_the_latest_events(hiring_manager, application):
    _notes(application, hiring_manager.user, 40)
    for token in (
        "nonsense",
        "WyJ4Il0",
        "W251bGwsMV0",
        "WyIyMDIwLTAxLTAxIiwgOTk5OTk5OTk5OTk5OTk5OTk5OTldCg",
    ):
        response = hiring_manager.client.get(f"/applications/{application.pk}/?older={token}")
        assert response.status_code == 200
        assert _note_numbers(response.content.decode())[0] == 39


def test_an_email_waiting_to_go_can_be_cancelled_however_long_the_timeline(
    hiring_manager, application
):
    hiring_manager.client.post(
        f"/applications/{application.pk}/reject/",
        {"reason": "Missing a must-have skill", "send_email": "on", "delay_days": "2"},
    )
    _notes(application, hiring_manager.user, 40, start=timezone.now() + timedelta(minutes=1))
    page = _profile(hiring_manager, application).content.decode()
    assert "Cancel the email" in page
    assert "Email scheduled" not in page  # its event is on the next page


def test_another_organizations_member_cannot_page_the_timeline(outsider, application):
    _notes(application, application.posting.organization.memberships.first().user, 40)
    response = outsider.client.get(
        f"/applications/{application.pk}/?older=x", headers={"HX-Request": "true"}
    )
    assert response.status_code == 404
    assert b"note" not in response.content


def test_mentioning_someone_outside_the_organization_mentions_no_one(
    hiring_manager, application, other_organization
):
    stranger = UserFactory.create(email="stranger@elsewhere.test")
    MembershipFactory.create(user=stranger, organization=other_organization)
    hiring_manager.client.post(
        f"/applications/{application.pk}/notes/", {"body": "@stranger have a look"}
    )
    assert not Note.objects.get().mentions.exists()
    assert not Message.objects.exists()
    assert Application.objects.count() == 1


def test_previous_and_next_walk_the_board_column_in_its_sort_keeping_filters(
    hiring_manager, posting
):
    applied = posting.stages.order_by("order").first()
    first, second, third = (
        ApplicationFactory.create(posting=posting, stage=applied, position=n, source="referral")
        for n in range(3)
    )
    ApplicationFactory.create(
        posting=posting, stage=applied, position=1.5, source="linkedin"
    )  # filtered out
    page = hiring_manager.client.get(f"/applications/{second.pk}/?source=referral").content.decode()
    assert f'href="/applications/{first.pk}/?source=referral" rel="prev"' in page
    assert f'href="/applications/{third.pk}/?source=referral" rel="next"' in page
    assert "2 of 3 in Applied" in page
    newest_first = hiring_manager.client.get(
        f"/applications/{third.pk}/?sort=newest&source=referral"
    ).content.decode()
    assert 'rel="prev"' not in newest_first  # the newest is first in that sort


def test_mention_suggestions_offer_only_members_of_the_organization(
    hiring_manager, recruiter, outsider, application
):
    html = hiring_manager.client.get(
        f"/applications/{application.pk}/mentions/?q=rec", headers={"HX-Request": "true"}
    ).content.decode()
    assert 'data-handle="recruiter"' in html
    assert recruiter.user.get_full_name() in html
    nobody = hiring_manager.client.get(
        f"/applications/{application.pk}/mentions/?q=admin@bright"
    ).content.decode()
    assert "No one in your organization matches" in nobody
    assert outsider.client.get(f"/applications/{application.pk}/mentions/?q=rec").status_code == 404


def test_notes_and_mention_lookups_are_limited_per_person_with_a_friendly_429(
    hiring_manager, recruiter, application, settings
):
    settings.NOTE_RATE_LIMIT = "2/60"
    settings.MENTION_RATE_LIMIT = "3/60"
    url = f"/applications/{application.pk}/notes/"
    for n in range(2):
        assert hiring_manager.client.post(url, {"body": f"Note {n}"}).status_code == 302
    limited = hiring_manager.client.post(url, {"body": "One too many"})
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "Please wait a moment" in limited.content.decode()
    assert not Note.objects.filter(body="One too many").exists()
    # Per person: a colleague's note still goes in.
    assert recruiter.client.post(url, {"body": "Mine"}).status_code == 302
    lookup = f"/applications/{application.pk}/mentions/?q=rec"
    answers = [hiring_manager.client.get(lookup).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
