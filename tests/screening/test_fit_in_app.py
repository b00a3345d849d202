"""Fit scores in the app: the score job, rescoring with progress, where scores show, failures."""

from __future__ import annotations

import re

import pytest

from candidates.models import Application, ApplicationEvent
from config import run_local
from outbox.models import Message
from outbox.services import deliver_message
from screening.engine.scoring import (
    FIELD_FLOOR,
    FLOOR_FROM_YEARS,
    LISTED_MAX_POINTS,
    RELEVANT_SHARE,
    RELEVANT_YEARS,
    SCORING_VERSION,
    SENIOR_YEARS,
)
from screening.models import FitScore, Rescoring, ResumeText, ScoreState
from screening.services import (
    requirements_digest,
    rescore_outdated_versions,
    schedule_rescoring,
    score_application,
    score_batch,
)
from tests.conftest import run_worker
from tests.documents import pdf_bytes, upload
from tests.factories import (
    PostingFactory,
    QuestionFactory,
    RequirementFactory,
    bulk_applications,
)

pytestmark = pytest.mark.django_db

RESUME = """Ngozi Eze
Lagos, Nigeria
Senior Backend Engineer, Paystack, Jan 2017 - Present
Built payment APIs in Python and Django serving a million merchants.
Led a team of 6 engineers and mentored two juniors.
Skills: Python, Django, PostgreSQL, Redis"""
EXPECTED_SCORE = 98.1


@pytest.fixture
def posting(posting):
    """The shared posting (its hiring team has the hiring manager) with requirements."""
    RequirementFactory.create(posting=posting, skills=["Python"], order=0)
    RequirementFactory.create(posting=posting, skills=["Django", "FastAPI", "Flask"], order=1)
    RequirementFactory.create(posting=posting, kind="years", skills=[], min_years=5, order=2)
    RequirementFactory.create(
        posting=posting, skills=["Kubernetes"], importance="nice", weight=1, order=3
    )
    QuestionFactory.create(posting=posting, text="Can you work from Lagos?", required=True)
    return posting


def apply(client, posting, *, resume: bytes, name="Ngozi Eze", email="ngozi@example.org"):
    question = posting.questions.get()
    response = client.post(
        f"/careers/{posting.organization.slug}/{posting.slug}/",
        {
            "name": name,
            "email": email,
            "phone": "+234 803 555 0101",
            "location": "Lagos, Nigeria",
            "stated_years": "9",
            f"q_{question.pk}": "yes",
            "consent": "on",
            "resume": upload("cv.pdf", resume, "application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Application.objects.get(email=email)


def fit_section(persona, application) -> str:
    """The profile's fit-score section, as its own page: the profile loads it by HTMX and
    links to it for browsers without JavaScript."""
    url = f"/applications/{application.pk}/fit/"
    profile = persona.client.get(f"/applications/{application.pk}/").content.decode()
    assert f'hx-get="{url}" hx-trigger="load"' in profile
    assert f'<a href="{url}">Fit score</a>' in profile
    return persona.client.get(url).content.decode()


def test_applying_records_a_pending_score_that_the_job_fills_in(client, hiring_manager, posting):
    application = apply(client, posting, resume=pdf_bytes(RESUME))
    fit = application.fit_score
    assert fit.state == ScoreState.PENDING
    message = Message.objects.get(kind="score")
    assert message.payload == {"application_id": application.pk}
    assert message.queue == "scoring"

    assert deliver_message(message.pk) == "sent"
    fit.refresh_from_db()
    assert fit.state == ScoreState.DONE
    # Every must-have; the one nice-to-have (Kubernetes) is missing.
    assert fit.score == EXPECTED_SCORE
    assert fit.must_haves_met
    assert fit.scoring_version == SCORING_VERSION
    assert fit.requirements_digest == requirements_digest(posting.requirements.all())
    rows = {row["requirement"]: row for row in fit.explanation}
    assert rows["Python"]["status"] == "met"
    assert "Built payment APIs in Python and Django" in rows["Python"]["evidence"]
    assert rows["Kubernetes"]["status"] == "not_met"
    assert "Paystack" in ResumeText.objects.get(application=application).text
    assert application.events.filter(kind="scored").count() == 1

    # Running the job again reuses the stored text and writes no second "scored" event.
    score_application(application.pk)
    assert application.events.filter(kind="scored").count() == 1

    profile = fit_section(hiring_manager, application)
    assert "Every must-have is met." in profile
    evidence = '<td data-label="Evidence"><a href="#evidence-0">Python (9.9 years in roles): '
    assert evidence in profile
    assert (
        '<mark id="evidence-0" title="Python, Django / FastAPI / Flask">Built payment APIs'
        in profile
    )
    assert "How fit scores work" in profile
    # What the score read, to check it by: the years and the dated role behind them.
    assert fit.roles[0]["title"] == "Senior Backend Engineer"
    assert fit.roles[0]["end"] == "present"
    assert f"What the score read: {fit.years_evidence}" in profile
    assert "Senior Backend Engineer, Paystack · 2017-01 \u2013 present" in profile
    assert '<span class="muted">counted</span>' in profile
    board = hiring_manager.client.get(f"/postings/{posting.pk}/board/").content.decode()
    assert f'class="fit-score fit-high" href="/applications/{application.pk}/#fit"' in board
    assert f">{round(EXPECTED_SCORE)}</a>" in board


def test_scores_ignore_who_the_person_is(client, posting):
    first = apply(client, posting, resume=pdf_bytes(RESUME))
    other = RESUME.replace("Ngozi Eze", "John Smith").replace("Lagos, Nigeria", "Leeds, UK")
    second = apply(
        client, posting, resume=pdf_bytes(other), name="John Smith", email="john@example.org"
    )
    for message in Message.objects.filter(kind="score"):
        deliver_message(message.pk)
    first.fit_score.refresh_from_db()
    second.fit_score.refresh_from_db()
    assert first.fit_score.score == second.fit_score.score
    assert first.fit_score.explanation == second.fit_score.explanation


def test_an_unreadable_resume_is_scored_on_the_form_and_says_so(client, hiring_manager, posting):
    blank = pdf_bytes("")  # a page with no text layer, like a scan
    application = apply(client, posting, resume=blank)
    deliver_message(Message.objects.get(kind="score").pk)
    fit = FitScore.objects.get(application=application)
    assert fit.state == ScoreState.DONE
    assert fit.resume_unreadable
    assert fit.error.startswith("could not read the resume: ")
    rows = {row["requirement"]: row["status"] for row in fit.explanation}
    assert rows["5+ years of experience"] == "met"  # the 9 years stated on the form
    assert rows["Python"] == "not_met"
    assert fit.score is not None
    profile = fit_section(hiring_manager, application)
    assert "could not read the resume: " in profile
    assert "rests on the form's answers and stated years only" in profile


def test_a_score_job_that_fails_for_good_marks_the_score_failed(
    client, hiring_manager, posting, monkeypatch
):
    application = apply(client, posting, resume=pdf_bytes(RESUME))
    message = Message.objects.get(kind="score")
    Message.objects.filter(pk=message.pk).update(max_attempts=1)

    def broken(*args, **kwargs):
        raise RuntimeError("the scorer broke")

    monkeypatch.setattr("screening.services.compute", broken)
    assert deliver_message(message.pk) == "failed"
    fit = FitScore.objects.get(application=application)
    assert fit.state == ScoreState.FAILED
    assert "the scorer broke" in fit.error
    profile = fit_section(hiring_manager, application)
    assert "It could not be scored: RuntimeError: the scorer broke" in profile
    board = hiring_manager.client.get(f"/postings/{posting.pk}/board/").content.decode()
    assert ">no score</a>" in board
    assert Application.objects.filter(pk=application.pk, status="active").exists()


def test_the_fit_section_is_a_fragment_for_htmx_and_a_page_without(
    client, hiring_manager, interviewer, outsider, posting
):
    application = apply(client, posting, resume=pdf_bytes(RESUME))
    url = f"/applications/{application.pk}/fit/"
    fragment = hiring_manager.client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.startswith('<section class="card" id="fit"')
    assert "Scoring is under way" in fragment
    assert "<html" not in fragment
    page = hiring_manager.client.get(url).content.decode()
    assert "<html" in page
    assert "Scoring is under way" in page
    assert f'href="/applications/{application.pk}/"' in page  # back to the profile
    assert outsider.client.get(url).status_code == 404
    assert interviewer.client.get(url).status_code == 403


def _with_text(posting, count: int) -> list[Application]:
    applications = bulk_applications(posting, count)
    ResumeText.objects.bulk_create(
        ResumeText(application=a, text=RESUME if n % 2 else "Sales manager, Excel, CRM")
        for n, a in enumerate(applications)
    )
    return applications


def test_changing_requirements_rescores_in_batches_with_progress(
    recruiter, hiring_manager, posting, django_capture_on_commit_callbacks
):
    _with_text(posting, 250)
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter.client.post(
            f"/postings/{posting.pk}/requirements/",
            {
                "requirements-new-kind": "skill",
                "requirements-new-skills": "Redis",
                "requirements-new-importance": "must",
                "requirements-new-weight": "3",
            },
        )
    assert response.status_code == 302
    run = Rescoring.objects.get()
    assert (run.total, run.done, run.reason) == (250, 0, "requirements changed")
    batches = list(Message.objects.filter(kind="score_batch").order_by("id"))
    assert [len(m.payload["application_ids"]) for m in batches] == [100, 100, 50]

    progress = hiring_manager.client.get(f"/postings/{posting.pk}/scoring/").content.decode()
    assert "Rescoring after requirements changed: 0 of 250" in progress
    assert 'hx-trigger="every 2s"' in progress
    assert deliver_message(batches[0].pk) == "sent"
    # The same batch again (a worker died after committing): nothing is counted twice.
    assert score_batch(run.pk, batches[0].payload["application_ids"]) == 0
    run.refresh_from_db()
    assert (run.done, run.finished_at) == (100, None)
    progress = hiring_manager.client.get(f"/postings/{posting.pk}/scoring/").content.decode()
    assert "100 of 250" in progress
    assert 'value="40"' in progress

    for message in batches[1:]:
        deliver_message(message.pk)
    run.refresh_from_db()
    assert run.done == 250
    assert run.finished_at is not None
    digest = requirements_digest(posting.requirements.all())
    scores = FitScore.objects.filter(posting=posting)
    assert scores.count() == 250
    assert set(scores.values_list("requirements_digest", "rescoring", "state").distinct()) == {
        (digest, run.pk, ScoreState.DONE)
    }
    assert scores.filter(score__gt=80).count() == 125  # the engineers, not the sales manager
    board = hiring_manager.client.get(f"/postings/{posting.pk}/board/").content.decode()
    assert "Fit scores updated" in board
    assert 'hx-trigger="every 2s"' not in board


def test_reordering_requirements_rescores_nothing(
    recruiter, posting, django_capture_on_commit_callbacks
):
    _with_text(posting, 3)
    schedule_rescoring(posting, reason="test")
    for message in Message.objects.filter(kind="score_batch"):
        deliver_message(message.pk)
    requirement = posting.requirements.order_by("order").last()
    with django_capture_on_commit_callbacks(execute=True):
        recruiter.client.post(
            f"/postings/{posting.pk}/requirements/{requirement.pk}/move/", {"direction": "up"}
        )
    assert Rescoring.objects.count() == 1


def test_a_newer_run_supersedes_one_still_going(posting):
    applications = _with_text(posting, 5)
    first = schedule_rescoring(posting, reason="one")
    second = schedule_rescoring(posting, reason="two")
    assert first is not None
    assert second is not None
    first.refresh_from_db()
    assert first.superseded
    assert not first.is_running
    assert score_batch(first.pk, [a.pk for a in applications]) == 0
    assert score_batch(second.pk, [a.pk for a in applications]) == 5


def test_a_new_scoring_version_rescores_the_posting(posting):
    applications = _with_text(posting, 3)
    schedule_rescoring(posting, reason="first")
    for message in Message.objects.filter(kind="score_batch"):
        deliver_message(message.pk)
    assert rescore_outdated_versions() == 0
    FitScore.objects.filter(application=applications[0]).update(scoring_version="2025.01-1")
    assert rescore_outdated_versions() == 1
    assert Rescoring.objects.values_list("reason", flat=True)[0] == "a new scoring version"


def _scored(posting, values: list[float | None]) -> list[Application]:
    applications = bulk_applications(posting, len(values))
    for application, value in zip(applications, values, strict=True):
        FitScore.objects.create(
            application=application,
            posting=posting,
            state=ScoreState.DONE if value is not None else ScoreState.PENDING,
            score=value,
            must_haves_met=bool(value and value > 70),
        )
        # The copy the list sorts and filters by, as the scoring services write it.
        Application.objects.filter(pk=application.pk).update(sort_score=value)
    return applications


def test_sort_by_score_and_a_minimum_score_on_the_board_and_list(hiring_manager, posting):
    low, pending, high = _scored(posting, [40.0, None, 90.0])
    Application.objects.update(stage=posting.stages.order_by("order").first())
    board = hiring_manager.client.get(f"/postings/{posting.pk}/board/?sort=score").content.decode()
    order = [board.index(f'id="card-{a.pk}"') for a in (high, low, pending)]
    assert order == sorted(order)  # unscored last, not first
    # The board remembers the sort: the next visit, naming none, is sent to it.
    response = hiring_manager.client.get(f"/postings/{posting.pk}/board/?min_score=50")
    assert response["Location"].endswith("?min_score=50&sort=score")
    board = hiring_manager.client.get(response["Location"]).content.decode()
    assert f'id="card-{high.pk}"' in board
    assert f'id="card-{low.pk}"' not in board
    assert f'id="card-{pending.pk}"' not in board
    assert 'name="min_score" id="id_min_score" min="0" max="100"' in board
    listing = hiring_manager.client.get(
        f"/postings/{posting.pk}/applications/?sort=score&min_score=30"
    ).content.decode()
    assert listing.index(f"/applications/{high.pk}/") < listing.index(f"/applications/{low.pk}/")
    assert f"/applications/{pending.pk}/" not in listing
    assert ">scoring…</a>" not in listing


def test_a_bad_minimum_score_is_dropped_not_a_crash(hiring_manager, posting):
    _scored(posting, [40.0, 90.0])
    for value in ("abc", "-5", "101"):
        response = hiring_manager.client.get(f"/postings/{posting.pk}/board/?min_score={value}")
        assert response.status_code == 200
        assert response.content.decode().count('id="card-') == 2


@pytest.mark.parametrize("size", [10, 2000])
def test_board_and_list_keep_their_query_bounds_with_scores(
    hiring_manager, posting, size, django_assert_max_num_queries
):
    _scored(posting, [float(n % 100) if n % 7 else None for n in range(size)])
    url = f"/postings/{posting.pk}/board/?sort=score&min_score=5"
    hiring_manager.client.get(url)  # the first visit in a sort saves it in the session, once
    with django_assert_max_num_queries(13):  # the session among them, read from PostgreSQL
        board = hiring_manager.client.get(url)
    cards = board.content.decode().count('id="card-')
    assert cards > 0
    assert board.content.decode().count('class="fit-score') == cards
    with django_assert_max_num_queries(13):
        listing = hiring_manager.client.get(
            f"/postings/{posting.pk}/applications/?sort=score&min_score=5"
        )
    rows = listing.content.decode().count('name="ids"')
    assert rows > 0
    assert listing.content.decode().count('class="fit-score') == rows


def test_the_how_scores_work_page_says_what_is_never_read(client):
    page = client.get("/fit-scores/").content.decode()
    assert "What it never reads" in page
    assert "Name, email, phone, address and links are removed" in page
    assert "No score moves, rejects or hides anyone" in page
    assert SCORING_VERSION in page


def test_the_how_scores_work_page_states_the_engines_own_figures(client):
    # The page reads the constants the scorer uses, so the two can't drift apart.
    page = client.get("/fit-scores/").content.decode()
    assert f"at most {LISTED_MAX_POINTS:g} points" in page
    assert f"close up to {RELEVANT_SHARE * 100:g}% of what is left to 100" in page
    assert f"in full at {RELEVANT_YEARS:g} years" in page
    assert f"hold the score at up to {FIELD_FLOOR:g} points" in page
    assert f"from none under {FLOOR_FROM_YEARS:g} years in such roles" in page
    assert f"under {SENIOR_YEARS:g} years in the posting's field" in page


def test_candidates_never_see_a_score(client, posting):
    application = apply(client, posting, resume=pdf_bytes(RESUME))
    score_application(application.pk)
    for url in (
        f"/careers/{posting.organization.slug}/{posting.slug}/applied/",
        f"/careers/{posting.organization.slug}/{posting.slug}/",
    ):
        page = client.get(url).content.decode()
        assert "fit-score" not in page
        # The score as a number of its own (a CSRF token or a hashed file name may hold "96").
        assert not re.search(r"(?<![\w-])96(\.4)?(?![\w-])", page), url


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_scores_a_new_application(client, organization, hiring_manager, tmp_path):
    posting = PostingFactory.create(organization=organization, title="Backend Lead", status="open")
    posting.hiring_team.add(hiring_manager.user)
    RequirementFactory.create(posting=posting, skills=["Django"])
    QuestionFactory.create(posting=posting, text="Can you work from Lagos?", required=True)
    application = apply(client, posting, resume=pdf_bytes(RESUME))
    unreadable = apply(
        client, posting, resume=b"%PDF-1.7 truncated", name="Tunde Bello", email="tb@example.org"
    )
    # The scoring queue's worker as `make run` and compose start it: jobs in its own process,
    # files read by its pool of sandboxed readers, one after the other.
    done = run_worker("scoring", worker_class=run_local.WORKER_CLASSES["scoring"])
    assert done.returncode == 0, done.stderr[-2000:]
    fit = FitScore.objects.get(application=application)
    assert (fit.state, fit.score, fit.must_haves_met) == (ScoreState.DONE, 100.0, True)
    assert ApplicationEvent.objects.filter(application=application, kind="scored").exists()
    other = FitScore.objects.get(application=unreadable)
    assert (other.state, other.resume_unreadable) == (ScoreState.DONE, True)
    assert other.error == "could not read the resume: the PDF is damaged or not a PDF"
    assert not Message.objects.filter(kind="score").exclude(state="sent").exists()
    page = fit_section(hiring_manager, application)
    assert "Built payment APIs in Python and Django" in page


def test_the_roles_read_say_how_each_counted_in_words():
    fit = FitScore(
        roles=[
            {"title": "Engineer", "kind": "job", "counted": 1.0},
            {"title": "Intern", "kind": "internship", "counted": 0.5},
            {"title": "BSc", "kind": "education", "counted": 0.0},
            "not a role",
        ]
    )
    assert [role["how"] for role in fit.roles_read()] == [
        "counted",
        "counted at half (internship)",
        "not counted (education)",
    ]
