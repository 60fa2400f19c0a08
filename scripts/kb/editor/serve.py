"""`make edit`: the web editor on the local checkout, without an account and without GitHub.

`python -m kb.editor.serve [--port 8001] [--serve-port 8000] [--backend-port N] [--repo DIR]`

Starts decap-server (editor/node_modules, Decap's local backend) on 127.0.0.1 with MODE=fs, on a
free port of its own: it reads and writes the Markdown files of the checkout directly, and the
pictures in the shared picture folder; it makes no branch and no commit (the partner commits as
usual, or asks someone to). Then it writes the editor's pages for that backend into a temporary
folder and serves them on http://127.0.0.1:8001/admin/ (Italian) and /fr/admin/ (French). Ctrl-C
stops both. Its port is not `make serve`'s (8000): both run together, and the editor's preview
pane shows the page as `make serve` builds it (`--serve-port`). A port already taken is said in
one sentence, in the user's language, before anything starts.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kb.content import ports
from kb.content.paths import ROOT
from kb.content.strings import user_lang
from kb.content.texts import COMMANDS
from kb.editor.admin import EDITOR_NODE, write_admin

SERVER = EDITOR_NODE / "decap-server" / "dist" / "index.js"


def start_backend(repo: Path, port: int, mode: str = "fs", log=None) -> subprocess.Popen:
    """decap-server on 127.0.0.1:`port`, reading and writing the checkout at `repo`."""
    node = shutil.which("node")
    if node is None or not SERVER.is_file():
        raise RuntimeError("decap-server is not installed: run `make edit` (it runs `npm ci` in editor/)")
    env = dict(os.environ, GIT_REPO_DIRECTORY=str(Path(repo).resolve()), PORT=str(port), MODE=mode,
               BIND_HOST="127.0.0.1", LOG_LEVEL="error")
    proc = subprocess.Popen([node, str(SERVER)], env=env, stdout=log or subprocess.DEVNULL,
                            stderr=subprocess.STDOUT if log else subprocess.DEVNULL, start_new_session=True)
    wait_for_port(port, proc)
    return proc


def wait_for_port(port: int, proc: subprocess.Popen | None = None, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"decap-server stopped (exit status {proc.returncode})")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answers on 127.0.0.1:{port}")


def stop(proc: subprocess.Popen) -> None:
    """Stop decap-server and what it started (its own process group)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def backend_url(port: int) -> str:
    return f"http://127.0.0.1:{port}/api/v1"


def write_local_site(dest: Path, backend_port: int, workflow: bool = False, preview_url: str | None = None) -> Path:
    """The editor's pages (and nothing else) for a local backend, in `dest` (`workflow`: saves are
    branches, with decap-server in MODE=git; `preview_url`: the address of `make serve`, whose
    pages the preview pane shows)."""
    write_admin(dest, site_url="", local_backend=backend_url(backend_port), workflow=workflow, preview_url=preview_url)
    (dest / "assets").mkdir(exist_ok=True)  # the page's icon, as on the site
    shutil.copyfile(ROOT / "overrides" / "assets" / "favicon.svg", dest / "assets" / "favicon.svg")
    return dest


class _Quiet(http.server.SimpleHTTPRequestHandler):
    # (noqa: RUF012) the base class declares this mutable class attribute; the override keeps its kind.
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,  # noqa: RUF012
                      ".js": "text/javascript", ".wasm": "application/wasm", ".yml": "text/yaml"}

    def log_message(self, *args):
        pass


def serve_folder(folder: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(_Quiet, directory=str(folder))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make edit", description="The web editor on this checkout.")
    parser.add_argument("--port", default=ports.EDIT_PORT, help=f"the editor's port (default {ports.EDIT_PORT})")
    parser.add_argument("--serve-port", default=ports.SERVE_PORT,
                        help=f"the port of `make serve`, shown in the preview pane (default {ports.SERVE_PORT})")
    parser.add_argument("--backend-port", type=int, default=None, help="decap-server's port (default: a free one)")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the checkout to edit (default: this one)")
    args = parser.parse_args(argv)
    lang = user_lang()
    try:
        port = ports.claim(ports.parse_port(args.port, "make edit", lang), "make edit", lang)
        serve_port = ports.parse_port(args.serve_port, "make serve", lang)
    except ports.PortError as exc:
        print(exc, file=sys.stderr)
        return 1
    backend_port = args.backend_port or ports.free_port()

    def interrupted(signum, frame):  # a stop request ends both servers, like Ctrl-C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    backend = start_backend(args.repo, backend_port)
    tmp = Path(tempfile.mkdtemp(prefix="kb-editor-"))
    try:
        serve_url = f"http://{ports.HOST}:{serve_port}/"
        write_local_site(tmp, backend_port, preview_url=serve_url)
        try:
            httpd = serve_folder(tmp, port)
        except OSError:  # taken between the check and now
            print(COMMANDS.text(lang, "port_busy", port=port, command="make edit", free=ports.free_port(start=port + 1)),
                  file=sys.stderr)
            return 1
        print(COMMANDS.text(lang, "editing", url=f"http://{ports.HOST}:{port}/", serve=serve_url), flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            httpd.server_close()
    finally:
        stop(backend)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
