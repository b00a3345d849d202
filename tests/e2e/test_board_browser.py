"""A hiring manager works the board in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from candidates.models import Application, ApplicationEvent
from tests.factories import ApplicationFactory, CandidateFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.usefixtures("browser"),
]


def _column(page, stage):
    return page.locator(f"#column-{stage.pk}")


def test_drag_a_card_to_another_column(open_as, hiring_manager, posting):
    applied, screen = posting.stages.order_by("order")[:2]
    card = ApplicationFactory.create(posting=posting, stage=applied)
    ApplicationFactory.create(posting=posting, stage=screen)
    page = open_as(hiring_manager.user)
    page.goto(f"/postings/{posting.pk}/board/")
    page.locator(f"#card-{card.pk}").drag_to(_column(page, screen).locator(".card").first)
    expect(_column(page, screen).locator(".count")).to_have_text("2")
    assert _column(page, screen).locator(f"#card-{card.pk}").count() == 1
    assert _column(page, applied).locator(".count").inner_text() == "0"
    card.refresh_from_db()
    assert card.stage == screen
    assert ApplicationEvent.objects.filter(application=card, kind="moved", to_stage=screen).exists()


def test_move_a_card_with_the_keyboard(open_as, hiring_manager, posting):
    stages = list(posting.stages.order_by("order"))
    card = ApplicationFactory.create(posting=posting, stage=stages[0])
    page = open_as(hiring_manager.user)
    page.goto(f"/postings/{posting.pk}/board/")
    # "Move" opens the card's menu from the keyboard; Escape closes it again.
    summary = page.locator(f"#card-{card.pk} .card-move summary")
    summary.focus()
    page.keyboard.press("Enter")
    select = page.locator(f"#move-{card.pk}")
    expect(select).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(select).to_be_hidden()
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(select).to_be_focused()
    select.select_option(str(stages[3].pk))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#column-{stages[3].pk} #card-{card.pk}")
    assert Application.objects.get(pk=card.pk).stage == stages[3]


def test_reorder_within_a_column_in_manual_order(open_as, hiring_manager, posting):
    applied = posting.stages.order_by("order").first()
    first, second, third = (
        ApplicationFactory.create(posting=posting, stage=applied, position=n) for n in range(3)
    )
    page = open_as(hiring_manager.user)
    page.goto(f"/postings/{posting.pk}/board/")
    with page.expect_response(lambda response: "/move/" in response.url) as moved:
        page.locator(f"#card-{third.pk}").drag_to(
            page.locator(f"#card-{first.pk}"), target_position={"x": 20, "y": 5}
        )
    assert moved.value.status == 200
    expect(_column(page, applied).locator(".card").first).to_have_id(f"card-{third.pk}")
    order = list(
        Application.objects.filter(stage=applied).order_by("position").values_list("pk", flat=True)
    )
    assert order == [third.pk, first.pk, second.pk]


def test_filter_the_board_and_share_the_url(open_as, hiring_manager, posting):
    applied = posting.stages.order_by("order").first()
    ada = ApplicationFactory.create(
        posting=posting,
        stage=applied,
        candidate=CandidateFactory.create(organization=posting.organization, name="Ada Obi"),
    )
    ApplicationFactory.create(
        posting=posting,
        stage=applied,
        candidate=CandidateFactory.create(organization=posting.organization, name="Bola Ade"),
    )
    page = open_as(hiring_manager.user)
    page.goto(f"/postings/{posting.pk}/board/")
    page.fill("#id_q", "Ada")
    expect(page).to_have_url(re.compile(r"\?q=Ada"))
    expect(page.locator(".card")).to_have_count(1)
    shared = page.url
    other = open_as(hiring_manager.user)
    other.goto(shared)
    assert other.locator(".card").count() == 1
    assert other.locator(f"#card-{ada.pk}").count() == 1
    assert other.locator("#id_q").input_value() == "Ada"


def test_columns_load_more_when_scrolled(open_as, hiring_manager, posting):
    applied = posting.stages.order_by("order").first()
    ApplicationFactory.create_batch(30, posting=posting, stage=applied)
    page = open_as(hiring_manager.user)
    page.goto(f"/postings/{posting.pk}/board/")
    assert _column(page, applied).locator(".card").count() == 25
    _column(page, applied).locator(".load-more a").scroll_into_view_if_needed()
    expect(_column(page, applied).locator(".card")).to_have_count(30)
    assert _column(page, applied).locator(".load-more").count() == 0


def test_a_conflict_between_two_browsers_ends_in_the_truth_and_a_message(
    open_as, hiring_manager, recruiter, posting
):
    stages = list(posting.stages.order_by("order"))
    card = ApplicationFactory.create(posting=posting, stage=stages[0])
    mine, theirs = open_as(hiring_manager.user), open_as(recruiter.user)
    mine.goto(f"/postings/{posting.pk}/board/")
    theirs.goto(f"/postings/{posting.pk}/board/")
    theirs.locator(f"#card-{card.pk} .card-move summary").click()
    theirs.locator(f"#move-{card.pk}").select_option(str(stages[2].pk))
    theirs.locator(f"#card-{card.pk} .move-form button").click()
    theirs.wait_for_selector(f"#column-{stages[2].pk} #card-{card.pk}")
    # My board still shows the card in Applied, at the old version: I drag it to Screen.
    mine.locator(f"#card-{card.pk}").drag_to(_column(mine, stages[1]).locator(".cards"))
    message = mine.wait_for_selector("#board-messages .message-error")
    assert f"was moved by {recruiter.user.get_full_name()}" in message.inner_text()
    mine.wait_for_selector(f"#column-{stages[2].pk} #card-{card.pk}")
    assert _column(mine, stages[1]).locator(f"#card-{card.pk}").count() == 0
    assert Application.objects.get(pk=card.pk).stage == stages[2]
