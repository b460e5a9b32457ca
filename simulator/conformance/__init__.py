"""Conformance: judge a client by its traffic (DESIGN §6).

- rules.py: the rules checked on every request; findings are stored with the request in the sandbox
  journal (``JournalEntry.findings``);
- plan.py: test plans (conformance/plans/*.yaml) and the action vocabulary;
- adapters.py: how the bench asks the client under test to act (command, HTTP callback, manual);
- runner.py: plays a plan in a sandbox of its own and judges every case;
- report.py: JUnit, JSON and HTML reports with the coverage matrix;
- reference_client.py: a correct client (zeep) and its deliberately broken variants;
- bench.py: the one call ``bcss-sim conformance run`` makes.
"""

from simulator.conformance.rules import RULES, Rule, check

__all__ = ["RULES", "Rule", "check"]
