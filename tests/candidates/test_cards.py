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
    # The extras in their order: next interview and scorecards, the schedule link, the fit.
    assert '<span class="badge" title="Scorecards submitted">1 scorecard</span></span>' in card
    assert f'<a class="card-action" href="/applications/{a.pk}/interviews/new/"' in card
    assert (
        '<a class="fit-score fit-low" href="/fit-scores/" title="Fit score 72 of 100 · a '
        "must-have is not fully met · resume unreadable: scored on the form only · How fit "
        'scores work">72*</a></div>'
    ) in card
    assert '<p class="card-meta">0 days in stage · ref&amp;&lt;x&gt;</p>' in card
    assert '<span class="badge badge-tag">fin&lt;tech&gt;</span>' in card
    assert "Knockout answer" in card
    assert f'value="{board.CSRF_SLOT}"' in card
    assert f'<option value="{stages[0].pk}" selected>Applied</option>' in card
    assert f'<option value="{stages[1].pk}">O&#x27;Brien &lt;b&gt;</option>' in card
    if query:
        assert '<input type="hidden" name="source" value="x&quot;y">' in card
        assert '<input type="hidden" name="sort" value="newest">' in card
    # Its primary action last: Advance into the next stage (named escaped), filters kept.
    assert 'class="button-secondary">Move</button></form><a class="button card-advance"' in card
    assert card.endswith(">Advance to O&#x27;Brien &lt;b&gt;</a></li>\n")
    assert "/advance/?from=board" + ("&amp;q=A%26B" if query else '"') in card
    assert "card-advance" not in closed
    # A closed card: its status, no move form, no schedule link; the pending score.
    assert "Zoë &#x27;Q&#x27; &lt;Smith&gt;</a>" in closed
    assert '<span class="badge">Rejected</span>' in closed
    assert "move-form" not in closed
    assert "card-action" not in closed
    assert 'title="scoring… · How fit scores work">scoring…</a>' in closed
