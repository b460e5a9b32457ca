"""A client of the admin API, for the CLI (`--url`) and the pytest plugin: the same names as the API.

Standard library only (urllib), so it works wherever the simulator is installed. Errors the server
reports come back as SimulatorError with the server's one-line message.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from simulator.errors import SimulatorError


class AdminClient:
    def __init__(self, url: str, timeout: float = 120):
        self.url = url.rstrip("/")
        self.timeout = timeout

    def _call(self, method: str, path: str, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"{self.url}/__admin{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"} if data else {})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read()).get("error")
            except ValueError:
                message = None
            raise SimulatorError(message or f"{method} {path}: HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SimulatorError(f"cannot reach the simulator at {self.url}: {reason}") from None

    def health(self) -> dict:
        return self._call("GET", "/health")

    def services(self) -> list[dict]:
        return self._call("GET", "/services")["services"]

    def list_sandboxes(self) -> list[dict]:
        return self._call("GET", "/sandboxes")["sandboxes"]

    def create_sandbox(self, name: str, seed: int | None = None, size: int | None = None,
                       scenario: str | None = None) -> dict:
        body = {"name": name, **{k: v for k, v in (("seed", seed), ("size", size), ("scenario", scenario)) if v is not None}}
        return self._call("POST", "/sandboxes", body)

    def reset_sandbox(self, name: str) -> dict:
        return self._call("POST", f"/sandboxes/{name}/reset")

    def delete_sandbox(self, name: str) -> dict:
        return self._call("DELETE", f"/sandboxes/{name}")

    def clock(self, sandbox: str) -> dict:
        return self._call("GET", f"/sandboxes/{sandbox}/clock")

    def set_clock(self, sandbox: str, now: str, frozen: bool = False) -> dict:
        return self._call("POST", f"/sandboxes/{sandbox}/clock", {"now": now, "frozen": frozen})

    def advance_clock(self, sandbox: str, duration: str, frozen: bool | None = None) -> dict:
        body = {"advance": duration, **({"frozen": frozen} if frozen is not None else {})}
        return self._call("POST", f"/sandboxes/{sandbox}/clock", body)

    def persons(self, sandbox: str, limit: int = 50, offset: int = 0) -> list[dict]:
        return self._call("GET", f"/sandboxes/{sandbox}/persons?limit={limit}&offset={offset}")["persons"]

    def person(self, sandbox: str, ssin: str) -> dict:
        return self._call("GET", f"/sandboxes/{sandbox}/persons/{ssin}")

    def load_scenario(self, sandbox: str, scenario: str) -> dict:
        """Load a scenario (a ready story's name, or YAML text) into a sandbox."""
        return self._call("POST", f"/sandboxes/{sandbox}/scenarios", {"scenario": scenario})

    def scenarios(self, sandbox: str) -> list[dict]:
        return self._call("GET", f"/sandboxes/{sandbox}/scenarios")["scenarios"]

    def journal(self, sandbox: str, limit: int = 100, offset: int = 0, after: int | None = None) -> dict:
        """Newest first; with ``after`` (an entry id), the entries since then, oldest first."""
        since = f"&after={after}" if after is not None else ""
        return self._call("GET", f"/sandboxes/{sandbox}/journal?limit={limit}&offset={offset}{since}")
