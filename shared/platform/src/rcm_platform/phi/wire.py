"""PHI on the broker: the PHI fields of an event's payload travel sealed with the tenant's key.

The envelope and every other payload field stay clear (routing, idempotency, tracing, reports), and the JSON
shape stays: a sealed field is a string where a string, date or number stood. The outbox stores the sealed
bytes, so documents holding records to publish hold no PHI either, and a dead letter keeps the sealed value
it received. Events whose class has no PHI field are encoded as before (no extra work on the hot path).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from rcm_schemas import EventMessage, MalformedMessage, decode, encode
from rcm_schemas.phi import phi_fields_of

from rcm_platform.phi.cipher import PREFIX, FieldCipher
from rcm_platform.phi.fields import open_fields, seal_fields

_SEALED_MARK = f'"{PREFIX}'.encode()


class WireCipher:
    def __init__(self, cipher: FieldCipher) -> None:
        self.cipher = cipher

    def encode(self, message: EventMessage) -> bytes:
        """The message as it goes to Kafka: `rcm_schemas.encode`, with the payload's PHI fields sealed."""
        if not carries_phi(type(message.payload)):
            return encode(message)
        tenant_id = message.envelope.tenant_id
        payload = seal_fields(self.cipher, tenant_id, message.payload.model_dump(mode="json"))
        return b"".join(
            (
                b'{"envelope":',
                message.envelope.model_dump_json().encode(),
                b',"payload":',
                _compact(payload),
                b"}",
            )
        )

    def open(self, raw: bytes) -> bytes:
        """The clear message bytes (unchanged when nothing in them is sealed); then `rcm_schemas.decode`."""
        if _SEALED_MARK not in raw:
            return raw
        try:
            wire = json.loads(raw)
            tenant_id = str(wire["envelope"]["tenant_id"])
            payload = wire["payload"]
        except (ValueError, KeyError, TypeError):
            raise MalformedMessage(
                "a message with sealed fields but no envelope tenant_id or payload"
            ) from None
        wire["payload"] = open_fields(self.cipher, tenant_id, payload)
        return _compact(wire)

    def decode(self, raw: bytes) -> EventMessage:
        return decode(self.open(raw))


def _compact(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


@cache
def carries_phi(event_class: type) -> bool:
    """Whether the class has a field with a PHI name (its own or a nested model's)."""
    return bool(phi_fields_of(event_class))
