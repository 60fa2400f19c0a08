"""Lighthouse scores of the home page and a phase page in both languages (`make audit`).

`python -m kb.tools.audit [--pages PATH ...] [--save DIR]`

Builds the site into a temporary folder, serves it on 127.0.0.1 as a static host would (gzip, short
cache lifetime, like GitHub Pages) and runs Lighthouse (npm, pinned
in package.json) with Debian's Chromium, mobile profile. Prints the four category scores as a table
and, below it, the audits that cost points outside performance. Not part of `make test`: the scores
depend on the machine's load.
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
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from kb.content.paths import ROOT

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-sync"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = ["", "fr/", "method/conoscere/", "fr/method/conoscere/"]


COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".mjs"}


class _StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site as a static host does (GitHub Pages): gzip for text, short caching."""

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kb.tools.audit")
    parser.add_argument("--pages", nargs="*", default=PAGES, help="site-relative paths (default: homes and the first phase)")
    parser.add_argument("--save", type=Path, help="also write each Lighthouse JSON report into this folder")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: run `make audit` (it installs the npm tools)", file=sys.stderr)
        return 2
    if not Path(CHROME).exists():
        print(f"Chromium is missing ({CHROME}): run `make audit`, which installs it", file=sys.stderr)
        return 2

    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    tmp = Path(tempfile.mkdtemp(prefix="kb-audit-"))
    try:
        site = tmp / "site"
        env = dict(os.environ, SITE_URL=base, NO_MKDOCS_2_WARNING="1")
        build = subprocess.run([sys.executable, "-m", "kb", "build", "--site", str(site)], cwd=ROOT, env=env)
        if build.returncode != 0:
            return build.returncode
        handler = functools.partial(_StaticHostHandler, directory=str(site))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        rows, notes = [], []
        try:
            for path in args.pages:
                report = lighthouse(base + path)
                if args.save:
                    args.save.mkdir(parents=True, exist_ok=True)
                    name = (path.strip("/").replace("/", "-") or "home") + ".json"
                    (args.save / name).write_text(json.dumps(report), encoding="utf-8")
                scores = [round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES]
                rows.append(("/" + path, scores))
                notes += [f"/{path}: {line}" for line in lost_points(report)]
        finally:
            httpd.shutdown()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    width = max(len(path) for path, _ in rows)
    header = f"{'page':<{width}}  " + "  ".join(f"{c:>14}" for c in CATEGORIES)
    print(header)
    print("-" * len(header))
    for path, scores in rows:
        print(f"{path:<{width}}  " + "  ".join(f"{s:>14}" for s in scores))
    if notes:
        print("\nPoints lost outside performance:")
        print("\n".join("  " + n for n in notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
