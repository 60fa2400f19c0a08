"""`make serve` (`python -m kb serve [--port N]`): MkDocs's live preview on 127.0.0.1, port 8000 unless
`PORT=` says otherwise. A port already taken (another `make serve`, or `make edit` given the same
port) gets one sentence in the user's language before anything is built, not a traceback after
the first build.

The preview itself is the plugin's (adapter/plugin.py): drafts shown with their banner, the
checker's errors atop every page, and live reload on every page, the address of a broken page too.
"""
from __future__ import annotations

import argparse
import os
import sys

from kb.content import ports
from kb.content.strings import user_lang
from kb.content.texts import COMMANDS


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="make serve", description="Build the site and preview it, live.")
    parser.add_argument("--port", default=ports.SERVE_PORT,
                        help=f"the port (default {ports.SERVE_PORT}; `make serve PORT=8010`)")
    args = parser.parse_args(argv)
    lang = user_lang()
    try:
        port = ports.claim(ports.parse_port(args.port, "make serve", lang), "make serve", lang)
    except ports.PortError as exc:
        print(exc, file=sys.stderr)
        return 1
    url = f"http://{ports.HOST}:{port}/"
    print(COMMANDS.text(lang, "serving", url=url), flush=True)
    env = dict(os.environ, SITE_URL=url, NO_MKDOCS_2_WARNING="1")
    # MkDocs in this process's place: Ctrl-C and the exit status are its own.
    os.execve(sys.executable, [sys.executable, "-m", "mkdocs", "serve", "-a", f"{ports.HOST}:{port}"], env)
    return 0  # not reached
