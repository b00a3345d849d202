"""The board's cards, built in Python (candidates.cards) with the extras' render functions:
what they show, escaped as the templates did."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from candidates import board, cards, extensions
from candidates.models import Application
from interviews import scorecards
from interviews.models import Interview
from screening.models import FitScore
from tests.factories import ApplicationFactory, TagFactory, make_interview_kind
from tests.interviews.helpers import held_interview

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query", [{}, {"q": "A&B", "sort": "newest", "closed": "on", "source": 'x"y'}]
)
def test_a_card_built_in_python_shows_everything_escaped(posting, interviewer, query):
    stages = list(posting.stages.order_by("order"))
    stages[1].name = "O'Brien <b>"
    stages[1].save()
    a = ApplicationFactory.create(posting=posting, stage=stages[0], knockout=True, source="ref&<x>")
    a.tags.add(TagFactory.create(organization=posting.organization, name="fin<tech>"))
    b = ApplicationFactory.create(posting=posting, stage=stages[1], status="rejected")
    b.candidate.name = "Zoë 'Q' <Smith>"
    b.candidate.save()
    FitScore.objects.create(
        application=a,
        posting_id=posting.pk,
        state="done",
        score=71.6,
        must_haves_met=False,
        resume_unreadable=True,
    )
    FitScore.objects.create(application=b, posting_id=posting.pk)
    kind = make_interview_kind(posting)
    past = held_interview(a, kind, [interviewer.user])
    scorecards.submit_scorecard(
        past, by=interviewer.user, answers=scorecards.Answers(recommendation="yes")
    )

    Interview.objects.create(
        application=a,
        kind=kind,
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1, hours=1),
    )
    filters = board.parse_filters(query)
    loaded = (
        Application.objects.filter(posting=posting)
        .annotate(**extensions.card_annotations())
        .select_related("candidate", *extensions.card_relations())
        .prefetch_related("tags")
    )
    build = cards.CardBuilder(stages, filters, board.CSRF_SLOT)
    built = {app.pk: build(app) for app in loaded}
    card, closed = built[a.pk], built[b.pk]
    query = "?q=A%26B&amp;source=x%22y&amp;closed=1&amp;sort=newest" if query else ""
    assert card.startswith(
        f'<li class="card is-open" id="card-{a.pk}" data-id="{a.pk}" data-version="1">'
        f'<div class="card-top"><a class="card-name" href="/applications/{a.pk}/{query}">'
    )
    # The extras in their places: the fit badge beside the name (its band by the score, the
    # missing must-have as its own mark, a link to the breakdown), the next interview and
    # scorecards on the meta line, the schedule link among the actions.
    assert (
        f'<span class="card-fit"><a class="fit-score fit-mid" href="/applications/{a.pk}/#fit" '
        'title="Fit score 72 of 100 · a must-have is not fully met · resume unreadable: scored '
        'on the form only · See the breakdown">72*</a><span class="fit-must" title="a must-have '
        'is not fully met"><span aria-hidden="true">!</span><span class="visually-hidden">a '
        "must-have is not fully met</span></span></span></div>"
    ) in card
    meta = card.split('<p class="card-meta">')[1].split("</p>")[0]
    assert meta.startswith("<span>0 days in stage · ref&amp;&lt;x&gt;</span>")
    assert '<span class="badge" title="Scorecards submitted">1 scorecard</span></span>' in meta
    assert '<span class="badge badge-tag">fin&lt;tech&gt;</span>' in meta
    assert "Knockout answer" in meta
    actions = card.split('<div class="card-actions">')[1]
    # The primary action (Advance) first, then the extras' actions (schedule), then Move.
    advance, rest = actions.split("</a>", 1)
    assert advance.startswith('<a class="button card-advance" data-dialog')
    assert f'href="/applications/{a.pk}/advance/?from=board' in advance
    assert rest.startswith(f'<a class="card-action" href="/applications/{a.pk}/interviews/new/"')
    # The move control is a menu: a <details> whose form posts without JavaScript.
    assert (
        '<details class="card-move"><summary>Move<span class="visually-hidden"> '
        f"{a.candidate.name}</span></summary>"
        f'<form class="move-form" method="post" action="/applications/{a.pk}/move/"'
    ) in actions
    assert f'value="{board.CSRF_SLOT}"' in card
    assert '<input type="hidden" name="version" value="1">' in card
    # The card's own stage is shown but can't be chosen; the next one is chosen.
    assert f'<option value="{stages[0].pk}" disabled>Applied (current)</option>' in card
    assert f'<option value="{stages[1].pk}" selected>O&#x27;Brien &lt;b&gt;</option>' in card
    if query:
        assert '<input type="hidden" name="source" value="x&quot;y">' in card
        assert '<input type="hidden" name="sort" value="newest">' in card
    assert card.endswith('class="button-secondary">Move</button></form></details></div></li>\n')
    # The primary action first among the actions: Advance into the next stage (its name
    # escaped), keeping the filters.
    assert '<div class="card-actions"><a class="button card-advance" data-dialog' in card
    assert 'aria-label="Advance to O&#x27;Brien &lt;b&gt;"' in card
    assert '<span aria-hidden="true">→ O&#x27;Brien &lt;b&gt;</span></a>' in card
    assert "/advance/?from=board" + ("&amp;q=A%26B" if query else '"') in card
    assert "card-advance" not in closed
    # A closed card: its status, no actions (no move menu, no schedule link); the pending score.
    assert "Zoë &#x27;Q&#x27; &lt;Smith&gt;</a>" in closed
    assert '<span class="badge">Rejected</span>' in closed
    assert "card-actions" not in closed
    assert "move-form" not in closed
    assert "card-action" not in closed
    assert 'title="scoring… · See the breakdown">scoring…</a></span>' in closed
    assert "fit-must" not in closed


def _card(posting, application):
    stages = list(posting.stages.order_by("order"))
    loaded = (
        Application.objects.filter(pk=application.pk)
        .annotate(**extensions.card_annotations())
        .select_related("candidate", *extensions.card_relations())
        .prefetch_related("tags")
    )
    return cards.CardBuilder(stages, board.parse_filters({}), board.CSRF_SLOT)(loaded.get())


@pytest.mark.parametrize(
    ("score", "met", "band"),
    [
        (93, False, "high"),
        (93, True, "high"),
        (75, True, "high"),
        (74.4, True, "mid"),
        (50, False, "mid"),
        (49, True, "low"),
        (7, False, "low"),
        (None, True, "none"),
    ],
)
def test_the_fit_badge_is_coloured_by_the_score_and_marks_a_missing_must_have_apart(
    posting, score, met, band
):
    application = ApplicationFactory.create(posting=posting)
    FitScore.objects.create(
        application=application,
        posting_id=posting.pk,
        state="done",
        score=score,
        must_haves_met=met,
    )
    card = _card(posting, application)
    assert f'<a class="fit-score fit-{band}" href="/applications/{application.pk}/#fit"' in card
    assert ('class="fit-must"' in card) is (score is not None and not met)


def test_the_list_shows_the_same_badge_as_the_board(hiring_manager, posting):
    application = ApplicationFactory.create(posting=posting)
    FitScore.objects.create(
        application=application, posting_id=posting.pk, state="done", score=88, must_haves_met=False
    )
    card = _card(posting, application)
    badge = '<span class="card-fit">' + card.split('<span class="card-fit">')[1].split("</div>")[0]
    listing = hiring_manager.client.get(f"/postings/{posting.pk}/applications/").content.decode()
    assert badge in listing
    assert 'class="fit-must"' in badge


@pytest.mark.parametrize(("here", "chosen"), [(0, 1), (3, 4), (5, 4)])
def test_the_move_menu_offers_the_next_stage_and_never_the_cards_own(posting, here, chosen):
    stages = list(posting.stages.order_by("order"))
    application = ApplicationFactory.create(posting=posting, stage=stages[here])
    card = _card(posting, application)
    assert card.count(" selected>") == 1
    assert f'<option value="{stages[chosen].pk}" selected>' in card
    assert card.count(" disabled>") == 1
    assert f'<option value="{stages[here].pk}" disabled>{stages[here].name} (current)' in card
