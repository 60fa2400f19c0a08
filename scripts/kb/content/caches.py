"""One registry of the pipeline's caches, emptied together at the start of each rebuild of
`make serve`.

Whatever is read from the project's files once per process and kept (interface strings,
vocabularies, the schema, checker messages and terms, the guide's spec, scaffold texts, the search
pages, the renderer's heading ids…) is kept by a function decorated with `cached` from this module,
never with functools directly (tests/test_caches.py fails on a functools cache anywhere else in
kb): a `make serve` process lives on while data/ is edited, and `clear_caches()` must reach every
such cache, including the ones made inside a function (a catalogue's tables per language) that a
look at the modules' top level would miss. A cache that is not a function registers how to empty
itself with `register`.

Register at import time (module level, or once per object made at import time): the registry
keeps what it is given for the life of the process.
"""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_clearers: list[Callable[[], None]] = []


def register(clear: Callable[[], None]) -> Callable[[], None]:
    """Add a way to empty a cache to the registry; returns it."""
    _clearers.append(clear)
    return clear


def cached(function: F | None = None, *, maxsize: int | None = None):
    """functools.lru_cache(maxsize) (unbounded by default, as functools.cache), registered here:
    `@cached` or `@cached(maxsize=8)`."""

    def wrap(fn: F) -> F:
        kept = functools.lru_cache(maxsize=maxsize)(fn)
        register(kept.cache_clear)
        return kept  # type: ignore[return-value]

    return wrap(function) if function is not None else wrap


def by_content(files: Callable[..., Iterable[Path]], keep: int = 4):
    """Cache a function's list result per arguments and per the bytes of the files `files(*args)`
    names: an edit of any of them, or a file added or removed, computes it again. For what is read
    and checked from many files that a long process (`make serve`, the editor, a test session) may
    see edited: hashing their bytes costs a fraction of parsing them, and timestamps are too coarse
    to tell two quick edits apart. Keeps the `keep` latest results; registered here; each call gets
    its own copy of the list."""

    def wrap(fn: Callable[..., list]) -> Callable[..., list]:
        memo: dict[tuple, list] = {}
        register(memo.clear)

        @functools.wraps(fn)
        def kept(*args):
            digest = hashlib.blake2b(digest_size=16)
            for path in sorted(files(*args)):
                digest.update(str(path).encode() + b"\0")
                try:
                    digest.update(path.read_bytes())
                except OSError as exc:  # unreadable: the function reports it; a change of reason recomputes
                    digest.update(f"\1{type(exc).__name__}".encode())
                digest.update(b"\0")
            key = (args, digest.digest())
            if key not in memo:
                while len(memo) >= keep:
                    memo.pop(next(iter(memo)))
                memo[key] = fn(*args)
            return list(memo[key])

        return kept

    return wrap


def clear_caches() -> int:
    """Empty every registered cache; return how many."""
    for clear in _clearers:
        clear()
    return len(_clearers)
