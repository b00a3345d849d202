"""Requirement suggestions from a job description, the list a careful recruiter would write.

Postings come as plain text or Markdown, often with YAML front matter (skipped, but its `title`
read). The text is read section by section, whether a heading is a plain line, `## Heading` or
`**Heading**`: "Requirements", "Qualifications", "What you'll bring", "Must have" and the like
are must-haves; "Preferred", "Nice to have", "Bonus" are nice to have; "About you" and "Your
profile" ask for the skills and years they name; responsibilities ask only what a bullet words
as a requirement ("5+ years of...", "Experience with..."), the skills in the other duties being
the job, not the ask; the summary, the company and compensation suggest nothing. In running
prose, the sentences that say what the person needs ("The ideal candidate will have...") count.
The job title's skills and a lead / manager title are must-haves. Within a clause, skills
joined by "/", "or", "e.g." or a shared parent ("Celery / Dramatiq / RQ or equivalent") become
one requirement with alternatives; "a plus", "familiarity with", "preferably..." make (the rest
of) a clause nice to have. "5+ years" and "3-5 years" (its minimum) become a years requirement;
leading a team becomes a leadership requirement, with "3+ years in a lead role" as its minimum
years. A requirement line naming no skill ("Legally able to work in the US") is kept as kind
other, for a person to judge; character traits ("passion for...") are not requirements.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from screening.engine.taxonomy import Taxonomy, load

MUST_WEIGHT = 3
NICE_WEIGHT = 1
LEADERSHIP_WEIGHT = 4

# Section headings, tried in this order: a heading that says "bonus" or "required" means it
# whatever else it says; then the sections that describe the job; then the softer must-haves.
NICE = re.compile(
    r"preferred|nice.to.have|bonus|desirable|good to have|\bplus\b|optional|advantage|ideally"
    r"|desejáve|diferencia|deseable|wünschenswert",
    re.IGNORECASE,
)
MUST_EXPLICIT = re.compile(
    r"must.have|required|requirements|qualifications|what you.ll need|what you need"
    r"|what you(?:.ll)? bring|skill set|technologies you|requisitos|obrigatório|anforderungen",
    re.IGNORECASE,
)
# Duties: what the person will do. A bullet there that reads as a requirement ("5+ years of",
# "Experience with") is one; the technologies named in the others are the job, not the ask.
DUTIES = re.compile(
    r"responsibilit|what you.ll do|what you will do|you will\b|you.ll spend|daily work"
    r"|will include|your role|the role|day.to.day|tasks|atividades|responsabilidades",
    re.IGNORECASE,
)
CONTEXT = re.compile(
    r"role summary|job summary|job description|about (us|the|our)|working structure"
    r"|compensation|benefits|salary|mindset|^important|this role|the position|collaboration"
    r"|documentation|how we work|perks|we offer|you.ll love|how to apply|our company"
    r"|benefício|empresa|descrição|contratação|como se candidatar|local$",
    re.IGNORECASE,
)
# Sections whose lines describe a person ("About you", "The profile we are looking for"): the
# skills and years named there count, but each line is not a requirement of its own.
SOFT_FIRST = re.compile(r"profile|about you|who you are|\byou are\b", re.IGNORECASE)
MUST = re.compile(
    r"looking for|technical expertise|you should|education|^experience:?$|technical stack",
    re.IGNORECASE,
)
STACK = re.compile(r"\bour (?:current )?(?:tech(?:nology)? )?stack|\bwe use\b|tech stack", re.I)
SOFT = re.compile(r"skills|you have|perfil", re.IGNORECASE)

NICE_CLAUSE = re.compile(
    r"\b(a plus|big plus|nice to have|nice-to-have|preferred|bonus|familiarity|exposure to"
    r"|desirable|an advantage|would be great|some or all of|some of the following)\b",
    re.IGNORECASE,
)
# "MySQL, and preferably one cloud provider": what follows the word is only wished for.
NICE_AFTER = re.compile(
    r",?\s*\b(?:and |or )?(?:preferably|ideally|with a preference for)\b", re.IGNORECASE
)
ALTERNATION = re.compile(
    r"/|\bor\b|\be\.g\.|\betc\b|at least one|one of|equivalent|similar|\blike\b|such as", re.I
)
# "3-5 years" asks for three: the minimum of a range is the requirement.
YEARS = re.compile(
    r"(\d{1,2})(?:\s*(?:-|\u2013|\u2014|to)\s*\d{1,2})?\s*\+?\s*(?:years?|yrs|anos|años)\b",
    re.IGNORECASE,
)
LEAD_YEARS_CONTEXT = re.compile(r"^[^,.;]{0,40}\b(lead|leadership|manag|architect)", re.I)
LEADERSHIP = re.compile(
    r"\b(?:lead(?:ing)?|manag(?:e|ed|ing)|direct(?:ed|ing)?|led|run(?:ning)?|ran|head(?:ed|ing)?"
    r"|supervis(?:e|ed|ing))\b[^.;:]{0,60}?\b(?:teams?|contributors|engineers|developers|squads?|department"
    r"|group of (?:people|engineers|developers))\b"
    r"|\bleadership (?:experience|role)|\btech(?:nical)? lead(?:ership)?\b|\bteam lead\b"
    r"|\blead role\b|\bleadership\b(?= *:)|\bcoached other engineers\b|\bpeople manage",
    re.IGNORECASE,
)
# A title that names a lead, manager or head asks for leadership.
TITLE_LEAD = re.compile(r"\b(lead|leader|manager|head of|director|chief)\b", re.IGNORECASE)
BULLET = re.compile(r"^\s*(?:>\s*)?(?:[-•*●▪◦·\u2013]|\d{1,2}[.)])\s*")
# Slashes inside one name are not alternatives.
ONE_NAME = re.compile(r"\b(?:CI/CD|SSL/TLS|UI/UX|and/or|TCP/IP)\b", re.IGNORECASE)
INCLUDING = re.compile(r",?\s*\bincluding\b", re.IGNORECASE)
PAREN = re.compile(r"\(([^()]*)\)")
DESCRIPTIVE = re.compile(r",?\s*\b(such as code|with a focus on)\b.*$", re.IGNORECASE)

FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
FRONT_TITLE = re.compile(r"^title:\s*(.+)$", re.MULTILINE)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)[\s#]*$")
EMPHASIS_LINE = re.compile(r"^(\*\*|__|\*|_)(?!\s)(.+?)\1\s*:?$")
# In running prose, the sentences that state what the person must bring.
PROSE_MUST = re.compile(
    r"\blooking for (?:someone|a candidate|candidates|a person|people) (?:with|who)\b"
    r"|\b(?:ideal|desired|successful|right) (?:candidate|individual|applicant|person)s?"
    r" (?:will|should|must|would) (?:have|be|bring|possess)\b"
    r"|\b(?:the person|the candidate|you) (?:should|must) (?:have|be)\b"
    r"|\byou(?: will|.ll) need\b",
    re.IGNORECASE,
)
# Work authorisation is a must-have wherever the posting says it, even under "Benefits".
WORK_AUTH = re.compile(
    r"\bauthori[sz]ed (?:to work|for employment)|\blegally (?:able|authori[sz]ed|eligible) to"
    r" work|\beligible to work|\bright to work\b|\bwork authori[sz]ation",
    re.IGNORECASE,
)
REQUIREMENT_SHAPED = re.compile(
    r"\bexperience\b|\b\d{1,2}\s*\+?\s*(?:years|yrs)\b|\bability to\b|\bknowledge of\b"
    r"|\bunderstanding of\b|\bproficien",
    re.IGNORECASE,
)
# Qualities of a person rather than requirements a resume can show.
TRAIT = re.compile(
    r"\b(?:passion\w*|love|loves|enjoy\w*|creativ\w*|curio\w*|temperament|attitude|mindset"
    r"|resilien\w*|believe|diligent|thoughtful|interest(?:ed)? in|joy|pride|humble|motivated"
    r"|self-starter|team player|fun|eager|appreciation|open-minded)\b",
    re.IGNORECASE,
)
# "Experience with planning and requirements gathering" is an item, not a "Requirements" heading.
STARTS_LIKE_ITEM = re.compile(
    r"(?:experience|\d|ability|knowledge|understanding|proficien|familiar|strong|solid|proven)\b",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<!e\.g\.)(?<!i\.e\.)(?<!etc\.)(?<=[.!?])\s+(?=[A-Z])")
WORD = re.compile(r"[^\W\d_]{3,}")
# Words that say how much, not what: "strong experience" asks nothing by itself.
VAGUE = frozenset(
    [
        "experience",
        "experienced",
        "strong",
        "good",
        "great",
        "excellent",
        "solid",
        "proven",
        "ability",
        "skills",
        "skill",
        "knowledge",
        "understanding",
        "deep",
        "working",
        "hands",
        "with",
        "and",
        "the",
        "for",
        "you",
        "your",
        "are",
        "have",
        "has",
        "who",
        "our",
        "their",
        "that",
        "this",
        "can",
        "will",
        "also",
        "both",
    ]
)


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


def section_kind(bare: str) -> str | None:
    """'must', 'soft', 'nice', 'duties' or 'context' for a heading's words, else None."""
    if NICE.search(bare):
        return "nice"
    if MUST_EXPLICIT.search(bare):
        return "must"
    if DUTIES.search(bare):
        return "duties"
    if CONTEXT.search(bare):
        return "context"
    if SOFT_FIRST.search(bare):
        return "soft"
    if MUST.search(bare):
        return "must"
    if STACK.search(bare):
        return "nice"
    if SOFT.search(bare):
        return "soft"
    return None


def markup_heading(line: str) -> str | None:
    """The words of a Markdown heading ("## Requirements", "**Must have:**"), else None."""
    match = MD_HEADING.match(line) or EMPHASIS_LINE.match(line)
    if match is None:
        return None
    return match.group(match.lastindex or 1).strip().strip("*_").rstrip(":").strip()


def heading_kind(line: str) -> str | None:
    """The section a plain-text heading line opens, or None when the line is not one."""
    bare = line.strip().rstrip(":").strip()
    words = len(bare.split())
    long_ok = line.rstrip().endswith(":") and words <= 12
    if not bare or line.lstrip().startswith(("-", "•", "*")) or (words > 7 and not long_ok):
        return None
    if bare.endswith(".") or (STARTS_LIKE_ITEM.match(bare) and not line.rstrip().endswith(":")):
        return None
    return section_kind(bare)


def normalise(text: str) -> str:
    text = text.replace("\u2019", "'")
    # "relational and/or NoSQL databases" names two kinds of database, each one a skill.
    text = re.sub(
        r"relational\s+(?:and/or|or|and)\s+NoSQL", "relational databases or NoSQL", text, flags=re.I
    )
    # "distributed and highly scalable systems" names distributed systems.
    text = re.sub(
        r"\bdistributed\s+(and|or)\s+((?:[\w-]+\s+){0,2})(systems|architectures)\b",
        r"distributed \3 \1 \2\3",
        text,
        flags=re.I,
    )
    return text


def split_front_matter(text: str) -> tuple[str, str]:
    """The posting's title from YAML front matter (or "") and the body without it."""
    match = FRONT_MATTER.match(text)
    if match is None:
        return "", text
    title = FRONT_TITLE.search(match.group(1))
    return (title.group(1).strip().strip("'\"") if title else ""), text[match.end() :]


def suggest_requirements(description: str) -> list[SuggestedRequirement]:
    taxonomy = load()
    title, body = split_front_matter(normalise(description))
    body = TAG.sub(" ", COMMENT.sub("", body))
    section = "open"
    found: list[SuggestedRequirement] = []
    first = True
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    for at, line in enumerate(lines):
        words = markup_heading(line)
        if words is not None:
            kind = section_kind(words)
            # The first line of a Markdown posting, when it is a heading that opens no known
            # section, is the job title.
            if first and kind is None and not title:
                title = words
            first = False
            section = kind or "open"
            if kind in (None, "context", "duties"):
                continue
            found.extend(skills_of_heading(words, section, taxonomy))
            continue
        else:
            first = False
            kind = heading_kind(line)
            # "Good communication skills" is an item; "Database Skills" over a list, a heading.
            if kind == "soft" and not line.endswith(":"):
                following = lines[at + 1] if at + 1 < len(lines) else ""
                kind = "soft" if BULLET.match(following) else None
            if kind is not None:
                section = kind
                # "Distributed Systems Knowledge" is a heading that also names a skill.
                if kind in ("context", "duties"):
                    continue
                found.extend(skills_of_heading(line, section, taxonomy))
                continue
        found.extend(requirements_from_line(line, section, taxonomy))
    return merge(from_title(title, taxonomy) + found)


def skills_of_heading(words: str, section: str, taxonomy: Taxonomy) -> list[SuggestedRequirement]:
    """A heading that names a skill ("Distributed Systems Knowledge") asks for it; its other
    words are the section's name, not a requirement."""
    importance = "nice" if section == "nice" else "must"
    return requirements_from_clause(words.rstrip(":"), importance, False, taxonomy)


def from_title(title: str, taxonomy: Taxonomy) -> list[SuggestedRequirement]:
    """A job title names what the job is: its skills and its leading are must-haves."""
    if not title:
        return []
    out = []
    if TITLE_LEAD.search(title):
        out.append(SuggestedRequirement("leadership", [], None, "must", LEADERSHIP_WEIGHT, title))
    found = taxonomy.find(title)
    for name in found:
        if found[name].implied_by is None and taxonomy.area(name) != "leadership and practices":
            out.append(SuggestedRequirement("skill", [name], None, "must", MUST_WEIGHT, title))
    return out


def requirements_from_line(
    line: str, section: str, taxonomy: Taxonomy
) -> list[SuggestedRequirement]:
    line = BULLET.sub("", line).strip()
    if not line:
        return []
    if section in ("context", "duties", "open"):
        out = []
        for sentence in SENTENCE_END.split(line):
            if WORK_AUTH.search(sentence):
                out.append(other(sentence, "must"))
            elif section == "duties" and REQUIREMENT_SHAPED.search(sentence):
                out.extend(requirements_from_clauses(sentence, "must", True, taxonomy))
            elif section == "open" and PROSE_MUST.search(sentence):
                out.extend(requirements_from_prose(sentence, taxonomy))
            elif section != "context" and LEADERSHIP.search(sentence):
                # Leading a team is part of the job even when only the duties say so.
                label = sentence.strip().rstrip(".")[:300]
                out.append(
                    SuggestedRequirement("leadership", [], None, "must", LEADERSHIP_WEIGHT, label)
                )
        return out
    out = []
    for clause in re.split(r";\s+", line):
        if section != "nice" and WORK_AUTH.search(clause):
            out.append(other(clause, "must"))
            continue
        importance = "nice" if section == "nice" or NICE_CLAUSE.search(clause) else "must"
        out.extend(requirements_from_clauses(clause, importance, section == "must", taxonomy))
    return out


def requirements_from_prose(sentence: str, taxonomy: Taxonomy) -> list[SuggestedRequirement]:
    """ "The desired individual will have A, B, C and D": each item of a long list on its own."""
    if sentence.count(",") >= 3 and not ALTERNATION.search(ONE_NAME.sub(" ", sentence)):
        out = []
        for item in re.split(r",\s+", sentence):
            out.extend(requirements_from_clauses(item, "must", True, taxonomy))
        return out
    return requirements_from_clauses(sentence, "must", True, taxonomy)


def requirements_from_clauses(
    clause: str, importance: str, allow_other: bool, taxonomy: Taxonomy
) -> list[SuggestedRequirement]:
    """A clause, split where "preferably" or "ideally" turns the rest into a wish."""
    parts = NICE_AFTER.split(clause, maxsplit=1)
    out = requirements_from_clause(parts[0], importance, allow_other, taxonomy)
    if len(parts) > 1:
        out += requirements_from_clause(parts[1], "nice", False, taxonomy)
    return out


def other(clause: str, importance: str) -> SuggestedRequirement:
    label = clause.strip().rstrip(".")[:300]
    weight = MUST_WEIGHT if importance == "must" else NICE_WEIGHT
    return SuggestedRequirement("other", [], None, importance, weight, label)


def worth_asking(clause: str) -> bool:
    """Whether a line with no skill, years or leadership is still a requirement to list: it
    says something concrete (two words beyond "strong experience") about more than character."""
    if TRAIT.search(clause):
        return False
    words = {w.lower() for w in WORD.findall(clause)} - VAGUE
    return len(words) >= 2


def requirements_from_clause(
    clause: str, importance: str, allow_other: bool, taxonomy: Taxonomy
) -> list[SuggestedRequirement]:
    out: list[SuggestedRequirement] = []
    weight = MUST_WEIGHT if importance == "must" else NICE_WEIGHT
    label = clause.strip().rstrip(".")[:300]
    if not label:
        return out
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
    # "Languages & Frameworks: ..." - the label before a colon is a category, not a skill
    # (unless nothing follows it: "Full stack Node.js experience:").
    head, colon, rest = skill_text.partition(":")
    if colon and len(head.split()) <= 4 and rest.strip():
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
    if not out and not names:
        if allow_other and importance == "must" and worth_asking(clause):
            return [other(clause, importance)]
        return out
    # "databases (relational or NoSQL), including schema design": what follows "including" is
    # asked as well, not offered as another choice.
    # When the words before it already name a skill, the parts listed are details of it: worth
    # a nice-to-have each, not a must-have every resume is held to.
    head, *details = INCLUDING.split(skill_text)
    head_names = [n for n in names if n in taxonomy.find(head)]
    for group in group_alternatives(head_names, head, taxonomy):
        out.append(SuggestedRequirement("skill", group, None, importance, weight, label))
    for part in details:
        in_part = [n for n in names if n in taxonomy.find(part) and n not in head_names]
        part_importance = "nice" if head_names else importance
        part_weight = NICE_WEIGHT if head_names else weight
        for group in group_alternatives(in_part, part, taxonomy):
            out.append(
                SuggestedRequirement("skill", group, None, part_importance, part_weight, label)
            )
    return out


def drop_asides(text: str, taxonomy: Taxonomy) -> str:
    """Drops a parenthesis that only describes ("Redis (queues & caching)").

    A parenthesis that lists alternatives for the skill before it ("Python (FastAPI / Django)",
    "SQL (MySQL, PostgreSQL)") stays; so does a list of examples ("AWS (Lambda, RDS,
    Terraform/CloudFormation)") and one when nothing outside it names a skill.
    """
    outside = set(taxonomy.find(PAREN.sub(" ", text)))
    if not outside:
        return text

    def keep(match: re.Match[str]) -> str:
        inside = taxonomy.find(match.group(1))
        if len([n for n in inside if inside[n].implied_by is None]) >= 2:
            return match.group(0)
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
        # "Python 5+ years, Django required" asks for both: only alternatives drop the language.
        frameworks = [n for n in group if taxonomy.area(n) != "languages"]
        languages = [n for n in group if taxonomy.area(n) == "languages"]
        if (
            (alternation or "(" in text)
            and frameworks
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
    if a.kind == "other":
        return a.text.lower() == b.text.lower()
    return set(a.skills) == set(b.skills)
