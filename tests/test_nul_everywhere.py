"""A NUL can reach PostgreSQL from any text a person sends, and PostgreSQL refuses it in text
and JSON columns with an error that was a 500. Every form field refuses it (or drops it), and
every endpoint that reads text outside a form answers with a clear message instead.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from candidates.models import Application, Note
from config.validators import has_nul
from outbox.models import Message
from postings.models import EmailTemplate
from tests.documents import pdf_bytes, upload
from tests.factories import ApplicationFactory, PostingFactory, QuestionFactory

HTMX = {"headers": {"HX-Request": "true"}}
NUL = "Dja\x00ngo"
FORM_MODULES = (
    "accounts.forms",
    "candidates.forms",
    "candidates.filters",
    "candidates.admin",
    "careers.forms",
    "postings.forms",
    "postings.admin",
)


def _our_forms() -> Iterator[type[forms.BaseForm]]:
    for name in FORM_MODULES:
        importlib.import_module(name)
    seen: set[type] = set()
    todo: list[type[forms.BaseForm]] = [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
                if sub.__module__.split(".")[0] in {m.split(".")[0] for m in FORM_MODULES}:
                    yield sub


FIELDS = sorted(
    (
        (f"{form.__module__}.{form.__name__}.{name}", field)
        for form in _our_forms()
        for name, field in getattr(form, "base_fields", {}).items()
    ),
    key=lambda pair: pair[0],
)


def test_the_walk_finds_the_forms_it_is_about():
    names = {name for name, _field in FIELDS}
    assert "postings.forms.RequirementForm.skills" in names
    assert "postings.forms.QuestionForm.choices" in names
    assert "careers.forms.ApplyForm.cover_letter" in names
    assert "accounts.forms.LoginForm.username" in names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "field"), [pytest.param(n, f, id=n) for n, f in FIELDS])
def test_every_form_field_refuses_a_nul_or_drops_it(name, field):
    if field.disabled:
        return  # the form keeps its initial value, whatever is sent
    for value in (NUL, f"a, {NUL}", f"a\n{NUL}"):
        try:
            cleaned = field.clean(value)
        except ValidationError:
            continue
        assert not has_nul(cleaned), f"{name} let a NUL through: {cleaned!r}"


@pytest.mark.django_db
def test_a_nul_in_a_requirements_skills_is_a_field_error(recruiter, organization):
    posting = PostingFactory.create(organization=organization)
    response = recruiter.client.post(
        f"/postings/{posting.pk}/requirements/",
        {
            "requirements-new-kind": "skill",
            "requirements-new-skills": f"Python, {NUL}",
            "requirements-new-importance": "must",
            "requirements-new-weight": "3",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert "without line breaks or control characters" in response.content.decode()
    assert not posting.requirements.exists()


@pytest.mark.django_db
def test_a_nul_in_a_questions_choices_is_a_field_error(recruiter, organization):
    posting = PostingFactory.create(organization=organization)
    response = recruiter.client.post(
        f"/postings/{posting.pk}/questions/",
        {
            "questions-new-text": "Notice period?",
            "questions-new-kind": "choice",
            "questions-new-choices": f"Now\n{NUL}",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert "without line breaks or control characters" in response.content.decode()
    assert not posting.questions.exists()


@pytest.fixture
def application(organization, recruiter):
    posting = PostingFactory.create(organization=organization, status="open")
    return ApplicationFactory.create(posting=posting)


@pytest.mark.django_db
def test_a_nul_in_a_note_is_refused_with_a_message(recruiter, application):
    response = recruiter.client.post(
        f"/applications/{application.pk}/notes/", {"body": f"Strong {NUL}"}, follow=True
    )
    assert response.status_code == 200
    assert "Remove the null character" in response.content.decode()
    assert not Note.objects.exists()


@pytest.mark.django_db
def test_a_nul_in_a_mention_lookup_is_a_space(recruiter, application):
    recruiter.user.full_name = "Ngozi Recruiter"
    recruiter.user.save()
    response = recruiter.client.get(
        f"/applications/{application.pk}/mentions/", {"q": "Ngo\x00"}, **HTMX
    )
    assert response.status_code == 200
    assert "Ngozi Recruiter" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_in_the_filters_a_move_carries_drops_that_filter(recruiter, application):
    second = application.posting.stages.order_by("order")[1]
    response = recruiter.client.post(
        f"/applications/{application.pk}/move/",
        {
            "stage": second.pk,
            "version": application.version,
            "source": NUL,
            "tag": NUL,
        },
        **HTMX,
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.stage == second


@pytest.mark.django_db
def test_a_nul_in_a_stage_email_is_refused_and_nothing_is_queued(recruiter, application):
    stage = application.stage
    stage.email_template = EmailTemplate.objects.create(
        organization=application.posting.organization,
        name="Hello",
        subject="Hello",
        body="Hi {{ first_name }}",
    )
    stage.save()
    before = Message.objects.count()
    for subject, body in ((f"Hi {NUL}", "Body"), ("Hi", f"Body {NUL}"), ("Hi\r\nBcc: x", "B")):
        response = recruiter.client.post(
            f"/applications/{application.pk}/stage-email/",
            {"action": "send", "subject": subject, "body": body},
            follow=True,
        )
        assert response.status_code == 200
        assert Message.objects.count() == before, subject


def _apply_form(posting):
    (question,) = posting.questions.all()
    return {
        "name": "Adaeze Okafor",
        "email": "adaeze@example.com",
        "location": "Lagos",
        "stated_years": "9",
        "consent": "on",
        f"q_{question.pk}": "yes",
        "resume": upload("cv.pdf", pdf_bytes()),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "source", ["link\x00edin", "\x00", "a\x01b\x1fc\x7fd", "x\u2028y", "\x00" * 200, "é\x00" * 40]
)
def test_control_characters_in_the_source_of_the_apply_link_keep_the_application(
    client, organization, source
):
    posting = PostingFactory.create(organization=organization, status="open")
    QuestionFactory.create(posting=posting, text="Lagos?", kind="yes_no", knockout_answer="")
    url = f"/careers/{organization.slug}/{posting.slug}/"
    page = client.get(url, {"source": source})
    assert page.status_code == 200
    response = client.post(f"{url}?source={source}", _apply_form(posting))
    assert response.status_code == 302
    application = Application.objects.get()
    assert not has_nul(application.source)
    assert "\x01" not in application.source
    _dirs, files = default_storage.listdir(f"resumes/{organization.pk}")
    assert files == [str(application.resume.name).rsplit("/", 1)[1]]
