"""A plain `pip install .` must serve everything: the runtime data ships inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_carries_the_fixtures_and_serves_from_them(tmp_path):
    built = subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("bcss_simulator-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("fixtures", "scenarios", "conformance/plans"):
        for data in ROOT.joinpath(folder).rglob("*"):
            if data.is_file():
                assert f"simulator/_data/{folder}/{data.relative_to(ROOT / folder).as_posix()}" in names
    assert any(n.startswith("bcss_simulator-") and n.endswith("entry_points.txt") for n in names)
    # the conformance bench's reference client runs from a plain install: zeep is a runtime dependency
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    required = {line.split()[1].split(">")[0].split("=")[0].lower() for line in metadata.splitlines()
                if line.startswith("Requires-Dist:") and "extra ==" not in line}
    assert {"zeep", "requests", "lxml", "spyne"} <= required

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "from simulator.resources import fixtures_dir\n"
        "from simulator.soap import contracts\n"
        "from simulator.access.organizations import Organisations\n"
        "assert '_data' in str(fixtures_dir()), fixtures_dir()\n"
        "contracts.schema('retrieve-ti-groups/RetrieveTIGroupsV2.wsdl')\n"
        "contracts.serve('ssdn/WebServiceConnector.wsdl', 'http://h/x')\n"
        "assert Organisations.load().all\n"
        "from simulator.scenario import stories\n"
        "assert '_data' in str(stories.ready()['person-dies'])\n"
        "from simulator.conformance import plan\n"
        "assert '_data' in plan.find('cpas-core').source\n"
        "print('ok')\n"
    )
    ran = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(site)}, timeout=120)
    assert ran.stdout.strip() == "ok", ran.stderr
