from __future__ import annotations

import pytest
from django.db import IntegrityError

from accounts.models import Membership, Organization, Role, User
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_emails_are_normalized_so_case_and_spaces_make_one_account():
    user = User.objects.create_user("  Ada@Example.com ", "pw-123456789")
    assert user.email == "ada@example.com"
    assert User.objects.get_by_natural_key("ADA@example.COM ") == user
    with pytest.raises(IntegrityError):
        User.objects.create_user("ada@example.com", "pw-123456789")


def test_a_user_sees_only_the_organizations_they_belong_to():
    mine, theirs = OrganizationFactory.create(), OrganizationFactory.create()
    user = UserFactory.create()
    MembershipFactory.create(user=user, organization=mine)
    MembershipFactory.create(organization=theirs)
    assert list(Organization.objects.for_user(user)) == [mine]
    assert not Organization.objects.for_user(UserFactory.create()).exists()


@pytest.mark.parametrize("role", Role.values)
def test_the_role_queries_agree_with_the_membership_methods(role):
    membership = MembershipFactory.create(role=role)
    members = Membership.objects.filter(pk=membership.pk)
    assert members.managing_the_team().exists() == membership.can_manage_team()
    assert members.managing_postings().exists() == membership.can_manage_postings()
    assert members.working_team_postings().exists() == membership.works_team_postings()
