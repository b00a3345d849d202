"""The board's (and the list view's) filters: one form, one QuerySet method."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

SORTS = [
    ("manual", _("Manual order")),
    ("score", _("Best fit first")),
    ("newest", _("Newest first")),
    ("oldest", _("Oldest first")),
    ("name", _("Name")),
    ("waiting", _("Longest in stage")),
]
KNOCKOUT = [
    ("", _("Any answers")),
    ("yes", _("Knockout answer given")),
    ("no", _("No knockout answer")),
]
FILTER_FIELDS = ("q", "source", "knockout", "tag", "min_score", "closed", "sort")


@dataclass(frozen=True)
class Filters:
    q: str = ""
    source: str = ""
    knockout: str = ""
    tag: str = ""
    min_score: int | None = None
    closed: bool = False
    sort: str = "manual"

    @property
    def manual(self) -> bool:
        """Dragging within a column reorders only when the column shows the manual order."""
        return self.sort == "manual"

    def querystring(self) -> str:
        data = QueryDict(mutable=True)
        for name in FILTER_FIELDS:
            value = getattr(self, name)
            if (value or (value == 0 and name == "min_score")) and not (
                name == "sort" and value == "manual"
            ):
                data[name] = "1" if value is True else value
        return data.urlencode()


class FilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label=_("Search name or email"))
    source = forms.ChoiceField(required=False, label=_("Source"))
    knockout = forms.ChoiceField(required=False, choices=KNOCKOUT, label=_("Knockout"))
    tag = forms.ChoiceField(required=False, label=_("Tag"))
    min_score = forms.IntegerField(
        required=False, min_value=0, max_value=100, label=_("Minimum fit score")
    )
    closed = forms.BooleanField(required=False, label=_("Show rejected and withdrawn"))
    sort = forms.ChoiceField(required=False, choices=SORTS, label=_("Sort"))

    def __init__(self, data: Any, *, sources: list[str], tags: list[str]) -> None:
        super().__init__(data)
        self.sources, self.tags = sources, tags
        self.fields["source"].choices = [("", _("Any source")), *((s, s) for s in sources)]  # type: ignore[attr-defined]
        self.fields["tag"].choices = [("", _("Any tag")), *((t, t) for t in tags)]  # type: ignore[attr-defined]

    def filters(self) -> Filters:
        """The valid filters; a value that doesn't parse is dropped, so the filter shows cleared."""
        self.is_valid()
        values = {
            name: self.cleaned_data[name]
            for name in FILTER_FIELDS
            if name in self.cleaned_data and name not in self.errors
        }
        if self.errors:
            # Re-render those fields empty rather than with the values we ignored.
            data = QueryDict(mutable=True)
            data.update(self.data)
            for name in self.errors:
                data.pop(name, None)
            self.data = data
        self.errors.clear()
        return Filters(
            **{k: v for k, v in values.items() if v not in (None, "")}
            | {"sort": values.get("sort") or "manual"}
        )
