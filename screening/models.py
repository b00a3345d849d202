"""Fit scores in the app: the resume's text, read once; the score with its explanation; and the
runs that rescore a posting's applications when its requirements change."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from config.validators import validate_single_line


class ResumeText(models.Model):
    """What the reader got out of an application's resume file, kept so rescoring never reads
    the file again. `error` is "could not read: <reason>" when there is no usable text."""

    application = models.OneToOneField(
        "candidates.Application", on_delete=models.CASCADE, related_name="resume_text"
    )
    text = models.TextField(blank=True)
    error = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, blank=True)
    extracted_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"resume text of application {self.application_id}"

    @property
    def ok(self) -> bool:
        return not self.error


class ScoreState(models.TextChoices):
    PENDING = "pending", _("Pending")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Rescoring(models.Model):
    """One background run that scores every application of a posting again."""

    posting = models.ForeignKey(
        "postings.Posting", on_delete=models.CASCADE, related_name="rescorings"
    )
    reason = models.CharField(max_length=100)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    requirements_digest = models.CharField(max_length=40)
    scoring_version = models.CharField(max_length=20)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A newer run took over (the requirements changed again); its batches stop early.
    superseded = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"rescoring {self.pk} of posting {self.posting_id}"

    @property
    def is_running(self) -> bool:
        return self.finished_at is None and not self.superseded

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, (self.done + self.failed) * 100 // self.total)


# How a role read from a resume is named to people (screening.engine.resume.Role.kind).
ROLE_KINDS = {
    "job": _("job"),
    "part-time": _("part-time"),
    "internship": _("internship"),
    "education": _("education"),
    "project": _("project"),
}


# Where a score's badge turns from low to mid to high (its colour only: people decide).
HIGH_BAND, MID_BAND = 75, 50


class FitScoreQuerySet(models.QuerySet["FitScore"]):
    def outdated(self, version: str) -> FitScoreQuerySet:
        return self.exclude(scoring_version=version)


class FitScore(models.Model):
    """The application's fit for its posting, 0-100, with the reason for every point."""

    application = models.OneToOneField(
        "candidates.Application", on_delete=models.CASCADE, related_name="fit_score"
    )
    posting = models.ForeignKey(
        "postings.Posting", on_delete=models.CASCADE, related_name="fit_scores"
    )
    state = models.CharField(max_length=8, choices=ScoreState.choices, default=ScoreState.PENDING)
    # None with state done means the posting has no requirements: nothing to score against.
    score = models.FloatField(null=True, blank=True)
    must_haves_met = models.BooleanField(default=False)
    explanation = models.JSONField(default=list, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    years = models.FloatField(default=0)
    # What the score read from the resume, shown beside the breakdown so a person can check it.
    years_evidence = models.CharField(max_length=200, blank=True, validators=[validate_single_line])
    roles = models.JSONField(default=list, blank=True)
    scoring_version = models.CharField(max_length=20, blank=True)
    requirements_digest = models.CharField(max_length=40, blank=True)
    # The resume could not be read; the score rests on the form's answers and stated years.
    resume_unreadable = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    rescoring = models.ForeignKey(
        Rescoring, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    scored_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FitScoreQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["posting", "score"], name="fitscore_posting_score")]

    def __str__(self) -> str:
        return f"fit score of application {self.application_id}: {self.score}"

    @property
    def is_pending(self) -> bool:
        return self.state == ScoreState.PENDING

    @property
    def is_failed(self) -> bool:
        return self.state == ScoreState.FAILED

    @property
    def has_number(self) -> bool:
        return self.state == ScoreState.DONE and self.score is not None

    @property
    def badge(self) -> str:
        """What a card shows: the rounded score, or why there is none."""
        if self.state == ScoreState.PENDING:
            return str(_("scoring…"))
        if self.state == ScoreState.FAILED:
            return str(_("no score"))
        if self.score is None:
            return str(_("no requirements"))
        return f"{self.score:.0f}"

    @property
    def level(self) -> str:
        """A coarse band of the score for the badge's colour: never a verdict, just where it
        sits. A must-have not fully met has its own mark beside the badge (must_have_missing),
        so a 93 missing one still reads as a 93."""
        if not self.has_number:
            return "none"
        assert self.score is not None
        if self.score >= HIGH_BAND:
            return "high"
        return "mid" if self.score >= MID_BAND else "low"

    @property
    def must_have_missing(self) -> bool:
        return self.has_number and not self.must_haves_met

    def rows(self) -> list[dict[str, Any]]:
        return [row for row in self.explanation if isinstance(row, dict)]

    def roles_read(self) -> list[dict[str, Any]]:
        """The dated roles the score read, each with how it counted, in words to show."""
        shown = []
        for role in self.roles:
            if not isinstance(role, dict):
                continue
            kind = str(ROLE_KINDS.get(str(role.get("kind", "")), role.get("kind", "")))
            counted = float(role.get("counted") or 0)
            if counted >= 1:
                how = gettext("counted")
            elif counted > 0:
                how = gettext("counted at half (%(kind)s)") % {"kind": kind}
            else:
                how = gettext("not counted (%(kind)s)") % {"kind": kind}
            shown.append({**role, "how": how})
        return shown
