"""What screening adds to candidates' pages and to applying, through candidates.extensions:
candidates sits below screening and never imports it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from candidates import extensions
from screening import services, views


def register() -> None:
    """Called from ScreeningConfig.ready(), in every process."""
    # A pending score and its `score` message, in the transaction that creates the application.
    extensions.on_application_submitted("screening", services.request_score)
    extensions.add_profile_panel(
        extensions.Panel(name="fit", order=10, url=views.fit_url, title=_("Fit score"))
    )
    extensions.add_board_panel(
        extensions.Panel(name="scoring", order=10, render=views.progress_panel)
    )
    extensions.add_card_extra(
        extensions.CardExtra(
            name="fit",
            template="screening/_card_badge.html",
            label=_("Fit"),
            select_related=("fit_score",),
            changed_at="fit_score__updated_at",
            includes=("screening/_badge.html",),
        )
    )
