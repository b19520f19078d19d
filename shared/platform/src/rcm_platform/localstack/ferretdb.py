"""FerretDB v1.24.2 (MongoDB wire protocol, SQLite backend), built once from the Go module proxy and cached."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rcm_platform.localstack.config import StackConfig
from rcm_platform.localstack.errors import StackError
from rcm_platform.localstack.tools import require_tool

PROCESS_MARKER = "rcm-ferretdb"


def ensure_binary(config: StackConfig) -> Path:
    """Build our embedding main (deploy/local/ferretdb) into the user cache once; later runs reuse it."""
    binary = config.ferretdb_binary
    if binary.is_file():
        return binary
    go = require_tool("go")
    binary.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="ferretdb-build-", dir=binary.parent)) / PROCESS_MARKER
    env = {**os.environ, "CGO_ENABLED": "0", "GOFLAGS": "-mod=mod"}
    result = subprocess.run(
        [go, "build", "-trimpath", "-o", str(staging), "."],
        cwd=config.ferretdb_source_dir,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise StackError(f"go build of FerretDB failed: {result.stderr[-1500:]}")
    staging.rename(binary)  # atomic: an interrupted build is never mistaken for a cached binary
    staging.parent.rmdir()
    return binary


def server_argv(config: StackConfig) -> list[str]:
    data = config.ferretdb_run_dir / "data"
    data.mkdir(parents=True, exist_ok=True)
    return [
        str(config.ferretdb_binary),
        f"-listen-addr=127.0.0.1:{config.mongo_port}",
        f"-sqlite-dir={data}",
        "-log-level=warn",
    ]


def ping(uri: str, timeout_ms: int = 1500) -> bool:
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    client: MongoClient[dict[str, object]] = MongoClient(uri, serverSelectionTimeoutMS=timeout_ms)
    try:
        client.admin.command("ping")
        return True
    except PyMongoError:
        return False
    finally:
        client.close()


def wait_until_ready(config: StackConfig, is_alive: Callable[[], bool], timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not is_alive():
            log = config.ferretdb_run_dir / "ferretdb.out"
            tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
            raise StackError(f"FerretDB exited during start; see {log}\n{tail}")
        if ping(config.mongo_uri):
            return
        time.sleep(0.3)
    raise StackError(f"FerretDB did not answer ping on {config.mongo_uri} within {timeout_s:.0f}s")
