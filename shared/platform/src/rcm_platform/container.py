"""The one service image's entry point: `python -m rcm_platform.container <service>`, or `topics` for the job.

A wrong name stops the container at once with one line naming the setting, never a restart loop of tracebacks.
`topics` creates the topic registry's topics on RCM_KAFKA_BOOTSTRAP (the compose stack's one-shot init job),
waiting for a broker that is still starting.
"""

from __future__ import annotations

import asyncio
import os
import runpy
import sys
import time

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
    sys.argv = [f"rcm_{argv[0]}"]
    runpy.run_module(f"rcm_{argv[0]}", run_name="__main__", alter_sys=True)
    return 0


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
