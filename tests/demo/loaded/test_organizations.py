from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import Membership, Organization, User
from demo.organizations import DEMO_ORGS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return Organization.objects.count(), User.objects.count(), Membership.objects.count()


def test_load_demo_creates_four_organizations_with_every_role_and_prints_logins(demo_output):
    assert Organization.objects.count() == 4
    assert {org.default_currency for org in Organization.objects.all()} >= {"NGN"}
    for spec in DEMO_ORGS:
        roles = set(
            Membership.objects.filter(organization__slug=spec.slug).values_list("role", flat=True)
        )
        assert roles == {"admin", "recruiter", "hiring_manager", "interviewer"}
    multi = User.objects.get(email="sam@shortlist.example")
    assert multi.memberships.count() == 2
    assert User.objects.get(email="root@shortlist.example").is_superuser
    text = demo_output
    assert DEMO_PASSWORD in text
    assert "recruiter@kolanut.example" in text
    # How the admins sign in: the tests require two-factor, as staging and production do.
    assert "Two-factor sign-in is required (TWO_FACTOR_REQUIRED=true)" in text
    assert User.objects.get(email="recruiter@kolanut.example").check_password(DEMO_PASSWORD)


def test_load_demo_twice_changes_nothing():
    before = _counts()
    passwords = dict(User.objects.values_list("email", "password"))
    call_command("load_demo", stdout=StringIO())
    assert _counts() == before
    assert dict(User.objects.values_list("email", "password")) == passwords


def test_demo_users_of_different_organizations_cannot_reach_each_others_pages(settings):
    # As in `make run`: two-factor is optional locally, so the demo admins need no device.
    settings.TWO_FACTOR_REQUIRED = False
    kolanut, brightloom = Client(), Client()
    kolanut.force_login(User.objects.get(email="admin@kolanut.example"))
    brightloom.force_login(User.objects.get(email="admin@brightloom.example"))
    assert kolanut.get("/orgs/kolanut-pay/team/").status_code == 200
    assert kolanut.get("/orgs/brightloom/team/").status_code == 404
    assert brightloom.get("/orgs/kolanut-pay/team/").status_code == 404
    assert kolanut.post("/orgs/switch/", {"organization": "brightloom"}).status_code == 404
    assert "Brightloom" not in kolanut.get("/").content.decode()
