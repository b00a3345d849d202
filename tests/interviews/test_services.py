from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from candidates.models import ApplicationEvent
from candidates.services import hire_application, reject_application
from interviews.models import (
    Attribute,
    DefaultInterviewKind,
    Interview,
    InterviewKind,
    InterviewParticipant,
    InterviewStatus,
    ScorecardTemplate,
)
from interviews.services import (
    CANCELLED,
    RESCHEDULED,
    SCHEDULED,
    InterviewRefused,
    StaleInterview,
    cancel_interview,
    copy_scorecard_template,
    find_conflicts,
    reschedule_interview,
    schedule_interview,
)
from outbox.models import Message
from postings.models import DefaultStage
from postings.services import create_posting, duplicate_posting
from tests.factories import ApplicationFactory, UserFactory
from tests.interviews.conftest import slot_for, tomorrow_at

pytestmark = pytest.mark.django_db


def _invitations():
    return Message.objects.filter(payload__builder="interview_invitation")


def test_scheduling_writes_the_interview_its_panel_its_event_and_one_invite_each(
    recruiter, interviewer, panelist, application, kind
):
    slot = slot_for(
        kind,
        [interviewer.user, panelist.user],
        video_link="https://meet.example/x",
        internal_note="Ask about Kafka",
    )
    interview = schedule_interview(application, slot=slot, by=recruiter.user)
    interview.refresh_from_db()
    assert interview.starts_at == tomorrow_at(10)
    assert interview.duration_minutes == 60
    assert interview.sequence == 0
    assert interview.version == 1
    assert interview.status == InterviewStatus.SCHEDULED
    assert set(interview.interviewers.all()) == {interviewer.user, panelist.user}
    event = ApplicationEvent.objects.get(application=application, kind=SCHEDULED)
    assert event.actor == recruiter.user
    assert event.data["interview"] == interview.pk
    assert event.data["starts_at"] == tomorrow_at(10).astimezone(UTC).isoformat()
    assert event.label == "Interview scheduled"
    recipients = sorted(str(m.payload["args"]["recipient"]) for m in _invitations())
    assert recipients == sorted([str(interviewer.user.pk), str(panelist.user.pk), "candidate"])
    assert all(m.organization_id == application.posting.organization_id for m in _invitations())


def _nothing_written(application):
    assert not Interview.objects.exists()
    assert not InterviewParticipant.objects.exists()
    assert not ApplicationEvent.objects.filter(application=application, kind=SCHEDULED).exists()
    assert not _invitations().exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"starts_at": timezone.now() - timedelta(minutes=5)}, "starts_at", "in the past"),
        ({"starts_at": timezone.now() + timedelta(days=800)}, "starts_at", "two years ahead"),
        ({"duration_minutes": 0}, "duration_minutes", "between 1 minute and 8 hours"),
        ({"duration_minutes": 8 * 60 + 1}, "duration_minutes", "between 1 minute and 8 hours"),
    ],
)
def test_bad_times_are_refused_and_nothing_is_half_saved(
    recruiter, interviewer, application, kind, change, field, words
):
    with pytest.raises(InterviewRefused) as refused:
        schedule_interview(
            application, slot=slot_for(kind, [interviewer.user], **change), by=recruiter.user
        )
    assert refused.value.field == field
    assert words in str(refused.value)
    _nothing_written(application)


def test_an_interviewer_outside_the_organization_is_refused(
    recruiter, interviewer, outsider, application, kind
):
    stranger = UserFactory.create(full_name="Not Ours")
    with pytest.raises(InterviewRefused) as refused:
        schedule_interview(
            application,
            slot=slot_for(kind, [interviewer.user, outsider.user, stranger]),
            by=recruiter.user,
        )
    assert refused.value.field == "interviewers"
    assert "Not Ours" in str(refused.value)
    assert outsider.user.get_full_name() in str(refused.value)
    _nothing_written(application)


@pytest.mark.parametrize("close", ["rejected", "hired"])
def test_a_rejected_or_hired_application_gets_no_interview(
    recruiter, interviewer, application, kind, close
):
    if close == "rejected":
        reject_application(application, by=recruiter.user, reason="Not now", send_email=False)
    else:
        hire_application(application, by=recruiter.user)
    with pytest.raises(InterviewRefused) as refused:
        schedule_interview(application, slot=slot_for(kind, [interviewer.user]), by=recruiter.user)
    assert close in str(refused.value)
    _nothing_written(application)


def test_a_kind_of_another_posting_is_refused(
    recruiter, interviewer, application, kind, organization
):
    from tests.factories import PostingFactory, make_interview_kind

    other_kind = make_interview_kind(PostingFactory.create(organization=organization))
    with pytest.raises(InterviewRefused):
        schedule_interview(
            application, slot=slot_for(other_kind, [interviewer.user]), by=recruiter.user
        )
    _nothing_written(application)


def test_rescheduling_bumps_the_sequence_and_tells_a_removed_interviewer(
    recruiter, interviewer, panelist, application, kind
):
    interview = schedule_interview(
        application, slot=slot_for(kind, [interviewer.user, panelist.user]), by=recruiter.user
    )
    before = _invitations().count()
    changed = reschedule_interview(
        interview,
        slot=slot_for(kind, [interviewer.user], starts_at=tomorrow_at(15), duration_minutes=45),
        by=recruiter.user,
        expected_version=1,
    )
    changed.refresh_from_db()
    assert changed.sequence == 1
    assert changed.version == 2
    assert changed.starts_at == tomorrow_at(15)
    assert changed.ends_at == tomorrow_at(15) + timedelta(minutes=45)
    assert list(changed.interviewers.all()) == [interviewer.user]
    event = ApplicationEvent.objects.get(application=application, kind=RESCHEDULED)
    assert event.data["previous_starts_at"] == tomorrow_at(10).astimezone(UTC).isoformat()
    assert event.data["removed"] == [panelist.user.pk]
    new = _invitations().order_by("pk")[before:]
    # The removed panelist is told too: the builder sends them a CANCEL.
    assert sorted(str(m.payload["args"]["recipient"]) for m in new) == sorted(
        [str(interviewer.user.pk), str(panelist.user.pk), "candidate"]
    )
    assert all(":1:" in m.idempotency_key for m in new)


def test_a_stale_reschedule_is_refused_and_changes_nothing(
    recruiter, hiring_manager, interviewer, application, kind
):
    interview = schedule_interview(
        application, slot=slot_for(kind, [interviewer.user]), by=recruiter.user
    )
    reschedule_interview(
        interview,
        slot=slot_for(kind, [interviewer.user], starts_at=tomorrow_at(11)),
        by=recruiter.user,
        expected_version=1,
    )
    count = _invitations().count()
    with pytest.raises(StaleInterview) as stale:
        reschedule_interview(
            interview,
            slot=slot_for(kind, [interviewer.user], starts_at=tomorrow_at(16)),
            by=hiring_manager.user,
            expected_version=1,
        )
    assert recruiter.user.get_full_name() in str(stale.value)
    interview.refresh_from_db()
    assert interview.starts_at == tomorrow_at(11)
    assert interview.sequence == 1
    assert _invitations().count() == count


def test_cancelling_bumps_the_sequence_and_sends_everyone_a_cancel(
    recruiter, interviewer, panelist, application, kind
):
    interview = schedule_interview(
        application, slot=slot_for(kind, [interviewer.user, panelist.user]), by=recruiter.user
    )
    cancel_interview(interview, by=recruiter.user, expected_version=1)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.CANCELLED
    assert interview.cancelled_at is not None
    assert interview.sequence == 1
    assert ApplicationEvent.objects.filter(application=application, kind=CANCELLED).count() == 1
    assert _invitations().filter(idempotency_key__contains=":1:").count() == 3
    with pytest.raises(InterviewRefused):
        cancel_interview(interview, by=recruiter.user)
    with pytest.raises(InterviewRefused):
        reschedule_interview(
            interview,
            slot=slot_for(kind, [interviewer.user]),
            by=recruiter.user,
            expected_version=2,
        )


def test_conflicts_are_the_panels_overlapping_interviews_only(
    recruiter, interviewer, panelist, posting, kind
):
    first = ApplicationFactory.create(posting=posting)
    second = ApplicationFactory.create(posting=posting)
    busy = schedule_interview(first, slot=slot_for(kind, [interviewer.user]), by=recruiter.user)
    overlapping = find_conflicts(
        [interviewer.user, panelist.user], tomorrow_at(10, 30), tomorrow_at(11, 30)
    )
    assert [(c.interviewer, c.interview) for c in overlapping] == [(interviewer.user, busy)]
    # Back to back is no conflict, nor another person's time, nor the interview itself.
    assert find_conflicts([interviewer.user], tomorrow_at(11), tomorrow_at(12)) == []
    assert find_conflicts([panelist.user], tomorrow_at(10), tomorrow_at(11)) == []
    assert find_conflicts([interviewer.user], tomorrow_at(10), tomorrow_at(11), exclude=busy) == []
    cancel_interview(busy, by=recruiter.user)
    assert find_conflicts([interviewer.user], tomorrow_at(10), tomorrow_at(11)) == []
    assert second  # a second application on the same posting is untouched


def test_a_new_posting_copies_the_organizations_default_interview_kinds(organization, recruiter):
    library = ScorecardTemplate.objects.create(organization=organization, name="Engineering")
    area = library.focus_areas.create(name="System design")
    area.attributes.create(name="Trade-offs", guidance="Names what each option costs.")
    technical = DefaultStage.objects.create(organization=organization, name="Screen", order=0)
    DefaultStage.objects.create(organization=organization, name="Offer", order=1)
    DefaultInterviewKind.objects.create(
        default_stage=technical, name="Pairing", duration_minutes=90, scorecard_template=library
    )
    posting = create_posting(organization, by=recruiter.user, title="Platform Lead")
    kinds = list(InterviewKind.objects.for_posting(posting))
    assert [(k.name, k.stage.name, k.duration_minutes) for k in kinds] == [
        ("Pairing", "Screen", 90)
    ]
    copied = kinds[0].scorecard_template
    assert copied.pk != library.pk
    assert not copied.reusable
    assert kinds[0].based_on == library
    assert [a.name for a in copied.focus_areas.all()] == ["System design"]
    assert copied.focus_areas.get().attributes.get().guidance == "Names what each option costs."
    # Editing the copy leaves the library as it was.
    copied.focus_areas.get().attributes.update(name="Changed")
    assert library.focus_areas.get().attributes.get().name == "Trade-offs"


def test_a_duplicated_posting_copies_its_plan_with_its_own_scorecards(posting, kind, recruiter):
    copy = duplicate_posting(posting, by=recruiter.user)
    copied = InterviewKind.objects.for_posting(copy).get()
    assert copied.name == kind.name
    assert copied.stage.posting == copy
    assert copied.stage.name == kind.stage.name
    assert copied.scorecard_template_id != kind.scorecard_template_id
    names = [a.name for a in copied.scorecard_template.focus_areas.all()]
    assert names == ["System design", "Leads a team"]


def test_copying_a_template_copies_every_attribute_with_its_guidance(kind):
    copy = copy_scorecard_template(kind.scorecard_template, reusable=True, name="Library copy")
    assert copy.reusable
    assert copy.name == "Library copy"
    attributes = [
        (a.focus_area.name, a.name, a.guidance)
        for a in Attribute.objects.filter(focus_area__template=copy)
    ]
    assert (
        "Leads a team",
        "Grows people",
        "Ask for a story about a colleague they coached.",
    ) in attributes
    assert len(attributes) == 2
