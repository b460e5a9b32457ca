"""Generating worlds: reference tables, a coherent household-first generator, BIS persons."""

from simulator.population.generator import generate

__all__ = ["generate"]
