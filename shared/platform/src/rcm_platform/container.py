"""The one service image's entry point: `python -m rcm_platform.container <service>`, or `topics` for the job.

A wrong name, a missing broker or store address, or a setting that does not validate stops the container at once
with one line naming the setting (exit 64), never a traceback.
`topics` creates the topic registry's topics on RCM_KAFKA_BOOTSTRAP (the compose stack's one-shot init job),
waiting for a broker that is still starting.
"""

from __future__ import annotations

import asyncio
import os
import runpy
import sys
import time
from collections.abc import Mapping

from pydantic import ValidationError
from rcm_schemas import CONSUMING_SERVICES

TOPICS_JOB = "topics"
BROKER_WAIT_S = 120.0
USAGE_EXIT = 64  # EX_USAGE: a setting is wrong, restarting will not help


def main(argv: list[str]) -> int:
    choices = (*CONSUMING_SERVICES, TOPICS_JOB)
    if len(argv) != 1 or argv[0] not in choices:
        given = " ".join(argv) or "nothing"
        print(f"rcm container: command must be one of {', '.join(choices)}; got {given}", file=sys.stderr)
        return USAGE_EXIT
    if argv[0] == TOPICS_JOB:
        return create_topics()
    return run_service(argv[0])


def missing_settings(service: str, env: Mapping[str, str]) -> list[str]:
    """What a container must be told: the defaults (a broker and a store on 127.0.0.1) are never right in one."""
    prefix = f"RCM_{service.upper()}_"
    return [
        name for name in (f"{prefix}KAFKA_BOOTSTRAP", f"{prefix}MONGO_URI") if not env.get(name, "").strip()
    ]


def run_service(service: str) -> int:
    missing = missing_settings(service, os.environ)
    if missing:
        print(f"rcm {service}: set {' and '.join(missing)}", file=sys.stderr)
        return USAGE_EXIT
    sys.argv = [f"rcm_{service}"]
    try:
        runpy.run_module(f"rcm_{service}", run_name="__main__", alter_sys=True)
    except ValidationError as error:  # a wrong setting: one line naming each variable, not a traceback
        if not error.title.endswith("Settings"):
            raise  # not the settings' own check: a fault, shown whole
        print(f"rcm {service}: {'; '.join(setting_problems(service, error))}", file=sys.stderr)
        return USAGE_EXIT
    return 0


def setting_problems(service: str, error: ValidationError) -> list[str]:
    """`RCM_CLAIMS_HTTP_PORT: Input should be a valid integer` per error; the values are not echoed (secrets)."""
    from rcm_platform.settings import ServiceSettings

    problems = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else ""
        alias = (
            ServiceSettings.model_fields[field].validation_alias
            if field in ServiceSettings.model_fields
            else None
        )
        shared_names = [
            c for c in getattr(alias, "choices", []) if isinstance(c, str) and c.startswith("RCM_")
        ]
        variable = shared_names[0] if shared_names else f"RCM_{service.upper()}_{field.upper()}"
        problems.append(f"{variable}: {item['msg']}")
    return problems


def create_topics() -> int:
    from rcm_schemas.topics import all_topics

    from rcm_platform.localstack.topics import ensure_topics

    bootstrap = os.environ.get("RCM_KAFKA_BOOTSTRAP", "").strip()
    if not bootstrap:
        print("rcm topics: set RCM_KAFKA_BOOTSTRAP (host:port of the broker)", file=sys.stderr)
        return USAGE_EXIT
    deadline = time.monotonic() + BROKER_WAIT_S
    while True:
        try:
            created = asyncio.run(ensure_topics(bootstrap, list(all_topics())))
        except Exception as error:  # a starting broker refuses or times out: wait for it, within bounds
            if time.monotonic() > deadline:
                print(
                    f"rcm topics: broker {bootstrap} did not answer: {type(error).__name__}", file=sys.stderr
                )
                return 1
            time.sleep(2)
            continue
        print(f"rcm topics: {len(created)} created on {bootstrap}", file=sys.stderr)
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
