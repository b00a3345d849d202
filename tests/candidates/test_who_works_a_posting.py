""" "Who works a posting" is written four ways: a check on one posting
(postings.access.can_work_posting), the applications a member may work
(Application.objects.workable_by), the postings members may work across their organizations
(Posting.objects.workable_by, the home page's) and the people a posting's alerts go to
(NotificationPreference.objects.of_people_who_work_the_posting). They must never disagree."""

from __future__ import annotations

import pytest

from accounts.models import Membership
from candidates.models import Application, NotificationPreference
from postings.access import can_work_posting
from postings.models import Posting
from tests.factories import ApplicationFactory, PostingFactory

pytestmark = pytest.mark.django_db


def test_the_three_readings_of_who_works_a_posting_agree(
    organization,
    org_admin,
    recruiter,
    hiring_manager,
    other_hiring_manager,
    interviewer,
    other_interviewer,
    two_org_member,
):
    posting = PostingFactory.create(organization=organization, status="open")
    posting.hiring_team.add(hiring_manager.user, interviewer.user)
    application = ApplicationFactory.create(posting=posting)
    people = [
        org_admin,
        recruiter,
        hiring_manager,
        other_hiring_manager,
        interviewer,
        other_interviewer,
        two_org_member,
    ]
    for persona in people:
        NotificationPreference.objects.create(user=persona.user, posting=posting)
    alerted = set(
        NotificationPreference.objects.filter(posting=posting)
        .of_people_who_work_the_posting()
        .values_list("user_id", flat=True)
    )
    readings = {}
    for persona in people:
        membership = Membership.objects.get(user=persona.user, organization=organization)
        readings[persona.user.email] = (
            can_work_posting(membership, posting),
            Application.objects.workable_by(membership).filter(pk=application.pk).exists(),
            Posting.objects.workable_by(*Membership.objects.filter(user=persona.user))
            .filter(pk=posting.pk)
            .exists(),
            persona.user.pk in alerted,
        )
    disagreeing = {who: r for who, r in readings.items() if len(set(r)) != 1}
    assert not disagreeing, disagreeing
    # And the rule itself: admins, recruiters and the team's hiring manager, nobody else.
    assert {who for who, r in readings.items() if r[0]} == {
        org_admin.user.email,
        recruiter.user.email,
        hiring_manager.user.email,
        two_org_member.user.email,  # a recruiter here, whatever they are elsewhere
    }
