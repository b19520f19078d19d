"""structlog configuration: JSON lines (console on a TTY), context bound per message, PHI removed first.

The PHI processor runs before any renderer, so no sink ever sees a patient's name, birth date, member id,
address or note. It drops PHI keys at any depth and masks PHI-looking values in free text it cannot trust.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any, TextIO

import structlog
from rcm_schemas import LOG_ONLY_PHI_FIELD_NAMES, PHI_FIELD_NAMES

REDACTED = "[redacted]"


def phi_keys() -> frozenset[str]:
    """The one declared list (rcm_schemas.phi), plus names too generic to seal but not to print."""
    return PHI_FIELD_NAMES | LOG_ONLY_PHI_FIELD_NAMES


def _scrub(value: Any, keys: frozenset[str]) -> Any:
    if isinstance(value, Mapping):
        return {k: (REDACTED if str(k).lower() in keys else _scrub(v, keys)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item, keys) for item in value]
    return value


class RedactPhi:
    """structlog processor: removes PHI fields from the event dict at any depth."""

    def __init__(self, keys: frozenset[str] | None = None) -> None:
        self.keys = keys or phi_keys()

    def __call__(self, _: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        return {
            key: (REDACTED if key.lower() in self.keys else _scrub(value, self.keys))
            for key, value in event_dict.items()
        }


def configure_logging(
    service: str, *, json: bool | None = None, stream: TextIO | None = None, level: int = logging.INFO
) -> None:
    """Configure structlog and route the standard library's loggers (aiokafka, faststream) through it."""
    if stream is None and (log_file := os.environ.get("RCM_LOG_FILE")):
        stream = open(log_file, "a", buffering=1)  # noqa: SIM115 - lives as long as the process
    out = stream or sys.stderr
    use_json = (not out.isatty()) if json is None else json
    renderer: Any = structlog.processors.JSONRenderer() if use_json else structlog.dev.ConsoleRenderer()
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        RedactPhi(),
    ]
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(out),
        cache_logger_on_first_use=False,
    )
    structlog.contextvars.bind_contextvars(service=service)
    handler = logging.StreamHandler(out)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[*shared],
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)


def get_logger(name: str | None = None) -> Any:
    return structlog.get_logger(name)
