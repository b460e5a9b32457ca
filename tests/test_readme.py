"""Every example in the README runs (the zeep one is run by test_soap_zeep.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from simulator.conformance import plan
from simulator.scenario import engine
from simulator.scenario.file import parse

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def test_quickstart_has_exactly_two_commands_and_ci_runs_the_second():
    quickstart = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)```", quickstart, re.S)
    assert len(commands) == 2 and all(len(c.strip().splitlines()) == 1 for c in commands)
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert commands[1].strip() in ci


def test_curl_example_runs(server):
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed here")
    (command,) = [b for b in blocks("sh") if b.lstrip().startswith("curl")]
    out = subprocess.run(["bash", "-c", command.replace("http://127.0.0.1:8080", server)],
                         capture_output=True, text=True, timeout=30)
    assert "<echo>hello</echo>" in out.stdout, out.stderr


def test_scenario_example_is_valid_and_loads(wire):
    (example,) = [b for b in blocks("yaml") if b.startswith("scenario: 1")]
    story = parse(example, "README.md")
    assert [e.kind for e in story.timeline] == ["ssin.replace", "person.move", "person.die", "household.leave",
                                                "household.join", "integration.expire", "employment.start",
                                                "employment.end", "benefit.start", "benefit.stop", "attestation.stop"]
    loaded = engine.load(wire.sandbox, story)
    assert loaded["events"] == 11 and loaded["stubs"] == 2


def test_conformance_case_example_is_a_valid_case():
    (example,) = [b for b in blocks("yaml") if b.startswith("- id: CORE-04")]
    text = ("plan: 1\nname: readme\npersonas: {client: {pick: {kind: RN}}}\ncases:\n"
            + "".join(f"  {line}\n" for line in example.splitlines()))
    (case,) = plan.parse(text, "README.md").cases
    assert case.fail_on == {"ENV-008"} and case.setup["clock"] == {"advance": "P1D"}
