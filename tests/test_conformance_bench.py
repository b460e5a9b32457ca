"""The conformance bench (issue 7): plans, adapters, runner, reference client and its broken variants,
reports. Runs against the production server (``server``) of the session's world."""

from __future__ import annotations

import io
import json
import shlex
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner
from lxml import etree

from simulator.admin.client import AdminClient
from simulator.cli import main
from simulator.conformance import bench, plan, report, runner
from simulator.conformance.adapters import CallableAdapter, CommandAdapter, ManualAdapter
from simulator.conformance.reference_client import ReferenceClient
from simulator.errors import SimulatorError

REFERENCE_CMD = (f"{shlex.quote(sys.executable)} -m simulator.cli conformance reference-client {{action}} "
                 "--endpoint {endpoint} --params {params}")


def play(server, name: str, flaws=(), expected=None):
    return runner.run(plan.find(name), bench.reference_adapter(flaws), AdminClient(server), expected)


def by_id(result) -> dict[str, runner.CaseResult]:
    return {c.case.id: c for c in result.cases}


def finding_ids(case) -> set[str]:
    return {f["id"] for f in case.findings}


# -- plans -------------------------------------------------------------------------------------------


def test_the_ready_plans_load():
    assert {"cpas-core", "spp-is-attestations"} <= set(plan.names())
    core = plan.find("cpas-core")
    assert [c.id for c in core.cases] == [f"CORE-0{i}" for i in range(1, 8)]
    assert [c.action for c in core.cases] == ["identify", "integrate", "consult", "consult", "integrate", "consult",
                                              "unregister"]
    # a case may use what the client reported in an earlier one (the reference SPP IS gave)
    stop = next(c for c in plan.find("spp-is-attestations").cases if c.id == "SPP-08")
    bound = plan.Bindings({"beneficiary": "85031400127"}, today="2026-11-30",
                          outcomes={"SPP-07": {"reference": "RIS6206300000002"}})
    assert plan.substitute(stop.params, bound) == {"ssin": "85031400127", "reference": "RIS6206300000002",
                                                   "stop_date": "2026-11-30"}
    assert plan.substitute("{outcome:SPP-07.missing}", bound) == "<SPP-07.missing not reported>"


@pytest.mark.parametrize("change, message", [
    (("action: identify", "action: teleport"), "unknown action 'teleport'"),
    (('with: {ssin: "{client}"}', 'with: {ssin: "{nobody}"}'), "{nobody} is not a persona"),
    (("findings: [ENV-007]", "findings: [ENV-999]"), "unknown rule ids ENV-999"),
    (("event: integration.expire", "event: integration.vanish"), "setup of CORE-04: event must be one of"),
    (("id: CORE-02", "id: CORE-01"), "case id CORE-01 is used twice"),
    (("clock: {advance: P1D}", "clock: {advance: P1D, now: '2027-01-01'}"), "exactly one of advance"),
    (('with: {ssin: "{client}"}', 'with: {ssin: "{outcome:CORE-05.ssin}"}'), "must name an earlier case"),
    (('with: {ssin: "{client}"}', 'with: {ssin: "{new:today}"}'), "{today} is not a persona"),
])
def test_plan_errors_name_the_file_and_line(change, message):
    text = (plan.plans_dir() / "cpas-core.yaml").read_text(encoding="utf-8")
    assert change[0] in text
    with pytest.raises(plan.PlanError) as error:
        plan.parse(text.replace(change[0], change[1], 1), "core.yaml")
    assert message in str(error.value) and str(error.value).startswith("core.yaml:")


def test_an_unknown_plan_names_the_ready_ones():
    with pytest.raises(SimulatorError, match="the ready plans are .*cpas-core"):
        plan.find("no-such-plan")


# -- the reference client passes every plan; its broken variants are caught ------------------------------


@pytest.mark.parametrize("name", plan.names())
def test_the_reference_client_passes_every_plan(server, name):
    result = play(server, name)
    assert result.verdict == "passed", [(c.case.id, c.messages) for c in result.cases]
    assert all(c.outcome == "passed" for c in result.cases)
    assert all(c.traffic for c in result.cases)  # every case was judged on real requests


@pytest.mark.parametrize("name, flaw, case_id, finding", [
    ("cpas-core", "bad-ssin", "CORE-01", "ENV-002"),
    ("cpas-core", "no-legal-context", "CORE-03", "ENV-006"),
    ("cpas-core", "no-integration", "CORE-03", "ENV-007"),
    ("cpas-core", "ignore-replaced", "CORE-06", "ENV-009"),
    ("cpas-core", "reuse-ticket", "CORE-02", "ENV-004"),
    ("cpas-core", "retry-errors", "CORE-04", "ENV-008"),
    ("spp-is-multifunctional", "ignore-paging", "MFA-05", "ENV-013"),
])
def test_each_broken_client_is_caught_by_the_right_case(server, name, flaw, case_id, finding):
    result = play(server, name, flaws=(flaw,))
    cases = by_id(result)
    assert result.verdict == "failed"
    caught = cases[case_id]
    assert caught.outcome == "failed" and finding in finding_ids(caught), (caught.messages, caught.findings)
    assert any(finding in m for m in caught.messages)
    # the cases before it passed: the bench pins the failure where the client went wrong
    first_failure = next(c.case.id for c in result.cases if c.outcome == "failed")
    assert first_failure <= case_id


def test_ignore_paging_fails_only_the_case_whose_answer_has_pages(server):
    result = play(server, "spp-is-multifunctional", flaws=("ignore-paging",))
    assert [c.case.id for c in result.unexpected_failures] == ["MFA-05"]
    caught = by_id(result)["MFA-05"]
    assert caught.reported["count"] == 10 and "the client reported count=10, expected 13" in caught.messages


def test_the_reference_client_acts_as_another_known_cpas_only(server):
    client = ReferenceClient(f"{server}/sandbox/default")
    refused = client.perform("list_alerts", {"organisation": "0999999999"})
    assert refused["result"] == "error" and "no access as organisation 0999999999" in refused["message"]
    assert client.acting_as("0212088025").identity.username == "ocmw-gent"
    assert client.acting_as("0212088025") is client.acting_as("0212088025")


def test_request_counts(server):
    cases = by_id(play(server, "cpas-core", flaws=("retry-errors",)))
    assert "expected at most 1 request service=RetrieveTIGroupsService status=MSG00012; the client sent 3" in \
        cases["CORE-04"].messages
    with pytest.raises(plan.PlanError, match="min and max must be whole numbers"):
        plan.parse((plan.plans_dir() / "cpas-core.yaml").read_text().replace("max: 1}", "max: -1}"), "c.yaml")


def test_no_integration_also_fails_the_integration_case(server):
    cases = by_id(play(server, "cpas-core", flaws=("no-integration",)))
    assert "expected a request service=OCMWCPASManageAccess" in cases["CORE-02"].messages[0]
    assert "the client sent nothing" in cases["CORE-02"].messages[0]


def test_an_expected_failure_does_not_fail_the_run(server, tmp_path):
    known = tmp_path / "known.txt"
    known.write_text("# our client hammers errors, ticket 123\nCORE-04 retries business errors\n")
    result = play(server, "cpas-core", flaws=("retry-errors",), expected=runner.read_expected_failures(known))
    cases = by_id(result)
    assert cases["CORE-04"].outcome == "failed" and cases["CORE-04"].expected_failure == "retries business errors"
    assert result.verdict == "passed"
    # listed but passing: said, so the file gets cleaned
    again = play(server, "cpas-core", expected={"CORE-03": "was broken once"})
    assert again.verdict == "passed" and "remove it from the expected-failures file" in by_id(again)["CORE-03"].messages[0]
    with pytest.raises(SimulatorError, match="does not have: CORE-99"):
        play(server, "cpas-core", expected={"CORE-99": "?"})
    bad = tmp_path / "bad.txt"
    bad.write_text("core-4 nope\n")
    with pytest.raises(SimulatorError, match="bad.txt:1: 'core-4' is not a case id"):
        runner.read_expected_failures(bad)


def test_skipped_review_and_error_outcomes(server):
    def client(action, params, context):
        if action == "identify":
            return {"result": "unsupported"}
        if action == "integrate":
            raise RuntimeError("boom")
        return ReferenceClient(context["endpoint"]).perform(action, params)

    result = runner.run(plan.find("cpas-core"), CallableAdapter(client), AdminClient(server))
    cases = by_id(result)
    assert cases["CORE-01"].outcome == "skipped"
    assert cases["CORE-02"].outcome == "failed" and "RuntimeError: boom" in cases["CORE-02"].messages[0]
    assert result.counts["skipped"] == 1

    answers = io.StringIO("skip\ndone\n" + "\n".join(['{"result": "nope"}'] * 5) + "\n")
    manual = runner.run(plan.find("cpas-core"), ManualAdapter(answers, io.StringIO()), AdminClient(server))
    outcomes = [c.outcome for c in manual.cases]
    assert outcomes[0] == "skipped"
    # "done" without the request the case expects is a failure; a person's "done" never passes alone
    assert outcomes[1] == "failed" and "the client sent nothing" in manual.cases[1].messages[0]
    assert any("reported result='nope'" in m for m in manual.cases[2].messages)

    # a case that asks a person to check something is "review" once everything else passed
    text = (plan.plans_dir() / "cpas-core.yaml").read_text(encoding="utf-8").replace(
        "    action: identify\n", "    review: the CPAS worker sees the person's name on screen\n    action: identify\n")
    reviewed = runner.run(plan.parse(text), bench.reference_adapter(), AdminClient(server))
    first = reviewed.cases[0]
    assert first.outcome == "review" and first.messages == ["the CPAS worker sees the person's name on screen"]
    assert reviewed.verdict == "passed" and reviewed.counts["review"] == 1


def test_a_flooding_client_fails_the_case(server, monkeypatch):
    monkeypatch.setattr(runner, "TRAFFIC_LIMIT", 3)

    def client(action, params, context):
        reference = ReferenceClient(context["endpoint"])
        for _ in range(3):
            outcome = reference.perform(action, params)
        return outcome

    first = runner.run(plan.find("cpas-core"), CallableAdapter(client), AdminClient(server)).cases[0]
    assert first.outcome == "failed" and "only the first 3 were judged" in first.messages[-1]


def test_paging_not_followed_is_env013():
    traffic = [{"id": 1, "request": "<a/>", "response": "<r><NextAnswerReference>P-2</NextAnswerReference></r>"},
               {"id": 2, "request": "<q><NextAnswerReference>P-2</NextAnswerReference></q>",
                "response": "<r><NextAnswerReference>P-3</NextAnswerReference></r>"}]
    assert runner._paging_not_followed(traffic) == [{"reference": "P-3", "entry": 2}]
    escaped = [{"id": 7, "request": "", "response": "<xmlString>&lt;ns3:NextAnswerReference&gt;Q-1&lt;/ns3:"
                "NextAnswerReference&gt;</xmlString>"},
               {"id": 8, "request": "<x><nextPageReference/></x>", "response": "<r><nextPageReference>\n  W-9\n"
                "</nextPageReference></r>"}]
    assert runner._paging_not_followed(escaped) == [{"reference": "Q-1", "entry": 7}, {"reference": "W-9", "entry": 8}]


# -- adapters ----------------------------------------------------------------------------------------


def test_the_command_template_quotes_every_value():
    adapter = CommandAdapter("client {action} --ssin {ssin} --x {missing} --params {params} --endpoint {endpoint}")
    command = adapter.command("consult", {"ssin": "85 03; rm -rf /"}, {"endpoint": "http://h/sandbox/s"})
    assert command == ["client", "consult", "--ssin", "85 03; rm -rf /", "--x", "", "--params",
                       '{"ssin": "85 03; rm -rf /"}', "--endpoint", "http://h/sandbox/s"]


def test_a_failing_command_is_a_clear_error():
    failing = CommandAdapter(f"{shlex.quote(sys.executable)} -c 'import sys; print(\"oops\", file=sys.stderr); sys.exit(3)'")
    assert failing.perform("identify", {}, {}) == {"result": "error",
                                                   "message": "the client exited with status 3: oops"}
    chatty = CommandAdapter(f"{shlex.quote(sys.executable)} -c 'print(\"not json\")'")
    assert "is not JSON" in chatty.perform("identify", {}, {})["message"]
    missing = CommandAdapter("no-such-client-binary {action}")
    assert "was not found" in missing.perform("identify", {}, {})["message"]


class _Hook(BaseHTTPRequestHandler):
    """A client's test hook: the reference client behind an HTTP callback."""

    def do_POST(self):  # noqa: N802 - http.server's name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        outcome = ReferenceClient(body["endpoint"]).perform(body["action"], body["params"])
        data = json.dumps(outcome).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


def test_the_http_callback_adapter(server, tmp_path):
    hook = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=hook.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{hook.server_address[1]}/bcss-test-hook"
        result = bench.run_plan("spp-is-attestations", client_url=url, url=server)
        assert result.verdict == "passed", [(c.case.id, c.messages) for c in result.cases]
    finally:
        hook.shutdown()
        hook.server_close()
        thread.join(timeout=10)
    unreachable = bench.adapter_for(client_url=url).perform("identify", {}, {})
    assert unreachable["result"] == "error" and "cannot reach the client's test hook" in unreachable["message"]


# -- the command line and the reports ------------------------------------------------------------------


def test_cli_run_with_a_command_client_writes_the_three_reports(server, tmp_path):
    out = CliRunner().invoke(main, ["conformance", "run", "--plan", "cpas-core", "--client-cmd", REFERENCE_CMD,
                                    "--url", server, "--junit", str(tmp_path / "j.xml"), "--json",
                                    str(tmp_path / "r.json"), "--html", str(tmp_path / "r.html")])
    assert out.exit_code == 0, out.output
    assert "cpas-core: PASSED (7 passed)" in out.output
    junit = etree.parse(str(tmp_path / "j.xml")).getroot()
    suite = junit.find("testsuite")
    assert suite.get("tests") == "7" and suite.get("failures") == "0" and len(suite.findall("testcase")) == 7
    data = json.loads((tmp_path / "r.json").read_text())
    assert data["verdict"] == "passed" and data["counts"]["passed"] == 7
    consult = next(c for c in data["cases"] if c["id"] == "CORE-06")
    assert [r["status"] for r in consult["requests"]] == ["MSG00006", "MSG00000"]
    replaced = consult["reported"]["replaced"]  # the evidence carries the messages themselves
    assert "retrieveTIGroupsRequest" in consult["requests"][0]["request"] and replaced in consult["requests"][0]["request"]
    assert consult["reported"]["ssin"] in consult["requests"][1]["request"]
    rows = {(r["service"], r["operation"]): r for r in data["coverage"]}
    ti = rows[("RetrieveTIGroupsService", "retrieveTI")]
    assert ti["kinds"]["ok"] >= 2 and ti["kinds"]["not integrated"] == 1 and ti["kinds"]["replaced SSIN"] == 1
    assert ti["statuses"] == {"MSG00000": ti["kinds"]["ok"], "MSG00006": 1, "MSG00012": 1}
    assert rows[("PersonService", "searchPersonBySsin")]["requests"] == 0  # served, never exercised
    page = (tmp_path / "r.html").read_text()
    assert "Verdict: PASSED" in page and "CORE-06" in page and "Coverage" in page and "MSG00012 ×1" in page
    assert "&lt;" in page and "<script" not in page  # the XML evidence is escaped, the file self-contained


def test_cli_run_exit_status_and_usage_errors(server, tmp_path):
    failed = CliRunner().invoke(main, ["conformance", "run", "--plan", "cpas-core", "--reference-client", "--flaw",
                                       "ignore-replaced", "--url", server, "--junit", str(tmp_path / "j.xml")])
    assert failed.exit_code == 1 and "cpas-core: FAILED (6 passed, 1 failed)" in failed.output
    failure = etree.parse(str(tmp_path / "j.xml")).getroot().find(".//failure")
    assert "ENV-009" in failure.text
    both = CliRunner().invoke(main, ["conformance", "run", "--plan", "cpas-core", "--manual", "--reference-client"])
    assert both.exit_code == 2 and "give exactly one of" in both.output
    flaw = CliRunner().invoke(main, ["conformance", "reference-client", "consult", "--endpoint", server,
                                     "--flaw", "lazy"])
    assert flaw.exit_code == 2 and "unknown flaw lazy" in flaw.output
    listed = CliRunner().invoke(main, ["conformance", "plans"])
    assert "cpas-core: 7 cases" in listed.output


def test_answer_kinds():
    assert report.answer_kind({"status": "MSG00000"}) == "ok"
    assert report.answer_kind({"status": "NO 31000009"}) == "not integrated"
    assert report.answer_kind({"status": "WARNING 21007003"}) == "replaced SSIN"
    assert report.answer_kind({"status": "NO 31012003"}) == "business refusal"
    assert report.answer_kind({"status": "MSG00008", "fault": "Client"}) == "invalid input"
    assert report.answer_kind({"status": "YES 21007001"}) == "warning"
