"""A Redis cache that degrades to "nothing cached" while Redis is unreachable.

The cache holds only derived or short-lived data (calendar version, rate-limit counters,
statistics). A Redis outage must delay background work, never refuse a citizen's letter
(DESIGN.md §9), so every cache operation that cannot reach Redis logs a warning and
behaves as a miss: reads return the default, writes report failure, counters restart.
Rate limits therefore fail open during the outage.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

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


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
