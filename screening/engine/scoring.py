"""Explained fit scores: requirements against the evidence in a resume.

`score_resume` is a pure function of the requirements, the extracted resume text, the years the
candidate stated, the screening answers and today's date (and the resume's own date, when the
caller knows it). The resume is read into sections and dated roles (`resume.parse`); for each
requirement the scorer decides met / partly / not met with the sentence that shows it, so a
person can check the score in seconds. A skill counts by where it is shown: in sentences about
work, more for longer and more recent use in dated roles; only named in a list, it is a claim
worth a few points at most. Must-haves weigh three times a nice-to-have, the posting's core
stack twice again, and missing must-haves take a graded share off the score. A score never
decides anything by itself (DESIGN.md, "Fit scores are assistive").

Fairness: contact details, personal data lines (age, date of birth, gender, nationality...) and
any strings the caller passes in `redact` (the candidate's name, email, phone, address from the
form) are removed before anything is read; demographic questions are never read at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, Protocol

from screening.engine.resume import Resume, Role, experience_months, merged, parse
from screening.engine.taxonomy import Found, listing, load

SCORING_VERSION = "2026.12-6"
MUST_FACTOR = 3
# The posting's core stack (its languages and frameworks) is what a recruiter reads first.
CORE_AREAS = frozenset({"languages", "web frameworks"})
CORE_FACTOR = 2
# Each missing must-have takes its share of this much off the score: graded, so candidates who
# miss some must-haves still rank among themselves instead of all meeting one cap.
MISSING_MUST_PENALTY = 0.25
# A must-have years or leadership requirement scales the whole score between this and 1 by
# its credit, so a resume well short of the years asked, or with no sign of leading people for
# a lead role, ranks under one that has them, skills aside.
GATE_FLOOR = 0.5
# A posting that states no years still hires people with some: a resume with under
# SENIOR_YEARS of work in the posting's field (dated roles, or the years it states) is scaled
# down to as little as SENIOR_FLOOR, in proportion.
SENIOR_YEARS = 3.0
SENIOR_FLOOR = 0.4
# A lead title or mentoring with no sentence saying people were led: half of leadership. A
# recruiter reads "Team lead" or "Head of development" as likely leading, not as proof.
TITLE_ONLY = 0.5
# A lead title held for TITLE_HELD_YEARS or more in dated roles reads as more likely leading
# than one held briefly: a team lead for years is seldom a lead of no one. Still short of proof.
TITLE_HELD_YEARS = 3.0
TITLE_HELD = 0.15
# A title whose job is running a team or a department (a head of development, an engineering
# manager, a director, a 팀장) says more than a lead, team lead or founder title: those are
# often a senior individual contributor's, or a one-person company's. Still short of a
# sentence saying people were led.
MANAGER_TITLE_CREDIT = 0.8
# A skill in the sentences of dated roles earns IN_ROLE_BASE, up to full credit after
# FULL_USE_MONTHS of use, less when that use ended years ago. Named in a sentence outside them
# (a summary saying what was built, a role the reader could not date) it counts as work shown
# too: on real resumes that evidence is as telling, so dated roles mostly lower brief, old use.
# The language of a framework asked for earns PARENT_ONLY of its use. MET_AT and up reads "met".
IN_ROLE_BASE = 0.8
FULL_USE_MONTHS = 36
OUTSIDE_ROLES = 1.0
# "Familiar with Scala, Ruby, Python", "exposure to Kafka": a sentence saying what the writer
# knows of, not what was built with it: partly met, at FAMILIAR_CREDIT.
FAMILIAR = re.compile(
    r"\b(?:familiar(?:ity)? with|exposure to|exposed to|acquainted with"
    r"|basic (?:knowledge|understanding) of)\b",
    re.IGNORECASE,
)
FAMILIAR_CREDIT = 0.6
PARENT_ONLY = 0.5
# A tool akin to the one asked for (the taxonomy's `akin`: a message queue's workers for
# background job processing) used in the same kind of work: partly met, at AKIN_CREDIT of use.
AKIN_CREDIT = 0.5
MET_AT = 0.6
# A skill only named in a list (a skills section, a keyword line) is a claim, not work shown:
# it earns a little, and all such claims together move a score by at most a few points, so a
# pasted keyword line can't buy a ranking.
LISTED_CREDIT = 0.3
LISTED_MAX_POINTS = 4.5
LISTED_BACKED = 0.15
# A stack line right under a sentence describing a project or a piece of work ("Document
# retrieval for financial filings..." then "Python · FastAPI · PostgreSQL") names what that work
# was built with: it earns STACK_LINE, a partial credit short of use in dated roles. A line
# labelled as skills or keywords, or one under no description, is still a claim.
STACK_LINE = 0.4
STACK_PROSE_WORDS = 8
CLAIM_LABEL = re.compile(
    r"^\W*(?:\w+\s+)?(?:skills?|keywords?|competenc\w*|expertise)\b", re.IGNORECASE
)
# A recruiter first asks "is this person's job this job?": years in roles whose own title is in
# the posting's field (a backend or software engineer for a backend posting) close up to
# RELEVANT_SHARE of the gap to 100, full at RELEVANT_YEARS, whatever the stack. A backend
# engineer on another stack is a partial fit; a DBA or an analyst who names the same tools is
# not. Titles only: a pasted skills line can't move it.
RELEVANT_SHARE = 0.11
RELEVANT_YEARS = 8.0
# The gates (years, leadership, seniority) multiply down to a quarter: a backend engineer of
# many years who misses a lead posting's bar would then rank under a DBA or an analyst who
# names the same tools. A recruiter reads the first as a weak fit and the second as none. So
# years in roles titled in the field hold the score at FIELD_FLOOR points at least, from none
# under FLOOR_FROM_YEARS (too junior to be a fit at all) to all of it at RELEVANT_YEARS; a
# floored score keeps FLOOR_KEEP of its own, so floored resumes still rank among themselves.
# Titles and dates only, like the share above: a pasted skills line can't move it.
FIELD_FLOOR = 20.0
FLOOR_FROM_YEARS = 3.0
FLOOR_KEEP = 0.1

NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
}
STATED_YEARS = re.compile(
    r"\b(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\+?\s*(?:and a half\s+)?years?\b"
    r"(?=[^.\n]{0,40}\b(?:experience|of|in|building|shipping|as|leading|managing)\b)",
    re.IGNORECASE,
)
# Titles of people who run a team. "Principal" and "Staff" are senior individual contributors:
# they count as leading only when the role's own lines say people were led.
LEAD_TITLE = re.compile(
    r"\b(tech(?:nical)? lead|team lead(?:er)?|lead\b|leader|head of|head\b|cto|chief \w+ officer"
    r"|vp\b|vice president|director|(?:engineering|development|software|delivery|it|team"
    r"|people|r&d|technical|dev) manager|manager,? (?:of )?(?:engineering|development|software)"
    r"|founder|co-founder|ceo|팀장|파트장|chef d'[ée]quipe)\b",
    re.IGNORECASE,
)
MANAGER_TITLE = re.compile(
    r"\b(head of|director|vp\b|vice president"
    r"|(?:engineering|development|software|delivery|it|team|people|r&d|technical|dev) manager"
    r"|manager,? (?:of )?(?:engineering|development|software)|팀장|파트장|chef d'[ée]quipe)(?!\w)",
    re.IGNORECASE,
)
# Other manager titles (product, project, risk, account...) may or may not manage people.
WEAK_LEAD_TITLE = re.compile(r"\b(manager|supervisor|architect)\b", re.I)
PEOPLE = (
    r"(?:teams?|squads?|group(?:s)? of|engineers|developers|people|staff|(?:direct )?reports"
    r"|consultants|contractors|designers|members|analysts|accountants|department|devs"
    r"|programmers|testers|scientists|professionals|employees|specialists|interns|juniors)"
)
LEAD_ACT = re.compile(
    r"\b(?:led|lead|leading|leads|managed|manage|manages|managing|head(?:ed|ing|s)?"
    r"|supervis\w*|oversaw|oversee\w*|direct(?:ed|ing)|built and (?:led|grew|managed|scaled)"
    r"|(?:built|grew|growing|scaled|formed|assembled|hired|hiring|recruited|recruiting|onboarded"
    r"|line[- ]managed?|line[- ]managing|in charge of|responsible for)"
    r")\b[^.;\n]{0,40}?\b" + PEOPLE + r"\b"
    r"|\bteam of \d+\b(?=[^.;\n]{0,30}\b(?:led|managed|under|report))"
    r"|\b\d+ direct reports\b|\breporting to me\b|\bline[- ]manag\w+|\bperformance reviews\b"
    r"|\bone-on-ones\b|\b1:1s\b|\bhired (?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b"
    # The same in the other languages resumes come in: Spanish, Portuguese, French, German,
    # Korean ("lidero um time de 6 engenheiros", "encadré une équipe", "5명의 팀원을 리딩").
    r"|\b(?:lider(?:é|o|ei|ar|ando|aba|ava|ou)|dirig(?:í|ía|ir|iendo|é|e|er|eant|eais)|dirijo"
    r"|gestion(?:é|o|ar|ando|aba)|coordin(?:é|o|ar|aba)|gerenci(?:ei|o|ar|ando|ava|ou)"
    r"|coorden(?:ei|o|ar|ando|ava|ou)|encadr(?:é|e|er|ement|ant|ais)|manag(?:é|eais)"
    r"|g[ée]r(?:é|ais)|gère|gérer|piloté|leitete|leitung|f[üu]hrte|f[üu]hrung)"
    r"\b[^.;\n]{0,40}?\b(?:equipos?|equipes?|équipes?|time|times|teams?|desarrolladores"
    r"|desenvolvedores|développeurs|entwickler(?:innen)?|ingenieros|engenheiros|ingénieurs"
    r"|ingenieure|personas|pessoas|personnes|collaborateurs|mitarbeiter(?:innen)?)\b"
    r"|\d+\s*명[^.\n]{0,20}(?:리딩|이끌|리드|매니징|관리)|팀(?:을|원을|원들을)?\s*(?:리딩|이끌|매니징)",
    re.IGNORECASE,
)
# A years or leadership requirement that names its field ("5+ years backend engineering
# experience", "lead a team of backend developers") is met by roles in that field only: twenty
# years in accounting are not five in backend engineering, nor is leading auditors leading a
# backend team. A role is in software engineering when its title says so or its sentences name
# the tools of the trade; in backend engineering unless its title names another specialty.
BACKEND_FIELD = re.compile(r"\b(?:back[- ]?end|server[- ]side)\b", re.IGNORECASE)
ENGINEERING_FIELD = re.compile(
    r"\b(?:software|engineering|engineers?|developers?|development|programming|full[- ]stack)\b",
    re.IGNORECASE,
)
ENGINEERING_ROLE = re.compile(
    r"\b(?:engineer\w*|developer|programmer|software|architect|devops|cto|coder|back[- ]?end"
    r"|full[- ]?stack|tech(?:nical)? lead|technical director|director of (?:engineering"
    r"|technology|development)|head of (?:engineering|development|technology|backend)"
    r"|(?:engineering|development) (?:manager|lead|director)"
    r"|엔지니어|개발자|développeur|ingénieur)",
    re.IGNORECASE,
)
# Engineers of other trades: a site or a civil engineer builds no software. Taken out of a title
# before ENGINEERING_ROLE reads it, so "Site Engineer" is no engineering title.
OTHER_TRADE = re.compile(
    r"\b(?:civil|mechanical|electrical|chemical|structural|site|process|manufacturing"
    r"|industrial|mining|petroleum|aerospace|automotive|biomedical|environmental|geotechnical"
    r"|construction|sales|field|sound|audio|maintenance|production|quality)\s+engineer\w*",
    re.IGNORECASE,
)
OTHER_SPECIALTY = re.compile(
    r"\b(?:front[- ]?end|ui|ux|mobile|ios|android|qa|quality assurance|test(?:er|ing)?|sdet"
    r"|data scien\w+|data analyst|data[- ]engineer\w*|machine learning|ml|dba|database|devops|sre"
    r"|site reliability|support|services? engineer|service desk|help ?desk|designer|product"
    r"|systems? administrator|sysadmin"
    r"|network|kernel|embedded|cloud|operations|infrastructure|security|solutions architect)\b",
    re.IGNORECASE,
)
SOFTWARE_AREAS = frozenset({"languages", "web frameworks", "queues", "datastores"})
# What a role's sentences must name to put an untitled role in software engineering: code in a
# programming language, a framework, a queue. Databases, SQL and shell scripts are as much a
# DBA's, an analyst's or an administrator's daily work as a developer's.
PROGRAMMING_AREAS = frozenset({"languages", "web frameworks", "queues"})
NOT_PROGRAMMING = frozenset({"SQL", "Bash"})
MENTOR = re.compile(r"\b(mentor(?:ed|ing|s)?|coach(?:ed|ing)?)\b", re.IGNORECASE)
SINCE_YEAR = re.compile(
    r"\b(?:professional(?:ly)?|working|work(?:ed)?|career|experience|industry|engineer(?:ing)?)"
    r"\b[^.\n]{0,40}\bsince\s+((?:19|20)\d\d)\b",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"\b(?:https?://|www\.)\S+|\b(?:linkedin|github)\.com/\S*", re.IGNORECASE)
PHONE = re.compile(r"\+?\(?\d[\d ().-]{7,}\d")
# "2020.09 - 2024.01" has the digits of a phone number; a run of dates is not one.
DATES = re.compile(r"\(?(?:(?:19|20)\d\d(?:[.-]\d{1,2}){0,2}\)?[\s.-]*)+")
# The whole line goes, its value with its label: "Gender: female" must leave neither word, and
# "Date of birth: 1997-02-01" no date for the reader of roles to take for a job.
PERSONAL_LINE = re.compile(
    r"^[ \t]*(name|address|age|date of birth|dob|born|gender|sex|nationality|citizenship|marital"
    r"|religion|ethnicity|race|photo|phone|mobile|email|e-mail)[ \t]*(?::|-[ \t]).*$",
    re.IGNORECASE | re.MULTILINE,
)
DEMOGRAPHIC_QUESTION = re.compile(
    r"\b(age|how old|old are you|born|birth|gender|sex|race|ethnic|religio|disab|veteran"
    r"|marital|married|pregnan"
    r"|nationality|citizen|orientation|pronoun)",
    re.IGNORECASE,
)


class RequirementLike(Protocol):
    """What the scorer reads of a requirement: `SuggestedRequirement` and the model alike."""

    kind: str
    skills: Any
    min_years: int | None
    importance: str
    weight: int
    text: str


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    knockout_answer: str = ""
    demographic: bool = False


@dataclass(frozen=True)
class Explanation:
    requirement: str
    kind: str
    importance: str
    status: str  # met | partly | not_met | unassessed (left to a person; not in the score)
    evidence: str


@dataclass(frozen=True)
class FitResult:
    score: float | None  # None when the posting has no requirements
    must_haves_met: bool
    explanation: list[Explanation]
    scoring_version: str = SCORING_VERSION
    years: float = 0.0
    status: str = "scored"  # scored | no_requirements
    summary: str = ""
    raw: float = 0.0
    # What the score read, so a person can check it: the years and how they were counted, and
    # each dated role (title, organisation, "2019-03", "2024-06" or "present", kind, counted).
    years_evidence: str = ""
    roles: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SkillContext:
    """Where a skill was found: in the description of dated roles (and for how long, and how
    recently), or only in a skills list, summary or other undated part of the resume."""

    in_role: bool
    months: int  # months of the roles that name it, overlaps counted once
    last_used: int | None  # month index (year * 12 + month - 1) of the latest such role's end
    listed_only: bool  # named only in a skills list, summary or heading, never in a sentence


@dataclass
class Evidence:
    skills: dict[str, Found]
    years: float
    years_evidence: str
    lead_years: float
    lead_evidence: str
    lead_strength: int  # 0 none, 1 mentoring, a lead title or a vague claim only, 2 led people
    lead_managed: bool  # a title whose job is running a team (MANAGER_TITLE) was held
    extra: dict[str, str] = field(default_factory=dict)
    roles: tuple[Role, ...] = ()
    skill_context: dict[str, SkillContext] = field(default_factory=dict)
    stacked: dict[str, str] = field(default_factory=dict)  # skill -> the described work's line
    as_of: int = 0  # month index the resume was read as of ("Present" ends there)
    # The same readings counted over the roles of one field ("engineering", "backend").
    fields: dict[str, FieldEvidence] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldEvidence:
    years: float
    years_evidence: str
    lead_years: float
    lead_evidence: str
    lead_strength: int
    lead_managed: bool


def redact(text: str, personal: Iterable[str] = ()) -> str:
    """The resume without contact details, personal data lines and the given strings."""
    for value in personal:
        if value and len(value.strip()) >= 2:
            text = re.sub(re.escape(value.strip()), " ", text, flags=re.IGNORECASE)
    text = PERSONAL_LINE.sub(" ", text)
    text = EMAIL.sub(" ", text)
    text = URL.sub(" ", text)
    return PHONE.sub(
        lambda m: (
            " "
            if sum(c.isdigit() for c in m.group(0)) >= 9 and not DATES.fullmatch(m.group(0))
            else m.group(0)
        ),
        text,
    )


def gather(text: str, today: date, as_of: date | None = None) -> Evidence:
    """What the resume shows, read as of `as_of` when the caller knows the resume's date."""
    resume = parse(text, today, as_of)
    skills = load().find(text)
    years, years_evidence = professional_years(resume, text)
    lead_years, lead_evidence, strength, managed = leadership(resume, text)
    fields = {}
    for name in ("engineering", "backend"):
        roles = tuple(r for r in resume.roles if in_field(r, name))
        within = replace(resume, roles=roles)
        # Without dated roles the years the resume states are all there is to read.
        dated = any(r.months > 0 for r in resume.work)
        f_years, f_evidence = (
            professional_years(within, text, field=name) if dated else (years, years_evidence)
        )
        # A summary saying "led a team" speaks for the field only when the resume has a role
        # in it; otherwise the team led was some other team.
        f_lead = leadership(within, text) if roles or not resume.roles else (0.0, "", 0, False)
        fields[name] = FieldEvidence(f_years, f_evidence, *f_lead)
    return Evidence(
        skills=skills,
        years=years,
        years_evidence=years_evidence,
        lead_years=lead_years,
        lead_evidence=lead_evidence,
        lead_strength=strength,
        lead_managed=managed,
        roles=resume.roles,
        skill_context=skill_contexts(resume, skills),
        stacked=stack_lines(text),
        as_of=resume.as_of,
        fields=fields,
    )


def in_field(role: Role, name: str) -> bool:
    """Whether a role counts for a field: software engineering when its title or header says
    so or its sentences name code of the trade (a programming language, a framework, a queue;
    databases, SQL or shell scripts alone are a DBA's or an administrator's work too); backend
    engineering too unless its title names another specialty (front-end, mobile, QA, data
    science, operations, support or services...) and no backend or full-stack work."""
    if role.kind in ("education", "project"):
        return False
    taxonomy = load()
    # The title when the reader found one: a header that runs into a sentence ("Accountant
    # Oversee upgrade of accounting system...") names what was worked on, not the trade.
    named = role.title or role.header
    titles = OTHER_TRADE.sub(" ", named + " " + title_line(role))
    engineering = bool(ENGINEERING_ROLE.search(titles)) or any(
        taxonomy.area(skill) in PROGRAMMING_AREAS and skill not in NOT_PROGRAMMING
        for skill in taxonomy.find(sentences(role.text))
    )
    if name == "engineering" or not engineering:
        return engineering
    # Only a title names a specialty: a header that is a sentence may mention anything.
    header = role.title or title_line(role)
    return not OTHER_SPECIALTY.search(header) or bool(
        BACKEND_FIELD.search(header) or re.search(r"full[- ]?stack", header, re.IGNORECASE)
    )


def field_of(requirement: RequirementLike) -> str:
    """The field a years or leadership requirement names: "backend", "engineering" or ""."""
    text = requirement.text or ""
    if BACKEND_FIELD.search(text):
        return "backend"
    return "engineering" if ENGINEERING_FIELD.search(text) else ""


def professional_years(resume: Resume, text: str, field: str = "") -> tuple[float, str]:
    """Years from the dated roles (education and projects left out, internships at half); the
    years a resume states ("8+ years of experience", "professionally since 2006") only when no
    role is dated, since a stated figure is often a rounded-up claim or about one skill."""
    work = [r for r in resume.work if r.months > 0]
    if work:
        years = experience_months(work) / 12
        first = min(r.start for r in work) // 12
        last = max(r.end for r in work) // 12
        span = f"{first}\u2013{last}" if first != last else str(first)
        count = len(work)
        roles = f"{field} role{'s' * (count != 1)}" if field else f"role{'s' * (count != 1)}"
        return years, f"{years:.1f} years from {count} dated {roles} ({span})"
    if field:
        return 0.0, f"no dated {field} roles"
    best, evidence = 0.0, ""
    for match in STATED_YEARS.finditer(text):
        value = match.group(1).lower()
        stated = float(value) if value.isdigit() else float(NUMBER_WORDS[value])
        if "and a half" in match.group(0).lower():
            stated += 0.5
        if best < stated <= 50:
            best, evidence = stated, snippet(line_of(text, match.start()))
    for match in SINCE_YEAR.finditer(text):
        stated = resume.as_of / 12 - int(match.group(1))
        if best < stated <= 50:
            best, evidence = round(stated, 1), snippet(line_of(text, match.start()))
    return best, evidence


def leadership(resume: Resume, text: str) -> tuple[float, str, int, bool]:
    """Years in roles that led people, the line that shows it, how strong the proof is (2 when
    a role's lines or the summary say people were led or managed; 1 for a lead title with
    nothing said about people, mentoring or coaching; 0 for no sign), and whether one of the
    titles is a team's manager's (MANAGER_TITLE)."""
    lead_roles: list[Role] = []
    evidence, strength, managed = "", 0, False
    for role in resume.roles:
        if role.kind in ("education", "project", "internship"):
            continue
        act = next(
            (
                m
                for line in role.lines
                if not listing(line.strip()) and (m := LEAD_ACT.search(line))
            ),
            None,
        )
        titled = LEAD_TITLE.search(role.title or role.header) or LEAD_TITLE.search(title_line(role))
        if act is not None:
            lead_roles.append(role)
            if strength < 2:
                evidence, strength = snippet(act.string), 2
        elif titled:
            lead_roles.append(role)
            manager = bool(
                MANAGER_TITLE.search(role.title or role.header)
                or MANAGER_TITLE.search(title_line(role))
            )
            if strength < 1 or (strength == 1 and manager and not managed):
                evidence, strength = snippet(role.header), 1
            managed = managed or manager
        elif WEAK_LEAD_TITLE.search(role.title or "") and strength < 1:
            evidence, strength = snippet(role.header), 1
    if strength < 2:
        undated = sentences(resume.section_text("", "summary") if resume.roles else text)
        act = LEAD_ACT.search(undated)
        if act:
            evidence, strength = snippet(line_of(undated, act.start())), 2
    if strength < 1:
        # "Mentoring" in a list of skills is a claim, like any other listed skill.
        said = sentences(text)
        mentor = MENTOR.search(said)
        if mentor:
            evidence, strength = snippet(line_of(said, mentor.start())), 1
    months = sum(end - start for start, end in merged([(r.start, r.end) for r in lead_roles]))
    return months / 12, evidence, strength, managed


def title_line(role: Role) -> str:
    """The role's first line when it is short and no sentence: where many resumes put the
    title under a heading that names only the employer ("Full-time | Team lead | Backend")."""
    first = role.lines[0].strip() if role.lines else ""
    if len(first.split()) > 8 or first.rstrip().endswith((".", ";")):
        return ""
    return first


def sentences(text: str) -> str:
    """The text without its list lines: what a resume says was done, not what it names."""
    return "\n".join(line for line in text.splitlines() if not listing(line.strip()))


def skill_contexts(resume: Resume, skills: dict[str, Found]) -> dict[str, SkillContext]:
    taxonomy = load()
    spans: dict[str, list[tuple[int, int]]] = {}
    for role in resume.work:
        # Only the role's sentences: a keyword line under a role (or pasted after the last
        # one) is as much a claim as a skills section, so it counts as listed, not as use.
        # The stack a role names on its own date line is that role's, dated with it.
        for name in taxonomy.find(sentences(role.text) + "\n" + role.stack.replace(",", " ")):
            spans.setdefault(name, []).append((role.start, role.end))
    contexts = {}
    for name, found in skills.items():
        where = spans.get(name, [])
        months = sum(end - start for start, end in merged(where))
        contexts[name] = SkillContext(
            in_role=bool(where),
            months=months,
            last_used=max((end for _, end in where), default=None),
            listed_only=not where and listing(found.evidence),
        )
    return contexts


def stack_lines(text: str) -> dict[str, str]:
    """Skills named in a stack line right under a sentence describing work (STACK_LINE)."""
    taxonomy = load()
    out: dict[str, str] = {}
    prose = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not listing(line):
            prose = line if len(line.split()) >= STACK_PROSE_WORDS else ""
            continue
        if prose and not CLAIM_LABEL.match(line):
            for name in taxonomy.find(line):
                out.setdefault(name, prose)
        prose = ""
    return out


def line_of(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start : end if end != -1 else len(text)]


def snippet(text: str) -> str:
    text = " ".join(text.split()).lstrip("-•* ")
    return text if len(text) <= 160 else text[:157] + "..."


def label(requirement: RequirementLike) -> str:
    skills = list(requirement.skills or [])
    if requirement.kind == "years":
        return f"{requirement.min_years}+ years of experience"
    if requirement.kind == "leadership":
        years = f", {requirement.min_years}+ years" if requirement.min_years else ""
        return f"Leadership experience{years}"
    if skills:
        return " / ".join(skills)
    return (requirement.text or requirement.kind)[:80]


@dataclass(frozen=True)
class Judgement:
    status: str  # met | partly | not_met | unassessed
    proof: str
    credit: float  # the share of the requirement's weight the evidence earns, 0..1
    claimed: bool = False  # only named in a list: counted apart and capped (LISTED_MAX_POINTS)


def status_of(credit: float) -> str:
    return "met" if credit >= MET_AT else "partly" if credit > 0 else "not_met"


def used_for(context: SkillContext, as_of: int) -> float:
    """How strongly a skill named in dated roles counts: more for longer use, less the longer
    ago the last role that names it ended."""
    duration = min(1.0, context.months / FULL_USE_MONTHS)
    since = (as_of - context.last_used) / 12 if context.last_used is not None else 0.0
    recency = 1.0 if since <= 2 else 0.85 if since <= 5 else 0.7
    return (IN_ROLE_BASE + (1.0 - IN_ROLE_BASE) * duration) * recency


def _use_of(name: str, found: Found, evidence: Evidence) -> float:
    """How a related skill (an akin tool, the language under a framework) was used: in dated
    roles by `used_for`, known of only, or named outside the roles."""
    context = evidence.skill_context.get(name)
    if context is not None and context.in_role:
        return used_for(context, evidence.as_of)
    return FAMILIAR_CREDIT if FAMILIAR.search(found.evidence) else OUTSIDE_ROLES


def judge(requirement: RequirementLike, evidence: Evidence) -> Judgement:
    kind = requirement.kind
    within = evidence.fields.get(field_of(requirement)) if kind in ("years", "leadership") else None
    if within is not None:
        evidence = replace(
            evidence,
            years=within.years,
            years_evidence=within.years_evidence,
            lead_years=within.lead_years,
            lead_evidence=within.lead_evidence,
            lead_strength=within.lead_strength,
            lead_managed=within.lead_managed,
        )
    if kind == "years":
        need = float(requirement.min_years or 0)
        if evidence.years >= need:
            return Judgement("met", evidence.years_evidence, 1.0)
        # Short of the bar counts in proportion, steeply: 6 of 8 years is not 6/8 of a fit.
        credit = max(0.0, (evidence.years / need - 0.5) * 2) if need else 1.0
        if credit > 0:
            proof = f"{evidence.years:.1f} of {need:g} years: {evidence.years_evidence}"
            return Judgement("partly", proof, credit)
        shown = f"{evidence.years:.1f} years found" if evidence.years else "no dates or years found"
        return Judgement("not_met", shown, 0.0)
    if kind == "leadership":
        need = float(requirement.min_years or 0)
        if evidence.lead_strength == 2 and (not need or evidence.lead_years >= need):
            return Judgement("met", evidence.lead_evidence, 1.0)
        if evidence.lead_strength == 2:
            proof = f"{evidence.lead_years:.1f} years in lead roles: {evidence.lead_evidence}"
            return Judgement("partly", proof, 0.7)
        if evidence.lead_strength == 1:
            held = evidence.lead_years >= TITLE_HELD_YEARS
            credit = TITLE_ONLY + (TITLE_HELD if held else 0.0)
            shown = "a lead title or mentoring only"
            if evidence.lead_managed:
                credit = max(credit, MANAGER_TITLE_CREDIT)
                shown = "a manager's title, no line on the people led"
            return Judgement("partly", f"{shown}: {evidence.lead_evidence}", credit)
        return Judgement("not_met", "no sign of leading people", 0.0)
    taxonomy = load()
    wanted = [taxonomy.canonical(s) or s for s in requirement.skills or []]
    if not wanted:
        # "Has owned a production system end to end": nothing in a resume settles it by
        # pattern. Leave it to a person rather than count it against everyone.
        return Judgement("unassessed", "not assessed: a person judges this one", 0.0)
    best: Judgement | None = None
    for name in wanted:
        found = evidence.skills.get(name)
        if found is None:
            continue
        via = f" (via {found.implied_by})" if found.implied_by else ""
        context = evidence.skill_context.get(name)
        if context is not None and context.in_role:
            credit = used_for(context, evidence.as_of)
            years = f"{context.months / 12:.1f} years in roles"
            candidate = Judgement(
                status_of(credit), f"{found.skill}{via} ({years}): {found.evidence}", credit
            )
        elif listing(found.evidence) or (context is not None and context.listed_only):
            candidate = Judgement(
                "partly", f"{LISTED_ONLY}: {found.skill}{via}: {found.evidence}", 0.0, True
            )
        else:
            # Named in a sentence outside the dated roles: a summary, a project.
            proof = f"{found.skill}{via}: {found.evidence}"
            if FAMILIAR.search(found.evidence):
                candidate = Judgement("partly", f"known of only: {proof}", FAMILIAR_CREDIT)
            else:
                candidate = Judgement(status_of(OUTSIDE_ROLES), proof, OUTSIDE_ROLES)
        if best is None or (candidate.credit, not candidate.claimed) > (
            best.credit,
            not best.claimed,
        ):
            best = candidate
    if best is not None and not best.claimed:
        return best
    for name in wanted:
        if name in evidence.stacked and name in evidence.skills:
            proof = f"{name} in the stack of: {snippet(evidence.stacked[name])}"
            return Judgement(status_of(STACK_LINE), proof, STACK_LINE)
    for name in wanted:
        for akin in taxonomy.skills[name].akin if name in taxonomy.skills else ():
            found = evidence.skills.get(akin)
            if found is None or listing(found.evidence):
                continue
            used = _use_of(akin, found, evidence)
            proof = f"{akin}, akin to {' / '.join(wanted)}: {found.evidence}"
            return Judgement("partly", proof, AKIN_CREDIT * used)
    # The language without the framework asked for, or the parent of what was asked.
    for name in wanted:
        if taxonomy.area(name) != "web frameworks":
            continue
        for parent in taxonomy.skills[name].implies:
            found = evidence.skills.get(parent)
            if found is None or taxonomy.area(parent) != "languages" or listing(found.evidence):
                continue
            used = _use_of(parent, found, evidence)
            proof = f"{parent} but not {' / '.join(wanted)}: {found.evidence}"
            return Judgement("partly", proof, PARENT_ONLY * used)
    if best is not None:
        return best
    return Judgement("not_met", f"no mention of {' / '.join(wanted)}", 0.0)


LISTED_ONLY = "listed under skills only"


def requirement_weight(requirement: RequirementLike) -> float:
    """The posting's weight, three times over for a must-have and twice again for its core
    stack, so "Python (Django or FastAPI)" counts for more than one tool among twenty."""
    weight = float(max(1, int(requirement.weight or 1)))
    if requirement.importance == "must":
        weight *= MUST_FACTOR
    taxonomy = load()
    skills = [taxonomy.canonical(s) or s for s in requirement.skills or []]
    if any(s in taxonomy.skills and taxonomy.area(s) in CORE_AREAS for s in skills):
        weight *= CORE_FACTOR
    return weight


# What a deciding requirement's shortfall is called in the summary.
GATE_REASON = {"years": "the years short of the must-have", "leadership": "leadership not shown"}


def deciding(requirement: RequirementLike) -> bool:
    """Whether a requirement scales the whole score: the years and the leadership a posting
    must have. Too junior is the first thing a recruiter turns a resume down for, and an
    individual contributor the first for a lead role, whatever the skills."""
    return requirement.importance == "must" and requirement.kind in GATE_REASON


def posting_field(rows: Sequence[RequirementLike]) -> str:
    """The field a posting hires in, read from its requirements: "backend" when one names it
    or asks for a web framework, "engineering" when any asks for a software skill, else ""."""
    taxonomy = load()
    areas = {
        taxonomy.area(name)
        for r in rows
        for s in r.skills or []
        if (name := taxonomy.canonical(s) or s) in taxonomy.skills
    }
    if any(BACKEND_FIELD.search(r.text or "") for r in rows) or "web frameworks" in areas:
        return "backend"
    return "engineering" if areas & SOFTWARE_AREAS else ""


def seniority(
    rows: Sequence[RequirementLike], name: str, evidence: Evidence
) -> tuple[float, str] | None:
    """The scale for a resume with under SENIOR_YEARS of work in the posting's field, when the
    posting states no years of its own (those gate as a must-have). Many postings list only
    skills; a recruiter still reads a student's or a career-changer's keywords below the same
    keywords from years of professional work in the field."""
    if any(r.kind == "years" and r.importance == "must" for r in rows):
        return None
    within = evidence.fields.get(name)
    # A resume that dates nothing and states no years leaves them unknown, not few: this
    # posting did not ask, so nothing is taken off for not saying.
    if within is None or within.years >= SENIOR_YEARS or not (evidence.years or evidence.roles):
        return None
    factor = SENIOR_FLOOR + (1.0 - SENIOR_FLOOR) * within.years / SENIOR_YEARS
    return factor, f"\u00d7{factor:.2f} for {within.years:.1f} years of {name} work"


def relevance(titled: float) -> float:
    """The share of the gap to 100 that `titled` years in roles titled as the posting's field
    close."""
    return RELEVANT_SHARE * min(1.0, titled / RELEVANT_YEARS)


def field_floor(titled: float) -> float:
    """The points `titled` years in roles titled as the posting's field hold a score at."""
    span = RELEVANT_YEARS - FLOOR_FROM_YEARS
    return FIELD_FLOOR * max(0.0, min(1.0, (titled - FLOOR_FROM_YEARS) / span))


def titled_years(name: str, evidence: Evidence) -> float:
    """Years in roles whose own title is in the posting's field (`name`, posting_field's)."""
    if not name:
        return 0.0
    dated = [r for r in evidence.roles if r.months > 0 and r.weight > 0]
    if dated:
        titled = [r for r in dated if titled_in(r, name)]
        years = experience_months(titled) / 12
    else:
        # No dated role to read a title from: the years the resume states in the field.
        within = evidence.fields.get(name)
        years = within.years if within is not None else 0.0
    return years


def titled_in(role: Role, name: str) -> bool:
    """Whether a role's own title (not its sentences) puts it in the field."""
    if role.kind in ("education", "project"):
        return False
    header = role.title or title_line(role)
    if not ENGINEERING_ROLE.search(OTHER_TRADE.sub(" ", header)):
        return False
    if name == "engineering":
        return True
    return not OTHER_SPECIALTY.search(header) or bool(
        BACKEND_FIELD.search(header) or re.search(r"full[- ]?stack", header, re.IGNORECASE)
    )


def score_resume(
    requirements: Sequence[RequirementLike],
    text: str,
    *,
    stated_years: float | None = None,
    answers: Sequence[Answer] = (),
    today: date | None = None,
    redact_values: Iterable[str] = (),
    as_of: date | None = None,
) -> FitResult:
    """`as_of` is the resume's own date when the caller knows it (uploaded with an application
    today); without it the resume's date is read from the file, as for an old CV."""
    rows = list(requirements)
    knockouts = [a for a in answers if a.knockout_answer and not is_demographic(a)]
    if not rows and not knockouts:
        return FitResult(None, False, [], status="no_requirements", summary="no requirements")
    evidence = gather(redact(text, redact_values), today or datetime.now(UTC).date(), as_of)
    if stated_years is not None and stated_years > evidence.years:
        evidence.years = float(stated_years)
        evidence.years_evidence = f"{stated_years:g} years stated on the application form"
        # The form asks about this posting's work: its answer stands for the field's years too.
        evidence.fields = {
            name: replace(f, years=evidence.years, years_evidence=evidence.years_evidence)
            for name, f in evidence.fields.items()
        }
    explanation: list[Explanation] = []
    total = earned = listed = 0.0
    must_total = must_missing = 0.0
    gate = 1.0
    gates: list[str] = []
    for requirement in rows:
        judged = judge(requirement, evidence)
        status, proof = judged.status, judged.proof
        weight = requirement_weight(requirement)
        if status != "unassessed" and deciding(requirement) and judged.credit < 1.0:
            factor = GATE_FLOOR + (1.0 - GATE_FLOOR) * judged.credit
            gate *= factor
            gates.append(f"\u00d7{factor:.2f} for {GATE_REASON[requirement.kind]}")
        if status != "unassessed":
            total += weight
            if judged.claimed:
                listed += weight * LISTED_CREDIT
            else:
                earned += weight * judged.credit
            if requirement.importance == "must":
                # A must-have only claimed in a list is still missing for the penalty.
                must_total += weight
                must_missing += weight * (1.0 - judged.credit)
        explanation.append(
            Explanation(label(requirement), requirement.kind, requirement.importance, status, proof)
        )
    for answer in knockouts:
        failed = answer.answer.strip().lower() == answer.knockout_answer.strip().lower()
        # A knockout answer weighs as a must-have in the penalty; it earns nothing when met.
        must_total += MUST_FACTOR
        must_missing += MUST_FACTOR if failed else 0.0
        explanation.append(
            Explanation(
                f"Screening: {answer.question}",
                "question",
                "must",
                "not_met" if failed else "met",
                f"answered {answer.answer!r}",
            )
        )
    field_name = posting_field(rows)  # read once: the seniority scale and relevance share it
    seasoned = seniority(rows, field_name, evidence)
    if seasoned is not None:
        gate *= seasoned[0]
        gates.append(seasoned[1])
    raw = 100.0 * earned / total if total else 0.0
    # Claims count as far as the work shown backs them: a few points on their own, more
    # beside real evidence, never a ranking bought with a keyword line.
    claimed = 100.0 * listed / total if total else 0.0
    raw += min(claimed, LISTED_BACKED * raw, LISTED_MAX_POINTS)
    titled = titled_years(field_name, evidence)
    raw += (100.0 - raw) * relevance(titled)
    missing = [e for e in explanation if e.importance == "must" and e.status == "not_met"]
    penalty = MISSING_MUST_PENALTY * must_missing / must_total if must_total else 0.0
    score = raw * (1.0 - penalty) * gate
    floor = field_floor(titled)
    if floor + FLOOR_KEEP * score > score:
        score = floor + FLOOR_KEEP * score
        gates.append(f"held at {floor:.1f} or more for {titled:.1f} years titled as {field_name}")
    if missing:
        summary = "missing must-haves: " + ", ".join(e.requirement for e in missing)
    else:
        summary = "all must-haves met or partly met"
    if gates:
        summary += "; score " + ", ".join(gates)
    return FitResult(
        score=round(score, 1),
        must_haves_met=all(
            e.status in ("met", "unassessed") for e in explanation if e.importance == "must"
        ),
        explanation=explanation,
        years=round(evidence.years, 1),
        summary=summary,
        raw=round(raw, 2),
        years_evidence=evidence.years_evidence,
        roles=[role_read(role, evidence.as_of) for role in evidence.roles],
    )


def role_read(role: Role, as_of: int) -> dict[str, Any]:
    def month(index: int) -> str:
        return f"{index // 12:04d}-{index % 12 + 1:02d}"

    return {
        "title": role.title[:120],
        "organisation": role.organisation[:120],
        "start": month(role.start),
        "end": "present" if role.open_ended and role.end >= as_of else month(role.end - 1),
        "kind": role.kind,
        "counted": role.weight,
    }


def is_demographic(answer: Answer) -> bool:
    return answer.demographic or bool(DEMOGRAPHIC_QUESTION.search(answer.question))
