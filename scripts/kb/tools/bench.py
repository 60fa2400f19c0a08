"""Benchmark the build at scale against Hugo: `python -m kb bench [--sizes "100 500 1000"]`.

For each N, a synthetic corpus of N experiences per language (bench_corpus.py, in a
temporary folder) is built by:
- the project: `python -m kb build` (what `make html` runs: checks, HTML, search index);
- Hugo: a minimal site over the same Markdown, the reference for a fast static generator;
- vanilla Material + static-i18n: the stack as shipped (every page in the navigation, built-in search).
The project and Hugo alternate, `--runs` times each; a build's time is the minimum of its runs.

Measured besides: peak memory, HTML bytes per content page, size of the site, bytes a reader
downloads on the first load of a phase page and on the first search, `make check` time, the PDF
guides' time, and (at the smallest N, or N=100) the time of `mkdocs serve`'s rebuild after editing
one page. The table goes to stdout, everything to a JSON file; the last line is
`ratio_vs_hugo=X.XX` for N=500 (or for the largest N measured, as the line before says).

No timing is asserted anywhere: the figures are for people. Take them on a quiet machine
(`uptime`); the JSON records the load average before and after.

Modules: this one (the command, one size after the other), bench_corpus.py (the synthetic corpus),
bench_run.py (running and timing the builds), bench_reader.py (bytes a reader downloads),
bench_serve.py (`make serve`'s rebuild), bench_report.py (table and JSON).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from kb.content.paths import ROOT
from kb.tools import bench_corpus
from kb.tools.bench_reader import GZIP_LEVEL, PHASE_PAGE, browser_bytes, first_load, search_languages
from kb.tools.bench_report import format_table, load_average, summary_row, versions
from kb.tools.bench_run import (
    Tool,
    html_per_page,
    hugo_binary,
    markdown_only,
    record,
    site_bytes,
    time_check,
    time_pdf,
    timed_build,
)
from kb.tools.bench_serve import serve_rebuild

DEFAULT_SIZES = (100, 500, 1000)
DEFAULT_OUT = ROOT / "bench-results" / "bench.json"
SERVE_N = 100  # the size at which `mkdocs serve`'s rebuild is timed (or the smallest measured)


def measure_size(n: int, work: Path, runs: int, vanilla_runs: int, base: str, log, pdf: bool = True) -> dict:
    corpus = bench_corpus.write_corpus(work / f"n{n}", n, base)
    log(f"N={n}: corpus of 2x{n} experiences ({corpus.base} base pages) in {corpus.root}")
    tools = {"project": Tool(), "hugo": Tool(), "vanilla": Tool()}
    outs = {name: corpus.root / f"out-{name}" for name in tools}
    for i in range(runs):
        for name in ("project", "hugo"):  # alternate, so that a noisy moment hits both
            record(tools[name], timed_build(name, corpus, outs[name]))
            log(f"  run {i + 1}/{runs} {name}: {tools[name].runs[-1] if tools[name].runs else 'FAILED'} s")
        if i < vanilla_runs:
            record(tools["vanilla"], timed_build("vanilla", corpus, outs["vanilla"]))
            log(f"  run {i + 1}/{runs} vanilla: {tools['vanilla'].runs[-1] if tools['vanilla'].runs else 'FAILED'} s")
    pattern = "experiences/synth-*/index.html"
    for name, tool in tools.items():
        if outs[name].is_dir() and tool.error is None:
            tool.html_kb_per_page = round(html_per_page(outs[name], pattern) / 1000, 1)
            tool.site_mb = round(site_bytes(outs[name]) / 1e6, 2)
    result: dict = {"n": n, "pages": 2 * n, "base_pages": corpus.base,
                    **{name: asdict(tool) for name, tool in tools.items()}}
    project_site = outs["project"]
    if tools["project"].error is None:
        result["first_load"] = first_load(project_site)
        result["browser"] = browser_bytes(project_site)
        result["search_languages"] = search_languages(result["browser"])
        result["check"] = time_check(corpus, runs)
        result["markdown_only_cpu_s"] = markdown_only(corpus)
        if pdf:  # the guides hold the method, not the experiences: timed once, at the largest N
            result["pdf"] = time_pdf(corpus, project_site)
    else:
        log(f"  project build FAILED:\n{tools['project'].error}")
    result["_corpus"] = corpus
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=" ".join(map(str, DEFAULT_SIZES)),
                        help='experiences per language, e.g. "100 500 1000" (each size builds 2xN pages)')
    parser.add_argument("--runs", type=int, default=3, help="runs of the project and Hugo builds (minimum kept)")
    parser.add_argument("--vanilla-runs", type=int, default=1, help="runs of the vanilla Material build (slow)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results (default bench-results/bench.json)")
    parser.add_argument("--base", choices=["auto", "real", "minimal"], default="auto",
                        help="pages besides the synthetic ones: the real docs/ (auto: when complete) or a minimal set")
    parser.add_argument("--no-serve", action="store_true", help="skip the `mkdocs serve` rebuild measurement")
    parser.add_argument("--serve-timeout", type=float, default=600,
                        help="seconds `mkdocs serve` may take for a build before the measurement gives up (default 600)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpora and sites")
    args = parser.parse_args(argv)
    sizes = sorted({int(x) for x in args.sizes.replace(",", " ").split()})
    if not sizes or min(sizes) < 1:
        parser.error("--sizes needs positive integers")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    load_before = load_average()
    log(f"load average before: {load_before} (cores: {os.cpu_count()})")
    work = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    results: list[dict] = []
    serve: dict | None = None
    try:
        for n in sizes:
            result = measure_size(n, work, max(1, args.runs), max(0, args.vanilla_runs), args.base, log,
                                  pdf=n == sizes[-1])
            results.append(result)
            serve_n = SERVE_N if SERVE_N in sizes else sizes[0]
            if n == serve_n and not args.no_serve:
                serve = serve_rebuild(result["_corpus"], timeout=args.serve_timeout,
                                      notice=min(20.0, args.serve_timeout / 3))
                log(f"  serve rebuild: {serve.get('seconds')} s reported, {serve.get('edit_to_log_s')} s edit to log")
            if not args.keep:
                shutil.rmtree(result["_corpus"].root, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    by_n = {r["n"]: r for r in results}
    rows = [summary_row(r, by_n) for r in results]
    for r in results:
        r.pop("_corpus", None)
    ratio_n = 500 if 500 in by_n else sizes[-1]
    ratio = next(row["ratio"] for row in rows if row["n"] == ratio_n)
    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "load_before": load_before,
                    "load_after": load_average()},
        "versions": versions(),
        "method": {
            "time": f"wall clock of each command, minimum (and median) of {args.runs} runs; project and Hugo "
                    "alternate; the ratios use the minimums (x_hugo_med, t2N/tN_med: the medians; "
                    "x_hugo_pair: the median of the ratios of runs made one after the other)",
            "cpu": "html_cpu_s: user + system time of the build's whole process tree, median of the runs",
            "project": "python -m kb build --site DIR (make html: checks, HTML, search index)",
            "hugo": f"{hugo_binary()} --quiet (binary called directly), minimal own layouts",
            "vanilla": "mkdocs build: Material + static-i18n, default nav, built-in search, no hook",
            "peak_mb": "max over runs of the sampled summed RSS of the build's process tree (and ru_maxrss)",
            "html_kb_per_page": "mean size of experiences/synth-*/index.html, both languages",
            "first_load": f"{PHASE_PAGE}: the HTML and every local file it references (CSS url()s too), "
                          f"each gzip -{GZIP_LEVEL} (or as stored if already gzip)",
            "search": "Chromium: files requested by the search page of each language until the results "
                      "of one query are shown, minus those already loaded by the phase page; same sizes",
            "check": "python -m kb check (make check), minimum of the runs",
            "md_floor": "CPU seconds of Python-Markdown alone converting every page once (project's "
                        "extensions, one converter reused), divided by the 2 cores the build uses",
            "pdf": "python -m kb pdf --site DIR (both PDF guides), one run at the largest N",
            "serve": "mkdocs serve (make serve); one page edited; 'Documentation built in X seconds'",
        },
        "sizes": results,
        "summary": rows,
        "serve_rebuild": serve,
        "ratio_vs_hugo": {"n": ratio_n, "value": ratio},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(format_table(rows))
    if serve is not None:
        print(f"serve rebuild after editing one page (2x{serve['n']} pages): "
              f"{serve.get('seconds', 'n/a')} s reported by MkDocs, {serve.get('edit_to_log_s', 'n/a')} s from the edit")
    for lang in ("it", "fr"):
        loaded = (report["sizes"][-1].get("search_languages") or {}).get(lang)
        if loaded is not None:
            print(f"search index languages loaded by the {lang} search page (N={sizes[-1]}): {', '.join(loaded) or 'none'}")
    print(f"results: {args.out}")
    failed = [r["n"] for r in results if r["project"]["error"] or r["hugo"]["error"]]
    if failed:
        print(f"builds FAILED at N={failed}: see {args.out}")
    if ratio_n != 500:
        print(f"N=500 not measured: the ratio is for N={ratio_n}, the largest size measured")
    else:
        print("ratio of the project's build time to Hugo's at N=500 (2x500 pages):")
    print(f"ratio_vs_hugo={ratio:.2f}" if ratio is not None else "ratio_vs_hugo=nan")
    return 1 if failed else 0
