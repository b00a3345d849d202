from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from interviews.models import FocusArea, Recommendation, Scorecard
from interviews.scorecards import Answers

NO_OPINION = ""
RATING_CHOICES = [
    (NO_OPINION, _("No opinion")),
    ("1", _("1 · Strong no")),
    ("2", _("2 · No")),
    ("3", _("3 · Yes")),
    ("4", _("4 · Strong yes")),
]
NOTES_MAX = 5000


class ScorecardForm(forms.Form):
    """A scorecard as its template lays it out: a rating per attribute (1-4, or no opinion),
    notes per focus area, the overall recommendation and notes. Field names carry the ids:
    `rating-<attribute>`, `notes-<focus area>`."""

    recommendation = forms.ChoiceField(
        label=_("Overall recommendation"),
        choices=[("", _("Not decided yet")), *Recommendation.choices],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose strong no, no, yes or strong yes.")},
    )
    summary = forms.CharField(
        label=_("Overall notes"),
        required=False,
        max_length=NOTES_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self,
        *args: Any,
        areas: list[FocusArea],
        scorecard: Scorecard | None = None,
        submitting: bool = False,
        **kwargs: Any,
    ) -> None:
        initial: dict[str, Any] = dict(kwargs.pop("initial", None) or {})
        if scorecard is not None:
            initial["recommendation"] = scorecard.recommendation
            initial["summary"] = scorecard.summary
            for rating in scorecard.ratings.all():
                initial[f"rating-{rating.attribute_id}"] = (
                    str(rating.rating) if rating.rating is not None else NO_OPINION
                )
            for note in scorecard.notes.all():
                initial[f"notes-{note.focus_area_id}"] = note.text
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.areas = areas
        self.submitting = submitting
        for area in areas:
            for attribute in area.attributes.all():
                self.fields[f"rating-{attribute.pk}"] = forms.ChoiceField(
                    label=attribute.name,
                    help_text=attribute.guidance,
                    choices=RATING_CHOICES,
                    required=False,
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": _("Rate from 1 to 4, or choose no opinion.")},
                )
            self.fields[f"notes-{area.pk}"] = forms.CharField(
                label=_("Notes on %(area)s") % {"area": area.name},
                required=False,
                max_length=NOTES_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            self.submitting
            and not data.get("recommendation")
            and "recommendation" not in self.errors
        ):
            self.add_error(
                "recommendation", _("Choose an overall recommendation before submitting.")
            )
        return data

    def sections(self) -> list[dict[str, Any]]:
        """The bound fields by focus area, for the template."""
        return [
            {
                "area": area,
                "ratings": [self[f"rating-{a.pk}"] for a in area.attributes.all()],
                "notes": self[f"notes-{area.pk}"],
            }
            for area in self.areas
        ]

    def answers(self) -> Answers:
        data = self.cleaned_data
        ratings: dict[int, int | None] = {}
        notes: dict[int, str] = {}
        for area in self.areas:
            for attribute in area.attributes.all():
                value = data.get(f"rating-{attribute.pk}") or NO_OPINION
                ratings[attribute.pk] = int(value) if value else None
            notes[area.pk] = str(data.get(f"notes-{area.pk}") or "")
        return Answers(
            ratings=ratings,
            notes=notes,
            recommendation=str(data.get("recommendation") or ""),
            summary=str(data.get("summary") or ""),
        )
