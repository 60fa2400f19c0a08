"""The ports of the servers a contributor starts on this computer (`make serve`, `make edit`): each
its own default, `PORT=` to choose, and one sentence in the user's language when a port is taken,
before anything is built (scripts/kb/adapter/serve.py, scripts/kb/editor/serve.py)."""
from __future__ import annotations

import contextlib
import errno
import socket

from kb.content.strings import user_lang
from kb.content.texts import COMMANDS

HOST = "127.0.0.1"
SERVE_PORT = 8000  # `make serve`
EDIT_PORT = 8001  # `make edit` (its local backend takes any free port)


class PortError(Exception):
    """The port cannot be used; str() is the sentence for the user."""


def is_free(port: int, host: str = HOST) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def free_port(host: str = HOST, start: int | None = None) -> int:
    """A free port: the first one from `start` up, or any the system gives."""
    if start is not None:
        for port in range(start, min(start + 50, 65536)):
            with contextlib.suppress(OSError):
                if is_free(port, host):
                    return port
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def parse_port(value: str | int, command: str, lang: str | None = None) -> int:
    lang = lang or user_lang()
    try:
        port = int(str(value).strip())
    except ValueError:
        port = -1
    if not 1024 <= port <= 65535:
        raise PortError(COMMANDS.text(lang, "bad_port", port=value, command=command))
    return port


def claim(port: int, command: str, lang: str | None = None) -> int:
    """`port` if nothing listens on it, else PortError with the sentence that says what to do."""
    if not is_free(port):
        lang = lang or user_lang()
        raise PortError(COMMANDS.text(lang, "port_busy", port=port, command=command, free=free_port(start=port + 1)))
    return port
