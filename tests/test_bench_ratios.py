"""The pieces of bench/ratios.py that need no servers: the bare project, the gunicorn command it
shares with the app, and the reading of wrk's output (the benchmark itself is not run here)."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from bench import ratios

WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:41234/careers/kolanut/payments-engineer/
  2 threads and 16 connections
  Latency Distribution
     50%   85.20ms
     75%  101.00ms
     90%  130.11ms
     99%    1.02s
  412 requests in 2.01s, 1.22MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:    205.03
Transfer/sec:    621.50KB
"""


def test_the_bare_project_answers_ok_with_no_middleware():
    from bench.bare import settings

    assert settings.MIDDLEWARE == []
    assert settings.DATABASES == {}
    with override_settings(ROOT_URLCONF="bench.bare.urls", MIDDLEWARE=[]):
        response = Client().get("/")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_the_bare_project_runs_under_the_apps_own_gunicorn_command():
    app, bare = ratios.gunicorn_command(ratios.APP), ratios.gunicorn_command(ratios.BARE_APP)
    assert app.startswith("exec gunicorn config.wsgi:application ")
    assert bare == app.replace("config.wsgi:application", "bench.bare.wsgi:application")
    assert "--workers" in bare
    assert "${BIND" in bare


def test_wrk_output_is_read_with_every_kind_of_error():
    result = ratios.parse_wrk("posting page", WRK_OUTPUT)
    assert (result.rps, result.p50_ms, result.p99_ms) == (205.03, 85.2, 1020.0)
    assert (result.requests, result.errors) == (412, 3 + 4)
    # The apply script counts every answer but its redirect itself, 4xx and 5xx among them.
    assert result.error_kinds == {"socket read": 1, "socket timeout": 2, "non-2xx/3xx": 4}
    counted = ratios.parse_wrk(
        "apply POST", WRK_OUTPUT + "UNEXPECTED 9\nSTATUS 500 2\nSTATUS 403 7\n"
    )
    assert counted.errors == 3 + 9
    # What the errors were, so a missed goal says why.
    assert counted.error_kinds == {
        "status 500": 2,
        "status 403": 7,
        "socket read": 1,
        "socket timeout": 2,
    }


def test_unreadable_wrk_output_is_a_clear_error():
    with pytest.raises(SystemExit, match=r"in wrk.s output"):
        ratios.parse_wrk("bare", "wrk: unable to connect\n")


def test_a_run_where_nothing_finished_counts_every_connection_as_an_error():
    silent = WRK_OUTPUT.replace("412 requests", "0 requests").replace("Socket errors", "x")
    silent = silent.replace("Non-2xx", "x")
    assert ratios.parse_wrk("profile", silent).errors == ratios.CONNECTIONS


def test_pages_compared_across_sizes_are_marked_as_a_connection_per_request():
    # Keep-alive connections stay on the worker that accepted them, 16/0 in some runs: a page
    # compared with itself at another size asks Connection: close; a ratio to bare keeps alive.
    load = ratios.parse_wrk("x", WRK_OUTPUT)
    bare = ratios.Row("bare Django", "/", keep_alive=True, load=load)
    posting = ratios.Row("posting page", "/careers/a/b/", keep_alive=True, load=load)
    profile = ratios.Row("profile, 10", "/applications/1/", "profile", 10, load=load)
    assert bare.load is not None
    table = ratios.headline_table([posting, profile], bare.load, {}).splitlines()
    assert table[1].startswith("posting page  ")
    assert table[2].startswith("profile, 10 *")
    assert table[3] == ratios.CLOSE_NOTE
    assert "Connection: close" in ratios.CLOSE_NOTE
    assert ratios._json_row(profile, load)["keep_alive"] is False
