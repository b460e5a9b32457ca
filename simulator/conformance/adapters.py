"""Adapters: how the bench asks the client under test to perform an action, and hears its outcome.

Every adapter turns ``(action, params, context)`` into the outcome the client reports, a JSON object
with at least ``result`` (documented in the README, "Conformance bench"):

- ``CommandAdapter``: runs a command template per action, e.g.
  ``myclient {action} --ssin {ssin} --endpoint {endpoint}``; placeholders are the action, ``endpoint``
  (the sandbox's base URL: the BCSS host for the client), ``sandbox``, ``case``, ``plan``, ``params``
  (every parameter as one JSON object) and each parameter by name (empty when the action has none).
  Values are shell-quoted; the last line of stdout is the outcome.
- ``HttpAdapter``: POSTs ``{"action", "params", "endpoint", "sandbox", "case", "plan"}`` as JSON to the
  client's test hook; the JSON response is the outcome.
- ``ManualAdapter``: shows a person what to do and waits for ``done`` (or ``skip``, or the outcome as
  JSON) on its input.
- ``CallableAdapter``: a Python function (the reference client in process).

A client that cannot do an action answers ``{"result": "unsupported"}``: the case is skipped. An
adapter never raises for the client's failures: a crash, a timeout or output that is not JSON becomes
``{"result": "error", "message": ...}`` and fails the case with that message.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Protocol

ACTION_TIMEOUT_S = 120
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class Adapter(Protocol):
    description: str

    def perform(self, action: str, params: dict, context: dict) -> dict: ...


def _outcome(text: str, origin: str) -> dict:
    """The outcome a client printed or sent: one JSON object with a ``result``."""
    try:
        outcome = json.loads(text)
    except ValueError:
        return {"result": "error", "message": f"{origin} is not JSON: {text[:200]!r}"}
    if not isinstance(outcome, dict) or not isinstance(outcome.get("result"), str):
        return {"result": "error", "message": f"{origin} is not a JSON object with a \"result\": {text[:200]!r}"}
    return outcome


@dataclass
class CommandAdapter:
    template: str
    timeout: float = ACTION_TIMEOUT_S

    @property
    def description(self) -> str:
        return f"command: {self.template}"

    def command(self, action: str, params: dict, context: dict) -> list[str]:
        values = {**{k: "" if v is None else str(v) for k, v in params.items()}, **context, "action": action,
                  "params": json.dumps(params, sort_keys=True)}
        return shlex.split(_PLACEHOLDER.sub(lambda m: shlex.quote(values.get(m.group(1), "")), self.template))

    def perform(self, action: str, params: dict, context: dict) -> dict:
        command = self.command(action, params, context)
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=self.timeout)
        except FileNotFoundError:
            return {"result": "error", "message": f"the client command {command[0]!r} was not found"}
        except subprocess.TimeoutExpired:
            return {"result": "error", "message": f"the client did not finish {action} within {self.timeout:.0f} s"}
        if done.returncode != 0:
            tail = (done.stderr.strip().splitlines() or [""])[-1]
            return {"result": "error", "message": f"the client exited with status {done.returncode}: {tail}"}
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        return _outcome(lines[-1] if lines else "", "the client's last line of output")


@dataclass
class HttpAdapter:
    url: str
    timeout: float = ACTION_TIMEOUT_S

    @property
    def description(self) -> str:
        return f"HTTP callback: {self.url}"

    def perform(self, action: str, params: dict, context: dict) -> dict:
        body = json.dumps({"action": action, "params": params, **context}).encode()
        request = urllib.request.Request(self.url, data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return _outcome(response.read().decode("utf-8", "replace"), "the client's answer")
        except urllib.error.HTTPError as exc:
            return {"result": "error", "message": f"the client's test hook answered HTTP {exc.code}"}
        except (urllib.error.URLError, OSError) as exc:
            return {"result": "error", "message": f"cannot reach the client's test hook at {self.url}: "
                                                  f"{getattr(exc, 'reason', exc)}"}


@dataclass
class ManualAdapter:
    input: IO[str] = sys.stdin
    output: IO[str] = sys.stderr
    description: str = "manual"

    def perform(self, action: str, params: dict, context: dict) -> dict:
        given = ", ".join(f"{k}={v}" for k, v in params.items())
        self.output.write(f"\n[{context.get('case')}] {context.get('title', '')}\n"
                          f"  Do: {action} ({given}) against {context.get('endpoint')}\n"
                          "  Then type: done | skip | the outcome as JSON, and Enter: ")
        self.output.flush()
        line = self.input.readline()
        if not line:
            return {"result": "error", "message": "the input ended before the person answered"}
        answer = line.strip()
        if answer.lower() == "done":
            return {"result": "done"}  # the outcome is a person's word: the case asks for review
        if answer.lower() == "skip":
            return {"result": "unsupported", "message": "skipped by the person"}
        return _outcome(answer, "the answer")


@dataclass
class CallableAdapter:
    function: Callable[[str, dict, dict], dict]
    description: str = "in process"

    def perform(self, action: str, params: dict, context: dict) -> dict:
        try:
            outcome = self.function(action, params, context)
        except Exception as exc:  # the client's bug, reported like a crashed command
            return {"result": "error", "message": f"{type(exc).__name__}: {exc}"}
        return outcome if isinstance(outcome, dict) else _outcome(json.dumps(outcome), "the outcome")
