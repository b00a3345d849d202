"""The interviewer's pages (My interviews, the brief, the resume, the scorecard and its
autosave), blind feedback through the client, the decision view, the board card, and the
query counts at two sizes."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import ApplicationEvent
from interviews import scorecards
from interviews.models import Scorecard
from interviews.services import schedule_interview
from tests.factories import ApplicationFactory, RequirementFactory
from tests.interviews.conftest import slot_for
from tests.interviews.helpers import held_interview, scorecard_data

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _count(client, url, **kwargs) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


def _submit(persona, interview, kind, ratings, recommendation, **extra):
    return persona.client.post(
        f"/interviews/{interview.pk}/scorecard/",
        scorecard_data(kind, ratings, recommendation=recommendation, submit="submit", **extra),
    )


# --- Access --------------------------------------------------------------------------------


def test_an_interviewer_on_the_panel_reads_the_brief_but_not_the_profile(
    interviewer, application, kind, posting
):
    RequirementFactory.create(posting=posting, text="Has run Kafka in production")
    application.resume.save("cv.txt", ContentFile(b"Ten years of payments."), save=True)
    interview = held_interview(application, kind, [interviewer.user])
    page = interviewer.client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "Chidi Okafor" in page
    assert "Has run Kafka in production" in page
    assert f"/interviews/{interview.pk}/resume/" in page
    assert f"/interviews/{interview.pk}/scorecard/" in page
    resume = interviewer.client.get(f"/interviews/{interview.pk}/resume/")
    assert resume.status_code == 200
    assert b"".join(resume.streaming_content) == b"Ten years of payments."
    assert ApplicationEvent.objects.filter(kind="resume_viewed", actor=interviewer.user).exists()
    # Everything else stays closed: the profile, its resume, the board.
    assert interviewer.client.get(f"/applications/{application.pk}/").status_code == 403
    assert interviewer.client.get(f"/applications/{application.pk}/resume/").status_code == 403
    assert interviewer.client.get(f"/applications/{application.pk}/feedback/").status_code == 403
    assert interviewer.client.get(f"/postings/{posting.pk}/board/").status_code == 403


def test_an_interviewer_not_on_the_panel_gets_403_and_an_outsider_404(
    interviewer, other_interviewer, outsider, recruiter, application, kind
):
    interview = held_interview(application, kind, [interviewer.user])
    for url in ("", "resume/", "scorecard/"):
        assert other_interviewer.client.get(f"/interviews/{interview.pk}/{url}").status_code == 403
        assert outsider.client.get(f"/interviews/{interview.pk}/{url}").status_code == 404
    # The recruiter reads the brief, but writes no one else's scorecard.
    assert recruiter.client.get(f"/interviews/{interview.pk}/").status_code == 200
    assert recruiter.client.get(f"/interviews/{interview.pk}/scorecard/").status_code == 403
    response = recruiter.client.post(f"/interviews/{interview.pk}/scorecard/draft/", {})
    assert response.status_code == 403
    assert not Scorecard.objects.exists()


# --- The scorecard ---------------------------------------------------------------------------


def test_before_the_start_the_scorecard_is_read_only_and_a_post_is_refused(
    interviewer, application, kind
):
    interview = schedule_interview(application, slot=slot_for(kind, [interviewer.user]), by=None)
    page = interviewer.client.get(f"/interviews/{interview.pk}/scorecard/").content.decode()
    assert "Feedback opens when the interview starts." in page
    assert '<form method="post" action="/interviews/' not in page
    response = _submit(interviewer, interview, kind, {"Breaks a problem down": "3"}, "yes")
    assert response.status_code == 200
    assert "hasn&#x27;t started yet" in response.content.decode()
    assert not Scorecard.objects.exists()


def test_a_rating_outside_one_to_four_is_a_form_error_and_nothing_is_saved(
    interviewer, application, kind
):
    interview = held_interview(application, kind, [interviewer.user])
    response = _submit(interviewer, interview, kind, {"Breaks a problem down": "7"}, "yes")
    assert response.status_code == 200
    assert "Rate from 1 to 4, or choose no opinion." in response.content.decode()
    response = _submit(interviewer, interview, kind, {"Breaks a problem down": "3"}, "maybe")
    assert "Choose strong no, no, yes or strong yes." in response.content.decode()
    response = _submit(interviewer, interview, kind, {"Breaks a problem down": "3"}, "")
    assert "Choose an overall recommendation before submitting." in response.content.decode()
    assert not Scorecard.objects.exists()


def test_the_draft_autosaves_by_htmx_and_the_page_shows_it_back(interviewer, application, kind):
    interview = held_interview(application, kind, [interviewer.user])
    page = interviewer.client.get(f"/interviews/{interview.pk}/scorecard/").content.decode()
    assert f'hx-post="/interviews/{interview.pk}/scorecard/draft/"' in page
    assert 'hx-trigger="change delay:1s"' in page
    response = interviewer.client.post(
        f"/interviews/{interview.pk}/scorecard/draft/",
        scorecard_data(
            kind, {"Breaks a problem down": "4"}, notes={"System design": "Sharp on sharding."}
        ),
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Draft saved" in response.content.decode()
    card = Scorecard.objects.get()
    assert card.status == "draft"
    assert card.ratings.get(attribute__name="Breaks a problem down").rating == 4
    page = interviewer.client.get(f"/interviews/{interview.pk}/scorecard/").content.decode()
    assert "Sharp on sharding." in page
    assert 'value="4" checked' in page or 'value="4"\n' in page or "checked" in page
    bad = interviewer.client.post(
        f"/interviews/{interview.pk}/scorecard/draft/",
        scorecard_data(kind, {"Breaks a problem down": "9"}),
        headers=HTMX,
    )
    assert "Not saved" in bad.content.decode()
    assert Scorecard.objects.get().ratings.get(attribute__name="Breaks a problem down").rating == 4


def test_submitting_then_amending_puts_both_on_the_timeline(
    interviewer, recruiter, application, kind
):
    interview = held_interview(application, kind, [interviewer.user])
    response = _submit(interviewer, interview, kind, {"Breaks a problem down": "3"}, "yes")
    assert response.status_code == 302
    assert response["Location"] == f"/interviews/{interview.pk}/"
    page = interviewer.client.get(f"/interviews/{interview.pk}/scorecard/").content.decode()
    assert "Amend my feedback" in page
    assert "hx-post" not in page  # a submitted scorecard changes only by an amendment
    _submit(interviewer, interview, kind, {"Breaks a problem down": "2"}, "no")
    kinds = list(
        ApplicationEvent.objects.filter(kind__startswith="feedback")
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["feedback_submitted", "feedback_amended"]
    timeline = recruiter.client.get(f"/applications/{application.pk}/").content.decode()
    assert "Feedback on the Technical interview amended" in timeline
    assert "yes → <strong>no</strong>" in timeline


# --- Blind feedback and the decision view -------------------------------------------------


def test_feedback_is_blind_until_submitted_and_the_hiring_manager_sees_all(
    interviewer, panelist, hiring_manager, application, kind
):
    interview = held_interview(application, kind, [interviewer.user, panelist.user])
    _submit(
        panelist,
        interview,
        kind,
        {"Breaks a problem down": "2"},
        "no",
        summary="Struggled to size the queue.",
    )
    brief = interviewer.client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "Feedback is blind" in brief
    assert "Struggled to size the queue." not in brief
    _submit(interviewer, interview, kind, {"Breaks a problem down": "4"}, "strong_yes")
    brief = interviewer.client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "Feedback is blind" not in brief
    assert "Struggled to size the queue." in brief
    decision = hiring_manager.client.get(
        f"/applications/{application.pk}/feedback/", headers=HTMX
    ).content.decode()
    assert "Struggled to size the queue." in decision
    assert decision.count('class="scorecard-author"') == 2
    assert "Strong yes: 1" in decision
    assert "No: 1" in decision
    assert "Yes: 0" in decision


def test_the_decision_view_names_missing_feedback(
    recruiter, interviewer, panelist, application, kind
):
    interview = held_interview(application, kind, [interviewer.user, panelist.user])
    _submit(interviewer, interview, kind, {"Breaks a problem down": "3"}, "yes")
    page = recruiter.client.get(f"/applications/{application.pk}/feedback/").content.decode()
    assert 'id="missing-feedback"' in page
    assert "Ngozi Eze" in page.split('id="missing-feedback"')[1].split("</div>")[0]
    profile = recruiter.client.get(f"/applications/{application.pk}/").content.decode()
    assert f"/applications/{application.pk}/feedback/" in profile  # the panel is loaded by HTMX


# --- My interviews -----------------------------------------------------------------------------


def test_my_interviews_lists_upcoming_and_feedback_due_and_only_mine(
    interviewer, panelist, application, kind, posting
):
    upcoming = schedule_interview(application, slot=slot_for(kind, [interviewer.user]), by=None)
    other = ApplicationFactory.create(posting=posting)
    due = held_interview(other, kind, [interviewer.user])
    theirs = held_interview(ApplicationFactory.create(posting=posting), kind, [panelist.user])
    page = interviewer.client.get("/interviews/").content.decode()
    assert f'id="upcoming-{upcoming.pk}"' in page
    assert f'id="due-{due.pk}"' in page
    assert f"{theirs.pk}" not in page.split("<main")[1] or f"due-{theirs.pk}" not in page
    assert "(Africa/Lagos)" in page
    _submit(interviewer, due, kind, {"Breaks a problem down": "3"}, "yes")
    page = interviewer.client.get("/interviews/").content.decode()
    assert f'id="due-{due.pk}"' not in page
    assert "No feedback due." in page


# --- The board card ------------------------------------------------------------------------


def test_the_card_shows_the_next_interview_and_the_scorecards_in_and_refreshes(
    recruiter, interviewer, application, kind, posting
):
    board = f"/postings/{posting.pk}/board/"
    assert "card-interviews" not in recruiter.client.get(board).content.decode()
    schedule_interview(application, slot=slot_for(kind, [interviewer.user]), by=None)
    page = recruiter.client.get(board).content.decode()
    assert "card-interviews" in page
    assert "(Africa/Lagos)" in page.split("card-interviews")[1]
    held = held_interview(application, kind, [interviewer.user])
    scorecards.submit_scorecard(
        held, by=interviewer.user, answers=scorecards.Answers(recommendation="yes")
    )
    page = recruiter.client.get(board).content.decode()
    assert "1 scorecard" in page
    listing = recruiter.client.get(f"/postings/{posting.pk}/applications/").content.decode()
    assert "1 scorecard" in listing


# --- Queries at two sizes --------------------------------------------------------------------


@pytest.fixture
def loaded(posting, kind, interviewer, panelist):
    """Applications with 0, 10 and 100 interviews, each with two interviewers, half of them
    held and scored by both."""

    def build(size):
        application = ApplicationFactory.create(posting=posting)
        for n in range(size):
            if n % 2:
                schedule = held_interview(
                    application, kind, [interviewer.user, panelist.user], hours_ago=n + 2
                )
                for person in (interviewer.user, panelist.user):
                    scorecards.submit_scorecard(
                        schedule,
                        by=person,
                        answers=scorecards.Answers(recommendation="yes", summary=f"Card {n}"),
                    )
            else:
                from tests.factories import make_interviews

                make_interviews(application, kind, [interviewer.user, panelist.user], 1)
        return application

    return build


def test_the_decision_view_and_the_brief_keep_their_query_counts(recruiter, interviewer, loaded):
    sizes = {size: loaded(size) for size in (0, 10, 100)}
    decision = {
        size: _count(recruiter.client, f"/applications/{a.pk}/feedback/", headers=HTMX)[0]
        for size, a in sizes.items()
    }
    assert decision[10] == decision[100]
    assert decision[0] <= decision[10]
    profile = {
        size: _count(recruiter.client, f"/applications/{a.pk}/")[0] for size, a in sizes.items()
    }
    assert profile[10] == profile[100]
    briefs = {}
    for size in (10, 100):
        interview = sizes[size].interviews.filter(scorecards__isnull=False).first()
        briefs[size] = _count(interviewer.client, f"/interviews/{interview.pk}/")[0]
    assert briefs[10] == briefs[100]
    _q, page = _count(recruiter.client, f"/applications/{sizes[100].pk}/feedback/", headers=HTMX)
    assert page.count('class="scorecard-author"') == 100


def test_my_interviews_keeps_its_query_count(interviewer, loaded):
    loaded(0)
    small, _page = _count(interviewer.client, "/interviews/")
    loaded(10)
    ten, _page = _count(interviewer.client, "/interviews/")
    loaded(100)
    hundred, page = _count(interviewer.client, "/interviews/")
    assert ten == hundred
    assert small <= ten
    assert page.count('class="item" id="upcoming-') == 55


def test_the_board_keeps_its_query_count_with_scorecards(recruiter, posting, loaded):
    """Cold (every card rendered) and warm (all from the cache), the same count at 0, 10 and
    100 interviews and scorecards per application."""
    from django.core.cache import cache

    board = f"/postings/{posting.pk}/board/"
    cold, warm = {}, {}
    for size in (0, 10, 100):
        loaded(size)
        cache.clear()
        cold[size], _page = _count(recruiter.client, board)
        warm[size], page = _count(recruiter.client, board)
    assert cold[0] == cold[10] == cold[100]
    assert warm[0] == warm[10] == warm[100]
    assert warm[100] < cold[100]
    assert "50 scorecards" not in page
    assert "100 scorecards" in page


def test_a_scorecard_post_without_the_csrf_token_is_refused_and_saves_nothing(
    interviewer, application, kind
):
    from django.test import Client

    from tests.conftest import sign_in

    interview = held_interview(application, kind, [interviewer.user])
    browser = sign_in(Client(enforce_csrf_checks=True), interviewer.user)
    data = scorecard_data(kind, {"Breaks a problem down": "3"}, recommendation="yes", submit="1")
    assert browser.post(f"/interviews/{interview.pk}/scorecard/", data).status_code == 403
    assert browser.post(f"/interviews/{interview.pk}/scorecard/draft/", data).status_code == 403
    assert not Scorecard.objects.exists()
