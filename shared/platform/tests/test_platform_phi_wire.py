"""PHI on the broker: payload PHI fields sealed with the tenant key, the envelope and the JSON shape kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rcm_platform.phi import FieldCipher, FileKeyProvider, WireCipher
from rcm_schemas import MalformedMessage, decode, encode
from rcm_schemas.export import json_schema_of
from rcm_schemas.samples import sample_messages

SAMPLE_PHI = ("Testpatient", "Jane", "1980-06-15", "W123456789", "M998877", "12 Test Lane", "Video visit")


def _wire(folder: Path) -> WireCipher:
    return WireCipher(FieldCipher(FileKeyProvider(folder)))


def test_every_sample_travels_without_phi_in_clear_and_opens_to_the_same_message(tmp_path: Path) -> None:
    wire = _wire(tmp_path)
    for message in sample_messages():
        sent = wire.encode(message)
        assert not [s for s in SAMPLE_PHI if s.encode() in sent], type(message.payload).__name__
        assert wire.decode(sent) == decode(encode(message))  # older versions come back upcast
        body = json.loads(sent)
        assert body["envelope"] == json.loads(encode(message))["envelope"], (
            "routing and idempotency stay clear"
        )
        sealed = json_schema_of(type(message.payload)).get("x-rcm-sealed-on-the-wire")
        if sealed is None:
            assert sent == encode(message), "a PHI-free event is sent exactly as before"


def test_a_subscriber_of_another_tenant_cannot_open_the_fields(tmp_path: Path) -> None:
    wire = _wire(tmp_path)
    message = next(m for m in sample_messages() if type(m.payload).__name__ == "EncounterRegistered")
    body = json.loads(wire.encode(message))
    body["envelope"]["tenant_id"] = "someone-else"  # replayed under another tenant
    from rcm_platform.phi import PhiDecryptionError

    with pytest.raises(PhiDecryptionError):
        wire.open(json.dumps(body).encode())


def test_sealed_bytes_that_are_not_a_message_are_a_contract_error(tmp_path: Path) -> None:
    with pytest.raises(MalformedMessage):
        _wire(tmp_path).open(b'{"payload": "enc:v1:1:AAAA"}')
