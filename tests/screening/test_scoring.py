from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from screening.engine.scoring import (
    FIELD_FLOOR,
    FLOOR_KEEP,
    RELEVANT_SHARE,
    SCORING_VERSION,
    Answer,
    FitResult,
    gather,
    score_resume,
    titled_in,
)
from screening.engine.suggest import SuggestedRequirement
from tests.screening.labeled.render import as_text
from tests.screening.labeled.resumes import RESUMES

TODAY = date(2026, 11, 1)
POSTING = [
    SuggestedRequirement("skill", ["FastAPI", "Django", "Flask"], text="Python web framework"),
    SuggestedRequirement("skill", ["Celery", "Dramatiq", "RQ"], text="Background jobs"),
    SuggestedRequirement("skill", ["Kubernetes"], importance="nice", weight=1),
    SuggestedRequirement("years", [], min_years=5),
    SuggestedRequirement("leadership", []),
]
STRONG = """Backend Lead, Acme Payments
Jan 2018 \u2013 Present
- Led a team of 5 engineers building Django services.
- Celery workers on Redis for payouts; Kubernetes on AWS.
"""


def by_label(result: object, label: str) -> tuple[str, str]:
    (row,) = [e for e in result.explanation if e.requirement == label]  # type: ignore[attr-defined]
    return row.status, row.evidence


def test_it_explains_each_requirement_with_the_sentence_that_shows_it() -> None:
    result = score_resume(POSTING, STRONG, today=TODAY)
    assert result.score == 100.0
    assert result.must_haves_met
    assert result.scoring_version == SCORING_VERSION
    assert by_label(result, "FastAPI / Django / Flask") == (
        "met",
        "Django (8.8 years in roles): Led a team of 5 engineers building Django services.",
    )
    assert by_label(result, "Leadership experience")[0] == "met"
    assert by_label(result, "5+ years of experience")[0] == "met"
    assert json.loads(json.dumps(result.as_dict()))["explanation"][0]["status"] == "met"


def test_a_missing_must_have_takes_a_graded_share_off_the_score() -> None:
    # Graded, not one cap everyone hits: missing two must-haves costs more than missing one.
    one = score_resume(
        POSTING, STRONG.replace("Celery workers on Redis for payouts; ", ""), today=TODAY
    )
    assert not one.must_haves_met
    assert one.score is not None
    assert one.score < 100.0
    assert by_label(one, "Celery / Dramatiq / RQ") == (
        "not_met",
        "no mention of Celery / Dramatiq / RQ",
    )
    assert one.summary == "missing must-haves: Celery / Dramatiq / RQ"
    assert one.score < one.raw  # the penalty, on top of the weight the missing row earns nothing
    two = score_resume(
        POSTING,
        STRONG.replace("Celery workers on Redis for payouts; ", "").replace("Django", "Rails"),
        today=TODAY,
    )
    assert two.score is not None
    assert two.score < one.score


def test_it_gives_partial_credit_for_the_language_without_the_framework() -> None:
    result = score_resume(POSTING, "Python scripts since Jan 2015 - Present", today=TODAY)
    assert by_label(result, "FastAPI / Django / Flask")[0] == "partly"


def test_it_says_no_requirements_instead_of_a_number() -> None:
    result = score_resume([], STRONG, today=TODAY)
    assert result.score is None
    assert result.status == "no_requirements"


def test_it_merges_overlapping_date_ranges() -> None:
    text = (
        "Engineer\nJan 2018 \u2013 Dec 2020\nConsultant\nJun 2019 - Jun 2022\nSep 2023 to Present"
    )
    evidence = gather(text, TODAY, as_of=TODAY)
    # 2018-01..2022-06 is 4.5 years, 2023-09..2026-11 is 3.2 years; the overlap counts once.
    assert evidence.years == pytest.approx(7.67, abs=0.05)


def test_it_reads_stated_years_and_the_application_form() -> None:
    assert gather("Nine years of Python experience.", TODAY).years == 9
    result = score_resume(POSTING, "Django and Celery.", stated_years=6, today=TODAY)
    assert by_label(result, "5+ years of experience") == (
        "met",
        "6 years stated on the application form",
    )


def test_it_counts_years_in_lead_roles_for_a_lead_minimum() -> None:
    lead = [SuggestedRequirement("leadership", [], min_years=3)]
    short = "Tech Lead, Acme\nJan 2025 \u2013 Present\n- Led a team of 4 engineers."
    assert (
        by_label(score_resume(lead, short, today=TODAY), "Leadership experience, 3+ years")[0]
        == "partly"
    )
    long = short.replace("Jan 2025", "Jan 2021")
    assert (
        by_label(score_resume(lead, long, today=TODAY), "Leadership experience, 3+ years")[0]
        == "met"
    )


def test_it_treats_mentoring_alone_as_partial_leadership() -> None:
    result = score_resume(POSTING, "Mentored two interns in Django.", today=TODAY)
    assert by_label(result, "Leadership experience")[0] == "partly"


def test_it_fails_a_knockout_answer_and_ignores_demographic_questions() -> None:
    answers = [
        Answer("Can you work in Lagos?", "no", knockout_answer="no"),
        Answer("What is your gender?", "female", knockout_answer="male"),
    ]
    result = score_resume(POSTING, STRONG, answers=answers, today=TODAY)
    assert by_label(result, "Screening: Can you work in Lagos?")[0] == "not_met"
    assert not any("gender" in e.requirement for e in result.explanation)
    assert not result.must_haves_met


@pytest.mark.parametrize(
    "text",
    [
        "Enfermera con ocho años de experiencia en cuidados intensivos. Ene 2018 \u2013 Actualidad",
        "I enjoy gardening, cooking and long walks.",
    ],
)
def test_it_scores_an_unrelated_or_foreign_resume_low_with_what_is_missing(text: str) -> None:
    result = score_resume(POSTING, text, today=TODAY)
    assert result.score is not None
    assert result.score < 10
    assert "missing must-haves: FastAPI / Django / Flask, Celery / Dramatiq / RQ" in result.summary


def test_it_never_reads_name_contact_address_age_or_gender() -> None:
    """Fairness: changing personal data on the resume and the form leaves the score unchanged."""
    resume = RESUMES[0]
    other = replace(
        resume,
        name="Go Rust",
        email="rust.go@k8s.io",
        phone="+1 (212) 555 9999",
        address="7 Kubernetes Avenue, Django, Texas",
    )
    extra_a = "\nAge: 29\nGender: female\nNationality: Nigerian\nDate of birth: 1997-02-01"
    extra_b = "\nAge: 61\nGender: male\nNationality: Python Islands\nDate of birth: 1965-09-09"
    first = score_resume(
        POSTING,
        as_text(resume) + extra_a,
        today=TODAY,
        redact_values=[resume.name, resume.email, resume.phone, resume.address],
        answers=[Answer("How old are you?", "29", knockout_answer="65")],
    )
    second = score_resume(
        POSTING,
        as_text(other) + extra_b,
        today=TODAY,
        redact_values=[other.name, other.email, other.phone, other.address],
        answers=[Answer("How old are you?", "65", knockout_answer="65")],
    )
    assert first.as_dict() == second.as_dict()


def test_it_scores_requirement_rows_of_a_posting_like_suggestions() -> None:
    from postings.models import Importance, Requirement, RequirementKind

    rows = [
        Requirement(kind=RequirementKind.SKILL, skills=["Django", "Flask"], weight=3),
        Requirement(kind=RequirementKind.YEARS, min_years=5, importance=Importance.NICE),
        Requirement(kind=RequirementKind.LEADERSHIP, importance=Importance.MUST, weight=4),
    ]
    suggested = [
        SuggestedRequirement("skill", ["Django", "Flask"], weight=3),
        SuggestedRequirement("years", [], min_years=5, importance="nice", weight=3),
        SuggestedRequirement("leadership", [], weight=4),
    ]
    assert score_resume(rows, STRONG, today=TODAY) == score_resume(suggested, STRONG, today=TODAY)


BACKEND_YEARS = SuggestedRequirement(
    "years", [], min_years=5, text="5+ years backend engineering experience"
)
ACCOUNTANT = """Experience
Finance Manager, Lion Holdings
Jan 2004 \u2013 Dec 2024
- Managed a team of 6 accountants closing the books each month.
Software Engineer, Tiny Startup
Jan 2002 \u2013 Dec 2003
- Built Django services for payments.
"""


def test_years_asked_in_a_field_count_only_the_roles_in_that_field() -> None:
    result = score_resume([BACKEND_YEARS], ACCOUNTANT, today=TODAY)
    status, evidence = by_label(result, "5+ years of experience")
    assert (status, evidence) == ("not_met", "2.0 years found")
    assert result.years == pytest.approx(23.0, abs=0.1)  # all professional years, as read
    plain = replace(BACKEND_YEARS, text="5+ years of experience")
    status, _ = by_label(score_resume([plain], ACCOUNTANT, today=TODAY), "5+ years of experience")
    assert status == "met"


def test_data_engineering_and_database_roles_are_software_but_not_backend_years() -> None:
    text = """Experience
Senior Data Engineer, Ayres
Jan 2012 \u2013 Dec 2024
- Built Kafka and PostgreSQL pipelines in Python.
Database Consultant, Percona
Jan 2008 \u2013 Dec 2011
- Tuned MySQL replication for customers.
"""
    backend = by_label(score_resume([BACKEND_YEARS], text, today=TODAY), "5+ years of experience")
    assert backend[0] == "not_met"
    software = replace(BACKEND_YEARS, text="5+ years of software engineering experience")
    assert by_label(score_resume([software], text, today=TODAY), "5+ years of experience")[0] == (
        "met"
    )


def test_a_role_whose_sentences_name_only_databases_and_sql_is_no_backend_years() -> None:
    # An untitled or consultant role counts as engineering by the code its sentences name; a
    # DBA's databases, SQL and shell scripts are not code of the trade.
    dba = """Experience
Consultant, DataCo
Jan 2010 \u2013 Dec 2024
- Tuned PostgreSQL and MySQL replication; wrote SQL reports and Bash scripts.
"""
    backend = by_label(score_resume([BACKEND_YEARS], dba, today=TODAY), "5+ years of experience")
    assert backend == ("not_met", "no dates or years found")
    coded = dba + "- Built Python services behind the reports.\n"
    backend = by_label(score_resume([BACKEND_YEARS], coded, today=TODAY), "5+ years of experience")
    assert backend[0] == "met"


def test_leading_a_team_outside_the_field_asked_is_not_leading_a_backend_team() -> None:
    lead = SuggestedRequirement("leadership", [], text="Lead a team of backend developers")
    evidence = by_label(score_resume([lead], ACCOUNTANT, today=TODAY), "Leadership experience")
    assert evidence[0] != "met"
    anyone = replace(lead, text="Leadership experience")
    assert (
        by_label(score_resume([anyone], ACCOUNTANT, today=TODAY), "Leadership experience")[0]
        == "met"
    )


def test_a_must_have_years_requirement_scales_the_score_when_short() -> None:
    rows = [POSTING[0], BACKEND_YEARS]
    junior = "Backend Developer, Acme\nJan 2025 \u2013 Present\n- Built Django services.\n"
    result = score_resume(rows, junior, today=TODAY)
    assert by_label(result, "5+ years of experience")[0] == "not_met"
    assert "\u00d70.50 for the years short" in result.summary
    assert result.score is not None
    assert result.score <= 0.5 * result.raw + 0.05


def test_a_must_have_leadership_requirement_scales_the_score_by_the_leading_shown() -> None:
    lead = SuggestedRequirement("leadership", [], weight=4, text="Lead a team of backend devs")
    rows = [POSTING[0], lead]
    contributor = "Backend Developer, Acme\nJan 2015 \u2013 Present\n- Built Django services.\n"
    titled = contributor.replace("Backend Developer", "Backend Team Lead")
    alone = score_resume(rows, contributor, today=TODAY)
    assert by_label(alone, "Leadership experience")[0] == "not_met"
    assert "\u00d70.50 for leadership not shown" in alone.summary
    assert alone.score is not None
    assert alone.score <= 0.5 * alone.raw + 0.05
    # A lead title with no sentence about the people led: half the leadership, so half the cut.
    brief = titled.replace("Jan 2015", "Jan 2025")
    title = score_resume(rows, brief, today=TODAY)
    assert by_label(title, "Leadership experience")[0] == "partly"
    assert "\u00d70.75 for leadership not shown" in title.summary
    # Held for years the title reads as likelier leading: 0.65 of leadership, a smaller cut.
    held = score_resume(rows, titled, today=TODAY)
    assert by_label(held, "Leadership experience")[0] == "partly"
    assert "\u00d70.82 for leadership not shown" in held.summary
    # A title whose job is running a team or a department says more than a lead title.
    head = score_resume(rows, brief.replace("Backend Team Lead", "Head of Backend"), today=TODAY)
    assert by_label(head, "Leadership experience") == (
        "partly",
        "a manager's title, no line on the people led: Head of Backend Acme",
    )
    assert "\u00d70.90 for leadership not shown" in head.summary
    led = score_resume(rows, titled + "- Led a team of 4 engineers.\n", today=TODAY)
    assert "for leadership" not in led.summary
    assert (led.score or 0) > (title.score or 0) > (alone.score or 0)
    # Leadership a posting only prefers weighs as a requirement, never scales the whole score.
    nice = score_resume([POSTING[0], replace(lead, importance="nice")], contributor, today=TODAY)
    assert "for leadership" not in nice.summary


def test_the_stack_on_a_roles_date_line_counts_as_that_roles_use() -> None:
    text = (
        "Experience\nLead Backend Engineer - Acme\n\n"
        "Mar 2020 - Nov 2025 | Python, Django, PostgreSQL, AWS\n"
        "- Designed the payments services and their APIs.\n"
    )
    status, evidence = by_label(
        score_resume(POSTING[:1], text, today=TODAY), "FastAPI / Django / Flask"
    )
    assert status == "met"
    assert "years in roles" in evidence


def test_a_stack_line_under_a_project_description_is_partial_use_a_skills_line_a_claim() -> None:
    described = (
        "Projects\n"
        "Document retrieval for financial filings: ingestion, chunking and vector search.\n"
        "`Python` \u00b7 `FastAPI` \u00b7 `PostgreSQL` \u00b7 `Redis` \u00b7 `Docker`\n"
    )
    status, evidence = by_label(
        score_resume(POSTING[:1], described, today=TODAY), "FastAPI / Django / Flask"
    )
    assert (status, evidence.split(":")[0]) == ("partly", "FastAPI in the stack of")
    # The same line labelled as skills, or under no description, stays a listed claim.
    for text in (
        described.replace("`Python`", "Skills: `Python`"),
        "Projects\nRetrieval\n" + described.splitlines()[-1],
    ):
        status, evidence = by_label(
            score_resume(POSTING[:1], text, today=TODAY), "FastAPI / Django / Flask"
        )
        assert (status, evidence.split(":")[0]) == ("partly", "listed under skills only")


def test_title_relevance_lifts_a_backend_engineer_on_another_stack_over_an_analyst() -> None:
    engineer = "Backend Engineer, Acme\nJan 2016 - Present\n- Built the billing services in Go.\n"
    analyst = "Data Analyst, Acme\nJan 2016 - Present\n- Built reports in Excel and Tableau.\n"
    scores = [score_resume(POSTING[:2], t, today=TODAY).score or 0.0 for t in (engineer, analyst)]
    # RELEVANT_SHARE of the way to 100, less the share for the two must-haves missing; then
    # held at FIELD_FLOOR for over RELEVANT_YEARS titled in the field, keeping a tenth of its own.
    own = 100 * RELEVANT_SHARE * 0.75
    assert scores[0] == pytest.approx(FIELD_FLOOR + FLOOR_KEEP * own, abs=0.1)
    assert scores[1] == 0.0


@pytest.mark.parametrize(
    ("title", "backend"),
    [
        ("Senior Backend Engineer", True),
        ("Software Developer", True),
        ("Senior Technical Services Engineer", False),
        ("Global Service Desk Engineer", False),
        ("Site Reliability Engineer", False),
    ],
)
def test_a_support_or_services_engineer_title_is_not_the_backend_field(
    title: str, backend: bool
) -> None:
    text = f"Experience\n{title}, Acme\nJan 2016 - Oct 2026\n- Worked on the product.\n"
    (role,) = gather(text, TODAY).roles
    assert titled_in(role, "backend") is backend
    assert titled_in(role, "engineering")


def test_years_titled_in_the_field_hold_a_score_that_the_gates_cut_at_a_floor() -> None:
    lead = SuggestedRequirement("leadership", [], weight=4, text="Lead a team of backend devs")
    rows = [*POSTING[:2], BACKEND_YEARS, lead]

    def engineer(start: str) -> FitResult:
        text = f"Backend Engineer, Acme\n{start} - Oct 2026\n- Built the billing services in Go.\n"
        return score_resume(rows, text, today=TODAY)

    # Under FLOOR_FROM_YEARS: too junior to be held up at all.
    junior = engineer("Nov 2023")
    assert "held at" not in junior.summary
    # Half way from FLOOR_FROM_YEARS to RELEVANT_YEARS: half the floor.
    mid = engineer("May 2021")
    assert "held at 10.0 or more for 5.5 years titled as backend" in mid.summary
    assert mid.score is not None
    assert 10.0 < mid.score < 10.0 + FLOOR_KEEP * 20
    senior = engineer("Nov 2014")
    assert senior.score is not None
    assert senior.score > mid.score > (junior.score or 0.0)
    assert senior.score < FIELD_FLOOR + 5
    # An engineer of another trade is no software engineer, nor is a DBA naming the same tools
    # one in the field: nothing holds their scores up.
    site = "Site Engineer, BuildCo\nNov 2014 - Oct 2026\n- Supervised crews of 30 on builds.\n"
    site_result = score_resume(rows, site, today=TODAY)
    assert "held at" not in site_result.summary
    assert by_label(site_result, "5+ years of experience")[0] == "not_met"
    dba = "Database Administrator, Acme\nNov 2014 - Oct 2026\n- Tuned Django's PostgreSQL.\n"
    assert "held at" not in score_resume(rows, dba, today=TODAY).summary


def test_a_tool_akin_to_the_one_asked_for_used_in_work_partly_meets_it() -> None:
    jobs = SuggestedRequirement("skill", ["Background jobs", "Celery"], text="Background jobs")
    queue = "Backend Engineer, Acme\nJan 2020 - Oct 2026\n- Built RabbitMQ consumers for payouts.\n"
    status, evidence = by_label(
        score_resume([jobs], queue, today=TODAY), "Background jobs / Celery"
    )
    assert (status, evidence.split(":")[0]) == (
        "partly",
        "Message queues, akin to Background jobs / Celery",
    )
    celery = queue.replace("RabbitMQ consumers", "Celery workers")
    assert (score_resume([jobs], celery, today=TODAY).score or 0) > (
        score_resume([jobs], queue, today=TODAY).score or 0
    )
    nosql = SuggestedRequirement("skill", ["NoSQL databases"], text="NoSQL databases")
    cache = "Backend Engineer, Acme\nJan 2020 - Oct 2026\n- Cached sessions in Redis.\n"
    status, evidence = by_label(score_resume([nosql], cache, today=TODAY), "NoSQL databases")
    assert (status, evidence.split(":")[0]) == ("partly", "Redis, akin to NoSQL databases")
    # Only named in a list, the akin tool is no evidence of the work.
    listed = "Backend Engineer, Acme\nJan 2020 - Oct 2026\nSkills: RabbitMQ, Kafka, Redis\n"
    status, _ = by_label(score_resume([jobs], listed, today=TODAY), "Background jobs / Celery")
    assert status == "not_met"


def test_a_skill_the_resume_is_only_familiar_with_is_partly_met() -> None:
    text = (
        "Summary\nI am currently most familiar with Scala, Ruby, Django and Redis in production.\n"
    )
    status, evidence = by_label(
        score_resume(POSTING[:1], text, today=TODAY), "FastAPI / Django / Flask"
    )
    assert (status, evidence.split(":")[0]) == ("partly", "known of only")
