"""Links on a candidate or an application are web addresses, or they are not links at all."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = pytest.mark.django_db

BAD_LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://files.example.org/cv.pdf",
    "//evil.example/x",
]
GOOD_LINKS = {
    "github": "https://github.com/adaeze",
    "portfolio": "http://adaeze.example.org/work?x=1",
}
SAFE_HREF = re.compile(r"^(/|#|\?|mailto:|https?://)")


@pytest.mark.parametrize("link", BAD_LINKS)
def test_the_candidate_and_application_models_refuse_a_link_that_is_not_http(
    organization, posting, link
):
    candidate = CandidateFactory.build(organization=organization, links={"site": link})
    with pytest.raises(ValidationError) as refused:
        candidate.full_clean()
    assert "links" in refused.value.message_dict
    application = ApplicationFactory.build(
        posting=posting, candidate=CandidateFactory.create(organization=organization)
    )
    application.links = {"site": link}
    with pytest.raises(ValidationError) as refused:
        application.full_clean(exclude=["resume"])
    assert "links" in refused.value.message_dict


def test_http_links_are_accepted(organization):
    CandidateFactory.build(organization=organization, links=GOOD_LINKS).full_clean()


@pytest.mark.parametrize(
    "links", [["https://a.example"], {"": "https://a.example"}, {"a\nb": "https://a.example"}]
)
def test_links_are_a_mapping_of_one_line_names(organization, links):
    with pytest.raises(ValidationError):
        CandidateFactory.build(organization=organization, links=links).full_clean()


@pytest.mark.parametrize("link", BAD_LINKS)
def test_the_profile_never_links_to_anything_but_a_web_address(hiring_manager, posting, link):
    # Saved past validation, as rows written before it existed were.
    candidate = CandidateFactory.create(
        organization=posting.organization, links={"site": link, **GOOD_LINKS}
    )
    application = ApplicationFactory.create(
        posting=posting, candidate=candidate, links={"other": link, "github": "https://x.example"}
    )
    page = hiring_manager.client.get(f"/applications/{application.pk}/").content.decode()
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs
    assert all(SAFE_HREF.match(href) for href in hrefs), [
        h for h in hrefs if not SAFE_HREF.match(h)
    ]
    assert 'href="https://github.com/adaeze"' in page
    assert 'src="' not in page.split("<body", 1)[1].replace('src="/static/', "")
