from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.models import MERGEABLE_DETAILS
from config.validators import validate_single_line
from postings.models import Posting, Stage


class MoveForm(forms.Form):
    stage = forms.IntegerField(error_messages={"required": _("Choose the stage to move to.")})
    version = forms.IntegerField(
        min_value=1,
        error_messages={"required": _("This card is out of date: reload the board and try again.")},
    )
    after = forms.IntegerField(required=False)
    before = forms.IntegerField(required=False)

    def __init__(self, *args: Any, posting: Posting, stages: list[Stage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.posting = posting
        self.stages = {stage.pk: stage for stage in stages}

    def clean_stage(self) -> Stage:
        stage_id = self.cleaned_data["stage"]
        if stage_id in self.stages:
            return self.stages[stage_id]
        # Only the refusal costs a query: it tells a stage of another posting from a removed one.
        if Stage.objects.filter(
            pk=stage_id, posting__organization_id=self.posting.organization_id
        ).exists():
            raise forms.ValidationError(_("That stage belongs to another posting."))
        raise forms.ValidationError(
            _("That stage is not on this posting's board any more; it may have been removed.")
        )


class RejectForm(forms.Form):
    reason = forms.CharField(
        max_length=200,
        validators=[validate_single_line],
        error_messages={"required": _("Choose a reason for the rejection.")},
    )
    send_email = forms.BooleanField(required=False)
    delay_days = forms.IntegerField(min_value=0, max_value=30, initial=2, required=False)


class AdvanceForm(MoveForm):
    """The advance dialog: the stage it showed, the version, and the email as sent or skipped."""

    action = forms.ChoiceField(choices=[("send", "send"), ("skip", "skip")], required=False)
    subject = forms.CharField(required=False, strip=False)
    body = forms.CharField(required=False, strip=False)


class MergeDetailsForm(forms.Form):
    detail = forms.MultipleChoiceField(
        choices=list(MERGEABLE_DETAILS.items()),
        error_messages={
            "required": _("Choose at least one detail to copy to the candidate record."),
            "invalid_choice": _("Choose at least one detail to copy to the candidate record."),
        },
    )


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("move", "move"),
            ("reject", "reject"),
            ("tag", "tag"),
            ("untag", "untag"),
            ("undo-reject", "undo-reject"),
        ]
    )
    ids = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=[])
    all_matching = forms.BooleanField(required=False)
    stage = forms.IntegerField(required=False)
    reason = forms.CharField(required=False, max_length=200, validators=[validate_single_line])
    send_email = forms.BooleanField(required=False)
    delay_days = forms.IntegerField(min_value=0, max_value=30, required=False)
    # Not "tag": that name belongs to the filters the form carries along.
    tag_name = forms.CharField(required=False, max_length=40, validators=[validate_single_line])
    stage_emails = forms.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Ids are checked against the posting in the view; any integer is fine here.
        self.fields["ids"].valid_value = lambda value: str(value).isdigit()  # type: ignore[attr-defined]
