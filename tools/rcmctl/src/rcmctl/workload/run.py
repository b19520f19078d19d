"""One run of the synthetic workload against running services: register, work the queues, wait, report."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx
from rcm_registration.synthetic_population import SyntheticPopulation
from rcm_schemas import EventMessage

from rcmctl.workload import sign_in
from rcmctl.workload.back_office import BackOffice
from rcmctl.workload.encounters import PlannedEncounter, plan_encounters
from rcmctl.workload.front_desk import ClinicDesk, RegistrationRefused, RememberPhi, forget_phi
from rcmctl.workload.patient_billing import PatientBillingResult, bill_patients
from rcmctl.workload.profiles import PROFILES, DefectRates
from rcmctl.workload.tracker import RunTracker

Progress = Callable[[str, int, int], None]
QUIET_END_S = 45.0
DAY_END_BACKLOG = 25  # encounters still on their way to a claim when a simulated day may end


@dataclass
class WorkloadResult:
    run_id: str
    tenants: dict[str, str]
    names: dict[str, str]
    encounters: int
    registered_at: dict[str, float] = field(default_factory=dict)
    tracker: RunTracker | None = None
    back_office: BackOffice | None = None
    patients: PatientBillingResult | None = None
    settled: bool = False
    elapsed_s: float = 0.0


def split_encounters(total: int) -> dict[str, int]:
    counts = {p.key: int(total * p.share_of_encounters) for p in PROFILES}
    counts[PROFILES[-1].key] += total - sum(counts.values())
    return counts


async def run_workload(
    urls: dict[str, str],
    bootstrap: str,
    *,
    encounters: int,
    seed: int,
    today: date,
    topic_prefix: str = "",
    progress: Progress | None = None,
    settle_timeout_s: float = 600,
    concurrency: int = 16,
    defects: DefectRates | None = None,
    plans: list[PlannedEncounter] | None = None,
    rate_per_s: float | None = None,
    payer_clock_from_start: bool = False,
    remember_phi: RememberPhi = forget_phi,
    patients_pay: bool = False,
    batch_size: int = 1,
    left_to_people: frozenset[str] = frozenset(),
) -> WorkloadResult:
    """Register `encounters` generated visits (or the given `plans`), work the queues, wait until settled.

    `rate_per_s` paces the registrations (otherwise as fast as `concurrency` allows); `payer_clock_from_start`
    lets the payers' days pass from the first registration (a benchmark), not only once registration is done.
    `remember_phi` is told every name, birth date and member id the front desks send (tests pass the PHI
    guard's, which then searches every log of the run for them). `patients_pay`: once settled, statement cycles
    run and the patients pay, late, on a plan or never (workload/patient_billing.py). `batch_size` > 1 sends a
    clinic's visits `batch_size` at a time through POST /encounters:batch (not with `rate_per_s`, which paces
    single visits). `left_to_people`: event types the back office leaves alone (e.g. DenialRouted,
    CodingReviewRequired), so their work items stay open for a person in the console.
    """
    run_id = uuid.uuid4().hex[:6]
    tenants = {p.key: f"{p.key}-{run_id}" for p in PROFILES}
    result = WorkloadResult(
        run_id,
        tenants,
        {tenants[p.key]: p.name for p in PROFILES},
        len(plans) if plans is not None else encounters,
    )
    tracker = RunTracker(bootstrap, set(tenants.values()), topic_prefix=topic_prefix)
    await tracker.start()
    result.tracker = tracker
    started = time.monotonic()
    limits = httpx.Limits(max_connections=concurrency * 2)
    async with (
        httpx.AsyncClient(timeout=60, limits=limits) as client,
        httpx.AsyncClient(base_url=urls["registration"], timeout=60, limits=limits) as front_desk_client,
    ):
        office = BackOffice(client, urls)
        result.back_office = office
        desks: dict[str, ClinicDesk] = {}
        for profile in PROFILES:
            await office.configure_billing_model(tenants[profile.key], profile.billing_model)
            desk = ClinicDesk(
                profile,
                tenants[profile.key],
                front_desk_client,
                SyntheticPopulation(seed=seed + len(desks), tenant_id=tenants[profile.key]),
                remember_phi=remember_phi,
            )
            await desk.open()
            desks[profile.key] = desk
        if plans is None:
            plans = [
                plan
                for p in PROFILES
                for plan in plan_encounters(
                    p,
                    split_encounters(encounters)[p.key],
                    seed=seed,
                    today=today,
                    defects=defects or DefectRates(),
                )
            ]
        by_encounter: dict[str, PlannedEncounter] = {}
        gate = asyncio.Semaphore(concurrency)
        done = 0

        async def register(index: int, plan: PlannedEncounter) -> None:
            nonlocal done
            if rate_per_s:
                await asyncio.sleep(max(0.0, started + index / rate_per_s - time.monotonic()))
            async with gate:
                view = await desks[plan.clinic_key].register(plan)
            by_encounter[view["encounter_id"]] = plan
            result.registered_at[view["encounter_id"]] = time.monotonic()
            done += 1
            if progress:
                progress("registered", done, len(plans))

        async def register_batch(batch: list[PlannedEncounter]) -> None:
            nonlocal done
            async with gate:
                views = await desks[batch[0].clinic_key].register_many(batch)
            answered = time.monotonic()
            for view, plan in zip(views, batch, strict=True):
                by_encounter[view["encounter_id"]] = plan
                result.registered_at[view["encounter_id"]] = answered
            done += len(batch)
            if progress:
                progress("registered", done, len(plans))

        watcher = asyncio.create_task(_work_queues(tracker, office, desks, by_encounter, left_to_people))
        clock: asyncio.Task[None] | None = None
        try:
            if payer_clock_from_start:
                clock = asyncio.create_task(
                    _advance_payer_clock(
                        client,
                        urls["clearinghouse"],
                        office.failures,
                        day_may_end=lambda: claims_backlog(tracker) <= DAY_END_BACKLOG,
                    )
                )
            if batch_size > 1 and not rate_per_s:
                await asyncio.gather(
                    *(register_batch(batch) for batch in _batches_by_clinic(plans, batch_size))
                )
            else:
                await asyncio.gather(*(register(index, plan) for index, plan in enumerate(plans)))
            if clock is None:
                await _wait_for_quiet(tracker, seconds=2.0, limit_s=60)
                # Days pass at the payers only once the claims of the day went out, as in a real billing office.
                clock = asyncio.create_task(
                    _advance_payer_clock(client, urls["clearinghouse"], office.failures)
                )
            result.settled = await _wait_until_settled(tracker, len(plans), settle_timeout_s, progress)
            if patients_pay:
                result.patients = await bill_patients(
                    client, urls["remittance"], list(tenants.values()), run_id, seed
                )
                await _wait_for_quiet(tracker, seconds=3.0, limit_s=60)  # their events reach the report
        finally:
            watcher.cancel()
            if clock is not None:
                clock.cancel()
    result.elapsed_s = time.monotonic() - started
    await tracker.stop()
    return result


def _batches_by_clinic(plans: list[PlannedEncounter], size: int) -> list[list[PlannedEncounter]]:
    """A clinic's visits in order, `size` at a time (a batch is one clinic's request)."""
    by_clinic: dict[str, list[PlannedEncounter]] = {}
    for plan in plans:
        by_clinic.setdefault(plan.clinic_key, []).append(plan)
    return [
        visits[start : start + size] for visits in by_clinic.values() for start in range(0, len(visits), size)
    ]


PEOPLE_AT_WORK = 16
"""Work items handled at once by the office (coders, billers, the front desk): a slow answer from a busy
service holds up one of them, never the reading of new events."""


async def _work_queues(
    tracker: RunTracker,
    office: BackOffice,
    desks: dict[str, ClinicDesk],
    by_encounter: dict[str, PlannedEncounter],
    left_to_people: frozenset[str] = frozenset(),
) -> None:
    """React to every new event of the run: coders, billers and the front desk do their part, each work item as
    its own task, so the events keep being read (and the run is not taken for quiet) while a call waits."""
    fixed: set[tuple[str, frozenset[str]]] = set()  # one correction per encounter and set of problems
    waiting: list[EventMessage] = []  # incomplete registrations seen before their POST returned
    people = asyncio.Semaphore(PEOPLE_AT_WORK)
    working: set[asyncio.Task[None]] = set()

    def start(work: Coroutine[Any, Any, None], what: str) -> None:
        async def by_a_person() -> None:
            async with people:
                await work

        def finished(task: asyncio.Task[None]) -> None:
            working.discard(task)
            tracker.work_finished()
            if not task.cancelled() and task.exception() is not None:
                office.failures.append(f"{what}: {type(task.exception()).__name__}")

        tracker.work_started()
        task = asyncio.create_task(by_a_person())
        working.add(task)
        task.add_done_callback(finished)

    async def correct(desk: ClinicDesk, payload: Any, plan: PlannedEncounter, problems: set[str]) -> None:
        try:
            await desk.correct(payload.work_item_id, plan.patient_index, plan.payer_id, problems)
            office.actions["registration corrected"] += 1
        except (RegistrationRefused, httpx.HTTPError) as error:  # one refusal must not stop the desk
            office.failures.append(f"registration correction: {str(error)[:200]}")

    try:
        while True:
            fresh = await tracker.poll(timeout_ms=300)
            incomplete = waiting + [m for m in fresh if m.envelope.event_type == "RegistrationIncomplete"]
            waiting = []
            for message in incomplete:
                payload: Any = message.payload
                plan = by_encounter.get(payload.encounter_id)
                if plan is None:
                    waiting.append(message)
                elif (payload.encounter_id, frozenset(p.code for p in payload.problems)) not in fixed:
                    problems = {problem.code for problem in payload.problems}
                    fixed.add((payload.encounter_id, frozenset(problems)))
                    start(correct(desks[plan.clinic_key], payload, plan, problems), "registration correction")
            for message in fresh:
                if message.envelope.event_type in left_to_people:
                    continue
                if message.envelope.event_type != "RegistrationIncomplete":
                    plan = by_encounter.get(str(getattr(message.payload, "encounter_id", "")))
                    start(office.react(message, plan), message.envelope.event_type)
    finally:
        for task in working:
            task.cancel()


def settled_encounters(tracker: RunTracker) -> set[str]:
    """Encounters that reached a final state: paid, billed to the patient (self-pay), written off, appealed, or
    waiting in a work queue."""
    events = tracker.events
    claim_to_encounter = events.encounter_by_claim()
    # A corrected claim is settled by its replacement's outcome, not by its own.
    corrected = {m.payload.claim_id for m in events.of("CorrectionRequested")}  # type: ignore[attr-defined]
    done: set[str] = set()
    for event_type in (
        "ClaimPaid",
        "ClaimPartiallyPaid",
        "SelfPayClaimBilled",
        "AppealFiled",
        "DenialWrittenOff",
        "ClaimHeld",
        "DenialRouted",
    ):
        for message in events.of(event_type):
            claim_id = message.payload.claim_id  # type: ignore[attr-defined]
            if claim_id in corrected:
                continue
            encounter = claim_to_encounter.get(claim_id)
            if encounter:
                done.add(encounter)
    for message in events.of("ClaimDenied"):
        payload: Any = message.payload
        carcs = {a.carc for line in payload.lines for a in line.adjustments} | {
            a.carc for a in payload.claim_adjustments
        }
        if "18" in carcs and payload.claim_id in claim_to_encounter:  # a duplicate is closed, not worked
            done.add(claim_to_encounter[payload.claim_id])
    # An underpaid claim is settled when the payer has answered its appeal: a payment from a later 835.
    for message in events.of("UnderpaymentFound"):
        found: Any = message.payload
        answered = any(
            m.payload.claim_id == found.claim_id and m.payload.trace_number != found.trace_number  # type: ignore[attr-defined]
            for m in events.of("ClaimPaid")
        )
        encounter = claim_to_encounter.get(found.claim_id)
        if encounter and not answered:
            done.discard(encounter)
    registered = {m.payload.encounter_id for m in events.of("EncounterRegistered")}  # type: ignore[attr-defined]
    for message in events.of("RegistrationIncomplete"):
        encounter = message.payload.encounter_id  # type: ignore[attr-defined]
        if encounter not in registered:
            done.add(encounter)
    return done


def unsettled_by_last_event(tracker: RunTracker) -> Counter[str]:
    """For the encounters not settled: how many stopped after each event type (where the pipeline left them)."""
    settled = settled_encounters(tracker)
    claim_to_encounter = tracker.events.encounter_by_claim()
    last: dict[str, tuple[Any, str]] = {}
    for event_type, messages in tracker.events.by_type.items():
        for message in messages:
            payload: Any = message.payload
            encounter = getattr(payload, "encounter_id", None) or claim_to_encounter.get(
                str(getattr(payload, "claim_id", ""))
            )
            if not encounter or encounter in settled:
                continue
            if encounter not in last or message.envelope.occurred_at > last[encounter][0]:
                last[encounter] = (message.envelope.occurred_at, event_type)
    return Counter(event_type for _, event_type in last.values())


def claims_backlog(tracker: RunTracker) -> int:
    """Encounters registered whose claim has not gone out (to the payer or the patient) or been held yet."""
    events = tracker.events
    registered = {m.payload.encounter_id for m in events.of("EncounterRegistered")}  # type: ignore[attr-defined]
    out = {
        m.payload.encounter_id  # type: ignore[attr-defined]
        for event_type in ("ClaimSubmitted", "SelfPayClaimBilled", "ClaimHeld")
        for m in events.of(event_type)
    }
    return len(registered - out)


async def _wait_for_quiet(tracker: RunTracker, *, seconds: float, limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while tracker.idle_for() < seconds and time.monotonic() < deadline:
        await asyncio.sleep(0.2)


async def _advance_payer_clock(
    client: httpx.AsyncClient,
    clearinghouse_url: str,
    failures: list[str],
    *,
    days: int = 1,
    every_s: float = 0.25,
    day_may_end: Callable[[], bool] = lambda: True,
) -> None:
    """One simulated day at the payers every quarter second, releasing the remittances that fall due.

    `day_may_end` holds the day while the office still has the day's claims to send: simulated days must not
    run ahead of the pipeline, or a backlog of minutes would become months and breach timely filing.
    """
    while True:
        if not day_may_end():
            await asyncio.sleep(every_s)
            continue
        try:
            response = await client.post(
                f"{clearinghouse_url}/simulator/advance",
                json={"days": days},
                headers=sign_in.payer_clock(),
                timeout=120,
            )
            if response.status_code != 200:
                failures.append(f"clock advance {response.status_code}: {response.text[:200]}")
        except httpx.HTTPError as error:  # a slow release must not stop the days from passing
            failures.append(f"clock advance: {type(error).__name__}")
        await asyncio.sleep(every_s)


async def _wait_until_settled(
    tracker: RunTracker, total: int, timeout_s: float, progress: Progress | None
) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        settled = len(settled_encounters(tracker))
        if progress:
            progress("settled", settled, total)
        if settled >= total and tracker.idle_for() > 3:
            return True
        if tracker.idle_for() > QUIET_END_S:
            return False  # nothing has happened for a while: what is left waits for a person
        await asyncio.sleep(1)
    return False
