"""Renders the labeled resumes in the layouts real applicants send, into a folder at test time."""

from __future__ import annotations

import io
import json
import textwrap
from dataclasses import replace
from pathlib import Path

from tests.screening.labeled.resumes import ALL_RESUMES, Resume

SUFFIX = {"pdf2col": ".pdf", "docx": ".docx", "txt": ".txt", "md": ".md", "jsonresume": ".json"}


def as_text(resume: Resume) -> str:
    lines = [resume.name, resume.headline, f"{resume.email} | {resume.phone}", resume.address]
    lines += ["", "SUMMARY", resume.summary, "", "SKILLS", ", ".join(resume.skills), ""]
    lines.append("EXPERIENCE")
    for job in resume.jobs:
        lines += [f"{job.title}, {job.company}", job.dates]
        lines += [f"- {bullet}" for bullet in job.bullets]
        lines.append("")
    if resume.education:
        lines += ["EDUCATION", *resume.education]
    return "\n".join(lines)


def as_markdown(resume: Resume) -> str:
    lines = [f"# {resume.name}", f"**{resume.headline}**  ", f"{resume.email} · {resume.phone}"]
    lines += ["", resume.summary, "", "## Skills", "", " · ".join(resume.skills), ""]
    lines += ["## Experience", ""]
    for job in resume.jobs:
        lines += [f"### {job.title} — {job.company}", f"*{job.dates}*", ""]
        lines += [f"- {bullet}" for bullet in job.bullets]
        lines.append("")
    if resume.education:
        lines += ["## Education", "", *[f"- {e}" for e in resume.education]]
    return "\n".join(lines)


def as_json_resume(resume: Resume) -> dict[str, object]:
    work = []
    for job in resume.jobs:
        start, _, end = job.dates.partition(" \u2013 ")
        work.append(
            {
                "name": job.company,
                "position": job.title,
                "startDate": start,
                "endDate": "" if end == "Present" else end,
                "highlights": list(job.bullets),
            }
        )
    return {
        "basics": {
            "name": resume.name,
            "label": resume.headline,
            "email": resume.email,
            "phone": resume.phone,
            "summary": resume.summary,
            "location": {"address": resume.address},
        },
        "work": work,
        "skills": [{"name": "Skills", "keywords": list(resume.skills)}],
        "education": [{"institution": e} for e in resume.education],
    }


def pdf_two_columns(resume: Resume) -> bytes:
    """A sidebar (contact, skills, education) beside the main column, drawn row by row.

    Drawing across both columns per row puts the two columns' text interleaved in the content
    stream, as many resume builders do, so the extractor must find the columns itself.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    left = [resume.name, resume.email, resume.phone, *textwrap.wrap(resume.address, 28), ""]
    left += ["SKILLS", *resume.skills, "", "EDUCATION"]
    for item in resume.education:
        left += textwrap.wrap(item, 28)
    right = [resume.headline.upper(), *textwrap.wrap(resume.summary, 62), "", "EXPERIENCE"]
    for job in resume.jobs:
        right += [f"{job.title}, {job.company}", job.dates]
        for bullet in job.bullets:
            wrapped = textwrap.wrap(bullet, 60)
            right += [f"\u2022 {wrapped[0]}", *[f"  {w}" for w in wrapped[1:]]]
        right.append("")
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    rows = max(len(left), len(right))
    y = 800.0
    for row in range(rows):
        if y < 60:
            page.showPage()
            y = 800.0
        page.setFont("Helvetica", 9)
        if row < len(left):
            page.drawString(40, y, left[row])
        if row < len(right):
            page.drawString(215, y, right[row])
        y -= 13
    page.save()
    return buffer.getvalue()


def docx_with_tables(resume: Resume) -> bytes:
    """Contact in the page header, skills and jobs in tables: how many templates are built."""
    import docx

    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = f"{resume.name} | {resume.email} | {resume.phone}"
    header.add_paragraph(resume.address)
    document.add_heading(resume.headline, level=1)
    document.add_paragraph(resume.summary)
    document.add_heading("Skills", level=2)
    skills = document.add_table(rows=0, cols=2)
    for start in range(0, len(resume.skills), 2):
        cells = skills.add_row().cells
        for offset, cell in enumerate(cells):
            if start + offset < len(resume.skills):
                cell.text = resume.skills[start + offset]
    document.add_heading("Experience", level=2)
    jobs = document.add_table(rows=0, cols=2)
    for job in resume.jobs:
        cells = jobs.add_row().cells
        cells[0].text = job.dates
        cells[1].text = f"{job.title}, {job.company}"
        for bullet in job.bullets:
            cells[1].add_paragraph(bullet)
    if resume.education:
        document.add_heading("Education", level=2)
        for item in resume.education:
            document.add_paragraph(item)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def render(resume: Resume, folder: Path) -> Path:
    path = folder / f"{resume.id}{SUFFIX[resume.layout]}"
    if resume.layout == "pdf2col":
        path.write_bytes(pdf_two_columns(resume))
    elif resume.layout == "docx":
        path.write_bytes(docx_with_tables(resume))
    elif resume.layout == "md":
        path.write_text(as_markdown(resume), encoding="utf-8")
    elif resume.layout == "jsonresume":
        path.write_text(json.dumps(as_json_resume(resume), indent=1), encoding="utf-8")
    else:
        path.write_text(as_text(resume), encoding="utf-8")
    return path


def render_all(
    folder: Path, layout: str | None = None, resumes: tuple[Resume, ...] = ALL_RESUMES
) -> dict[str, Path]:
    """Every resume of the set in its own layout, or all in `layout` when given."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for resume in resumes:
        chosen = resume if layout is None else replace(resume, layout=layout)
        out[resume.id] = render(chosen, folder)
    return out
