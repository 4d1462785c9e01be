"""Security headers and production settings (issue #9: headers and settings).

- every response carries the strict Content-Security-Policy;
- the API docs page (Swagger UI) is served from the site itself and works under it;
- with production settings, ``check --deploy --fail-level WARNING`` is clean, HTTP
  redirects to HTTPS, HSTS is sent and the session and CSRF cookies are secure.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.ops.conftest import production_env

BASE_DIR = Path(__file__).resolve().parents[2]

EXPECTED_DEVELOPMENT_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", "ws:", "wss:"],
    "frame-ancestors": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/healthz", "/api/v1/departments/", "/api/docs/", "/accounts/login/"]
)
def test_every_response_carries_the_strict_content_security_policy(path: str) -> None:
    response = Client().get(path)

    assert response.status_code == 200
    assert parse_csp(response["Content-Security-Policy"]) == EXPECTED_DEVELOPMENT_CSP
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_api_docs_page_loads_swagger_ui_from_the_site_without_inline_code() -> None:
    client = Client()
    page = client.get("/api/docs/")
    html = page.content.decode()

    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    sources = [re.search(r'src="([^"]+)"', attrs).group(1) for attrs, _ in scripts]  # type: ignore[union-attr]
    assert sources == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
        "/api/docs/?script=",
    ]
    assert all(body.strip() == "" for _, body in scripts)
    assert "<style" not in html
    assert " style=" not in html
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        "/static/desk/swagger_ui.css",
    ]

    init = client.get("/api/docs/?script=")
    assert init.status_code == 200
    assert init["Content-Type"].startswith("application/javascript")
    assert b'url: "/api/schema/"' in init.content
    assert b"SwaggerUIBundle(" in init.content


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return production_env(tmp_path / "var", **extra)


def test_deploy_check_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_fails_when_a_production_control_is_switched_off(tmp_path: Path) -> None:
    """The CI step is not vacuous: HSTS off (DESK_HSTS_SECONDS=0) fails it."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_production_env(tmp_path) | {"DESK_HSTS_SECONDS": "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert "security.W004" in result.stderr


PRODUCTION_PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client

from tests.ops.conftest import production_env

client = Client()
plain = client.get("/healthz")
secure = client.get("/healthz", secure=True)
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "secure_status": secure.status_code,
    "hsts": secure.get("Strict-Transport-Security"),
    "csp": secure.get("Content-Security-Policy"),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "debug": settings.DEBUG,
    "proxy_ssl_header": settings.SECURE_PROXY_SSL_HEADER,
    "cache_backend": settings.CACHES["default"]["BACKEND"],
    "acks_late": settings.CELERY_TASK_ACKS_LATE,
    "reject_on_worker_lost": settings.CELERY_TASK_REJECT_ON_WORKER_LOST,
}))
"""


def test_production_redirects_to_https_and_sends_hsts_and_secure_cookies(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=BASE_DIR,
        env=_production_env(
            tmp_path, DJANGO_SETTINGS_MODULE="desk.settings", REDIS_URL="redis://127.0.0.1:6399/0"
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    probe: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])

    assert probe["plain_status"] == 301
    assert probe["plain_location"] == "https://testserver/healthz"
    assert probe["secure_status"] == 200
    assert probe["hsts"] == "max-age=31536000; includeSubDomains; preload"
    csp = parse_csp(probe["csp"])
    assert csp == EXPECTED_DEVELOPMENT_CSP | {"connect-src": ["'self'", "wss:"]}
    assert probe["session_cookie_secure"] is True
    assert probe["session_cookie_httponly"] is True
    assert probe["csrf_cookie_secure"] is True
    assert probe["debug"] is False
    assert probe["proxy_ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    # A Redis outage degrades the cache instead of failing requests (tests/ops/test_faults).
    assert probe["cache_backend"] == "core.cache.ResilientRedisCache"
    assert probe["acks_late"] is True
    assert probe["reject_on_worker_lost"] is True
