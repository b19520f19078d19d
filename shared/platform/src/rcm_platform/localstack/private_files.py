"""Files only the stack's user may read (passwords, keys): one way to write them."""

from __future__ import annotations

import os
from pathlib import Path


def write_private(path: Path, text: str) -> None:
    """Whole or not at all (staged, then renamed), 0600 from the first byte, in a 0700 folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    staged = path.with_suffix(".tmp")
    descriptor = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(
        descriptor, 0o600
    )  # O_CREAT's mode does not apply to a file left over from an interrupted write
    with os.fdopen(descriptor, "w") as handle:
        handle.write(text)
    staged.replace(path)
