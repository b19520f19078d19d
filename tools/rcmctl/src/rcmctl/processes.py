"""Every service as its own process against the stack (`rcm run`), started and stopped cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rcm_platform.kafka_access import tool_access
from rcm_platform.kafka_acls import consumer_group
from rcm_platform.localstack.processes import free_port, port_in_use
from rcm_platform.phi import KEYS_DIR_ENV, phi_keys_dir
from rcm_schemas import CONSUMING_SERVICES

SERVICES = CONSUMING_SERVICES
CONSOLE_SERVICE_URLS = "RCM_ANALYTICS_SERVICE_URLS"
CONSOLE_DEV_LOGIN = "RCM_ANALYTICS_CONSOLE_DEV_LOGIN"
"""In pipeline order: with a base port, they take ports from it in that order."""


class PortBusy(RuntimeError):
    pass


@dataclass
class ServiceProcess:
    name: str
    instance: int
    port: int
    log_file: Path
    process: subprocess.Popen[bytes] | None = None
    instance_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    """Given to the process (RCM_INSTANCE_ID) and checked in its health answers: ready means *this* process."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class ServiceFleet:
    """The running services; `env` is shared by all (stack endpoints, topic prefix, database names)."""

    log_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    scale: dict[str, int] = field(default_factory=dict)
    services: tuple[str, ...] = SERVICES
    base_port: int | None = None
    """None: free ports the OS picks. A number: consecutive ports from it, refused if one is taken."""
    processes: list[ServiceProcess] = field(default_factory=list)

    def url(self, name: str) -> str:
        return next(p.url for p in self.processes if p.name == name)

    def _ports(self, count: int) -> list[int]:
        if self.base_port is None:
            ports: list[int] = []
            while len(ports) < count:
                port = free_port()
                if port not in ports:
                    ports.append(port)
            return ports
        ports = list(range(self.base_port, self.base_port + count))
        busy = [port for port in ports if port_in_use(port)]
        if busy:
            raise PortBusy(
                f"port {busy[0]} is already in use (another fleet or program); choose another --base-port, "
                "or leave it out to use free ports"
            )
        return ports

    def start(self) -> None:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        wanted = [(name, i) for name in self.services for i in range(self.scale.get(name, 1))]
        planned = [
            ServiceProcess(name, instance, port, self.log_dir / f"{name}-{instance}.log")
            for (name, instance), port in zip(wanted, self._ports(len(wanted)), strict=True)
        ]
        # The console (in analytics) sends people's actions to the services that own them: their first instances.
        self.env.setdefault(
            CONSOLE_SERVICE_URLS, json.dumps({p.name: p.url for p in reversed(planned) if p.instance == 0})
        )
        self.env.setdefault(CONSOLE_DEV_LOGIN, "true")  # a fleet on this machine signs in with the dev key
        for proc in planned:
            self._launch(proc)
            self.processes.append(proc)
        try:
            self.wait_ready()
        except BaseException:
            self.stop()  # leave no half-started fleet behind
            raise

    def _launch(self, proc: ServiceProcess) -> None:
        prefix = f"RCM_{proc.name.upper()}_"
        env = {
            **os.environ,
            KEYS_DIR_ENV: str(phi_keys_dir()),  # every service seals PHI with the same tenant keys
            **self.env,
            f"{prefix}HTTP_PORT": str(proc.port),
            "RCM_INSTANCE_ID": proc.instance_id,
            "RCM_LOG_FILE": str(proc.log_file),
            f"{prefix}LOG_JSON": "true",
        }
        with proc.log_file.open("ab") as stderr:
            proc.process = subprocess.Popen(
                [sys.executable, "-m", f"rcm_{proc.name}"], env=env, stdout=subprocess.DEVNULL, stderr=stderr
            )

    def find(self, name: str, instance: int = 0) -> ServiceProcess:
        return next(p for p in self.processes if p.name == name and p.instance == instance)

    def kill(self, name: str, instance: int = 0) -> None:
        """SIGKILL, as a crash: no shutdown hook runs, nothing is committed or flushed."""
        proc = self.find(name, instance)
        assert proc.process is not None
        proc.process.send_signal(signal.SIGKILL)
        proc.process.wait()

    def restart(self, name: str, instance: int = 0) -> None:
        proc = self.find(name, instance)
        self._launch(proc)
        self.wait_ready()

    def wait_ready(self, timeout_s: float = 120.0) -> None:
        deadline = time.monotonic() + timeout_s
        pending = list(self.processes)
        with httpx.Client(timeout=2.0) as client:
            while pending and time.monotonic() < deadline:
                for proc in list(pending):
                    if proc.process is not None and proc.process.poll() is not None:
                        tail = proc.log_file.read_text(errors="replace")[-2000:]
                        raise RuntimeError(f"{proc.name}-{proc.instance} exited at start:\n{tail}")
                    try:
                        if self._answers_ready(client, proc):
                            pending.remove(proc)
                    except (httpx.HTTPError, ValueError):
                        pass
                time.sleep(0.3)
        if pending:
            waiting = ", ".join(f"{p.name}-{p.instance} on port {p.port}" for p in pending)
            raise RuntimeError(f"not ready in {timeout_s:.0f}s (or another process answers there): {waiting}")

    @staticmethod
    def _answers_ready(client: httpx.Client, proc: ServiceProcess) -> bool:
        """Ready, and answered by the process we started (its pid and instance id), not another on the port."""
        answer = client.get(f"{proc.url}/health/ready")
        body = answer.json()
        ours = proc.process is not None and body.get("pid") == proc.process.pid
        return answer.status_code == 200 and ours and body.get("instance") == proc.instance_id

    def stop(self, timeout_s: float = 30.0) -> None:
        for proc in self.processes:
            if proc.process is not None and proc.process.poll() is None:
                proc.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        for proc in self.processes:
            if proc.process is None:
                continue
            try:
                proc.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.process.kill()
                proc.process.wait()
        self.processes.clear()

    def __enter__(self) -> ServiceFleet:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def store_env(mongo_uris: str | Mapping[str, str]) -> dict[str, str]:
    """RCM_<SERVICE>_MONGO_URI for every service: each service's own user (a mapping), or one URI for all."""
    return {
        f"RCM_{name.upper()}_MONGO_URI": mongo_uris if isinstance(mongo_uris, str) else mongo_uris[name]
        for name in SERVICES
    }


def isolated_env(bootstrap: str, mongo_uris: str | Mapping[str, str], prefix: str) -> dict[str, str]:
    """Settings that give every service its own topics, databases and consumer groups under a prefix."""
    env = store_env(mongo_uris)
    for name in SERVICES:
        upper = f"RCM_{name.upper()}_"
        env.update(
            {
                f"{upper}KAFKA_BOOTSTRAP": bootstrap,
                f"{upper}TOPIC_PREFIX": f"{prefix}.",
                f"{upper}MONGO_DATABASE": f"{prefix}_{name}",
                f"{upper}CONSUMER_GROUP": consumer_group(name, f"{prefix}."),
            }
        )
    env.update(service_principals_env(bootstrap))
    # The demo, bench and e2e runs scrub with the synthetic NCCI/MUE/chargemaster samples: the real CMS files
    # are licensed and not shipped, and a claims service without either scrubs with those edits off.
    env["RCM_CLAIMS_SYNTHETIC_REFERENCE_DATA"] = "true"
    return env | dev_sign_in_env()


def dev_sign_in_env() -> dict[str, str]:
    """Services trust the local dev key, whose tokens the demo's people and `rcm auth token` sign."""
    from rcm_platform.auth.dev_keys import ensure_dev_signer

    return {"RCM_AUTH_JWKS": str(ensure_dev_signer().jwks_path)}


def stack_services_env(bootstrap: str, mongo_uris: Mapping[str, str]) -> dict[str, str]:
    """Every endpoint of the stack for every service: its broker (and principal there) and its store user."""
    env = {f"RCM_{name.upper()}_KAFKA_BOOTSTRAP": bootstrap for name in SERVICES}
    return env | service_principals_env(bootstrap) | store_env(mongo_uris)


def service_principals_env(bootstrap: str) -> dict[str, str]:
    """Each service's own principal on that broker (RCM_<SERVICE>_KAFKA_*), so the broker holds it to its ACLs."""
    env: dict[str, str] = {}
    for name in SERVICES:
        env.update(tool_access(bootstrap, principal=name).env(f"RCM_{name.upper()}_"))
    return env


def parse_scale(values: list[str]) -> dict[str, int]:
    scale = {}
    for value in values:
        name, _, count = value.partition("=")
        if name not in SERVICES or not count.isdigit() or int(count) < 1:
            raise ValueError(f"--scale {value!r}: use <service>=<instances>, services: {', '.join(SERVICES)}")
        scale[name] = int(count)
    return scale


def discard_world(bootstrap: str, mongo_uri: str, prefix: str) -> None:
    """Delete a finished run's topics and databases: runs would otherwise pile up partitions on the broker."""
    import asyncio

    from pymongo import MongoClient
    from rcm_platform.topic_tools import delete_test_topics

    asyncio.run(delete_test_topics(bootstrap, prefix=f"{prefix}."))
    client: MongoClient[dict[str, object]] = MongoClient(mongo_uri)
    try:
        for name in client.list_database_names():
            if name.startswith(f"{prefix}_"):
                client.drop_database(name)
    finally:
        client.close()
