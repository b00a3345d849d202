"""The daily loop in few clicks (issue 21): advance with the stage email in view, reject with
the rejection email in view, undo a rejection, and bulk actions that say who they touch."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from candidates.models import Application, ApplicationEvent, ApplicationStatus
from candidates.services import ActionRefused, reject_application, undo_rejection
from outbox.models import Message, State
from postings.models import EmailTemplate
from tests.conftest import make_persona
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db

HTMX = {"headers": {"HX-Request": "true"}}


@pytest.fixture
def posting(posting, organization):
    """The shared posting with an email on its Screen stage."""
    template = EmailTemplate.objects.create(
        organization=organization,
        name="Invite to screen",
        subject="{{ posting_title }}: next step",
        body="Hi {{ first_name }},\n\nWe'd like a call in {{ stage_name }}.",
    )
    posting.stages.filter(name="Screen").update(email_template=template)
    return posting


@pytest.fixture
def stages(posting):
    return list(posting.stages.order_by("order", "id"))


@pytest.fixture
def application(posting, stages):
    candidate = CandidateFactory.create(organization=posting.organization, name="Adaeze Okafor")
    return ApplicationFactory.create(posting=posting, candidate=candidate, stage=stages[0])


def _advance(persona, application, **data):
    return persona.client.post(f"/applications/{application.pk}/advance/", data, **HTMX)


# --- Advance ----------------------------------------------------------------------------


def test_the_dialog_previews_the_next_stages_email(hiring_manager, application, stages):
    body = hiring_manager.client.get(
        f"/applications/{application.pk}/advance/?from=board", **HTMX
    ).content.decode()
    assert "Advance Adaeze Okafor to Screen" in body
    assert "Backend Lead: next step" in body
    assert "We&#x27;d like a call in Screen." in body or "We'd like a call in Screen." in body
    assert f'name="stage" value="{stages[1].pk}"' in body
    assert "hx-post=" in body
    assert "<html" not in body
    page = hiring_manager.client.get(f"/applications/{application.pk}/advance/").content.decode()
    assert "<html" in page
    assert "hx-post=" not in page


def test_one_post_moves_and_queues_the_email_as_edited(hiring_manager, application, stages):
    response = hiring_manager.client.post(
        f"/applications/{application.pk}/advance/",
        {
            "stage": stages[1].pk,
            "version": 1,
            "action": "send",
            "subject": "A call, {{ first_name }}?",
            "body": "Edited for you.",
            "next": f"/applications/{application.pk}/",
        },
    )
    assert response["Location"] == f"/applications/{application.pk}/"
    application.refresh_from_db()
    assert application.stage == stages[1]
    message = Message.objects.get(kind="send_email")
    assert message.payload["builder"] == "stage_email"
    assert message.payload["args"]["subject"] == "A call, {{ first_name }}?"
    assert ApplicationEvent.objects.filter(application=application, kind="moved").count() == 1
    assert ApplicationEvent.objects.filter(
        application=application, kind="email_scheduled", message=message
    ).exists()


def test_skip_moves_without_an_email(hiring_manager, application, stages):
    _advance(hiring_manager, application, stage=stages[1].pk, version=1, action="skip")
    application.refresh_from_db()
    assert application.stage == stages[1]
    assert not Message.objects.filter(kind="send_email").exists()


def test_from_the_board_it_answers_with_the_columns_and_closes_the_dialog(
    hiring_manager, application, stages
):
    response = _advance(
        hiring_manager,
        application,
        stage=stages[1].pk,
        version=1,
        action="send",
        **{
            "from": "board",
            "subject": "{{ posting_title }}",
            "body": "Hello",
        },
    )
    body = response.content.decode()
    assert response["HX-Trigger"] == '{"shortlist:close-dialog": {}}'
    assert f'id="column-{stages[1].pk}"' in body
    assert f'id="card-{application.pk}"' in body
    assert "Adaeze Okafor is in Screen; the email is on its way." in body


def test_a_bad_edit_leaves_the_application_where_it_was(hiring_manager, application, stages):
    body = _advance(
        hiring_manager,
        application,
        stage=stages[1].pk,
        version=1,
        action="send",
        subject="Hi",
        body="{{ salary }}",
    ).content.decode()
    assert "Unknown placeholder(s): {{ salary }}" in body
    application.refresh_from_db()
    assert application.stage == stages[0]
    assert application.version == 1
    assert not Message.objects.exists()
    assert not ApplicationEvent.objects.filter(kind="moved").exists()


def test_a_stale_version_is_refused_and_moves_nothing(hiring_manager, application, stages):
    response = _advance(hiring_manager, application, stage=stages[1].pk, version=7, action="skip")
    assert response.status_code == 200
    assert "the board now shows where they really are" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == stages[0]


def test_a_closed_application_is_not_advanced(hiring_manager, application, stages):
    reject_application(application, by=hiring_manager.user, reason="Location", send_email=False)
    page = hiring_manager.client.get(f"/applications/{application.pk}/advance/").content.decode()
    assert "reopen it first" in page
    assert 'name="stage"' not in page
    response = _advance(hiring_manager, application, stage=stages[1].pk, version=2, action="skip")
    assert response.status_code == 200
    assert "reopen it before moving it" in response.content.decode()
    assert Application.objects.get(pk=application.pk).stage == stages[0]


def test_tampered_ids_are_refused_without_a_500(hiring_manager, application, stages, organization):
    other = ApplicationFactory.create(posting__organization=organization)
    for stage in ("999999", str(other.stage_id), str(stages[0].pk), "x", ""):
        response = _advance(hiring_manager, application, stage=stage, version=1, action="skip")
        assert response.status_code == 200, stage
        assert 'role="alert"' in response.content.decode(), stage
    assert Application.objects.get(pk=application.pk).stage == stages[0]
    response = _advance(hiring_manager, application, stage=stages[1].pk, version="nope", action="x")
    assert response.status_code == 200
    assert Application.objects.get(pk=application.pk).stage == stages[0]


def test_the_last_stage_has_nothing_to_advance_to(hiring_manager, application, stages):
    Application.objects.filter(pk=application.pk).update(stage=stages[-1])
    page = hiring_manager.client.get(f"/applications/{application.pk}/advance/").content.decode()
    assert "is in the last stage" in page


@pytest.mark.parametrize("path", ["advance/", "rejection/"])
def test_outsiders_get_404_and_interviewers_off_the_application_403(
    outsider, organization, application, path
):
    assert outsider.client.get(f"/applications/{application.pk}/{path}").status_code == 404
    interviewer = make_persona(organization, Role.INTERVIEWER)
    assert interviewer.client.get(f"/applications/{application.pk}/{path}").status_code == 403
    if path == "advance/":
        response = interviewer.client.post(
            f"/applications/{application.pk}/{path}", {"stage": 1, "version": 1}
        )
        assert response.status_code == 403
    assert Application.objects.get(pk=application.pk).version == 1


def test_the_dialogs_cost_the_same_queries_however_busy_the_posting(
    hiring_manager, application, posting, stages, django_assert_max_num_queries
):
    for size in (1, 40):
        ApplicationFactory.create_batch(size, posting=posting, stage=stages[0])
        with django_assert_max_num_queries(10):
            hiring_manager.client.get(f"/applications/{application.pk}/advance/", **HTMX)
        with django_assert_max_num_queries(10):
            hiring_manager.client.get(f"/applications/{application.pk}/rejection/", **HTMX)


# --- The profile --------------------------------------------------------------------------


def test_the_profile_offers_advance_first_and_no_silent_move(hiring_manager, application, stages):
    page = hiring_manager.client.get(f"/applications/{application.pk}/").content.decode()
    assert "Advance to Screen" in page
    assert page.index('id="advance-button"') < page.index("Mark as hired")
    assert '<button type="submit" class="button-secondary">Mark as hired' in page
    move = page.split('id="move-stage"', 1)[1].split("</select>", 1)[0]
    assert f'value="{stages[0].pk}"' not in move  # the stage it is in: no silent no-op
    assert f'<option value="{stages[1].pk}" selected>' in move
    assert 'id="shortcuts-help"' in page
    assert "js/shortcuts.js" in page


def test_rejecting_from_the_profile_goes_on_to_the_next_candidate(
    hiring_manager, application, posting, stages
):
    following = ApplicationFactory.create(posting=posting, stage=stages[0])
    page = hiring_manager.client.get(f"/applications/{application.pk}/").content.decode()
    assert f"rejection/?next=/applications/{following.pk}/" in page.replace("%2F", "/")
    dialog = hiring_manager.client.get(
        f"/applications/{application.pk}/rejection/?next=/applications/{following.pk}/", **HTMX
    ).content.decode()
    assert "Your application: Backend Lead" in dialog
    assert "decided not to move forward" in dialog
    assert 'name="send_email" id="rejection-email" checked' in dialog
    response = hiring_manager.client.post(
        f"/applications/{application.pk}/reject/",
        {
            "reason": "Location",
            "send_email": "on",
            "delay_days": 2,
            "next": f"/applications/{following.pk}/",
        },
    )
    assert response["Location"] == f"/applications/{following.pk}/"
    next_page = hiring_manager.client.get(response["Location"]).content.decode()
    assert "Adaeze Okafor is rejected." in next_page
    assert f'action="/applications/{application.pk}/undo-reject/"' in next_page
    # The Undo is offered once.
    again = hiring_manager.client.get(response["Location"]).content.decode()
    assert "undo-reject" not in again


# --- Undo -----------------------------------------------------------------------------------


def test_undo_reopens_in_its_stage_and_cancels_the_waiting_email(
    hiring_manager, application, stages
):
    Application.objects.filter(pk=application.pk).update(stage=stages[2])
    hiring_manager.client.post(
        f"/applications/{application.pk}/reject/",
        {"reason": "Location", "send_email": "on", "delay_days": 2},
    )
    message = Message.objects.get(payload__builder="application_rejected")
    assert message.state == State.SCHEDULED
    response = hiring_manager.client.post(
        f"/applications/{application.pk}/undo-reject/", follow=True
    )
    assert "Undone: Adaeze Okafor is back in" in response.content.decode()
    application.refresh_from_db()
    message.refresh_from_db()
    assert application.status == ApplicationStatus.ACTIVE
    assert application.stage == stages[2]
    assert application.rejection_reason == ""
    assert message.state == State.CANCELLED
    reopened = ApplicationEvent.objects.get(application=application, kind="reopened")
    assert reopened.data == {"undone": "rejection"}
    assert reopened.actor == hiring_manager.user
    assert ApplicationEvent.objects.filter(kind="email_cancelled", message=message).exists()


def test_undo_is_refused_after_its_window(hiring_manager, application):
    reject_application(application, by=hiring_manager.user, reason="Location", send_email=True)
    ApplicationEvent.objects.filter(kind="rejected").update(
        created_at=timezone.now() - timedelta(minutes=11)
    )
    with pytest.raises(ActionRefused, match="too late"):
        undo_rejection(application, by=hiring_manager.user)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.REJECTED
    assert Message.objects.get().state == State.SCHEDULED


def test_undo_is_refused_once_the_email_went(hiring_manager, application):
    reject_application(
        application, by=hiring_manager.user, reason="Location", send_email=True, delay_days=0
    )
    Message.objects.update(state=State.SENT)
    with pytest.raises(ActionRefused, match="already gone"):
        undo_rejection(application, by=hiring_manager.user)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert not ApplicationEvent.objects.filter(kind__in=["reopened", "email_cancelled"]).exists()


def test_undo_of_an_active_application_says_so(hiring_manager, application):
    page = hiring_manager.client.post(
        f"/applications/{application.pk}/undo-reject/", follow=True
    ).content.decode()
    assert "nothing to undo" in page
    assert Application.objects.get(pk=application.pk).version == 1


def test_others_cannot_undo(outsider, hiring_manager, organization, application):
    reject_application(application, by=hiring_manager.user, reason="Location", send_email=True)
    assert outsider.client.post(f"/applications/{application.pk}/undo-reject/").status_code == 404
    interviewer = make_persona(organization, Role.INTERVIEWER)
    response = interviewer.client.post(f"/applications/{application.pk}/undo-reject/")
    assert response.status_code == 403
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.REJECTED


# --- Bulk -----------------------------------------------------------------------------------


def _bulk(persona, posting, **data):
    return persona.client.post(f"/postings/{posting.pk}/applications/bulk/", data)


def test_a_bulk_rejection_names_everyone_and_waits_for_the_confirmation(
    hiring_manager, posting, stages
):
    names = ["Ama Owusu", "Bo Lindqvist", "Chen Wei"]
    applications = [
        ApplicationFactory.create(
            posting=posting,
            stage=stages[0],
            candidate=CandidateFactory.create(organization=posting.organization, name=name),
        )
        for name in names
    ]
    data = {
        "action": "reject",
        "reason": "Location",
        "send_email": "on",
        "delay_days": "3",
        "ids": [a.pk for a in applications],
        **{f"v_{a.pk}": a.version for a in applications},
    }
    page = _bulk(hiring_manager, posting, **data).content.decode()
    assert "Reject 3 applications?" in page
    assert all(name in page for name in names)
    assert "after 3 business days" in page
    assert not Application.objects.filter(status="rejected").exists()
    confirmed = dict(data, confirmed="1")
    response = hiring_manager.client.post(
        f"/postings/{posting.pk}/applications/bulk/", confirmed, follow=True
    )
    listed = response.content.decode()
    assert "Done for 3 of 3." in listed
    assert "3 applications rejected." in listed
    assert Application.objects.filter(status="rejected").count() == 3
    waiting = Message.objects.filter(payload__builder="application_rejected")
    assert waiting.count() == 3
    assert all(
        (m.not_before or timezone.now()) > timezone.now() + timedelta(days=2) for m in waiting
    )
    # The Undo on the list undoes all three and cancels their emails.
    undo = {"action": "undo-reject", "ids": [a.pk for a in applications]}
    _bulk(hiring_manager, posting, **undo)
    assert Application.objects.filter(status="active").count() == 3
    assert set(waiting.values_list("state", flat=True)) == {State.CANCELLED}


def test_all_matching_is_pinned_by_the_confirmation(hiring_manager, posting, stages):
    first = ApplicationFactory.create(posting=posting, stage=stages[0])
    page = _bulk(
        hiring_manager, posting, action="tag", tag_name="later", all_matching="on"
    ).content.decode()
    assert f'name="ids" value="{first.pk}"' in page
    late = ApplicationFactory.create(posting=posting, stage=stages[0])
    ids = re.findall(r'name="ids" value="(\d+)"', page)
    _bulk(hiring_manager, posting, action="tag", tag_name="later", ids=ids, confirmed="1")
    assert list(Application.objects.filter(tags__name="later")) == [first]
    assert not late.tags.exists()


def test_the_confirmation_costs_the_same_queries_for_3_or_30(
    hiring_manager, posting, stages, django_assert_max_num_queries
):
    for size in (3, 30):
        ids = [a.pk for a in ApplicationFactory.create_batch(size, posting=posting)]
        with django_assert_max_num_queries(12):
            response = _bulk(hiring_manager, posting, action="reject", reason="x", ids=ids)
        assert response.status_code == 200


def test_a_bulk_confirmation_of_another_postings_ids_touches_nothing(
    hiring_manager, posting, organization, outsider
):
    theirs = ApplicationFactory.create(posting__organization=outsider.organization)
    response = _bulk(hiring_manager, posting, action="reject", reason="x", ids=[theirs.pk])
    assert response.status_code == 302  # "select at least one" (none of them are ours)
    assert Application.objects.get(pk=theirs.pk).status == ApplicationStatus.ACTIVE
    assert _bulk(outsider, posting, action="reject", reason="x").status_code == 404


def test_without_javascript_the_board_advance_is_a_page_that_returns_to_the_board(
    hiring_manager, application, posting, stages
):
    page = hiring_manager.client.get(
        f"/applications/{application.pk}/advance/?from=board&sort=score"
    ).content.decode()
    assert '<input type="hidden" name="sort" value="score">' in page
    assert '<input type="hidden" name="from" value="board">' in page
    response = hiring_manager.client.post(
        f"/applications/{application.pk}/advance/",
        {"stage": stages[1].pk, "version": 1, "action": "skip", "from": "board", "sort": "score"},
    )
    assert response["Location"] == f"/postings/{posting.pk}/board/?sort=score"
    assert Application.objects.get(pk=application.pk).stage == stages[1]


def test_a_foreign_next_is_not_followed(hiring_manager, application, stages):
    response = hiring_manager.client.post(
        f"/applications/{application.pk}/advance/",
        {"stage": stages[1].pk, "version": 1, "action": "skip", "next": "https://evil.example/"},
    )
    assert response["Location"].startswith("/postings/")


def test_a_bulk_undo_leaves_another_postings_rejections_alone(
    hiring_manager, posting, organization
):
    elsewhere = ApplicationFactory.create(posting__organization=organization)
    reject_application(elsewhere, by=hiring_manager.user, reason="x", send_email=False)
    response = _bulk(hiring_manager, posting, action="undo-reject", ids=[elsewhere.pk])
    assert response.status_code == 302
    assert Application.objects.get(pk=elsewhere.pk).status == ApplicationStatus.REJECTED
