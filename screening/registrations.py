"""What screening registers with the apps below it, which never import it: its outbox kinds
and periodic task, its listener for requirement changes, and its parts of candidates' pages
and of applying. ScreeningConfig.ready() calls register() in every process, web and worker."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from candidates import extensions
from outbox import periodic
from outbox.models import Message
from outbox.signals import message_finished
from postings.hooks import register_requirements_changed
from screening import badges, jobs, services, views


def register() -> None:
    # The `score` and `score_batch` kinds registered themselves when jobs was imported; a
    # finished batch moves its rescoring run's progress on.
    message_finished.connect(jobs.on_message_finished, sender=Message, dispatch_uid="screening")
    # The postings services call this inside the transaction that changed the requirements
    # (editor, suggestions, admin), so the rescoring commits with the change.
    register_requirements_changed("screening", services.requirements_changed)
    # A deploy with a new SCORING_VERSION rescores every posting's applications, 20 at a time.
    periodic.register("rescore_outdated", services.rescore_outdated_versions, every_seconds=600)
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
            render=badges.card_badge,
            label=_("Fit"),
            select_related=("fit_score",),
            changed_at="fit_score__updated_at",
        )
    )
    extensions.add_export_column(
        extensions.ExportColumn(
            name="fit",
            header=_("Fit score"),
            value=_export_fit_score,
            select_related=("fit_score",),
            order=10,
        )
    )


def _export_fit_score(application: object) -> object:
    """The score as the board shows it, rounded; blank while pending or when unscored."""
    fit = getattr(application, "fit_score", None)
    if fit is None or fit.score is None:
        return ""
    return round(fit.score)
