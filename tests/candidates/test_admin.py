"""Admin edits of an application's stage or status go through the services that write its
timeline, as the board's and the profile's do."""

from __future__ import annotations

from typing import Any

import pytest

from candidates.models import ApplicationEvent, ApplicationStatus, EventKind
from tests.factories import ApplicationFactory, PostingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(organization):
    posting = PostingFactory.create(organization=organization, status="open")
    return ApplicationFactory.create(posting=posting)


def change(staff: Any, application: Any, **fields: Any) -> Any:
    form = {
        "candidate": application.candidate_id,
        "posting": application.posting_id,
        "stage": application.stage_id,
        "status": application.status,
        "rejection_reason": application.rejection_reason,
        "source": application.source,
        "position": application.position,
        "version": application.version,
        "applied_at_0": application.applied_at.strftime("%Y-%m-%d"),
        "applied_at_1": application.applied_at.strftime("%H:%M:%S"),
        "stage_entered_at_0": application.stage_entered_at.strftime("%Y-%m-%d"),
        "stage_entered_at_1": application.stage_entered_at.strftime("%H:%M:%S"),
        "links": "{}",
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
    }
    return staff.client.post(
        f"/admin/candidates/application/{application.pk}/change/", form | fields
    )


def test_an_admin_stage_change_is_a_move_on_the_timeline(staff, application):
    applied = application.stage
    screen = application.posting.stages.get(name="Screen")
    response = change(staff, application, stage=screen.pk, source="referral")
    assert response.status_code == 302, response.context["errors"]
    application.refresh_from_db()
    assert (application.stage, application.source, application.version) == (screen, "referral", 2)
    event = ApplicationEvent.objects.get(application=application, kind=EventKind.MOVED)
    assert (event.actor, event.from_stage, event.to_stage) == (staff.user, applied, screen)


def test_an_admin_status_change_is_a_rejection_or_a_reopening_on_the_timeline(staff, application):
    refused = change(staff, application, status=ApplicationStatus.REJECTED)
    assert "Choose a reason for the rejection." in refused.content.decode()
    response = change(
        staff, application, status=ApplicationStatus.REJECTED, rejection_reason="Too junior"
    )
    assert response.status_code == 302, response.context["errors"]
    application.refresh_from_db()
    assert (application.status, application.rejection_reason) == ("rejected", "Too junior")
    # Reopened into another stage in one save: reopened first, then moved.
    screen = application.posting.stages.get(name="Screen")
    response = change(staff, application, status=ApplicationStatus.ACTIVE, stage=screen.pk)
    assert response.status_code == 302, response.context["errors"]
    kinds = list(application.events.order_by("id").values_list("kind", "actor", "data"))
    assert kinds == [
        ("rejected", staff.user.pk, {"reason": "Too junior"}),
        ("reopened", staff.user.pk, {}),
        ("moved", staff.user.pk, {}),
    ]
    application.refresh_from_db()
    assert (application.status, application.stage) == ("active", screen)


def test_admin_refuses_to_move_a_closed_application(staff, application):
    application.status = ApplicationStatus.WITHDRAWN
    application.save()
    screen = application.posting.stages.get(name="Screen")
    response = change(staff, application, stage=screen.pk)
    assert "Reopen the application before moving it." in response.content.decode()
    hired = change(staff, application, status=ApplicationStatus.HIRED)
    assert "Reopen the application first." in hired.content.decode()
    assert not application.events.exists()


def test_admin_shows_but_never_changes_what_only_applying_and_the_profile_write(
    staff, application, organization
):
    other = PostingFactory.create(organization=organization, status="open")
    applied_at = application.applied_at
    response = change(staff, application, posting=other.pk, version=99, position=7)
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.posting_id, application.version) != (other.pk, 99)
    assert application.applied_at == applied_at
    assert staff.client.get("/admin/candidates/application/add/").status_code == 403
