"""bcss-simulator: a local, faithful, stateful stand-in for the BCSS/KSZ network."""

__version__ = "0.1.0"
