"""The service kit every rcm service is built from."""

from rcm_platform.aggregates import AggregateStore, Decision, Outcome
from rcm_platform.errors import PermanentError, TransientError
from rcm_platform.service import Service
from rcm_platform.settings import ServiceSettings

__all__ = [
    "AggregateStore",
    "Decision",
    "Outcome",
    "PermanentError",
    "Service",
    "ServiceSettings",
    "TransientError",
]
