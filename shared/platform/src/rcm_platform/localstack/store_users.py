"""The store's users: one per service plus an ops user, passwords generated once and kept in the secrets folder.

The file (`<run dir's parent>/secrets/mongo.json`, folder 0700, file 0600) is the source of truth: `rcm stack up`
makes FerretDB's users match it on every start, so deleting the file rotates every password at the next `up`.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote_plus

from rcm_platform.localstack.private_files import write_private

OPS_USERNAME = "rcm_ops"
AUTH_DATABASE = "admin"
"""Every user lives in `admin` (authSource=admin): FerretDB v1 finds users there whatever their database."""
SECRETS_FILE_NAME = "mongo.json"


@dataclass(frozen=True)
class StoreUser:
    username: str
    password: str = ""

    def __repr__(self) -> str:  # keeps the password out of tracebacks and logs
        return f"StoreUser(username={self.username!r})"

    def uri(self, host_port: str) -> str:
        credentials = f"{quote_plus(self.username)}:{quote_plus(self.password)}"
        return f"mongodb://{credentials}@{host_port}/?directConnection=true&authSource={AUTH_DATABASE}"


@dataclass(frozen=True)
class StoreUsers:
    ops: StoreUser
    services: dict[str, StoreUser]

    def all(self) -> list[StoreUser]:
        return [self.ops, *self.services.values()]


def service_username(service: str) -> str:
    return f"rcm_{service}"


def load_or_create(secrets_dir: Path, services: Iterable[str]) -> StoreUsers:
    """Read the users from the secrets file, adding (and saving) a generated password for any one missing."""
    path = secrets_dir / SECRETS_FILE_NAME
    stored: dict[str, str] = json.loads(path.read_text()) if path.is_file() else {}
    wanted = [OPS_USERNAME, *(service_username(name) for name in services)]
    missing = [name for name in wanted if not stored.get(name)]
    if missing:
        stored.update({name: secrets.token_urlsafe(24) for name in missing})
        write_private(path, json.dumps(stored, indent=2, sort_keys=True) + "\n")
    return StoreUsers(
        ops=StoreUser(OPS_USERNAME, stored[OPS_USERNAME]),
        services={
            name: StoreUser(service_username(name), stored[service_username(name)]) for name in services
        },
    )
