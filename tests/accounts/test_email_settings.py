"""An organization's admins set how emails to candidates present it: the sender name, the
reply-to address and a logo (an upload, checked by content and re-encoded)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import AuditEntry, OrganizationLogo

pytestmark = pytest.mark.django_db

URL = "/orgs/kolanut-pay/email/"


def png_bytes(width: int = 300, height: int = 100, kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (20, 80, 160)).save(out, format=kind)
    return out.getvalue()


def _upload(data: bytes, name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def _post(persona, **fields):
    data = {"sender_name": "", "reply_to": "", **fields}
    return persona.client.post(URL, data)


def test_an_admin_sets_the_name_the_reply_address_and_a_logo(org_admin, organization, client):
    page = org_admin.client.get(URL).content.decode()
    assert 'name="sender_name"' in page
    assert "Blank: &quot;Kolanut Pay Hiring&quot;." in page
    jpeg = png_bytes(1200, 300, kind="JPEG")
    response = _post(
        org_admin, sender_name="Kolanut Careers", reply_to="jobs@kolanut.test", logo=_upload(jpeg)
    )
    assert response.status_code == 302
    assert response["Location"] == URL
    organization.refresh_from_db()
    assert organization.email_sender_name == "Kolanut Careers"
    assert organization.email_reply_to == "jobs@kolanut.test"
    stored = OrganizationLogo.objects.get(organization=organization)
    assert (stored.width, stored.height) == (480, 120)  # fitted to the stored box
    assert bytes(stored.image).startswith(b"\x89PNG")  # re-encoded, whatever came in
    entry = AuditEntry.objects.get(action="organization.email_settings")
    assert entry.details == {"changed": ["sender_name", "reply_to", "logo"]}
    assert entry.actor == org_admin.user
    # The logo is public, as the emails that show it are, under an address that changes with it.
    logo = client.get(f"/orgs/kolanut-pay/logo/{organization.email_logo_digest}.png")
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"
    assert logo["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in logo["Cache-Control"]
    assert logo.content == bytes(stored.image)
    assert client.get("/orgs/kolanut-pay/logo/0123abcd.png").status_code == 404
    page = org_admin.client.get(URL).content.decode()
    assert f'src="/orgs/kolanut-pay/logo/{organization.email_logo_digest}.png"' in page
    assert 'value="Kolanut Careers"' in page


def test_an_admin_removes_the_logo(org_admin, organization):
    _post(org_admin, logo=_upload(png_bytes()))
    organization.refresh_from_db()
    digest = organization.email_logo_digest
    assert digest
    _post(org_admin, remove_logo="on")
    organization.refresh_from_db()
    assert organization.email_logo_digest == ""
    assert not OrganizationLogo.objects.exists()
    assert org_admin.client.get(f"/orgs/kolanut-pay/logo/{digest}.png").status_code == 404


def test_only_the_organization_s_admins_set_up_emails(recruiter, hiring_manager, outsider):
    for persona in (recruiter, hiring_manager):
        assert persona.client.get(URL).status_code == 403
        assert _post(persona, sender_name="Mine").status_code == 403
    assert outsider.client.get(URL).status_code == 404
    assert _post(outsider, sender_name="Mine").status_code == 404


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"sender_name": "Kolanut\r\nBcc: x@evil.test"}, "sender_name", "Use a single line"),
        ({"sender_name": "CEO <ceo@kolanut.test>"}, "sender_name", "Use a name only"),
        ({"reply_to": "jobs@kolanut.test\r\nBcc: x@evil.test"}, "reply_to", "valid email"),
        ({"reply_to": "not an address"}, "reply_to", "valid email"),
    ],
)
def test_a_header_that_could_inject_or_mislead_is_refused(
    org_admin, organization, fields, field, error
):
    _post(org_admin, sender_name="Kolanut Careers", logo=_upload(png_bytes()))
    organization.refresh_from_db()
    saved = (organization.email_sender_name, organization.email_logo_digest)
    response = _post(org_admin, **{"sender_name": "Kolanut Jobs", **fields})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert error in page
    organization.refresh_from_db()
    assert (organization.email_sender_name, organization.email_logo_digest) == saved
    assert organization.email_reply_to == ""


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "a PNG"),
        (b"GIF89a" + b"\x00" * 40, "a PNG"),
        (png_bytes(2100, 2100, kind="GIF"), "at most 2048 x 2048 pixels"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * (600 * 1024), "at most 512 KB"),
    ],
    ids=["svg", "broken-gif", "too-many-pixels", "too-large"],
)
def test_a_file_that_is_not_a_fit_image_is_refused_and_nothing_valid_is_lost(
    org_admin, organization, data, error
):
    _post(org_admin, logo=_upload(png_bytes()))
    organization.refresh_from_db()
    digest = organization.email_logo_digest
    response = _post(
        org_admin, sender_name="Kolanut Jobs", reply_to="jobs@kolanut.test", logo=_upload(data)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_logo_error"' in page
    assert error in page
    # What was typed stays in the form; what was saved stays saved.
    assert 'value="Kolanut Jobs"' in page
    assert 'value="jobs@kolanut.test"' in page
    organization.refresh_from_db()
    assert organization.email_logo_digest == digest
    assert organization.email_sender_name == ""
    assert OrganizationLogo.objects.get().organization_id == organization.pk


def test_after_a_long_session_the_password_comes_first(org_admin, organization, settings):
    settings.REAUTHENTICATE_AFTER_SECONDS = 0
    page = org_admin.client.get(URL)
    assert page.status_code == 302
    assert page["Location"] == f"/accounts/confirm-password/?next={URL.replace('/', '%2F')}"
    response = _post(org_admin, reply_to="attacker@evil.test")
    assert response["Location"].startswith("/accounts/confirm-password/?next=")
    organization.refresh_from_db()
    assert organization.email_reply_to == ""


def test_an_admin_sets_the_careers_intro_and_website(org_admin, organization, client):
    intro = "We build payments for Lagos.\n\nSmall team, big reach."
    response = _post(org_admin, careers_intro=intro, website="kolanut.test/about")
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.careers_intro == intro
    assert organization.website == "https://kolanut.test/about"  # https assumed
    entry = AuditEntry.objects.get(action="organization.email_settings")
    assert entry.details == {"changed": ["careers_intro", "website"]}
    page = org_admin.client.get(URL).content.decode()
    assert "We build payments for Lagos." in page
    assert 'value="https://kolanut.test/about"' in page
    careers = client.get("/careers/kolanut-pay/").content.decode()
    assert "<p>We build payments for Lagos.</p>" in careers
    assert 'href="https://kolanut.test/about"' in careers


def test_only_the_organization_s_admins_set_the_careers_intro(
    recruiter, hiring_manager, outsider, organization
):
    for persona in (recruiter, hiring_manager):
        assert _post(persona, careers_intro="Mine", website="https://evil.test").status_code == 403
    assert _post(outsider, careers_intro="Mine").status_code == 404
    organization.refresh_from_db()
    assert (organization.careers_intro, organization.website) == ("", "")


@pytest.mark.parametrize(
    ("fields", "field", "error"),
    [
        ({"website": "javascript:alert(1)"}, "website", "valid URL"),
        ({"website": "ftp://kolanut.test/"}, "website", "valid URL"),
        ({"website": "https://kolanut.test/\r\nx"}, "website", "valid URL"),
        ({"website": "not a site"}, "website", "valid URL"),
        ({"careers_intro": "x" * 1001}, "careers_intro", "at most 1000 characters"),
    ],
    ids=["javascript", "ftp", "line-break", "words", "too-long"],
)
def test_a_bad_website_or_too_long_intro_is_refused(org_admin, organization, fields, field, error):
    _post(org_admin, careers_intro="Saved intro", website="https://kolanut.test/")
    response = _post(
        org_admin,
        **{"careers_intro": "Saved intro", "website": "https://kolanut.test/", **fields},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="id_{field}_error"' in page
    assert error in page
    organization.refresh_from_db()
    assert (organization.careers_intro, organization.website) == (
        "Saved intro",
        "https://kolanut.test/",
    )
