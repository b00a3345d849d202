"""The team page for org admins: roles, removals, the last-admin rule (in the app, in Django
admin and under concurrency), and what a removed member stops receiving."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditAction, AuditEntry, Invitation, Membership, Role, User
from accounts.services import LastAdminRefused, change_role, invite_member, remove_member
from candidates.models import ApplicationEvent, NotificationPreference
from candidates.services import Submission, add_note, send_daily_digests, submit_application
from outbox.models import Message, State
from outbox.services import deliver_message
from tests.documents import upload
from tests.factories import ApplicationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TEAM = "/orgs/kolanut-pay/team/"
HTMX = {"HX-Request": "true"}


def _role_url(membership: Membership) -> str:
    return reverse("member_role", kwargs={"slug": "kolanut-pay", "pk": membership.pk})


def _remove_url(membership: Membership) -> str:
    return reverse("member_remove", kwargs={"slug": "kolanut-pay", "pk": membership.pk})


def _membership(persona) -> Membership:
    return Membership.objects.get(user=persona.user, organization__slug="kolanut-pay")


def test_the_team_page_lists_members_and_pending_invitations(org_admin, recruiter):
    invite_member(org_admin.organization, email="ada@example.com", role="admin", by=org_admin.user)
    page = org_admin.client.get(TEAM).content.decode()
    assert "recruiter@kolanut.test" in page
    assert "admin@kolanut.test" in page
    assert "ada@example.com" in page
    assert f'action="{_role_url(_membership(recruiter))}"' in page
    assert f'action="{_remove_url(_membership(recruiter))}"' in page
    assert 'hx-confirm="Remove recruiter@kolanut.test from the team? Their notes stay."' in page


def test_an_admin_changes_a_role_with_htmx_and_the_audit_log_has_old_and_new(org_admin, recruiter):
    membership = _membership(recruiter)
    response = org_admin.client.post(
        _role_url(membership), {"role": "hiring_manager"}, headers=HTMX
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="team"')  # the section only
    assert "recruiter@kolanut.test is now Hiring manager." in fragment
    membership.refresh_from_db()
    assert membership.role == Role.HIRING_MANAGER
    entry = AuditEntry.objects.get(action=AuditAction.MEMBER_ROLE_CHANGED)
    assert (entry.actor, entry.organization_id, entry.target_label) == (
        org_admin.user,
        membership.organization_id,
        "recruiter@kolanut.test",
    )
    assert entry.details == {"old_role": "recruiter", "new_role": "hiring_manager"}


def test_a_plain_post_redirects_to_the_page_which_says_what_changed(org_admin, recruiter):
    response = org_admin.client.post(_role_url(_membership(recruiter)), {"role": "admin"})
    assert response.status_code == 302
    assert response["Location"] == TEAM
    page = org_admin.client.get(TEAM).content.decode()
    assert "recruiter@kolanut.test is now Admin." in page


def test_an_unknown_role_is_a_clear_error_and_changes_nothing(org_admin, recruiter):
    response = org_admin.client.post(
        _role_url(_membership(recruiter)), {"role": "owner"}, follow=True
    )
    assert "Choose one of the roles." in response.content.decode()
    assert _membership(recruiter).role == Role.RECRUITER


def test_demoting_or_removing_the_last_admin_is_refused_with_a_clear_message(org_admin):
    mine = _membership(org_admin)
    demoted = org_admin.client.post(_role_url(mine), {"role": "recruiter"}, headers=HTMX)
    text = "admin@kolanut.test is the organization&#x27;s only admin"
    assert text in demoted.content.decode()
    assert "Make someone else an admin first." in demoted.content.decode()
    removed = org_admin.client.post(_remove_url(mine), follow=True)
    assert text in removed.content.decode()
    mine.refresh_from_db()
    assert mine.role == Role.ADMIN
    assert not AuditEntry.objects.filter(action__startswith="member.").exists()


def test_with_a_second_admin_an_admin_may_step_down_and_leaves_the_team_page(org_admin, staff):
    response = org_admin.client.post(_role_url(_membership(org_admin)), {"role": "recruiter"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert org_admin.client.get(TEAM).status_code == 403
    assert _membership(staff).role == Role.ADMIN


def test_members_who_are_not_admins_get_403_and_outsiders_404(recruiter, outsider, org_admin):
    target = _membership(org_admin)
    assert recruiter.client.get(TEAM).status_code == 403
    assert recruiter.client.post(_remove_url(target)).status_code == 403
    assert outsider.client.post(_remove_url(target)).status_code == 404
    # Their own organization's page, naming our membership: not found there either.
    url = reverse("member_remove", kwargs={"slug": "brightloom", "pk": target.pk})
    assert outsider.client.post(url).status_code == 404
    assert Membership.objects.filter(pk=target.pk).exists()


def test_team_changes_after_a_long_session_ask_for_the_password_first(
    org_admin, recruiter, settings
):
    settings.REAUTHENTICATE_AFTER_SECONDS = 0
    response = org_admin.client.post(_remove_url(_membership(recruiter)), headers=HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/accounts/confirm-password/?next=")
    assert Membership.objects.filter(user=recruiter.user).exists()


def _apply(posting, address):
    submission = Submission(
        name="New Person",
        email=address,
        location="Lagos",
        stated_years=Decimal(4),
        resume=upload("cv.txt", b"Python"),
        resume_extension=".txt",
    )
    return submit_application(posting, submission)


def test_a_removed_member_keeps_their_notes_and_hears_nothing_more(
    org_admin, hiring_manager, recruiter, posting
):
    application = ApplicationFactory.create(posting=posting)
    note = add_note(application, by=hiring_manager.user, body="Strong on queues")
    # Waiting in the outbox at the time of removal: a mention of them.
    add_note(application, by=recruiter.user, body="@manager what do you think?")
    mention = Message.objects.get(payload__builder="note_mention")
    NotificationPreference.objects.create(
        user=hiring_manager.user, posting=posting, mode="immediate"
    )
    _apply(posting, "first@example.org")
    queued_alert = Message.objects.get(payload__builder="new_applicant")

    response = org_admin.client.post(_remove_url(_membership(hiring_manager)), follow=True)
    assert "manager@kolanut.test is no longer a member of Kolanut Pay." in (
        response.content.decode()
    )

    # The person, their notes and the timeline stay, attributed.
    assert User.objects.filter(pk=hiring_manager.user.pk).exists()
    note.refresh_from_db()
    assert note.author == hiring_manager.user
    assert ApplicationEvent.objects.filter(note=note, actor=hiring_manager.user).exists()
    # Off the hiring team and the notification list; the account can't reach the posting.
    assert not posting.hiring_team.filter(pk=hiring_manager.user.pk).exists()
    assert not NotificationPreference.objects.filter(user=hiring_manager.user).exists()
    assert hiring_manager.client.get(f"/postings/{posting.pk}/board/").status_code == 404
    # What was already queued is not sent; nothing new is queued.
    for message in (mention, queued_alert):
        deliver_message(message.pk)
        message.refresh_from_db()
        assert message.state == State.CANCELLED, message.payload
    assert mail.outbox == []
    _apply(posting, "second@example.org")
    add_note(application, by=recruiter.user, body="@manager again?")
    assert send_daily_digests() == 0
    recipients = Message.objects.filter(state=State.PENDING).values_list("payload", flat=True)
    assert all(p.get("args", {}).get("user_id") != hiring_manager.user.pk for p in recipients)
    entry = AuditEntry.objects.get(action=AuditAction.MEMBER_REMOVED)
    assert entry.target_label == "manager@kolanut.test"
    assert entry.details == {"role": "hiring_manager", "user_id": hiring_manager.user.pk}


def test_a_daily_digest_queued_before_a_removal_is_not_sent(recruiter, org_admin, posting):
    NotificationPreference.objects.create(user=recruiter.user, posting=posting, mode="daily")
    ApplicationFactory.create(posting=posting)
    morning = timezone.now().replace(hour=9)  # the organization's time zone is UTC
    assert send_daily_digests(now=morning) == 1
    digest = Message.objects.get(payload__builder="new_applicants_digest")
    remove_member(_membership(recruiter), by=org_admin.user)
    deliver_message(digest.pk)
    digest.refresh_from_db()
    assert digest.state == State.CANCELLED
    assert mail.outbox == []


@pytest.mark.parametrize("members", [3, 12])
def test_the_team_page_asks_a_constant_number_of_queries(
    org_admin, organization, members, django_assert_max_num_queries
):
    for number in range(members):
        MembershipFactory.create(organization=organization, role=Role.INTERVIEWER)
        invite_member(organization, email=f"person{number}@example.com", role="recruiter", by=None)
    with django_assert_max_num_queries(8):
        response = org_admin.client.get(TEAM)
    assert response.content.decode().count('id="member-') == members + 1
    assert response.content.decode().count('id="invitation-') == members


def test_invited_by_and_the_invitation_survive_the_inviters_removal(org_admin, staff):
    invitation = invite_member(
        org_admin.organization, email="ada@example.com", role="admin", by=org_admin.user
    )
    remove_member(_membership(org_admin), by=staff.user)
    invitation.refresh_from_db()
    assert invitation.is_pending()
    assert invitation.invited_by == org_admin.user
    assert Invitation.objects.count() == 1


# --- Concurrency: the lock on the admin memberships ------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_demotions_of_the_last_two_admins_cannot_both_pass(organization):
    first = MembershipFactory.create(organization=organization, role=Role.ADMIN)
    second = MembershipFactory.create(organization=organization, role=Role.ADMIN)
    outcome: dict[str, object] = {}
    holding = threading.Event()

    def demote_second() -> None:
        holding.wait(10)
        try:
            change_role(second, role=Role.RECRUITER)
            outcome["second"] = "demoted"
        except LastAdminRefused:
            outcome["second"] = "refused"
        finally:
            connection.close()

    other = threading.Thread(target=demote_second)
    other.start()
    with transaction.atomic():
        change_role(first, role=Role.RECRUITER)
        holding.set()
        other.join(0.5)  # it waits on our lock, so it can't have finished
        assert other.is_alive()
    other.join(10)
    assert outcome == {"second": "refused"}
    roles = dict(Membership.objects.filter(organization=organization).values_list("pk", "role"))
    assert roles == {first.pk: Role.RECRUITER, second.pk: Role.ADMIN}


# --- Django admin goes through the same rules -----------------------------------------------


def test_django_admin_refuses_to_demote_the_last_admin_with_a_form_error(staff):
    mine = _membership(staff)
    url = reverse("admin:accounts_membership_change", args=[mine.pk])
    data = {"user": staff.user.pk, "organization": mine.organization_id, "role": "recruiter"}
    response = staff.client.post(url, data)
    assert response.status_code == 200
    assert "Kolanut Pay would be left without an admin." in response.content.decode()
    mine.refresh_from_db()
    assert mine.role == Role.ADMIN


def test_django_admin_refuses_to_delete_the_last_admin_and_says_why(staff):
    mine = _membership(staff)
    url = reverse("admin:accounts_membership_delete", args=[mine.pk])
    response = staff.client.post(url, {"post": "yes"}, follow=True)
    assert "Kolanut Pay would be left without an admin." in response.content.decode()
    assert Membership.objects.filter(pk=mine.pk).exists()


def test_django_admin_role_changes_and_deletions_go_through_the_services(
    staff, hiring_manager, posting
):
    membership = _membership(hiring_manager)
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    data = {"user": hiring_manager.user.pk, "organization": membership.organization_id}
    assert staff.client.post(url, {**data, "role": "interviewer"}).status_code == 302
    changed = AuditEntry.objects.get(action=AuditAction.MEMBER_ROLE_CHANGED)
    assert changed.details == {"old_role": "hiring_manager", "new_role": "interviewer"}
    assert changed.actor == staff.user
    delete = reverse("admin:accounts_membership_delete", args=[membership.pk])
    assert staff.client.post(delete, {"post": "yes"}).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(action=AuditAction.MEMBER_REMOVED).count() == 1
    assert not posting.hiring_team.filter(pk=hiring_manager.user.pk).exists()  # the hook ran


def _inline_data(organization, rows):
    data = {
        "name": organization.name,
        "slug": organization.slug,
        "timezone": organization.timezone,
        "default_currency": organization.default_currency,
        "retention_months": organization.retention_months,
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(len(rows)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        # Postings' inline of the organization's default stages, left as it is.
        "default_stages-TOTAL_FORMS": "0",
        "default_stages-INITIAL_FORMS": "0",
    }
    for index, (membership, role, delete) in enumerate(rows):
        data[f"memberships-{index}-id"] = str(membership.pk)
        data[f"memberships-{index}-organization"] = str(organization.pk)
        data[f"memberships-{index}-user"] = str(membership.user_id)
        data[f"memberships-{index}-role"] = role
        if delete:
            data[f"memberships-{index}-DELETE"] = "on"
    return data


def test_the_organizations_membership_inline_keeps_an_admin_and_allows_a_swap(
    superuser, organization, org_admin, recruiter
):
    admin_row, recruiter_row = _membership(org_admin), _membership(recruiter)
    url = reverse("admin:accounts_organization_change", args=[organization.pk])
    refused = superuser.client.post(
        url,
        _inline_data(
            organization, [(admin_row, "recruiter", False), (recruiter_row, "recruiter", False)]
        ),
    )
    assert refused.status_code == 200
    assert "Kolanut Pay would be left without an admin." in refused.content.decode()
    deleted = superuser.client.post(
        url,
        _inline_data(
            organization, [(admin_row, "admin", True), (recruiter_row, "recruiter", False)]
        ),
    )
    assert "Kolanut Pay would be left without an admin." in deleted.content.decode()
    assert _membership(org_admin).role == Role.ADMIN
    # Promote one and demote the other in one save: the promotion goes first.
    swapped = superuser.client.post(
        url,
        _inline_data(
            organization, [(admin_row, "recruiter", False), (recruiter_row, "admin", False)]
        ),
    )
    assert swapped.status_code == 302
    assert _membership(org_admin).role == Role.RECRUITER
    assert _membership(recruiter).role == Role.ADMIN
    assert AuditEntry.objects.filter(action=AuditAction.MEMBER_ROLE_CHANGED).count() == 2


def test_django_admin_refuses_to_delete_the_account_of_an_organizations_only_admin(
    superuser, org_admin
):
    url = reverse("admin:accounts_user_delete", args=[org_admin.user.pk])
    response = superuser.client.post(url, {"post": "yes"}, follow=True)
    assert "Kolanut Pay would be left without an admin." in response.content.decode()
    assert User.objects.filter(pk=org_admin.user.pk).exists()


def test_a_member_added_through_the_user_admin_can_be_removed_there_too(superuser, organization):
    person = UserFactory.create(email="ada@example.com")
    MembershipFactory.create(user=person, organization=organization, role=Role.RECRUITER)
    assert remove_member(Membership.objects.get(user=person)) == person
    assert not Membership.objects.filter(user=person).exists()


def test_django_admin_refuses_to_move_a_membership_to_another_person(staff, recruiter, interviewer):
    membership = _membership(recruiter)
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    data = {
        "user": interviewer.user.pk,
        "organization": membership.organization_id,
        "role": "admin",
    }
    response = staff.client.post(url, data)
    assert "To move a membership, delete it and add a new one." in response.content.decode()
    membership.refresh_from_db()
    assert (membership.user, membership.role) == (recruiter.user, Role.RECRUITER)
