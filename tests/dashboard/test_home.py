"""The team's home page: my postings with their new applicants, mentions waiting for me, my
interviews and the feedback I owe, the emails scheduled to go; each a link to the work."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from candidates.models import Application, Mention, PostingVisit
from candidates.services import add_note, delete_note, reject_application
from candidates.visits import VISIT_EVERY, record_visit
from dashboard.queries import SHOWN
from interviews.models import InterviewKind, Scorecard
from tests.conftest import make_persona
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    MembershipFactory,
    PostingFactory,
    bulk_applications,
    make_interview_kind,
    make_interviews,
)
from tests.interviews.helpers import held_interview

pytestmark = pytest.mark.django_db


def _home(persona) -> str:
    response = persona.client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _section(page: str, name: str) -> str:
    return page.split(f'id="{name}"')[1].split("</section>")[0]


def _world(posting, *, people, mentioned, interviewers, applicants=2):
    """Work of each kind on `posting`: applicants, a note mentioning `mentioned`, an upcoming
    and a held interview of `interviewers`, a rejection email waiting two business days."""
    applications = [
        ApplicationFactory.create(
            posting=posting,
            candidate=CandidateFactory.create(organization=posting.organization, name=f"Ada {n}"),
        )
        for n in range(applicants)
    ]
    handle = mentioned.email.split("@")[0]
    note = add_note(applications[0], by=people, body=f"@{handle} can you look at the resume?")
    kind = InterviewKind.objects.filter(stage__posting=posting).first() or make_interview_kind(
        posting
    )
    upcoming = make_interviews(applications[0], kind, interviewers, 1)[0]
    held = held_interview(applications[1], kind, interviewers)
    rejected = ApplicationFactory.create(
        posting=posting,
        candidate=CandidateFactory.create(organization=posting.organization, name="Rejected Rae"),
    )
    reject_application(rejected, by=people, reason="Not a fit", send_email=True, delay_days=2)
    return {
        "applications": applications,
        "note": note,
        "upcoming": upcoming,
        "held": held,
        "rejected": rejected,
    }


def test_the_home_page_links_each_piece_of_work_to_where_it_is_done(
    recruiter, hiring_manager, posting
):
    world = _world(
        posting,
        people=hiring_manager.user,
        mentioned=recruiter.user,
        interviewers=[recruiter.user],
    )
    page = _home(recruiter)
    postings = _section(page, "my-postings")
    # The title opens the board; the editor is one click away.
    assert f'<a href="/postings/{posting.pk}/board/"><strong>Backend Lead</strong></a>' in postings
    assert f'href="/postings/{posting.pk}/edit/"' in postings
    # Never opened: every applicant is new (the two, and the rejected one).
    assert "3 new" in postings
    assert "you haven't opened it yet" in postings
    assert f'href="/postings/{posting.pk}/applications/?sort=newest"' in postings
    mentions = _section(page, "mentions")
    note = world["note"]
    assert f'href="/applications/{note.application_id}/#note-{note.pk}"' in mentions
    assert "can you look at the resume?" in mentions
    assert "Ada 0" in mentions
    upcoming = _section(page, "my-interviews")
    assert f'href="/interviews/{world["upcoming"].pk}/"' in upcoming
    assert "Technical interview" in upcoming
    due = _section(page, "feedback-due")
    assert f'href="/interviews/{world["held"].pk}/scorecard/"' in due
    assert "Ada 1" in due
    scheduled = _section(page, "scheduled-emails")
    assert f'href="/applications/{world["rejected"].pk}/"' in scheduled
    assert "Rejection email" in scheduled
    assert "Rejected Rae" in scheduled


def test_each_empty_section_says_what_to_do(recruiter, hiring_manager, interviewer, organization):
    page = _home(recruiter)
    assert 'href="/postings/new/"' in _section(page, "my-postings")
    assert "When a colleague writes @" in _section(page, "mentions")
    assert "No upcoming interview" in _section(page, "my-interviews")
    assert "No feedback due" in _section(page, "feedback-due")
    assert "A rejection sent with a delay waits here" in _section(page, "scheduled-emails")
    as_manager = _home(hiring_manager)
    assert "Ask a recruiter or an admin to add you" in _section(as_manager, "my-postings")
    as_interviewer = _home(interviewer)
    assert "Interviewers work from their interviews" in _section(as_interviewer, "my-postings")
    assert 'id="scheduled-emails"' not in as_interviewer  # no posting of theirs to email from


def test_feedback_submitted_leaves_the_list_and_closed_postings_are_not_mine(
    recruiter, hiring_manager, posting, organization
):
    world = _world(
        posting, people=hiring_manager.user, mentioned=recruiter.user, interviewers=[recruiter.user]
    )
    Scorecard.objects.create(
        interview=world["held"],
        author=recruiter.user,
        status="submitted",
        recommendation="yes",
        submitted_at=timezone.now(),
    )
    PostingFactory.create(organization=organization, title="Old closed job", status="closed")
    page = _home(recruiter)
    assert "No feedback due" in _section(page, "feedback-due")
    assert "Old closed job" not in page


def test_new_applicants_count_from_the_last_visit_to_the_board_or_the_list(hiring_manager, posting):
    ApplicationFactory.create_batch(2, posting=posting)
    assert "2 new" in _section(_home(hiring_manager), "my-postings")
    assert hiring_manager.client.get(f"/postings/{posting.pk}/board/").status_code == 200
    assert "Nobody new since your last visit" in _section(_home(hiring_manager), "my-postings")
    # Ten minutes on, three more have applied since the visit: they are the new ones.
    now = timezone.now()
    visits = PostingVisit.objects.filter(user=hiring_manager.user)
    visits.update(seen_at=now - timedelta(minutes=10))
    Application.objects.filter(posting=posting).update(applied_at=now - timedelta(minutes=20))
    for application in ApplicationFactory.create_batch(3, posting=posting):
        Application.objects.filter(pk=application.pk).update(applied_at=now - timedelta(minutes=5))
    postings = _section(_home(hiring_manager), "my-postings")
    assert "3 new" in postings
    assert "since your last visit" in postings
    # Opening the list counts as a visit too.
    assert hiring_manager.client.get(f"/postings/{posting.pk}/applications/").status_code == 200
    assert "Nobody new since your last visit" in _section(_home(hiring_manager), "my-postings")


def test_a_visit_rewrites_its_row_at_most_once_a_minute(hiring_manager, posting):
    record_visit(posting, by=hiring_manager.user)
    first = PostingVisit.objects.get(user=hiring_manager.user, posting=posting).seen_at
    hiring_manager.client.get(f"/postings/{posting.pk}/board/")
    hiring_manager.client.get(f"/postings/{posting.pk}/board/")  # the cached page
    assert PostingVisit.objects.get(user=hiring_manager.user, posting=posting).seen_at == first
    PostingVisit.objects.update(seen_at=first - VISIT_EVERY)
    hiring_manager.client.get(f"/postings/{posting.pk}/board/")
    assert PostingVisit.objects.get(user=hiring_manager.user, posting=posting).seen_at > first
    assert PostingVisit.objects.count() == 1


def test_the_board_still_shows_the_notification_mode_it_reads_with_the_visit(
    hiring_manager, posting
):
    hiring_manager.client.post(f"/postings/{posting.pk}/notifications/", {"mode": "daily"})
    page = hiring_manager.client.get(f"/postings/{posting.pk}/board/").content.decode()
    assert re.search(r'<option value="daily"\s+selected', page)
    assert record_visit(posting, by=hiring_manager.user) == "daily"


def test_a_mention_waits_until_its_person_opens_the_application(recruiter, hiring_manager, posting):
    application = ApplicationFactory.create(posting=posting)
    note = add_note(application, by=hiring_manager.user, body="@recruiter what do you think?")
    assert "what do you think?" in _section(_home(recruiter), "mentions")
    # The author opening it clears nothing of someone else's.
    hiring_manager.client.get(f"/applications/{application.pk}/")
    assert Mention.objects.get(note=note, user=recruiter.user).seen_at is None
    assert recruiter.client.get(f"/applications/{application.pk}/").status_code == 200
    assert Mention.objects.get(note=note, user=recruiter.user).seen_at is not None
    assert "Nothing waiting" in _section(_home(recruiter), "mentions")
    # A new note waits again; a deleted one doesn't.
    again = add_note(application, by=hiring_manager.user, body="@recruiter and now?")
    assert "and now?" in _section(_home(recruiter), "mentions")
    delete_note(again, by=hiring_manager.user)
    assert "Nothing waiting" in _section(_home(recruiter), "mentions")


def test_another_organizations_work_never_shows(recruiter, outsider, posting, other_organization):
    theirs = PostingFactory.create(
        organization=other_organization, title="Their secret role", status="open"
    )
    # Work of every kind there, some of it naming our recruiter (not a member there: no mention).
    _world(theirs, people=outsider.user, mentioned=recruiter.user, interviewers=[outsider.user])
    ours = _world(
        posting, people=recruiter.user, mentioned=outsider.user, interviewers=[recruiter.user]
    )
    page = _home(recruiter)
    assert "Their secret role" not in page
    assert "Nothing waiting" in _section(page, "mentions")
    theirs_page = _home(outsider)
    assert "Backend Lead" not in theirs_page
    assert "Rejected Rae" in _section(theirs_page, "scheduled-emails")  # their own
    assert f"/applications/{ours['rejected'].pk}/" not in theirs_page
    assert f"/interviews/{ours['upcoming'].pk}/" not in theirs_page


def test_people_see_only_what_their_role_lets_them_work(
    hiring_manager, other_hiring_manager, interviewer, recruiter, posting, organization
):
    world = _world(
        posting, people=recruiter.user, mentioned=interviewer.user, interviewers=[interviewer.user]
    )
    add_note(world["applications"][1], by=recruiter.user, body="@manager2 have a look")
    elsewhere = PostingFactory.create(organization=organization, title="Not my team", status="open")
    ApplicationFactory.create(posting=elsewhere)
    # A hiring manager: their team's posting and its emails, not another team's.
    managers = _home(hiring_manager)
    assert "Backend Lead" in managers
    assert "Not my team" not in managers
    assert "Rejected Rae" in _section(managers, "scheduled-emails")
    # Another hiring manager, mentioned on a posting they don't work: nothing to open, so
    # nothing waits for them; no postings, no emails.
    others = _home(other_hiring_manager)
    assert "Nothing waiting" in _section(others, "mentions")
    assert "Backend Lead" not in others
    assert "Rejected Rae" not in others
    # An interviewer: their interviews and feedback, nothing of the postings'.
    interviewers = _home(interviewer)
    assert f"/interviews/{world['upcoming'].pk}/" in _section(interviewers, "my-interviews")
    assert f"/interviews/{world['held'].pk}/scorecard/" in _section(interviewers, "feedback-due")
    assert "Nothing waiting" in _section(interviewers, "mentions")
    assert "Rejected Rae" not in interviewers
    assert f"/postings/{posting.pk}/board/" not in interviewers


def test_a_member_of_two_organizations_sees_both_named(two_org_member, other_organization, posting):
    PostingFactory.create(organization=other_organization, title="Over there")
    page = _section(_home(two_org_member), "my-postings")
    assert "Backend Lead" in page
    assert "Over there" in page
    assert other_organization.name in page


def _grow(posting, organization, persona, n: int) -> None:
    """n of everything the page lists, for `persona`: postings with applicants, mentions,
    upcoming and held interviews, scheduled emails."""
    author = make_persona(organization, Role.RECRUITER, email=f"author{n}@kolanut.test").user
    for i in range(n):
        extra = PostingFactory.create(organization=organization, title=f"Role {n}-{i}")
        extra.hiring_team.add(persona.user)
        bulk_applications(extra, 3)
    _world(
        posting,
        people=author,
        mentioned=persona.user,
        interviewers=[persona.user],
        applicants=n,
    )
    for application in Application.objects.filter(posting=posting)[:n]:
        add_note(application, by=author, body=f"@{persona.user.email} again")
    kind = InterviewKind.objects.filter(stage__posting=posting).first()
    for application in Application.objects.filter(posting=posting, status="active")[:n]:
        held_interview(application, kind, [persona.user], hours_ago=3)
        make_interviews(application, kind, [persona.user], 2)
    for application in Application.objects.filter(posting=posting, status="active")[: n // 2]:
        reject_application(application, by=author, reason="No", send_email=True)


@pytest.mark.parametrize("persona_name", ["recruiter", "hiring_manager"])
def test_the_home_page_runs_a_constant_number_of_queries(
    request, persona_name, posting, organization, django_assert_max_num_queries
):
    persona = request.getfixturevalue(persona_name)
    MembershipFactory.create(user=persona.user, organization=PostingFactory.create().organization)
    _grow(posting, organization, persona, 2)
    with django_assert_max_num_queries(8) as small:  # the session and user among them
        page = _home(persona)
    assert "Role 2-1" in page
    _grow(posting, organization, persona, 3 * SHOWN)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = _home(persona)
    for section in ("my-postings", "mentions", "my-interviews", "feedback-due", "scheduled-emails"):
        assert _section(page, section).count("<li ") == SHOWN, section
