"""What CI can prove about the Docker deployment without a Docker engine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, free_port, run_python

pytestmark = pytest.mark.django_db


def test_the_compose_file_names_the_whole_stack():
    compose = yaml.safe_load((ROOT / "deploy" / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "sweeper", "migrate", "postgres", "redis"} <= set(services)
    assert services["sweeper"]["command"] == ["python", "manage.py", "sweep_outbox"]
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert (
        services["worker"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    )
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    for name in ("postgres", "redis", "web"):
        assert services[name]["healthcheck"]["test"], f"{name} has no health check"
    for name in ("web", "worker"):
        assert "media:/app/media" in services[name]["volumes"]
        assert services[name]["env_file"] == "../.env"
    assert {"pgdata", "redisdata", "media"} <= set(compose["volumes"])


def test_the_dockerfile_builds_in_stages_and_runs_unprivileged():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.count("\nFROM ") + dockerfile.startswith("FROM ") >= 2
    assert "COPY --from=build /opt/venv /opt/venv" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "\nUSER shortlist\n" in dockerfile
    assert 'CMD ["deploy/start-web.sh"]' in dockerfile


def _unprivileged_prefix(database_host: str, redis_url: str) -> list[str]:
    """Run as a non-root user, as the image does; we are that already unless we are root."""
    if os.geteuid() != 0:
        return []
    if redis_url.startswith("unix://"):
        pytest.skip("as root, the embedded Redis socket is private to root; CI uses Redis over TCP")
    # The embedded PostgreSQL's socket lives in a folder only its own user may enter.
    user = "pgserver" if database_host.startswith("/") else "nobody"
    group = "pgserver" if user == "pgserver" else "nogroup"
    prefix = ["setpriv", f"--reuid={user}", f"--regid={group}", "--clear-groups"]
    probe = subprocess.run(
        [*prefix, "sh", "-c", f"cd {ROOT} && python -c 'import django'"],
        env={**os.environ, "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin"},
        capture_output=True,
    )
    if probe.returncode != 0:
        pytest.skip(
            f"{sys.executable} or {ROOT} is not reachable by the unprivileged user {user}; "
            "build the venv from a world-readable Python (CI uses /usr/bin/python3)"
        )
    return prefix


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.slow
def test_the_start_command_serves_readyz_as_a_non_root_user_with_production_settings(
    production_env,
):
    from django.db import connection

    port = free_port()
    static_root = Path(tempfile.mkdtemp(prefix="shortlist-static-"))
    home = Path(tempfile.mkdtemp(prefix="shortlist-home-"))
    prefix = _unprivileged_prefix(
        connection.settings_dict["HOST"] or "", production_env["REDIS_URL"]
    )
    if prefix:
        for folder in (static_root, home):
            shutil.chown(folder, user=prefix[1].split("=")[1])
    env = {
        **os.environ,
        **production_env,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "BIND": f"127.0.0.1:{port}",
        "STATIC_ROOT": str(static_root),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_TMP_DIR": "/dev/shm" if Path("/dev/shm").is_dir() else tempfile.gettempdir(),
        "HOME": str(home),
    }
    env.pop("DEBUG", None)
    process = subprocess.Popen(
        [*prefix, str(ROOT / "deploy" / "start-web.sh")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        status, body = 0, ""
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/readyz")
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.3)
        assert process.poll() is None, (
            f"start command exited: {process.stdout.read() if process.stdout else ''}"
        )
        assert status == 200, body
        assert '"database": "ok"' in body
        assert '"redis": "ok"' in body
        # Static files were collected by the start command into the manifest storage.
        assert (static_root / "staticfiles.json").exists()
        assert (static_root / "css" / "app.css").exists()
        # The app itself answers through the SSL redirect, as production behind a proxy would.
        home_status, _ = _get(f"http://127.0.0.1:{port}/healthz")
        assert home_status == 200
        owner = subprocess.run(
            ["ps", "-o", "user=", "--ppid", str(process.pid)], capture_output=True, text=True
        ).stdout.split()
        assert owner, "gunicorn started no workers"
        assert "root" not in owner
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(static_root, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)


def test_readyz_names_the_database_when_it_is_unreachable(production_env):
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/readyz', secure=True, HTTP_HOST='127.0.0.1');"
        "print(r.status_code, r.content.decode())"
    )
    env = {**production_env, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing"}
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert '"failed": ["database"]' in body
    assert "OperationalError" in body


def test_web_workers_are_recycled_rarely_and_not_together():
    """Recycling is a safety net (worker memory stays flat: bench/ratios.py's soak), not a
    cost every 2,000 requests; the jitter keeps the workers from restarting at once."""
    import re

    script = (ROOT / "deploy" / "start-web.sh").read_text()
    requests = re.search(r'--max-requests "\$\{GUNICORN_MAX_REQUESTS:-(\d+)\}"', script)
    jitter = re.search(r'--max-requests-jitter "\$\{GUNICORN_MAX_REQUESTS_JITTER:-(\d+)\}"', script)
    assert requests, "start-web.sh no longer sets recycling from the environment"
    assert jitter, "start-web.sh no longer jitters the recycling"
    assert int(requests.group(1)) >= 50_000
    assert int(jitter.group(1)) >= int(requests.group(1)) // 20
