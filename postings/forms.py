from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, User
from config.validators import validate_single_line
from postings.currencies import ISO_4217
from postings.markdown import DESCRIPTION_MAX_CHARS
from postings.models import (
    Posting,
    PostingStatus,
    Question,
    QuestionKind,
    Requirement,
    RequirementKind,
    Stage,
)


class TeamField(forms.ModelMultipleChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name()} ({obj.email})"


class PostingForm(forms.ModelForm[Posting]):
    hiring_team = TeamField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Hiring team"),
        help_text=_("Hiring managers on the team can edit the posting and work its applicants."),
    )

    class Meta:
        model = Posting
        fields = [
            "title",
            "slug",
            "department",
            "location",
            "workplace",
            "employment_type",
            "salary_min",
            "salary_max",
            "salary_currency",
            "salary_period",
            "valid_through",
            "description",
            "hiring_team",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 14}),
            "valid_through": forms.DateInput(attrs={"type": "date"}),
        }
        error_messages = {
            "salary_min": {"min_value": _("A salary can't be negative.")},
            "salary_max": {"min_value": _("A salary can't be negative.")},
        }

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "The posting's address on your careers page; made from the title when empty."
        )
        # What the public page renders in full (postings/markdown.py bounds the parser's input).
        description = self.fields["description"]
        assert isinstance(description, forms.CharField)
        description.max_length = DESCRIPTION_MAX_CHARS
        description.validators.append(MaxLengthValidator(DESCRIPTION_MAX_CHARS))
        description.widget.attrs["maxlength"] = DESCRIPTION_MAX_CHARS
        team = self.fields["hiring_team"]
        assert isinstance(team, forms.ModelMultipleChoiceField)
        team.queryset = User.objects.filter(memberships__organization=organization).order_by(
            "full_name", "email"
        )

    def clean_salary_currency(self) -> str:
        code = (self.cleaned_data.get("salary_currency") or "").strip().upper()
        if code and code not in ISO_4217:
            raise forms.ValidationError(
                _("“%(code)s” is not an ISO 4217 currency code; use one such as NGN, USD or EUR."),
                params={"code": code},
            )
        return code

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or ""
        if (
            slug
            and Posting.objects.filter(organization=self.organization, slug=slug)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("Another posting of yours already uses this address."))
        return slug

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error(
                "salary_max",
                _("The upper end must be at least the lower end (%(low)s).") % {"low": f"{low:,}"},
            )
        if (
            (low is not None or high is not None)
            and not data.get("salary_currency")
            and "salary_currency" not in self.errors
        ):
            self.add_error("salary_currency", _("Give the salary's currency, e.g. NGN."))
        return data


class CommaListField(forms.CharField):
    """A list of one-line texts typed as one text. Django's NUL check would read the list's
    repr (where a NUL is the text `\\x00`), so each item is checked here, as one line."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        for item in value:
            validate_single_line(item)

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        seen: dict[str, None] = {}
        for part in text.replace("/", ",").replace(";", ",").split(","):
            if part.strip():
                seen.setdefault(part.strip(), None)
        return list(seen)

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value


class LineListField(CommaListField):
    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = forms.CharField.to_python(self, value) or ""
        seen: dict[str, None] = {}
        for line in text.splitlines():
            if line.strip():
                seen.setdefault(line.strip(), None)
        return list(seen)

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value


class RequirementForm(forms.ModelForm[Requirement]):
    skills = CommaListField(
        required=False,
        label=_("Skills"),
        help_text=_(
            "Alternatives, separated by commas: any one meets the requirement "
            "(Django, FastAPI, Flask)."
        ),
    )

    class Meta:
        model = Requirement
        fields = list(Requirement.EDITABLE_FIELDS)
        error_messages = {"min_years": {"min_value": _("Years can't be negative.")}}

    def __init__(self, *args: Any, posting: Posting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.posting = posting
        self.fields["min_years"].widget.attrs["min"] = 0

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == RequirementKind.SKILL and not data.get("skills"):
            self.add_error("skills", _("Name at least one skill."))
        if (
            kind == RequirementKind.YEARS
            and data.get("min_years") is None
            and "min_years" not in self.errors
        ):
            self.add_error("min_years", _("Give the minimum number of years."))
        if kind == RequirementKind.OTHER and not (data.get("text") or "").strip():
            self.add_error("text", _("Describe the requirement."))
        return data


class QuestionForm(forms.ModelForm[Question]):
    choices = LineListField(required=False, label=_("Choices"), help_text=_("One per line."))

    class Meta:
        model = Question
        fields = list(Question.EDITABLE_FIELDS)
        help_texts = {
            "knockout_answer": _(
                "An application with this answer is flagged for review; "
                "it is never rejected automatically."
            ),
        }

    def __init__(self, *args: Any, posting: Posting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.posting = posting

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, choices = data.get("kind"), data.get("choices") or []
        knockout = (data.get("knockout_answer") or "").strip()
        if kind == QuestionKind.CHOICE and len(choices) < 2:
            self.add_error("choices", _("A choice question needs at least two choices."))
        if kind != QuestionKind.CHOICE:
            data["choices"] = []
        if knockout:
            if kind == QuestionKind.YES_NO:
                knockout = knockout.lower()
                if knockout not in ("yes", "no"):
                    self.add_error(
                        "knockout_answer",
                        _("For a yes/no question the knockout answer is “yes” or “no”."),
                    )
            elif kind == QuestionKind.CHOICE:
                if knockout not in choices:
                    self.add_error(
                        "knockout_answer",
                        _("The knockout answer must be one of the choices: %(choices)s.")
                        % {"choices": ", ".join(choices)},
                    )
            else:
                self.add_error(
                    "knockout_answer",
                    _("Knockout answers work for yes/no and single-choice questions."),
                )
        data["knockout_answer"] = knockout
        return data


class StageForm(forms.ModelForm[Stage]):
    class Meta:
        model = Stage
        fields = ["name"]
        error_messages = {"name": {"required": _("Give the stage a name.")}}

    def __init__(self, *args: Any, posting: Posting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.posting = posting

    def clean_name(self) -> str:
        name = (self.cleaned_data.get("name") or "").strip()
        if not name:
            raise forms.ValidationError(_("Give the stage a name."))
        if (
            Stage.objects.filter(posting=self.posting, name__iexact=name)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(
                _("This posting already has a stage called “%(name)s”."), params={"name": name}
            )
        return name


class PostingFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False, choices=[("", _("Any status")), *PostingStatus.choices]
    )
    department = forms.CharField(required=False, max_length=100)


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class PreviewForm(forms.Form):
    description = forms.CharField(required=False, max_length=DESCRIPTION_MAX_CHARS)
