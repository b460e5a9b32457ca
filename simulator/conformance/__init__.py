"""Conformance: judge a client by its traffic (DESIGN §6).

rules.py holds the rules checked on every request; their findings are stored with the request in the
sandbox journal (``JournalEntry.findings``). Test plans, adapters, runner and reports come later (issue 7).
"""

from simulator.conformance.rules import RULES, Rule, check

__all__ = ["RULES", "Rule", "check"]
