"""The bench: one call that does what ``bcss-sim conformance run`` promises — find the plan, pick the
adapter, reach (or start) a simulator, play the plan in a sandbox of its own, write the reports."""

from __future__ import annotations

import sys
from pathlib import Path

from simulator.admin.client import AdminClient
from simulator.conformance import plan as plans
from simulator.conformance import report
from simulator.conformance.adapters import Adapter, CallableAdapter, CommandAdapter, HttpAdapter, ManualAdapter
from simulator.conformance.reference_client import FLAWS, ReferenceClient
from simulator.conformance.runner import CaseResult, RunResult, read_expected_failures, run
from simulator.errors import SimulatorError
from simulator.launcher import start, stop, wait_until_up


def reference_adapter(flaws=()) -> CallableAdapter:
    """The reference client in process (one zeep client per endpoint and WSDL, kept across cases)."""
    unknown = sorted(set(flaws) - set(FLAWS))
    if unknown:
        raise SimulatorError(f"unknown flaw {', '.join(unknown)} (known: {', '.join(FLAWS)})")
    clients: dict[str, ReferenceClient] = {}

    def perform(action: str, params: dict, context: dict) -> dict:
        endpoint = context["endpoint"]
        client = clients.setdefault(endpoint, ReferenceClient(endpoint, flaws=frozenset(flaws)))
        return client.perform(action, params)

    name = "reference client" + (f" with flaws {', '.join(flaws)}" if flaws else "")
    return CallableAdapter(perform, name)


def adapter_for(client_cmd=None, client_url=None, manual=False, reference_flaws=None) -> Adapter:
    if client_cmd:
        return CommandAdapter(client_cmd)
    if client_url:
        return HttpAdapter(client_url)
    if manual:
        return ManualAdapter(sys.stdin, sys.stderr)
    return reference_adapter(reference_flaws or ())


def run_plan(plan_name: str, *, client_cmd=None, client_url=None, manual=False, reference_flaws=None, url=None,
             data_dir: Path | str = ".bcss-sim", junit=None, json_out=None, html=None, expected_failures=None,
             keep_sandbox=False, progress=None) -> RunResult:
    plan = plans.find(plan_name)
    expected = read_expected_failures(expected_failures) if expected_failures else {}
    adapter = adapter_for(client_cmd, client_url, manual, reference_flaws)
    process = None
    if url is None:  # a simulator of our own for this run, over the data directory
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        process, url = start(data_dir)
        try:
            wait_until_up(url, process)
        except RuntimeError as exc:
            stop(process)
            raise SimulatorError(str(exc).splitlines()[0]) from None
    try:
        admin = AdminClient(url)
        result = run(plan, adapter, admin, expected, keep_sandbox=keep_sandbox, progress=progress)
        services = admin.services()
    finally:
        if process is not None:
            stop(process)
    write_reports(result, services, junit=junit, json_out=json_out, html=html)
    return result


def write_reports(result: RunResult, services: list[dict], junit=None, json_out=None, html=None) -> None:
    import json

    for path, text in ((junit, lambda: report.to_junit(result)),
                       (json_out, lambda: json.dumps(report.to_json(result, services), indent=2, ensure_ascii=False)),
                       (html, lambda: report.to_html(result, services))):
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_text(text(), encoding="utf-8")


def case_line(case: CaseResult) -> str:
    mark = case.outcome.upper() + (" (expected)" if case.expected_failure else "")
    why = f" — {case.messages[0]}" if case.messages else ""
    return f"{case.case.id} {mark}: {case.case.title}{why}"


def verdict_line(result: RunResult) -> str:
    counts = ", ".join(f"{n} {o}" for o, n in result.counts.items() if n)
    return f"{result.plan.name}: {result.verdict.upper()} ({counts}) in {result.seconds:.1f} s"
