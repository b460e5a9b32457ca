"""Population benchmark: generate worlds with every source and print time, size on disk and peak
memory against the targets of issue #3, measured in one run.

    .venv/bin/python benchmarks/population.py [--million] [--seed N] [--keep DIR]

Always 100,000 people (target: 30 s); with ``--million`` also 1,000,000 (targets: 6 min, 2 GB on
disk, 500 MB peak memory). Each size runs in a fresh child process, so the peak resident memory
(``resource.getrusage``) is that generation's alone. Prints one line per size and the ratios
measured / target (below 1.00 = within target), then the rows per source of the largest world.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGETS = {100_000: {"seconds": 30.0}, 1_000_000: {"seconds": 360.0, "bytes": 2e9, "peak_bytes": 500e6}}


def child(size: int, seed: int, out: str) -> None:
    """Runs in the child process: one generation, then its figures as JSON on stdout."""
    from simulator.population import generate

    started = time.perf_counter()
    summary = generate(size, seed, out)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux
    print(json.dumps({"size": size, "seconds": seconds, "bytes": summary["bytes"], "peak_bytes": peak,
                      "people": summary["people"], "sources": summary["sources"]}))


def run(size: int, seed: int, directory: Path) -> dict:
    out = directory / f"world-{size}.sqlite"
    result = subprocess.run([sys.executable, __file__, "--child", str(size), "--seed", str(seed), "--out", str(out)],
                            capture_output=True, text=True, check=False, timeout=3600)
    if result.returncode != 0:
        raise SystemExit(f"generation of {size} people failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(figures: dict) -> None:
    size = figures["size"]
    line = (f"{size:>9,} people: {figures['seconds']:7.1f} s ({size / figures['seconds']:,.0f} people/s), "
            f"{figures['bytes'] / 1e6:8.1f} MB on disk, peak memory {figures['peak_bytes'] / 1e6:6.1f} MB")
    ratios = [f"{key} {figures[key] / target:.2f}" for key, target in TARGETS.get(size, {}).items()]
    print(line + (f"   measured/target: {', '.join(ratios)}" if ratios else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--million", action="store_true", help="also generate 1,000,000 people")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--keep", type=Path, help="keep the worlds in this directory")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.seed, args.out)
        return
    sizes = [100_000] + ([1_000_000] if args.million else [])
    with tempfile.TemporaryDirectory(prefix="bcss-population-") as tmp:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        results = []
        for size in sizes:
            results.append(run(size, args.seed, directory))
            report(results[-1])
        print("rows per source:", ", ".join(f"{k} {v:,}" for k, v in results[-1]["sources"].items()))


if __name__ == "__main__":
    main()
