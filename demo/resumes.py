"""Demo resumes: career histories built from small parts, rendered as PDF, DOCX or plain text.

`build_profile` turns an archetype (strong fit, near miss, other stack, junior...) and what a
posting asks for into a structured `Profile`; `render` writes that profile in one of several
layouts per format. Everything comes from the `random.Random` passed in, so the same seed gives
the same people and the same resumes.
"""

from __future__ import annotations

import functools
import io
import random
import textwrap
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal
from xml.sax.saxutils import escape

from docx import Document
from docx.shared import Pt
from reportlab.lib import colors
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    HRFlowable,
    NextPageTemplate,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

Archetype = Literal[
    "strong", "near_skill", "near_years", "no_lead", "other_stack", "junior", "non_eng"
]
Format = Literal["pdf", "docx", "txt"]
FORMATS: tuple[Format, ...] = ("pdf", "docx", "txt")
# Resumes write date ranges with an en dash, as word processors do.
DASH = "\u2013"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Market:
    """Where the applicants live: the employers, schools and languages on their resumes."""

    country: str
    cities: tuple[str, ...]
    companies: tuple[str, ...]
    schools: tuple[str, ...]
    degrees: tuple[str, ...]
    languages: tuple[str, ...]
    paper: Literal["A4", "letter"] = "A4"


@dataclass(frozen=True)
class Target:
    """What one posting asks for, as far as a resume writer could tell from reading it."""

    must: tuple[tuple[str, ...], ...]  # each a requirement's alternatives
    nice: tuple[tuple[str, ...], ...]
    min_years: int
    lead_min_years: int
    domain: tuple[str, ...]
    role: str  # "backend" or "mobile"


@dataclass
class Job:
    title: str
    company: str
    city: str
    start: date
    end: date | None
    bullets: list[str]

    @property
    def dates(self) -> str:
        end = month_year(self.end) if self.end else "Present"
        return f"{month_year(self.start)} {DASH} {end}"


@dataclass
class Study:
    degree: str
    school: str
    start: int
    end: int


@dataclass
class Profile:
    name: str
    headline: str
    email: str
    phone: str
    location: str
    links: dict[str, str]
    summary: str
    jobs: list[Job]
    skills: dict[str, list[str]]
    education: list[Study]
    certifications: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    # What the applicant pipeline needs to answer screening questions consistently.
    archetype: Archetype = "strong"
    years: float = 0.0
    lead_years: float = 0.0
    team_size: int = 0
    latin_name: str = ""

    @property
    def header_name(self) -> str:
        """The name as the resume shows it: native script with a Latin spelling beside it."""
        if self.latin_name and needs_complex_script(self.name):
            return f"{self.name} ({self.latin_name})"
        return self.name

    @property
    def skill_list(self) -> list[str]:
        return [s for group in self.skills.values() for s in group]


def month_year(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"


# --- Building blocks ---------------------------------------------------------------------------

_CATEGORIES = {
    "Languages": "Python|Go|Node.js|TypeScript|JavaScript|Java|C#|Ruby|PHP|Kotlin|Swift|SQL",
    "Frameworks & APIs": (
        "FastAPI|Django|Flask|Celery|Dramatiq|RQ|Sidekiq|Spring Boot|Hibernate|ASP.NET Core|"
        "Entity Framework|Ruby on Rails|Laravel|React|React Native|Vue.js|GraphQL|REST APIs|"
        "WebSockets|pandas|Airflow"
    ),
    "Data & messaging": (
        "PostgreSQL|MySQL|MariaDB|MongoDB|DynamoDB|Cassandra|Couchbase|Redis|Oracle|SQL Server|"
        "Kafka|Kinesis|Pulsar|RabbitMQ|Snowflake|BigQuery"
    ),
    "Infrastructure & tooling": (
        "Docker|docker-compose|Kubernetes|AWS|GCP|Azure|Terraform|CloudFormation|Istio|Linkerd|"
        "Linux|Git|CI/CD|Jenkins|Heroku|Prometheus|Grafana|OpenTelemetry|Datadog|Loki|ELK Stack|"
        "Bash|GitHub Actions|Nginx|Sentry|pytest"
    ),
    "Architecture & practices": (
        "Microservices|Modular monolith|Distributed systems|Event-driven architecture|"
        "System design|Domain-Driven Design|Observability|Query optimization|Webhooks|OAuth2|JWT|"
        "Staging environments|Microservices migration|Solution architecture|HIPAA|MLOps|"
        "Mentoring|Scrum|Agile|Code review|Incident response"
    ),
}
CATEGORY = {skill: c for c, skills in _CATEGORIES.items() for skill in skills.split("|")}
CATEGORY_ORDER = tuple(_CATEGORIES)
# Neutral extras that pad a skills section the way real ones are padded; never a requirement.
EXTRA_SKILLS = ("Bash", "GitHub Actions", "Nginx", "Sentry", "pytest", "Code review", "SQL")
# First year a technology could plausibly appear on a resume.
SINCE = {
    "FastAPI": 2019,
    "Dramatiq": 2018,
    "Docker": 2014,
    "docker-compose": 2015,
    "Kubernetes": 2016,
    "OpenTelemetry": 2020,
    "Loki": 2019,
    "React Native": 2016,
    "Go": 2013,
    "Istio": 2018,
    "Linkerd": 2018,
    "GraphQL": 2016,
    "Pulsar": 2018,
    "ASP.NET Core": 2017,
    "TypeScript": 2014,
    "Swift": 2015,
    "Kotlin": 2017,
    "MLOps": 2019,
}

# One line per skill, in the voice of a resume; {d} is the business, {n} a number.
SKILL_LINES: dict[str, tuple[str, ...]] = {
    "Python": (
        "Wrote and maintained the Python services behind {d}, about {k}k lines with typed code",
        "Moved the {d} reconciliation scripts into a tested Python package used by three teams",
    ),
    "FastAPI": (
        "Built the {d} API in FastAPI with Pydantic models and OpenAPI docs clients generate from",
        "Rewrote a slow Flask endpoint layer in FastAPI; p95 fell from {slow} to {ms} ms",
    ),
    "Django": (
        "Extended a Django monolith serving {n}k daily users; split the {d} app into clean modules",
        "Designed Django models and admin tools that let operations resolve {d} issues unaided",
    ),
    "Flask": ("Maintained Flask services for {d}, adding request tracing and structured logs",),
    "Celery": (
        "Moved slow {d} work into Celery workers with retries and idempotency keys",
        "Tuned Celery queues and prefetch settings so nightly {d} jobs finished {pct}% faster",
    ),
    "Dramatiq": ("Ran {d} background jobs on Dramatiq with dead-letter handling and alerts",),
    "RQ": ("Processed {d} events with RQ workers; added a sweeper for stuck jobs",),
    "Sidekiq": ("Ran {d} jobs on Sidekiq with unique jobs and exponential retries",),
    "Redis": (
        "Introduced Redis caching for {d} lookups, taking {pct}% of reads off the primary database",
        "Used Redis for queues, rate limiting and short-lived locks in the {d} flow",
    ),
    "Docker": ("Containerised every service with Docker and trimmed images by {pct}%",),
    "docker-compose": ("Gave every engineer a one-command local stack with docker-compose",),
    "PostgreSQL": (
        "Designed PostgreSQL schemas for {d}; added partial indexes that fixed the slowest queries",
        "Ran zero-downtime PostgreSQL migrations on tables with {n}0M rows",
    ),
    "MySQL": ("Owned the MySQL schema for {d}, including read replicas and online migrations",),
    "MariaDB": ("Maintained MariaDB clusters for the {d} back office",),
    "Webhooks": (
        "Built webhook receivers for payment providers with signature checks and replay protection",
        "Designed outgoing webhooks for {d} with retries, backoff and a delivery log for merchants",
    ),
    "Staging environments": (
        "Separated local, staging and production configuration; staging now mirrors production",
    ),
    "CI/CD": (
        "Set up CI/CD pipelines that test, build and deploy on every merge, {n} deploys a week",
    ),
    "Scrum": ("Worked in two-week Scrum sprints, splitting epics into reviewable tickets",),
    "Agile": ("Planned and estimated work with product in an Agile team of {n}",),
    "Microservices": (
        "Split the {d} domain into {n} microservices with clear ownership and contracts",
        "Ran {n} microservices in production behind an API gateway",
    ),
    "Modular monolith": ("Restructured a tangled codebase into a modular monolith by domain",),
    "Observability": ("Added metrics, structured logs and alerts for every {d} service",),
    "Prometheus": ("Wrote Prometheus alerts and SLOs for the {d} services",),
    "Grafana": ("Built the Grafana dashboards on-call engineers use first during incidents",),
    "OpenTelemetry": ("Rolled out OpenTelemetry tracing across {n} services",),
    "Datadog": ("Set up Datadog APM and monitors; cut alert noise by {pct}%",),
    "ELK Stack": ("Centralised logs in the ELK Stack with per-tenant dashboards",),
    "Loki": ("Moved application logs to Loki, keeping 30 days searchable at a third of the cost",),
    "Mentoring": (
        "Mentored {s} junior and mid-level engineers through reviews and weekly pairing",
    ),
    "Node.js": ("Built Node.js services for {d} with TypeScript and strict linting",),
    "Go": ("Wrote the high-throughput {d} ingestion service in Go, {n}k events per second",),
    "MongoDB": ("Modelled {d} documents in MongoDB and fixed unbounded array growth",),
    "DynamoDB": ("Designed DynamoDB access patterns for {d} with single-table design",),
    "Cassandra": ("Ran a six-node Cassandra cluster for {d} time series",),
    "Couchbase": ("Used Couchbase as a session and {d} cache for the mobile apps",),
    "System design": (
        "Led system design reviews for new {d} features before any code was written",
    ),
    "Git": ("Introduced trunk-based development with short-lived Git branches",),
    "Linux": ("Debugged production issues on Linux hosts with strace, perf and tcpdump",),
    "AWS": ("Ran the {d} platform on AWS (ECS, RDS, SQS, S3) with infrastructure in code",),
    "GCP": ("Deployed services to GCP (Cloud Run, Cloud SQL, Pub/Sub)",),
    "Azure": ("Moved {d} workloads to Azure App Service and Azure SQL",),
    "Distributed systems": (
        "Designed a distributed {d} pipeline that survives node loss without double-processing",
    ),
    "REST APIs": ("Designed versioned REST APIs for {d}, used by {n} partner integrations",),
    "Query optimization": ("Profiled and rewrote the slowest {d} queries; p99 fell by {pct}%",),
    "Domain-Driven Design": (
        "Mapped bounded contexts for {d} with Domain-Driven Design workshops",
    ),
    "OAuth2": ("Implemented OAuth2 client-credentials and PKCE flows for partner APIs",),
    "JWT": ("Issued short-lived JWTs with key rotation; added rate limiting at the gateway",),
    "Microservices migration": (
        "Led the migration of a monolith to microservices over {n} months without downtime",
    ),
    "Event-driven architecture": ("Moved {d} updates to an event-driven design with an outbox",),
    "Kafka": ("Built Kafka consumers for {d} events with exactly-once processing downstream",),
    "Kinesis": ("Streamed {d} events through Kinesis into the analytics warehouse",),
    "Pulsar": ("Evaluated and adopted Pulsar for multi-tenant {d} streams",),
    "Solution architecture": ("Wrote solution architecture documents for enterprise clients",),
    "Istio": ("Rolled out Istio for mTLS and traffic shifting between service versions",),
    "Linkerd": ("Introduced Linkerd for service-to-service mTLS and retries",),
    "GraphQL": ("Designed the GraphQL schema for {d} and solved N+1 queries with dataloaders",),
    "WebSockets": ("Pushed live {d} updates over WebSockets to {n}k concurrent clients",),
    "HIPAA": (
        "Worked with compliance on HIPAA controls: audit logs, PHI encryption, access reviews",
    ),
    "Terraform": ("Managed AWS accounts with Terraform modules reviewed like code",),
    "CloudFormation": ("Described the {d} stack in CloudFormation templates",),
    "MLOps": ("Integrated an ML scoring model into the {d} pipeline with versioned deployments",),
    "Kubernetes": ("Moved services to Kubernetes with autoscaling and pod disruption budgets",),
    "React Native": (
        "Shipped the {d} features of a React Native app with {n}0k monthly users",
        "Cut React Native app start time by {pct}% by deferring heavy screens",
    ),
    "TypeScript": ("Converted the codebase to strict TypeScript",),
    "Kotlin": ("Wrote Kotlin native modules for biometric login on Android",),
    "Swift": ("Wrote Swift native modules for secure storage on iOS",),
    "Java": ("Built {d} services in Java 17",),
    "Spring Boot": ("Developed Spring Boot microservices for {d} with Spring Security",),
    "Hibernate": ("Tuned Hibernate mappings and fetch plans that caused N+1 queries",),
    "Oracle": ("Wrote PL/SQL packages and tuned Oracle queries for {d} reports",),
    "C#": ("Built {d} features in C# with a clean, test-first approach",),
    "ASP.NET Core": ("Built ASP.NET Core Web APIs for {d} with {n} partner integrations",),
    "Entity Framework": ("Modelled the {d} domain with Entity Framework Core migrations",),
    "SQL Server": ("Owned SQL Server stored procedures and index maintenance",),
    "Ruby": ("Wrote Ruby services and internal gems for {d}",),
    "Ruby on Rails": ("Built {d} features in a Ruby on Rails monolith with {n}k daily users",),
    "Heroku": ("Ran the Rails app on Heroku with review apps for every pull request",),
    "PHP": ("Maintained a PHP codebase for {d}",),
    "Laravel": ("Built Laravel APIs and queues for {d}",),
    "Vue.js": ("Built the {d} admin dashboard in Vue.js",),
    "React": ("Built React screens for the {d} dashboard",),
    "JavaScript": ("Maintained jQuery and vanilla JavaScript front ends",),
    "RabbitMQ": ("Ran RabbitMQ queues for {d} notifications",),
    "Jenkins": ("Maintained Jenkins pipelines for {n} services",),
    "Airflow": ("Scheduled {d} data pipelines in Airflow",),
}
GENERIC_LINES = (
    "Worked with {skill} daily on the {d} platform",
    "Introduced {skill} to the {d} team and wrote the team's guide to it",
)
LEAD_LINES = (
    "Led a team of {t} backend engineers; ran sprint planning with the product manager",
    "Managed {t} engineers across two squads, including hiring, one-to-ones and reviews",
    "Led a team of {t} engineers and owned delivery of the {d} roadmap end to end",
    "Tech lead for {t} engineers: set the review bar, broke down epics, unblocked releases",
)
SMALL_LEAD_LINES = (
    "Mentored two interns and ran the team's weekly code-review session",
    "Acted as lead for a two-person squad while the team lead was on leave",
)
EARLY_LINES = (
    "Built REST endpoints and admin screens for the {d} team",
    "Wrote integration tests and fixed production bugs reported by support",
    "Moved cron scripts onto the company's job scheduler, with alerts on failure",
    "Maintained the internal reporting service used by finance",
    "Took part in the on-call rotation and wrote the first runbooks",
)
JUNIOR_LINES = (
    "Wrote unit tests that raised coverage of the {d} module from {low}% to {high}%",
    "Fixed bugs reported by support and paired with senior engineers on reviews",
    "Built internal admin pages for the {d} team",
)
IMPACT_LINES = (
    "Owned on-call for the {d} services; brought monthly incidents from {n} to under 2",
    "Wrote the incident runbooks and led {n} blameless post-mortems",
    "Worked with product and design to ship {d} features on a two-week cadence",
    "Reduced cloud spend by {pct}% by right-sizing services and cleaning up unused storage",
    "Coordinated releases with the frontend and mobile teams so features shipped together",
    "Interviewed backend candidates and improved the take-home exercise",
)
OTHER_STACKS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Java", ("Java", "Spring Boot", "Hibernate", "Oracle", "Kafka", "Jenkins"), ("Java",)),
    (".NET", ("C#", "ASP.NET Core", "Entity Framework", "SQL Server", "Azure"), (".NET",)),
    ("Rails", ("Ruby", "Ruby on Rails", "Sidekiq", "PostgreSQL", "Redis", "Heroku"), ("Rails",)),
    ("PHP", ("PHP", "Laravel", "MySQL", "Redis", "Vue.js", "RabbitMQ"), ("PHP",)),
)
NON_ENGINEERING: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # title ladder, skills, bullets
    "product": (
        ("Associate Product Manager", "Product Manager", "Senior Product Manager"),
        ("Product discovery", "Roadmapping", "Jira", "SQL", "Figma", "User research"),
        (
            "Owned the {d} roadmap and ran discovery interviews with {n} customers a quarter",
            "Wrote PRDs and acceptance criteria with engineering and design",
            "Launched the {d} self-service flow, lifting activation by {pct}%",
        ),
    ),
    "qa": (
        ("QA Analyst", "QA Engineer", "Senior QA Engineer"),
        ("Manual testing", "Selenium", "Postman", "Jira", "Test planning", "SQL"),
        (
            "Wrote and ran regression test plans for the {d} releases",
            "Automated {n}0 smoke tests with Selenium and Postman collections",
            "Triaged production bugs with support and engineering",
        ),
    ),
    "data": (
        ("Data Analyst", "Data Analyst", "Senior Data Analyst"),
        ("SQL", "Excel", "Power BI", "Python", "pandas", "Looker"),
        (
            "Built Power BI dashboards for {d} used in the weekly business review",
            "Wrote SQL and Python (pandas) analyses of {d} churn and retention",
            "Defined the KPIs for the {d} team with finance",
        ),
    ),
    "it": (
        ("IT Support Specialist", "Systems Administrator", "IT Operations Lead"),
        ("Windows Server", "Active Directory", "Microsoft 365", "Networking", "ITIL"),
        (
            "Supported {n}0 staff across two offices; kept ticket backlog under a day",
            "Administered Active Directory and Microsoft 365 for the whole company",
            "Rolled out device management and laptop encryption",
        ),
    ),
    "project": (
        ("Project Coordinator", "Project Manager", "Senior Project Manager"),
        ("PRINCE2", "Jira", "Stakeholder management", "Budgeting", "Risk management"),
        (
            "Ran delivery of {d} projects worth up to {n}0 million in local currency",
            "Managed timelines, risks and vendors across {n} workstreams",
            "Reported weekly progress to the steering committee",
        ),
    ),
}
BOOTCAMPS = ("Code Academy", "Software Engineering Bootcamp", "Backend Developer Programme")
CERTIFICATIONS = (
    "AWS Certified Solutions Architect - Associate",
    "Certified Kubernetes Administrator (CKA)",
    "Professional Scrum Master I",
    "Google Cloud Professional Cloud Architect",
    "Microsoft Certified: Azure Developer Associate",
)


# --- Building a profile ------------------------------------------------------------------------


def _fill(
    rng: random.Random, template: str, domain: tuple[str, ...], skill: str = "", team: int = 0
) -> str:
    return template.format(
        d=rng.choice(domain),
        n=rng.randint(3, 9),
        k=rng.randint(20, 90),
        ms=rng.randint(80, 240),
        slow=rng.randint(6, 18) * 100,
        pct=rng.randint(15, 60),
        low=rng.randint(35, 55),
        high=rng.randint(70, 88),
        s=rng.choice(("three", "four", "five", "six")),
        t=team or rng.randint(4, 9),
        skill=skill,
    )


def _skill_line(
    rng: random.Random, skill: str, domain: tuple[str, ...], used: set[str] | None = None
) -> str:
    """A bullet about `skill`, avoiding templates this resume has already used."""
    used = set() if used is None else used
    templates = [t for t in SKILL_LINES.get(skill, ()) if t not in used]
    templates = templates or [t for t in GENERIC_LINES if t not in used] or list(GENERIC_LINES)
    template = rng.choice(templates)
    used.add(template)
    return _fill(rng, template, domain, skill)


def _timeline(
    rng: random.Random, years: float, today: date, *, between_jobs: bool
) -> list[tuple[date, date | None]]:
    """Start and end month of each job, newest first, covering about `years` of work."""
    months = max(6, round(years * 12))
    count = max(1, min(5, 1 + int(years / 2.6), months // 8))
    # Every job lasts at least eight months; the rest of the time is spread at random.
    weights = [rng.random() + 0.2 for _ in range(count)]
    spare = months - 8 * count
    lengths = [8 + int(spare * w / sum(weights)) for w in weights]
    lengths[-1] += months - sum(lengths)
    bounds = [0]
    for length in lengths:
        bounds.append(bounds[-1] + length)
    # Someone between jobs left the last one a few months ago.
    idle = rng.randint(2, 4) if between_jobs else 0
    career_start = _months_before(today, months + idle)
    spans: list[tuple[date, date | None]] = []
    for i in range(len(bounds) - 1):
        start = _months_after(career_start, bounds[i])
        end = _months_after(career_start, bounds[i + 1] - 1)
        newest = i == len(bounds) - 2
        spans.append((start, None if newest and not between_jobs else end))
    return spans[::-1]


def _months_before(today: date, months: int) -> date:
    return _months_after(date(today.year, today.month, 1), -months)


def _months_after(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _backend_title(rng: random.Random, years_in: float, *, lead: bool, role: str) -> str:
    kind = "Mobile" if role == "mobile" else "Backend"
    if lead:
        return rng.choice(
            (f"{kind} Lead", f"Lead {kind} Engineer", "Engineering Team Lead", "Tech Lead")
        )
    if years_in < 1.5:
        return rng.choice((f"Junior {kind} Developer", "Software Developer", "Graduate Engineer"))
    if years_in < 5:
        return rng.choice((f"{kind} Engineer", "Software Engineer", f"{kind} Developer"))
    if years_in < 9:
        return rng.choice((f"Senior {kind} Engineer", "Senior Software Engineer"))
    return rng.choice((f"Senior {kind} Engineer", "Staff Engineer", "Principal Engineer"))


def _pick_skills(rng: random.Random, groups: Iterable[tuple[str, ...]]) -> list[str]:
    picked: list[str] = []
    for group in groups:
        choice = list(rng.sample(group, 2 if len(group) > 2 and rng.random() < 0.3 else 1))
        picked.extend(s for s in choice if s not in picked)
    return picked


def build_profile(
    rng: random.Random,
    *,
    name: str,
    email: str,
    phone: str,
    city: str,
    archetype: Archetype,
    target: Target,
    market: Market,
    today: date,
    native_language: str = "",
    latin_name: str = "",
) -> Profile:
    """A plausible career for this person, fitting the target as well as the archetype says."""
    base_years = max(target.min_years, 5)
    lead_years = 0.0
    team_size = 0
    non_eng_kind = ""
    stack_label = ""
    if archetype == "non_eng":
        non_eng_kind = rng.choice(sorted(NON_ENGINEERING))
        years = rng.uniform(3, 12)
        skills = list(NON_ENGINEERING[non_eng_kind][1])
    elif archetype == "other_stack":
        stack_label, stack, _ = rng.choice(OTHER_STACKS)
        years = rng.uniform(4, 14)
        skills = [*stack, *rng.sample(("Docker", "Git", "Linux", "CI/CD", "AWS"), 3)]
        if rng.random() < 0.5:
            lead_years, team_size = rng.uniform(1, 4), rng.randint(3, 7)
    elif archetype == "junior":
        years = rng.uniform(0.7, 3.0)
        skills = [*_pick_skills(rng, target.must[:2]), "Git"]
        skills += rng.sample(_pick_skills(rng, target.must[2:]), min(2, len(target.must[2:])))
    else:
        must = list(target.must)
        if archetype == "near_skill" and len(must) > 1:
            must.pop(rng.randrange(1, len(must)))
        skills = _pick_skills(rng, must)
        nice_rate = 0.55 if archetype == "strong" else 0.3
        skills += [s for s in _pick_skills(rng, target.nice) if rng.random() < nice_rate]
        if archetype == "near_years":
            years = max(2.0, target.min_years - rng.uniform(1.0, 3.0))
        else:
            years = base_years + rng.uniform(1.0, 8.0)
        if archetype in ("strong", "near_skill"):
            lead_years = min(years - 1.5, max(target.lead_min_years, 1.5) + rng.uniform(0, 3))
            team_size = rng.randint(4, 10)
        elif archetype == "near_years" and rng.random() < 0.7:
            lead_years, team_size = 1.0, rng.randint(2, 3)
    if archetype != "non_eng":
        # Padding must not quietly satisfy a requirement this person is meant to miss.
        wanted = {skill for group in (*target.must, *target.nice) for skill in group}
        neutral = [s for s in EXTRA_SKILLS if s not in wanted]
        skills += rng.sample(neutral, min(len(neutral), rng.randint(1, 4)))
    skills = list(dict.fromkeys(skills))
    if lead_years and "Mentoring" not in skills and rng.random() < 0.5:
        skills.append("Mentoring")

    spans = _timeline(rng, years, today, between_jobs=rng.random() < 0.12)
    lead_start = _months_before(today, round(lead_years * 12))
    companies = rng.sample(market.companies, len(spans))
    jobs: list[Job] = []
    remaining = [s for s in skills if s not in EXTRA_SKILLS and s != "Mentoring"]
    lead_lines = rng.sample(LEAD_LINES, len(LEAD_LINES))
    used: set[str] = set()
    core = remaining[:3]
    led_months = 0
    for index, ((start, end), company) in enumerate(zip(spans, companies, strict=True)):
        first, finish = spans[-1][0], end or today
        # Titles follow seniority in the middle of the job, not at its first day.
        middle = ((start.year - first.year) * 12 + start.month - first.month) / 12
        years_in = middle + ((finish.year - start.year) * 12 + finish.month - start.month) / 24
        in_lead_years = lead_years > 0 and finish > lead_start
        # Covering for a lead now and then is a bullet, not a title.
        is_lead = in_lead_years and team_size >= 4
        if non_eng_kind:
            ladder = NON_ENGINEERING[non_eng_kind][0]
            title = ladder[min(len(ladder) - 1, int(years_in / 3))]
        elif stack_label:
            title = _backend_title(rng, years_in, lead=is_lead, role="backend").replace(
                "Backend", stack_label
            )
        elif archetype == "junior" and index == len(spans) - 1 and len(spans) > 1:
            title = "Software Engineering Intern"
        else:
            title = _backend_title(rng, years_in, lead=is_lead, role=target.role)
        lead_line = ""
        if is_lead:
            # Teams grow over a career: earlier lead roles had fewer people.
            team = max(3, team_size - 2 * index)
            lead_line = _fill(rng, lead_lines[index % len(lead_lines)], target.domain, team=team)
            if "Mentoring" in skills and index == 0:
                lead_line += "; " + _skill_line(rng, "Mentoring", target.domain, used).lower()
        elif in_lead_years and index == 0:
            lead_line = rng.choice(SMALL_LEAD_LINES)
        bullets = _job_bullets(
            rng,
            index=index,
            until_year=finish.year,
            remaining=remaining,
            core=core,
            lead_line=lead_line,
            non_eng_kind=non_eng_kind,
            junior=archetype == "junior",
            domain=target.domain,
            used=used,
        )
        if target.role == "mobile":
            bullets = [b.replace("backend", "mobile") for b in bullets]
        jobs.append(Job(title, company, rng.choice(market.cities), start, end, bullets))
        if is_lead:
            led_months += (finish.year - start.year) * 12 + finish.month - start.month + 1

    grouped: dict[str, list[str]] = {}
    for skill in skills:
        grouped.setdefault(CATEGORY.get(skill, "Other"), []).append(skill)
    ordered = {c: grouped[c] for c in (*CATEGORY_ORDER, "Other") if c in grouped}
    if non_eng_kind:
        ordered = {"Skills": skills}

    first_job_year = spans[-1][0].year
    education = _education(rng, market, first_job_year, archetype)
    certifications = (
        rng.sample(CERTIFICATIONS, rng.randint(1, 2))
        if archetype in ("strong", "near_skill", "no_lead") and rng.random() < 0.4
        else []
    )
    languages = [native_language] if native_language else []
    others = [x for x in market.languages if x.split()[0] != native_language.split(" ")[0]]
    languages.append(rng.choice(others or market.languages))
    slug = email.split("@")[0].replace(".", "-")
    links = {"linkedin": f"https://linkedin.example.com/in/{slug}"}
    if not non_eng_kind and rng.random() < 0.6:
        links["github"] = f"https://github.example.com/{slug.replace('-', '')}"
    profile = Profile(
        name=name,
        headline=jobs[0].title,
        email=email,
        phone=phone,
        location=city,
        links=links,
        summary="",
        jobs=jobs,
        skills=ordered,
        education=education,
        certifications=certifications,
        languages=list(dict.fromkeys(languages)),
        archetype=archetype,
        years=round(years, 1),
        # What the resume shows, which is what a reader (and the screening answers) go by.
        lead_years=round(led_months / 12, 1) if led_months else round(lead_years, 1),
        team_size=team_size,
        latin_name=latin_name,
    )
    profile.summary = _summary(rng, profile, target, stack_label, non_eng_kind)
    return profile


def _job_bullets(
    rng: random.Random,
    *,
    index: int,
    until_year: int,
    remaining: list[str],
    core: list[str],
    lead_line: str,
    non_eng_kind: str,
    junior: bool,
    domain: tuple[str, ...],
    used: set[str],
) -> list[str]:
    if non_eng_kind:
        lines = list(NON_ENGINEERING[non_eng_kind][2])
        rng.shuffle(lines)
        return [_fill(rng, line, domain) for line in lines[: rng.randint(2, 3)]]
    bullets = [lead_line] if lead_line else []
    # The newest job carries most of the skills: that is where recruiters look first.
    limit = 3 if junior else (6, 4)[index] if index < 2 else 2
    mentioned = [s for s in remaining if SINCE.get(s, 0) <= until_year][:limit]
    for skill in mentioned:
        remaining.remove(skill)
    if not mentioned:
        # Older jobs still used the person's main tools, just not everything they know now.
        mentioned = [s for s in core if SINCE.get(s, 0) <= until_year][:1]
    bullets += [_skill_line(rng, skill, domain, used) for skill in mentioned]
    extra = JUNIOR_LINES if junior else EARLY_LINES if index >= 1 else IMPACT_LINES
    fresh = [line for line in extra if line not in used]
    for line in rng.sample(fresh, min(len(fresh), 1 if len(bullets) >= 3 else 2)):
        used.add(line)
        bullets.append(_fill(rng, line, domain))
    return bullets


def _education(
    rng: random.Random, market: Market, first_job_year: int, archetype: Archetype
) -> list[Study]:
    """Newest first, finished by the time the first job started."""
    end = first_job_year - rng.randint(0, 1)
    if archetype == "junior" and rng.random() < 0.5:
        bootcamp = f"{market.cities[0].split(',')[0]} {rng.choice(BOOTCAMPS)}"
        return [Study("Certificate, Software Engineering", bootcamp, end - 1, end)]
    studies = []
    if rng.random() < 0.15 and archetype != "junior":
        universities = [s for s in market.schools if "College of Technology" not in s]
        master = "M.Sc. Computer Science" if market.paper == "A4" else "M.S. Computer Science"
        studies.append(Study(master, rng.choice(universities), end - 2, end))
        end -= 2
    school = rng.choice(market.schools)
    # Polytechnics award the Higher National Diploma, not degrees.
    polytechnic = "College of Technology" in school
    degree = "HND Computer Science" if polytechnic else rng.choice(market.degrees)
    studies.append(Study(degree, school, end - (2 if polytechnic else 4), end))
    return studies


def _summary(
    rng: random.Random, p: Profile, target: Target, stack_label: str, non_eng_kind: str
) -> str:
    years = int(p.years) if p.years >= 1 else 1
    domain = rng.choice(target.domain)
    flat = [s for group in p.skills.values() for s in group if s != "Mentoring"]
    top = ([s for s in flat if s in SKILL_LINES] or flat)[:3]
    top_text = ", ".join(top[:-1]) + f" and {top[-1]}" if len(top) > 1 else "".join(top)
    if non_eng_kind:
        return (
            f"{p.headline} with {years} years of experience in {domain} and digital products. "
            f"Works closely with engineering teams and is now looking to move closer to "
            f"technical work. Tools: {top_text}."
        )
    if p.archetype == "junior":
        return (
            f"Early-career developer ({years} year{'s' if years > 1 else ''} in industry) "
            f"eager to grow on a strong backend team. Comfortable with {top_text}; "
            f"learning fast about testing, deployment and production support."
        )
    lead = (
        f" Has led teams of up to {p.team_size} engineers for about {round(p.lead_years)} years."
        if p.lead_years >= 1 and p.team_size >= 4
        else " Prefers deep individual-contributor work and owning hard technical problems."
        if p.archetype == "no_lead"
        else ""
    )
    craft = f"{stack_label} engineer" if stack_label else "Backend engineer"
    if target.role == "mobile" and not stack_label:
        craft = "Mobile engineer"
    opener = rng.choice(
        (
            f"{craft} with {years} years of experience building {domain} systems.",
            f"{craft} with {years} years in industry, most recently on {domain}.",
            f"{years} years as a {craft.lower()}; recent work on {domain} at scale.",
        )
    )
    return f"{opener}{lead} Strongest in {top_text}."


# --- Rendering ---------------------------------------------------------------------------------


def render(profile: Profile, fmt: Format, variant: int) -> bytes:
    renderers: dict[Format, Callable[[Profile, int], bytes]] = {
        "pdf": render_pdf,
        "docx": render_docx,
        "txt": render_txt,
    }
    return renderers[fmt](profile, variant)


def needs_complex_script(text: str) -> bool:
    """Arabic or CJK text: our PDF fonts have no shaping, so such resumes are written as DOCX."""
    return any(
        "\u0600" <= ch <= "\u06ff" or "\u3000" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af"
        for ch in text
    )


def resume_filename(profile: Profile, fmt: Format, variant: int) -> str:
    spaced = profile.name if not needs_complex_script(profile.name) else profile.latin_name
    joined = spaced.replace(" ", "_")
    first, *_, last = spaced.split() if " " in spaced else (spaced, spaced)
    patterns = (
        f"{joined}_CV.{fmt}",
        f"{spaced} - Resume.{fmt}",
        f"CV_{last}_{first}_{profile.jobs[0].start.year + 1}.{fmt}",
        f"{joined.lower()}-resume.{fmt}",
    )
    if needs_complex_script(profile.name):
        # What people write in their own script: 简历 is "resume" in Chinese.
        word = "简历" if profile.name[0] >= "\u3000" else "CV"
        return f"{profile.name}_{word}.{fmt}"
    return patterns[variant % len(patterns)]


def _contact_items(p: Profile) -> list[str]:
    return [p.location, p.email, p.phone, *p.links.values()]


def _skill_lines(p: Profile) -> list[str]:
    return [f"{category}: {', '.join(skills)}" for category, skills in p.skills.items()]


def _study_line(s: Study) -> str:
    return f"{s.degree}, {s.school} ({s.start} {DASH} {s.end})"


def render_txt(p: Profile, variant: int) -> bytes:
    def heading(text: str) -> list[str]:
        if variant == 0:
            return ["", text.upper()]
        if variant == 1:
            return ["", text, "-" * len(text)]
        return ["", f"## {text}"]

    lines = [
        p.header_name.upper() if variant == 0 else p.header_name,
        p.headline,
        " | ".join(_contact_items(p)),
    ]
    lines += heading("Summary") + textwrap.wrap(p.summary, 92)
    lines += heading("Experience" if variant != 1 else "Work history")
    for job in p.jobs:
        lines += ["", f"{job.title}, {job.company} ({job.city})", job.dates]
        lines += [f"{'-' if variant == 2 else '*'} {b}" for b in job.bullets]
    lines += heading("Skills") + _skill_lines(p)
    lines += heading("Education") + [_study_line(s) for s in p.education]
    if p.certifications:
        lines += heading("Certifications") + p.certifications
    lines += [*heading("Languages"), ", ".join(p.languages)]
    # Variant 1 is what a Windows editor saves: CRLF line endings.
    newline = "\r\n" if variant == 1 else "\n"
    return (newline.join(lines) + newline).encode("utf-8")


def render_docx(p: Profile, variant: int) -> bytes:
    doc = Document()
    doc.core_properties.author = p.name
    doc.core_properties.title = f"{p.name} {DASH} CV"
    style = doc.styles["Normal"]
    style.font.name = ("Calibri", "Arial", "Cambria")[variant % 3]
    style.font.size = Pt(10.5)
    contact = " · ".join(_contact_items(p))
    if variant == 1:
        # Name and contact details only in the page header, as many templates do.
        header = doc.sections[0].header
        header.paragraphs[0].text = p.header_name
        header.paragraphs[0].runs[0].bold = True
        header.add_paragraph(f"{p.headline} · {contact}")
    else:
        doc.add_heading(p.header_name, level=0)
        doc.add_paragraph(p.headline).runs[0].italic = True
        doc.add_paragraph(contact)
    doc.add_heading("Profile" if variant == 2 else "Summary", level=1)
    doc.add_paragraph(p.summary)
    doc.add_heading("Experience", level=1)
    if variant == 2:
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for job in p.jobs:
            left, right = table.add_row().cells
            left.text = job.dates
            right.text = f"{job.title} — {job.company}, {job.city}"
            right.paragraphs[0].runs[0].bold = True
            for bullet in job.bullets:
                right.add_paragraph(f"• {bullet}")
    else:
        for job in p.jobs:
            para = doc.add_paragraph()
            para.add_run(f"{job.title}, {job.company}").bold = True
            para.add_run(f"\t{job.city} | {job.dates}")
            for bullet in job.bullets:
                doc.add_paragraph(bullet, style="List Bullet")
    doc.add_heading("Skills", level=1)
    if variant in (1, 2):
        table = doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for category, skills in p.skills.items():
            left, right = table.add_row().cells
            left.text, right.text = category, ", ".join(skills)
    else:
        for line in _skill_lines(p):
            doc.add_paragraph(line)
    doc.add_heading("Education", level=1)
    for study in p.education:
        doc.add_paragraph(_study_line(study))
    if p.certifications:
        doc.add_heading("Certifications", level=1)
        for cert in p.certifications:
            doc.add_paragraph(cert, style="List Bullet")
    doc.add_heading("Languages", level=1)
    doc.add_paragraph(", ".join(p.languages))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/Library/Fonts"),
)


@functools.cache
def _pdf_fonts() -> dict[str, str]:
    """Unicode TTF fonts when the system has them (for names like Adébáyọ̀), else Helvetica."""
    files = {
        "sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf"),
        "serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"),
    }
    fonts = {
        "sans": "Helvetica",
        "sans-bold": "Helvetica-Bold",
        "sans-italic": "Helvetica-Oblique",
        "serif": "Times-Roman",
        "serif-bold": "Times-Bold",
        "serif-italic": "Times-Italic",
        "unicode": "",
    }
    for family, (regular, bold, italic) in files.items():
        folder = next((d for d in FONT_DIRS if (d / regular).exists()), None)
        if folder is None or not all((folder / f).exists() for f in (bold, italic)):
            continue
        name = f"Demo{family.title()}"
        for suffix, filename in (("", regular), ("-Bold", bold), ("-Italic", italic)):
            pdfmetrics.registerFont(TTFont(name + suffix, str(folder / filename)))
        addMapping(name, 0, 0, name)
        addMapping(name, 1, 0, f"{name}-Bold")
        addMapping(name, 0, 1, f"{name}-Italic")
        addMapping(name, 1, 1, f"{name}-Bold")
        fonts.update(
            {family: name, f"{family}-bold": f"{name}-Bold", f"{family}-italic": f"{name}-Italic"}
        )
        fonts["unicode"] = "yes"
    return fonts


def _pdf_text(text: str) -> str:
    """Markup-safe text the chosen font can draw: without TTF fonts, fold to Latin-1-ish."""
    if not _pdf_fonts()["unicode"]:
        folded = []
        for ch in unicodedata.normalize("NFKD", text):
            if unicodedata.combining(ch):
                continue
            try:
                ch.encode("cp1252")
            except UnicodeEncodeError:
                ch = "?"
            folded.append(ch)
        text = unicodedata.normalize("NFC", "".join(folded))
    return escape(text)


def render_pdf(p: Profile, variant: int) -> bytes:
    fonts = _pdf_fonts()
    family = "serif" if variant == 1 else "sans"
    regular, bold, italic = fonts[family], fonts[f"{family}-bold"], fonts[f"{family}-italic"]
    accent = (colors.HexColor("#1f4e79"), colors.black, colors.HexColor("#0b6e4f"))[variant % 3]
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12.5)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11)
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=10, bulletIndent=2)
    name_style = ParagraphStyle(
        "name",
        fontName=bold,
        fontSize=20,
        leading=24,
        textColor=accent,
        alignment=1 if variant == 1 else 0,
    )
    section = ParagraphStyle(
        "section",
        fontName=bold,
        fontSize=11,
        leading=14,
        textColor=accent,
        spaceBefore=8,
        keepWithNext=1,
    )
    job_title = ParagraphStyle("job", parent=body, fontName=bold, spaceBefore=5, keepWithNext=1)
    dates = ParagraphStyle("dates", parent=small, fontName=italic, alignment=2)
    small_italic = ParagraphStyle(
        "small_italic", parent=small, fontName=italic, spaceAfter=2, keepWithNext=1
    )
    t = _pdf_text
    pagesize = LETTER if p.location.endswith(("USA", "United States")) else A4
    width, height = pagesize

    def heading(text: str) -> list[Any]:
        items: list[Any] = [Paragraph(t(text.upper() if variant == 1 else text), section)]
        if variant != 2:
            rule = HRFlowable(width="100%", thickness=0.6, color=accent, spaceAfter=3)
            rule.keepWithNext = True
            items.append(rule)
        return items

    def experience() -> list[Any]:
        items: list[Any] = heading("Experience")
        for job in p.jobs:
            header = f"{t(job.title)}, {t(job.company)} · {t(job.city)}"
            if variant == 2:
                # Rows here may move from the narrow column to a full-width page, and a table
                # keeps the width it was first laid out at: dates go on their own line.
                items.append(Paragraph(header, job_title))
                items.append(Paragraph(t(job.dates), small_italic))
            else:
                table = Table(
                    [[Paragraph(header, job_title), Paragraph(t(job.dates), dates)]],
                    colWidths=["72%", "28%"],
                )
                table.setStyle(
                    TableStyle(
                        [
                            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ]
                    )
                )
                table.keepWithNext = True
                items.append(table)
            items += [Paragraph(t(b), bullet, bulletText="•") for b in job.bullets]
        return items

    def skills_and_rest(style: ParagraphStyle) -> list[Any]:
        items: list[Any] = heading("Skills")
        for category, skills in p.skills.items():
            items.append(Paragraph(f"<b>{t(category)}</b>: {t(', '.join(skills))}", style))
        items += heading("Education")
        for study in p.education:
            items.append(Paragraph(f"<b>{t(study.degree)}</b><br/>{t(study.school)}", style))
            items.append(Paragraph(f"{study.start} {DASH} {study.end}", style))
        if p.certifications:
            items += heading("Certifications")
            items += [Paragraph(t(c), style) for c in p.certifications]
        items += heading("Languages")
        items.append(Paragraph(t(", ".join(p.languages)), style))
        return items

    out = io.BytesIO()
    margin = 16 * mm
    doc = BaseDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=f"{p.name} {DASH} CV",
        author=p.name,
        invariant=True,
    )
    full = Frame(margin, margin, width - 2 * margin, height - 2 * margin, id="full")
    contact = " · ".join(t(item) for item in _contact_items(p))
    story: list[Any] = []
    if variant == 2:
        side_width = 62 * mm

        def sidebar_background(canvas: Any, _doc: Any) -> None:
            canvas.saveState()
            canvas.setFillColor(colors.HexColor("#eef4f1"))
            canvas.rect(0, 0, side_width + margin * 0.6, height, stroke=0, fill=1)
            canvas.restoreState()

        side = Frame(
            margin * 0.6, margin, side_width - margin * 0.4, height - 2 * margin, id="side"
        )
        main_x = side_width + margin
        main = Frame(main_x, margin, width - main_x - margin, height - 2 * margin, id="main")
        doc.addPageTemplates(
            [
                PageTemplate("first", [side, main], onPage=sidebar_background),
                PageTemplate("later", [full]),
            ]
        )
        story += [NextPageTemplate("later"), Paragraph(t(p.header_name), name_style)]
        story += [Paragraph(t(p.headline), small), Spacer(1, 6)]
        tiny = ParagraphStyle("tiny", parent=small, fontSize=7.5, leading=10)
        story += [Paragraph(t(item.removeprefix("https://")), tiny) for item in _contact_items(p)]
        story += skills_and_rest(small)
        story.append(FrameBreak())
        story += [*heading("Summary"), Paragraph(t(p.summary), body)]
        story += experience()
    else:
        doc.addPageTemplates([PageTemplate("full", [full])])
        centered = ParagraphStyle("centered", parent=small, alignment=1 if variant == 1 else 0)
        story += [Paragraph(t(p.header_name), name_style), Paragraph(t(p.headline), centered)]
        story += [Paragraph(contact, centered), Spacer(1, 4)]
        story += [*heading("Summary"), Paragraph(t(p.summary), body)]
        story += experience()
        story += skills_and_rest(body)
    doc.build(story)
    return out.getvalue()
