"""AsyncAPI for what a service consumes: the event classes its handlers take, not the raw bytes we decode.

The kit hands FastStream raw bytes (decoding and validation are ours, so failures reach the DLQ), which would
document every subscribe payload as untyped binary. This replaces the subscriber's payload description with
the JSON Schema of the consumed event classes, generated from the same pydantic models the handlers receive.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Union

from fast_depends.pydantic._compat import create_model, get_config_base
from faststream.specification.asyncapi.message import get_model_schema
from rcm_schemas import Event


def describe_inputs(subscriber: Any, event_classes: Sequence[type[Event]]) -> None:
    if not event_classes:
        return
    specification = subscriber.specification
    classes = tuple(event_classes)
    payload_type: Any = classes[0] if len(classes) == 1 else Union[classes]  # noqa: UP007 - a runtime union
    base = type(specification)

    def get_payloads(self: Any) -> list[tuple[dict[str, Any], str]]:
        body = get_model_schema(
            call=create_model("", __config__=get_config_base(), payload__=(payload_type, ...)),
            prefix=f"{self.config.title_ or self.call_name}:Message",
        )
        return [(body, "")] if body else []

    # The specification uses __slots__, so the method is replaced by a same-layout subclass.
    specification.__class__ = type(base.__name__, (base,), {"__slots__": (), "get_payloads": get_payloads})
