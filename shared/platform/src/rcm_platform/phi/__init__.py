"""PHI encrypted at rest and on the broker: tenant keys, the field cipher, and where the kit applies it.

`FieldCipher` seals values (AES-256-GCM, key per tenant, key id in each ciphertext); `PhiDatabase` seals the
PHI fields of every document a service writes and opens them when read; `WireCipher` does the same for the PHI
fields of event payloads on Kafka. See docs/security.md.
"""

from __future__ import annotations

import os
from pathlib import Path

from rcm_platform.phi.cipher import FieldCipher, PhiDecryptionError, is_sealed
from rcm_platform.phi.keys import DataKey, FileKeyProvider, KeyProvider, UnknownKey
from rcm_platform.phi.store import PhiDatabase, PhiError
from rcm_platform.phi.wire import WireCipher

KEYS_DIR_ENV = "RCM_PHI_KEYS_DIR"

__all__ = [
    "KEYS_DIR_ENV",
    "DataKey",
    "FieldCipher",
    "FileKeyProvider",
    "KeyProvider",
    "MissingKeys",
    "PhiDatabase",
    "PhiDecryptionError",
    "PhiError",
    "UnknownKey",
    "WireCipher",
    "is_sealed",
    "key_provider",
    "phi_keys_dir",
    "wire_cipher",
]


class MissingKeys:
    """The provider of a service started without a key folder: it refuses, so no PHI is ever stored in clear."""

    def _refuse(self) -> DataKey:
        raise RuntimeError(f"PHI needs tenant keys: set {KEYS_DIR_ENV} to the key folder (rcm run sets it)")

    def active_key(self, tenant_id: str) -> DataKey:
        return self._refuse()

    def key(self, tenant_id: str, kid: str) -> bytes:
        return self._refuse().secret

    def index_key(self, tenant_id: str) -> bytes:
        return self._refuse().secret

    def rotate(self, tenant_id: str) -> str:
        return self._refuse().kid


def phi_keys_dir() -> Path:
    """The key folder of tools and processes started from a checkout: RCM_PHI_KEYS_DIR or `<repo>/.rcm/keys`."""
    from rcm_platform.localstack.config import find_repo_root

    configured = os.environ.get(KEYS_DIR_ENV)
    return Path(configured) if configured else find_repo_root() / ".rcm" / "keys"


def wire_cipher(keys_dir: Path | None = None) -> WireCipher:
    """For tools that read our topics (reports, the demo's tracker): opens sealed fields with the file keys."""
    return WireCipher(FieldCipher(FileKeyProvider(keys_dir or phi_keys_dir())))


def key_provider(keys_dir: str) -> KeyProvider:
    """The file provider of a folder, or MissingKeys when none is configured (a KMS adapter plugs in here)."""
    return FileKeyProvider(Path(keys_dir)) if keys_dir else MissingKeys()
