from __future__ import annotations

import logging
import re
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UsernameField
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from accounts.branding import LOGO_MAX_BYTES, Logo, read_logo
from accounts.models import (
    CAREERS_INTRO_MAX_LENGTH,
    AuditAction,
    Invitation,
    Membership,
    Organization,
    Role,
    User,
    normalize_email,
    validate_sender_name,
)
from config.ratelimit import hit
from config.validators import validate_single_line

logger = logging.getLogger(__name__)

GENERIC_LOGIN_ERROR = _(
    "That email and password don't match an account we can sign in. Check both and try again."
)


class LoginForm(AuthenticationForm):
    username = UsernameField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    # One message for a wrong password, an unknown email and a deactivated account, so the
    # form never tells a stranger which addresses have accounts.
    error_messages = {"invalid_login": GENERIC_LOGIN_ERROR, "inactive": GENERIC_LOGIN_ERROR}

    def clean_username(self) -> str:
        return normalize_email(self.cleaned_data.get("username") or "")


class EmailPasswordResetForm(PasswordResetForm):
    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data["email"])

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Through the outbox, by user id: the token and the link are made when the email is
        sent, so neither is stored, and a slow SMTP server never breaks the reset page."""
        from accounts.services import request_password_reset

        for user in self.get_users(self.cleaned_data["email"]):
            # Over the per-account limit the page reads the same and nothing is sent: it
            # never tells whether the address has an account.
            if hit(
                "password-reset-account", str(user.pk), settings.PASSWORD_RESET_ACCOUNT_RATE_LIMIT
            ):
                request_password_reset(user)
            else:
                logger.info("password reset limited", extra={"user_id": user.pk})


class ConfirmPasswordForm(forms.Form):
    """The signed-in person types their password again before a sensitive action."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        return password


def _zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class TimeZoneForm(forms.ModelForm[User]):
    """A person's own time zone; blank reads times in the organization's."""

    class Meta:
        model = User
        fields = ["time_zone"]

    def __init__(self, *args: Any, organization: Organization | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        default = organization.timezone if organization is not None else "UTC"
        self.fields["time_zone"] = forms.ChoiceField(
            label=_("Your time zone"),
            required=False,
            choices=[
                ("", _("The organization's (%(zone)s)") % {"zone": default}),
                *_zone_choices(),
            ],
        )


class EmailSettingsForm(forms.Form):
    """How emails to candidates present the organization. Each field is checked on its own: a
    refused logo leaves the name and address typed in the form, and the saved logo as it was."""

    sender_name = forms.CharField(
        label=_("Sender name"),
        max_length=80,
        required=False,
        validators=[validate_single_line, validate_sender_name],
        help_text=_('Shown as who the email is from. Blank: "%(name)s Hiring".'),
    )
    reply_to = forms.EmailField(
        label=_("Reply-to address"),
        max_length=254,
        required=False,
        validators=[validate_single_line],
        help_text=_(
            "Where candidates' replies go, e.g. a shared hiring inbox. Blank: the recruiter "
            "who sent the email (for confirmations, the posting's owner)."
        ),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
        help_text=_("PNG, JPEG, GIF or WebP, up to %(kb)d KB; shown at most 240 x 80 pixels.")
        % {"kb": LOGO_MAX_BYTES // 1024},
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)
    # The careers site shows the logo too, with these two (careers/).
    careers_intro = forms.CharField(
        label=_("Careers page introduction"),
        max_length=CAREERS_INTRO_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text shown above your open positions, up to %(n)d characters.")
        % {"n": CAREERS_INTRO_MAX_LENGTH},
    )
    website = forms.URLField(
        label=_("Website"),
        max_length=200,
        required=False,
        assume_scheme="https",
        validators=[validate_single_line, URLValidator(schemes=["http", "https"])],
        help_text=_("Linked from your careers page, e.g. https://example.com."),
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "sender_name": organization.email_sender_name,
                "reply_to": organization.email_reply_to,
                "careers_intro": organization.careers_intro,
                "website": organization.website,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["sender_name"].help_text = str(self.fields["sender_name"].help_text) % {
            "name": organization.name
        }

    def clean_logo(self) -> Logo | None:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        return read_logo(upload.read(LOGO_MAX_BYTES + 1))


class SwitchOrganizationForm(forms.Form):
    organization = forms.SlugField(max_length=60)
    next = forms.CharField(required=False, max_length=2000)


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.INTERVIEWER)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_email(self) -> str:
        email = normalize_email(self.cleaned_data["email"])
        # Said here for the form; invite_member refuses the same, for a race between two tabs.
        if Membership.objects.filter(organization=self.organization, user__email=email).exists():
            raise forms.ValidationError(
                _("%(email)s is already a member of this team."), params={"email": email}
            )
        if Invitation.objects.pending().filter(organization=self.organization, email=email):
            raise forms.ValidationError(
                _("%(email)s was already invited; send that invitation again from the list below."),
                params={"email": email},
            )
        return email


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class InvitationAction(forms.Form):
    action = forms.ChoiceField(choices=[("resend", _("Send again")), ("revoke", _("Revoke"))])


class JoinForm(forms.Form):
    """The invited person has no account yet: their name and a password, checked by Django's
    password validators against the account it is for."""

    full_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "name", "autofocus": True}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords don't match."))
        elif first:
            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def axes_username(request: Any, credentials: dict[str, Any] | None) -> str:
    """Count failures per normalized email, so `Ada@X.com` and `ada@x.com ` share one counter.
    Cut to an email's longest length: axes stores it in a 255-character column, and neither
    Django's login form nor the admin's checks the length before authenticating."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalize_email(str(raw))[:254]


class AuditFilterForm(forms.Form):
    """The audit log reader's filters. Every value is checked against the organization's own
    members and the known actions, so a forged id is a form error, not a peek."""

    person = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, empty_label=_("Anyone")
    )
    action = forms.ChoiceField(required=False)
    since = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label=_("Until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = User.objects.filter(memberships__organization=organization).order_by(
            "email"
        )
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [("", _("Any action")), *AuditAction.choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("Pick an end date on or after the start date."))
        return data


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator app (six digits) or, at sign-in, a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def clean_code(self) -> str:
        # Apps show "123 456"; recovery codes are read off paper: spaces and dashes are noise.
        code = re.sub(r"[\s-]+", "", self.cleaned_data["code"]).lower()
        if not code.isalnum():
            raise forms.ValidationError(
                _("Type the six digits your app shows, or one of your recovery codes."),
                code="malformed",
            )
        return code
