"""An org admin sets how emails to candidates look: a name, a reply address and a logo
uploaded from the browser, shown back on the page (no console error or CSP violation)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.accounts.test_email_settings import png_bytes

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.usefixtures("browser"),
]


def test_an_admin_uploads_a_logo_and_sees_it(open_as, org_admin, organization, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes(600, 200))
    page = open_as(org_admin.user)
    page.goto(f"/orgs/{organization.slug}/team/")
    page.get_by_role("link", name="Emails to candidates").click()
    page.get_by_label("Sender name").fill("Kolanut Careers")
    page.get_by_label("Reply-to address").fill("jobs@kolanut.test")
    page.get_by_label("Logo").set_input_files(str(logo))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The email settings are saved.")).to_be_visible()
    image = page.locator("img.org-logo")
    expect(image).to_be_visible()
    assert image.evaluate("e => e.naturalWidth") == 480  # re-encoded to the stored box
    assert image.evaluate("e => e.getBoundingClientRect().width") <= 240
    expect(page.get_by_label("Sender name")).to_have_value("Kolanut Careers")
