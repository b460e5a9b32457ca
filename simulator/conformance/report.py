"""Reports of a conformance run: JSON (everything, for tools), JUnit XML (for the pipeline) and one
self-contained HTML file (for the CPAS that buys the software): verdict, per-case evidence with the
requests and responses, findings, and the coverage matrix.

The coverage matrix crosses every service and operation the simulator serves with the kinds of
answer BCSS gives (``ANSWER_KINDS``): what the client exercised, and what it never saw.
"""

from __future__ import annotations

import html
import json
from collections import Counter

from lxml import etree

from simulator.conformance import rules
from simulator.conformance.runner import FAILED, OUTCOMES, SKIPPED, RunResult

# Kinds of answer, in the order the matrix shows them; a status belongs to the first kind that claims it.
ANSWER_KINDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("not integrated", rules.NOT_INTEGRATED),
    ("replaced SSIN", frozenset(rules.REPLACED)),
    ("unknown person", frozenset({"MSG00005", "31007002"})),
    ("invalid input", frozenset({"MSG00011", "31000007", rules.INVALID_SSIN, "31009001"}) | rules.SCHEMA_FAULTS),
    ("access refused", frozenset({"MSG00013", "30000002", "30000003", "Unauthorized"})),
    ("provider down", frozenset({"MSG00001", "MSG00002", "MSG00003"})),
)


def answer_kind(entry: dict) -> str:
    status = (entry.get("status") or "").split()
    for kind, codes in ANSWER_KINDS:
        if codes.intersection(status):
            return kind
    if entry.get("fault"):
        return "fault"
    if status[:1] == ["NO"] or (status and status[0].startswith("MSG") and status[0] != "MSG00000"):
        return "business refusal"
    if status[:1] == ["WARNING"] or any(code.startswith("2") for code in status[1:]):
        return "warning"
    return "ok"


KINDS = ("ok", "warning", "business refusal", *(k for k, _ in ANSWER_KINDS), "fault")


def coverage(result: RunResult, services: list[dict]) -> list[dict]:
    """One row per served (service, operation): requests seen per answer kind."""
    seen: dict[tuple[str, str], Counter] = {}
    statuses: dict[tuple[str, str], Counter] = {}
    for case in result.cases:
        for entry in case.traffic:
            key = (entry["service"] or "?", entry["operation"] or "?")
            seen.setdefault(key, Counter())[answer_kind(entry)] += 1
            statuses.setdefault(key, Counter())[entry.get("status") or entry.get("fault") or "?"] += 1
    rows = []
    for service in services:
        operations = [service["request"]] if service.get("family") == "ssdn" else service["operations"]
        for operation in operations:
            counts = seen.pop((service["name"], operation), Counter())
            rows.append({"service": service["name"], "operation": operation, "family": service.get("family"),
                         "requests": sum(counts.values()), "kinds": {k: counts.get(k, 0) for k in KINDS},
                         "statuses": dict(sorted(statuses.get((service["name"], operation), {}).items()))})
    for (service, operation), counts in sorted(seen.items()):  # e.g. unknown services the client called
        rows.append({"service": service, "operation": operation, "family": "?", "requests": sum(counts.values()),
                     "kinds": {k: counts.get(k, 0) for k in KINDS},
                     "statuses": dict(sorted(statuses[(service, operation)].items()))})
    return rows


def to_json(result: RunResult, services: list[dict]) -> dict:
    return {
        "plan": {"name": result.plan.name, "title": result.plan.title, "source": result.plan.source},
        "verdict": result.verdict, "counts": result.counts, "client": result.client, "simulator": result.url,
        "sandbox": result.sandbox, "started": result.started, "seconds": round(result.seconds, 3),
        "personas": result.personas,
        "cases": [{
            "id": c.case.id, "title": c.case.title, "requirement": c.case.requirement, "source": c.case.source,
            "action": c.case.action, "params": c.params, "outcome": c.outcome, "messages": c.messages,
            "expected_failure": c.expected_failure, "reported": c.reported, "findings": c.findings,
            "seconds": round(c.seconds, 3),
            "requests": [{k: e.get(k) for k in ("id", "time", "endpoint", "service", "operation", "organisation",
                                                "status", "fault", "http_status", "subject", "ticket", "request",
                                                "response")} for e in c.traffic],
        } for c in result.cases],
        "coverage": coverage(result, services),
    }


def to_junit(result: RunResult) -> str:
    suite = etree.Element("testsuite", name=f"bcss-conformance.{result.plan.name}", tests=str(len(result.cases)),
                          failures=str(len(result.unexpected_failures)), errors="0",
                          skipped=str(result.counts[SKIPPED]), time=f"{result.seconds:.3f}",
                          timestamp=result.started)
    for c in result.cases:
        case = etree.SubElement(suite, "testcase", classname=f"{result.plan.name}.{c.case.action}",
                                name=f"{c.case.id} {c.case.title}", time=f"{c.seconds:.3f}")
        text = "\n".join(c.messages)
        if c.outcome == FAILED and not c.expected_failure:
            failure = etree.SubElement(case, "failure", message=(c.messages or ["failed"])[0][:500], type="conformance")
            failure.text = text
        elif c.outcome == FAILED:
            etree.SubElement(case, "skipped", message=f"expected failure: {c.expected_failure}").text = text
        elif c.outcome == SKIPPED:
            etree.SubElement(case, "skipped", message=(c.messages or ["skipped"])[0][:500])
        if c.outcome != FAILED and (c.messages or c.findings):
            out = [f"{c.outcome}: {m}" for m in c.messages]
            out += [f"{f['id']} ({f['severity']}): {f['message']}" for f in c.findings]
            etree.SubElement(case, "system-out").text = "\n".join(out)
    suites = etree.Element("testsuites")
    suites.append(suite)
    return etree.tostring(suites, pretty_print=True, xml_declaration=True, encoding="UTF-8").decode()


def _pretty(text: str | None) -> str:
    if not text:
        return ""
    try:
        parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
        return etree.tostring(etree.fromstring(text.encode("utf-8"), parser), pretty_print=True, encoding="unicode")
    except etree.XMLSyntaxError:
        return text


_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:1200px;color:#222;padding:0 1em}
h1{margin-bottom:.2em} .meta{color:#555} table{border-collapse:collapse;margin:1em 0;width:100%}
td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top} th{background:#f3f3f3}
.passed{background:#dff3df} .failed{background:#f8d7da} .warning{background:#fff3cd} .skipped{background:#eee}
.review{background:#dbe9f8} .verdict{font-size:1.4em;padding:.4em .8em;display:inline-block;border-radius:4px}
details{margin:.3em 0} pre{background:#f7f7f7;padding:.6em;overflow-x:auto;font-size:12px;white-space:pre-wrap}
.num{text-align:right} .never{color:#bbb} .case{border:1px solid #ddd;border-radius:4px;padding:.5em 1em;margin:1em 0}
"""


def to_html(result: RunResult, services: list[dict]) -> str:
    e = html.escape
    counts = result.counts
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>BCSS conformance — "
             f"{e(result.plan.title)}</title><style>{_STYLE}</style></head><body>",
             f"<h1>BCSS conformance report: {e(result.plan.title)}</h1>",
             f"<p class='meta'>Plan <b>{e(result.plan.name)}</b> · client {e(result.client)} · simulator "
             f"{e(result.url)} (sandbox {e(result.sandbox)}) · started {e(result.started)} · "
             f"{result.seconds:.1f} s</p>",
             f"<p><span class='verdict {result.verdict}'>Verdict: {result.verdict.upper()}</span> &nbsp; "
             + " · ".join(f"{counts[o]} {o}" for o in OUTCOMES) + "</p>"]
    if result.plan.description:
        parts.append(f"<p>{e(result.plan.description)}</p>")
    parts.append("<h2>Cases</h2><table><tr><th>case</th><th>requirement</th><th>outcome</th><th>why</th></tr>")
    for c in result.cases:
        label = c.outcome + (" (expected)" if c.expected_failure else "")
        parts.append(f"<tr class='{c.outcome}'><td><a href='#{e(c.case.id)}'>{e(c.case.id)}</a> {e(c.case.title)}"
                     f"</td><td>{e(c.case.requirement)}</td><td>{e(label)}</td>"
                     f"<td>{'<br>'.join(e(m) for m in c.messages)}</td></tr>")
    parts.append("</table><h2>Evidence</h2>")
    for c in result.cases:
        parts.append(f"<div class='case' id='{e(c.case.id)}'><h3>{e(c.case.id)} — {e(c.case.title)} "
                     f"<span class='{c.outcome}'>&nbsp;{e(c.outcome)}&nbsp;</span></h3>"
                     f"<p>{e(c.case.requirement)}{' <i>(' + e(c.case.source) + ')</i>' if c.case.source else ''}</p>"
                     f"<p>Action <code>{e(c.case.action)}</code> with <code>{e(json.dumps(c.params))}</code>; the "
                     f"client reported <code>{e(json.dumps(c.reported))}</code></p>")
        if c.expected_failure:
            parts.append(f"<p>Expected failure: {e(c.expected_failure)}</p>")
        if c.findings:
            parts.append("<table><tr><th>finding</th><th>severity</th><th>requirement</th><th>what happened</th>"
                         "<th>source</th></tr>" + "".join(
                             f"<tr><td>{e(f['id'])}</td><td>{e(f['severity'])}</td><td>{e(f['requirement'])}</td>"
                             f"<td>{e(f['message'])} (entry {f['entry']})</td><td>{e(f['source'])}</td></tr>"
                             for f in c.findings) + "</table>")
        for entry in c.traffic:
            parts.append(f"<details><summary>#{entry['id']} {e(entry['service'] or '')}.{e(entry['operation'] or '')}"
                         f" → {e(entry['status'] or entry.get('fault') or '')} (HTTP {entry.get('http_status')}, "
                         f"{e(str(entry.get('organisation')))})</summary><p>Request</p><pre>"
                         f"{e(_pretty(entry.get('request')))}</pre><p>Response</p><pre>"
                         f"{e(_pretty(entry.get('response')))}</pre></details>")
        if not c.traffic:
            parts.append("<p><i>The client sent no request during this case.</i></p>")
        parts.append("</div>")
    parts.append("<h2>Coverage</h2><p>Requests the client sent during the run, by service, operation and kind "
                 "of answer; grey cells are answers it never saw.</p><table><tr><th>service</th><th>operation</th>"
                 "<th class='num'>requests</th>" + "".join(f"<th class='num'>{e(k)}</th>" for k in KINDS)
                 + "<th>statuses seen</th></tr>")
    for row in coverage(result, services):
        cells = "".join(f"<td class='num{'' if n else ' never'}'>{n if n else '–'}</td>" for n in row["kinds"].values())
        parts.append(f"<tr><td>{e(row['service'])}</td><td>{e(row['operation'])}</td>"
                     f"<td class='num{'' if row['requests'] else ' never'}'>{row['requests']}</td>{cells}"
                     f"<td>{e(', '.join(f'{k} ×{n}' for k, n in row['statuses'].items()))}</td></tr>")
    parts.append("</table></body></html>")
    return "\n".join(parts)
