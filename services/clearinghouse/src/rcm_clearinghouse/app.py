"""Composition root: the clearinghouse wired from the kit, its Mongo adapters and its gateway.

build_app does no I/O; `service.start()` (or the runner's lifespan) connects, subscribes and starts the
background loops (the file-drop poll, the optional clock ticker).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rcm_platform import Service
from rcm_platform.ports import AggregatesFor, Publisher

from rcm_clearinghouse.adapters.acknowledging_simulator_gateway import AcknowledgingSimulatorGateway
from rcm_clearinghouse.adapters.acknowledgment_facts import PublishedAcknowledgments
from rcm_clearinghouse.adapters.file_drop_gateway import FileDropGateway
from rcm_clearinghouse.adapters.payment_calendar import REMITTANCES, SUBMISSIONS, PaymentCalendar
from rcm_clearinghouse.adapters.remittance_store import RemittanceStore
from rcm_clearinghouse.adapters.silent_claims import SilentClaimDocuments
from rcm_clearinghouse.adapters.simulated_clock_store import ClockStore
from rcm_clearinghouse.adapters.stored_aggregates import mongo_reader
from rcm_clearinghouse.adapters.submission_documents import SubmissionDocuments
from rcm_clearinghouse.entrypoints.access import ROUTE_ROLES
from rcm_clearinghouse.entrypoints.claim_subscribers import subscribe_claims
from rcm_clearinghouse.entrypoints.http_routes import add_routes
from rcm_clearinghouse.service.appeal_answers import AppealAnswers
from rcm_clearinghouse.service.claim_status_follow_up import ClaimStatusFollowUp
from rcm_clearinghouse.service.inbound_files import InboundFiles
from rcm_clearinghouse.service.ports import ClearinghouseGateway
from rcm_clearinghouse.service.queries import ClearinghouseQueries
from rcm_clearinghouse.service.remittance_release import RemittanceRelease
from rcm_clearinghouse.service.simulated_time import SimulatedTime
from rcm_clearinghouse.service.submission_handling import SubmissionHandling
from rcm_clearinghouse.settings import ClearinghouseSettings

CLOCK = "simulated_clock"


def default_settings() -> ClearinghouseSettings:
    return ClearinghouseSettings()


def build_app(
    settings: ClearinghouseSettings,
    *,
    stores: AggregatesFor | None = None,
    publisher: Publisher | None = None,
    clock: Callable[[], datetime] | None = None,
) -> Service:
    """`stores`/`publisher` replace the aggregate stores and the Kafka publisher (tests). `clock` is the wall
    clock: it only picks the simulated calendar's first day when `clock_start` is unset and none is stored;
    everything else the simulator dates (acknowledgments, adjudications, 835s) runs on the simulated day."""
    now = clock or datetime.now
    service = Service(settings, stores=stores, publisher=publisher)
    scenario = settings.scenario()
    calendar = ClockStore(service.db[CLOCK], settings.clock_start, today=lambda: now().date())
    ledger = PaymentCalendar(service.db)
    gateway: ClearinghouseGateway = (
        FileDropGateway(settings.file_drop_folder)
        if settings.gateway == "file_drop" and settings.file_drop_folder is not None
        else AcknowledgingSimulatorGateway(scenario, calendar.current)
    )
    submissions = SubmissionDocuments(service.store(SUBMISSIONS), mongo_reader(service.db[SUBMISSIONS]))
    remittances = RemittanceStore(service.store(REMITTANCES), mongo_reader(service.db[REMITTANCES]))
    silent = SilentClaimDocuments(service.db, service.store(SUBMISSIONS), service.name)
    follow_up = ClaimStatusFollowUp(silent, scenario)
    time = SimulatedTime(calendar, RemittanceRelease(ledger, remittances, scenario), follow_up)

    subscribe_claims(
        service,
        SubmissionHandling(gateway, calendar, ledger, submissions, scenario),
        AppealAnswers(calendar, ledger, submissions, scenario),
    )
    add_routes(service.http, time, ClearinghouseQueries(submissions, ledger, remittances))
    service.allow(ROUTE_ROLES)
    if settings.gateway == "file_drop":
        # The remote clearinghouse answers through files: read them every few seconds.
        facts = PublishedAcknowledgments(service.publisher, service.name)
        inbound = InboundFiles(gateway, submissions, facts, remittances)
        service.run_every(settings.file_drop_poll_seconds, inbound.poll_once, "inbound files")
    if settings.tick_seconds > 0:
        days = settings.days_per_tick

        async def tick() -> None:  # the demo's payers pay without anyone advancing the clock
            await time.advance(days)

        service.run_every(settings.tick_seconds, tick, "clock")
    return service
