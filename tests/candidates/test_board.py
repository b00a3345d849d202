from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client

from candidates.models import Application, ApplicationEvent, ApplicationStatus
from tests.conftest import sign_in
from tests.factories import ApplicationFactory, PostingFactory, TagFactory, bulk_applications

pytestmark = pytest.mark.django_db

HTMX = {"headers": {"HX-Request": "true"}}


@pytest.fixture
def stages(posting):
    return list(posting.stages.order_by("order"))


def _board(persona, posting, query="", **extra):
    return persona.client.get(f"/postings/{posting.pk}/board/{query}", **extra)


def _move(persona, application, stage, version=None, htmx=True, **data):
    payload = {"stage": stage.pk if hasattr(stage, "pk") else stage, **data}
    if version is not False:
        payload["version"] = application.version if version is None else version
    return persona.client.post(
        f"/applications/{application.pk}/move/", payload, **(HTMX if htmx else {})
    )


def test_the_board_shows_a_column_per_stage_with_counts_and_cards(hiring_manager, posting, stages):
    knocked = ApplicationFactory.create(
        posting=posting, stage=stages[0], knockout=True, source="referral"
    )
    knocked.tags.add(TagFactory.create(organization=posting.organization, name="fintech"))
    ApplicationFactory.create_batch(2, posting=posting, stage=stages[1])
    ApplicationFactory.create(posting=posting, stage=stages[1], status=ApplicationStatus.REJECTED)
    page = _board(hiring_manager, posting).content.decode()
    for stage in stages:
        assert f'id="column-{stage.pk}"' in page
    assert page.count('class="count"') == 6
    assert f'<section class="column" id="column-{stages[1].pk}"' in page
    column_1 = page.split(f'id="column-{stages[1].pk}"')[1].split("</section>")[0]
    assert '<span class="count" aria-label="2 applications">2</span>' in column_1
    card = page.split(f'id="card-{knocked.pk}"')[1].split("</li>")[0]
    assert knocked.candidate.name in card
    assert "0 days in stage · referral" in card
    assert "Knockout answer" in card
    assert "fintech" in card


def test_who_has_a_board(hiring_manager, interviewer, outsider, recruiter, posting, organization):
    assert _board(recruiter, posting).status_code == 200
    assert _board(hiring_manager, posting).status_code == 200
    assert _board(interviewer, posting).status_code == 403
    assert _board(outsider, posting).status_code == 404
    other = PostingFactory.create(organization=organization)
    assert _board(hiring_manager, other).status_code == 403


def test_filters_update_the_columns_via_htmx_and_live_in_the_query_string(
    hiring_manager, posting, stages
):
    ada = ApplicationFactory.create(posting=posting, stage=stages[0], source="linkedin")
    ApplicationFactory.create(posting=posting, stage=stages[0], source="referral")
    response = _board(
        hiring_manager, posting, f"?q={ada.candidate.name[:5]}&source=linkedin", **HTMX
    )
    fragment = response.content.decode()
    assert fragment.startswith('<div id="board-columns">')
    assert "<html" not in fragment
    assert fragment.count('id="card-') == 1
    page = _board(hiring_manager, posting, "?source=linkedin").content.decode()
    assert '<option value="linkedin" selected>' in page
    assert 'hx-push-url="true"' in page


def test_filter_values_that_do_not_parse_are_ignored_and_shown_cleared(
    hiring_manager, posting, stages
):
    ApplicationFactory.create_batch(2, posting=posting, stage=stages[0], source="linkedin")
    response = _board(hiring_manager, posting, "?source=fax&knockout=maybe&sort=random&tag=%00")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('id="card-') == 2
    assert '<option value="" selected>Any source</option>' in page


def test_rejected_and_withdrawn_show_only_when_asked(hiring_manager, posting, stages):
    ApplicationFactory.create(posting=posting, stage=stages[0], status=ApplicationStatus.WITHDRAWN)
    assert _board(hiring_manager, posting).content.decode().count('id="card-') == 0
    page = _board(hiring_manager, posting, "?closed=on").content.decode()
    assert page.count('id="card-') == 1
    assert "Withdrawn" in page


def test_columns_show_25_cards_and_load_more(hiring_manager, posting, stages):
    ApplicationFactory.create_batch(30, posting=posting, stage=stages[0])
    page = _board(hiring_manager, posting).content.decode()
    column = page.split(f'id="column-{stages[0].pk}"')[1].split("</section>")[0]
    assert column.count('id="card-') == 25
    assert "Load more (25 of 30 shown)" in column
    more = hiring_manager.client.get(
        f"/postings/{posting.pk}/board/stages/{stages[0].pk}/?offset=25", **HTMX
    ).content.decode()
    assert more.count('id="card-') == 5
    assert "Load more" not in more
    plain = hiring_manager.client.get(
        f"/postings/{posting.pk}/board/stages/{stages[0].pk}/?offset=25"
    ).content.decode()
    assert "<html" in plain
    assert "Back to the board" in plain


def test_sorting_other_than_manual_turns_off_reordering(hiring_manager, posting, stages):
    old = ApplicationFactory.create(posting=posting, stage=stages[0])
    new = ApplicationFactory.create(posting=posting, stage=stages[0])
    Application.objects.filter(pk=old.pk).update(applied_at=new.applied_at.replace(year=2020))
    page = _board(hiring_manager, posting, "?sort=newest").content.decode()
    assert 'data-manual="false"' in page
    assert page.index(f'id="card-{new.pk}"') < page.index(f'id="card-{old.pk}"')
    # The board now opens in that sort; the manual order is one choice away.
    assert _board(hiring_manager, posting)["Location"].endswith("?sort=newest")
    assert 'data-manual="true"' in _board(hiring_manager, posting, "?sort=manual").content.decode()


@pytest.mark.parametrize("size", [10, 2000])
@pytest.mark.parametrize(
    "query", ["", "?q=Person&source=linkedin&knockout=no&closed=on&sort=newest"]
)
def test_the_board_runs_a_constant_number_of_queries(
    hiring_manager, posting, size, query, django_assert_max_num_queries
):
    bulk_applications(posting, size)
    # The first visit in a sort remembers it in the session (saved once, at any size).
    _board(hiring_manager, posting, query)
    # 13 with the session, read from PostgreSQL (sessions don't depend on Redis: DESIGN.md).
    with django_assert_max_num_queries(13):
        response = _board(hiring_manager, posting, query)
    # The filter keeps the LinkedIn half of the bulk applicants (all named "Person n", none with
    # a knockout answer); each column shows its first 25.
    matching = posting.applications.filter(source="linkedin") if query else posting.applications
    shown = sum(min(25, matching.filter(stage=stage).count()) for stage in posting.stages.all())
    assert shown > 0
    assert response.content.decode().count('id="card-') == shown


def test_a_drag_moves_the_card_and_answers_with_both_columns(hiring_manager, posting, stages):
    application = ApplicationFactory.create(posting=posting, stage=stages[0])
    response = _move(hiring_manager, application, stages[2])
    body = response.content.decode()
    assert f'id="column-{stages[0].pk}" hx-swap-oob="true"' in body
    assert f'id="column-{stages[2].pk}" hx-swap-oob="true"' in body
    assert f'id="column-{stages[1].pk}"' not in body
    target = body.split(f'id="column-{stages[2].pk}"')[1].split("</section>")[0]
    assert f'id="card-{application.pk}"' in target
    assert 'aria-label="1 application">1</span>' in target
    application.refresh_from_db()
    assert (application.stage, application.version) == (stages[2], 2)
    event = ApplicationEvent.objects.get(application=application, kind="moved")
    assert (event.from_stage, event.to_stage, event.actor) == (
        stages[0],
        stages[2],
        hiring_manager.user,
    )


def test_the_keyboard_and_no_js_move_redirects_back_with_the_filters(
    hiring_manager, posting, stages
):
    application = ApplicationFactory.create(posting=posting, stage=stages[0], source="linkedin")
    response = _move(
        hiring_manager, application, stages[1], htmx=False, source="linkedin", sort="newest"
    )
    assert response.status_code == 302
    assert response["Location"] == f"/postings/{posting.pk}/board/?source=linkedin&sort=newest"
    application.refresh_from_db()
    assert application.stage == stages[1]


SELECTED = r'<option value="(\d+)" selected>'


def _card_form(page: str, application) -> tuple[str, dict[str, str]]:
    """The move menu's form of a card as a browser without JavaScript would submit it: its
    action, its hidden inputs and the stage chosen in its select."""
    card = page.split(f'id="card-{application.pk}"')[1].split("</li>")[0]
    menu = card.split('<details class="card-move">')[1].split("</details>")[0]
    form = menu.split("<form ")[1].split("</form>")[0]
    action, chosen = (re.search(pattern, form) for pattern in (r'action="([^"]+)"', SELECTED))
    assert action is not None
    assert chosen is not None
    data = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    return action.group(1), data | {"stage": chosen.group(1)}


def test_the_move_menu_is_a_form_that_works_without_javascript(hiring_manager, posting, stages):
    application = ApplicationFactory.create(posting=posting, stage=stages[0], source="linkedin")
    # A browser's client: the CSRF check on, the token the card's form carries must pass it.
    browser = sign_in(Client(enforce_csrf_checks=True), hiring_manager.user)
    query = "?source=linkedin&sort=newest"
    page = browser.get(f"/postings/{posting.pk}/board/{query}").content.decode()
    assert '<details class="card-move"><summary>Move' in page
    action, data = _card_form(page, application)
    assert action == f"/applications/{application.pk}/move/"
    assert (data["source"], data["sort"], data["version"]) == ("linkedin", "newest", "1")
    response = browser.post(action, data)
    assert response.status_code == 302
    assert response["Location"] == f"/postings/{posting.pk}/board/?source=linkedin&sort=newest"
    application.refresh_from_db()
    assert (application.stage, application.version) == (stages[1], 2)
    event = ApplicationEvent.objects.get(application=application, kind="moved")
    assert (event.from_stage, event.to_stage) == (stages[0], stages[1])
    # The same form sent again carries the old version: refused as stale, nothing moves.
    data["stage"] = str(stages[3].pk)
    stale = browser.post(action, data, follow=True).content.decode()
    assert "was moved by" in stale
    application.refresh_from_db()
    assert application.stage == stages[1]


def test_the_board_takes_the_whole_window_with_its_filters_in_one_bar(
    hiring_manager, posting, stages
):
    page = _board(hiring_manager, posting).content.decode()
    assert 'class="page-board"' in page.split("<body")[1].split(">")[0]
    assert '<footer class="site-footer' not in page
    bar = page.split('<form id="board-filters"')[1].split("</form>")[0]
    for name in ("q", "source", "knockout", "tag", "min_score", "sort", "closed"):
        assert f'name="{name}"' in bar
    assert '<label class="visually-hidden" for="id_q">Search name or email</label>' in bar
    assert 'placeholder="Search name or email"' in bar
    # The notification choice sits in the page's head, beside List and Edit posting.
    head = page.split('<div class="page-head board-head">')[1].split('<form id="board-filters"')[0]
    assert f'action="/postings/{posting.pk}/notifications/"' in head
    assert 'name="mode"' in head


def test_dragging_within_a_column_reorders_by_neighbours(hiring_manager, posting, stages):
    a, b, c = (
        ApplicationFactory.create(posting=posting, stage=stages[0], position=n) for n in range(3)
    )
    _move(hiring_manager, c, stages[0], after="", before=a.pk)
    order = list(
        Application.objects.filter(stage=stages[0])
        .order_by("position")
        .values_list("pk", flat=True)
    )
    assert order == [c.pk, a.pk, b.pk]
    _move(hiring_manager, Application.objects.get(pk=c.pk), stages[0], after=a.pk, before=b.pk)
    order = list(
        Application.objects.filter(stage=stages[0])
        .order_by("position")
        .values_list("pk", flat=True)
    )
    assert order == [a.pk, c.pk, b.pk]
    assert not ApplicationEvent.objects.filter(kind="moved").exists()  # same stage: no stage change


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("other_posting", "That stage belongs to another posting."),
        (
            "removed_stage",
            "That stage is not on this posting&#x27;s board any more; it may have been removed.",
        ),
        ("rejected", "application is rejected; reopen it before moving it."),
        ("missing_version", "This card is out of date: reload the board and try again."),
    ],
)
def test_bad_moves_are_refused_with_a_message_and_change_nothing(
    hiring_manager, posting, stages, organization, case, message
):
    application = ApplicationFactory.create(posting=posting, stage=stages[0])
    target = stages[1]
    version = None
    if case == "other_posting":
        target = PostingFactory.create(organization=organization).stages.first()
    elif case == "removed_stage":
        target = 999_999
    elif case == "rejected":
        Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.REJECTED)
    elif case == "missing_version":
        version = False
    body = _move(hiring_manager, application, target, version=version).content.decode()
    assert message in body
    assert 'id="board-messages"' in body
    application.refresh_from_db()
    assert (application.stage, application.version) == (stages[0], 1)
    assert not ApplicationEvent.objects.filter(kind="moved").exists()


def test_two_people_moving_the_same_card_end_in_the_truth_and_a_message(
    hiring_manager, recruiter, posting, stages
):
    application = ApplicationFactory.create(posting=posting, stage=stages[0])
    # Both load the board at version 1.
    assert 'data-version="1"' in _board(hiring_manager, posting).content.decode()
    assert 'data-version="1"' in _board(recruiter, posting).content.decode()
    assert _move(recruiter, application, stages[3], version=1).status_code == 200
    late = _move(hiring_manager, application, stages[1], version=1).content.decode()
    assert f"{application.candidate.name} was moved by {recruiter.user.get_full_name()} at" in late
    truth = late.split(f'id="column-{stages[3].pk}"')[1].split("</section>")[0]
    assert f'id="card-{application.pk}"' in truth
    assert 'data-version="2"' in truth
    assert (
        f'id="card-{application.pk}"'
        not in late.split(f'id="column-{stages[1].pk}"')[1].split("</section>")[0]
    )
    application.refresh_from_db()
    assert application.stage == stages[3]


def test_a_move_answers_within_16_queries(
    hiring_manager, posting, stages, django_assert_max_num_queries
):
    bulk_applications(posting, 200)
    application = Application.objects.filter(stage=stages[0]).earliest("pk")
    # 16: the move bumps the board's change counter (candidates.board_version), one upsert.
    with django_assert_max_num_queries(16):
        body = _move(hiring_manager, application, stages[1]).content.decode()
    for stage in stages[:2]:
        assert f'id="column-{stage.pk}" hx-swap-oob="true"' in body
    application.refresh_from_db()
    assert application.stage == stages[1]


def test_outsiders_cannot_move_and_interviewers_may_not(interviewer, outsider, posting, stages):
    application = ApplicationFactory.create(posting=posting, stage=stages[0])
    assert _move(outsider, application, stages[1]).status_code == 404
    assert _move(interviewer, application, stages[1]).status_code == 403
    application.refresh_from_db()
    assert application.stage == stages[0]


def test_the_cached_board_shows_every_change_at_once(
    client, hiring_manager, recruiter, posting, stages
):
    from candidates.services import Submission, merge_submitted_details, submit_application
    from tests.documents import upload

    application = ApplicationFactory.create(posting=posting, stage=stages[0])
    assert f'id="card-{application.pk}"' in _board(hiring_manager, posting).content.decode()
    # Someone else moves the card.
    _move(recruiter, application, stages[2])
    page = _board(hiring_manager, posting).content.decode()
    assert (
        f'id="card-{application.pk}"'
        in page.split(f'id="column-{stages[2].pk}"')[1].split("</section>")[0]
    )
    # A stage is renamed.
    stages[1].name = "Phone screen"
    stages[1].save()
    assert "Phone screen" in _board(hiring_manager, posting).content.decode()
    # A new application arrives; the same person applies to another posting with a new name,
    # which changes no record until someone copies it over, and then shows on this board too.
    submission = Submission(
        name="Zainab Bello",
        email="zainab@example.org",
        location="Abuja",
        stated_years=Decimal(6),
        resume=upload("cv.txt", b"Python"),
        resume_extension=".txt",
    )
    submit_application(posting, submission)
    assert "Zainab Bello" in _board(hiring_manager, posting).content.decode()
    other = PostingFactory.create(organization=posting.organization, status="open")
    renamed = {**submission.__dict__, "name": "Zainab A. Bello", "resume": upload("cv.txt", b"P")}
    second = submit_application(other, Submission(**renamed)).application
    assert "Zainab A. Bello" not in _board(hiring_manager, posting).content.decode()
    merge_submitted_details(second, by=recruiter.user, fields=["name"])
    assert "Zainab A. Bello" in _board(hiring_manager, posting).content.decode()


def test_the_board_works_without_the_cache(hiring_manager, posting, stages, settings, caplog):
    application = ApplicationFactory.create(posting=posting, stage=stages[0])
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    hiring_manager.client.force_login(hiring_manager.user)
    assert f'id="card-{application.pk}"' in _board(hiring_manager, posting).content.decode()
    assert "cache unavailable" in caplog.text


def test_the_board_opens_in_the_sort_its_user_chose_there_last(
    hiring_manager, recruiter, posting, organization
):
    other = PostingFactory.create(organization=organization)
    assert _board(recruiter, posting, "?sort=score&q=ada").status_code == 200
    again = _board(recruiter, posting)
    assert again.status_code == 302
    assert again["Location"] == f"/postings/{posting.pk}/board/?sort=score"
    assert _board(recruiter, posting, "?q=ada")["Location"].endswith("?q=ada&sort=score")
    # An htmx swap keeps its own query; another board and another user open as they were.
    assert _board(recruiter, posting, **HTMX).status_code == 200
    assert _board(recruiter, other).status_code == 200
    assert _board(hiring_manager, posting).status_code == 200
    # Back to the manual order: remembered too, so the bare address stays put.
    assert _board(recruiter, posting, "?sort=manual").status_code == 200
    assert _board(recruiter, posting).status_code == 200
    # A sort that isn't one is neither followed nor remembered.
    _board(recruiter, posting, "?sort=../../etc")
    assert _board(recruiter, posting).status_code == 200
