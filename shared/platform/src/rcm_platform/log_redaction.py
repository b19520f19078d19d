"""What the log redactor removes: PHI keys in any naming style, and PHI-shaped values in free text.

Keys: the declared PHI names (rcm_schemas.phi) match whatever their spelling (`patientFirstName`,
`Patient-First-Name`, `PATIENT_FIRST_NAME`), and so does any key with a PHI word in it (`guarantor_phone`,
`subscriber_id`, `insuredBirthDate`): a developer logging a new field cannot leak it by naming it differently.
Values: dates, SSNs and member-id shapes are masked in the strings that are not ids or log structure, because
exception texts and messages quote data nobody declared.
Exceptions are rendered as their types and frames only: an exception's message may quote a record.
"""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Mapping, MutableMapping
from typing import Any

from rcm_schemas import LOG_ONLY_PHI_FIELD_NAMES, PHI_FIELD_NAMES

REDACTED = "[redacted]"
MASK = "[masked]"

_PHI_WORDS = frozenset(
    {"name", "names", "dob", "ssn", "zip", "city", "note", "notes", "email", "street", "phone", "surname"}
)
"""Whole words of a key that make it PHI (as words only: `zip` is PHI, `unzipped_bytes` is not)."""
_PHI_FRAGMENTS = ("birth", "member", "subscriber", "address", "postal", "telephone", "firstname", "lastname")
"""Parts that make a key PHI wherever they occur in it."""
_NOT_PHI = frozenset(
    {
        "service",
        "servicename",
        "hostname",
        "filename",
        "loggername",
        "taskname",
        "indexname",
        "topicname",
        "username",
        "eventname",
        "logger",
    }
)
"""Keys with a PHI word that name our own things (a service, a file, a Kafka principal), never a person."""
_STRUCTURE = frozenset({"timestamp", "level", "logger", "service", "eventtype", "topic", "exception"})
"""Keys whose values are written by the logging setup itself: their dates are not a patient's."""

_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")
_VALUE_PATTERNS = (
    re.compile(r"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"),
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),
    re.compile(r"\b(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\b"),  # CCYYMMDD, as X12 writes it
    re.compile(r"\b\d{3}-\d{2}-\d{4}\b"),  # SSN
    # Member ids and MBIs: 8-20 capitals and digits, at least one letter and two digits ("1EG4TE5MK73").
    re.compile(r"\b(?=[A-Z0-9]*[A-Z])(?=(?:[A-Z]*\d){2})[A-Z0-9]{8,20}\b"),
)


def key_words(key: str) -> list[str]:
    return [word.lower() for word in _SPLIT.split(key) if word]


def _normalised(names: frozenset[str]) -> frozenset[str]:
    return frozenset("".join(key_words(name)) for name in names)


_DECLARED = _normalised(PHI_FIELD_NAMES | LOG_ONLY_PHI_FIELD_NAMES)


def is_phi_key(key: object) -> bool:
    words = key_words(str(key))
    joined = "".join(words)
    if joined in _NOT_PHI:
        return False
    if joined in _DECLARED or any(word in _PHI_WORDS for word in words):
        return True
    return any(fragment in joined for fragment in _PHI_FRAGMENTS)


def _is_identifier(key: str) -> bool:
    words = key_words(key)
    return bool(words) and words[-1] in {"id", "ids", "key", "keys"}


def mask_values(text: str) -> str:
    for pattern in _VALUE_PATTERNS:
        text = pattern.sub(MASK, text)
    return text


def _scrub(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _scrub_item(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item) for item in value]
    if isinstance(value, str):
        return mask_values(value)
    return value


def _scrub_item(key: str, value: Any) -> Any:
    if is_phi_key(key):
        return REDACTED
    if "".join(key_words(key)) in _STRUCTURE or (_is_identifier(key) and not isinstance(value, Mapping)):
        return value
    return _scrub(value)


class RedactPhi:
    """structlog processor: PHI keys dropped and PHI-shaped values masked, at any depth."""

    def __call__(self, _: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        return {key: _scrub_item(key, value) for key, value in event_dict.items()}


def safe_traceback(error: BaseException) -> str:
    """The chain of exception types with their frames (file, line, function, code), never their messages."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = traceback.format_list(traceback.extract_tb(current.__traceback__))
        kind = type(current)
        parts.append(
            f"{kind.__module__}.{kind.__qualname__} (message withheld: it may quote a record)\n"
            + "".join(frames)
        )
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\nwhile handling, or caused by:\n".join(parts)


class SafeExceptionInfo:
    """structlog processor, in place of format_exc_info: `exception` holds types and frames only."""

    def __call__(self, _: Any, __: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
        info = event_dict.pop("exc_info", None)
        if not info:
            return event_dict
        error = info if isinstance(info, BaseException) else (info[1] if isinstance(info, tuple) else None)
        if error is None:  # exc_info=True: the exception being handled
            error = sys.exc_info()[1]
        if error is not None:
            event_dict["exception"] = safe_traceback(error)
        return event_dict
