"""Which class decodes which (event_type, schema_version), and how older versions are brought up to date.

One process-wide table, filled at import time by the @register decorators in rcm_schemas.events. Reads after
import are lock-free dict look-ups, which keeps decode() cheap on the hot path.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from rcm_schemas.errors import UnknownEventType, UnsupportedSchemaVersion

if TYPE_CHECKING:
    from rcm_schemas.envelope import Event

EventT = TypeVar("EventT", bound="Event")
Upcaster = Callable[[dict[str, Any]], dict[str, Any]]

_CLASSES: dict[tuple[str, int], type[Event]] = {}
_CURRENT: dict[str, int] = {}
_UPCASTERS: dict[tuple[str, int], Upcaster] = {}


def register(cls: type[EventT]) -> type[EventT]:
    """Class decorator: make an Event subclass decodable. Checks the ClassVars so mistakes fail at import."""
    event_type = getattr(cls, "EVENT_TYPE", "")
    version = cls.SCHEMA_VERSION
    if not event_type:
        raise TypeError(f"{cls.__name__} has no EVENT_TYPE")
    if cls.PARTITION_KEY not in cls.model_fields:
        raise TypeError(f"{cls.__name__}.PARTITION_KEY {cls.PARTITION_KEY!r} is not one of its fields")
    key = (event_type, version)
    if key in _CLASSES and _CLASSES[key] is not cls:
        raise TypeError(f"{event_type} v{version} is already registered as {_CLASSES[key].__name__}")
    _CLASSES[key] = cls
    _CURRENT[event_type] = max(version, _CURRENT.get(event_type, 0))
    return cls


def register_upcaster(event_type: str, from_version: int, fn: Upcaster) -> None:
    """Register fn turning a payload dict of `from_version` into one of `from_version + 1`.

    Upcasters work on plain dicts (not classes) so an old version's class may be deleted once nothing produces
    it.
    """
    key = (event_type, from_version)
    if key in _UPCASTERS and _UPCASTERS[key] is not fn:
        raise TypeError(f"an upcaster for {event_type} v{from_version} is already registered")
    _UPCASTERS[key] = fn


def current_version(event_type: str) -> int:
    """The newest registered version of an event type: what decode() returns and producers should send."""
    try:
        return _CURRENT[event_type]
    except KeyError:
        raise UnknownEventType(f"unknown event type {event_type!r}") from None


def event_class(event_type: str, version: int) -> type[Event]:
    """The class registered for exactly this type and version."""
    cls = _CLASSES.get((event_type, version))
    if cls is not None:
        return cls
    if event_type not in _CURRENT:
        raise UnknownEventType(f"unknown event type {event_type!r}")
    raise UnsupportedSchemaVersion(f"{event_type} has no schema version {version}")


def upcast(event_type: str, version: int, payload: dict[str, Any]) -> tuple[type[Event], dict[str, Any]]:
    """Bring a payload of `version` up to the current version; returns the current class and the new dict."""
    current = current_version(event_type)
    if version > current:
        raise UnsupportedSchemaVersion(f"{event_type} v{version} is newer than v{current} known here")
    if version < 1:
        raise UnsupportedSchemaVersion(f"{event_type} has no schema version {version}")
    while version < current:
        step = _UPCASTERS.get((event_type, version))
        if step is None:
            raise UnsupportedSchemaVersion(f"no upcaster from {event_type} v{version} to v{version + 1}")
        payload = step(payload)
        version += 1
    return _CLASSES[(event_type, current)], payload


def all_event_classes() -> list[type[Event]]:
    """Every registered class, every version, sorted by type then version (stable for export and docs)."""
    return [_CLASSES[key] for key in sorted(_CLASSES)]


def current_event_classes() -> list[type[Event]]:
    """The newest class of each event type, sorted by type."""
    return [_CLASSES[(event_type, _CURRENT[event_type])] for event_type in sorted(_CURRENT)]
