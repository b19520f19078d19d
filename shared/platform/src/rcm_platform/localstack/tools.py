"""Checks that the tools which build the stack are installed, each failing with one line naming the package."""

from __future__ import annotations

import shutil

from rcm_platform.localstack.errors import StackError

_INSTALL_HINTS = {
    "java": "java not found: install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless)",
    "mvn": "mvn not found: install Apache Maven to fetch the Kafka jars (Debian: apt-get install maven)",
    "go": "go not found: install Go 1.24+ to build FerretDB (https://go.dev/doc/install or apt-get install golang)",
}


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise StackError(_INSTALL_HINTS.get(name, f"{name} not found: install it"))
    return path
