"""Where the runtime data (fixtures/) lives: inside the wheel, or at the repository top in a checkout."""

from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def fixtures_dir() -> Path:
    installed = _PACKAGE / "_data" / "fixtures"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "fixtures"


@lru_cache(maxsize=None)
def scenarios_dir() -> Path:
    """The ready scenario files (scenarios/ in a checkout)."""
    installed = _PACKAGE / "_data" / "scenarios"
    return installed if installed.is_dir() else _PACKAGE.parent / "scenarios"


@lru_cache(maxsize=None)
def plans_dir() -> Path:
    """The ready conformance test plans (conformance/plans/ in a checkout)."""
    installed = _PACKAGE / "_data" / "conformance" / "plans"
    return installed if installed.is_dir() else _PACKAGE.parent / "conformance" / "plans"


def fixture(*parts: str) -> Path:
    """Path of a file under fixtures/, e.g. fixture("contracts", "ssdn", "WebServiceConnector.wsdl")."""
    return fixtures_dir().joinpath(*parts)
