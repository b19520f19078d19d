"""`rcm stack up|down|status|logs`: the two components, started once, found again by pid files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rcm_platform.localstack import ferretdb, kafka
from rcm_platform.localstack.config import StackConfig
from rcm_platform.localstack.errors import StackError
from rcm_platform.localstack.kafka_secrets import ensure_kafka_secrets
from rcm_platform.localstack.processes import (
    port_in_use,
    process_alive,
    running_pid,
    start_detached,
    stop_process,
)

Reporter = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


@dataclass(frozen=True)
class ComponentStatus:
    name: str
    up: bool
    endpoint: str
    reason: str


class LocalStack:
    def __init__(self, config: StackConfig, report: Reporter = _quiet) -> None:
        self.config = config
        self.report = report

    # -- paths ---------------------------------------------------------------------------------------
    @property
    def kafka_pid_file(self) -> Path:
        return self.config.kafka_run_dir / "kafka.pid"

    @property
    def ferretdb_pid_file(self) -> Path:
        return self.config.ferretdb_run_dir / "ferretdb.pid"

    def log_files(self) -> dict[str, Path]:
        return {
            "kafka": self.config.kafka_run_dir / "logs" / "server.log",
            "ferretdb": self.config.ferretdb_run_dir / "ferretdb.out",
        }

    # -- lifecycle -----------------------------------------------------------------------------------
    def up(self) -> bool:
        """Start whatever is not running and wait until both answer; True when anything was started."""
        started_kafka = self._up_kafka()
        started_ferretdb = self.up_store()
        return started_kafka or started_ferretdb

    def _up_kafka(self) -> bool:
        config = self.config
        if running_pid(self.kafka_pid_file, kafka.PROCESS_MARKER):
            kafka.wait_until_ready(config, self._kafka_alive)
            return False
        self._refuse_busy_port(config.kafka_port, "Kafka", "RCM_KAFKA_PORT", "--kafka-port")
        self._refuse_busy_port(
            config.kafka_controller_port, "the Kafka controller", "RCM_KAFKA_CONTROLLER_PORT", ""
        )
        if not config.kafka_jars_dir.is_dir():
            self.report(f"Downloading Apache Kafka {config.kafka_version} jars from Maven Central (once)...")
        kafka.ensure_jars(config)
        kafka_secrets = ensure_kafka_secrets(config)
        properties = kafka.write_config(config, kafka_secrets)
        kafka.format_storage_once(config, properties, kafka_secrets)
        self.report(f"Starting Kafka {config.kafka_version} on {config.kafka_bootstrap}...")
        pid = start_detached(
            kafka.broker_argv(config, properties),
            log_file=config.kafka_run_dir / "kafka.out",
            pid_file=self.kafka_pid_file,
            cwd=config.kafka_run_dir,
            umask=kafka.PRIVATE_UMASK,
        )
        kafka.wait_until_ready(config, lambda: process_alive(pid))
        return True

    def up_store(self) -> bool:
        config = self.config
        if running_pid(self.ferretdb_pid_file, ferretdb.PROCESS_MARKER):
            ferretdb.wait_until_ready(config, self._ferretdb_alive)
            if ferretdb.requires_authentication(config) and ferretdb.ops_login_works(config):
                ferretdb.ensure_service_users(config)
                return False
            # Started by a build without authentication, or with an ops password the secrets file no longer has:
            # a restart applies both (the server resets the ops user at start), the data stays.
            self.report(
                "Restarting FerretDB to require authentication with the users in the secrets folder..."
            )
            stop_process(self.ferretdb_pid_file, ferretdb.PROCESS_MARKER, timeout_s=10)
        self._refuse_busy_port(config.mongo_port, "FerretDB", "RCM_MONGO_PORT", "--mongo-port")
        if not config.ferretdb_binary.is_file():
            self.report("Building FerretDB v1.24.2 from the Go module proxy (once; a few minutes)...")
        ferretdb.ensure_binary(config)
        self.report(f"Starting FerretDB on 127.0.0.1:{config.mongo_port}...")
        pid = start_detached(
            ferretdb.server_argv(config),
            log_file=config.ferretdb_run_dir / "ferretdb.out",
            pid_file=self.ferretdb_pid_file,
            cwd=config.ferretdb_run_dir,
            umask=ferretdb.PRIVATE_UMASK,
            env=ferretdb.server_env(config),
        )
        ferretdb.wait_until_ready(config, lambda: process_alive(pid))
        ferretdb.ensure_service_users(config)
        return True

    def _refuse_busy_port(self, port: int, what: str, env_var: str, option: str) -> None:
        if port_in_use(port):
            how = f"{env_var}=<port>" + (f" or {option} <port>" if option else "")
            raise StackError(
                f"port {port} for {what} is already in use by another program; choose another with {how}"
            )

    def _kafka_alive(self) -> bool:
        return running_pid(self.kafka_pid_file, kafka.PROCESS_MARKER) is not None

    def _ferretdb_alive(self) -> bool:
        return running_pid(self.ferretdb_pid_file, ferretdb.PROCESS_MARKER) is not None

    def down(self) -> list[str]:
        """Stop only what `up` started (by pid file); data stays for the next `up`."""
        stopped = []
        if self.stop_store():
            stopped.append("ferretdb")
        if self.stop_kafka():
            stopped.append("kafka")
        return stopped

    def stop_kafka(self) -> bool:
        """Stop the broker alone (outage and chaos tests); `up` starts it again on its data."""
        return stop_process(self.kafka_pid_file, kafka.PROCESS_MARKER, timeout_s=40)

    def stop_store(self) -> bool:
        """Stop FerretDB alone; `up` starts it again on its data."""
        return stop_process(self.ferretdb_pid_file, ferretdb.PROCESS_MARKER, timeout_s=10)

    def status(self) -> list[ComponentStatus]:
        return [self._kafka_status(), self._ferretdb_status()]

    def _kafka_status(self) -> ComponentStatus:
        endpoint = self.config.kafka_bootstrap
        pid = running_pid(self.kafka_pid_file, kafka.PROCESS_MARKER)
        if pid is None:
            return ComponentStatus("kafka", False, endpoint, self._absent_reason(self.kafka_pid_file))
        if not kafka.admin_answers(self.config):
            return ComponentStatus("kafka", False, endpoint, f"process {pid} runs but no admin answer yet")
        return ComponentStatus("kafka", True, endpoint, f"pid {pid}, admin request answered")

    def _ferretdb_status(self) -> ComponentStatus:
        endpoint = self.config.mongo_anonymous_uri  # shown to people: no password in it
        pid = running_pid(self.ferretdb_pid_file, ferretdb.PROCESS_MARKER)
        if pid is None:
            return ComponentStatus("ferretdb", False, endpoint, self._absent_reason(self.ferretdb_pid_file))
        if not ferretdb.ping(self.config.mongo_anonymous_uri):
            return ComponentStatus("ferretdb", False, endpoint, f"process {pid} runs but ping failed")
        if not ferretdb.requires_authentication(self.config):
            return ComponentStatus("ferretdb", False, endpoint, f"process {pid} runs without authentication")
        if not ferretdb.ops_login_works(self.config):
            return ComponentStatus(
                "ferretdb", False, endpoint, f"process {pid} refuses the ops user's password"
            )
        return ComponentStatus("ferretdb", True, endpoint, f"pid {pid}, ping answered, ops login works")

    @staticmethod
    def _absent_reason(pid_file: Path) -> str:
        if not pid_file.exists():
            return "not started (no pid file)"
        return f"process {pid_file.read_text().strip()} is not running (stopped or killed)"

    def require_up(self) -> None:
        down = [component for component in self.status() if not component.up]
        if down:
            raise StackError("; ".join(f"{c.name} is down: {c.reason}" for c in down))
