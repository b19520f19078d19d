"""deploy/k8s's overlays checked offline against the Kubernetes API types (`rcm docs k8s --check`, the tests).

The check is the Go program in deploy/k8s/validate: it renders each overlay with kustomize's own library and
decodes every object strictly into its Go type (k8s.io/api, and KEDA's CRD mirrored), so a misspelt field, a
wrong type or an unknown kind fails here rather than on a cluster. Go rather than Python because the API types
and kustomize exist only as Go code; no cluster, no kubectl and no network is needed to run it.

It is built once per version of its sources into the user cache, so only the first run pays for compiling
k8s.io/api and kustomize (and, on a fresh machine, for fetching them from the Go module proxy).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rcm_platform.localstack.config import find_repo_root, user_cache_dir

VALIDATOR_SOURCES = ("go.mod", "go.sum", "main.go")
"""Everything the binary is built from: a change to any of them builds a new one."""
BINARY_NAME = "k8s-validate"


class ValidatorBuildError(RuntimeError):
    """Go is missing or the validator does not compile."""


@dataclass(frozen=True)
class Validation:
    ok: bool
    output: str
    """One `overlays/<name>: N objects valid` line per overlay, or the first invalid object and its field."""


def validator_module() -> Path:
    return find_repo_root() / "deploy" / "k8s" / "validate"


def source_digest(module: Path) -> str:
    digest = hashlib.sha256()
    for name in VALIDATOR_SOURCES:
        digest.update(name.encode() + b"\0" + (module / name).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def cached_binary(module: Path) -> Path:
    return user_cache_dir() / f"{BINARY_NAME}-{source_digest(module)}" / BINARY_NAME


def ensure_validator(module: Path | None = None) -> Path:
    """The validator binary for these sources, built on first use."""
    module = module or validator_module()
    binary = cached_binary(module)
    if binary.is_file():
        return binary
    go = shutil.which("go")
    if go is None:
        raise ValidatorBuildError(
            "go not found: the manifests' validator (deploy/k8s/validate) is a Go program"
        )
    # Held across the build so parallel test workers compile k8s.io/api once, not once each.
    with _build_lock():
        if not binary.is_file():
            _build(go, module, binary)
    return binary


@contextmanager
def _build_lock() -> Iterator[None]:
    cache = user_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / f"{BINARY_NAME}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _build(go: str, module: Path, binary: Path) -> None:
    binary.parent.mkdir(parents=True, exist_ok=True)
    # A static binary (no C toolchain needed), and no VCS stamp: the module sits inside this repo's checkout.
    env = {**os.environ, "CGO_ENABLED": "0"}
    with tempfile.TemporaryDirectory(prefix=f"{BINARY_NAME}-build-", dir=binary.parent) as staging:
        staged = Path(staging) / BINARY_NAME
        argv = [go, "build", "-trimpath", "-mod=readonly", "-buildvcs=false", "-o", str(staged), "."]
        result = subprocess.run(argv, cwd=module, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise ValidatorBuildError(
                f"go build of {module} failed: {(result.stderr or result.stdout)[-2000:]}"
            )
        os.replace(staged, binary)  # atomic: an interrupted build is never mistaken for a cached binary


def overlay_names(k8s_dir: Path) -> list[str]:
    """Every overlay under k8s_dir, relative to it (`overlays/dev`), so the output names them that way."""
    return sorted(
        str(folder.relative_to(k8s_dir))
        for folder in (k8s_dir / "overlays").iterdir()
        if (folder / "kustomization.yaml").is_file()
    )


def validate_overlays(k8s_dir: Path, module: Path | None = None) -> Validation:
    """Render and strictly decode every overlay of k8s_dir (deploy/k8s or a copy of it)."""
    binary = ensure_validator(module)
    result = subprocess.run(
        [str(binary), *overlay_names(k8s_dir)], cwd=k8s_dir, capture_output=True, text=True, check=False
    )
    return Validation(ok=result.returncode == 0, output=(result.stdout + result.stderr).strip())
