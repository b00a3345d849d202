from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from interviews.services import Slot
from tests.conftest import make_persona
from tests.factories import ApplicationFactory, CandidateFactory, make_interview_kind


@pytest.fixture
def kind(posting):
    return make_interview_kind(
        posting,
        areas={
            "System design": [("Breaks a problem down", "Listen for trade-offs, not buzzwords.")],
            "Leads a team": [("Grows people", "Ask for a story about a colleague they coached.")],
        },
    )


@pytest.fixture
def application(posting):
    candidate = CandidateFactory.create(
        organization=posting.organization, name="Chidi Okafor", email="chidi@example.org"
    )
    return ApplicationFactory.create(posting=posting, candidate=candidate)


@pytest.fixture
def panelist(organization):
    """A second interviewer of ours, beside the `interviewer` persona."""
    return make_persona(
        organization, Role.INTERVIEWER, email="panel@kolanut.test", full_name="Ngozi Eze"
    )


def tomorrow_at(hour: int, minute: int = 0) -> datetime:
    """Tomorrow at `hour` in Lagos (the test organization's zone), as an aware datetime."""
    zone = zoneinfo.ZoneInfo("Africa/Lagos")
    day = timezone.localtime(timezone.now(), zone).date() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def slot_for(kind, interviewers, *, starts_at=None, duration_minutes=60, **fields) -> Slot:
    return Slot(
        kind=kind,
        starts_at=starts_at or tomorrow_at(10),
        duration_minutes=duration_minutes,
        interviewers=interviewers,
        **fields,
    )
