"""Small page trees for the checker and scaffolder tests: a valid Italian/French pair to break."""
from __future__ import annotations

import hashlib
import io
import json
import os
from contextlib import redirect_stdout
from pathlib import Path

from conftest import run_kb

ROOT = Path(__file__).resolve().parents[1]

SEED_IT = "Presentazione dell'ATS «Reti di Welfare di Prossimità» all'Incontro transfrontaliero Italia-Francia"
SEED_FR = "Présentation de l'ATS « Reti di Welfare di Prossimità » à la Rencontre transfrontalière Italie-France"

HOME = {
    "it": f"""---
id: home
type: page
title: Pagina iniziale
description: La pagina iniziale del sito di prova per il controllo.
updated: 2026-11-26
status: published
sources:
  - {{title: "{SEED_IT}", ref: seed}}
---
!!! abstract "In breve"
    Un sito di prova.

Vedi l'[esperienza](experiences/orti.md) e la sezione [Dove](experiences/orti.md#dove).

## Sezione
""",
    "fr": f"""---
id: home
type: page
title: Page d'accueil
description: La page d'accueil du site d'essai pour le contrôle.
updated: 2026-11-26
status: published
sources:
  - {{title: "{SEED_FR}", ref: seed}}
---
!!! abstract "En bref"
    Un site d'essai.

Voir l'[expérience](experiences/orti.md) et la section [Où](experiences/orti.md#ou).

## Section
""",
}

EXPERIENCE = {
    "it": f"""---
id: orti
type: experience
title: Orti di comunità
description: Una esperienza di prova per il controllo delle pagine.
updated: 2026-11-26
status: published
phases: [conoscere, creare-relazioni]
territories: [torino]
organisations: [coldiretti]
target_groups: [comunita]
themes: [agricoltura-sociale]
period: {{start: "2022-07"}}
sources:
  - {{title: "{SEED_IT}", ref: seed}}
  - {{title: "Una pagina in rete", url: "https://www.example.org/pagina"}}
---
!!! abstract "In breve"
    Orti condivisi.

## Dove

A Torino. Torna alla [pagina iniziale](../index.md).
""",
    "fr": f"""---
id: orti
type: experience
title: Jardins communautaires
description: Une expérience d'essai pour le contrôle des pages.
updated: 2026-11-26
status: published
phases: [creare-relazioni, conoscere]
territories: [torino]
organisations: [coldiretti]
target_groups: [comunita]
themes: [agricoltura-sociale]
period: {{start: "2022-07"}}
sources:
  - {{title: "{SEED_FR}", ref: seed}}
  - {{title: "Une page en ligne", url: "https://www.example.org/pagina"}}
---
!!! abstract "En bref"
    Jardins partagés.

## Où

À Turin. Retour à la [page d'accueil](../index.md).
""",
}


def write_tree(root: Path) -> Path:
    """docs/{it,fr}/index.md and docs/{it,fr}/experiences/orti.md, all valid. Returns docs/."""
    docs = root / "docs"
    for lang in ("it", "fr"):
        (docs / lang / "experiences").mkdir(parents=True, exist_ok=True)
        (docs / lang / "index.md").write_text(HOME[lang], encoding="utf-8")
        (docs / lang / "experiences" / "orti.md").write_text(EXPERIENCE[lang], encoding="utf-8")
    return docs


def tree_hash(docs: Path) -> str:
    """A fingerprint of every file and link under docs/ (names, link targets, contents)."""
    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(docs):
        dirnames.sort()
        for name in sorted(filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]):
            path = os.path.join(dirpath, name)
            digest.update(os.path.relpath(path, docs).encode())
            if os.path.islink(path):
                digest.update(b"->" + os.readlink(path).encode())
            elif os.path.isfile(path):
                with open(path, "rb") as fh:
                    digest.update(hashlib.sha256(fh.read()).digest())
    return digest.hexdigest()


class Result:
    def __init__(self, code: int, out: str, err: str = ""):
        self.code, self.out, self.err = code, out, err

    @property
    def findings(self) -> list[dict]:
        return json.loads(self.out)["findings"] if self.out.startswith("{") else []

    def codes(self) -> set[str]:
        return {f["code"] for f in self.findings}

    def errors(self) -> list[dict]:
        return [f for f in self.findings if f["severity"] == "error"]

    def find(self, code: str) -> list[dict]:
        return [f for f in self.findings if f["code"] == code]


def run_check(docs: Path, *args: str) -> Result:
    """The checker in this process (fast): JSON output unless a format is given."""
    from kb.check import cli as check

    argv = ["--docs", str(docs), *args]
    if "--format" not in args:
        argv += ["--format", "json"]
    if "--lang" not in args:
        argv += ["--lang", "en"]
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        code = check.main(argv)
    return Result(code, buffer.getvalue())


def run_cli(*args: str, env: dict | None = None, cwd: Path = ROOT) -> Result:
    """`python -m kb ARGS` in a subprocess, as a user runs it."""
    proc = run_kb(*args, cwd=cwd, env=dict(os.environ, **(env or {})))
    return Result(proc.returncode, proc.stdout, proc.stderr)
