"""Emails to candidates, rendered from ids at send time (outbox builders)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urljoin

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from accounts import branding
from accounts.models import Membership, Organization, OrganizationLogo, User
from candidates.models import Application, Note
from candidates.services import stage_email_values
from outbox.email import Attachment, Email, builder
from outbox.handlers import NoLongerWanted
from postings.access import can_work_posting
from postings.emailtemplates import render_template
from postings.models import Posting


def _load(application_id: int) -> Application:
    return Application.objects.select_related("candidate", "posting__organization").get(
        pk=application_id
    )


def candidate_email(
    application: Application,
    *,
    subject: str,
    text: str,
    body_html: str,
    by_id: int | None = None,
    attachments: list[Attachment] | None = None,
) -> Email:
    """An email to the application's candidate as the organization sends it: from its name at
    the platform's address, replies to the organization's address or the recruiter who acted
    (`by_id`; else the posting's owner), and the HTML body in the organization's small layout
    beside the plain text. Every email to a candidate is made here."""
    posting = application.posting
    organization = posting.organization
    context = {
        "subject": subject,
        # Ours: the templates' output, or a stage email with the user's text escaped first.
        "body": mark_safe(body_html),  # noqa: S308
        "organization": organization,
        "posting": posting,
        "posting_url": urljoin(
            settings.SITE_URL,
            reverse("careers_posting", kwargs={"org": organization.slug, "slug": posting.slug}),
        ),
        "sender": branding.sender_name(organization),
        "logo": _logo(organization),
    }
    reply_to = branding.reply_to(organization, by_id, posting.created_by_id)
    # With nobody to reach, a reply would go to the platform's address: the footer doesn't ask.
    context["can_reply"] = bool(reply_to)
    return Email(
        to=[application.candidate.email],
        subject=subject,
        text=text,
        html=render_to_string("candidates/emails/_layout.html", context),
        from_email=branding.from_address(organization),
        reply_to=reply_to,
        attachments=attachments or [],
    )


def _logo(organization: Organization) -> dict[str, object] | None:
    url = branding.logo_url(organization)
    size = OrganizationLogo.objects.filter(organization=organization).values("width", "height")
    found = size.first() if url else None
    if found is None:
        return None
    # Stored at up to twice the size shown: shown within 240 x 80, never enlarged.
    scale = min(1.0, 240 / max(found["width"], 1), 80 / max(found["height"], 1))
    return {
        "url": url,
        "width": max(1, round(found["width"] * scale)),
        "height": max(1, round(found["height"] * scale)),
    }


def _email(application: Application, template: str, subject: str, by_id: int | None) -> Email:
    # Anyone can send the apply form with any address, so these emails carry none of its text
    # beyond the name on the candidate record: the templates get no application to reach into.
    context = {
        "name": application.candidate.name,
        "posting": application.posting,
        "organization": application.posting.organization,
        "site_url": settings.SITE_URL,
    }
    return candidate_email(
        application,
        subject=subject,
        text=render_to_string(f"candidates/emails/{template}.txt", context),
        body_html=render_to_string(f"candidates/emails/{template}.html", context),
        by_id=by_id,
    )


@builder("application_received")
def application_received(*, application_id: int) -> Email:
    application = _load(application_id)
    return _email(
        application,
        "application_received",
        f"We received your application: {application.posting.title}",
        None,
    )


@builder("application_duplicate")
def application_duplicate(*, application_id: int) -> Email:
    application = _load(application_id)
    return _email(
        application,
        "application_duplicate",
        f"Your application stands: {application.posting.title}",
        None,
    )


@builder("application_rejected")
def application_rejected(*, application_id: int, by_id: int | None = None) -> Email:
    application = _load(application_id)
    return _email(
        application,
        "application_rejected",
        f"Your application: {application.posting.title}",
        by_id,
    )


@builder("note_mention")
def note_mention(*, note_id: int, user_id: int) -> Email:
    note = Note.objects.select_related(
        "author", "application__posting__organization", "application__candidate"
    ).get(pk=note_id)
    user = _still_member(user_id, note.application.posting.organization_id)
    url = f"{settings.SITE_URL}/applications/{note.application_id}/#note-{note.pk}"
    author = note.author.get_full_name() if note.author else "A teammate"
    # Names the application by its id and posting only: mentions go to staff inboxes, and the
    # note itself stays in Shortlist where access is checked.
    subject = f"{author} mentioned you on an application for {note.application.posting.title}"
    text = f"{author} mentioned you in a note.\n\nRead it in Shortlist: {url}\n"
    return Email(
        to=[user.email],
        subject=subject,
        text=text,
        html=format_html(
            '<p>{} mentioned you in a note.</p><p><a href="{}">Read it in Shortlist</a></p>',
            author,
            url,
        ),
    )


@builder("stage_email")
def stage_email(*, application_id: int, subject: str, body: str, by_id: int | None = None) -> Email:
    application = Application.objects.select_related(
        "candidate", "posting__organization", "stage"
    ).get(pk=application_id)
    rendered = render_template(subject, body, stage_email_values(application))
    return candidate_email(
        application,
        subject=rendered.subject,
        text=rendered.text,
        body_html=rendered.html,
        by_id=by_id,
    )


def _still_member(user_id: int, organization_id: int) -> User:
    """The recipient of a mention, checked again at send time: someone removed from the
    organization, or deactivated, since the note was written gets nothing."""
    user = User.objects.filter(
        pk=user_id, is_active=True, memberships__organization_id=organization_id
    ).first()
    if user is None:
        raise NoLongerWanted(
            "Not sent: the recipient is no longer a member of the organization, or was deactivated."
        )
    return user


def _still_works(user_id: int, posting: Posting) -> User:
    """The recipient of a new-applicant email, checked again at send time: someone who left the
    organization or the hiring team, or whose account was deactivated, since it was recorded
    gets nothing: the message is cancelled with the reason."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    membership = Membership.objects.filter(
        user_id=user_id, organization_id=posting.organization_id
    ).first()
    if user is None or membership is None or not can_work_posting(membership, posting):
        raise NoLongerWanted(
            "Not sent: the recipient no longer works this posting "
            "(left its hiring team or organization, or was deactivated)."
        )
    return user


@builder("new_applicant")
def new_applicant(*, application_id: int, user_id: int) -> Email:
    application = _load(application_id)
    user = _still_works(user_id, application.posting)
    url = f"{settings.SITE_URL}/applications/{application.pk}/"
    title = application.posting.title
    return Email(
        to=[user.email],
        subject=f"New applicant for {title}",
        text=f"Someone new applied for {title}.\n\nSee the application: {url}\n",
        html=format_html(
            '<p>Someone new applied for {}.</p><p><a href="{}">See the application</a></p>',
            title,
            url,
        ),
    )


@builder("new_applicants_digest")
def new_applicants_digest(*, posting_id: int, user_id: int, since: str) -> Email:
    posting = Posting.objects.select_related("organization").get(pk=posting_id)
    user = _still_works(user_id, posting)
    count = Application.objects.filter(
        posting=posting, applied_at__gte=datetime.fromisoformat(since)
    ).count()
    url = f"{settings.SITE_URL}/postings/{posting.pk}/board/"
    return Email(
        to=[user.email],
        subject=f"{count} new applicant(s) for {posting.title}",
        text=f"{count} people applied for {posting.title} in the last day.\n\nThe board: {url}\n",
        html=format_html(
            '<p>{} people applied for {} in the last day.</p><p><a href="{}">The board</a></p>',
            count,
            posting.title,
            url,
        ),
    )
