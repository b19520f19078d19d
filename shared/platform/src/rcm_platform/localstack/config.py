"""Where the local stack keeps its pieces: the repo's pins, the user cache and the run folder, and its ports."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from rcm_platform.localstack import store_users
from rcm_platform.localstack.store_users import StoreUsers

FERRETDB_VERSION = "v1.24.2"


def find_repo_root(start: Path | None = None) -> Path:
    """The checkout that holds deploy/local (RCM_REPO_ROOT wins, then the cwd's ancestors, then this file's)."""
    if env_root := os.environ.get("RCM_REPO_ROOT"):
        return Path(env_root).resolve()
    candidates = [start or Path.cwd(), Path(__file__).resolve()]
    for candidate in candidates:
        for folder in [candidate, *candidate.parents]:
            if (folder / "deploy" / "local" / "kafka" / "pom.xml").is_file():
                return folder
    raise FileNotFoundError(
        "cannot find the project checkout (a folder with deploy/local); set RCM_REPO_ROOT"
    )


def user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rcm"


def _kafka_version_from_pom(pom: Path) -> str:
    match = re.search(r"<kafka\.version>([^<]+)</kafka\.version>", pom.read_text())
    if not match:
        raise ValueError(f"{pom} pins no <kafka.version>")
    return match.group(1).strip()


@dataclass(frozen=True)
class StackConfig:
    repo_root: Path
    run_dir: Path
    cache_dir: Path
    kafka_port: int = 9092
    kafka_controller_port: int = 9093
    mongo_port: int = 27017
    kafka_heap_mb: int = 512
    kafka_version: str = field(default="")

    @classmethod
    def from_env(cls, *, kafka_port: int | None = None, mongo_port: int | None = None) -> StackConfig:
        root = find_repo_root()
        kport = kafka_port or int(os.environ.get("RCM_KAFKA_PORT", "9092"))
        return cls(
            repo_root=root,
            run_dir=Path(os.environ.get("RCM_RUN_DIR", root / ".rcm" / "stack")).resolve(),
            cache_dir=Path(os.environ.get("RCM_CACHE_DIR", user_cache_dir())).resolve(),
            kafka_port=kport,
            kafka_controller_port=int(os.environ.get("RCM_KAFKA_CONTROLLER_PORT", str(kport + 1))),
            mongo_port=mongo_port or int(os.environ.get("RCM_MONGO_PORT", "27017")),
            kafka_version=_kafka_version_from_pom(root / "deploy" / "local" / "kafka" / "pom.xml"),
        )

    @property
    def kafka_pom(self) -> Path:
        return self.repo_root / "deploy" / "local" / "kafka" / "pom.xml"

    @property
    def kafka_jars_dir(self) -> Path:
        return self.cache_dir / f"kafka-{self.kafka_version}" / "libs"

    @property
    def ferretdb_source_dir(self) -> Path:
        return self.repo_root / "deploy" / "local" / "ferretdb"

    @property
    def ferretdb_binary(self) -> Path:
        """Keyed by FerretDB's version and our build inputs (main, go.mod/go.sum, patches): a change is rebuilt."""
        digest = hashlib.sha256()
        for path in sorted(self.ferretdb_source_dir.iterdir()):
            if path.is_file():
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
        return self.cache_dir / f"ferretdb-{FERRETDB_VERSION}-{digest.hexdigest()[:10]}" / "rcm-ferretdb"

    @property
    def kafka_run_dir(self) -> Path:
        return self.run_dir / "kafka"

    @property
    def ferretdb_run_dir(self) -> Path:
        return self.run_dir / "ferretdb"

    @property
    def kafka_bootstrap(self) -> str:
        return f"127.0.0.1:{self.kafka_port}"

    @property
    def secrets_dir(self) -> Path:
        """Beside the run dir, so each run dir has its own secrets; kept 0700."""
        return self.run_dir.parent / "secrets"

    @property
    def mongo_address(self) -> str:
        return f"127.0.0.1:{self.mongo_port}"

    @property
    def mongo_anonymous_uri(self) -> str:
        """No credentials: enough for ping and the handshake, refused for anything else."""
        return f"mongodb://{self.mongo_address}/?directConnection=true"

    def store_users(self) -> StoreUsers:
        from rcm_schemas import CONSUMING_SERVICES

        return store_users.load_or_create(self.secrets_dir, CONSUMING_SERVICES)

    @property
    def mongo_uri(self) -> str:
        """The ops user's URI, for tools and tests (it can read and drop any database and manage users)."""
        return self.store_users().ops.uri(self.mongo_address)

    def service_mongo_uris(self) -> dict[str, str]:
        """Each service's own user, for RCM_<SERVICE>_MONGO_URI."""
        return {name: user.uri(self.mongo_address) for name, user in self.store_users().services.items()}
