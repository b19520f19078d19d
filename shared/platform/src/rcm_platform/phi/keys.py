"""Tenant keys for PHI: the KeyProvider port and the file provider used in development.

A tenant has numbered data keys (the highest is active; older ones still decrypt) and one index key for keyed
hashes. A KMS adapter fills the same port: `active_key` may return a data key the KMS unwrapped, `key` looks one
up by id, `index_key` returns the HMAC key.

File layout (`<folder>/<tenant>/`, folders 0700, files 0600): `data-<n>.key` and `index.key`, 32 random bytes
each. A key file is written whole under a temporary name and then hard-linked to its final name: the link fails
if another process got there first, so racing services agree on one key and nobody reads half a file.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

KEY_BYTES = 32  # AES-256-GCM and HMAC-SHA256
_TENANT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")  # rcm_schemas' TenantId: safe as a folder name
_DATA_FILE = re.compile(r"^data-([0-9]+)\.key$")
INDEX_FILE = "index.key"


class UnknownKey(LookupError):
    """A ciphertext names a key the provider does not have (another tenant's, or a lost key folder)."""


@dataclass(frozen=True)
class DataKey:
    kid: str
    secret: bytes


class KeyProvider(Protocol):
    def active_key(self, tenant_id: str) -> DataKey:
        """The key new ciphertexts of this tenant use (created on first use)."""
        ...

    def key(self, tenant_id: str, kid: str) -> bytes:
        """A key by id, active or retired; raises UnknownKey."""
        ...

    def index_key(self, tenant_id: str) -> bytes:
        """The tenant's HMAC key for lookup columns (never rotated: the columns would have to be rebuilt)."""
        ...

    def rotate(self, tenant_id: str) -> str:
        """Add a new active data key; returns its id. Older keys stay and still decrypt."""
        ...


class FileKeyProvider:
    """Keys in a local folder; other processes' rotations are seen within `reload_after_s`."""

    def __init__(self, folder: Path, *, reload_after_s: float = 1.0) -> None:
        self.folder = folder
        self.reload_after_s = reload_after_s
        self._lock = threading.Lock()
        self._keys: dict[str, dict[str, bytes]] = {}
        self._active: dict[str, str] = {}
        self._checked: dict[str, tuple[float, int]] = {}  # tenant -> (when, folder mtime) of the last load
        self._index: dict[str, bytes] = {}

    # -- the port ----------------------------------------------------------------------------------
    def active_key(self, tenant_id: str) -> DataKey:
        self._refresh(tenant_id)
        if tenant_id not in self._active:
            self._create_first(tenant_id)
        kid = self._active[tenant_id]
        return DataKey(kid, self._keys[tenant_id][kid])

    def key(self, tenant_id: str, kid: str) -> bytes:
        self._refresh(tenant_id)
        found = self._keys.get(tenant_id, {}).get(kid)
        if found is None:  # rotated by another process since our last look
            self._load(tenant_id)
            found = self._keys.get(tenant_id, {}).get(kid)
        if found is None:
            raise UnknownKey(f"no key {kid!r} for tenant {tenant_id!r} in {self.folder}")
        return found

    def index_key(self, tenant_id: str) -> bytes:
        if tenant_id not in self._index:
            self._index[tenant_id] = _read_or_create(self._tenant_folder(tenant_id) / INDEX_FILE)
        return self._index[tenant_id]

    def rotate(self, tenant_id: str) -> str:
        folder = self._tenant_folder(tenant_id)
        while True:
            self._load(tenant_id)
            number = max((int(kid) for kid in self._keys.get(tenant_id, {})), default=0) + 1
            if _create_once(folder / f"data-{number}.key"):
                self._load(tenant_id)
                return str(number)
            # another process rotated at the same moment: take the next number

    # -- files -------------------------------------------------------------------------------------
    def _tenant_folder(self, tenant_id: str) -> Path:
        if not _TENANT.match(tenant_id):
            raise ValueError("not a tenant id")
        _private_folder(self.folder)
        folder = self.folder / tenant_id
        _private_folder(folder)
        return folder

    def _create_first(self, tenant_id: str) -> None:
        _create_once(self._tenant_folder(tenant_id) / "data-1.key")
        self._load(tenant_id)

    def _refresh(self, tenant_id: str) -> None:
        checked = self._checked.get(tenant_id)
        if checked is not None and time.monotonic() - checked[0] < self.reload_after_s:
            return
        folder = self.folder / tenant_id
        mtime = folder.stat().st_mtime_ns if folder.is_dir() else 0
        if checked is None or mtime != checked[1]:
            self._load(tenant_id)  # a file was added (a rotation elsewhere)
        else:
            self._checked[tenant_id] = (time.monotonic(), mtime)

    def _load(self, tenant_id: str) -> None:
        folder = self.folder / tenant_id
        with self._lock:
            mtime = folder.stat().st_mtime_ns if folder.is_dir() else 0
            keys: dict[str, bytes] = {}
            if folder.is_dir():
                for path in folder.iterdir():
                    if match := _DATA_FILE.match(path.name):
                        keys[match.group(1)] = _read_key(path)
            self._keys[tenant_id] = keys
            if keys:
                self._active[tenant_id] = max(keys, key=int)
            self._checked[tenant_id] = (time.monotonic(), mtime)


def _private_folder(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        os.chmod(folder, 0o700)


def _read_key(path: Path) -> bytes:
    secret = path.read_bytes()
    if len(secret) != KEY_BYTES:
        raise ValueError(f"{path} is not a {KEY_BYTES}-byte key")
    return secret


def _create_once(path: Path) -> bool:
    """Write a new random key at `path` unless one exists; True if this call created it."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(descriptor, secrets.token_bytes(KEY_BYTES))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    try:
        os.link(temporary, path)  # atomic, and fails if the name exists: the first writer wins
        return True
    except FileExistsError:
        return False
    finally:
        os.unlink(temporary)


def _read_or_create(path: Path) -> bytes:
    if not path.exists():
        _create_once(path)  # the link makes the whole file appear at once, whoever wrote it
    return _read_key(path)
