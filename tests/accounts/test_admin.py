from __future__ import annotations

import pytest

from accounts.models import Membership, Role, User
from tests.conftest import give_two_factor, sign_in
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_orgs(organization, other_organization):
    ours = MembershipFactory.create(
        organization=organization, user=UserFactory.create(email="ours@kolanut.test")
    )
    theirs = MembershipFactory.create(
        organization=other_organization, user=UserFactory.create(email="theirs@brightloom.test")
    )
    return ours, theirs


def test_staff_see_only_their_organizations_rows(staff, two_orgs, organization, other_organization):
    users = staff.client.get("/admin/accounts/user/").content.decode()
    assert "ours@kolanut.test" in users
    assert "theirs@brightloom.test" not in users
    orgs = staff.client.get("/admin/accounts/organization/").content.decode()
    assert organization.name in orgs
    assert other_organization.name not in orgs
    memberships = staff.client.get("/admin/accounts/membership/").content.decode()
    assert "ours@kolanut.test" in memberships
    assert "theirs@brightloom.test" not in memberships


def test_staff_cannot_open_or_change_another_organizations_rows(
    staff, two_orgs, other_organization
):
    _, theirs = two_orgs
    for url in (
        f"/admin/accounts/user/{theirs.user.pk}/change/",
        f"/admin/accounts/organization/{other_organization.pk}/change/",
        f"/admin/accounts/membership/{theirs.pk}/change/",
    ):
        response = staff.client.get(url, follow=True)
        assert "theirs@brightloom.test" not in response.content.decode(), url
        assert response.redirect_chain, url  # admin sends a missing object back to the index
    staff.client.post(f"/admin/accounts/membership/{theirs.pk}/change/", {"role": Role.ADMIN})
    theirs.refresh_from_db()
    assert theirs.role == Role.RECRUITER


def test_staff_cannot_grant_staff_or_superuser_rights(staff, two_orgs):
    ours, _ = two_orgs
    page = staff.client.get(f"/admin/accounts/user/{ours.user.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="is_staff"' not in page


def test_staff_who_are_not_superusers_create_no_accounts(staff, organization):
    # Whoever sets an account's first password can take it over once another organization
    # joins it; and the form would tell which addresses have accounts.
    assert staff.client.get("/admin/accounts/user/add/").status_code == 403
    response = staff.client.post(
        "/admin/accounts/user/add/",
        {
            "email": "new.person@kolanut.test",
            "full_name": "New Person",
            "organization": organization.pk,
            "role": Role.INTERVIEWER,
            "password1": "a-good-long-passphrase-1",
            "password2": "a-good-long-passphrase-1",
            "usable_password": "true",
        },
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="new.person@kolanut.test").exists()
    assert "/admin/accounts/user/add/" not in staff.client.get("/admin/").content.decode()


def test_superusers_add_people_to_any_organization_or_none(
    superuser, organization, other_organization
):
    page = superuser.client.get("/admin/accounts/user/add/").content.decode()
    assert organization.name in page
    assert other_organization.name in page
    for email, org in (("New.Person@Kolanut.test ", organization.pk), ("loner@nowhere.test", "")):
        response = superuser.client.post(
            "/admin/accounts/user/add/",
            {
                "email": email,
                "full_name": "New Person",
                "organization": org,
                "role": Role.INTERVIEWER,
                "password1": "a-good-long-passphrase-1",
                "password2": "a-good-long-passphrase-1",
                "usable_password": "true",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="new.person@kolanut.test")
    assert Membership.objects.get(user=user).organization == organization
    assert not Membership.objects.filter(user__email="loner@nowhere.test").exists()


def test_superusers_see_every_organization(superuser, two_orgs):
    users = superuser.client.get("/admin/accounts/user/").content.decode()
    assert "ours@kolanut.test" in users
    assert "theirs@brightloom.test" in users


def test_staff_of_no_organization_see_nothing(two_orgs):
    from django.test import Client

    loner = UserFactory.create(is_staff=True)
    give_two_factor(loner)
    client = sign_in(Client(), loner)
    assert client.get("/admin/accounts/user/").status_code == 403
    index = client.get("/admin/").content.decode()
    assert "ours@kolanut.test" not in index
    assert "/admin/accounts/user/" not in index


def test_every_admin_url_field_takes_a_bare_address_as_https(superuser):
    """A walk over every registered admin: a URL typed without a scheme is https there, as in
    our own forms (Django 5.2's default was http, with a deprecation warning)."""
    from django.contrib import admin
    from django.db import models
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = superuser.user
    seen = 0
    for model, model_admin in admin.site._registry.items():
        for field in model._meta.get_fields():
            if isinstance(field, models.URLField):
                formfield = model_admin.formfield_for_dbfield(field, request)
                assert formfield is not None
                assert formfield.clean("example.org") == "https://example.org", model
                seen += 1
    assert seen >= 1  # the organization's website at least
