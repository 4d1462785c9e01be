"""Django settings for the 政民互动办理台 desk.

Everything a deployment changes comes from the environment through ``desk.config.env``.
Two runtime modes (DESIGN.md §8):
- embedded (default, ``REDIS_URL`` unset): SQLite, tasks run in-process, in-memory channel
  layer, periodic jobs run in a thread of the serving process;
- production (``REDIS_URL`` set, usually with ``DATABASE_URL=postgres://…``): Redis is the
  Celery broker, the cache and the channel layer; Celery worker and beat run separately.

Why one file of ~510 lines: Django reads one settings module; each block below reads and
checks its own environment variables, in the order the README lists them.
"""

from __future__ import annotations

import base64
import contextlib
import ipaddress
import re
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured

from core.audit_keys import derived_audit_key, parse_audit_keys
from core.conf import DeskSettings
from desk.config import env

# Generic admin/queryset classes (ModelAdmin[Letter]) at run time, as the type stubs use.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.get_str("DESK_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DESK_ENV = env.get_str("DESK_ENV", "development")
if DESK_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DESK_ENV must be development or production, got {DESK_ENV!r}")
PRODUCTION = DESK_ENV == "production"
# Off unless asked for (DESK_DEBUG=1), in development too: `make run` shows what citizens
# and clerks see (Chinese error pages, compressed fingerprinted static files), never
# Django's technical pages listing every URL pattern.
DEBUG = env.get_bool("DESK_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DESK_DEBUG must be off when DESK_ENV=production")


def _secret_key() -> str:
    value = env.get_optional_str("DESK_SECRET_KEY")
    if value:
        if len(value) < 50:
            raise ImproperlyConfigured("DESK_SECRET_KEY must be at least 50 characters long")
        return value
    if PRODUCTION:
        raise ImproperlyConfigured("DESK_SECRET_KEY must be set when DESK_ENV=production")
    # Development and tests: a random key generated once per checkout, never committed.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.get_list("DESK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.get_list("DESK_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "captcha",
    "channels",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "core",
    "org",
    "workdays",
    "letters",
    "supervision",
    "routing",
    "knowledge_base",
    "interviews",
    "surveys",
    "open311",
    "casefiles",
    "frontend",
    "demo",
    "accounts",
    "desk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.CSPMiddleware",
    "core.middleware.RequestContextMiddleware",
    "desk.static.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "desk.urls"
WSGI_APPLICATION = "desk.wsgi.application"
ASGI_APPLICATION = "desk.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASE_URL = env.get_url(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'desk.sqlite3'}",
    schemes=("sqlite", "postgres", "postgresql", "pgsql"),
)
assert DATABASE_URL is not None
# HTTP requests run in a pool of this many threads per web process (desk.asgi); each
# takes a PostgreSQL connection from psycopg's pool below for the request's length.
# Enough to overlap one request's database and Redis waits with another's work; more
# threads only contend for the interpreter lock (intake at 8 clients on 2 cores, two
# processes: 2–4 threads ≈ 210–226 letters/s, 8 threads ≈ 183/s). Run one process per
# core and raise this where slow requests (large exports) are common.
DESK_WEB_THREADS = env.get_int("DESK_WEB_THREADS", 4, minimum=1)
# PostgreSQL connections come from psycopg's pool (no per-thread CONN_MAX_AGE connections).
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=0)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front: concurrent writers queue on the
    # busy timeout instead of failing with "database is locked" on lock upgrade.
    # WAL lets readers run beside the writer. synchronous=NORMAL survives any crash of the
    # process; only an OS crash or power cut can lose the last commits (SQLite docs). The
    # embedded mode is for small offices and demos; production runs on PostgreSQL with
    # synchronous_commit=on.
    _db["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    _db.setdefault("TEST", {})["NAME"] = str(VAR_DIR / "test.sqlite3")
else:
    _db["OPTIONS"] = {
        "pool": {
            "min_size": env.get_int("DESK_DB_POOL_MIN", 2, minimum=0),
            "max_size": env.get_int("DESK_DB_POOL_MAX", 20, minimum=1),
            "timeout": env.get_int("DESK_DB_POOL_TIMEOUT", 10, minimum=1),
        }
    }
DATABASES = {"default": _db}
# Celery worker processes run one task at a time: each keeps one persistent connection
# (no pool, health-checked, reopened after this many seconds; 0 closes it after every
# task as Celery does by default). Applied by desk.celery at worker start; the web keeps
# the settings above.
DESK_WORKER_CONN_MAX_AGE = env.get_int("DESK_WORKER_CONN_MAX_AGE", 600, minimum=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker, cache, channel layer ------------------------------------------------
REDIS_URL = env.get_url("REDIS_URL", None, schemes=("redis", "rediss"))
EMBEDDED: bool = REDIS_URL is None

CACHES: dict[str, dict[str, Any]]
CHANNEL_LAYERS: dict[str, dict[str, Any]]
if REDIS_URL is None:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
else:
    CACHES = {
        "default": {
            # Behaves as an empty cache while Redis is unreachable: an outage must not
            # refuse letters (rate limits fail open meanwhile).
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.get_str("DESK_CACHE_PREFIX", "desk"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }

# --- Celery ----------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = EMBEDDED
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Workers log through LOGGING below (with its personal-data filter), not Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 3,
    "socket_timeout": 5,
    # A task taken by a worker that dies (SIGKILL, OOM, power) is delivered again after
    # this many seconds (acks_late); it must exceed the longest task and the longest retry
    # countdown (core.outbox.RETRY backs off at most 120 s). Tasks take well under a second.
    "visibility_timeout": env.get_int("DESK_CELERY_VISIBILITY_TIMEOUT", 300, minimum=1),
}
# Periodic jobs. In production Celery beat sends them; in the embedded mode the `serve`
# command runs the same schedule in a thread (desk/embedded.py).
CELERY_BEAT_SCHEDULE = {
    "outbox-relay": {"task": "core.relay_outbox", "schedule": 30.0},
    "supervision-scan": {"task": "supervision.scan", "schedule": 600.0},
    # Reports fall due on dates (supervision.reporting); hourly and idempotent.
    "reporting-calendar": {"task": "supervision.reporting_calendar", "schedule": 3600.0},
    "train-router": {"task": "routing.train_router", "schedule": crontab(hour=3, minute=0)},
    "close-unrated": {"task": "letters.close_unrated", "schedule": crontab(hour=1, minute=0)},
    "nightly-housekeeping": {
        "task": "core.housekeeping",
        "schedule": crontab(hour=2, minute=30),
    },
    # A signed checkpoint of the audit table outside the database (core.audit_integrity).
    "audit-checkpoint": {"task": "core.audit_checkpoint", "schedule": crontab(minute=5)},
}

# --- Auth, i18n, time ------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # 等保2.0: three of four character classes, common Chinese-context passwords, no reuse.
    {"NAME": "accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "accounts.validators.ChineseCommonPasswordValidator"},
    # On top: a strength estimate (zxcvbn, 0-4) sees through Password123! and the like.
    {
        "NAME": "accounts.validators.StrengthValidator",
        "OPTIONS": {"min_score": min(env.get_int("DESK_PASSWORD_MIN_STRENGTH", 3, minimum=0), 4)},
    },
    {"NAME": "accounts.validators.PasswordHistoryValidator", "OPTIONS": {"keep": 5}},
]
# Staff sign in only through accounts: password, then TOTP (enrolment the first
# time); a session is created after the second factor. django-axes counts failures.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/workspace/"
OTP_TOTP_ISSUER = "政民互动办理台"
# Lockout after repeated failures (password or TOTP) of one account from one client
# address: the pair, never the account name alone (anyone could lock any predictable
# name for everyone) nor the address alone (a whole office behind one NAT). The lockout
# page is accounts.views.lockout_response (429, Retry-After). Beside it: a per-account
# backoff from any address (accounts.services.account_backoff_seconds: after
# DESK_LOGIN_BACKOFF_AFTER failures each attempt waits 1 s, 2 s, 4 s … at most
# DESK_LOGIN_BACKOFF_MAX_SECONDS) and per-address budgets of requests and of failures for
# any account (DESK_RATE_LOGIN, DESK_RATE_LOGIN_FAILURES).
AXES_FAILURE_LIMIT = env.get_int("DESK_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env.get_int("DESK_LOGIN_LOCKOUT_MINUTES", 30, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
DESK_LOGIN_BACKOFF_AFTER = env.get_int("DESK_LOGIN_BACKOFF_AFTER", 10, minimum=0)
DESK_LOGIN_BACKOFF_MAX_SECONDS = env.get_int("DESK_LOGIN_BACKOFF_MAX_SECONDS", 300, minimum=1)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.middleware.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the audit log (core.audit)
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Corrections to Django's zh_Hans messages (locale/, first in the lookup): the NUL-byte
# refusal of every form and serializer field.
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and uploaded files --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.get_str("DESK_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Front-end libraries come from npm (`make install`), never from the repository: each
# package's dist folder is served under static/vendor/<name>/. ECharts is the exception:
# `make install` bundles only the parts the pages use (frontend/charts.mjs, esbuild) into
# frontend/build/echarts/ (git-ignored), served at the same vendor/echarts/echarts.min.js.
_NODE_MODULES = BASE_DIR / "frontend" / "node_modules"
_FRONTEND_BUILD = BASE_DIR / "frontend" / "build"
STATICFILES_DIRS = [
    (f"vendor/{name}", folder)
    for name, folder in [
        ("htmx", _NODE_MODULES / "htmx.org" / "dist"),
        ("echarts", _FRONTEND_BUILD / "echarts"),
    ]
    if folder.exists()
]
# Attachments live outside the static root and are served only through permission-checked
# views; MEDIA_URL is deliberately not routed.
MEDIA_ROOT = Path(env.get_str("DESK_MEDIA_ROOT", str(VAR_DIR / "attachments")))
# Without DEBUG (`make run`, production) static files are collected (`collectstatic`) with
# content hashes in their names and gzip/brotli copies, and WhiteNoise serves them from
# STATIC_ROOT: hashed names cached for a year as immutable (desk.static), other names
# for WHITENOISE_MAX_AGE. With DESK_DEBUG=1 they are read from the apps and npm folders
# as they change, unhashed.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 0 if DEBUG else 60
FILE_UPLOAD_PERMISSIONS = 0o600

# --- REST API --------------------------------------------------------------------------
_RATE = re.compile(r"^[1-9]\d*/(s|sec|second|m|min|minute|h|hour|d|day)$")


def _rate(name: str, default: str) -> str:
    value = env.get_str(name, default)
    if not _RATE.match(value):
        raise ImproperlyConfigured(
            f"{name} must look like 30/hour (s, min, hour, day), got {value!r}"
        )
    return value


def _networks(name: str) -> list[str]:
    values = env.get_list(name, [])
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks (10.0.0.0/8), got {value!r}"
            ) from None
    return values


if env.get_str("DESK_RATE_TRACKING_NUMBER", ""):
    # It limited lookups per letter from anywhere, which let thirty wrong guesses lock the
    # writer out; wrong codes are now counted per address and per (address, letter).
    raise ImproperlyConfigured(
        "DESK_RATE_TRACKING_NUMBER is no longer read: set DESK_RATE_LOOKUP_FAILURES (wrong "
        "query codes per address) and DESK_RATE_LOOKUP_PAIR_FAILURES (per address and letter)"
    )

REST_FRAMEWORK: dict[str, Any] = {
    # drf-spectacular's AutoSchema, plus the error responses every operation can answer.
    "DEFAULT_SCHEMA_CLASS": "core.openapi.DeskAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Session only: sessions exist only after the TOTP second factor (accounts);
        # no token authentication, which would bypass it.
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # Scopes of core.api.DeskThrottle (per client IP) and its subclasses: per phone number
    # (submit), wrong query codes per address and per (address, letter) — never per letter
    # alone — and keyword searches (core.api.SearchThrottle). One budget per endpoint family
    # for page and API (README "Abuse protection").
    "DEFAULT_THROTTLE_RATES": {
        "submit": _rate("DESK_RATE_SUBMIT", "30/hour"),
        "submit_phone": _rate("DESK_RATE_SUBMIT_PHONE", "10/day"),
        "lookup": _rate("DESK_RATE_LOOKUP", "20/min"),
        "rating": _rate("DESK_RATE_RATING", "20/hour"),
        "lookup_failures": _rate("DESK_RATE_LOOKUP_FAILURES", "30/hour"),
        "lookup_pair_failures": _rate("DESK_RATE_LOOKUP_PAIR_FAILURES", "10/hour"),
        "suggest": _rate("DESK_RATE_SUGGEST", "60/min"),
        "public": _rate("DESK_RATE_PUBLIC", "120/min"),
        "public_letters": _rate("DESK_RATE_PUBLIC_LETTERS", "120/min"),
        "search": _rate("DESK_RATE_SEARCH", "30/min"),
        "kb": _rate("DESK_RATE_KB", "120/min"),
        "statistics": _rate("DESK_RATE_STATISTICS", "60/min"),
        "feed": _rate("DESK_RATE_FEED", "60/min"),
        "calendar": _rate("DESK_RATE_CALENDAR", "60/min"),
        "surveys": _rate("DESK_RATE_SURVEYS", "120/min"),
        "survey_response": _rate("DESK_RATE_SURVEY_RESPONSE", "20/hour"),
        "survey_code": _rate("DESK_RATE_SURVEY_CODE", "5/hour"),
        "login": _rate("DESK_RATE_LOGIN", "30/min"),
        "login_failures": _rate("DESK_RATE_LOGIN_FAILURES", "30/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "政民互动办理台 API",
    "DESCRIPTION": "领导信箱、咨询投诉建议、网站找错、征集意见的受理与办理接口。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the drf-spectacular-sidecar package (served from 'self', no CDN),
    # under the site's Content-Security-Policy; no external validator badge.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # <int:…> in a URL matches only digits: say so, so clients and fuzzers know the range.
    "PATH_CONVERTER_OVERRIDES": {
        "int": {"type": "integer", "minimum": 0, "maximum": 9223372036854775807}
    },
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LetterStatusEnum": "letters.choices.LetterStatus",
        "ExtensionStatusEnum": "letters.choices.ExtensionStatus",
        "LetterKindEnum": "letters.choices.LetterKind",
        "PublicationFindingEnum": "letters.choices.PublicationFinding",
        "SurveyKindEnum": "surveys.models.SurveyKind",
    },
}

# --- Desk policy -----------------------------------------------------------------------
_ATTACHMENT_MAX_BYTES = env.get_int("DESK_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
_ATTACHMENT_MAX_COUNT = env.get_int("DESK_ATTACHMENT_MAX_COUNT", 5, minimum=0)
_REVIEW_CHAIN = env.get_list("DESK_REVIEW_CHAIN", ["reviewer", "publisher"])
if not 1 <= len(_REVIEW_CHAIN) <= 3 or not set(_REVIEW_CHAIN) <= {
    "reviewer",
    "publisher",
    "supervisor",
}:
    raise ImproperlyConfigured(
        "DESK_REVIEW_CHAIN must list 1 to 3 roles from reviewer, publisher, supervisor"
    )
# One response per person in surveys: "phone" (SMS code) only with a real SMS gateway.
_SMS_CONFIGURED = (
    env.get_str("DESK_SMS_BACKEND", "letters.sms.LoggingSmsBackend")
    != "letters.sms.LoggingSmsBackend"
)
_SURVEY_RESPONSE_RULE = env.get_str(
    "DESK_SURVEY_RESPONSE_RULE", "phone" if _SMS_CONFIGURED else "browser"
)
if _SURVEY_RESPONSE_RULE not in ("phone", "browser"):
    raise ImproperlyConfigured("DESK_SURVEY_RESPONSE_RULE must be phone or browser")
if _SURVEY_RESPONSE_RULE == "phone" and not _SMS_CONFIGURED:
    raise ImproperlyConfigured(
        "DESK_SURVEY_RESPONSE_RULE=phone needs an SMS gateway (DESK_SMS_BACKEND), "
        "the logging backend sends nothing"
    )
DESK = DeskSettings(
    review_chain=tuple(_REVIEW_CHAIN),
    rating_window_working_days=env.get_int("DESK_RATING_WINDOW_WORKING_DAYS", 20, minimum=1),
    tracking_prefix=env.get_str("DESK_TRACKING_PREFIX", "XJ"),
    attachment_max_bytes=_ATTACHMENT_MAX_BYTES,
    attachment_max_count=_ATTACHMENT_MAX_COUNT,
    router_target_precision=env.get_float("DESK_ROUTER_TARGET_PRECISION", 0.95),
    router_min_auto_probability=env.get_float("DESK_ROUTER_MIN_AUTO_PROBABILITY", 0.6),
    audit_retention_days=env.get_int("DESK_AUDIT_RETENTION_DAYS", 365, minimum=180),
    due_soon_working_days=env.get_int("DESK_DUE_SOON_WORKING_DAYS", 1, minimum=0),
    supervise_after_working_days=env.get_int("DESK_SUPERVISE_AFTER_WORKING_DAYS", 3, minimum=1),
    site_name=env.get_str("DESK_SITE_NAME", "临江市人民政府"),
    site_domain=env.get_str("DESK_SITE_DOMAIN", "www.linjiang.gov.cn"),
    site_id_code=env.get_str("DESK_SITE_ID_CODE", "9901000001"),
    captcha_after_submissions=env.get_int("DESK_CAPTCHA_AFTER_SUBMISSIONS", 3, minimum=0),
    captcha_window_seconds=env.get_int("DESK_CAPTCHA_WINDOW_SECONDS", 3600, minimum=60),
    urge_window_minutes=env.get_int("DESK_URGE_WINDOW_MINUTES", 10, minimum=0),
    survey_response_rule=_SURVEY_RESPONSE_RULE,
    survey_responses_per_address=env.get_int("DESK_SURVEY_RESPONSES_PER_ADDRESS", 5, minimum=1),
    survey_captcha_after=env.get_int("DESK_SURVEY_CAPTCHA_AFTER", 1, minimum=0),
)
# Reverse proxies whose X-Forwarded-For is believed (IPs or CIDR networks); from any other
# peer the client IP is REMOTE_ADDR (core.middleware.client_ip).
# Where notices to writers go by SMS (a dotted path to a letters.sms backend class).
DESK_SMS_BACKEND = env.get_str("DESK_SMS_BACKEND", "letters.sms.LoggingSmsBackend")
DESK_TRUSTED_PROXIES = _networks("DESK_TRUSTED_PROXIES")
# django-simple-captcha: images served from /captcha/ (same origin, CSP img-src 'self').
CAPTCHA_TIMEOUT = 30  # minutes: elderly writers take their time over a letter
# Whole-request ceiling for submissions: every attachment at its maximum plus the form.
DESK_REQUEST_MAX_BYTES = _ATTACHMENT_MAX_BYTES * max(_ATTACHMENT_MAX_COUNT, 1) + 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Security --------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 30 * 60  # idle timeout: every request pushes the expiry 30 minutes on
SESSION_SAVE_EVERY_REQUEST = True
# Absolute limit from sign-in, however active (accounts.middleware), and the
# password age after which the change page comes before anything else.
DESK_SESSION_MAX_HOURS = env.get_int("DESK_SESSION_MAX_HOURS", 12, minimum=1)
DESK_PASSWORD_MAX_AGE_DAYS = env.get_int("DESK_PASSWORD_MAX_AGE_DAYS", 90, minimum=1)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.get_bool("DESK_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.get_int("DESK_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts, styles, fonts and fetches only from this
# site; pages carry no inline script, handler attribute or style attribute. The staff
# websocket needs ws:/wss: in connect-src for browsers where 'self' does not cover them
# (production serves HTTPS, so only wss:).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF, "wss:"] if PRODUCTION else [csp.SELF, "ws:", "wss:"],
        "frame-ancestors": [csp.NONE],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
    }
}

# --- Personal data at rest (letters/pii.py) ---------------------------------------------
# Phone, ID number, address and e-mail of letters are encrypted (AES-256-GCM, or SM4-GCM for
# 国密 deployments); DESK_PII_KEYS="id1:base64key,id2:base64key" lists 32-byte keys, the
# first encrypts and all decrypt (rotation: put the new key first, then run
# `manage.py rotate_pii_keys`). DESK_PII_HASH_KEY keys the hashes used for exact lookups.
DESK_PII_CIPHER = env.get_str("DESK_PII_CIPHER", "aes-256-gcm")
if DESK_PII_CIPHER not in {"aes-256-gcm", "sm4-gcm"}:
    raise ImproperlyConfigured("DESK_PII_CIPHER must be aes-256-gcm or sm4-gcm")


def _pii_key(name: str, dev_value: Callable[[], str]) -> str:
    value = env.get_optional_str(name)
    if value:
        return value
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} must be set when DESK_ENV=production")
    # Development and tests: generated once per checkout like the secret key; written
    # with a hard link so two processes starting together agree on one key.
    key_file = VAR_DIR / name.lower()
    if not key_file.exists():
        temporary = VAR_DIR / f".{name.lower()}.{secrets.token_hex(4)}"
        temporary.write_text(dev_value())
        temporary.chmod(0o600)
        with contextlib.suppress(FileExistsError):  # another process was first
            key_file.hardlink_to(temporary)
        temporary.unlink()
    return key_file.read_text().strip()


def _new_pii_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


DESK_PII_KEYS = _pii_key("DESK_PII_KEYS", lambda: f"dev1:{_new_pii_key()}")
DESK_PII_HASH_KEY = _pii_key("DESK_PII_HASH_KEY", _new_pii_key)

# --- Audit log (core/audit.py, core/audit_integrity.py) ------------------------------------
# DESK_AUDIT_KEYS="id1:base64key,id2:base64key" (32-byte keys, like DESK_PII_KEYS) keys the
# audit chain's HMAC and signs its checkpoints: the first chains new records, all verify.
# Development generates one into var/. Production without it derives one from
# DESK_SECRET_KEY (also outside the database, so the database owner still cannot rewrite
# the log) and the deployment check warns (desk.W003): a key of its own can be rotated
# without touching sessions and signed links.
DESK_AUDIT_KEYS_DERIVED = PRODUCTION and not env.get_optional_str("DESK_AUDIT_KEYS")
DESK_AUDIT_KEYS = env.get_optional_str("DESK_AUDIT_KEYS") or (
    derived_audit_key(SECRET_KEY)
    if PRODUCTION
    else _pii_key("DESK_AUDIT_KEYS", lambda: f"dev1:{_new_pii_key()}")
)
parse_audit_keys(DESK_AUDIT_KEYS)  # a bad value stops start-up, naming the variable
# Signed checkpoints of the audit table, appended outside the database (JSON lines).
DESK_AUDIT_CHECKPOINT_PATH = Path(
    env.get_str("DESK_AUDIT_CHECKPOINT_PATH", str(VAR_DIR / "audit-checkpoints.jsonl"))
)

# Development keeps outgoing mail as files under var/mail instead of sending it.
EMAIL_BACKEND = env.get_str(
    "DESK_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.get_str("DESK_FROM_EMAIL", "noreply@linjiang.gov.cn")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Phone and ID numbers, e-mail addresses and street addresses are masked in every line
    # before it is written (DESIGN.md §9); handlers added later must list the filter too.
    "filters": {"personal_data": {"()": "core.log_filters.PersonalDataFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env.get_str("DESK_LOG_LEVEL", "INFO")},
    "loggers": {
        "jieba": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # sign-in events are in the audit log
        # Django's own handlers (its console, the request-line console, mail_admins with
        # the full request) are replaced: everything reaches the filtered root handler.
        "django": {"level": "INFO", "propagate": True},
        "django.server": {"level": "INFO", "propagate": True},
    },
}
