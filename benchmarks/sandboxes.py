"""Sandbox benchmark: how long creating and resetting a sandbox takes over a large base world.

    .venv/bin/python benchmarks/sandboxes.py [--size 100000] [--count 5]

Target (issue: sandboxes): creating a sandbox over a 100,000-person world takes <= 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulator.config import Settings  # noqa: E402
from simulator.sandbox import Sandboxes  # noqa: E402
from simulator.server import prepare  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--count", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bcss-bench-") as tmp:
        settings = Settings(data_dir=Path(tmp), size=args.size)
        started = time.perf_counter()
        prepare(settings)
        size_mb = settings.base_world.stat().st_size / 1e6
        print(f"base world of {args.size} people: {time.perf_counter() - started:.1f} s, {size_mb:.0f} MB")
        boxes = Sandboxes(settings)
        creates, resets = [], []
        for i in range(args.count):
            t = time.perf_counter()
            boxes.create(f"bench-{i}")
            creates.append(time.perf_counter() - t)
            t = time.perf_counter()
            boxes.reset(f"bench-{i}")
            resets.append(time.perf_counter() - t)
        boxes.close()
        print(f"create: median {statistics.median(creates):.3f} s, max {max(creates):.3f} s (target <= 1 s); "
              f"reset: median {statistics.median(resets):.3f} s")


if __name__ == "__main__":
    main()
