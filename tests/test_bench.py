"""`make bench` works end to end at a tiny size: table, JSON with every column, last line format.

No timing is asserted: the figures depend on the machine (they are for people, see bench.json).
The benchmark waits for events (log lines of `mkdocs serve`, processes ending), never for fixed
times, so a busy machine makes it slower, not wrong.
"""
from __future__ import annotations

import json
import re

import pytest
from conftest import run_kb, tier

SERVE_TIMEOUT = 90  # seconds for one build of `mkdocs serve` at 2x5 pages (a few seconds on a quiet machine)
BENCH_TIMEOUT = 900  # the whole smoke run: builds, Hugo, vanilla Material, Chromium, PDFs, serve


@pytest.fixture(scope="module")
@tier("build")
def bench(tmp_path_factory):
    """`make bench` at 2x5 and 2x10 pages. Every wait inside is bounded (a build of `mkdocs serve`
    by --serve-timeout, the watcher by a third of it), so a busy machine makes it slower, never stuck."""
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    result = run_kb("bench", "--sizes", "5 10", "--runs", "1", "--serve-timeout", str(SERVE_TIMEOUT), "--out", str(out),
                    timeout=BENCH_TIMEOUT)
    assert result.returncode == 0, f"bench failed:\n{result.stdout}\n{result.stderr[-5000:]}"
    return result.stdout, json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.timeout(BENCH_TIMEOUT + 60)  # the first one runs the benchmark (module fixture)
def test_last_line_is_the_ratio_to_hugo(bench):
    stdout, report = bench
    lines = stdout.strip().splitlines()
    assert re.fullmatch(r"ratio_vs_hugo=\d+\.\d\d", lines[-1])
    assert "N=500 not measured" in lines[-2] and "N=10" in lines[-2]
    assert report["ratio_vs_hugo"]["n"] == 10


@pytest.mark.slow
@pytest.mark.timeout(BENCH_TIMEOUT + 60)  # the first one runs the benchmark (module fixture)
def test_table_has_every_column_and_a_row_per_size(bench):
    stdout, _report = bench
    header = next(line for line in stdout.splitlines() if line.split()[:2] == ["N", "pages"])
    for column in ["html_s", "html_cpu_s", "hugo_s", "x_hugo", "x_hugo_pair", "md_floor_s", "mkdocs_s", "index_s", "vanilla_s", "t2N/tN",
                   "peak_MB", "html_KB/pg", "site_MB",
                   "1st_load_KB", "search_it_KB", "search_fr_KB", "check_s", "pdf_s"]:
        assert column in header.split(), column
    rows = [line.split() for line in stdout.splitlines() if re.match(r"\s*(5|10)\s+(10|20)\s", line)]
    assert [row[0] for row in rows] == ["5", "10"]
    assert "serve rebuild after editing one page" in stdout


@pytest.mark.slow
@pytest.mark.timeout(BENCH_TIMEOUT + 60)  # the first one runs the benchmark (module fixture)
def test_json_holds_every_measure(bench):
    _stdout, report = bench
    assert [row["n"] for row in report["summary"]] == [5, 10]
    small, large = report["summary"]
    for row in report["summary"]:
        for key in ["project_s", "project_cpu_s", "hugo_s", "vanilla_s", "ratio", "ratio_paired", "vanilla_ratio", "md_floor_s", "mkdocs_s",
                    "index_s", "peak_mb", "html_kb",
                    "site_mb", "first_load_kb", "search_it_kb", "search_fr_kb", "check_s"]:
            assert row[key] is not None and row[key] > 0, (row["n"], key)
    assert small["scaling"] is None and large["scaling"] > 0  # t(2N)/t(N): 10 against 5
    assert large["pdf_s"] > 0
    serve = report["serve_rebuild"]
    assert serve.get("error") is None and len(serve["rebuilds"]) == 2, serve.get("error")
    assert serve["seconds"] > 0 and serve["initial_build_s"] > 0
    for size in report["sizes"]:
        assert size["project"]["error"] is None and size["hugo"]["error"] is None
        # the first search loads the reader's language only
        assert size["search_languages"] == {"it": ["it"], "fr": ["fr"]}
    assert report["machine"]["load_before"] and report["method"]


def test_corpus_is_deterministic_and_realistic(tmp_path):
    from kb.content import frontmatter
    from kb.tools import bench_corpus

    first = bench_corpus.experience(7, "fr", 10)
    assert first == bench_corpus.experience(7, "fr", 10)
    parsed = frontmatter.parse_text(first)
    assert parsed.meta["id"] == "synth-0007" and parsed.meta["type"] == "experience"
    assert all(s.get("url", "https://").startswith("https://") for s in parsed.meta["sources"])
    assert 1300 <= len(parsed.body.split()) <= 1800
    italian = frontmatter.parse_text(bench_corpus.experience(7, "it", 10)).meta
    for key in ["phases", "territories", "organisations", "target_groups", "themes", "period", "status"]:
        assert italian[key] == parsed.meta[key]  # x-facts are equal in both languages
