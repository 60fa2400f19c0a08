"""`make audit`: Lighthouse scores of every reader template in both languages, and the offline copies.

`python -m kb.tools.audit [--runs N] [--pages PATH ...] [--save DIR] [--no-offline] [--json FILE]
[--site DIR --port N]`

Builds the site (with the PDF guides) into a temporary folder, serves it on 127.0.0.1 as a static
host would (gzip, short cache lifetime, like GitHub Pages) and runs Lighthouse (npm, pinned in
package.json) with Debian's Chromium, mobile profile (simulated slow 4G: 150 ms, 1.6 Mbit/s; CPU
4x slower), `--runs` times per page (default 3): the table gives the median of each score and of
the main metrics, and the lowest performance score. Pages: one per reader template (home, a phase,
an experience, a facet page, the glossary, the search page), found in the built site, both
languages. Below it, the audits that cost points outside performance.

Then, for each language, its offline copy (scripts/kb/generate/offline.py): the size stated on the
home page, with and without the PDF guide, and the time Chromium takes to save it on the same slow
4G (network emulation applied to the service worker, which does the downloads), with the bytes it
received.

`--site DIR --port N` audits a site built elsewhere (another commit's, for a before/after) with
SITE_URL=http://127.0.0.1:N/, instead of building this checkout.

Not part of `make test`: the scores depend on the machine's load (look at `uptime`).
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from kb.content.paths import LANGS, ROOT, lang_prefix

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-sync"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {"FCP": "first-contentful-paint", "LCP": "largest-contentful-paint", "TBT": "total-blocking-time",
           "CLS": "cumulative-layout-shift"}
TEMPLATES = ["home", "phase", "experience", "facet", "glossary", "search"]
# Lighthouse's mobile profile: "slow 4G" (its simulated throttling), the same for the offline save.
SLOW_4G = {"latency": 150, "downloadThroughput": 1638.4 * 1024 / 8, "uploadThroughput": 750 * 1024 / 8}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".mjs", ".webmanifest"}


class _StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site as a static host does (GitHub Pages): gzip for text, short caching."""

    def __init__(self, *args, **kwargs):
        self.extensions_map = {**self.extensions_map, ".webmanifest": "application/manifest+json",
                               ".js": "text/javascript"}
        super().__init__(*args, **kwargs)

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.suffix in COMPRESSIBLE and path.is_file()) or not self.path.startswith("/"):
            return super().send_head()
        if self.path.split("?", 1)[0].endswith("/") is False and Path(self.translate_path(self.path)).is_dir():
            return super().send_head()  # the redirect to the address with a slash
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _first_child(site: Path, folder: str) -> str | None:
    """The first sub-folder (by name) of `folder` that is a page in every language."""
    base = site / folder
    if not base.is_dir():
        return None
    for child in sorted(p for p in base.iterdir() if (p / "index.html").is_file()):
        rel = f"{folder}/{child.name}/"
        if all((site / lang_prefix(lang) / rel / "index.html").is_file() for lang in LANGS):
            return rel
    return None


def template_pages(site: Path) -> list[tuple[str, str, str]]:
    """(template, language, site-relative path) of the page standing for each reader template."""
    experience = _first_child(site, "experiences")
    facet = _first_child(site, "browse")
    value = _first_child(site, facet.rstrip("/")) if facet else None  # a facet value: its list and filter
    rel: dict[str, str | None] = {"home": "", "phase": "method/conoscere/", "experience": experience,
                                  "facet": value or facet, "glossary": "glossary/", "search": "search/"}
    out = []
    for template in TEMPLATES:
        path = rel[template]
        for lang in LANGS:
            if path is not None and (site / lang_prefix(lang) / path / "index.html").is_file():
                out.append((template, lang, lang_prefix(lang) + path))
    return out


def lighthouse(url: str) -> dict:
    cmd = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    env = dict(os.environ, CHROME_PATH=CHROME)
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0 or not result.stdout.strip():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def lost_points(report: dict) -> list[str]:
    """Audits that lower a score, outside performance (whose opportunities Lighthouse lists)."""
    out = []
    for name in CATEGORIES[1:]:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                out.append(f"{name}: {ref['id']} – {audit.get('title')}")
    return out


def summarize(reports: list[dict]) -> dict:
    """Median scores and metrics of the runs of one page; the lowest performance score."""
    scores = {c: [round(100 * (r["categories"][c]["score"] or 0)) for r in reports] for c in CATEGORIES}
    metrics = {m: statistics.median(r["audits"][a]["numericValue"] for r in reports) for m, a in METRICS.items()}
    return {"scores": {c: statistics.median(v) for c, v in scores.items()}, "min_performance": min(scores["performance"]),
            "runs": scores["performance"], "metrics": metrics}


# --- the offline copies ---------------------------------------------------------------------------------

def _throttle_service_worker(browser, conditions: dict) -> None:
    """Network emulation for the site's service worker (emulation set on a page does not reach the
    worker's own downloads): through the browser's DevTools protocol, attached to the worker."""
    session = browser.new_browser_cdp_session()
    workers = [t for t in session.send("Target.getTargets")["targetInfos"] if t["type"] == "service_worker"]
    for worker in workers:
        attached = session.send("Target.attachToTarget", {"targetId": worker["targetId"], "flatten": False})
        for number, (method, params) in enumerate((("Network.enable", {}),
                                                   ("Network.emulateNetworkConditions", {"offline": False, **conditions}))):
            session.send("Target.sendMessageToTarget", {
                "sessionId": attached["sessionId"], "message": json.dumps({"id": number + 1, "method": method, "params": params})})


def offline_save(base: str, lang: str, pdf: bool, conditions: dict | None = SLOW_4G) -> dict:
    """Seconds from the click on "save" to the saved copy, on `conditions`, in a fresh Chromium
    profile that has opened the language's home page; and the bytes the worker received."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROME, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(service_workers="allow")
            received: list[int] = []

            def finished(request) -> None:
                if request.service_worker:  # the worker's downloads
                    sizes = request.sizes()
                    received.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

            context.on("requestfinished", finished)
            page = context.new_page()
            page.goto(base + lang_prefix(lang))
            control = page.locator("section.kb-offline")
            control.wait_for(state="visible")
            page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
            if conditions:
                _throttle_service_worker(browser, conditions)
            if pdf:
                control.get_by_role("checkbox").check()
            received.clear()
            start = time.monotonic()
            control.locator(".kb-offline__save").click()
            deadline = start + 900
            while page.evaluate("() => document.querySelector('.kb-offline__save').disabled"):
                if time.monotonic() > deadline:
                    raise RuntimeError("the save did not end in 15 minutes")
                page.wait_for_timeout(50)
            seconds = time.monotonic() - start
            status = control.locator(".kb-offline__status").inner_text()
            context.close()
        finally:
            browser.close()
    return {"seconds": round(seconds, 2), "received": sum(received), "status": status}


def offline_table(site: Path, base: str, conditions: dict | None = SLOW_4G) -> list[dict]:
    from kb.generate import offline

    rows = []
    for lang in LANGS:
        listed = site / lang_prefix(lang) / offline.COPY_FILE
        if not listed.exists():  # a site from before the offline copies
            continue
        copy = json.loads(listed.read_text(encoding="utf-8"))
        pdf = copy["pdf"][1] if copy["pdf"] else 0
        row = {"lang": lang, "files": len(copy["files"]), "stated": copy["size"], "pdf": pdf}
        for with_pdf in (False, True) if pdf else (False,):
            measured = offline_save(base, lang, with_pdf, conditions)
            row["with_pdf" if with_pdf else "without_pdf"] = measured
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.tools.audit")
    parser.add_argument("--pages", nargs="*", help="site-relative paths (default: one page per reader template, both languages)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (the table gives medians)")
    parser.add_argument("--save", type=Path, help="also write each Lighthouse JSON report into this folder")
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file")
    parser.add_argument("--no-offline", action="store_true", help="leave out the offline copies")
    parser.add_argument("--site", type=Path, help="audit this built site instead of building (built for --port)")
    parser.add_argument("--port", type=int, help="with --site: the port of its SITE_URL, http://127.0.0.1:PORT/")
    args = parser.parse_args(argv)
    if args.site and not args.port:
        parser.error("--site needs --port (the port of the SITE_URL it was built with)")
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: run `make audit` (it installs the npm tools)", file=sys.stderr)
        return 2
    if not Path(CHROME).exists():
        print(f"Chromium is missing ({CHROME}): run `make audit`, which installs it", file=sys.stderr)
        return 2

    port = args.port or _free_port()
    base = f"http://127.0.0.1:{port}/"
    tmp = Path(tempfile.mkdtemp(prefix="kb-audit-"))
    results: dict = {"pages": [], "offline": []}
    try:
        site = args.site.resolve() if args.site else tmp / "site"
        if not args.site:
            env = dict(os.environ, SITE_URL=base, NO_MKDOCS_2_WARNING="1")
            build = subprocess.run([sys.executable, "-m", "kb", "build", "--pdf", "--site", str(site)], cwd=ROOT, env=env)
            if build.returncode != 0:
                return build.returncode
        handler = functools.partial(_StaticHostHandler, directory=str(site))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        pages = [("-", "-", p) for p in args.pages] if args.pages else template_pages(site)
        notes: list[str] = []
        try:
            for template, lang, path in pages:
                reports = []
                for run in range(args.runs):
                    report = lighthouse(base + path)
                    reports.append(report)
                    if args.save:
                        args.save.mkdir(parents=True, exist_ok=True)
                        name = (path.strip("/").replace("/", "-") or "home") + f".{run + 1}.json"
                        (args.save / name).write_text(json.dumps(report), encoding="utf-8")
                results["pages"].append({"template": template, "lang": lang, "path": "/" + path, **summarize(reports)})
                notes += sorted({f"/{path}: {line}" for report in reports for line in lost_points(report)})
            if not args.no_offline:
                results["offline"] = offline_table(site, base)
        finally:
            httpd.shutdown()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"Lighthouse {args.runs} run(s) a page, mobile (slow 4G, CPU x4): medians; perf min = the lowest run")
    header = f"{'template':<11}{'lang':<5}{'page':<42}{'perf':>5}{'min':>5}{'a11y':>6}{'b-p':>5}{'seo':>5}" \
             f"{'FCP ms':>8}{'LCP ms':>8}{'TBT ms':>8}{'CLS':>7}"
    print(header)
    print("-" * len(header))
    for row in results["pages"]:
        s, m = row["scores"], row["metrics"]
        print(f"{row['template']:<11}{row['lang']:<5}{row['path']:<42}{s['performance']:>5g}{row['min_performance']:>5}"
              f"{s['accessibility']:>6g}{s['best-practices']:>5g}{s['seo']:>5g}"
              f"{m['FCP']:>8.0f}{m['LCP']:>8.0f}{m['TBT']:>8.0f}{m['CLS']:>7.3f}")
    if notes:
        print("\nPoints lost outside performance:")
        print("\n".join("  " + n for n in notes))
    if results["offline"]:
        print("\nOffline copy of each language (stated on its home page: gzip sizes), saved in Chromium on slow 4G")
        print(f"{'lang':<5}{'files':>6}{'stated':>10}{'PDF':>10}{'save s':>9}{'received':>11}{'+PDF s':>9}{'received':>11}")
        for row in results["offline"]:
            without, with_pdf = row["without_pdf"], row.get("with_pdf", {})
            print(f"{row['lang']:<5}{row['files']:>6}{row['stated'] / 1e6:>8.2f}MB{row['pdf'] / 1e6:>8.2f}MB"
                  f"{without['seconds']:>9.1f}{without['received'] / 1e6:>9.2f}MB"
                  f"{with_pdf.get('seconds', 0):>9.1f}{with_pdf.get('received', 0) / 1e6:>9.2f}MB")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
