"""Apache Kafka 4.x in KRaft single-node combined mode, from Maven Central jars, run with the machine's Java."""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rcm_platform.kafka_access import kafka_client_options
from rcm_platform.localstack.config import StackConfig
from rcm_platform.localstack.errors import StackError
from rcm_platform.localstack.kafka_secrets import ADMIN, KafkaSecrets, principal_access
from rcm_platform.localstack.tools import require_tool

PROCESS_MARKER = "kafka.Kafka"
PRIVATE_UMASK = 0o077
"""The broker and the storage tool run with it: log segments hold PHI, so folders are 0700 and files 0600."""
CONTROLLER_PRINCIPAL = "controller"

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


def _private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def _jaas(module: str, user: str, password: str, **extra: str) -> str:
    options = "".join(
        f' {key}="{value}"' for key, value in {"username": user, "password": password, **extra}.items()
    )
    return f"org.apache.kafka.common.security.{module} required{options};"


def write_config(config: StackConfig, kafka_secrets: KafkaSecrets) -> Path:
    run = _private_dir(config.kafka_run_dir)
    for log_file in _private_dir(run / "logs").iterdir():
        log_file.chmod(0o600)  # written 0644 by a stack from before the umask
    (run / "log4j2.yaml").write_text(_LOG4J2)
    mechanism = kafka_secrets.mechanism
    # SCRAM users live in the metadata log, which a controller cannot read before it authenticates, so the
    # controller listener uses PLAIN with a static principal instead. Its password is made anew at every start and
    # lives only in this 0600 file; the listener is bound to 127.0.0.1, so only this machine can try it.
    controller_password = secrets.token_urlsafe(24)
    properties = {
        "process.roles": "broker,controller",
        "node.id": "1",
        "controller.quorum.voters": f"1@127.0.0.1:{config.kafka_controller_port}",
        "listeners": f"CLIENT://127.0.0.1:{config.kafka_port},CONTROLLER://127.0.0.1:{config.kafka_controller_port}",
        "advertised.listeners": f"CLIENT://127.0.0.1:{config.kafka_port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "CLIENT",
        "listener.security.protocol.map": "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
        "sasl.enabled.mechanisms": mechanism,
        "sasl.mechanism.inter.broker.protocol": mechanism,
        f"listener.name.client.{mechanism.lower()}.sasl.jaas.config": _jaas(
            "scram.ScramLoginModule", ADMIN, kafka_secrets.admin_password
        ),
        "sasl.mechanism.controller.protocol": "PLAIN",
        "listener.name.controller.sasl.enabled.mechanisms": "PLAIN",
        "listener.name.controller.plain.sasl.jaas.config": _jaas(
            "plain.PlainLoginModule",
            CONTROLLER_PRINCIPAL,
            controller_password,
            **{f"user_{CONTROLLER_PRINCIPAL}": controller_password},
        ),
        # Every request is checked against the ACLs `rcm stack up` derives from the topic registry; what no ACL
        # allows is refused, and only the admin and the node's own controller principal bypass them.
        "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "super.users": f"User:{ADMIN};User:{CONTROLLER_PRINCIPAL}",
        "allow.everyone.if.no.acl.found": "false",
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
    _write_private(path, "".join(f"{key}={value}\n" for key, value in properties.items()))
    return path


def _write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read, from its first byte (it holds passwords or hashes of them)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a file from before the passwords keeps its old mode through O_CREAT
    with os.fdopen(fd, "w") as handle:
        handle.write(text)


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


def _fingerprint_file(config: StackConfig) -> Path:
    return config.kafka_run_dir / "data" / "rcm-credentials.sha256"


def format_storage_once(config: StackConfig, properties: Path, kafka_secrets: KafkaSecrets) -> None:
    """Format the KRaft log dir with the SCRAM principals on first start; existing topics are kept after that.

    A log dir formatted without these principals (a stack from before SASL, a new service, a deleted secrets
    file) is formatted again: it is a development stack, and this keeps an old checkout working with no manual step.
    """
    data = config.kafka_run_dir / "data"
    marker = _fingerprint_file(config)
    if (data / "meta.properties").is_file():
        if marker.is_file() and marker.read_text().strip() == kafka_secrets.fingerprint():
            return
        shutil.rmtree(data)
    uuid_run = subprocess.run(
        _java_argv(config, "kafka.tools.StorageTool", "random-uuid"), capture_output=True, text=True
    )
    cluster_id = uuid_run.stdout.strip().splitlines()[-1] if uuid_run.stdout.strip() else ""
    if uuid_run.returncode != 0 or not cluster_id:
        raise StackError(f"Kafka storage tool failed: {uuid_run.stderr[-800:]}")
    # The storage tool takes SCRAM users only as arguments: they show in this machine's process list for the
    # second the format runs, once per stack. The broker itself reads them from its metadata, not from argv.
    scram_users = [
        arg
        for name, password in sorted(kafka_secrets.passwords.items())
        for arg in ("--add-scram", f"{kafka_secrets.mechanism}=[name={name},password={password}]")
    ]
    fmt = subprocess.run(
        _java_argv(
            config, "kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(properties), *scram_users
        ),
        capture_output=True,
        text=True,
        umask=PRIVATE_UMASK,
    )
    if fmt.returncode != 0:
        failure = _without(fmt.stdout[-400:] + fmt.stderr[-800:], kafka_secrets)
        raise StackError(f"Kafka storage format failed: {failure}")
    _write_private(marker, kafka_secrets.fingerprint())


def _without(text: str, kafka_secrets: KafkaSecrets) -> str:
    for password in kafka_secrets.passwords.values():
        text = text.replace(password, "***")
    return text


def broker_argv(config: StackConfig, properties: Path) -> list[str]:
    return _java_argv(config, PROCESS_MARKER, str(properties))


async def _admin_answers(config: StackConfig) -> bool:
    from aiokafka.admin import AIOKafkaAdminClient

    access = principal_access(config, ADMIN)
    admin = AIOKafkaAdminClient(
        **kafka_client_options(config.kafka_bootstrap, access), request_timeout_ms=3000
    )
    try:
        await admin.start()
        await admin.list_topics()
        return True
    except Exception:
        return False
    finally:
        await admin.close()


def admin_answers(config: StackConfig) -> bool:
    # While the broker starts, aiokafka logs every refused connection; the wait loop reports instead.
    quiet = logging.getLogger("aiokafka")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        return asyncio.run(_admin_answers(config))
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
        if admin_answers(config):
            return
        time.sleep(0.5)
    raise StackError(
        f"Kafka did not answer an admin request on {config.kafka_bootstrap} within {timeout_s:.0f}s"
    )
