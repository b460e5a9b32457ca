"""The pytest plugin, run the way a vendor runs it: the example suite in examples/, in a fresh pytest."""

from __future__ import annotations

import shutil
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "test_with_bcss_simulator.py"


def test_example_vendor_suite_passes_with_the_plugin(pytester, settings):
    shutil.copy(EXAMPLE, pytester.path / EXAMPLE.name)
    pytester.makeconftest(
        "import pytest\n\n"
        "@pytest.fixture(scope='session')\n"
        "def bcss_simulator_options():\n"
        "    return {'size': 300, 'seed': 11}\n"
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", timeout=300)
    result.assert_outcomes(passed=3)


def test_plugin_is_registered_by_the_entry_point(pytestconfig):
    assert pytestconfig.pluginmanager.has_plugin("bcss_simulator")
