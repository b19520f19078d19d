"""A second local stack (Kafka + FerretDB) on free ports in a folder of its own, for tests that stop and start
the broker or the store: the shared test stack is never touched.

Tools of this process (topic creation, ACLs, the store's ops user) find the stack's secrets through
RCM_RUN_DIR, which is pointed at the private run folder while the stack lives and restored after.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rcm_platform.localstack import LocalStack, StackConfig
from rcm_platform.localstack.processes import free_port


@contextmanager
def private_stack(folder: Path) -> Iterator[LocalStack]:
    run_dir = folder / "stack"
    saved = os.environ.get("RCM_RUN_DIR")
    os.environ["RCM_RUN_DIR"] = str(run_dir)
    base = StackConfig.from_env()
    config = StackConfig(
        repo_root=base.repo_root,
        run_dir=base.run_dir,
        cache_dir=base.cache_dir,
        kafka_port=free_port(),
        kafka_controller_port=free_port(),
        mongo_port=free_port(),
        kafka_version=base.kafka_version,
    )
    stack = LocalStack(config)
    try:
        stack.up()
        yield stack
    finally:
        stack.down()
        if saved is None:
            os.environ.pop("RCM_RUN_DIR", None)
        else:
            os.environ["RCM_RUN_DIR"] = saved
