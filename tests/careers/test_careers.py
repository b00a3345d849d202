from __future__ import annotations

import json
import re
from datetime import date
from xml.etree import ElementTree

import pytest
from django.test import Client

from tests.documents import pdf_bytes, upload
from tests.factories import ApplicationFactory, PostingFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def _jsonld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block, "no JSON-LD block"
    return json.loads(block.group(1))


def test_the_careers_page_lists_open_postings_only(client, organization):
    PostingFactory.create(
        organization=organization, title="Backend Lead", status="open", department="Engineering"
    )
    PostingFactory.create(organization=organization, title="Secret draft")
    PostingFactory.create(organization=organization, title="Old job", status="closed")
    page = client.get(f"/careers/{organization.slug}/").content.decode()
    assert "Backend Lead" in page
    assert "Secret draft" not in page
    assert "Old job" not in page
    assert "400,000 to 500,000 NGN per month" in page
    assert f'href="/careers/{organization.slug}/feed.xml"' in page


def test_search_and_filters_narrow_the_list(client, organization):
    PostingFactory.create(
        organization=organization,
        title="Backend Lead",
        status="open",
        department="Engineering",
        workplace="remote",
    )
    PostingFactory.create(
        organization=organization,
        title="Account Manager",
        status="open",
        department="Sales",
        description="Grow our merchant accounts.",
    )
    assert (
        "Account Manager"
        not in client.get(f"/careers/{organization.slug}/?q=backend").content.decode()
    )
    sales = client.get(f"/careers/{organization.slug}/?department=Sales").content.decode()
    assert "Account Manager" in sales
    assert "Backend Lead" not in sales
    remote = client.get(f"/careers/{organization.slug}/?workplace=remote").content.decode()
    assert "Backend Lead" in remote
    assert "Account Manager" not in remote
    nothing = client.get(f"/careers/{organization.slug}/?department=%3Cscript%3E").content.decode()
    assert "No open position matches" in nothing


def test_the_feed_lists_open_postings(client, organization):
    PostingFactory.create(organization=organization, title="Backend Lead", status="open")
    PostingFactory.create(organization=organization, title="Secret draft")
    response = client.get(f"/careers/{organization.slug}/feed.xml")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<title>Backend Lead</title>" in body
    assert "Secret draft" not in body
    assert f"/careers/{organization.slug}/backend-lead" in body


def test_the_posting_page_carries_complete_job_posting_data(client, organization):
    posting = PostingFactory.create(
        organization=organization,
        title="Backend Lead",
        status="open",
        location="Lagos, Nigeria",
        workplace="hybrid",
        salary_min=500_000,
        salary_max=500_000,
        salary_currency="NGN",
        salary_period="MONTH",
        valid_through=date(2027, 1, 31),
    )
    html = client.get(f"/careers/{organization.slug}/{posting.slug}/").content.decode()
    data = _jsonld(html)
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Backend Lead"
    assert "<strong>backend lead</strong>" in data["description"]
    assert posting.opened_at
    assert data["datePosted"] == posting.opened_at.date().isoformat()
    assert data["validThrough"] == "2027-01-31T23:59:59"
    assert data["employmentType"] == "FULL_TIME"
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Kolanut Pay",
        "url": f"http://testserver/careers/{organization.slug}/",
        # Without a website of its own, its careers page stands for it.
        "sameAs": f"http://testserver/careers/{organization.slug}/",
    }
    assert data["jobLocation"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Lagos",
            "addressCountry": "Nigeria",
        },
    }
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "NGN",
        "value": {"@type": "QuantitativeValue", "unitText": "MONTH", "value": 500000},
    }
    assert '<meta property="og:title" content="Backend Lead · Kolanut Pay">' in html
    assert "500,000 NGN per month" in html


def test_a_remote_posting_says_telecommute_with_the_applicant_country(client, organization):
    posting = PostingFactory.create(
        organization=organization,
        status="open",
        workplace="remote",
        location="Nigeria",
        salary_min=100,
        salary_max=200,
        salary_currency="USD",
        salary_period="HOUR",
    )
    data = _jsonld(client.get(f"/careers/{organization.slug}/{posting.slug}/").content.decode())
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"] == {"@type": "Country", "name": "Nigeria"}
    assert "jobLocation" not in data
    assert data["baseSalary"]["value"] == {
        "@type": "QuantitativeValue",
        "unitText": "HOUR",
        "minValue": 100,
        "maxValue": 200,
    }


def test_posting_text_cannot_break_out_of_the_json_ld_block(client, organization):
    posting = PostingFactory.create(
        organization=organization, status="open", title="Lead </script><script>alert(1)</script>"
    )
    html = client.get(f"/careers/{organization.slug}/{posting.slug}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert _jsonld(html)["title"] == "Lead </script><script>alert(1)</script>"


def test_a_closed_posting_answers_410_without_a_form_and_a_draft_404(client, organization):
    closed = PostingFactory.create(organization=organization, title="Old job", status="closed")
    response = client.get(f"/careers/{organization.slug}/{closed.slug}/")
    assert response.status_code == 410
    assert "Old job is closed" in response.content.decode()
    assert "<form" not in response.content.decode()
    draft = PostingFactory.create(organization=organization)
    assert client.get(f"/careers/{organization.slug}/{draft.slug}/").status_code == 404
    assert client.get("/careers/no-such-org/").status_code == 404
    assert client.get(f"/careers/{organization.slug}/no-such-job/").status_code == 404


@pytest.mark.parametrize("postings", [2, 25])
def test_careers_pages_run_at_most_four_queries(
    client, organization, postings, django_assert_max_num_queries
):
    created = [
        PostingFactory.create(organization=organization, status="open") for _ in range(postings)
    ]
    for posting in created[:3]:
        QuestionFactory.create(posting=posting)
        ApplicationFactory.create_batch(3, posting=posting)
    with django_assert_max_num_queries(4):
        page = client.get(f"/careers/{organization.slug}/").content.decode()
    assert page.count('class="card job"') == postings
    with django_assert_max_num_queries(4):
        page = client.get(f"/careers/{organization.slug}/{created[0].slug}/").content.decode()
    assert created[0].title in page
    assert 'name="resume"' in page  # the apply form, with the posting's question
    assert created[0].questions.get().text in page
    with django_assert_max_num_queries(4):
        feed = client.get(f"/careers/{organization.slug}/feed.xml").content.decode()
    assert feed.count("<entry>") == postings


def test_the_cached_careers_page_changes_as_soon_as_a_posting_does(client, organization, recruiter):
    first = PostingFactory.create(organization=organization, title="Backend Lead", status="open")
    assert "Backend Lead" in client.get(f"/careers/{organization.slug}/").content.decode()
    second = PostingFactory.create(
        organization=organization, title="Data Engineer", description="Pipelines."
    )
    recruiter.client.post(f"/postings/{second.pk}/publish/")
    assert "Data Engineer" in client.get(f"/careers/{organization.slug}/").content.decode()
    recruiter.client.post(f"/postings/{first.pk}/close/")
    page = client.get(f"/careers/{organization.slug}/").content.decode()
    assert "Backend Lead" not in page
    assert "Data Engineer" in page


def test_the_careers_page_works_when_the_cache_is_down(client, organization, settings, caplog):
    PostingFactory.create(organization=organization, title="Backend Lead", status="open")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    assert "Backend Lead" in client.get(f"/careers/{organization.slug}/").content.decode()
    assert "cache unavailable" in caplog.text


# --- Hostile text: every field a posting shows, with markup that would run if left raw. -------

HOSTILE = {
    "title": "Lead <script>alert('title')</script>",
    "department": "Eng <img src=x onerror=alert('department')>",
    "location": "Lagos <img src=x onerror=alert('location')>, Nigeria",
    "description": "Join us <script>alert('description')</script> <img src=x onerror=alert(1)>",
    "salary_currency": "<i>",
}
ORG_NAME = "Kolanut <script>alert('org')</script> <img src=x onerror=alert('org')>"
RAW_MARKUP = ("<script>alert(", "<img src=x onerror", "<i>")


@pytest.fixture
def hostile_posting(organization):
    organization.name = ORG_NAME
    organization.save(update_fields=["name"])
    posting = PostingFactory.create(organization=organization, status="open", **HOSTILE)
    QuestionFactory.create(posting=posting, text="Ready? <img src=x onerror=alert('question')>")
    return posting


def _assert_no_raw_markup(html: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in html


def test_the_feed_escapes_every_posting_field_in_its_html_summary(client, hostile_posting):
    body = client.get(f"/careers/{hostile_posting.organization.slug}/feed.xml").content
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring(body)  # noqa: S314 - our own feed, made by the test
    # Text constructs: a reader shows them as text, so the raw characters are right there.
    assert feed.findtext(f"{atom}title") == f"Open positions at {ORG_NAME}"
    (entry,) = feed.findall(f"{atom}entry")
    title = entry.find(f"{atom}title")
    assert title is not None
    assert title.get("type", "text") == "text"
    assert title.text == HOSTILE["title"]
    # The summary is HTML a reader renders: every posting value in it must be escaped.
    summary = entry.find(f"{atom}summary")
    assert summary is not None
    assert summary.get("type") == "html"
    html = summary.text or ""
    _assert_no_raw_markup(html)
    assert "Lagos &lt;img src=x onerror=alert(&#x27;location&#x27;)&gt;, Nigeria" in html
    assert "&lt;i&gt;" in html
    assert "Join us" in html


def test_the_careers_pages_escape_every_posting_field(client, hostile_posting):
    org = hostile_posting.organization.slug
    index = client.get(f"/careers/{org}/").content.decode()
    _assert_no_raw_markup(index)
    assert "Lead &lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in index
    assert "Eng &lt;img src=x onerror=alert(&#x27;department&#x27;)&gt;" in index
    assert "Kolanut &lt;script&gt;" in index
    page = client.get(f"/careers/{org}/{hostile_posting.slug}/").content.decode()
    without_jsonld = re.sub(
        r'<script type="application/ld\+json">.*?</script>', "", page, flags=re.S
    )
    _assert_no_raw_markup(without_jsonld)
    assert "Lagos &lt;img src=x onerror=alert(&#x27;location&#x27;)&gt;, Nigeria" in page
    assert "Ready? &lt;img src=x onerror=alert(&#x27;question&#x27;)&gt;" in page
    applied = client.get(f"/careers/{org}/{hostile_posting.slug}/applied/").content.decode()
    _assert_no_raw_markup(applied)


def test_the_json_ld_keeps_every_field_inside_its_script_element(client, hostile_posting):
    org = hostile_posting.organization.slug
    page = client.get(f"/careers/{org}/{hostile_posting.slug}/").content.decode()
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    for raw in ("<", ">", "</script"):
        assert raw not in block
    data = json.loads(block)
    assert data["title"] == HOSTILE["title"]
    assert data["hiringOrganization"]["name"] == ORG_NAME
    assert data["identifier"]["name"] == ORG_NAME
    assert (
        data["jobLocation"]["address"]["addressLocality"]
        == "Lagos <img src=x onerror=alert('location')>"
    )
    assert data["baseSalary"]["currency"] == "<i>"
    assert "<script" not in data["description"]


# --- Cached public pages hold nothing of one visitor. -----------------------------------------


def test_one_visitors_flash_message_never_reaches_another_visitor(organization, recruiter):
    PostingFactory.create(organization=organization, title="Backend Lead", status="open")
    careers = f"/careers/{organization.slug}/"
    mine = recruiter.client.post(
        "/orgs/switch/", {"organization": organization.slug, "next": careers}, follow=True
    )
    assert "You are now working in Kolanut Pay." in mine.content.decode()
    for _ in range(2):  # the first fills the cache, the second is served from it
        page = Client().get(careers).content.decode()
        assert "Backend Lead" in page
        assert "You are now working in" not in page
    assert "You are now working in" not in recruiter.client.get(careers).content.decode()


def test_a_message_added_while_rendering_keeps_the_page_out_of_the_cache(organization, recruiter):
    PostingFactory.create(organization=organization, title="Backend Lead", status="open")
    careers = f"/careers/{organization.slug}/"
    # A signed-in visitor's page is rendered for them, never stored for the next visitor.
    recruiter.client.get(careers)
    anonymous = Client().get(careers)
    assert "csrfmiddlewaretoken" not in anonymous.content.decode()
    assert "recruiter@kolanut.test" not in anonymous.content.decode()


def _token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


def test_every_visitor_gets_a_working_csrf_token_of_their_own(organization):
    posting = PostingFactory.create(organization=organization, title="Backend Lead", status="open")
    url = f"/careers/{organization.slug}/{posting.slug}/"
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_token = _token(first.get(url).content.decode())
    second_token = _token(second.get(url).content.decode())
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    for n, (visitor, token) in enumerate(((first, first_token), (second, second_token))):
        response = visitor.post(
            url,
            {
                "csrfmiddlewaretoken": token,
                "name": f"Visitor {n}",
                "email": f"visitor{n}@example.org",
                "location": "Lagos, Nigeria",
                "stated_years": "5",
                "consent": "on",
                "resume": upload("cv.pdf", pdf_bytes()),
            },
        )
        assert response.status_code == 302
        assert response["Location"].endswith("/applied/")
    assert posting.applications.count() == 2
