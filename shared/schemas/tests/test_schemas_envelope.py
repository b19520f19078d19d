import json
from datetime import UTC, datetime, timedelta, timezone
from uuid import uuid4

import pytest
from pydantic import ValidationError
from rcm_schemas import (
    ContractError,
    MalformedMessage,
    UnknownEventType,
    UnsupportedSchemaVersion,
    decode,
    encode,
    headers_for,
    new_message,
)
from rcm_schemas.events import ClaimDenied, EncounterRegistered
from rcm_schemas.samples import sample_events


def _sample(cls: type) -> object:
    return next(event for event in sample_events() if type(event) is cls)


def test_round_trip_every_sample() -> None:
    for event in sample_events():
        message = new_message(event, producer="test", tenant_id="t1")
        decoded = decode(encode(message))
        if event.SCHEMA_VERSION == type(decoded.payload).SCHEMA_VERSION:
            assert decoded == message, event.EVENT_TYPE
        assert decoded.envelope.partition_key == event.partition_key_value()


def test_wire_shape_and_money_as_string() -> None:
    message = new_message(_sample(ClaimDenied), producer="remittance", tenant_id="t1")  # type: ignore[arg-type]
    wire = json.loads(encode(message))
    assert set(wire) == {"envelope", "payload"}
    assert wire["payload"]["charge_amount"] == "180.00"
    assert wire["envelope"]["event_type"] == "ClaimDenied"
    assert wire["envelope"]["schema_version"] == 2
    assert wire["envelope"]["partition_key"] == "CLM000123"


def test_new_message_chains_correlation_and_causation() -> None:
    first = new_message(_sample(EncounterRegistered), producer="registration", tenant_id="t1")  # type: ignore[arg-type]
    assert first.envelope.correlation_id == first.envelope.event_id
    assert first.envelope.causation_id is None
    second = new_message(_sample(ClaimDenied), producer="x", tenant_id="t1", caused_by=first.envelope)  # type: ignore[arg-type]
    assert second.envelope.correlation_id == first.envelope.correlation_id
    assert second.envelope.causation_id == first.envelope.event_id
    with pytest.raises(ValueError):
        new_message(
            _sample(ClaimDenied),
            producer="x",
            tenant_id="t1",
            caused_by=first.envelope,  # type: ignore[arg-type]
            correlation_id=uuid4(),
        )


def test_occurred_at_is_utc_and_naive_is_refused() -> None:
    eastern = datetime(2025, 1, 1, 12, 0, tzinfo=timezone(timedelta(hours=-5)))
    message = new_message(_sample(ClaimDenied), producer="x", tenant_id="t1", occurred_at=eastern)  # type: ignore[arg-type]
    assert message.envelope.occurred_at == eastern and message.envelope.occurred_at.tzinfo == UTC
    with pytest.raises(ValidationError):
        new_message(_sample(ClaimDenied), producer="x", tenant_id="t1", occurred_at=datetime(2025, 1, 1))  # type: ignore[arg-type]


def test_headers_are_strings() -> None:
    first = new_message(_sample(EncounterRegistered), producer="registration", tenant_id="t1")  # type: ignore[arg-type]
    second = new_message(_sample(ClaimDenied), producer="x", tenant_id="t1", caused_by=first.envelope)  # type: ignore[arg-type]
    for message in (first, second):
        headers = headers_for(message.envelope)
        assert set(headers) == {
            "event_id",
            "event_type",
            "schema_version",
            "correlation_id",
            "causation_id",
            "tenant_id",
            "producer",
            "occurred_at",
        }
        assert all(isinstance(value, str) for value in headers.values())
    assert headers_for(second.envelope)["causation_id"] == str(first.envelope.event_id)


def _wire(**envelope_changes: object) -> dict[str, object]:
    message = new_message(_sample(ClaimDenied), producer="x", tenant_id="t1")  # type: ignore[arg-type]
    wire = json.loads(encode(message))
    wire["envelope"].update(envelope_changes)
    return wire


@pytest.mark.parametrize(
    "raw", [b"not json", b"[]", b'{"payload": {}}', b'{"envelope": {}, "payload": {}}', b"\xff\xfe", b""]
)
def test_malformed(raw: bytes) -> None:
    with pytest.raises(MalformedMessage) as caught:
        decode(raw)
    assert isinstance(caught.value, ContractError) and caught.value.reason


def test_unknown_event_type() -> None:
    with pytest.raises(UnknownEventType):
        decode(json.dumps(_wire(event_type="ClaimTeleported")).encode())


@pytest.mark.parametrize("version", [3, 0, -1])
def test_unsupported_schema_version(version: int) -> None:
    with pytest.raises(UnsupportedSchemaVersion):
        decode(json.dumps(_wire(schema_version=version)).encode())


def test_invalid_payload_raises_validation_error_not_contract_error() -> None:
    wire = _wire()
    wire["payload"]["charge_amount"] = "lots"  # type: ignore[index]
    with pytest.raises(ValidationError):
        decode(json.dumps(wire).encode())


def test_extra_payload_field_is_refused() -> None:
    wire = _wire()
    wire["payload"]["surprise"] = 1  # type: ignore[index]
    with pytest.raises(ValidationError):
        decode(json.dumps(wire).encode())


def test_events_are_frozen() -> None:
    event = _sample(ClaimDenied)
    with pytest.raises(ValidationError):
        event.claim_id = "other"  # type: ignore[attr-defined]
