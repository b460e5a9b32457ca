"""The one error base class: every user-facing error is a SimulatorError with one clear line."""


class SimulatorError(Exception):
    """An error the user can act on; str() is one line, never a traceback."""
