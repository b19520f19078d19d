"""The local broker's SCRAM principals: `admin` plus one per consuming service, passwords made once by `rcm stack up`.

Kept in `<run dir>/../secrets/kafka.json` (folder 0700, file 0600), so each run dir has its own and a second
checkout never shares passwords with the first.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from rcm_schemas import CONSUMING_SERVICES

from rcm_platform.kafka_access import KafkaAccess
from rcm_platform.localstack.config import StackConfig
from rcm_platform.localstack.private_files import write_private

ADMIN = "admin"
MECHANISM = "SCRAM-SHA-512"


@dataclass(frozen=True)
class KafkaSecrets:
    mechanism: str
    passwords: dict[str, str]
    """principal name -> password; `admin` is the broker's super user, the others are the services."""

    @property
    def admin_password(self) -> str:
        return self.passwords[ADMIN]

    def fingerprint(self) -> str:
        """Changes whenever a principal or a password changes: the broker's storage must then be formatted again."""
        canonical = json.dumps({"mechanism": self.mechanism, "passwords": self.passwords}, sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()


def secrets_file(config: StackConfig) -> Path:
    return config.run_dir.parent / "secrets" / "kafka.json"


def read_kafka_secrets(config: StackConfig) -> KafkaSecrets | None:
    path = secrets_file(config)
    try:
        raw = json.loads(path.read_text())
    except FileNotFoundError:
        return None
    return KafkaSecrets(mechanism=raw["mechanism"], passwords=dict(raw["passwords"]))


def principal_access(config: StackConfig, principal: str) -> KafkaAccess | None:
    """How `principal` (admin or a service) connects to this stack; None before `rcm stack up` made the secrets."""
    kafka_secrets = read_kafka_secrets(config)
    if kafka_secrets is None or principal not in kafka_secrets.passwords:
        return None
    return KafkaAccess(
        protocol="SASL_PLAINTEXT",
        mechanism=kafka_secrets.mechanism,  # type: ignore[arg-type]
        username=principal,
        password=kafka_secrets.passwords[principal],
    )


def ensure_kafka_secrets(config: StackConfig) -> KafkaSecrets:
    """Read the principals' passwords, making one for each principal that has none yet (a new service)."""
    wanted = (ADMIN, *CONSUMING_SERVICES)
    existing = read_kafka_secrets(config)
    if existing is not None and all(name in existing.passwords for name in wanted):
        return existing
    passwords = dict(existing.passwords) if existing else {}
    for name in wanted:
        passwords.setdefault(name, secrets.token_urlsafe(24))
    made = KafkaSecrets(mechanism=MECHANISM, passwords=passwords)
    write_private(
        secrets_file(config), json.dumps({"mechanism": made.mechanism, "passwords": passwords}, indent=2)
    )
    return made
