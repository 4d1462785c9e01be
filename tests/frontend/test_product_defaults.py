"""What `make run` serves is the product (#18.2): Django's debug page only with an explicit
DESK_DEBUG=1, Chinese error pages in the portal's look (a 500 page that reads nothing from
the database), hashed and compressed static files, and an ECharts bundle holding only
the parts the pages use.

The same against a real server with DEBUG off, over HTTP and in Chromium on a slow-4G
network: tests/browser/test_page_weight.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, RequestFactory

from desk import views

ROOT = Path(__file__).resolve().parents[2]

_PRINT_SETTINGS = (
    "import json, desk.settings as s; "
    "print(json.dumps([s.DEBUG, s.STORAGES['staticfiles']['BACKEND']]))"
)


def _settings_with(tmp_path: Path, **env: str) -> Any:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DESK_DEBUG", "DESK_ENV", "DJANGO_SETTINGS_MODULE"}
    }
    environment |= {"DESK_VAR_DIR": str(tmp_path)} | env
    result = subprocess.run(
        [sys.executable, "-c", _PRINT_SETTINGS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return result


def test_debug_is_off_unless_desk_debug_is_set(tmp_path: Path) -> None:
    plain = _settings_with(tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert json.loads(plain.stdout) == [
        False,
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]
    explicit = _settings_with(tmp_path, DESK_DEBUG="1")
    assert json.loads(explicit.stdout) == [
        True,
        "django.contrib.staticfiles.storage.StaticFilesStorage",
    ]
    refused = _settings_with(tmp_path, DESK_DEBUG="1", DESK_ENV="production")
    assert refused.returncode != 0
    assert "DESK_DEBUG must be off when DESK_ENV=production" in refused.stderr


@pytest.mark.django_db
def test_another_departments_letter_answers_the_chinese_404(desk: Any) -> None:
    letter = desk.dispatched(desk.b)
    response = desk.client("handler_a").get(f"/workspace/letters/{letter.pk}/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "<h1>页面未找到</h1>" in body
    assert "您访问的页面或信件不存在，或不在您的办理范围内。" in body
    assert 'href="/static/frontend/public.css"' in body
    assert "URLconf" not in body
    assert "Page not found" not in body


@pytest.mark.django_db
def test_a_bad_host_answers_the_chinese_400(client: Client) -> None:
    response = client.get("/", headers={"host": "evil.example"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "<h1>请求无效</h1>" in body
    assert "Bad Request" not in body


@pytest.mark.django_db
def test_the_500_page_is_chinese_in_the_portal_look_without_touching_the_database(
    django_assert_num_queries: Any,
) -> None:
    request = RequestFactory().get("/replies/")
    request.COOKIES["desk_a11y"] = "1"
    with django_assert_num_queries(0):
        response = views.server_error(request)
    assert response.status_code == 500
    body = response.content.decode()
    assert "<h1>系统繁忙，请稍后再试</h1>" in body
    assert '<html lang="zh-CN" class="a11y">' in body
    assert '<link rel="stylesheet" href="/static/frontend/public.css">' in body
    assert '<header class="site-header">' in body
    assert "临江市人民政府" in body  # DESK_SITE_NAME, from settings


def test_an_unexpected_error_on_a_page_answers_the_500_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(request: Any) -> Any:
        raise RuntimeError("boom")

    from frontend import public_urls

    for pattern in public_urls.urlpatterns:
        if getattr(pattern, "name", "") == "public-home":
            monkeypatch.setattr(pattern, "callback", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "系统繁忙，请稍后再试" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_the_500_page_falls_back_to_bare_chinese_when_its_template_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_template(name: str) -> Any:
        raise RuntimeError("template loader broken")

    monkeypatch.setattr("django.template.loader.get_template", no_template)
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "<h1>系统繁忙，请稍后再试</h1>" in response.content.decode()


def test_api_errors_stay_json() -> None:
    response = views.server_error(RequestFactory().get("/api/v1/letters/"))
    assert response.status_code == 500
    assert json.loads(response.content)["detail"]


# --- the ECharts bundle --------------------------------------------------------------------

# ECharts series types the pages set (type: "bar") → the chart module charts.mjs registers.
CHART_MODULES = {"bar": "BarChart", "line": "LineChart", "pie": "PieChart"}
# Option keys of the pages → the component module each needs.
COMPONENT_MODULES = {
    "grid": "GridComponent",
    "legend": "LegendPlainComponent",
    "tooltip": "TooltipComponent",
    "aria": "AriaComponent",
    "title": "TitleComponent",
    "dataZoom": "DataZoomComponent",
    "visualMap": "VisualMapComponent",
}
CHART_SCRIPTS = [
    ROOT / "frontend" / "static" / "frontend" / "statistics.js",
    ROOT / "frontend" / "static" / "workspace" / "dashboard.js",
]


def test_the_charts_entry_registers_what_the_pages_use() -> None:
    entry = (ROOT / "frontend" / "charts.mjs").read_text()
    registered = set(re.findall(r"\b([A-Z]\w+(?:Chart|Component))\b", entry))
    used: set[str] = {"CanvasRenderer"}
    for script in CHART_SCRIPTS:
        source = script.read_text()
        for series in re.findall(r'\btype: "(\w+)"', source):
            if series in CHART_MODULES:
                used.add(CHART_MODULES[series])
        for key, module in COMPONENT_MODULES.items():
            if re.search(rf"\b{key}\s*[:=.]", source):
                used.add(module)
    assert "CanvasRenderer" in entry
    assert used - {"CanvasRenderer"} <= registered, f"missing in charts.mjs: {used - registered}"
    assert {"BarChart", "LineChart", "GridComponent"} <= registered
    # Only those parts: nothing registered that no page uses.
    assert registered <= used


def test_the_served_echarts_is_the_tree_shaken_build() -> None:
    found = finders.find("vendor/echarts/echarts.min.js")
    assert found, "run `make install` (npm ci + npm run build)"
    path = Path(str(found)).resolve()
    assert path.is_relative_to(ROOT / "frontend" / "build"), path
    full = ROOT / "frontend" / "node_modules" / "echarts" / "dist" / "echarts.min.js"
    size = path.stat().st_size
    assert size < 0.7 * full.stat().st_size, (size, full.stat().st_size)
    # Not committed: frontend/build/ is ignored by git.
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", str(path)], cwd=ROOT, check=False
    ).returncode
    assert ignored == 0
