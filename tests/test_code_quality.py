"""The code passes the linter (ruff, rules in ruff.toml) and the type checker (mypy, settings in pyproject.toml).

Fast tier: no build, no browser. Both tools come from the environment that runs the tests (the test lock,
requirements/test.txt), so the versions, and hence what is checked, are the pinned ones.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> str:
    """The executable `name` installed next to the Python that runs the tests."""
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.fail(f"{name} is not installed in the test environment (requirements/test.txt lists it)")
    return str(path)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"))  # this tree's `kb`, not an installed copy
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing():
    result = _run(_tool("ruff"), "check", "--no-fix", "scripts", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing():
    result = _run(_tool("mypy"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout, result.stdout
