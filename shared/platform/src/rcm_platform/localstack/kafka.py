"""Apache Kafka 4.x in KRaft single-node combined mode, from Maven Central jars, run with the machine's Java."""

from __future__ import annotations

import asyncio
import logging
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rcm_platform.localstack.config import StackConfig
from rcm_platform.localstack.errors import StackError
from rcm_platform.localstack.tools import require_tool

PROCESS_MARKER = "kafka.Kafka"

_LOG4J2 = """Configuration:
  status: warn
  Appenders:
    RollingFile:
      name: server
      fileName: "${sys:kafka.logs.dir}/server.log"
      filePattern: "${sys:kafka.logs.dir}/server.log.%i"
      PatternLayout: {pattern: "[%d] %p %m (%c)%n"}
      SizeBasedTriggeringPolicy: {size: 20MB}
      DefaultRolloverStrategy: {max: 3}
  Loggers:
    Root: {level: info, AppenderRef: [{ref: server}]}
    Logger:
      - {name: kafka, level: info}
      - {name: org.apache.kafka, level: info}
      - {name: kafka.log.LogCleaner, level: warn}
      - {name: state.change.logger, level: warn}
"""


def ensure_jars(config: StackConfig) -> Path:
    """Copy the pinned broker jars into the user cache once; later runs reuse them (no download)."""
    jars = config.kafka_jars_dir
    if jars.is_dir() and any(jars.glob("kafka_2.13-*.jar")):
        return jars
    mvn = require_tool("mvn")
    staging = Path(tempfile.mkdtemp(prefix="kafka-jars-", dir=_ensure_dir(jars.parent)))
    argv = [mvn, "-B", "-q", "-f", str(config.kafka_pom), "package", f"-Djars.dir={staging}"]
    result = subprocess.run(argv, capture_output=True, text=True)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise StackError(f"mvn could not fetch the Kafka jars: {result.stdout[-800:]}{result.stderr[-800:]}")
    staging.rename(jars)  # atomic: a half-finished download is never mistaken for a cache
    return jars


def _ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _classpath(config: StackConfig) -> str:
    return str(config.kafka_jars_dir / "*")


def write_config(config: StackConfig) -> Path:
    run = _ensure_dir(config.kafka_run_dir)
    _ensure_dir(run / "logs")
    (run / "log4j2.yaml").write_text(_LOG4J2)
    properties = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@127.0.0.1:{config.kafka_controller_port}",
        "listeners": f"PLAINTEXT://127.0.0.1:{config.kafka_port},CONTROLLER://127.0.0.1:{config.kafka_controller_port}",
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:{config.kafka_port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "PLAINTEXT",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs": str(run / "data"),
        "num.partitions": "6",
        # One node: every internal topic must accept a replication factor of 1.
        "offsets.topic.replication.factor": "1",
        "offsets.topic.num.partitions": "6",
        "transaction.state.log.replication.factor": "1",
        "transaction.state.log.min.isr": "1",
        "transaction.state.log.num.partitions": "4",
        "share.coordinator.state.topic.replication.factor": "1",
        "share.coordinator.state.topic.min.isr": "1",
        "group.initial.rebalance.delay.ms": "0",
        "auto.create.topics.enable": "false",
        "log.retention.hours": "168",
        # An 835 for many claims can pass 1 MB; RemittanceReceived carries the whole file.
        "message.max.bytes": "16777216",
        "replica.fetch.max.bytes": "16777216",
    }
    path = run / "server.properties"
    path.write_text("".join(f"{key}={value}\n" for key, value in properties.items()))
    return path


def _java_argv(config: StackConfig, main_class: str, *args: str) -> list[str]:
    java = require_tool("java")
    run = config.kafka_run_dir
    return [
        java,
        f"-Xmx{config.kafka_heap_mb}m",
        f"-Xms{min(256, config.kafka_heap_mb)}m",
        "-XX:+UseG1GC",
        "-Djava.awt.headless=true",
        f"-Dlog4j2.configurationFile={run / 'log4j2.yaml'}",
        f"-Dkafka.logs.dir={run / 'logs'}",
        "-cp",
        _classpath(config),
        main_class,
        *args,
    ]


def format_storage_once(config: StackConfig, properties: Path) -> None:
    """Format the KRaft log dir on first start only; existing topics and messages are kept."""
    if (config.kafka_run_dir / "data" / "meta.properties").is_file():
        return
    uuid_run = subprocess.run(
        _java_argv(config, "kafka.tools.StorageTool", "random-uuid"), capture_output=True, text=True
    )
    cluster_id = uuid_run.stdout.strip().splitlines()[-1] if uuid_run.stdout.strip() else ""
    if uuid_run.returncode != 0 or not cluster_id:
        raise StackError(f"Kafka storage tool failed: {uuid_run.stderr[-800:]}")
    fmt = subprocess.run(
        _java_argv(
            config,
            "kafka.tools.StorageTool",
            "format",
            "-t",
            cluster_id,
            "-c",
            str(properties),
            "--ignore-formatted",
        ),
        capture_output=True,
        text=True,
    )
    if fmt.returncode != 0:
        raise StackError(f"Kafka storage format failed: {fmt.stdout[-400:]}{fmt.stderr[-800:]}")


def broker_argv(config: StackConfig, properties: Path) -> list[str]:
    return _java_argv(config, PROCESS_MARKER, str(properties))


async def _admin_answers(bootstrap: str) -> bool:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=3000)
    try:
        await admin.start()
        await admin.list_topics()
        return True
    except Exception:
        return False
    finally:
        await admin.close()


def admin_answers(bootstrap: str) -> bool:
    # While the broker starts, aiokafka logs every refused connection; the wait loop reports instead.
    quiet = logging.getLogger("aiokafka")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        return asyncio.run(_admin_answers(bootstrap))
    finally:
        quiet.setLevel(level)


def wait_until_ready(config: StackConfig, is_alive: Callable[[], bool], timeout_s: float = 90.0) -> None:
    """The port opens before the controller is ready, so wait for a real admin request to succeed."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not is_alive():
            log = config.kafka_run_dir / "kafka.out"
            tail = log.read_text(errors="replace")[-1500:] if log.exists() else ""
            raise StackError(f"Kafka exited during start; see {log}\n{tail}")
        if admin_answers(config.kafka_bootstrap):
            return
        time.sleep(0.5)
    raise StackError(
        f"Kafka did not answer an admin request on {config.kafka_bootstrap} within {timeout_s:.0f}s"
    )
