"""The admin JSON API under /__admin: a thin Flask layer over the same library calls as the CLI.

Every error is a JSON object ``{"error": "<one line>"}`` with a 4xx status, never an HTML page.
"""

from __future__ import annotations

from flask import Flask, jsonify, request
from werkzeug.exceptions import HTTPException

from simulator import __version__
from simulator.errors import SimulatorError
from simulator.jsonable import jsonable
from simulator.sandbox import SandboxExists, SandboxLimit, UnknownSandbox
from simulator.scenario import engine, stories
from simulator.scenario.file import load as load_scenario_file
from simulator.services import catalogue
from simulator.world.store.events import scenarios as scenario_state
from simulator.world.clock import parse_instant
from simulator.world.dossier import UnknownPerson, dossier

SSDN_ENDPOINT = "/connectors/webservice/KSZBCSSWebServiceConnectorPort"
MAX_LIMIT = 1000


def _limit(default: int = 50) -> tuple[int, int]:
    try:
        limit = int(request.args.get("limit", default))
        offset = int(request.args.get("offset", 0))
    except ValueError:
        raise SimulatorError("limit and offset must be whole numbers") from None
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise SimulatorError(f"limit must be 1..{MAX_LIMIT} and offset >= 0")
    return limit, offset


def _json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise SimulatorError("the request body must be a JSON object (Content-Type: application/json)")
    return body


def _int(body: dict, key: str) -> int | None:
    value = body.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise SimulatorError(f"{key} must be a whole number")
    return value


def services_description() -> list[dict]:
    """Every served service: name, endpoint path, operations, contract version and kind."""
    described = [
        {
            "name": endpoint.service,
            "family": "soa",
            "endpoint": endpoint.path,
            "paths": list(endpoint.paths),
            "operations": [op.name for op in endpoint.operations],
            "version": endpoint.version,
            "contract": endpoint.contract,
            "wsdl": endpoint.wsdl,
            "legal_contexts": list(endpoint.legal_contexts),
            "needs_integration": endpoint.needs_integration,
        }
        for endpoint in catalogue.soa_endpoints()
    ]
    described += [
        {
            "name": service.service_id,
            "family": "ssdn",
            "endpoint": SSDN_ENDPOINT,
            "operations": ["sendXML"],
            "version": service.version,
            "contract": service.contract,
            "wsdl": "ssdn/WebServiceConnector.wsdl",
            "request": service.request,
        }
        for service in catalogue.ssdn_services()
    ]
    return described


def person_summary(person) -> dict:
    return {
        "ssin": person.ssin,
        "kind": person.kind,
        "last_name": person.last_name,
        "first_name": " ".join(person.first_names),
        "birth_date": person.birth_date,
        "gender": person.gender,
        "nationality": person.nationality,
        "postal_code": person.address.postal_code if person.address else None,
        "death_date": person.death_date,
    }


def create_admin(simulator) -> Flask:
    app = Flask("simulator.admin")
    app.json.sort_keys = False

    @app.errorhandler(UnknownSandbox)
    @app.errorhandler(UnknownPerson)
    def not_found(exc):
        return jsonify(error=str(exc)), 404

    @app.errorhandler(SandboxExists)
    @app.errorhandler(SandboxLimit)
    def conflict(exc):
        return jsonify(error=str(exc)), 409

    @app.errorhandler(SimulatorError)
    def simulator_error(exc):
        return jsonify(error=str(exc)), 400

    @app.errorhandler(HTTPException)
    def http_error(exc):
        return jsonify(error=f"{exc.code} {exc.name}: {exc.description}"), exc.code

    @app.get("/__admin/health")
    def health():
        return jsonify(status="ok", version=__version__, sandboxes=simulator.sandboxes.names(),
                       organisations=len(simulator.organisations.all))

    @app.get("/__admin/services")
    def services():
        return jsonify(services=services_description())

    @app.get("/__admin/organizations")
    def organizations():
        return jsonify(organizations=[o.as_dict() for o in simulator.organisations.all])

    @app.get("/__admin/sandboxes")
    def sandboxes():
        return jsonify(sandboxes=simulator.sandboxes.describe())

    @app.post("/__admin/sandboxes")
    def create_sandbox():
        body = _json_body()
        unknown = set(body) - {"name", "seed", "size", "scenario"}
        if unknown or "name" not in body:
            raise SimulatorError('expected {"name": ..., "seed"?: int, "size"?: int, "scenario"?: name or YAML}'
                                 + (f"; unknown keys: {', '.join(sorted(unknown))}" if unknown else ""))
        scenario = stories.resolve(body["scenario"]) if body.get("scenario") else None  # checked before creating
        sandbox = simulator.sandboxes.create(body["name"], seed=_int(body, "seed"), size=_int(body, "size"))
        info = sandbox.info()
        if scenario is not None:
            try:
                info["scenario"] = engine.load(sandbox, scenario)
            except SimulatorError:
                simulator.sandboxes.delete(sandbox.name)  # nothing half-made
                raise
        return jsonify(info), 201

    @app.get("/__admin/sandboxes/<name>/scenarios")
    def list_scenarios(name):
        sandbox = simulator.sandboxes.get(name)
        sandbox.now()  # fire what is due, so the answer is current
        return jsonify(scenarios=scenario_state(sandbox.world))

    @app.post("/__admin/sandboxes/<name>/scenarios")
    def load_scenario(name):
        sandbox = simulator.sandboxes.get(name)
        if request.is_json:
            body = _json_body()
            if set(body) != {"scenario"} or not isinstance(body["scenario"], str):
                raise SimulatorError('expected {"scenario": "<ready story name or YAML text>"} or a YAML body')
            scenario = stories.resolve(body["scenario"])
        else:
            scenario = stories.resolve(request.get_data(as_text=True), source="<request body>")
        return jsonify(engine.load(sandbox, scenario)), 201

    @app.get("/__admin/scenarios")
    def ready_scenarios():
        return jsonify(scenarios=[{"name": n, "description": load_scenario_file(p).description}
                                  for n, p in stories.ready().items()])

    @app.post("/__admin/sandboxes/<name>/reset")
    def reset_sandbox(name):
        return jsonify(simulator.sandboxes.reset(name).info())

    @app.delete("/__admin/sandboxes/<name>")
    def delete_sandbox(name):
        simulator.sandboxes.delete(name)
        return jsonify(deleted=name)

    @app.get("/__admin/sandboxes/<name>/persons")
    def persons(name):
        sandbox = simulator.sandboxes.get(name)
        limit, offset = _limit()
        people = sandbox.world.persons(limit=limit, offset=offset)
        return jsonify(total=sandbox.world.count_persons(), limit=limit, offset=offset,
                       persons=[person_summary(p) for p in people])

    @app.get("/__admin/sandboxes/<name>/persons/<ssin>")
    def person(name, ssin):
        sandbox = simulator.sandboxes.get(name)
        return jsonify(jsonable(dossier(sandbox.world, ssin, at=sandbox.now().date())))

    @app.get("/__admin/sandboxes/<name>/journal")
    def journal(name):
        sandbox = simulator.sandboxes.get(name)
        limit, offset = _limit(100)
        after = request.args.get("after")
        if after is not None:  # oldest first from there: what was sent since entry `after`
            if not after.isdigit():
                raise SimulatorError(f"after must be a journal entry id (a number), not {after!r}")
            entries = sandbox.journal.entries_after(int(after), limit=limit)
        else:
            entries = sandbox.journal.entries(limit=limit, offset=offset)
        return jsonify(total=sandbox.journal.count(), last_id=sandbox.journal.last_id(), limit=limit,
                       offset=offset, entries=[jsonable(e) for e in entries])

    @app.get("/__admin/sandboxes/<name>/clock")
    def clock(name):
        return jsonify(simulator.sandboxes.get(name).clock.state())

    @app.post("/__admin/sandboxes/<name>/clock")
    def set_clock(name):
        sandbox = simulator.sandboxes.get(name)
        body = _json_body()
        frozen = body.get("frozen")
        if ("now" in body) == ("advance" in body) or (frozen is not None and not isinstance(frozen, bool)):
            raise SimulatorError('expected {"now": "<ISO date-time>"} or {"advance": "<ISO duration>"}, '
                                 'optionally with "frozen": true|false')
        if "now" in body:
            sandbox.clock.set(parse_instant(body["now"]), frozen=bool(frozen))
        else:
            sandbox.clock.advance(body["advance"], frozen=frozen)
        sandbox.now()  # events the clock has just passed fire now, not at the next request
        return jsonify(sandbox.clock.state())

    return app
