"""FerretDB v1.24.2 (MongoDB wire protocol, SQLite backend), built once from the Go module proxy and cached."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rcm_platform.localstack.config import FERRETDB_VERSION, StackConfig
from rcm_platform.localstack.errors import StackError
from rcm_platform.localstack.store_users import AUTH_DATABASE, OPS_USERNAME
from rcm_platform.localstack.tools import require_tool

PROCESS_MARKER = "rcm-ferretdb"


FERRETDB_MODULE = "github.com/FerretDB/FerretDB"


def ensure_binary(config: StackConfig) -> Path:
    """Build our embedding main (deploy/local/ferretdb) into the user cache once; later runs reuse it.

    FerretDB's module is copied from the Go module cache and our patches (*.patch beside main.go) applied to
    the copy before the build; the module cache itself is never modified.
    """
    binary = config.ferretdb_binary
    if binary.is_file():
        return binary
    go = require_tool("go")
    binary.parent.mkdir(parents=True, exist_ok=True)
    build_root = Path(tempfile.mkdtemp(prefix="ferretdb-build-", dir=binary.parent))
    env = {
        **os.environ,
        "CGO_ENABLED": "0",
        "GOFLAGS": "-mod=mod",
        "GIT_CEILING_DIRECTORIES": str(build_root),
    }
    try:
        main_dir = build_root / "main"
        shutil.copytree(config.ferretdb_source_dir, main_dir)
        module_dir = _patched_module(go, main_dir, build_root / "FerretDB", env)
        _run([go, "mod", "edit", f"-replace={FERRETDB_MODULE}={module_dir}"], main_dir, env, "go mod edit")
        staged = build_root / PROCESS_MARKER
        _run([go, "build", "-trimpath", "-o", str(staged), "."], main_dir, env, "go build of FerretDB")
        staged.rename(binary)  # atomic: an interrupted build is never mistaken for a cached binary
    finally:
        _make_writable(build_root)
        shutil.rmtree(build_root, ignore_errors=True)
    return binary


def _patched_module(go: str, main_dir: Path, target: Path, env: dict[str, str]) -> Path:
    listing = _run(
        [go, "mod", "download", "-json", f"{FERRETDB_MODULE}@{FERRETDB_VERSION}"],
        main_dir,
        env,
        "go mod download",
    )
    shutil.copytree(json.loads(listing)["Dir"], target)
    _make_writable(target)  # the module cache is read-only
    for patch in sorted(main_dir.glob("*.patch")):
        _run([require_tool("git"), "apply", "-p1", str(patch)], target, env, f"applying {patch.name}")
    return target


def _make_writable(root: Path) -> None:
    for path in [root, *root.rglob("*")] if root.exists() else []:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def _run(argv: list[str], cwd: Path, env: dict[str, str], what: str) -> str:
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise StackError(f"{what} failed: {(result.stderr or result.stdout)[-1500:]}")
    return result.stdout


PRIVATE_UMASK = 0o077
"""FerretDB's SQLite files hold every service's documents: readable by the stack's user only."""


def private_data_dir(config: StackConfig) -> Path:
    """The data folder, 0700 with its files 0600, also for a stack created before this rule."""
    data = config.ferretdb_run_dir / "data"
    data.mkdir(parents=True, exist_ok=True)
    for folder in (config.ferretdb_run_dir, data):
        folder.chmod(0o700)
    for path in data.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)
    return data


SETUP_PASSWORD_ENV = "RCM_FERRETDB_SETUP_PASSWORD"


def server_argv(config: StackConfig) -> list[str]:
    data = private_data_dir(config)
    argv = [
        str(config.ferretdb_binary),
        f"-listen-addr=127.0.0.1:{config.mongo_port}",
        f"-sqlite-dir={data}",
        "-log-level=warn",
        "-auth",
        f"-setup-username={OPS_USERNAME}",
    ]
    pprof_addr = os.environ.get("RCM_FERRETDB_PPROF_ADDR")
    if pprof_addr:  # e.g. 127.0.0.1:6060, then: go tool pprof http://127.0.0.1:6060/debug/pprof/profile
        argv.append(f"-pprof-addr={pprof_addr}")
    return argv


def server_env(config: StackConfig) -> dict[str, str]:
    """The ops password goes by environment, not argv, which every local user can read in `ps`."""
    return {**os.environ, SETUP_PASSWORD_ENV: config.store_users().ops.password}


def ping(uri: str, timeout_ms: int = 1500) -> bool:
    """True when the server answers; ping needs no login, so this says nothing about credentials."""
    return _command_succeeds(uri, "ping", timeout_ms)


def requires_authentication(config: StackConfig) -> bool:
    """False for a server started before authentication (an older build): anyone may list its databases."""
    return not _command_succeeds(config.mongo_anonymous_uri, "listDatabases", 1500)


def ops_login_works(config: StackConfig) -> bool:
    return _command_succeeds(config.mongo_uri, "listDatabases", 3000)


def _command_succeeds(uri: str, command: str, timeout_ms: int) -> bool:
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    client: MongoClient[dict[str, object]] = MongoClient(uri, serverSelectionTimeoutMS=timeout_ms)
    try:
        client.admin.command(command)
        return True
    except PyMongoError:
        return False
    finally:
        client.close()


def ensure_service_users(config: StackConfig) -> None:
    """Make FerretDB's users match the secrets file: missing ones created, the others' passwords reset."""
    from pymongo import MongoClient

    users = config.store_users()
    client: MongoClient[dict[str, object]] = MongoClient(config.mongo_uri, serverSelectionTimeoutMS=5000)
    try:
        admin = client[AUTH_DATABASE]
        existing = {entry["user"] for entry in admin.command("usersInfo")["users"]}
        for user in users.services.values():
            if user.username in existing:
                admin.command("updateUser", user.username, pwd=user.password)
            else:
                admin.command("createUser", user.username, pwd=user.password, roles=[])
    finally:
        client.close()


def wait_until_ready(config: StackConfig, is_alive: Callable[[], bool], timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not is_alive():
            log = config.ferretdb_run_dir / "ferretdb.out"
            tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
            raise StackError(f"FerretDB exited during start; see {log}\n{tail}")
        if ping(config.mongo_anonymous_uri):
            return
        time.sleep(0.3)
    raise StackError(f"FerretDB did not answer ping on {config.mongo_anonymous_uri} within {timeout_s:.0f}s")
