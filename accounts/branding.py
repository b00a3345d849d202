"""How emails to candidates present an organization: the sender's name, where replies go and
the logo. The builders of candidate emails read these when the outbox sends; the address the
email is sent from stays the platform's (DEFAULT_FROM_EMAIL), so SPF and DKIM keep passing and
only the name beside it is the organization's.

The logo is an uploaded image, checked by its content and re-encoded here, never a link to
somebody else's server: a URL would be fetched by every candidate's mail client from a host we
don't control, and could be swapped for anything (a tracking pixel) after it was checked.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from accounts.models import Organization, User
from config.validators import one_line

# What an upload may be: its bytes, its decoded size (decoding 2048 x 2048 takes 16 MB of a web
# process; a small file can claim far more) and its formats (SVG can carry scripts).
LOGO_MAX_BYTES = 512 * 1024
LOGO_MAX_SIDE = 2048
LOGO_MAX_PIXELS = LOGO_MAX_SIDE * LOGO_MAX_SIDE
LOGO_FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP"})
# The stored size: twice what the layout shows (at most 240 x 80), for sharp high-DPI screens.
LOGO_BOX = (480, 160)


def sender_name(organization: Organization) -> str:
    return one_line(organization.email_sender_name) or _("%(name)s Hiring") % {
        "name": one_line(organization.name)
    }


def from_address(organization: Organization) -> str:
    """'<Organization> Hiring <jobs@platform>': the organization's name (quoted when it needs
    to be; Django encodes it if it is not ASCII), the platform's address."""
    _platform_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return str(Address(display_name=sender_name(organization), addr_spec=address))


def reply_to(organization: Organization, *people: int | None) -> list[str]:
    """Where a candidate's reply goes: the address the organization set, or else the first of
    `people` (the recruiter who acted, then the posting's owner) still an active member of it.
    Checked at send time: a recruiter who left since gets no more replies."""
    if organization.email_reply_to:
        return [organization.email_reply_to]
    ids = [pk for pk in people if pk is not None]
    if not ids:
        return []
    emails = dict(
        User.objects.filter(
            pk__in=ids, is_active=True, memberships__organization=organization
        ).values_list("pk", "email")
    )
    return next(([emails[pk]] for pk in ids if pk in emails), [])


def logo_url(organization: Organization) -> str:
    if not organization.email_logo_digest:
        return ""
    path = reverse(
        "organization_logo",
        kwargs={"slug": organization.slug, "digest": organization.email_logo_digest},
    )
    return urljoin(settings.SITE_URL, path)


@dataclass(frozen=True)
class Logo:
    png: bytes
    width: int
    height: int

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.png).hexdigest()[:32]


def read_logo(data: bytes) -> Logo:
    """The upload as a checked, re-encoded PNG no larger than LOGO_BOX, or a ValidationError
    saying why not. Re-encoding keeps the pixels only: no metadata, nothing hidden after them."""
    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo can be at most %(kb)d KB.") % {"kb": LOGO_MAX_BYTES // 1024},
            code="too_large",
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:  # reads the header only
            kind, (width, height) = probe.format, probe.size
            if kind not in LOGO_FORMATS:
                raise ValidationError(_not_an_image(), code="format")
            if width * height > LOGO_MAX_PIXELS:
                raise ValidationError(
                    _("The logo can be at most %(side)d x %(side)d pixels.")
                    % {"side": LOGO_MAX_SIDE},
                    code="too_many_pixels",
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            picture = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_not_an_image(), code="format") from None
    picture.thumbnail(LOGO_BOX)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return Logo(png=out.getvalue(), width=picture.width, height=picture.height)


def _not_an_image() -> str:
    return _("The logo must be a PNG, JPEG, GIF or WebP image.")
