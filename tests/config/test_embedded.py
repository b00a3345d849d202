"""The servers `make run` and `make test` start on a machine without PostgreSQL or Redis."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import psycopg
import pytest
import redis

from tests.conftest import run_python


@pytest.fixture
def data_dir():
    # Not pytest's tmp_path: when tests run as root, pgserver runs PostgreSQL as its own
    # unprivileged user, which must be able to reach the folder.
    path = Path(tempfile.mkdtemp(prefix="shortlist-embedded-"))
    path.chmod(0o755)
    yield path
    run_python("from config import embedded; embedded.stop()", {"SHORTLIST_DATA_DIR": str(path)})
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.slow
def test_it_starts_real_postgresql_and_redis_from_wheels(data_dir):
    env = {"SHORTLIST_DATA_DIR": str(data_dir)}
    result = run_python(
        "from config import embedded;"
        "print(embedded.postgres_url()); print(embedded.redis_url(db=2))",
        env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    database_url, redis_url = result.stdout.split()
    assert str(data_dir) in database_url
    assert redis_url.startswith(f"unix://{data_dir}/redis/redis.sock")

    with psycopg.connect(database_url) as connection:
        version = connection.execute("SHOW server_version").fetchone()
        name = connection.execute("SELECT current_database()").fetchone()
    assert version
    assert name
    version, name = version[0], name[0]
    assert int(version.split(".")[0]) >= 15
    assert name == "shortlist"

    client = redis.Redis.from_url(redis_url)
    client.set("probe", "1")
    assert client.get("probe") == b"1"
    assert client.connection_pool.connection_kwargs["db"] == 2

    # A second call reuses the running servers instead of starting new ones.
    again = run_python(
        "from config import embedded; print(embedded.running(), embedded.postgres_url())", env
    )
    assert again.stdout.split() == ["True", database_url]


@pytest.mark.slow
@pytest.mark.parametrize(("django_env", "redis_db"), [("local", 0), ("test", 1)])
def test_settings_fall_back_to_the_embedded_servers_when_urls_are_unset(
    data_dir, django_env, redis_db
):
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "from django.db import connection; connection.ensure_connection();"
        "print(settings.DATABASES['default']['HOST']); print(settings.REDIS_URL)"
    )
    env = {
        "SHORTLIST_DATA_DIR": str(data_dir),
        "DATABASE_URL": "",
        "REDIS_URL": "",
        "DJANGO_ENV": django_env,
    }
    result = run_python(code, env, timeout=120)
    assert result.returncode == 0, result.stderr
    host, redis_url = result.stdout.split()
    assert host == str(data_dir / "postgres")
    # Tests get their own Redis database, so a test run never flushes the dev queues.
    assert redis_url == f"unix://{data_dir}/redis/redis.sock?db={redis_db}"
