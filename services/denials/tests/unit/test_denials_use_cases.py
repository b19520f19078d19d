"""The denials use cases on in-memory ports: the kit's in-memory aggregate store and recording publisher,
dict-backed ledger, billing models and letters. Milliseconds, no stack."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args
from uuid import UUID

import pytest
from rcm_denials.domain.billing_models import BillingModel, TenantBillingConfig
from rcm_denials.domain.denial_facts import RootCause
from rcm_denials.service import message_handling as handling
from rcm_platform import PermanentError
from rcm_platform.testing.memory import InMemoryAggregateStore, RecordingPublisher
from rcm_schemas import Event, EventMessage, new_message
from rcm_schemas.events.denials import CorrectionRequested, DenialRouted, DenialWrittenOff, WriteOffDenial
from rcm_schemas.vocabulary import RootCause as SharedRootCause

sys.path.insert(0, str(Path(__file__).parents[1] / "integration"))
from denials_stack_scenarios import claim_denied, claim_id, denied_line

TENANT = "clinic-a"


class DictLedger:
    def __init__(self) -> None:
        self.remitted: set[tuple[str, str, str]] = set()
        self.submitted: dict[tuple[str, str], tuple[str, int, str | None]] = {}

    async def record_remitted(self, *, tenant_id: str, claim_id: str, month: str) -> None:
        self.remitted.add((tenant_id, claim_id, month))

    async def record_submitted(
        self,
        *,
        tenant_id: str,
        claim_id: str,
        month: str,
        charge_cents: int,
        original_claim_id: str | None = None,
    ) -> None:
        self.submitted.setdefault((tenant_id, claim_id), (month, charge_cents, original_claim_id))

    async def original_of(self, *, tenant_id: str, claim_id: str) -> str | None:
        found = self.submitted.get((tenant_id, claim_id))
        return None if found is None else found[2]

    async def remitted_count(self, tenant_id: str, month: str) -> int:
        return sum(1 for t, _, m in self.remitted if (t, m) == (tenant_id, month))

    async def submitted_by_month(self, tenant_id: str) -> dict[str, tuple[int, int]]:
        return {}


class DictBillingModels:
    def __init__(self) -> None:
        self.configs: dict[str, TenantBillingConfig] = {}

    async def get(self, tenant_id: str) -> TenantBillingConfig:
        return self.configs.get(tenant_id) or TenantBillingConfig(
            tenant_id=tenant_id, billing_model=BillingModel.IN_HOUSE
        )

    async def put(self, config: TenantBillingConfig) -> None:
        self.configs[config.tenant_id] = config


class DictLetters:
    def __init__(self) -> None:
        self.saved: dict[str, dict[str, Any]] = {}

    async def save(self, *, letter_document_id: str, created_at: datetime, **fields: str) -> None:
        self.saved[letter_document_id] = {**fields, "created_at": created_at}

    async def get(self, letter_document_id: str) -> dict[str, Any] | None:
        return self.saved.get(letter_document_id)


@dataclass
class RecordingCommands:
    publisher: RecordingPublisher

    async def publish(
        self,
        event: Event,
        *,
        tenant_id: str,
        idempotency_key: str | None = None,
        correlation_id: UUID | None = None,
    ) -> UUID:
        message = new_message(event, producer="denials", tenant_id=tenant_id, correlation_id=correlation_id)
        await self.publisher.publish(message)
        return message.envelope.event_id


@dataclass
class InMemoryDenials:
    publisher: RecordingPublisher = field(default_factory=RecordingPublisher)
    ledger: DictLedger = field(default_factory=DictLedger)
    billing_models: DictBillingModels = field(default_factory=DictBillingModels)
    letters: DictLetters = field(default_factory=DictLetters)
    correction_attempt_limit: int = 2

    def __post_init__(self) -> None:
        self.cases = InMemoryAggregateStore(self.publisher, producer="denials")
        self.commands = RecordingCommands(self.publisher)

    def published(self, kind: type[Event]) -> list[Any]:
        return self.publisher.events(kind)


def message(event: Event) -> EventMessage:
    return new_message(event, producer="remittance", tenant_id=TENANT)


async def test_a_not_covered_denial_is_routed_to_a_work_queue_once() -> None:
    world = InMemoryDenials()
    claim = claim_id("nc")
    denied = message(claim_denied(claim, "MCR01", denied_line(1, "97110", "CO", "50", "240.00")))
    await handling.handle_claim_denied(world, denied)
    await handling.handle_claim_denied(world, denied)  # redelivered
    (routed,) = world.published(DenialRouted)
    assert routed.claim_id == claim and routed.work_item_id
    assert world.ledger.remitted_count and len(world.ledger.remitted) == 1
    state = await world.cases.load(claim)
    assert state is not None


async def test_a_telehealth_modifier_denial_is_corrected_automatically() -> None:
    world = InMemoryDenials()
    claim = claim_id("co4")
    # Telehealth billed without the payer's video modifier (Northwind wants 95).
    line = denied_line(1, "99214", "CO", "4", "180.00", remarks=("N519",))
    denied = claim_denied(claim, "NWHP1", line, telehealth=True, place_of_service="10")
    await handling.handle_claim_denied(world, message(denied))
    (request,) = world.published(CorrectionRequested)
    assert request.claim_id == claim and request.attempt == 1 and request.reason_carc == "4"
    assert [fix.model_dump() for fix in request.fixes] == [
        {"kind": "add_modifier", "line_number": 1, "modifier": "95"}
    ]
    assert world.published(DenialRouted) == []


async def test_a_write_off_is_applied_once_for_a_redelivered_command() -> None:
    world = InMemoryDenials()
    claim = claim_id("wo")
    await handling.handle_claim_denied(
        world, message(claim_denied(claim, "MCR01", denied_line(1, "97110", "CO", "50", "240.00")))
    )
    (routed,) = world.published(DenialRouted)
    command = message(
        WriteOffDenial(
            claim_id=claim, work_item_id=routed.work_item_id, reason="no ABN", requested_by="biller-1"
        )
    )
    await handling.handle_write_off(world, command)
    await handling.handle_write_off(world, command)
    (written_off,) = world.published(DenialWrittenOff)
    assert written_off.amount == Decimal("240.00")


async def test_a_command_for_a_case_that_does_not_exist_is_permanent() -> None:
    world = InMemoryDenials()
    command = message(WriteOffDenial(claim_id="CLM-NONE", work_item_id="wi-1", reason="x", requested_by="b"))
    with pytest.raises(PermanentError):
        await handling.handle_write_off(world, command)
    assert world.publisher.sent == []


def test_the_domain_root_causes_are_the_shared_vocabulary() -> None:
    assert {cause.value for cause in RootCause} == set(get_args(SharedRootCause))
