"""The extension points upper apps use to add to candidates' pages (candidates.extensions)."""

from __future__ import annotations

import pytest

from candidates import extensions
from candidates.models import ApplicationEvent
from candidates.services import move_application, reject_application
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(posting):
    return ApplicationFactory.create(posting=posting, stage=posting.stages.order_by("order")[0])


def _profile(persona, application) -> str:
    return persona.client.get(f"/applications/{application.pk}/").content.decode()


def test_a_registered_panel_shows_on_the_profile_in_its_order(
    hiring_manager, application, monkeypatch
):
    panel = extensions.Panel(
        name="interviews", order=5, url=lambda a: f"/interviews/for/{a.pk}/", title="Interviews"
    )
    monkeypatch.setitem(extensions.PROFILE_PANELS, panel.name, panel)
    page = _profile(hiring_manager, application)
    loaded = f'hx-get="/interviews/for/{application.pk}/" hx-trigger="load"'
    assert loaded in page
    assert f'<a href="/interviews/for/{application.pk}/">Interviews</a>' in page
    assert page.index(loaded) < page.index(f'hx-get="/applications/{application.pk}/fit/"')


def test_a_panel_rendered_in_place_gets_its_own_context(hiring_manager, application, monkeypatch):
    panel = extensions.Panel(
        name="inline",
        order=1,
        render=lambda request, a: (
            "candidates/timeline/rejected.html",
            {"event": {"data": {"reason": f"inline {a.pk}"}}},
        ),
    )
    monkeypatch.setitem(extensions.PROFILE_PANELS, panel.name, panel)
    assert f"<span>inline {application.pk}</span>" in _profile(hiring_manager, application)


def test_each_event_kind_renders_through_its_timeline_template(
    hiring_manager, application, posting, monkeypatch
):
    stages = list(posting.stages.order_by("order"))
    moved = move_application(
        application, to_stage=stages[1], by=hiring_manager.user, expected_version=1
    )
    reject_application(
        moved, by=hiring_manager.user, reason="Missing a must-have skill", send_email=True
    )
    ApplicationEvent.objects.create(application=application, kind="hired")
    page = _profile(hiring_manager, application)
    assert f"<span>{stages[0].name} → {stages[1].name}</span>" in page
    assert "<span>Missing a must-have skill</span>" in page
    assert "(rejection email)" in page
    assert "now Scheduled" in page
    assert '<span class="muted">goes ' in page
    assert 'id=""' not in page
    # An upper app's kind, or one of candidates' own, can be rendered by another template.
    monkeypatch.setattr(extensions, "TIMELINE_RENDERERS", dict(extensions.TIMELINE_RENDERERS))
    extensions.add_timeline_renderer("hired", "candidates/timeline/details_merged.html")
    ApplicationEvent.objects.filter(kind="hired").update(data={"fields": ["a", "b"]})
    assert "<span>a, b</span>" in _profile(hiring_manager, application)
