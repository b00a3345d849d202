"""Inviting a colleague: the signed, single-use link made when the outbox sends the email, the
accept page for new and existing accounts, closed links, and the per-inviter limit."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import timedelta
from urllib.parse import quote, urlsplit

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.invitations import SALT, make_token
from accounts.models import AuditAction, AuditEntry, Invitation, Membership, Role, User
from accounts.services import invite_member, revoke_invitation
from outbox.models import Message, State
from outbox.services import deliver_message
from tests.conftest import run_worker
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STRONG = "Kolanut-harbour-7391"


def _invite(persona, address="ada@example.com", role="recruiter", **extra):
    url = reverse("team_invite", kwargs={"slug": persona.organization.slug})
    return persona.client.post(url, {"email": address, "role": role}, **extra)


def _link_in(body: str) -> str:
    (link,) = re.findall(r"https?://\S+/invitations/\S+/", body)
    return urlsplit(link).path


def _deliver_all() -> list[str]:
    for message in Message.objects.filter(state=State.PENDING):
        deliver_message(message.pk)
    return [_link_in(str(sent.body)) for sent in mail.outbox]


def _invitation_link(organization, address="ada@example.com", role=Role.RECRUITER):
    invitation = invite_member(organization, email=address, role=role, by=None)
    return invitation, reverse("invitation_accept", kwargs={"token": make_token(invitation)})


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_an_invited_colleague_gets_the_email_from_a_real_worker_sets_a_password_and_joins(
    org_admin, smtp_server
):
    response = _invite(org_admin, "Ada@Example.com ")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "ada@example.com",
        "recruiter",
        org_admin.user,
    )
    # The outbox keeps the invitation's id only: the link is made when the worker sends.
    message = Message.objects.get(payload__builder="invitation")
    assert message.payload == {"builder": "invitation", "args": {"invitation_id": invitation.pk}}

    result = run_worker("email", smtp_port=smtp_server.port)
    assert result.returncode == 0, result.stderr
    (envelope,) = smtp_server.received
    assert envelope.rcpt_tos == ["ada@example.com"]
    sent = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert sent["Subject"] == "You're invited to join Kolanut Pay on Shortlist"
    body = sent.get_content()
    assert "invited you to join Kolanut Pay on Shortlist as Recruiter" in body
    path = _link_in(body)
    token = path.split("/")[-2]
    assert token not in str(Message.objects.get(pk=message.pk).payload)

    ada = Client()
    page = ada.get(path).content.decode()
    assert "Join Kolanut Pay" in page
    assert "Your account will be ada@example.com" in page
    joined = ada.post(path, {"full_name": "Ada Obi", "password1": STRONG, "password2": STRONG})
    assert joined.status_code == 302
    assert joined["Location"] == "/"
    user = User.objects.get(email="ada@example.com")
    assert user.full_name == "Ada Obi"
    assert user.check_password(STRONG)
    assert (
        Membership.objects.get(user=user, organization=org_admin.organization).role == "recruiter"
    )
    assert int(ada.session["_auth_user_id"]) == user.pk  # signed in as the new member
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.accepted_by == user
    assert list(
        AuditEntry.objects.filter(organization=org_admin.organization)
        .order_by("at")
        .values_list("action", "actor_email", "target_label")
    ) == [
        (AuditAction.MEMBER_INVITED, "admin@kolanut.test", "ada@example.com"),
        (AuditAction.MEMBER_JOINED, "ada@example.com", "ada@example.com"),
    ]
    # The link worked once: a second visit, by anyone else, says it was used.
    again = Client().get(path)
    assert again.status_code == 403
    assert "This invitation was already used" in again.content.decode()


def test_a_person_with_an_account_signs_in_and_joins_with_one_click(organization):
    UserFactory.create(email="ada@example.com", password=STRONG)
    _invitation, path = _invitation_link(organization, role=Role.HIRING_MANAGER)
    ada = Client()
    page = ada.get(path).content.decode()
    assert "You already have a Shortlist account as ada@example.com" in page
    assert f'href="/accounts/login/?next={quote(path)}"' in page
    signed_in = ada.post(
        f"/accounts/login/?next={path}", {"username": "ada@example.com", "password": STRONG}
    )
    assert signed_in["Location"] == path
    assert '<button type="submit">Join Kolanut Pay</button>' in ada.get(path).content.decode()
    assert not Membership.objects.filter(organization=organization).exists()  # not before
    joined = ada.post(path, follow=True)
    assert "Welcome to Kolanut Pay: you are a member as Hiring manager." in joined.content.decode()
    membership = Membership.objects.get(organization=organization, user__email="ada@example.com")
    assert membership.role == Role.HIRING_MANAGER
    # Back on the link later: sent on to the dashboard, not told off.
    back = ada.get(path)
    assert back.status_code == 302
    assert back["Location"] == "/"


def test_signed_in_as_someone_else_explains_and_offers_to_sign_out(organization, recruiter):
    _invitation, path = _invitation_link(organization)
    response = recruiter.client.get(path)
    assert response.status_code == 403
    page = response.content.decode()
    assert "is for ada@example.com, and you are signed in as recruiter@kolanut.test" in page
    assert 'action="/accounts/logout/"' in page
    assert f'name="next" value="{path}"' in page
    assert recruiter.client.post(path).status_code == 403
    assert not Invitation.objects.filter(accepted_at__isnull=False).exists()


def test_the_new_password_goes_through_djangos_validators(organization):
    _invitation, path = _invitation_link(organization)
    ada = Client()
    common = ada.post(path, {"full_name": "Ada", "password1": "password", "password2": "password"})
    assert common.status_code == 200
    assert "This password is too common." in common.content.decode()
    similar = ada.post(
        path, {"full_name": "Ada", "password1": "ada@example.com1", "password2": "ada@example.com1"}
    )
    assert "The password is too similar to the email address." in similar.content.decode()
    mismatch = ada.post(path, {"full_name": "Ada", "password1": STRONG, "password2": STRONG + "x"})
    assert "The two passwords don&#x27;t match." in mismatch.content.decode()
    assert not User.objects.filter(email="ada@example.com").exists()


@pytest.mark.parametrize(
    ("spoil", "status", "text"),
    [
        (lambda path: path[:-6] + "xxxxx/", 404, "This invitation link doesn't work"),
        (lambda path: "/invitations/not-a-token/", 404, "This invitation link doesn't work"),
    ],
)
def test_a_tampered_link_is_404_with_a_way_forward(organization, spoil, status, text):
    _invitation, path = _invitation_link(organization)
    response = Client().get(spoil(path))
    assert response.status_code == status
    page = response.content.decode()
    assert text in page
    assert "ask the person who invited you for a new invitation" in page
    assert 'href="/accounts/login/"' in page


def test_a_link_to_an_invitation_we_never_made_is_404(organization):
    forged = signing.dumps([999999, "x"], salt=SALT)
    assert Client().get(f"/invitations/{forged}/").status_code == 404


def test_an_expired_link_is_403_and_says_to_ask_for_it_again(organization):
    invitation, path = _invitation_link(organization)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    response = Client().get(path)
    assert response.status_code == 403
    assert "This invitation has expired" in response.content.decode()
    posted = Client().post(path, {"full_name": "Ada", "password1": STRONG, "password2": STRONG})
    assert posted.status_code == 403
    assert not User.objects.filter(email="ada@example.com").exists()


def test_a_revoked_link_stops_working_and_its_queued_email_is_never_sent(org_admin):
    _invite(org_admin)
    invitation = Invitation.objects.get()
    path = reverse("invitation_accept", kwargs={"token": make_token(invitation)})
    url = reverse(
        "invitation_action",
        kwargs={"slug": "kolanut-pay", "pk": invitation.pk, "action": "revoke"},
    )
    response = org_admin.client.post(url, headers={"HX-Request": "true"})
    assert "The invitation to ada@example.com is revoked" in response.content.decode()
    assert "No invitations waiting." in response.content.decode()
    message = Message.objects.get(payload__builder="invitation")
    deliver_message(message.pk)
    message.refresh_from_db()
    assert message.state == State.CANCELLED
    assert mail.outbox == []
    closed = Client().get(path)
    assert closed.status_code == 403
    assert "This invitation was withdrawn" in closed.content.decode()
    assert AuditEntry.objects.filter(action=AuditAction.INVITATION_REVOKED).count() == 1


def test_a_used_link_made_before_acceptance_no_longer_matches(organization):
    # The token carries a digest of what changes on use: even a stale copy of the row can't
    # be replayed against it.
    _invitation, path = _invitation_link(organization)
    Client().post(path, {"full_name": "Ada", "password1": STRONG, "password2": STRONG})
    response = Client().post(path, {"full_name": "Eve", "password1": STRONG, "password2": STRONG})
    assert response.status_code == 403
    assert User.objects.get(email="ada@example.com").full_name == "Ada"


def test_pending_invitations_are_listed_and_can_be_sent_again(org_admin, settings):
    _invite(org_admin)
    invitation = Invitation.objects.get()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    page = org_admin.client.get("/orgs/kolanut-pay/team/").content.decode()
    assert "ada@example.com" in page
    assert "expired" in page
    url = reverse(
        "invitation_action",
        kwargs={"slug": "kolanut-pay", "pk": invitation.pk, "action": "resend"},
    )
    response = org_admin.client.post(url, follow=True)
    assert "Invitation sent again to ada@example.com." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + timedelta(days=6)
    # Both emails go out (the first one waited in the outbox) and both links work until the
    # new expiry: they stand for the same invitation.
    links = _deliver_all()
    assert len(links) == 2
    assert all(Client().get(link).status_code == 200 for link in links)
    resent = AuditEntry.objects.filter(action=AuditAction.MEMBER_INVITED, details__resent=True)
    assert resent.count() == 1


def test_an_unknown_invitation_action_is_404(org_admin):
    _invite(org_admin)
    invitation = Invitation.objects.get()
    url = f"/orgs/kolanut-pay/team/invitations/{invitation.pk}/accept/"
    assert org_admin.client.post(url).status_code == 404


def test_inviting_a_member_or_someone_already_invited_is_a_clear_form_error(org_admin, recruiter):
    member = _invite(org_admin, "RECRUITER@kolanut.test")
    assert member.status_code == 200
    assert "recruiter@kolanut.test is already a member of this team." in member.content.decode()
    _invite(org_admin)
    again = _invite(org_admin, headers={"HX-Request": "true"})
    assert "ada@example.com was already invited; send that invitation again" in (
        again.content.decode()
    )
    assert Invitation.objects.count() == 1
    bad = _invite(org_admin, "not an address", role="owner")
    page = bad.content.decode()
    assert "Enter a valid email address." in page
    assert "Select a valid choice. owner is not one of the available choices." in page


def test_an_expired_invitation_is_renewed_when_invited_again(org_admin):
    _invite(org_admin, role="interviewer")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(days=1))
    assert _invite(org_admin, role="admin").status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.role == "admin"
    assert invitation.is_pending()


def test_invitations_are_limited_per_inviter_with_a_friendly_429(org_admin, settings):
    settings.INVITATION_RATE_LIMIT = "2/3600"
    assert _invite(org_admin, "a@example.com").status_code == 302
    assert _invite(org_admin, "b@example.com").status_code == 302
    # A form error costs nothing: only invitations that would be sent count.
    assert _invite(org_admin, "a@example.com").status_code == 200
    limited = _invite(org_admin, "c@example.com")
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 3600
    assert "That's a lot of invitations at once" in limited.content.decode()
    assert 'href="/orgs/kolanut-pay/team/"' in limited.content.decode()
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "a@example.com",
        "b@example.com",
    ]
    assert Message.objects.filter(payload__builder="invitation").count() == 2


def test_only_admins_invite_and_outsiders_see_nothing(recruiter, outsider):
    assert _invite(recruiter).status_code == 403
    url = reverse("team_invite", kwargs={"slug": "kolanut-pay"})
    assert outsider.client.post(url, {"email": "x@y.test", "role": "admin"}).status_code == 404
    assert not Invitation.objects.exists()


def test_inviting_after_a_long_session_asks_for_the_password_first(org_admin, settings):
    settings.REAUTHENTICATE_AFTER_SECONDS = 0
    response = _invite(org_admin, HTTP_REFERER="http://testserver/orgs/kolanut-pay/team/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm-password/?next=")
    assert not Invitation.objects.exists()


def test_an_accepted_invitation_can_no_longer_be_revoked(org_admin, organization):
    invitation, path = _invitation_link(organization)
    Client().post(path, {"full_name": "Ada", "password1": STRONG, "password2": STRONG})
    url = reverse(
        "invitation_action",
        kwargs={"slug": "kolanut-pay", "pk": invitation.pk, "action": "revoke"},
    )
    response = org_admin.client.post(url, follow=True)
    assert "That invitation was already accepted or revoked." in response.content.decode()
    with pytest.raises(Exception, match="already accepted or revoked"):
        revoke_invitation(invitation, by=None)
