"""`pip install .` in an empty virtual environment gives a package whose `python -m kb check` runs
in a checkout's root (pyproject.toml declares the ranges; the pages and data live in the
repository, not in the package), and says what to do when run outside one."""
from __future__ import annotations

import os
import subprocess
import venv

import pytest
from conftest import copy_repo

# downloads and installs every runtime dependency: a minute or two, more on a slow line
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


def test_pip_install_in_an_empty_venv_gives_a_kb_check_that_runs(tmp_path):
    repo = copy_repo(tmp_path / "repo")  # setuptools writes build/ beside the sources: not in this checkout
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = str(env_dir / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "KB_ROOT", "VIRTUAL_ENV"}}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    install = subprocess.run([python, "-m", "pip", "install", "-q", str(repo)], env=env, capture_output=True,
                             text=True, timeout=1200)
    assert install.returncode == 0, install.stdout + install.stderr[-5000:]

    where = subprocess.run([python, "-c", "import kb; print(kb.__file__)"], cwd=repo, env=env, capture_output=True,
                           text=True, timeout=60)
    assert str(env_dir) in where.stdout, where.stdout + where.stderr  # the installed package, not the checkout's

    check = subprocess.run([python, "-m", "kb", "check", "--lang", "en"], cwd=repo, env=env, capture_output=True,
                           text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "pages checked" in check.stdout, check.stdout

    # a broken page in that checkout: the installed checker reports it, file and line
    page = repo / "docs" / "it" / "about.md"
    page.write_text(page.read_text(encoding="utf-8").replace("\ntitle:", "\ntitle: [", 1), encoding="utf-8")
    broken = subprocess.run([python, "-m", "kb", "check", "--lang", "en"], cwd=repo, env=env, capture_output=True,
                            text=True, timeout=300)
    assert broken.returncode == 1 and "docs/it/about.md:" in broken.stdout, broken.stdout + broken.stderr

    # outside a checkout: a message saying where to run it, no traceback
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    outside = subprocess.run([python, "-m", "kb", "check"], cwd=elsewhere, env=env, capture_output=True, text=True,
                             timeout=60)
    assert outside.returncode == 2 and "KB_ROOT" in outside.stderr and "Traceback" not in outside.stderr, outside.stderr
