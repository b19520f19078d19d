"""/health/ready follows the store: unready while FerretDB is stopped, ready again when it returns."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import time
from pathlib import Path

import httpx
import pytest
from probe_service import ProbeSettings, build_probe
from rcm_platform.localstack import StackConfig, ferretdb
from rcm_platform.localstack.processes import process_alive, start_detached, stop_process

pytestmark = pytest.mark.stack

OWN_FERRETDB_PORT = 27517  # its own FerretDB, so stopping it disturbs no other test


def _own_ferretdb(tmp_path: Path) -> StackConfig:
    shared = StackConfig.from_env()
    return dataclasses.replace(shared, run_dir=tmp_path / "stack", mongo_port=OWN_FERRETDB_PORT)


def _start(config: StackConfig) -> None:
    # A FerretDB left on this port by a killed run would answer for ours and never stop: say so instead.
    with socket.socket() as probe:
        taken = probe.connect_ex(("127.0.0.1", config.mongo_port)) == 0
    assert not taken, f"port {config.mongo_port} is taken (a FerretDB left by an earlier run?)"
    ferretdb.ensure_binary(config)
    config.ferretdb_run_dir.mkdir(parents=True, exist_ok=True)
    pid = start_detached(
        ferretdb.server_argv(config),
        log_file=config.ferretdb_run_dir / "ferretdb.out",
        pid_file=config.ferretdb_run_dir / "ferretdb.pid",
        cwd=config.ferretdb_run_dir,
        env=ferretdb.server_env(config),
    )
    ferretdb.wait_until_ready(config, lambda: process_alive(pid))


def _stop(config: StackConfig) -> None:
    stop_process(config.ferretdb_run_dir / "ferretdb.pid", ferretdb.PROCESS_MARKER, timeout_s=10)


async def _ready_status(client: httpx.AsyncClient) -> int:
    return (await client.get("/health/ready")).status_code


async def _wait_status(client: httpx.AsyncClient, wanted: int, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if await _ready_status(client) == wanted:
            return
        await asyncio.sleep(0.3)
    raise AssertionError(f"/health/ready never answered {wanted}")


async def test_ready_turns_unready_without_the_store_and_recovers_without_a_restart(
    probe_settings: ProbeSettings, tmp_path: Path
) -> None:
    config = _own_ferretdb(tmp_path)
    settings = probe_settings.model_copy(update={"mongo_uri": config.mongo_uri})
    service = build_probe(settings)  # before the store starts: a failed build leaves no FerretDB behind
    _start(config)
    await service.start()
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=service.http), base_url="http://probe"
        ) as client:
            assert (await client.get("/health/live")).status_code == 200
            await _wait_status(client, 200)
            _stop(config)
            await _wait_status(client, 503)
            body = (await client.get("/health/ready")).json()
            assert body["checks"] == {"kafka": "ok", "mongo": "failing"}
            _start(config)
            await _wait_status(client, 200)
            metrics = await client.get("/metrics")
            assert "rcm_events_consumed_total" in metrics.text and "rcm_outbox_backlog" in metrics.text
    finally:
        await service.stop()
        _stop(config)
