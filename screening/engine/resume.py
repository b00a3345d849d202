"""Resume structure: sections and dated roles read from extracted resume text.

`parse(text, today)` is a pure function of the text `extract.py` returns (PDF, DOCX, Markdown or
plain text, JSON Resume) and a date. It finds the section headings in the shapes real resumes
use (Markdown `#` and setext underlines, bold lines, ALL CAPS, a short line such as "Work
Experience:" or "Career History"), and the date ranges in theirs ("Jan 2019 - Present",
"2019-2021", "03/2018 - 06/2020", "2016-11-07 - 2018-09-24", "2018 to date", "Since 2020",
"June - August 2013", with hyphens or dashes); a year in a long sentence ("acquired in 2009",
"professionally since 2000") is prose, not a date line. Each range in a section that can hold
roles becomes a `Role` with the title and organisation from its own line or the heading lines
just above it, and the lines below it as its description.

A resume is read as of its own date, not the day it is scored: "Present" in a resume last
edited in 2018 means 2018. The date is the one the file states ("Last updated March 2018", a
front-matter `date:`), or else estimated from the newest date it mentions (`SLACK_MONTHS` after
a closed date, `TENURE_MONTHS` after the start of a role still held), and never after `today`;
a file whose only dates are starts of roles still held is read as of `today`. A caller that
knows the resume's date (uploaded with an application) passes it as `as_of`. Month indexes are
`year * 12 + month - 1`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

# People update a resume some time after its newest entry; without a stated date, "Present" is
# read that long after the newest date the file mentions (measured on the development set).
SLACK_MONTHS = 12
# A role still held was usually held a while before the resume was written: the current job's
# start says less about the resume's date than a closed role's end does.
TENURE_MONTHS = 18
# How much a month of each kind of role counts towards professional experience.
WEIGHT = {"job": 1.0, "part-time": 0.5, "internship": 0.5, "education": 0.0, "project": 0.0}
MAX_ROLE_MONTHS = 45 * 12
# A line of more words than this is a sentence: the year it mentions ("acquired by Acme in
# 2009", "building web products professionally since 2000") dates no role of its own. A full
# range ("Jan 2019 - Present") still does: PDFs run a role's header into its first sentence.
PROSE_WORDS = 20

MONTH_NAMES = {
    **{
        name: i + 1
        for i, names in enumerate(
            (
                "january jan enero ene janvier janv januar jänner jän janeiro gennaio gen",
                "february feb febrero fevrier février févr fevr februar fevereiro fev febbraio",
                "march mar marzo mars märz marz mär março",
                "april apr abril abr avril avr aprile",
                "may mayo mai maio maggio mag",
                "june jun junio juin juni junho giugno giu",
                "july jul julio juillet juil juli julho luglio lug",
                "august aug agosto ago aout août",
                "september sep sept septiembre septembre setembro set settembre",
                "october oct octubre octobre oktober okt outubro out ottobre ott",
                "november nov noviembre novembre novembro",
                "december dec diciembre dic decembre décembre déc dezember dezembro dez dicembre",
            )
        )
        for name in names.split()
    },
    "spring": 3,
    "summer": 6,
    "fall": 9,
    "autumn": 9,
    "winter": 12,
}
MONTH_WORD = r"(?:" + "|".join(sorted(map(re.escape, MONTH_NAMES), key=len, reverse=True)) + r")"
YEAR = r"(?:19[6-9]\d|20[0-4]\d)"
PRESENT_WORD = (
    r"(?:present|current(?:ly)?|now|today|to date|date|ongoing|till now"
    r"|pr[ée]sent|presente|aujourd'hui|en cours|heute|aktuell|jetzt|atual(?:mente)?"
    r"|actualidad|actualmente|hoy|attuale|oggi|재직중|현재|至今)"
)
# One point in time, most specific shape first. Named groups: y (year), m (month number),
# mon (month word). `\\?\.?` lets "2011." and Markdown's escaped "2011\." through.
POINT = (
    r"(?:(?P<{p}y1>" + YEAR + r")[-./](?P<{p}m1>0?[1-9]|1[0-2])(?:[-./](?:[0-3]?\d))?(?!\d)"
    r"|(?P<{p}m2>0?[1-9]|1[0-2])\s?[/.-]\s?(?P<{p}y2>" + YEAR + r")"
    r"|(?P<{p}mon>" + MONTH_WORD + r")\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?[\s,/'-]*"
    r"(?P<{p}y3>" + YEAR + r")"
    r"|(?P<{p}y4>" + YEAR + r"))(?!\d)\\?\.?"
)
SEPARATOR = r"\s*(?:--?|\u2013|\u2014|\u2012|~|\bto\b|\buntil\b|\btill\b|\bthrough\b|\bthru\b"
SEPARATOR += r"|\bau\b|\bbis\b|\bhasta\b|\ba\b|\s/)\s*"
RANGE = re.compile(
    r"(?<![\d/.-])(?:(?P<since>since|from|desde|depuis|seit)\s+)?"
    + POINT.replace("{p}", "s")
    + r"(?:"
    + SEPARATOR
    + r"(?:(?P<present>"
    + PRESENT_WORD
    + r")\b|"
    + POINT.replace("{p}", "e")
    + r")|\s+(?P<present2>now|present|current)\b)?",
    re.IGNORECASE,
)
SINCE = re.compile(r"(?:since|from|desde|depuis|seit)\s", re.IGNORECASE)
# "June - August 2013", "Aug to Dec 2006": a month range inside one year.
MONTH_SPAN = re.compile(
    r"\b(?P<a>" + MONTH_WORD + r")\.?" + SEPARATOR + r"(?P<b>" + MONTH_WORD + r")\.?[\s,]*"
    r"(?P<y>" + YEAR + r")(?!\d)",
    re.IGNORECASE,
)
# Two-digit years: "02/18-01/19", "Jun/21 - Sep/23", "Sept '17 - present".
SHORT_POINT = (
    r"(?:(?P<{p}m>0?[1-9]|1[0-2])|(?P<{p}mon>"
    + MONTH_WORD
    + r"))\.?\s?[/'\u2019-]\s?(?P<{p}yy>\d\d)"
)
SHORT_RANGE = re.compile(
    r"(?<![\d/])"
    + SHORT_POINT.replace("{p}", "s")
    + r"(?!\d)(?:\s*(?:--?|\u2013|\u2014|\bto\b)\s*|\s+)(?:(?P<present>"
    + PRESENT_WORD
    + r")\b|"
    + SHORT_POINT.replace("{p}", "e")
    + r"(?!\d))",
    re.IGNORECASE,
)
STATED_DATE = re.compile(
    # "date:" only where a line starts with it (front matter): "Date of enlistment: 2009" or
    # "Ready date: 2011" say when something happened, not when the resume was written.
    r"(?:last[ -]?updated?|updated(?: on)?|last modified|^[ \t]*date|ver(?:sion)?)\s*[:\-]?"
    r"\s*(?:on\s+)?[\"']?(?:(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
    r"(?P<date>(?:" + MONTH_WORD + r")?[\s.,/-]*\d{0,2}[\s.,/-]*" + YEAR + r"(?:[-./]\d{1,2})?)",
    re.IGNORECASE | re.MULTILINE,
)

SECTION_WORDS: tuple[tuple[str, str], ...] = (
    # Order matters: "Education Experience" is education, "Project Experience" projects.
    (
        "education",
        r"education|educational background|academic|studies|study|schooling|qualifications?"
        r"|degrees?|training|courses?|coursework|certifications?(?: and \w+)?|formaci[oó]n"
        r"|[ée]tudes|formation|forma[çc][ãa]o(?: acad[êe]mica)?|educa[çc][ãa]o|educaci[óo]n"
        r"|ausbildung|studium|istruzione|学歴|학력"
        r"|(?:education(?:al)?|academic|university) (?:experience|history)",
    ),
    (
        "projects",
        r"(?:selected |personal |side |open[- ]source |academic |key |notable |major )?projects?"
        r"|open[- ]source(?: \w+)?|portfolio|selected (?:public )?work|contributions",
    ),
    (
        "experience",
        r"(?:(?:work|working|professional|employment|career|job|relevant|industry|other"
        r"|technical|engineering|previous|past|current|recent|selected)\s+)*"
        r"(?:experiences?|history|employment|positions?|background|career)"
        r"|employment|career|experi[eê]ncias?|exp[ée]riences?(?: professionnelles?)?"
        r"|experiencia(?: laboral| profesional)?|experi[êe]ncia profissional"
        r"|esperienz[ae](?: lavorative?| professionali?)?|berufserfahrung|경력|職歴",
    ),
    (
        "skills",
        r"(?:technical |key |core |it |software |computer |professional )?"
        r"(?:skills?|skill set|expertise|competenc(?:e|ies)|technolog(?:y|ies)|tools"
        r"|tech stack|stack|proficienc(?:y|ies)|languages and tools|programming)"
        r"(?: (?:and|&) [\w ]+)?|comp[ée]tences(?: techniques)?|habilidades|kenntnisse"
        r"|compet[êe]ncias|competenze|conhecimentos|conocimientos",
    ),
    (
        "summary",
        r"summary|professional summary|profile|professional profile|about(?: me)?|objective"
        r"|career objective|overview|bio|introduction|who am i|r[ée]sum[ée]|personal statement",
    ),
    (
        "other",
        r"awards?|honou?rs|achievements?|publications?|papers|talks|speaking|conferences?"
        r"|languages?|interests|hobbies|volunteer(?:ing)?|volunteer experience|references"
        r"|personal(?: \w+)?|contact(?: \w+)?|memberships?|affiliations?|activities"
        r"|extra[- ]?curricular(?: activities)?|patents|licen[cs]es(?: & certifications)?"
        r"|online presence|links|passions|notice period|outside of work|open to",
    ),
)
SECTION_PATTERNS = [
    (kind, re.compile(r"^(?:" + words + r")$", re.IGNORECASE)) for kind, words in SECTION_WORDS
]
# Sections whose dates are not roles: a course date, an award year, a publication year.
NOT_ROLES = frozenset({"skills", "summary", "other"})


DEGREE = re.compile(
    r"\b(bachelor|master'?s?|b\.?\s?sc|m\.?\s?sc|b\.?\s?a\.|m\.?\s?a\.|b\.?eng|m\.?eng|mba"
    r"|ph\.?\s?d|doctorate|degree|diploma|baccalaur\w*|bootcamp|coursework|gpa|gce"
    r"|a[- ]levels?|o[- ]levels?|high\s?school|secondary school|primary school|gymnasium"
    r"|student|licenciatura|licence|undergraduate|graduate program|thesis|major in)\b",
    re.IGNORECASE,
)
SCHOOL = re.compile(
    r"\b(universit\w*|college|school|academy|institute of technology|polytechnic|lyc[ée]e"
    r"|bootcamp|universidad|universit[ée]|hochschule|대학교)",
    re.IGNORECASE,
)
PROJECT = re.compile(
    r"\b(personal project|side project|pet project|community project|hackathon"
    r"|open[- ]source (?:project|maintainer|contributor)|hobby project)\b",
    re.IGNORECASE,
)
INTERNSHIP = re.compile(
    r"\b(intern|interns|internship|trainee|apprentice(?:ship)?|working student|werkstudent"
    r"|co-?op|stagiaire|praktikant\w*|teaching assistant|research assistant|graduate researcher"
    r"|student assistant|tutor|teacher assistant|summer (?:analyst|associate|student))\b",
    re.IGNORECASE,
)
PART_TIME = re.compile(r"\b(part[- ]time|half[- ]time|side job|moonlighting)\b", re.IGNORECASE)
VOLUNTEER = re.compile(r"\b(volunteer\w*|pro bono|counselor|club instructor)\b", re.IGNORECASE)
TITLE_WORDS = re.compile(
    r"\b(engineer|developer|programmer|architect|manager|lead|leader|head|director|cto|ceo"
    r"|cfo|coo|vp|vice president|founder|co-founder|owner|partner|principal|consultant|analyst"
    r"|scientist|designer|administrator|admin|specialist|technician|officer|intern|assistant"
    r"|researcher|accountant|controller|executive|associate|fellow|contractor|freelancer"
    r"|freelance|devops|sre|tester|qa|support|teacher|instructor|tutor|staff|member|president"
    r"|chief|advisor|adviser|expert|coordinator|writer|editor|trainee|apprentice)\b",
    re.IGNORECASE,
)
BULLET = re.compile(r"^\s*(?:[-*\u2022\u00b7\u25cf\u25aa\u2013>+]|\d+[.)])\s+")
MARKUP = re.compile(r"[#*_`>|\\~\[\]]|\{[^}]*\}|<[^>]+>|\([^)]*\)$|:\s*$")
EMOJI = re.compile(r"[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f]")


@dataclass(frozen=True)
class Role:
    title: str
    organisation: str
    start: int  # month index
    end: int  # month index, exclusive
    lines: tuple[str, ...]
    kind: str = "job"  # job | part-time | internship | education | project
    section: str = ""
    open_ended: bool = False  # "Present": ends at the resume's own date
    stack: str = ""  # the tools named on the role's own date line ("| Python, Django, AWS")

    @property
    def months(self) -> int:
        return max(0, self.end - self.start)

    @property
    def header(self) -> str:
        return " ".join(p for p in (self.title, self.organisation) if p)

    @property
    def text(self) -> str:
        return "\n".join((self.header, *self.lines))

    @property
    def weight(self) -> float:
        return WEIGHT.get(self.kind, 0.0)


@dataclass(frozen=True)
class Section:
    kind: str  # experience | education | projects | skills | summary | other | "" (top)
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Resume:
    sections: tuple[Section, ...]
    roles: tuple[Role, ...]
    as_of: int  # month index the resume is read as of

    @property
    def work(self) -> tuple[Role, ...]:
        """Roles that count towards professional experience (jobs, part-time, internships)."""
        return tuple(r for r in self.roles if r.weight > 0)

    def section_text(self, *kinds: str) -> str:
        return "\n".join(line for s in self.sections if s.kind in kinds for line in s.lines)


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def clean(line: str) -> str:
    """A line without Markdown, LaTeX and list markup, for headings and role headers."""
    line = EMOJI.sub("", line)
    line = re.sub(r"\\text\w*\{([^}]*)\}", r"\1", line)
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # Markdown links keep their text
    line = BULLET.sub("", line)
    line = re.sub(r"[#*_`>|\\~\[\]]|<[^>]+>|&\s*\\\\$", " ", line)
    return " ".join(line.split()).strip(" :-\u2013\u2014,.&")


def heading_kind(line: str) -> str | None:
    """The section a heading line opens, or None when the line is not a known heading."""
    raw = line.strip()
    if not raw or len(raw) > 60 or (BULLET.match(raw) and not raw.startswith(("#", "**"))):
        return None
    text = clean(raw).lower()
    text = re.sub(r"\s+", " ", re.sub(r"[^\w&' -]", " ", text)).strip()
    # Letter-spaced PDF headings ("E X P E R I E N C E", "SKI LLS") read as one word.
    if len(text) > 3 and (re.fullmatch(r"(?:\w ){2,}\w", text) or raw.isupper()):
        joined = text.replace(" ", "")
        for kind, pattern in SECTION_PATTERNS:
            if pattern.match(joined):
                return kind
    for kind, pattern in SECTION_PATTERNS:
        if pattern.match(text):
            return kind
    # Some PDFs break a heading word in two ("Exp erience", "Edu cation").
    if 1 < len(text.split()) <= 3:
        joined = text.replace(" ", "")
        for kind, pattern in SECTION_PATTERNS:
            if " " not in pattern.pattern[:40] and pattern.match(joined):
                return kind
    return None


def point(match: re.Match[str], p: str) -> tuple[int, int, bool] | None:
    """(year, month, month_known) for the point with group prefix `p`, or None if absent."""
    for i in (1, 2, 3, 4):
        year = match.group(f"{p}y{i}")
        if year is None:
            continue
        if i in (1, 2):
            return int(year), int(match.group(f"{p}m{i}")), True
        if i == 3:
            word = match.group(f"{p}mon").lower().rstrip(".")
            return int(year), MONTH_NAMES.get(word, MONTH_NAMES.get(word[:3], 1)), True
        return int(year), 1, False
    return None


@dataclass(frozen=True)
class Span:
    start: int
    end: int | None  # None: open ("Present", "Since 2020")
    single: bool  # one date, no range
    at: int  # character position in the line
    stop: int


def short_point(match: re.Match[str], p: str, today_year: int) -> int | None:
    if match.group(f"{p}yy") is None:
        return None
    two = int(match.group(f"{p}yy"))
    year = 2000 + two if 2000 + two <= today_year + 1 else 1900 + two
    if match.group(f"{p}m"):
        return month_index(year, int(match.group(f"{p}m")))
    word = match.group(f"{p}mon").lower()
    return month_index(year, MONTH_NAMES.get(word, MONTH_NAMES.get(word[:3], 1)))


# Every date the patterns below read has a year of two digits at least; most lines of a resume
# have none, and the three patterns cost far more per line than this one search (about half of
# a scoring's time went to them).
_TWO_DIGITS = re.compile(r"\d\d")


def spans(line: str, today_year: int = 2100) -> list[Span]:
    """Every date or date range in a line."""
    if not _TWO_DIGITS.search(line):
        return []
    found: list[Span] = []
    taken: list[tuple[int, int]] = []
    for match in SHORT_RANGE.finditer(line):
        start = short_point(match, "s", today_year)
        end = short_point(match, "e", today_year)
        if start is None:
            continue
        if match.group("present"):
            found.append(Span(start, None, False, *match.span()))
        elif end is not None and start < end + 1 <= start + MAX_ROLE_MONTHS:
            found.append(Span(start, end + 1, False, *match.span()))
        else:
            continue
        taken.append(match.span())
    for match in MONTH_SPAN.finditer(line):
        if any(s <= match.start() < e for s, e in taken):
            continue
        year = int(match.group("y"))
        a = MONTH_NAMES.get(match.group("a").lower(), 1)
        b = MONTH_NAMES.get(match.group("b").lower(), 12)
        if a <= b:
            found.append(Span(month_index(year, a), month_index(year, b) + 1, False, *match.span()))
            taken.append(match.span())
    for match in RANGE.finditer(line):
        if any(s <= match.start() < e for s, e in taken):
            continue
        first = point(match, "s")
        if first is None:
            continue
        last = point(match, "e")
        s_index = month_index(first[0], first[1])
        if match.group("present") or match.group("present2") or match.group("since"):
            found.append(Span(s_index, None, False, *match.span()))
        elif last is not None:
            # "2019 - 2021" is two years (Jan to Jan); "Mar 2019 - Jun 2021" ends after June.
            e_index = month_index(last[0], last[1]) + (1 if last[2] else 0)
            if not last[2] and last[0] == first[0]:
                e_index += 6  # "2014-2014": some part of one year
            if s_index < e_index <= s_index + MAX_ROLE_MONTHS:
                found.append(Span(s_index, e_index, False, *match.span()))
        else:
            found.append(Span(s_index, s_index, True, *match.span()))
    return sorted(found, key=lambda s: s.at)


def stated_date(text: str, today: int) -> int | None:
    """The date a resume says it was written or last updated, if it says so."""
    best = None
    for match in STATED_DATE.finditer(text[:400] + "\n" + text[-400:]):
        for span in spans(match.group("date")):
            if span.start <= today and (best is None or span.start > best):
                best = span.start
    return best


def join_split_ranges(lines: list[str]) -> list[str]:
    """'October 2019 -' on one line and 'September 2020' on the next, as PDFs lay them out."""
    out: list[str] = []
    for line in lines:
        if out and re.search(YEAR + r"\s*[-\u2013\u2014]\s*$", out[-1]):
            first = line.strip()
            if re.match(r"^(?:" + MONTH_WORD + r"\.?\s+)?" + YEAR, first, re.IGNORECASE) or (
                re.match(PRESENT_WORD + r"\b", first, re.IGNORECASE)
            ):
                out[-1] = out[-1].rstrip() + " " + first
                out.append("")
                continue
        out.append(line)
    return out


@dataclass
class Anchor:
    line: int  # index of the date line
    head: int  # index of the first header line (the date line or a line above it)
    span: Span
    section: str
    header: list[str]


def stack_of(line: str, span: Span) -> str:
    """What the date line names beside the date when that is a list of tools, not a title."""
    own = clean(line[: span.at] + " " + line[span.stop :])
    return own if own.count(",") >= 2 and not TITLE_WORDS.search(own) else ""


# "(1 year 2 months)", "· 2 yrs 3 mos": the length a date line adds, not a title.
DURATION = re.compile(r"\(?\s*(?:\d+\s*(?:years?|yrs?|months?|mos?)\b\s*){1,2}\)?", re.IGNORECASE)


def header_lines(lines: list[str], index: int, floor: int, span: Span) -> tuple[int, list[str]]:
    """The title/organisation text of a role dated on line `index`: what its line says besides
    the date, or when that is (almost) nothing, up to three short lines just above it; a short
    title line just below when neither names a job title ("2013 - now" over "Senior Developer
    at Oracle", "Aug 2006 ACME PTE LTD" over "Finance Associate")."""
    line = lines[index]
    own = clean(DURATION.sub(" ", line[: span.at] + " " + line[span.stop :]))
    following = next((x.strip() for x in lines[index + 1 : index + 3] if x.strip()), "")
    below = (
        clean(following)
        if following
        and not BULLET.match(following)
        and len(clean(following).split()) <= 10
        and TITLE_WORDS.search(following)
        and not spans(following)
        else ""
    )
    # "Mar 2020 - Nov 2025 | Python, Django, AWS": the date line carries the role's stack, and
    # its title is on the lines above.
    if TITLE_WORDS.search(own) and not stack_of(line, span):
        return index, [own]
    # A degree's line is followed by the next entry, not by its title.
    if DEGREE.search(own) or SCHOOL.search(own):
        below = ""
    if own and below and not stack_of(line, span):
        return index, [own, below]
    if len(own.split()) >= 3 and not stack_of(line, span):
        return index, [own]
    found: list[str] = [own] if own else []
    head = index
    for j in range(index - 1, max(floor, index - 4) - 1, -1):
        text = lines[j].strip()
        if not text:
            if found and found != [own]:
                break
            continue
        if re.fullmatch(r"[-=_*]{3,}", text) or heading_kind(text) or spans(text):
            break
        # A Markdown quote line ("> Remote, Madrid") under a "### Org - Title" heading is
        # part of the header, not a bullet.
        if BULLET.match(text) and not text.lstrip().startswith(("#", "**", "> ")):
            break
        words = clean(text).split()
        if len(words) > 12 or text.rstrip().endswith((".", ";")):
            break
        found.insert(0, clean(text))
        head = j
        if len(found) >= 3:
            break
    if below and not any(TITLE_WORDS.search(p) or DEGREE.search(p) for p in found):
        return head, [*found, below]
    return head, found


def split_header(parts: list[str]) -> tuple[str, str]:
    """Title and organisation from the header text: the part with a job-title word is the title."""
    pieces: list[str] = []
    for part in parts:
        pieces += [
            p.strip()
            for p in re.split(r"\s+(?:at|@|\||\u2022|\u00b7|-|\u2013|\u2014)\s+|,\s+", part)
        ]
    pieces = [p for p in pieces if p and not re.fullmatch(r"[\W\d]*", p)]
    if not pieces:
        return "", ""
    titled = [p for p in pieces if TITLE_WORDS.search(p)]
    title = titled[0] if titled else ""
    rest = [p for p in pieces if p != title]
    organisation = rest[0] if rest else ""
    if not title:
        title, organisation = "", pieces[0]
    return title[:100], organisation[:100]


def role_kind(section: str, header: str, body: str) -> str:
    if section == "education":
        return "education"
    if section == "projects" or PROJECT.search(header) or PROJECT.search(body[:200]):
        return "project"
    schooling = DEGREE.search(header) or (section != "experience" and SCHOOL.search(header))
    # A job at a university is still a job when its header names a job title.
    if schooling and not (section == "experience" and TITLE_WORDS.search(header)):
        return "education"
    if INTERNSHIP.search(header):
        return "internship"
    if VOLUNTEER.search(header):
        return "project"
    if PART_TIME.search(header) or PART_TIME.search(body[:200]):
        return "part-time"
    return "job"


def newest_date(lines: list[str], today: int) -> int | None:
    """The newest date the resume mentions besides the start of a role still held, or None
    when the only dates are such starts: then nothing says the resume is old."""
    closed, open_starts = None, None
    for line in lines:
        for span in spans(line, today // 12):
            values = [span.start, span.end] if span.end is not None else []
            if span.end is None:
                open_starts = span.start if open_starts is None else max(open_starts, span.start)
            for value in values:
                if value <= today + 1:
                    closed = value if closed is None else max(closed, value)
    if closed is None:
        return None
    return max(closed + SLACK_MONTHS, (open_starts or closed) + TENURE_MONTHS)


def parse(text: str, today: date, as_of: date | None = None) -> Resume:
    """`as_of`, when the caller knows it (a resume uploaded with an application today), is the
    resume's own date; otherwise it is read from the file (see the module's docstring)."""
    now = month_index(today.year, today.month)
    lines = join_split_ranges(text.splitlines())
    stated = stated_date(text, now)
    newest = newest_date(lines, now)
    if as_of is not None:
        read_as_of = min(now, month_index(as_of.year, as_of.month))
    elif stated is not None:
        read_as_of = stated
    elif newest is not None:
        read_as_of = min(now, newest)
    else:
        read_as_of = now

    sections: list[Section] = []
    section_kind, section_heading, section_start = "", "", 0
    anchors: list[Anchor] = []
    kinds: list[str] = []
    for index, line in enumerate(lines):
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        kind = heading_kind(line)
        if kind is None and re.fullmatch(r"[-=]{3,}", following) and not spans(line):
            kind = heading_kind(line)  # setext heading: the underline is on the next line
        if (
            kind in NOT_ROLES
            and section_kind in ("experience", "projects")
            and line.rstrip().endswith(":")
        ):
            kind = None  # "Technologies:" or "Achievements:" inside a role, not a new section
        if kind is not None:
            sections.append(
                Section(section_kind, section_heading, tuple(lines[section_start:index]))
            )
            section_kind, section_heading, section_start = kind, clean(line), index + 1
        kinds.append(section_kind)
        if kind is not None or section_kind == "other" or STATED_DATE.search(line):
            continue
        found = spans(line, today.year)[:1]
        if found and len(line.split()) > PROSE_WORDS:
            found = [
                s for s in found if not (s.single or (s.end is None and SINCE.match(line, s.at)))
            ]
        if section_kind in NOT_ROLES:
            # A skills list or summary names versions and years ("Visual Studio 2010-2017");
            # a short line with a month range there is a role whose heading was not recognised.
            found = [
                s
                for s in found
                if not s.single
                and len(clean(line).split()) <= 15
                and re.search(
                    r"\b(?:" + MONTH_WORD + r"|" + PRESENT_WORD + r")\b|\b\d{1,2}/(?:19|20)\d\d\b",
                    line,
                    re.IGNORECASE,
                )
            ]
        floor = anchors[-1].line + 1 if anchors else section_start
        floor = max(floor, section_start)
        for span in found:
            head, header = header_lines(lines, index, floor, span)
            anchors.append(Anchor(index, head, span, section_kind, header))
    sections.append(Section(section_kind, section_heading, tuple(lines[section_start:])))

    roles: list[Role] = []
    for i, anchor in enumerate(anchors):
        stop = anchors[i + 1].head if i + 1 < len(anchors) else len(lines)
        body: list[str] = []
        for j in range(anchor.line + 1, stop):
            if j < len(kinds) and kinds[j] != anchor.section:
                break
            if lines[j].strip() and not re.fullmatch(r"[-=_*]{3,}", lines[j].strip()):
                body.append(lines[j].strip())
        span = anchor.span
        end = read_as_of if span.end is None else min(span.end, read_as_of)
        if span.single:
            end = span.start
        if span.start > read_as_of or span.start < month_index(1960, 1):
            continue
        title, organisation = split_header(anchor.header)
        header_text = " ".join(anchor.header)
        roles.append(
            Role(
                title=title,
                organisation=organisation,
                start=span.start,
                end=max(span.start, end),
                lines=tuple(body),
                kind=role_kind(anchor.section, header_text, "\n".join(body)),
                section=anchor.section,
                open_ended=span.end is None,
                stack=stack_of(lines[anchor.line], span),
            )
        )
    if not any(r.weight > 0 and r.months > 0 for r in roles):
        # No dated job anywhere, but "projects" whose headers name a job title ("Lead Backend
        # Engineer - Acme"): the resume lists its jobs under that heading.
        roles = [
            replace(r, kind="job")
            if r.kind == "project" and r.section == "projects" and TITLE_WORDS.search(r.title)
            else r
            for r in roles
        ]
    return Resume(tuple(s for s in sections if s.lines or s.heading), tuple(roles), read_as_of)


def merged(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        elif end > start:
            out.append((start, end))
    return out


def covered(intervals: list[tuple[int, int]]) -> int:
    return sum(end - start for start, end in merged(intervals))


def experience_months(roles: tuple[Role, ...] | list[Role]) -> float:
    """Months of professional experience: full-weight roles merged where they overlap, then
    the months of lesser roles (internships, part-time) that no full role covers, at their
    weight."""
    full = [(r.start, r.end) for r in roles if r.weight >= 1]
    total = float(covered(full))
    for weight in sorted({r.weight for r in roles if 0 < r.weight < 1}, reverse=True):
        part = [(r.start, r.end) for r in roles if r.weight == weight]
        extra = covered(full + part) - covered(full)
        total += weight * extra
        full += part
    return total


def year_of(index: int) -> int:
    return index // 12
