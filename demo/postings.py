"""Demo postings: one open role per demo organization, modeled on shared/seeds/, plus a few more.

The open postings keep the substance of the seed postings (skills, alternatives, years,
leadership, pay) in our own words, so the screening logic meets the shapes real users publish.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Organization, Role, User
from demo.organizations import DEMO_ORGS
from postings.models import (
    DEFAULT_STAGE_NAMES,
    DefaultStage,
    EmailTemplate,
    EmploymentType,
    Importance,
    Posting,
    PostingStatus,
    Question,
    QuestionKind,
    Requirement,
    RequirementKind,
    SalaryPeriod,
    Workplace,
)
from postings.services import (
    CollectionItem,
    close_posting,
    create_posting,
    publish_posting,
    save_collection_changes,
)

MUST, NICE = Importance.MUST, Importance.NICE
SKILL, YEARS, LEAD, OTHER = (
    RequirementKind.SKILL,
    RequirementKind.YEARS,
    RequirementKind.LEADERSHIP,
    RequirementKind.OTHER,
)


@dataclass(frozen=True)
class Req:
    kind: RequirementKind
    importance: Importance
    skills: tuple[str, ...] = ()
    min_years: int | None = None
    weight: int = 3
    text: str = ""


@dataclass(frozen=True)
class Ask:
    text: str
    kind: QuestionKind
    choices: tuple[str, ...] = ()
    knockout: str = ""
    required: bool = True
    # How demo applicants answer it (see demo/applicants.py); not stored on the question.
    answered_by: str = ""


@dataclass(frozen=True)
class DemoPosting:
    org_slug: str
    slug: str
    title: str
    department: str
    location: str
    workplace: Workplace
    salary_min: int | None
    salary_max: int | None
    salary_currency: str
    salary_period: SalaryPeriod
    description: str
    requirements: tuple[Req, ...]
    questions: tuple[Ask, ...] = ()
    status: PostingStatus = PostingStatus.OPEN
    employment_type: EmploymentType = EmploymentType.FULL_TIME
    opened_days_ago: int | None = None
    closed_days_ago: int | None = None
    # Words the demo resumes use for the business ("payments", "claims").
    domain: tuple[str, ...] = field(default=("orders", "accounts"))

    @property
    def min_years(self) -> int | None:
        return next((r.min_years for r in self.requirements if r.kind == YEARS), None)

    @property
    def lead_min_years(self) -> int | None:
        return next((r.min_years for r in self.requirements if r.kind == LEAD), None)

    @property
    def requires_leadership(self) -> bool:
        return any(r.kind == LEAD and r.importance == MUST for r in self.requirements)


KOLANUT_BACKEND_LEAD = DemoPosting(
    org_slug="kolanut-pay",
    slug="backend-lead-payments",
    title="Backend Lead, Payments Platform",
    department="Engineering",
    location="Lagos, Nigeria",
    workplace=Workplace.HYBRID,
    salary_min=500_000,
    salary_max=500_000,
    salary_currency="NGN",
    salary_period=SalaryPeriod.MONTH,
    opened_days_ago=38,
    domain=("payments", "payouts", "merchant settlements", "card transactions"),
    description="""\
Kolanut Pay is reorganising its backend team, and we want one person to own how it builds and
ships. You will be the technical owner of our backend and the person who makes sure that what
the team promises actually works in staging and in production.

This is a hands-on job with real responsibility for outcomes. If you enjoy writing code but
would rather not be accountable for a team's delivery, it will not be a good fit.

## What you will own
- The architecture of our backend services, and the decisions behind it
- Sprint planning and breakdown, together with our product manager
- Day-to-day direction of the backend engineers, including reviewing and approving their merge
  requests
- End-to-end delivery: a feature is done when it works across frontend, backend and our
  partners, not when the ticket is closed
- Getting builds ready for customer and investor demos
- Integration and queue problems: finding out why a webhook or a worker failed, and fixing it
- Logging, error handling and retry behaviour across services
- Our API integration standards and a clean split between local, staging and production

## The stack you must have used in production
- **Python**, with FastAPI, Django or Flask
- A background job system: Celery, Dramatiq, RQ or something comparable
- **Redis** for queues and caching
- **Docker** and docker-compose
- **PostgreSQL** or another relational database
- Webhook-driven integrations, ideally with payment providers
- Deploying the same system to several environments

## About you
- At least **5 years** of backend engineering
- You have **led a backend team** before, formally or as its de facto lead
- You have owned a production system and been the one people called when it broke
- You debug calmly and think about the whole system
- You explain technical trade-offs clearly to engineers and to non-engineers alike
- You are comfortable working to milestones set with a product manager

## How we work
Short stand-up every evening, async coordination in the backend channel during the day,
sprint planning with the PM, and delivery measured against milestones.

## Pay
₦500,000 per month. Hybrid: at least three days a week at our office in Lekki, Lagos.
""",
    requirements=(
        Req(SKILL, MUST, ("Python",), weight=5),
        Req(SKILL, MUST, ("FastAPI", "Django", "Flask"), weight=4),
        Req(
            SKILL,
            MUST,
            ("Celery", "Dramatiq", "RQ"),
            weight=4,
            text="Background jobs: Celery, Dramatiq, RQ or equivalent",
        ),
        Req(SKILL, MUST, ("Redis",), weight=3, text="Redis for queues and caching"),
        Req(SKILL, MUST, ("Docker", "docker-compose"), weight=3),
        Req(
            SKILL,
            MUST,
            ("PostgreSQL", "MySQL", "MariaDB"),
            weight=3,
            text="PostgreSQL or a similar relational database",
        ),
        Req(
            SKILL,
            MUST,
            ("Webhooks",),
            weight=4,
            text="Webhook-based integrations, e.g. payment providers",
        ),
        Req(
            OTHER,
            MUST,
            ("Staging environments", "CI/CD"),
            weight=2,
            text="Deploying across local, staging and production environments",
        ),
        Req(YEARS, MUST, min_years=5, weight=4, text="5+ years of backend engineering"),
        Req(LEAD, MUST, weight=5, text="Has led at least one backend team"),
        Req(OTHER, MUST, weight=3, text="Has owned a production system end to end"),
        Req(OTHER, NICE, weight=2, text="Communicates clearly with technical and business people"),
        Req(
            OTHER,
            NICE,
            ("Scrum", "Agile"),
            weight=1,
            text="Comfortable with PM-led, milestone-driven delivery",
        ),
    ),
    questions=(
        Ask(
            "Can you work from our Lekki, Lagos office at least three days a week?",
            QuestionKind.YES_NO,
            knockout="no",
            answered_by="onsite",
        ),
        Ask(
            "Have you led a backend team (run its planning and reviewed its work)?",
            QuestionKind.YES_NO,
            knockout="no",
            answered_by="led_team",
        ),
    ),
)

BRIGHTLOOM_TEAM_LEAD = DemoPosting(
    org_slug="brightloom",
    slug="senior-backend-team-lead",
    title="Senior Backend Team Lead",
    department="Platform Engineering",
    location="Berlin, Germany",
    workplace=Workplace.HYBRID,
    salary_min=88_000,
    salary_max=105_000,
    salary_currency="EUR",
    salary_period=SalaryPeriod.YEAR,
    opened_days_ago=30,
    domain=("subscriptions", "catalogue", "checkout", "search"),
    description="""\
Brightloom is looking for a backend team lead who likes building dependable systems as much as
helping engineers get better at their craft. You will split your time between architecture,
delivery and mentoring: you still write and debug code, and you also shape how the team
designs, reviews and scales what it builds.

## The job
- Lead the backend team that designs and runs our high-traffic services
- Set technical direction and review architecture proposals
- Keep delivery predictable: plan, slice the work, estimate honestly and clear blockers early
- Work with frontend, product and DevOps to turn requirements into solid services
- Run code reviews that teach, and help every engineer grow in skill and confidence
- Balance speed and quality, and judge when a refactor is worth it and when it is not

## You must have
- Led a small or mid-sized backend team, owning its delivery and technical direction
- Run microservices, or a cleanly modular architecture, in production
- A solid track record in performance tuning, monitoring and observability (metrics, logs,
  alerts)
- Mentored junior and mid-level engineers through reviews, guidance and growth conversations

## And also
- **8+ years** building backend software, including running production systems
- Good computer science foundations: data structures, algorithms, system design
- Object-oriented design and maintainable web backends
- Production experience in at least one of **Node.js, Python or Go**
- Relational and/or NoSQL databases, including schema design and query tuning
- Git and collaborative review workflows
- Comfort on Linux; scripting and automation are welcome
- Experience in Agile or Scrum teams, contributing to planning and estimation
- A degree in computer science or a related field, or equivalent practical experience

## Nice to have
Cloud platforms, CI/CD pipelines and distributed systems, and time spent in fast-moving
product or platform teams.

## What we offer
€88,000 to €105,000 a year, hybrid work from our Kreuzberg office (two days a week), 30 days of
holiday and a yearly learning budget.
""",
    requirements=(
        Req(LEAD, MUST, weight=5, text="Has led a small to mid-sized backend team"),
        Req(
            SKILL,
            MUST,
            ("Microservices", "Modular monolith"),
            weight=4,
            text="Microservices or a well-structured modular architecture in production",
        ),
        Req(
            SKILL,
            MUST,
            ("Observability", "Prometheus", "Grafana", "OpenTelemetry", "Datadog"),
            weight=4,
            text="Performance optimisation, monitoring and observability",
        ),
        Req(
            LEAD,
            MUST,
            ("Mentoring",),
            weight=4,
            text="Has mentored junior and mid-level engineers",
        ),
        Req(YEARS, MUST, min_years=8, weight=4, text="8+ years of backend development"),
        Req(SKILL, MUST, ("Node.js", "Python", "Go"), weight=5),
        Req(
            SKILL,
            MUST,
            ("PostgreSQL", "MySQL", "MongoDB", "DynamoDB", "Cassandra"),
            weight=3,
            text="Relational or NoSQL databases: schema design and query tuning",
        ),
        Req(SKILL, MUST, ("System design",), weight=3, text="CS foundations and system design"),
        Req(SKILL, MUST, ("Git",), weight=2),
        Req(SKILL, MUST, ("Linux",), weight=2),
        Req(SKILL, MUST, ("Scrum", "Agile"), weight=2, text="Agile or Scrum teams"),
        Req(
            OTHER,
            MUST,
            weight=1,
            text="Degree in computer science or related field, or equivalent experience",
        ),
        Req(SKILL, NICE, ("AWS", "GCP", "Azure"), weight=2, text="A cloud platform"),
        Req(SKILL, NICE, ("CI/CD",), weight=2),
        Req(SKILL, NICE, ("Distributed systems",), weight=2),
        Req(OTHER, NICE, weight=1, text="Experience in fast-moving product or platform teams"),
    ),
    questions=(
        Ask(
            "What is the largest number of engineers you have led at once?",
            QuestionKind.CHOICE,
            choices=("None yet", "1 to 3", "4 to 8", "More than 8"),
            knockout="None yet",
            answered_by="team_size",
        ),
        Ask(
            "Can you work from our Berlin office two days a week?",
            QuestionKind.YES_NO,
            knockout="no",
            answered_by="onsite",
        ),
        Ask(
            "What is your notice period?",
            QuestionKind.SHORT_TEXT,
            required=False,
            answered_by="notice_text",
        ),
    ),
)

CALDER_LEAD_BACKEND = DemoPosting(
    org_slug="calder-vane",
    slug="lead-backend-engineer-python",
    title="Lead Backend Engineer (Python, FastAPI)",
    department="Enterprise Delivery",
    location="Bengaluru, India",
    workplace=Workplace.HYBRID,
    salary_min=4_000_000,
    salary_max=5_500_000,
    salary_currency="INR",
    salary_period=SalaryPeriod.YEAR,
    opened_days_ago=24,
    domain=("insurance claims", "loan origination", "supply-chain", "billing"),
    description="""\
Calder & Vane builds large backend platforms for enterprise clients. As a Lead Backend Engineer
you will design, build and scale those systems, and make the architecture calls that keep them
healthy for years. The role is deeply hands-on: you write production code every week, and you
also lead design reviews and guide the engineers around you.

## What you will do
- Build scalable backend services in Python and FastAPI
- Own the architecture and technical design of the services you lead
- Design and evolve distributed systems and microservices, and decide when a monolith is the
  better answer
- Set backend standards, lead design discussions and review code
- Build fast, well-documented REST APIs
- Design database architectures on relational and NoSQL stores, and tune them
- Implement authentication and authorization, and keep APIs secure
- Plan cloud-native deployments together with DevOps, frontend and product teams

## Required skills
- **Expert Python**, backend and API development
- **FastAPI**, REST APIs, microservices and distributed systems
- **PostgreSQL or MySQL**, plus a NoSQL database; database architecture and query optimisation
- System design, design patterns, SOLID and Domain-Driven Design
- A solid grasp of scalability, fault tolerance, event-driven and streaming systems, and how
  services talk to each other
- API security: OAuth2, JWT, rate limiting and API gateways
- Production deployments and scaling on a cloud platform

## Preferred
- You have moved a monolith to microservices
- Event-driven architecture and streaming platforms
- Technical leadership or solution architecture experience, e.g. as a tech lead or senior
  backend engineer

## Compensation
₹40 to 55 lakh per year, depending on experience. Hybrid, three days a week at our Whitefield
office.
""",
    requirements=(
        Req(SKILL, MUST, ("Python",), weight=5, text="Expert-level Python"),
        Req(SKILL, MUST, ("FastAPI",), weight=5),
        Req(SKILL, MUST, ("REST APIs",), weight=3),
        Req(SKILL, MUST, ("Microservices",), weight=4),
        Req(SKILL, MUST, ("Distributed systems",), weight=4),
        Req(SKILL, MUST, ("PostgreSQL", "MySQL"), weight=3),
        Req(
            SKILL,
            MUST,
            ("MongoDB", "Cassandra", "DynamoDB", "Couchbase"),
            weight=2,
            text="A NoSQL database",
        ),
        Req(SKILL, MUST, ("Query optimization",), weight=2, text="Database design and tuning"),
        Req(SKILL, MUST, ("System design",), weight=3, text="System design and design patterns"),
        Req(SKILL, MUST, ("Domain-Driven Design",), weight=2, text="DDD and SOLID principles"),
        Req(
            SKILL,
            MUST,
            ("OAuth2", "JWT"),
            weight=3,
            text="API security: OAuth2/JWT, rate limiting, API gateways",
        ),
        Req(SKILL, MUST, ("AWS", "Azure", "GCP"), weight=3, text="Deploying on a cloud platform"),
        Req(
            OTHER,
            NICE,
            ("Microservices migration",),
            weight=2,
            text="Has migrated a monolith to microservices",
        ),
        Req(SKILL, NICE, ("Event-driven architecture",), weight=2),
        Req(SKILL, NICE, ("Kafka", "Kinesis", "Pulsar"), weight=2, text="Streaming systems"),
        Req(LEAD, NICE, weight=3, text="Tech lead or senior backend engineer background"),
        Req(OTHER, NICE, ("Solution architecture",), weight=1),
    ),
    questions=(
        Ask(
            "What is your notice period?",
            QuestionKind.CHOICE,
            choices=("Up to 30 days", "31 to 60 days", "More than 60 days"),
            knockout="More than 60 days",
            answered_by="notice_choice",
        ),
        Ask(
            "Can you work from our Whitefield, Bengaluru office three days a week?",
            QuestionKind.YES_NO,
            knockout="no",
            answered_by="onsite",
        ),
        Ask(
            "How many years have you used Python professionally?",
            QuestionKind.NUMBER,
            answered_by="python_years",
        ),
    ),
)

WELLSPRING_BACKEND_LEAD = DemoPosting(
    org_slug="wellspring-health",
    slug="backend-lead-saas",
    title="Backend Lead, Multi-tenant SaaS",
    department="Engineering",
    location="United States",
    workplace=Workplace.REMOTE,
    salary_min=175_000,
    salary_max=210_000,
    salary_currency="USD",
    salary_period=SalaryPeriod.YEAR,
    opened_days_ago=20,
    domain=("patient scheduling", "clinical notes", "claims", "care plans"),
    description="""\
Wellspring Health makes software that clinics and care teams use every day. We need a Backend
Lead to design, build and run the backend of our multi-tenant SaaS products so that they stay
fast, available and secure as we grow. You will work side by side with our AI Lead and our
Frontend Lead so that backend services, ML pipelines and the product feel like one system.

## What you will be responsible for
- **Architecture.** Shape the backend for many tenants: scalability, availability, security
  and compliance. Design microservices, REST and GraphQL APIs and WebSocket channels that fit
  what the frontend and AI teams need.
- **Performance.** Find bottlenecks and fix them (caching, load balancing, queues), run load
  tests, set baselines, and plan for disaster recovery.
- **Production health.** Run monitoring and observability (Prometheus, Grafana, Loki, ELK),
  lead incident response and on-call, and write blameless post-mortems that prevent repeats.
- **Collaboration.** Integrate MLOps pipelines with the AI team, agree API contracts with the
  frontend team, and define CI/CD, Docker/Kubernetes and infrastructure-as-code with DevOps.
- **People.** Lead and mentor the backend engineers, set clear goals, and review code for
  quality and maintainability.
- **Security and compliance.** Secure coding (OWASP Top 10), HIPAA with our compliance team,
  OAuth/JWT, and encryption at rest and in transit.
- **Documentation.** Keep architecture diagrams, API docs, schemas and runbooks current.

## What you bring
- **8+ years** in backend or full-stack development, including **3+ years as a tech lead or
  architect**
- A history of delivering large distributed systems in production
- **Python** and its frameworks (**Django or FastAPI**)
- SQL (PostgreSQL, MySQL) and NoSQL (MongoDB, Cassandra): data modelling and query tuning
- Microservices and containers (Docker, Kubernetes); service mesh experience is a plus
- AWS or Azure for deployment, scaling and monitoring
- CI/CD, Git workflows, infrastructure as code and automated testing
- Prometheus, Grafana, ELK or Loki
- A bachelor's or master's degree in computer science, engineering or a related field

## Compensation
$175,000 to $210,000 a year plus equity. Fully remote within the United States.
""",
    requirements=(
        Req(YEARS, MUST, min_years=8, weight=4, text="8+ years in backend or full-stack"),
        Req(LEAD, MUST, min_years=3, weight=5, text="3+ years as a tech lead or architect"),
        Req(
            SKILL,
            MUST,
            ("Distributed systems",),
            weight=4,
            text="Has delivered large distributed systems in production",
        ),
        Req(SKILL, MUST, ("Python",), weight=5),
        Req(SKILL, MUST, ("Django", "FastAPI"), weight=4),
        Req(SKILL, MUST, ("PostgreSQL", "MySQL"), weight=3),
        Req(SKILL, MUST, ("MongoDB", "Cassandra"), weight=2, text="A NoSQL database"),
        Req(SKILL, MUST, ("Microservices",), weight=3),
        Req(SKILL, MUST, ("Docker", "Kubernetes"), weight=3, text="Containers"),
        Req(SKILL, MUST, ("AWS", "Azure"), weight=3),
        Req(
            SKILL,
            MUST,
            ("CI/CD",),
            weight=2,
            text="CI/CD, Git workflows, infrastructure as code, automated tests",
        ),
        Req(
            SKILL,
            MUST,
            ("Prometheus", "Grafana", "ELK Stack", "Loki"),
            weight=3,
            text="Monitoring and observability",
        ),
        Req(OTHER, MUST, weight=1, text="Bachelor's or master's in CS, engineering or related"),
        Req(SKILL, NICE, ("Istio", "Linkerd"), weight=1, text="Service mesh"),
        Req(SKILL, NICE, ("GraphQL",), weight=2),
        Req(SKILL, NICE, ("WebSockets",), weight=1),
        Req(SKILL, NICE, ("HIPAA",), weight=3, text="HIPAA and healthcare data"),
        Req(SKILL, NICE, ("Terraform", "CloudFormation"), weight=2),
        Req(SKILL, NICE, ("MLOps",), weight=1, text="Integrating ML pipelines"),
    ),
    questions=(
        Ask(
            "Are you authorized to work in the United States without visa sponsorship?",
            QuestionKind.YES_NO,
            knockout="no",
            answered_by="work_authorization",
        ),
        Ask(
            "Which time zone would you work from?",
            QuestionKind.CHOICE,
            choices=("US Eastern", "US Central", "US Mountain", "US Pacific", "Outside the US"),
            knockout="Outside the US",
            answered_by="us_timezone",
        ),
        Ask(
            "Have you built software that handles protected health information (PHI)?",
            QuestionKind.YES_NO,
            answered_by="phi",
        ),
    ),
)

KOLANUT_MOBILE_CLOSED = DemoPosting(
    org_slug="kolanut-pay",
    slug="mobile-engineer-react-native",
    title="Mobile Engineer (React Native)",
    department="Engineering",
    location="Lagos, Nigeria",
    workplace=Workplace.HYBRID,
    salary_min=350_000,
    salary_max=420_000,
    salary_currency="NGN",
    salary_period=SalaryPeriod.MONTH,
    status=PostingStatus.CLOSED,
    opened_days_ago=95,
    closed_days_ago=41,
    domain=("wallet", "onboarding", "card management"),
    description="""\
Build the Kolanut Pay app that merchants and their customers use to get paid. You will own
features from design review to app-store release, working closely with our designers and the
backend team.

## You have
- 3+ years shipping **React Native** apps to both stores
- Solid **TypeScript**
- Experience with offline-first data and flaky networks

## Nice to have
Native modules in Kotlin or Swift, and payments or KYC flows.

**This role has been filled. Thank you to everyone who applied.**
""",
    requirements=(
        Req(SKILL, MUST, ("React Native",), weight=5),
        Req(SKILL, MUST, ("TypeScript",), weight=3),
        Req(YEARS, MUST, min_years=3, weight=3),
        Req(SKILL, NICE, ("Kotlin", "Swift"), weight=2, text="Native modules"),
    ),
    questions=(
        Ask(
            "Can you work from our Lekki, Lagos office at least three days a week?",
            QuestionKind.YES_NO,
            knockout="no",
            answered_by="onsite",
        ),
    ),
)

BRIGHTLOOM_EM_DRAFT = DemoPosting(
    org_slug="brightloom",
    slug="engineering-manager-platform",
    title="Engineering Manager, Platform",
    department="Platform Engineering",
    location="Berlin, Germany",
    workplace=Workplace.HYBRID,
    salary_min=95_000,
    salary_max=115_000,
    salary_currency="EUR",
    salary_period=SalaryPeriod.YEAR,
    status=PostingStatus.DRAFT,
    description="""\
_Draft: waiting for the budget sign-off before it goes live._

Lead the two platform teams (8 engineers) that run our internal developer platform:
deployment pipelines, observability and the service templates every team starts from.

## You have
- 3+ years managing engineers, including hiring and performance conversations
- A background in backend or infrastructure engineering
- Kubernetes and a major cloud provider
""",
    requirements=(
        Req(LEAD, MUST, min_years=3, weight=5, text="3+ years managing engineers"),
        Req(SKILL, MUST, ("Kubernetes",), weight=3),
        Req(SKILL, NICE, ("AWS", "GCP"), weight=2),
    ),
)

WELLSPRING_DATA_DRAFT = DemoPosting(
    org_slug="wellspring-health",
    slug="senior-data-engineer",
    title="Senior Data Engineer",
    department="Data",
    location="United States",
    workplace=Workplace.REMOTE,
    salary_min=150_000,
    salary_max=180_000,
    salary_currency="USD",
    salary_period=SalaryPeriod.YEAR,
    status=PostingStatus.DRAFT,
    description="""\
Own the pipelines that turn clinic activity into the reporting our customers rely on.

## You have
- 5+ years building data pipelines in **Python** and **SQL**
- Airflow or Dagster, and a warehouse such as Snowflake or BigQuery
- Care for data quality and privacy (HIPAA experience is a plus)
""",
    requirements=(
        Req(SKILL, MUST, ("Python",), weight=4),
        Req(SKILL, MUST, ("Airflow", "Dagster"), weight=3),
        Req(SKILL, MUST, ("Snowflake", "BigQuery", "Redshift"), weight=3),
        Req(YEARS, MUST, min_years=5, weight=3),
        Req(SKILL, NICE, ("HIPAA",), weight=2),
    ),
)

DEMO_POSTINGS: tuple[DemoPosting, ...] = (
    KOLANUT_BACKEND_LEAD,
    BRIGHTLOOM_TEAM_LEAD,
    CALDER_LEAD_BACKEND,
    WELLSPRING_BACKEND_LEAD,
    KOLANUT_MOBILE_CLOSED,
    BRIGHTLOOM_EM_DRAFT,
    WELLSPRING_DATA_DRAFT,
)


def demo_people(org_slug: str) -> dict[Role, User]:
    """The organization's first demo person in each role, as listed in demo/organizations.py."""
    spec = next(o for o in DEMO_ORGS if o.slug == org_slug)
    emails = {role: email for email, _name, role in reversed(spec.people)}
    users = {u.email: u for u in User.objects.filter(email__in=emails.values())}
    return {role: users[email] for role, email in emails.items()}


def _create(spec: DemoPosting, organization: Organization, now: datetime) -> Posting:
    people = demo_people(spec.org_slug)
    recruiter, manager = people[Role.RECRUITER], people[Role.HIRING_MANAGER]
    opened_at = now - timedelta(days=spec.opened_days_ago) if spec.opened_days_ago else None
    posting = create_posting(
        organization,
        by=recruiter,
        hiring_team=[recruiter, manager],
        slug=spec.slug,
        title=spec.title,
        department=spec.department,
        location=spec.location,
        workplace=spec.workplace,
        employment_type=spec.employment_type,
        salary_min=spec.salary_min,
        salary_max=spec.salary_max,
        salary_currency=spec.salary_currency,
        salary_period=spec.salary_period,
        description=spec.description,
        opened_at=opened_at,
    )
    # Through the editor's service, so the posting's history says the recruiter wrote them.
    requirements = [
        Requirement(
            kind=r.kind,
            importance=r.importance,
            skills=list(r.skills),
            min_years=r.min_years,
            weight=r.weight,
            text=r.text,
        )
        for r in spec.requirements
    ]
    questions = [
        Question(
            text=q.text,
            kind=q.kind,
            choices=list(q.choices),
            knockout_answer=q.knockout,
            required=q.required,
        )
        for q in spec.questions
    ]
    added: list[tuple[CollectionItem, int | None]] = [
        *((item, i) for i, item in enumerate(requirements)),
        *((item, i) for i, item in enumerate(questions)),
    ]
    save_collection_changes(posting, added=added, by=recruiter)
    if spec.status in (PostingStatus.OPEN, PostingStatus.CLOSED):
        publish_posting(posting, by=recruiter)
    if spec.status == PostingStatus.CLOSED:
        close_posting(posting, by=recruiter)
        posting.closed_at = now - timedelta(days=spec.closed_days_ago or 1)
        posting.save(update_fields=["closed_at"])
    # The recruiter wrote it a few days before it went live (drafts: last week).
    created_at = (opened_at or now - timedelta(days=2)) - timedelta(days=3, hours=5)
    Posting.objects.filter(pk=posting.pk).update(created_at=created_at, updated_at=created_at)
    return posting


# What a team sends when someone moves on: attached to the demo organizations' stage template,
# so every demo posting's Screen and Technical interview stages offer them after a move.
DEMO_EMAIL_TEMPLATES = {
    "Screen": (
        "Invite to a screening call",
        "{{ posting_title }} at {{ organization_name }}: a first call",
        "Hi {{ first_name }},\n\n"
        "Thank you for applying for {{ posting_title }}. We enjoyed reading your application "
        "and would like a 30-minute call to hear more about your work and answer your "
        "questions.\n\nReply with two or three times that suit you this week or next.\n\n"
        "The {{ organization_name }} hiring team",
    ),
    "Technical interview": (
        "Technical interview invitation",
        "{{ posting_title }}: your technical interview",
        "Hi {{ first_name }},\n\n"
        "You are through to the {{ stage_name }} for {{ posting_title }}. It takes about 90 "
        "minutes with two engineers: a walk through something you built, then a design "
        "problem close to our daily work. No take-home, no trick questions.\n\n"
        "We will send a calendar link in a separate email.\n\n"
        "The {{ organization_name }} hiring team",
    ),
}


def load_stage_template(organization: Organization) -> None:
    """The organization's email templates and stage template, unless it already has its own."""
    if DefaultStage.objects.filter(organization=organization).exists():
        return
    templates = {}
    for stage, (name, subject, body) in DEMO_EMAIL_TEMPLATES.items():
        templates[stage], _ = EmailTemplate.objects.get_or_create(
            organization=organization, name=name, defaults={"subject": subject, "body": body}
        )
    DefaultStage.objects.bulk_create(
        DefaultStage(
            organization=organization, name=name, order=i, email_template=templates.get(name)
        )
        for i, name in enumerate(DEFAULT_STAGE_NAMES)
    )


@transaction.atomic
def load_postings() -> list[Posting]:
    """Create the demo postings that don't exist yet (matched by slug); returns the new ones."""
    now = timezone.now()
    organizations = {o.slug: o for o in Organization.objects.filter(slug__in=_org_slugs())}
    for organization in organizations.values():
        load_stage_template(organization)
    existing = set(
        Posting.objects.filter(organization__slug__in=organizations).values_list(
            "organization__slug", "slug"
        )
    )
    created = []
    for spec in DEMO_POSTINGS:
        if (spec.org_slug, spec.slug) in existing or spec.org_slug not in organizations:
            continue
        created.append(_create(spec, organizations[spec.org_slug], now))
    return created


def _org_slugs() -> list[str]:
    return sorted({spec.org_slug for spec in DEMO_POSTINGS})
