"""Use cases for the worklist commands people send over HTTP: assign, resolve, write off, file an appeal.

A command's id is its envelope's event id (derived from the Idempotency-Key), so a retried or redelivered
command changes the case once.
"""

from __future__ import annotations

from rcm_platform.ports import State
from rcm_schemas import EventMessage
from rcm_schemas.events.denials import AssignWorkItem, FileAppeal, ResolveDenial, WriteOffDenial

from rcm_denials.service import command_decisions
from rcm_denials.service.case_writes import apply_to_case, refused_permanently
from rcm_denials.service.ports import AppealLetters, DenialCases
from rcm_denials.service.worklist_commands import FiledAppeal


def _command_id(message: EventMessage) -> str:
    return str(message.envelope.event_id)


class WorklistWorkflow:
    def __init__(self, cases: DenialCases, letters: AppealLetters, correction_attempt_limit: int) -> None:
        self.cases = cases
        self.letters = letters
        self.correction_attempt_limit = correction_attempt_limit

    async def assign(self, command: AssignWorkItem, message: EventMessage) -> None:
        envelope = message.envelope
        await apply_to_case(
            self.cases,
            command.claim_id,
            message,
            lambda state: command_decisions.decide_assign(
                state, command, _command_id(message), envelope.tenant_id, envelope.occurred_at
            ),
        )

    async def resolve(self, command: ResolveDenial, message: EventMessage) -> None:
        envelope = message.envelope
        await apply_to_case(
            self.cases,
            command.claim_id,
            message,
            lambda state: command_decisions.decide_resolve(
                state,
                command,
                _command_id(message),
                envelope.tenant_id,
                envelope.occurred_at,
                self.correction_attempt_limit,
            ),
        )

    async def write_off(self, command: WriteOffDenial, message: EventMessage) -> None:
        envelope = message.envelope
        await apply_to_case(
            self.cases,
            command.claim_id,
            message,
            lambda state: command_decisions.decide_write_off(
                state, command, _command_id(message), envelope.tenant_id, envelope.occurred_at
            ),
        )

    async def file_appeal(self, command: FileAppeal, message: EventMessage) -> None:
        """The letter is stored first (same id on a retry), then the appeal is recorded and published."""
        envelope = message.envelope

        def filed(state: State | None) -> FiledAppeal:
            return command_decisions.filed_appeal(
                state, command, _command_id(message), envelope.tenant_id, envelope.occurred_at
            )

        state = await self.cases.load(command.claim_id)
        appeal = refused_permanently(lambda: filed(state))
        if appeal.fact is not None and appeal.letter is not None:
            await self.letters.save(
                letter_document_id=appeal.fact.letter_document_id,
                appeal_id=appeal.fact.appeal_id,
                claim_id=command.claim_id,
                tenant_id=envelope.tenant_id,
                text=appeal.letter,
                created_at=envelope.occurred_at,
            )
        await apply_to_case(
            self.cases,
            command.claim_id,
            message,
            lambda current: command_decisions.decide_file_appeal(current, filed(current)),
        )
