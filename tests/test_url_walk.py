"""The authorization matrix: every URL pattern of the project, walked as every persona, with
every method, and every Django admin and queue dashboard page, as tenant staff and superuser.

The rule (DESIGN.md, "Tenancy and access"): outside your organizations 404, inside them an
action your role doesn't allow 403. A pattern with no rule in RULES fails
`test_every_url_pattern_has_a_rule`: a new page must say who may see it, and a registered
ModelAdmin with no builder in ADMIN_OBJECTS fails `test_every_model_admin_has_objects`.

One test per URL pattern (and per ModelAdmin) checks every persona and method and names each
mismatch; the people and postings are built once for the module, inside a transaction that is
rolled back at its end, and each test's own rows roll back with the test.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.access import SESSION_KEY
from accounts.models import Membership, Organization, Role
from postings.models import Stage
from tests.conftest import Persona, give_two_factor, make_persona, sign_in
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    MembershipFactory,
    OrganizationFactory,
    PostingFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db

GET, POST, HTMX = "GET", "POST", "HTMX"  # HTMX: a POST with HX-Request: true
METHODS = (GET, POST, HTMX)

# How a persona stands towards the rows a rule touches ("object" rules) or in the organization
# they work in now ("role" rules): a role, and for hiring managers and interviewers whether
# they are on the posting's hiring team. "outsider": not a member there; "nobody": a member of
# no organization at all.
ADMIN, RECRUITER = "admin", "recruiter"
HM_ON, HM_OFF, INT_ON, INT_OFF = "hm_on_team", "hm_off_team", "int_on_team", "int_off_team"
OUTSIDER, NOBODY = "outsider", "nobody"
ROLE_OF = {
    ADMIN: Role.ADMIN,
    RECRUITER: Role.RECRUITER,
    HM_ON: Role.HIRING_MANAGER,
    HM_OFF: Role.HIRING_MANAGER,
    INT_ON: Role.INTERVIEWER,
    INT_OFF: Role.INTERVIEWER,
}

EDITORS = frozenset({ADMIN, RECRUITER, HM_ON})  # edit a posting, work its applicants
MANAGERS = frozenset({ADMIN, RECRUITER})  # create, publish, close, reopen, duplicate
ADMINS = frozenset({ADMIN})
MEMBERS = frozenset(ROLE_OF)
NO_ONE = frozenset[str]()


@dataclass(frozen=True)
class Rule:
    """Who may use a URL pattern, and what the allowed get.

    kind: "public" (anyone), "login" (anyone signed in), "role" (acts in the organization the
    user works in now; `allowed` are persona standings, team ignored) or "object" (rows of an
    organization: outsiders 404, members by `allowed`, others 403).
    ok: the status an allowed persona gets per accepted method (GET 200, POST 302, HTMX 200
    unless said); signed_in: for public pages that answer signed-in people otherwise.
    methods: the methods the view accepts, when its decorators can't say (a Feed).
    """

    kind: str
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda ctx: {})
    data: Callable[[Any], dict[str, Any]] = field(default=lambda ctx: {})
    allowed: frozenset[str] = MEMBERS
    ok: dict[str, int] = field(default_factory=dict)
    signed_in: dict[str, int] = field(default_factory=dict)
    methods: frozenset[str] | None = None
    # For "login" rules about the account itself: the visitors refused (403) for who they are
    # (an org admin somewhere, staff), whatever organization they work in.
    forbidden: frozenset[str] = frozenset()

    def expected_ok(self, method: str, *, signed_in: bool) -> int:
        if signed_in and method in self.signed_in:
            return self.signed_in[method]
        return self.ok.get(method, {GET: 200, POST: 302, HTMX: 200}[method])


def _org(ctx: Any) -> dict[str, Any]:
    return {"slug": ctx.organization.slug}


def _logo(ctx: Any) -> dict[str, Any]:
    from accounts.branding import read_logo
    from accounts.services import update_email_settings
    from tests.accounts.test_email_settings import png_bytes

    organization = ctx.organization
    update_email_settings(
        organization, by=None, sender_name="", reply_to="", logo=read_logo(png_bytes())
    )
    return {"slug": organization.slug, "digest": organization.email_logo_digest}


def _posting(ctx: Any) -> dict[str, Any]:
    return {"pk": ctx.posting.pk}


def _fresh_question(ctx: Any) -> dict[str, Any]:
    # A new row per request: a delete by one persona must not turn the next one's into a 404.
    question = QuestionFactory.create(posting=ctx.posting)
    return {"pk": ctx.posting.pk, "collection": "questions", "item_id": question.pk}


def _suggestion(ctx: Any) -> dict[str, Any]:
    # A suggestion still pending when asked for: an accept or a drop by one persona settles
    # one, and the next persona gets another.
    from postings.services import pending_suggestions

    ctx.posting.description = "Requirements\n- Python\n- Go\n- Redis\n- Docker\n- Kubernetes\n"
    ctx.posting.dropped_suggestions = []
    ctx.posting.save(update_fields=["description", "dropped_suggestions"])
    ctx.posting.requirements.all().delete()
    (key, _suggested), *_rest = pending_suggestions(ctx.posting, ctx.posting.requirements.all())
    return {"pk": ctx.posting.pk, "key": key}


def _application(ctx: Any, *, resume: bool = False) -> Any:
    application = ApplicationFactory.create(posting=ctx.posting)
    if resume:
        from django.core.files.base import ContentFile

        application.resume.save("cv.txt", ContentFile(b"resume"), save=True)
    return application


def _application_in_a_stage_with_email(ctx: Any) -> dict[str, Any]:
    from postings.models import EmailTemplate

    application = _application(ctx)
    application.stage.email_template, _new = EmailTemplate.objects.get_or_create(
        organization=ctx.organization,
        name="Screen",
        defaults={"subject": "Next steps", "body": "Hello"},
    )
    application.stage.save(update_fields=["email_template"])
    return {"pk": application.pk}


def _their_note(ctx: Any) -> dict[str, Any]:
    # A note by someone else: editing it is refused to every persona, author-only (403).
    from candidates.models import Note

    note = Note.objects.create(application=_application(ctx), body="Theirs")
    return {"pk": note.application_id, "note_id": note.pk, "action": "edit"}


# The visitors of the walk who are an org admin somewhere or staff (see _build_world).
TWO_FACTOR_REQUIRED_OF = frozenset(
    {
        "outsider",
        ADMIN,
        "two_orgs(working here)",
        "two_orgs(working there)",
        "two_orgs(their rows)",
        "tenant_staff",
        "superuser",
    }
)


def _fresh_member(ctx: Any) -> dict[str, Any]:
    # A new interviewer per request: a removal by one persona must not 404 the next one's.
    membership = MembershipFactory.create(organization=ctx.organization, role=Role.INTERVIEWER)
    return {"slug": ctx.organization.slug, "pk": membership.pk}


def _fresh_invitation(ctx: Any) -> dict[str, Any]:
    from accounts.services import invite_member

    invitation = invite_member(
        ctx.organization, email=f"{uuid.uuid4().hex[:8]}@invited.test", role="recruiter", by=None
    )
    return {"slug": ctx.organization.slug, "pk": invitation.pk, "action": "revoke"}


def _invitation_link(ctx: Any) -> dict[str, Any]:
    from accounts.invitations import make_token
    from accounts.models import Invitation

    invitation = Invitation.objects.get(pk=_fresh_invitation(ctx)["pk"])
    return {"token": make_token(invitation)}


# --- Interviews ---------------------------------------------------------------------------


def _kind_of(ctx: Any) -> Any:
    from interviews.models import InterviewKind
    from tests.factories import make_interview_kind

    return InterviewKind.objects.filter(stage__posting=ctx.posting).first() or make_interview_kind(
        ctx.posting
    )


def _fresh_kind(ctx: Any, *, area: bool = False, attribute: bool = False) -> dict[str, Any]:
    # A new kind per request (with a focus area and an attribute when asked): a removal by one
    # persona must not 404 the next one's. The data callables read it from ctx.
    from interviews.models import Attribute, FocusArea
    from tests.factories import make_interview_kind

    kind = make_interview_kind(ctx.posting, name=f"Loop {uuid.uuid4().hex[:6]}")
    ctx.last_kind = kind
    kwargs = {"pk": ctx.posting.pk, "kind_id": kind.pk}
    if area or attribute:
        focus = FocusArea.objects.create(template=kind.scorecard_template, name="Design")
        ctx.last_area = focus
        if area:
            kwargs["area_id"] = focus.pk
        if attribute:
            kwargs["attribute_id"] = Attribute.objects.create(
                focus_area=focus, name="Trade-offs"
            ).pk
    return kwargs


def _schedule_data(ctx: Any) -> dict[str, Any]:
    member = Membership.objects.filter(organization=ctx.organization).first()
    assert member is not None
    return {
        "kind": _kind_of(ctx).pk,
        "starts_at": (timezone.now() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "60",
        "interviewers": [member.user_id],
        "version": "1",
        "confirm": "on",  # the same panel at the same time, request after request
    }


def _fresh_interview(ctx: Any) -> dict[str, Any]:
    from tests.factories import make_interviews

    member = Membership.objects.filter(organization=ctx.organization).first()
    assert member is not None
    (interview,) = make_interviews(_application(ctx), _kind_of(ctx), [member.user], 1)
    return {"pk": interview.pk}


RULES: dict[str, Rule] = {
    "home": Rule("public"),
    "healthz": Rule("public"),
    "readyz": Rule("public"),
    # Signed-in people are sent on from the login form (redirect_authenticated_user); an
    # empty login POST shows the form again.
    "login": Rule("public", ok={POST: 200}, signed_in={GET: 302, POST: 302, HTMX: 302}),
    "logout": Rule("public", ok={POST: 302, HTMX: 302}),
    "password_reset": Rule("public", ok={POST: 200}),  # an empty form: its errors
    "password_reset_done": Rule("public"),
    # A made-up link: the "invalid link" page, for GET and POST alike.
    "password_reset_confirm": Rule(
        "public", kwargs=lambda ctx: {"uidb64": "MQ", "token": "set-password"}, ok={POST: 200}
    ),
    "password_reset_complete": Rule("public"),
    "password_change": Rule("login", ok={POST: 200}),  # an empty form: its errors
    "password_change_done": Rule("login"),
    "confirm_password": Rule("login", ok={POST: 200}),  # an empty form: its errors
    # Two-factor: every signed-in person manages their own. The walk's sessions are verified
    # (or have no device), so the code page sends them on; no new codes to show sends them to
    # the status page; an empty setup form shows its errors.
    "two_factor": Rule("login"),
    "two_factor_setup": Rule("login", ok={POST: 200}),
    "two_factor_verify": Rule("login", ok={GET: 302, POST: 302, HTMX: 302}),
    "two_factor_recovery_codes": Rule("login", ok={GET: 302}),
    "two_factor_regenerate_codes": Rule("login", ok={HTMX: 302}),
    # Those two-factor is required of may not turn it off.
    "two_factor_disable": Rule("login", ok={HTMX: 302}, forbidden=TWO_FACTOR_REQUIRED_OF),
    "switch_organization": Rule(
        "object", data=lambda ctx: {"organization": ctx.organization.slug}, ok={HTMX: 302}
    ),
    "team": Rule("object", kwargs=_org, allowed=ADMINS),
    "audit_log": Rule("object", kwargs=_org, allowed=ADMINS),
    "email_settings": Rule(
        "object",
        kwargs=_org,
        data=lambda ctx: {"sender_name": "Walk Hiring", "reply_to": "jobs@walk.test"},
        allowed=ADMINS,
        ok={HTMX: 302},
    ),
    # The logo candidates' mail clients load: public, for the organization's current digest.
    "organization_logo": Rule("public", kwargs=_logo),
    "team_invite": Rule(
        "object",
        kwargs=_org,
        data=lambda ctx: {"email": f"{uuid.uuid4().hex[:8]}@new.test", "role": "interviewer"},
        allowed=ADMINS,
    ),
    "member_role": Rule(
        "object", kwargs=_fresh_member, data=lambda ctx: {"role": "recruiter"}, allowed=ADMINS
    ),
    "member_remove": Rule("object", kwargs=_fresh_member, allowed=ADMINS),
    "invitation_action": Rule("object", kwargs=_fresh_invitation, allowed=ADMINS),
    # A genuine link: the invited person (signed out) gets the join form (an empty POST: its
    # errors); anyone signed in as another address is told it isn't theirs.
    "invitation_accept": Rule(
        "public",
        kwargs=_invitation_link,
        ok={POST: 200},
        signed_in={GET: 403, POST: 403, HTMX: 403},
    ),
    # The public careers site. An empty application shows the form with its errors.
    "careers": Rule("public", kwargs=lambda ctx: {"org": ctx.organization.slug}),
    "careers_feed": Rule("public", kwargs=lambda ctx: {"org": ctx.organization.slug}),
    "careers_posting": Rule(
        "public",
        kwargs=lambda ctx: {"org": ctx.organization.slug, "slug": ctx.posting.slug},
        ok={POST: 200},
    ),
    "careers_applied": Rule(
        "public", kwargs=lambda ctx: {"org": ctx.organization.slug, "slug": ctx.posting.slug}
    ),
    # Postings: the list and the new-posting form work in the current organization ("role").
    # The list of the organization the member works in now; a member of none has no list.
    "posting_list": Rule("role"),
    "posting_new": Rule("role", allowed=MANAGERS, ok={POST: 200}),  # empty form: errors
    "posting_preview": Rule(
        "role",
        data=lambda ctx: {"description": "**x**"},
        allowed=frozenset({ADMIN, RECRUITER, HM_ON, HM_OFF}),
        ok={POST: 200},
    ),
    "posting_edit": Rule("object", kwargs=_posting, allowed=EDITORS, ok={POST: 200}),
    # Duplicating creates a posting: only those who may create one (issue 14, hole 5).
    "posting_transition": Rule(
        "object",
        kwargs=lambda ctx: {"pk": ctx.posting.pk, "action": "duplicate"},
        allowed=MANAGERS,
        ok={HTMX: 302},
    ),
    "collection_add": Rule(
        "object",
        kwargs=lambda ctx: {"pk": ctx.posting.pk, "collection": "stages"},
        data=lambda ctx: {"stages-new-name": f"Stage {Stage.objects.count()}"},
        allowed=EDITORS,
    ),
    # GET asks for the row's form (HTMX) or the editor with it open (a redirect); an empty
    # POST answers the form with its errors.
    "collection_item": Rule(
        "object", kwargs=_fresh_question, allowed=EDITORS, ok={GET: 302, POST: 200}
    ),
    "collection_delete": Rule("object", kwargs=_fresh_question, allowed=EDITORS),
    "collection_move": Rule(
        "object", kwargs=_fresh_question, data=lambda ctx: {"direction": "up"}, allowed=EDITORS
    ),
    # Requirement suggestions in the editor: whoever may edit the posting.
    # Like collection_item: GET opens the form (HTMX) or the editor with it open (a redirect).
    "suggestion_edit": Rule(
        "object", kwargs=_suggestion, allowed=EDITORS, ok={GET: 302, POST: 200}
    ),
    "suggestion_accept": Rule("object", kwargs=_suggestion, allowed=EDITORS),
    "suggestion_drop": Rule("object", kwargs=_suggestion, allowed=EDITORS),
    # The board: admins, recruiters and the posting's hiring managers; interviewers have none.
    "board": Rule("object", kwargs=_posting, allowed=EDITORS),
    "board_column": Rule(
        "object",
        kwargs=lambda ctx: {"pk": ctx.posting.pk, "stage_id": ctx.posting.stages.first().pk},
        allowed=EDITORS,
    ),
    "application_move": Rule(
        "object",
        kwargs=lambda ctx: {"pk": ApplicationFactory.create(posting=ctx.posting).pk},
        data=lambda ctx: {"stage": ctx.posting.stages.last().pk, "version": 1},
        allowed=EDITORS,
    ),
    # The candidate profile and the team's actions on it.
    "application_profile": Rule(
        "object", kwargs=lambda ctx: {"pk": _application(ctx).pk}, allowed=EDITORS
    ),
    "application_resume": Rule(
        "object", kwargs=lambda ctx: {"pk": _application(ctx, resume=True).pk}, allowed=EDITORS
    ),
    "mention_suggestions": Rule(
        "object", kwargs=lambda ctx: {"pk": _application(ctx).pk}, allowed=EDITORS
    ),
    "note_add": Rule(
        "object",
        kwargs=lambda ctx: {"pk": _application(ctx).pk},
        data=lambda ctx: {"body": "Hello"},
        allowed=EDITORS,
        ok={HTMX: 302},
    ),
    "note_change": Rule(
        "object", kwargs=_their_note, data=lambda ctx: {"body": "Edited"}, allowed=NO_ONE
    ),
    "application_action": Rule(
        "object",
        kwargs=lambda ctx: {"pk": _application(ctx).pk, "action": "hire"},
        allowed=EDITORS,
        ok={HTMX: 302},
    ),
    # The preview of a stage's email; a POST without "send" skips it and goes back.
    "stage_email": Rule(
        "object", kwargs=_application_in_a_stage_with_email, allowed=EDITORS, ok={HTMX: 302}
    ),
    # Advance: the next stage's email previewed, then one POST moves (and sends or skips it).
    "application_advance": Rule(
        "object",
        kwargs=_application_in_a_stage_with_email,
        data=lambda ctx: {"stage": list(ctx.posting.stages.all())[1].pk, "version": 1},
        allowed=EDITORS,
    ),
    # The rejection with its email in view; its form posts to application_action.
    "application_reject": Rule(
        "object", kwargs=lambda ctx: {"pk": _application(ctx).pk}, allowed=EDITORS
    ),
    "notification_preference": Rule(
        "object",
        kwargs=_posting,
        data=lambda ctx: {"mode": "daily"},
        allowed=EDITORS,
        ok={HTMX: 302},
    ),
    "application_list": Rule("object", kwargs=_posting, allowed=EDITORS),
    "application_export": Rule("object", kwargs=_posting, allowed=EDITORS),
    "application_bulk": Rule(
        "object",
        kwargs=_posting,
        data=lambda ctx: {
            "action": "tag",
            "tag_name": "x",
            "ids": [_application(ctx).pk],
            "confirmed": "1",
        },
        allowed=EDITORS,
        ok={HTMX: 302},
    ),
    "how_scores_work": Rule("public"),
    "scoring_progress": Rule("object", kwargs=_posting, allowed=EDITORS),
    "application_fit": Rule(
        "object", kwargs=lambda ctx: {"pk": _application(ctx).pk}, allowed=EDITORS
    ),
    # Interviews (issue 20). Scheduling takes the same rights as working the application;
    # the interview plan the same as editing the posting; the organization's reusable
    # scorecard templates are a library for every posting: admins and recruiters.
    "time_zone": Rule("login", data=lambda ctx: {"time_zone": "Europe/Berlin"}, ok={HTMX: 302}),
    "application_interviews": Rule(
        "object", kwargs=lambda ctx: {"pk": _application(ctx).pk}, allowed=EDITORS
    ),
    "interview_schedule": Rule(
        "object",
        kwargs=lambda ctx: {"pk": _application(ctx).pk},
        data=_schedule_data,
        allowed=EDITORS,
        ok={HTMX: 302},
    ),
    "interview_reschedule": Rule(
        "object", kwargs=_fresh_interview, data=_schedule_data, allowed=EDITORS, ok={HTMX: 302}
    ),
    "interview_cancel": Rule(
        "object",
        kwargs=_fresh_interview,
        data=lambda ctx: {"version": "1"},
        allowed=EDITORS,
        ok={HTMX: 302},
    ),
    "interview_plan": Rule(
        "object",
        kwargs=_posting,
        data=lambda ctx: {
            "kind-new-stage": ctx.posting.stages.first().pk,
            "kind-new-name": f"Loop {uuid.uuid4().hex[:6]}",
            "kind-new-duration_minutes": "45",
        },
        allowed=EDITORS,
    ),
    # GET: the kind's form (HTMX) or the plan's page with it open; a POST saves it.
    "interview_kind": Rule(
        "object",
        kwargs=_fresh_kind,
        data=lambda ctx: {
            f"kind-{ctx.last_kind.pk}-name": "Renamed",
            f"kind-{ctx.last_kind.pk}-duration_minutes": "30",
        },
        allowed=EDITORS,
    ),
    "interview_kind_delete": Rule("object", kwargs=_fresh_kind, allowed=EDITORS),
    "focus_area_add": Rule(
        "object",
        kwargs=_fresh_kind,
        data=lambda ctx: {f"area-{ctx.last_kind.pk}-name": "Collaboration"},
        allowed=EDITORS,
    ),
    "focus_area_delete": Rule(
        "object", kwargs=lambda ctx: _fresh_kind(ctx, area=True), allowed=EDITORS
    ),
    "attribute_add": Rule(
        "object",
        kwargs=lambda ctx: {k: v for k, v in _fresh_kind(ctx, area=True).items() if k != "area_id"},
        data=lambda ctx: {
            f"attribute-{ctx.last_kind.pk}-focus_area": ctx.last_area.pk,
            f"attribute-{ctx.last_kind.pk}-name": "Explains clearly",
        },
        allowed=EDITORS,
    ),
    "attribute_delete": Rule(
        "object", kwargs=lambda ctx: _fresh_kind(ctx, attribute=True), allowed=EDITORS
    ),
    "scorecard_template_save": Rule(
        "object",
        kwargs=_fresh_kind,
        data=lambda ctx: {f"save-{ctx.last_kind.pk}-name": f"Library {uuid.uuid4().hex[:6]}"},
        allowed=MANAGERS,
    ),
}
ADMIN_PREFIXES = ("admin/",)


# --- The URL patterns and the methods their views accept ------------------------------------


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            yield prefix + str(entry.pattern), name, entry


def all_patterns() -> list[tuple[str, str, URLPattern]]:
    return list(_walk(get_resolver().url_patterns))


def app_patterns() -> dict[str, URLPattern]:
    # The first pattern of a name is the one a request reaches (accounts overrides two of
    # django.contrib.auth's views at their paths), so that is the one walked.
    patterns: dict[str, URLPattern] = {}
    for route, name, pattern in all_patterns():
        if not route.startswith(ADMIN_PREFIXES):
            patterns.setdefault(name, pattern)
    return patterns


def _layers(view: Any) -> Iterator[Any]:
    while view is not None:
        yield view
        view = getattr(view, "__wrapped__", None)


def _closure(function: Any, name: str) -> Any:
    code = getattr(function, "__code__", None)
    if code is None or name not in code.co_freevars or function.__closure__ is None:
        return None
    return function.__closure__[code.co_freevars.index(name)].cell_contents


@dataclass(frozen=True)
class Methods:
    accepted: frozenset[str]
    # True when the method is checked before the login: a refused method is 405 to anyone.
    checked_first: bool


def view_methods(callback: Any) -> Methods:
    """What the view's decorators (require_GET, require_POST, require_http_methods) or its
    class's handlers accept, and whether that is checked before login_required."""
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:
        accepted = {m.upper() for m in ("get", "post") if m in view_class.http_method_names}
        accepted &= {m.upper() for m in ("get", "post") if hasattr(view_class, m)}
        # Django's auth views that need a login decorate dispatch, so the login comes first.
        login_first = any(
            login_required in (_closure(layer, "decorators") or ())
            for layer in _layers(view_class.dispatch)
        )
        return Methods(_with_htmx(accepted), checked_first=not login_first)
    found: list[str] | None = None
    login_seen = False
    checked_first = True
    for layer in _layers(callback):
        if found is None and _closure(layer, "request_method_list") is not None:
            found = list(_closure(layer, "request_method_list"))
            checked_first = not login_seen
        if _closure(layer, "test_func") is not None:
            login_seen = True
    assert found is not None, f"{callback}: no require_GET/POST/http_methods to read"
    return Methods(_with_htmx({m for m in found if m in (GET, POST)}), checked_first)


def _with_htmx(accepted: set[str]) -> frozenset[str]:
    return frozenset(accepted | ({HTMX} if POST in accepted else set()))


def methods_for(name: str) -> Methods:
    rule = RULES[name]
    if rule.methods is not None:
        return Methods(rule.methods, checked_first=True)
    return view_methods(app_patterns()[name].callback)


# --- Personas -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visitor:
    """A persona of the matrix: who they are to the rows they ask for ("object" rules, on
    `target`'s organization) and to the organization they work in now ("role" rules)."""

    name: str
    client: Client
    target: str  # "ours" or "theirs": whose rows the requests name
    on_objects: str | None  # None: anonymous
    in_current: str | None
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def signed_in(self) -> bool:
        return self.on_objects is not None


def _visitor(
    name: str,
    persona: Persona | None,
    on_objects: str | None,
    in_current: str | None,
    *,
    target: str = "ours",
    current: Organization | None = None,
) -> Visitor:
    client = persona.client if persona is not None else Client()
    if current is not None:
        # Through the switcher, as a person does it.
        switched = client.post(reverse("switch_organization"), {"organization": current.slug})
        assert switched.status_code == 302, f"{name}: switch to {current.slug}"
        assert client.session[SESSION_KEY] == current.pk, name
    # The session only: the switch's flash message must not come back in every test.
    name_ = django_settings.SESSION_COOKIE_NAME
    cookies = {name_: client.cookies[name_].value} if name_ in client.cookies else {}
    return Visitor(name, client, target, on_objects, in_current, cookies)


def _second_client(persona: Persona) -> Persona:
    client = sign_in(Client(), persona.user)
    return Persona(user=persona.user, client=client, organization=persona.organization)


def _build_world() -> SimpleNamespace:
    ours = OrganizationFactory.create(name="Kolanut Pay", slug="kolanut-pay")
    theirs = OrganizationFactory.create(name="Brightloom", slug="brightloom")
    people = {
        ADMIN: make_persona(ours, Role.ADMIN, email="admin@kolanut.test"),
        RECRUITER: make_persona(ours, Role.RECRUITER, email="recruiter@kolanut.test"),
        HM_ON: make_persona(ours, Role.HIRING_MANAGER, email="manager@kolanut.test"),
        HM_OFF: make_persona(ours, Role.HIRING_MANAGER, email="manager2@kolanut.test"),
        INT_ON: make_persona(ours, Role.INTERVIEWER, email="interviewer@kolanut.test"),
        INT_OFF: make_persona(ours, Role.INTERVIEWER, email="interviewer2@kolanut.test"),
    }
    outsider = make_persona(theirs, Role.ADMIN, email="admin@brightloom.test")
    both = make_persona(ours, Role.RECRUITER, email="both@kolanut.test")
    MembershipFactory.create(user=both.user, organization=theirs, role=Role.ADMIN)
    # An admin there: two-factor, as it is required of org admins.
    give_two_factor(both.user)
    sign_in(both.client, both.user)
    both_switched = _second_client(both)
    staff = make_persona(ours, Role.ADMIN, email="staff@kolanut.test", is_staff=True)
    superuser = make_persona(
        None, None, email="root@shortlist.test", is_staff=True, is_superuser=True
    )
    posting = PostingFactory.create(organization=ours, status="open")
    posting.hiring_team.add(people[HM_ON].user, people[INT_ON].user)
    their_posting = PostingFactory.create(organization=theirs, status="open")
    their_posting.hiring_team.add(outsider.user)
    visitors = [
        _visitor("anonymous", None, None, None),
        _visitor("outsider", outsider, OUTSIDER, ADMIN),
        *(_visitor(standing, people[standing], standing, standing) for standing in people),
        # One account, recruiter here and admin there: our rows get a recruiter's answer
        # whichever organization they work in now, and theirs an admin's.
        _visitor("two_orgs(working here)", both, RECRUITER, RECRUITER, current=ours),
        _visitor("two_orgs(working there)", both_switched, RECRUITER, ADMIN, current=theirs),
        _visitor(
            "two_orgs(their rows)", both_switched, ADMIN, ADMIN, target="theirs", current=theirs
        ),
        _visitor("tenant_staff", staff, ADMIN, ADMIN),
        # A superuser who isn't a member is an outsider in the app.
        _visitor("superuser", superuser, NOBODY, NOBODY),
    ]
    return SimpleNamespace(
        ours=SimpleNamespace(organization=ours, posting=posting),
        theirs=SimpleNamespace(organization=theirs, posting=their_posting),
        people=people,
        outsider=outsider,
        both=both,
        staff=staff,
        superuser=superuser,
        visitors=visitors,
    )


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[SimpleNamespace]:
    """The organizations, people and postings of every test here, built once. The transaction
    around the module is rolled back at its end; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def visitors(world: SimpleNamespace, settings: Any) -> list[Visitor]:
    # Each test starts with every browser signed in as built (a logout or a switch made by
    # the previous test rolled back with it, but the cookie stayed in the client).
    # The walk sends every page many requests from one address; the limits have their own tests.
    # Every limit, whatever its name, so a new one can't turn the walk's answers into 429s.
    for name in dir(django_settings):  # the fixture's wrapper lists no settings
        if name.endswith("_RATE_LIMIT"):
            setattr(settings, name, "100000/600")
    for visitor in world.visitors:
        visitor.client.cookies.clear()
        for key, value in visitor.cookies.items():
            visitor.client.cookies[key] = value
    return list(world.visitors)


# --- The app matrix -------------------------------------------------------------------------


def expected(rule: Rule, methods: Methods, visitor: Visitor, method: str) -> int:
    if method not in methods.accepted:
        return 302 if (not visitor.signed_in and not methods.checked_first) else 405
    if rule.kind == "public":
        return rule.expected_ok(method, signed_in=visitor.signed_in)
    if not visitor.signed_in:
        return 302
    if rule.kind == "login":
        if visitor.name in rule.forbidden:
            return 403
        return rule.expected_ok(method, signed_in=True)
    if rule.kind == "role":
        standing = visitor.in_current
        if standing == NOBODY:
            return 404
        return rule.expected_ok(method, signed_in=True) if standing in rule.allowed else 403
    assert rule.kind == "object", rule.kind
    standing = visitor.on_objects
    if standing in (OUTSIDER, NOBODY):
        return 404
    return rule.expected_ok(method, signed_in=True) if standing in rule.allowed else 403


def send(client: Client, method: str, url: str, data: dict[str, Any]) -> Any:
    if method == GET:
        return client.get(url)
    if method == HTMX:
        return client.post(url, data, headers={"HX-Request": "true"})
    return client.post(url, data)


REFUSED = frozenset({403, 404, 405})


def _check(
    name: str,
    rule: Rule,
    methods: Methods,
    visitor: Visitor,
    method: str,
    world: Any,
    shared: dict[str, dict[str, Any]],
) -> list[str]:
    ctx = world.theirs if visitor.target == "theirs" else world.ours
    want = expected(rule, methods, visitor, method)
    refused = want in REFUSED or (want == 302 and not visitor.signed_in and rule.kind != "public")
    # A refused request changes nothing, so refusals share one set of rows per organization;
    # an allowed one gets fresh rows (a delete or a hire consumes its row).
    if refused:
        if visitor.target not in shared:
            shared[visitor.target] = rule.kwargs(ctx)
        kwargs = shared[visitor.target]
    else:
        kwargs = rule.kwargs(ctx)
    url = reverse(name, kwargs=kwargs)
    data = rule.data(ctx) if method in methods.accepted and method != GET else {}
    response = send(visitor.client, method, url, data)
    where = f"{name} {visitor.name} {method} {url}"
    problems = []
    location = response.get("Location", "")
    if response.status_code != want:
        problems.append(f"{where}: got {response.status_code} {location}, expected {want}")
    elif want == 302 and refused and not location.startswith("/accounts/login/?next="):
        problems.append(f"{where}: sent to {location}, not to the login")
    if rule.kind == "public" and location.startswith("/accounts/login/"):
        problems.append(f"{where}: a public page asked for a login")
    # Pages with candidate or account data must never be kept by a browser or a proxy.
    if (
        visitor.signed_in
        and rule.kind != "public"
        and "no-store" not in response.get("Cache-Control", "")
    ):
        problems.append(f"{where}: no Cache-Control: no-store ({response.status_code})")
    return problems


# --- The interviewer's side of the loop (issue 20, part 2) ---------------------------------
# The walk's interviews have begun, with the organization's interviewer@ on their panel:
# int_on_team in ours (theirs has no interviewer: its admin sits on it). The brief and the
# resume open to the panel and to whoever works the posting; a scorecard only to the panel.
PANEL = frozenset({INT_ON})


def _loop_kind(ctx: Any) -> Any:
    from interviews.models import InterviewKind
    from tests.factories import make_interview_kind

    found = InterviewKind.objects.filter(stage__posting=ctx.posting, name="Walk loop").first()
    return found or make_interview_kind(
        ctx.posting, name="Walk loop", areas={"Design": [("Trade-offs", "Ask why.")]}
    )


def _held_interview(ctx: Any, *, resume: bool = False) -> dict[str, Any]:
    from tests.interviews.helpers import held_interview

    seat = (
        Membership.objects.filter(
            organization=ctx.organization,
            role=Role.INTERVIEWER,
            user__email__startswith="interviewer@",
        ).first()
        or Membership.objects.filter(organization=ctx.organization, role=Role.ADMIN).first()
    )
    assert seat is not None
    interview = held_interview(_application(ctx, resume=resume), _loop_kind(ctx), [seat.user])
    return {"pk": interview.pk}


RULES.update(
    {
        # Anyone signed in has a "My interviews" page: theirs, in every organization of theirs.
        "my_interviews": Rule("login"),
        "interview_brief": Rule("object", kwargs=_held_interview, allowed=EDITORS | PANEL),
        "interview_resume": Rule(
            "object",
            kwargs=lambda ctx: _held_interview(ctx, resume=True),
            allowed=EDITORS | PANEL,
        ),
        # An empty POST keeps an empty draft and goes back to the scorecard (HTMX too).
        "scorecard": Rule("object", kwargs=_held_interview, allowed=PANEL, ok={HTMX: 302}),
        # The autosave: a plain POST goes back to the scorecard; HTMX gets the status line.
        "scorecard_draft": Rule("object", kwargs=_held_interview, allowed=PANEL),
        # The decision view: the profile's own access (interviewers never; they read
        # colleagues' feedback on their brief once theirs is in).
        "application_feedback": Rule(
            "object", kwargs=lambda ctx: {"pk": _application(ctx).pk}, allowed=EDITORS
        ),
    }
)


def test_every_url_pattern_has_a_rule():
    names = set(app_patterns())
    missing = sorted(names - set(RULES))
    assert not missing, f"give these URL patterns a rule in tests/test_url_walk.py: {missing}"
    assert not set(RULES) - names, f"rules for patterns that are gone: {set(RULES) - names}"


@pytest.mark.parametrize("name", sorted(RULES))
def test_the_url_answers_each_persona_and_method_by_the_rule(name, world, visitors):
    rule, methods = RULES[name], methods_for(name)
    assert methods.accepted, f"{name}: accepts no method?"
    shared: dict[str, dict[str, Any]] = {}
    problems = [
        problem
        for visitor in visitors
        for method in METHODS
        for problem in _check(name, rule, methods, visitor, method, world, shared)
    ]
    assert not problems, "\n".join(problems)


def test_the_methods_are_read_from_the_decorators():
    # The walk derives what each view accepts; make sure it reads them right.
    assert methods_for("posting_list") == Methods(frozenset({GET}), checked_first=True)
    assert methods_for("note_add") == Methods(frozenset({POST, HTMX}), checked_first=True)
    assert methods_for("posting_edit").accepted == frozenset(METHODS)
    assert methods_for("logout").accepted == frozenset({POST, HTMX})
    assert methods_for("password_change_done") == Methods(frozenset({GET}), checked_first=False)
    assert methods_for("login").accepted == frozenset(METHODS)


# --- Django admin and the queue dashboard ---------------------------------------------------


def _email_template(organization: Organization) -> Any:
    from postings.models import EmailTemplate

    return EmailTemplate.objects.create(
        organization=organization, name="Rejection", subject="About your application", body="Hi"
    )


def _fit_score(organization: Organization, world: Any) -> Any:
    from screening.models import FitScore

    application = ApplicationFactory.create(posting=_posting_of(organization, world))
    return FitScore.objects.create(application=application, posting=application.posting)


def _rescoring(organization: Organization, world: Any) -> Any:
    from screening.models import Rescoring

    return Rescoring.objects.create(
        posting=_posting_of(organization, world),
        reason="requirements changed",
        requirements_digest="x",
        scoring_version="1",
    )


def _message(organization: Organization) -> Any:
    from outbox.models import Message

    return Message.objects.create(
        organization=organization, kind="email", idempotency_key=f"matrix-{organization.slug}"
    )


def _audit_entry(organization: Organization) -> Any:
    from accounts.models import AuditEntry

    return AuditEntry.objects.create(organization=organization, action="posting.published")


def _scorecard_template(organization: Organization) -> Any:
    from interviews.models import ScorecardTemplate

    return ScorecardTemplate.objects.create(
        organization=organization, name=f"Template {uuid.uuid4().hex[:6]}"
    )


def _focus_area(organization: Organization) -> Any:
    return _scorecard_template(organization).focus_areas.create(name="System design")


def _default_kind(organization: Organization) -> Any:
    from interviews.models import DefaultInterviewKind
    from postings.models import DefaultStage

    stage = DefaultStage.objects.create(organization=organization, name="Screen")
    return DefaultInterviewKind.objects.create(default_stage=stage, name="Screening call")


def _posting_of(organization: Organization, world: Any) -> Any:
    return world.ours.posting if organization == world.ours.organization else world.theirs.posting


def _group(_organization: Organization) -> Any:
    from django.contrib.auth.models import Group

    return Group.objects.create(name="Matrix group")


def _axes(model_name: str) -> Callable[[Organization], Any]:
    def build(_organization: Organization) -> Any:
        from django.apps import apps

        model = apps.get_model("axes", model_name)
        fields: dict[str, Any] = {
            "ip_address": "127.0.0.1",
            "user_agent": "matrix",
            "username": "x@y.test",
        }
        if model_name == "AccessAttempt":
            fields.update(get_data="", post_data="", failures_since_start=1)
        return model.objects.create(**fields)

    return build


# Per registered model: how to build one row of an organization, and whether the model
# belongs to organizations at all (a global row is built once; "their row" has no meaning).
ADMIN_OBJECTS: dict[str, tuple[Callable[..., Any], bool]] = {
    "accounts.user": (lambda org, world: _member_of(org, world), True),
    "accounts.organization": (lambda org, world: org, True),
    "accounts.membership": (
        lambda org, world: Membership.objects.get(user=_member_of(org, world), organization=org),
        True,
    ),
    "postings.posting": (lambda org, world: _posting_of(org, world), True),
    "postings.emailtemplate": (lambda org, world: _email_template(org), True),
    "candidates.candidate": (lambda org, world: CandidateFactory.create(organization=org), True),
    "candidates.application": (
        lambda org, world: ApplicationFactory.create(posting=_posting_of(org, world)),
        True,
    ),
    "screening.fitscore": (_fit_score, True),
    "screening.rescoring": (_rescoring, True),
    "outbox.message": (lambda org, world: _message(org), True),
    "accounts.auditentry": (lambda org, world: _audit_entry(org), True),
    "interviews.scorecardtemplate": (lambda org, world: _scorecard_template(org), True),
    "interviews.focusarea": (lambda org, world: _focus_area(org), True),
    "interviews.defaultinterviewkind": (lambda org, world: _default_kind(org), True),
    "auth.group": (lambda org, world: _group(org), False),
    "axes.accessattempt": (lambda org, world: _axes("AccessAttempt")(org), False),
    "axes.accesslog": (lambda org, world: _axes("AccessLog")(org), False),
    "axes.accessfailurelog": (lambda org, world: _axes("AccessFailureLog")(org), False),
}


# What tenant staff get on their own organization's rows, written by hand rather than read from
# the admins' permission methods (which are what is under test): changelist, add, and the
# change, history and delete pages of one of their rows.
_ALL, _NONE, _READ = (200,) * 5, (403,) * 5, (200, 403, 200, 200, 403)
TENANT_STAFF_PAGES: dict[str, tuple[int, int, int, int, int]] = {
    # An account is global: no creating one, no reading its history, no deleting it.
    "accounts.user": (200, 403, 200, 403, 403),
    "accounts.organization": (200, 403, 200, 200, 403),
    "accounts.membership": _ALL,
    "postings.posting": _ALL,
    "postings.emailtemplate": _ALL,
    "candidates.candidate": _ALL,
    # Applications come from applying, never typed in.
    "candidates.application": (200, 403, 200, 200, 200),
    "screening.fitscore": _READ,
    "screening.rescoring": _READ,
    "outbox.message": _READ,
    # The audit log is read by org admins in the app; in admin, by superusers only.
    "accounts.auditentry": _NONE,
    "interviews.scorecardtemplate": _ALL,
    "interviews.focusarea": _ALL,
    "interviews.defaultinterviewkind": _ALL,
    "auth.group": _NONE,
    "axes.accessattempt": _NONE,
    "axes.accesslog": _NONE,
    "axes.accessfailurelog": _NONE,
}
# Refused before the row is looked up, so another organization's row answers the same.
REFUSED_BEFORE_LOOKUP = {("accounts.user", "history"), ("accounts.user", "delete")}


def _member_of(organization: Organization, world: Any) -> Any:
    return (
        world.people[RECRUITER].user
        if organization == world.ours.organization
        else (world.outsider.user)
    )


def registered_admins() -> dict[str, admin.ModelAdmin[Any]]:
    get_resolver().url_patterns  # noqa: B018 - config.urls settles the registry on import
    return {model._meta.label_lower: a for model, a in admin.site._registry.items()}


def test_every_model_admin_has_objects():
    missing = sorted(set(registered_admins()) - set(ADMIN_OBJECTS))
    assert not missing, f"give these admins a builder in ADMIN_OBJECTS: {missing}"
    assert not set(ADMIN_OBJECTS) - set(registered_admins())
    assert set(TENANT_STAFF_PAGES) == set(ADMIN_OBJECTS), "say what tenant staff get there"


def _as(user: Any) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _admin_url(model_admin: Any, page: str, obj: models.Model | None = None) -> str:
    opts = model_admin.model._meta
    args = [] if obj is None else [obj.pk]
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args)


DOES_NOT_EXIST = "doesn't exist"  # Django admin's redirect to the index, or a 404


def admin_expectations(
    model_admin: Any, user: Any, mine: models.Model, other: models.Model | None
) -> list[tuple[str, str, Any]]:
    """(page, url, expected) for the admin's pages as `user`: the expected status, or
    DOES_NOT_EXIST for another organization's row when `user` can't see it."""
    request = _as(user)
    may_view = model_admin.has_view_or_change_permission
    pages: list[tuple[str, str, Any]] = [
        ("changelist", _admin_url(model_admin, "changelist"), 200 if may_view(request) else 403),
        (
            "add",
            _admin_url(model_admin, "add"),
            200 if model_admin.has_add_permission(request) else 403,
        ),
    ]
    rows = [("mine", mine)] + ([("theirs", other)] if other is not None else [])
    for whose, obj in rows:
        visible = model_admin.get_queryset(request).filter(pk=obj.pk).exists()
        for page, allowed in (
            ("change", may_view(request, obj)),
            ("history", may_view(request, obj)),
            ("delete", model_admin.has_delete_permission(request, obj)),
        ):
            url = _admin_url(model_admin, page, obj)
            if visible:
                want: Any = 200 if allowed else 403
            elif page == "delete" and not model_admin.has_delete_permission(request):
                want = 403  # the admin deletes nothing for this user: refused before the lookup
            else:
                want = DOES_NOT_EXIST
            pages.append((f"{page}({whose})", url, want))
    return pages


def _tenant_staff_expectations(
    label: str, derived: list[tuple[str, str, Any]]
) -> list[tuple[str, str, Any]]:
    """The hand-written table for tenant staff's own rows; another organization's rows don't
    exist for them, unless the page refuses before looking."""
    table = dict(
        zip(
            ("changelist", "add", "change(mine)", "history(mine)", "delete(mine)"),
            TENANT_STAFF_PAGES[label],
            strict=True,
        )
    )
    out = []
    for page, url, want in derived:
        if page in table:
            want = table[page]
        elif (label, page.removesuffix("(theirs)")) in REFUSED_BEFORE_LOOKUP:
            want = 403
        out.append((page, url, want))
    return out


def _matches(response: Any, want: Any) -> bool:
    if want == DOES_NOT_EXIST:
        return response.status_code == 404 or (
            response.status_code == 302 and response["Location"] == reverse("admin:index")
        )
    return response.status_code == want


@pytest.mark.parametrize("label", sorted(ADMIN_OBJECTS))
def test_each_admin_page_answers_tenant_staff_and_superusers_by_the_rules(label, world, visitors):
    model_admin = registered_admins()[label]
    build, scoped = ADMIN_OBJECTS[label]
    mine = build(world.ours.organization, world)
    other = build(world.theirs.organization, world) if scoped else None
    problems = []
    for persona, name in ((world.staff, "tenant_staff"), (world.superuser, "superuser")):
        expectations = admin_expectations(model_admin, persona.user, mine, other)
        if name == "tenant_staff":
            expectations = _tenant_staff_expectations(label, expectations)
        if name == "tenant_staff" and other is not None:
            # Tenant staff never see another organization's row, whatever the admin says: an
            # admin whose queryset let them would otherwise "expect" its 200s.
            problems += [
                f"{label} {page} tenant_staff: the admin's queryset shows another "
                f"organization's row (expects {want})"
                for page, _url, want in expectations
                if page.endswith("(theirs)") and want not in (DOES_NOT_EXIST, 403)
            ]
        for page, url, want in expectations:
            response = persona.client.get(url)
            if not _matches(response, want):
                problems.append(
                    f"{label} {page} {name} GET {url}: got {response.status_code}"
                    f" {response.get('Location', '')}, expected {want}"
                )
    # Anonymous visitors and members without staff status: see the placeholder walk below.
    # A POST to delete another organization's row deletes nothing.
    if other is not None:
        response = world.staff.client.post(
            _admin_url(model_admin, "delete", other), {"post": "yes"}
        )
        if not model_admin.model._default_manager.filter(pk=other.pk).exists():
            problems.append(f"{label} delete(theirs) tenant_staff POST: deleted it")
        elif response.status_code == 200:
            problems.append(f"{label} delete(theirs) tenant_staff POST: 200")
    assert not problems, "\n".join(problems)


def test_the_password_page_is_for_superusers_only(world, visitors):
    """Tenant staff never change anyone's credentials, their own organization's people
    included (issue 14, holes 1 and 2)."""
    problems = []
    users = {
        "our member": world.people[RECRUITER].user,
        "their member": world.outsider.user,
        "member of both": world.both.user,
        "the superuser": world.superuser.user,
    }
    for whose, user in users.items():
        url = reverse("admin:auth_user_password_change", args=[user.pk])
        for persona, name, want in (
            (world.staff, "tenant_staff", 403),
            (world.superuser, "superuser", 200),
        ):
            status = persona.client.get(url).status_code
            if status != want:
                problems.append(
                    f"password({whose}) {name} GET {url}: got {status}, expected {want}"
                )
            if name == "tenant_staff":
                before = type(user).objects.get(pk=user.pk).password
                data = {"password1": "Tak3-0ver-pass!", "password2": "Tak3-0ver-pass!"}
                persona.client.post(url, data)
                if type(user).objects.get(pk=user.pk).password != before:
                    problems.append(f"password({whose}) tenant_staff POST: changed it")
        for client, name in ((Client(), "anonymous"), (world.people[ADMIN].client, "non-staff")):
            response = client.get(url)
            if response.status_code != 302 or not response["Location"].startswith("/admin/login/"):
                problems.append(f"password({whose}) {name} GET: got {response.status_code}")
    assert not problems, "\n".join(problems)


def test_view_on_site_shows_tenant_staff_nothing_of_another_organization(world, visitors):
    problems = []
    for label, (build, scoped) in sorted(ADMIN_OBJECTS.items()):
        if not scoped:
            continue
        obj = build(world.theirs.organization, world)
        content_type = ContentType.objects.get_for_model(obj)
        url = reverse("admin:view_on_site", args=[content_type.pk, obj.pk])
        status = world.staff.client.get(url).status_code
        if status != 404:
            problems.append(f"view_on_site({label}, theirs) tenant_staff GET {url}: got {status}")
        has_url = hasattr(obj, "get_absolute_url")
        status = world.superuser.client.get(url).status_code
        if status != (302 if has_url else 404):
            problems.append(f"view_on_site({label}, theirs) superuser GET {url}: got {status}")
    assert not problems, "\n".join(problems)


def test_the_queue_dashboard_answers_tenant_staff_403_and_superusers_the_page(world, visitors):
    from tests.config.test_rq_dashboard import SUPERUSER_GET, rq_job, rq_urls

    job, result = rq_job()
    problems = []
    for route, url in rq_urls(job, result):
        for persona, name, want in (
            (world.staff, "tenant_staff", 403),
            (world.superuser, "superuser", SUPERUSER_GET.get(route, 200)),
        ):
            status = persona.client.get(url).status_code
            if status != want:
                problems.append(f"rq {route} {name} GET {url}: got {status}, expected {want}")
    assert not problems, "\n".join(problems)


def test_admin_urls_send_anonymous_visitors_and_non_staff_to_the_admin_login(world, visitors):
    client, recruiter = Client(), world.people[RECRUITER]
    checked = 0
    for route, name, _ in all_patterns():
        if not route.startswith(ADMIN_PREFIXES) or name in {"admin:login", "admin:logout"}:
            continue
        url = _placeholder_url(route)
        for visitor in (client, recruiter.client):
            response = visitor.get(url)
            assert response.status_code == 302, f"{name} {url}: {response.status_code}"
            assert response["Location"].startswith("/admin/login/"), f"{name} {url}"
        checked += 1
    assert checked > 20


def _placeholder_url(route: str) -> str:
    def fill(match: re.Match[str]) -> str:
        converter = (match.group(1) or "str").rstrip(":")
        return "1" if converter == "int" else "x"

    url = re.sub(r"<(?:(\w+):)?\w+>", fill, route)
    url = re.sub(r"\(\?P<\w+>[^)]*\)", "1", url)  # regex routes (admin)
    return "/" + url.replace("^", "").replace("$", "").replace("\\", "")


def _admin_page_count(world: Any) -> int:
    from tests.config.test_rq_dashboard import rq_patterns

    pages = 0
    for _build, scoped in ADMIN_OBJECTS.values():
        pages += 2 + 3 * (2 if scoped else 1)  # changelist, add; change, history, delete
    scoped_models = sum(1 for _b, scoped in ADMIN_OBJECTS.values() if scoped)
    return pages + 4 + scoped_models + len(rq_patterns())  # password pages, view on site


def test_the_walk_covers_every_pattern(world):
    patterns = app_patterns()
    assert len(patterns) == len(RULES)
    personas, methods = len(world.visitors), len(METHODS)
    total = len(patterns) * personas * methods
    print(
        f"authorization matrix: {len(patterns)} patterns × {personas} personas × {methods} "  # noqa: RUF001
        f"methods = {total} checks ({_admin_page_count(world)} admin pages)"
    )


def test_the_walk_raises_every_rate_limit_there_is(visitors):
    limits = [name for name in dir(django_settings) if name.endswith("_RATE_LIMIT")]
    assert "PREVIEW_RATE_LIMIT" in limits
    assert {getattr(django_settings, name) for name in limits} == {"100000/600"}
