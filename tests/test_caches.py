"""One registry of caches (kb/content/caches.py), emptied together when `make serve` rebuilds: an
edit of any data file reaches the next rebuild, also the texts kept by caches made inside a
function (the checker's messages and terms, the scaffold's messages). tests/test_serve.py shows
it in a running `make serve`."""
from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

KB = ROOT / "scripts" / "kb"
FUNCTOOLS_CACHES = {"cache", "lru_cache"}


def _functools_caches(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "functools":
            found += [f"{path.relative_to(KB)}:{node.lineno}: from functools import {a.name}"
                      for a in node.names if a.name in FUNCTOOLS_CACHES]
        if isinstance(node, ast.Attribute) and node.attr in FUNCTOOLS_CACHES and isinstance(node.value, ast.Name) \
                and node.value.id == "functools":
            found.append(f"{path.relative_to(KB)}:{node.lineno}: functools.{node.attr}")
    return found


def test_every_cache_of_kb_is_in_the_registry():
    """No functools cache outside content/caches.py: `cached` registers each one, so that
    clear_caches() reaches it."""
    found = [hit for path in sorted(KB.rglob("*.py")) if path.name != "caches.py" for hit in _functools_caches(path)]
    assert found == []


SCRIPT = r"""
import json, sys
from pathlib import Path
from kb.check.messages import severity_of
from kb.content.caches import clear_caches
from kb.content.guide_spec import load_spec
from kb.content.texts import CHECKER_CODES, CHECKER_TERMS, INTERFACE, SCAFFOLD, labels
from kb.generate.search import virtual_pages

data = Path(sys.argv[1])

def read():
    return {
        "checker message": CHECKER_CODES.text("it", "KB006", reason="R"),
        "checker severity": severity_of("KB006"),
        "checker term": CHECKER_TERMS.text("en", "did_you_mean", suggestion="S"),
        "scaffold message": SCAFFOLD.text("it", "usage", types="T"),
        "interface string": INTERFACE.text("it", "skip_to_content"),
        "vocabulary label": labels("types").text("it", "experience"),
        "guide file": load_spec().languages["it"].file,
        "search page": virtual_pages()["it/search.md"],
    }

def edit(rel, old, new):
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

before = read()
edit("i18n/checker.yml", 'it: "errore di scrittura nell\'intestazione:', 'it: "intestazione scritta male:')
edit("i18n/checker.yml", "KB006:\n    severity: error", "KB006:\n    severity: warning")
edit("i18n/checker.yml", "Did you mean", "Perhaps you meant")
edit("i18n/scaffold.yml", 'it: "uso: make new', 'it: "come si usa: make new')
edit("i18n/it.yml", "skip_to_content: Vai al contenuto", "skip_to_content: Salta al testo")
edit("i18n/it.yml", "search_title: Cerca", "search_title: Cerca nel sito")
edit("vocabularies.yml", "experience: {it: Esperienza,", "experience: {it: Esperienza vissuta,")
edit("guide.yml", "file: download/guida-metodo-c4-it.pdf", "file: download/guida-c4-it.pdf")
kept = read()
clear_caches()
print(json.dumps({"before": before, "kept": kept, "after": read()}))
"""


def test_clear_caches_empties_every_cache_of_what_data_holds(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    env = dict(os.environ, KB_ROOT=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "data")], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    before, kept, after = seen["before"], seen["kept"], seen["after"]
    assert kept == before  # read once per process: the edits are not seen until the caches are emptied
    changed = {what for what in before if after[what] != before[what]}
    assert changed == set(before), f"still the old text after clear_caches(): {set(before) - changed}"
    assert "intestazione scritta male" in after["checker message"] and after["checker severity"] == "warning"
    assert after["scaffold message"].startswith("come si usa") and after["vocabulary label"] == "Esperienza vissuta"
