"""Run-wide check that no writer's contact details reach the logs (DESIGN.md §9).

For the whole test session every log record also goes to a file, through the same
filters and format as the configured console handler (``settings.LOGGING``). Every
phone, ID number, e-mail and address a test stores on a letter is remembered; when the
session ends, the file is searched for them and the run fails if one is found. Cheap: a
post_save receiver and one substring search per remembered value.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db.models.signals import post_save

CONTACT_FIELDS = ("phone", "id_number", "email", "address")
MIN_LENGTH = 7  # shorter values could occur in unrelated text

_known: set[str] = set()
_log_file: list[Path] = []


def remember(sender: Any, instance: Any, **kwargs: Any) -> None:
    for name in CONTACT_FIELDS:
        value = getattr(instance, name, "") or ""
        if len(value) >= MIN_LENGTH:
            _known.add(value)


def console_handler() -> logging.Handler:
    for handler in logging.getLogger().handlers:
        if handler.get_name() == "console":
            return handler
    raise LookupError("settings.LOGGING has no root handler named 'console'")


def leaked(text: str, values: set[str]) -> list[str]:
    return sorted(value for value in values if value in text)


@pytest.fixture(scope="session", autouse=True)
def _log_output_has_no_personal_data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    from letters.models import Letter

    path = tmp_path_factory.getbasetemp() / "pii-scan.log"
    console = console_handler()
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    root = logging.getLogger()
    root.addHandler(handler)
    post_save.connect(remember, sender=Letter, dispatch_uid="pii-log-scan")
    _log_file.append(path)
    yield
    post_save.disconnect(sender=Letter, dispatch_uid="pii-log-scan")
    root.removeHandler(handler)
    handler.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not _log_file or not _log_file[0].exists():
        return
    found = leaked(_log_file[0].read_text(encoding="utf-8", errors="replace"), _known)
    if found:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = (
            f"日志中出现了测试来信人的联系方式（{len(found)} 项，例如 {found[0][:3]}…），"
            f"未被脱敏：见 {_log_file[0]}"
        )
        if reporter is not None:
            reporter.write_line(message, red=True, bold=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
