from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from accounts import audit
from accounts.access import SIGNED_IN_AT_KEY, recent_sign_in_required, signed_in_recently
from accounts.models import AuditAction, AuditEntry, Role
from postings.models import EmailTemplate
from postings.services import close_posting, publish_posting
from tests.conftest import Persona, sign_in
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    MembershipFactory,
    PostingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("pk"))


# --- append-only ---------------------------------------------------------------------------


def test_entries_cannot_be_changed_or_deleted_by_the_orm_or_by_sql(organization):
    entry = audit.record(AuditAction.POSTING_PUBLISHED, organization=organization, label="x")
    entry.target_label = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    for statement in (
        "UPDATE accounts_auditentry SET target_label = 'rewritten'",
        "DELETE FROM accounts_auditentry",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(target_label="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).target_label == "x"


def test_superusers_read_the_log_in_admin_and_nobody_can_add_change_or_delete(
    superuser, staff, organization
):
    entry = audit.record(
        AuditAction.POSTING_CLOSED, organization=organization, label="Backend Lead"
    )
    listing = superuser.client.get("/admin/accounts/auditentry/").content.decode()
    assert "Backend Lead" in listing
    assert "Posting closed" in listing
    change_url = f"/admin/accounts/auditentry/{entry.pk}/change/"
    page = superuser.client.get(change_url).content.decode()
    assert "Backend Lead" in page
    assert 'name="_save"' not in page
    assert superuser.client.get("/admin/accounts/auditentry/add/").status_code == 403
    posted = superuser.client.post(change_url, {"target_label": "rewritten", "action": "x"})
    assert posted.status_code == 403
    deleting = f"/admin/accounts/auditentry/{entry.pk}/delete/"
    assert superuser.client.post(deleting, {"post": "yes"}).status_code == 403
    bulk = superuser.client.post(
        "/admin/accounts/auditentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert bulk.status_code == 200  # the changelist again: no such action for anyone
    assert AuditEntry.objects.get(pk=entry.pk).target_label == "Backend Lead"
    # Tenant staff read their organization's log in the app, not in admin.
    assert staff.client.get("/admin/accounts/auditentry/").status_code == 403


# --- what is recorded ------------------------------------------------------------------------


def test_a_resume_download_records_who_which_application_and_from_where(
    hiring_manager, posting, organization
):
    application = ApplicationFactory.create(
        posting=posting, resume=SimpleUploadedFile("cv.pdf", b"%PDF-1.4 resume")
    )
    client = hiring_manager.client
    client.get(f"/applications/{application.pk}/resume/", REMOTE_ADDR="203.0.113.9")
    [entry] = _entries(AuditAction.RESUME_DOWNLOADED)
    assert entry.actor == hiring_manager.user
    assert entry.actor_email == hiring_manager.user.email
    assert entry.organization_id == organization.pk
    assert entry.ip_address == "203.0.113.9"
    assert (entry.target_type, entry.target_id) == ("candidates.application", str(application.pk))
    # Named without the person: the entry outlives the candidate's data.
    assert entry.target_label == f"Application #{application.pk} · {posting.title}"
    assert application.candidate.name not in entry.target_label


def test_reading_the_list_and_rejecting_in_bulk_are_recorded(hiring_manager, posting):
    applications = ApplicationFactory.create_batch(3, posting=posting)
    hiring_manager.client.get(f"/postings/{posting.pk}/applications/?sort=oldest")
    [viewed] = _entries(AuditAction.CANDIDATES_VIEWED)
    assert viewed.details == {"first": applications[0].pk, "shown": 3}
    assert viewed.target_label == posting.title
    hiring_manager.client.post(
        f"/postings/{posting.pk}/applications/bulk/",
        {
            "action": "reject",
            "reason": "Location",
            "ids": [a.pk for a in applications],
            "confirmed": "1",
        },
    )
    rejected = _entries(AuditAction.APPLICATIONS_BULK_REJECTED)
    assert [e.target_id for e in rejected] == [str(a.pk) for a in applications]
    assert {e.actor_id for e in rejected} == {hiring_manager.user.pk}
    assert rejected[0].details == {"reason": "Location", "email": False}


def test_publishing_and_closing_a_posting_are_recorded_and_a_refused_one_is_not(
    recruiter, organization
):
    posting = PostingFactory.create(organization=organization, status="draft")
    publish_posting(posting, by=recruiter.user)
    close_posting(posting, by=recruiter.user)
    with pytest.raises(Exception, match="Only an open posting"):
        close_posting(posting, by=recruiter.user)
    actions = list(
        AuditEntry.objects.filter(target_id=str(posting.pk))
        .order_by("pk")
        .values_list("action", "actor_id", "organization_id")
    )
    assert actions == [
        (AuditAction.POSTING_PUBLISHED, recruiter.user.pk, organization.pk),
        (AuditAction.POSTING_CLOSED, recruiter.user.pk, organization.pk),
    ]


def test_an_entry_is_written_in_the_actions_transaction(recruiter, organization):
    posting = PostingFactory.create(organization=organization, status="draft")

    def publish_then_fail() -> None:
        with transaction.atomic():
            publish_posting(posting, by=recruiter.user)
            raise RuntimeError("the caller's transaction fails after the publish")

    with pytest.raises(RuntimeError):
        publish_then_fail()
    assert not AuditEntry.objects.filter(action=AuditAction.POSTING_PUBLISHED).exists()


def test_sign_in_failures_and_the_lockout_are_recorded_naming_only_real_accounts(settings):
    settings.AXES_FAILURE_LIMIT = 2
    ada = UserFactory.create(email="ada@example.com")
    for _ in range(2):
        Client().post(
            "/accounts/login/",
            {"username": "ADA@example.com", "password": "guess"},
            REMOTE_ADDR="198.51.100.7",
        )
    Client().post("/accounts/login/", {"username": "stranger@example.com", "password": "hunter2"})
    failed = _entries(AuditAction.LOGIN_FAILED)
    assert [(e.actor_id, e.actor_email) for e in failed] == [
        (ada.pk, "ada@example.com"),
        (ada.pk, "ada@example.com"),
        (None, ""),
    ]
    assert failed[0].ip_address == "198.51.100.7"
    assert all("hunter2" not in str(e.details) and "stranger" not in e.actor_email for e in failed)
    [locked] = _entries(AuditAction.LOGIN_LOCKED_OUT)
    assert locked.actor == ada


def test_every_change_in_django_admin_is_recorded_with_its_organization(staff, organization):
    template = EmailTemplate.objects.create(
        organization=organization, name="Hello", subject="Hi", body="Hello"
    )
    staff.client.post(
        f"/admin/postings/emailtemplate/{template.pk}/change/",
        {"organization": organization.pk, "name": "Hello", "subject": "Hi there", "body": "Hello"},
        REMOTE_ADDR="192.0.2.4",
    )
    template.refresh_from_db()
    assert template.subject == "Hi there"
    [entry] = _entries(AuditAction.ADMIN_CHANGED)
    assert (entry.actor, entry.organization_id, entry.ip_address) == (
        staff.user,
        organization.pk,
        "192.0.2.4",
    )
    assert (entry.target_type, entry.target_id) == ("postings.emailtemplate", str(template.pk))
    assert "Subject" in entry.details["change"]


def test_admin_additions_and_deletions_are_recorded(superuser, organization):
    superuser.client.post(
        "/admin/postings/emailtemplate/add/",
        {"organization": organization.pk, "name": "Hello", "subject": "Hi", "body": "Hello"},
    )
    [added] = _entries(AuditAction.ADMIN_ADDED)
    assert added.organization_id == organization.pk
    assert added.actor == superuser.user
    superuser.client.post(
        f"/admin/postings/emailtemplate/{added.target_id}/delete/", {"post": "yes"}
    )
    [deleted] = _entries(AuditAction.ADMIN_DELETED)
    assert (deleted.target_id, deleted.organization_id) == (added.target_id, organization.pk)


# --- the org admin's reader --------------------------------------------------------------------


def _log(persona, organization, **params):
    return persona.client.get(f"/orgs/{organization.slug}/audit/", params)


def test_org_admins_read_their_organizations_entries_and_their_members_account_events(
    org_admin, recruiter, organization, other_organization, outsider
):
    audit.record(
        AuditAction.POSTING_PUBLISHED,
        actor=recruiter.user,
        organization=organization,
        label="Ours published",
    )
    audit.record(
        AuditAction.POSTING_PUBLISHED,
        actor=outsider.user,
        organization=other_organization,
        label="Theirs published",
    )
    audit.record(AuditAction.LOGIN_FAILED, actor=recruiter.user)
    audit.record(AuditAction.LOGIN_FAILED, actor=outsider.user)
    page = _log(org_admin, organization).content.decode()
    assert "Ours published" in page
    assert "Theirs published" not in page
    assert page.count('<td data-label="Action">Sign-in failed</td>') == 1
    assert recruiter.user.email in page
    assert outsider.user.email not in page
    assert _log(recruiter, organization).status_code == 403
    assert _log(outsider, organization).status_code == 404


def test_the_reader_filters_by_person_action_and_date(org_admin, recruiter, organization):
    audit.record(
        AuditAction.POSTING_PUBLISHED,
        actor=recruiter.user,
        organization=organization,
        label="By the recruiter",
    )
    audit.record(
        AuditAction.POSTING_CLOSED,
        actor=org_admin.user,
        organization=organization,
        label="By the admin",
    )
    by_person = _log(org_admin, organization, person=recruiter.user.pk).content.decode()
    assert "By the recruiter" in by_person
    assert "By the admin" not in by_person
    by_action = _log(org_admin, organization, action="posting.closed").content.decode()
    assert "By the admin" in by_action
    assert "By the recruiter" not in by_action
    today = timezone.localdate()
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert "By the admin" in _log(org_admin, organization, since=today.isoformat()).content.decode()
    later = _log(org_admin, organization, since=tomorrow).content.decode()
    assert "By the admin" not in later
    assert "No entries match." in later


def test_forged_or_backwards_filters_get_a_form_error_not_entries(
    org_admin, organization, outsider, other_organization
):
    audit.record(
        AuditAction.POSTING_PUBLISHED,
        actor=outsider.user,
        organization=other_organization,
        label="Theirs",
    )
    audit.record(
        AuditAction.POSTING_PUBLISHED, actor=org_admin.user, organization=organization, label="Ours"
    )
    for params in (
        {"person": outsider.user.pk},
        {"person": "x"},
        {"action": "nope"},
        {"since": "2026-13-45"},
        {"since": "2026-05-02", "until": "2026-05-01"},
        {"before": "-3"},
    ):
        response = _log(org_admin, organization, **params)
        assert response.status_code == 200, params
        page = response.content.decode()
        assert "Fix the filters above" in page, params
        assert "Theirs" not in page, params
        assert "Ours" not in page, params


def test_the_reader_pages_by_key_with_constant_queries(
    org_admin, organization, django_assert_max_num_queries
):
    def fill(count: int) -> None:
        AuditEntry.objects.bulk_create(
            AuditEntry(
                action=AuditAction.POSTING_PUBLISHED,
                organization=organization,
                actor=org_admin.user,
                actor_email=org_admin.user.email,
                target_label=f"Entry {i}",
            )
            for i in range(count)
        )

    fill(60)
    with django_assert_max_num_queries(9) as small:
        first = _log(org_admin, organization).content.decode()
    fill(1500)
    with django_assert_max_num_queries(9) as large:
        _log(org_admin, organization)
    assert len(small.captured_queries) == len(large.captured_queries)
    assert first.count("<tr>") == 51  # the header row and 50 entries
    older = first.split('rel="next"')[0].rsplit('href="?', 1)[1].split('"')[0]
    second = org_admin.client.get(
        f"/orgs/{organization.slug}/audit/?{older.replace('&amp;', '&')}"
    ).content.decode()
    assert "← Newest" in second
    newest = AuditEntry.objects.order_by("-pk").first()
    assert newest is not None
    assert newest.target_label not in second.split("<tbody>")[1]


# --- asking for the password again -------------------------------------------------------------


@recent_sign_in_required
def _sensitive(request: HttpRequest) -> HttpResponse:
    return HttpResponse("done")


def _request(persona, method: str = "get", age: int = 0, **headers: str) -> HttpRequest:
    request = getattr(RequestFactory(), method)("/orgs/kolanut-pay/team/", headers=headers)
    request.user = persona.user
    request.session = persona.client.session
    request.session[SIGNED_IN_AT_KEY] -= age
    request.htmx = "HX-Request" in headers
    return request


def test_a_fresh_sign_in_needs_no_password_and_a_stale_one_is_sent_to_confirm_it(
    org_admin, settings
):
    stale = settings.REAUTHENTICATE_AFTER_SECONDS + 1
    assert _sensitive(_request(org_admin)).content == b"done"
    page = _sensitive(_request(org_admin, age=stale))
    assert page["Location"] == "/accounts/confirm-password/?next=%2Forgs%2Fkolanut-pay%2Fteam%2F"
    # A POST can't be replayed after the detour: back to the page its form was on.
    posted = _sensitive(
        _request(org_admin, "post", age=stale, Referer="http://testserver/orgs/kolanut-pay/")
    )
    assert "next=http%3A%2F%2Ftestserver%2Forgs%2Fkolanut-pay%2F" in posted["Location"]
    elsewhere = _sensitive(_request(org_admin, "post", age=stale, Referer="https://evil.test/"))
    assert elsewhere["Location"].endswith("next=%2Forgs%2Fkolanut-pay%2Fteam%2F")
    htmx = _sensitive(_request(org_admin, "post", age=stale, **{"HX-Request": "true"}))
    assert htmx.status_code == 204
    assert htmx["HX-Redirect"].startswith("/accounts/confirm-password/")


def test_confirming_the_password_refreshes_the_sign_in_and_goes_back_only_to_our_pages(
    org_admin, settings
):
    session = org_admin.client.session
    session[SIGNED_IN_AT_KEY] -= settings.REAUTHENTICATE_AFTER_SECONDS + 1
    session.save()
    confirm = "/accounts/confirm-password/"
    back = "/orgs/kolanut-pay/team/"
    form = org_admin.client.get(confirm, {"next": back}).content.decode()
    assert f'name="next" value="{back}"' in form
    wrong = org_admin.client.post(confirm, {"password": "nope", "next": back})
    assert "That is not your password." in wrong.content.decode()
    assert not signed_in_recently(_request(org_admin))
    right = org_admin.client.post(confirm, {"password": PASSWORD, "next": back})
    assert right["Location"] == back
    assert signed_in_recently(_request(org_admin))
    outward = org_admin.client.post(confirm, {"password": PASSWORD, "next": "https://evil.test/"})
    assert outward["Location"] == "/"


def test_deleting_a_person_or_an_organization_leaves_their_entries_as_they_were(
    recruiter, organization
):
    entry = audit.record(
        AuditAction.POSTING_PUBLISHED, actor=recruiter.user, organization=organization
    )
    recruiter.user.delete()
    organization.delete()
    kept = AuditEntry.objects.get(pk=entry.pk)
    assert (kept.actor_id, kept.organization_id) == (entry.actor_id, entry.organization_id)
    assert kept.actor_email == "recruiter@kolanut.test"


def test_an_org_admin_without_two_factor_sets_it_up_before_reading_the_log(organization, settings):
    settings.TWO_FACTOR_REQUIRED = True
    user = UserFactory.create(email="fresh@kolanut.test")
    MembershipFactory.create(user=user, organization=organization, role=Role.ADMIN)
    admin = Persona(user=user, client=sign_in(Client(), user), organization=organization)
    response = admin.client.get(f"/orgs/{organization.slug}/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/")
