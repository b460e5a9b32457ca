"""Scenario files: the format, and errors that name the file and the line."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from simulator.scenario import stories
from simulator.scenario.file import ScenarioError, parse


def error_of(text: str) -> str:
    with pytest.raises(ScenarioError) as err:
        parse(textwrap.dedent(text), "story.yaml")
    return str(err.value)


def test_every_ready_story_is_valid():
    assert set(stories.ready()) >= {"bis-becomes-rn", "attestation-stopped-by-spp-is", "person-moves-to-another-cpas",
                                    "person-dies", "new-job-during-ris", "service-outage", "not-integrated"}
    for name, path in stories.ready().items():
        assert stories.resolve(name).name == name == path.stem


def test_a_full_story_parses():
    story = parse(textwrap.dedent("""\
        scenario: 1
        name: full-story
        personas:
          a: {pick: {kind: BIS, alive: true}}
          b: {ssin: "85031400127"}
        timeline:
          - {at: "+P30D", event: ssin.replace, person: a}
          - {at: "2027-01-01", event: person.move, person: b, to: {nis: 44021}}
        stubs:
          - {service: PersonService, match: "//ssin = '{a}'", state: {require: Started, set: Done}, times: 2,
             respond: {status: MSG00002, delay: 0.1}}
        outages:
          - {service: RetrieveTIGroupsService, from: "+PT1H", to: "+PT2H"}
        """))
    assert [e.kind for e in story.timeline] == ["ssin.replace", "person.move"]
    assert story.timeline[1].line == 8
    assert story.stubs[0].times == 2 and story.stubs[0].set_state == "Done"
    assert story.outages[0].code == "MSG00002"


@pytest.mark.parametrize("text, expected", [
    ("scenario: 2\nname: x\n", "story.yaml:1: scenario format 2 is not supported"),
    ("scenario: 1\nname: Not Kebab\n", "story.yaml:1: name 'Not Kebab' must be kebab-case"),
    ("scenario: 1\nname: x\ncolour: red\n", "story.yaml:1: the scenario has unknown key(s) colour"),
    ("scenario: 1\nname: x\ntimeline:\n  - {at: '+P1D', event: person.fly, person: 85031400127}\n",
     "story.yaml:4: event must be one of"),
    ("scenario: 1\nname: x\ntimeline:\n  - {at: 'tomorrow', event: person.die, person: 85031400127}\n",
     "story.yaml:4: at 'tomorrow' must be an offset"),
    ("scenario: 1\nname: x\ntimeline:\n\n  - {at: '+P1D', event: person.die, person: nobody}\n",
     "story.yaml:5: person 'nobody' is neither a persona alias nor a valid SSIN"),
    ("scenario: 1\nname: x\ntimeline:\n  - {at: '+P1D', event: person.die}\n", "story.yaml:4: event person.die lacks person"),
    ("scenario: 1\nname: x\npersonas:\n  a: {pick: {kind: TER}}\n", "story.yaml:4: persona a: kind must be one of"),
    ("scenario: 1\nname: x\npersonas:\n  a: {ssin: '85031400128'}\n", "story.yaml:4: persona a: '85031400128' is not a valid"),
    ("scenario: 1\nname: x\nstubs:\n  - {service: S, match: '//ssin[', respond: {status: MSG00002}}\n",
     "story.yaml:4: match '//ssin[' is not a valid XPath"),
    ("scenario: 1\nname: x\nstubs:\n  - {service: S, match: \"//ssin = '{ghost}'\", respond: {http: 503}}\n",
     "story.yaml:4: match uses {ghost} but no persona has that alias"),
    ("scenario: 1\nname: x\nstubs:\n  - {service: S, respond: {http: 418}}\n", "story.yaml:4: http must be"),
    ("scenario: 1\nname: x\nstubs:\n  - {service: S, respond: {status: MSG00002, fault: {}}}\n",
     "story.yaml:4: respond needs one of"),
    ("scenario: 1\nname: x\noutages:\n  - {service: S, from: '+PT1H', to: '+PT2H', code: MSG00003}\n",
     "story.yaml:4: outage code must be one of"),
    ("scenario: 1\nname: x\ntimeline: [\n", "story.yaml:4: not valid YAML"),
])
def test_errors_name_file_and_line(text, expected):
    message = error_of(text)
    assert message.startswith(expected), message
    assert "\n" not in message


def test_cli_validate(tmp_path):
    good = stories.ready()["service-outage"]
    ok = subprocess.run([sys.executable, "-m", "simulator.cli", "scenario", "validate", str(good)],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and "is valid" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("scenario: 1\nname: bad\ntimeline:\n  - {at: '+P1D', event: nothing}\n")
    failed = subprocess.run([sys.executable, "-m", "simulator.cli", "scenario", "validate", str(bad)],
                            capture_output=True, text=True)
    assert failed.returncode == 2 and failed.stderr.startswith(f"bcss-sim: {bad}:4: event must be one of")
