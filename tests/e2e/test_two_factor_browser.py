"""Two-factor setup in a real browser, under the real Content-Security-Policy: the inline SVG
QR code draws without a violation, and the first code turns it on."""

from __future__ import annotations

import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.usefixtures("browser"),
]


def test_a_person_scans_the_qr_code_and_confirms_a_first_code(open_as, recruiter, org_admin):
    page = open_as(recruiter.user)
    page.goto("/accounts/two-factor/setup/?next=/postings/")
    qr = page.locator(".qr-code svg")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] > 100
    device = TOTPDevice.objects.get(user=recruiter.user)
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    clock.time = time.time()
    page.get_by_label("Code").fill(f"{clock.token():06d}")
    page.get_by_role("button", name="Turn two-factor on").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have saved them, continue").click()
    expect(page).to_have_url(re.compile(r"/postings/$"))
    # An org admin persona (two-factor set up and verified) opens the team page as usual.
    admin_page = open_as(org_admin.user)
    admin_page.goto("/orgs/kolanut-pay/team/")
    expect(admin_page.locator("h1")).to_contain_text("Team of Kolanut Pay")
