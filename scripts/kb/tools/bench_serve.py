"""`make bench`: the rebuild of `make serve` after editing one page (scripts/kb/tools/bench.py).

`mkdocs serve` runs as `make serve` does; its log is read line by line, and every step waits for
the line that says it happened, never for a fixed time: the first build is done and the file
watcher runs ("Serving on ..."), then each edit must be followed by MkDocs's "Detected file
changes" and then by "Documentation built in X seconds", in that order after the edit (a rebuild
that something else started does not count). If the watcher has not seen an edit after `notice`
seconds (a busy machine), the page is edited again, a few times; then the measurement stops with
an error instead of waiting for a rebuild that no edit started. Every wait is bounded. The time is
MkDocs's own figure and the time from the edit to that line.
"""
from __future__ import annotations

import re
import socket
import subprocess
import sys
import threading
import time

from kb.tools import bench_corpus
from kb.tools.bench_run import bench_env

BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")
SERVING = re.compile(r"Serving on http")
DETECTED = re.compile(r"Detected file changes")


class Log:
    """The lines a process writes, read in a thread; `wait_for` blocks until a pattern has matched
    `count` lines, the process ended or `timeout` seconds passed."""

    def __init__(self, proc: subprocess.Popen) -> None:
        self.proc = proc
        self.lines: list[str] = []
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None  # started with stdout=PIPE
        for line in self.proc.stdout:
            with self.changed:
                self.lines.append(line.rstrip())
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def matches(self, pattern: re.Pattern) -> list[re.Match]:
        with self.changed:
            return [m for line in self.lines for m in [pattern.search(line)] if m]

    def wait_for(self, pattern: re.Pattern, count: int, timeout: float) -> re.Match | None:
        """The `count`-th line matching `pattern`, once it is there (None: timeout or the end)."""
        found = self.wait_after(pattern, -1, timeout, count)
        return found[1] if found else None

    def wait_after(self, pattern: re.Pattern, after: int, timeout: float,
                   count: int = 1) -> tuple[int, re.Match] | None:
        """(index, match) of the `count`-th line after line `after` that matches `pattern`."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                found = [(i, m) for i in range(after + 1, len(self.lines)) for m in [pattern.search(self.lines[i])] if m]
                if len(found) >= count:
                    return found[count - 1]
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    return None
                self.changed.wait(min(left, 1.0))

    def mark(self) -> int:
        """The index of the last line read so far."""
        with self.changed:
            return len(self.lines) - 1

    def tail(self, lines: int = 20) -> str:
        with self.changed:
            return "\n".join(self.lines[-lines:])


def serve_rebuild(corpus: bench_corpus.Corpus, edits: int = 2, timeout: float = 600, notice: float = 20,
                  attempts: int = 3) -> dict:
    """Start `mkdocs serve`, edit one page `edits` times; the rebuilds' times (see the docstring).
    `timeout`: for each build; `notice`: how long the watcher may take to see an edit before the
    page is edited again, `attempts` times at most."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = bench_env({"SITE_URL": f"http://127.0.0.1:{port}/"})
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]  # as `make serve`
    proc = subprocess.Popen(cmd, cwd=corpus.project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    log = Log(proc)
    result: dict = {"n": corpus.pages_per_lang, "pages": 2 * corpus.pages_per_lang, "rebuilds": []}
    page = corpus.project / "docs" / "it" / "experiences" / f"{bench_corpus.synth_id(1)}.md"
    try:
        first = log.wait_for(BUILT, 1, timeout)
        if first is None or log.wait_for(SERVING, 1, timeout) is None:  # the watcher runs from then on
            result["error"] = "no first build:\n" + log.tail()
            return result
        result["initial_build_s"] = float(first.group(1))
        for i in range(edits):
            start = time.perf_counter()
            detected = None
            for attempt in range(attempts):
                mark = log.mark()  # what happens from now on follows this edit
                with page.open("a", encoding="utf-8") as fh:
                    fh.write(f"\nUna frase aggiunta ({i + 1}.{attempt + 1}).\n")
                detected = log.wait_after(DETECTED, mark, notice)
                if detected is not None:
                    break
            if detected is None:
                result["error"] = f"the watcher saw none of {attempts} edits ({i + 1}) within {notice} s each:\n" + log.tail()
                break
            built = log.wait_after(BUILT, detected[0], timeout)
            if built is None:
                result["error"] = f"no rebuild within {timeout} s after edit {i + 1}:\n" + log.tail()
                break
            result["rebuilds"].append({"reported_s": float(built[1].group(1)),
                                       "edit_to_log_s": round(time.perf_counter() - start, 3)})
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if result["rebuilds"]:
        result["seconds"] = min(r["reported_s"] for r in result["rebuilds"])
        result["edit_to_log_s"] = min(r["edit_to_log_s"] for r in result["rebuilds"])
    return result
