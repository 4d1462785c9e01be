"""Reference data every request reads (the sensitive-word list, deadline policies): loaded
once per process and kept until it changes anywhere.

A snapshot is tagged with a version token kept in the shared cache. A change (a signal
receiver calling :meth:`Snapshot.changed`) drops this process's copy at once and, once
the change is committed, writes a new token, so the other processes reload within
``recheck`` seconds: each process reads the token at most that often instead of on every
request. While the cache is unreachable there is no token and every read goes to the
database, as before the cache existed.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

# How stale another process's copy may be after a change committed elsewhere.
RECHECK_SECONDS = 1.0

_ALL: list[Snapshot[Any]] = []


@dataclass(frozen=True)
class _Copy(Generic[T]):
    token: str
    value: T
    checked_until: float


class Snapshot(Generic[T]):
    def __init__(self, key: str, load: Callable[[], T], *, recheck: float = RECHECK_SECONDS):
        self.key = f"snapshot:{key}"
        self._load = load
        self._recheck = recheck
        self._copy: _Copy[T] | None = None
        self._lock = threading.Lock()
        _ALL.append(self)

    def get(self) -> T:
        now = time.monotonic()
        copy = self._copy
        if copy is not None and now < copy.checked_until:
            return copy.value
        token = cache.get(self.key)
        if copy is not None and token is not None and copy.token == token:
            self._copy = _Copy(copy.token, copy.value, now + self._recheck)
            return copy.value
        if token is None:  # first use since the cache was emptied: publish a token first
            cache.add(self.key, uuid.uuid4().hex, None)
            token = cache.get(self.key)
        with self._lock:
            value = self._load()
            if token is not None:  # the token read before the rows: a change since reloads
                self._copy = _Copy(token, value, now + self._recheck)
        return value

    def changed(self, **kwargs: Any) -> None:
        """Signal receiver for the saves and deletes of the rows behind the snapshot."""
        self._copy = None
        transaction.on_commit(lambda: cache.set(self.key, uuid.uuid4().hex, None))

    def forget(self) -> None:
        self._copy = None


def forget_all() -> None:
    """Drop every process-local copy (tests, after emptying the cache)."""
    for snapshot in _ALL:
        snapshot.forget()
