"""Explained fit scores: requirements against the evidence in a resume.

`score_resume` is a pure function of the requirements, the extracted resume text, the years the
candidate stated, the screening answers and today's date. For each requirement it decides met /
partly / not met and keeps the sentence that shows it, so a person can check the score in
seconds. Must-haves weigh three times a nice-to-have, and a must-have that is not met caps the
score below `CAP_WITH_MISSING_MUST`. A score never decides anything by itself (DESIGN.md, "Fit
scores are assistive").

Fairness: contact details, personal data lines (age, date of birth, gender, nationality...) and
any strings the caller passes in `redact` (the candidate's name, email, phone, address from the
form) are removed before anything is read; demographic questions are never read at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Protocol

from screening.engine.taxonomy import Found, listing, load

SCORING_VERSION = "2026.11-2"
MUST_FACTOR = 3
CAP_WITH_MISSING_MUST = 69.0
CREDIT = {"met": 1.0, "partly": 0.5, "not_met": 0.0}

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    )
}
MONTH = r"(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+)?"
RANGE = re.compile(
    MONTH
    + r"((?:19|20)\d\d)\s*(?:[-\u2013\u2014]|to|until)\s*(?:"
    + MONTH
    + r"((?:19|20)\d\d)|(present|current|now|today|date))",
    re.IGNORECASE,
)
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
LEAD_TITLE = re.compile(
    r"\b(tech(?:nical)? lead|team lead|lead (?:backend |software )?engineer|backend lead"
    r"|engineering (?:lead|manager)|head of|cto|vp of engineering|director of engineering"
    r"|staff engineer|principal engineer|lead)\b",
    re.IGNORECASE,
)
LEAD_ACT = re.compile(
    r"\b(led|lead|leading|managed|manage|managing|built and led|head(?:ed|ing)?|direct(?:ed)?)"
    r"\b[^.;\n]{0,40}?\b(team|teams|squad|squads|engineers|developers|contributors)\b",
    re.IGNORECASE,
)
MENTOR = re.compile(r"\b(mentor(?:ed|ing|s)?|coach(?:ed|ing)?)\b", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"\b(?:https?://|www\.)\S+|\b(?:linkedin|github)\.com/\S*", re.IGNORECASE)
PHONE = re.compile(r"\+?\(?\d[\d ().-]{7,}\d")
PERSONAL_LINE = re.compile(
    r"^\s*(name|address|age|date of birth|dob|born|gender|sex|nationality|citizenship|marital"
    r"|religion|ethnicity|race|photo|phone|mobile|email|e-mail)\s*[:\-]",
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

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Evidence:
    skills: dict[str, Found]
    years: float
    years_evidence: str
    lead_years: float
    lead_evidence: str
    lead_strength: int  # 0 none, 1 mentoring only, 2 led people
    extra: dict[str, str] = field(default_factory=dict)


def redact(text: str, personal: Iterable[str] = ()) -> str:
    """The resume without contact details, personal data lines and the given strings."""
    for value in personal:
        if value and len(value.strip()) >= 2:
            text = re.sub(re.escape(value.strip()), " ", text, flags=re.IGNORECASE)
    text = PERSONAL_LINE.sub(" ", text)
    text = EMAIL.sub(" ", text)
    text = URL.sub(" ", text)
    return PHONE.sub(
        lambda m: " " if sum(c.isdigit() for c in m.group(0)) >= 9 else m.group(0), text
    )


def gather(text: str, today: date) -> Evidence:
    lines = text.splitlines()
    intervals: list[tuple[int, int]] = []
    lead_intervals: list[tuple[int, int]] = []
    lead_evidence = ""
    now = today.year * 12 + today.month - 1
    for index, line in enumerate(lines):
        for match in RANGE.finditer(line):
            start = int(match.group(2)) * 12 + MONTHS.get((match.group(1) or "jan")[:3].lower(), 1)
            if match.group(5):
                end = now
            else:
                end = int(match.group(4)) * 12 + MONTHS.get(
                    (match.group(3) or "dec")[:3].lower(), 12
                )
            start, end = start - 1, min(end, now)
            if not start <= end <= now or end - start > 50 * 12:
                continue
            intervals.append((start, end))
            # The job title sits on the line before the dates, on the same line or just after.
            nearby = " ".join(lines[max(0, index - 1) : index + 2])
            title = LEAD_TITLE.search(nearby)
            if title:
                lead_intervals.append((start, end))
                lead_evidence = lead_evidence or snippet(nearby)
    years = merged_months(intervals) / 12
    years_evidence = (
        f"{years:.1f} years from the dates of {len(intervals)} roles" if intervals else ""
    )
    for match in STATED_YEARS.finditer(text):
        value = match.group(1).lower()
        stated = float(value) if value.isdigit() else float(NUMBER_WORDS[value])
        if "and a half" in match.group(0).lower():
            stated += 0.5
        if stated > years and stated <= 50:
            years = stated
            years_evidence = snippet(line_of(text, match.start()))
    strength = 0
    act = LEAD_ACT.search(text)
    if act:
        strength = 2
        lead_evidence = snippet(line_of(text, act.start()))
    elif lead_intervals:
        strength = 2
    elif MENTOR.search(text):
        strength = 1
        mentor = MENTOR.search(text)
        assert mentor is not None
        lead_evidence = snippet(line_of(text, mentor.start()))
    return Evidence(
        skills=load().find(text),
        years=years,
        years_evidence=years_evidence,
        lead_years=merged_months(lead_intervals) / 12,
        lead_evidence=lead_evidence,
        lead_strength=strength,
    )


def merged_months(intervals: list[tuple[int, int]]) -> int:
    total = 0
    current: tuple[int, int] | None = None
    for start, end in sorted(intervals):
        if current is None or start > current[1]:
            if current is not None:
                total += current[1] - current[0]
            current = (start, end)
        else:
            current = (current[0], max(current[1], end))
    if current is not None:
        total += current[1] - current[0]
    return total


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


def judge(requirement: RequirementLike, evidence: Evidence) -> tuple[str, str]:
    kind = requirement.kind
    if kind == "years":
        need = float(requirement.min_years or 0)
        if evidence.years >= need:
            return "met", evidence.years_evidence
        if evidence.years >= need * 0.7:
            return "partly", f"{evidence.years:.1f} of {need:g} years: {evidence.years_evidence}"
        found = f"{evidence.years:.1f} years found" if evidence.years else "no dates or years found"
        return "not_met", found
    if kind == "leadership":
        need = float(requirement.min_years or 0)
        if evidence.lead_strength == 2 and (not need or evidence.lead_years >= need):
            return "met", evidence.lead_evidence
        if evidence.lead_strength == 2:
            return (
                "partly",
                f"{evidence.lead_years:.1f} years in lead roles: {evidence.lead_evidence}",
            )
        if evidence.lead_strength == 1:
            return "partly", f"mentoring only: {evidence.lead_evidence}"
        return "not_met", "no sign of leading people"
    taxonomy = load()
    wanted = [taxonomy.canonical(s) or s for s in requirement.skills or []]
    direct = [evidence.skills[s] for s in wanted if s in evidence.skills]
    if direct:
        # Work shown in a sentence beats a name in a skills list; a list alone is half the proof.
        best = min(direct, key=lambda f: (listing(f.evidence), f.implied_by is not None))
        via = f" (via {best.implied_by})" if best.implied_by else ""
        if listing(best.evidence):
            return "partly", f"listed under skills only: {best.skill}{via}: {best.evidence}"
        return "met", f"{best.skill}{via}: {best.evidence}"
    # The language without the framework asked for, or the parent of what was asked.
    for name in wanted:
        if taxonomy.area(name) != "web frameworks":
            continue
        for parent in taxonomy.skills[name].implies:
            if parent in evidence.skills and taxonomy.area(parent) == "languages":
                return (
                    "partly",
                    f"{parent} but not {' / '.join(wanted)}: {evidence.skills[parent].evidence}",
                )
    if not wanted:
        # "Has owned a production system end to end": nothing in a resume settles it by
        # pattern. Leave it to a person rather than count it against everyone.
        return "unassessed", "not assessed: a person judges this one"
    return "not_met", f"no mention of {' / '.join(wanted)}"


def score_resume(
    requirements: Sequence[RequirementLike],
    text: str,
    *,
    stated_years: float | None = None,
    answers: Sequence[Answer] = (),
    today: date | None = None,
    redact_values: Iterable[str] = (),
) -> FitResult:
    rows = list(requirements)
    knockouts = [a for a in answers if a.knockout_answer and not is_demographic(a)]
    if not rows and not knockouts:
        return FitResult(None, False, [], status="no_requirements", summary="no requirements")
    evidence = gather(redact(text, redact_values), today or datetime.now(UTC).date())
    if stated_years is not None and stated_years > evidence.years:
        evidence.years = float(stated_years)
        evidence.years_evidence = f"{stated_years:g} years stated on the application form"
    explanation: list[Explanation] = []
    total = earned = 0.0
    for requirement in rows:
        status, proof = judge(requirement, evidence)
        weight = max(1, int(requirement.weight or 1)) * (
            MUST_FACTOR if requirement.importance == "must" else 1
        )
        if status != "unassessed":
            total += weight
            earned += weight * CREDIT[status]
        explanation.append(
            Explanation(label(requirement), requirement.kind, requirement.importance, status, proof)
        )
    for answer in knockouts:
        failed = answer.answer.strip().lower() == answer.knockout_answer.strip().lower()
        explanation.append(
            Explanation(
                f"Screening: {answer.question}",
                "question",
                "must",
                "not_met" if failed else "met",
                f"answered {answer.answer!r}",
            )
        )
    raw = 100.0 * earned / total if total else 0.0
    missing = [e for e in explanation if e.importance == "must" and e.status == "not_met"]
    # Scaled rather than clipped, so candidates who miss a must-have still rank among themselves.
    score = raw * CAP_WITH_MISSING_MUST / 100.0 if missing else raw
    if missing:
        summary = "missing must-haves: " + ", ".join(e.requirement for e in missing)
    else:
        summary = "all must-haves met or partly met"
    return FitResult(
        score=round(score, 1),
        must_haves_met=all(
            e.status in ("met", "unassessed") for e in explanation if e.importance == "must"
        ),
        explanation=explanation,
        years=round(evidence.years, 1),
        summary=summary,
        raw=round(raw, 2),
    )


def is_demographic(answer: Answer) -> bool:
    return answer.demographic or bool(DEMOGRAPHIC_QUESTION.search(answer.question))
