"""The skills taxonomy (`skills.json`): canonical skills, their aliases and spellings, by area.

`find_skills(text)` returns each canonical skill found, with the sentence it was found in.
Matching respects word boundaries ("Java" is not found in "JavaScript", "C" not in "C#").
Short names that are also ordinary words or letters ("Go", "REST", "C", "R") count only when
written in their own capitals and beside other technology on the same line, or alone as a list
item, so "go to market", "rest of the team" and "Series C" are not skills. Implications
("Django" means Python) are added with the evidence of the skill that implies them; a skill's
`akin` tools (doing the same job another way) are left to the scorer, as partial evidence.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("skills.json")
BOUNDARY_BEFORE = r"(?<![\w+#.])"
BOUNDARY_AFTER = r"(?![\w+#]|\.\w)"
# After an ambiguous short name, these words mean ordinary English ("Go to", "C-level").
NOT_A_SKILL_AFTER = re.compile(r"^(?:\s+(?:to|ahead|live|back|out|through|of)\b|-level|-suite|&)")


def trie_pattern(forms: Iterable[str]) -> str:
    """An alternation of `forms` factored by common prefixes ("java(?:script)?").

    It matches what the plain alternation longest-first matches: at each position the longest
    form that fits (greedy optional groups try the longer ending first, and give it back when
    the boundary after it fails). A plain alternation of ~1,500 aliases made the regex engine
    try each one at every position of every line, a third of a scoring's time."""
    trie: dict[str, dict[str, Any]] = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" not in node:
            return body
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"

    return build(trie)


@dataclass(frozen=True)
class Skill:
    name: str
    area: str
    aliases: tuple[str, ...]
    implies: tuple[str, ...]
    ambiguous: bool
    # Tools that do the same job another way ("Background jobs" by a message queue's workers):
    # shown in work, they partly meet a requirement for this skill. Never the other way round
    # unless the data says so too.
    akin: tuple[str, ...] = ()


@dataclass(frozen=True)
class Found:
    skill: str
    evidence: str
    implied_by: str | None = None


class Taxonomy:
    def __init__(self, skills: list[Skill]) -> None:
        self.skills = {s.name: s for s in skills}
        self.by_alias: dict[str, list[str]] = {}
        short: dict[str, list[str]] = {}
        for skill in skills:
            for form in (skill.name, *skill.aliases):
                if skill.ambiguous and len(form) <= 5 and " " not in form:
                    short.setdefault(form, []).append(skill.name)
                else:
                    self.by_alias.setdefault(form.lower(), []).append(skill.name)
        self.short = short
        self.pattern = re.compile(
            BOUNDARY_BEFORE + "(" + trie_pattern(self.by_alias) + ")" + BOUNDARY_AFTER,
            re.IGNORECASE,
        )
        self.short_pattern = re.compile(
            BOUNDARY_BEFORE + "(" + "|".join(re.escape(f) for f in sorted(short)) + ")"
            r"(?![\w+#]|\.\w)"
        )

    def canonical(self, name: str) -> str | None:
        """The canonical name for any spelling, or None when the taxonomy does not know it."""
        if name in self.skills:
            return name
        names = self.by_alias.get(name.lower()) or self.short.get(name)
        if names:
            return names[0]
        for skill in self.skills:
            if skill.lower() == name.lower():
                return skill
        return None

    def area(self, name: str) -> str:
        return self.skills[name].area if name in self.skills else ""

    def find(self, text: str) -> dict[str, Found]:
        found: dict[str, Found] = {}
        for line in logical_lines(text):
            if not line.strip():
                continue
            names = [
                name
                for match in self.pattern.finditer(line)
                for name in self.by_alias[match.group(1).lower()]
            ]
            if self.short:
                names += self.short_names(line, bool(names))
            for name in names:
                previous = found.get(name)
                snippet = sentence(line, name, self)
                # A sentence from the work history explains more than a bare skills-list entry.
                if previous is None or (listing(previous.evidence) and not listing(snippet)):
                    found[name] = Found(name, snippet)
        for name in list(found):
            self.add_implied(name, found)
        return found

    def short_names(self, line: str, other_skills: bool) -> list[str]:
        names = []
        list_item = len(line.split()) <= 3
        for match in self.short_pattern.finditer(line):
            if NOT_A_SKILL_AFTER.match(line[match.end() :]):
                continue
            if line[max(0, match.start() - 7) : match.start()].lower() == "series ":
                continue
            if other_skills or list_item:
                names += self.short[match.group(1)]
        return names

    def add_implied(self, name: str, found: dict[str, Found]) -> None:
        for implied in self.skills[name].implies:
            previous = found.get(implied)
            better = (
                listing(previous.evidence) and not listing(found[name].evidence)
                if (previous)
                else True
            )
            if better:
                found[implied] = Found(implied, found[name].evidence, implied_by=name)
                self.add_implied(implied, found)


# A line ending in one of these words goes on: the next line is the rest of its sentence.
CONTINUES = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "using",
        "via",
        "across",
        "over",
        "than",
    ]
)


def continues(previous: str, line: str) -> bool:
    """Whether `line` is the wrapped rest of `previous` rather than a new bullet or sentence:
    it starts in lower case, or `previous` stops mid-phrase ("built in", "Python,")."""
    if line[:1].islower() or line[:1].isdigit():
        return True
    end = previous.rstrip()
    return end.endswith((",", "-", "\u2013", "&", "/", "(")) or (
        end.rsplit(" ", 1)[-1].lower() in CONTINUES
    )


def logical_lines(text: str) -> list[str]:
    """Lines with PDF line wraps undone, so a wrapped sentence stays one piece of evidence."""
    out: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        previous = out[-1] if out else ""
        wrapped = (
            len(previous) >= 50
            and not previous.rstrip().endswith((".", ";", ":", "!", "?"))
            and stripped
            and not stripped.startswith(("-", "\u2022", "*", "\u00b7"))
            and continues(previous, stripped)
        )
        if wrapped:
            out[-1] = previous.rstrip() + " " + stripped
        else:
            out.append(line)
    return out


# "Skills: ...", "Tech stack - ...": a labelled list, however few its items.
LIST_LABEL = re.compile(
    r"^\W*(?:(?:technical|core|key|other)\s+)?(?:skills?|technolog(?:y|ies)|tech(?:nical)?"
    r"\s*stack|stack|tools?|tooling|languages?|frameworks?|libraries|platforms?|databases?"
    r"|competenc(?:e|ies)|expertise|keywords?)\b[^:\-\u2013|]{0,30}[:\-\u2013|]",
    re.IGNORECASE,
)


def listing(snippet: str) -> bool:
    """A skills-list line ("Python, Django, Redis", "Skills: Go") rather than a sentence about
    work: naming a skill in a list shows little, so it must not read as work done."""
    # A bare item ("Docker", "Go, Rust") is a list entry; "Mentored three engineers." is not.
    short = len(snippet.split()) <= 3 and not snippet.rstrip().endswith((".", "!"))
    return short or bool(LIST_LABEL.match(snippet)) or enumeration(snippet)


# What separates the items of a list written on one line: commas, bars, bullets, spaced slashes.
ITEM_SEPARATOR = re.compile(r"\s*(?:[,;|\u00b7\u2022]|\s/\s?|\s?/\s)\s*")


# The small words of sentences: a list of skills has hardly any.
FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "of",
        "for",
        "with",
        "to",
        "through",
        "by",
        "in",
        "on",
        "from",
        "into",
        "at",
        "as",
        "our",
        "my",
        "we",
        "i",
        "was",
        "were",
        "is",
        "are",
        "that",
        "which",
        "while",
    ]
)


def enumeration(snippet: str) -> bool:
    """Four or more short items ("Go / RabbitMQ / MariaDB / Docker"): a list, not a sentence.
    Commas alone don't make one: "Led a team of 11 engineers for US clients, owning
    architecture, quality, and release." is a sentence: its small words say so."""
    text = re.sub(r"<[^>]+>", "", snippet)
    text = re.sub(r"^[^:.]{1,40}:(?!//)", "", text)  # "Data & APIs: GraphQL, REST, ..."
    items = [item for item in ITEM_SEPARATOR.split(text.strip(" -*\u2022")) if item]
    if len(items) < 4:
        return False
    lengths = sorted(len(item.split()) for item in items)
    glue = sum(1 for word in re.findall(r"[^\W\d_]+", text.lower()) if word in FUNCTION_WORDS)
    return lengths[len(lengths) // 2] <= 3 and glue <= len(items) // 4


def sentence(line: str, name: str, taxonomy: Taxonomy) -> str:
    """The sentence of `line` that names the skill, trimmed for an explanation: a long one is
    cut to a window around the skill, so the evidence always shows the word it proves."""
    line = line.strip().lstrip("-•*· ").strip()
    if len(line) <= 160:
        return line
    forms = [f.lower() for f in (name, *taxonomy.skills[name].aliases)]
    for part in re.split(r"(?<=[.;])\s+", line):
        low = part.lower()
        hits = [low.find(f) for f in forms if f in low]
        if not hits:
            continue
        if len(part) <= 160:
            return part
        at = min(hits)
        start = 0 if at < 60 else part.rfind(" ", 0, at - 50) + 1
        end = min(len(part), start + 150)
        if end < len(part) and " " in part[start + 100 : end]:
            end = part.rfind(" ", start + 100, end)
        return ("…" if start else "") + part[start:end] + ("…" if end < len(part) else "")
    return line[:160]


@functools.cache
def load() -> Taxonomy:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    skills = [
        Skill(
            name=row["name"],
            area=area,
            aliases=tuple(row.get("aliases", ())),
            implies=tuple(row.get("implies", ())),
            ambiguous=bool(row.get("ambiguous", False)),
            akin=tuple(row.get("akin", ())),
        )
        for area, rows in raw["areas"].items()
        for row in rows
    ]
    return Taxonomy(skills)


def find_skills(text: str) -> dict[str, Found]:
    return load().find(text)
