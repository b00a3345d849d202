"""The admin scoping walk: every registered ModelAdmin, every relation field of its add and
change forms and inlines, every relation list filter and autocomplete, as tenant staff.

No choice offered, and no value accepted, may belong to another organization. A new admin, a
new inline or a new relation field is walked without being listed here; a related model that
the walk can't find a row of in the other organization fails with a message saying so.
"""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.test import RequestFactory

from accounts.admin_scope import organization_lookup
from accounts.models import Membership, Organization, Role, User
from candidates.models import ApplicationEvent, EventKind
from interviews.models import DefaultInterviewKind, ScorecardTemplate
from outbox.models import Message
from postings.models import DefaultStage, EmailTemplate
from screening.models import FitScore, Rescoring
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    PostingFactory,
    QuestionFactory,
    RequirementFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _populate(organization: Organization, tag: str) -> dict[str, Model]:
    """One row of every model an admin shows or points at, in `organization`."""
    member = UserFactory.create(email=f"member@{tag}.test", full_name=f"Member {tag}")
    MembershipFactory.create(user=member, organization=organization, role=Role.RECRUITER)
    template = EmailTemplate.objects.create(
        organization=organization, name=f"Invite {tag}", subject="Hi", body="Hello"
    )
    default_stage = DefaultStage.objects.create(
        organization=organization, name="Screen", order=1, email_template=template
    )
    scorecard = ScorecardTemplate.objects.create(organization=organization, name=f"Loop {tag}")
    area = scorecard.focus_areas.create(name="System design")
    area.attributes.create(name="Trade-offs", guidance="Names what each option costs.")
    DefaultInterviewKind.objects.create(
        default_stage=default_stage, name="Screening call", scorecard_template=scorecard
    )
    posting = PostingFactory.create(organization=organization, status="open")
    posting.hiring_team.add(member)
    stage = posting.stages.first()
    assert stage is not None
    stage.email_template = template
    stage.save(update_fields=["email_template"])
    RequirementFactory.create(posting=posting)
    QuestionFactory.create(posting=posting)
    application = ApplicationFactory.create(posting=posting)
    application.tags.add(TagFactory.create(organization=organization, name=f"tag-{tag}"))
    ApplicationEvent.objects.create(application=application, kind=EventKind.APPLIED, actor=member)
    rescoring = Rescoring.objects.create(posting=posting, reason="test", total=1)
    FitScore.objects.create(application=application, posting=posting, rescoring=rescoring)
    Message.objects.create(
        organization=organization, kind="raw", idempotency_key=f"walk-{tag}", payload={}
    )
    return {"posting": posting, "application": application, "member": member}


@pytest.fixture
def world(staff, organization, other_organization):
    ours = _populate(organization, "kolanut")
    theirs = _populate(other_organization, "brightloom")
    return ours, theirs


def _in_organization(queryset: QuerySet[Any], organization: Organization) -> QuerySet[Any]:
    lookup = organization_lookup(queryset.model)
    assert lookup is not None
    return queryset.filter(**{f"{lookup}__in" if lookup else "pk__in": [organization.pk]})


def _foreign_rows(model: type[Model], ours: Organization) -> list[Model]:
    """Rows of `model` that tenant staff of `ours` must never be offered or get accepted."""
    lookup = organization_lookup(model)
    if lookup is None:  # no organization at all (groups, permissions): nothing is theirs
        return list(model._default_manager.all()[:3])
    mine = _in_organization(model._default_manager.all(), ours).values("pk")
    return list(model._default_manager.exclude(pk__in=mine)[:3])


def _check_field(label: str, field: forms.Field, ours: Organization, problems: list[str]) -> bool:
    if not isinstance(field, forms.ModelChoiceField):
        return False
    queryset = field.queryset
    assert queryset is not None
    model = queryset.model
    lookup = organization_lookup(model)
    if lookup is None:
        if queryset.exists():
            problems.append(
                f"{label}: offers {model.__name__} rows, which belong to no organization"
            )
    else:
        offered = set(queryset.values_list("pk", flat=True))
        allowed = set(_in_organization(queryset, ours).values_list("pk", flat=True))
        if offered - allowed:
            problems.append(f"{label}: offers {model.__name__} ids {sorted(offered - allowed)}")
    foreign = _foreign_rows(model, ours)
    if lookup is not None and not foreign:
        problems.append(f"{label}: no {model.__name__} row in the other organization to try")
    for row in foreign:
        value: Any = (
            [str(row.pk)] if isinstance(field, forms.ModelMultipleChoiceField) else str(row.pk)
        )
        try:
            field.clean(value)
        except ValidationError:
            continue
        problems.append(f"{label}: accepts {model.__name__} {row.pk} of another organization")
    return True


def _object_for(model_admin: admin.ModelAdmin, request: Any) -> Model | None:
    return model_admin.get_queryset(request).order_by("pk").first()


def test_no_admin_form_inline_or_filter_offers_or_accepts_another_organizations_rows(
    staff, world, organization
):
    request = RequestFactory().get("/admin/")
    request.user = staff.user
    problems: list[str] = []
    fields_walked = admins_walked = 0
    for model, model_admin in admin.site._registry.items():
        name = f"{model._meta.label}"
        if not model_admin.has_module_permission(request):
            # Not shown to tenant staff at all (Django's groups): the page refuses them too.
            response = staff.client.get(f"/admin/{model._meta.app_label}/{model._meta.model_name}/")
            assert response.status_code == 403, f"{name}: {response.status_code}"
            continue
        admins_walked += 1
        obj = _object_for(model_admin, request)
        assert obj is not None, f"{name}: the walk has no row of ours; build one in _populate"
        forms_to_walk: list[tuple[str, Any]] = []
        if model_admin.has_add_permission(request):
            forms_to_walk.append((f"{name} add", model_admin.get_form(request, None)))
        if model_admin.has_view_or_change_permission(request, obj):
            forms_to_walk.append(
                (f"{name} change", model_admin.get_form(request, obj, change=True))
            )
            for formset_class, inline in model_admin.get_formsets_with_inlines(request, obj):
                formset = formset_class(instance=obj, queryset=inline.get_queryset(request))
                forms_to_walk.append(
                    (f"{name} inline {inline.model._meta.label}", formset.empty_form.__class__)
                )
                foreign_rows = [
                    row
                    for row in formset.queryset
                    if row not in _in_organization(formset.queryset, organization)
                ]
                if foreign_rows:
                    problems.append(f"{name} inline {inline.model.__name__}: shows {foreign_rows}")
        for label, form_class in forms_to_walk:
            for field_name, field in form_class.base_fields.items():
                fields_walked += _check_field(
                    f"{label}.{field_name}", field, organization, problems
                )
        # "By <relation>" list filters.
        changelist = model_admin.get_changelist_instance(request)
        for spec in changelist.filter_specs:
            if isinstance(spec, RelatedFieldListFilter):
                fields_walked += 1
                related = spec.field.related_model
                assert related is not None
                offered = {pk for pk, _label in spec.lookup_choices}
                allowed = set(
                    _in_organization(related._default_manager.all(), organization).values_list(
                        "pk", flat=True
                    )
                )
                if offered - allowed:
                    problems.append(
                        f"{name} list filter {spec.field_path}: offers {sorted(offered - allowed)}"
                    )
        # Autocomplete widgets answer from the related admin's scoped queryset.
        autocompletes = [(model_admin, model)] + [
            (inline, inline.model) for inline in model_admin.get_inline_instances(request, obj)
        ]
        for owner, owner_model in autocompletes:
            for field_name in owner.get_autocomplete_fields(request):
                fields_walked += 1
                field = owner_model._meta.get_field(field_name)
                response = staff.client.get(
                    "/admin/autocomplete/",
                    {
                        "app_label": model._meta.app_label,
                        "model_name": model._meta.model_name,
                        "field_name": field_name,
                        "term": "",
                    }
                    if owner is model_admin
                    else {
                        "app_label": owner_model._meta.app_label,
                        "model_name": owner_model._meta.model_name,
                        "field_name": field_name,
                        "term": "",
                    },
                )
                if response.status_code != 200:
                    problems.append(f"{name} autocomplete {field_name}: {response.status_code}")
                    continue
                ids = {int(row["id"]) for row in response.json()["results"]}
                assert field.related_model is not None
                allowed = set(
                    _in_organization(
                        field.related_model._default_manager.all(), organization
                    ).values_list("pk", flat=True)
                )
                if ids - allowed:
                    problems.append(
                        f"{name} autocomplete {field_name}: offers {sorted(ids - allowed)}"
                    )
    print(
        f"admin scoping walk: {admins_walked} admins, {fields_walked} relation fields and filters"
    )
    assert not problems, "\n".join(problems)
    assert admins_walked >= 10
    # 20 since an application's candidate, posting and tags are read-only and it has no add
    # form: fewer fields to offer another organization's rows, not fewer checked.
    assert fields_walked >= 20


# Each hole of issue 14 in admin, as the attacker tried it.


def test_tenant_staff_cannot_make_another_organizations_person_a_member(
    staff, world, organization, superuser
):
    _ours, theirs = world
    for victim in (superuser.user, theirs["member"]):
        response = staff.client.post(
            "/admin/accounts/membership/add/",
            {"user": victim.pk, "organization": organization.pk, "role": Role.ADMIN},
        )
        assert response.status_code == 200  # the form again, with the error
        assert "Select a valid choice" in response.content.decode()
        assert not Membership.objects.filter(user=victim, organization=organization).exists()


def test_tenant_staff_cannot_add_a_member_through_the_organization_inline(
    staff, world, organization, superuser
):
    page = staff.client.get(f"/admin/accounts/organization/{organization.pk}/change/")
    assert page.status_code == 200
    memberships = list(organization.memberships.order_by("pk"))
    data: dict[str, Any] = {
        "name": organization.name,
        "slug": organization.slug,
        "timezone": organization.timezone,
        "default_currency": organization.default_currency,
        "retention_months": organization.retention_months,
        "memberships-TOTAL_FORMS": len(memberships) + 1,
        "memberships-INITIAL_FORMS": len(memberships),
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
        "default_stages-TOTAL_FORMS": 0,
        "default_stages-INITIAL_FORMS": 0,
        "default_stages-MIN_NUM_FORMS": 0,
        "default_stages-MAX_NUM_FORMS": 1000,
    }
    for n, membership in enumerate(memberships):
        data |= {
            f"memberships-{n}-id": membership.pk,
            f"memberships-{n}-organization": organization.pk,
            f"memberships-{n}-user": membership.user_id,
            f"memberships-{n}-role": membership.role,
        }
    n = len(memberships)
    data |= {
        f"memberships-{n}-organization": organization.pk,
        f"memberships-{n}-user": superuser.user.pk,
        f"memberships-{n}-role": Role.ADMIN,
    }
    response = staff.client.post(f"/admin/accounts/organization/{organization.pk}/change/", data)
    assert response.status_code == 200, response.status_code
    assert "Select a valid choice" in response.content.decode()
    assert not Membership.objects.filter(user=superuser.user, organization=organization).exists()


def test_tenant_staff_never_change_a_password_or_an_email(staff, world, organization):
    ours, _theirs = world
    member: User = ours["member"]
    before = member.password
    page = staff.client.get(f"/admin/accounts/user/{member.pk}/password/")
    assert page.status_code == 403
    response = staff.client.post(
        f"/admin/accounts/user/{member.pk}/password/",
        {"password1": "a-new-long-passphrase-9", "password2": "a-new-long-passphrase-9"},
    )
    assert response.status_code == 403
    change = staff.client.get(f"/admin/accounts/user/{member.pk}/change/").content.decode()
    assert 'name="email"' not in change
    assert 'name="full_name"' not in change
    assert "/password/" not in change  # no link to a form they can't use
    staff.client.post(
        f"/admin/accounts/user/{member.pk}/change/",
        {
            "email": "attacker@evil.test",
            "full_name": "Pwned",
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
            "memberships-MIN_NUM_FORMS": 0,
            "memberships-MAX_NUM_FORMS": 1000,
        },
    )
    member.refresh_from_db()
    assert member.email == "member@kolanut.test"
    assert member.full_name == "Member kolanut"
    assert member.password == before


def test_a_person_in_two_organizations_keeps_their_email_and_password(
    staff, world, organization, other_organization
):
    _ours, theirs = world
    shared: User = theirs["member"]
    MembershipFactory.create(user=shared, organization=organization, role=Role.RECRUITER)
    assert staff.client.get(f"/admin/accounts/user/{shared.pk}/password/").status_code == 403
    page = staff.client.get(f"/admin/accounts/user/{shared.pk}/change/").content.decode()
    assert 'name="email"' not in page
    # Their membership of the other organization is not shown, nor editable.
    assert other_organization.name not in page


def test_the_superuser_still_changes_passwords(superuser, world):
    ours, _theirs = world
    member: User = ours["member"]
    response = superuser.client.post(
        f"/admin/accounts/user/{member.pk}/password/",
        {"password1": "a-new-long-passphrase-9", "password2": "a-new-long-passphrase-9"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-new-long-passphrase-9")


def test_tenant_staff_can_neither_plant_a_password_nor_pull_in_an_existing_account(
    staff, world, organization, superuser
):
    """The attack on the first fix: A's staff create the account of someone B will add later,
    with a password they know; or join an existing account to A without its owner's word."""
    _ours, theirs = world
    for email in ("ceo@brightloom.test", theirs["member"].email, superuser.user.email):
        response = staff.client.post(
            "/admin/accounts/user/add/",
            {
                "email": email,
                "full_name": "Planted",
                "organization": organization.pk,
                "role": Role.ADMIN,
                "password1": "attacker-knows-this-1",
                "password2": "attacker-knows-this-1",
                "usable_password": "true",
            },
        )
        assert response.status_code == 403, email
    assert not User.objects.filter(email="ceo@brightloom.test").exists()
    assert not Membership.objects.filter(
        organization=organization, user__in=[theirs["member"], superuser.user]
    ).exists()


def test_tenant_staff_see_an_applications_whole_timeline(staff, world):
    # Events belong to their application's organization, whether or not they carry a message.
    ours, _theirs = world
    application = ours["application"]
    page = staff.client.get(f"/admin/candidates/application/{application.pk}/change/")
    total = application.events.count()
    assert total >= 1
    assert f'name="events-TOTAL_FORMS" value="{total}"' in page.content.decode()


def test_tenant_staff_cannot_read_an_accounts_history(staff, world):
    # An account is global: its history holds what every organization's staff did to it.
    ours, _theirs = world
    assert staff.client.get(f"/admin/accounts/user/{ours['member'].pk}/history/").status_code == 403


def test_stage_inlines_offer_only_our_email_templates(staff, world, organization):
    ours, _theirs = world
    page = staff.client.get(
        f"/admin/postings/posting/{ours['posting'].pk}/change/"
    ).content.decode()
    assert "Invite kolanut" in page
    assert "Invite brightloom" not in page
    org_page = staff.client.get(f"/admin/accounts/organization/{organization.pk}/change/")
    assert "Invite brightloom" not in org_page.content.decode()


def test_the_hiring_team_picker_lists_only_our_members(staff, world):
    ours, _theirs = world
    page = staff.client.get(
        f"/admin/postings/posting/{ours['posting'].pk}/change/"
    ).content.decode()
    assert "Member kolanut" in page
    assert "Member brightloom" not in page
    assert "root@shortlist.test" not in page


def test_by_organization_filters_list_only_our_organizations(staff, world, other_organization):
    for url in ("/admin/postings/posting/", "/admin/accounts/membership/"):
        page = staff.client.get(url).content.decode()
        assert f"organization__id__exact={other_organization.pk}" not in page, url
        assert other_organization.name not in page, url


def test_an_applications_stage_must_be_of_our_organization_and_its_posting(staff, world):
    ours, theirs = world
    application = ours["application"]
    their_stage = theirs["posting"].stages.last()
    form = {
        "candidate": application.candidate_id,
        "posting": application.posting_id,
        "stage": their_stage.pk,
        "status": application.status,
        "source": application.source,
        "position": application.position,
        "version": application.version,
    }
    response = staff.client.post(
        f"/admin/candidates/application/{application.pk}/change/",
        {**form, "events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0},
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.stage.posting_id == application.posting_id
    assert application.stage_id != their_stage.pk


# Written by hand, not derived: the walk above trusts organization_lookup to say whose a row
# is, so the paths themselves are pinned here. A new model fails until its path is decided.
EXPECTED_LOOKUPS = {
    "accounts.Organization": "",
    "accounts.User": "memberships__organization",
    "accounts.Membership": "organization",
    "accounts.AuditEntry": "organization",
    "accounts.Invitation": "organization",
    "accounts.OrganizationLogo": "organization",
    "postings.EmailTemplate": "organization",
    "postings.DefaultStage": "organization",
    "postings.Posting": "organization",
    "postings.Stage": "posting__organization",
    "postings.Requirement": "posting__organization",
    "postings.Question": "posting__organization",
    "postings.PostingEvent": "posting__organization",
    "candidates.Candidate": "organization",
    "candidates.Tag": "organization",
    "candidates.RejectionReason": "organization",
    "candidates.Application": "candidate__organization",
    "candidates.Answer": "application__candidate__organization",
    "candidates.ApplicationEvent": "application__candidate__organization",
    "candidates.Note": "application__candidate__organization",
    "candidates.NotificationPreference": "posting__organization",
    "candidates.BoardVersion": "posting__organization",
    "candidates.Mention": "note__application__candidate__organization",
    "candidates.PostingVisit": "posting__organization",
    "screening.ResumeText": "application__candidate__organization",
    "screening.Rescoring": "posting__organization",
    "screening.FitScore": "posting__organization",
    "outbox.Message": "organization",
    "interviews.ScorecardTemplate": "organization",
    "interviews.FocusArea": "template__organization",
    "interviews.Attribute": "focus_area__template__organization",
    "interviews.DefaultInterviewKind": "default_stage__organization",
    "interviews.InterviewKind": "scorecard_template__organization",
    "interviews.Interview": "application__candidate__organization",
    "interviews.InterviewParticipant": "interview__application__candidate__organization",
    "interviews.Scorecard": "interview__application__candidate__organization",
    "interviews.ScorecardRating": "attribute__focus_area__template__organization",
    "interviews.FocusAreaNote": "focus_area__template__organization",
    # Platform-wide: tenant staff are offered none of these.
    "auth.Group": None,
    "auth.Permission": None,
    "contenttypes.ContentType": None,
    "admin.LogEntry": None,
    "sessions.Session": None,
    "axes.AccessAttempt": None,
    "axes.AccessFailureLog": None,
    "axes.AccessLog": None,
}


def test_every_model_belongs_to_its_organization_by_the_path_we_decided():
    from django.apps import apps

    ours = {"accounts", "postings", "candidates", "screening", "interviews", "outbox"}
    models = {
        m._meta.label: m
        for m in apps.get_models()
        if m._meta.app_label in ours or m in admin.site._registry
    } | {m._meta.label: m for m in apps.get_models() if m._meta.label in EXPECTED_LOOKUPS}
    found = {label: organization_lookup(model) for label, model in models.items()}
    undecided = sorted(set(found) - set(EXPECTED_LOOKUPS))
    assert not undecided, f"decide whose rows these are in EXPECTED_LOOKUPS: {undecided}"
    wrong = {label: path for label, path in found.items() if path != EXPECTED_LOOKUPS[label]}
    assert not wrong, wrong
