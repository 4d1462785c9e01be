"""Personal data at rest: field encryption, keyed hashes, and the model fields using them.

DESIGN.md §9: phone, ID number, address (and e-mail) are encrypted at rest.

* Cipher: AES-256-GCM by default, SM4-GCM for 国密 deployments (``DESK_PII_CIPHER``).
* Keys: ``DESK_PII_KEYS="id1:base64key,id2:base64key"``, the first is current; each
  master key is 32 random bytes, from which a per-cipher data key is derived with HKDF
  (HKDF-SHA256 for AES, HKDF-SM3 for SM4). Older keys only decrypt, until
  ``manage.py rotate_pii_keys`` has re-encrypted every row under the current key.
* Ciphertext is self-describing text, ``pii1$<cipher>$<key id>$<base64url(nonce|ct|tag)>``;
  the header and the column's ``purpose`` are authenticated (AAD), so a value copied into
  another column or with an edited header does not decrypt.
* Exact lookups use a keyed hash (HMAC-SHA256, or HMAC-SM3 with SM4) under the separate
  ``DESK_PII_HASH_KEY``; see :func:`keyed_hash`. A column encrypted with a random nonce
  cannot be searched, so :class:`EncryptedCharField` refuses every lookup but ``isnull``
  and ``exact`` against the empty string.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models, transaction
from django.db.models.lookups import Exact, IsNull

from core.formats import normalize_id_number, normalize_phone
from core.keys import KEY_BYTES, decode_key, parse_key_list

__all__ = [
    "CIPHERS",
    "EncryptedCharField",
    "KeyedHashField",
    "PiiDecryptionError",
    "RotationStats",
    "decrypt",
    "encrypt",
    "is_token",
    "keyed_hash",
    "reencrypt_model",
]

AES_256_GCM = "aes-256-gcm"
SM4_GCM = "sm4-gcm"
CIPHERS = (AES_256_GCM, SM4_GCM)
VERSION = "pii1"
MASTER_KEY_BYTES = KEY_BYTES
NONCE_BYTES = 12
TAG_BYTES = 16


class PiiDecryptionError(ValueError):
    """A stored value does not decrypt: unknown key id, wrong key, or tampered data."""


# --- keys ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Keyring:
    cipher: str
    keys: dict[str, bytes]  # key id -> master key, current first
    hash_key: bytes

    @property
    def current_id(self) -> str:
        return next(iter(self.keys))


def _decode_key(name: str, text: str) -> bytes:
    return decode_key(name, text)


def parse_keys(raw: str) -> dict[str, bytes]:
    """``"id1:base64,id2:base64"`` → ``{id1: key, id2: key}`` in order; errors name the id."""
    return parse_key_list(raw, "DESK_PII_KEYS")


@lru_cache(maxsize=8)
def _keyring(cipher: str, keys: str, hash_key: str) -> Keyring:
    if cipher not in CIPHERS:
        raise ImproperlyConfigured(
            f"DESK_PII_CIPHER 只能是 {' 或 '.join(CIPHERS)}，而不是 {cipher!r}"
        )
    return Keyring(cipher, parse_keys(keys), _decode_key("DESK_PII_HASH_KEY", hash_key))


def keyring() -> Keyring:
    """The configured keys, read at call time (so tests can override the settings)."""
    return _keyring(settings.DESK_PII_CIPHER, settings.DESK_PII_KEYS, settings.DESK_PII_HASH_KEY)


def generate_key() -> str:
    """A new master key, base64-encoded, for DESK_PII_KEYS or DESK_PII_HASH_KEY."""
    return base64.b64encode(os.urandom(MASTER_KEY_BYTES)).decode()


@lru_cache(maxsize=32)
def _data_key(master: bytes, cipher: str) -> bytes:
    """Per-cipher key derived from a master key, so no key material is shared by ciphers."""
    algorithm: hashes.HashAlgorithm = hashes.SM3() if cipher == SM4_GCM else hashes.SHA256()
    length = 16 if cipher == SM4_GCM else 32
    return HKDF(algorithm, length, salt=None, info=f"desk-pii/{cipher}".encode()).derive(master)


# --- ciphers -------------------------------------------------------------------------


def _seal(cipher: str, key: bytes, nonce: bytes, data: bytes, aad: bytes) -> bytes:
    if cipher == AES_256_GCM:
        return AESGCM(key).encrypt(nonce, data, aad)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(aad)
    return encryptor.update(data) + encryptor.finalize() + encryptor.tag


def _open(cipher: str, key: bytes, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
    if cipher == AES_256_GCM:
        return AESGCM(key).decrypt(nonce, sealed, aad)
    body, tag = sealed[:-TAG_BYTES], sealed[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(aad)
    return decryptor.update(body) + decryptor.finalize()


def _aad(header: str, purpose: str) -> bytes:
    return f"{header}${purpose}".encode()


def encrypt(plaintext: str, *, purpose: str) -> str:
    """Encrypt under the current key and cipher; ``purpose`` names the column (AAD)."""
    ring = keyring()
    header = f"{VERSION}${ring.cipher}${ring.current_id}"
    nonce = os.urandom(NONCE_BYTES)
    key = _data_key(ring.keys[ring.current_id], ring.cipher)
    sealed = _seal(ring.cipher, key, nonce, plaintext.encode(), _aad(header, purpose))
    return f"{header}${base64.urlsafe_b64encode(nonce + sealed).decode().rstrip('=')}"


def is_token(value: str) -> bool:
    return value.startswith(VERSION + "$")


def token_header(token: str) -> tuple[str, str]:
    """(cipher, key id) of a token."""
    parts = token.split("$")
    if len(parts) != 4 or parts[0] != VERSION:
        raise PiiDecryptionError("加密数据格式不正确")
    return parts[1], parts[2]


def decrypt(token: str, *, purpose: str) -> str:
    cipher, key_id = token_header(token)
    ring = keyring()
    if cipher not in CIPHERS:
        raise PiiDecryptionError(f"不支持的加密算法 {cipher!r}")
    if key_id not in ring.keys:
        raise PiiDecryptionError(f"密钥 {key_id!r} 未配置（DESK_PII_KEYS），无法解密")
    payload = token.rsplit("$", 1)[1]
    try:
        raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        nonce, sealed = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
        key = _data_key(ring.keys[key_id], cipher)
        plain = _open(cipher, key, nonce, sealed, _aad(f"{VERSION}${cipher}${key_id}", purpose))
    except (InvalidTag, ValueError, binascii.Error):
        raise PiiDecryptionError(f"数据校验失败（密钥 {key_id}），可能被篡改") from None
    return plain.decode()


def is_current(token: str) -> bool:
    ring = keyring()
    return token_header(token) == (ring.cipher, ring.current_id)


# --- keyed hash ------------------------------------------------------------------------


def normalize(kind: str, value: str) -> str:
    """The canonical form hashed for ``kind``: the same phone typed two ways hashes alike."""
    text = unicodedata.normalize("NFKC", value).strip()
    if kind == "phone":
        return normalize_phone(text) or re.sub(r"[\s\-()]", "", text)
    if kind == "id_number":
        return normalize_id_number(text) or re.sub(r"[\s\-]", "", text).upper()
    if kind == "email":
        return text.lower()
    return text


def keyed_hash(kind: str, value: str) -> str:
    """HMAC of the normalised ``value`` (hex, 64 characters) for exact lookups.

    ``kind`` (``"phone"``, ``"id_number"``, ``"email"`` or any other label) selects the
    normalisation and separates domains: a phone and an ID with the same digits differ.
    HMAC-SHA256, or HMAC-SM3 when ``DESK_PII_CIPHER=sm4-gcm``.
    """
    ring = keyring()
    algorithm: hashes.HashAlgorithm = hashes.SM3() if ring.cipher == SM4_GCM else hashes.SHA256()
    mac = crypto_hmac.HMAC(ring.hash_key, algorithm)
    mac.update(f"{kind}\x1f{normalize(kind, value)}".encode())
    return mac.finalize().hex()


def hashes_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)


# --- model fields ----------------------------------------------------------------------


class _EmptyOnlyExact(Exact[Any]):
    """``field=""`` works (is the value missing?); any other value could never match."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise TypeError(
                f"{self.lhs.output_field.name} is encrypted: look it up by its keyed hash "
                "(core.pii.keyed_hash), not by value"
            )
        return self.rhs


class EncryptedCharField(models.CharField[str, str]):
    """Text encrypted on save and decrypted on load; ``max_length`` checks the plaintext.

    The column is ``text`` (ciphertext is longer than the plaintext). The empty string is
    stored as is, so "not given" stays queryable. A value written before encryption was
    enabled (plaintext) reads as is until ``rotate_pii_keys`` encrypts it. Serialisation
    (``dumpdata``) writes ciphertext and ``loaddata`` reads it back, so dumps and fixtures
    hold no plaintext.
    """

    description = "加密存储的文本"

    def __init__(self, *args: Any, purpose: str, **kwargs: Any) -> None:
        self.purpose = purpose
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["purpose"] = self.purpose
        return name, path, args, kwargs

    def get_internal_type(self) -> str:
        return "TextField"

    def value_to_string(self, obj: models.Model) -> str:
        """Serialised (``dumpdata``) values are ciphertext, never the plain contact detail."""
        value = self.value_from_object(obj)
        return encrypt(value, purpose=self.purpose) if value else ""

    def to_python(self, value: Any) -> Any:
        """A token (from ``dumpdata``/``loaddata``) reads as its plaintext; a string that only
        looks like one, or one under a key this server lacks, stays as given."""
        value = super().to_python(value)
        if isinstance(value, str) and is_token(value):
            try:
                return decrypt(value, purpose=self.purpose)
            except PiiDecryptionError:
                return value
        return value

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if not value or not is_token(value):
            return value
        return decrypt(value, purpose=self.purpose)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value, purpose=self.purpose)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return IsNull
        if lookup_name == "exact":
            return _EmptyOnlyExact
        return None

    def get_transform(self, lookup_name: str) -> Any:
        return None


class KeyedHashField(models.CharField[str, str]):
    """The keyed hash of another field, recomputed whenever the row is saved."""

    def __init__(self, *args: Any, source: str, kind: str, **kwargs: Any) -> None:
        self.source, self.kind = source, kind
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, kind=self.kind)
        return name, path, args, kwargs

    def compute(self, instance: models.Model) -> str:
        value = getattr(instance, self.source) or ""
        return keyed_hash(self.kind, value) if value else ""

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        digest = self.compute(model_instance)
        setattr(model_instance, self.attname, digest)
        return digest


def with_keyed_hashes(
    model: type[models.Model], update_fields: Iterable[str] | None
) -> list[str] | None:
    """`update_fields` plus the keyed hashes of any source field in it (None stays None).

    `save(update_fields=["phone"])` would otherwise write the new phone and keep the old
    phone's hash, so exact lookups and per-phone limits would miss the new number.
    """
    if update_fields is None:
        return None
    fields = list(dict.fromkeys(update_fields))
    for hashed in model._meta.concrete_fields:
        if (
            isinstance(hashed, KeyedHashField)
            and hashed.source in fields
            and hashed.name not in fields
        ):
            fields.append(hashed.name)
    return fields


# --- re-encryption (rotate_pii_keys and the 0012 data migration) ---------------------------


@dataclass
class RotationStats:
    model: str
    scanned: int = 0
    updated: int = 0

    def __str__(self) -> str:
        return f"{self.model}: 检查 {self.scanned} 行，更新 {self.updated} 行"


def pii_fields(
    model: type[models.Model],
) -> tuple[list[EncryptedCharField], list[KeyedHashField]]:
    fields = model._meta.concrete_fields
    return (
        [f for f in fields if isinstance(f, EncryptedCharField)],
        [f for f in fields if isinstance(f, KeyedHashField)],
    )


def _raw_batches(
    model: type[models.Model], columns: list[str], batch_size: int
) -> Iterator[list[tuple[Any, ...]]]:
    """The stored (encrypted) values, by primary key ranges, without decrypting."""
    connection = connections[model._base_manager.db]
    quote = connection.ops.quote_name
    pk = model._meta.pk
    assert pk is not None
    select = ", ".join(quote(c) for c in [pk.column, *columns])
    sql = (
        f"SELECT {select} FROM {quote(model._meta.db_table)} "  # noqa: S608 - names from model meta
        f"WHERE {quote(pk.column)} > %s ORDER BY {quote(pk.column)} LIMIT %s"
    )
    last: Any = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [last, batch_size])
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def reencrypt_model(model: type[models.Model], *, batch_size: int = 500) -> RotationStats:
    """Bring every row of ``model`` under the current key and cipher; idempotent.

    A row is rewritten only if a value is plaintext or under an older key or cipher, or a
    keyed hash is stale (e.g. after switching to SM4). Each batch commits on its own, so
    an interrupted run resumes where it stopped when run again.
    """
    encrypted, hashed = pii_fields(model)
    stats = RotationStats(model._meta.label)
    if not encrypted:
        return stats
    columns = [f.column for f in encrypted] + [f.column for f in hashed]
    for rows in _raw_batches(model, columns, batch_size):
        with transaction.atomic(using=model._base_manager.db):
            for row in rows:
                stats.scanned += 1
                pk, stored = row[0], row[1:]
                changes: dict[str, Any] = {}
                plain: dict[str, str] = {}
                for field, value in zip(encrypted, stored[: len(encrypted)], strict=True):
                    value = value or ""
                    plain[field.attname] = (
                        decrypt(value, purpose=field.purpose) if is_token(value) else value
                    )
                    if value and not (is_token(value) and is_current(value)):
                        changes[field.attname] = plain[field.attname]
                instance = model(**plain)
                for hash_field, digest in zip(hashed, stored[len(encrypted) :], strict=True):
                    fresh = hash_field.compute(instance)
                    if not hashes_equal(digest or "", fresh):
                        changes[hash_field.attname] = fresh
                if changes:
                    model._base_manager.filter(pk=pk).update(**changes)
                    stats.updated += 1
    return stats


# --- start-up check ----------------------------------------------------------------------


@checks.register(checks.Tags.security)
def check_pii_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The keys parse and the chosen cipher works with this OpenSSL build."""
    try:
        token = encrypt("check", purpose="check")
        if decrypt(token, purpose="check") != "check":
            raise PiiDecryptionError("round trip failed")
        keyed_hash("check", "check")
    except (ImproperlyConfigured, PiiDecryptionError) as exc:
        return [checks.Error(f"个人信息加密配置有误：{exc}", id="letters.E101")]
    except Exception as exc:  # e.g. OpenSSL without SM4
        return [
            checks.Error(
                f"个人信息加密算法 {settings.DESK_PII_CIPHER} 在当前环境不可用：{exc}",
                id="letters.E102",
            )
        ]
    return []
