"""The public application form: what a candidate types and uploads on a posting's page."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from candidates.held import HeldResume, HeldResumeGone, held_resume
from candidates.links import validate_http_url
from candidates.uploads import (
    ACCEPT_ATTRIBUTE,
    ACCEPTED,
    ResumeRejected,
    ResumeType,
    sniff_resume,
)
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
    # The resume first: the one thing a candidate must fetch from elsewhere.
    resume = forms.FileField(
        label=_("Resume"),
        help_text=_("%(types)s, at most 10 MB.") % {"types": ACCEPTED},
        allow_empty_file=True,
        # Required unless a resume is held (clean_resume); the widget says so to the browser.
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE, "required": True}),
    )
    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        validators=[validate_single_line, phone_validator],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    location = forms.CharField(
        label=_("Where you live"),
        max_length=200,
        help_text=_("City and country."),
        validators=[validate_single_line],
    )
    linkedin = forms.URLField(
        label=_("LinkedIn"),
        required=False,
        assume_scheme="https",
        validators=[validate_http_url],
        widget=forms.URLInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )
    github = forms.URLField(
        label=_("GitHub"),
        required=False,
        assume_scheme="https",
        validators=[validate_http_url],
        widget=forms.URLInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )
    portfolio = forms.URLField(
        label=_("Portfolio or website"),
        required=False,
        assume_scheme="https",
        validators=[validate_http_url],
        widget=forms.URLInput(
            attrs={"autocomplete": "url", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    # The one years question (screening reads it as Application.stated_years); a posting's own
    # questions should ask something else (years with one tool, say).
    stated_years = forms.DecimalField(
        label=_("Years of professional experience"),
        min_value=Decimal(0),
        max_value=Decimal(60),
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
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
    # A field people never see (hidden by CSS, from assistive technology and from the Tab key);
    # bots that fill every input fill it.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(
        self, *args: Any, posting: Posting, questions: list[Question], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.posting = posting
        self.questions = questions
        # The resume kept from an earlier submission of this form (candidates.held), if any.
        self.held: HeldResume | None = None
        self._held_file: UploadedFile[bytes] | None = None
        self.resume_type: ResumeType | None = None
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

    def clean_resume(self) -> UploadedFile[bytes]:
        upload = self.cleaned_data.get("resume")
        token = str(self.data.get("resume_token", ""))[:2000]
        if upload is None and token:  # nothing chosen again: the resume sent last time
            try:
                held = held_resume(self.posting, token)
            except HeldResumeGone as exc:
                raise forms.ValidationError(str(exc)) from None
            upload = self._held_file = held.open()
            self._hold(held)
        if upload is None:
            raise forms.ValidationError(_("Please choose your resume."))
        try:
            self.resume_type = sniff_resume(upload)
        except ResumeRejected as exc:
            self._hold(None)
            raise forms.ValidationError(str(exc)) from None
        return upload  # type: ignore[no-any-return]

    def fresh_resume(self) -> UploadedFile[bytes] | None:
        """A resume chosen in this submission that passed its checks, for the view to hold
        when the form is sent back for other mistakes."""
        if self.held is not None or "resume" in self.errors:
            return None
        return self.cleaned_data.get("resume")

    def keep_resume(self, held: HeldResume | None) -> None:
        """The resume was held (the page says so) or, with None, couldn't be."""
        if held is not None:
            self._hold(held)
            return
        # Browsers never re-fill a file input, so the candidate must pick the file again.
        self.add_error(
            "resume",
            _("Please choose your resume again (files can't be kept when the form has errors)."),
        )

    def error_links(self) -> list[tuple[str, str, str]]:
        """(element id, label, first message) of each field with an error, in the form's order,
        for the summary above it; a group of radio buttons is reached at its first button."""
        links = []
        for field in self:
            if not field.errors or field.is_hidden:
                continue
            target = field.id_for_label or f"{field.auto_id}_0"
            label = field.label if field.name != "consent" else _("Consent")
            links.append((target, str(label), str(field.errors[0])))
        return links

    def close_held(self) -> None:
        """Close the held resume's file once the request is done with it (Django closes the
        uploads it parsed itself, not this one)."""
        if self._held_file is not None:
            self._held_file.close()

    def _hold(self, held: HeldResume | None) -> None:
        # The file input is required in the browser unless a resume is held.
        self.held = held
        attrs = self.fields["resume"].widget.attrs
        attrs["required"] = held is None
        if held is not None:  # the file input is described by what is attached
            auto_id = self["resume"].auto_id
            attrs["aria-describedby"] = f"{auto_id}_held {auto_id}_helptext"
        else:
            attrs.pop("aria-describedby", None)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please tell us your name."))
        return name

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
        return forms.DecimalField(
            max_digits=12,
            decimal_places=2,
            widget=forms.NumberInput(attrs={"inputmode": "decimal"}),
            **common,
        )
    return forms.CharField(max_length=500, validators=[validate_single_line], **common)
