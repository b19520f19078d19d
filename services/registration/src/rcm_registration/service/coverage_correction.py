"""Use cases of the front desk's coverage correction for a REGISTERED encounter (POST
/encounters/{encounter_id}/coverage-corrections): checked at the door, applied by the encounter's one writer.

At the door: the encounter is registered, the coverage is one the payer directory knows with a member id in its
format covering the visit, and the payer answers active for it (a 422 naming the field otherwise, so the front
desk learns it at the desk). Then the CorrectCoverage command goes to the registration consumer, which asks the
payer again inside its once-per-cause write (the 271 stored with the encounter is the writer's own) and
publishes EncounterCoverageCorrected; denials rebills a claim the old payer denied for coverage from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import structlog
from rcm_platform.errors import PermanentError
from rcm_schemas import EventMessage
from rcm_schemas.events import CorrectCoverage

from rcm_registration.domain import people
from rcm_registration.domain.coverage import CoverageDetails
from rcm_registration.domain.coverage_correction import with_corrected_coverage
from rcm_registration.domain.cross_checks import FieldPath, FieldProblem, coverage_field_problems
from rcm_registration.domain.encounter import Encounter, RegistrationProblem
from rcm_registration.domain.registration_decision import RegistrationDecision
from rcm_registration.domain.registration_rules import eligibility_problems
from rcm_registration.service.ports import CoverageCommands, EligibilityGateway, EncounterStore
from rcm_registration.service.registration import verify_eligibility

log = structlog.get_logger("rcm.registration.coverage_corrections")

COVERAGE: FieldPath = ("coverage",)
DOOR_CHECK_ID = "door-check"


class EncounterNotFound(LookupError):
    """No such encounter for this tenant (404)."""


class EncounterNotRegistered(Exception):
    """The encounter is not registered (409): an incomplete one is corrected through its work item."""

    def __init__(self, encounter: Encounter) -> None:
        super().__init__(
            f"encounter is {encounter.status}: only a registered encounter's coverage is corrected here; "
            "an incomplete one is corrected through its work item"
        )


class CoverageRejected(Exception):
    """The coverage cannot replace the encounter's as sent: nothing was sent, the caller answers 422."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(f"{len(problems)} coverage problem(s)")
        self.problems = problems


@dataclass(frozen=True)
class CoverageCorrectionRequested:
    command_id: str
    encounter_id: str


def _request_path(problem: RegistrationProblem) -> FieldPath:
    """The 271's problem paths name the encounter's coverage list; the request has one `coverage`."""
    if problem.field is not None and problem.field.endswith(".member_id"):
        return (*COVERAGE, "member_id")
    return COVERAGE


async def payer_problems(
    corrected: Encounter, gateway: EligibilityGateway, *, today: date
) -> tuple[list[RegistrationProblem], RegistrationDecision | None]:
    """Ask the payer about the corrected encounter: its problems, or none and the registered decision."""
    eligibility = await verify_eligibility(corrected, gateway, today=today)
    problems = eligibility_problems(corrected, eligibility)
    if problems:
        return problems, None
    registered = corrected.model_copy(update={"eligibility": eligibility})
    return [], RegistrationDecision(registered, "coverage_corrected")


class CoverageCorrections:
    def __init__(
        self,
        encounters: EncounterStore,
        gateway: EligibilityGateway,
        commands: CoverageCommands,
        today: Callable[[], date],
    ) -> None:
        self._encounters = encounters
        self._gateway = gateway
        self._commands = commands
        self._today = today

    async def request(
        self,
        encounter_id: str,
        coverage: CoverageDetails,
        *,
        tenant_id: str,
        requested_by: str,
        idempotency_key: str | None,
    ) -> CoverageCorrectionRequested:
        encounter = await self._encounters.get(encounter_id, tenant_id=tenant_id)
        if encounter is None:
            raise EncounterNotFound("no such encounter for this tenant")
        if encounter.status != "registered":
            raise EncounterNotRegistered(encounter)
        day = encounter.date_of_service
        problems = coverage_field_problems(coverage, day, COVERAGE)
        if not coverage.covers(day):
            message = "coverage does not cover the date of service"
            problems.append(FieldProblem((*COVERAGE, "effective_date"), message, "outside_coverage_period"))
        if problems:
            raise CoverageRejected(problems)
        corrected = with_corrected_coverage(encounter, coverage, command_id=DOOR_CHECK_ID)
        refused, _ = await payer_problems(corrected, self._gateway, today=self._today())
        if refused:
            raise CoverageRejected([FieldProblem(_request_path(p), p.message, p.code) for p in refused])
        command_id = await self._commands.send(
            encounter, coverage, requested_by=requested_by, idempotency_key=idempotency_key
        )
        return CoverageCorrectionRequested(command_id=command_id, encounter_id=encounter.encounter_id)

    async def apply(self, command: CorrectCoverage, message: EventMessage) -> None:
        """The writer's side: replace the coverage, ask the payer, publish EncounterCoverageCorrected."""
        command_id = str(message.envelope.event_id)
        tenant_id = message.envelope.tenant_id

        async def decide(current: Encounter | None) -> RegistrationDecision | None:
            if current is None:
                raise PermanentError("no such encounter")
            if current.tenant_id != tenant_id:
                raise PermanentError("the command's tenant does not own the encounter")
            if command_id in current.processed_command_ids:
                return None
            if current.status != "registered":
                log.info("coverage correction not applied", reason=f"encounter is {current.status}")
                return None
            details = coverage_of_command(command, current)
            corrected = with_corrected_coverage(current, details, command_id=command_id)
            problems, decision = await payer_problems(corrected, self._gateway, today=self._today())
            if decision is None:
                # Checked at the door a moment ago; the payer changed its answer since. Nothing changes.
                log.warning("coverage correction refused by the payer", codes=[p.code for p in problems])
                return None
            log.info("coverage corrected")
            return RegistrationDecision(
                decision.encounter,
                "coverage_corrected",
                correction_id=command_id,
                corrected_by=command.requested_by,
            )

        await self._encounters.apply(command.encounter_id, message, decide)


def coverage_of_command(command: CorrectCoverage, current: Encounter) -> CoverageDetails:
    """The wire coverage carries no period: the door checked that it covers the visit, so it starts then."""
    wire = command.coverage
    subscriber = wire.subscriber
    return CoverageDetails(
        payer_id=wire.payer_id,
        member_id=wire.member_id,
        group_number=wire.group_number,
        coverage_order=wire.coverage_order,
        relationship_code=wire.relationship_code,
        subscriber=None
        if subscriber is None
        else people.PersonDemographics.model_validate(subscriber.model_dump()),
        effective_date=current.date_of_service,
        termination_date=None,
    )
