"""Running the simulator: prepare the data directory, then serve with gunicorn (multi-process).

``prepare`` builds the default world on first start (seeded, so every fresh machine gets the same
people) and the ``default`` sandbox; it opens and closes everything before gunicorn forks, so each
worker opens its own SQLite connections.
"""

from __future__ import annotations

import errno
import os
import signal
import socket
import sys
from typing import Callable

from simulator.config import Settings
from simulator.errors import SimulatorError
from simulator.sandbox import DEFAULT, Sandboxes


def prepare(settings: Settings, progress: Callable[[int, int], None] | None = None) -> dict | None:
    """Make sure the base world and the default sandbox exist; return the generation summary if one ran."""
    summary = None
    if not settings.base_world.is_file():
        from simulator.population.generator import generate

        settings.base_world.parent.mkdir(parents=True, exist_ok=True)
        tmp = settings.base_world.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        summary = generate(settings.size, settings.seed, tmp, progress=progress, personas=settings.personas)
        tmp.replace(settings.base_world)  # a half-generated world is never taken for a finished one
    sandboxes = Sandboxes(settings)
    try:
        if DEFAULT not in sandboxes.names():
            sandboxes.create(DEFAULT)
    finally:
        sandboxes.close()
    return summary


def check_port(host: str, port: int) -> None:
    """Fail with one clear line when the port cannot be bound (busy, privileged, bad address)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise SimulatorError(f"cannot resolve host {host!r}") from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise SimulatorError(f"port {port} on {host} is already in use (another bcss-sim?)") from None
            raise SimulatorError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def default_workers() -> int:
    return max(2, min(8, 2 * (os.cpu_count() or 1)))


def serve(settings: Settings, host: str, port: int, workers: int | None = None, organisations=None) -> None:
    from simulator.app import create_app

    check_port(host, port)
    application = create_app(settings, organisations)
    workers = workers or default_workers()
    count = application.sandboxes.get(DEFAULT).world.count_persons()
    application.sandboxes.close()  # reopened lazily in each worker after the fork
    message = (f"bcss-sim: serving {count} people on http://{host}:{port} "
               f"({workers} workers, data {settings.data_dir}) - Ctrl-C to stop")
    run_gunicorn(application, host, port, workers, message)


def run_gunicorn(application, host: str, port: int, workers: int, ready_message: str = "") -> None:
    """Serve a WSGI application with the production configuration (also used by the benchmark's floor)."""
    from gunicorn.app.base import BaseApplication
    from gunicorn.arbiter import Arbiter

    class QuietArbiter(Arbiter):
        def handle_int(self):
            # Ctrl-C stops gracefully, as SIGTERM does: gunicorn's quick stop kills the workers with
            # SIGQUIT mid-shutdown and logs each one as a warning, which is not what a user should see.
            self.handle_term()

    def post_worker_init(worker):
        # A terminal's Ctrl-C reaches every process of the group; workers leave it to the master.
        signal.signal(signal.SIGINT, signal.SIG_IGN)

    def when_ready(server):
        if ready_message:
            print(ready_message, file=sys.stderr, flush=True)

    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "sync",
        "preload_app": True,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "timeout": 60,
        "graceful_timeout": 5,
        "keepalive": 5,
        "when_ready": when_ready,
        "post_worker_init": post_worker_init,
    }

    class Gunicorn(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self):
            return application

        def run(self):
            QuietArbiter(self).run()

    Gunicorn().run()
