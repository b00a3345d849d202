from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UsernameField
from django.utils.translation import gettext_lazy as _

from accounts.models import normalize_email

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

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Through the outbox: a slow or failing SMTP server never breaks the reset page."""
        from django.template import loader

        from outbox.email import record_email

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        record_email(
            "raw",
            key=f"password-reset:{context['uid']}:{context['token']}",
            args={"to": [to_email], "subject": subject, "text": body},
        )


class SwitchOrganizationForm(forms.Form):
    organization = forms.SlugField(max_length=60)
    next = forms.CharField(required=False, max_length=2000)


def axes_username(request: Any, credentials: dict[str, Any] | None) -> str:
    """Count failures per normalized email, so `Ada@X.com` and `ada@x.com ` share one counter."""
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalize_email(str(raw))
