"""Field encryption and keyed hashes (letters/pii.py) without the database: ciphers,
self-describing tokens, tampering, key configuration, normalised keyed hashes."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from core import pii

KEY_A = base64.b64encode(b"A" * 32).decode()
KEY_B = base64.b64encode(b"B" * 32).decode()
HASH_KEY = base64.b64encode(b"H" * 32).decode()


def keys(value: str, cipher: str = "aes-256-gcm", hash_key: str = HASH_KEY) -> Any:
    return override_settings(
        DESK_PII_KEYS=value, DESK_PII_CIPHER=cipher, DESK_PII_HASH_KEY=hash_key
    )


@pytest.mark.parametrize("cipher", ["aes-256-gcm", "sm4-gcm"])
def test_round_trip_with_a_self_describing_token(cipher: str) -> None:
    with keys(f"k2024:{KEY_A}", cipher):
        token = pii.encrypt("临江市江北区滨江路88号", purpose="letter.address")

        assert token.startswith(f"pii1${cipher}$k2024$")
        assert "滨江路" not in token
        assert pii.decrypt(token, purpose="letter.address") == "临江市江北区滨江路88号"
        # A random nonce: the same value never encrypts to the same token twice.
        assert pii.encrypt("临江市江北区滨江路88号", purpose="letter.address") != token


def test_the_two_ciphers_use_different_key_material() -> None:
    with keys(f"k1:{KEY_A}", "sm4-gcm"):
        sm4 = pii.encrypt("13800001234", purpose="letter.phone")
    forged = sm4.replace("$sm4-gcm$", "$aes-256-gcm$")
    with keys(f"k1:{KEY_A}"), pytest.raises(pii.PiiDecryptionError):
        pii.decrypt(forged, purpose="letter.phone")


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-2] + ("A" if t[-2] != "A" else "B") + t[-1],  # ciphertext bit flip
        lambda t: t.replace("$k1$", "$k2$"),  # header edited to another key
    ],
)
def test_tampered_tokens_do_not_decrypt(tamper: Any) -> None:
    with keys(f"k1:{KEY_A},k2:{KEY_B}"):
        token = pii.encrypt("110105194912310029", purpose="letter.id_number")
        with pytest.raises(pii.PiiDecryptionError):
            pii.decrypt(tamper(token), purpose="letter.id_number")


def test_a_value_copied_into_another_column_does_not_decrypt() -> None:
    with keys(f"k1:{KEY_A}"):
        token = pii.encrypt("13800001234", purpose="letter.phone")
        with pytest.raises(pii.PiiDecryptionError, match="可能被篡改"):
            pii.decrypt(token, purpose="letter.address")


def test_old_keys_decrypt_and_only_the_first_encrypts() -> None:
    with keys(f"old:{KEY_A}"):
        old = pii.encrypt("13800001234", purpose="letter.phone")
    with keys(f"new:{KEY_B},old:{KEY_A}"):
        assert pii.decrypt(old, purpose="letter.phone") == "13800001234"
        assert not pii.is_current(old)
        new = pii.encrypt("13800001234", purpose="letter.phone")
        assert new.startswith("pii1$aes-256-gcm$new$")
        assert pii.is_current(new)
    with keys(f"new:{KEY_B}"), pytest.raises(pii.PiiDecryptionError, match="old"):
        pii.decrypt(old, purpose="letter.phone")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "至少需要一个密钥"),
        (f"k1{KEY_A}", "格式应为"),
        ("k1:not base64!", "不是有效的 base64"),
        (f"k1:{base64.b64encode(b'short').decode()}", "必须是 32 字节"),
        (f"k1:{KEY_A},k1:{KEY_B}", "重复"),
        (f"bad id:{KEY_A}", "格式应为"),
    ],
)
def test_bad_key_configuration_is_refused_with_a_clear_message(value: str, message: str) -> None:
    with keys(value), pytest.raises(ImproperlyConfigured, match=message):
        pii.encrypt("x", purpose="p")


def test_startup_check_reports_bad_keys() -> None:
    assert pii.check_pii_keys() == []
    with keys("k1:???"):
        errors = pii.check_pii_keys()
    assert [e.id for e in errors] == ["letters.E101"]


@pytest.mark.parametrize(
    ("kind", "a", "b"),
    [
        ("phone", "13800001234", "+86 138-0000-1234"),
        ("phone", "13800001234", "１３８００００１２３４"),
        ("phone", "0999-6100000", "0999 6100000"),
        ("id_number", "11010519491231002X", "110105 19491231 002x"),
        ("email", "Sun.Li@Example.com", " sun.li@example.com "),
    ],
)
def test_keyed_hash_normalises_the_input(kind: str, a: str, b: str) -> None:
    assert pii.keyed_hash(kind, a) == pii.keyed_hash(kind, b)
    assert len(pii.keyed_hash(kind, a)) == 64


def test_keyed_hash_depends_on_the_key_the_kind_and_the_algorithm() -> None:
    with keys(f"k1:{KEY_A}"):
        sha = pii.keyed_hash("phone", "13800001234")
        assert pii.keyed_hash("id_number", "13800001234") != sha
        assert pii.keyed_hash("phone", "13800001235") != sha
    with keys(f"k1:{KEY_B}"):  # the encryption key does not matter
        assert pii.keyed_hash("phone", "13800001234") == sha
    with keys(f"k1:{KEY_A}", hash_key=KEY_B):
        assert pii.keyed_hash("phone", "13800001234") != sha
    with keys(f"k1:{KEY_A}", "sm4-gcm"):  # HMAC-SM3
        assert pii.keyed_hash("phone", "13800001234") != sha


def _settings_in_subprocess(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {
        k: v for k, v in os.environ.items() if not k.startswith(("DESK_", "DATABASE", "REDIS"))
    }
    environ.update(DESK_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", "import desk.settings as s; print(s.DESK_PII_KEYS)"],
        capture_output=True,
        text=True,
        env=environ,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )


def test_development_generates_a_key_once_and_production_requires_one(tmp_path: Path) -> None:
    first = _settings_in_subprocess(tmp_path)
    second = _settings_in_subprocess(tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    key_id, _, key = first.stdout.strip().partition(":")
    assert key_id == "dev1"
    assert len(base64.b64decode(key)) == 32
    assert (tmp_path / "desk_pii_keys").stat().st_mode & 0o077 == 0

    production = _settings_in_subprocess(tmp_path, DESK_ENV="production", DESK_SECRET_KEY="s" * 60)
    assert production.returncode != 0
    assert "DESK_PII_KEYS must be set when DESK_ENV=production" in production.stderr
