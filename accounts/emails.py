"""Emails about accounts, made from ids when the outbox sends them (outbox builders).

A password reset's payload names the user only, an invitation's the invitation: the token and
its link are made here, at send time, so no stored message or log line ever holds a live token.
"""

from __future__ import annotations

from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.invitations import accept_url
from accounts.models import Invitation, User
from config.logs import register_signed_link
from outbox.email import Email, builder
from outbox.handlers import NoLongerWanted, PermanentFailure

register_signed_link("password_reset_confirm", secret_kwargs=("token",), builder="password_reset")
register_signed_link("invitation_accept", secret_kwargs=("token",), builder="invitation")


@builder("password_reset")
def password_reset(*, user_id: int) -> Email:
    user = User.objects.get(pk=user_id)
    if not user.is_active or not user.has_usable_password():
        raise PermanentFailure("The account can't reset its password any more.")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = urljoin(
        settings.SITE_URL, reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    )
    context = {"user": user, "link": link}
    subject = render_to_string("registration/password_reset_subject.txt", context)
    return Email(
        to=[user.email],
        subject=" ".join(subject.split()),
        text=render_to_string("registration/password_reset_email.html", context),
    )


@builder("invitation")
def invitation(*, invitation_id: int) -> Email:
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(pk=invitation_id)
        .first()
    )
    # Revoked, accepted or expired while the email waited in the outbox: it is not sent.
    if invitation is None or not invitation.is_pending():
        raise NoLongerWanted("Not sent: the invitation was accepted, revoked or has expired.")
    context = {
        "invitation": invitation,
        "organization": invitation.organization,
        "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else "",
        "link": accept_url(invitation),
    }
    subject = render_to_string("accounts/emails/invitation_subject.txt", context)
    return Email(
        to=[invitation.email],
        subject=" ".join(subject.split()),
        text=render_to_string("accounts/emails/invitation.txt", context),
    )
