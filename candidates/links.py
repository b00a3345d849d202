"""A candidate's links ({"github": url, ...}): web addresses only, whoever typed them."""

from __future__ import annotations

from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from config.validators import validate_single_line

# http and https only: javascript:, data:, vbscript:, ftp: and the rest never become a link.
# The validator also refuses leading whitespace and control characters, which browsers strip
# before reading the scheme.
validate_http_url = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address starting with http:// or https://."),
    code="not_http",  # not "invalid": a form's URLField would swap in its own message
)
LINK_NAME_MAX = 40


def is_http_url(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        validate_http_url(value)
    except ValidationError:
        return False
    return True


def validate_links(value: object) -> None:
    """A mapping of short one-line names to http(s) addresses (the model validator)."""
    if not isinstance(value, dict):
        raise ValidationError(
            _('Links are names with web addresses, e.g. {"github": "https://…"}.'),
            code="links",
        )
    for name, url in value.items():
        if not isinstance(name, str) or not name.strip() or len(name) > LINK_NAME_MAX:
            raise ValidationError(
                _("Give each link a name of at most %(max)d characters."),
                code="link_name",
                params={"max": LINK_NAME_MAX},
            )
        validate_single_line(name)
        if not is_http_url(url):
            raise ValidationError(
                _("The %(name)s link is not a web address starting with http:// or https://."),
                code="link_url",
                params={"name": name},
            )


class Link(NamedTuple):
    name: str
    url: str
    linkable: bool  # only then may it go into an href


def safe_links(value: object) -> list[Link]:
    """The links to show: every entry as text, and as a link only when it is http(s)."""
    if not isinstance(value, dict):
        return []
    return [Link(str(name), str(url), is_http_url(url)) for name, url in value.items()]
