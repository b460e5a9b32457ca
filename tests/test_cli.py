"""The command line: serve (start, busy port, bad files), population generate, person."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import requests

from simulator.launcher import free_port, stop, wait_until_up


def bcss(*args, **kw):
    return subprocess.run([sys.executable, "-m", "simulator.cli", *args], capture_output=True, text=True, timeout=120, **kw)


def test_busy_port_is_one_clear_line(settings):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = bcss("serve", "--port", str(port), "--data", str(settings.data_dir))
    assert result.returncode == 2
    assert result.stderr.strip() == f"bcss-sim: port {port} on 127.0.0.1 is already in use (another bcss-sim?)"


def test_unreadable_organisations_file_is_one_clear_line(settings, tmp_path):
    result = bcss("serve", "--port", str(free_port()), "--data", str(settings.data_dir),
                  "--organizations", str(tmp_path / "missing.yaml"))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "cannot read organisations file" in result.stderr


def test_serve_is_ready_quickly_when_the_world_exists_and_stops_on_ctrl_c(settings):
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "simulator.cli", "serve", "--port", str(port),
                                "--data", str(settings.data_dir), "--workers", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process, deadline_s=30)
        ready = time.monotonic() - started
        assert requests.get(f"http://127.0.0.1:{port}/__admin/health").json()["status"] == "ok"
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in a terminal: every process of the group gets it
        process.wait(timeout=20)
    finally:
        stop(process)
    assert process.returncode == 0
    assert ready < 15  # the target is 5 s on an idle machine; the benchmark notes record the figure
    stderr = process.stderr.read().decode()
    assert "Traceback" not in stderr and "Exception ignored" not in stderr and "WARNING" not in stderr, stderr


def test_population_generate_and_person(tmp_path, settings):
    out = tmp_path / "w.sqlite"
    result = bcss("population", "generate", "--size", "200", "--seed", "7", "--out", str(out))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["people"] >= 200 and out.is_file()
    assert summary["sources"]["employment"] > 0 and summary["seconds"] > 0 and summary["bytes"] > 0
    again = bcss("population", "generate", "--size", "200", "--seed", "7", "--out", str(out))
    assert again.returncode == 2 and "--force" in again.stderr

    from simulator.sandbox import Sandboxes

    sandboxes = Sandboxes(settings)
    ssin = sandboxes.get("default").world.persons(limit=1)[0].ssin
    sandboxes.close()
    shown = bcss("person", ssin, "--data", str(settings.data_dir))
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["person"]["ssin"] == ssin
    persona = json.loads(bcss("person", "88032290216", "--data", str(settings.data_dir)).stdout)
    assert persona["person"]["last_name"] == "Demonty" and persona["social_security"]  # every source shown
    missing = bcss("person", "85031400127", "--data", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and missing.stderr.startswith("bcss-sim: ")


def test_generate_with_a_vendor_persona_file(tmp_path):
    import re

    from simulator.population.personas import builtin_dir

    example = re.search(r"```yaml\n(.*?)```", (builtin_dir() / "README.md").read_text(), re.S).group(1)
    (tmp_path / "charleroi.yaml").write_text(example)
    out = tmp_path / "w.sqlite"
    result = bcss("population", "generate", "--size", "100", "--seed", "3", "--out", str(out),
                  "--personas", str(tmp_path / "charleroi.yaml"))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["personas"] == 14
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n")
    failed = bcss("population", "generate", "--size", "100", "--out", str(tmp_path / "b.sqlite"), "--personas", str(bad))
    assert failed.returncode == 2 and str(bad) in failed.stderr and len(failed.stderr.strip().splitlines()) == 1
