"""The test suite a partner's pull request can trust: no test can hang (a time limit for every
test), no test waits a fixed time (waits are on state), and a test that builds a site cannot slip
into the fast tier unmarked (tests/conftest.py)."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_every_test_has_a_time_limit(request):
    assert float(request.config.getini("timeout")) > 0
    assert request.node.get_closest_marker("timeout") is None  # this one has the default


def _fixed_waits(path: Path) -> list[str]:
    """`page.wait_for_timeout(...)` or `time.sleep(...)` outside a loop that polls a state (inside
    one, it is the pause between two looks)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, in_loop: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
                name = child.func.attr
                owner = child.func.value
                pause = name == "wait_for_timeout" or (name == "sleep" and isinstance(owner, ast.Name)
                                                       and owner.id == "time")
                if pause and not in_loop:
                    found.append(f"{path.name}:{child.lineno}: {ast.unparse(child)}")
            visit(child, in_loop or isinstance(child, ast.While | ast.For))

    visit(tree, False)
    return found


def test_no_test_waits_a_fixed_time():
    """A fixed sleep is too short on a busy machine and too long on a quiet one: the tests wait for
    the state they need (a selector, a log line, a file, an attribute), polling in a loop at most."""
    found = [wait for path in sorted(TESTS.glob("*.py")) for wait in _fixed_waits(path)]
    assert found == []


UNMARKED = '''
from conftest import run_kb


def test_builds_without_saying_so(tmp_path):
    run_kb("build", "--site", str(tmp_path / "site"))
'''
MARKED = '''
import pytest
from conftest import run_kb


@pytest.mark.build
def test_builds_and_says_so(tmp_path):
    assert run_kb("build", "--help").returncode in (0, 2)
'''


def test_a_test_that_builds_unmarked_fails_at_once_with_what_to_add(tmp_path):
    shutil.copy(TESTS / "conftest.py", tmp_path / "conftest.py")
    shutil.copy(TESTS.parent / "pytest.ini", tmp_path / "pytest.ini")
    (tmp_path / "test_unmarked.py").write_text(UNMARKED, encoding="utf-8")
    (tmp_path / "test_marked.py").write_text(MARKED, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "testpaths=.", "."],
                            cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "1 failed, 1 passed" in result.stdout, result.stdout + result.stderr
    assert "runs `python -m kb build`, which builds a site: mark it build" in result.stdout, result.stdout
