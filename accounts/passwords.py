"""Django's password change and reset-confirm pages, saving through accounts.services so the
new password and its audit entry are one transaction.

Changing the password ends the person's other sessions: Django keeps a hash of the password in
each session and logs out any session whose hash no longer matches; the session that made the
change gets the new hash (update_session_auth_hash) and stays signed in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.http import HttpResponse, HttpResponseRedirect

from accounts import services


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        user = services.change_password(form.user, form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: SetPasswordForm[Any]) -> HttpResponse:
        services.reset_password(form.user, form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())
