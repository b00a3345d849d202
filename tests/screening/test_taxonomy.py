from __future__ import annotations

import pytest

from screening.engine.taxonomy import find_skills, listing, load


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("Postgres", "PostgreSQL"),
        ("psql", "PostgreSQL"),
        ("k8s", "Kubernetes"),
        ("DRF", "Django REST framework"),
        ("Node", "Node.js"),
        ("Golang", "Go"),
        ("docker-compose", "docker-compose"),
    ],
)
def test_it_knows_common_spellings(spelling: str, canonical: str) -> None:
    assert canonical in find_skills(f"Worked with {spelling} and Redis every day.")


def test_it_groups_skills_by_area() -> None:
    taxonomy = load()
    assert taxonomy.area("Celery") == "queues"
    assert taxonomy.area("Prometheus") == "observability"
    assert {s.area for s in taxonomy.skills.values()} >= {
        "languages",
        "web frameworks",
        "queues",
        "datastores",
        "cloud",
        "devops",
        "observability",
        "security",
        "frontend",
        "data/ML",
        "leadership and practices",
    }


def test_it_adds_what_a_skill_implies_with_its_evidence() -> None:
    found = find_skills("Built payment APIs in Django REST framework.")
    assert found["Python"].implied_by == "Django"
    assert found["Python"].evidence == "Built payment APIs in Django REST framework."


def test_it_respects_word_boundaries() -> None:
    assert "Java" not in find_skills("Frontend work in JavaScript and React.")
    assert "C" not in find_skills("Services in C# and C++ with Redis.")
    assert "Go" not in find_skills("Built Django apps for Gojek.")


@pytest.mark.parametrize(
    "text",
    [
        "I go to every planning meeting and help the rest of the team with Python.",
        "Go to market plan for a Series C company using Salesforce.",
        "We rest on Fridays.",
        "Presented R&D results to C-level executives.",
    ],
)
def test_it_ignores_ambiguous_short_names_in_plain_english(text: str) -> None:
    assert not {"Go", "C", "R", "REST APIs"} & set(find_skills(text))


def test_it_finds_ambiguous_short_names_beside_other_technology() -> None:
    found = find_skills("Services in Go and Python; REST APIs over PostgreSQL; analysis in R.")
    assert {"Go", "REST APIs", "R"} <= set(found)
    assert "Go" in find_skills("Go\nKubernetes\ngRPC")  # a skills list, one per line


@pytest.mark.parametrize(
    "line",
    [
        "Go / RabbitMQ / MariaDB / Gitlab CI/CD / Docker",
        "Process management \u2022 Scrum \u2022 risk management \u2022 planning",
        "Data & APIs:** GraphQL, REST APIs, ActiveRecord, PostgreSQL",
    ],
)
def test_short_items_on_one_line_are_a_list(line: str) -> None:
    assert listing(line)


def test_a_sentence_with_commas_is_work_not_a_list() -> None:
    assert not listing(
        "Led team of 11 engineers delivering systems for US healthcare clients, owning"
        " architecture, quality, and release."
    )
