from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.models import ApplicationEvent
from candidates.services import reject_application
from interviews.models import Attribute, FocusArea, Interview, InterviewKind, ScorecardTemplate
from interviews.services import schedule_interview
from outbox.models import Message
from tests.factories import ApplicationFactory, PostingFactory, make_interview_kind, make_interviews
from tests.interviews.conftest import slot_for, tomorrow_at

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _local(moment: datetime) -> str:
    """A datetime-local value in Lagos (the organization's zone)."""
    return timezone.localtime(moment, tomorrow_at(0).tzinfo).strftime("%Y-%m-%dT%H:%M")


def _form(kind, people, **changes):
    data = {
        "kind": kind.pk,
        "starts_at": _local(tomorrow_at(10)),
        "duration_minutes": "60",
        "interviewers": [user.pk for user in people],
        "location": "Room 3, Yaba office",
        "video_link": "https://meet.example/abc",
        "candidate_note": "Bring a laptop.",
        "internal_note": "Probe the Kafka migration.",
    }
    data.update(changes)
    return data


def _schedule_url(application):
    return f"/applications/{application.pk}/interviews/new/"


def test_a_recruiter_schedules_from_the_form_typed_in_the_organizations_zone(
    recruiter, interviewer, panelist, application, kind
):
    page = recruiter.client.get(_schedule_url(application)).content.decode()
    assert "Start (Africa/Lagos)" in page
    assert "Technical interview · Technical interview (60 min)" in page
    response = recruiter.client.post(
        _schedule_url(application),
        _form(
            kind,
            [interviewer.user, panelist.user],
            starts_at=_local(tomorrow_at(10) + timedelta(days=90)),
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/applications/{application.pk}/#interviews"
    interview = Interview.objects.get()
    # 10:00 in Lagos (UTC+1) is 09:00 UTC.
    assert interview.starts_at == tomorrow_at(10) + timedelta(days=90)
    assert interview.starts_at.astimezone(UTC).hour == 9
    assert interview.location == "Room 3, Yaba office"
    assert interview.internal_note == "Probe the Kafka migration."
    assert set(interview.interviewers.all()) == {interviewer.user, panelist.user}
    assert Message.objects.filter(payload__builder="interview_invitation").count() == 3


def test_the_hiring_manager_on_the_team_schedules_too(
    hiring_manager, interviewer, application, kind
):
    response = hiring_manager.client.post(
        _schedule_url(application), _form(kind, [interviewer.user])
    )
    assert response.status_code == 302
    assert Interview.objects.get().scheduled_by == hiring_manager.user


def test_interviewers_are_refused_and_outsiders_never_learn_it_exists(
    interviewer, outsider, other_hiring_manager, application, kind
):
    for persona, status in ((interviewer, 403), (other_hiring_manager, 403), (outsider, 404)):
        assert persona.client.get(_schedule_url(application)).status_code == status
        posted = persona.client.post(_schedule_url(application), _form(kind, [interviewer.user]))
        assert posted.status_code == status
    assert not Interview.objects.exists()


def _errors(response) -> str:
    return " ".join(
        re.findall(r'<ul class="errorlist"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    ) + " ".join(
        re.findall(r'class="form-error"[^>]*>(.*?)</div>', response.content.decode(), re.S)
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"starts_at": "2001-01-01T10:00"}, "The start is in the past"),
        ({"starts_at": "not a time"}, "Enter a date and time."),
        ({"duration_minutes": "0"}, "between 1 minute and 8 hours"),
        ({"duration_minutes": "481"}, "between 1 minute and 8 hours"),
        ({"interviewers": []}, "Choose at least one interviewer."),
        ({"video_link": "javascript:alert(1)"}, "Enter a valid URL."),
    ],
)
def test_bad_input_is_a_clear_error_and_nothing_is_saved(
    recruiter, interviewer, application, kind, change, message
):
    response = recruiter.client.post(
        _schedule_url(application), _form(kind, [interviewer.user], **change)
    )
    assert response.status_code == 200
    assert message in _errors(response)
    assert not Interview.objects.exists()
    assert not Message.objects.exists()


def test_an_interviewer_outside_the_organization_is_not_a_choice(
    recruiter, interviewer, outsider, application, kind
):
    response = recruiter.client.post(
        _schedule_url(application), _form(kind, [interviewer.user, outsider.user])
    )
    assert "Select a valid choice" in _errors(response)
    assert outsider.user.email not in response.content.decode()
    assert not Interview.objects.exists()


def test_a_rejected_application_cannot_be_scheduled(recruiter, interviewer, application, kind):
    reject_application(application, by=recruiter.user, reason="Not now", send_email=False)
    response = recruiter.client.post(_schedule_url(application), _form(kind, [interviewer.user]))
    assert response.status_code == 200
    assert "This application is rejected" in response.content.decode()
    assert not Interview.objects.exists()


def test_conflicts_are_shown_before_saving_and_confirmed_once(
    recruiter, interviewer, panelist, posting, application, kind
):
    other = ApplicationFactory.create(posting=posting)
    schedule_interview(other, slot=slot_for(kind, [interviewer.user]), by=recruiter.user)
    data = _form(kind, [interviewer.user, panelist.user], starts_at=_local(tomorrow_at(10, 30)))
    response = recruiter.client.post(_schedule_url(application), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Some interviewers are busy then" in page
    assert f"{interviewer.user.get_full_name()}: Technical interview for {posting.title}" in page
    assert panelist.user.get_full_name() + ":" not in page
    assert 'name="confirm" value="True"' in page or 'name="confirm" value="on"' in page
    assert "Schedule anyway" in page
    assert Interview.objects.count() == 1
    confirmed = recruiter.client.post(_schedule_url(application), {**data, "confirm": "on"})
    assert confirmed.status_code == 302
    assert Interview.objects.filter(application=application).count() == 1


def test_two_people_rescheduling_at_once_the_second_is_told_of_the_conflict(
    recruiter, hiring_manager, interviewer, application, kind
):
    interview = schedule_interview(
        application, slot=slot_for(kind, [interviewer.user]), by=recruiter.user
    )
    url = f"/interviews/{interview.pk}/reschedule/"
    for persona in (recruiter, hiring_manager):  # both open the form at version 1
        assert 'name="version" value="1"' in persona.client.get(url).content.decode()
    first = recruiter.client.post(
        url, _form(kind, [interviewer.user], starts_at=_local(tomorrow_at(14)), version="1")
    )
    assert first.status_code == 302
    second = hiring_manager.client.post(
        url,
        _form(kind, [interviewer.user], starts_at=_local(tomorrow_at(16)), version="1"),
        follow=True,
    )
    page = second.content.decode()
    assert "changed this interview while you were editing it" in page
    assert recruiter.user.get_full_name() in page
    interview.refresh_from_db()
    assert interview.starts_at == tomorrow_at(14)
    assert interview.sequence == 1
    assert 'name="version" value="2"' in page  # the form again, as it is now


def test_cancel_asks_first_then_cancels_for_everyone(recruiter, interviewer, application, kind):
    interview = schedule_interview(
        application, slot=slot_for(kind, [interviewer.user]), by=recruiter.user
    )
    url = f"/interviews/{interview.pk}/cancel/"
    page = recruiter.client.get(url).content.decode()
    assert "Cancel the interview?" in page
    assert "Technical interview" in page
    assert interview.status == "scheduled"
    response = recruiter.client.post(url, {"version": "1"})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == "cancelled"
    assert ApplicationEvent.objects.filter(kind="interview_cancelled").count() == 1
    again = recruiter.client.post(url, {"version": "2"}, follow=True)
    assert "This interview was cancelled." in again.content.decode()


def test_the_profile_loads_the_panel_which_shows_times_in_the_viewers_zone(
    recruiter, interviewer, application, kind
):
    schedule_interview(
        application,
        slot=slot_for(kind, [interviewer.user], starts_at=tomorrow_at(10)),
        by=recruiter.user,
    )
    profile = recruiter.client.get(f"/applications/{application.pk}/").content.decode()
    assert f'hx-get="/applications/{application.pk}/interviews/"' in profile
    panel = recruiter.client.get(
        f"/applications/{application.pk}/interviews/", headers=HTMX
    ).content.decode()
    assert "10:00 to 11:00 (Africa/Lagos)" in panel
    assert interviewer.user.get_full_name() in panel
    assert "(Europe/London)" not in panel
    recruiter.user.time_zone = "Europe/London"
    recruiter.user.save(update_fields=["time_zone"])
    panel = recruiter.client.get(
        f"/applications/{application.pk}/interviews/", headers=HTMX
    ).content.decode()
    # Lagos is an hour ahead of London in winter and summer alike.
    assert "09:00 to 10:00 (Europe/London)" in panel
    assert "10:00 to 11:00 (Africa/Lagos)" in panel  # the organization's, beside it
    assert f'href="/interviews/{Interview.objects.get().pk}/reschedule/"' in panel
    # Without JavaScript: a page of its own.
    page = recruiter.client.get(f"/applications/{application.pk}/interviews/").content.decode()
    assert "<html" in page
    assert "09:00 to 10:00 (Europe/London)" in page


def test_the_timeline_names_the_interview_events(recruiter, interviewer, application, kind):
    interview = schedule_interview(
        application, slot=slot_for(kind, [interviewer.user]), by=recruiter.user
    )
    recruiter.client.post(f"/interviews/{interview.pk}/cancel/", {"version": "1"})
    page = recruiter.client.get(f"/applications/{application.pk}/").content.decode()
    assert "Interview scheduled" in page
    assert "Interview cancelled" in page
    assert "Technical interview, " in page
    assert "(Africa/Lagos)" in page


def test_the_board_card_links_to_scheduling(recruiter, posting, application):
    page = recruiter.client.get(f"/postings/{posting.pk}/board/").content.decode()
    assert f'href="/applications/{application.pk}/interviews/new/"' in page


def test_the_time_zone_setting_defaults_to_the_organizations(recruiter):
    page = recruiter.client.get("/accounts/time-zone/").content.decode()
    assert (
        "The organization&#x27;s (Africa/Lagos)" in page
        or "The organization's (Africa/Lagos)" in page
    )
    assert (
        recruiter.client.post("/accounts/time-zone/", {"time_zone": "Mars/Olympus"}).status_code
        == 200
    )
    recruiter.user.refresh_from_db()
    assert recruiter.user.time_zone == ""
    assert (
        recruiter.client.post("/accounts/time-zone/", {"time_zone": "Europe/Berlin"}).status_code
        == 302
    )
    recruiter.user.refresh_from_db()
    assert recruiter.user.time_zone == "Europe/Berlin"


# --- The interview plan in the posting editor -----------------------------------------------


def test_the_editor_has_the_interview_plan_section(recruiter, posting, kind):
    page = recruiter.client.get(f"/postings/{posting.pk}/edit/").content.decode()
    assert 'id="interview-plan"' in page
    assert "Listen for trade-offs, not buzzwords." in page
    assert "Grows people" in page


def test_kinds_focus_areas_and_attributes_are_added_and_removed_by_htmx(recruiter, posting):
    stage = posting.stages.order_by("order")[3]
    base = f"/postings/{posting.pk}/interview-plan/"
    section = recruiter.client.post(
        base,
        {
            "kind-new-stage": stage.pk,
            "kind-new-name": "Team fit",
            "kind-new-duration_minutes": "45",
        },
        headers=HTMX,
    ).content.decode()
    kind = InterviewKind.objects.get(name="Team fit")
    assert kind.stage == stage
    assert kind.duration_minutes == 45
    assert section.startswith('<section class="collection card" id="interview-plan"')
    assert "Team fit" in section
    recruiter.client.post(
        f"{base}{kind.pk}/areas/", {f"area-{kind.pk}-name": "Collaboration"}, headers=HTMX
    )
    area = FocusArea.objects.get(template=kind.scorecard_template)
    section = recruiter.client.post(
        f"{base}{kind.pk}/attributes/",
        {
            f"attribute-{kind.pk}-focus_area": area.pk,
            f"attribute-{kind.pk}-name": "Disagrees well",
            f"attribute-{kind.pk}-guidance": "A time they changed their mind, and why.",
        },
        headers=HTMX,
    ).content.decode()
    assert "A time they changed their mind, and why." in section
    attribute = Attribute.objects.get(focus_area=area)
    recruiter.client.post(f"{base}{kind.pk}/attributes/{attribute.pk}/delete/", headers=HTMX)
    assert not Attribute.objects.filter(pk=attribute.pk).exists()
    edit = recruiter.client.post(
        f"{base}{kind.pk}/",
        {f"kind-{kind.pk}-name": "Team interview", f"kind-{kind.pk}-duration_minutes": "30"},
        headers=HTMX,
    )
    assert "Team interview" in edit.content.decode()
    kind.refresh_from_db()
    assert kind.duration_minutes == 30
    recruiter.client.post(f"{base}{kind.pk}/delete/", headers=HTMX)
    assert not InterviewKind.objects.filter(pk=kind.pk).exists()
    assert not ScorecardTemplate.objects.filter(pk=kind.scorecard_template_id).exists()


def test_a_bad_duration_in_the_plan_is_an_error_in_the_section(recruiter, posting):
    response = recruiter.client.post(
        f"/postings/{posting.pk}/interview-plan/",
        {
            "kind-new-stage": posting.stages.first().pk,
            "kind-new-name": "Long",
            "kind-new-duration_minutes": "600",
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 480." in response.content.decode()
    assert not InterviewKind.objects.exists()
    plain = recruiter.client.post(
        f"/postings/{posting.pk}/interview-plan/",
        {
            "kind-new-stage": posting.stages.first().pk,
            "kind-new-name": "",
            "kind-new-duration_minutes": "30",
        },
    )
    assert plain.status_code == 200
    assert "<html" in plain.content.decode()


def test_a_kind_with_interviews_stays(recruiter, interviewer, posting, application, kind):
    schedule_interview(application, slot=slot_for(kind, [interviewer.user]), by=recruiter.user)
    section = recruiter.client.post(
        f"/postings/{posting.pk}/interview-plan/{kind.pk}/delete/", headers=HTMX
    ).content.decode()
    assert "Interviews of this kind exist already" in section
    assert InterviewKind.objects.filter(pk=kind.pk).exists()


def test_reusable_templates_are_saved_by_recruiters_and_offered_to_new_kinds(
    recruiter, hiring_manager, posting, kind
):
    url = f"/postings/{posting.pk}/interview-plan/{kind.pk}/save-template/"
    data = {f"save-{kind.pk}-name": "Backend loop"}
    assert hiring_manager.client.post(url, data, headers=HTMX).status_code == 403
    assert recruiter.client.post(url, data, headers=HTMX).status_code == 200
    library = ScorecardTemplate.objects.reusable().get()
    assert library.name == "Backend loop"
    assert library.focus_areas.count() == 2
    again = recruiter.client.post(url, data, headers=HTMX).content.decode()
    assert "has a template called “Backend loop” already" in again
    section = hiring_manager.client.post(
        f"/postings/{posting.pk}/interview-plan/",
        {
            "kind-new-stage": posting.stages.first().pk,
            "kind-new-name": "Second loop",
            "kind-new-duration_minutes": "60",
            "kind-new-based_on": library.pk,
        },
        headers=HTMX,
    ).content.decode()
    assert "from “Backend loop”" in section
    assert InterviewKind.objects.get(name="Second loop").scorecard_template.focus_areas.count() == 2


def test_the_plan_is_the_editors_own_access(interviewer, outsider, posting, kind):
    url = f"/postings/{posting.pk}/interview-plan/"
    assert interviewer.client.get(url, headers=HTMX).status_code == 403
    assert outsider.client.get(url, headers=HTMX).status_code == 404
    assert outsider.client.post(f"{url}{kind.pk}/delete/").status_code == 404
    assert InterviewKind.objects.filter(pk=kind.pk).exists()


# --- Queries at two sizes ------------------------------------------------------------------


def _count(client, url, **kwargs) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_interviews_panel_and_profile_keep_their_query_counts_from_0_to_10(
    recruiter, interviewer, panelist, posting, kind
):
    sizes = {0: ApplicationFactory.create(posting=posting)}
    for size in (1, 10):
        sizes[size] = ApplicationFactory.create(posting=posting)
        make_interviews(sizes[size], kind, [interviewer.user, panelist.user], size)
    for suffix, kwargs in (("interviews/", {"headers": HTMX}), ("", {})):
        counts = {
            size: _count(recruiter.client, f"/applications/{a.pk}/{suffix}", **kwargs)[0]
            for size, a in sizes.items()
        }
        # With none, the panelists' prefetch has nothing to ask: one query fewer.
        assert counts[1] == counts[10], suffix
        assert counts[0] <= counts[10], suffix
    _q, page = _count(recruiter.client, f"/applications/{sizes[10].pk}/")
    assert page.count('class="item interview"') == 0  # the profile loads the panel by HTMX
    _q, panel = _count(recruiter.client, f"/applications/{sizes[10].pk}/interviews/", headers=HTMX)
    assert panel.count('class="item interview"') == 10
    assert panel.count(panelist.user.get_full_name()) == 10


def test_the_board_keeps_its_query_count_from_0_to_10_interviews(
    recruiter, interviewer, posting, kind
):
    applications = [ApplicationFactory.create(posting=posting) for _ in range(3)]
    recruiter.client.get(f"/postings/{posting.pk}/board/")  # the card cache fills
    before, _page = _count(recruiter.client, f"/postings/{posting.pk}/board/")
    for application in applications:
        make_interviews(application, kind, [interviewer.user], 10)
    recruiter.client.get(f"/postings/{posting.pk}/board/")
    after, page = _count(recruiter.client, f"/postings/{posting.pk}/board/")
    assert after == before
    assert page.count("/interviews/new/") == 3


@pytest.mark.parametrize(
    "when",
    [
        "9999-12-31T23:59",
        "0001-01-01T00:00",
        "2031-02-30T10:00",
        "2031-03-30T25:00",
        "2099-01-01T10:00",
    ],
)
def test_a_start_at_the_edge_of_the_calendar_is_a_form_error(
    recruiter, interviewer, application, kind, when
):
    response = recruiter.client.post(
        _schedule_url(application), _form(kind, [interviewer.user], starts_at=when)
    )
    assert response.status_code == 200
    assert _errors(response).strip()
    assert not Interview.objects.exists()


def test_a_conflict_elsewhere_is_shown_without_naming_what_the_scheduler_cant_see(
    hiring_manager, two_org_member, other_organization, organization, application, kind
):

    # The two-organization recruiter interviews here and there; their loop there, and one
    # here on a posting the hiring manager isn't on, are busy times, not names.
    theirs = PostingFactory.create(organization=other_organization, title="Secret Role")
    hidden = PostingFactory.create(organization=organization, title="Unlisted Role")
    for posting in (theirs, hidden):
        other_kind = make_interview_kind(posting, name="Private loop")
        make_interviews(
            ApplicationFactory.create(posting=posting), other_kind, [two_org_member.user], 1
        )
    start = Interview.objects.order_by("starts_at")[0].starts_at
    response = hiring_manager.client.post(
        _schedule_url(application), _form(kind, [two_org_member.user], starts_at=_local(start))
    )
    page = response.content.decode()
    assert "Some interviewers are busy then" in page
    assert page.count(f"{two_org_member.user.get_full_name()}: another interview") == 2
    assert "Secret Role" not in page
    assert "Unlisted Role" not in page
    assert "Private loop" not in page


def test_the_editor_keeps_its_query_count_from_1_to_10_interview_kinds(recruiter, posting):
    areas = {"Design": [("Trade-offs", "Costs named")], "Team": [("Coaching", "A story")]}
    make_interview_kind(posting, name="Kind 0", areas=areas)
    one, _page = _count(recruiter.client, f"/postings/{posting.pk}/edit/")
    for n in range(1, 10):
        make_interview_kind(posting, name=f"Kind {n}", areas=areas)
    ten, page = _count(recruiter.client, f"/postings/{posting.pk}/edit/")
    assert ten == one
    assert page.count('class="item interview-kind"') == 10
    assert page.count("Costs named") == 10


def test_the_applicant_list_has_the_interview_link_as_a_column(recruiter, posting, application):
    page = recruiter.client.get(f"/postings/{posting.pk}/applications/").content.decode()
    assert f'href="/applications/{application.pk}/interviews/new/"' in page
