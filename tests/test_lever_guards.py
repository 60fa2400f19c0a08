"""An upgrade may make the build slower, never broken: each speed lever checks, when the plugin
starts, that the library internals it relies on are there and as expected, and is off for the
run otherwise (adapter/levers.py).

The proof, as a maintainer would meet it after a routine upgrade: copies of Python-Markdown,
MkDocs and mkdocs-static-i18n in which the private names the levers use are renamed (consistently
inside each library, as a minor release does), first on PYTHONPATH. `python -m kb build` exits 0,
says once which levers are off and with which library version, and writes the same files, byte
for byte, as with the real libraries.
"""
from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import ROOT, run_kb

pytestmark = pytest.mark.build

# library (import name) -> {private name the levers use: its new name}
RENAMES = {
    "markdown": {
        "__handleInline": "__handle_inline_text",
        "__applyPattern": "__apply_inline_pattern",
        "_sort": "_sort_by_priority",
        "_priority": "_by_priority",
    },
    "mkdocs": {"_build_page": "_render_and_write_page", "_title_from_render": "_rendered_title"},
    "mkdocs_static_i18n": {
        "current_language": "current_locale",
        "building": "is_building",
        "build_languages": "locales_to_build",
    },
}
# what each library's renames switch off (render_cache and page_cache are `make serve`'s only)
OFF_IN_THE_BUILD = {"inline_triggers": "Markdown", "parallel": "mkdocs-static-i18n"}
OFF_IN_SERVE = {"render_cache", "page_cache"}


def renamed_copies(dest: Path) -> Path:
    """The three libraries copied into dest/, their private names renamed in every module."""
    for package, renames in RENAMES.items():
        source = Path(__import__(package).__file__).parent
        target = dest / package
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        found = dict.fromkeys(renames, 0)
        for module in target.rglob("*.py"):
            text = module.read_text(encoding="utf-8")
            for old, new in renames.items():
                text, count = re.subn(rf"\b{re.escape(old)}\b", new, text)
                found[old] += count
            module.write_text(text, encoding="utf-8")
        assert all(found.values()), f"{package}: nothing to rename for {[k for k, v in found.items() if not v]}"
    return dest


def build(dest: Path, pythonpath: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, SITE_URL="https://example.org/kb/", SOURCE_DATE_EPOCH="1767225600")
    env.pop("PYTHONPATH", None)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return run_kb("build", "--site", str(dest), env=env, check=True)


def files_of(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_renamed_library_internals_switch_the_levers_off_and_the_site_is_the_same(tmp_path):
    libs = renamed_copies(tmp_path / "libs")
    real = build(tmp_path / "real" / "site")
    renamed = build(tmp_path / "renamed" / "site", pythonpath=libs)

    assert "speed lever" not in real.stderr, real.stderr  # the real libraries: every lever on
    for lever, library in OFF_IN_THE_BUILD.items():
        lines = [line for line in renamed.stderr.splitlines() if f"speed lever '{lever}' off" in line]
        assert len(lines) == 1, renamed.stderr  # one line, however many processes built
        assert lines[0].startswith("INFO") and f"{library} {version(library)}" in lines[0], lines[0]
    assert "Traceback" not in renamed.stderr

    reference, other = tmp_path / "real" / "site", tmp_path / "renamed" / "site"
    assert files_of(reference) == files_of(other)
    assert len(files_of(reference)) > 100
    _match, mismatch, errors = filecmp.cmpfiles(reference, other, sorted(files_of(reference)), shallow=False)
    assert mismatch == [] and errors == []

    # the levers of `make serve` see the renamed MkDocs too (the report the scheduled workflow prints)
    env = dict(os.environ, PYTHONPATH=str(libs))
    report = subprocess.run([sys.executable, "-m", "kb.adapter.levers"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert report.returncode == 0, report.stderr
    off = {line.split()[0] for line in report.stdout.splitlines() if "OFF:" in line}
    assert off == set(OFF_IN_THE_BUILD) | OFF_IN_SERVE, report.stdout
