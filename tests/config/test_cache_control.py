"""Responses with candidate data never land in a browser's or a proxy's cache."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.test import RequestFactory

from config.middleware import NoStoreMiddleware
from tests.factories import ApplicationFactory, PostingFactory

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives and "public" not in directives


@pytest.fixture
def application(organization):
    posting = PostingFactory.create(organization=organization, status="open")
    application = ApplicationFactory.create(posting=posting)
    application.resume.save("cv.txt", ContentFile(b"Ada Okafor, Python"), save=True)
    return application


def test_a_profile_page_is_not_stored(recruiter, application):
    response = recruiter.client.get(f"/applications/{application.pk}/")
    assert response.status_code == 200
    assert _no_store(response)


def test_a_resume_download_is_not_stored(recruiter, application):
    response = recruiter.client.get(f"/applications/{application.pk}/resume/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Ada Okafor, Python"
    assert _no_store(response)


def test_the_board_and_its_htmx_fragments_are_not_stored(recruiter, application):
    board = f"/postings/{application.posting_id}/board/"
    assert _no_store(recruiter.client.get(board))
    assert _no_store(recruiter.client.get(board, headers={"HX-Request": "true"}))


def test_admin_pages_are_not_stored_even_signed_out(superuser, application):
    assert _no_store(superuser.client.get("/admin/"))
    assert _no_store(
        superuser.client.get(f"/admin/candidates/application/{application.pk}/change/")
    )
    assert _no_store(superuser.client.get("/admin/rq/"))
    from django.test import Client

    assert _no_store(Client().get("/admin/login/"))


def test_a_refusal_to_a_signed_in_user_is_not_stored_either(outsider, application):
    response = outsider.client.get(f"/applications/{application.pk}/")
    assert response.status_code == 404
    assert _no_store(response)


def test_public_careers_pages_keep_their_caching(client, application):
    org = application.posting.organization.slug
    for url in (
        f"/careers/{org}/",
        f"/careers/{org}/feed.xml",
        f"/careers/{org}/{application.posting.slug}/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", "")


def test_a_stricter_value_set_by_the_view_is_kept(recruiter):
    response = recruiter.client.get("/healthz")
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def _through_middleware(response: HttpResponseBase) -> HttpResponseBase:
    request: HttpRequest = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    return NoStoreMiddleware(lambda _request: response)(request)


def test_any_file_download_is_not_stored_whoever_asks():
    assert _no_store(_through_middleware(FileResponse(io.BytesIO(b"x"), as_attachment=True)))
    attachment = HttpResponse(
        "a,b", headers={"Content-Disposition": 'attachment; filename="x.csv"'}
    )
    assert _no_store(_through_middleware(attachment))
    page = HttpResponse("public", headers={"Cache-Control": "public, max-age=300"})
    assert _through_middleware(page)["Cache-Control"] == "public, max-age=300"


def test_a_weaker_value_set_by_a_view_is_made_strict_for_a_signed_in_user(recruiter):
    request: HttpRequest = RequestFactory().get("/somewhere/")
    request.user = recruiter.user
    response = HttpResponse("yours", headers={"Cache-Control": "public, max-age=300"})
    assert _no_store(NoStoreMiddleware(lambda _request: response)(request))
