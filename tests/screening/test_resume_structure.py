from __future__ import annotations

import statistics
from datetime import date
from functools import cache

import pytest

from bench import devset
from screening.engine.resume import heading_kind, month_index, parse, spans
from screening.engine.scoring import gather, redact

TODAY = date(2026, 11, 1)
NOW = month_index(2026, 11)


def one_span(text: str) -> tuple[int, int | None]:
    (span,) = spans(text, TODAY.year)
    return span.start, span.end


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Jan 2019 \u2013 Present", (2019, 1), None),
        ("January 2019 - March 2021", (2019, 1), (2021, 4)),
        ("2019-2021", (2019, 1), (2021, 1)),
        ("03/2018 - 06/2020", (2018, 3), (2020, 7)),
        ("2016-11-07 \u2013 2018-09-24", (2016, 11), (2018, 10)),
        ("2020.09 - 2024.01", (2020, 9), (2024, 2)),
        ("2018 to date", (2018, 1), None),
        ("Since 2020", (2020, 1), None),
        ("From April 2018 |", (2018, 4), None),
        ("***Apr 2021 -- Present***", (2021, 4), None),
        ("May 2017 / April 2018", (2017, 5), (2018, 5)),
        ("[Jun/21\u2014Sep/23]", (2021, 6), (2023, 10)),
        ("02/18-01/19", (2018, 2), (2019, 2)),
        ("Oct/2008 \u2013 Jun/2013", (2008, 10), (2013, 7)),
        ("September, 2016 - Current", (2016, 9), None),
        ("Fall 2009 - June 2011", (2009, 9), (2011, 7)),
        ("Mar-2022 - Dec-2023", (2022, 3), (2024, 1)),
        # The months and "present" of the other languages resumes come in.
        ("jan 2023 \u2013 atual", (2023, 1), None),
        ("mar 2019 \u2013 dez 2022", (2019, 3), (2023, 1)),
        ("ene 2018 - actualidad", (2018, 1), None),
        ("set 2015 - ott 2017", (2015, 9), (2017, 11)),
        ("janv. 2016 - en cours", (2016, 1), None),
        ("Okt 2012 - Mär 2014", (2012, 10), (2014, 4)),
    ],
)
def test_it_reads_each_shape_of_date_range(
    text: str, start: tuple[int, int], end: tuple[int, int] | None
) -> None:
    assert one_span(text) == (month_index(*start), month_index(*end) if end else None)


def test_it_reads_a_month_range_inside_one_year_and_a_single_year() -> None:
    assert one_span("June \u2013 August 2013") == (month_index(2013, 6), month_index(2013, 9))
    (span,) = spans("Bachelor of Science, 2011", TODAY.year)
    assert span.single


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("## Experience", "experience"),
        ("**Work Experience**", "experience"),
        ("PROFESSIONAL EXPERIENCE", "experience"),
        ("Employment History", "experience"),
        ("Career History:", "experience"),
        ("E X P E R I E N C E", "experience"),
        ("Exp erience", "experience"),
        ("### Education", "education"),
        ("Education Experience", "education"),
        ("## Side projects", "projects"),
        ("Technical Skills", "skills"),
        ("## Summary", "summary"),
        ("Awards", "other"),
        ("## Experiência Profissional", "experience"),
        ("Esperienze lavorative", "experience"),
        ("Formação Acadêmica", "education"),
        ("AUSBILDUNG", "education"),
        ("Competências", "skills"),
        ("Senior Software Engineer at Acme", None),
        ("- Led the experience redesign", None),
    ],
)
def test_it_recognises_section_headings_in_their_usual_shapes(line: str, kind: str | None) -> None:
    assert heading_kind(line) == kind


RESUME = """Jane Doe
Last updated: November 2026

Summary
Backend engineer with 15+ years of experience.

Experience
----------

### Senior Engineer \u2022 Paylane
Mar 2021 \u2013 Present
- Built the payments API in Django.

Software Engineer, Acme
2017 - 2021
- Python services; Celery workers.

Software Engineering Intern, Initech
June \u2013 August 2016

## Education
BSc Computer Science, State University, 2013 \u2013 2017

## Projects
Open-source CLI in Rust (2015 - 2024)

## Skills
Python, Django, Rust, Kubernetes, Go
"""


def test_it_splits_sections_and_roles_with_title_organisation_and_kind() -> None:
    resume = parse(RESUME, TODAY)
    assert [s.kind for s in resume.sections if s.kind] == [
        "summary",
        "experience",
        "education",
        "projects",
        "skills",
    ]
    senior, acme, intern, degree, project = resume.roles
    assert (senior.title, senior.organisation, senior.kind) == ("Senior Engineer", "Paylane", "job")
    assert senior.lines == ("- Built the payments API in Django.",)
    assert (acme.title, acme.organisation) == ("Software Engineer", "Acme")
    assert intern.kind == "internship"
    assert degree.kind == "education"
    assert project.kind == "project"


def test_it_counts_years_from_jobs_only_with_internships_at_half() -> None:
    evidence = gather(RESUME, TODAY)
    # 2017-01..2026-11 but for Jan-Mar 2021 between the jobs, plus half of a three-month
    # internship; the degree, the project and the stated "15+ years" do not count.
    months = NOW - month_index(2017, 1) - 2
    assert evidence.years == pytest.approx(months / 12 + 0.125, abs=0.01)
    assert evidence.years_evidence == "9.8 years from 3 dated roles (2016\u20132026)"


def test_it_reads_present_as_of_the_resume_own_date() -> None:
    text = "Last updated: March 2018\n\nExperience\nEngineer, Acme\nJan 2015 - Present\n"
    assert gather(text, TODAY).years == pytest.approx(3.17, abs=0.01)
    # With no date stated, 18 months after the start of the role still held (a closed date
    # alone would give a year after it).
    old = "Experience\nEngineer, Acme\nJan 2015 - Present\nEngineer, Initech\n2012 - 2015\n"
    assert gather(old, TODAY).years == pytest.approx(4.5, abs=0.01)
    # Only the start of a role still held: nothing says the file is old.
    only_open = gather("Engineer, Acme\nJan 2015 - Present\n", TODAY)
    assert only_open.years == pytest.approx(11.83, abs=0.01)
    # The caller may know the date (a resume uploaded today).
    assert gather(old, TODAY, as_of=TODAY).years == pytest.approx(14.83, abs=0.01)


def test_it_falls_back_to_stated_years_when_no_role_is_dated() -> None:
    assert gather("Backend engineer with 8+ years of experience in Go.", TODAY).years == 8
    since = gather("Professional software work since 2006.", TODAY)
    assert since.years == pytest.approx(20.8, abs=0.1)


def test_it_reads_leadership_from_words_titles_and_mentoring() -> None:
    words = "Experience\nEngineer, Acme\n2019 - 2023\n- Managed a group of 6 people.\n"
    led = gather(words, TODAY)
    assert (led.lead_strength, led.lead_years) == (2, 4.0)
    assert led.lead_evidence == "Managed a group of 6 people."
    title = gather("Experience\nTeam Lead, Acme\n2019 - 2023\n- Built the API.\n", TODAY)
    assert title.lead_strength == 1  # a title says nothing of the people led
    assert title.lead_years == 4.0
    plain = gather("Experience\nEngineer, Acme\n2019 - 2023\n- Built it.\n", TODAY)
    assert plain.lead_strength == 0


@pytest.mark.parametrize(
    "line",
    [
        "- Lidero um time de 6 engenheiros na plataforma de pagamentos.",
        "- Dirigí un equipo de 4 ingenieros backend.",
        "- Encadré une équipe de 5 développeurs.",
        "- Leitete ein Team von 8 Entwicklern.",
        "- 5명의 팀원을 리딩하며 백엔드 서버 개발",
    ],
)
def test_it_reads_people_led_in_the_other_languages_resumes_come_in(line: str) -> None:
    led = gather(f"Experience\nTech Lead, Acme\n2019 - 2023\n{line}\n", TODAY)
    assert (led.lead_strength, led.lead_years) == (2, 4.0)
    # English words that look alike are not leading people: "coordinated teams".
    plain = gather("Experience\nEngineer, Acme\n2019 - 2023\n- Coordinated teams.\n", TODAY)
    assert plain.lead_strength == 0


def test_it_tells_a_skill_used_in_a_role_from_one_only_listed() -> None:
    context = gather(RESUME, TODAY).skill_context
    assert context["Django"].in_role
    assert context["Django"].last_used == NOW
    assert context["Celery"].months == 48
    assert context["Kubernetes"].listed_only
    assert not context["Kubernetes"].in_role


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # The length a date line adds is not a title: the heading above has it.
        (
            "## Staff Engineer, Zego\n\n***Jan 2020 -- Mar 2021 (1 year 2 months)***\n\nBuilt.\n",
            "Staff Engineer",
        ),
        # A date alone on its line, the title on the next one.
        (
            "Experience\n2013 - now\nSenior Full Stack Developer at Oracle\nBuilt things.\n",
            "Senior Full Stack Developer",
        ),
        (
            "Experience\nMay 2014 - Jun 2016\nData Science Intern at Federal Government\n",
            "Data Science Intern",
        ),
        # The organisation on the date line, the title under it.
        (
            "Experience\nAug to Dec 2006 RESOURCES GLOBAL PTE LTD\n Finance Associate (contract)\n",
            "Finance Associate (contract)",
        ),
        # A Markdown quote line between the "### Org - Title" heading and the date.
        (
            "## Experience\n### Percona - Senior Services Engineer\n> Buenos Aires\n"
            "> August 2016 - September 2017\n\nRemote DBA.\n",
            "Senior Services Engineer",
        ),
    ],
)
def test_it_finds_the_title_beside_below_or_above_the_date_line(text: str, title: str) -> None:
    (role,) = parse(text, TODAY).roles
    assert role.title == title


def test_a_year_in_a_long_sentence_dates_no_role_and_takes_no_roles_lines() -> None:
    text = (
        "Ron has been building web products and services professionally since 2000, from the "
        "first strategy to architecture, delivery and maintenance of each product.\n\n"
        "Senior Developer, RDVO\n2007-12-01 - 2009-10-01\n"
        "RDVO is a digital interactive agency that creates web and mobile applications and "
        "experiences for brands, and was acquired by Cambridge BioMarketing in 2009.\n"
        "- Developed web projects with ASP.NET and PHP.\n"
    )
    (role,) = parse(text, TODAY).roles
    assert role.title == "Senior Developer"
    assert role.lines[-1] == "- Developed web projects with ASP.NET and PHP."
    # A full range still dates a role when a PDF runs its header into the first sentence.
    merged = (
        "Senior Engineer Acme Corp Jan 2019 - Dec 2022 Built the payments platform that serves "
        "two million customers across Europe with Django and Celery workers on Redis\n"
    )
    (role,) = parse(merged, TODAY).roles
    assert role.months == 48


def test_a_degrees_date_line_does_not_take_the_next_entrys_title() -> None:
    text = "Education\n2009 Bachelor of Arts\nExecutive Office of the President\n"
    (role,) = parse(text, TODAY).roles
    assert role.kind == "education"
    assert "President" not in role.header


def test_it_keeps_a_date_range_that_looks_like_a_phone_number() -> None:
    assert "2020.09 - 2024.01" in redact("Engineer (2020.09 - 2024.01)")
    assert "+44 7543 507494" not in redact("call +44 7543 507494")


@cache
def dev_evidence() -> dict[str, object]:
    return {name: gather(redact(text), devset.TODAY) for name, text in devset.texts().items()}


needs_devset = pytest.mark.skipif(not devset.available(), reason="no ../shared/screening-dev")


@needs_devset
def test_years_from_dated_roles_are_close_to_the_graders_on_real_resumes() -> None:
    evidence = dev_evidence()
    errors = [
        abs(evidence[name].years - expected)  # type: ignore[attr-defined]
        for name, expected in devset.labels().years.items()
    ]
    assert statistics.median(errors) <= 1.25  # measured 1.0


@needs_devset
def test_leadership_read_agrees_with_the_grader_on_real_resumes() -> None:
    evidence = dev_evidence()
    labels = devset.labels().leadership
    agree = sum(
        devset.LEAD_READING[evidence[name].lead_strength] == expected  # type: ignore[attr-defined]
        for name, expected in labels.items()
    )
    assert agree / len(labels) >= 0.65  # measured 0.70
