"""The service kit every rcm service is built from."""

from rcm_platform.aggregates import AggregateStore
from rcm_platform.errors import PermanentError, TransientError
from rcm_platform.ports import Aggregates, AggregatesFor, Decision, Outcome, OutgoingRecord, Publisher, State
from rcm_platform.service import Service
from rcm_platform.settings import ServiceSettings

__all__ = [
    "AggregateStore",
    "Aggregates",
    "AggregatesFor",
    "Decision",
    "Outcome",
    "OutgoingRecord",
    "PermanentError",
    "Publisher",
    "Service",
    "ServiceSettings",
    "State",
    "TransientError",
]
