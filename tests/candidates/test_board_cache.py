"""The board page is cached under a per-posting change counter (candidates.board_version):
every service that changes what a card or the board shows must bump it. This walks each of
them, candidates', screening's and interviews', and checks the cached board shows the change at
once: a service that forgets the bump fails here, not on a recruiter's screen."""

from __future__ import annotations

import re
import time
import zoneinfo
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from candidates import board, cards, services
from candidates.board_version import board_version
from candidates.models import Application
from interviews import scorecards
from interviews import services as interview_services
from screening import services as screening_services
from screening.models import FitScore
from tests.documents import upload
from tests.factories import ApplicationFactory, CandidateFactory, make_interview_kind
from tests.interviews.conftest import slot_for
from tests.interviews.helpers import held_interview

pytestmark = pytest.mark.django_db


def _board(persona, posting) -> str:
    """The board's columns, without the per-request CSRF tokens."""
    page = persona.client.get(f"/postings/{posting.pk}/board/").content.decode()
    columns = page.split('<div id="board-columns">')[1]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", columns)


def _card(page: str, application: Application) -> str:
    return page.split(f'id="card-{application.pk}"')[1].split("</li>")[0]


@pytest.fixture
def world(posting, recruiter, interviewer):
    stages = list(posting.stages.order_by("order"))
    candidate = CandidateFactory.create(
        organization=posting.organization, name="Chidi Okafor", email="chidi@example.org"
    )
    application = ApplicationFactory.create(posting=posting, candidate=candidate, stage=stages[0])
    FitScore.objects.create(application=application, posting_id=posting.pk)  # "scoring…"
    kind = make_interview_kind(posting)
    return {
        "posting": posting,
        "stages": stages,
        "application": application,
        "by": recruiter.user,
        "interviewer": interviewer.user,
        "kind": kind,
    }


def _fresh(world: dict[str, Any]) -> Application:
    return Application.objects.get(pk=world["application"].pk)


def _submit(world):
    submission = services.Submission(
        name="Zainab Bello",
        email="zainab@example.org",
        location="Abuja",
        stated_years=Decimal(6),
        resume=upload("cv.txt", b"Python"),
        resume_extension=".txt",
    )
    world["posting"].status = "open"
    world["posting"].save()
    services.submit_application(world["posting"], submission)
    return "Zainab Bello"


def _move(world):
    a = _fresh(world)
    services.move_application(
        a, to_stage=world["stages"][1], by=world["by"], expected_version=a.version
    )
    return f'id="move-{a.pk}"'  # the card is now in the second column (checked below)


def _gone(world):
    """A closed application leaves the board (closed ones show with the filter only)."""
    return f'!id="card-{world["application"].pk}"'


def _reject(world):
    services.reject_application(_fresh(world), by=world["by"], reason="Too far", send_email=False)
    return _gone(world)


def _hire(world):
    services.hire_application(_fresh(world), by=world["by"])
    return "Hired"


def _withdraw(world):
    services.withdraw_application(_fresh(world), by=world["by"])
    return _gone(world)


def _reopen(world):
    services.withdraw_application(_fresh(world), by=world["by"])
    world["before"] = world["persona_board"]()
    assert f'id="card-{world["application"].pk}"' not in world["before"]
    services.reopen_application(_fresh(world), by=world["by"])
    return f'id="card-{world["application"].pk}"'


def _tag(world):
    services.tag_application(_fresh(world), by=world["by"], name="fintech", add=True)
    return "fintech"


def _untag(world):
    services.tag_application(_fresh(world), by=world["by"], name="fintech", add=True)
    world["before"] = world["persona_board"]()
    assert "fintech" in world["before"]
    services.tag_application(_fresh(world), by=world["by"], name="fintech", add=False)
    return "!fintech"


def _update_candidate(world):
    candidate = _fresh(world).candidate
    candidate.name = "Chidi A. Okafor"
    services.update_candidate(candidate, fields=["name"])
    return "Chidi A. Okafor"


def _merge(world):
    a = _fresh(world)
    Application.objects.filter(pk=a.pk).update(name="Chidi Emeka Okafor")
    services.merge_submitted_details(_fresh(world), by=world["by"], fields=["name"])
    return "Chidi Emeka Okafor"


def _bulk_reject(world):
    a = _fresh(world)
    services.bulk_act(
        [a], action="reject", by=world["by"], versions={a.pk: a.version}, reason="Closed"
    )
    return _gone(world)


def _score_failed(world):
    screening_services.record_scoring_failure(
        "score", {"application_id": world["application"].pk}, "boom"
    )
    return "no score"


def _schedule(world):
    interview_services.schedule_interview(
        _fresh(world), slot=slot_for(world["kind"], [world["interviewer"]]), by=world["by"]
    )
    return 'class="card-interviews"'


def _reschedule(world):
    interview = interview_services.schedule_interview(
        _fresh(world), slot=slot_for(world["kind"], [world["interviewer"]]), by=world["by"]
    )
    before = world["before"] = world["persona_board"]()
    later = slot_for(
        world["kind"], [world["interviewer"]], starts_at=interview.starts_at + timedelta(days=1)
    )
    interview_services.reschedule_interview(
        interview, slot=later, by=world["by"], expected_version=interview.version
    )
    return ("!" + _card(before, world["application"]).split("<time")[1].split("</time>")[0],)


def _cancel(world):
    interview = interview_services.schedule_interview(
        _fresh(world), slot=slot_for(world["kind"], [world["interviewer"]]), by=world["by"]
    )
    world["before"] = world["persona_board"]()
    assert 'class="card-interviews"' in world["before"]
    interview_services.cancel_interview(interview, by=world["by"])
    return '!class="card-interviews"'


def _submit_scorecard(world):
    past = held_interview(world["application"], world["kind"], [world["interviewer"]])
    scorecards.submit_scorecard(
        past, by=world["interviewer"], answers=scorecards.Answers(recommendation="yes")
    )
    return "1 scorecard"


def _amend_scorecard(world):
    a = world["application"]
    past = held_interview(a, world["kind"], [world["interviewer"]], hours_ago=5)
    other = held_interview(a, world["kind"], [world["interviewer"]], hours_ago=3)
    scorecards.submit_scorecard(
        past, by=world["interviewer"], answers=scorecards.Answers(recommendation="yes")
    )
    world["before"] = world["persona_board"]()
    assert "1 scorecard" in world["before"]
    scorecards.submit_scorecard(
        other, by=world["interviewer"], answers=scorecards.Answers(recommendation="no")
    )
    return "2 scorecards"


def _rename_stage(world):
    stage = world["stages"][0]
    stage.name = "Phone screen"
    from postings.services import update_collection_item

    update_collection_item(stage, by=world["by"])
    return "Phone screen"


# Every service that changes what a card or the board shows, and what the board then shows.
SERVICES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "submit_application": _submit,
    "move_application": _move,
    "reject_application": _reject,
    "hire_application": _hire,
    "withdraw_application": _withdraw,
    "reopen_application": _reopen,
    "tag_application (add)": _tag,
    "tag_application (remove)": _untag,
    "update_candidate": _update_candidate,
    "merge_submitted_details": _merge,
    "bulk_act (reject)": _bulk_reject,
    "screening.record_scoring_failure": _score_failed,
    "interviews.schedule_interview": _schedule,
    "interviews.reschedule_interview": _reschedule,
    "interviews.cancel_interview": _cancel,
    "interviews.submit_scorecard": _submit_scorecard,
    "interviews.submit_scorecard (amend)": _amend_scorecard,
    "postings.update_collection_item (stage)": _rename_stage,
}


@pytest.mark.parametrize("name", list(SERVICES))
def test_every_service_that_changes_a_card_shows_on_the_cached_board(world, recruiter, name):
    posting = world["posting"]
    world["persona_board"] = lambda: _board(recruiter, posting)
    before = _board(recruiter, posting)
    assert _board(recruiter, posting) == before  # cached
    version = board_version(posting.pk)
    expected = SERVICES[name](world)
    after = _board(recruiter, posting)
    assert after != world.get("before", before), f"{name}: the board did not change"
    for marker in expected if isinstance(expected, tuple) else (expected,):
        if marker.startswith("!"):
            assert marker[1:] not in after, f"{name}: {marker[1:]!r} still shows"
        else:
            assert marker in after, f"{name}: {marker!r} does not show"
    if name != "postings.update_collection_item (stage)":  # stages are in the key already
        assert board_version(posting.pk) > version, f"{name}: the counter did not move"
    if name == "move_application":
        column = after.split(f'id="column-{world["stages"][1].pk}"')[1].split("</section>")[0]
        assert f'id="card-{world["application"].pk}"' in column


def test_after_one_move_only_that_card_is_rendered_afresh(
    recruiter, posting, monkeypatch, django_assert_max_num_queries
):
    stages = list(posting.stages.order_by("order"))
    applications = [ApplicationFactory.create(posting=posting, stage=stages[0]) for _ in range(5)]
    _board(recruiter, posting)
    rendered: list[int] = []
    real = cards.CardBuilder.__call__

    def counting(self: cards.CardBuilder, application: Application) -> str:
        rendered.append(application.pk)
        return real(self, application)

    monkeypatch.setattr(cards.CardBuilder, "__call__", counting)
    moved = Application.objects.get(pk=applications[2].pk)
    services.move_application(
        moved, to_stage=stages[1], by=recruiter.user, expected_version=moved.version
    )
    page = _board(recruiter, posting)
    assert rendered == [moved.pk]
    assert f'id="card-{moved.pk}"' in page.split(f'id="column-{stages[1].pk}"')[1]
    rendered.clear()
    assert _board(recruiter, posting) == page  # and the page is cached again
    assert rendered == []


def test_a_cached_board_goes_stale_when_the_next_interview_shown_starts(world, recruiter):
    """No service runs when an interview starts, yet the card's "next interview" changes: the
    cached page remembers the soonest such moment and is built afresh from then on."""
    interview = interview_services.schedule_interview(
        _fresh(world), slot=slot_for(world["kind"], [world["interviewer"]]), by=world["by"]
    )
    shown = board.columns(world["posting"], board.parse_filters({}), stages=world["stages"])
    assert board._expires_at(shown) == interview.starts_at
    type(interview).objects.filter(pk=interview.pk).update(
        starts_at=timezone.now() + timedelta(seconds=1)
    )
    assert 'class="card-interviews"' in _board(recruiter, world["posting"])
    type(interview).objects.filter(pk=interview.pk).update(
        starts_at=timezone.now() - timedelta(seconds=1)
    )
    time.sleep(1.1)  # past the start the page remembered
    assert 'class="card-interviews"' not in _board(recruiter, world["posting"])


def test_a_cached_board_shows_interview_times_in_the_organizations_new_zone(world, recruiter):
    """An organization's time zone is changed in its settings, not by a board service: the
    cached page must not keep the old zone's times."""
    organization = world["posting"].organization
    type(organization).objects.filter(pk=organization.pk).update(timezone="UTC")
    interview = interview_services.schedule_interview(
        _fresh(world), slot=slot_for(world["kind"], [world["interviewer"]]), by=world["by"]
    )
    utc = _card(_board(recruiter, world["posting"]), world["application"])
    type(organization).objects.filter(pk=organization.pk).update(timezone="Asia/Kolkata")
    kolkata = _card(_board(recruiter, world["posting"]), world["application"])
    local = timezone.localtime(interview.starts_at, zoneinfo.ZoneInfo("Asia/Kolkata"))
    assert utc != kolkata
    assert local.strftime("%H:%M").lstrip("0") in kolkata or local.strftime("%H:%M") in kolkata
