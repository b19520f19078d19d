"""structlog configuration: JSON lines (console on a TTY), context bound per message, PHI removed first.

The PHI processor (rcm_platform.log_redaction) runs before any renderer, so no sink ever sees a patient's name,
birth date, member id, address or note: it drops PHI keys in any naming style at any depth, masks PHI-shaped
values in free text, and renders exceptions as types and frames without their messages. The clients' own
loggers (aiokafka, pymongo) go through the same chain, and a reconnect loop's repeated line is let through
once per interval with a count.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any, TextIO

import structlog

from rcm_platform.log_redaction import REDACTED as REDACTED
from rcm_platform.log_redaction import RedactPhi, SafeExceptionInfo
from rcm_platform.outages import RepeatedLinesFilter

REPEATED_LINES_INTERVAL_S = 30.0


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
        SafeExceptionInfo(),
        RedactPhi(),
    ]
    structlog.configure(
        processors=[*shared, renderer],
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
    handler.addFilter(RepeatedLinesFilter(REPEATED_LINES_INTERVAL_S))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)


def get_logger(name: str | None = None) -> Any:
    return structlog.get_logger(name)
