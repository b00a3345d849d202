"""The authorization matrix: every URL pattern of the project, walked as every persona.

A pattern with no rule in RULES fails `test_every_url_pattern_has_a_rule`: a new page must
say who may see it. Later issues add rows; the walk itself stays the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.models import Role
from postings.models import Stage
from tests.factories import ApplicationFactory, PostingFactory, QuestionFactory

pytestmark = pytest.mark.django_db

ALL_ROLES = (Role.ADMIN, Role.RECRUITER, Role.HIRING_MANAGER, Role.INTERVIEWER)


@dataclass(frozen=True)
class Rule:
    # public: anyone; login: any signed-in user; object: a row of an organization, with roles;
    # admin: Django admin (staff only; scoping is tested in tests/accounts/test_admin.py).
    kind: str
    method: str = "get"
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda ctx: {})
    data: Callable[[Any], dict[str, Any]] = field(default=lambda ctx: {})
    allowed: frozenset[str] = frozenset(ALL_ROLES)


def _org(ctx: Any) -> dict[str, Any]:
    return {"slug": ctx.organization.slug}


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
    ctx.posting.save(update_fields=["description"])
    ctx.posting.refresh_from_db()
    (key, _suggested), *_rest = pending_suggestions(ctx.posting, ctx.posting.requirements.all())
    return {"pk": ctx.posting.pk, "key": key}


def _application(ctx: Any, *, resume: bool = False) -> Any:
    application = ApplicationFactory.create(posting=ctx.posting)
    if resume:
        from django.core.files.base import ContentFile

        application.resume.save("cv.txt", ContentFile(b"resume"), save=True)
    return application


def _own_note(ctx: Any) -> dict[str, Any]:
    # A note by someone else: editing it is refused to every persona, author-only (403).
    from candidates.models import Note

    note = Note.objects.create(application=_application(ctx), body="Theirs")
    return {"pk": note.application_id, "note_id": note.pk, "action": "edit"}


EDITORS = frozenset({Role.ADMIN, Role.RECRUITER, Role.HIRING_MANAGER})
MANAGERS = frozenset({Role.ADMIN, Role.RECRUITER})


RULES: dict[str, Rule] = {
    "home": Rule("public"),
    "healthz": Rule("public"),
    "readyz": Rule("public"),
    "login": Rule("public"),
    "logout": Rule("public", method="post"),
    "password_reset": Rule("public"),
    "password_reset_done": Rule("public"),
    "password_reset_confirm": Rule(
        "public", kwargs=lambda ctx: {"uidb64": "MQ", "token": "set-password"}
    ),
    "password_reset_complete": Rule("public"),
    "password_change": Rule("login"),
    "password_change_done": Rule("login"),
    "switch_organization": Rule(
        "object", method="post", data=lambda ctx: {"organization": ctx.organization.slug}
    ),
    "team": Rule("object", kwargs=_org, allowed=frozenset({Role.ADMIN})),
    # The public careers site.
    "careers": Rule("public", kwargs=lambda ctx: {"org": ctx.organization.slug}),
    "careers_feed": Rule("public", kwargs=lambda ctx: {"org": ctx.organization.slug}),
    "careers_posting": Rule(
        "public", kwargs=lambda ctx: {"org": ctx.organization.slug, "slug": ctx.posting.slug}
    ),
    "careers_applied": Rule(
        "public", kwargs=lambda ctx: {"org": ctx.organization.slug, "slug": ctx.posting.slug}
    ),
    # Postings: the list and the new-posting form work in the current organization ("role").
    "posting_list": Rule("login"),
    "posting_new": Rule("role", allowed=MANAGERS),
    "posting_preview": Rule(
        "role", method="post", data=lambda ctx: {"description": "**x**"}, allowed=EDITORS
    ),
    "posting_edit": Rule("object", kwargs=_posting, allowed=EDITORS),
    "posting_transition": Rule(
        "object", kwargs=lambda ctx: {"pk": ctx.posting.pk, "action": "close"}, allowed=MANAGERS
    ),
    "collection_add": Rule(
        "object",
        method="post",
        kwargs=lambda ctx: {"pk": ctx.posting.pk, "collection": "stages"},
        data=lambda ctx: {"stages-new-name": f"Stage {Stage.objects.count()}"},
        allowed=EDITORS,
    ),
    "collection_item": Rule("object", kwargs=_fresh_question, allowed=EDITORS),
    "collection_delete": Rule("object", method="post", kwargs=_fresh_question, allowed=EDITORS),
    "collection_move": Rule(
        "object",
        method="post",
        kwargs=_fresh_question,
        data=lambda ctx: {"direction": "up"},
        allowed=EDITORS,
    ),
    # Requirement suggestions in the editor: whoever may edit the posting.
    "suggestion_edit": Rule("object", kwargs=_suggestion, allowed=EDITORS),
    "suggestion_accept": Rule("object", method="post", kwargs=_suggestion, allowed=EDITORS),
    "suggestion_drop": Rule("object", method="post", kwargs=_suggestion, allowed=EDITORS),
    # The board: admins, recruiters and the posting's hiring managers; interviewers have none.
    "board": Rule("object", kwargs=_posting, allowed=EDITORS),
    "board_column": Rule(
        "object",
        kwargs=lambda ctx: {"pk": ctx.posting.pk, "stage_id": ctx.posting.stages.first().pk},
        allowed=EDITORS,
    ),
    "application_move": Rule(
        "object",
        method="post",
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
        method="post",
        kwargs=lambda ctx: {"pk": _application(ctx).pk},
        data=lambda ctx: {"body": "Hello"},
        allowed=EDITORS,
    ),
    "note_change": Rule(
        "object",
        method="post",
        kwargs=_own_note,
        data=lambda ctx: {"body": "Edited"},
        allowed=frozenset(),
    ),
    "application_action": Rule(
        "object",
        method="post",
        kwargs=lambda ctx: {"pk": _application(ctx).pk, "action": "hire"},
        allowed=EDITORS,
    ),
    "stage_email": Rule("object", kwargs=lambda ctx: {"pk": _application(ctx).pk}, allowed=EDITORS),
    "notification_preference": Rule(
        "object",
        method="post",
        kwargs=_posting,
        data=lambda ctx: {"mode": "daily"},
        allowed=EDITORS,
    ),
    "application_list": Rule("object", kwargs=_posting, allowed=EDITORS),
    "application_bulk": Rule(
        "object",
        method="post",
        kwargs=_posting,
        data=lambda ctx: {"action": "tag", "tag_name": "x", "ids": [_application(ctx).pk]},
        allowed=EDITORS,
    ),
    "how_scores_work": Rule("public"),
    "scoring_progress": Rule("object", kwargs=_posting, allowed=EDITORS),
}
ADMIN_PREFIXES = ("admin/",)


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


def _placeholder_url(route: str) -> str:
    import re

    def fill(match: re.Match[str]) -> str:
        converter = (match.group(1) or "str").rstrip(":")
        return "1" if converter == "int" else "x"

    url = re.sub(r"<(?:(\w+):)?\w+>", fill, route)
    url = re.sub(r"\(\?P<\w+>[^)]*\)", "1", url)  # regex routes (admin)
    return "/" + url.lstrip("^").rstrip("$").replace("\\", "")


def test_every_url_pattern_has_a_rule():
    missing = [
        (route, name)
        for route, name, _ in all_patterns()
        if not route.startswith(ADMIN_PREFIXES) and name not in RULES
    ]
    assert not missing, f"give these URL patterns a rule in tests/test_url_walk.py: {missing}"
    # Rules for patterns that no longer exist are stale.
    names = {name for _, name, _ in all_patterns()}
    assert not set(RULES) - names


def _url(name: str, ctx: Any) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=RULES[name].kwargs(ctx))


def _request(client: Any, name: str, ctx: Any) -> Any:
    rule = RULES[name]
    return getattr(client, rule.method)(_url(name, ctx), rule.data(ctx))


@pytest.fixture
def ctx(organization, org_admin, recruiter, hiring_manager, interviewer, outsider):
    posting = PostingFactory.create(organization=organization, status="open")
    posting.hiring_team.add(hiring_manager.user, interviewer.user)
    return SimpleNamespace(
        organization=organization,
        posting=posting,
        personas={
            Role.ADMIN: org_admin,
            Role.RECRUITER: recruiter,
            Role.HIRING_MANAGER: hiring_manager,
            Role.INTERVIEWER: interviewer,
        },
        outsider=outsider,
    )


@pytest.mark.parametrize("name", sorted(RULES))
def test_the_url_answers_each_persona_by_the_rule(name, ctx, client):
    rule = RULES[name]
    anonymous = _request(client, name, ctx)
    if rule.kind == "public":
        assert anonymous.status_code < 400, f"{name}: {anonymous.status_code}"
        assert not anonymous.get("Location", "").startswith("/accounts/login/")
        return
    assert anonymous.status_code == 302, name
    assert anonymous["Location"].startswith("/accounts/login/?next="), name
    if rule.kind == "login":
        response = _request(ctx.personas[Role.INTERVIEWER].client, name, ctx)
        assert response.status_code < 400, name
        return
    assert rule.kind in ("object", "role")
    if rule.kind == "object":
        assert _request(ctx.outsider.client, name, ctx).status_code == 404, f"{name}: outsider"
    for role, persona in ctx.personas.items():
        status = _request(persona.client, name, ctx).status_code
        if role in rule.allowed:
            assert status < 400, f"{name}: {role} got {status}"
        else:
            assert status == 403, f"{name}: {role} got {status}, expected 403"


def test_admin_urls_send_anonymous_visitors_and_non_staff_to_the_admin_login(client, recruiter):
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


def test_the_walk_covers_every_pattern():
    patterns = all_patterns()
    ours = [p for p in patterns if not p[0].startswith(ADMIN_PREFIXES)]
    print(
        f"URL walk: {len(patterns)} patterns ({len(ours)} app, {len(patterns) - len(ours)} admin)"
    )
    assert len(ours) == len(RULES)
