"""File writers, the only I/O of this package, run only when called (by `rcm schemas export` or by hand).

- export_json_schemas: one JSON Schema per event class and version, for non-Python consumers and review diffs.
- write_golden_samples: the golden messages the contract tests decode; regenerate only deliberately, because
  the point of a golden file is that it does NOT change when the code does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rcm_schemas.envelope import Event, encode
from rcm_schemas.phi import phi_fields_of
from rcm_schemas.registry import all_event_classes


def file_stem(cls: type[Event]) -> str:
    return f"{cls.EVENT_TYPE}.v{cls.SCHEMA_VERSION}"


def json_schema_of(cls: type[Event]) -> dict[str, Any]:
    """The JSON Schema of a payload (validation mode: what a producer may send) plus contract metadata."""
    schema = cls.model_json_schema(mode="validation")
    schema["title"] = cls.EVENT_TYPE
    schema["x-rcm-event-type"] = cls.EVENT_TYPE
    schema["x-rcm-schema-version"] = cls.SCHEMA_VERSION
    schema["x-rcm-partition-key"] = cls.PARTITION_KEY
    if sealed := phi_fields_of(cls):
        # On Kafka these fields (at any depth) carry "enc:v1:<kid>:<base64>" strings, sealed with the tenant's
        # key; the schema above describes them as the producer built them, before sealing.
        schema["x-rcm-sealed-on-the-wire"] = list(sealed)
    return schema


def export_json_schemas(out_dir: Path) -> list[Path]:
    """Write <EventType>.v<version>.json for every registered class; returns the paths written, sorted."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for cls in all_event_classes():
        path = out_dir / f"{file_stem(cls)}.json"
        path.write_text(json.dumps(json_schema_of(cls), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return sorted(written)


def write_golden_samples(out_dir: Path) -> list[Path]:
    """(Re)write one golden message per registered class and version from rcm_schemas.samples."""
    from rcm_schemas.samples import (
        sample_messages,
    )  # imported here: only this deliberate act needs the samples

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for message in sample_messages():
        payload = message.payload
        path = out_dir / f"{file_stem(type(payload))}.json"
        pretty = json.dumps(json.loads(encode(message)), indent=2, sort_keys=True) + "\n"
        path.write_text(pretty, encoding="utf-8")
        written.append(path)
    return sorted(written)
