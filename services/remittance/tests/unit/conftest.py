"""Fixtures of the remittance use-case tests: the use cases on in-memory ports, and a service wired to them.

fakes.py is loaded under a name of its own: every service may have a tests/unit/fakes.py, and one test run
imports them all.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from rcm_platform import Service
from rcm_platform.testing.in_memory import InMemoryService
from rcm_platform.testing.memory import InMemoryStores
from rcm_remittance.app import default_settings
from rcm_remittance.entrypoints.access import ROUTE_ROLES
from rcm_remittance.entrypoints.http_routes import register_routes
from rcm_remittance.entrypoints.subscribers import register_subscribers
from rcm_remittance.service.reclassification_posting import DenialReclassificationPosting
from rcm_remittance.service.self_pay_posting import SelfPayPosting
from rcm_remittance.service.write_off_posting import DenialWriteOffPosting


def _load_fakes() -> ModuleType:
    name = "rcm_remittance_unit_fakes"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("fakes.py"))
        if spec is None or spec.loader is None:
            raise ImportError(name)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


fakes = _load_fakes()


@pytest.fixture
def world() -> Any:
    """A fakes.RemittanceWorld: the use cases over in-memory ports, all output in one RecordingPublisher."""
    return fakes.RemittanceWorld()


@pytest.fixture
def wired(world: Any) -> InMemoryService:
    """The service's real subscribers and routes (kit consumer, HTTP edge) over the same in-memory world."""
    settings = default_settings()
    stores = InMemoryStores(world.publisher, producer=settings.service_name)
    service = Service(settings, stores=stores, publisher=world.publisher)
    register_subscribers(
        service,
        world.posting,
        world.matching,
        DenialWriteOffPosting(world.ledger),
        SelfPayPosting(world.known_claims, world.ledger),
        DenialReclassificationPosting(world.ledger),
    )
    register_routes(service, world.queries, world.matching, world.clock, world.billing)
    service.allow(ROUTE_ROLES)
    return InMemoryService(service, world.publisher, stores)
