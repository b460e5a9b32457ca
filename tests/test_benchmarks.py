"""The benchmark scripts still run (a refactoring once broke one silently): each in a tiny configuration,
checked for its summary line, never for its figures (timing is for the scripts, not for tests)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wire_benchmark_runs_and_prints_its_ratio():
    ran = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "wire.py"), "--seconds", "1", "--rounds", "1",
                          "--size", "300"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert re.search(r"ratio \d\.\d\d \(target >= 0\.40\); failed: server 0, floor 0", ran.stdout), ran.stdout


def test_the_sandbox_benchmark_runs():
    ran = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "sandboxes.py"), "--size", "300", "--count", "2"],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert re.search(r"create: median \d+\.\d+ s, max \d+\.\d+ s \(target <= 1 s\); reset: median", ran.stdout)
