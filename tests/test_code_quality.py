"""The code passes the linter (ruff, rules in ruff.toml), the type checker (mypy, settings in pyproject.toml)
and the layers' contract (import-linter, `[tool.importlinter]` in pyproject.toml, notes/ARCHITECTURE.md).

Fast tier: no build, no browser. Both tools come from the environment that runs the tests (the test lock,
requirements/test.txt), so the versions, and hence what is checked, are the pinned ones.
"""

from __future__ import annotations

import os
import shutil
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


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(root / "scripts"))  # that tree's `kb`, not an installed copy
    return subprocess.run([_tool("lint-imports"), "--no-cache", "--no-logo"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_layers_contract_is_kept():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout and "3 kept" in result.stdout, result.stdout


CROSSINGS = {  # one import against each contract
    "check/rules/translations.py": "from kb.translations import records",  # layers: the folder beside it
    "generate/indexes.py": "from kb.check import findings",  # generated material: the checker
    "content/paths.py": "import markdown",  # one door: a generator's library outside the adapter
}


def test_the_contract_fails_on_an_import_that_crosses_a_layer(tmp_path):
    """The contract is not a formality: one import added across a line breaks it, naming the line."""
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for rel, line in CROSSINGS.items():
        module = tmp_path / "scripts" / "kb" / rel
        module.write_text(module.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0 and "3 broken" in result.stdout, result.stdout
    for rel in CROSSINGS:
        importer = "kb." + rel.removesuffix(".py").replace("/", ".")
        assert importer in result.stdout, (importer, result.stdout)
