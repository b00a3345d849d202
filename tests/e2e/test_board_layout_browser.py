"""The board's layout on a laptop screen (1440 by 900), in a real browser: every column in view,
a full column's cards compact enough to show eight and more, the move menu working."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from candidates.models import Application, ApplicationEvent
from screening.models import FitScore
from tests.factories import ApplicationFactory, CandidateFactory, TagFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.slow,
    pytest.mark.usefixtures("browser"),
]

LAPTOP = {"width": 1440, "height": 900}

# Per column: is its header inside the viewport, how many of its cards are wholly visible (in
# the viewport and, where the column scrolls, in its scrolled area); and where the board's own
# horizontal scrollbar sits (the bottom of its scroll box), against the page's height.
MEASURE = """() => {
  const width = window.innerWidth, height = window.innerHeight;
  const inside = (r, box) => r.left >= box.left - 1 && r.right <= box.right + 1
    && r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
  const screen = {left: 0, top: 0, right: width, bottom: height};
  const columns = [...document.querySelectorAll(".column")].map((column) => {
    const list = column.querySelector(".cards").getBoundingClientRect();
    const cards = [...column.querySelectorAll(".card")].filter((card) => {
      const box = card.getBoundingClientRect();
      return inside(box, screen) && inside(box, list);
    });
    return {
      head: inside(column.querySelector(".column-head").getBoundingClientRect(), screen),
      cards: cards.length,
    };
  });
  const board = document.querySelector(".board").getBoundingClientRect();
  return {
    columns,
    boardBottom: Math.round(board.bottom + window.scrollY),
    pageHeight: document.documentElement.scrollHeight,
    scrollsSideways: document.documentElement.scrollWidth > width,
  };
}"""


def _fill(posting: Any) -> tuple[list[Any], list[Application]]:
    """A busy posting: a full first column (30, so it pages), a few in every other stage; long
    names, sources, knockout answers, tags and fit scores as the demo's cards have them."""
    stages = list(posting.stages.order_by("order"))
    tag = TagFactory.create(organization=posting.organization, name="senior")
    applied = []
    for n in range(30):
        candidate = CandidateFactory.create(
            organization=posting.organization, name=f"Oluwaseun Adebayo-Okafor {n}"
        )
        application = ApplicationFactory.create(
            posting=posting,
            stage=stages[0],
            candidate=candidate,
            position=n,
            source="careers page",
            knockout=n % 2 == 0,
        )
        if n % 3 == 0:
            application.tags.add(tag)
        FitScore.objects.create(
            application=application,
            posting_id=posting.pk,
            state="done",
            score=95 - 3 * n,
            must_haves_met=n % 4 != 1,
        )
        applied.append(application)
    for stage in stages[1:]:
        ApplicationFactory.create_batch(3, posting=posting, stage=stage)
    return stages, applied


def _measure(page: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(MEASURE)
    print("board layout at", page.viewport_size, result)  # the figures the issue asks for
    return result


def test_every_column_and_eight_cards_of_a_full_one_fit_a_laptop_screen(
    open_as, hiring_manager, posting
):
    stages, _applied = _fill(posting)
    page = open_as(hiring_manager.user)
    page.set_viewport_size(LAPTOP)
    page.goto(f"/postings/{posting.pk}/board/")
    layout = _measure(page)
    assert len(layout["columns"]) == len(stages) == 6
    assert all(column["head"] for column in layout["columns"]), layout
    assert layout["columns"][0]["cards"] >= 8, layout
    assert not layout["scrollsSideways"]
    # The board ends within the screen: no scrollbar thousands of pixels down the page.
    assert layout["boardBottom"] <= LAPTOP["height"], layout
    # Narrower, the board scrolls sideways by itself, its scrollbar still on screen.
    page.set_viewport_size({"width": 1000, "height": 900})
    narrow = _measure(page)
    assert narrow["boardBottom"] <= 900, narrow
    sideways = (
        "() => { const board = document.querySelector('.board');"
        " return board.scrollWidth > board.clientWidth; }"
    )
    assert page.evaluate(sideways)


def test_on_a_phone_the_board_page_scrolls_as_a_whole(open_as, hiring_manager, posting):
    _fill(posting)
    page = open_as(hiring_manager.user)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/postings/{posting.pk}/board/")
    layout = _measure(page)
    # No column boxed into a sliver of the screen: the first shows its 25 cards, one below
    # the other, and the page is as long as they are.
    assert layout["pageHeight"] > 844 * 2, layout
    first = page.locator(".column").first.locator(".cards")
    assert first.evaluate("list => list.scrollHeight <= list.clientHeight + 1")


def test_the_fit_badge_shows_the_score_band_and_opens_the_breakdown(
    open_as, hiring_manager, posting
):
    _stages, applied = _fill(posting)
    page = open_as(hiring_manager.user)
    page.set_viewport_size(LAPTOP)
    page.goto(f"/postings/{posting.pk}/board/")
    best, missing = applied[0], applied[1]
    expect(page.locator(f"#card-{best.pk} .fit-score")).to_have_class("fit-score fit-high")
    # 92 with a must-have missing: still high, with its own mark beside it.
    expect(page.locator(f"#card-{missing.pk} .fit-score")).to_have_class("fit-score fit-high")
    expect(page.locator(f"#card-{missing.pk} .fit-must")).to_be_visible()
    assert page.locator(f"#card-{best.pk} .fit-must").count() == 0
    page.locator(f"#card-{best.pk} .fit-score").click()
    page.wait_for_url(f"**/applications/{best.pk}/#fit")
    expect(page.locator("#fit .fit-breakdown")).to_be_visible()


def test_the_move_menu_opens_and_moves_a_card(open_as, hiring_manager, posting):
    stages, applied = _fill(posting)
    card = applied[2]
    page = open_as(hiring_manager.user)
    page.set_viewport_size(LAPTOP)
    page.goto(f"/postings/{posting.pk}/board/")
    select = page.locator(f"#move-{card.pk}")
    expect(select).to_be_hidden()
    # One menu open at a time: opening another closes the first.
    page.locator(f"#card-{applied[0].pk} .card-move summary").click()
    expect(page.locator(f"#move-{applied[0].pk}")).to_be_visible()
    page.locator(f"#card-{card.pk} .card-move summary").click()
    expect(select).to_be_visible()
    expect(page.locator(f"#move-{applied[0].pk}")).to_be_hidden()
    # It offers the next stage first; the card's own stage can't be chosen.
    assert select.input_value() == str(stages[1].pk)
    select.select_option(str(stages[4].pk))
    page.locator(f"#card-{card.pk} .move-form button").click()
    page.wait_for_selector(f"#column-{stages[4].pk} #card-{card.pk}")
    expect(page.locator(f"#column-{stages[4].pk} .count")).to_have_text("4")
    card.refresh_from_db()
    assert card.stage == stages[4]
    assert ApplicationEvent.objects.filter(application=card, kind="moved").count() == 1


def test_without_javascript_the_move_menu_is_a_plain_form(
    browser, live_server, hiring_manager, posting
):
    from django.conf import settings
    from django.test import Client

    from tests.conftest import sign_in

    stages, applied = _fill(posting)
    card = applied[4]
    client = sign_in(Client(), hiring_manager.user)
    context = browser.new_context(
        viewport=LAPTOP, base_url=live_server.url, java_script_enabled=False
    )
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    try:
        page = context.new_page()
        page.goto(f"/postings/{posting.pk}/board/?sort=name")
        page.locator(f"#card-{card.pk} .card-move summary").click()
        page.locator(f"#move-{card.pk}").select_option(str(stages[2].pk))
        with page.expect_navigation():
            page.locator(f"#card-{card.pk} .move-form button").click()
        # Back on the board, its filters kept, the card in its new column.
        assert page.url.endswith(f"/postings/{posting.pk}/board/?sort=name")
        expect(page.locator(f"#column-{stages[2].pk} #card-{card.pk}")).to_have_count(1)
    finally:
        context.close()
    card.refresh_from_db()
    assert card.stage == stages[2]
