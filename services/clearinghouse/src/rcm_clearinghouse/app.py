"""Composition root: the clearinghouse wired from the kit, its Mongo adapters and its gateway.

build_app does no I/O; `service.start()` (or the runner's lifespan) connects, subscribes and starts the
optional clock ticker. Tests swap the gateway through the keyword override.
"""

from __future__ import annotations

from rcm_platform import Service

from rcm_clearinghouse.adapters.acknowledging_simulator_gateway import AcknowledgingSimulatorGateway
from rcm_clearinghouse.adapters.file_drop_gateway import FileDropGateway
from rcm_clearinghouse.adapters.payment_calendar import REMITTANCES, SUBMISSIONS, PaymentCalendar
from rcm_clearinghouse.adapters.remittance_store import RemittanceStore
from rcm_clearinghouse.adapters.simulated_clock_store import ClockStore
from rcm_clearinghouse.entrypoints.background_tasks import ClearinghouseService, clock_tick
from rcm_clearinghouse.entrypoints.claim_subscribers import subscribe_claims
from rcm_clearinghouse.entrypoints.http_routes import add_routes
from rcm_clearinghouse.entrypoints.inbound_polling import inbound_files
from rcm_clearinghouse.service.gateway_port import ClearinghouseGateway
from rcm_clearinghouse.service.remittance_release import RemittanceRelease
from rcm_clearinghouse.service.submission_handling import SubmissionHandling
from rcm_clearinghouse.settings import ClearinghouseSettings

CLOCK = "simulated_clock"


def default_settings() -> ClearinghouseSettings:
    return ClearinghouseSettings()


def build_app(settings: ClearinghouseSettings, *, gateway: ClearinghouseGateway | None = None) -> Service:
    service = ClearinghouseService(settings)
    scenario = settings.scenario()
    clock = ClockStore(service.db[CLOCK], settings.clock_start)
    calendar = PaymentCalendar(service.db)
    if gateway is None and settings.gateway == "file_drop" and settings.file_drop_folder is not None:
        gateway = FileDropGateway(settings.file_drop_folder)
    gateway = gateway or AcknowledgingSimulatorGateway(scenario, clock.current)
    submissions = service.store(SUBMISSIONS)
    remittances = RemittanceStore(service.store(REMITTANCES))
    release = RemittanceRelease(calendar, remittances, scenario)

    subscribe_claims(service, submissions, SubmissionHandling(gateway, clock, calendar, scenario))
    add_routes(service.http, clock, release, submissions, calendar, remittances)
    if settings.gateway == "file_drop":
        # The remote clearinghouse answers through files: read them every few seconds.
        poll = inbound_files(service, gateway, submissions, remittances).poll_once
        service.run_every(settings.file_drop_poll_seconds, poll, "inbound files")
    if settings.tick_seconds > 0:
        service.run_every(settings.tick_seconds, clock_tick(clock, release, settings.days_per_tick), "clock")
    return service
