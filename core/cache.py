"""A Redis cache that degrades to "nothing cached" while Redis is unreachable.

The cache holds only derived or short-lived data (calendar version, rate-limit counters,
statistics). A Redis outage must delay background work, never refuse a citizen's letter
(DESIGN.md §9), so every cache operation that cannot reach Redis logs a warning and
behaves as a miss: reads return the default, writes report failure, counters restart.
Rate limits therefore fail open during the outage.

Django makes a cache object per request context (asgiref locals), and with it a new
connection pool, so every request would open new Redis connections and build a client
object per operation. The clients here are shared by the whole process: one per server
and options, each with one thread-safe connection pool (redis-py reconnects after a fork).

Rate limits and the captcha trigger count events in a sliding window (``window_hit``):
one atomic script and one round trip on Redis per check.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

T = TypeVar("T")
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _degrade(operation: str, fallback: T, call: Callable[[], T]) -> T:
    try:
        return call()
    except UNREACHABLE as exc:
        logger.warning("cache %s skipped, Redis unreachable: %s", operation, type(exc).__name__)
        return fallback


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers: Any, **options: Any) -> None:
        super().__init__(servers, **options)
        self._clients: dict[int, Any] = {}
        self._clients_lock = threading.Lock()
        self._window_script: Any = None

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        """One redis client per server, reused (Django builds one per operation)."""
        django_client: Any = self  # the stubs omit RedisCacheClient's private helpers
        index: int = django_client._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            with self._clients_lock:
                client = self._clients.get(index)
                if client is None:
                    pool = django_client._get_connection_pool(write)
                    client = self._clients[index] = django_client._client(connection_pool=pool)
        return client

    def window_script(self, client: Any) -> Any:
        """The sliding-window script (``window_hit``), registered once per process."""
        if self._window_script is None:
            self._window_script = client.register_script(_WINDOW_SCRIPT)
        return self._window_script

    def add(self, key: Any, value: Any, timeout: Any) -> bool:
        return _degrade("add", False, lambda: RedisCacheClient.add(self, key, value, timeout))

    def get(self, key: Any, default: Any) -> Any:
        return _degrade("get", default, lambda: RedisCacheClient.get(self, key, default))

    def set(self, key: Any, value: Any, timeout: Any) -> None:
        _degrade("set", None, lambda: RedisCacheClient.set(self, key, value, timeout))

    def touch(self, key: Any, timeout: Any) -> bool:
        return _degrade("touch", False, lambda: RedisCacheClient.touch(self, key, timeout))

    def delete(self, key: Any) -> bool:
        return _degrade("delete", False, lambda: RedisCacheClient.delete(self, key))

    def get_many(self, keys: Any) -> dict[Any, Any]:
        return _degrade("get_many", {}, lambda: RedisCacheClient.get_many(self, keys))

    def has_key(self, key: Any) -> bool:
        return _degrade("has_key", False, lambda: RedisCacheClient.has_key(self, key))

    def incr(self, key: Any, delta: int) -> int:
        return _degrade("incr", delta, lambda: RedisCacheClient.incr(self, key, delta))

    def set_many(self, data: Any, timeout: Any) -> None:
        _degrade("set_many", None, lambda: RedisCacheClient.set_many(self, data, timeout))

    def delete_many(self, keys: Any) -> None:
        _degrade("delete_many", None, lambda: RedisCacheClient.delete_many(self, keys))

    def clear(self) -> bool:
        return _degrade("clear", False, lambda: RedisCacheClient.clear(self))


_SHARED: dict[str, ResilientRedisCacheClient] = {}
_SHARED_LOCK = threading.Lock()


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
        self._shared_key = repr((server, sorted(params.get("OPTIONS", {}).items())))

    @cached_property
    def _cache(self) -> ResilientRedisCacheClient:
        """The process-wide client for these servers and options."""
        django_cache: Any = self
        with _SHARED_LOCK:
            client = _SHARED.get(self._shared_key)
            if client is None:
                client = ResilientRedisCacheClient(django_cache._servers, **django_cache._options)
                _SHARED[self._shared_key] = client
        return client


@dataclass(frozen=True)
class Window:
    """A sliding window of events under one key (a rate limit, a captcha trigger)."""

    allowed: bool  # fewer than the limit were in the window (and this one was counted)
    count: int  # events in the window, this one included if it was counted
    oldest: float | None  # the time of the oldest event in the window


@dataclass(frozen=True)
class WindowCheck:
    """One event to count (``add``) or only look at, under ``key``: allowed while fewer
    than ``limit`` events happened within the last ``duration`` seconds."""

    key: str
    duration: float
    limit: int
    add: bool = True


# One round trip for several windows: for each key, drop what left its window, count,
# and add this event if under the limit. ARGV: now, then per key duration, limit, add,
# member.
_WINDOW_SCRIPT = """
local now = tonumber(ARGV[1])
local results = {}
for i, key in ipairs(KEYS) do
  local base = 2 + (i - 1) * 4
  local duration, limit = tonumber(ARGV[base]), tonumber(ARGV[base + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - duration)
  local count = redis.call('ZCARD', key)
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2]
  local allowed = 0
  if count < limit then
    allowed = 1
    if ARGV[base + 2] == '1' then
      redis.call('ZADD', key, now, ARGV[base + 3])
      redis.call('PEXPIRE', key, math.ceil(duration * 1000))
      count = count + 1
      oldest = oldest or ARGV[1]
    end
  end
  table.insert(results, allowed)
  table.insert(results, count)
  table.insert(results, oldest or false)
end
return results
"""


_members = itertools.count()


def window_hit(key: str, *, now: float, duration: float, limit: int, add: bool = True) -> Window:
    """Count an event at ``now`` under ``key`` if fewer than ``limit`` happened within the
    last ``duration`` seconds (``add=False``: only look): ``window_hits`` of one window."""
    return window_hits([WindowCheck(key, duration, limit, add)], now=now)[0]


def window_hits(checks: list[WindowCheck], *, now: float) -> list[Window]:
    """``window_hit`` for several windows at once: one atomic script and one round trip
    on Redis; a list in the cache elsewhere (the embedded mode's local cache). Raises
    when the cache is unreachable: callers fail open (rate limits must never refuse
    letters then)."""
    if not checks:
        return []
    backend = caches["default"]
    if isinstance(backend, ResilientRedisCache):
        client = backend._cache.get_client(write=True)
        script = backend._cache.window_script(client)
        args: list[Any] = [repr(now)]
        for check in checks:
            # The member only has to differ from the others in the window: no syscall.
            args += [check.duration, check.limit, "1" if check.add else "0", _member(now)]
        flat = script(keys=[backend.make_key(f"window:{c.key}") for c in checks], args=args)
        return [
            Window(bool(allowed), int(count), float(oldest) if oldest else None)
            for allowed, count, oldest in zip(flat[::3], flat[1::3], flat[2::3], strict=True)
        ]
    return [_local_window_hit(backend, check, now) for check in checks]


def _member(now: float) -> str:
    return f"{now!r}:{os.getpid()}:{threading.get_ident()}:{next(_members)}"


def _local_window_hit(backend: Any, check: WindowCheck, now: float) -> Window:
    history = [at for at in backend.get(f"window:{check.key}", []) if at > now - check.duration]
    if len(history) >= check.limit:
        return Window(False, len(history), history[-1] if history else None)
    if check.add:
        history.insert(0, now)
        backend.set(f"window:{check.key}", history, check.duration)
    return Window(True, len(history), history[-1] if history else None)
