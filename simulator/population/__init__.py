"""Generating worlds: reference tables, a coherent household-first generator, BIS persons, the
social-security sources of every person (social.py and the modules it drives), and the personas
of fixtures/personas merged into every world."""

from simulator.population.generator import generate

__all__ = ["generate"]
