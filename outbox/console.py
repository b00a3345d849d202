"""The console email backend of `make run` (EMAIL_URL=console://): each email printed as a
person reads it, between two banner lines that stand out from the log lines around them.

Django's own console backend prints the raw MIME message: the HTML part, and any non-ASCII
text base64-encoded, run to screens of markup in which the plain text is hard to find. Here
come the headers a developer checks (From, Reply-To, To, Subject), the plain text as sent
(links included: a local password reset is followed from here), and what else the email
carries, by type and size. A development tool: production sends over SMTP.
"""

from __future__ import annotations

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends import console

WIDTH = 79


def banner(label: str) -> str:
    text = f"==== {label} "
    return text + "=" * max(4, WIDTH - len(text))


class EmailBackend(console.EmailBackend):
    def write_message(self, message: EmailMessage) -> None:
        self.stream.write(render(message))


def render(message: EmailMessage) -> str:
    to = ", ".join(message.to)
    lines = [
        "",
        banner(f"EMAIL to {to}"),
        f"From:     {message.from_email}",
        *([f"Reply-To: {', '.join(message.reply_to)}"] if message.reply_to else []),
        f"To:       {to}",
        f"Subject:  {message.subject}",
        f"Parts:    {', '.join(_parts(message))}",
        "",
        str(message.body).rstrip("\n"),
        banner(f"END OF EMAIL {message.subject}"),
        "",
    ]
    return "\n".join(lines) + "\n"


def _parts(message: EmailMessage) -> list[str]:
    parts = ["text/plain"]
    if isinstance(message, EmailMultiAlternatives):
        for alternative in message.alternatives:
            content, mimetype = alternative[0], alternative[1]
            size = f" ({len(content):,} characters)" if isinstance(content, str | bytes) else ""
            parts.append(f"{mimetype}{size}")
    for attachment in message.attachments:
        if isinstance(attachment, tuple):
            parts.append(f"attachment {attachment[0]} ({attachment[2]})")
        else:  # a MIME part built by outbox.email (a calendar invitation)
            parts.append(
                f"attachment {attachment.get_filename()} ({attachment.get_content_type()})"
            )
    return parts
