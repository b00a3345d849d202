from __future__ import annotations

import pytest

from accounts.models import Role
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_lists_the_users_organizations_and_roles(recruiter, organization):
    page = recruiter.client.get("/").content.decode()
    assert "Your organizations" in page
    assert organization.name in page
    assert "Recruiter" in page
    assert "Brightloom" not in page


def test_anonymous_visitors_get_the_product_page(client):
    page = client.get("/").content.decode()
    assert "Hiring that never loses an application." in page
    assert "Your organizations" not in page


def test_a_member_of_two_organizations_switches_and_it_is_remembered(recruiter, other_organization):
    MembershipFactory.create(
        user=recruiter.user, organization=other_organization, role=Role.HIRING_MANAGER
    )
    first = recruiter.client.get("/").content.decode()
    assert 'name="organization"' in first  # the switcher appears for people in several orgs
    response = recruiter.client.post(
        "/orgs/switch/", {"organization": "brightloom", "next": "/accounts/password_change/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_change/"
    assert recruiter.client.session["current_organization_id"] == other_organization.pk
    page = recruiter.client.get("/").content.decode()
    assert '<option value="brightloom" selected>' in page
    assert "You are now working in Brightloom." in page


def test_switching_to_an_organization_you_are_not_in_is_a_404(recruiter):
    OrganizationFactory.create(slug="secret-corp")
    response = recruiter.client.post("/orgs/switch/", {"organization": "secret-corp"})
    assert response.status_code == 404
    assert "current_organization_id" not in recruiter.client.session


def test_switching_never_redirects_off_site(recruiter, organization):
    response = recruiter.client.post(
        "/orgs/switch/", {"organization": organization.slug, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_team_page_lists_members_for_admins_only(org_admin, recruiter, outsider, organization):
    page = org_admin.client.get(f"/orgs/{organization.slug}/team/").content.decode()
    assert "recruiter@kolanut.test" in page
    assert "admin@brightloom.test" not in page
    assert recruiter.client.get(f"/orgs/{organization.slug}/team/").status_code == 403
    assert outsider.client.get(f"/orgs/{organization.slug}/team/").status_code == 404


def test_pages_keep_a_constant_number_of_queries(
    org_admin, organization, django_assert_max_num_queries
):
    url = f"/orgs/{organization.slug}/team/"
    with django_assert_max_num_queries(8) as small:
        org_admin.client.get(url)
    for _ in range(30):
        MembershipFactory.create(organization=organization)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = org_admin.client.get(url).content.decode()
    assert page.count('<tr id="member-') == 1 + 30  # the admin and the others


def test_the_product_page_links_the_careers_pages_of_organizations_that_are_hiring(
    client, organization, other_organization
):
    from tests.factories import PostingFactory

    PostingFactory.create(organization=organization, status="open")
    PostingFactory.create(organization=other_organization)  # a draft: not hiring yet
    page = client.get("/").content.decode()
    assert f'href="/careers/{organization.slug}/"' in page
    assert f'href="/careers/{other_organization.slug}/"' not in page
