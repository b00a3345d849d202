from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from config.validators import validate_single_line
from interviews.models import MAX_DURATION_MINUTES, Attribute, FocusArea, InterviewKind
from interviews.models import ScorecardTemplate as Template
from interviews.services import Slot
from postings.models import Posting, Stage

LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class ZonedDateTimeField(forms.DateTimeField):
    """A wall-clock time typed in `zone` (the organization's), cleaned to an aware datetime.
    Django's own field reads it in the current zone (UTC here)."""

    input_formats = [LOCAL_INPUT, "%Y-%m-%d %H:%M"]

    def __init__(self, *, zone: zoneinfo.ZoneInfo, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.zone = zone
        self.widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)

    def to_python(self, value: Any) -> datetime | None:
        if value in self.empty_values:
            return None
        naive = value.replace(tzinfo=None) if isinstance(value, datetime) else None
        for pattern in [] if naive else self.input_formats:
            try:
                naive = datetime.strptime(str(value).strip(), str(pattern))  # noqa: DTZ007
                break
            except ValueError:
                continue
        # Years at the calendar's ends would overflow once moved to UTC or given a duration.
        if naive is None or not 1900 <= naive.year <= 9000:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return timezone.make_aware(naive, self.zone)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime) and timezone.is_aware(value):
            return timezone.localtime(value, self.zone).strftime(LOCAL_INPUT)
        return value


class InterviewerField(forms.ModelMultipleChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name()} ({obj.email})"


class KindField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.stage.name} ({obj.duration_minutes} min)"


class InterviewForm(forms.Form):
    """Schedule or reschedule: the start is typed in the organization's zone."""

    kind = KindField(queryset=InterviewKind.objects.none(), label=_("Interview"))
    starts_at = forms.DateTimeField(label=_("Start"))  # replaced in __init__ (its zone)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        required=False,
        min_value=1,
        max_value=MAX_DURATION_MINUTES,
        help_text=_("Blank: the interview kind's duration."),
        error_messages={
            "min_value": _("An interview lasts between 1 minute and 8 hours."),
            "max_value": _("An interview lasts between 1 minute and 8 hours."),
        },
    )
    interviewers = InterviewerField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Interviewers"),
        error_messages={"required": _("Choose at least one interviewer.")},
    )
    location = forms.CharField(
        label=_("Location"), max_length=200, required=False, validators=[validate_single_line]
    )
    video_link = forms.URLField(
        label=_("Video link"), max_length=500, required=False, assume_scheme="https"
    )
    candidate_note = forms.CharField(
        label=_("Note for the candidate"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In the candidate's invitation."),
    )
    internal_note = forms.CharField(
        label=_("Note for the interviewers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In the interviewers' invitations only."),
    )
    # Reschedule: the version the person read. Both: set once they saw the conflicts.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    confirm = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, posting: Posting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.posting = posting
        zone = posting.organization.zone
        self.fields["starts_at"] = ZonedDateTimeField(
            zone=zone,
            label=_("Start (%(zone)s)") % {"zone": zone.key},
            help_text=_("In the organization's time zone, %(zone)s.") % {"zone": zone.key},
            error_messages={"invalid": _("Enter a date and time.")},
        )
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ModelChoiceField)
        kind.queryset = InterviewKind.objects.for_posting(posting).select_related("stage")
        interviewers = self.fields["interviewers"]
        assert isinstance(interviewers, forms.ModelMultipleChoiceField)
        interviewers.queryset = User.objects.filter(
            memberships__organization_id=posting.organization_id, is_active=True
        ).order_by("full_name", "email")

    def slot(self) -> Slot:
        data = self.cleaned_data
        kind: InterviewKind = data["kind"]
        return Slot(
            kind=kind,
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"] or kind.duration_minutes,
            interviewers=list(data["interviewers"]),
            location=data["location"].strip(),
            video_link=data["video_link"],
            candidate_note=data["candidate_note"].strip(),
            internal_note=data["internal_note"].strip(),
        )


class CancelForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


# --- The interview plan ------------------------------------------------------------------------


class KindForm(forms.Form):
    stage = forms.ModelChoiceField(queryset=Stage.objects.none(), label=_("Stage"))
    name = forms.CharField(label=_("Name"), max_length=120, validators=[validate_single_line])
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=MAX_DURATION_MINUTES, initial=60
    )
    based_on = forms.ModelChoiceField(
        queryset=Template.objects.none(),
        required=False,
        label=_("Scorecard"),
        empty_label=_("Start empty"),
        help_text=_("Copy one of your organization's scorecard templates."),
    )

    def __init__(self, *args: Any, posting: Posting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stage = self.fields["stage"]
        assert isinstance(stage, forms.ModelChoiceField)
        stage.queryset = posting.stages.all()
        based_on = self.fields["based_on"]
        assert isinstance(based_on, forms.ModelChoiceField)
        based_on.queryset = Template.objects.reusable().for_organization(posting.organization_id)

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(_("Give the interview a name."))
        return name


class KindEditForm(forms.ModelForm[InterviewKind]):
    class Meta:
        model = InterviewKind
        fields = ["name", "duration_minutes"]
        error_messages = {
            "duration_minutes": {"invalid": _("An interview lasts between 1 minute and 8 hours.")}
        }


class FocusAreaForm(forms.ModelForm[FocusArea]):
    class Meta:
        model = FocusArea
        fields = ["name"]
        error_messages = {"name": {"required": _("Name the focus area.")}}


class AttributeForm(forms.ModelForm[Attribute]):
    class Meta:
        model = Attribute
        fields = ["focus_area", "name", "guidance"]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"name": {"required": _("Name the attribute.")}}

    def __init__(
        self,
        *args: Any,
        template: Template,
        areas: list[FocusArea] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["focus_area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = template.focus_areas.all()
        area.empty_label = None
        if areas is not None:
            # The plan has loaded them already: no query per kind to draw the choices.
            area.choices = [(a.pk, a.name) for a in areas]


class SaveTemplateForm(forms.Form):
    name = forms.CharField(
        label=_("Template name"), max_length=120, validators=[validate_single_line]
    )
