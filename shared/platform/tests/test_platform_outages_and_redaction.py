"""Fast checks of the kit's outage handling and log redaction (the real-stack proofs are in the outage tests).

- The consumer waits out a long store outage in a loop (no recursion), spends none of the event's attempts on
  it and sends nothing to the DLQ.
- A client's reconnect warning repeated thousands of times is written once per interval, with a count.
- PHI keys in any naming style and PHI-shaped values in free text never reach a log line; an exception is
  logged with its types and frames, never its message.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import httpx
import pytest
import structlog
from fastapi import Request
from pymongo.errors import ServerSelectionTimeoutError
from rcm_platform import Service, ServiceSettings
from rcm_platform.auth import Role
from rcm_platform.log_redaction import MASK, REDACTED, is_phi_key
from rcm_platform.logging import configure_logging
from rcm_platform.outages import Backoff, OncePerInterval, RepeatedLinesFilter
from rcm_platform.testing.auth import as_user
from rcm_platform.testing.in_memory import in_memory_service
from rcm_schemas import EventMessage
from rcm_schemas.events.denials import WriteOffDenial

OUTAGE_FAILURES = 3000
"""More than Python's recursion limit: the old wait-for-store retried by recursing and died here."""


class _Settings(ServiceSettings):
    service_name: str = "denials"


def _service_failing_with_store_outages(settings: _Settings, failures: list[int], **ports: Any) -> Service:
    service = Service(settings, **ports)

    @service.consumer.on(WriteOffDenial)
    async def on_write_off(command: WriteOffDenial, message: EventMessage) -> None:
        if failures[0] > 0:
            failures[0] -= 1
            raise ServerSelectionTimeoutError("no servers available")

    return service


def _write_off() -> WriteOffDenial:
    return WriteOffDenial(
        claim_id="clm-1", work_item_id="wi-1", amount=Decimal("5.00"), reason="small", requested_by="b"
    )


async def test_a_long_store_outage_is_waited_out_without_recursion_attempts_or_dlq() -> None:
    failures = [OUTAGE_FAILURES]
    world = in_memory_service(
        lambda settings, **ports: _service_failing_with_store_outages(settings, failures, **ports),
        _Settings(max_attempts=2, retry_base_delay_s=0.01),
    )
    consumer = world.service.consumer
    assert consumer.outage_backoff.cap_s == 5.0  # what a real outage waits between tries, at most
    consumer.outage_backoff = Backoff(base_s=0.0, cap_s=0.0)  # here: no waiting, only the loop
    await world.deliver(_write_off(), tenant_id="t1")
    assert failures == [0]  # 3,000 outage failures and then success: no attempt spent, no recursion
    assert world.dead_letters() == []


def test_backoff_doubles_up_to_its_cap() -> None:
    backoff = Backoff(base_s=0.2, cap_s=5.0)
    assert [backoff.delay(n) for n in (1, 2, 3, 4, 5, 6, 10_000)] == [0.2, 0.4, 0.8, 1.6, 3.2, 5.0, 5.0]


def test_one_line_per_interval_then_the_count_of_those_held_back() -> None:
    gate = OncePerInterval(interval_s=30)
    assert gate.admit("kafka down", now=0.0) == 0
    assert all(gate.admit("kafka down", now=t / 100) is None for t in range(1, 2000))
    assert gate.admit("store down", now=1.0) == 0  # another line has its own interval
    assert gate.admit("kafka down", now=30.5) == 1999


def test_a_reconnect_loop_of_a_client_logger_writes_one_line_per_interval() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RepeatedLinesFilter(interval_s=60))
    noisy = logging.getLogger("aiokafka.conn.test")
    noisy.addHandler(handler)
    noisy.propagate = False
    try:
        for _ in range(5000):
            noisy.error("Unable to connect to node with id %s", 1)
        logging.getLogger("rcm.other").addHandler(handler)
        logging.getLogger("rcm.other").error("not a client's line")
        logging.getLogger("rcm.other").error("not a client's line")
    finally:
        noisy.removeHandler(handler)
        logging.getLogger("rcm.other").removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert lines.count("Unable to connect to node with id 1") == 1
    assert lines.count("not a client's line") == 2  # our own lines are never held back


@pytest.mark.parametrize(
    "key",
    [
        "patient_first_name",
        "patientFirstName",
        "Patient-Last-Name",
        "PATIENT_DOB",
        "subscriber_id",
        "subscriberId",
        "insuredBirthDate",
        "guarantor_phone",
        "homeAddress",
        "zip",
        "memberNumber",
        "progress_notes",
        "email",
    ],
)
def test_phi_keys_are_known_in_any_style(key: str) -> None:
    assert is_phi_key(key)


@pytest.mark.parametrize(
    "key", ["service", "service_name", "claim_id", "event_type", "topic", "unzipped_bytes", "filename"]
)
def test_our_own_keys_are_not_phi(key: str) -> None:
    assert not is_phi_key(key)


def _log_line(log_call: Any) -> dict[str, Any]:
    stream = io.StringIO()
    configure_logging("registration", json=True, stream=stream)
    try:
        log_call(structlog.get_logger("test"))
    finally:
        configure_logging("tests", json=True)
    return json.loads(stream.getvalue().splitlines()[0])  # type: ignore[no-any-return]


def test_phi_in_free_text_and_odd_keys_never_reaches_the_line() -> None:
    line = _log_line(
        lambda log: log.warning(
            "lookup failed for 1EG4TE5MK73 born 1961-04-09",
            patientFirstName="Ada",
            detail={
                "subscriberId": "XYZ123456789",
                "text": "dob 04/09/1961, ssn 123-45-6789, DTP*472*D8*20250114",
            },
            claim_id="clm-00012345",
        )
    )
    text = json.dumps(line)
    for leaked in (
        "Ada",
        "XYZ123456789",
        "1EG4TE5MK73",
        "1961-04-09",
        "04/09/1961",
        "123-45-6789",
        "20250114",
    ):
        assert leaked not in text
    assert line["patientFirstName"] == REDACTED and MASK in line["event"]
    assert line["claim_id"] == "clm-00012345" and line["service"] == "registration"
    assert line["timestamp"].startswith("20")  # the line's own time is not a patient's date


def test_an_exception_is_logged_with_its_frames_and_types_never_its_message() -> None:
    name = "-".join(["MARTINEZ", "OKAFOR"])  # built at run time: the frames quote source lines, not values

    def fail_with_a_name() -> None:
        try:
            raise KeyError(name)
        except KeyError as inner:
            raise ValueError(f"patient {name} not eligible") from inner

    def log_it(log: Any) -> None:
        try:
            fail_with_a_name()
        except ValueError:
            log.exception("unhandled error")

    line = _log_line(log_it)
    assert "MARTINEZ-OKAFOR" not in json.dumps(line)
    assert "builtins.ValueError" in line["exception"] and "builtins.KeyError" in line["exception"]
    assert (
        "fail_with_a_name" in line["exception"]
        and "test_platform_outages_and_redaction.py" in line["exception"]
    )


async def test_a_500_is_logged_once_with_its_stack_trace_and_without_the_record_it_quoted() -> None:
    name = "".join(["QUINTANILLA", "-", "VOSS"])
    world = in_memory_service(
        lambda settings, **ports: Service(settings, **ports), _Settings(phi_keys_dir="unused")
    )

    @world.service.http.get("/boom")
    async def boom() -> None:
        raise ValueError(f"no coverage for {name}")

    world.service.allow({"GET /boom": frozenset({Role.biller})})
    stream = io.StringIO()
    configure_logging("registration", json=True, stream=stream)
    try:
        transport = httpx.ASGITransport(app=world.service.http, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://in-memory") as client:
            answer = await client.get("/boom", headers=as_user(Role.biller, "t1"))
    finally:
        configure_logging("tests", json=True)
    assert answer.status_code == 500 and name not in answer.text
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    errors = [line for line in lines if line.get("event") == "unhandled error"]
    assert len(errors) == 1 and errors[0]["route"] == "/boom" and errors[0]["error"] == "ValueError"
    assert "in boom" in errors[0]["exception"] and "builtins.ValueError" in errors[0]["exception"]
    assert name not in stream.getvalue()


async def test_a_body_past_the_limit_is_413_with_or_without_content_length() -> None:
    world = in_memory_service(
        lambda settings, **ports: Service(settings, **ports),
        _Settings(phi_keys_dir="unused", max_body_bytes=2048),
    )
    seen: list[int] = []

    @world.service.http.post("/notes")
    async def take_note(request: Request) -> dict[str, int]:
        seen.append(len(await request.body()))
        return {"bytes": seen[-1]}

    world.service.allow({"POST /notes": frozenset({Role.biller})})
    headers = as_user(Role.biller, "t1")

    async def chunks(size: int) -> AsyncIterator[bytes]:
        for _ in range(size // 512):
            yield b"x" * 512

    async with world.http() as client:
        declared = await client.post("/notes", content=b"x" * 4096, headers=headers)
        streamed = await client.post("/notes", content=chunks(8192), headers=headers)
        small = await client.post("/notes", content=chunks(1024), headers=headers)
    assert declared.status_code == streamed.status_code == 413
    assert declared.json()["detail"][0]["loc"] == ["body"] and len(streamed.content) < 200
    assert small.status_code == 200 and seen == [1024]
