"""`rcm stack` on its own run folder and ports, so the suite's shared stack is left alone.

Runs the real components: up twice, status, down (nothing of ours left), then a hand-killed Kafka that
`status` reports down and `up` brings back with its topics and messages.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from rcm_platform.kafka_access import kafka_client_options
from rcm_platform.localstack.processes import port_in_use, process_matches, read_pid
from rcm_platform.localstack.topics import ensure_topics
from rcm_schemas import Topic

pytestmark = pytest.mark.stack

KAFKA_PORT, CONTROLLER_PORT, MONGO_PORT = 19392, 19393, 27318


@pytest.fixture
def stack_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    # This process's Kafka clients take the admin principal of the run folder they talk to, as rcm does.
    monkeypatch.setenv("RCM_RUN_DIR", str(tmp_path / "stack"))
    env = {
        **os.environ,
        "RCM_RUN_DIR": str(tmp_path / "stack"),
        "RCM_KAFKA_PORT": str(KAFKA_PORT),
        "RCM_KAFKA_CONTROLLER_PORT": str(CONTROLLER_PORT),
        "RCM_MONGO_PORT": str(MONGO_PORT),
        "COLUMNS": "200",  # rich wraps table cells in narrow terminals
    }
    yield env
    rcm(env, "stack", "down")


def rcm(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rcmctl.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )


def our_pids(run_dir: Path) -> list[int]:
    pids = [read_pid(run_dir / "kafka" / "kafka.pid"), read_pid(run_dir / "ferretdb" / "ferretdb.pid")]
    return [pid for pid in pids if pid is not None]


def test_up_twice_status_down_leaves_no_process_of_ours(stack_env: dict[str, str]) -> None:
    first = rcm(stack_env, "stack", "up")
    assert first.returncode == 0, first.stdout + first.stderr
    run_dir = Path(stack_env["RCM_RUN_DIR"])
    pids_after_first = our_pids(run_dir)
    second = rcm(stack_env, "stack", "up")
    assert second.returncode == 0, second.stdout + second.stderr
    assert f"127.0.0.1:{KAFKA_PORT}" in second.stdout and f"127.0.0.1:{MONGO_PORT}" in second.stdout
    assert our_pids(run_dir) == pids_after_first, "a second up must not start anything again"

    status = rcm(stack_env, "stack", "status")
    assert status.returncode == 0 and status.stdout.count(" up ") >= 2, status.stdout

    down = rcm(stack_env, "stack", "down")
    assert down.returncode == 0
    markers = ["kafka.Kafka", "rcm-ferretdb"]
    assert not any(process_matches(pid, m) for pid in pids_after_first for m in markers)
    assert not port_in_use(KAFKA_PORT) and not port_in_use(MONGO_PORT)


async def _produce_and_read(bootstrap: str, topic: str, value: bytes | None) -> list[bytes]:
    if value is not None:
        producer = AIOKafkaProducer(**kafka_client_options(bootstrap), acks="all")
        await producer.start()
        await producer.send_and_wait(topic, value, key=b"k")
        await producer.stop()
    consumer = AIOKafkaConsumer(
        topic, **kafka_client_options(bootstrap), auto_offset_reset="earliest", enable_auto_commit=False
    )
    await consumer.start()
    try:
        batch = await consumer.getmany(timeout_ms=5000)
        return [record.value for records in batch.values() for record in records if record.value]
    finally:
        await consumer.stop()


SURVIVOR = Topic("lifecycle.survivor", (), "", 2, 3_600_000)


def test_killed_kafka_is_reported_down_and_comes_back_with_topics_and_messages(
    stack_env: dict[str, str],
) -> None:
    assert rcm(stack_env, "stack", "up").returncode == 0
    bootstrap = f"127.0.0.1:{KAFKA_PORT}"
    asyncio.run(ensure_topics(bootstrap, [SURVIVOR]))
    assert asyncio.run(_produce_and_read(bootstrap, SURVIVOR.name, b"survives a kill")) == [
        b"survives a kill"
    ]

    kafka_pid = read_pid(Path(stack_env["RCM_RUN_DIR"]) / "kafka" / "kafka.pid")
    assert kafka_pid is not None
    os.kill(kafka_pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while process_matches(kafka_pid, "kafka.Kafka") and time.monotonic() < deadline:
        time.sleep(0.1)

    status = rcm(stack_env, "stack", "status")
    assert status.returncode != 0
    kafka_line = next(line for line in status.stdout.splitlines() if "kafka" in line)
    assert "down" in kafka_line and "not running" in status.stdout

    assert rcm(stack_env, "stack", "up").returncode == 0
    assert asyncio.run(_produce_and_read(bootstrap, SURVIVOR.name, None)) == [b"survives a kill"]


def test_a_busy_port_gets_one_clear_line_naming_it(stack_env: dict[str, str]) -> None:
    import socket

    blocker = socket.socket()
    blocker.bind(("127.0.0.1", MONGO_PORT))
    blocker.listen()
    try:
        env = {**stack_env, "RCM_KAFKA_PORT": "19492", "RCM_KAFKA_CONTROLLER_PORT": "19493"}
        result = rcm(env, "stack", "up")
    finally:
        blocker.close()
        rcm({**stack_env, "RCM_KAFKA_PORT": "19492", "RCM_KAFKA_CONTROLLER_PORT": "19493"}, "stack", "down")
    assert result.returncode == 1
    assert f"port {MONGO_PORT}" in result.stdout and "RCM_MONGO_PORT" in result.stdout


def _modes(folder: Path) -> set[str]:
    return {oct(path.stat().st_mode & 0o777) for path in [folder, *folder.rglob("*")]}


def test_a_stack_formatted_before_sasl_is_formatted_again_and_keeps_its_files_private(
    stack_env: dict[str, str],
) -> None:
    assert rcm(stack_env, "stack", "up").returncode == 0
    bootstrap = f"127.0.0.1:{KAFKA_PORT}"
    asyncio.run(ensure_topics(bootstrap, [SURVIVOR]))
    assert rcm(stack_env, "stack", "down").returncode == 0
    run_dir = Path(stack_env["RCM_RUN_DIR"])
    # What a checkout from before SASL has: formatted storage, but no record of the principals it was made with.
    (run_dir / "kafka" / "data" / "rcm-credentials.sha256").unlink()

    up = rcm(stack_env, "stack", "up")
    assert up.returncode == 0, up.stdout + up.stderr
    assert asyncio.run(_topic_names(bootstrap)) >= {"rcm.claims.events", "rcm.dlq.claims"}
    assert SURVIVOR.name not in asyncio.run(_topic_names(bootstrap)), "the old storage was formatted again"
    assert _modes(run_dir / "kafka" / "data") <= {"0o700", "0o600"}
    assert _modes(run_dir / "kafka" / "logs") <= {"0o700", "0o600"}
    assert _modes(run_dir.parent / "secrets") == {"0o700", "0o600"}


async def _topic_names(bootstrap: str) -> set[str]:
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(**kafka_client_options(bootstrap))
    await admin.start()
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()
