"""Imported by the Celery worker that fault tests start (``celery worker -I``).

When ``DESK_TEST_HOLD_DIR`` is set, routing stops in the middle of its transaction (the
letter row locked, the suggestions computed, nothing saved yet): it writes
``started-<letter id>`` into that folder and waits there until the test kills the worker.
Without the variable the worker is an ordinary one.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from routing import services

HOLD_DIR = os.environ.get("DESK_TEST_HOLD_DIR")

if HOLD_DIR:
    _suggest_kind = services.suggest_kind
    _hold_dir = Path(HOLD_DIR)

    def _held_suggest_kind(letter: Any) -> str:
        (_hold_dir / f"started-{letter.pk}").write_text(str(os.getpid()))
        while True:  # mid-transaction until SIGKILL
            time.sleep(0.1)
        return _suggest_kind(letter)  # pragma: no cover

    services.suggest_kind = _held_suggest_kind
