"""Starting, finding and stopping the stack's own processes through pid files (never anyone else's)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex((host, port)) == 0


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now (the OS picks it), for a process started a moment later."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def process_matches(pid: int, marker: str) -> bool:
    """True when pid is alive and its command line carries our marker (guards against a reused pid)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return False
    if _is_zombie(pid):
        return False
    return marker in cmdline


def process_alive(pid: int) -> bool:
    """Alive and not a zombie; used right after a start, before exec has replaced the command line."""
    return Path(f"/proc/{pid}").exists() and not _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


def running_pid(pid_file: Path, marker: str) -> int | None:
    pid = read_pid(pid_file)
    if pid is not None and process_matches(pid, marker):
        return pid
    return None


def start_detached(
    argv: list[str],
    *,
    log_file: Path,
    pid_file: Path,
    cwd: Path,
    umask: int = -1,
    env: Mapping[str, str] | None = None,
) -> int:
    """Start a long-lived process in its own session so it outlives the command that started it.

    `umask` (e.g. 0o077) sets the mode of every file the process creates; -1 keeps ours. `env`: the process's
    whole environment (None: ours).
    """
    log_file.parent.mkdir(parents=True, exist_ok=True)
    if umask != -1:  # the output file is ours, not the child's: give it the child's mode
        log_file.touch(mode=0o666 & ~umask)
        log_file.chmod(0o666 & ~umask)
    with log_file.open("ab") as log:
        process = subprocess.Popen(
            argv,
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            umask=umask,
            env=env,
        )
    pid_file.write_text(str(process.pid))
    return process.pid


def stop_process(pid_file: Path, marker: str, *, timeout_s: float = 30.0) -> bool:
    """SIGTERM, wait, then SIGKILL; returns True when a process of ours was stopped."""
    pid = running_pid(pid_file, marker)
    if pid is None:
        pid_file.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and process_matches(pid, marker):
        time.sleep(0.2)
    if process_matches(pid, marker):
        os.kill(pid, signal.SIGKILL)
        while process_matches(pid, marker):
            time.sleep(0.1)
    pid_file.unlink(missing_ok=True)
    return True
