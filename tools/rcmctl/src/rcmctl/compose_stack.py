"""The top-level docker-compose.yml's stack as seen from this machine: service URLs, replicas, the broker.

Works with Compose v2 (`docker compose`) or v1 (`docker-compose`), whichever is installed. Services publish
no fixed host port, so their URLs are asked of Compose (`port SERVICE 8080 --index N`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from rcmctl.processes import SERVICES

CONTAINER_HTTP_PORT = 8080
DEFAULT_KAFKA_HOST_PORT = 19092


class ComposeError(RuntimeError):
    pass


def compose_command() -> list[str]:
    """`docker compose` when the plugin answers, else `docker-compose`."""
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    if legacy:
        return [legacy]
    raise ComposeError("neither `docker compose` nor `docker-compose` is installed")


class ComposeStack:
    def __init__(self, project_dir: Path, env: dict[str, str] | None = None) -> None:
        self.project_dir = project_dir
        # Compose reads `.env` beside the file for its own substitutions; read it too, so the ports agree.
        self.env = {**_dotenv(project_dir / ".env"), **os.environ, **(env or {})}
        self._command = compose_command()

    def run(self, *args: str, timeout_s: float = 600) -> str:
        result = subprocess.run(
            [*self._command, *args],
            cwd=self.project_dir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout_s,
        )
        if result.returncode != 0:
            raise ComposeError(
                f"compose {' '.join(args)}: {(result.stderr or result.stdout).strip()[-1200:]}"
            )
        return result.stdout

    def replica_urls(self, service: str) -> list[str]:
        """The base URL of every running replica of `service`, in Compose's index order."""
        urls = []
        for index in range(1, 100):
            try:
                published = self.run("port", "--index", str(index), service, str(CONTAINER_HTTP_PORT)).strip()
            except ComposeError:
                break
            if not published or published.endswith(":0"):
                break
            host, _, port = published.rpartition(":")
            urls.append(f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}")
        return urls

    def service_urls(self) -> dict[str, str]:
        """One URL per service (its first replica): what the workload calls."""
        urls = {}
        for service in SERVICES:
            replicas = self.replica_urls(service)
            if not replicas:
                raise ComposeError(f"{service} is not running in the compose stack at {self.project_dir}")
            urls[service] = replicas[0]
        return urls

    def kafka_bootstrap(self) -> str:
        port = self.env.get("KAFKA_HOST_PORT") or str(DEFAULT_KAFKA_HOST_PORT)
        host = self.env.get("KAFKA_EXTERNAL_HOST") or "127.0.0.1"
        return f"{host}:{port}"


def _dotenv(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    values = {}
    for line in path.read_text().splitlines():
        name, equals, value = line.strip().partition("=")
        if equals and name and not name.startswith("#"):
            values[name.strip()] = value.strip().strip('"').strip("'")
    return values


def wait_until_healthy(stack: ComposeStack, timeout_s: float = 180.0) -> None:
    """Every long-running container healthy (the one-shot topic job exited 0); raises naming the laggards."""
    docker = shutil.which("docker") or "docker"
    deadline = time.monotonic() + timeout_s
    waiting: list[str] = []
    while time.monotonic() < deadline:
        ids = stack.run("ps", "-q", "-a").split()
        if ids:
            states = subprocess.run(
                [docker, "inspect", "--format", _STATE_FORMAT, *ids], capture_output=True, text=True
            ).stdout.split()
            waiting = [line for line in states if not _settled(line)]
            failed = [line for line in states if _failed(line)]
            if failed:
                raise ComposeError(f"containers failed: {', '.join(failed)}; see `docker compose logs`")
            if not waiting:
                return
        time.sleep(1)
    raise ComposeError(f"not healthy within {timeout_s:.0f}s: {', '.join(waiting)}")


_STATE_FORMAT = (
    "{{.Name}}|{{.State.Status}}|{{.State.ExitCode}}|{{if .State.Health}}{{.State.Health.Status}}{{end}}"
)


def _settled(line: str) -> bool:
    _name, status, exit_code, health = line.split("|")
    return health == "healthy" or (status == "exited" and exit_code == "0")  # a finished one-shot job


def _failed(line: str) -> bool:
    _name, status, exit_code, _health = line.split("|")
    return status == "exited" and exit_code != "0"
