"""Every form a person can send, fuzzed: never a 500, nothing half-written, and no row of
another organization touched. Each example runs in a savepoint rolled back after it, so the
examples don't pile up rows; files an apply writes are checked and removed per example."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from accounts.branding import from_address
from accounts.models import Organization
from candidates.models import Answer, Application, ApplicationEvent, Note
from postings.models import Posting, Question, Requirement, Stage
from tests.documents import pdf_bytes, upload
from tests.factories import ApplicationFactory, PostingFactory, QuestionFactory, RequirementFactory
from tests.fuzz.strategies import VALUE, form_data

pytestmark = pytest.mark.django_db

HTMX = {"headers": {"HX-Request": "true"}}
OK = {200, 204, 302, 400, 403, 404, 405, 409, 410, 413, 422, 429}


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    # The fuzzer sends hundreds of forms from one address; the limits have their own tests.
    for name in dir(django_settings):  # the fixture's wrapper lists no settings
        if name.endswith("_RATE_LIMIT"):
            setattr(settings, name, "100000/60")


@pytest.fixture
def world(organization, other_organization, recruiter):
    """Our posting with each collection, and another organization's rows to forge ids from."""
    ours = PostingFactory.create(organization=organization, status="open")
    ours.hiring_team.add(recruiter.user)
    QuestionFactory.create(posting=ours, text="Lagos?", kind="yes_no", knockout_answer="no")
    QuestionFactory.create(
        posting=ours, text="Notice?", kind="choice", choices=["Now", "Later"], knockout_answer=""
    )
    RequirementFactory.create(posting=ours)
    theirs = PostingFactory.create(organization=other_organization, status="open")
    QuestionFactory.create(posting=theirs, text="Theirs?", kind="yes_no", knockout_answer="")
    RequirementFactory.create(posting=theirs)
    return {
        "ours": ours,
        "theirs": theirs,
        "our_application": ApplicationFactory.create(posting=ours),
        "their_application": ApplicationFactory.create(posting=theirs),
    }


def _snapshot(organization) -> tuple[Any, ...]:
    """Everything of an organization a fuzzed request could change."""
    postings = Posting.objects.filter(organization=organization)
    return (
        list(postings.values().order_by("pk")),
        list(Requirement.objects.filter(posting__in=postings).values().order_by("pk")),
        list(Question.objects.filter(posting__in=postings).values().order_by("pk")),
        list(Stage.objects.filter(posting__in=postings).values().order_by("pk")),
        list(
            Application.objects.filter(posting__in=postings)
            .values("pk", "stage_id", "status", "version", "position")
            .order_by("pk")
        ),
        Note.objects.filter(application__posting__in=postings).count(),
        ApplicationEvent.objects.filter(application__posting__in=postings).count(),
    )


def _ids(world: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Real ids of ours, forged ids of theirs, and ids that exist nowhere."""
    ours, theirs = world["ours"], world["theirs"]
    pks = [
        *ours.stages.values_list("pk", flat=True),
        *theirs.stages.values_list("pk", flat=True),
        *ours.questions.values_list("pk", flat=True),
        *theirs.questions.values_list("pk", flat=True),
        world["our_application"].pk,
        world["their_application"].pk,
        0,
        -1,
        2**31,
        2**63,
    ]
    return st.sampled_from([str(pk) for pk in pks])


def _files() -> set[str]:
    names: set[str] = set()
    if default_storage.exists("resumes"):
        for folder in default_storage.listdir("resumes")[0]:
            names |= {
                f"resumes/{folder}/{f}" for f in default_storage.listdir(f"resumes/{folder}")[1]
            }
    return names


APPLY_FIELDS = [
    "name",
    "email",
    "phone",
    "location",
    "linkedin",
    "github",
    "portfolio",
    "stated_years",
    "cover_letter",
    "source",
    "website",
    "consent",
]


@given(data=st.data())
def test_the_apply_form_never_fails_and_stores_whole_applications_or_nothing(
    client, world, other_organization, data
):
    ours = world["ours"]
    questions = [f"q_{pk}" for pk in ours.questions.values_list("pk", flat=True)]
    forged = [f"q_{pk}" for pk in world["theirs"].questions.values_list("pk", flat=True)]
    form = data.draw(form_data([*APPLY_FIELDS, *questions, *forged]))
    # Half the time a form that would pass, so the fuzzing reaches the service too.
    if data.draw(st.booleans()):
        form = {
            "name": "Ada",
            "email": "ada@example.com",
            "location": "Lagos",
            "stated_years": "3",
            "consent": "on",
            questions[0]: "yes",
            **{k: v for k, v in form.items() if k not in ("email", "consent")},
        }
    if data.draw(st.booleans()):
        form["resume"] = upload("cv.pdf", pdf_bytes())
    source = data.draw(VALUE)
    before_files, theirs = _files(), _snapshot(other_organization)
    with rolled_back():
        before = set(Application.objects.values_list("pk", flat=True))
        response = (
            client.post(f"/careers/{ours.organization.slug}/{ours.slug}/", form, QUERY_STRING="")
            if not source
            else client.post(
                f"/careers/{ours.organization.slug}/{ours.slug}/?source={source[:200]}", form
            )
        )
        assert response.status_code in OK, response.status_code
        created = Application.objects.exclude(pk__in=before)
        for application in created:
            assert response.status_code == 302
            assert ApplicationEvent.objects.filter(application=application).exists()
            assert Answer.objects.filter(application=application).count() >= 1
            assert "\x00" not in application.source
        new_files = _files() - before_files
        assert new_files == {a.resume.name for a in created}
        assert _snapshot(other_organization) == theirs
    for name in new_files:
        default_storage.delete(name)


POSTING_FIELDS = [
    "title",
    "slug",
    "department",
    "location",
    "workplace",
    "employment_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "valid_through",
    "description",
    "hiring_team",
]
COLLECTION_FIELDS = {
    "requirements": ["kind", "skills", "min_years", "importance", "weight", "text"],
    "questions": ["text", "kind", "choices", "required", "knockout_answer"],
    "stages": ["name"],
}


@given(data=st.data())
def test_the_posting_editor_and_its_collections_never_fail_or_reach_another_organization(
    recruiter, world, other_organization, data
):
    ours = world["ours"]
    theirs = _snapshot(other_organization)
    target = data.draw(st.sampled_from([ours.pk, world["theirs"].pk, 0]))
    with rolled_back():
        kind = data.draw(st.sampled_from(["edit", "add", "item", "move", "delete"]))
        collection = data.draw(st.sampled_from(list(COLLECTION_FIELDS)))
        if kind == "edit":
            url = f"/postings/{target}/edit/"
            form = data.draw(form_data(POSTING_FIELDS))
        else:
            item = data.draw(_ids(world))
            prefix = f"{collection}-new" if kind == "add" else f"{collection}-{item}"
            fields = [f"{prefix}-{name}" for name in COLLECTION_FIELDS[collection]]
            form = data.draw(form_data([*fields, "direction"]))
            url = {
                "add": f"/postings/{target}/{collection}/",
                "item": f"/postings/{target}/{collection}/{item}/",
                "move": f"/postings/{target}/{collection}/{item}/move/",
                "delete": f"/postings/{target}/{collection}/{item}/delete/",
            }[kind]
        if int(target) == 0:
            url = url.replace("/0/", f"/{ours.pk}/")
        headers = HTMX if data.draw(st.booleans()) else {}
        response = recruiter.client.post(url, form, **headers)
        assert response.status_code in OK, response.status_code
        assert _snapshot(other_organization) == theirs
    preview = recruiter.client.post("/postings/preview/", {"description": data.draw(VALUE)}, **HTMX)
    assert preview.status_code == 200


@given(data=st.data())
def test_notes_moves_and_bulk_actions_never_fail_or_reach_another_organization(
    recruiter, world, other_organization, data
):
    ours, mine = world["ours"], world["our_application"]
    theirs = _snapshot(other_organization)
    with rolled_back():
        target = data.draw(st.sampled_from([mine.pk, world["their_application"].pk]))
        kind = data.draw(st.sampled_from(["note", "note", "move", "bulk", "mentions"]))
        ids = _ids(world)
        if kind == "note":
            response = recruiter.client.post(
                f"/applications/{target}/notes/", data.draw(form_data(["body"])), **HTMX
            )
        elif kind == "mentions":
            response = recruiter.client.get(
                f"/applications/{target}/mentions/", {"q": data.draw(VALUE)}, **HTMX
            )
        elif kind == "move":
            form = data.draw(
                form_data(
                    ["stage", "version", "position", "source", "tag", "q", "sort"],
                    {"stage": ids, "version": st.just(str(mine.version))},
                )
            )
            response = recruiter.client.post(f"/applications/{target}/move/", form, **HTMX)
        else:
            form = data.draw(
                form_data(
                    ["action", "applications", "stage", "reason", "tag_name", "send_email"],
                    {
                        "action": st.sampled_from(["move", "reject", "tag", "send"]),
                        "applications": ids,
                        "stage": ids,
                    },
                )
            )
            response = recruiter.client.post(f"/postings/{ours.pk}/applications/bulk/", form)
        assert response.status_code in OK, response.status_code
        assert _snapshot(other_organization) == theirs


@given(form=form_data(["username", "password", "next"]))
def test_the_login_form_never_fails(client, world, form):
    with rolled_back():
        response = client.post("/accounts/login/", form)
        assert response.status_code in OK, response.status_code


@given(
    form=form_data(["sender_name", "reply_to", "remove_logo"]),
    logo=st.one_of(st.none(), st.binary(max_size=200), st.sampled_from([pdf_bytes("Logo")])),
)
def test_the_email_settings_never_fail_and_keep_headers_on_one_line(
    org_admin, organization, form, logo
):
    data = dict(form)
    if logo is not None:
        data["logo"] = SimpleUploadedFile("logo.png", logo, content_type="image/png")
    with rolled_back():
        response = org_admin.client.post(f"/orgs/{organization.slug}/email/", data)
        assert response.status_code in OK, response.status_code
        saved = Organization.objects.get(pk=organization.pk)
        assert "\n" not in from_address(saved)
        assert "\r" not in from_address(saved)
        assert "\n" not in saved.email_reply_to
