"""Every staff page on a 390 px phone, in a real browser: nothing wider than the screen, so the
page never scrolls sideways (issue 22, item 2).

The walk covers every URL pattern of the project: a staff page is in PAGES (how to reach it
with the demo data and a candidate whose name, email and links are long), any other pattern
in NOT_PAGES with the reason it has no page of its own. A new pattern in neither fails
`test_every_url_pattern_is_walked_on_a_phone`, so the next page can't slip past.

One browser and one page per person for the whole walk: the demo's organizations, postings,
applicants, interviews and scorecards are loaded once, and each page is a `goto`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.factories import ApplicationFactory
from tests.test_url_walk import app_patterns

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.usefixtures("browser"),
]

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = os.environ.get("PHONE_SCREENSHOTS", "")

LONG_NAME = "Maximiliana Oyelaran-Featherstonehaugh Villanueva de la Cruz-Abernathy"
LONG_EMAIL = (
    "maximiliana.oyelaran-featherstonehaugh.villanueva@research.faculty.example-university.edu"
)
LONG_LINK = "https://www.linkedin.com/in/maximiliana-oyelaran-featherstonehaugh-villanueva-0123456789abcdef/"
LONG_PORTFOLIO = (
    "https://github.com/maximiliana-oyelaran/a-distributed-ledger-reconciliation-service-in-go"
)


@dataclass(frozen=True)
class Page:
    """A staff page: who opens it ("admin"; "interviewer"; "unverified", an admin halfway
    through signing in; "invitee", someone signed out) and its path from the world. `then` does
    something on the page first (opens a dialog, submits a form) and the measure is of what it
    shows after."""

    path: Callable[[Any], str]
    who: str = "admin"
    then: Callable[[Any, Any], None] | None = None
    lands_on: str = ""  # where its redirect goes, when it has no page of its own without JS


def _open_advance_dialog(page: Any, world: Any) -> None:
    page.locator("#advance-button").click()
    page.locator("#action-dialog[open]").wait_for()


def _confirm_bulk_rejection(page: Any, world: Any) -> None:
    for application in world.some_applications:
        page.locator(f'input[name="ids"][value="{application.pk}"]').check()
    page.locator("#bulk-action").select_option("reject")
    page.get_by_role("button", name="Apply", exact=True).click()
    page.locator("#bulk-names").wait_for()


def _new_recovery_codes(page: Any, world: Any) -> None:
    page.get_by_role("button", name="Make new recovery codes").click()
    page.locator(".recovery-codes").wait_for()


def _org(world: Any) -> str:
    return world.organization.slug


PAGES: dict[str, Page] = {
    "home": Page(lambda w: "/"),
    "password_change": Page(lambda w: reverse("password_change")),
    "password_change_done": Page(lambda w: reverse("password_change_done")),
    "confirm_password": Page(lambda w: reverse("confirm_password")),
    "time_zone": Page(lambda w: reverse("time_zone")),
    "two_factor": Page(lambda w: reverse("two_factor")),
    "two_factor_setup": Page(lambda w: reverse("two_factor_setup"), who="interviewer"),
    "two_factor_verify": Page(lambda w: reverse("two_factor_verify"), who="unverified"),
    "two_factor_recovery_codes": Page(lambda w: reverse("two_factor"), then=_new_recovery_codes),
    "team": Page(lambda w: reverse("team", args=[_org(w)])),
    "audit_log": Page(lambda w: reverse("audit_log", args=[_org(w)])),
    "email_settings": Page(lambda w: reverse("email_settings", args=[_org(w)])),
    "invitation_accept": Page(
        lambda w: reverse("invitation_accept", args=[w.invitation_token]), who="invitee"
    ),
    "posting_list": Page(lambda w: reverse("posting_list")),
    "posting_new": Page(lambda w: reverse("posting_new")),
    "posting_edit": Page(lambda w: reverse("posting_edit", args=[w.posting.pk])),
    "posting_transition": Page(
        lambda w: reverse("posting_transition", args=[w.posting.pk, "close"])
    ),
    "suggestion_edit": Page(
        lambda w: reverse("suggestion_edit", args=[w.posting.pk, w.suggestion_key]),
        lands_on="/edit/?edit_suggestion=",
    ),
    "collection_item": Page(
        lambda w: reverse("collection_item", args=[w.posting.pk, "stages", w.stage.pk]),
        lands_on="/edit/?edit_collection=stages",
    ),
    "board": Page(lambda w: reverse("board", args=[w.posting.pk])),
    "board_column": Page(lambda w: reverse("board_column", args=[w.posting.pk, w.stage.pk])),
    "application_list": Page(lambda w: reverse("application_list", args=[w.posting.pk])),
    "application_bulk": Page(
        lambda w: reverse("application_list", args=[w.posting.pk]), then=_confirm_bulk_rejection
    ),
    "application_profile": Page(lambda w: reverse("application_profile", args=[w.long.pk])),
    "application_advance": Page(
        lambda w: reverse("application_profile", args=[w.long.pk]), then=_open_advance_dialog
    ),
    "application_reject": Page(lambda w: reverse("application_reject", args=[w.long.pk])),
    "stage_email": Page(lambda w: reverse("stage_email", args=[w.long.pk])),
    "application_fit": Page(lambda w: reverse("application_fit", args=[w.long.pk])),
    "application_feedback": Page(lambda w: reverse("application_feedback", args=[w.long.pk])),
    "application_interviews": Page(lambda w: reverse("application_interviews", args=[w.long.pk])),
    "interview_schedule": Page(lambda w: reverse("interview_schedule", args=[w.long.pk])),
    "interview_reschedule": Page(lambda w: reverse("interview_reschedule", args=[w.upcoming.pk])),
    "interview_cancel": Page(lambda w: reverse("interview_cancel", args=[w.upcoming.pk])),
    "interview_plan": Page(lambda w: reverse("interview_plan", args=[w.posting.pk])),
    "interview_kind": Page(lambda w: reverse("interview_kind", args=[w.posting.pk, w.kind.pk])),
    "how_scores_work": Page(lambda w: reverse("how_scores_work")),
    "my_interviews": Page(lambda w: reverse("my_interviews"), who="interviewer"),
    "interview_brief": Page(
        lambda w: reverse("interview_brief", args=[w.past.pk]), who="interviewer"
    ),
    "scorecard": Page(lambda w: reverse("scorecard", args=[w.past.pk]), who="interviewer"),
}

# The patterns with no page of their own to lay out, and why.
NOT_PAGES: dict[str, str] = {
    "healthz": "a probe's plain text",
    "readyz": "a probe's plain text",
    "organization_logo": "an image",
    "application_export": "a CSV file",
    "application_resume": "the resume file itself",
    "interview_resume": "the resume file itself",
    "careers": "public careers pages (issue 22 items 1 and 3)",
    "careers_posting": "public careers pages (issue 22 items 1 and 3)",
    "careers_applied": "public careers pages (issue 22 items 1 and 3)",
    "careers_feed": "an Atom feed",
    "login": "signed-out pages, not staff pages",
    "logout": "POST only; redirects",
    "password_reset": "signed-out pages, not staff pages",
    "password_reset_done": "signed-out pages, not staff pages",
    "password_reset_confirm": "signed-out pages, not staff pages",
    "password_reset_complete": "signed-out pages, not staff pages",
    "switch_organization": "POST only; redirects",
    "team_invite": "POST only; redirects to the team page (walked)",
    "member_role": "POST only; redirects to the team page (walked)",
    "member_remove": "POST only; redirects to the team page (walked)",
    "invitation_action": "POST only; redirects to the team page (walked)",
    "two_factor_regenerate_codes": "POST only; redirects to the recovery codes (walked)",
    "two_factor_disable": "POST only; redirects to the two-factor page (walked)",
    "posting_preview": "an HTMX fragment inside the posting form (walked)",
    "suggestion_accept": "POST only; redirects to the posting form (walked)",
    "suggestion_drop": "POST only; redirects to the posting form (walked)",
    "collection_add": "POST only; answers the posting form's collection (walked)",
    "collection_delete": "POST only; answers the posting form's collection (walked)",
    "collection_move": "POST only; answers the posting form's collection (walked)",
    "notification_preference": "POST only; redirects to the board (walked)",
    "application_move": "POST only; answers the board's columns (walked)",
    "application_action": "POST only; redirects to the profile (walked)",
    "note_add": "POST only; answers the profile's timeline (walked)",
    "note_change": "POST only; answers the profile's timeline (walked)",
    "mention_suggestions": "an HTMX fragment under the note box",
    "interview_kind_delete": "POST only; redirects to the interview plan (walked)",
    "focus_area_add": "POST only; answers the interview kind's form (walked)",
    "focus_area_delete": "POST only; answers the interview kind's form (walked)",
    "attribute_add": "POST only; answers the interview kind's form (walked)",
    "attribute_delete": "POST only; answers the interview kind's form (walked)",
    "scorecard_template_save": "POST only; redirects to the interview kind (walked)",
    "scoring_progress": "an HTMX fragment polled on the board (walked)",
    "scorecard_draft": "POST only; answers the scorecard's draft status (walked)",
}

# What is wider than the screen, or reaches past its right edge without a scrolling box
# around it to hold it (the board's columns sit side by side in one such box on purpose).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const holds = getComputedStyle(a).overflowX !== "visible";
      if (holds && a.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + [...el.classList].join(".") : "");
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (!box.width && !box.height) continue;
    if (box.width > width + 1 || (box.right > width + 1 && !clipped(el))) {
      found.push(`${name(el)} ${Math.round(box.width)}px wide, right ${Math.round(box.right)}`);
    }
  }
  return {
    scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    found: found.slice(0, 5),
  };
}"""


def test_every_url_pattern_is_walked_on_a_phone():
    names = set(app_patterns())
    missing = sorted(names - set(PAGES) - set(NOT_PAGES))
    assert not missing, f"walk these on a phone in PAGES, or say why not in NOT_PAGES: {missing}"
    assert not (set(PAGES) | set(NOT_PAGES)) - names, "entries for patterns that are gone"
    assert not set(PAGES) & set(NOT_PAGES)


def _world() -> SimpleNamespace:
    from accounts.invitations import make_token
    from accounts.models import Membership, Organization, Role
    from accounts.services import invite_member
    from candidates.models import Application, ApplicationStatus
    from candidates.services import add_note
    from demo.applicants import load_applicants
    from demo.interviews import load_interviews
    from demo.organizations import load_accounts
    from demo.postings import load_postings
    from interviews import scorecards
    from interviews.models import Interview, InterviewKind, InterviewParticipant
    from postings.models import EmailTemplate, PostingStatus
    from postings.services import pending_suggestions
    from screening.services import score_application
    from tests.conftest import give_two_factor

    load_accounts()
    load_postings()
    load_applicants()
    load_interviews()
    organization = Organization.objects.get(slug="kolanut-pay")
    people = {
        m.role: m.user
        for m in Membership.objects.filter(organization=organization).select_related("user")
    }
    admin, interviewer = people[Role.ADMIN], people[Role.INTERVIEWER]
    give_two_factor(admin)
    kind = (
        InterviewKind.objects.filter(
            stage__posting__organization=organization,
            stage__posting__status=PostingStatus.OPEN,
            interviews__isnull=False,
        )
        .select_related("stage__posting")
        .first()
    )
    assert kind is not None, "the demo has interviews on an open posting"
    posting = kind.stage.posting
    stages = list(posting.stages.order_by("order"))
    # The long-named candidate: their email and links wrap, their notes hold a long link.
    donor = Application.objects.filter(posting=posting).exclude(resume="").first()
    assert donor is not None
    long = Application.objects.get(pk=donor.pk)
    long.candidate.name, long.candidate.email = LONG_NAME, LONG_EMAIL
    long.candidate.links = {"linkedin": LONG_LINK, "portfolio": LONG_PORTFOLIO}
    long.candidate.save()
    long.name, long.email, long.stage = LONG_NAME, LONG_EMAIL, kind.stage
    long.sort_name, long.links = LONG_NAME, {"linkedin": LONG_LINK, "portfolio": LONG_PORTFOLIO}
    long.save()
    score_application(long.pk, isolated=False)
    add_note(
        long, by=admin, body=f"Their talk, worth the hour: {LONG_PORTFOLIO}/blob/main/README.md"
    )
    kind.stage.email_template = EmailTemplate.objects.create(
        organization=organization,
        name="Next step",
        subject="{{ posting_title }}: the next step",
        body=f"Hi {{{{ first_name }}}}, pick a time: {LONG_LINK}",
    )
    kind.stage.save(update_fields=["email_template"])
    now = timezone.now()
    upcoming = Interview.objects.create(
        application=long,
        kind=kind,
        starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=2, hours=1),
        video_link=f"{LONG_LINK}meeting-room",
    )
    past = Interview.objects.create(
        application=long,
        kind=kind,
        starts_at=now - timedelta(hours=3),
        ends_at=now - timedelta(hours=2),
        video_link=f"{LONG_LINK}meeting-room",
        internal_note=f"Ask about {LONG_PORTFOLIO}",
    )
    for interview in (upcoming, past):
        InterviewParticipant.objects.create(interview=interview, user=interviewer)
    InterviewParticipant.objects.create(interview=past, user=admin)
    areas = scorecards.template_areas(past)
    attributes = [a for area in areas for a in area.attributes.all()]
    scorecards.submit_scorecard(
        past,
        by=admin,
        answers=scorecards.Answers(
            ratings={a.pk: 3 for a in attributes},
            notes={areas[0].pk: f"Walked through {LONG_PORTFOLIO} in detail."},
            recommendation="yes",
            summary="Thorough; " + "sees the failure cases first. " * 6,
        ),
    )
    invitation = invite_member(organization, email=LONG_EMAIL, role=Role.RECRUITER, by=admin)
    posting.description += "\nRequirements\n- Kubernetes\n- Terraform\n"
    posting.dropped_suggestions = []
    posting.save(update_fields=["description", "dropped_suggestions"])
    suggestions = pending_suggestions(posting, posting.requirements.all())
    assert suggestions, "the description suggests a requirement"
    some = list(
        Application.objects.filter(posting=posting, status=ApplicationStatus.ACTIVE)
        .exclude(pk=long.pk)
        .order_by("pk")[:2]
    )
    return SimpleNamespace(
        organization=organization,
        admin=admin,
        interviewer=interviewer,
        posting=posting,
        stage=stages[1],
        kind=kind,
        long=long,
        upcoming=upcoming,
        past=past,
        invitation_token=make_token(invitation),
        suggestion_key=suggestions[0][0],
        some_applications=some,
    )


def _halfway_signed_in(page: Any, user: Any, base_url: str) -> Any:
    """The page's session swapped for one of `user` with the password in, the code not yet."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base_url}]
    )
    return page


def test_no_staff_page_is_wider_than_a_phone(open_as, live_server):
    world = _world()
    pages = {
        "admin": open_as(world.admin, viewport=PHONE, is_mobile=True, has_touch=True),
        "interviewer": open_as(world.interviewer, viewport=PHONE, is_mobile=True, has_touch=True),
        "unverified": _halfway_signed_in(
            open_as(world.admin, viewport=PHONE, is_mobile=True, has_touch=True),
            world.admin,
            live_server.url,
        ),
        "invitee": open_as(world.admin, viewport=PHONE, is_mobile=True, has_touch=True),
    }
    pages["invitee"].context.clear_cookies()  # signed out, as the invitation's email opens it
    problems = []
    for name, spec in PAGES.items():
        page = pages[spec.who]
        path = spec.path(world)
        response = page.goto(path)
        assert response is not None, f"{name}: {path} answered nothing"
        assert response.ok, f"{name}: {path} answered {response.status}"
        landed = spec.lands_on in page.url if spec.lands_on else page.url.endswith(path)
        assert landed, f"{name}: {path} ended at {page.url}"
        if spec.then is not None:
            try:
                spec.then(page, world)
            except PlaywrightError as error:  # a control out of reach on the phone, say
                problems.append(f"{name} ({path}): {str(error).splitlines()[0]}")
                continue
        if SCREENSHOTS:  # to look at, not committed: PHONE_SCREENSHOTS=/some/folder
            page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)
        assert page.locator("h1:visible, h2:visible").count(), f"{name}: {path} shows no heading"
        measured = page.evaluate(OVERFLOW)
        if measured["scrollWidth"] > PHONE["width"] or measured["found"]:
            problems.append(f"{name} ({path}): {measured}")
    assert not problems, "wider than a 390 px phone:\n" + "\n".join(problems)


def _column_in_view(page: Any, stage: Any) -> bool:
    box = page.locator(f"#column-{stage.pk}").bounding_box()
    return box is not None and 0 <= box["x"] < PHONE["width"] / 2 and box["width"] <= 390


def test_the_board_shows_a_column_at_a_time_and_the_switcher_jumps(
    open_as, hiring_manager, posting
):
    stages = list(posting.stages.order_by("order"))
    for n, stage in enumerate(stages[:3]):
        ApplicationFactory.create(posting=posting, stage=stage, position=n)
    page = open_as(hiring_manager.user, viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"/postings/{posting.pk}/board/")
    switcher = page.get_by_role("navigation", name="Stages")
    expect(switcher.get_by_role("link")).to_have_count(len(stages))
    assert _column_in_view(page, stages[0])
    assert not _column_in_view(page, stages[2])
    switcher.get_by_role("link", name=stages[2].name, exact=True).click()
    expect(page.locator(f"#column-{stages[2].pk}-title")).to_be_focused()
    page.wait_for_function(
        "id => Math.abs(document.getElementById(id).getBoundingClientRect().left"
        " - document.querySelector('.board').getBoundingClientRect().left) < 2",
        arg=f"column-{stages[2].pk}",
    )
    assert _column_in_view(page, stages[2])
    expect(switcher.get_by_role("link", name=stages[2].name, exact=True)).to_have_attribute(
        "aria-current", "true"
    )
    # By keyboard: the link takes the focus and Enter follows it.
    switcher.get_by_role("link", name=stages[1].name, exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#column-{stages[1].pk}-title")).to_be_focused()
    assert page.evaluate("[window.scrollX, document.documentElement.scrollWidth]") == [0, 390]
    # Without JavaScript the links are plain jumps to the columns.
    plain = open_as(
        hiring_manager.user,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=False,
    )
    plain.goto(f"/postings/{posting.pk}/board/")
    plain.get_by_role("navigation", name="Stages").get_by_role(
        "link", name=stages[3].name, exact=True
    ).click()
    plain.wait_for_url(f"**/board/#column-{stages[3].pk}")
    assert _column_in_view(plain, stages[3])
    # On a wide screen every column shows and the switcher is hidden.
    desktop = open_as(hiring_manager.user)
    desktop.goto(f"/postings/{posting.pk}/board/")
    expect(desktop.get_by_role("navigation", name="Stages")).to_be_hidden()


def test_the_profile_puts_its_actions_first_on_a_phone(open_as, hiring_manager, posting):
    application = ApplicationFactory.create(posting=posting)
    phone = open_as(hiring_manager.user, viewport=PHONE, is_mobile=True, has_touch=True)
    phone.goto(f"/applications/{application.pk}/")
    actions = phone.locator("#actions-title").bounding_box()
    details = phone.locator("#contact-title").bounding_box()
    assert actions is not None
    assert details is not None
    assert actions["y"] < details["y"]
    expect(phone.locator("#advance-button")).to_be_in_viewport()
    expect(phone.get_by_role("navigation", name="On this page")).to_be_visible()
    phone.get_by_role("link", name="Add a note").click()
    expect(phone.locator("#note-body")).to_be_in_viewport()
    # On a wide screen the actions stay on the right, beside the details.
    desktop = open_as(hiring_manager.user)
    desktop.goto(f"/applications/{application.pk}/")
    actions = desktop.locator("#actions-title").bounding_box()
    details = desktop.locator("#contact-title").bounding_box()
    assert actions is not None
    assert details is not None
    assert actions["x"] > details["x"] + 300
    assert abs(actions["y"] - details["y"]) < 40
    expect(desktop.get_by_role("navigation", name="On this page")).to_be_hidden()
