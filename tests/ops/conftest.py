"""Fixtures for fault tests: a private Redis server the test may stop, and real Celery
worker processes sharing the test database (the shared Redis is never touched)."""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.conftest import forget_broker_connections

BASE_DIR = Path(__file__).resolve().parents[2]
# Ports 6390-6399 are this suite's private Redis servers (several test runs may share
# the machine: each takes the first free one).
PRIVATE_REDIS_PORTS = range(6390, 6400)


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def production_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """This process's environment with the production settings and fresh secrets."""
    env = dict(os.environ)
    for name in ("DESK_DEBUG", "DESK_SSL_REDIRECT", "DESK_HSTS_SECONDS"):
        env.pop(name, None)
    env.update(
        DESK_ENV="production",
        DESK_SECRET_KEY=secrets.token_urlsafe(64),
        DESK_PII_KEYS=f"k1:{base64.b64encode(secrets.token_bytes(32)).decode()}",
        DESK_PII_HASH_KEY=base64.b64encode(secrets.token_bytes(32)).decode(),
        DESK_AUDIT_KEYS=f"a1:{base64.b64encode(secrets.token_bytes(32)).decode()}",
        DESK_VAR_DIR=str(var_dir),
        **extra,
    )
    return env


WORKER_APPLICATION_NAME = "desk-test-worker"


@dataclass
class PrivateRedis:
    port: int
    workdir: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> bool:
        """Start on this port; False if another server got the port first."""
        assert self.process is None
        process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(
            lambda: process.poll() is not None or _port_open(self.port),
            timeout=10,
            what="private redis to start",
        )
        if process.poll() is not None:  # could not bind
            return False
        self.process = process
        return True

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
        wait_until(lambda: not _port_open(self.port), timeout=10, what="private redis to stop")


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    for port in PRIVATE_REDIS_PORTS:
        server = PrivateRedis(port, tmp_path)
        if not _port_open(port) and server.start():
            break
    else:
        pytest.fail("no free port for a private redis-server in 6390-6399")
    try:
        yield server
    finally:
        server.stop()


def database_url() -> str:
    """The test database as a DATABASE_URL a worker process can open."""
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{params['NAME']}"
    user = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    return f"postgres://{user}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"


def worker_command(include: str) -> list[str]:
    """A real ``celery worker`` of one process, also loading the test module ``include``."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "desk",
        "worker",
        # prefork, as in production: the pool process reports the task as started to the
        # main process, which is where an early ack would happen.
        "--pool",
        "prefork",
        "--concurrency",
        "1",
        "--loglevel",
        "INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--include",
        include,
    ]


@dataclass
class Workers:
    redis: PrivateRedis
    logdir: Path
    started: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, **extra_env: str) -> subprocess.Popen[bytes]:
        env = dict(os.environ)
        env.update(
            DATABASE_URL=database_url(),
            REDIS_URL=self.redis.url,
            DESK_CELERY_VISIBILITY_TIMEOUT="3",
            # libpq's application name: a test can find (and cut) the workers' sessions.
            PGAPPNAME=WORKER_APPLICATION_NAME,
            **extra_env,
        )
        log = (self.logdir / f"worker-{len(self.started)}.log").open("wb")
        process = subprocess.Popen(
            worker_command("tests.ops.worker_hold"),
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL: no shutdown handler runs, nothing is acknowledged or rolled back by it."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=10)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.logdir.glob("*.log")))


@pytest.fixture
def celery_workers(private_redis: PrivateRedis, tmp_path: Path) -> Iterator[Workers]:
    logdir = tmp_path / "worker-logs"
    logdir.mkdir()
    workers = Workers(private_redis, logdir)
    try:
        yield workers
    finally:
        workers.stop_all()


@pytest.fixture
def broker_on_private_redis(private_redis: PrivateRedis, settings: Any) -> None:
    """This process publishes to the private Redis and caches there, as in production."""
    from desk.celery import app as celery_app

    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    celery_app.conf["broker_url"] = private_redis.url
    forget_broker_connections()
    # tests/conftest.py's autouse fixture restores eager mode and the broker URL.
    celery_app.conf.task_always_eager = False
