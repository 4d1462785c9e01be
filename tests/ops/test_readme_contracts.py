"""What the README promises still exists: every page and API path it names resolves,
every management command it names is installed, every setting it names is read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import get_commands
from django.urls import Resolver404, resolve

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")

# Placeholders the README writes in paths, with a value of the right shape.
PLACEHOLDERS = {
    "…": "1",
    "{id}": "1",
    "<id>": "1",
    "{tracking_number}": "XJ20261120000001",
    "<key>": "abc",
    "{action}": "dispatch",
}
NOT_ROUTES = {"/usr/bin/chromium"}


def _readme_paths() -> list[str]:
    quoted = re.findall(r"`(?:GET |POST )?(/[^`\s]*)", README)
    linked = re.findall(r"http://127\.0\.0\.1:8000(/[^\s)`|]*)", README)
    paths = set()
    for raw in [*quoted, *linked]:
        if raw in NOT_ROUTES:
            continue
        path = raw.split("?", 1)[0]
        for placeholder, value in PLACEHOLDERS.items():
            path = path.replace(placeholder, value)
        paths.add(path)
    return sorted(paths)


PATHS = _readme_paths()


def test_the_readme_names_the_main_routes() -> None:
    assert {"/", "/replies/", "/workspace/", "/api/v1/public/letters/"} <= set(PATHS)


@pytest.mark.parametrize("path", PATHS)
def test_every_path_in_the_readme_resolves(path: str) -> None:
    if path == "/api/":  # named as the prefix whose unknown addresses answer JSON
        return
    try:
        resolve(path)
    except Resolver404:
        pytest.fail(f"README names {path}, which no URL pattern serves")


@pytest.mark.parametrize("command", sorted(set(re.findall(r"manage\.py ([a-z_]+)", README))))
def test_every_management_command_in_the_readme_exists(command: str) -> None:
    assert command in get_commands()


SETTINGS_SOURCES = "".join(
    (ROOT / name).read_text(encoding="utf-8")
    for name in ("desk/settings.py", "desk/config.py", "docker-compose.yml")
)


@pytest.mark.parametrize("name", sorted(set(re.findall(r"\bDESK_[A-Z_]+[A-Z]\b", README))))
def test_every_setting_in_the_readme_is_read(name: str) -> None:
    assert f'"{name}"' in SETTINGS_SOURCES or f"{name}=" in SETTINGS_SOURCES, name
