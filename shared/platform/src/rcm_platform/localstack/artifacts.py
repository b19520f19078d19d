"""Stage the local stack's pinned broker jars and FerretDB binary into a folder: the images' build context.

`deploy/docker/build-images.sh` runs `python -m rcm_platform.localstack.artifacts DIR`, so the Kafka and store
images hold exactly what `rcm stack up` runs, fetched or built once into the user cache by the same code.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from rcm_platform.localstack import ferretdb, kafka
from rcm_platform.localstack.config import StackConfig

KAFKA_LIBS = "kafka-libs"
STORE_BINARY = "rcm-ferretdb"


def stage(target: Path) -> None:
    config = StackConfig.from_env()
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(kafka.ensure_jars(config), target / KAFKA_LIBS, dirs_exist_ok=True)
    shutil.copy2(ferretdb.ensure_binary(config), target / STORE_BINARY)
    docker_dir = config.repo_root / "deploy" / "docker"
    shutil.copy2(docker_dir / "kafka-entrypoint.sh", target / "kafka-entrypoint.sh")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m rcm_platform.localstack.artifacts TARGET_DIR")
    stage(Path(sys.argv[1]))
