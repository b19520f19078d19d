"""Subscribers: ClaimSubmitted -> acknowledgment (and, when accepted, an adjudication kept until payday);
AppealFiled -> the simulated payer's answer to an appeal of an underpayment."""

from __future__ import annotations

from rcm_platform import Service
from rcm_schemas import EventMessage
from rcm_schemas.events.claims import ClaimSubmitted
from rcm_schemas.events.denials import AppealFiled

from rcm_clearinghouse.adapters.event_translation import submission_from
from rcm_clearinghouse.service.appeal_answers import AppealAnswers
from rcm_clearinghouse.service.submission_handling import SubmissionHandling


def subscribe_claims(service: Service, handling: SubmissionHandling, appeals: AppealAnswers) -> None:
    @service.consumer.on(ClaimSubmitted)
    async def on_claim_submitted(event: ClaimSubmitted, message: EventMessage) -> None:
        await handling.receive(submission_from(event), message)

    @service.consumer.on(AppealFiled)
    async def on_appeal_filed(event: AppealFiled, message: EventMessage) -> None:
        await appeals.appealed(event, message)
