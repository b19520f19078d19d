"""`rcm run`, `rcm demo` and `rcm bench` start services on ports nobody else holds and count a service ready only
when the process they started answers (its pid and instance id), never whatever else listens on the port."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from rcm_platform.localstack.config import StackConfig
from rcm_schemas import CONSUMING_SERVICES
from rcmctl.processes import PortBusy, ServiceFleet, ServiceProcess, stack_services_env

pytestmark = pytest.mark.stack


class _SomebodyElsesService(BaseHTTPRequestHandler):
    """Answers every health probe 200 "ready", as another fleet's service would."""

    def do_GET(self) -> None:
        body = json.dumps({"service": "claims", "status": "ready", "instance": "theirs", "pid": 1}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def foreign_service() -> Iterator[int]:
    server = HTTPServer(("127.0.0.1", 0), _SomebodyElsesService)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()


def test_a_ready_answer_from_another_process_on_the_port_is_not_our_service(
    foreign_service: int, tmp_path: Path
) -> None:
    fleet = ServiceFleet(log_dir=tmp_path)
    ours = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        proc = ServiceProcess("claims", 0, foreign_service, tmp_path / "claims-0.log", ours)
        proc.log_file.write_text("")
        fleet.processes.append(proc)
        with pytest.raises(RuntimeError, match=f"claims-0 on port {foreign_service}"):
            fleet.wait_ready(timeout_s=2)
    finally:
        ours.kill()
        ours.wait()


def test_a_base_port_that_is_taken_is_refused_naming_it(foreign_service: int, tmp_path: Path) -> None:
    with pytest.raises(PortBusy, match=f"port {foreign_service} is already in use"):
        ServiceFleet(log_dir=tmp_path, base_port=foreign_service).start()


def test_rcm_run_refuses_a_taken_base_port_before_starting_anything(foreign_service: int) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "rcmctl.cli", "run", "--base-port", str(foreign_service)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "200"},
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"port {foreign_service} is already in use" in result.stdout + result.stderr


def test_free_ports_are_distinct_and_unheld(tmp_path: Path) -> None:
    fleet = ServiceFleet(log_dir=tmp_path)
    ports = fleet._ports(12)
    assert len(set(ports)) == 12
    for port in ports:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", port))  # nothing holds it


def test_every_service_is_told_the_stack_on_the_ports_the_environment_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RCM_KAFKA_PORT", "19592")
    monkeypatch.setenv("RCM_MONGO_PORT", "27419")
    stack = StackConfig.from_env()
    env = stack_services_env(stack.kafka_bootstrap, stack.service_mongo_uris())
    for name in CONSUMING_SERVICES:
        assert env[f"RCM_{name.upper()}_KAFKA_BOOTSTRAP"] == "127.0.0.1:19592"
        assert "127.0.0.1:27419" in env[f"RCM_{name.upper()}_MONGO_URI"]
