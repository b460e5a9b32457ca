"""The ready stories shipped in scenarios/, and turning what a caller sends into a Scenario."""

from __future__ import annotations

from pathlib import Path

from simulator.resources import scenarios_dir
from simulator.scenario.file import Scenario, ScenarioError, load, parse


def ready() -> dict[str, Path]:
    """Ready story name -> file."""
    return {p.stem: p for p in sorted(scenarios_dir().glob("*.yaml"))}


def resolve(name_or_text: str, source: str = "<request>") -> Scenario:
    """A ready story by name, or scenario YAML given as text."""
    stories = ready()
    if name_or_text in stories:
        return load(stories[name_or_text])
    if "\n" not in name_or_text and ":" not in name_or_text:
        raise ScenarioError(f"no ready scenario named {name_or_text!r}; ready: {', '.join(stories) or 'none'}")
    return parse(name_or_text, source)
