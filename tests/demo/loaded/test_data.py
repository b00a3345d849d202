from __future__ import annotations

import re
import unicodedata
from collections import Counter
from io import StringIO
from itertools import pairwise

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import Count

from accounts.models import Role
from candidates.models import (
    Answer,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Candidate,
    EventKind,
)
from demo.organizations import DEMO_ORGS
from postings.models import (
    Importance,
    Posting,
    PostingStatus,
    Question,
    QuestionKind,
    Requirement,
    RequirementKind,
    Stage,
)

pytestmark = pytest.mark.django_db

DATE_RANGE = re.compile(r"\b[A-Z][a-z]{2} \d{4} \u2013 ([A-Z][a-z]{2} \d{4}|Present)")


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = (Posting, Requirement, Question, Stage, Candidate, Application, Answer)
    result = {model.__name__: model.objects.count() for model in models}
    result["ApplicationEvent"] = ApplicationEvent.objects.count()
    return result


def test_it_opens_one_posting_per_demo_organization_ready_to_take_applicants():
    open_postings = Posting.objects.filter(status=PostingStatus.OPEN).select_related("organization")
    assert sorted(p.organization.slug for p in open_postings) == sorted(o.slug for o in DEMO_ORGS)
    for posting in open_postings:
        assert posting.salary_min
        assert posting.salary_max
        assert posting.salary_currency == posting.organization.default_currency
        assert posting.location or posting.workplace == "remote"
        assert posting.opened_at is not None
        assert posting.description.strip()
        assert posting.requirements.filter(importance=Importance.MUST).exists()
        assert posting.questions.exclude(knockout_answer="").exists()
        for question in posting.questions.exclude(knockout_answer=""):
            assert question.knockout_answer in question.allowed_answers() or not (
                question.allowed_answers()
            )
        roles = set(
            posting.organization.memberships.filter(user__in=posting.hiring_team.all()).values_list(
                "role", flat=True
            )
        )
        assert {Role.RECRUITER, Role.HIRING_MANAGER} <= roles
        assert posting.stages.values_list("name", flat=True).first() == "Applied"


def test_it_keeps_the_substance_of_the_kolanut_seed_posting():
    posting = Posting.objects.get(organization__slug="kolanut-pay", status=PostingStatus.OPEN)
    assert (posting.salary_min, posting.salary_max) == (500_000, 500_000)
    assert (posting.salary_currency, posting.salary_period) == ("NGN", "MONTH")
    skills = [r.skills for r in posting.requirements.filter(kind=RequirementKind.SKILL)]
    assert ["FastAPI", "Django", "Flask"] in skills
    assert ["Celery", "Dramatiq", "RQ"] in skills
    assert ["Python"] in skills
    # Seed 000 asks for 5+ years of backend work and for someone who has led a backend team.
    years = posting.requirements.get(kind=RequirementKind.YEARS)
    assert (years.min_years, years.importance) == (5, Importance.MUST)
    assert posting.requirements.filter(
        kind=RequirementKind.LEADERSHIP, importance=Importance.MUST
    ).exists()
    wellspring = Posting.objects.get(
        organization__slug="wellspring-health", status=PostingStatus.OPEN
    )
    assert wellspring.requirements.get(kind=RequirementKind.YEARS).min_years == 8
    assert wellspring.requirements.get(kind=RequirementKind.LEADERSHIP).min_years == 3


def test_no_demo_question_asks_the_forms_years_of_experience_again():
    # The apply form asks everyone's years (Application.stated_years, which screening reads);
    # a posting's own years question must be about something narrower, a skill it requires.
    asked = Question.objects.filter(kind=QuestionKind.NUMBER, text__icontains="years")
    assert asked.exists()
    for question in asked.select_related("posting"):
        skills = {s for r in question.posting.requirements.all() for s in r.skills}
        assert any(skill.lower() in question.text.lower() for skill in skills), question.text


def test_it_adds_draft_and_closed_postings():
    statuses = Counter(Posting.objects.values_list("status", flat=True))
    assert statuses[PostingStatus.DRAFT] >= 1
    assert statuses[PostingStatus.CLOSED] >= 1
    closed = Posting.objects.filter(status=PostingStatus.CLOSED)
    assert all(p.closed_at and p.opened_at and p.opened_at < p.closed_at for p in closed)
    drafts = Posting.objects.filter(status=PostingStatus.DRAFT)
    assert all(p.requirements.count() >= 2 for p in drafts)
    assert not Application.objects.filter(posting__status=PostingStatus.DRAFT).exists()


def test_it_spreads_applicants_over_the_board_with_a_consistent_timeline():
    per_posting = dict(
        Posting.objects.filter(status=PostingStatus.OPEN)
        .annotate(n=Count("applications"))
        .values_list("organization__slug", "n")
    )
    assert per_posting["kolanut-pay"] >= 60
    assert max(per_posting, key=lambda slug: per_posting[slug]) == "kolanut-pay"
    assert all(10 <= n <= 25 for slug, n in per_posting.items() if slug != "kolanut-pay")

    biggest = Posting.objects.get(organization__slug="kolanut-pay", status=PostingStatus.OPEN)
    by_stage = Counter(biggest.applications.values_list("stage__order", flat=True))
    assert len(by_stage) >= 4
    assert by_stage[0] + by_stage[1] > sum(n for order, n in by_stage.items() if order >= 2)
    statuses = Counter(Application.objects.values_list("status", flat=True))
    assert statuses[ApplicationStatus.HIRED] >= 1
    assert statuses[ApplicationStatus.WITHDRAWN] >= 1
    assert statuses[ApplicationStatus.REJECTED] >= 3
    assert not Application.objects.filter(
        status=ApplicationStatus.REJECTED, rejection_reason=""
    ).exists()
    assert len(set(Application.objects.values_list("source", flat=True))) >= 4
    names = list(Candidate.objects.values_list("name", flat=True))
    assert any(unicodedata.normalize("NFD", name) != name for name in names)  # diacritics
    assert any("\u4e00" <= ch <= "\u9fff" for name in names for ch in name)  # Chinese
    assert any("\u0600" <= ch <= "\u06ff" for name in names for ch in name)  # Arabic
    assert all(
        email.endswith(("@example.com", "@example.org"))
        for email in Candidate.objects.values_list("email", flat=True)
    )

    applications = Application.objects.select_related("posting", "stage").prefetch_related(
        "events", "answers", "posting__hiring_team", "posting__stages"
    )
    for app in applications:
        stages = list(app.posting.stages.all())
        events = sorted(app.events.all(), key=lambda e: (e.created_at, e.pk))
        assert events[0].kind == EventKind.APPLIED
        assert events[0].to_stage_id == stages[0].pk
        assert events[0].created_at == app.applied_at
        moves = [e for e in events if e.kind == EventKind.MOVED]
        # One move per stage passed, each from the stage before, by someone on the team.
        assert [(m.from_stage_id, m.to_stage_id) for m in moves] == [
            (a.pk, b.pk) for a, b in pairwise(stages[: app.stage.order + 1])
        ]
        team = {u.pk for u in app.posting.hiring_team.all()}
        assert all(m.actor_id in team for m in moves)
        assert app.stage_entered_at == (moves[-1].created_at if moves else app.applied_at)
        assert [e.created_at for e in events] == sorted(e.created_at for e in events)
        if app.status == ApplicationStatus.HIRED:
            assert events[-1].kind == EventKind.HIRED
            assert app.stage == stages[-1]
        if app.status == ApplicationStatus.REJECTED:
            assert events[-1].kind == EventKind.REJECTED
        answers = list(app.answers.all())
        assert app.knockout == any(a.is_knockout for a in answers)
        assert app.posting.closed_at is None or events[-1].created_at <= app.posting.closed_at


def test_it_writes_a_real_resume_for_every_application_in_three_formats(media_root):
    formats: Counter[str] = Counter()
    for app in Application.objects.all():
        assert app.resume.name
        assert app.resume_filename
        extension = app.resume.name.rsplit(".", 1)[-1]
        assert app.resume_filename.endswith(f".{extension}")
        with default_storage.open(app.resume.name) as stored:
            data = stored.read()
        formats[extension] += 1
        if extension == "pdf":
            assert data.startswith(b"%PDF")
        elif extension == "docx":
            assert data.startswith(b"PK")
        else:
            text = data.decode("utf-8")
            assert app.name.upper() in text.upper()
            assert DATE_RANGE.search(text)
    assert set(formats) == {"pdf", "docx", "txt"}
    assert min(formats.values()) >= 30
    files = [p for p in media_root.rglob("*") if p.is_file()]
    assert len(files) == Application.objects.count()


def test_it_changes_nothing_when_run_twice(media_root, demo_output):
    first = demo_output
    before = counts()
    files = sorted(p for p in media_root.rglob("*") if p.is_file())
    second = load_demo()
    assert counts() == before
    assert sorted(p for p in media_root.rglob("*") if p.is_file()) == files
    assert "postings added: 7" in first
    assert "postings added: 0" in second
