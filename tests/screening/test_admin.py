from __future__ import annotations

import pytest

from screening.models import FitScore
from tests.factories import ApplicationFactory, PostingFactory

pytestmark = pytest.mark.django_db


def test_staff_see_their_organizations_scores_read_only(staff, organization, other_organization):
    ours = PostingFactory.create(organization=organization, title="Ours")
    theirs = PostingFactory.create(organization=other_organization, title="Theirs")
    for posting, score in ((ours, 81.0), (theirs, 12.0)):
        application = ApplicationFactory.create(posting=posting)
        FitScore.objects.create(application=application, posting=posting, state="done", score=score)
    page = staff.client.get("/admin/screening/fitscore/").content.decode()
    assert "81.0" in page
    assert "12.0" not in page
    mine = FitScore.objects.get(posting=ours)
    change = staff.client.get(f"/admin/screening/fitscore/{mine.pk}/change/").content.decode()
    assert 'name="_save"' not in change
    other = FitScore.objects.get(posting=theirs)
    assert staff.client.get(f"/admin/screening/fitscore/{other.pk}/change/").status_code in (
        302,
        403,
        404,
    )
    assert staff.client.get("/admin/screening/fitscore/add/").status_code == 403
