"""Wire benchmark: the production server against the same server configuration answering a fixed
response (the floor), both driven by 16 concurrent clients in one run. Prints req/s and the ratio.

    .venv/bin/python benchmarks/wire.py [--seconds 10] [--rounds 2] [--size 10000] [--workers N]

The load is half RetrieveTIGroups (integrated persons: the full path, validation, integration check,
TI groups) and half IdentifyPerson by SSIN (SSDN: xmlString in, SSDNReply out). The floor answers
every POST with a recorded RetrieveTIGroups reply of the same size, so the ratio is what our code
costs on top of gunicorn + HTTP on this machine. Rounds alternate (server, floor, server, floor ...)
so that machine noise hits both alike. Loopback only; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator.config import Settings  # noqa: E402
from simulator.sandbox import DEFAULT, Sandboxes  # noqa: E402
from simulator.server import default_workers, prepare, run_gunicorn  # noqa: E402
from simulator.world.model import Integration  # noqa: E402
from tests import wire as w  # noqa: E402
from simulator.launcher import free_port, stop, wait_until_up  # noqa: E402

CLIENTS = 16
PROCESSES = 4  # 4 processes x 4 threads: the load generator itself must not be the bottleneck


def _as_a_correct_client(body: bytes, n: int) -> bytes:
    """A unique ticket (SSDN reference) and the current time in every request, as a correct client
    sends them: otherwise every request would also raise conformance findings (ENV-004, ENV-005)."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()).encode()
    unique = f"{os.getpid()}-{threading.get_ident()}-{n}".encode()
    return (body.replace(b"<ticket>T-1</ticket>", b"<ticket>" + unique + b"</ticket>")
                .replace(b"2026-11-30T10:00:00.000+01:00", stamp)
                .replace(b"&lt;Reference&gt;REF-1&lt;/Reference&gt;", b"&lt;Reference&gt;" + unique + b"&lt;/Reference&gt;"))


def _client_loop(port: int, requests: list[tuple[str, bytes]], seconds: float, counter: list, errors: list) -> None:
    done = failed = 0
    i = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        path, body = requests[i % len(requests)]
        body = _as_a_correct_client(body, i)
        i += 1
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("POST", path, body, {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'})
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                done += 1
            else:
                failed += 1
        except OSError:
            failed += 1
        finally:
            conn.close()
    counter.append(done)
    errors.append(failed)


def _process(port, requests, seconds, threads, queue):
    counter, errors = [], []
    workers = [threading.Thread(target=_client_loop, args=(port, requests, seconds, counter, errors))
               for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    queue.put((sum(counter), sum(errors)))


def drive(port: int, requests: list[tuple[str, bytes]], seconds: float) -> tuple[float, int]:
    queue = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_process, args=(port, requests, seconds, CLIENTS // PROCESSES, queue))
             for _ in range(PROCESSES)]
    started = time.monotonic()
    for p in procs:
        p.start()
    results = [queue.get(timeout=seconds + 60) for _ in procs]
    for p in procs:
        p.join()
    elapsed = time.monotonic() - started
    return sum(r[0] for r in results) / elapsed, sum(r[1] for r in results)


def floor_app(fixed: bytes):
    def app(environ, start_response):
        environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", str(len(fixed)))])
        return [fixed]

    return app


def build_requests(settings: Settings, count: int = 200) -> list[tuple[str, bytes]]:
    sandboxes = Sandboxes(settings)
    world = sandboxes.get(DEFAULT).world
    people = [p for p in world.persons(limit=count * 3) if p.kind == "RN" and not p.death_date][:count]
    for person in people:
        world.add_integration(Integration(None, person.ssin, w.LIEGE["cbe"], 17, 1, 2, dt.date(2020, 1, 1), None,
                                          "SECONDARY", dt.datetime.now(dt.timezone.utc).isoformat()))
    sandboxes.close()
    requests = []
    for person in people:
        requests.append((w.RETRIEVE_TI_PATH, w.retrieve_ti(person.ssin)))
        requests.append((w.SSDN_PATH, w.identify_by_ssin(person.ssin)))
    return requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--floor", type=int, help=argparse.SUPPRESS)  # internal: serve the floor on this port
    parser.add_argument("--fixed", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        run_gunicorn(floor_app(args.fixed.read_bytes()), "127.0.0.1", args.floor, args.workers)
        return

    with tempfile.TemporaryDirectory(prefix="bcss-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp), size=args.size)
        started = time.monotonic()
        prepare(settings)
        print(f"world of {args.size} people ready in {time.monotonic() - started:.1f} s; "
              f"{args.workers} workers, {CLIENTS} clients, {args.rounds} x {args.seconds:.0f} s per side")
        requests = build_requests(settings)

        port, floor_port = free_port(), free_port()
        server = subprocess.Popen([sys.executable, "-m", "simulator.cli", "serve", "--port", str(port),
                                   "--data", tmp, "--workers", str(args.workers)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        floor = None
        try:
            wait_until_up(f"http://127.0.0.1:{port}", server)
            conn = http.client.HTTPConnection("127.0.0.1", port)
            conn.request("POST", requests[0][0], requests[0][1], {"Content-Type": "text/xml"})
            fixed = conn.getresponse().read()
            assert b"DATA_FOUND" in fixed, fixed[:500]
            fixed_file = Path(tmp) / "fixed.xml"
            fixed_file.write_bytes(fixed)
            floor = subprocess.Popen([sys.executable, __file__, "--floor", str(floor_port), "--fixed", str(fixed_file),
                                      "--workers", str(args.workers)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            wait_until_up_post(floor_port, floor)
            totals = {"server": [0.0, 0], "floor": [0.0, 0]}
            for _ in range(args.rounds):
                for name, p in (("server", port), ("floor", floor_port)):
                    rate, failed = drive(p, requests, args.seconds)
                    totals[name][0] += rate / args.rounds
                    totals[name][1] += failed
                    print(f"  {name:6s} {rate:8.1f} req/s  ({failed} failed)")
            server_rate, floor_rate = totals["server"][0], totals["floor"][0]
            print(f"server {server_rate:.1f} req/s, floor {floor_rate:.1f} req/s, "
                  f"ratio {server_rate / floor_rate:.2f} (target >= 0.40); "
                  f"failed: server {totals['server'][1]}, floor {totals['floor'][1]}")
        finally:
            stop(server)
            if floor is not None:
                stop(floor)


def wait_until_up_post(port: int, process, deadline_s: float = 30) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode())
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("POST", "/", b"x")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("floor server did not start")


if __name__ == "__main__":
    main()
