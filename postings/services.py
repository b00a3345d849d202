from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts import audit
from accounts.models import AuditAction, Organization, User
from postings.hooks import (
    notify_hiring_team_left,
    notify_posting_duplicated,
    notify_posting_set_up,
    notify_requirements_changed,
)
from postings.models import (
    DEFAULT_STAGE_NAMES,
    DefaultStage,
    Posting,
    PostingEvent,
    PostingEventKind,
    PostingStatus,
    Question,
    Requirement,
    Stage,
)
from screening.engine.suggest import SuggestedRequirement, suggest_requirements


class PostingError(Exception):
    """A posting change refused for a reason the user can act on."""


# The lists edited inline on a posting, by the name the editor's URLs and events give them.
CollectionItem = Requirement | Question | Stage
COLLECTION_NAMES: dict[type[models.Model], str] = {
    Requirement: "requirements",
    Question: "questions",
    Stage: "stages",
}


def _record(posting: Posting, kind: str, *, by: User | None, **data: Any) -> PostingEvent:
    return PostingEvent.objects.create(posting=posting, kind=kind, actor=by, data=data)


def _audit(action: AuditAction, posting: Posting, *, by: User | None, **details: Any) -> None:
    audit.record(
        action,
        actor=by,
        organization=posting.organization_id,
        target=posting,
        label=posting.title,
        **details,
    )


def _record_item(item: CollectionItem, kind: str, *, by: User | None) -> PostingEvent:
    return _record(
        item.posting,
        kind,
        by=by,
        collection=COLLECTION_NAMES[type(item)],
        id=item.pk,
        label=str(item)[:200],
    )


def unique_slug(organization: Organization, text: str, *, exclude: int | None = None) -> str:
    base = slugify(text)[:70] or "posting"
    siblings = Posting.objects.filter(organization=organization, slug__startswith=base)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude)
    taken = set(siblings.values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_posting(
    organization: Organization,
    *,
    by: User | None,
    hiring_team: list[User] | None = None,
    **fields: Any,
) -> Posting:
    """A new draft posting with the organization's default stages copied in."""
    fields["slug"] = fields.get("slug") or unique_slug(organization, fields.get("title", ""))
    posting = Posting.objects.create(organization=organization, created_by=by, **fields)
    if hiring_team:
        posting.hiring_team.set(hiring_team)
    return set_up_new_posting(posting, by=by)


@transaction.atomic
def set_up_new_posting(posting: Posting, *, by: User | None) -> Posting:
    """What every new posting gets, made in the editor or in admin: the organization's default
    stages (unless it came with stages of its own) and its "created" event."""
    stage_sources: dict[int, int] = {}
    if not posting.stages.exists():
        template = list(DefaultStage.objects.filter(organization=posting.organization_id))
        if template:
            stages = [
                Stage(posting=posting, name=s.name, order=i, email_template_id=s.email_template_id)
                for i, s in enumerate(template)
            ]
        else:
            stages = [
                Stage(posting=posting, name=name, order=i)
                for i, name in enumerate(DEFAULT_STAGE_NAMES)
            ]
        Stage.objects.bulk_create(stages)
        if template:
            stage_sources = {
                stage.pk: source.pk for stage, source in zip(stages, template, strict=True)
            }
    _record(posting, PostingEventKind.CREATED, by=by)
    notify_posting_set_up(posting, stage_sources)
    return posting


@transaction.atomic
def set_hiring_team(posting: Posting, team: Iterable[User]) -> set[int]:
    """The posting's hiring team becomes `team`; those who left it are told to the apps above
    (postings.hooks), in this transaction. Returns their ids."""
    before = set(posting.hiring_team.values_list("pk", flat=True))
    people = list(team)
    posting.hiring_team.set(people)
    left = before - {user.pk for user in people}
    if left:
        notify_hiring_team_left(posting, left)
    return left


@transaction.atomic
def publish_posting(posting: Posting, *, by: User | None) -> Posting:
    problems = posting.publish_problems(posting.stages.count())
    if problems:
        raise PostingError(" ".join(problems))
    if posting.status == PostingStatus.OPEN:
        raise PostingError(_("This posting is already open."))
    posting.status = PostingStatus.OPEN
    posting.opened_at = posting.opened_at or timezone.now()
    posting.closed_at = None
    posting.save(update_fields=["status", "opened_at", "closed_at", "updated_at"])
    _record(posting, PostingEventKind.PUBLISHED, by=by)
    _audit(AuditAction.POSTING_PUBLISHED, posting, by=by)
    return posting


@transaction.atomic
def close_posting(posting: Posting, *, by: User | None) -> Posting:
    if posting.status != PostingStatus.OPEN:
        raise PostingError(_("Only an open posting can be closed."))
    posting.status = PostingStatus.CLOSED
    posting.closed_at = timezone.now()
    posting.save(update_fields=["status", "closed_at", "updated_at"])
    _record(posting, PostingEventKind.CLOSED, by=by)
    _audit(AuditAction.POSTING_CLOSED, posting, by=by)
    return posting


@transaction.atomic
def reopen_posting(posting: Posting, *, by: User | None) -> Posting:
    if posting.status != PostingStatus.CLOSED:
        raise PostingError(_("Only a closed posting can be reopened."))
    posting.status = PostingStatus.OPEN
    posting.closed_at = None
    posting.save(update_fields=["status", "closed_at", "updated_at"])
    _record(posting, PostingEventKind.REOPENED, by=by)
    _audit(AuditAction.POSTING_PUBLISHED, posting, by=by, reopened=True)
    return posting


# What a copy of a posting does not take from it: who and where it is, its lifecycle, and
# what the copy sets itself. Every other field is copied, so a field added later is too (the
# copy has the same description, so the same suggestions stay dropped).
NOT_COPIED = frozenset(
    {"id", "organization", "title", "slug", "status", "opened_at", "closed_at", "created_by"}
    | {"created_at", "updated_at"}
)


@transaction.atomic
def duplicate_posting(posting: Posting, *, by: User | None) -> Posting:
    """A draft copy with everything but the applications."""
    copied = {
        field.attname: getattr(posting, field.attname)
        for field in Posting._meta.concrete_fields
        if field.name not in NOT_COPIED
    }
    copy = Posting.objects.create(
        organization=posting.organization,
        title=_("%(title)s (copy)") % {"title": posting.title},
        slug=unique_slug(posting.organization, posting.slug),
        created_by=by,
        **copied,
    )
    copy.hiring_team.set(posting.hiring_team.all())
    stage_map: dict[int, int] = {}
    for related in ("stages", "requirements", "questions"):
        rows = list(getattr(posting, related).all())
        originals = [row.pk for row in rows]
        for row in rows:
            row.pk = None
            row.posting = copy
        if rows:
            type(rows[0]).objects.bulk_create(rows)
        if related == "stages":
            stage_map = {old: row.pk for old, row in zip(originals, rows, strict=True)}
    _record(posting, PostingEventKind.DUPLICATED, by=by, copy_id=copy.pk)
    _record(copy, PostingEventKind.CREATED, by=by, copied_from=posting.pk)
    notify_posting_duplicated(posting, copy, stage_map)
    # The copy has no applications yet, so nothing is rescored; listeners decide that.
    notify_requirements_changed(copy)
    return copy


@transaction.atomic
def add_collection_item(
    posting: Posting, item: CollectionItem, *, by: User | None, order: int | None = None
) -> CollectionItem:
    """Add a requirement, question or stage to the posting: last, unless `order` says where."""
    save_collection_changes(posting, added=[(item, order)], by=by)
    return item


@transaction.atomic
def update_collection_item(item: CollectionItem, *, by: User | None) -> CollectionItem:
    """Save a requirement, question or stage as a form (the editor's or admin's) changed it."""
    save_collection_changes(item.posting, changed=[item], by=by)
    return item


@transaction.atomic
def remove_collection_item(item: CollectionItem, *, by: User | None) -> None:
    """Remove a requirement or question; a stage only by the rules of `_remove_stage`."""
    save_collection_changes(item.posting, removed=[item], by=by)


@transaction.atomic
def save_collection_changes(
    posting: Posting,
    *,
    added: Iterable[tuple[CollectionItem, int | None]] = (),
    changed: Iterable[CollectionItem] = (),
    removed: Iterable[CollectionItem] = (),
    by: User | None,
) -> None:
    """Several items of one posting added (each with its order, or None for last), changed and
    removed at once, as admin's inlines save them; listeners hear of the requirements once."""
    touched_requirements = False
    for item in changed:
        item.save()
        _record_item(item, PostingEventKind.ITEM_CHANGED, by=by)
        touched_requirements |= isinstance(item, Requirement)
    for item, order in added:
        item.posting = posting
        item.order = next_order(type(item), posting) if order is None else order
        item.save()
        _record_item(item, PostingEventKind.ITEM_ADDED, by=by)
        touched_requirements |= isinstance(item, Requirement)
    # Removed last, so a stage added in the same save counts among those that stay.
    for item in removed:
        _record_item(item, PostingEventKind.ITEM_REMOVED, by=by)
        if isinstance(item, Stage):
            _remove_stage(item)
        else:
            item.delete()
        touched_requirements |= isinstance(item, Requirement)
    if touched_requirements:
        notify_requirements_changed(posting)


def _remove_stage(stage: Stage) -> None:
    """Remove a stage that no application is in or has ever been in: the foreign keys of the
    applications and of their timelines protect it, so the database, not a count, decides."""
    try:
        stage.delete()
    except (ProtectedError, RestrictedError):
        holding = stage.applications.count()
        if holding:
            raise PostingError(
                _("“%(name)s” has %(count)d application(s): move them to another stage first.")
                % {"name": stage.name, "count": holding}
            ) from None
        raise PostingError(
            _(
                "“%(name)s” has held applications before, so it stays for their timelines; "
                "rename it instead."
            )
            % {"name": stage.name}
        ) from None
    # Checked after the delete so the messages above come first, as people expect; raising
    # here rolls the delete back with the caller's transaction.
    if stage.posting.status == PostingStatus.OPEN and not stage.posting.stages.exists():
        raise PostingError(_("An open posting needs at least one stage."))


@transaction.atomic
def move_collection_item(item: CollectionItem, *, direction: str, by: User | None) -> None:
    """Move a stage, requirement or question one place up or down among its siblings. The order
    never changes what a requirement asks, so nothing is rescored."""
    model = type(item)
    siblings = list(model._default_manager.filter(posting_id=item.posting_id).select_for_update())
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(siblings):
        siblings[index], siblings[target] = siblings[target], siblings[index]
    for order, sibling in enumerate(siblings):
        sibling.order = order
    model._default_manager.bulk_update(siblings, ["order"])
    _record_item(item, PostingEventKind.ITEM_MOVED, by=by)


def next_order(model: type[models.Model], posting: Posting) -> int:
    last = model.objects.filter(posting=posting).aggregate(models.Max("order"))["order__max"]  # type: ignore[attr-defined]
    return 0 if last is None else last + 1


SUGGESTION_FIELDS = Requirement.EDITABLE_FIELDS


def suggestion_key(kind: str, skills: Iterable[str], min_years: int | None, text: str = "") -> str:
    """A short, stable name for what a requirement asks for: its kind, its skills (any order or
    case) and its years. A suggestion and a requirement with the same key are the same ask.
    A requirement of kind other names no skill: its words are what it asks."""
    names = ",".join(sorted({name.strip().casefold() for name in skills if name.strip()}))
    if kind == "other" and not names:
        names = " ".join(text.casefold().split())
    years = "" if min_years is None else str(min_years)
    ask = f"{kind}|{names}|{years}"
    return hashlib.sha1(ask.encode(), usedforsecurity=False).hexdigest()[:12]


def pending_suggestions(
    posting: Posting, requirements: Iterable[Requirement]
) -> list[tuple[str, SuggestedRequirement]]:
    """The engine's suggestions for the saved description, keyed, minus those the posting
    already requires and those the recruiter dropped. Pure Python: no queries."""
    if not posting.description.strip():
        return []
    settled = {suggestion_key(r.kind, r.skills, r.min_years, r.text) for r in requirements}
    settled.update(posting.dropped_suggestions or [])
    pending = []
    for suggestion in suggest_requirements(posting.description):
        key = suggestion_key(
            suggestion.kind, suggestion.skills, suggestion.min_years, suggestion.text
        )
        if key not in settled:
            settled.add(key)
            pending.append((key, suggestion))
    return pending


def suggests_nothing(posting: Posting) -> bool:
    """Whether the engine reads no requirement at all in the saved description, so the editor
    can say so rather than show an empty list. Pure Python: no queries."""
    return bool(posting.description.strip()) and not suggest_requirements(posting.description)


def find_suggestion(posting: Posting, key: str) -> SuggestedRequirement:
    """The pending suggestion with this key, recomputed from the saved description: what the
    browser sends names a suggestion, it never supplies one."""
    pending = dict(pending_suggestions(posting, posting.requirements.all()))
    if key not in pending:
        raise PostingError(
            _("That suggestion no longer matches the description; it was not added.")
        )
    return pending[key]


@transaction.atomic
def accept_suggested_requirement(
    posting: Posting, data: dict[str, Any], *, by: User | None, settles: str = ""
) -> Requirement:
    """Add a suggested requirement, as suggested or as the recruiter edited it. `settles` is the
    key of the suggestion it answers: remembered when the edit changed what is asked, so the
    original isn't offered again next to the edited one."""
    fields = {name: data[name] for name in SUGGESTION_FIELDS if name in data}
    requirement = Requirement(posting=posting, order=next_order(Requirement, posting), **fields)
    try:
        requirement.full_clean(exclude=["posting"])
    except ValidationError as exc:
        raise PostingError(" ".join(exc.messages)) from exc
    requirement.save()
    _record_item(requirement, PostingEventKind.ITEM_ADDED, by=by)
    notify_requirements_changed(posting)
    if settles and settles != suggestion_key(
        requirement.kind, requirement.skills, requirement.min_years, requirement.text
    ):
        _remember_dropped(posting, settles)
    return requirement


@transaction.atomic
def drop_suggestion(posting: Posting, key: str, *, by: User | None) -> None:
    """Stop offering one suggestion for this posting; it stays dropped across reloads."""
    pending = dict(pending_suggestions(posting, posting.requirements.all()))
    if key not in pending:
        raise PostingError(_("That suggestion no longer matches the description."))
    _remember_dropped(posting, key)
    label = Requirement(**pending[key].as_dict()).ask
    _record(
        posting,
        PostingEventKind.SUGGESTION_DROPPED,
        by=by,
        collection="suggestions",
        key=key,
        label=label,
    )


def _remember_dropped(posting: Posting, key: str) -> None:
    locked = Posting.objects.select_for_update().only("dropped_suggestions").get(pk=posting.pk)
    dropped = list(locked.dropped_suggestions or [])
    if key not in dropped:
        locked.dropped_suggestions = [*dropped, key]
        locked.save(update_fields=["dropped_suggestions"])
    posting.dropped_suggestions = locked.dropped_suggestions
