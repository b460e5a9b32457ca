"""Scenario files: read and check a story (YAML, format version 1), with errors that name file and line.

    scenario: 1                     # format version
    name: bis-becomes-rn            # kebab-case
    description: ...
    personas:                       # aliases the story uses for people of the world
      ahmed: {pick: {kind: BIS}}    #   the first person (by SSIN) with these traits
      marie: {ssin: "85031400127"}  #   or a given SSIN
      fatou: {create: {last_name: Diallo, birth_date: "1992-00-00", abroad: {country: 315, city: Conakry}}}
    timeline:                       # world events, at an offset from loading ("+P30D") or a date
      - {at: "+P30D", event: ssin.replace, person: ahmed}
    stubs:                          # WireMock-style answers that replace the normal treatment
      - {service: RetrieveTIGroupsService, match: ["//ssin = '{ahmed}'"], respond: {status: MSG00002}}
    outages:                        # windows during which a service's provider is down
      - {service: RetrieveTIGroupsService, from: "+PT0S", to: "+PT2H", code: MSG00002}

The full reference (every event and its fields, every respond kind) is in the README.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from lxml import etree

from simulator.errors import SimulatorError
from simulator.world import ssin as numbers

FORMAT_VERSION = 1
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ALIAS = re.compile(r"\{([A-Za-z_][A-Za-z0-9_-]*)\}")

# event -> (required fields, optional fields) besides `at` and `event`
EVENTS = {
    "ssin.replace": ({"person"}, {"new_ssin"}),
    "person.move": ({"person", "to"}, {"with_household"}),
    "person.die": ({"person"}, set()),
    "household.leave": ({"person"}, set()),
    "household.join": ({"person", "household_of"}, {"relationship"}),
    "integration.expire": ({"person"}, {"organisation"}),
    "employment.start": ({"person"}, {"employer", "fte", "monthly_gross", "worker_type"}),
    "employment.end": ({"person"}, {"employer"}),
    "benefit.start": ({"person", "benefit"}, {"amount", "category"}),
    "benefit.stop": ({"person", "benefit"}, set()),
    "attestation.stop": ({"person"}, {"organisation"}),
}
BENEFITS = ("unemployment", "pension", "ris")
PICK_TRAITS = {"kind": ("RN", "BIS"), "alive": (True, False), "replaced": (True, False), "household": (True, False),
               "married": (True, False), "municipality": int}
CREATE_KEYS = {"kind", "last_name", "first_names", "birth_date", "sex", "nationality", "abroad", "contact", "legal"}
RESPONDS = {"status", "value", "description", "fault", "http", "delay", "network"}
OUTAGE_CODES = {"MSG00001", "MSG00002"}


class ScenarioError(SimulatorError):
    """A scenario file that cannot be used; the message starts with file:line."""


class _Loader(yaml.SafeLoader):
    """Keeps the line of every mapping and list item, for errors."""


def _mapping(loader, node):
    value = Located(loader.construct_mapping(node, deep=True))
    value.line = node.start_mark.line + 1
    return value


def _sequence(loader, node):
    value = LocatedList(loader.construct_sequence(node, deep=True))
    value.line = node.start_mark.line + 1
    return value


class Located(dict):
    line = 0


class LocatedList(list):
    line = 0


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


@dataclass(frozen=True)
class Event:
    at: str  # "+<ISO duration>" from loading, or an ISO date / date-time
    kind: str
    fields: dict
    line: int


@dataclass(frozen=True)
class Stub:
    service: str
    operation: str | None
    match: tuple[str, ...]  # XPath expressions, {alias} placeholders still in
    respond: dict
    require_state: str | None
    set_state: str | None
    times: int | None
    line: int


@dataclass(frozen=True)
class Outage:
    service: str
    start: str
    end: str
    code: str
    line: int


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    personas: dict = field(default_factory=dict)  # alias -> {"ssin": ...} | {"pick": {...}}
    timeline: tuple[Event, ...] = ()
    stubs: tuple[Stub, ...] = ()
    outages: tuple[Outage, ...] = ()
    source: str = "<scenario>"


def read_text(path: Path | str, error: type[SimulatorError] = ScenarioError) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot read ({exc.strerror})") from None


def read_yaml(text: str, source: str, error: type[SimulatorError] = ScenarioError):
    """The YAML document with the line of every mapping and list item (``Located``), for errors that
    name the file and line (scenario files and conformance plans alike)."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark else source
        raise error(f"{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from None


def load(path: Path | str) -> Scenario:
    return parse(read_text(path), str(path))


def parse(text: str, source: str = "<scenario>") -> Scenario:
    return _Checker(source).scenario(read_yaml(text, source))


class _Checker:
    def __init__(self, source: str):
        self.source = source

    def fail(self, node, message: str):
        raise ScenarioError(f"{self.source}:{getattr(node, 'line', 1) or 1}: {message}")

    def mapping(self, node, what: str, required=(), optional=()) -> dict:
        if not isinstance(node, dict):
            self.fail(node, f"{what} must be a mapping")
        missing = [k for k in required if k not in node]
        if missing:
            self.fail(node, f"{what} lacks {', '.join(missing)}")
        unknown = set(node) - set(required) - set(optional)
        if unknown:
            self.fail(node, f"{what} has unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                            f"allowed: {', '.join(sorted(set(required) | set(optional)))}")
        return node

    def scenario(self, raw) -> Scenario:
        top = self.mapping(raw, "the scenario", ("scenario", "name"),
                           ("description", "personas", "timeline", "stubs", "outages"))
        if top["scenario"] != FORMAT_VERSION:
            self.fail(top, f"scenario format {top['scenario']!r} is not supported (this simulator reads {FORMAT_VERSION})")
        if not isinstance(top["name"], str) or not _NAME.match(top["name"]):
            self.fail(top, f"name {top['name']!r} must be kebab-case (a-z, 0-9, '-')")
        personas = self.personas(top.get("personas") or Located())
        timeline = tuple(self.event(e, personas) for e in self.items(top, "timeline"))
        stubs = tuple(self.stub(s, personas) for s in self.items(top, "stubs"))
        outages = tuple(self.outage(o) for o in self.items(top, "outages"))
        return Scenario(top["name"], str(top.get("description") or ""), dict(personas), timeline, stubs, outages,
                        self.source)

    def items(self, top, key) -> list:
        value = top.get(key) or LocatedList()
        if not isinstance(value, list):
            self.fail(top, f"{key} must be a list")
        return value

    def personas(self, node) -> dict:
        self.mapping(node, "personas", (), tuple(node) if isinstance(node, dict) else ())
        for alias, spec in node.items():
            if not isinstance(alias, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_-]*$", alias):
                self.fail(node, f"persona alias {alias!r} must be a simple name")
            self.mapping(spec, f"persona {alias}", (), ("ssin", "pick", "create"))
            if len(set(spec) & {"ssin", "pick", "create"}) != 1:
                self.fail(spec, f"persona {alias} needs exactly one of ssin, pick or create")
            if "create" in spec:
                self.created_persona(alias, spec["create"])
            if "ssin" in spec and not numbers.is_valid(str(spec["ssin"])):
                self.fail(spec, f"persona {alias}: {spec['ssin']!r} is not a valid SSIN")
            if "pick" in spec:
                pick = self.mapping(spec["pick"], f"persona {alias} pick", (), tuple(PICK_TRAITS))
                for trait, value in pick.items():
                    allowed = PICK_TRAITS[trait]
                    if not (isinstance(value, allowed) if isinstance(allowed, type) else value in allowed):
                        what = "a NIS code" if allowed is int else f"one of {allowed}"
                        self.fail(pick, f"persona {alias}: {trait} must be {what}")
        return node

    def created_persona(self, alias: str, spec) -> None:
        """A person the story creates at loading. A BIS person (the default) needs what the BIS register
        needs: a name, a (possibly incomplete) birth date and an address abroad or a Belgian contact
        address. An RN person (kind: RN) needs a sex, a full birth date and a legal address."""
        self.mapping(spec, f"persona {alias} create", ("last_name", "birth_date"),
                     tuple(CREATE_KEYS - {"last_name", "birth_date"}))
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", str(spec["birth_date"])):
            self.fail(spec, f"persona {alias}: birth_date must be yyyy-mm-dd (00 for an unknown month or day)")
        if spec.get("sex") not in (None, "M", "F"):
            self.fail(spec, f"persona {alias}: sex must be M or F")
        if spec.get("kind", "BIS") == "RN":
            if "legal" not in spec or {"abroad", "contact"} & set(spec):
                self.fail(spec, f"persona {alias}: an RN person needs a legal address (legal: {{nis: ...}}) only")
            if spec.get("sex") is None or "-00" in str(spec["birth_date"]):
                self.fail(spec, f"persona {alias}: an RN person needs a sex and a full birth date")
            self.mapping(spec["legal"], f"persona {alias} legal", ("nis",), ("street", "house_number", "box"))
            return
        if spec.get("kind", "BIS") != "BIS":
            self.fail(spec, f"persona {alias}: kind must be RN or BIS")
        if ("abroad" in spec) == ("contact" in spec) or "legal" in spec:
            self.fail(spec, f"persona {alias} needs exactly one of abroad or contact (a BIS person's minimum data)")
        if "abroad" in spec:
            self.mapping(spec["abroad"], f"persona {alias} abroad", ("country", "city"), ("street", "house_number"))
        else:
            self.mapping(spec["contact"], f"persona {alias} contact", ("nis",), ("street", "house_number", "box"))

    def person_ref(self, node, value, personas, what="person") -> None:
        if value not in personas and not numbers.is_valid(str(value)):
            self.fail(node, f"{what} {value!r} is neither a persona alias nor a valid SSIN")

    def when(self, node, value, what="at") -> str:
        from simulator.world.clock import add_duration, parse_instant, utcnow

        text = str(value)
        try:
            add_duration(utcnow(), text[1:]) if text.startswith("+") else parse_instant(text)
        except SimulatorError:
            self.fail(node, f"{what} {text!r} must be an offset like +P30D / +PT2H or an ISO date or date-time")
        return text

    def event(self, node, personas) -> Event:
        if not isinstance(node, dict) or node.get("event") not in EVENTS:
            self.fail(node, f"event must be one of {', '.join(EVENTS)}")
        required, optional = EVENTS[node["event"]]
        self.mapping(node, f"event {node['event']}", {"at", "event"} | required, optional)
        for key in ("person", "household_of"):
            if key in node:
                self.person_ref(node, node[key], personas, key)
        if "to" in node:
            self.mapping(node["to"], "person.move to", ("nis",), ("street", "house_number", "box", "postal_code"))
        if "benefit" in node and node["benefit"] not in BENEFITS:
            self.fail(node, f"benefit must be one of {', '.join(BENEFITS)}")
        if "new_ssin" in node and not numbers.is_valid(str(node["new_ssin"])):
            self.fail(node, f"new_ssin {node['new_ssin']!r} is not a valid SSIN")
        fields = {k: v for k, v in node.items() if k not in ("at", "event")}
        return Event(self.when(node, node["at"]), node["event"], fields, node.line)

    def stub(self, node, personas) -> Stub:
        self.mapping(node, "stub", ("service", "respond"), ("operation", "match", "state", "times"))
        match = node.get("match") or []
        if isinstance(match, str):
            match = [match]
        for expression in match:
            for alias in _ALIAS.findall(expression):
                if alias not in personas:
                    self.fail(node, f"match uses {{{alias}}} but no persona has that alias")
            try:
                etree.XPath(_ALIAS.sub("x", expression))
            except etree.XPathSyntaxError as exc:
                self.fail(node, f"match {expression!r} is not a valid XPath expression ({exc})")
        respond = self.mapping(node["respond"], "respond", (), tuple(RESPONDS))
        kinds = {"status", "fault", "http", "network"} & set(respond)
        if len(kinds) > 1 or (not kinds and "delay" not in respond):
            self.fail(respond, "respond needs one of status, fault, http, network (and/or a delay)")
        if "http" in respond and respond["http"] not in (500, 502, 503, 504):
            self.fail(respond, "http must be 500, 502, 503 or 504")
        if "network" in respond and respond["network"] != "reset":
            self.fail(respond, "network must be 'reset'")
        if "delay" in respond and not (isinstance(respond["delay"], (int, float)) and 0 <= respond["delay"] <= 60):
            self.fail(respond, "delay is seconds, 0..60")
        state = self.mapping(node.get("state") or Located(), "state", (), ("require", "set"))
        times = node.get("times")
        if times is not None and not (isinstance(times, int) and times > 0):
            self.fail(node, "times must be a positive whole number")
        return Stub(str(node["service"]), node.get("operation"), tuple(match), dict(respond), state.get("require"),
                    state.get("set"), times, node.line)

    def outage(self, node) -> Outage:
        self.mapping(node, "outage", ("service", "from", "to"), ("code",))
        code = node.get("code", "MSG00002")
        if code not in OUTAGE_CODES:
            self.fail(node, f"outage code must be one of {', '.join(sorted(OUTAGE_CODES))}")
        return Outage(str(node["service"]), self.when(node, node["from"], "from"), self.when(node, node["to"], "to"),
                      code, node.line)


def substitute(expression: str, ssins: dict[str, str]) -> str:
    """An XPath with {alias} placeholders replaced by the personas' SSINs."""
    return _ALIAS.sub(lambda m: ssins[m.group(1)], expression)
