from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_database_url, env_int, env_redis_url, parse_email_url
from tests.conftest import run_python

pytestmark = pytest.mark.django_db

LOAD_SETTINGS = "import django; django.setup(); print('loaded')"


def test_it_names_the_variable_of_a_malformed_boolean(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match=r"DEBUG must be a boolean .* got 'maybe'"):
        env_bool("DEBUG", False)


def test_it_names_the_variable_of_a_malformed_number(monkeypatch):
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "a year")
    with pytest.raises(ImproperlyConfigured, match="SECURE_HSTS_SECONDS must be a whole number"):
        env_int("SECURE_HSTS_SECONDS", 0)
    monkeypatch.setenv("SECURE_HSTS_SECONDS", "-5")
    with pytest.raises(ImproperlyConfigured, match="SECURE_HSTS_SECONDS must be at least 0"):
        env_int("SECURE_HSTS_SECONDS", 0, minimum=0)


def test_it_accepts_only_postgresql_database_urls():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must be a PostgreSQL URL"):
        env_database_url("DATABASE_URL", "sqlite:///db.sqlite3")
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must name a database"):
        env_database_url("DATABASE_URL", "postgres://db.example:5432")
    parsed = env_database_url("DATABASE_URL", "postgres://u:p@db.example:5433/shortlist")
    assert (parsed["HOST"], parsed["PORT"], parsed["NAME"]) == ("db.example", 5433, "shortlist")


def test_it_refuses_redis_urls_without_a_host():
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL must be a redis://"):
        env_redis_url("REDIS_URL", "127.0.0.1:6379")
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL must name a host"):
        env_redis_url("REDIS_URL", "redis://:6379/0")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mail.example.com", "EMAIL_URL must start with one of"),
        ("smtp://", "EMAIL_URL must name the SMTP host"),
        ("smtp://mail.example.com:twenty-five", "EMAIL_URL has a port that is not a number"),
        ("smtps://mail.example.com/?tls=true", "EMAIL_URL cannot ask for both SSL and STARTTLS"),
    ],
)
def test_it_refuses_a_malformed_email_url(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        parse_email_url("EMAIL_URL", url)


def test_it_reads_smtp_credentials_and_tls_from_the_email_url():
    config = parse_email_url("EMAIL_URL", "smtp+tls://apikey:p%40ss@smtp.example.com:2587")
    assert config.backend.endswith("smtp.EmailBackend")
    assert (config.host, config.port, config.user, config.password) == (
        "smtp.example.com",
        2587,
        "apikey",
        "p@ss",
    )
    assert config.use_tls
    assert not config.use_ssl
    assert parse_email_url("EMAIL_URL", "smtps://smtp.example.com").port == 465


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"]
)
def test_production_refuses_to_start_without_each_required_variable(production_env, missing):
    result = run_python(LOAD_SETTINGS, {**production_env, missing: ""})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} must" in result.stderr
    assert "loaded" not in result.stdout


def test_a_malformed_value_stops_start_up_naming_the_variable(production_env):
    result = run_python(LOAD_SETTINGS, {**production_env, "EMAIL_URL": "postcard://mailroom"})
    assert result.returncode != 0
    assert "EMAIL_URL must start with one of" in result.stderr
    result = run_python(LOAD_SETTINGS, {"DJANGO_ENV": "prod"})
    assert "DJANGO_ENV must be one of local, test, staging, production, got 'prod'" in result.stderr


def test_production_settings_pass_check_deploy_without_warnings(production_env):
    code = (
        "import django; django.setup();"
        "from django.core.management import call_command;"
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = run_python(code, production_env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    # With preload opted in, the check has nothing left to silence.
    result = run_python(code, {**production_env, "SECURE_HSTS_PRELOAD": "true"})
    assert result.returncode == 0, result.stderr


def test_env_example_documents_every_variable_the_code_reads():
    import re

    from tests.conftest import ROOT

    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    read = set()
    for source in [*(ROOT / "config").glob("*.py"), *(ROOT / "deploy").glob("*.sh")]:
        text = source.read_text()
        read |= set(re.findall(r"env_\w+\(\s*\"([A-Z][A-Z0-9_]+)\"", text))
        read |= set(re.findall(r"os\.environ\.get\(\s*\"([A-Z][A-Z0-9_]+)\"", text))
        read |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]+):-", text))
    undocumented = read - documented - {"DJANGO_SETTINGS_MODULE"}
    assert not undocumented, f"add these to .env.example: {sorted(undocumented)}"
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"} <= read


def test_resumes_go_to_private_object_storage_when_a_bucket_is_set():
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "from django.core.files.storage import default_storage as s;"
        "s._setup(); print(type(s._wrapped).__name__, s.bucket_name, s.default_acl,"
        " s.querystring_auth, s.endpoint_url)"
    )
    result = run_python(code, {"S3_BUCKET": "resumes", "S3_ENDPOINT_URL": "http://127.0.0.1:9000"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "resumes",
        "private",
        "True",
        "http://127.0.0.1:9000",
    ]
    local = run_python(code.split("print(")[0] + "print(type(s._wrapped).__name__)", {})
    assert local.stdout.split() == ["FileSystemStorage"]
