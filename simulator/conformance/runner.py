"""The runner: plays a plan against a client in a sandbox of its own and judges every case.

For each case, in order: load the case's setup (a scenario fragment), note the last journal entry,
ask the client (through its adapter) to perform the action, then read the requests the client sent
meanwhile (the journal since that entry) and judge:

- ``failed``: the client reported an error, an expected request is missing, a forbidden one is there,
  the reported outcome differs from the expected one, an error-severity finding the case does not
  provoke on purpose is in its traffic, or a paged answer was not followed to the end (ENV-013);
- ``skipped``: the client does not support the action (``{"result": "unsupported"}``);
- ``warning``: passed, with warning-severity findings;
- ``review``: passed, but a person must confirm something (the case says what, or the manual adapter
  was only told "done");
- ``passed``.

A case listed in the expected-failures file still fails, but marked expected: the run's verdict and
exit status ignore it (and say so when it unexpectedly passes).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from simulator.admin.client import AdminClient
from simulator.conformance import plan as plans
from simulator.conformance.adapters import Adapter
from simulator.conformance.plan import Case, Plan
from simulator.conformance.rules import ENV_013, ERROR
from simulator.errors import SimulatorError

PASSED, FAILED, WARNING, SKIPPED, REVIEW = "passed", "failed", "warning", "skipped", "review"
OUTCOMES = (PASSED, FAILED, WARNING, SKIPPED, REVIEW)
TRAFFIC_LIMIT = 1000  # requests read back per case
# L036 NextAnswerReference, LivingWages nextPageReference; SSDN replies travel escaped inside xmlString.
_NEXT_ANSWER = re.compile(r"(?:NextAnswerReference|nextPageReference)(?:>|&gt;)\s*([^<&\s]+)\s*(?:<|&lt;)")


@dataclass
class CaseResult:
    case: Case
    outcome: str
    messages: list[str]
    reported: dict
    params: dict
    traffic: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    expected_failure: str | None = None  # the reason the expected-failures file gives
    seconds: float = 0.0


@dataclass
class RunResult:
    plan: Plan
    client: str
    url: str
    sandbox: str
    started: str
    personas: dict[str, str]
    cases: list[CaseResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        return {o: sum(1 for c in self.cases if c.outcome == o) for o in OUTCOMES}

    @property
    def unexpected_failures(self) -> list[CaseResult]:
        return [c for c in self.cases if c.outcome == FAILED and not c.expected_failure]

    @property
    def verdict(self) -> str:
        """failed when a case failed that was not expected to; else passed (warnings and reviews shown)."""
        return FAILED if self.unexpected_failures else PASSED


def read_expected_failures(path: str | Path) -> dict[str, str]:
    """``CASE-ID  reason`` per line (``#`` comments and blank lines ignored)."""
    expected = {}
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise SimulatorError(f"{path}: cannot read the expected-failures file ({exc.strerror})") from None
    for number, line in enumerate(lines, 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        case_id, _, reason = text.partition(" ")
        if not plans.CASE_ID.match(case_id):
            raise SimulatorError(f"{path}:{number}: {case_id!r} is not a case id (like CORE-01)")
        expected[case_id] = reason.strip() or "known gap"
    return expected


def run(plan: Plan, adapter: Adapter, admin: AdminClient, expected_failures: dict[str, str] | None = None,
        keep_sandbox: bool = False, progress=None) -> RunResult:
    """Play ``plan`` against the client behind ``adapter`` on the simulator ``admin`` talks to."""
    expected_failures = expected_failures or {}
    unknown = sorted(set(expected_failures) - {c.id for c in plan.cases})
    if unknown:
        raise SimulatorError(f"the expected-failures file names cases plan {plan.name} does not have: "
                             f"{', '.join(unknown)}")
    sandbox = f"conformance-{plan.name}-{uuid.uuid4().hex[:8]}"
    admin.create_sandbox(sandbox)
    began = time.monotonic()
    try:
        loaded = admin.load_scenario(sandbox, _personas_yaml(plan))
        result = RunResult(plan, adapter.description, admin.url, sandbox,
                           dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), loaded["personas"])
        reported: dict[str, dict] = {}
        for case in plan.cases:
            outcome = _play(case, plan, adapter, admin, sandbox, plans.Bindings(result.personas, outcomes=reported))
            reported[case.id] = outcome.reported
            outcome.expected_failure = expected_failures.get(case.id) if outcome.outcome == FAILED else None
            if case.id in expected_failures and outcome.outcome != FAILED:
                outcome.messages.append(f"listed as an expected failure ({expected_failures[case.id]}) but it "
                                        f"{outcome.outcome}: remove it from the expected-failures file")
            result.cases.append(outcome)
            if progress:
                progress(outcome)
        result.seconds = time.monotonic() - began
        return result
    finally:
        if not keep_sandbox:
            try:
                admin.delete_sandbox(sandbox)
            except SimulatorError:
                pass  # the server went away: nothing left to clean


def _personas_yaml(plan: Plan) -> str:
    """The plan's personas as a scenario of their own, loaded once when the run starts."""
    return yaml.safe_dump({"scenario": 1, "name": plan.name, "personas": plans.plain(plan.personas)})


def _play(case: Case, plan: Plan, adapter: Adapter, admin: AdminClient, sandbox: str,
          bound: plans.Bindings) -> CaseResult:
    began = time.monotonic()
    if case.setup:
        try:
            if plans.SCENARIO_KEYS & set(case.setup):
                admin.load_scenario(sandbox, plans.setup_yaml(case.setup, bound.ssins, case.id))
            clock = case.setup.get("clock")
            if clock and "advance" in clock:
                admin.advance_clock(sandbox, str(clock["advance"]), clock.get("frozen"))
            elif clock:
                admin.set_clock(sandbox, str(clock["now"]), bool(clock.get("frozen")))
        except SimulatorError as exc:
            return CaseResult(case, FAILED, [f"the case's setup could not be done: {exc}"], {}, {})
    bound.replacements = _replacements(admin, sandbox, bound.ssins)
    bound.today = admin.clock(sandbox)["now"][:10]

    def substitute(value):
        return plans.substitute(value, bound)

    params = substitute(case.params)
    before = admin.journal(sandbox, limit=1)["last_id"]
    context = {"endpoint": f"{admin.url}/sandbox/{sandbox}", "sandbox": sandbox, "case": case.id, "plan": plan.name,
               "title": case.title}
    reported = adapter.perform(case.action, params, context)
    sent = admin.journal(sandbox, after=before, limit=TRAFFIC_LIMIT)["entries"]
    traffic = [e for e in sent if e["endpoint"] != "scenario"]
    for entry in traffic:
        if isinstance(entry.get("findings"), str):
            entry["findings"] = json.loads(entry["findings"] or "[]")
    result = CaseResult(case, PASSED, [], reported, params, traffic, seconds=0.0)
    _judge(result, substitute(case.outcome), [substitute(m) for m in case.requests],
           [substitute(m) for m in case.no_requests])
    if len(sent) == TRAFFIC_LIMIT:  # a client that floods BCSS fails, whatever the first requests were
        result.outcome = FAILED
        result.messages.append(f"the client sent {TRAFFIC_LIMIT} requests or more during the case; only the first "
                               f"{TRAFFIC_LIMIT} were judged")
    result.seconds = time.monotonic() - began
    return result


def _replacements(admin: AdminClient, sandbox: str, personas: dict[str, str]) -> dict[str, str]:
    """alias -> the number that replaced the persona's SSIN (for ``{new:alias}``), when it was replaced."""
    found = {}
    for alias, ssin in personas.items():
        try:
            dossier = admin.person(sandbox, ssin)
        except SimulatorError:
            continue
        new = (dossier.get("replaced_by") or {}).get("new_ssin")
        if new:
            found[alias] = new
    return found


def _judge(result: CaseResult, outcome: dict, requests: list[dict], no_requests: list[dict]) -> None:
    case, reported, traffic, messages = result.case, result.reported, result.traffic, result.messages
    if reported.get("result") == "unsupported":
        result.outcome = SKIPPED
        messages.append(reported.get("message") or f"the client does not support {case.action}")
        return
    if reported.get("result") == "error":
        messages.append(f"the client reported an error: {reported.get('message') or reported}")
    for matcher in requests:
        hits = sum(1 for e in traffic if _matches(e, matcher))
        least, most = matcher.get("min", 1), matcher.get("max")
        if hits < least:
            wanted = "a request" if least == 1 else f"at least {least} requests"
            messages.append(f"expected {wanted} {_describe(matcher)}; the client sent "
                            f"{_summary(traffic) or 'nothing'}")
        elif most is not None and hits > most:
            messages.append(f"expected at most {most} request{'s' if most != 1 else ''} {_describe(matcher)}; "
                            f"the client sent {hits}")
    for matcher in no_requests:
        hits = [e for e in traffic if _matches(e, matcher)]
        if hits:
            messages.append(f"the client sent a request it must not send: {_describe(matcher)} "
                            f"(journal entry {hits[0]['id']})")
    manual_done = reported.get("result") == "done"
    if not manual_done:
        for key, expected in outcome.items():
            if not _same(reported.get(key), expected):
                messages.append(f"the client reported {key}={reported.get(key)!r}, expected {expected!r}")
    for entry in traffic:
        for finding in entry.get("findings") or []:
            result.findings.append({**finding, "entry": entry["id"]})
    provoked = case.findings
    errors = [f for f in result.findings if (f["severity"] == ERROR or f["id"] in case.fail_on)
              and f["id"] not in provoked]
    for finding in errors:
        messages.append(f"{finding['id']} (journal entry {finding['entry']}): {finding['message']}")
    for missing in _paging_not_followed(traffic):
        finding = ENV_013.finding(f"NextAnswerReference {missing['reference']!r} (journal entry {missing['entry']}) "
                                  "was never sent back")
        result.findings.append({**finding, "entry": missing["entry"]})
        if ENV_013.id not in provoked:
            messages.append(f"{ENV_013.id}: {finding['message']}")
    if messages:
        result.outcome = FAILED
    elif any(f["id"] not in provoked for f in result.findings):
        result.outcome = WARNING
    elif case.review or manual_done:
        result.outcome = REVIEW
        messages.append(case.review or "the person said the action was done: check the outcome by hand")


def _matches(entry: dict, matcher: dict) -> bool:
    for key in ("service", "operation", "subject"):
        if key in matcher and str(entry.get(key) or "") != str(matcher[key]):
            return False
    if "status" in matcher:
        status = entry.get("status") or entry.get("fault") or ""
        if str(matcher["status"]) not in status.split() and status != str(matcher["status"]):
            return False
    return True


def _describe(matcher: dict) -> str:
    return " ".join(f"{k}={v}" for k, v in matcher.items() if k not in ("min", "max"))


def _summary(traffic: list[dict]) -> str:
    return "; ".join(f"{e['service']}.{e['operation']} -> {e['status']}" for e in traffic[:8])


def _same(reported, expected) -> bool:
    if isinstance(expected, list):
        return isinstance(reported, list) and all(any(_same(r, x) for r in reported) for x in expected)
    if isinstance(expected, dict):
        return isinstance(reported, dict) and all(_same(reported.get(k), v) for k, v in expected.items())
    return reported is not None and str(reported) == str(expected)


def _paging_not_followed(traffic: list[dict]) -> list[dict]:
    """Every NextAnswerReference an answer of the case carried that no later request sent back."""
    missing = []
    for index, entry in enumerate(traffic):
        for reference in _NEXT_ANSWER.findall(entry.get("response") or ""):
            if not any(reference in (later.get("request") or "") for later in traffic[index + 1:]):
                missing.append({"reference": reference, "entry": entry["id"]})
    return missing
