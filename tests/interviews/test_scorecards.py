"""Scorecards: drafts, submission and amendment (with their timeline events), the bad input
the issue names, and the blind rule."""

from __future__ import annotations

import pytest

from candidates.models import ApplicationEvent
from interviews import scorecards
from interviews.models import Attribute, FocusArea, Scorecard, ScorecardRating
from interviews.scorecards import Answers, ScorecardRefused
from interviews.services import schedule_interview
from tests.interviews.conftest import slot_for
from tests.interviews.helpers import held_interview

pytestmark = pytest.mark.django_db


def _ids(kind):
    attributes = {
        a.name: a.pk for a in Attribute.objects.filter(focus_area__template=kind.scorecard_template)
    }
    areas = {a.name: a.pk for a in FocusArea.objects.filter(template=kind.scorecard_template)}
    return attributes, areas


def _answers(kind, *, design=3, people=None, recommendation="yes", note="Clear trade-offs."):
    attributes, areas = _ids(kind)
    return Answers(
        ratings={attributes["Breaks a problem down"]: design, attributes["Grows people"]: people},
        notes={areas["System design"]: note},
        recommendation=recommendation,
        summary="Would hire for the platform team.",
    )


def test_a_draft_keeps_what_was_typed_and_writes_no_event(interviewer, application, kind):
    interview = held_interview(application, kind, [interviewer.user])
    scorecards.save_draft(interview, by=interviewer.user, answers=_answers(kind, recommendation=""))
    scorecards.save_draft(interview, by=interviewer.user, answers=_answers(kind, design=4))
    card = Scorecard.objects.get()
    assert card.status == "draft"
    assert card.recommendation == "yes"
    ratings = {
        r.attribute.name: r.rating for r in ScorecardRating.objects.select_related("attribute")
    }
    assert ratings == {"Breaks a problem down": 4, "Grows people": None}
    assert card.notes.get().text == "Clear trade-offs."
    assert not ApplicationEvent.objects.filter(kind__startswith="feedback").exists()


def test_submitting_writes_the_event_in_the_same_transaction_and_amending_another(
    interviewer, application, kind
):
    interview = held_interview(application, kind, [interviewer.user])
    before = application.updated_at
    card = scorecards.submit_scorecard(interview, by=interviewer.user, answers=_answers(kind))
    assert card.is_submitted
    assert card.submitted_at is not None
    assert card.amended_at is None
    event = ApplicationEvent.objects.get(kind=scorecards.SUBMITTED)
    assert event.actor == interviewer.user
    assert event.data["recommendation"] == "yes"
    assert event.data["scorecard"] == card.pk
    application.refresh_from_db()
    assert application.updated_at > before  # the board's card is rendered afresh
    amended = scorecards.submit_scorecard(
        interview, by=interviewer.user, answers=_answers(kind, recommendation="strong_yes")
    )
    assert amended.pk == card.pk
    assert amended.amended_at is not None
    event = ApplicationEvent.objects.get(kind=scorecards.AMENDED)
    assert event.data["previous_recommendation"] == "yes"
    assert event.data["recommendation"] == "strong_yes"
    # A submitted scorecard doesn't go back to a draft.
    with pytest.raises(ScorecardRefused, match="amend it"):
        scorecards.save_draft(interview, by=interviewer.user, answers=_answers(kind))


def test_feedback_before_the_interview_starts_is_refused_and_nothing_is_saved(
    recruiter, interviewer, application, kind
):
    interview = schedule_interview(application, slot=slot_for(kind, [interviewer.user]), by=None)
    for write in (scorecards.save_draft, scorecards.submit_scorecard):
        with pytest.raises(ScorecardRefused, match="hasn't started yet"):
            write(interview, by=interviewer.user, answers=_answers(kind))
    assert not Scorecard.objects.exists()
    assert not ScorecardRating.objects.exists()


def test_someone_not_on_the_panel_is_refused(interviewer, other_interviewer, application, kind):
    interview = held_interview(application, kind, [interviewer.user])
    with pytest.raises(ScorecardRefused, match="Only the interviewers"):
        scorecards.submit_scorecard(interview, by=other_interviewer.user, answers=_answers(kind))
    assert not Scorecard.objects.exists()


def test_a_rating_outside_one_to_four_or_another_scorecards_attribute_is_refused(
    interviewer, application, kind, posting
):
    interview = held_interview(application, kind, [interviewer.user])
    with pytest.raises(ScorecardRefused, match="from 1 to 4"):
        scorecards.submit_scorecard(
            interview, by=interviewer.user, answers=_answers(kind, design=5)
        )
    from tests.factories import make_interview_kind

    other = make_interview_kind(posting, name="Culture", areas={"Values": [("Candour", "")]})
    (foreign,) = _ids(other)[0].values()
    with pytest.raises(ScorecardRefused, match="another scorecard"):
        scorecards.save_draft(interview, by=interviewer.user, answers=Answers(ratings={foreign: 2}))
    assert not Scorecard.objects.exists()


def test_submitting_needs_a_recommendation(interviewer, application, kind):
    interview = held_interview(application, kind, [interviewer.user])
    with pytest.raises(ScorecardRefused, match="recommendation"):
        scorecards.submit_scorecard(
            interview, by=interviewer.user, answers=_answers(kind, recommendation="")
        )
    assert not Scorecard.objects.exists()


def test_blind_until_every_begun_interview_of_theirs_has_their_submitted_feedback(
    interviewer, panelist, application, kind
):
    first = held_interview(application, kind, [interviewer.user, panelist.user], hours_ago=30)
    second = held_interview(application, kind, [interviewer.user], hours_ago=2)
    assert not scorecards.sees_colleagues_feedback(interviewer.user, application)
    scorecards.submit_scorecard(first, by=interviewer.user, answers=_answers(kind))
    assert not scorecards.sees_colleagues_feedback(interviewer.user, application)
    scorecards.save_draft(second, by=interviewer.user, answers=_answers(kind))
    assert not scorecards.sees_colleagues_feedback(interviewer.user, application)
    scorecards.submit_scorecard(second, by=interviewer.user, answers=_answers(kind))
    assert scorecards.sees_colleagues_feedback(interviewer.user, application)
    assert not scorecards.sees_colleagues_feedback(panelist.user, application)


def test_the_decision_puts_scorecards_side_by_side_and_names_who_owes_feedback(
    interviewer, panelist, other_interviewer, application, kind
):
    interview = held_interview(
        application, kind, [interviewer.user, panelist.user, other_interviewer.user]
    )
    scorecards.submit_scorecard(interview, by=interviewer.user, answers=_answers(kind, design=4))
    scorecards.submit_scorecard(
        interview,
        by=panelist.user,
        answers=_answers(kind, design=2, people=1, recommendation="no", note="Vague on queues."),
    )
    decision = scorecards.decision_for(application)
    (block,) = decision.kinds
    assert [c.author for c in block.scorecards] == [interviewer.user, panelist.user]
    design = block.areas[0]
    assert design.area.name == "System design"
    assert [(r.attribute.name, r.ratings) for r in design.rows] == [
        ("Breaks a problem down", [4, 2])
    ]
    assert design.notes == ["Clear trade-offs.", "Vague on queues."]
    assert block.areas[1].rows[0].ratings == [None, 1]
    assert {v: n for v, _label, n in decision.counts} == {
        "strong_no": 0,
        "no": 1,
        "yes": 1,
        "strong_yes": 0,
    }
    ((owed_on, people),) = decision.missing
    assert owed_on == interview
    assert people == [other_interviewer.user.get_full_name()]
