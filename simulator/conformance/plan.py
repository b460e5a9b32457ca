"""Test plans: what the bench asks a client to do, and what it expects to see (YAML, format version 1).

    plan: 1
    name: cpas-core                       # kebab-case; the file is conformance/plans/<name>.yaml
    title: ...
    description: ...
    personas:                             # as in scenario files, resolved once per run
      client: {pick: {kind: RN, alive: true}}
    cases:                                # played in order, in one sandbox
      - id: CORE-03                       # stable: expected-failure files and reports name it
        title: Consult the National Register
        requirement: one sentence a buyer understands
        source: the BCSS rule or document it comes from
        setup:                            # optional: a scenario fragment loaded before the action,
          timeline: [{at: "+PT0S", event: integration.expire, person: client}]
          clock: {advance: P1D}           # then the sandbox clock moved ({advance: ...} or {now: ...})
        action: consult                   # the action vocabulary: ACTIONS below
        with: {ssin: "{client}"}          # {alias} = the persona's SSIN; {new:alias} = its replacement;
                                          # {today} = the sandbox's date when the case starts;
                                          # {outcome:CORE-02.reference} = what the client reported
                                          # for that field in an earlier case
        expect:
          requests:                       # each must match a request the client sent during the case
            - {service: RetrieveTIGroupsService, status: MSG00012, max: 1}   # min/max: how many (default >= 1)
          no_requests:                    # none may match
            - {service: RetrieveTIGroupsService, subject: "{client}", after_status: MSG00006}
          outcome: {result: not_integrated}   # fields the client's reported outcome must have
          findings: [ENV-007]             # rule findings this case provokes on purpose (not held against it)
          fail_on: [ENV-008]              # warning-severity findings that fail this case
        review: what a person must check by hand (the case is then "review" when all else passes)

The setup's keys are those of a scenario file (timeline, stubs, outages), with the plan's personas,
and ``clock`` (what ``POST /__admin/sandboxes/<s>/clock`` takes).
Errors name the file and line, as scenario errors do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from simulator.conformance.rules import RULES
from simulator.errors import SimulatorError
from simulator.resources import plans_dir
from simulator.scenario import file as scenario_file
from simulator.scenario.file import Located, ScenarioError

FORMAT_VERSION = 1
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CASE_ID = re.compile(r"^[A-Z][A-Z0-9]*-[0-9]{2,3}$")
# {alias}, {new:alias}, {today}, {outcome:CASE-ID.field}
_PLACEHOLDER = re.compile(r"\{(?:(new|outcome):)?([A-Za-z_][A-Za-z0-9_.-]*)\}")

# The action vocabulary: what the bench may ask a client to do, with the parameters it gives
# (required, optional). Documented for vendors in the README ("Conformance bench").
ACTIONS: dict[str, tuple[set[str], set[str]]] = {
    "identify": ({"ssin"}, set()),
    "search": ({"last_name", "birth_date"}, {"first_name"}),
    "integrate": ({"ssin", "purpose"}, {"start", "end", "organisation"}),
    "unregister": ({"ssin", "purpose"}, {"start", "organisation"}),
    "consult": ({"ssin"}, set()),
    "register_attestation": ({"ssin", "category", "start", "amount"}, {"end", "piis"}),
    "stop_attestation": ({"ssin", "reference", "stop_date"}, set()),
    "list_attestations": ({"ssin"}, {"start", "end", "request_type"}),
    "household_income": ({"ssin"}, {"reference_date"}),
    # SPP IS: Law-65 forms and the heating allowance
    "law65_grant": ({"ssin", "entry"}, {"category", "months", "decision_date"}),
    "law65_cancel": ({"ssin", "entry"}, {"nature", "decision_date"}),
    "heating_allowance": ({"ssin", "category", "delivery", "quantity", "amount"}, {"fuel", "dwellings"}),
    # SPP IS: multifunctional attestations and living wages (paged answers followed to the end)
    "send_a036": ({"ssin", "start"}, {"category", "end", "aid", "months"}),
    "list_a036": ({"ssin", "start"}, {"end"}),
    "living_wages": ({"ssin"}, {"start", "end"}),
    # SPP IS exchanges between CPAS; ``organisation``: the CBE number of the CPAS the client acts as
    "send_social_report": ({"ssin", "report_date"}, {"summary", "piis_kind", "organisation"}),
    "read_social_reports": ({"ssin"}, {"organisation"}),
    "list_alerts": (set(), {"ssin", "state", "organisation"}),
    "react_to_alert": ({"ssin", "feedback_code"}, {"comment", "organisation"}),
    "social_inquiry": ({"ssin"}, {"reference_date", "organisation"}),
}
MATCH_KEYS = {"service", "operation", "status", "subject"}
COUNT_KEYS = {"min", "max"}  # how many requests a `requests` matcher must match (default: at least one)
EXPECT_KEYS = {"requests", "no_requests", "outcome", "findings", "fail_on"}
TODAY = "today"  # the one placeholder that is not a persona
SETUP_KEYS = {"timeline", "stubs", "outages", "clock"}
SCENARIO_KEYS = SETUP_KEYS - {"clock"}


class PlanError(SimulatorError):
    """A plan file that cannot be used; the message starts with file:line."""


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    requirement: str
    source: str
    action: str
    params: dict
    setup: dict | None = None
    requests: tuple[dict, ...] = ()
    no_requests: tuple[dict, ...] = ()
    outcome: dict = field(default_factory=dict)
    findings: frozenset[str] = frozenset()
    fail_on: frozenset[str] = frozenset()
    review: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Plan:
    name: str
    title: str
    description: str
    personas: dict
    cases: tuple[Case, ...]
    source: str = "<plan>"


def names() -> list[str]:
    """The ready plans (conformance/plans/*.yaml)."""
    return sorted(p.stem for p in plans_dir().glob("*.yaml"))


def find(name_or_path: str) -> Plan:
    """A ready plan by name, or a plan file by path."""
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return load(path)
    ready = plans_dir() / f"{name_or_path}.yaml"
    if not ready.exists():
        raise PlanError(f"no plan {name_or_path!r}: the ready plans are {', '.join(names())}, or give a file")
    return load(ready)


def load(path: Path | str) -> Plan:
    return parse(scenario_file.read_text(path, PlanError), str(path))


def parse(text: str, source: str = "<plan>") -> Plan:
    return _Reader(source).plan(scenario_file.read_yaml(text, source, PlanError))


class _Reader(scenario_file._Checker):
    """The scenario reader's checks (mappings, keys, lines), failing with PlanError."""

    def fail(self, node, message: str):
        raise PlanError(f"{self.source}:{getattr(node, 'line', 0) or 1}: {message}")

    def plan(self, raw) -> Plan:
        top = self.mapping(raw, "the plan", ("plan", "name", "cases"), ("title", "description", "personas"))
        if top["plan"] != FORMAT_VERSION:
            self.fail(top, f"plan format {top['plan']!r} is not supported (this simulator reads {FORMAT_VERSION})")
        if not isinstance(top["name"], str) or not _NAME.match(top["name"]):
            self.fail(top, f"name {top['name']!r} must be kebab-case")
        personas = top.get("personas") or Located()
        # The personas are checked by the scenario reader: one grammar for both kinds of file.
        try:
            scenario_file.parse(yaml.safe_dump({"scenario": 1, "name": "plan-personas", "personas": plain(personas)}),
                                self.source)
        except ScenarioError as exc:
            self.fail(personas, f"personas: {str(exc).split(': ', 1)[-1]}")
        if not isinstance(top["cases"], list) or not top["cases"]:
            self.fail(top, "cases must be a non-empty list")
        cases, self.earlier = [], set()
        for node in top["cases"]:
            case = self.case(node, personas)
            if case.id in self.earlier:
                self.fail(node, f"case id {case.id} is used twice")
            self.earlier.add(case.id)
            cases.append(case)
        return Plan(top["name"], str(top.get("title") or top["name"]), str(top.get("description") or "").strip(),
                    dict(personas), tuple(cases), self.source)

    def case(self, node, personas) -> Case:
        case = self.mapping(node, "a case", ("id", "title", "action", "expect"),
                            ("requirement", "source", "setup", "with", "review"))
        if not isinstance(case["id"], str) or not CASE_ID.match(case["id"]):
            self.fail(case, f"case id {case['id']!r} must look like CORE-01")
        action = case["action"]
        if action not in ACTIONS:
            self.fail(case, f"unknown action {action!r} (known: {', '.join(ACTIONS)})")
        required, optional = ACTIONS[action]
        params = dict(self.mapping(case.get("with") or Located(), f"the parameters of {action}", required, optional))
        self.placeholders(case, params, personas)
        expect = self.mapping(case["expect"], "expect", (), EXPECT_KEYS)
        matchers = {key: tuple(self.matcher(m, personas, counted=key == "requests") for m in expect.get(key) or ())
                    for key in ("requests", "no_requests")}
        findings = expect.get("findings") or []
        fail_on = expect.get("fail_on") or []
        unknown = [f for f in (*findings, *fail_on) if f not in RULES]
        if unknown:
            self.fail(expect, f"unknown rule ids {', '.join(map(str, unknown))}")
        outcome = dict(expect.get("outcome") or {})
        self.placeholders(expect, outcome, personas)
        setup = case.get("setup")
        if setup is not None:
            self.mapping(setup, "setup", (), SETUP_KEYS)
            if "clock" in setup:
                clock = self.mapping(setup["clock"], "setup clock", (), ("advance", "now", "frozen"))
                if ("advance" in clock) == ("now" in clock):
                    self.fail(clock, "setup clock needs exactly one of advance (P1D) or now (an ISO date-time)")
            if SCENARIO_KEYS & set(setup):
                self.setup_scenario(setup, personas, case["id"])
        return Case(case["id"], str(case["title"]), str(case.get("requirement") or case["title"]),
                    str(case.get("source") or ""), action, params, dict(setup) if setup else None,
                    matchers["requests"], matchers["no_requests"], outcome, frozenset(findings), frozenset(fail_on),
                    str(case["review"]) if case.get("review") else None, case.line)

    def matcher(self, node, personas, counted: bool = True) -> dict:
        matcher = dict(self.mapping(node, "a request matcher", (), MATCH_KEYS | (COUNT_KEYS if counted else set())))
        if not set(matcher) - COUNT_KEYS:
            self.fail(node, "a request matcher needs at least one of " + ", ".join(sorted(MATCH_KEYS)))
        bounds = [matcher.get(k) for k in ("min", "max") if k in matcher]
        if any(not isinstance(b, int) or b < 0 for b in bounds) or matcher.get("min", 1) > matcher.get("max", 1 << 30):
            self.fail(node, "min and max must be whole numbers, min not above max")
        self.placeholders(node, matcher, personas)
        return matcher

    def placeholders(self, node, values: dict, personas) -> None:
        for value in values.values():
            for kind, name in _PLACEHOLDER.findall(str(value)):
                if kind == "outcome":
                    case_id, _, field = name.partition(".")
                    if case_id not in self.earlier or not field:
                        self.fail(node, f"{{outcome:{name}}} must name an earlier case and a field "
                                        "(like {outcome:SPP-02.reference})")
                elif name not in personas and (kind or name != TODAY):
                    self.fail(node, f"{{{name}}} is not a persona of this plan")

    def setup_scenario(self, setup, personas, case_id: str) -> None:
        try:
            scenario_file.parse(setup_yaml(setup, {a: "85031400127" for a in personas}, case_id), self.source)
        except ScenarioError as exc:
            self.fail(setup, f"setup of {case_id}: {str(exc).split(': ', 1)[-1]}")


def setup_yaml(setup: dict, ssins: dict[str, str], case_id: str) -> str:
    """The scenario file a case's setup becomes: the plan's personas as the SSINs this run chose."""
    story = {"scenario": 1, "name": f"case-{case_id.lower()}", "personas": {a: {"ssin": s} for a, s in ssins.items()}}
    story.update({k: plain(v) for k, v in setup.items() if k in SCENARIO_KEYS})
    return yaml.safe_dump(story, sort_keys=False)


def plain(value):
    """``Located`` mappings and lists as plain ones (what yaml.safe_dump can write)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


@dataclass
class Bindings:
    """What the placeholders of a case stand for when it is played."""

    ssins: dict[str, str]  # alias -> SSIN
    replacements: dict[str, str] = field(default_factory=dict)  # alias -> the number that replaced it
    today: str = ""  # the sandbox's date
    outcomes: dict[str, dict] = field(default_factory=dict)  # case id -> the outcome the client reported


def substitute(value, bound: Bindings):
    """Every placeholder of ``value`` (recursively) as ``bound`` says; an outcome field the client did not
    report, or a persona never replaced, becomes a visible ``<...>`` that no expectation will match."""
    if isinstance(value, dict):
        return {k: substitute(v, bound) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, bound) for v in value]
    if not isinstance(value, str):
        return value

    def one(match: re.Match) -> str:
        kind, name = match.groups()
        if kind == "new":
            return bound.replacements.get(name, f"<{name} not replaced>")
        if kind == "outcome":
            case_id, _, key = name.partition(".")
            reported = bound.outcomes.get(case_id, {}).get(key)
            return f"<{name} not reported>" if reported is None else str(reported)
        return bound.today if name == TODAY else bound.ssins[name]
    return _PLACEHOLDER.sub(one, value)
