"""The careers site presents the organization (logo, intro, website) to people and to search
engines and feed readers, groups its jobs by department, and answers HEAD like GET."""

from __future__ import annotations

import io
import json
import re
from datetime import date, timedelta
from html import unescape
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from accounts.branding import read_logo
from accounts.models import Organization
from accounts.services import update_email_settings
from postings.models import Posting
from tests.factories import PostingFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _logo(color: tuple[int, int, int] = (20, 80, 160)) -> object:
    out = io.BytesIO()
    Image.new("RGB", (300, 100), color).save(out, format="PNG")
    return read_logo(out.getvalue())


def _brand(organization: Organization, **fields: object) -> None:
    update_email_settings(
        organization,
        by=None,
        sender_name="",
        reply_to="",
        **{"careers_intro": "", "website": "", **fields},  # type: ignore[arg-type]
    )


def _meta(html: str) -> dict[str, str]:
    tags = re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)">', html)
    return {name: unescape(content) for name, content in tags if name != "viewport"}


def _jsonld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block
    return json.loads(block.group(1))


def test_the_careers_list_shows_the_logo_intro_and_website_with_its_tags(organization):
    PostingFactory.create(organization=organization, status="open", title="Backend Lead")
    _brand(
        organization,
        careers_intro="We build payments.\n\nFor Lagos & beyond.",
        website="https://kolanut.test/",
        logo=_logo(),
    )
    organization.refresh_from_db()
    logo = f"http://testserver/orgs/kolanut-pay/logo/{organization.email_logo_digest}.png"
    html = Client().get("/careers/kolanut-pay/").content.decode()
    assert f'src="/orgs/kolanut-pay/logo/{organization.email_logo_digest}.png"' in html
    assert "<p>We build payments.</p>\n\n<p>For Lagos &amp; beyond.</p>" in html
    assert 'href="https://kolanut.test/"' in html
    assert _meta(html) == {
        "description": "We build payments. For Lagos & beyond.",
        "og:type": "website",
        "og:title": "Jobs at Kolanut Pay",
        "og:description": "We build payments. For Lagos & beyond.",
        "og:url": "http://testserver/careers/kolanut-pay/",
        "og:site_name": "Careers at Kolanut Pay",
        "og:image": logo,
    }


def test_without_an_intro_or_logo_the_list_describes_its_openings(organization):
    PostingFactory.create_batch(2, organization=organization, status="open")
    meta = _meta(Client().get("/careers/kolanut-pay/").content.decode())
    assert meta["description"] == "2 open positions at Kolanut Pay."
    assert "og:image" not in meta


def test_jobs_are_grouped_by_department_with_their_dates(organization):
    now = timezone.now()
    for title, department, days in [
        ("Data Engineer", "Engineering", 3),
        ("Office Manager", "", 1),
        ("Backend Lead", "Engineering", 1),
        ("Account Manager", "Sales", 2),
    ]:
        posting = PostingFactory.create(
            organization=organization, status="open", title=title, department=department
        )
        Posting.objects.filter(pk=posting.pk).update(opened_at=now - timedelta(days=days))
    Posting.objects.filter(title="Account Manager").update(valid_through=date(2027, 3, 1))
    html = Client().get("/careers/kolanut-pay/").content.decode()
    headings = re.findall(r"<h2 id=\"department-\d+\">([^<]+)</h2>", html)
    assert headings == ["Engineering", "Sales", "Other positions"]
    titles = re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', html)
    assert titles == ["Backend Lead", "Data Engineer", "Account Manager", "Office Manager"]
    opened = (now - timedelta(days=2)).date()
    assert f'<time datetime="{opened.isoformat()}">' in html
    assert 'Apply by <time datetime="2027-03-01">1 March 2027</time>' in html
    filtered = Client().get("/careers/kolanut-pay/?department=Sales").content.decode()
    assert re.findall(r"<h2 id=\"department-\d+\">([^<]+)</h2>", filtered) == ["Sales"]


def test_the_posting_page_names_the_organization_to_search_engines(organization):
    posting = PostingFactory.create(
        organization=organization, status="open", valid_through=date(2027, 1, 31)
    )
    _brand(organization, website="https://kolanut.test/", logo=_logo())
    organization.refresh_from_db()
    logo = f"http://testserver/orgs/kolanut-pay/logo/{organization.email_logo_digest}.png"
    html = Client().get(f"/careers/kolanut-pay/{posting.slug}/").content.decode()
    data = _jsonld(html)
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Kolanut Pay",
        "url": "http://testserver/careers/kolanut-pay/",
        "sameAs": "https://kolanut.test/",
        "logo": logo,
    }
    assert data["validThrough"] == "2027-01-31T23:59:59"
    meta = _meta(html)
    assert meta["og:image"] == logo
    assert meta["og:url"] == f"http://testserver/careers/kolanut-pay/{posting.slug}/"
    assert meta["og:description"] == meta["description"] != ""
    posting.valid_through = None
    posting.save()
    assert "validThrough" not in _jsonld(
        Client().get(f"/careers/kolanut-pay/{posting.slug}/").content.decode()
    )


def test_the_feed_has_an_author_and_entries_updated_no_earlier_than_published(organization):
    _brand(organization, website="https://kolanut.test/")
    posting = PostingFactory.create(organization=organization, status="open")
    # Opening stamps opened_at after the row's updated_at: the feed must not go back in time.
    Posting.objects.filter(pk=posting.pk).update(opened_at=posting.updated_at + timedelta(hours=1))
    later = PostingFactory.create(organization=organization, status="open")
    Posting.objects.filter(pk=later.pk).update(updated_at=later.updated_at + timedelta(days=2))
    body = Client().get("/careers/kolanut-pay/feed.xml").content
    feed = ElementTree.fromstring(body)  # noqa: S314 - our own feed
    author = feed.find(f"{ATOM}author")
    assert author is not None
    assert author.findtext(f"{ATOM}name") == "Kolanut Pay"
    assert author.findtext(f"{ATOM}uri") == "https://kolanut.test/"
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        published = entry.findtext(f"{ATOM}published")
        updated = entry.findtext(f"{ATOM}updated")
        assert published
        assert updated
        assert updated >= published  # same zone and format: RFC 3339 strings compare in order
    assert any(
        (e.findtext(f"{ATOM}updated") or "") > (e.findtext(f"{ATOM}published") or "")
        for e in entries
    )


def test_head_is_answered_like_get(organization):
    posting = PostingFactory.create(organization=organization, status="open")
    for url in [
        "/careers/kolanut-pay/",
        f"/careers/kolanut-pay/{posting.slug}/",
        "/careers/kolanut-pay/feed.xml",
        f"/careers/kolanut-pay/{posting.slug}/applied/",
    ]:
        get = Client().get(url)
        head = Client().head(url)
        assert get.status_code == head.status_code == 200, url
        assert head["Content-Type"] == get["Content-Type"], url
        assert head.get("Content-Security-Policy") == get.get("Content-Security-Policy"), url
        assert get.content
        assert head.content == b"", url
    assert Client().head("/careers/kolanut-pay/no-such-job/").status_code == 404
    assert Client().put("/careers/kolanut-pay/").status_code == 405


def test_a_new_logo_or_intro_shows_on_the_next_visit_of_the_cached_pages(
    organization, django_assert_num_queries
):
    posting = PostingFactory.create(organization=organization, status="open")
    urls = ["/careers/kolanut-pay/", f"/careers/kolanut-pay/{posting.slug}/"]
    for url in urls:
        Client().get(url)  # cached from here on
        with django_assert_num_queries(1):
            Client().get(url)
    _brand(organization, careers_intro="Now hiring in Accra.", logo=_logo())
    organization.refresh_from_db()
    first = organization.email_logo_digest
    for url in urls:
        assert f"/logo/{first}.png" in Client().get(url).content.decode(), url
    assert "Now hiring in Accra." in Client().get(urls[0]).content.decode()
    _brand(organization, careers_intro="Now hiring in Accra.", logo=_logo((200, 10, 10)))
    organization.refresh_from_db()
    assert organization.email_logo_digest != first
    for url in urls:
        page = Client().get(url).content.decode()
        assert f"/logo/{organization.email_logo_digest}.png" in page, url
        assert f"/logo/{first}.png" not in page, url
    _brand(organization, remove_logo=True)
    for url in urls:
        assert "/logo/" not in Client().get(url).content.decode(), url
    assert "Now hiring in Accra." not in Client().get(urls[0]).content.decode()


@pytest.mark.parametrize("postings", [2, 25])
def test_the_grouped_list_costs_the_same_queries_at_any_size(
    organization, postings, django_assert_num_queries, django_assert_max_num_queries
):
    _brand(organization, careers_intro="Hello.", website="https://kolanut.test/", logo=_logo())
    for n in range(postings):
        PostingFactory.create(
            organization=organization, status="open", department=["Sales", "Design", ""][n % 3]
        )
    with django_assert_max_num_queries(3):
        first = Client().get("/careers/kolanut-pay/").content.decode()
    assert first.count('class="card job"') == postings
    with django_assert_num_queries(1):
        cached = Client().get("/careers/kolanut-pay/").content.decode()
    assert cached == first
