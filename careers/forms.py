"""The public application form: what a candidate types and uploads on a posting's page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from candidates.links import validate_http_url
from candidates.uploads import ACCEPTED, ResumeRejected, sniff_resume
from config.validators import validate_single_line
from postings.models import Posting, Question, QuestionKind

SOURCES = [
    ("", _("Choose one (optional)")),
    ("careers page", _("Your careers page")),
    ("linkedin", _("LinkedIn")),
    ("referral", _("Someone who works here")),
    ("job board", _("A job board")),
    ("other", _("Somewhere else")),
]
phone_validator = RegexValidator(
    r"^\+?[0-9 ()./-]{5,30}$", _("Use digits, spaces and + ( ) - only, e.g. +234 803 123 4567.")
)


class ApplyForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=200, validators=[validate_single_line])
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        validators=[validate_single_line, phone_validator],
    )
    location = forms.CharField(
        label=_("Where you live"),
        max_length=200,
        help_text=_("City and country."),
        validators=[validate_single_line],
    )
    linkedin = forms.URLField(
        label=_("LinkedIn"), required=False, assume_scheme="https", validators=[validate_http_url]
    )
    github = forms.URLField(
        label=_("GitHub"), required=False, assume_scheme="https", validators=[validate_http_url]
    )
    portfolio = forms.URLField(
        label=_("Portfolio or website"),
        required=False,
        assume_scheme="https",
        validators=[validate_http_url],
    )
    stated_years = forms.DecimalField(
        label=_("Years of professional experience"),
        min_value=Decimal(0),
        max_value=Decimal(60),
        max_digits=4,
        decimal_places=1,
    )
    resume = forms.FileField(
        label=_("Resume"),
        help_text=_("%(types)s, at most 10 MB.") % {"types": ACCEPTED},
        allow_empty_file=True,
    )
    cover_letter = forms.CharField(
        label=_("Cover letter"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    source = forms.ChoiceField(
        label=_("How did you hear about us?"), choices=SOURCES, required=False
    )
    # A field people never see (hidden by CSS); bots that fill every input fill it.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(
        self, *args: Any, posting: Posting, questions: list[Question], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.posting = posting
        self.questions = questions
        retention = posting.organization.retention_months
        self.fields["consent"] = forms.BooleanField(
            label=_(
                "I agree that %(org)s keeps my application and resume to consider me for jobs, "
                "for up to %(months)d months, and then deletes them."
            )
            % {"org": posting.organization.name, "months": retention},
            error_messages={"required": _("Please agree so we can consider your application.")},
        )
        for question in questions:
            self.fields[f"q_{question.pk}"] = _question_field(question)

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"q_{q.pk}"] for q in self.questions]

    def clean_resume(self) -> Any:
        upload = self.cleaned_data.get("resume")
        if upload is None:
            return upload
        try:
            self.resume_type = sniff_resume(upload)
        except ResumeRejected as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please tell us your name."))
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors and "resume" not in self.errors and self.files.get("resume"):
            # Browsers never re-fill a file input, so the candidate must pick the file again.
            self.add_error(
                "resume",
                _(
                    "Please choose your resume again "
                    "(files can't be kept when the form has errors)."
                ),
            )
        return data

    def answers(self) -> list[tuple[Question, str]]:
        result = []
        for question in self.questions:
            value = self.cleaned_data.get(f"q_{question.pk}")
            result.append((question, "" if value is None else str(value)))
        return result

    def links(self) -> dict[str, str]:
        return {
            key: self.cleaned_data[key]
            for key in ("linkedin", "github", "portfolio")
            if self.cleaned_data.get(key)
        }


def _question_field(question: Question) -> forms.Field:
    common: dict[str, Any] = {"label": question.text, "required": question.required}
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect, **common
        )
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(
            choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common
        )
    if question.kind == QuestionKind.NUMBER:
        return forms.DecimalField(max_digits=12, decimal_places=2, **common)
    return forms.CharField(max_length=500, validators=[validate_single_line], **common)
