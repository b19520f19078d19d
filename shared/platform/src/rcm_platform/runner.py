"""Running a service as its own process: the HTTP app (with the consumer in its lifespan) under uvicorn."""

from __future__ import annotations

import uvicorn

from rcm_platform.logging import configure_logging
from rcm_platform.service import Service


def serve(service: Service) -> None:
    """Blocks until SIGINT/SIGTERM; the lifespan stops the consumer and closes Mongo within the set timeout."""
    settings = service.settings
    configure_logging(service.name, json=settings.log_json)
    config = uvicorn.Config(
        service.http,
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=int(settings.shutdown_timeout_s),
        lifespan="on",
    )
    uvicorn.Server(config).run()
