from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from postings.models import Posting, Requirement
from postings.services import suggestion_key
from tests.factories import PostingFactory, RequirementFactory

pytestmark = pytest.mark.django_db

HTMX = {"headers": {"HX-Request": "true"}}
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

INLINE = """We build payment rails for West African merchants.

Requirements
- 3+ years with Python
- Django or Flask
- PostgreSQL

Nice to have
- Kubernetes
"""
STALE = "That suggestion no longer matches the description; it was not added."


def seed_000() -> str:
    if not SEEDS.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the seed postings are missing from {SEEDS}")
        pytest.skip(f"the seed postings are not at {SEEDS}")
    (path,) = SEEDS.glob("000_*.txt")
    return path.read_text(encoding="utf-8")


def details(posting: Posting, description: str) -> dict[str, str]:
    """The editor's main form as the browser posts it, with a new description."""
    return {
        "title": posting.title,
        "slug": posting.slug,
        "department": posting.department,
        "location": posting.location,
        "workplace": posting.workplace,
        "employment_type": posting.employment_type,
        "salary_min": str(posting.salary_min),
        "salary_max": str(posting.salary_max),
        "salary_currency": posting.salary_currency,
        "salary_period": posting.salary_period,
        "valid_through": "",
        "description": description,
    }


def key(kind: str, skills: list[str], min_years: int | None = None) -> str:
    return suggestion_key(kind, skills, min_years)


def keys_on(page: str) -> list[str]:
    return re.findall(r'id="suggestion-([0-9a-f]{12})"', page)


def editor(client, posting: Posting) -> str:
    return client.get(f"/postings/{posting.pk}/edit/").content.decode()


@pytest.fixture
def posting(organization) -> Posting:
    return PostingFactory.create(organization=organization, description=INLINE)


def test_saving_the_seed_000_description_shows_its_suggestions_and_adds_nothing(
    recruiter, organization
):
    posting = PostingFactory.create(organization=organization, description="")
    assert "Suggested from the description" not in editor(recruiter.client, posting)

    saved = recruiter.client.post(f"/postings/{posting.pk}/edit/", details(posting, seed_000()))
    assert saved["Location"] == f"/postings/{posting.pk}/edit/#suggestions"
    page = editor(recruiter.client, posting)
    # Nine skills, years and leadership, and four requirements the scorer leaves to a person.
    assert "Suggested from the description: 13" in page
    assert "FastAPI / Django / Flask" in page
    assert "Background jobs / Celery / Dramatiq / RQ" in page
    assert "<strong>5+ years</strong>" in page
    assert "<strong>Leadership</strong>" in page
    assert "Proven production ownership" in page
    assert len(keys_on(page)) == 13
    assert not Requirement.objects.exists()


def test_saving_an_inline_description_shows_its_suggestions_and_adds_nothing(
    recruiter, organization
):
    posting = PostingFactory.create(organization=organization, description="")
    recruiter.client.post(f"/postings/{posting.pk}/edit/", details(posting, INLINE))
    page = editor(recruiter.client, posting)
    assert "Suggested from the description: 5" in page
    assert set(keys_on(page)) == {
        key("years", [], 3),
        key("skill", ["Python"]),
        key("skill", ["Django", "Flask"]),
        key("skill", ["PostgreSQL"]),
        key("skill", ["Kubernetes"]),
    }
    assert not Requirement.objects.exists()


def test_saving_other_details_keeps_the_recruiter_at_the_top(recruiter, posting):
    saved = recruiter.client.post(
        f"/postings/{posting.pk}/edit/", details(posting, INLINE) | {"title": "Staff engineer"}
    )
    assert saved["Location"] == f"/postings/{posting.pk}/edit/"


def test_accepting_the_seed_000_redis_suggestion_adds_exactly_that_requirement(
    recruiter, organization
):
    posting = PostingFactory.create(organization=organization, description=seed_000())
    RequirementFactory.create(posting=posting, skills=["Go"], order=4)
    redis = key("skill", ["Redis"])
    response = recruiter.client.post(f"/postings/{posting.pk}/suggestions/{redis}/accept/")
    assert response["Location"] == f"/postings/{posting.pk}/edit/#requirements"
    added = posting.requirements.exclude(skills=["Go"]).get()
    assert (
        added.kind,
        added.skills,
        added.min_years,
        added.importance,
        added.weight,
        added.text,
        added.order,
    ) == ("skill", ["Redis"], None, "must", 3, "Redis (queues & caching)", 5)
    page = editor(recruiter.client, posting)
    assert "Suggested from the description: 12" in page
    assert redis not in keys_on(page)


def test_accepting_over_htmx_answers_with_the_section_and_the_shorter_panel(recruiter, posting):
    years = key("years", [], 3)
    response = recruiter.client.post(f"/postings/{posting.pk}/suggestions/{years}/accept/", **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section class="collection card" id="requirements"')
    assert "<html" not in body
    requirement = posting.requirements.get()
    assert (requirement.kind, requirement.min_years, requirement.skills) == ("years", 3, [])
    assert f'id="requirements-{requirement.pk}"' in body
    assert "Suggested from the description: 4" in body
    assert years not in keys_on(body)


def test_a_requirement_already_on_the_posting_is_not_suggested_again(recruiter, posting):
    # Same ask in another order and case: Flask or Django.
    RequirementFactory.create(posting=posting, skills=["flask", "DJANGO"], importance="nice")
    page = editor(recruiter.client, posting)
    assert "Suggested from the description: 4" in page
    assert key("skill", ["Django", "Flask"]) not in keys_on(page)


def test_editing_a_suggestion_then_saving_adds_the_edited_requirement(recruiter, posting):
    frameworks = key("skill", ["Django", "Flask"])
    url = f"/postings/{posting.pk}/suggestions/{frameworks}/"
    form = recruiter.client.get(url, **HTMX).content.decode()
    assert f'name="suggestion-{frameworks}-skills"' in form
    assert 'value="Django, Flask"' in form
    assert not Requirement.objects.exists()

    response = recruiter.client.post(
        url,
        {
            f"suggestion-{frameworks}-kind": "skill",
            f"suggestion-{frameworks}-skills": "Django, Flask, FastAPI",
            f"suggestion-{frameworks}-importance": "nice",
            f"suggestion-{frameworks}-weight": "2",
            f"suggestion-{frameworks}-text": "A Python web framework",
        },
        **HTMX,
    )
    added = posting.requirements.get()
    assert (added.kind, added.skills, added.importance, added.weight, added.text) == (
        "skill",
        ["Django", "Flask", "FastAPI"],
        "nice",
        2,
        "A Python web framework",
    )
    body = response.content.decode()
    assert "A Python web framework" in body
    # The original isn't offered again next to the edited one, now or after a reload.
    assert frameworks not in keys_on(body)
    assert frameworks not in keys_on(editor(recruiter.client, posting))
    assert "Suggested from the description: 4" in body


def test_without_javascript_editing_a_suggestion_opens_its_form_on_the_page(recruiter, posting):
    postgres = key("skill", ["PostgreSQL"])
    opened = recruiter.client.get(f"/postings/{posting.pk}/suggestions/{postgres}/")
    assert opened["Location"] == (
        f"/postings/{posting.pk}/edit/?edit_suggestion={postgres}#suggestion-{postgres}"
    )
    page = recruiter.client.get(opened["Location"]).content.decode()
    assert f'name="suggestion-{postgres}-skills"' in page
    assert 'value="PostgreSQL"' in page

    refused = recruiter.client.post(
        f"/postings/{posting.pk}/suggestions/{postgres}/",
        {
            f"suggestion-{postgres}-kind": "skill",
            f"suggestion-{postgres}-skills": "",
            f"suggestion-{postgres}-importance": "must",
            f"suggestion-{postgres}-weight": "3",
            f"suggestion-{postgres}-text": "",
        },
    )
    assert "<html" in refused.content.decode()
    assert "Name at least one skill." in refused.content.decode()
    assert not Requirement.objects.exists()

    saved = recruiter.client.post(
        f"/postings/{posting.pk}/suggestions/{postgres}/",
        {
            f"suggestion-{postgres}-kind": "skill",
            f"suggestion-{postgres}-skills": "PostgreSQL, MySQL",
            f"suggestion-{postgres}-importance": "must",
            f"suggestion-{postgres}-weight": "4",
            f"suggestion-{postgres}-text": "",
        },
    )
    assert saved["Location"] == f"/postings/{posting.pk}/edit/#requirements"
    assert posting.requirements.get().skills == ["PostgreSQL", "MySQL"]


def test_dropping_a_suggestion_hides_it_across_reloads(recruiter, posting):
    kubernetes = key("skill", ["Kubernetes"])
    dropped = recruiter.client.post(
        f"/postings/{posting.pk}/suggestions/{kubernetes}/drop/", **HTMX
    )
    body = dropped.content.decode()
    assert body.lstrip().startswith('<section class="collection card" id="requirements"')
    assert "Suggested from the description: 4" in body
    assert kubernetes not in keys_on(body)
    for _reload in range(2):
        page = editor(recruiter.client, posting)
        assert kubernetes not in keys_on(page)
        assert "Suggested from the description: 4" in page
    posting.refresh_from_db()
    assert posting.dropped_suggestions == [kubernetes]
    assert not Requirement.objects.exists()

    # Without JavaScript the drop redirects back to the section.
    python = key("skill", ["Python"])
    plain = recruiter.client.post(f"/postings/{posting.pk}/suggestions/{python}/drop/")
    assert plain["Location"] == f"/postings/{posting.pk}/edit/#requirements"
    assert "Suggested from the description: 3" in editor(recruiter.client, posting)


@pytest.mark.parametrize(
    "forged",
    [
        "deadbeef0000",  # no suggestion has this key
        key("skill", ["COBOL"]),  # a well-formed ask the description doesn't make
    ],
)
def test_a_forged_key_is_refused_with_a_message_and_adds_nothing(recruiter, posting, forged):
    response = recruiter.client.post(f"/postings/{posting.pk}/suggestions/{forged}/accept/", **HTMX)
    assert response.status_code == 200
    assert STALE in response.content.decode()
    plain = recruiter.client.post(
        f"/postings/{posting.pk}/suggestions/{forged}/accept/", follow=True
    )
    assert STALE in plain.content.decode()
    edit = recruiter.client.post(
        f"/postings/{posting.pk}/suggestions/{forged}/",
        {f"suggestion-{forged}-kind": "skill", f"suggestion-{forged}-skills": "COBOL"},
        **HTMX,
    )
    assert STALE in edit.content.decode()
    assert not Requirement.objects.exists()


def test_a_suggestion_gone_from_the_changed_description_is_refused(recruiter, posting):
    kubernetes = key("skill", ["Kubernetes"])
    Posting.objects.filter(pk=posting.pk).update(description="Requirements\n- Go\n")
    response = recruiter.client.post(
        f"/postings/{posting.pk}/suggestions/{kubernetes}/accept/", follow=True
    )
    assert STALE in response.content.decode()
    assert not Requirement.objects.exists()


def test_accepting_twice_adds_one_requirement(recruiter, posting):
    python = key("skill", ["Python"])
    recruiter.client.post(f"/postings/{posting.pk}/suggestions/{python}/accept/", **HTMX)
    again = recruiter.client.post(f"/postings/{posting.pk}/suggestions/{python}/accept/", **HTMX)
    assert STALE in again.content.decode()
    assert posting.requirements.count() == 1


def test_only_those_who_may_edit_the_posting_accept_edit_or_drop(
    recruiter, hiring_manager, interviewer, outsider, posting
):
    # The hiring manager isn't on this posting's team; the interviewer is, but can't edit.
    posting.hiring_team.add(interviewer.user)
    python = key("skill", ["Python"])
    base = f"/postings/{posting.pk}/suggestions/{python}"
    for persona, status in ((hiring_manager, 403), (interviewer, 403), (outsider, 404)):
        assert persona.client.post(f"{base}/accept/", **HTMX).status_code == status
        assert persona.client.post(f"{base}/drop/").status_code == status
        assert persona.client.get(f"{base}/", **HTMX).status_code == status
        edited = persona.client.post(
            f"{base}/",
            {
                f"suggestion-{python}-kind": "skill",
                f"suggestion-{python}-skills": "Python",
                f"suggestion-{python}-importance": "must",
                f"suggestion-{python}-weight": "3",
            },
        )
        assert edited.status_code == status
    assert not Requirement.objects.exists()
    posting.refresh_from_db()
    assert posting.dropped_suggestions == []
    assert recruiter.client.post(f"{base}/accept/").status_code == 302
    assert posting.requirements.count() == 1


def test_the_editor_with_suggestions_keeps_a_constant_number_of_queries(recruiter, organization):
    posting = PostingFactory.create(organization=organization, description=INLINE)
    for n in range(3):
        RequirementFactory.create(posting=posting, skills=[f"Skill {n}"], order=n)
    with CaptureQueriesContext(connection) as small:
        page = editor(recruiter.client, posting)
    assert "Suggested from the description: 5" in page
    for n in range(3, 30):
        RequirementFactory.create(posting=posting, skills=[f"Skill {n}"], order=n)
    with CaptureQueriesContext(connection) as large:
        page = editor(recruiter.client, posting)
    assert "Suggested from the description: 5" in page
    assert len(large.captured_queries) == len(small.captured_queries)


def test_a_description_with_no_requirements_in_it_says_so(recruiter, organization):
    posting = PostingFactory.create(
        organization=organization, description="We are a friendly team in Lagos. Apply today!"
    )
    page = editor(recruiter.client, posting)
    assert "We found no requirements in the description: add them below." in page
    assert "Nothing more to suggest" not in page


def test_once_every_suggestion_is_settled_the_editor_does_not_claim_none_were_found(
    recruiter, organization
):
    posting = PostingFactory.create(
        organization=organization, description="Requirements\n- Kafka\n"
    )
    RequirementFactory.create(posting=posting, skills=["Kafka"], order=0)
    page = editor(recruiter.client, posting)
    assert "Nothing more to suggest from the description." in page
    assert "We found no requirements" not in page


def test_requirements_of_kind_other_are_told_apart_by_their_words():
    authorised = suggestion_key("other", [], None, "Legally able to work in the United States")
    hours = suggestion_key("other", [], None, "Able to work 9am - 3pm Pacific")
    assert authorised != hours
    assert authorised == suggestion_key(
        "other", [], None, "legally able to work in the  United States"
    )
    # A skill requirement's key does not depend on its quoted text.
    assert suggestion_key("skill", ["Kafka"], None, "Kafka") == suggestion_key(
        "skill", ["kafka"], None
    )
