"""Start and stop a ``bcss-sim serve`` of our own: for the pytest plugin, the conformance runner and the
repository's tests. Standard library only (the runner must work without pytest installed)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from simulator.admin.client import AdminClient
from simulator.errors import SimulatorError

START_DEADLINE_S = 180  # a first start builds the world; 10,000 people take about a second


def start(data_dir: str | Path, size: int | None = None, seed: int | None = None, organizations: str | None = None,
          workers: int = 2) -> tuple[subprocess.Popen, str]:
    """``bcss-sim serve`` on a free local port over ``data_dir``: (the process, its base URL)."""
    port = free_port()
    command = [sys.executable, "-m", "simulator.cli", "serve", "--port", str(port), "--data", str(data_dir),
               "--workers", str(workers)]
    for key, value in (("size", size), ("seed", seed), ("organizations", organizations)):
        if value is not None:
            command += [f"--{key}", str(value)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return process, f"http://127.0.0.1:{port}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, deadline_s: float = START_DEADLINE_S) -> AdminClient:
    """Poll the admin health of a ``bcss-sim serve`` just started at ``url`` until it answers."""
    admin = AdminClient(url)
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"bcss-sim serve exited with {process.returncode}: {process.stderr.read().decode()}")
        try:
            admin.health()
            return admin
        except SimulatorError:
            time.sleep(0.05)  # polling interval, bounded by the deadline
    raise RuntimeError(f"bcss-sim serve did not answer at {url} within {deadline_s} s")


def stop(process: subprocess.Popen) -> None:
    """Ctrl-C, as in a terminal (a graceful stop), then kill what is still running after 20 s."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


