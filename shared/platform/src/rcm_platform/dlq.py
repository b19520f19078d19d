"""Dead-letter records: the original bytes and key, with where they came from and why they failed."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from datetime import UTC, datetime

DLQ_HEADER_PREFIX = "dlq."


@dataclass(frozen=True)
class DeadLetter:
    """What the DLQ needs to tell an operator and to replay: never the payload's content in the reason."""

    service: str
    original_topic: str
    original_partition: int
    original_offset: int
    original_key: bytes | None
    value: bytes
    original_headers: dict[str, str]
    reason_kind: str
    reason: str
    event_id: str = ""
    attempts: int = 1

    def headers(self) -> dict[str, str]:
        ours = {
            "dlq.service": self.service,
            "dlq.original_topic": self.original_topic,
            "dlq.original_partition": str(self.original_partition),
            "dlq.original_offset": str(self.original_offset),
            "dlq.event_id": self.event_id,
            "dlq.reason_kind": self.reason_kind,
            "dlq.reason": self.reason[:1000],
            "dlq.attempts": str(self.attempts),
            "dlq.failed_at": datetime.now(UTC).isoformat(),
        }
        originals = {k: v for k, v in self.original_headers.items() if not k.startswith(DLQ_HEADER_PREFIX)}
        return {**originals, **ours}


def describe_exception(error: BaseException) -> str:
    """Exception class and the place it was raised; the message only for our own error types.

    Library messages (pydantic, pymongo) can quote input values, which may be PHI.
    """
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    module = type(error).__module__
    safe_message = module.startswith("rcm_") and not module.startswith("rcm_schemas.codes")
    text = f": {error}" if safe_message and str(error) else ""
    return f"{type(error).__name__}{text}{where}"
