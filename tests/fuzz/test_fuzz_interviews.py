"""The interview forms, fuzzed: scheduling, rescheduling, cancelling and the interview plan
never answer a 500, never half-write an interview, and never touch another organization."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from interviews.models import Interview, InterviewKind, InterviewParticipant, ScorecardTemplate
from tests.factories import ApplicationFactory, PostingFactory, make_interview_kind, make_interviews
from tests.fuzz.strategies import form_data
from tests.fuzz.test_fuzz_forms import HTMX, OK, rolled_back

pytestmark = pytest.mark.django_db

SCHEDULE_FIELDS = [
    "kind",
    "starts_at",
    "duration_minutes",
    "interviewers",
    "location",
    "video_link",
    "candidate_note",
    "internal_note",
    "version",
    "confirm",
]


@pytest.fixture
def world(organization, other_organization, recruiter, interviewer, outsider):
    ours = PostingFactory.create(organization=organization, status="open")
    theirs = PostingFactory.create(organization=other_organization, status="open")
    kind, their_kind = make_interview_kind(ours), make_interview_kind(theirs)
    mine = ApplicationFactory.create(posting=ours)
    their_application = ApplicationFactory.create(posting=theirs)
    (interview,) = make_interviews(mine, kind, [interviewer.user], 1)
    (their_interview,) = make_interviews(their_application, their_kind, [outsider.user], 1)
    return {
        "ours": ours,
        "theirs": theirs,
        "kind": kind,
        "their_kind": their_kind,
        "application": mine,
        "their_application": their_application,
        "interview": interview,
        "their_interview": their_interview,
        "people": [interviewer.user, outsider.user, recruiter.user],
    }


def _snapshot(organization):
    return (
        list(
            Interview.objects.filter(application__posting__organization=organization)
            .values()
            .order_by("pk")
        ),
        InterviewParticipant.objects.filter(
            interview__application__posting__organization=organization
        ).count(),
        list(InterviewKind.objects.filter(stage__posting__organization=organization).values()),
        ScorecardTemplate.objects.filter(organization=organization).count(),
    )


def _whole(interview: Interview) -> None:
    """An interview is never half-written: in the future when made, with a panel, in range."""
    assert interview.ends_at > interview.starts_at
    assert interview.ends_at - interview.starts_at <= timedelta(hours=8)
    assert interview.participants.exists()


@given(data=st.data())
def test_scheduling_forms_never_fail_or_reach_another_organization(
    recruiter, world, other_organization, data
):
    theirs = _snapshot(other_organization)
    ids = st.sampled_from(
        [str(world[name].pk) for name in ("kind", "their_kind", "interview", "their_interview")]
        + [str(user.pk) for user in world["people"]]
        + ["0", "-1", str(2**63)]
    )
    times = st.sampled_from(
        [
            (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "2001-01-01T10:00",
            "2031-13-40T25:61",
            "9999-12-31T23:59",
            "0001-01-01T00:00",
        ]
    )
    form = data.draw(
        form_data(
            SCHEDULE_FIELDS,
            {"kind": ids, "interviewers": ids, "starts_at": times, "version": st.just("1")},
        )
    )
    target = data.draw(st.sampled_from(["schedule", "their_schedule", "reschedule", "cancel"]))
    url = {
        "schedule": f"/applications/{world['application'].pk}/interviews/new/",
        "their_schedule": f"/applications/{world['their_application'].pk}/interviews/new/",
        "reschedule": f"/interviews/{world['interview'].pk}/reschedule/",
        "cancel": f"/interviews/{world['interview'].pk}/cancel/",
    }[target]
    with rolled_back():
        headers = HTMX if data.draw(st.booleans()) else {}
        response = recruiter.client.post(url, form, **headers)
        assert response.status_code in OK, response.status_code
        for interview in Interview.objects.filter(application=world["application"]):
            _whole(interview)
        assert _snapshot(other_organization) == theirs


@given(data=st.data())
def test_the_interview_plan_never_fails_or_reaches_another_organization(
    recruiter, world, other_organization, data
):
    theirs = _snapshot(other_organization)
    kind = world["kind"]
    target_kind = data.draw(st.sampled_from([kind.pk, world["their_kind"].pk, 0]))
    action = data.draw(
        st.sampled_from(["plan", "kind", "delete", "areas", "attributes", "save-template"])
    )
    base = f"/postings/{world['ours'].pk}/interview-plan/"
    url = base if action == "plan" else f"{base}{target_kind}/"
    if action not in ("plan", "kind"):
        url += f"{action}/"
    fields = {
        "plan": [
            "kind-new-stage",
            "kind-new-name",
            "kind-new-duration_minutes",
            "kind-new-based_on",
        ],
        "kind": [f"kind-{target_kind}-name", f"kind-{target_kind}-duration_minutes"],
        "delete": [],
        "areas": [f"area-{target_kind}-name"],
        "attributes": [f"attribute-{target_kind}-{n}" for n in ("focus_area", "name", "guidance")],
        "save-template": [f"save-{target_kind}-name"],
    }[action]
    stage_ids = st.sampled_from(
        [str(s) for s in world["ours"].stages.values_list("pk", flat=True)[:2]]
        + [str(world["theirs"].stages.first().pk), "0"]
    )
    form = data.draw(form_data(fields, {"kind-new-stage": stage_ids}))
    with rolled_back():
        headers = HTMX if data.draw(st.booleans()) else {}
        response = recruiter.client.post(url, form, **headers)
        assert response.status_code in OK, response.status_code
        assert _snapshot(other_organization) == theirs
