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
from collections.abc import Callable
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


def clear_caches() -> int:
    """Empty every registered cache; return how many."""
    for clear in _clearers:
        clear()
    return len(_clearers)
