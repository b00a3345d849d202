"""Request bodies: an oversized one is refused before anything reads it, a slow one is cut off
at a deadline, and neither ever reaches a view."""

from __future__ import annotations

import io
import socket
import threading
import time

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import RequestFactory

from candidates.uploads import MAX_RESUME_BYTES
from config.middleware import RequestBodyMiddleware


class ExplodingStream(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


class SlowStream(io.RawIOBase):
    """Sends a few bytes per read, each after a pause: a client on a crawling connection."""

    def __init__(self, pause: float) -> None:
        self.pause = pause
        self.reads = 0

    def read(self, size=-1):
        time.sleep(self.pause)
        self.reads += 1
        return b"a=" + b"b" * 8

    readline = read


def _view(request):
    return HttpResponse("the view ran")


def _post(stream, length: int, content_type: str = "application/x-www-form-urlencoded"):
    request = RequestFactory().generic("POST", "/postings/new/", b"", content_type=content_type)
    request.META["CONTENT_LENGTH"] = str(length)
    request.META["CONTENT_TYPE"] = content_type  # RequestFactory sets it only with a body
    request._set_content_type_params(request.META)  # type: ignore[attr-defined]
    request.META["wsgi.input"] = stream
    request._stream = stream
    return request


def test_the_limit_fits_the_apply_form_and_no_more():
    assert MAX_RESUME_BYTES < django_settings.MAX_REQUEST_BODY_BYTES
    assert django_settings.MAX_REQUEST_BODY_BYTES <= MAX_RESUME_BYTES + 2 * 1024 * 1024


def test_an_announced_oversized_body_is_refused_unread():
    middleware = RequestBodyMiddleware(_view)
    request = _post(ExplodingStream(), 50 * 1024 * 1024)
    response = middleware.process_view(request, _view, (), {})
    assert response is not None
    assert response.status_code == 413
    assert isinstance(response, HttpResponse)
    assert "That upload is too large" in response.content.decode()
    assert response["Connection"] == "close"


def test_a_body_sent_too_slowly_is_cut_off_at_the_deadline(settings):
    settings.REQUEST_BODY_TIMEOUT_SECONDS = 1
    stream = SlowStream(pause=0.25)
    # Multipart bodies are read chunk by chunk; the deadline is checked between reads.
    request = _post(stream, 1024 * 1024, "multipart/form-data; boundary=xyz")
    started = time.monotonic()
    response = RequestBodyMiddleware(_view).process_view(request, _view, (), {})
    assert time.monotonic() - started < 2
    assert response is not None
    assert response.status_code == 408
    assert isinstance(response, HttpResponse)
    assert "The upload took too long" in response.content.decode()
    assert 2 <= stream.reads <= 6


def test_a_read_that_waits_for_a_dripping_client_is_cut_off_at_the_deadline(settings):
    # As under gunicorn: one read blocks until it has every byte it asked for.
    settings.REQUEST_BODY_TIMEOUT_SECONDS = 1
    server, client = socket.socketpair()
    stop = threading.Event()

    def drip():
        while not stop.is_set():
            try:
                client.sendall(b"a=bbbbbbbb")
            except OSError:
                return
            time.sleep(0.1)

    sender = threading.Thread(target=drip, daemon=True)
    sender.start()
    stream = server.makefile("rb")
    request = _post(stream, 1024 * 1024)
    request.META["gunicorn.socket"] = server
    started = time.monotonic()
    try:
        response = RequestBodyMiddleware(_view).process_view(request, _view, (), {})
    finally:
        stop.set()
        client.close()
        sender.join(timeout=2)
        server.close()
    assert time.monotonic() - started < 3
    assert response is not None
    assert response.status_code == 408


@pytest.mark.django_db
def test_an_oversized_staff_post_gets_the_413_page_through_the_whole_stack(recruiter):
    response = recruiter.client.post(
        "/postings/new/", {"title": "x"}, CONTENT_LENGTH=str(20 * 1024 * 1024)
    )
    assert response.status_code == 413
    assert "That upload is too large" in response.content.decode()


@pytest.mark.django_db
def test_the_csrf_check_still_applies_after_the_body_is_read_early(recruiter):
    recruiter.client.handler.enforce_csrf_checks = True
    response = recruiter.client.post("/postings/new/", {"title": "Backend Lead"})
    assert response.status_code == 403
