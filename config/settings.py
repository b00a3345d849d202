"""Shortlist settings: one module, read from the environment.

DJANGO_ENV picks the profile: local (the default) and test run on safe defaults, starting the
embedded PostgreSQL and Redis servers when DATABASE_URL / REDIS_URL are unset; staging and
production refuse to start without their secrets. Every variable is documented in .env.example.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import django_stubs_ext
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config import redis_breaker
from config.env import (
    env_bool,
    env_choice,
    env_database_url,
    env_int,
    env_list,
    env_redis_url,
    env_required,
    env_str,
    parse_email_url,
)

# Lets Django's generic classes be subscripted at run time (ModelForm[Posting]) for mypy.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

DJANGO_ENV = env_choice("DJANGO_ENV", ("local", "test", "staging", "production"), "local")
DEPLOYED = DJANGO_ENV in {"staging", "production"}
_WHY = f"when DJANGO_ENV={DJANGO_ENV}"

# --- Core -------------------------------------------------------------------------------------
if DEPLOYED:
    SECRET_KEY = env_required("SECRET_KEY", _WHY)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            f"ALLOWED_HOSTS must list the site's host names (comma-separated) {_WHY}."
        )
else:
    SECRET_KEY = env_str("SECRET_KEY", "local-only-insecure-key-never-used-in-production") or ""
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

DEBUG = env_bool("DEBUG", DJANGO_ENV == "local")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000") or ""

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "django_rq",
    "csp",
    "axes",
    # Two-factor sign-in: authenticator apps (TOTP) and one-time recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "postings",
    "candidates",
    "screening",
    "interviews",
    "outbox",
    "careers",
    "demo",
    "dashboard",
]

MIDDLEWARE = [
    # Probes are answered before anything else runs: they need none of what follows.
    "config.middleware.ProbeMiddleware",
    "config.middleware.RequestIdMiddleware",
    # Before CsrfViewMiddleware, which reads a POST's body: refuses an oversized one unread.
    "config.middleware.RequestBodyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A cached public page for a visitor without a session, through only the layers below that
    # shape its response (CACHED_PAGE_MIDDLEWARE): see config/public_pages.py.
    "config.public_pages.CachedPublicPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who and from where, for the audit entries the services write during the request.
    "accounts.audit.AuditContextMiddleware",
    # No browser or proxy keeps a page for a signed-in user, an admin page or a download.
    "config.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signed-in sessions end when idle or old (SESSION_IDLE_TIMEOUT, SESSION_MAX_AGE).
    "accounts.sessions.SessionPolicyMiddleware",
    # After the password, a person with two-factor reaches nothing but the code page; staff
    # reach Django admin only with a verified second factor when it is required.
    "accounts.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: it turns a lockout raised during login into its response.
    "axes.middleware.AxesMiddleware",
]

# Of the layers below CachedPublicPageMiddleware, the ones that shape the response of a public
# page for a visitor without state; a cached page passes through these alone, in this order
# (tests/config/test_public_pages.py holds its headers to those of the whole stack's).
# How often a process reads an open posting's stamp again for visitors without a session
# (careers/views.py): an edit reaches them within this, signed-in visitors at once. The tests
# read it every time unless they say otherwise.
POSTING_PAGE_RECHECK_MS = env_int(
    "POSTING_PAGE_RECHECK_MS", 0 if DJANGO_ENV == "test" else 1000, minimum=0
)
CACHED_PAGE_MIDDLEWARE = [
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.organization",
            ],
        },
    },
]

# --- Database and Redis --------------------------------------------------------------------------
_database_url = env_str("DATABASE_URL")
_redis_url = env_str("REDIS_URL")
if DEPLOYED:
    _database_url = env_required("DATABASE_URL", _WHY)
    _redis_url = env_required("REDIS_URL", _WHY)
if _database_url is None or _redis_url is None:
    from config import embedded

    _database_url = _database_url or embedded.postgres_url()
    # Tests get their own Redis database so a test run never flushes the dev server's queues.
    _redis_url = _redis_url or embedded.redis_url(db=1 if DJANGO_ENV == "test" else 0)

DATABASES = {"default": env_database_url("DATABASE_URL", _database_url)}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
REDIS_URL = env_redis_url("REDIS_URL", _redis_url)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every Redis client connects and reads within REDIS_TIMEOUT_MS, without retries, and each
# process skips a Redis that just failed for REDIS_BREAKER_SECONDS (config/redis_breaker.py):
# a Redis that is down or frozen costs a request at most one short timeout.
REDIS_TIMEOUT_MS = env_int("REDIS_TIMEOUT_MS", 500, minimum=10)
REDIS_BREAKER_SECONDS = env_int("REDIS_BREAKER_SECONDS", 15, minimum=1)

CACHES = {
    "default": {
        "BACKEND": "config.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        # Deployments (or benchmark runs) sharing one Redis database each need their own: a
        # board's key is its posting's id and change counter, which another database repeats.
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "shortlist") or "shortlist",
        "TIMEOUT": 300,
        "OPTIONS": redis_breaker.client_options(REDIS_TIMEOUT_MS / 1000),
    }
}

# Each queue has its own worker (config/run_local.py, deploy/docker-compose.yml) and its own job
# timeout, so a slow SMTP server never holds scoring back and a long scoring batch is not cut
# at an email's limit. outbox.queues passes the timeout with every job.
RQ_JOB_TIMEOUTS = {
    name: env_int(f"RQ_{name.upper()}_JOB_TIMEOUT", seconds, minimum=5)
    for name, seconds in (("default", 300), ("email", 120), ("scoring", 600))
}
RQ_QUEUES = {
    name: {
        "URL": redis_breaker.url_with_timeouts(REDIS_URL, REDIS_TIMEOUT_MS / 1000),
        "DEFAULT_TIMEOUT": seconds,
    }
    for name, seconds in RQ_JOB_TIMEOUTS.items()
}
# The dashboard lives at /admin/rq/ only, for superusers (config/urls.py); django-rq's own admin
# registration would mount a second copy under /admin/django_rq/ open to every staff user.
RQ_SHOW_ADMIN_LINK = False

# Sessions live in PostgreSQL only, so signing in and every signed-in page work while Redis is
# down, and a sign-out or a rotated session is never undone by a stale cached copy. A cached
# session saved about a millisecond per page (one primary-key read); see DESIGN.md.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Auth ----------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if DJANGO_ENV == "test":
    # Hashing at full strength makes every logged-in test fixture slow; the algorithm is the
    # production one's concern, not the tests'.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3

# Sensitive actions (team changes, two-factor changes) ask for the password again when this
# session's last sign-in is older than this.
REAUTHENTICATE_AFTER_SECONDS = env_int("REAUTHENTICATE_AFTER_MINUTES", 15, minimum=1) * 60

# Two-factor sign-in. When required, org admins and staff set up an authenticator app before
# they reach team pages or Django admin, and verify it at every sign-in; for everyone else it is
# optional. On in staging and production (and in the tests); off by default in local runs, so
# the demo admins sign in with their password alone.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", DJANGO_ENV != "local")
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Shortlist") or "Shortlist"
RECOVERY_CODE_COUNT = 10

# Signed-in sessions end after SESSION_IDLE_TIMEOUT hours without a request, and
# SESSION_MAX_AGE days after the sign-in whatever the activity (accounts/sessions.py). The cookie
# lasts no longer than the session may.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 8, minimum=1)
SESSION_MAX_AGE = env_int("SESSION_MAX_AGE", 7, minimum=1)
SESSION_COOKIE_AGE = SESSION_MAX_AGE * 24 * 60 * 60

# Password guessing: after AXES_FAILURE_LIMIT failures for one email, or from one address, that
# email (or address) is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_USERNAME_CALLABLE = "accounts.forms.axes_username"
AXES_CLIENT_IP_CALLABLE = "config.http.client_ip"
# axes would log every failure with the email typed; our logs carry no personal data.
AXES_VERBOSE = False
# axes keeps the POST of each failure: never a two-factor code, even a wrong one.
AXES_SENSITIVE_PARAMETERS = ["code"]
AXES_CLIENT_STR_CALLABLE = "config.http.axes_client_str"

# --- Internationalization ----------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")) or "")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded resumes are private: no MEDIA_URL is served; downloads go through authorized views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / ".data" / "media")) or "")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if DEPLOYED
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# S3-compatible object storage for resumes when S3_BUCKET is set (AWS, MinIO, R2, ...):
# private objects, reached only through short-lived signed URLs our views hand out.
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL"),
            "region_name": env_str("S3_REGION"),
            "access_key": env_str("S3_ACCESS_KEY_ID"),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY"),
            "location": env_str("S3_PREFIX", "media"),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A body announced larger than this is refused (413) before it is read: the apply form's 10 MB
# resume (candidates.uploads.MAX_RESUME_BYTES) plus 1 MB for its other fields.
MAX_REQUEST_BODY_BYTES = env_int("MAX_REQUEST_BODY_BYTES", 11 * 1024 * 1024, minimum=1024 * 1024)
# A form body still arriving after this long is answered 408, so a slow client frees its worker.
REQUEST_BODY_TIMEOUT_SECONDS = env_int("REQUEST_BODY_TIMEOUT_SECONDS", 30, minimum=1)

# --- Email -------------------------------------------------------------------------------------
if DEPLOYED:
    _email = parse_email_url("EMAIL_URL", env_required("EMAIL_URL", _WHY))
else:
    _email = parse_email_url("EMAIL_URL", env_str("EMAIL_URL", "console://") or "console://")
EMAIL_BACKEND = _email.backend
EMAIL_HOST = _email.host
EMAIL_PORT = _email.port
EMAIL_HOST_USER = _email.user
EMAIL_HOST_PASSWORD = _email.password
EMAIL_USE_TLS = _email.use_tls
EMAIL_USE_SSL = _email.use_ssl
EMAIL_TIMEOUT = _email.timeout
# The whole of one SMTP send (connect, greeting, envelope, data, quit) ends by this many seconds
# (outbox.smtp): EMAIL_TIMEOUT bounds each read only, and a server that drip-feeds its replies
# would otherwise hold the email worker for as long as it likes.
EMAIL_SEND_DEADLINE_SECONDS = env_int("EMAIL_SEND_DEADLINE_SECONDS", 30, minimum=1)
if RQ_JOB_TIMEOUTS["email"] <= EMAIL_SEND_DEADLINE_SECONDS:
    raise ImproperlyConfigured(
        "EMAIL_SEND_DEADLINE_SECONDS must be shorter than RQ_EMAIL_JOB_TIMEOUT, so a send is "
        "cut (and retried) by its deadline before RQ kills the job."
    )
if _email.file_path:
    EMAIL_FILE_PATH = _email.file_path
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Shortlist <jobs@shortlist.invalid>") or ""
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ----------------------------------------------------------------------------------
# Behind a TLS-terminating proxy: e.g. SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto:https
_proxy_ssl = env_str("SECURE_PROXY_SSL_HEADER")
if _proxy_ssl:
    _header, _, _value = _proxy_ssl.partition(":")
    if not _header or not _value:
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER must be 'Header-Name:value', e.g. X-Forwarded-Proto:https."
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _header.strip().upper().replace("-", "_"), _value.strip())
# The header that carries the client's address when a trusted proxy sets it (e.g.
# X-Forwarded-For); unset means REMOTE_ADDR is the client. See config.http.client_ip.
TRUSTED_CLIENT_IP_HEADER = env_str("TRUSTED_CLIENT_IP_HEADER", "") or ""
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1, minimum=1)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie; the token travels in hx-headers instead.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", DEPLOYED)
# Load-balancer and Kubernetes probes speak plain HTTP to the pod.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", DEPLOYED)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", DEPLOYED)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if DEPLOYED else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", DEPLOYED)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_PRELOAD:
    # Preloading is a commitment each operator makes for their own domain (hstspreload.org);
    # it stays opt-in, so the check that nags about it is silenced deliberately.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# --- Logging -----------------------------------------------------------------------------------
LOG_LEVEL = env_choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO")
# JSON for machines everywhere but on a developer's terminal.
LOG_FORMAT = env_choice("LOG_FORMAT", ("json", "text"), "text" if DJANGO_ENV == "local" else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "config.logs.RequestIdFilter"},
        "signed_links": {"()": "config.logs.SignedLinkFilter"},
    },
    "formatters": {
        "json": {"()": "config.logs.JsonFormatter"},
        "text": {"()": "config.logs.TextFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            # Every line we write leaves out the secret of a signed link (see config.logs).
            "filters": ["request_id", "signed_links"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own request logger repeats the access line with the full path; ours is enough.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "rq.worker": {"level": LOG_LEVEL},
        # pgserver narrates every handle it opens and closes.
        "pgserver": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

AUTH_USER_MODEL = "accounts.User"

# --- Outbox ------------------------------------------------------------------------------------
# Retries: base·2^(n-1) seconds, capped, with jitter; after OUTBOX_MAX_ATTEMPTS the message fails.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8, minimum=1)
OUTBOX_RETRY_BASE_SECONDS = env_int("OUTBOX_RETRY_BASE_SECONDS", 30, minimum=1)
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 3600, minimum=1)
# A worker's claim on a message lasts this long; a heartbeat renews it every third of it while
# the worker runs the message, so only a dead worker's message is taken again, about a lease later.
OUTBOX_SENDING_LEASE_SECONDS = env_int("OUTBOX_SENDING_LEASE_SECONDS", 60, minimum=2)
OUTBOX_SWEEP_INTERVAL_SECONDS = env_int("OUTBOX_SWEEP_INTERVAL_SECONDS", 30, minimum=1)
OUTBOX_SWEEP_GRACE_SECONDS = env_int("OUTBOX_SWEEP_GRACE_SECONDS", 60, minimum=0)
OUTBOX_SWEEP_BATCH = env_int("OUTBOX_SWEEP_BATCH", 1000, minimum=1)
OUTBOX_PRUNE_AFTER_DAYS = env_int("OUTBOX_PRUNE_AFTER_DAYS", 30, minimum=1)
EMAIL_MESSAGE_ID_DOMAIN = env_str("EMAIL_MESSAGE_ID_DOMAIN", "") or ""


# --- Careers site and applications -----------------------------------------------------------
def _rate(name: str, default: str) -> str:
    """A rate limit setting, "count/seconds", refused at start-up when it isn't one."""
    value = env_str(name, default) or default
    try:
        count, seconds = (int(part) for part in value.split("/"))
    except ValueError:
        count = seconds = 0
    if count < 1 or seconds < 1:
        raise ImproperlyConfigured(f"{name} must be 'count/seconds', e.g. 10/600, got {value!r}.")
    return value


# Apply submissions allowed per client address: "count/seconds". Only submissions that pass
# the form's checks count, so a candidate fixing their typos is never locked out. Raise it
# for load tests.
APPLY_RATE_LIMIT = _rate("APPLY_RATE_LIMIT", "10/600")
# Password reset requests: per client address (answered with a 429), and emails per account
# (further requests show the same page and send nothing, so they reveal no account).
PASSWORD_RESET_RATE_LIMIT = _rate("PASSWORD_RESET_RATE_LIMIT", "5/900")
PASSWORD_RESET_ACCOUNT_RATE_LIMIT = _rate("PASSWORD_RESET_ACCOUNT_RATE_LIMIT", "3/3600")
# Sign-in attempts per client address, beside axes' lockout of an account after failures.
LOGIN_RATE_LIMIT = _rate("LOGIN_RATE_LIMIT", "20/300")
# Per signed-in person: notes posted, and mention lookups (one per keystroke while typing "@").
NOTE_RATE_LIMIT = _rate("NOTE_RATE_LIMIT", "30/60")
MENTION_RATE_LIMIT = _rate("MENTION_RATE_LIMIT", "120/60")
# Per signed-in person: the posting editor's live description preview (one per pause in typing).
PREVIEW_RATE_LIMIT = _rate("PREVIEW_RATE_LIMIT", "60/60")
# Per signed-in person: bulk actions on the list (each may write hundreds of rows and emails).
BULK_RATE_LIMIT = _rate("BULK_RATE_LIMIT", "20/60")
# Per signed-in person: CSV exports of a posting's applicants (each reads every row).
EXPORT_RATE_LIMIT = _rate("EXPORT_RATE_LIMIT", "10/60")
# Invitation emails (new and resent) per inviting admin, and for how many days a link works.
INVITATION_RATE_LIMIT = _rate("INVITATION_RATE_LIMIT", "20/3600")
INVITATION_MAX_AGE_DAYS = env_int("INVITATION_MAX_AGE_DAYS", 7, minimum=1)
# The version of the consent text shown on the apply form; bump it when the wording changes.
CONSENT_TEXT_VERSION = env_str("CONSENT_TEXT_VERSION", "2026-11") or "2026-11"

# --- Screening ------------------------------------------------------------------------------
# Resumes are read in a child process with these limits; a file over them gets "could not read".
SCREENING_EXTRACT_SECONDS = env_int("SCREENING_EXTRACT_SECONDS", 15, minimum=1)
SCREENING_EXTRACT_MEMORY_MB = env_int("SCREENING_EXTRACT_MEMORY_MB", 512, minimum=64)
# Each worker keeps a reader process (screening/engine/sandbox.py) instead of starting one per
# resume, and replaces it after this many files (and after any limit hit), so memory one file
# left behind never carries far.
SCREENING_SANDBOX_FILES_PER_CHILD = env_int("SCREENING_SANDBOX_FILES_PER_CHILD", 200, minimum=1)
