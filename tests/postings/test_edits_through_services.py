"""Posting edits go through the postings services: the editor, suggestions and admin alike write
their event and schedule rescoring inside the change's own transaction."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.db import transaction

from outbox.models import Message
from postings import services
from postings.models import PostingEvent, PostingEventKind, Stage
from screening.models import Rescoring
from screening.services import schedule_rescoring
from tests.factories import (
    ApplicationFactory,
    PostingFactory,
    RequirementFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"headers": {"HX-Request": "true"}}


class Rollback(Exception):
    pass


@pytest.fixture
def posting(organization):
    """An open posting with one requirement and two applications that were never scored."""
    posting = PostingFactory.create(organization=organization, status="open")
    RequirementFactory.create(posting=posting, skills=["Python"], order=0)
    ApplicationFactory.create_batch(2, posting=posting)
    return posting


def batches() -> list[Message]:
    return list(Message.objects.filter(kind="score_batch"))


def new_requirement(posting, skills: str = "Redis") -> dict[str, str]:
    return {
        "requirements-new-kind": "skill",
        "requirements-new-skills": skills,
        "requirements-new-importance": "must",
        "requirements-new-weight": "3",
    }


def test_a_requirement_added_in_the_editor_is_rescored_in_the_same_transaction(
    recruiter, posting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        recruiter.client.post(f"/postings/{posting.pk}/requirements/", new_requirement(posting))
        # Nothing waits for the commit: the run and its messages are rows of the change itself.
        run = Rescoring.objects.get(posting=posting)
        assert (run.total, run.reason) == (2, "requirements changed")
        assert [m.payload["rescoring_id"] for m in batches()] == [run.pk]
    event = PostingEvent.objects.get(posting=posting, kind=PostingEventKind.ITEM_ADDED)
    assert (event.actor, event.data["collection"], event.data["label"]) == (
        recruiter.user,
        "requirements",
        "Redis",
    )


def test_rolling_back_a_requirement_edit_takes_its_rescoring_with_it(recruiter, posting):
    requirement = posting.requirements.get()
    requirement.skills = ["Go"]
    seen = []

    def edit_then_fail() -> None:
        with transaction.atomic():
            services.update_collection_item(requirement, by=recruiter.user)
            seen.append((Rescoring.objects.filter(posting=posting).count(), len(batches())))
            raise Rollback

    with pytest.raises(Rollback):
        edit_then_fail()
    assert seen == [(1, 1)]
    assert not Rescoring.objects.exists()
    assert not batches()
    assert not PostingEvent.objects.filter(kind=PostingEventKind.ITEM_CHANGED).exists()
    requirement.refresh_from_db()
    assert requirement.skills == ["Python"]


def test_editing_and_removing_requirements_in_the_editor_rescore(recruiter, posting):
    requirement = posting.requirements.get()
    recruiter.client.post(
        f"/postings/{posting.pk}/requirements/{requirement.pk}/",
        {
            f"requirements-{requirement.pk}-kind": "skill",
            f"requirements-{requirement.pk}-skills": "Python, Go",
            f"requirements-{requirement.pk}-importance": "must",
            f"requirements-{requirement.pk}-weight": "3",
        },
        **HTMX,
    )
    first = Rescoring.objects.get()
    recruiter.client.post(f"/postings/{posting.pk}/requirements/{requirement.pk}/delete/", **HTMX)
    assert Rescoring.objects.count() == 2
    first.refresh_from_db()
    assert first.superseded
    assert list(
        PostingEvent.objects.filter(posting=posting)
        .order_by("id")
        .values_list("kind", "data__label")[1:]
    ) == [("item_changed", "Python / Go"), ("item_removed", "Python / Go")]


def test_edits_that_ask_nothing_new_schedule_nothing(recruiter, posting):
    schedule_rescoring(posting, reason="first")
    requirement = posting.requirements.get()
    # Its description is the recruiter's wording, not what the scorer reads.
    recruiter.client.post(
        f"/postings/{posting.pk}/requirements/{requirement.pk}/",
        {
            f"requirements-{requirement.pk}-kind": "skill",
            f"requirements-{requirement.pk}-skills": "Python",
            f"requirements-{requirement.pk}-importance": "must",
            f"requirements-{requirement.pk}-weight": "3",
            f"requirements-{requirement.pk}-text": "Python in production",
        },
        **HTMX,
    )
    recruiter.client.post(
        f"/postings/{posting.pk}/questions/",
        {"questions-new-text": "Can you start in May?", "questions-new-kind": "yes_no"},
        **HTMX,
    )
    stage = posting.stages.get(name="Offer")
    recruiter.client.post(f"/postings/{posting.pk}/stages/{stage.pk}/move/", {"direction": "up"})
    assert Rescoring.objects.count() == 1
    requirement.refresh_from_db()
    assert requirement.text == "Python in production"
    assert posting.questions.count() == 1


def test_accepting_a_suggestion_rescores_in_the_same_transaction(
    recruiter, organization, django_capture_on_commit_callbacks
):
    posting = PostingFactory.create(
        organization=organization, status="open", description="Requirements\n- Kubernetes\n"
    )
    ApplicationFactory.create(posting=posting)
    ((key, _suggestion),) = services.pending_suggestions(posting, [])
    with django_capture_on_commit_callbacks(execute=False):
        recruiter.client.post(f"/postings/{posting.pk}/suggestions/{key}/accept/")
        assert Rescoring.objects.filter(posting=posting).count() == 1
    assert PostingEvent.objects.filter(
        posting=posting, kind=PostingEventKind.ITEM_ADDED, actor=recruiter.user
    ).exists()


def test_dropping_a_suggestion_says_who_dropped_what(recruiter, organization):
    posting = PostingFactory.create(organization=organization, description="Requirements\n- Go\n")
    ((key, _suggestion),) = services.pending_suggestions(posting, [])
    recruiter.client.post(f"/postings/{posting.pk}/suggestions/{key}/drop/")
    event = posting.events.get(kind=PostingEventKind.SUGGESTION_DROPPED)
    assert (event.actor, event.data["key"], event.data["label"]) == (recruiter.user, key, "Go")
    assert event.describe() == "Dropped suggestion “Go”"


def _as_posted(form: forms.BaseForm, prefix_data: dict[str, Any]) -> None:
    for bound in form:
        value = bound.value()
        if isinstance(bound.field.widget, forms.CheckboxInput):
            if value:
                prefix_data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            prefix_data[bound.html_name] = [str(v) for v in value]
        else:
            prefix_data[bound.html_name] = "" if value is None else str(value)


def admin_change_data(response: Any) -> dict[str, Any]:
    """An admin change page's form and inlines, as the browser posts them unchanged."""
    data: dict[str, Any] = {}
    _as_posted(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        _as_posted(inline.formset.management_form, data)
        for form in inline.formset.forms:
            _as_posted(form, data)
    return data


def test_an_admin_requirement_edit_is_rescored_in_the_same_transaction(
    staff, posting, django_capture_on_commit_callbacks
):
    url = f"/admin/postings/posting/{posting.pk}/change/"
    data = admin_change_data(staff.client.get(url))
    requirement = posting.requirements.get()
    data["requirements-0-skills"] = "Python,Go"
    data |= {"requirements-1-kind": "years", "requirements-1-min_years": "3"}
    data |= {"requirements-1-importance": "must", "requirements-1-weight": "2"}
    data |= {"requirements-1-order": "1", "requirements-TOTAL_FORMS": "2"}
    with django_capture_on_commit_callbacks(execute=False):
        response = staff.client.post(url, data)
        assert response.status_code == 302, response.context["errors"]
        # Two requirements saved at once: one run, for the requirements as they ended up.
        assert Rescoring.objects.filter(posting=posting).count() == 1
        assert len(batches()) == 1
    requirement.refresh_from_db()
    assert requirement.skills == ["Python", "Go"]
    assert set(posting.events.filter(actor=staff.user).values_list("kind", "data__label")) == {
        ("item_changed", "Python / Go"),
        ("item_added", "3+ years"),
    }


def test_admin_keeps_an_open_posting_from_losing_its_last_stage(staff, organization):
    posting = PostingFactory.create(organization=organization, status="open")
    url = f"/admin/postings/posting/{posting.pk}/change/"
    data = admin_change_data(staff.client.get(url))
    for n in range(posting.stages.count()):
        data[f"stages-{n}-DELETE"] = "on"
    response = staff.client.post(url, data)
    assert response.status_code == 200
    assert "An open posting needs at least one stage." in response.content.decode()
    assert posting.stages.count() == 6


def test_removing_a_stage_is_refused_by_the_database_when_an_application_is_there(
    recruiter, posting
):
    applied = posting.stages.order_by("order").first()
    with pytest.raises(services.PostingError, match="has 2 application"):
        services.remove_collection_item(applied, by=recruiter.user)
    assert Stage.objects.filter(pk=applied.pk).exists()
    assert not posting.events.filter(kind=PostingEventKind.ITEM_REMOVED).exists()
