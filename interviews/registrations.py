"""What interviews registers with the apps below it, which never import it: its email builder,
its section of the posting editor, its panel on the profile, its link on the board's cards,
its timeline lines, what a new or duplicated posting gets of its plan, and the candidate's
invitation's outcome on the timeline.
InterviewsConfig.ready() calls register() in every process, web and worker."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from candidates import extensions
from interviews import (
    cards,
    emails,  # noqa: F401 - registers the invitation email builder
    services,
    views,
)
from outbox.models import Message
from outbox.signals import message_finished
from postings import extensions as editor
from postings.hooks import register_posting_duplicated, register_posting_set_up

TIMELINE = {
    services.SCHEDULED: _("Interview scheduled"),
    services.RESCHEDULED: _("Interview rescheduled"),
    services.CANCELLED: _("Interview cancelled"),
}


def _on_message_finished(sender: type, *, message: Message, **kwargs: object) -> None:
    services.record_invitation_outcome(message)


def register() -> None:
    # The candidate's invitation, sent or failed for good, is on their timeline.
    message_finished.connect(_on_message_finished, sender=Message, dispatch_uid="interviews")
    # In the posting's creation (and duplication) transaction: its stages get their kinds.
    register_posting_set_up("interviews", services.copy_default_kinds)
    register_posting_duplicated("interviews", services.copy_posting_kinds)
    editor.add_editor_section(
        editor.EditorSection(name="interview_plan", order=10, render=views.plan_section)
    )
    extensions.add_profile_panel(
        extensions.Panel(
            name="interviews", order=20, url=views.interviews_url, title=_("Interviews")
        )
    )
    extensions.add_card_extra(
        extensions.CardExtra(
            name="schedule",
            template="interviews/_card_link.html",
            label=_("Interview"),
            order=50,
            render=cards.card_link,
            place="actions",
        )
    )
    for kind, label in TIMELINE.items():
        extensions.add_timeline_renderer(kind, f"interviews/timeline/{kind}.html", label)
