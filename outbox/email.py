"""The `send_email` kind: Django's email framework, through the outbox.

A message's payload names a builder and its arguments (ids, where possible); the builder loads
fresh rows at send time and returns the email's content. Later features register builders.
"""

from __future__ import annotations

import hashlib
import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.mime.text import MIMEText
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from config.logs import redact
from config.validators import one_line
from outbox.handlers import PermanentFailure, register
from outbox.models import Message
from outbox.smtp import permanent_refusal


@dataclass(frozen=True)
class Attachment:
    """A file sent with an email. `mimetype` may carry parameters ("text/calendar;
    method=REQUEST"): calendar clients read an invitation's method from its part's header."""

    filename: str
    content: str | bytes
    mimetype: str


@dataclass(frozen=True)
class Email:
    to: list[str]
    subject: str
    text: str
    html: str = ""
    reply_to: list[str] = field(default_factory=list)
    from_email: str = ""
    attachments: list[Attachment] = field(default_factory=list)


Builder = Callable[..., Email]
BUILDERS: dict[str, Builder] = {}


def builder(name: str) -> Callable[[Builder], Builder]:
    def decorator(function: Builder) -> Builder:
        BUILDERS[name] = function
        return function

    return decorator


@builder("raw")
def raw_email(
    *, to: list[str], subject: str, text: str, html: str = "", reply_to: list[str] | None = None
) -> Email:
    """Content given in full (admin tests); prefer a builder that takes ids. Never a signed
    link: those are made by their builder at send time (see config.logs.SIGNED_LINKS)."""
    return Email(to=to, subject=subject, text=text, html=html, reply_to=reply_to or [])


def message_id_for(message: Message) -> str:
    """The same Message-ID on every attempt, so a receiver can drop the rare duplicate."""
    domain = settings.EMAIL_MESSAGE_ID_DOMAIN or urlsplit(settings.SITE_URL).hostname or "shortlist"
    digest = hashlib.sha256(message.idempotency_key.encode()).hexdigest()[:20]
    return f"<outbox.{message.pk}.{digest}@{domain}>"


@register("send_email", queue="email")
def send_email(message: Message) -> None:
    name = message.payload.get("builder", "raw")
    build = BUILDERS.get(name)
    if build is None:
        raise PermanentFailure(f"Unknown email builder {name!r}.")
    try:
        email = build(**message.payload.get("args", {}))
    except TypeError as exc:
        raise PermanentFailure(
            f"Email builder {name!r} got arguments it does not take: {exc}"
        ) from None
    if not email.to:
        raise PermanentFailure("The email has no recipient.")
    mail = EmailMultiAlternatives(
        subject=one_line(email.subject),
        body=email.text,
        from_email=one_line(email.from_email or settings.DEFAULT_FROM_EMAIL),
        to=[one_line(address) for address in email.to],
        reply_to=[one_line(address) for address in email.reply_to] or None,
        headers={"Message-ID": message_id_for(message)},
    )
    if email.html:
        mail.attach_alternative(email.html, "text/html")
    for attachment in email.attachments:
        _attach(mail, attachment)
    try:
        mail.send(fail_silently=False)
    except smtplib.SMTPException as exc:
        refusal = permanent_refusal(exc)
        if refusal is not None:
            # A 5xx will be a 5xx in two hours too: fail now, for a person to look at.
            raise PermanentFailure(f"The mail server refused it: {refusal}") from exc
        raise
    _forget_signed_links(message)


def _attach(mail: EmailMultiAlternatives, attachment: Attachment) -> None:
    kind, _sep, parameters = attachment.mimetype.partition(";")
    main, _slash, subtype = kind.strip().partition("/")
    if main != "text" or not parameters.strip():
        mail.attach(attachment.filename, attachment.content, kind.strip())
        return
    # Django's attach() takes no header parameters: build the text part with them.
    content = attachment.content
    text = content.decode() if isinstance(content, bytes) else content
    part = MIMEText(text, subtype, "utf-8")
    for parameter in parameters.split(";"):
        name, _eq, value = parameter.partition("=")
        if name.strip() and name.strip().lower() != "charset":
            part.set_param(name.strip(), value.strip().strip('"'))
    part.add_header("Content-Disposition", "attachment", filename=attachment.filename)
    mail.attach(part)


def _forget_signed_links(message: Message) -> None:
    """A sent message keeps no signed link (rows recorded with their whole text, before links
    were made at send time, carry one): a live token must not outlive its email in our rows.
    The outbox writes the payload with the "sent" state, in the one commit after the send."""
    message.payload = _redacted(message.payload)


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    return value


def record_email(builder_name: str, *, key: str, **options: Any) -> Message:
    """Record an email in the caller's transaction. `options` go to outbox.record()."""
    from outbox.services import record

    args = options.pop("args", {})
    return record("send_email", {"builder": builder_name, "args": args}, key=key, **options)
