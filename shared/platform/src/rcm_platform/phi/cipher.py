"""Field-level AES-256-GCM for PHI values, and keyed hashes for looking them up.

A sealed value is one self-describing string, so it fits wherever the clear value stood (a JSON string on the
wire, a string in a document): `enc:v1:<kid>:<base64url(nonce | ciphertext+tag)>`. The plaintext is the value's
compact JSON, so a date string, a number or a boolean comes back as the same type. The associated data is the
tenant id: a value copied into another tenant's document or event does not decrypt there.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from rcm_platform.phi.keys import KeyProvider

PREFIX = "enc:v1:"
HASH_PREFIX = "hmac:v1:"
NONCE_BYTES = 12


class PhiDecryptionError(ValueError):
    """A sealed value that does not open: wrong tenant, altered text or a key that is not ours.

    The message never contains the value.
    """


def is_sealed(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


class FieldCipher:
    def __init__(self, keys: KeyProvider) -> None:
        self.keys = keys
        self._aead: dict[bytes, AESGCM] = {}

    def seal(self, tenant_id: str, value: Any) -> str:
        """The sealed form of a JSON-able value; an already sealed value is returned as it is."""
        if is_sealed(value):
            return str(value)
        key = self.keys.active_key(tenant_id)
        nonce = os.urandom(NONCE_BYTES)
        plaintext = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
        sealed = self._aesgcm(key.secret).encrypt(nonce, plaintext, _associated(tenant_id))
        return f"{PREFIX}{key.kid}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def open(self, tenant_id: str, value: str) -> Any:
        """The clear value of a sealed string (any other value is returned unchanged)."""
        if not is_sealed(value):
            return value
        kid, _, body = value[len(PREFIX) :].partition(":")
        try:
            raw = base64.urlsafe_b64decode(body)
            secret = self.keys.key(tenant_id, kid)
            plaintext = self._aesgcm(secret).decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], _associated(tenant_id)
            )
        except (InvalidTag, LookupError, ValueError) as error:
            raise PhiDecryptionError(
                f"a PHI value of tenant {tenant_id!r} (key {kid!r}) does not decrypt: {type(error).__name__}"
            ) from None
        return json.loads(plaintext)

    def keyed_hash(self, tenant_id: str, value: str) -> str:
        """A stable, tenant-specific HMAC-SHA256 of a value: the column an exact lookup filters on."""
        digest = hmac.new(self.keys.index_key(tenant_id), value.encode(), hashlib.sha256).hexdigest()
        return f"{HASH_PREFIX}{digest}"

    def _aesgcm(self, secret: bytes) -> AESGCM:
        aead = self._aead.get(secret)
        if aead is None:
            aead = self._aead[secret] = AESGCM(secret)
        return aead


def _associated(tenant_id: str) -> bytes:
    return f"rcm-phi/v1/tenant={tenant_id}".encode()
