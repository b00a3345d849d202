"""`make screenshots`: full-page PNGs of the main pages at desktop (1440 by 900) and phone
(390 by 844) widths, from the demo data (`load_demo`), into docs/screenshots/ as
`<page>-desktop.png` and `<page>-phone.png`, for the README.

A pytest run rather than a test: its file name keeps it out of `make test`, and it asserts only
that every page loaded cleanly. The pages and their steps are the axe checks' (tests/e2e/axe.py)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from accounts.models import User
from candidates.models import Application, ApplicationStatus
from interviews.models import Interview, Scorecard
from postings.models import Posting, PostingStatus
from tests.e2e.axe import (
    Page,
    issue_pages,
    new_context,
    session_of,
    visit_all,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = Path(os.environ.get("SCREENSHOTS_DIR", ROOT / "docs" / "screenshots"))
ORG = "kolanut-pay"
MANAGER = "manager@kolanut.example"
INTERVIEWER = "interviewer@kolanut.example"


def _pages() -> list[Page]:
    posting = Posting.objects.filter(organization__slug=ORG, status=PostingStatus.OPEN).first()
    assert posting is not None, "load_demo made no open posting for Kolanut Pay"
    interviewer = User.objects.get(email=INTERVIEWER)
    # The interviewer's scorecard: an interview of theirs that has begun, one still to write
    # when there is one; the profile is that candidate's (a resume, a score, interviews).
    begun = list(
        Interview.objects.filter(
            participants__user=interviewer,
            starts_at__lte=timezone.now(),
            application__posting=posting,
        ).order_by("-starts_at", "pk")
    )
    assert begun, "load_demo gave the interviewer no interview that has begun"
    written = set(
        Scorecard.objects.filter(author=interviewer, interview__in=begun).values_list(
            "interview_id", flat=True
        )
    )
    held = next((i for i in begun if i.pk not in written), begun[0])
    first = (
        Application.objects.filter(posting=posting, status=ApplicationStatus.ACTIVE)
        .order_by("stage__order", "position")
        .first()
    )
    assert first is not None
    return issue_pages(
        ORG, posting, profile=held.application_id, advance_card=first.pk, scorecard=held.pk
    )


@pytest.fixture
def contexts(browser, live_server) -> Iterator[dict[str, Any]]:
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit
    made = {
        "anonymous": new_context(browser, live_server.url),
        "manager": new_context(
            browser, live_server.url, session=session_of(User.objects.get(email=MANAGER))
        ),
        "interviewer": new_context(
            browser, live_server.url, session=session_of(User.objects.get(email=INTERVIEWER))
        ),
    }
    yield made
    for context in made.values():
        context.close()


def test_screenshots(contexts):
    OUT.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def shoot(tab: Any, name: str, width: str) -> None:
        path = OUT / f"{name}-{width}.png"
        png = tab.screenshot(full_page=True, scale="css", animations="disabled", caret="hide")
        # A UI has few colours: a 128-colour palette keeps text crisp at a third of the size.
        image = Image.open(io.BytesIO(png)).convert("RGB")
        image.quantize(colors=128, dither=Image.Dither.NONE).save(path, optimize=True)
        written.append(path)

    errors = visit_all(contexts, _pages(), shoot)
    assert not errors, f"browser console errors: {errors[:3]}"
    for path in written:
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
            f"{path.stat().st_size // 1024} KB"
        )
