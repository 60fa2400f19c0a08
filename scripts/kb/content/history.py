"""When each page last changed, from git: one `git log` over the whole docs/ folder per build process
(the parallel build runs one process per language), never one per page.

The dates come from commits, so two builds of the same commit show the same dates. Without git,
outside a repository, for a page not committed yet, or in a shallow clone (where the oldest commit
fetched stands for the whole history before it) a page simply has no date: the template then
omits the line, and the front matter's `updated` (the date of the last review) is still shown.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from kb.content.pages import Corpus, Page

_MARK = "\x1e"  # starts each commit's header line in the log output


def _git(docs: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=docs,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def parse_log(output: str) -> tuple[dict[str, tuple[int, str]], set[str]]:
    """Parse `git log --format=<MARK>%ct %cs %P --name-only --relative`.

    Returns ({path: (timestamp, 'YYYY-MM-DD')} with each path's newest commit, {paths whose newest
    commit has no parent}).
    """
    latest: dict[str, tuple[int, str]] = {}
    from_root: set[str] = set()
    stamp, day, root = 0, "", False
    for line in output.split("\n"):
        if line.startswith(_MARK):
            fields = line[1:].split(" ")
            stamp, day, root = int(fields[0]), fields[1], len([f for f in fields[2:] if f]) == 0
            continue
        if not line:
            continue
        if line not in latest or stamp > latest[line][0]:
            latest[line] = (stamp, day)
            if root:
                from_root.add(line)
            else:
                from_root.discard(line)
    return latest, from_root


def last_changes(docs: Path) -> dict[str, str]:
    """{'it/method/conoscere.md': '2026-11-26', ...}: the committer's date of each page's last commit."""
    output = _git(docs, "log", "--format=%x1e%ct %cs %P", "--name-only", "--relative", "--", ".")
    if not output:
        return {}
    latest, from_root = parse_log(output)
    if from_root and (_git(docs, "rev-parse", "--is-shallow-repository") or "").strip() != "false":
        # The parentless commit of a shallow clone is not where those pages last changed.
        latest = {path: value for path, value in latest.items() if path not in from_root}
    return {path: day for path, (_stamp, day) in latest.items()}


def last_change(page: Page, corpus: Corpus) -> str | None:
    """The date (YYYY-MM-DD) of the last commit that changed the page, or None if unknown.

    The log is read once per corpus, i.e. once per build process, and shared by all its pages.
    """
    changes = corpus._last_changes
    if changes is None:
        changes = last_changes(corpus.docs)
        corpus._last_changes = changes
    return changes.get(f"{page.lang}/{page.rel}")
