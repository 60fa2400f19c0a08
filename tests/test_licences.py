"""Licences in the REUSE layout: REUSE.toml says which licence covers which file, LICENSES/ holds
the official texts, `reuse lint` finds nothing to say; the packages say the same licence."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# sha256 of the official texts as SPDX publishes them (the npm package spdx-license-list 6.12.0,
# `licenseText`, with a final newline): a changed word makes them something else than the licence.
OFFICIAL = {
    "CC-BY-4.0.txt": "d557539df68e771cc1eedcc91d13f70fca930e508d11eedcafa4b15db49e3744",
    "MIT.txt": "b05785f9f18e6716bab63424b11454513b9943a222595b70411009202fc592b5",
}


def test_reuse_lint_finds_every_file_covered():
    result = subprocess.run([sys.executable, "-m", "reuse", "--root", str(ROOT), "lint"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Used licenses: CC-BY-4.0, MIT" in result.stdout, result.stdout


def test_the_licence_texts_are_the_official_ones():
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (ROOT / "LICENSES").iterdir()}
    assert found == OFFICIAL, "LICENSES/ must hold the official texts, unchanged (see REUSE.toml)"


def test_texts_and_data_are_cc_by_and_the_code_mit():
    from reuse.project import Project  # the same reading as `reuse lint`

    project = Project.from_directory(ROOT)
    for path, expected in [("docs/it/index.md", "CC-BY-4.0"), ("data/glossary/ats.yml", "CC-BY-4.0"),
                           ("scripts/kb/__main__.py", "MIT"), ("overrides/main.html", "MIT"), ("Makefile", "MIT")]:
        info = project.reuse_info_of(ROOT / path)
        licences = {str(e) for i in info for e in i.spdx_expressions}
        assert licences == {expected}, (path, licences)


def test_the_npm_packages_say_mit():
    for name in ("package.json", "editor/package.json"):
        assert json.loads((ROOT / name).read_text(encoding="utf-8"))["license"] == "MIT", name
