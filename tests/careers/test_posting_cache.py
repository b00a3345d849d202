"""The posting page is cached whole: every change shows at once, nothing of a visitor is kept."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
import redis
from django.contrib.postgres.fields import ArrayField
from django.core.cache import cache
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Organization
from careers.views import recent_stamps
from config.cache import CSRF_SLOT
from config.public_pages import recent_pages
from postings.models import Posting, Question
from tests.documents import pdf_bytes, upload
from tests.factories import PostingFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"headers": {"HX-Request": "true"}}
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _url(posting: Posting) -> str:
    return f"/careers/{posting.organization.slug}/{posting.slug}/"


def _token(html: str) -> str:
    match = TOKEN.search(html)
    assert match, "no CSRF token in the form"
    return match.group(1)


def _without_token(html: str) -> str:
    assert len(TOKEN.findall(html)) == 1
    return TOKEN.sub('name="csrfmiddlewaretoken" value=""', html)


def _apply(client: Client, posting: Posting, token: str, n: int = 0) -> Any:
    answers = {
        f"q_{question.pk}": question.allowed_answers()[0] for question in posting.questions.all()
    }
    return client.post(
        _url(posting),
        {
            **answers,
            "csrfmiddlewaretoken": token,
            "name": f"Visitor {n}",
            "email": f"visitor{n}@example.org",
            "location": "Lagos, Nigeria",
            "stated_years": "5",
            "consent": "on",
            "resume": upload("cv.pdf", pdf_bytes()),
        },
    )


@pytest.fixture
def posting(organization):
    posting = PostingFactory.create(
        organization=organization, status="open", valid_through=date(2027, 3, 31)
    )
    QuestionFactory.create(
        posting=posting,
        text="Notice period?",
        kind="choice",
        order=0,
        choices=["Immediately", "1 month"],
        knockout_answer="",
    )
    QuestionFactory.create(posting=posting, text="Can you relocate?", order=5)
    return posting


# --- Cost ------------------------------------------------------------------------------------


@pytest.mark.parametrize("questions", [0, 20])
def test_a_cached_posting_page_costs_one_query(organization, questions, django_assert_num_queries):
    posting = PostingFactory.create(organization=organization, status="open")
    for n in range(questions):
        QuestionFactory.create(posting=posting, text=f"Question number {n}?", order=n)
    url = _url(posting)
    with CaptureQueriesContext(connection) as miss:
        first = Client().get(url)
    assert len(miss.captured_queries) <= 3  # the stamp, the posting and its questions
    with django_assert_num_queries(1):
        page = Client().get(url).content.decode()
    assert _without_token(page) == _without_token(first.content.decode())
    assert posting.title in page
    assert page.count("Question number") == questions


# --- CSRF: each visitor their own token, and it works --------------------------------------------


def test_a_first_time_visitor_applies_with_the_token_from_a_cached_page(posting):
    url = _url(posting)
    Client().get(url)  # fills the cache
    visitor, other = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    with CaptureQueriesContext(connection) as served:
        response = visitor.get(url)
    assert len(served.captured_queries) == 1  # from the cache
    token = _token(response.content.decode())
    assert CSRF_SLOT not in response.content.decode()
    assert response.cookies["csrftoken"].value  # the cookie the token belongs to
    assert "Cookie" in response["Vary"]
    other_token = _token(other.get(_url(posting)).content.decode())
    assert other_token != token
    assert other.cookies["csrftoken"].value != visitor.cookies["csrftoken"].value
    assert _apply(visitor, posting, token)["Location"].endswith("/applied/")
    assert _apply(other, posting, other_token, n=1)["Location"].endswith("/applied/")
    assert posting.applications.count() == 2


def test_a_token_from_someone_elses_page_is_refused(posting):
    visitor, other = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    other.get(_url(posting))
    token = _token(visitor.get(_url(posting)).content.decode())
    assert _apply(other, posting, token + "x").status_code == 403
    assert not posting.applications.exists()


def test_a_cached_page_answers_with_the_headers_of_a_rendered_one(posting):
    rendered = Client().get(_url(posting), headers={"accept-language": "en"})
    cached = Client().get(_url(posting), headers={"accept-language": "en"})
    for header in ("Content-Type", "Content-Language", "Vary", "Content-Security-Policy"):
        assert cached[header] == rendered[header]
    assert "Accept-Language" in cached["Vary"]
    assert "no-store" not in cached.get("Cache-Control", "")


def test_a_form_sent_back_with_mistakes_is_the_candidates_own(posting):
    visitor = Client()
    visitor.get(_url(posting))
    response = visitor.post(_url(posting), {"name": "Ada Okafor", "email": "not-an-email"})
    html = response.content.decode()
    assert "Please check these before sending again" in html
    assert 'value="Ada Okafor"' in html
    assert _token(html)
    fresh = Client().get(_url(posting)).content.decode()
    assert "Ada Okafor" not in fresh
    assert "Please check these before sending again" not in fresh


# --- Nothing of one visitor reaches another ------------------------------------------------------


def test_a_flash_message_is_shown_to_its_visitor_and_never_cached(posting, recruiter):
    url = _url(posting)
    Client().get(url)  # a cached page exists
    mine = recruiter.client.post(
        "/orgs/switch/", {"organization": posting.organization.slug, "next": url}, follow=True
    )
    assert "You are now working in Kolanut Pay." in mine.content.decode()
    for _ in range(2):
        page = Client().get(url).content.decode()
        assert "You are now working in" not in page
        assert posting.title in page
    assert "You are now working in" not in recruiter.client.get(url).content.decode()


def test_a_signed_in_visitor_is_served_the_cached_page_and_never_fills_it(posting, recruiter):
    url = _url(posting)
    page = recruiter.client.get(url)  # nothing cached yet: rendered for them, not stored
    assert "no-store" in page["Cache-Control"]
    assert recruiter.user.email not in page.content.decode()
    with CaptureQueriesContext(connection) as rendered:
        Client().get(url)
    assert len(rendered.captured_queries) == 3  # the recruiter's render was not kept
    with CaptureQueriesContext(connection) as served:
        mine = recruiter.client.get(url)
    html = mine.content.decode()
    assert recruiter.user.email not in html
    assert _apply(recruiter.client, posting, _token(html))["Location"].endswith("/applied/")
    # Their session and user are read (the session policy); the page itself came cached.
    assert not any("postings_question" in q["sql"] for q in served.captured_queries)
    assert "no-store" in mine["Cache-Control"]


# --- Every change shows on the next visit -----------------------------------------------------


def test_a_closed_posting_is_never_served_from_the_cache(posting, recruiter):
    Client().get(_url(posting))
    recruiter.client.post(f"/postings/{posting.pk}/close/")
    response = Client().get(_url(posting))
    assert response.status_code == 410
    assert "<form" not in response.content.decode()
    recruiter.client.post(f"/postings/{posting.pk}/reopen/")
    assert "<form" in Client().get(_url(posting)).content.decode()


def test_an_unpublished_posting_disappears_at_once(posting):
    Client().get(_url(posting))
    Posting.objects.filter(pk=posting.pk).update(status="draft")
    assert Client().get(_url(posting)).status_code == 404


def test_edits_in_the_editor_show_on_the_next_visit(posting, recruiter):
    Client().get(_url(posting))
    first, second = posting.questions.all()
    editor = recruiter.client
    editor.post(
        f"/postings/{posting.pk}/questions/",
        {"questions-new-text": "Do you have a work permit?", "questions-new-kind": "yes_no"},
        **HTMX,
    )
    assert "Do you have a work permit?" in Client().get(_url(posting)).content.decode()
    editor.post(f"/postings/{posting.pk}/questions/{second.pk}/move/", {"direction": "up"}, **HTMX)
    page = Client().get(_url(posting)).content.decode()
    assert page.index("Can you relocate?") < page.index("Notice period?")
    editor.post(f"/postings/{posting.pk}/questions/{first.pk}/delete/", **HTMX)
    assert "Notice period?" not in Client().get(_url(posting)).content.decode()


# The walk: every column of the posting, its organization and its questions is changed in turn
# with a bare UPDATE (no updated_at bumped, no service called), and the next visit must get the
# page a fresh render gives. A field added later is walked too; one the walk can't change fails.
IDENTITY = {"id", "slug", "organization", "posting", "status"}
# Fields the page shows, so changing them must change the page (the walk would otherwise pass
# vacuously for a field whose change the test failed to make visible).
SHOWN = {
    Posting: {
        "title",
        "department",
        "location",
        "workplace",
        "employment_type",
        "salary_min",
        "salary_max",
        "salary_currency",
        "salary_period",
        "description",
        "valid_through",
        "opened_at",
    },
    # The logo's digest is its URL (the bytes are OrganizationLogo's, served apart): a new logo
    # is a new digest, so a change of logo shows as soon as this row changes.
    Organization: {"name", "retention_months", "website", "email_logo_digest"},
    Question: {"text", "kind", "choices", "required"},
}
SPECIAL = {
    "timezone": "Europe/Berlin",
    "default_currency": "EUR",
    "salary_currency": "EUR",
    "website": "https://kolanut.test/",
    "email_logo_digest": "0123abcd",
}


def _changed(field: models.Field, current: Any) -> Any:
    if field.name in SPECIAL:
        return SPECIAL[field.name]
    if field.choices:
        return next(value for value, _label in field.choices if value != current)
    if isinstance(field, ArrayField | models.JSONField):
        return [*(current or []), "Another"]
    if isinstance(field, models.BooleanField):
        return not current
    if isinstance(field, models.IntegerField):
        return (current or 0) + 1
    if isinstance(field, models.DateTimeField):
        return (current or timezone.now()) + timedelta(days=1)
    if isinstance(field, models.DateField):
        return (current or date(2027, 1, 1)) + timedelta(days=1)
    if isinstance(field, models.CharField | models.TextField):
        return f"{current} changed"[: field.max_length] if field.max_length else f"{current} more"
    if isinstance(field, models.ForeignKey) and field.related_model is not None:
        return UserFactory.create().pk
    raise AssertionError(f"the walk doesn't know how to change {field.model.__name__}.{field.name}")


def _visit(posting: Posting) -> str:
    return _without_token(Client().get(_url(posting)).content.decode())


def _rendered_afresh(posting: Posting) -> str:
    cache.clear()
    recent_pages.clear()
    return _visit(posting)


@pytest.mark.parametrize("model", [Posting, Organization, Question])
def test_every_change_to_what_the_page_reads_shows_on_the_next_visit(posting, model):
    row = {
        Posting: posting,
        Organization: posting.organization,
        Question: posting.questions.get(kind="choice"),
    }[model]
    shown = SHOWN[model]
    walked = set()
    for field in model._meta.concrete_fields:
        if field.name in IDENTITY or field.primary_key:
            continue
        before = _visit(posting)  # cached from here on
        current = getattr(row, field.attname)
        model.objects.filter(pk=row.pk).update(**{field.attname: _changed(field, current)})
        after = _visit(posting)
        name = f"{model.__name__}.{field.name}"
        assert after == _rendered_afresh(posting), f"{name} kept a stale page"
        if field.name in shown:
            assert after != before, f"{name} changed nothing on the page"
        model.objects.filter(pk=row.pk).update(**{field.attname: current})
        assert _visit(posting) == _rendered_afresh(posting)
        walked.add(field.name)
    assert shown <= walked


def test_a_new_question_shows_on_the_next_visit(posting):
    Client().get(_url(posting))
    QuestionFactory.create(posting=posting, text="Do you have a work permit?", order=9)
    assert "Do you have a work permit?" in Client().get(_url(posting)).content.decode()


def test_the_language_and_the_address_are_part_of_the_key(posting, settings):
    settings.ALLOWED_HOSTS = ["testserver", "jobs.example.org"]
    english = Client().get(_url(posting), headers={"accept-language": "en"})
    assert english["Content-Language"] == "en"
    other = Client().get(_url(posting), HTTP_HOST="jobs.example.org")
    assert "http://jobs.example.org/careers/" in other.content.decode()
    assert "http://testserver/careers/" not in other.content.decode()


def test_the_source_in_the_link_is_kept_per_source(posting):
    linkedin = Client().get(_url(posting) + "?source=linkedin").content.decode()
    assert "?source=linkedin#error-summary" in linkedin
    plain = Client().get(_url(posting)).content.decode()
    assert "?source=" not in plain
    assert 'name="source"' in plain  # asked on the form when the link didn't say


def test_the_cache_holds_the_page_with_an_empty_slot_never_a_token(posting, settings):
    visitor = Client()
    token = _token(visitor.get(_url(posting)).content.decode())
    server = redis.Redis.from_url(settings.REDIS_URL, decode_responses=True)
    (key,) = server.keys("*:posting:*")
    stored = cache.get(str(key).split(":", 2)[2]).decode()
    assert CSRF_SLOT in stored
    assert token not in stored
    assert posting.title in stored


def test_the_posting_page_works_when_the_cache_is_down(posting, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(_url(posting)).content.decode()
    assert posting.title in page
    assert "cache unavailable" in caplog.text
    assert _apply(visitor, posting, _token(page))["Location"].endswith("/applied/")


# --- Visitors without a session: the stamp read at most once per POSTING_PAGE_RECHECK_MS -----


@pytest.fixture
def recheck_every_second(settings, monkeypatch):
    settings.POSTING_PAGE_RECHECK_MS = 1000
    now = [1000.0]
    monkeypatch.setattr(recent_stamps, "clock", lambda: now[0])
    return now


def test_within_the_recheck_a_visit_costs_no_query_and_an_edit_shows_after_it(
    posting, recruiter, recheck_every_second
):
    now = recheck_every_second
    url = _url(posting)
    Client().get(url)
    with CaptureQueriesContext(connection) as served:
        assert posting.title in Client().get(url).content.decode()
    assert served.captured_queries == []
    Posting.objects.filter(pk=posting.pk).update(title="Staff Payments Engineer")
    assert posting.title in Client().get(url).content.decode()  # within the second
    # The recruiter checking their edit is signed in: the whole stack, the stamp read afresh.
    assert "Staff Payments Engineer" in recruiter.client.get(url).content.decode()
    now[0] += 1.01
    assert "Staff Payments Engineer" in Client().get(url).content.decode()


def test_an_application_to_a_posting_closed_within_the_recheck_is_refused(
    posting, recruiter, recheck_every_second
):
    visitor = Client(enforce_csrf_checks=True)
    token = _token(visitor.get(_url(posting)).content.decode())
    recruiter.client.post(f"/postings/{posting.pk}/close/")
    assert Posting.objects.get(pk=posting.pk).status == "closed"
    assert "<form" in visitor.get(_url(posting)).content.decode()  # the page, a second late
    response = _apply(visitor, posting, token)
    assert response.status_code == 410
    assert not posting.applications.exists()
    recheck_every_second[0] += 1.01
    assert Client().get(_url(posting)).status_code == 410
