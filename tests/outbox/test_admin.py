from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import AuditAction, AuditEntry
from outbox import queues
from outbox.models import Message, State
from outbox.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def messages(organization, other_organization):
    ours = record(
        "send_email", {"builder": "raw", "args": {}}, key="ours-1", organization=organization
    )
    Message.objects.filter(pk=ours.pk).update(
        state=State.FAILED, last_error="SMTPDataError: 550 nope"
    )
    scheduled = record(
        "send_email",
        {"builder": "raw"},
        key="ours-later",
        organization=organization,
        not_before=timezone.now() + timedelta(days=2),
    )
    theirs = record(
        "send_email", {"builder": "raw"}, key="theirs-1", organization=other_organization
    )
    return ours, scheduled, theirs


def test_staff_list_their_organizations_messages_with_filters_and_search(staff, messages):
    ours, scheduled, theirs = messages
    page = staff.client.get("/admin/outbox/message/").content.decode()
    assert f">{ours.pk}<" in page
    assert f">{theirs.pk}<" not in page
    failed = staff.client.get("/admin/outbox/message/?state__exact=failed").content.decode()
    assert "SMTPDataError: 550 nope" in failed
    assert f">{scheduled.pk}<" not in failed
    found = staff.client.get("/admin/outbox/message/?q=ours-later").content.decode()
    assert f">{scheduled.pk}<" in found
    assert f">{ours.pk}<" not in found
    assert staff.client.get("/admin/outbox/message/?age=24h").status_code == 200


def test_the_detail_shows_payload_and_last_error(staff, messages):
    ours, _, theirs = messages
    page = staff.client.get(f"/admin/outbox/message/{ours.pk}/change/").content.decode()
    assert "SMTPDataError: 550 nope" in page
    assert "&quot;builder&quot;: &quot;raw&quot;" in page
    other = staff.client.get(f"/admin/outbox/message/{theirs.pk}/change/", follow=True)
    assert "theirs-1" not in other.content.decode()


def test_cancel_action_cancels_what_is_open_and_explains_the_rest(staff, messages):
    ours, scheduled, _ = messages
    response = staff.client.post(
        "/admin/outbox/message/",
        {"action": "cancel", "_selected_action": [ours.pk, scheduled.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "1 message(s) cancelled." in page
    assert f"#{ours.pk}: This message is failed and can&#x27;t be cancelled." in page
    scheduled.refresh_from_db()
    assert scheduled.state == State.CANCELLED


def test_the_admin_index_links_the_queue_dashboard_for_staff(staff, superuser):
    page = superuser.client.get("/admin/").content.decode()
    assert 'href="/admin/rq/"' in page
    assert "Failed outbox messages" in page


def test_sweep_outbox_once_runs_one_round(messages, settings):
    settings.OUTBOX_SWEEP_GRACE_SECONDS = 0
    Message.objects.filter(idempotency_key="theirs-1").update(
        next_attempt_at=timezone.now() - timedelta(minutes=5)
    )
    out = StringIO()
    call_command("sweep_outbox", "--once", stdout=out)
    assert "sweep_outbox: SweepResult(due=1, enqueued=1, pruned=0)" in out.getvalue()


def test_the_change_page_has_retry_now_for_a_failed_message_and_it_is_audited(
    staff, messages, django_capture_on_commit_callbacks
):
    ours, scheduled, _ = messages
    change_url = f"/admin/outbox/message/{ours.pk}/change/"
    page = staff.client.get(change_url).content.decode()
    assert '<input type="hidden" name="_from_change" value="1">' in page
    assert f'name="_selected_action" value="{ours.pk}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.client.post(
            "/admin/outbox/message/",
            {"action": "retry_now", "_selected_action": [ours.pk], "_from_change": "1"},
        )
    assert (response.status_code, response["Location"]) == (302, change_url)
    ours.refresh_from_db()
    assert (ours.state, ours.attempts) == (State.PENDING, 0)
    assert queues.get_queue("email").count == 1  # the retry's job
    (entry,) = AuditEntry.objects.filter(action=AuditAction.ADMIN_CHANGED, target_id=str(ours.pk))
    assert (entry.actor, entry.organization) == (staff.user, ours.organization)
    assert entry.details["change"] == "Retried"
    # Not for what is waiting for its time: "Cancel" is the button's counterpart there.
    page = staff.client.get(f"/admin/outbox/message/{scheduled.pk}/change/").content.decode()
    assert "_from_change" not in page


def test_staff_cannot_retry_another_organizations_message(staff, messages):
    _, _, theirs = messages
    Message.objects.filter(pk=theirs.pk).update(state=State.FAILED)
    response = staff.client.post(
        "/admin/outbox/message/",
        {"action": "retry_now", "_selected_action": [theirs.pk], "_from_change": "1"},
        follow=True,
    )
    assert "message(s) retried" not in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.state == State.FAILED
    assert not AuditEntry.objects.filter(target_id=str(theirs.pk)).exists()
    assert staff.client.get(f"/admin/outbox/message/{theirs.pk}/change/").status_code == 302
