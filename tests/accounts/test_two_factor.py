"""Two-factor sign-in (issue 17): codes computed from the device's own secret, on real
PostgreSQL and Redis, through the real login, axes lockout and audit log."""

from __future__ import annotations

import time

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import access
from accounts.models import AuditAction, AuditEntry, Role
from tests.conftest import give_two_factor
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TEAM = "/orgs/kolanut-pay/team/"
VERIFY = reverse("two_factor_verify")


def code_of(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the person's app shows now (or `steps_ahead` time steps later)."""
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = time.time() + steps_ahead * device.step
    return f"{clock.token():0{device.digits}d}"


def password_sign_in(client: Client, email: str, next_url: str = "") -> str:
    query = f"?next={next_url}" if next_url else ""
    response = client.post(f"/accounts/login/{query}", {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:300]
    return str(response["Location"])


def audit_actions(user) -> list[str]:
    return list(
        AuditEntry.objects.filter(actor=user).order_by("pk").values_list("action", flat=True)
    )


@pytest.fixture
def ada(organization):
    """A recruiter (two-factor optional for her) with an authenticator set up."""
    user = UserFactory.create(email="ada@kolanut.test")
    MembershipFactory.create(user=user, organization=organization, role=Role.RECRUITER)
    return user, give_two_factor(user)


@pytest.fixture
def no_throttle(settings):
    # django-otp slows down a device after each wrong code (1 s, 2 s, 4 s...); the tests that
    # type a right code straight after a wrong one would otherwise wait.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


# --- The second step of signing in ---------------------------------------------------------


def test_after_the_password_a_person_with_a_device_reaches_nothing_but_the_code_page(ada):
    user, _device = ada
    client = Client()
    target = "/postings/"
    assert password_sign_in(client, user.email, target) == target
    for path in (target, "/", TEAM, "/admin/", reverse("two_factor_setup")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{VERIFY}?next="), path
    htmx = client.post("/postings/new/", headers={"HX-Request": "true"})
    assert htmx.status_code == 204
    assert htmx["HX-Redirect"].startswith(VERIFY)
    page = client.get(client.get(target)["Location"])
    assert page.status_code == 200
    assert "Type the six-digit code" in page.content.decode()
    assert 'autocomplete="one-time-code"' in page.content.decode()


def test_the_current_code_signs_in_and_goes_on_to_the_page_asked_for(ada):
    user, device = ada
    client = Client()
    password_sign_in(client, user.email, "/postings/")
    before = client.session.session_key
    response = client.post(f"{VERIFY}?next=/postings/", {"code": code_of(device)})
    assert response.status_code == 302
    assert response["Location"] == "/postings/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert access.TWO_FACTOR_PENDING_KEY not in client.session
    assert client.session.session_key != before  # a new session key at the new privilege
    assert client.get("/postings/").status_code == 200
    # Signing out and in again asks for a code again.
    client.post("/accounts/logout/")
    password_sign_in(client, user.email)
    assert client.get("/postings/")["Location"].startswith(VERIFY)


def test_the_next_target_is_kept_through_the_code_page_and_never_leaves_the_site(ada):
    user, device = ada
    client = Client()
    assert password_sign_in(client, user.email, TEAM) == TEAM
    detour = client.get(TEAM)["Location"]
    assert detour == f"{VERIFY}?next=%2Forgs%2Fkolanut-pay%2Fteam%2F"
    form = client.get(detour).content.decode()
    assert 'name="next" value="/orgs/kolanut-pay/team/"' in form
    # A code typed with the spaces the app shows is fine.
    code = code_of(device)
    response = client.post(VERIFY, {"code": f"{code[:3]} {code[3:]}", "next": TEAM})
    assert response["Location"] == TEAM

    other = Client()
    password_sign_in(other, user.email)
    response = other.post(
        f"{VERIFY}?next=https://evil.example/", {"code": code_of(device, steps_ahead=1)}
    )
    assert response["Location"] == "/"


def test_a_wrong_code_is_refused_audited_once_and_counted_by_axes(ada):
    user, device = ada
    client = Client()
    password_sign_in(client, user.email)
    before = audit_actions(user)
    response = client.post(VERIFY, {"code": "000000" if code_of(device) != "000000" else "111111"})
    assert response.status_code == 200
    assert "That code didn&#x27;t work" in response.content.decode()
    assert audit_actions(user)[len(before) :] == [AuditAction.TWO_FACTOR_FAILED]
    attempt = AccessAttempt.objects.get(username=user.email)
    assert attempt.failures_since_start == 1
    assert "000000" not in attempt.post_data
    assert "111111" not in attempt.post_data
    # Still halfway: nothing else is reachable.
    assert client.get("/postings/")["Location"].startswith(VERIFY)


def test_a_code_works_once_even_in_another_session(ada, no_throttle):
    user, device = ada
    first, second = Client(), Client()
    password_sign_in(first, user.email)
    password_sign_in(second, user.email)
    code = code_of(device)
    assert first.post(VERIFY, {"code": code}).status_code == 302
    replay = second.post(VERIFY, {"code": code})
    assert replay.status_code == 200
    assert "That code didn&#x27;t work" in replay.content.decode()
    assert audit_actions(user)[-1] == AuditAction.TWO_FACTOR_FAILED
    assert second.get("/postings/")["Location"].startswith(VERIFY)


def test_wrong_codes_lock_the_account_out_like_wrong_passwords(ada, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user, device = ada
    client = Client()
    password_sign_in(client, user.email)
    wrong = "000000" if code_of(device) != "000000" else "111111"
    statuses = [client.post(VERIFY, {"code": wrong}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert audit_actions(user).count(AuditAction.TWO_FACTOR_FAILED) == 3
    assert AuditAction.LOGIN_FAILED not in audit_actions(user)
    assert AuditAction.LOGIN_LOCKED_OUT in audit_actions(user)
    # The half-signed-in session is gone, and the password alone no longer signs in.
    assert "_auth_user_id" not in client.session
    again = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert again.status_code == 429


def test_a_recovery_code_signs_in_once(ada, no_throttle):
    user, _device = ada
    codes = ["abcd2345", "efgh6723"]
    static = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=static, token=code)
    client = Client()
    password_sign_in(client, user.email)
    response = client.post(VERIFY, {"code": "ABCD-2345"}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "Codes left: 1" in response.content.decode()
    assert list(static.token_set.values_list("token", flat=True)) == ["efgh6723"]
    client.post("/accounts/logout/")
    password_sign_in(client, user.email)
    assert client.post(VERIFY, {"code": "abcd2345"}).status_code == 200  # used up
    assert client.post(VERIFY, {"code": "efgh6723"}).status_code == 302


def test_a_code_page_request_without_two_factor_just_goes_on(recruiter):
    response = recruiter.client.get(f"{VERIFY}?next=/postings/")
    assert response.status_code == 302
    assert response["Location"] == "/postings/"
    assert recruiter.client.get("/postings/").status_code == 200


# --- Setting it up, new codes, turning it off ----------------------------------------------


def test_setup_shows_a_qr_code_and_the_secret_and_confirms_only_with_a_right_code(recruiter):
    page = recruiter.client.get(reverse("two_factor_setup")).content.decode()
    device = TOTPDevice.objects.get(user=recruiter.user)
    assert not device.confirmed
    assert '<svg width="' in page
    assert "<path" in page
    assert "<script" not in page.split('class="qr-code"')[1].split("</div>")[0]
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    # A reload shows the same secret (a QR code scanned already still works).
    assert recruiter.client.get(reverse("two_factor_setup")).context["secret"] in page
    assert TOTPDevice.objects.filter(user=recruiter.user).count() == 1

    wrong = "000000" if code_of(device) != "000000" else "111111"
    refused = recruiter.client.post(reverse("two_factor_setup"), {"code": wrong})
    assert refused.status_code == 200
    assert "That code didn&#x27;t work" in refused.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert AuditAction.TWO_FACTOR_ENABLED not in audit_actions(recruiter.user)


def test_confirming_setup_turns_it_on_and_shows_ten_recovery_codes_once(recruiter, no_throttle):
    client = recruiter.client
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(user=recruiter.user)
    response = client.post(
        f"{reverse('two_factor_setup')}?next=/postings/", {"code": code_of(device)}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('two_factor_recovery_codes')}?next=%2Fpostings%2F"
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    codes = list(
        StaticToken.objects.filter(device__user=recruiter.user).values_list("token", flat=True)
    )
    assert len(codes) == 10
    page = client.get(response["Location"]).content.decode()
    assert all(code in page for code in codes)
    assert 'href="/postings/"' in page
    assert "no-store" in client.get("/postings/")["Cache-Control"]
    # Shown once.
    again = client.get(reverse("two_factor_recovery_codes"))
    assert again.status_code == 302
    assert again["Location"] == reverse("two_factor")
    actions = audit_actions(recruiter.user)
    assert actions[-2:] == [AuditAction.TWO_FACTOR_ENABLED, AuditAction.RECOVERY_CODES_CREATED]
    entry = AuditEntry.objects.filter(action=AuditAction.RECOVERY_CODES_CREATED).get()
    assert entry.details == {"count": 10}
    status = client.get(reverse("two_factor")).content.decode()
    assert "On." in status
    assert "10 unused recovery codes" in status


def test_setting_up_a_new_phone_replaces_the_old_authenticator(ada, no_throttle):
    user, old = ada
    client = Client()
    password_sign_in(client, user.email)
    client.post(VERIFY, {"code": code_of(old)})
    client.get(reverse("two_factor_setup"))
    new = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post(reverse("two_factor_setup"), {"code": code_of(new)})
    assert list(TOTPDevice.objects.filter(user=user)) == [new]


def test_new_recovery_codes_replace_the_old_ones(ada):
    user, device = ada
    old = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    StaticToken.objects.create(device=old, token="oldcode2")
    client = Client()
    password_sign_in(client, user.email)
    client.post(VERIFY, {"code": code_of(device)})
    response = client.post(reverse("two_factor_regenerate_codes"))
    assert response["Location"] == reverse("two_factor_recovery_codes")
    tokens = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(tokens) == 10
    assert "oldcode2" not in tokens
    page = client.get(response["Location"]).content.decode()
    assert all(token in page for token in tokens)
    assert audit_actions(user)[-1] == AuditAction.RECOVERY_CODES_CREATED


def test_changes_to_two_factor_ask_for_the_password_after_a_while(recruiter):
    session = recruiter.client.session
    session[access.SIGNED_IN_AT_KEY] = int(time.time()) - 3600
    session.save()
    for response in (
        recruiter.client.get(reverse("two_factor_setup")),
        recruiter.client.post(reverse("two_factor_disable")),
        recruiter.client.post(reverse("two_factor_regenerate_codes")),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("confirm_password"))
    assert not TOTPDevice.objects.filter(user=recruiter.user).exists()


def test_someone_it_is_optional_for_can_turn_it_off(ada):
    user, device = ada
    StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    client = Client()
    password_sign_in(client, user.email)
    client.post(VERIFY, {"code": code_of(device)})
    assert "Turn two-factor off" in client.get(reverse("two_factor")).content.decode()
    response = client.post(reverse("two_factor_disable"))
    assert response["Location"] == reverse("two_factor")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert audit_actions(user)[-1] == AuditAction.TWO_FACTOR_DISABLED
    client.post("/accounts/logout/")
    password_sign_in(client, user.email)
    assert client.get("/postings/").status_code == 200  # no code asked any more


def test_an_org_admin_may_not_turn_it_off_while_it_is_required(org_admin):
    page = org_admin.client.get(reverse("two_factor")).content.decode()
    assert "Turn two-factor off" not in page
    assert "stays on" in page
    response = org_admin.client.post(reverse("two_factor_disable"))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=org_admin.user, confirmed=True).exists()


# --- Required of org admins and staff ------------------------------------------------------


def test_an_org_admin_without_two_factor_sets_it_up_before_the_team_page(organization, settings):
    assert settings.TWO_FACTOR_REQUIRED  # the tests' setting, as in staging and production
    user = UserFactory.create(email="new-admin@kolanut.test")
    MembershipFactory.create(user=user, organization=organization, role=Role.ADMIN)
    client = Client()
    password_sign_in(client, user.email, TEAM)
    response = client.get(TEAM)
    assert (
        response["Location"]
        == f"{reverse('two_factor_setup')}?next=%2Forgs%2Fkolanut-pay%2Fteam%2F"
    )
    assert client.get("/postings/").status_code == 200  # other pages don't ask
    client.get(response["Location"])
    device = TOTPDevice.objects.get(user=user)
    done = client.post(f"{reverse('two_factor_setup')}?next={TEAM}", {"code": code_of(device)})
    codes_page = client.get(done["Location"]).content.decode()
    assert f'href="{TEAM}"' in codes_page
    team = client.get(TEAM)
    assert team.status_code == 200
    assert "new-admin@kolanut.test" in team.content.decode()


def test_an_org_admin_whose_session_has_not_verified_the_device_types_a_code(organization):
    user = UserFactory.create(email="admin2@kolanut.test")
    MembershipFactory.create(user=user, organization=organization, role=Role.ADMIN)
    client = Client()
    client.force_login(user)
    # Set up elsewhere after this session signed in: this session never typed a code.
    device = give_two_factor(user)
    response = client.get(TEAM)
    assert response["Location"] == f"{VERIFY}?next=%2Forgs%2Fkolanut-pay%2Fteam%2F"
    assert client.post(response["Location"], {"code": code_of(device)})["Location"] == TEAM
    assert client.get(TEAM).status_code == 200


def test_staff_reach_django_admin_only_with_a_verified_device(organization):
    user = UserFactory.create(email="ops@kolanut.test", is_staff=True)
    MembershipFactory.create(user=user, organization=organization, role=Role.RECRUITER)
    client = Client()
    client.force_login(user)
    for path in ("/admin/", "/admin/accounts/user/", "/admin/rq/"):
        assert client.get(path)["Location"].startswith(reverse("two_factor_setup")), path
    # Signing out of the admin is always possible.
    assert client.post("/admin/logout/").status_code == 302
    assert "_auth_user_id" not in client.session
    give_two_factor(user)
    client.force_login(user)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_a_verified_staff_session_loses_the_admin_when_the_device_is_removed(staff):
    assert staff.client.get("/admin/").status_code == 200
    TOTPDevice.objects.filter(user=staff.user).delete()
    assert staff.client.get("/admin/")["Location"].startswith(reverse("two_factor_setup"))


def test_with_the_requirement_off_org_admins_choose(organization, settings):
    settings.TWO_FACTOR_REQUIRED = False
    user = UserFactory.create(email="relaxed@kolanut.test", is_staff=True)
    MembershipFactory.create(user=user, organization=organization, role=Role.ADMIN)
    client = Client()
    password_sign_in(client, user.email)
    assert client.get(TEAM).status_code == 200
    assert client.get("/admin/").status_code == 200
    page = client.get(reverse("two_factor")).content.decode()
    assert "Off." in page
    assert "you need it" not in page


# --- Lost devices: superusers reset them -----------------------------------------------------


def test_a_superuser_resets_a_lost_device_from_the_user_admin(superuser, ada):
    user, _device = ada
    StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    changelist = superuser.client.get("/admin/accounts/user/").content.decode()
    assert "Reset two-factor sign-in (lost device)" in changelist
    response = superuser.client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [user.pk]},
        follow=True,
    )
    assert "Two-factor sign-in reset for 1 person." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    entry = AuditEntry.objects.get(action=AuditAction.TWO_FACTOR_RESET)
    assert entry.actor == superuser.user
    assert (entry.target_type, entry.target_id) == ("accounts.user", str(user.pk))
    # She signs in with her password alone now.
    client = Client()
    password_sign_in(client, user.email)
    assert client.get("/postings/").status_code == 200


def test_tenant_staff_never_see_nor_reset_devices(staff, superuser, ada):
    user, _device = ada
    changelist = staff.client.get("/admin/accounts/user/").content.decode()
    assert "reset_two_factor" not in changelist
    staff.client.post(
        "/admin/accounts/user/", {"action": "reset_two_factor", "_selected_action": [user.pk]}
    )
    assert TOTPDevice.objects.filter(user=user).exists()
    assert not AuditEntry.objects.filter(action=AuditAction.TWO_FACTOR_RESET).exists()
    # django-otp's own device admins are not mounted, for anyone.
    for client in (staff.client, superuser.client):
        assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
        assert client.get("/admin/otp_static/staticdevice/").status_code == 404
