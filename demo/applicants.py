"""Demo applicants for the demo postings: people, answers, resumes and a believable pipeline.

Each posting gets applicants from its company's market, a mix of strong fits, near misses,
other stacks, juniors and people from outside engineering. The best of those already reviewed
sit furthest right on the board; the newest applicants wait in Applied whatever their fit, as
they would on a real Monday morning.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Least
from django.utils import timezone

from accounts.models import Organization, Role, User, normalize_email
from candidates.models import (
    Answer,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Candidate,
    EventKind,
)
from demo.postings import (
    BRIGHTLOOM_TEAM_LEAD,
    CALDER_LEAD_BACKEND,
    KOLANUT_BACKEND_LEAD,
    KOLANUT_MOBILE_CLOSED,
    WELLSPRING_BACKEND_LEAD,
    Ask,
    DemoPosting,
    demo_people,
)
from demo.resumes import (
    FORMATS,
    Archetype,
    Format,
    Market,
    Profile,
    Target,
    build_profile,
    needs_complex_script,
    render,
    resume_filename,
)
from postings.models import Importance, Posting, Question, RequirementKind, Stage
from screening.services import score_application

# The values the apply form records.
SOURCES = (("careers page", 40), ("linkedin", 28), ("referral", 12), ("job board", 20))


@dataclass(frozen=True)
class NameGroup:
    first: tuple[str, ...]
    last: tuple[str, ...]
    language: str = ""
    weight: int = 1  # how common the group is among applicants


@dataclass(frozen=True)
class Pool:
    """Who applies to one company: names, where they live and how their numbers look."""

    market: Market
    groups: tuple[NameGroup, ...]
    # (name as written, name in Latin letters, city, native language): always included.
    named: tuple[tuple[str, str, str, str], ...]
    cities: tuple[tuple[str, int], ...]  # (city, weight)
    commute: tuple[str, ...]  # cities close enough for the office days
    phone: Callable[[random.Random], str]


@dataclass(frozen=True)
class Plan:
    """How many apply to a posting, who they are, and where the board has them today."""

    posting: DemoPosting
    pool: Pool
    mix: tuple[tuple[Archetype, int], ...]
    fresh: int  # newest applicants, still unreviewed in the first stage
    # The reviewed ones, best fit first: (stage index, status, how many).
    outcomes: tuple[tuple[int, ApplicationStatus, int], ...]


NIGERIA = Pool(
    market=Market(
        country="Nigeria",
        cities=("Lagos, Nigeria", "Abuja, Nigeria", "Ibadan, Nigeria"),
        companies=(
            "Tollgate Payments",
            "Ajo Savings Ltd",
            "Korede Logistics",
            "Eko Ride",
            "Savanna Microfinance Bank",
            "Harmattan Labs",
            "Zuma Telecoms",
            "Bukka Foods Online",
            "Gidi Insurtech",
            "Naira Bridge Remit",
        ),
        schools=(
            "University of Lagos",
            "Obafemi Awolowo University",
            "University of Nigeria, Nsukka",
            "Covenant University",
            "Ahmadu Bello University",
            "Federal University of Technology, Akure",
            "University of Ibadan",
            "Yaba College of Technology",
        ),
        degrees=(
            "B.Sc. Computer Science",
            "B.Eng. Electrical and Electronics Engineering",
            "B.Sc. Computer Engineering",
            "B.Tech. Mathematics",
        ),
        languages=("English (fluent)", "English (professional)"),
    ),
    groups=(
        NameGroup(
            (
                "Adébáyọ̀",
                "Olúwaṣeun",
                "Tèmítọ́pẹ́",
                "Fúnmiláyọ̀",
                "Oluwaseun",
                "Temitope",
                "Folake",
                "Kehinde",
                "Damilola",
                "Olamide",
                "Babatunde",
                "Yetunde",
                "Adewale",
                "Opeyemi",
                "Ifeoluwa",
                "Mayowa",
            ),
            (
                "Ògúnlẹ́yẹ",
                "Adéyẹmí",
                "Akinyemi",
                "Balogun",
                "Adeleke",
                "Oyelaran",
                "Ìdòwú",
                "Adeniyi",
                "Ajayi",
                "Akande",
                "Oladipo",
                "Ogunbiyi",
            ),
            "Yorùbá (native)",
            weight=8,
        ),
        NameGroup(
            (
                "Chinedu",
                "Ngozi",
                "Adaeze",
                "Obinna",
                "Ikenna",
                "Nneka",
                "Emeka",
                "Uchenna",
                "Chidinma",
                "Amarachi",
                "Ifeanyi",
                "Kelechi",
                "Nnamdi",
                "Ogechi",
            ),
            (
                "Okafor",
                "Nwosu",
                "Okonkwo",
                "Chukwu",
                "Ibekwe",
                "Nwachukwu",
                "Okeke",
                "Anyanwu",
                "Uzor",
                "Nnadi",
                "Okoye",
            ),
            "Igbo (native)",
            weight=7,
        ),
        NameGroup(
            (
                "Aminu",
                "Zainab",
                "Abubakar",
                "Hauwa",
                "Ibrahim",
                "Fatima",
                "Musa",
                "Aisha",
                "Sadiq",
                "Maryam",
                "Bashir",
            ),
            ("Bello", "Usman", "Abdullahi", "Danjuma", "Garba", "Lawal", "Sani", "Yakubu"),
            "Hausa (native)",
            weight=3,
        ),
        NameGroup(
            ("Osagie", "Efosa", "Ekaette", "Tamuno", "Ebiere", "Itohan", "Preye"),
            ("Ekpo", "Iyamu", "Edet", "Ogbemudia", "Briggs", "Ikiriko"),
            "Nigerian Pidgin",
        ),
    ),
    named=(
        ("Kwame Mensah", "Kwame Mensah", "Accra, Ghana", "Twi (native)"),
        ("Ọláolúwa Adébáyọ̀-Williams", "Olaoluwa Adebayo-Williams", "Lagos, Nigeria", ""),
    ),
    cities=(
        ("Lagos, Nigeria", 70),
        ("Abuja, Nigeria", 8),
        ("Ibadan, Nigeria", 6),
        ("Port Harcourt, Nigeria", 5),
        ("Enugu, Nigeria", 4),
        ("Accra, Ghana", 3),
        ("Kano, Nigeria", 2),
    ),
    commute=("Lagos, Nigeria", "Ibadan, Nigeria"),
    phone=lambda rng: (
        f"+234 {rng.choice(('803', '806', '810', '813', '816', '703', '905'))} "
        f"555 {rng.randint(1000, 9999)}"
    ),
)

GERMANY = Pool(
    market=Market(
        country="Germany",
        cities=("Berlin, Germany", "Hamburg, Germany", "Munich, Germany", "Leipzig, Germany"),
        companies=(
            "Kiezkasse GmbH",
            "Nordlicht Mobility",
            "Spreewerk Software",
            "Havelblick Logistik",
            "Tegel Analytics",
            "Brandtner & Co. AG",
            "Wolkig Cloud GmbH",
            "Lindenhof Health",
            "Fernweh Travel Tech",
            "Kranich Commerce SE",
        ),
        schools=(
            "Technische Universität Berlin",
            "Humboldt-Universität zu Berlin",
            "Karlsruher Institut für Technologie",
            "Technische Universität München",
            "RWTH Aachen",
            "Universität Hamburg",
            "HTW Berlin",
            "University of Warsaw",
        ),
        degrees=(
            "B.Sc. Informatik",
            "B.Sc. Medieninformatik",
            "B.Sc. Wirtschaftsinformatik",
            "B.Sc. Computer Science",
            "Diplom-Informatiker",
        ),
        languages=("English (C1)", "English (fluent)", "German (B2)"),
    ),
    groups=(
        NameGroup(
            (
                "Lukas",
                "Anna",
                "Felix",
                "Katharina",
                "Maximilian",
                "Sophie",
                "Tobias",
                "Laura",
                "Jan",
                "Miriam",
                "Zoë",
                "Jörg",
            ),
            (
                "Müller",
                "Schmidt",
                "Weiß",
                "Becker",
                "Wagner",
                "Krüger",
                "Schäfer",
                "Neumann",
                "Köhler",
                "Hartmann",
            ),
            "German (native)",
        ),
    ),
    named=(
        ("王芳", "Wang Fang", "Berlin, Germany", "Mandarin (native)"),
        ("ليلى حداد", "Layla Haddad", "Berlin, Germany", "Arabic (native)"),
        ("Łukasz Wiśniewski", "Lukasz Wisniewski", "Warsaw, Poland", "Polish (native)"),
        ("Ayşe Yılmaz", "Ayse Yilmaz", "Berlin, Germany", "Turkish (native)"),  # noqa: RUF001
        ("Dragoș Ionescu", "Dragos Ionescu", "Berlin, Germany", "Romanian (native)"),
        ("Nguyễn Thị Lan", "Nguyen Thi Lan", "Leipzig, Germany", "Vietnamese (native)"),
        ("João Ferreira", "Joao Ferreira", "Lisbon, Portugal", "Portuguese (native)"),
        ("Olena Kovalenko", "Olena Kovalenko", "Berlin, Germany", "Ukrainian (native)"),
        ("Giulia Russo", "Giulia Russo", "Munich, Germany", "Italian (native)"),
        ("Aarav Sharma", "Aarav Sharma", "Berlin, Germany", "Hindi (native)"),
    ),
    cities=(
        ("Berlin, Germany", 65),
        ("Potsdam, Germany", 6),
        ("Hamburg, Germany", 8),
        ("Munich, Germany", 6),
        ("Leipzig, Germany", 6),
        ("Amsterdam, Netherlands", 4),
    ),
    commute=("Berlin, Germany", "Potsdam, Germany"),
    phone=lambda rng: rng.choice(
        (
            f"+49 30 5550 {rng.randint(1000, 9999)}",
            f"+49 15{rng.choice('127')} 5550{rng.randint(100, 999)}",
        )
    ),
)

INDIA = Pool(
    market=Market(
        country="India",
        cities=("Bengaluru, India", "Hyderabad, India", "Chennai, India", "Pune, India"),
        companies=(
            "Vanaj Infotech",
            "Kaveri Systems",
            "Neelgiri Payments",
            "Saffron Retail Tech",
            "Tarang Networks",
            "Ashoka Analytics",
            "Indus Freight Tech",
            "Mantra Software Services",
            "Chola Fintech",
        ),
        schools=(
            "IIT Madras",
            "NIT Tiruchirappalli",
            "BITS Pilani",
            "Anna University",
            "VIT Vellore",
            "Savitribai Phule Pune University",
            "IIIT Hyderabad",
            "RV College of Engineering",
        ),
        degrees=(
            "B.Tech. Computer Science and Engineering",
            "B.E. Information Science",
            "B.E. Electronics and Communication",
            "MCA",
            "B.Sc. Computer Science",
        ),
        languages=("English (fluent)",),
    ),
    groups=(
        NameGroup(
            ("Karthik", "Priya", "Lakshmi", "Venkatesh", "Divya", "Harish", "Meera"),
            ("Subramanian", "Raghavan", "Krishnan", "Iyer", "Ramasamy"),
            "Tamil (native)",
            weight=3,
        ),
        NameGroup(
            ("Sai Kiran", "Srinivas", "Swathi", "Ravi Teja"),
            ("Reddy", "Naidu", "Rao", "Varma"),
            "Telugu (native)",
        ),
        NameGroup(("Manjunath", "Deepa", "Pradeep"), ("Gowda", "Hegde", "Shetty"), "Kannada"),
        NameGroup(("Anjali", "Arjun", "Nikhil"), ("Menon", "Pillai", "Nambiar"), "Malayalam"),
        NameGroup(
            ("Aditya", "Rahul", "Neha", "Pooja", "Vikram", "Sneha", "Siddharth"),
            ("Sharma", "Gupta", "Verma", "Kulkarni", "Deshpande", "Joshi"),
            "Hindi (native)",
            weight=3,
        ),
        NameGroup(("Sourav", "Ananya", "Debasish"), ("Chatterjee", "Banerjee", "Das"), "Bengali"),
        NameGroup(("Mohammed", "Ayesha", "Imran", "Sana"), ("Siddiqui", "Khan", "Ansari"), "Urdu"),
    ),
    named=(
        ("Harpreet Kaur", "Harpreet Kaur", "Gurugram, India", "Punjabi (native)"),
        ("Omar Al-Sayed", "Omar Al-Sayed", "Dubai, UAE", "Arabic (native)"),
    ),
    cities=(
        ("Bengaluru, India", 55),
        ("Hyderabad, India", 12),
        ("Chennai, India", 10),
        ("Pune, India", 9),
        ("Kochi, India", 5),
        ("Noida, India", 5),
    ),
    commute=("Bengaluru, India",),
    phone=lambda rng: f"+91 98{rng.randint(100, 999)} {rng.randint(10000, 99999)}",
)

US_TIMEZONES = {"IL": "US Central", "TX": "US Central", "MN": "US Central", "CO": "US Mountain"}
US_TIMEZONES |= {"WA": "US Pacific", "CA": "US Pacific", "GA": "US Eastern", "NY": "US Eastern"}
US_TIMEZONES |= {"NC": "US Eastern", "MA": "US Eastern"}
USA = Pool(
    market=Market(
        country="United States",
        cities=("Chicago, IL, USA", "Austin, TX, USA", "Denver, CO, USA", "Seattle, WA, USA"),
        companies=(
            "Prairie Ledger",
            "Lakeshore Clinics",
            "Northfield Insurance",
            "Bluestem Health",
            "Cedar Point Analytics",
            "Copperline Software",
            "Riverbend Telehealth",
            "Granite Peak Systems",
            "Midway Freight",
        ),
        schools=(
            "University of Illinois Urbana-Champaign",
            "University of Texas at Austin",
            "Purdue University",
            "Georgia Institute of Technology",
            "University of Michigan",
            "Ohio State University",
            "Arizona State University",
            "University of Minnesota",
        ),
        degrees=(
            "B.S. Computer Science",
            "B.S. Computer Engineering",
            "B.S. Mathematics",
            "B.S. Information Systems",
        ),
        languages=("English (native)",),
        paper="letter",
    ),
    groups=(
        NameGroup(
            (
                "Jasmine",
                "Tyler",
                "Emily",
                "Brian",
                "Lauren",
                "DeShawn",
                "Andre",
                "Hannah",
                "Kevin",
                "Rachel",
                "Megan",
                "Jordan",
                "Caleb",
                "Aaliyah",
            ),
            (
                "Carter",
                "Williams",
                "Johnson",
                "Thompson",
                "Mitchell",
                "Kowalski",
                "O'Brien",
                "Goldberg",
                "Jackson",
                "Brooks",
                "Nguyen",
                "Patel",
            ),
        ),
    ),
    named=(
        ("María José Gutiérrez", "Maria Jose Gutierrez", "Austin, TX, USA", "Spanish (native)"),
        ("Mei-Ling Chen", "Mei-Ling Chen", "Seattle, WA, USA", "Mandarin (fluent)"),
        ("Olumide Adeyemi", "Olumide Adeyemi", "Brooklyn, NY, USA", "Yorùbá (fluent)"),
        ("Fatima Hassan", "Fatima Hassan", "Minneapolis, MN, USA", "Somali (native)"),
        ("Liam Tremblay", "Liam Tremblay", "Toronto, Canada", "French (fluent)"),
    ),
    cities=(
        ("Chicago, IL, USA", 25),
        ("Austin, TX, USA", 12),
        ("Denver, CO, USA", 10),
        ("Seattle, WA, USA", 10),
        ("Atlanta, GA, USA", 10),
        ("Brooklyn, NY, USA", 10),
        ("Minneapolis, MN, USA", 8),
        ("Raleigh, NC, USA", 8),
        ("Boston, MA, USA", 7),
    ),
    commute=(),
    phone=lambda rng: (
        f"+1 ({rng.choice(('312', '512', '720', '206', '404', '718', '612', '919'))}) "
        f"555-01{rng.randint(10, 99)}"
    ),
)

Status = ApplicationStatus
ACTIVE = Status.ACTIVE
PLANS: tuple[Plan, ...] = (
    Plan(
        KOLANUT_BACKEND_LEAD,
        NIGERIA,
        mix=(
            ("strong", 14),
            ("near_skill", 10),
            ("near_years", 8),
            ("no_lead", 8),
            ("other_stack", 12),
            ("junior", 12),
            ("non_eng", 6),
        ),
        fresh=33,
        outcomes=(
            (5, Status.HIRED, 1),
            (4, ACTIVE, 2),
            (3, ACTIVE, 4),
            (2, ACTIVE, 7),
            (2, Status.WITHDRAWN, 1),
            (1, ACTIVE, 15),
            (2, Status.REJECTED, 1),
            (1, Status.REJECTED, 2),
            (0, Status.REJECTED, 4),
        ),
    ),
    Plan(
        BRIGHTLOOM_TEAM_LEAD,
        GERMANY,
        mix=(
            ("strong", 5),
            ("near_skill", 3),
            ("near_years", 3),
            ("no_lead", 2),
            ("other_stack", 3),
            ("junior", 2),
            ("non_eng", 2),
        ),
        fresh=8,
        outcomes=(
            (4, ACTIVE, 1),
            (3, ACTIVE, 1),
            (2, ACTIVE, 2),
            (1, Status.WITHDRAWN, 1),
            (1, ACTIVE, 4),
            (1, Status.REJECTED, 1),
            (0, Status.REJECTED, 2),
        ),
    ),
    Plan(
        CALDER_LEAD_BACKEND,
        INDIA,
        mix=(
            ("strong", 5),
            ("near_skill", 3),
            ("near_years", 2),
            ("no_lead", 2),
            ("other_stack", 3),
            ("junior", 2),
            ("non_eng", 1),
        ),
        fresh=7,
        outcomes=(
            (5, Status.HIRED, 1),
            (3, ACTIVE, 1),
            (2, ACTIVE, 2),
            (1, ACTIVE, 3),
            (2, Status.REJECTED, 1),
            (0, Status.REJECTED, 3),
        ),
    ),
    Plan(
        WELLSPRING_BACKEND_LEAD,
        USA,
        mix=(
            ("strong", 4),
            ("near_skill", 3),
            ("near_years", 2),
            ("no_lead", 2),
            ("other_stack", 2),
            ("junior", 1),
            ("non_eng", 2),
        ),
        fresh=6,
        outcomes=(
            (4, ACTIVE, 1),
            (3, ACTIVE, 1),
            (2, ACTIVE, 2),
            (1, ACTIVE, 3),
            (1, Status.REJECTED, 1),
            (0, Status.REJECTED, 2),
        ),
    ),
    Plan(
        KOLANUT_MOBILE_CLOSED,
        NIGERIA,
        mix=(("strong", 3), ("near_years", 2), ("other_stack", 1), ("junior", 2)),
        fresh=0,
        outcomes=(
            (5, Status.HIRED, 1),
            (3, Status.REJECTED, 1),
            (2, Status.REJECTED, 2),
            (1, Status.WITHDRAWN, 1),
            (1, Status.REJECTED, 2),
            (0, Status.REJECTED, 1),
        ),
    ),
)

FIT_RANK: dict[Archetype, float] = {
    "strong": 6.0,
    "near_skill": 4.2,
    "no_lead": 3.8,
    "near_years": 3.5,
    "other_stack": 1.8,
    "junior": 1.0,
    "non_eng": 0.0,
}


@dataclass
class Applicant:
    name: str
    email: str
    city: str
    profile: Profile
    answers: list[tuple[Question, str]]
    stated_years: Decimal
    source: str
    fmt: Format
    variant: int
    rank: float = 0.0
    stage_index: int = 0
    status: ApplicationStatus = ACTIVE
    path: list[Stage] = field(default_factory=list)  # the stages passed through, in order
    applied_at: datetime | None = None
    step_times: list[datetime] = field(default_factory=list)  # moves, then any decision

    @property
    def knockout(self) -> bool:
        return any(_is_knockout(q, value) for q, value in self.answers)


def _is_knockout(question: Question, value: str) -> bool:
    return bool(question.knockout_answer) and value.lower() == question.knockout_answer.lower()


def target_for(spec: DemoPosting) -> Target:
    """What a resume written with this posting in mind would try to show."""

    def groups(importance: Importance) -> tuple[tuple[str, ...], ...]:
        reqs = [
            r
            for r in spec.requirements
            if r.skills and r.importance == importance and r.kind != RequirementKind.LEADERSHIP
        ]
        return tuple(r.skills for r in sorted(reqs, key=lambda r: -r.weight))

    must = groups(Importance.MUST)
    return Target(
        must=must,
        nice=groups(Importance.NICE),
        # A lead role with no stated minimum still expects a senior career.
        min_years=spec.min_years or 6,
        lead_min_years=spec.lead_min_years or 0,
        domain=spec.domain,
        role="mobile" if ("React Native",) in must else "backend",
    )


def _latin(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _email(rng: random.Random, latin: str, taken: set[str]) -> str:
    parts = [p for p in _latin(latin).lower().replace("'", "").replace("-", " ").split() if p]
    first, last = parts[0], parts[-1]
    for local in (
        f"{first}.{last}",
        f"{first}{last}",
        f"{first[0]}{last}",
        f"{first}.{last}{rng.randint(2, 99)}",
    ):
        email = normalize_email(f"{local}@{rng.choice(('example.com', 'example.org'))}")
        if email not in taken:
            taken.add(email)
            return email
    raise RuntimeError("ran out of demo email addresses")  # pragma: no cover


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _people(
    rng: random.Random, pool: Pool, count: int, used_names: set[str]
) -> list[tuple[str, str, str, str]]:
    """(name, latin name, city, native language) for `count` people not used before."""
    people = [p for p in pool.named if p[0] not in used_names][: max(2, count // 5)]
    used_names.update(p[0] for p in people)
    while len(people) < count:
        group = rng.choices(pool.groups, weights=[g.weight for g in pool.groups])[0]
        name = f"{rng.choice(group.first)} {rng.choice(group.last)}"
        if name in used_names:
            continue
        used_names.add(name)
        people.append((name, _latin(name), _weighted(rng, pool.cities), group.language))
    rng.shuffle(people)
    return people


def _answer(rng: random.Random, ask: Ask, a: Applicant, pool: Pool) -> str:
    p = a.profile
    if ask.answered_by == "onsite":
        near = a.city in pool.commute
        return "yes" if near or rng.random() < 0.5 else "no"
    if ask.answered_by == "led_team":
        # A few people without the experience say yes anyway; people decide, not the flag.
        return "yes" if p.team_size >= 2 or rng.random() < 0.15 else "no"
    if ask.answered_by == "python_years":
        has = "Python" in p.skill_list
        return _number(min(a.stated_years, Decimal(rng.randint(2, 12)))) if has else "0"
    if ask.answered_by == "team_size":
        size = p.team_size
        return ask.choices[0 if size == 0 else 1 if size <= 3 else 2 if size <= 8 else 3]
    if ask.answered_by == "notice_text":
        return rng.choice(("Three months", "One month", "Six weeks", "Available immediately", ""))
    if ask.answered_by == "notice_choice":
        return rng.choices(ask.choices, weights=(40, 35, 25))[0]
    if ask.answered_by == "work_authorization":
        return "yes" if a.city.endswith("USA") and rng.random() < 0.92 else "no"
    if ask.answered_by == "us_timezone":
        state = a.city.split(", ")[1] if a.city.endswith("USA") else ""
        return US_TIMEZONES.get(state, ask.choices[-1])
    if ask.answered_by == "phi":
        return "yes" if "HIPAA" in p.skill_list or rng.random() < 0.3 else "no"
    return ""


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _stated_years(rng: random.Random, profile: Profile) -> Decimal:
    years = profile.years + rng.choice((0, 0, 0, 0.5, 1, -0.5))
    if profile.archetype == "junior" and rng.random() < 0.3:
        years += 2  # rounding up internships and side projects
    return Decimal(str(max(0.5, round(years * 2) / 2)))


def _applicants(
    rng: random.Random,
    plan: Plan,
    questions: list[Question],
    *,
    emails: set[str],
    names: set[str],
    today: datetime,
) -> list[Applicant]:
    target = target_for(plan.posting)
    count = sum(n for _, n in plan.mix)
    archetypes: list[Archetype] = [kind for kind, n in plan.mix for _ in range(n)]
    rng.shuffle(archetypes)
    asks = {q.text: q for q in questions}
    result = []
    people = _people(rng, plan.pool, count, names)
    for index, ((name, latin, city, language), archetype) in enumerate(
        zip(people, archetypes, strict=True)
    ):
        email = _email(rng, latin, emails)
        profile = build_profile(
            rng,
            name=name,
            email=email,
            phone=plan.pool.phone(rng),
            city=city,
            archetype=archetype,
            target=target,
            market=plan.pool.market,
            today=today.date(),
            native_language=language,
            latin_name=latin,
        )
        fmt = FORMATS[index % 3]
        if fmt == "pdf" and needs_complex_script(name):
            fmt = "docx"
        applicant = Applicant(
            name=name,
            email=email,
            city=city,
            profile=profile,
            answers=[],
            stated_years=_stated_years(rng, profile),
            source=_weighted(rng, SOURCES),
            fmt=fmt,
            variant=(index // 3) % 3,
        )
        applicant.answers = [
            (asks[ask.text], _answer(rng, ask, applicant, plan.pool))
            for ask in plan.posting.questions
        ]
        applicant.rank = FIT_RANK[archetype] + rng.uniform(0, 2.0) - 2.5 * applicant.knockout
        result.append(applicant)
    return result


def _place(rng: random.Random, plan: Plan, applicants: list[Applicant]) -> None:
    """Decide where each applicant is on the board today."""
    # Recruiters screen the promising ones first, so the unreviewed pile leans to weaker fits:
    # weighted sampling without replacement (Efraimidis-Spirakis keys).
    keys = [rng.random() ** (1 / (9.0 - a.rank)) for a in applicants]
    fresh = set(sorted(range(len(applicants)), key=lambda i: -keys[i])[: plan.fresh])
    reviewed = sorted(
        (a for i, a in enumerate(applicants) if i not in fresh), key=lambda a: -a.rank
    )
    slots = [(stage, status) for stage, status, n in plan.outcomes for _ in range(n)]
    for applicant, (stage, status) in zip(reviewed, slots, strict=True):
        applicant.stage_index, applicant.status = stage, status


def _rejection_reason(rng: random.Random, a: Applicant, target: Target, closed: bool) -> str:
    if closed and a.stage_index >= 2:
        return "Position filled"
    flagged = [(q, value) for q, value in a.answers if _is_knockout(q, value)]
    if flagged and a.stage_index <= 1:
        question, value = flagged[0]
        return f"Answered \u201c{value}\u201d to: {question.text}"[:200]
    if a.stage_index == 2:
        return rng.choice(
            (
                "Technical interview: system design answers stayed at the surface",
                "Technical interview: struggled to debug the failing queue exercise",
            )
        )
    if a.stage_index >= 3:
        return "Team interview: not enough depth on leading a team through incidents"
    skills = set(a.profile.skill_list)
    missing = [group for group in target.must if not skills & set(group)]
    if a.profile.archetype == "non_eng":
        return "No backend engineering experience"
    if a.profile.years < target.min_years:
        had = f"about {int(a.profile.years)} years" if a.profile.years >= 1 else "under a year"
        return f"Has {had} of experience; the role asks for {target.min_years}+"
    if missing:
        return f"Missing a must-have: {' / '.join(missing[0])}"
    return rng.choice(
        (
            "Phone screen: salary expectation well above the band",
            "Phone screen: limited ownership of production systems",
        )
    )


def _work_hours(moment: datetime, tz: ZoneInfo, rng: random.Random) -> datetime:
    local = moment.astimezone(tz)
    return local.replace(hour=rng.randint(9, 17), minute=rng.randint(0, 59)).astimezone(
        moment.tzinfo
    )


def _timeline(
    rng: random.Random,
    a: Applicant,
    *,
    opened: datetime,
    until: datetime,
    tz: ZoneInfo,
    fresh_days: int,
) -> tuple[datetime, list[datetime]]:
    """When they applied and when each later step happened (moves, then the final decision)."""
    steps = len(a.path) - 1 + (a.status in (Status.REJECTED, Status.WITHDRAWN))
    if steps == 0 and a.status == ACTIVE:
        start = max(opened, until - timedelta(days=fresh_days))
        latest = until - timedelta(hours=1)
    else:
        start = opened + timedelta(hours=2)
        latest = max(start + timedelta(hours=1), until - timedelta(days=2 + 2.5 * steps))
    applied = start + (latest - start) * rng.random()
    times: list[datetime] = []
    previous = applied
    for point in sorted(rng.random() for _ in range(steps)):
        moment = applied + timedelta(hours=6) + (until - applied - timedelta(hours=7)) * point
        moment = _work_hours(moment, tz, rng)
        moment = min(max(moment, previous + timedelta(minutes=20)), until - timedelta(minutes=5))
        times.append(moment)
        previous = moment
    return applied, times


COVER_LETTERS = (
    "I have followed {org} since your launch and would love to help the backend team {goal}. "
    "My recent work has been on {domain}, much of it close to what you describe.",
    "Hello {org} team, I'm applying for the {title} role. I enjoy owning systems end to end "
    "and helping engineers around me do their best work. My resume has the details.",
    "I'm ready for a role where I can {goal}. I'd welcome a conversation about the team.",
)


def _cover_letter(rng: random.Random, a: Applicant, spec: DemoPosting, org: str) -> str:
    if rng.random() > 0.3:
        return ""
    return rng.choice(COVER_LETTERS).format(
        org=org,
        title=spec.title,
        domain=rng.choice(spec.domain),
        goal=rng.choice(("ship reliably", "grow as a leader", "scale the platform")),
    )


def _events(
    a: Applicant, app: Application, recruiter: User, manager: User
) -> list[ApplicationEvent]:
    assert a.applied_at is not None
    path, times, final = a.path, a.step_times, a.path[-1]
    events = [
        ApplicationEvent(
            application=app,
            kind=EventKind.APPLIED,
            to_stage=path[0],
            data={"source": a.source},
            created_at=a.applied_at,
        )
    ]
    for step, (before, after) in enumerate(pairwise(path)):
        events.append(
            ApplicationEvent(
                application=app,
                kind=EventKind.MOVED,
                actor=recruiter if after.order <= 1 else manager,
                from_stage=before,
                to_stage=after,
                created_at=times[step],
            )
        )
    if a.status == Status.HIRED:
        events.append(
            ApplicationEvent(
                application=app,
                kind=EventKind.HIRED,
                actor=manager,
                from_stage=final,
                created_at=times[-1] + timedelta(minutes=3),
            )
        )
    elif a.status == Status.REJECTED:
        events.append(
            ApplicationEvent(
                application=app,
                kind=EventKind.REJECTED,
                actor=recruiter if final.order <= 1 else manager,
                from_stage=final,
                data={"reason": app.rejection_reason},
                created_at=times[-1],
            )
        )
    elif a.status == Status.WITHDRAWN:
        # The candidate withdrew by email; the recruiter recorded it.
        events.append(
            ApplicationEvent(
                application=app,
                kind=EventKind.WITHDRAWN,
                actor=recruiter,
                from_stage=final,
                data={"reason": "Accepted another offer"},
                created_at=times[-1],
            )
        )
    return events


def _load_plan(plan: Plan, now: datetime, written: list[str]) -> int:
    spec = plan.posting
    posting = (
        Posting.objects.select_related("organization")
        .filter(organization__slug=spec.org_slug, slug=spec.slug)
        .first()
    )
    if posting is None or posting.applications.exists():
        return 0
    organization: Organization = posting.organization
    stages = list(posting.stages.order_by("order", "id"))
    people = demo_people(spec.org_slug)
    recruiter, manager = people[Role.RECRUITER], people[Role.HIRING_MANAGER]
    tz = ZoneInfo(organization.timezone)
    until = posting.closed_at or now
    opened = posting.opened_at or until - timedelta(days=30)
    existing = dict(Candidate.objects.filter(organization=organization).values_list("email", "pk"))
    names = set(Candidate.objects.filter(organization=organization).values_list("name", flat=True))
    rng = random.Random(f"shortlist-demo:{spec.org_slug}:{spec.slug}")  # noqa: S311 - demo data
    applicants = _applicants(
        rng, plan, list(posting.questions.all()), emails=set(existing), names=names, today=until
    )
    _place(rng, plan, applicants)
    for a in applicants:
        # Only a hire reaches the last stage; everyone else stops somewhere before it.
        end = len(stages) if a.status == Status.HIRED else min(a.stage_index + 1, len(stages) - 1)
        a.path = stages[:end]
        a.applied_at, a.step_times = _timeline(
            rng, a, opened=opened, until=until, tz=tz, fresh_days=min(12, (until - opened).days)
        )

    candidates = Candidate.objects.bulk_create(
        Candidate(
            organization=organization,
            name=a.name,
            email=a.email,
            phone=a.profile.phone,
            location=a.city,
            links=a.profile.links,
            consent_at=a.applied_at,
            consent_version=getattr(settings, "CONSENT_TEXT_VERSION", ""),
        )
        for a in applicants
        if a.email not in existing
    )
    by_email = {c.email: c.pk for c in candidates} | existing
    name_of = {c.email: c.name for c in candidates} | dict(
        Candidate.objects.filter(email__in=existing, organization=organization).values_list(
            "email", "name"
        )
    )
    target = target_for(spec)
    applications = []
    for index, a in enumerate(applicants):
        assert a.applied_at is not None
        moves = len(a.path) - 1
        application = Application(
            candidate_id=by_email[a.email],
            posting=posting,
            stage=a.path[-1],
            status=a.status,
            rejection_reason=(
                _rejection_reason(rng, a, target, closed=posting.closed_at is not None)
                if a.status == Status.REJECTED
                else ""
            ),
            source=a.source,
            name=a.name,
            sort_name=name_of[a.email],
            email=a.email,
            phone=a.profile.phone,
            location=a.city,
            links=a.profile.links,
            stated_years=a.stated_years,
            cover_letter=_cover_letter(rng, a, spec, organization.name),
            knockout=a.knockout,
            applied_at=a.applied_at,
            stage_entered_at=a.step_times[moves - 1] if moves else a.applied_at,
            version=1 + len(a.step_times),
        )
        filename = resume_filename(a.profile, a.fmt, index)
        application.resume.save(
            filename, ContentFile(render(a.profile, a.fmt, a.variant)), save=False
        )
        written.append(str(application.resume.name))
        application.resume_filename = filename
        applications.append(application)

    # Board order: within a column, whoever got there first is on top.
    for stage in stages:
        column = sorted(
            (app for app in applications if app.stage_id == stage.pk),
            key=lambda app: app.stage_entered_at,
        )
        for position, app in enumerate(column, start=1):
            app.position = float(position)

    Application.objects.bulk_create(applications)
    pairs = list(zip(applicants, applications, strict=True))
    Answer.objects.bulk_create(
        Answer(
            application=app,
            question=question,
            question_text=question.text,
            value=value,
            is_knockout=_is_knockout(question, value),
        )
        for a, app in pairs
        for question, value in a.answers
        if value or question.required
    )
    ApplicationEvent.objects.bulk_create(
        event for a, app in pairs for event in _events(a, app, recruiter, manager)
    )
    return len(applications)


@transaction.atomic
def load_applicants() -> int:
    """Applicants for every demo posting that has none yet; returns how many were added."""
    now = timezone.now()
    written: list[str] = []
    try:
        added = sum(_load_plan(plan, now, written) for plan in PLANS)
        _score_unscored()
        return added
    except BaseException:
        # The rows roll back; the files would stay behind with nothing pointing at them.
        for name in written:
            default_storage.delete(name)
        raise


def _score_unscored() -> None:
    """Score the demo's applications here, in process: the files are our own, and the board
    should show scores the moment `make run` opens it. New applications go through the worker."""
    unscored = Application.objects.filter(
        posting__organization__slug__in=[p.posting.org_slug for p in PLANS],
        fit_score__isnull=True,
    ).values_list("pk", flat=True)
    ids = list(unscored)
    for pk in ids:
        score_application(pk, isolated=False)
    # The demo's history is back-dated: its scores came in a minute after each application.
    applied = Application.objects.filter(pk=OuterRef("application_id")).values("applied_at")[:1]
    ApplicationEvent.objects.filter(application_id__in=ids, kind=EventKind.SCORED).update(
        created_at=Least(Subquery(applied) + timedelta(minutes=1), Value(timezone.now()))
    )
