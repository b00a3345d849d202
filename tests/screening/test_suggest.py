from __future__ import annotations

import os
from pathlib import Path

import pytest

from screening.engine.suggest import SuggestedRequirement, suggest_requirements

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def seed(prefix: str) -> list[SuggestedRequirement]:
    if not SEEDS.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the seed postings are missing from {SEEDS}")
        pytest.skip(f"the seed postings are not at {SEEDS}")
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return suggest_requirements(path.read_text(encoding="utf-8"))


def skills(found: list[SuggestedRequirement], importance: str) -> list[set[str]]:
    return [set(r.skills) for r in found if r.kind == "skill" and r.importance == importance]


def one(found: list[SuggestedRequirement], kind: str) -> SuggestedRequirement:
    (match,) = [r for r in found if r.kind == kind]
    return match


def test_it_lists_the_backend_lead_stack_of_posting_000() -> None:
    found = seed("000")
    assert skills(found, "must") == [
        {"FastAPI", "Django", "Flask"},
        {"Background jobs", "Celery", "Dramatiq", "RQ"},
        {"Redis"},
        {"Docker", "docker-compose"},
        {"PostgreSQL", "SQL databases"},
        {"Webhooks"},
        {"Multi-environment deployment"},
    ]
    assert skills(found, "nice") == []
    years = one(found, "years")
    assert (years.min_years, years.importance) == (5, "must")
    assert one(found, "leadership").importance == "must"
    (python,) = [r for r in found if r.skills == ["FastAPI", "Django", "Flask"]]
    assert python.text == "Python (FastAPI / Django / Flask)"


def test_it_lists_the_team_lead_requirements_of_posting_001() -> None:
    found = seed("001")
    must = skills(found, "must")
    assert {"Node.js", "Python", "Go"} in must  # "at least one of": one requirement
    assert {"SQL databases", "NoSQL databases"} in must
    for expected in (
        {"Microservices"},
        {"Observability"},
        {"Performance optimization"},
        {"Mentoring"},
        {"Git"},
        {"Linux"},
        {"Agile"},
    ):
        assert expected in must
    assert skills(found, "nice") == [
        {"Cloud platforms"},
        {"CI/CD"},
        {"Distributed systems"},
        # "databases (relational and/or NoSQL), including schema design and query optimization"
        {"Schema design"},
        {"Query optimization"},
    ]
    assert {"System design"} in must  # "CS concepts, including ... system design"
    assert one(found, "years").min_years == 8
    assert one(found, "leadership").importance == "must"
    assert {"SOLID"} not in must  # "Solid experience" is an adjective, not the principles


def test_it_lists_the_required_skills_of_posting_002() -> None:
    found = seed("002")
    must = skills(found, "must")
    for expected in (
        {"Python"},
        {"FastAPI"},
        {"REST APIs"},
        {"Microservices"},
        {"PostgreSQL"},
        {"MySQL"},
        {"NoSQL databases"},
        {"OAuth2"},
        {"JWT"},
        {"Cloud platforms"},
        {"SOLID"},
        {"Domain-driven design"},
    ):
        assert expected in must
    # Responsibilities describe the job; only the skills sections suggest requirements.
    assert [r for r in found if r.kind == "years"] == []
    assert one(found, "leadership").importance == "nice"  # listed under "Preferred Skills"


def test_it_lists_the_saas_lead_requirements_of_posting_003() -> None:
    found = seed("003")
    years = one(found, "years")
    lead = one(found, "leadership")
    assert (years.min_years, years.importance) == (8, "must")
    assert (lead.min_years, lead.importance) == (3, "must")
    must = skills(found, "must")
    assert must == [
        {"Distributed systems"},
        {"Django", "FastAPI"},
        {"MySQL", "PostgreSQL"},
        {"NoSQL databases", "MongoDB", "Cassandra"},
        {"Microservices"},
        {"Docker", "Kubernetes"},
        {"Service mesh"},
        {"Cloud platforms", "AWS", "Azure"},
        {"Prometheus", "Grafana", "ELK Stack", "Loki", "Observability"},
    ]
    # "..., including data modeling and query optimization": details of the databases asked.
    assert skills(found, "nice") == [
        {"Schema design"},
        {"Query optimization"},
        {"CI/CD"},
        {"Git"},
        {"Infrastructure as code"},
        {"Testing"},
    ]


def test_it_suggests_nothing_from_a_description_without_requirements() -> None:
    assert suggest_requirements("We are a friendly team in Lagos. Apply today!") == []


def test_it_reads_must_and_nice_sections_of_a_plain_posting() -> None:
    found = suggest_requirements(
        "Requirements\n- 3+ years with Golang or Rust\n- Kafka\nNice to have\n- Terraform\n"
    )
    assert [(r.kind, set(r.skills), r.min_years, r.importance) for r in found] == [
        ("years", set(), 3, "must"),
        ("skill", {"Go", "Rust"}, None, "must"),
        ("skill", {"Kafka"}, None, "must"),
        ("skill", {"Terraform"}, None, "nice"),
    ]
