"""Requirement suggestions from a job description, the list a careful recruiter would write.

The text is read section by section: "Must have", "Requirements", "Qualifications", "What we're
looking for" and the like are must-haves; "Preferred", "Nice to have", "a plus" are nice to
have; responsibilities, the role summary and compensation describe the job and suggest nothing.
Within a clause, skills joined by "/", "or", "e.g." or a shared parent ("Celery / Dramatiq / RQ
or equivalent") become one requirement with alternatives. "5+ years" becomes a years
requirement; leading a team becomes a leadership requirement, with "3+ years in a lead role" as
its minimum years.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from screening.engine.taxonomy import Taxonomy, load

MUST_WEIGHT = 3
NICE_WEIGHT = 1
LEADERSHIP_WEIGHT = 4

CONTEXT = re.compile(
    r"responsibilit|what you.ll do|you will|role summary|job summary|job description|about (us|the)"
    r"|working structure|compensation|benefits|salary|mindset|^important|education|this role"
    r"|collaboration|documentation|how we work|perks",
    re.IGNORECASE,
)
NICE = re.compile(r"preferred|nice to have|nice-to-have|bonus|desirable|good to have|a plus", re.I)
MUST = re.compile(
    r"must have|required|requirements|qualifications|looking for|technical expertise"
    r"|^experience:?$|you should|technical stack|skills|what you bring|you have",
    re.IGNORECASE,
)
NICE_CLAUSE = re.compile(r"\b(a plus|big plus|nice to have|preferred|bonus|familiarity)\b", re.I)
ALTERNATION = re.compile(
    r"/|\bor\b|\be\.g\.|\betc\b|at least one|one of|equivalent|similar|\blike\b|such as", re.I
)
YEARS = re.compile(r"(\d{1,2})\s*\+?\s*(?:years|yrs)", re.IGNORECASE)
LEAD_YEARS_CONTEXT = re.compile(r"^[^,.;]{0,40}\b(lead|leadership|manag|architect)", re.I)
LEADERSHIP = re.compile(
    r"\b(?:lead(?:ing)?|manag(?:e|ing)|direct(?:ing)?|led)\b[^.;:]{0,40}?\b(?:teams?|contributors"
    r"|engineers|developers|squads?)\b"
    r"|\bleadership (?:experience|role)|\btech(?:nical)? lead(?:ership)?\b|\bteam lead\b"
    r"|\blead role\b|\bleadership\b(?= *:)|\bcoached other engineers\b",
    re.IGNORECASE,
)
BULLET = re.compile(r"^\s*(?:[-•*]|\d{1,2}[.)])\s*")
# Slashes inside one name are not alternatives.
ONE_NAME = re.compile(r"\b(?:CI/CD|SSL/TLS|UI/UX|and/or|TCP/IP)\b", re.IGNORECASE)
PAREN = re.compile(r"\(([^()]*)\)")
DESCRIPTIVE = re.compile(r",?\s*\b(including|such as code|with a focus on)\b.*$", re.IGNORECASE)


@dataclass
class SuggestedRequirement:
    """Field for field what `postings.models.Requirement` stores."""

    kind: str  # skill | years | leadership | other
    skills: list[str] = field(default_factory=list)
    min_years: int | None = None
    importance: str = "must"  # must | nice
    weight: int = MUST_WEIGHT
    text: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def heading_kind(line: str) -> str | None:
    """'must', 'nice' or 'context' when the line is a section heading, else None."""
    bare = line.strip().rstrip(":").strip()
    if not bare or line.lstrip().startswith(("-", "•", "*")) or len(bare.split()) > 7:
        return None
    if bare.endswith("."):
        return None
    if NICE.search(bare):
        return "nice"
    if CONTEXT.search(bare):
        return "context"
    if MUST.search(bare):
        return "must"
    return None


def normalise(text: str) -> str:
    text = text.replace("\u2019", "'")
    # "relational and/or NoSQL databases" names two kinds of database, each one a skill.
    text = re.sub(
        r"relational\s+(?:and/or|or|and)\s+NoSQL", "relational databases or NoSQL", text, flags=re.I
    )
    return text


def suggest_requirements(description: str) -> list[SuggestedRequirement]:
    taxonomy = load()
    section = "context"
    found: list[SuggestedRequirement] = []
    for raw in normalise(description).splitlines():
        line = raw.strip()
        kind = heading_kind(line)
        if kind is not None:
            section = kind
            # "Distributed Systems Knowledge" is a heading that also names a skill.
            if kind == "context":
                continue
        if section == "context" or not line:
            continue
        line = BULLET.sub("", line)
        for clause in re.split(r";\s+", line):
            importance = "nice" if section == "nice" or NICE_CLAUSE.search(clause) else "must"
            found.extend(requirements_from_clause(clause, importance, taxonomy))
    return merge(found)


def requirements_from_clause(
    clause: str, importance: str, taxonomy: Taxonomy
) -> list[SuggestedRequirement]:
    out: list[SuggestedRequirement] = []
    weight = MUST_WEIGHT if importance == "must" else NICE_WEIGHT
    label = clause.strip().rstrip(".")[:300]
    years = list(YEARS.finditer(clause))
    lead_years: int | None = None
    for match in years:
        if LEAD_YEARS_CONTEXT.search(clause[match.end() :]):
            lead_years = int(match.group(1))
        else:
            out.append(
                SuggestedRequirement("years", [], int(match.group(1)), importance, weight, label)
            )
    if lead_years is not None or LEADERSHIP.search(clause):
        out.append(
            SuggestedRequirement(
                "leadership",
                [],
                lead_years,
                importance,
                LEADERSHIP_WEIGHT if importance == "must" else NICE_WEIGHT,
                label,
            )
        )
    skill_text = DESCRIPTIVE.sub("", clause)
    # "Languages & Frameworks: ..." - the label before a colon is a category, not a skill.
    head, colon, rest = skill_text.partition(":")
    if colon and len(head.split()) <= 4:
        skill_text = rest
    skill_text = drop_asides(skill_text, taxonomy)
    found = taxonomy.find(skill_text)
    names = [n for n in found if found[n].implied_by is None]
    names = [
        n
        for n in names
        if taxonomy.area(n) != "leadership and practices"
        or n in ("Mentoring", "Code review", "Agile", "Testing")
    ]
    if out and not names:
        return out
    for group in group_alternatives(names, skill_text, taxonomy):
        out.append(SuggestedRequirement("skill", group, None, importance, weight, label))
    return out


def drop_asides(text: str, taxonomy: Taxonomy) -> str:
    """Drops a parenthesis that only describes ("Redis (queues & caching)").

    A parenthesis that lists alternatives for the skill before it ("Python (FastAPI / Django)",
    "SQL (MySQL, PostgreSQL)") stays; so does one when nothing outside it names a skill.
    """
    outside = set(taxonomy.find(PAREN.sub(" ", text)))
    if not outside:
        return text

    def keep(match: re.Match[str]) -> str:
        inside = taxonomy.find(match.group(1))
        related = any(
            {n, *taxonomy.skills[n].implies} & outside or n in outside for n in inside
        ) or any(set(taxonomy.skills[o].implies) & set(inside) for o in outside)
        return match.group(0) if related else " "

    return PAREN.sub(keep, text)


def group_alternatives(names: list[str], text: str, taxonomy: Taxonomy) -> list[list[str]]:
    """Skills that are alternatives to each other form one group, the rest stand alone."""
    alternation = bool(ALTERNATION.search(ONE_NAME.sub(" ", text)))
    parent: dict[str, str] = {n: n for n in names}

    def root(name: str) -> str:
        while parent[name] != name:
            name = parent[name]
        return name

    def ancestors(name: str) -> set[str]:
        seen: set[str] = set()
        todo = [name]
        while todo:
            for implied in taxonomy.skills[todo.pop()].implies:
                if implied not in seen:
                    seen.add(implied)
                    todo.append(implied)
        return seen

    family = {n: ancestors(n) | {n} for n in names}
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            related = bool(family[a] & family[b])
            same_area = taxonomy.area(a) == taxonomy.area(b)
            if related or (alternation and same_area):
                parent[root(b)] = root(a)
    groups: dict[str, list[str]] = {}
    for name in names:
        groups.setdefault(root(name), []).append(name)
    out = []
    for group in groups.values():
        # "Python (FastAPI / Django / Flask)": the frameworks are what is asked; the bare
        # language alone is partial evidence, which the scorer derives from the implication.
        frameworks = [n for n in group if taxonomy.area(n) != "languages"]
        languages = [n for n in group if taxonomy.area(n) == "languages"]
        if (
            frameworks
            and languages
            and all(any(lang in ancestors(f) for f in frameworks) for lang in languages)
        ):
            group = frameworks
        out.append(group)
    return out


def merge(found: list[SuggestedRequirement]) -> list[SuggestedRequirement]:
    """One requirement per skill set, one years and one leadership requirement per posting."""
    out: list[SuggestedRequirement] = []
    for item in found:
        twin = next((r for r in out if same(r, item)), None)
        if twin is None:
            out.append(item)
            continue
        if item.importance == "must" and twin.importance == "nice":
            twin.importance, twin.weight, twin.text = "must", item.weight, item.text
        if item.min_years is not None:
            twin.min_years = max(twin.min_years or 0, item.min_years)
    # A skill already offered as an alternative in a wider requirement needs no row of its own
    # (unless it is a must-have and the wider one only nice to have).
    return [r for r in out if not covered(r, out)]


def covered(requirement: SuggestedRequirement, others: list[SuggestedRequirement]) -> bool:
    if requirement.kind != "skill" or len(requirement.skills) != 1:
        return False
    return any(
        other is not requirement
        and other.kind == "skill"
        and requirement.skills[0] in other.skills
        and (other.importance == "must" or requirement.importance == "nice")
        for other in others
    )


def same(a: SuggestedRequirement, b: SuggestedRequirement) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind in ("years", "leadership"):
        return True
    return set(a.skills) == set(b.skills)
